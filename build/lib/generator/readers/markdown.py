"""Markdown: optional YAML front matter (`title`, `source`, `url`, `date`);
otherwise the first `# heading` is the title.

Parsed with markdown-it-py (CommonMark): it is built to stay linear on
hostile input and caps nesting, where Python-Markdown took 20 s on 25,000
characters of nested brackets and raised RecursionError on deep lists.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from ..model import Article
from ..text import one_line
from .base import load, make_article, split_front_matter


class MarkdownReader:
    extensions: tuple[str, ...] = (".md", ".markdown")

    def read(self, path: Path, root: Path) -> list[Article]:
        data, text = load(path)
        meta, body = split_front_matter(text)
        blocks, heading = _from_markdown(body)
        meta.setdefault("title", heading)
        return [make_article(path, root, data, meta, blocks)]


_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": 20})
"""Blocks nested deeper than this (quotes in lists in quotes...) are read as plain text."""


def _from_markdown(body: str) -> tuple[list[str], str]:
    """Markdown -> plain paragraphs (headings dropped, the first one kept as a title)."""
    html = _MARKDOWN.render(body)
    blocks = _TextBlocks.parse(html)
    heading = next((text for tag, text in blocks if tag == "h1"), "")
    return [text for tag, text in blocks if not tag.startswith("h") or tag == "hr"], heading



class _TextBlocks(HTMLParser):
    """Collects the text of block elements from HTML that we generated ourselves."""

    BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "th", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._buffer: list[str] = []

    @classmethod
    def parse(cls, html: str) -> list[tuple[str, str]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser._flush()
        return [(tag, text) for tag, text in parser.blocks if text]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._stack.append(tag)
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
            if self._stack:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def _flush(self) -> None:
        text = one_line("".join(self._buffer))
        self._buffer = []
        if text:
            self.blocks.append((self._stack[-1] if self._stack else "p", text))



