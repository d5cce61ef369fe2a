"""Ingest: files in `seeds/` -> `Article`.

Everything here treats input as hostile: a bad file raises `IngestError`
with a one-line reason, and the pipeline moves on to the next file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
import frontmatter
import markdown
import pysbd

from .model import Article

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_FILE_BYTES = 5 * 1024 * 1024
"""Files above this are refused before being read, so memory stays bounded."""
MAX_TEXT_CHARS = 300_000
"""About 50,000 words: far beyond any news article; longer text is refused."""
MIN_WORDS = 25
"""Fewer words than this is not an article (a cookie banner, a nav menu)."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "a program",
}


class IngestError(Exception):
    """A file that cannot become an article; the message is shown to the user."""


def discover(input_dir: Path) -> list[Path]:
    """Article files below `input_dir`, in a stable order; hidden files skipped."""
    found = []
    for path in sorted(input_dir.rglob("*")):
        rel = path.relative_to(input_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    return found


def file_sha256(path: Path) -> str:
    """Hash without holding the file in memory (files over the size limit included)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_article(path: Path, root: Path) -> Article:
    """Read one file into an `Article`, or raise `IngestError` saying why not."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(
            f"file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB limit; "
            "split it into separate articles"
        )
    data = path.read_bytes()
    text = decode(data)
    meta: dict[str, str] = {}
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        meta, paragraphs = _from_html(text)
    else:
        meta, body = _split_front_matter(text)
        if suffix == ".txt":
            paragraphs = _paragraphs(body)
            if not meta.get("title") and paragraphs and _looks_like_title(paragraphs[0]):
                meta["title"] = paragraphs.pop(0)
        else:
            paragraphs, heading = _from_markdown(body)
            meta.setdefault("title", heading)

    body_text = "\n\n".join(paragraphs)
    if len(body_text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"article text is {len(body_text):,} characters, over the {MAX_TEXT_CHARS:,} limit; "
            "split it into separate articles"
        )
    if not body_text.strip():
        raise IngestError("no article text (the file is empty or holds only markup/whitespace)")
    if len(body_text.split()) < MIN_WORDS:
        raise IngestError(
            f"no article text: only {len(body_text.split())} words found "
            f"(at least {MIN_WORDS} are needed)"
        )
    sentences = tuple(s for p in paragraphs for s in split_sentences(p))
    title = meta.get("title") or _title_from_filename(path)
    return Article(
        path=path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name,
        title=_one_line(title)[:300],
        text=body_text,
        sentences=sentences,
        sha256=hashlib.sha256(data).hexdigest(),
        source=_one_line(meta.get("source", "")),
        url=_one_line(meta.get("url", "")),
        date=_one_line(meta.get("date", "")),
    )


def decode(data: bytes) -> str:
    """Bytes -> text: BOMs first, then UTF-8, then a detected legacy encoding."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise IngestError(f"this is {kind}, not text; remove it from the input folder")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding))
            except UnicodeDecodeError:
                raise IngestError(f"file starts with a {encoding} marker but is not valid {encoding}") from None
    if b"\x00" in data[:8192]:
        raise IngestError("binary file (contains NUL bytes), not text; remove it from the input folder")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError("could not detect the text encoding; save the file as UTF-8")
    return _check_text(str(best))


def _check_text(text: str) -> str:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and control / len(sample) > 0.01:
        raise IngestError("binary file (too many control characters), not text")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text
    try:
        post = frontmatter.loads(text)
    except Exception as exc:  # yaml raises many types; all mean the same to a user
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IngestError(
            f"front matter is not valid YAML ({detail}); fix it or remove the --- block"
        ) from None
    meta = {k: _scalar(v) for k, v in post.metadata.items() if isinstance(k, str)}
    return meta, post.content


def _scalar(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) else value.isoformat()
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


def _from_markdown(body: str) -> tuple[list[str], str]:
    """Markdown -> plain paragraphs (headings dropped, the first one kept as a title)."""
    html = markdown.markdown(body)
    blocks = _TextBlocks.parse(html)
    heading = next((text for tag, text in blocks if tag == "h1"), "")
    return [text for tag, text in blocks if not tag.startswith("h") or tag == "hr"], heading


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
        raise IngestError(
            "no article text: the page holds only navigation, banners or other boilerplate"
        )
    return meta, _paragraphs(extracted)


class _TextBlocks(HTMLParser):
    """Collects the text of block elements from HTML that we generated ourselves."""

    BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "th", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._buffer: list[str] = []

    @classmethod
    def parse(cls, html: str) -> list[tuple[str, str]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser._flush()
        return [(tag, text) for tag, text in parser.blocks if text]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._stack.append(tag)
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
            if self._stack:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def _flush(self) -> None:
        text = _one_line("".join(self._buffer))
        self._buffer = []
        if text:
            self.blocks.append((self._stack[-1] if self._stack else "p", text))


def _paragraphs(text: str) -> list[str]:
    return [p for p in (_one_line(block) for block in re.split(r"\n\s*\n", text)) if p]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _looks_like_title(line: str) -> bool:
    return len(line) <= 150 and not line.rstrip().endswith((".", "!", "?", ":", ";", ",", '"'))


def _title_from_filename(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or "Untitled article"


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Sentences of one paragraph, each an exact substring of it."""
    pieces = [s.strip() for s in _segmenter(language).segment(paragraph)]
    return [s for s in pieces if s and s in paragraph]
