"""MkDocs hook: publish the generated briefings/ next to the hand-written docs/,
and build the pages that connect them.

MkDocs reads a single docs folder; this hook adds every briefing page (and its
JSON) from briefings/ and generates, from the JSON briefings:

- the home page's list, newest first, paginated (`page/N/`);
- an archive by month (`archive/`, `archive/YYYY-MM/`);
- one page per actor across all briefings (`actors/<name>/`: its role in each
  briefing and what it is quoted as saying, newest first) and an index with counts;
- previous/next links by date on every briefing.

Hand-made rather than Material's blog plugin: the blog plugin wants posts under
`blog/posts/` with dated URLs (every briefing link would move), fails the build
on an undated post, and measured 5,000 posts far over the build budget (see
/work/notes and README). Every value read from a JSON briefing is outside
input and goes through `render.h`, exactly as on the briefing pages.
Set BRIEFINGS_DIR to publish another folder (tests do).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import posixpath
import re
import secrets
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.output import plain_markdown

from generator.output.render import (NO_SOURCE, actor_slug, clean, day, h, shorten, source_list_html, text,
                                     time_html)

LIST_MARKER = "<!-- briefings-list -->"
PER_PAGE = 50
"""Briefings per home page: 50 short cards keep a page far under 200 KB
(BRIEFINGS_PER_PAGE changes it; tests use a small number)."""
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")
"""What `slugs.slugify` makes; any other file in the folder is not a briefing and is left out."""
ACTOR_LINK = re.compile(r'href="\.\./\.\./actors/([a-z0-9-]+)/"')
SOURCE_LIST = re.compile(r"^## Source\n\n((?:- \*\*[^\n]*(?:\n|\Z))+)", re.MULTILINE)
"""The Markdown list of a briefing's Source section (render._source_lines)."""
ABSTRACT = 400
LIST_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n\n"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class Entry:
    """What the site's own pages need from one JSON briefing (not the whole of it,
    so 5,000 briefings stay small in memory)."""

    slug: str
    title: str
    date: str
    publisher: str
    summary: str
    """The summary's first sentence, for cards."""
    abstract: str
    """The whole summary, at most ABSTRACT characters, for the feed."""
    actors: list[tuple[str, str, str]]
    """(name, type, role) as the briefing has them."""
    says: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Actor name (lower case) -> (kind, words) of each claim attributed to it."""

    @cached_property  # read for every sort, month page and feed date
    def day(self) -> dt.date | None:
        """The publication day when the date can be read as one (ISO 8601 or RFC 2822)."""
        return day(self.date)

    @cached_property
    def month(self) -> str:
        return self.day.isoformat()[:7] if self.day else ""

    # Escaped once: a briefing is shown on its month page, a home page and the page of
    # each of its actors (tens of thousands of cards at 5,000 briefings).
    @cached_property
    def title_html(self) -> str:
        return h(self.title)

    @cached_property
    def publisher_html(self) -> str:
        return h(self.publisher)

    @cached_property
    def date_html(self) -> str:
        return time_html(self.date) if self.date else "Undated"


@dataclass
class Actor:
    key: str
    name: str
    type: str
    appearances: list[tuple[Entry, str, list[tuple[str, str]]]] = field(default_factory=list)
    """(briefing, role there, what it is quoted saying there), newest first; emptied once
    the actor's page is written (its quotes are most of the hook's memory)."""
    count: int = 0
    """How many briefings it is in."""


class _Site:
    """One build's view of the briefings, shared by the hook's events."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.actors: dict[str, Actor] = {}
        self.alias: dict[str, str] = {}
        """Any actor key -> the key of the page it is merged into."""
        self.files: dict[str, File] = {}
        """Every page this hook links to, by source path."""
        self.position: dict[str, int] = {}
        """Briefing slug -> its place in `entries` (newest first)."""
        self.nonce = "BRIEFINGRAW" + secrets.token_hex(8)
        self.placeholder = re.compile(rf"<p>{self.nonce}x(\d+)</p>")
        """What `_stash` leaves of a raw-HTML block once Markdown made a paragraph of it."""
        self.generated: dict[str, object] = {}
        """Source path of each page this hook writes (actors, archive, home pages) -> what it
        lists (actor key, month, page number)."""
        self.months: list[str] = []
        self.link_from: dict[str, tuple[str, ...]] = {}
        self.link_to: dict[str, tuple[str, ...]] = {}
        """A page's URL -> its normalised parts as a link's base folder / target, for `_url`."""
        self.stashed: dict[str, bytes] = {}
        """Page source path -> its raw-HTML blocks, NUL-separated and compressed (see `_stash`)."""
        self.zdict = b""
        """The compression's preset dictionary: the first stashed page's blocks."""
        self.fragments: _Fragments | None = None
        """Set from the nav (on_nav)."""
        self.plain: dict | None = None
        """`plain_markdown.render`'s options when pages may skip Python-Markdown, else None."""


