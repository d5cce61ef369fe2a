"""What every reader shares: the `Reader` protocol, size limits, decoding, front
matter, and the checks that turn extracted text into an `Article`.

Everything here treats input as hostile: a bad file raises `ReadError`
with a one-line reason, and the pipeline moves on to the next file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Protocol

import charset_normalizer
import frontmatter

from ..model import Article
from ..text import one_line
from .boilerplate import clean_boilerplate

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Files above this are refused before being read, so memory stays bounded."""
MAX_TEXT_CHARS = 300_000
"""About 50,000 words: far beyond any news article; longer text is refused."""
MAX_ANALYSED_CHARS = 50_000
"""About 8,000 words, more than nearly every news article: the language analysis
costs about 1 s per 12,000 characters of prose, so text past this is cut (at a
sentence end), and the briefing and run report say so. Keeps any one article to
a few seconds, whatever it holds."""
MAX_ANALYSED_TOKENS = 12_000
"""The parser's cost is per token, not per character: 50,000 characters of one-letter
words or punctuation are three to five times the tokens of prose. Words plus
punctuation marks (about what spaCy counts) past this are cut the same way; prose
reaches MAX_ANALYSED_CHARS first."""
MAX_ANALYSED_PARAGRAPHS = 500
"""Each paragraph is parsed as a text of its own, at a fixed cost of a few
milliseconds: 8,333 one-line paragraphs (50,000 characters) took 83 s to analyse
and 2,000 took 28 s on a loaded 2-core machine. News articles have fewer than a
hundred."""
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


class ReadError(Exception):
    """A file that cannot become an article; the message is shown to the user."""


class Articles(list):
    """What a reader of a many-article file returns: the articles it could read,
    plus `problems` (item id, reason) for the items it could not, so one bad line
    of an export costs that item only, and the user still hears why."""

    def __init__(self, articles=(), problems=()) -> None:  # type: ignore[no-untyped-def]
        super().__init__(articles)
        self.problems: list[tuple[str, str]] = list(problems)


class Reader(Protocol):
    """One input format. A file may hold several articles (a feed, an export)."""

    extensions: tuple[str, ...]
    """Lower-case file name endings this reader takes, dot included."""

    def read(self, path: Path, root: Path) -> list[Article]:
        """The articles in `path` (below the input folder `root`), or raise `ReadError`."""
        ...


