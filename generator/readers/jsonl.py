"""JSON Lines exports: one article per line, an object with `title`, `text` or
`html`, `url`, `date`, `source` (and optionally `id`, `author`, `teaser`).

Exports name fields differently, so the common other names are taken too
(`outlet`, `publisher`, `site_name` for the source; `published`, `published_at`,
`pubDate` for the date; `link` for the URL); fields the reader does not use are
named in one warning per file, so a publisher or date is never lost silently.

Each line is an item with a stable id (its `id`, else its normalised URL, else
its title and text), so removing one line removes only that line's briefing,
and a line that is broken costs that line only.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from pathlib import Path

from ..model import Article
from ..text import one_line
from .base import ReadError, load, paragraphs
from .feed import articles_from, html_blocks, make_entry

NAMES = {
    "title": ("title",),
    "text": ("text",),
    "html": ("html",),
    "url": ("url", "link"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "pub_date", "date_published",
             "datePublished"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "source_name"),
    "author": ("author",),
    "id": ("id",),
    "teaser": ("teaser",),
}
"""Our field -> the names it is read from, first present wins."""
_TAKEN = {name for names in NAMES.values() for name in names}
_IGNORED_SHOWN = 10


class JsonlReader:
    extensions: tuple[str, ...] = (".jsonl",)

    def read(self, path: Path, root: Path) -> list[Article]:
        _, text = load(path)
        items = []
        problems = []
        ignored: dict[str, None] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                problems.append((f"line-{number}", f"line {number} is not valid JSON ({one_line(exc)[:100]})"))
                continue
            except RecursionError:  # arrays or objects nested thousands deep: this line only
                problems.append((f"line-{number}", f"line {number} is nested too deeply to read"))
                continue
            if not isinstance(record, dict):
                problems.append((f"line-{number}", f"line {number} is not a JSON object"))
                continue
            ignored.update(dict.fromkeys(k for k in record if k not in _TAKEN))
            field = {ours: _value(record, names) for ours, names in NAMES.items()}
            if isinstance(record.get("html"), str) and record["html"].strip():
                blocks = tuple(html_blocks(record["html"]))
            else:
                blocks = tuple(paragraphs(field["text"]))
            entry = make_entry(ident=field["id"], title=field["title"], link=field["url"],
                               date=_date(field["date"]), author=field["author"], content=blocks, summary=())
            meta = {"title": entry.title, "source": field["source"], "url": entry.link,
                    "date": entry.date, "teaser": field["teaser"]}
            items.append((entry.item, entry, meta))
        if not items and problems:
            raise ReadError(problems[0][1] + (f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""))
        out = articles_from(path, root, items)
        out.problems[:0] = problems
        if ignored:
            names = [one_line(k)[:40] for k in sorted(ignored)]
            shown = ", ".join(names[:_IGNORED_SHOWN]) + (f" and {len(names) - _IGNORED_SHOWN} more"
                                                          if len(names) > _IGNORED_SHOWN else "")
            out.warnings.append(f"fields ignored: {shown} (known: title, text or html, url, date, source, author, "
                                "id, teaser; README lists the other names taken)")
        return out


def _value(record: dict, names: tuple[str, ...]) -> str:
    """The first of `names` that holds a value, as one line; a `{"name": ...}` object (a
    source in NewsAPI's export) gives its name."""
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, (str, int, float, bool)) and one_line(value):
            return one_line(value)
    return ""


def _date(raw: str) -> str:
    """ISO dates as given; an RFC 2822 date (RSS's `pubDate`) as its ISO day, which sorts."""
    if not raw:
        return raw
    try:
        dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return raw
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return raw
