"""The output folder: atomic writes, the run manifest (our cache), the lock, and
removal of what no article owns any more.

A briefing is written before the manifest says it is done, and every write
is temp-file-then-rename, so a run killed at any moment leaves each file
either old and complete or new and complete, and never a false cache hit.
The manifest records every file name a run is about to write *before* it
writes it, so a file a killed run left behind is still known to be ours and
is removed once no article owns it (a new title, a slug clash that went away).
One run at a time per output folder: a second one would delete the first's
temp files and race it for the manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

MANIFEST = "manifest.json"
TEMP_PREFIX = ".tmp-"
LOCK_FILE = ".generate.lock"
BRIEFING_SUFFIXES = (".md", ".json")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")
"""What `slugs.slugify` makes; anything else in a manifest is never used as a file name."""


class OutputBusy(Exception):
    """Another run holds the output folder's lock; the message is one line for the user."""


def lock_path(output_dir: Path) -> Path:
    return output_dir / LOCK_FILE


@contextlib.contextmanager
def locked(output_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock for the run, or raise `OutputBusy` at once.

    filelock takes an fcntl lock, which the kernel drops when the process dies
    (kill -9 included), so a crashed run never leaves the folder locked."""
    lock = FileLock(str(lock_path(output_dir)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise OutputBusy(f"another generate run is writing to '{output_dir}'; wait for it to finish "
                         "and run again") from None
    try:
        yield
    finally:
        lock.release()


def _umask() -> int:
    """The process umask, read without changing it (os.umask can only set it, which
    would race with other threads creating files); the os.umask round trip is the
    fallback where /proc is missing."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write `path` all at once (temp file, fsync, rename), with the mode an ordinary
    `open()` would give it: mkstemp makes 0600 files, which a web server, another
    user or a CI step could not read."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with (os.fdopen(fd, "wb") if isinstance(content, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Manifest:
    """Per article id: the input file it came from, the cache key it was built with,
    the files it was published as, and what the run cost."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    owned: set[str] = field(default_factory=set)
    """Slugs whose `.md`/`.json` a run wrote or was about to write: the live ones and
    those not yet removed. Only these are ever deleted."""

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("articles", {}) if isinstance(data, dict) else {}
            files = data.get("files", []) if isinstance(data, dict) else []
        except (OSError, ValueError):
            entries, files = {}, []  # a missing or damaged manifest only costs a regeneration
        manifest = cls(path, {k: v for k, v in entries.items() if isinstance(v, dict)} if isinstance(entries, dict)
                       else {})
        names = [f for f in files if isinstance(f, str)] if isinstance(files, list) else []
        manifest.own(Path(name).stem for name in names if Path(name).suffix in BRIEFING_SUFFIXES)
        manifest.own(manifest.live())  # manifests from before "files" own their entries' slugs
        return manifest

    def live(self) -> set[str]:
        """The slugs the entries are published under now."""
        return {s for e in self.entries.values() if isinstance(s := e.get("slug"), str) and _SLUG.fullmatch(s)}

    def own(self, slugs: Iterable[str]) -> None:
        """Record files as ours before they are written (saved with the manifest)."""
        self.owned |= {s for s in slugs if isinstance(s, str) and _SLUG.fullmatch(s)}

    def remove_unowned(self) -> list[str]:
        """Delete the files of every slug we wrote that no entry is published under any
        more (a title that changed, a clash that went away, a source that is gone),
        and temp files of killed runs. Returns the slugs removed."""
        folder = self.path.parent
        live = self.live()
        removed = sorted(self.owned - live)
        for slug in removed:
            for suffix in BRIEFING_SUFFIXES:
                (folder / f"{slug}{suffix}").unlink(missing_ok=True)
        for stale in folder.glob(f"{TEMP_PREFIX}*"):
            stale.unlink(missing_ok=True)
        self.owned = live
        return removed

    def foreign(self) -> set[str]:
        """Names (without .md/.json) of files in the output folder that no run wrote: a
        briefing must never be written over them."""
        folder = self.path.parent
        try:
            names = [p for p in folder.iterdir() if p.suffix in BRIEFING_SUFFIXES and not p.name.startswith(".")]
        except OSError:
            return set()
        return {p.stem for p in names if p.name != MANIFEST} - self.owned - self.live()

    def articles_of(self, file: str) -> list[str]:
        """Ids of the articles last read from input `file` (entries from before
        files could hold several articles carry no "file": their id is the file)."""
        return [i for i, e in self.entries.items() if e.get("file", i) == file]

    def built_with(self, article_id: str, key: str) -> bool:
        """Was this article's briefing made from these bytes with these settings?"""
        return self.entries.get(article_id, {}).get("key") == key

    def published_as(self, article_id: str, slug: str) -> bool:
        """Is this article's briefing on disk under `slug`, both files present?"""
        return (
            self.entries.get(article_id, {}).get("slug") == slug
            and (self.path.parent / f"{slug}.md").is_file()
            and (self.path.parent / f"{slug}.json").is_file()
        )

    def save(self) -> None:
        files = sorted(f"{slug}{suffix}" for slug in self.owned | self.live() for suffix in BRIEFING_SUFFIXES)
        body = {"version": 1, "articles": dict(sorted(self.entries.items())), "files": files}
        atomic_write(self.path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def write_briefing(output_dir: Path, slug: str, markdown: str, json_text: str) -> None:
    atomic_write(output_dir / f"{slug}.json", json_text)
    atomic_write(output_dir / f"{slug}.md", markdown)