_site = _Site()


def per_page() -> int:
    try:
        return max(1, int(os.environ.get("BRIEFINGS_PER_PAGE", PER_PAGE)))
    except ValueError:
        return PER_PAGE


def briefings_dir(config) -> Path:
    configured = os.environ.get("BRIEFINGS_DIR")
    return Path(configured) if configured else Path(config.config_file_path).parent / "briefings"


def on_files(files: Files, config) -> Files:
    global _site
    _site = _Site()
    _site.plain = plain_markdown.options(config)
    folder = briefings_dir(config)
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in {".md", ".json"} and SLUG.fullmatch(path.stem) and path.name != "manifest.json":
                made = File.generated(config, f"briefings/{path.name}", abs_src_path=str(path))
                files.append(made)
                _site.files[made.src_uri] = made
        _site.entries = _load(folder, files)
    _site.position = {e.slug: i for i, e in enumerate(_site.entries)}
    home = files.get_file_from_path("index.md")
    if home is not None:
        _site.files["index.md"] = home
    _merge_actors(_site)
    _generate_pages(_site, files, config)
    return files


def on_pre_page(page, config, files):
    if page.file.src_uri in _site.generated:
        page.file.content_string = _generated_markdown(_site, page.file.src_uri)
    return page


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri
    if LIST_MARKER in markdown:
        return _stash(markdown.replace(LIST_MARKER, _home_page(_site, page.file, 1)), page)
    if src.startswith("briefings/") and src.endswith(".md"):
        at = _site.position.get(src[len("briefings/"):-len(".md")])
        day = _site.entries[at].day if at is not None else None
        # The feed (mkdocs-rss-plugin) dates items by `feed_date`; an undated briefing is
        # left out of it rather than shown as published today.
        if day is not None:
            page.meta["feed_date"] = day
            # the summary, not the page's first words (text: the feed template escapes it)
            page.meta["rss"] = {"feed_description": _site.entries[at].abstract}
        else:
            page.meta["draft"] = True
        return _stash(_briefing_links(markdown, page.file), page)
    if src in _site.generated:
        page.file.content_string = ""  # read: written again on the next build
        return _stash(markdown, page)
    return markdown


def on_nav(nav, config, files):
    _site.fragments = _Fragments(nav, config)
    return nav


def on_env(env, config, files):
    env.globals["site_fragments"] = _site.fragments or _Fragments()
    return env


