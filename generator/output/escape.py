"""Escapes for every outside value (articles, file names, feeds, LLM output) on its way
into Markdown, HTML or front matter. Both the Markdown writer (`render`) and the view
of a briefing (`view`) use them, so they live apart from both.
"""

from __future__ import annotations

import html
import re
from typing import get_args
from urllib.parse import quote, urlsplit

from ..model import ClaimKind

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


CLAIM_KINDS = frozenset(get_args(ClaimKind))
"""The kinds a claim may have; only these reach a class attribute."""
