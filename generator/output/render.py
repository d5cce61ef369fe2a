"""Render: `Briefing` -> Markdown file and JSON twin (what `generate` writes to briefings/).

The Markdown file is for people: plain Markdown, no HTML, readable in an editor or on
GitHub, made from templates/briefing.md and its sections. The site reads the JSON twin.
Everything in a briefing came from an article or an LLM, so every value is escaped on
its way into Markdown (the template environment's `finalize`, `text`): raw HTML,
Markdown links and images, and `{{ }}`/`{% %}` all stay plain text.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..model import Briefing
from .escape import _UNPRINTABLE, attr, clean, text


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


@lru_cache(maxsize=1 << 16)  # the site asks for each actor's name tens of thousands of times
def actor_slug(name: str) -> str:
    """An actor's page name: the same for every spelling that differs only in case,
    accents, punctuation or a leading "the" ("The Pentagon", "Pentagon")."""
    ascii_name = unicodedata.normalize("NFKD", clean(name)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    slug = re.sub(r"^the-", "", slug)[:60].strip("-")
    return slug or "actor-" + hashlib.sha256(clean(name).encode()).hexdigest()[:8]


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


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word."""
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " ..."


def _source_name(b: Briefing) -> str:
    return b.source.publisher or urlsplit(b.source.url).netloc or ""