class _Fragments:
    """Template parts rendered once per build and folder, not once per page
    (overrides/main.html and partials/header.html: the header but for the page's title,
    the site's navigation, Material's config and scripts): at 5,000 briefings they were
    about a third of the template time.

    A part is reused only on pages where it renders the same: those under the folders this
    hook fills (briefings, actors, archive and home pages) that are not in the nav, so that
    no nav item is active on them. The links such a part holds point at the nav's pages
    (one folder deep at most, checked) or at assets, so a relative link from one of these
    pages depends on its folder's depth and first part only, the key. Any other page
    renders every part itself."""

    FOLDERS = ("briefings/", "actors/", "archive/", "page/")

    def __init__(self, nav=None, config=None) -> None:
        self.in_nav = {page.file.src_uri for page in nav.pages} if nav is not None else set()
        links = [item.url for item in _nav_items(nav.items)] if nav is not None else []
        homepage = (config.extra or {}).get("homepage") if config is not None else None
        self.enabled = nav is not None and all(_shallow(url) for url in [*links, homepage or ""])
        self.parts: dict[tuple, str] = {}

    def _key(self, name: str, page) -> tuple | None:
        src = page.file.src_uri if page is not None and page.file else ""
        if not self.enabled or not src.startswith(self.FOLDERS) or src in self.in_nav:
            return None
        parts = _folder_parts(page.url)
        return name, len(parts), parts[0] if parts else ""

    def once(self, name: str, page, caller) -> str:
        """`{% call site_fragments.once(name, page) %}...{% endcall %}`: the part as rendered
        for a page like this one, rendered (`caller()`) only when no such page had it yet."""
        key = self._key(name, page)
        if key is None:
            return caller()
        if key not in self.parts:
            self.parts[key] = caller()
        return self.parts[key]


def _nav_items(items):
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item
        yield from _nav_items(getattr(item, "children", None) or [])


def _shallow(url: str) -> bool:
    """An address elsewhere, or a page at most one folder deep in this site."""
    return "://" in url or url.startswith("//") or len(_url_parts(url)) <= 1


@event_priority(100)  # before any other hook or plugin reads the page
def on_post_page(output: str, page, config) -> str:
    packed = _site.stashed.pop(page.file.src_uri, None)
    if packed is None:
        return output
    unpack = zlib.decompressobj(zdict=_site.zdict)
    blocks = (unpack.decompress(packed) + unpack.flush()).decode("utf-8").split("\0")

    def block(match: re.Match) -> str:
        n = int(match.group(1))
        return blocks[n] if n < len(blocks) else match.group(0)

    return _site.placeholder.sub(block, output)


_RAW_BLOCK = re.compile(r"^<[a-zA-Z/][^\n]*(?:\n[^\n]+)*", re.MULTILINE)
"""A raw-HTML block as render.py and this hook write them: from a line that opens with
a tag to the next blank line. (Outside text never opens a line with `<`: it is escaped.)"""


def _stash(markdown: str, page: Page) -> str:
    """Take the page's raw-HTML blocks out of the Markdown and put them back into the
    finished page (on_post_page).

    Python-Markdown parses every tag of a raw block with html.parser, and MkDocs parses
    them again for anchors: at 5,000 briefings that was about half the build. The blocks
    are built from escaped values only (`render.h`), so they need no Markdown at all. The
    placeholder carries a random per-build nonce, so no article text can imitate one.

    Until its page is written the blocks are kept compressed, and the page's HTML
    (`page.content`) holds only the placeholders: MkDocs renders every page's Markdown
    before it writes any, and the blocks of all pages held as text were about 250 MB at
    5,000 briefings. A plugin reading `page.content` of these pages between the two sees
    placeholders; the feed takes its text from the front matter (`rss.feed_description`),
    the tags plugin from `tags`, and the search index from the JSON twin.

    What is left of the Markdown (headings, the placeholders, a plain sentence) is then
    rendered without Python-Markdown where `plain_markdown` can (`_render`)."""
    blocks: list[str] = []

    def keep(match: re.Match) -> str:
        blocks.append(match.group(0))
        return f"{_site.nonce}x{len(blocks) - 1}"

    src = page.file.src_uri
    if "\0" in markdown:  # the separator below (a NUL is never text: render.clean drops it)
        return markdown
    markdown = _RAW_BLOCK.sub(keep, markdown)
    if _site.plain is not None:
        page.render = functools.partial(_render, page)
    if blocks:
        data = "\0".join(blocks).encode("utf-8")
        if not _site.zdict:  # the first page's markup: much of every other page's (class names, tags)
            _site.zdict = data[-32768:]
        pack = zlib.compressobj(1, zdict=_site.zdict)  # level 6: 20% smaller, 3x the time
        _site.stashed[src] = pack.compress(data) + pack.flush()
    return markdown


