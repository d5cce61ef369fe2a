"""Web pages: the main text extracted with trafilatura; navigation, cookie
banners and comments dropped; title, date, URL and site name from metadata."""

from __future__ import annotations

from pathlib import Path

from ..model import Article
from .base import ReadError, load, make_article, paragraphs


class HTMLReader:
    extensions: tuple[str, ...] = (".html", ".htm")

    def read(self, path: Path, root: Path) -> list[Article]:
        data, text = load(path)
        meta, blocks = _from_html(text)
        return [make_article(path, root, data, meta, blocks)]


def _from_html(html: str) -> tuple[dict[str, str], list[str]]:
    """Main text of a web page; navigation, banners and comments dropped."""
    import trafilatura  # slow to import; only HTML inputs pay for it

    meta: dict[str, str] = {}
    document = trafilatura.extract_metadata(html)
    if document is not None:
        for key in ("title", "url", "date"):
            value = getattr(document, key, None)
            if value:
                meta[key] = str(value)
        if getattr(document, "sitename", None):
            meta["source"] = str(document.sitename)
    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if not extracted:
        raise ReadError(
            "no article text: the page holds only navigation, banners or other boilerplate"
        )
    return meta, paragraphs(extracted)