def load(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its decoded text; files over the size limit are refused unread."""
    with _open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(
                f"file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB limit; "
                "split it into separate articles"
            )
        data = handle.read(MAX_FILE_BYTES + 1)  # a file growing while we read stays bounded
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"file grew past the {MAX_FILE_BYTES // 1048576} MB limit while it was read")
    return data, decode(data)


def _open_regular(path: Path):  # type: ignore[no-untyped-def]
    """Open for reading without blocking on a FIFO or device swapped in after the folder
    was listed, and refuse anything but a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        raise ReadError("is not a regular file (a pipe, socket or device); remove it from the input folder")
    return handle


def make_article(path: Path, root: Path, data: bytes, meta: dict[str, str], blocks: list[str],
                 item: str = "") -> Article:
    """Checked text -> `Article`: web furniture dropped; too long, empty and too short
    are refused with a reason; past the analysis bound, cut with a notice."""
    blocks = [b for b in clean_boilerplate([strip_controls(b) for b in blocks]) if b]
    body_text = "\n\n".join(blocks)
    if len(body_text) > MAX_TEXT_CHARS:
        raise ReadError(
            f"article text is {len(body_text):,} characters, over the {MAX_TEXT_CHARS:,} limit; "
            "split it into separate articles"
        )
    notices: tuple[str, ...] = ()
    if (len(body_text) > MAX_ANALYSED_CHARS or len(blocks) > MAX_ANALYSED_PARAGRAPHS
            or _tokens_end(body_text, MAX_ANALYSED_TOKENS) < len(body_text)):
        blocks = _cut(blocks, MAX_ANALYSED_CHARS, MAX_ANALYSED_TOKENS)[:MAX_ANALYSED_PARAGRAPHS]
        cut_text = "\n\n".join(blocks)
        notices = (f"The article's text is {len(body_text):,} characters long; only the first "
                   f"{len(cut_text):,} were analysed (the bound is {MAX_ANALYSED_CHARS:,} characters or "
                   f"{MAX_ANALYSED_TOKENS:,} words and punctuation marks or {MAX_ANALYSED_PARAGRAPHS:,} "
                   "paragraphs), so this briefing does not "
                   "cover the rest.",)
        body_text = cut_text
    if not body_text.strip():
        raise ReadError("no article text (the file is empty or holds only markup/whitespace)")
    if len(body_text.split()) < MIN_WORDS:
        raise ReadError(
            f"no article text: only {len(body_text.split())} words found "
            f"(at least {MIN_WORDS} are needed)"
        )
    return Article(
        path=path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name,
        title=one_line(strip_controls(meta.get("title", "")))[:300],  # none: the analysis writes one
        text=body_text,
        sentences=(),
        paragraphs=tuple(blocks),
        sha256=hashlib.sha256(data).hexdigest(),
        source=one_line(strip_controls(meta.get("source", ""))),
        url=one_line(strip_controls(meta.get("url", ""))),
        date=one_line(strip_controls(meta.get("date", ""))),
        item=item,
        teaser=meta.get("teaser", "").strip().lower() in ("true", "yes", "1"),
        notices=notices,
    )


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens_end(text: str, limit: int) -> int:
    """Where the first `limit` words and punctuation marks of `text` end (len(text) if fewer)."""
    if limit <= 0:
        return 0
    for count, match in enumerate(_TOKEN.finditer(text), 1):
        if count == limit:
            return match.end()
    return len(text)


def _cut(blocks: list[str], budget: int, max_tokens: int) -> list[str]:
    """The leading paragraphs that fit in `budget` characters (joined by blank lines) and
    `max_tokens` words and marks; the paragraph that crosses either is cut after its last
    sentence end that fits (or a space, for text without punctuation)."""
    kept: list[str] = []
    used = tokens = 0
    for block in blocks:
        room = budget - used - (2 if kept else 0)
        count = len(_TOKEN.findall(block))
        if len(block) <= room and tokens + count <= max_tokens:
            kept.append(block)
            used += len(block) + (2 if len(kept) > 1 else 0)
            tokens += count
            continue
        room = min(room, _tokens_end(block, max_tokens - tokens))
        ends = [m.end() for m in _SENTENCE_END.finditer(block, 0, room + 1)]
        cut = ends[-1] if ends else block.rfind(" ", 0, room + 1)
        if cut > 0:
            kept.append(block[:cut].strip())
        break
    return kept


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""C0 controls other than whitespace, DEL, C1 controls and the two noncharacters: never
text, and a NUL or DEL carried into a JSON file or a page title breaks what reads it."""


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def file_sha256(path: Path) -> str:
    """Hash without holding the file in memory (files over the size limit included);
    OSError for what cannot be read, including anything but a regular file."""
    digest = hashlib.sha256()
    try:
        opened = _open_regular(path)
    except ReadError as exc:
        raise OSError(str(exc)) from None
    with opened as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(data: bytes) -> str:
    """Bytes -> text: BOMs first, then UTF-8, then a detected legacy encoding."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"this is {kind}, not text; remove it from the input folder")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding))
            except UnicodeDecodeError:
                raise ReadError(f"file starts with a {encoding} marker but is not valid {encoding}") from None
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text; remove it from the input folder")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return _check_text(mixed)
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError("could not detect the text encoding; save the file as UTF-8")
    return _check_text(str(best))


def _decode_mixed(data: bytes) -> str | None:
    """A file whose lines are partly UTF-8 and partly a legacy encoding (text pasted
    together from several sources), decoded line by line; None when no line holds
    UTF-8 beyond ASCII, so one encoding for the whole file is the better guess.
    Decoding it all as Latin-1 would garble every UTF-8 line ("ZÃ¼rich")."""
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    for i, line in enumerate(lines):
        try:
            utf8[i] = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
    if not any(not text.isascii() for text in utf8.values()):
        return None
    rest = b"\n".join(line for i, line in enumerate(lines) if i not in utf8)
    try:  # Windows-1252 (a superset of Latin-1's letters) first: detection on a few lines guesses wildly
        rest.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        guess = charset_normalizer.from_bytes(rest).best()
        encoding = guess.encoding if guess is not None else "latin-1"
    out = []
    for i, line in enumerate(lines):
        if i in utf8:
            out.append(utf8[i])
            continue
        try:
            out.append(line.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            out.append(line.decode("latin-1"))  # every byte is a Latin-1 character
    return "\n".join(out)


def _check_text(text: str) -> str:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and control / len(sample) > 0.01:
        raise ReadError("binary file (too many control characters), not text")
    # A stray NUL or DEL further on is dropped, not carried into the JSON and page title.
    return strip_controls(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text
    try:
        post = frontmatter.loads(text)
    except Exception as exc:  # yaml raises many types; all mean the same to a user
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadError(
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


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, each on one line."""
    return [p for p in (one_line(block) for block in re.split(r"\n\s*\n", text)) if p]


def looks_like_title(line: str) -> bool:
    return len(line) <= 150 and not line.rstrip().endswith((".", "!", "?", ":", ";", ",", '"'))



