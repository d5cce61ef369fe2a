"""Readers, one per input format, chosen by file name ending.

Adding a format is one module with a class that follows `base.Reader`,
plus one line in `READERS`.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Article
from .base import MAX_FILE_BYTES, Articles, Reader, ReadError, file_sha256
from .feed import FeedReader
from .html import HTMLReader
from .jsonl import JsonlReader
from .markdown import MarkdownReader
from .txt import TextReader

READERS: list[Reader] = [
    TextReader(),
    MarkdownReader(),
    HTMLReader(),
    JsonlReader(),
    FeedReader(),
]

__all__ = ["MAX_FILE_BYTES", "READERS", "Articles", "ReadError", "Reader", "discover", "file_sha256",
           "read", "reader_for"]


def reader_for(path: Path) -> Reader | None:
    suffix = path.suffix.lower()
    # Later entries win, so a reader added after the built-in ones can replace one.
    return next((r for r in reversed(READERS) if suffix in r.extensions), None)


def discover(input_dir: Path) -> list[Path]:
    """Article files below `input_dir`, in a stable order; hidden files skipped."""
    found = []
    for path in sorted(input_dir.rglob("*")):
        rel = path.relative_to(input_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_file() and reader_for(path) is not None:
            found.append(path)
    return found


def read(path: Path, root: Path) -> list[Article]:
    """The articles of one file, or raise `ReadError` (or `OSError`) saying why not."""
    reader = reader_for(path)
    if reader is None:
        raise ReadError(f"no reader for '{path.suffix}' files")
    return reader.read(path, root)
