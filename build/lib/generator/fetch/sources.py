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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..text import one_line
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


class Sources(_Strict):
    settings: Settings = Settings()
    feeds: list[Source] = []
    urls: list[Source | UrlFile] = []

    @field_validator("feeds", "urls", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        if value is None:
            return []
        return [_entry(v) for v in value] if isinstance(value, list) else value


def load_sources(path: Path) -> tuple[Sources, list[Source]]:
    """The configuration, and every URL to fetch as a page (`.urls` files expanded)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SourcesError(f"cannot read {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{path} is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path} is not valid YAML ({one_line(exc)[:160]})") from None
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
    pages: list[Source] = []
    for entry in sources.urls:
        if isinstance(entry, Source):
            pages.append(entry)
            continue
        listed = (path.parent / entry.file)
        try:
            lines = listed.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SourcesError(f"{path}: cannot read the URL list {entry.file} "
                               f"({getattr(exc, 'strerror', None) or 'not UTF-8 text'})") from None
        for line in (line.strip() for line in lines):
            if line and not line.startswith("#"):  # whole-line comments only: URLs may hold '#'
                pages.append(Source(url=line[:4000], name=entry.name))
    return sources, pages
