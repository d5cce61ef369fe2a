"""`fetch`: every feed and URL in sources.yml -> new Markdown files in `seeds/<source>/`.

One request at a time, on purpose: a daily run of a few feeds is bound by the
per-host pause, not by bandwidth, and one request at a time is the polite
default. `generate` never calls this: it stays offline and reproducible.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..readers.base import MIN_WORDS, ReadError
from ..readers.feed import TEASER_WORDS, FeedEntry, parse_feed, words
from ..urls import normalise_url
from .http import FEED_TYPES, PAGE_TYPES, FetchError, Limits, PoliteClient
from .pages import extract_page
from .sources import Source, load_sources
from .store import Store, folder_name, text_hash

OnItem = Callable[[str, str, str], None]
"""(status, what, detail): status is new, unchanged, skipped, failed or note."""


@dataclass
class FetchReport:
    new: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    on_item: OnItem = lambda status, what, detail: None

    def add(self, status: str, what: str, detail: str = "") -> None:
        if status == "new":
            self.new.append(what)
        elif status == "unchanged":
            self.unchanged += 1
        elif status == "skipped":
            self.skipped.append((what, detail))
        elif status == "failed":
            self.failed.append((what, detail))
        else:
            self.notes.append(f"{what}: {detail}")
        self.on_item(status, what, detail)

    def line(self) -> str:
        reasons = Counter(_category(reason) for _, reason in self.skipped)
        skipped = f"{len(self.skipped)} skipped"
        if reasons:
            skipped += " (" + ", ".join(f"{n} {why}" for why, n in reasons.most_common()) + ")"
        return (f"fetch: {len(self.new)} new, {self.unchanged} unchanged, {skipped}, "
                f"{len(self.failed)} failed ({len(self.requests)} requests)")


def _category(reason: str) -> str:
    for key, label in (("robots.txt", "robots.txt"), ("same text as", "duplicate"), ("content type", "content type"),
                       ("MB", "too large"), ("address", "address refused"), ("only http", "not http(s)"),
                       ("too short", "too short"), ("no article text", "no article text")):
        if key in reason:
            return label
    return "other"


def fetch(sources_file: Path, seeds: Path, *, allow_private: bool = False,
          on_item: OnItem = lambda status, what, detail: None) -> FetchReport:
    """Fetch what is new; raises `SourcesError` for a sources.yml that cannot be used."""
    sources, pages = load_sources(sources_file)
    limits = sources.settings.limits(allow_private)
    report = FetchReport(on_item=on_item)
    asyncio.run(_fetch_all(sources.feeds, pages, seeds, limits, sources.settings.fetch_pages, report))
    return report


async def _fetch_all(feeds: list[Source], pages: list[Source], seeds: Path, limits: Limits,
                     fetch_pages: bool, report: FetchReport) -> None:
    store = Store.load(seeds)
    async with PoliteClient(limits) as client:
        report.requests = client.requests
        for feed in feeds:
            await _feed(client, feed, store, report, fetch_pages)
            store.save()  # after each source: a killed run loses at most this one
        for page in pages:
            await _page(client, page, store, report)
            store.save()


async def _feed(client: PoliteClient, source: Source, store: Store, report: FetchReport,
                fetch_pages: bool) -> None:
    known = store.feeds.get(source.url, {})
    conditional = {}
    if known.get("etag"):
        conditional["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        conditional["If-Modified-Since"] = known["last_modified"]
    try:
        reply = await client.get(source.url, accept=FEED_TYPES, headers=conditional, what="feed")
    except FetchError as exc:
        report.add("skipped" if exc.skipped else "failed", source.url, str(exc))
        return
    if reply.status == 304:
        report.add("note", source.url, "feed not modified since the last run")
        return
    try:
        feed = parse_feed(reply.body, reply.content_type)
    except ReadError as exc:
        report.add("failed", source.url, str(exc))
        return
    host = httpx.URL(source.url).host
    folder = folder_name(source.name, host)
    name = source.name or feed.title or host
    complete = True
    for entry in feed.entries:
        complete &= await _entry(client, source.url, entry, name, folder, store, report, fetch_pages)
    if complete:  # an entry that failed is retried next run: no "not modified" shortcut until then
        store.feeds[source.url] = {k: v for k, v in (("etag", reply.headers.get("etag", "")),
                                                     ("last_modified", reply.headers.get("last-modified", "")))
                                   if v}


async def _entry(client: PoliteClient, feed_url: str, entry: FeedEntry, name: str, folder: str,
                 store: Store, report: FetchReport, fetch_pages: bool) -> bool:
    """One feed entry; False when it failed and should be tried again next run."""
    key = normalise_url(entry.link) or f"{feed_url}#{entry.key}"
    what = entry.link or f"{feed_url} entry {entry.title or entry.key}"
    if store.seen(key):
        report.add("unchanged", what)
        return True
    blocks, teaser, problem, page_key, author, title, date = (
        list(entry.content), False, "", "", entry.author, entry.title, entry.date)
    passing = False  # the linked page failed in a way that may pass (5xx, timeout, network)
    if not blocks:
        if entry.link and fetch_pages:
            try:
                reply = await client.get(entry.link, accept=PAGE_TYPES)
            except FetchError as exc:
                problem, passing = f"linked page not fetched: {exc}", not exc.skipped
            else:
                page = extract_page(reply.body, reply.url)
                if page and words(page.blocks) >= max(MIN_WORDS, words(entry.summary)):
                    blocks, page_key = list(page.blocks), normalise_url(reply.url)
                    author, title, date = author or page.author, title or page.title, date or page.date
                else:
                    problem = "the linked page holds no more text than the feed's summary"
        if not blocks:  # a long summary is likely the story itself (as the feed reader assumes)
            blocks, teaser = list(entry.summary), words(entry.summary) < TEASER_WORDS
    if words(blocks) < MIN_WORDS:
        reason = f"too short to brief ({words(blocks)} words, at least {MIN_WORDS} needed)"
        report.add("skipped", what, reason + (f"; {problem}" if problem else ""))
        if passing:
            return False  # try the page again next run (and fetch the feed in full for it)
        store.remember([key], "", "", status="skipped")
        return True
    meta = {"title": title, "source": name, "url": _clean(entry.link), "date": date, "author": author}
    return _keep(store, report, folder, meta, blocks, [key, page_key], what, teaser,
                 f"teaser only: {problem}" if teaser and problem else ("teaser only" if teaser else ""))


async def _page(client: PoliteClient, source: Source, store: Store, report: FetchReport) -> None:
    key = normalise_url(source.url)
    if not key:
        report.add("skipped", source.url, "only http and https URLs are fetched")
        return
    if store.seen(key):
        report.add("unchanged", source.url)
        return
    try:
        reply = await client.get(source.url, accept=PAGE_TYPES)
    except FetchError as exc:
        report.add("skipped" if exc.skipped else "failed", source.url, str(exc))
        if exc.lasting:  # robots.txt and address rules may change; a PDF stays a PDF
            store.remember([key], "", "", status="skipped")
        return
    final = normalise_url(reply.url)
    if final != key and store.seen(final):  # a redirect to a page we already have
        store.remember([key], store.urls[final].get("sha256", ""), store.urls[final].get("file", ""), "redirect")
        report.add("unchanged", source.url)
        return
    page = extract_page(reply.body, reply.url)
    if page is None or words(page.blocks) < MIN_WORDS:
        n = words(page.blocks) if page else 0
        report.add("skipped", source.url, f"no article text on the page ({n} words, at least {MIN_WORDS} needed)")
        store.remember([key, final], "", "", status="skipped")
        return
    host = httpx.URL(reply.url).host
    meta = {"title": page.title, "source": source.name or page.site or host, "url": _clean(reply.url),
            "date": page.date, "author": page.author}
    _keep(store, report, folder_name(source.name, host), meta, list(page.blocks), [key, final], source.url)


def _clean(url: str) -> str:
    """The URL a briefing shows: tracking parameters removed."""
    return normalise_url(url) or url


def _keep(store: Store, report: FetchReport, folder: str, meta: dict, blocks: list[str], keys: list[str],
          what: str, teaser: bool = False, detail: str = "") -> bool:
    """Write the item unless the same text is already in seeds/; remember its URLs either way."""
    digest = text_hash(blocks)
    earlier = store.duplicate_of(digest)
    if earlier:
        store.remember(keys, digest, earlier, status="duplicate")
        report.add("skipped", what, f"same text as {earlier}")
        return True
    if teaser:
        meta["teaser"] = True
    try:
        file = store.write(folder, meta, blocks, keys[0])
    except OSError as exc:
        report.add("failed", what, f"cannot write into the seeds folder ({exc.strerror}); check its permissions")
        return False
    store.remember(keys, digest, file)
    report.add("new", file, detail)
    return True
