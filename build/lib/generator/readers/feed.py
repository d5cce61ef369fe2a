"""Feeds: RSS 0.9x/1.0/2.0 and Atom saved as `.xml`, `.rss` or `.atom` files, one
article per entry. `fetch` uses `parse_feed` too, for feeds it downloads.

feedparser reads the XML formats: it copes with the malformed feeds found in
the wild and sanitises entry HTML. Its current release (6.0.x) does not read
JSON Feed, so JSON Feed (a small, fixed JSON schema) is read here with `json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..model import Article
from ..text import one_line
from ..urls import normalise_url
from .base import Articles, ReadError, load, make_article, paragraphs

TEASER_WORDS = 150
"""A summary-only entry shorter than this is taken for a teaser, not the story
(RSS `description` is "the item synopsis"; some feeds put the whole text there)."""
MAX_ENTRIES = 2000
"""Entries read from one feed; a feed is a list of recent items, not an archive."""


@dataclass(frozen=True)
class FeedEntry:
    key: str
    """Stable identity: the entry's id, else its normalised link, else a hash of its text."""
    title: str
    link: str
    date: str
    author: str
    content: tuple[str, ...]
    """Paragraphs of the entry's full content; empty when the feed gives none."""
    summary: tuple[str, ...]
    """Paragraphs of the entry's summary (often a teaser)."""

    @property
    def item(self) -> str:
        """A short id for `path#item`: stable, and safe in any file name or URL."""
        return hashlib.sha256(self.key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    entries: list[FeedEntry]


def words(blocks: tuple[str, ...] | list[str]) -> int:
    return sum(len(b.split()) for b in blocks)


class FeedReader:
    extensions: tuple[str, ...] = (".xml", ".rss", ".atom")

    def read(self, path: Path, root: Path) -> list[Article]:
        data, _ = load(path)
        feed = parse_feed(data)
        return articles_from(path, root, ((e.item, e, _entry_meta(feed, e)) for e in feed.entries))


def articles_from(path: Path, root: Path, items) -> Articles:  # type: ignore[no-untyped-def]
    """(item id, entry, meta) -> articles, one per item; the same story twice (same
    normalised URL, or the same text) gives one article; an item that cannot be an
    article is a problem of that item only."""
    out = Articles()
    seen_ids: set[str] = set()
    seen_urls: set[str] = set()
    seen_texts: set[str] = set()
    for item, entry, meta in items:
        blocks = list(entry.content or entry.summary)
        url_key = normalise_url(meta.get("url", ""))
        text_key = hashlib.sha256(" ".join(" ".join(blocks).split()).lower().encode()).hexdigest()
        if item in seen_ids or (url_key and url_key in seen_urls) or (blocks and text_key in seen_texts):
            continue  # a duplicate: its first copy has the briefing
        seen_ids.add(item)
        seen_urls.add(url_key)
        seen_texts.add(text_key)
        body = json.dumps({"item": item, "meta": meta, "text": blocks}, sort_keys=True).encode()
        try:
            out.append(make_article(path, root, body, meta, blocks, item=item))
        except ReadError as exc:
            out.problems.append((item, str(exc)))
    if not out and not out.problems:
        raise ReadError("the file holds no entries")
    return out


def _entry_meta(feed: ParsedFeed, entry: FeedEntry) -> dict[str, str]:
    teaser = not entry.content and words(entry.summary) < TEASER_WORDS
    return {"title": entry.title, "source": feed.title, "url": entry.link, "date": entry.date,
            "teaser": "true" if teaser else ""}


def parse_feed(data: bytes, content_type: str = "") -> ParsedFeed:
    """Any feed format -> entries, or `ReadError` saying why this is not a feed."""
    if "json" in content_type.lower() or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _json_feed(data)
    import feedparser  # only runs that read feeds pay for the import

    # A file object, never bytes or str: feedparser would take a string for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": content_type or "application/xml"})
    if not parsed.get("version") and not parsed.entries:
        detail = parsed.get("bozo_exception")
        raise ReadError("not an RSS or Atom feed" + (f" ({one_line(detail)[:120]})" if detail else ""))
    feed = parsed.get("feed", {})
    entries = []
    for e in parsed.entries[:MAX_ENTRIES]:
        contents = [c for c in e.get("content", []) if isinstance(c, dict) and c.get("value")]
        content = max(contents, key=lambda c: len(c["value"]), default=None)
        link = _text(e.get("link", ""))
        entries.append(make_entry(
            ident=_text(e.get("id", "")), title=_text(e.get("title", "")), link=link,
            date=_date(e.get("published_parsed") or e.get("updated_parsed"),
                       e.get("published") or e.get("updated") or ""),
            author=_text(e.get("author", "")),
            content=_blocks(content["value"], content.get("type", "")) if content else (),
            summary=_blocks(e.get("summary", ""), (e.get("summary_detail") or {}).get("type", "text/html")),
        ))
    return ParsedFeed(_text(feed.get("title", "")), _text(feed.get("link", "")), entries)


def _json_feed(data: bytes) -> ParsedFeed:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReadError(f"not a JSON Feed: invalid JSON ({one_line(exc)[:120]})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ReadError("not a JSON Feed: no \"version\": \"https://jsonfeed.org/version/1.1\"")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ReadError("not a JSON Feed: \"items\" is not a list")
    entries = []
    for it in items[:MAX_ENTRIES]:
        if not isinstance(it, dict):
            continue
        authors = it.get("authors") if isinstance(it.get("authors"), list) else [it.get("author")]
        author = ", ".join(_text(a.get("name", "")) for a in authors if isinstance(a, dict) and a.get("name"))
        if it.get("content_html"):
            content = _blocks(_text_raw(it["content_html"]), "text/html")
        else:
            content = _blocks(_text_raw(it.get("content_text", "")), "text/plain")
        raw_date = _text(it.get("date_published") or it.get("date_modified") or "")
        entries.append(make_entry(
            ident=_text(it.get("id", "")), title=_text(it.get("title", "")),
            link=_text(it.get("url") or it.get("external_url") or ""),
            date=_iso_date(raw_date), author=author, content=content,
            summary=_blocks(_text_raw(it.get("summary", "")), "text/plain"),
        ))
    return ParsedFeed(_text(doc.get("title", "")), _text(doc.get("home_page_url", "")), entries)


def make_entry(*, ident: str, title: str, link: str, date: str, author: str,
           content: tuple[str, ...], summary: tuple[str, ...]) -> FeedEntry:
    key = ident or normalise_url(link) or hashlib.sha256(
        (title + "\n" + "\n".join(content or summary)).encode()).hexdigest()
    return FeedEntry(key=key, title=title[:300], link=link, date=date, author=author[:200],
                     content=content, summary=summary)


def _text(value: object) -> str:
    return one_line(value) if isinstance(value, (str, int, float)) else ""


def _text_raw(value: object) -> str:
    return value if isinstance(value, str) else ""


def _blocks(value: str, kind: str) -> tuple[str, ...]:
    if not value or not value.strip():
        return ()
    if "html" in kind or "xml" in kind:
        return tuple(html_blocks(value))
    return tuple(paragraphs(value))


def _date(parsed: object, raw: str) -> str:
    """feedparser's parsed UTC time -> `YYYY-MM-DD`; the feed's own text otherwise."""
    try:
        return dt.date(*parsed[:3]).isoformat()  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return one_line(raw)[:40]


def _iso_date(raw: str) -> str:
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return raw[:40]


def html_blocks(html: str) -> list[str]:
    """Entry HTML -> its paragraphs as plain text (scripts, styles and forms dropped)."""
    parser = _Blocks()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser's rare complaints on broken markup
        pass
    parser.flush()
    return parser.blocks


class _Blocks(HTMLParser):
    BLOCK = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "th",
             "dd", "dt", "section", "article", "header", "footer", "figcaption", "tr", "ul", "ol",
             "table", "figure", "aside", "main", "hr"}
    SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "form", "button", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buffer: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCK:
            self.flush()
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._buffer.append(data)

    def flush(self) -> None:
        text = one_line("".join(self._buffer))
        self._buffer = []
        if text:
            self.blocks.append(text)
