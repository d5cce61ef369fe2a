"""The Jinja environment the site's page bodies are rendered with, and the links between pages.

Autoescape, with every value first made one line of printable text (`escape.clean`) and
`{ } |` written as entities as well: outside text can open no tag, attribute or template,
and templates never call an escape function by hand.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.output.escape import h, safe_url
from generator.output.render import actor_slug

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    escaped = h(value)  # trims: a piece of text cut around a <mark> keeps its outer spaces
    if not escaped:
        return Markup(" " if value[:1].isspace() else "")
    if escaped and value[:1].isspace():
        escaped = " " + escaped
    if escaped and value[-1:].isspace():
        escaped += " "
    return Markup(escaped)


def _iso_day(value: str) -> str:
    """The day of an ISO date ("" for anything else): only such a value goes into an attribute."""
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return ""


def environment(extra_dirs: list[Path] = ()) -> jinja2.Environment:
    """Templates from `extra_dirs` first (a site's own overrides), then the package's."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, extra_dirs), str(TEMPLATES)]),
        autoescape=True, finalize=_finalize, auto_reload=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.filters["iso_day"] = _iso_day
    env.filters["safe_url"] = lambda url: safe_url(str(url)) or "" if url else ""  # only http(s) becomes a link
    return env


def sections(env: jinja2.Environment) -> list[str]:
    """The briefing page's sections, in the order of their file names."""
    return sorted(name for name in env.list_templates() if name.startswith("sections/") and name.endswith(".html"))


class Links:
    """Relative links between the site's pages, as MkDocs writes them (`get_relative_url`),
    with each URL split once per build: the generated pages make hundreds of thousands of
    links at thousands of briefings."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        """Source path of each page the site links to -> its URL."""
        self.here: tuple[str, ...] = ()
        self._from: dict[str, tuple[str, ...]] = {}
        self._to: dict[str, tuple[str, ...]] = {}
        self.actor_keys: dict[str, str] = {}
        """Any actor name's slug -> the source path of its page (only actors that have one)."""

    def at(self, url: str) -> Links:
        """These links as seen from the page at `url`."""
        base = self._from.get(url)
        if base is None:
            folder, _, name = url.rpartition("/")
            base = self._from[url] = _parts(folder if "." in name else url)
        self.here = base
        return self

    def page(self, uri: str) -> str:
        url = self.urls.get(uri)
        if url is None:
            return ""
        to = self._to.get(url)
        if to is None:
            to = self._to[url] = _parts(url)
        common = 0
        for a, b in zip(self.here, to):
            if a != b:
                break
            common += 1
        rel = "/".join((("..",) * (len(self.here) - common)) + to[common:]) or "."
        return rel + "/" if url.endswith("/") else rel

    def briefing(self, slug: str) -> str:
        return self.page(f"briefings/{slug}.md")

    def story(self, story: str) -> str:
        return self.page(f"stories/{story}.md")

    def actor_page(self, name: str) -> str:
        """The source path of the actor's page ("" when it has none)."""
        return self.actor_keys.get(actor_slug(name), "")

    def actor(self, name: str) -> str:
        uri = self.actor_page(name)
        return self.page(uri) if uri else ""


def _parts(url: str) -> tuple[str, ...]:
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return tuple(path.split("/")) if path else ()
