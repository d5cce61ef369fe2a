"""A fetched web page -> title, author, date, site name and main text, with
trafilatura (as `generate`'s HTML reader does for saved pages)."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import one_line


@dataclass(frozen=True)
class Page:
    title: str
    author: str
    date: str
    site: str
    blocks: tuple[str, ...]


def extract_page(body: bytes, url: str) -> Page | None:
    """The page's main text and metadata; None when it holds no article text."""
    import trafilatura  # slow to import; only runs that fetch pages pay for it

    try:
        doc = trafilatura.bare_extraction(
            body, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True,
        )
    except Exception:  # noqa: BLE001 - a parser crash on hostile markup is "no text", not a stop
        return None
    if doc is None or not getattr(doc, "text", None):
        return None

    def field(name: str) -> str:
        return one_line(getattr(doc, name, None) or "")

    title = field("title")[:300]
    blocks = [one_line(line) for line in doc.text.splitlines()]  # trafilatura: one paragraph a line
    blocks = [b for b in blocks if b]
    if blocks and title and blocks[0] == title:  # the page's own headline, not a paragraph
        blocks.pop(0)
    return Page(title=title, author=field("author")[:200], date=field("date")[:40],
                site=field("sitename")[:200], blocks=tuple(blocks))
