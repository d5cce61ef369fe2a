"""Readers, one per input format, chosen by file name ending.

Adding a format is one module with a class that follows `base.Reader`,
plus one line in `READERS`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
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
           "read", "reader_for", "scan", "Scan", "Problem"]


def reader_for(path: Path) -> Reader | None:
    suffix = path.suffix.lower()
    # Later entries win, so a reader added after the built-in ones can replace one.
    return next((r for r in reversed(READERS) if suffix in r.extensions), None)


@dataclass(frozen=True)
class Problem:
    """A file or folder that cannot be read, found while listing the input folder."""

    name: str
    """Relative to the input folder, as the user sees it."""
    reason: str
    keep: bool
    """Keep the briefings made from it before (True: unreadable, unlistable), or drop
    them (False: a link out of the input folder must not stay published)."""


@dataclass
class Scan:
    """What `scan` found: article files in a stable order, and one problem per thing it refused."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def unlisted(self, file: str) -> bool:
        """Is input `file` inside a folder that could not be listed (so its fate is unknown)?"""
        return any(p.keep and (p.name == "." or file.startswith(p.name + "/")) for p in self.problems)

    def refused(self, file: str) -> bool:
        """Did `file` come through a link out of the input folder (a linked file or folder)?"""
        return any(not p.keep and (file == p.name or file.startswith(p.name + "/")) for p in self.problems)


def scan(input_dir: Path) -> Scan:
    """Article files below `input_dir`; hidden names (`.`, `_`) skipped.

    Links are followed only when they end inside the input folder: a link to
    /etc/passwd or to another folder would publish what the user never put in
    it. A folder that cannot be listed, a link to nothing and anything that is
    not a regular file (a FIFO would block the run for ever) are problems with
    a one-line reason, never silently skipped, since skipping would delete
    their briefings as "source file is gone"."""
    root = input_dir.resolve()
    out = Scan()

    def rel(path: Path | str) -> str:
        return Path(path).relative_to(input_dir).as_posix()

    def unlistable(exc: OSError) -> None:
        out.problems.append(Problem(rel(exc.filename or input_dir), (
            f"cannot list this folder ({exc.strerror}); the briefings of its articles are kept; "
            "check its permissions"), keep=True))

    for folder, dirs, files in os.walk(input_dir, onerror=unlistable, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in list(dirs):
            if (here / name).is_symlink():  # never walked; one that leaves the folder is refused
                dirs.remove(name)
                target = (here / name).resolve()
                if not target.is_relative_to(root):
                    out.problems.append(Problem(rel(here / name), _outside(target), keep=False))
        for name in sorted(files):
            path = here / name
            if name.startswith((".", "_")) or reader_for(path) is None:
                continue
            problem = _unreadable(path, root)
            if problem is None:
                out.files.append(path)
            else:
                out.problems.append(Problem(rel(path), *problem))
    out.files.sort()
    out.problems.sort(key=lambda p: p.name)
    return out


def _outside(target: Path) -> str:
    return (f"links outside the input folder (to {target}); refused, so nothing from it is published; "
            "copy it into the folder instead")


def _unreadable(path: Path, root: Path) -> tuple[str, bool] | None:
    """(reason, keep old briefings) for a file that must not be read, else None."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return _outside(target), False
        if not target.exists():
            return "is a link to a file that does not exist; fix or remove the link", True
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read the file ({exc.strerror}); check its permissions", True
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe, socket or device); remove it from the input folder", True
    return None


def discover(input_dir: Path) -> list[Path]:
    """Article files below `input_dir`, in a stable order (see `scan` for what is refused)."""
    return scan(input_dir).files


def read(path: Path, root: Path) -> list[Article]:
    """The articles of one file, or raise `ReadError` (or `OSError`) saying why not."""
    reader = reader_for(path)
    if reader is None:
        raise ReadError(f"no reader for '{path.suffix}' files")
    return reader.read(path, root)
