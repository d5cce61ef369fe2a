"""MkDocs hook: the site's search index, built by Pagefind after `mkdocs build`.

Why not Material's built-in search: it ships one JSON file holding every
page's text (50 MB at 5,000 briefings), which a reader's first search
downloads whole, and parsing every page for it was a third of the build.
Pagefind (`pagefind[bin]` on PyPI, a Rust binary) splits its index into
chunks, so one search downloads a few hundred KB whatever the number of
briefings, and indexes 5,000 pages in seconds.

What is indexed, and how a result reads:
- briefing pages are marked `data-pagefind-body` on their content, so only
  marked pages are indexed: the home page, the tag and actor lists match
  every query and would swamp the results; hand-written pages are indexed
  too unless their front matter says `search: {exclude: true}` (Material's
  own switch, kept) or they are list pages;
- each briefing carries its summary, date and source as Pagefind metadata,
  which the search box (overrides/partials/search.html and
  overrides/assets/javascripts/search.js) shows in the result instead of the
  page's first words, which are boilerplate;
- boilerplate inside the content (the "Neutral briefing" note, heading
  anchors, the source's file hash) is left out of the index by selector.

`mkdocs build` alone gives a working search: the index is written in
on_post_build, on `mkdocs serve` rebuilds too. A build with no Pagefind
binary fails with one line saying what to install.
"""

from __future__ import annotations

import html
import json
import logging
import os
import subprocess
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX_DIR = "pagefind"
"""Folder of site/ the index is written to; the search box loads pagefind.js from it."""
EXCLUDE_SELECTORS = [
    ".headerlink",                # the ¶ permalinks of every heading
    ".briefing-kicker",           # "Briefing on the article headlined": on every briefing
    ".briefing-made-by",          # "Our summary, written by the ... backend. It reports ...": on every briefing
    ".admonition.note",           # the same boilerplate as an admonition (briefings made before it moved)
    ".sentence-number",           # 1, 2, 3 ... before each of the article's sentences
    ".note-where",                # "in sentence 4"
    ".md-source-file",            # "last updated" footers
    ".md-tags",                   # the actor pills repeat the key-actors list
    # Copies of the article's own sentences, which the page's article section holds once
    # (and our questions about them): Pagefind keeps about ten times the text it indexes
    # in memory, so each copy costs ~25% of the index build at 5,000 briefings.
    ".briefing-claims",
    ".language-notes",
    ".briefing-questions",
    ".actor-cards",
]
LIST_MARKERS = ("<!-- briefings-list -->", "<!-- material/tags -->")
"""Markers the site's list pages carry (home, actors): pages that match every query."""
LIST_PAGES = ("page/", "archive/", "actors/index.md", "tags.md", "tags/")
"""Source paths of the list pages the site hook generates (home pages 2.., the archive by
month, the actors index): left out of the index, like the home page."""
ACTOR_PAGES = "actors/"
"""One page per actor: indexed by its name only. Its body repeats what the briefings
say, so a phrase search would find every actor quoted in a briefing as well as the
briefing itself."""


def on_page_markdown(markdown: str, page, config, files) -> str:
    # Seen before the list hook replaces the markers: remember which pages are lists.
    if any(marker in markdown for marker in LIST_MARKERS):
        page.meta.setdefault("search", {})
        if isinstance(page.meta["search"], dict):
            page.meta["search"].setdefault("exclude", True)
    return markdown


