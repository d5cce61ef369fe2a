"""JSON Lines exports: one article per line, an object with `title`, `text` or
`html`, `url`, `date`, `source` (and optionally `id`, `author`, `teaser`).

Each line is an item with a stable id (its `id`, else its normalised URL, else
its title and text), so removing one line removes only that line's briefing,
and a line that is broken costs that line only.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Article
from ..text import one_line
from .base import ReadError, load, paragraphs
from .feed import articles_from, html_blocks, make_entry


class JsonlReader:
    extensions: tuple[str, ...] = (".jsonl",)

    def read(self, path: Path, root: Path) -> list[Article]:
        _, text = load(path)
        items = []
        problems = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                problems.append((f"line-{number}", f"line {number} is not valid JSON ({one_line(exc)[:100]})"))
                continue
            if not isinstance(record, dict):
                problems.append((f"line-{number}", f"line {number} is not a JSON object"))
                continue
            field = {k: v for k, v in record.items() if isinstance(v, (str, int, float, bool))}
            if isinstance(record.get("html"), str) and record["html"].strip():
                blocks = tuple(html_blocks(record["html"]))
            else:
                blocks = tuple(paragraphs(str(field.get("text", ""))))
            entry = make_entry(ident=one_line(field.get("id", "")), title=one_line(field.get("title", "")),
                           link=one_line(field.get("url", "")), date=one_line(field.get("date", "")),
                           author=one_line(field.get("author", "")), content=blocks, summary=())
            meta = {"title": entry.title, "source": one_line(field.get("source", "")), "url": entry.link,
                    "date": entry.date, "teaser": str(field.get("teaser", ""))}
            items.append((entry.item, entry, meta))
        if not items and problems:
            raise ReadError(problems[0][1] + (f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""))
        out = articles_from(path, root, items)
        out.problems[:0] = problems
        return out
