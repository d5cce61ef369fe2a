"""Render: `Briefing` -> Markdown file and JSON twin (what `generate` writes to briefings/).

The Markdown file is for people: plain Markdown, no HTML, readable in an editor or on
GitHub, made from templates/briefing.md and its sections. The site reads the JSON twin.
Everything in a briefing came from an article or an LLM, so every value is escaped on
its way into Markdown (the template environment's `finalize`, `text`): raw HTML,
Markdown links and images, and `{{ }}`/`{% %}` all stay plain text.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..model import Briefing, ClaimKind

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!~>])")
_UNPRINTABLE = {
    code: None
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0),
                 *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF))]
    if not chr(code).isspace()
}
"""Controls (C0, DEL, C1), lone surrogates and noncharacters: YAML refuses them, so one
in a title made MkDocs drop the whole front matter, and none of them is text a reader
should see. Whitespace controls (newline, tab, NEL, ...) become one space instead."""


def clean(value: object) -> str:
    """Any outside value -> one line of printable text: the first step of every escape."""
    value = str(value)
    if not value.isprintable():  # printable text holds none of _UNPRINTABLE: skip the table
        value = value.translate(_UNPRINTABLE)
    return " ".join(value.split())


def text(value: str) -> str:
    """Untrusted text -> inline Markdown that renders as exactly that text."""
    # & < > first, so no raw HTML survives (html.escape(quote=False), as plain replaces)
    escaped = clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # { } | as entities (no template, no table cell), last: their "#" must not be escaped as Markdown
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;")


def attr(value: str) -> str:
    """Untrusted text for front matter: no markup, and safe in unescaped templates."""
    return html.escape(clean(value), quote=True)


def safe_url(url: str) -> str | None:
    """Only http(s) URLs become links; anything else is shown as text."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%-._~")


def to_json(briefing: Briefing) -> str:
    """The JSON twin, with the same unprintable characters dropped as on the page (a NUL or a
    lone surrogate would otherwise reach every page the site builds from the JSON)."""
    return json.dumps(_printable(briefing.to_dict()), ensure_ascii=False, indent=2) + "\n"


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_UNPRINTABLE)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def h(value: object) -> str:
    """Untrusted text -> HTML text or attribute value (for the raw-HTML blocks the
    page is built from): nothing in it can open a tag, an attribute or a template."""
    # html.escape(quote=True), then { } | as entities, as chained str.replace: `h` runs about half a
    # million times in a 5,000-briefing site build, and replaces that find nothing cost
    # next to nothing (a per-character loop was seconds; a translate table is 8x slower).
    # "&" first: the entities written after it must stay as they are.
    return (clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;")
            .replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;"))


@lru_cache(maxsize=1 << 16)  # the site asks for each actor's name tens of thousands of times
def actor_slug(name: str) -> str:
    """An actor's page name: the same for every spelling that differs only in case,
    accents, punctuation or a leading "the" ("The Pentagon", "Pentagon")."""
    ascii_name = unicodedata.normalize("NFKD", clean(name)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    slug = re.sub(r"^the-", "", slug)[:60].strip("-")
    return slug or "actor-" + hashlib.sha256(clean(name).encode()).hexdigest()[:8]


CLAIM_KINDS = frozenset(get_args(ClaimKind))
"""The kinds a claim may have; only these reach a class attribute."""
TEMPLATES = Path(__file__).parent / "templates"


def _markdown_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):  # checked already (a safe_url): as it is
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return text(str(value))


@lru_cache(maxsize=1)
def _markdown_env():  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                              finalize=_markdown_value, keep_trailing_newline=True)


def to_markdown(briefing: Briefing, slug: str) -> str:
    """The briefing as a plain Markdown document (front matter: title, date, source)."""
    from .view import BriefingView

    env = _markdown_env()
    sections = sorted(n for n in env.list_templates() if n.startswith("sections/") and n.endswith(".md"))
    front = {key: Markup(json.dumps(attr(value), ensure_ascii=False)) for key, value in
             (("title", briefing.title), ("date", briefing.source.date), ("source", _source_name(briefing)))}
    page = env.get_template("briefing.md").render(v=BriefingView(briefing, slug), sections=sections, front=front)
    return re.sub(r"\n{3,}", "\n\n", page).rstrip("\n") + "\n"


def day(date: str) -> dt.date | None:
    """The publication day of a date as articles and feeds write it (ISO 8601 or RFC 2822),
    or None: the site's order, archive months, feed dates and search order all read it so."""
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(date).date()
    except (TypeError, ValueError, IndexError):
        return None


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word."""
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " ..."


def _source_name(b: Briefing) -> str:
    return b.source.publisher or urlsplit(b.source.url).netloc or ""
