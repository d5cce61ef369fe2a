"""`sources.yml`: what `fetch` reads, checked with pydantic so a mistake is reported
as one line naming the entry, before anything is fetched.

    settings:                 # all optional; the defaults are shown
      delay: 1.0              # seconds between two requests to one host
      connect_timeout: 10     # seconds
      timeout: 30             # seconds for a whole request (each redirect hop)
      max_redirects: 5
      max_mb: 5               # largest page or feed read
      fetch_pages: true       # fetch the linked page when a feed entry has no full text
      allow_private_addresses: false   # loopback/private hosts (for tests only)
    feeds:
      - https://example.org/feed.xml
      - url: https://example.com/atom
        name: Example News    # the folder seeds/example-news/ and the `source` of its items
    urls:
      - https://example.org/2024/01/story.html
      - url: https://example.net/story
        name: Example Net
      - file: reading-list.urls   # one URL per line, `#` comments; relative to sources.yml
        name: Reading list
    outlets:                  # optional: your own description of an outlet, shown on story pages
      Example News: {country: UK, owner: Example Media Ltd, lean: "centre-left, as I read it"}
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..text import one_line
from ..urls import normalise_url
from .http import Limits


class SourcesError(Exception):
    """sources.yml cannot be used; the message is one line for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Settings(_Strict):
    delay: float = Field(1.0, ge=0, le=600)
    connect_timeout: float = Field(10.0, gt=0, le=300)
    timeout: float = Field(30.0, gt=0, le=600)
    max_redirects: int = Field(5, ge=0, le=20)
    max_mb: float = Field(5.0, gt=0, le=100)
    fetch_pages: bool = True
    allow_private_addresses: bool = False

    def limits(self, allow_private: bool = False) -> Limits:
        return Limits(delay=self.delay, connect_timeout=self.connect_timeout, total_timeout=self.timeout,
                      max_redirects=self.max_redirects, max_bytes=int(self.max_mb * 1024 * 1024),
                      allow_private=self.allow_private_addresses or allow_private)


class Source(_Strict):
    url: str = Field(min_length=1, max_length=4000)
    name: str = Field("", max_length=200)


class UrlFile(_Strict):
    file: str = Field(min_length=1)
    name: str = Field("", max_length=200)


def _entry(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


class OutletNote(_Strict):
    """The site owner's own description of an outlet, shown on story pages as the owner's:
    the project never rates outlets itself."""

    country: str = Field("", max_length=100)
    owner: str = Field("", max_length=200)
    lean: str = Field("", max_length=200)
    note: str = Field("", max_length=500)


class Sources(_Strict):
    settings: Settings = Settings()
    feeds: list[Source] = []
    urls: list[Source | UrlFile] = []
    outlets: dict[str, OutletNote] = {}

    @field_validator("feeds", "urls", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        if value is None:
            return []
        return [_entry(v) for v in value] if isinstance(value, list) else value


MAX_URL_LIST_BYTES = 1024 * 1024
"""A `file:` URL list larger than this (tens of thousands of URLs) is refused unread."""


def load_sources(path: Path) -> tuple[Sources, list[Source], list[str]]:
    """The configuration, every URL to fetch as a page (`file:` lists expanded), and
    warnings for the user (lines of a list that are not URLs, counted, never shown)."""
    sources = _read(path)
    pages, warnings = _expand(path, sources)
    return sources, pages, warnings


def _read(path: Path) -> Sources:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SourcesError(f"cannot read {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{path} is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path} is not valid YAML ({one_line(exc)[:160]})") from None
    except RecursionError:  # lists or mappings nested thousands deep
        raise SourcesError(f"{path} is nested too deeply to read; a sources file needs two levels") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SourcesError(f"{path} must be a mapping with `feeds:` and/or `urls:` lists (see README)")
    try:
        sources = Sources.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SourcesError(f"{path}: {where}: {first['msg']}{more}; fix it (format in README)") from None
    except RecursionError:
        raise SourcesError(f"{path} is nested too deeply to read; a sources file needs two levels") from None
    return sources


def outlet_notes(path: Path) -> dict[str, dict[str, str]]:
    """Outlet name -> the owner's description of it (`outlets:`), its empty fields left out."""
    return {name: {k: v for k, v in note.model_dump().items() if v}
            for name, note in _read(path).outlets.items()}


def _expand(path: Path, sources: Sources) -> tuple[list[Source], list[str]]:
    pages: list[Source] = []
    warnings: list[str] = []
    for entry in sources.urls:
        if isinstance(entry, Source):
            pages.append(entry)
            continue
        lines = _url_list(path, entry.file).splitlines()
        not_urls = []
        for number, line in enumerate((line.strip() for line in lines), 1):
            if not line or line.startswith("#"):  # whole-line comments only: URLs may hold '#'
                continue
            if len(line) > 4000 or not normalise_url(line):
                not_urls.append(number)  # never echoed: the file may be anything (a password file)
                continue
            pages.append(Source(url=line, name=entry.name))
        if not_urls:
            shown = ", ".join(map(str, not_urls[:10])) + (", …" if len(not_urls) > 10 else "")
            count = "1 line is" if len(not_urls) == 1 else f"{len(not_urls)} lines are"
            warnings.append(f"{_shown(entry.file)}: {count} not an http(s) URL (line{'s' * (len(not_urls) > 1)} "
                            f"{shown}); skipped, not shown")
    return pages, warnings


def _shown(name: str) -> str:
    return one_line(name)[:200]


def _url_list(path: Path, file: str) -> str:
    """The text of a `file:` URL list: a regular file under MAX_URL_LIST_BYTES inside the
    folder of sources.yml. Anything else is refused before a byte is read: an absolute
    path or `..` could read any file, /dev/zero never ends, a FIFO blocks for ever."""
    where = f"{path}: the URL list {_shown(file)}"
    named = Path(file)
    if named.is_absolute() or ".." in named.parts:
        raise SourcesError(f"{where} must be a path inside the folder of {path.name} "
                           "(no absolute path, no '..'); move the list there")
    folder = path.parent.resolve()
    real = (path.parent / named).resolve()
    if not real.is_relative_to(folder):
        raise SourcesError(f"{where} is a link to a file elsewhere; the list must be inside the folder "
                           f"of {path.name}: copy it there")
    try:  # non-blocking: a FIFO opens at once; no controlling terminal from a tty device
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the URL list {_shown(file)} ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourcesError(f"{where} is not a regular file (a pipe, socket or device); "
                               "give a text file with one URL per line")
        if info.st_size > MAX_URL_LIST_BYTES:
            raise SourcesError(f"{where} is {info.st_size / 1048576:.1f} MB, over the "
                               f"{MAX_URL_LIST_BYTES // 1048576} MB limit for a URL list; split it")
        data = handle.read(MAX_URL_LIST_BYTES + 1)
    if len(data) > MAX_URL_LIST_BYTES:
        raise SourcesError(f"{where} grew past the {MAX_URL_LIST_BYTES // 1048576} MB limit while it was read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourcesError(f"{path}: cannot read the URL list {_shown(file)} (not UTF-8 text)") from None
