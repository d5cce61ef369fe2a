"""The few Markdown forms the site's generated pages are left with, rendered without Python-Markdown.

Once the site hook has taken a briefing's (or an actor page's) raw-HTML blocks out
(`site_hooks._stash`), what remains is ATX headings, the blocks' placeholders and a
sentence or two of plain text ("None identified."). Python-Markdown still cost about
3 ms a page on that (a new parser per page, the inline patterns, the toc extension,
serialising): a third of a 5,000-briefing build. `render` makes the same HTML, table of
contents and title that Python-Markdown with the site's `toc` settings makes, for text
made only of those forms, and returns None for anything else, so the page goes through
Python-Markdown as before. It is a fast path, never a second dialect: tests render the
same pages both ways and compare.
"""

from __future__ import annotations

import html
import re
from typing import Any, NamedTuple

from markdown.extensions.toc import nest_toc_tokens, slugify, unique

HANDLED_EXTENSIONS = frozenset({"toc", "tables", "admonition", "fenced_code", "attr_list"})
"""Extensions that change nothing in one-line paragraphs and headings of plain text
(a table needs a `|` line and a separator line, an admonition a `!!!` line, a fence
a line of backticks or tildes, an attribute list braces); MkDocs adds `toc` and
`fenced_code` to any site, Material `attr_list`."""

_BLOCK_GAP = re.compile(r"\n(?:[ \t]*\n)+")
_HEADING = re.compile(r"(#{1,6}) +(\S.*)")
_INLINE = re.compile(
    r"(?P<entity>&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"
    r"|\\(?P<escaped>[\\`*_{}\[\]()>#+\-.!])"
    r"|(?P<plain>[^\\`*_\[\]<>&!|{}\n]+)"
)
"""What the text may hold: entities (kept as written, as Python-Markdown keeps them),
backslash escapes of Markdown's escapable characters, and text with nothing that starts
an inline form (code, emphasis, links, images, raw HTML, a bare `&`, a table cell,
an attribute list)."""
_TRAILING_SPACE = re.compile(r"\S[ \t]+$", re.MULTILINE)
_NOT_A_PARAGRAPH = re.compile(r"[#>*+=\-\s:~]|\d+[.)](?:\s|$)")
"""A line starting so could be a heading, quote, list, rule or code: left to Python-Markdown."""


def options(config: Any) -> dict | None:
    """`render`'s options for the site's Markdown settings, or None when they are not ones
    this renders like: the `toc` extension with default ids (and permalinks or not), and no
    extension that could change plain text."""
    names = {str(e).rsplit(".", 1)[-1] for e in config["markdown_extensions"]}
    toc = (config["mdx_configs"] or {}).get("toc", {})
    if names <= HANDLED_EXTENSIONS and set(toc) <= {"permalink"} and toc.get("permalink") in (True, None, False):
        return {"permalink": bool(toc.get("permalink"))}
    return None


class Rendered(NamedTuple):
    html: str
    toc: list[dict]
    """Tokens as Python-Markdown nests them (`md.toc_tokens`)."""
    title: str | None
    """The text of a leading `#` heading, as MkDocs takes a page's title from it."""
    ids: set[str]
    """Every heading's id (MkDocs' `present_anchor_ids`)."""


def _inline(value: str) -> str | None:
    """Inline text -> its HTML, or None when it holds anything but plain text."""
    out, at = [], 0
    for match in _INLINE.finditer(value):
        if match.start() != at:
            return None
        at = match.end()
        if match.group("escaped") is not None:
            out.append(html.escape(match.group("escaped"), quote=False))
        elif match.group("plain") is not None:
            out.append(match.group("plain"))
        else:
            out.append(match.group("entity"))
    return "".join(out) if at == len(value) else None


def render(markdown: str, permalink: bool = True) -> Rendered | None:
    """Markdown -> its HTML, table of contents, title and heading ids, or None when the
    text holds any other Markdown form."""
    parts: list[str] = []
    tokens: list[dict] = []
    ids: set[str] = set()
    title = None
    text = markdown.strip()
    if not text or _TRAILING_SPACE.search(markdown):
        return None
    for number, block in enumerate(_BLOCK_GAP.split(text)):
        if "\n" in block or block != block.strip():
            return None
        heading = _HEADING.fullmatch(block)
        if heading is not None:
            inner = heading.group(2).rstrip()
            if inner.endswith("#"):  # closing hashes: left to Python-Markdown
                return None
            inner = _inline(inner)
            if inner is None:
                return None
            level = len(heading.group(1))
            name = " ".join(inner.split())
            anchor = unique(slugify(html.unescape(name), "-"), ids)
            link = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>' if permalink else ""
            parts.append(f'<h{level} id="{anchor}">{inner}{link}</h{level}>')
            tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
            if number == 0 and level == 1:
                title = name
            continue
        if _NOT_A_PARAGRAPH.match(block):
            return None
        inner = _inline(block)
        if inner is None:
            return None
        parts.append(f"<p>{inner}</p>")
    return Rendered("\n".join(parts), nest_toc_tokens(tokens), title, ids)
