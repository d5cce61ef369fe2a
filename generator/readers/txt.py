"""Plain text: optional YAML front matter; a first short line without final
punctuation is the title."""

from __future__ import annotations

from pathlib import Path

from ..model import Article
from .base import load, looks_like_title, make_article, paragraphs, split_front_matter


class TextReader:
    extensions: tuple[str, ...] = (".txt",)

    def read(self, path: Path, root: Path) -> list[Article]:
        data, text = load(path)
        meta, body = split_front_matter(text)
        blocks = paragraphs(body)
        if not meta.get("title") and blocks and looks_like_title(blocks[0]):
            meta["title"] = blocks.pop(0)
        return [make_article(path, root, data, meta, blocks)]