def on_post_page(output: str, page, config) -> str:
    """Mark what Pagefind indexes and add the result's metadata. Plain string edits on
    Material's fixed article tag: parsing 5,000 pages again would cost seconds."""
    src = page.file.src_uri
    if src.startswith(ACTOR_PAGES) and not src.startswith(LIST_PAGES):
        return _actor_page(output, page)  # by name, whatever the page's own search switch says
    if _excluded(page):
        return output
    article = '<article class="md-content__inner md-typeset">'
    if article not in output:
        return output
    briefing = _briefing_data(page)
    attrs = ["data-pagefind-body"]
    metas = []
    if briefing is not None:
        summary = briefing.get("summary") or []
        summary = " ".join(str(s) for s in summary) if isinstance(summary, list) else str(summary)
        source = briefing.get("source") if isinstance(briefing.get("source"), dict) else {}
        date = str(source.get("date") or "")
        fields = {"summary": summary, "date": date, "source": str(source.get("publisher") or "")}
        # Outside text goes in element text, escaped, never in an attribute; hidden from
        # readers and left out of the index (data-pagefind-ignore still captures metadata).
        metas = [f'<span hidden data-pagefind-ignore data-pagefind-meta="{key}">'
                 f'{html.escape(" ".join(value.split()), quote=False)}</span>'
                 for key, value in fields.items() if value.strip()]
        attrs.append('data-pagefind-filter="type:briefing"')
    else:
        attrs.append('data-pagefind-filter="type:page"')
        attrs.append('data-pagefind-weight="0.5"')
    tag = article[:-1] + " " + " ".join(attrs) + ">"
    return output.replace(article, tag + "".join(metas), 1)


def _actor_page(output: str, page) -> str:
    """Index the actor's name (its page's h1) and say in the result what the page holds."""
    start = output.find('<article class="md-content__inner md-typeset">')
    heading = output.find("<h1", start) if start >= 0 else -1
    if heading < 0:
        return output
    briefings = output.count('href="../../briefings/')
    what = (f"Actor page: the role and the words of this actor in {briefings} briefing(s), newest first."
            if briefings else "Actor page: the role and the words of this actor in each briefing, newest first.")
    meta = (f'<meta data-pagefind-meta="summary[content]" content="{html.escape(what, quote=True)}">'
            '<span data-pagefind-filter="type:actor" hidden></span>')
    opened = output.index(">", heading) + 1
    return (output[:heading] + '<h1 data-pagefind-body' + output[heading + 3:opened]
            + meta + output[opened:])


def on_post_build(config) -> None:
    site = Path(config.site_dir)
    started = time.perf_counter()
    cmd = [str(_executable()), "--site", str(site), "--output-subdir", INDEX_DIR,
           "--exclude-selectors", ",".join(EXCLUDE_SELECTORS), "--force-language", "en", "--quiet"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"search index: could not run Pagefind ({exc}); reinstall with "
                          "`pip install 'pagefind[bin]'`") from None
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout).split())[-400:]
        raise PluginError(f"search index: Pagefind failed: {detail}")
    log.info("search index: Pagefind indexed %s in %.1f s", site, time.perf_counter() - started)


def on_serve(server, config, builder):
    """`mkdocs serve` watches briefings/ (mkdocs.yml `watch:`); when BRIEFINGS_DIR points
    elsewhere, watch that folder too, so a new or changed briefing reloads the site."""
    from generator.output.site_hooks import briefings_dir

    folder = briefings_dir(config)
    if folder.is_dir():
        server.watch(str(folder.resolve()))
    return server


def _executable() -> Path:
    override = os.environ.get("PAGEFIND_BINARY")
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise PluginError("search index: Pagefind is not installed; run `pip install 'pagefind[bin]'` "
                          "(or `pip install -e .`)") from None
    try:
        return get_executable()
    except FileNotFoundError:
        raise PluginError("search index: the Pagefind binary is missing from pagefind_bin; "
                          "reinstall with `pip install --force-reinstall 'pagefind[bin]'`") from None


def _excluded(page) -> bool:
    if page.is_homepage or page.file.src_uri.startswith(LIST_PAGES):
        return True
    search = page.meta.get("search") if isinstance(page.meta, dict) else None
    return isinstance(search, dict) and bool(search.get("exclude"))


def _briefing_data(page) -> dict | None:
    """The briefing's JSON twin, when the page is a briefing (a page generated from a
    folder of briefings, with `slug.json` beside `slug.md`)."""
    source = page.file.abs_src_path
    if not source or not page.file.src_uri.startswith("briefings/"):
        return None
    twin = Path(source).with_suffix(".json")
    try:
        data = json.loads(twin.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
