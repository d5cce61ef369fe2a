"""Plain text: optional YAML front matter, or `Source:`, `Date:` and `URL:` lines
at the top; a first short line without final punctuation is the title."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Article
from .base import load, looks_like_title, make_article, paragraphs, split_front_matter


class TextReader:
    extensions: tuple[str, ...] = (".txt",)

    def read(self, path: Path, root: Path) -> list[Article]:
        data, text = load(path)
        meta, body = split_front_matter(text)
        header, body = _header_lines(body)
        for key, value in header.items():
            meta.setdefault(key, value)  # front matter, when there is some, wins
        blocks = paragraphs(body)
        if not meta.get("title") and blocks and looks_like_title(blocks[0]):
            meta["title"] = blocks.pop(0)
        return [make_article(path, root, data, meta, blocks)]


_HEADER = re.compile(r"(source|publisher|date|url)[ \t]*:[ \t]*(\S.*)", re.IGNORECASE)
_KEYS = {"source": "source", "publisher": "source", "date": "date", "url": "url"}


def _header_lines(body: str) -> tuple[dict[str, str], str]:
    """`Source: ...`, `Date: ...`, `URL: ...` lines opening the text (any order, each
    once, no blank line between them) -> metadata; the rest is the article. A plain
    text file has no other place to say where and when the article appeared."""
    lines = body.lstrip("\ufeff").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    found: dict[str, str] = {}
    end = start
    for line in lines[start:]:
        match = _HEADER.fullmatch(line.strip())
        if not match or _KEYS[match.group(1).lower()] in found:
            break
        found[_KEYS[match.group(1).lower()]] = match.group(2).strip()
        end += 1
    return (found, "\n".join(lines[end:])) if found else ({}, body)
