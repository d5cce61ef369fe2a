"""The output folder: atomic writes, the run manifest (our cache), orphan removal.

A briefing is written before the manifest says it is done, and every write
is temp-file-then-rename, so a run killed at any moment leaves each file
either old and complete or new and complete, and never a false cache hit.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
TEMP_PREFIX = ".tmp-"


def atomic_write(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
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

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("articles", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            entries = {}  # a missing or damaged manifest only costs a regeneration
        return cls(path, {k: v for k, v in entries.items() if isinstance(v, dict)})

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
        body = {"version": 1, "articles": dict(sorted(self.entries.items()))}
        atomic_write(self.path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def write_briefing(output_dir: Path, slug: str, markdown: str, json_text: str) -> None:
    atomic_write(output_dir / f"{slug}.json", json_text)
    atomic_write(output_dir / f"{slug}.md", markdown)


def remove_briefings(output_dir: Path, slugs: set[str]) -> None:
    """Delete the briefings of sources that are gone, and leftovers of killed runs."""
    for slug in slugs:
        for suffix in (".md", ".json"):
            (output_dir / f"{slug}{suffix}").unlink(missing_ok=True)
    for stale in output_dir.glob(f"{TEMP_PREFIX}*"):
        stale.unlink(missing_ok=True)
