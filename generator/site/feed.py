"""The site's feeds (RSS 2.0 `feed_rss_created.xml` and Atom `feed_atom.xml`), made from the
briefings' data with feedgen: the newest first, an undated briefing by the time it was first
generated (`Briefing.generated`), so a site of undated articles still has a feed.

Every title and description is given to feedgen as plain text; it escapes it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from feedgen.feed import FeedGenerator

RSS = "feed_rss_created.xml"
ATOM = "feed_atom.xml"
log = logging.getLogger("mkdocs.plugins.briefings")


def when(entry) -> dt.datetime | None:  # noqa: ANN001
    """The time a briefing is dated by in the feed: its article's day, else when it was first
    generated (`generated`; a briefing written before that field was filled: its file's time)."""
    if entry.day is not None:
        return dt.datetime.combine(entry.day, dt.time(), dt.timezone.utc)
    if entry.generated is not None:
        return entry.generated
    return dt.datetime.fromtimestamp(entry.mtime, dt.timezone.utc) if entry.mtime else None


def write(entries: list, config, folder: Path, length: int) -> None:  # noqa: ANN001
    base = config.site_url or ""
    if base and not base.endswith("/"):
        base += "/"
    dated = [(when(e), e) for e in entries]
    dated = sorted(((t, e) for t, e in dated if t is not None), key=lambda p: p[0], reverse=True)[:length]
    fg = FeedGenerator()
    fg.id(base or "briefings")
    fg.title(config.site_name)
    fg.subtitle(config.site_description or config.site_name)
    if base:
        fg.link(href=base + ATOM, rel="self")
    fg.link(href=base or "./", rel="alternate")  # after "self": RSS's channel link is the last one given
    fg.language("en")
    if dated:
        fg.updated(dated[0][0])
    for stamp, e in reversed(dated):  # feedgen puts each new entry first
        item = fg.add_entry()
        link = f"{base}briefings/{e.slug}/"
        item.id(link)
        item.guid(link, permalink=bool(base))
        item.title(e.title)
        item.link(href=link)
        item.description(e.abstract or e.title)
        item.published(stamp)
        item.updated(stamp)
        if e.publisher:
            item.author({"name": e.publisher})
    folder.mkdir(parents=True, exist_ok=True)
    fg.rss_file(str(folder / RSS), pretty=False)
    fg.atom_file(str(folder / ATOM), pretty=False)
