"""What `fetch` has already fetched, and the Markdown files it writes into `seeds/`.

The record is `seeds/.fetched.json` (hidden, so `generate` never reads it):
every normalised URL fetched (and the file it became), the hash of every text
written (the same story under two URLs is written once), and each feed's
`ETag`/`Last-Modified` for conditional requests. Commit or cache it with the
fetched files and a scheduled run fetches only what is new. A file the user
deletes is not fetched again: its URL is still recorded.

Writes are temp-file-then-rename (output.store.atomic_write), and the record
is saved after each source, so a killed run loses at most the source it was on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..output.slugs import slugify
from ..output.store import atomic_write

RECORD = ".fetched.json"


def text_hash(blocks: list[str] | tuple[str, ...]) -> str:
    """Same words, same hash: whitespace and case do not make a new story."""
    return hashlib.sha256(" ".join(" ".join(blocks).split()).lower().encode()).hexdigest()


@dataclass
class Store:
    root: Path
    urls: dict[str, dict[str, Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    feeds: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Store:
        try:
            data = json.loads((root / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}  # no record (first run) or a damaged one: at worst pages are fetched again
        if not isinstance(data, dict):
            data = {}

        def section(name: str) -> dict:
            value = data.get(name)
            return value if isinstance(value, dict) else {}

        return cls(root, section("urls"), section("texts"), section("feeds"))

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        body = {"version": 1, "urls": dict(sorted(self.urls.items())),
                "texts": dict(sorted(self.texts.items())), "feeds": dict(sorted(self.feeds.items()))}
        atomic_write(self.root / RECORD, json.dumps(body, ensure_ascii=False, indent=1) + "\n")

    def seen(self, url_key: str) -> dict[str, Any] | None:
        return self.urls.get(url_key) if url_key else None

    def duplicate_of(self, digest: str) -> str | None:
        return self.texts.get(digest)

    def remember(self, url_keys: list[str], digest: str, file: str, status: str = "new") -> None:
        for key in dict.fromkeys(k for k in url_keys if k):
            self.urls[key] = {"file": file, "sha256": digest, "status": status,
                              "fetched": dt.date.today().isoformat()}
        if digest and file and status == "new":
            self.texts.setdefault(digest, file)

    def write(self, folder: str, meta: dict[str, str], blocks: list[str], url_key: str) -> str:
        """One Markdown file with front matter; returns its path relative to the seeds folder."""
        directory = self.root / folder
        directory.mkdir(parents=True, exist_ok=True)
        stem = slugify(meta.get("title", ""), url_key)[:60].strip("-")
        name = f"{stem}-{hashlib.sha256(url_key.encode()).hexdigest()[:8]}.md"
        front = {k: v for k, v in meta.items() if v not in ("", None)}
        text = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
                + "---\n\n" + "\n\n".join(markdown_escape(b) for b in blocks) + "\n")
        atomic_write(directory / name, text)
        return f"{folder}/{name}"


def folder_name(name: str, fallback: str) -> str:
    """`seeds/<source>/`: an ASCII slug, never empty, hidden, or a path."""
    return slugify(name or fallback, fallback or "source")[:60].strip("-") or "source"


_INLINE = re.compile(r"([\\`*_\[\]<>&])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def markdown_escape(text: str) -> str:
    """Plain text that Markdown reads back as the same plain text (no emphasis,
    no links, no raw HTML, no headings or lists made from the first character)."""
    text = _INLINE.sub(lambda m: {"<": "&lt;", "&": "&amp;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)),
                       text)
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]
                                                   if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)