def _render(page: Page, config, files: Files) -> None:
    """`page.render` for the pages this hook stashes: their Markdown without Python-Markdown
    when it is only headings, placeholders and plain text (`plain_markdown`), else as MkDocs
    renders any page. What it sets is what `Page.render` sets."""
    made = plain_markdown.render(page.markdown or "", **_site.plain)
    if made is None:
        Page.render(page, config, files)
        return
    page.content = made.html
    page.toc = get_toc(made.toc)
    page._title_from_render = made.title  # the title Page.render takes from a leading h1
    page.present_anchor_ids = made.ids
    page.links_to_anchors = None  # no link to check: the page's links are in its stashed HTML


@event_priority(100)
def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri in _site.stashed:
        # Links MkDocs would check for anchors: with the page's raw HTML stashed, only
        # the headings' own permalinks (always right), and 10 MB at 5,000 briefings.
        page.links_to_anchors = None
    return html


# --- reading -------------------------------------------------------------------------

def _load(folder: Path, files: Files) -> list[Entry]:
    entries = []
    for path in sorted(folder.glob("*.json")):
        if not SLUG.fullmatch(path.stem) or files.get_file_from_path(f"briefings/{path.stem}.md") is None:
            continue
        try:
            entries.append(_entry(path.stem, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # a damaged file is skipped, not allowed to break the site
    entries.sort(key=lambda e: e.title.lower())
    entries.sort(key=lambda e: e.day or dt.date.min, reverse=True)  # newest first; undated last
    return entries


def _shared(value: object) -> str:
    """`clean`, keeping one string per distinct value rather than one per mention: names,
    types, roles and claim kinds recur across briefings (an actor in hundreds of them; half
    the roles read "mentioned, with no action described"). 12 MB less in each build
    process at 5,000 briefings."""
    return sys.intern(clean(value))


def _entry(slug: str, data: dict) -> Entry:
    source = data.get("source") or {}
    says: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for claim in data.get("claims") or []:
        who = clean(claim.get("attributed_to", ""))
        if who and who != NO_SOURCE:
            says[sys.intern(who.lower())].append((_shared(claim.get("kind", "")), clean(claim.get("text", ""))))
    return Entry(
        slug=slug,
        title=clean(data.get("title", slug)),
        date=clean(source.get("date", "")),
        publisher=clean(source.get("publisher", "")),
        summary=clean((data.get("summary") or [""])[0]),
        abstract=shorten(" ".join(clean(s) for s in data.get("summary") or []), ABSTRACT),
        actors=[(_shared(a["name"]), _shared(a.get("type", "")), _shared(a.get("role", "")))
                for a in data.get("actors") or [] if clean(a.get("name", ""))],
        says=dict(says),
    )


# --- actors across briefings -----------------------------------------------------------

def _merge_actors(site: _Site) -> None:
    """One page per actor, its names merged the way the analysis merges them inside one
    article: the same name in any case or with "the"; one country's aliases ("U.S.",
    "United States"); a surname or a first-and-last-name match with exactly one full
    name of a person."""
    from generator.analysis.gazetteer import canonical_state

    found: dict[str, Actor] = {}
    for entry in site.entries:
        for name, kind, _ in entry.actors:
            key = actor_slug(canonical_state(name) or name if kind == "state" else name)
            actor = found.setdefault(key, Actor(key, canonical_state(name) or name if kind == "state" else name,
                                                kind))
            if len(name) > len(actor.name) and kind != "state":
                actor.name = name  # the fullest spelling is the page's title
            site.alias[actor_slug(name)] = key
    people = [a for a in found.values() if a.type == "person" and "-" in a.key]
    by_ends: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    by_last: dict[str, list[Actor]] = defaultdict(list)
    for person in people:
        words = person.key.split("-")
        by_ends[(words[0], words[-1])].append(person)
        by_last[words[-1]].append(person)
    target: dict[str, str] = {}
    for group in by_ends.values():  # "George W. Bush" and "George Bush"
        keep = max(group, key=lambda a: len(a.name))
        for other in group:
            if other is not keep:
                target[other.key] = keep.key
    for actor in found.values():  # "Biden" with exactly one full-named Biden
        if actor.type == "person" and "-" not in actor.key:
            owners = {target.get(p.key, p.key) for p in by_last.get(actor.key, [])}
            if len(owners) == 1:
                target[actor.key] = owners.pop()
    for key, actor in found.items():
        if key not in target:
            site.actors[key] = actor
    for alias, key in list(site.alias.items()):
        site.alias[alias] = target.get(key, key)
    for entry in site.entries:  # newest first already
        seen: set[str] = set()
        says, entry.says = entry.says, {}  # from here on held by the actors' appearances only
        for name, _, role in entry.actors:
            key = site.alias[actor_slug(name)]
            if key in seen:
                continue
            seen.add(key)
            site.actors[key].appearances.append((entry, role, says.get(name.lower(), [])))
    for actor in site.actors.values():
        actor.count = len(actor.appearances)


# --- generated pages -------------------------------------------------------------------

def _generate_pages(site: _Site, files: Files, config) -> None:
    """Create every page's file first (their URLs are needed for links between them); each
    page's Markdown is written when MkDocs reads it (`on_pre_page`) and dropped once read:
    held all at once, the actor pages' Markdown alone was 75 MB at 5,000 briefings."""
    pages = {"actors/index.md": None, "archive/index.md": None}
    pages |= {f"actors/{key}.md": key for key in site.actors}
    site.months = sorted({e.month for e in site.entries}, reverse=True)
    pages |= {f"archive/{month or 'undated'}.md": month for month in site.months}
    count = max(1, -(-len(site.entries) // per_page()))
    pages |= {f"page/{n}.md": n for n in range(2, count + 1)}
    for uri, arg in pages.items():
        if files.get_file_from_path(uri) is None:  # a hand-written page of that name wins
            made = File.generated(config, uri, content="")
            files.append(made)
            site.files[uri] = made
            site.generated[uri] = arg


def _generated_markdown(site: _Site, uri: str) -> str:
    made, arg = site.files[uri], site.generated[uri]
    if uri == "actors/index.md":
        content = _actors_index(site, made)
    elif uri == "archive/index.md":
        content = _archive_index(site, made, site.months)
    elif uri.startswith("actors/"):
        content = _actor_page(site, site.actors[arg], made)
        site.actors[arg].appearances = []
    elif uri.startswith("archive/"):
        content = _month_page(site, arg, made)
    else:
        content = _home_page(site, made, arg, standalone=True)
    # list pages are not search results (search_index.py reads Material's switch)
    return LIST_FRONT_MATTER + content


def _url(site: _Site, uri: str, here: File) -> str:
    """The link from page `here` to the page at source path `uri` ("" when there is none).

    The same as `h(target.url_relative_to(here))` (mkdocs' get_relative_url), with each
    URL split and normalised once per build rather than on every link: the generated
    pages make about 250,000 links at 5,000 briefings, and that was seconds of the build."""
    target = site.files.get(uri)
    if target is None:
        return ""
    base = site.link_from.get(here.url)
    if base is None:
        base = site.link_from[here.url] = _folder_parts(here.url)
    to = site.link_to.get(target.url)
    if to is None:
        to = site.link_to[target.url] = _url_parts(target.url)
    common = 0
    for a, b in zip(base, to):
        if a != b:
            break
        common += 1
    rel = "/".join((("..",) * (len(base) - common)) + to[common:]) or "."
    return h(rel + "/" if target.url.endswith("/") else rel)


def _folder_parts(url: str) -> tuple[str, ...]:
    """The parts of the folder a page at `url` links from: the URL itself for a folder URL
    (`a/b/`), its folder for a file (`a/b.html`)."""
    folder, _, name = url.rpartition("/")
    return _url_parts(folder if "." in name else url)


def _url_parts(url: str) -> tuple[str, ...]:
    """`url` as mkdocs normalises it for relative links: no leading slash, no `.`/`..`."""
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def _briefing_url(site: _Site, slug: str, here: File) -> str:
    return _url(site, f"briefings/{slug}.md", here)


def _actor_links(site: _Site, entry: Entry, here: File, limit: int = 4) -> str:
    links = []
    for name, _, _ in entry.actors[:limit]:
        key = site.alias.get(actor_slug(name))
        url = _url(site, f"actors/{key}.md", here) if key else ""
        links.append(f'<a href="{url}">{h(name)}</a>' if url else h(name))
    return ", ".join(links)


def _card(site: _Site, entry: Entry, here: File) -> str:
    meta = " · ".join(x for x in (entry.date_html, entry.publisher_html) if x)
    actors = _actor_links(site, entry, here)
    return "\n".join([
        '<article class="briefing-card">',
        f'<p class="card-meta">{meta}</p>',
        f'<h3 class="card-title"><a href="{_briefing_url(site, entry.slug, here)}">{entry.title_html}</a></h3>',
        f'<p class="card-summary briefing-ours">{h(entry.summary)}</p>' if entry.summary else "",
        f'<p class="card-actors">Key actors: {actors}</p>' if actors else "",
        "</article>",
    ])


def _home_page(site: _Site, here: File, number: int, standalone: bool = False) -> str:
    entries = site.entries
    if not entries:
        return "No briefings yet. Put articles in `seeds/` and run `generate`."
    size = per_page()
    count = -(-len(entries) // size)
    shown = entries[(number - 1) * size: number * size]
    first = (number - 1) * size + 1
    lines = [f"# Briefings, page {number} of {count}", ""] if standalone else []
    lines += [f'<p class="list-count">{len(entries)} briefing(s), newest first; '
              f"{first}&ndash;{first + len(shown) - 1} shown. "
              f'<a href="{_url(site, "archive/index.md", here)}">Archive by month</a> · '
              f'<a href="{_url(site, "actors/index.md", here)}">Actors</a></p>', "",
              '<div class="briefing-cards">', *(_card(site, e, here) for e in shown), "</div>", ""]
    pager = []
    if number > 1:
        newer = "index.md" if number == 2 else f"page/{number - 1}.md"
        pager.append(f'<a class="pager-newer" rel="prev" href="{_url(site, newer, here)}">'
                     "&larr; Newer briefings</a>")
    if number < count:
        pager.append(f'<a class="pager-older" rel="next" href="{_url(site, f"page/{number + 1}.md", here)}">'
                     "Older briefings &rarr;</a>")
    if pager:
        lines += [f'<nav class="briefing-pager" aria-label="More briefings">{" ".join(pager)}</nav>', ""]
    return "\n".join(lines)


def _month_name(month: str) -> str:
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}" if month and 1 <= int(month[5:7]) <= 12 else "Undated"


def _archive_index(site: _Site, here: File, months: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for entry in site.entries:
        counts[entry.month] += 1
    lines = ["# Archive by month", "", '<ul class="archive-months">']
    for month in months:
        url = _url(site, f"archive/{month or 'undated'}.md", here)
        lines.append(f'<li><a href="{url}">{_month_name(month)}</a> <span class="count">({counts[month]})</span></li>')
    return "\n".join([*lines, "</ul>", ""])


def _month_page(site: _Site, month: str, here: File) -> str:
    entries = [e for e in site.entries if e.month == month]
    return "\n".join([f"# Briefings: {_month_name(month)}", "",
                      f'<p class="list-count">{len(entries)} briefing(s), newest first. '
                      f'<a href="{_url(site, "archive/index.md", here)}">All months</a></p>', "",
                      '<div class="briefing-cards">', *(_card(site, e, here) for e in entries), "</div>", ""])


def _actors_index(site: _Site, here: File) -> str:
    actors = sorted(site.actors.values(), key=lambda a: (-a.count, a.name.lower()))
    lines = ["# Actors", "",
             f"{len(actors)} actors across {len(site.entries)} briefing(s), the most often briefed first. "
             "Each actor's page lists its role in every briefing and what it is quoted as saying.", "",
             '<ul class="actor-index">']
    for actor in actors:
        lines.append(f'<li><a href="{_url(site, f"actors/{actor.key}.md", here)}">{h(actor.name)}</a> '
                     f'<span class="actor-type">{h(actor.type)}</span> '
                     f'<span class="count">{actor.count} briefing(s)</span></li>')
    return "\n".join([*lines, "</ul>", ""])


def _actor_page(site: _Site, actor: Actor, here: File) -> str:
    lines = [f"# {text(actor.name)}", "",
             f'<p class="actor-summary"><span class="actor-type">{h(actor.type)}</span> · in '
             f"{actor.count} briefing(s), newest first. "
             f'<a href="{_url(site, "actors/index.md", here)}">All actors</a></p>', "",
             '<div class="actor-appearances">']
    for entry, role, says in actor.appearances:
        lines += [
            '<article class="appearance">',
            f'<p class="card-meta">{entry.date_html}{" · " + entry.publisher_html if entry.publisher else ""}</p>',
            f'<h3 class="card-title"><a href="{_briefing_url(site, entry.slug, here)}">{entry.title_html}</a></h3>',
            f'<dl><dt>Role in this briefing</dt><dd class="briefing-ours">{h(role)}</dd></dl>',
        ]
        if says:
            for kind, words in says:
                label = "Quoted" if kind == "quote" else "As the article reports"
                lines.append(f'<p class="says-label">{label}:</p><blockquote class="article-words">{h(words)}</blockquote>')
        lines.append("</article>")
    return "\n".join([*lines, "</div>", ""])


# --- briefing pages --------------------------------------------------------------------

def _briefing_links(markdown: str, here: File) -> str:
    """Actor links point at the merged page; the Source list is HTML; previous/next by
    date at the end."""
    def actor(match: re.Match) -> str:
        key = _site.alias.get(match.group(1), match.group(1))
        url = _url(_site, f"actors/{key}.md", here)
        return f'href="{url}"' if url else match.group(0)

    markdown = ACTOR_LINK.sub(actor, markdown)
    slug = here.src_uri[len("briefings/"):-len(".md")]
    source = SOURCE_LIST.search(markdown)
    if source is not None:  # as HTML, past Markdown (see render.source_list_html)
        listed = source_list_html(source.group(1).rstrip("\n").split("\n"),
                                  _url(_site, f"briefings/{slug}.json", here))
        if listed is not None:
            markdown = markdown[:source.start(1)] + listed + "\n" + markdown[source.end(1):]
    at = _site.position.get(slug)
    if at is None:
        return markdown
    links = []
    if at + 1 < len(_site.entries):  # the list is newest first, so the next one is older
        older = _site.entries[at + 1]
        links.append(f'<a class="pager-older" rel="prev" href="{_briefing_url(_site, older.slug, here)}">'
                     f'<span class="pager-label">&larr; Older</span> {older.title_html}</a>')
    if at > 0:
        newer = _site.entries[at - 1]
        links.append(f'<a class="pager-newer" rel="next" href="{_briefing_url(_site, newer.slug, here)}">'
                     f'<span class="pager-label">Newer &rarr;</span> {newer.title_html}</a>')
    if links:
        markdown += "\n\n" + f'<nav class="briefing-pager" aria-label="Other briefings by date">{"".join(links)}</nav>\n'
    return markdown


# --- pages built in other processes (build_split.py) ---------------------------------------

def build_split_take() -> None:
    """Nothing to send back: each process writes its pages whole, and this hook writes no
    file after the pages."""
    return None


def build_split_merge(part: None) -> None:
    return None
