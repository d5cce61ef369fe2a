"""The site's generated pages: one small class per page kind, each a template and what it
is fed with. A page kind is a subclass of `SitePage` naming its `template` and giving its
`context()` and `fingerprint()` (docs/architecture.md, "Adding a page kind").

They are MkDocs pages (`mkdocs.structure.pages.Page`) whose `render` fills `content` and
`toc` from a template instead of from Markdown: the site's own pages never go through
Python-Markdown, and MkDocs builds them like any other page (theme, nav, sitemap).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.output.escape import clean, h
from generator.output.view import BriefingView

if TYPE_CHECKING:
    from .data import Actor, Entry, Story
    from .plugin import Site

_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"')
"""The headings the templates write (macros.heading): the page's table of contents."""
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


class PageFile(File):
    """A generated page's file: modified (for `mkdocs serve --dirty`) when what its page
    shows changed since the last build, not when a file on disk did."""

    modified: bool | None = None

    def is_modified(self) -> bool:
        page = self.page
        if not isinstance(page, SitePage):
            return super().is_modified()
        if self.modified is None:  # asked before the page is read and before it is written
            self.modified = page.site.changed(page)
        return self.modified


class SitePage(Page):
    """A page made from data through a template."""

    template = ""
    searchable = False
    """Indexed by Material's search (with the plugin's `search: material`); lists are not."""

    def __init__(self, site: Site, file: File, title: str) -> None:
        super().__init__(Markup(h(title)), file, site.config)
        self.site = site
        self.plain_title = clean(title)

    def context(self) -> dict[str, Any]:
        return {}

    def fingerprint(self) -> object:
        """What the page shows, as a value that changes when the page would: `mkdocs serve
        --dirty` re-renders only the pages whose fingerprint changed."""
        return None

    def render(self, config, files) -> None:  # noqa: ANN001 - MkDocs' signature
        """MkDocs renders every page before it writes any: the body is made later, just before
        the page is written (`fill`), and dropped once it is, so that the bodies of thousands
        of pages are never all held at once."""
        self.content = ""
        self.meta["title"] = self.title  # the browser tab and header: escaped once, shown as text
        if not self.searchable:
            self.meta.setdefault("search", {"exclude": True})

    def fill(self) -> None:
        """The page's body and table of contents, from its template (on_page_context)."""
        html = self.site.env.get_template(self.template).render(
            page=self, links=self.site.links.at(self.url), **self.context())
        self.content = html
        self.toc = get_toc(list(_toc(html)))

    def release(self) -> None:
        """Once the page is written (on_post_page)."""
        self.content = ""


def _toc(html: str) -> Iterator[dict]:
    """Table-of-contents tokens (as Python-Markdown's toc extension makes them) of the
    page's h2 headings, nested under nothing: the page's sections."""
    for level, anchor, inner in _HEADING.findall(html):
        if level == "2":
            yield {"level": 2, "id": anchor, "name": inner, "html": inner, "data-toc-label": "", "children": []}


# --- briefings -----------------------------------------------------------------------------

class BriefingPage(SitePage):
    template = "briefing.html"
    searchable = True

    def __init__(self, site: Site, file: File, entry: Entry) -> None:
        super().__init__(site, file, entry.title)
        self.entry = entry

    def neighbours(self) -> tuple[Entry | None, Entry | None]:
        """(older, newer) by date."""
        at = self.site.position[self.entry.slug]
        entries = self.site.entries
        return (entries[at + 1] if at + 1 < len(entries) else None, entries[at - 1] if at > 0 else None)

    def context(self) -> dict[str, Any]:
        briefing = self.site.library.briefing(self.entry.slug)
        older, newer = self.neighbours()
        links = self.site.links.at(self.url)
        view = BriefingView(briefing, self.entry.slug, links) if briefing is not None else None
        story = self.site.story_of.get(self.entry.slug)
        others = [e for e in story.entries if e is not self.entry] if story else []
        return {"v": view, "sections": self.site.sections if view else [], "older": older, "newer": newer,
                "story": story, "others": others}

    def fingerprint(self) -> object:
        older, newer = self.neighbours()
        story = self.site.story_of.get(self.entry.slug)
        return (self.entry.mtime, *[(e.slug, e.title) if e else None for e in (older, newer)],
                tuple(self.site.links.actor_page(a.name) for a in self.entry.actors),
                (story.id, tuple((e.slug, e.title) for e in story.entries)) if story else None)

    def fill(self) -> None:
        super().fill()
        if "<h1" not in self.content:  # the JSON twin could not be read: say so on the page
            self.content = f'<h1 id="headline">{h(self.entry.title)}</h1><p>This briefing could not be read.</p>'


# --- lists ----------------------------------------------------------------------------------

def month_name(month: str) -> str:
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}" if month and 1 <= int(month[5:7]) <= 12 else "Undated"


class HomePage(SitePage):
    """A hand-written page (docs/index.md) that shows the newest briefings where it says
    `<!-- briefings-list -->`: its Markdown rendered as MkDocs renders any page, then the
    list put in. A page of the plugin's, so that serving re-renders it when the list changes."""

    template = "list.html"
    MARKER = "<!-- briefings-list -->"

    def __init__(self, site: Site, file: File) -> None:
        Page.__init__(self, None, file, site.config)
        self.site = site

    def render(self, config, files) -> None:  # noqa: ANN001
        Page.render(self, config, files)

    def fill(self) -> None:
        if self.MARKER in (self.content or ""):
            body = self.site.env.get_template(self.template).render(
                links=self.site.links.at(self.url), **list_context(self.site, 1))
            self.content = self.content.replace(self.MARKER, body, 1)

    def release(self) -> None:
        pass

    def fingerprint(self) -> object:
        return (self.file.content_string, tuple((e.slug, e.mtime) for e in list_context(self.site, 1)["entries"]),
                len(self.site.entries))


class ListPage(SitePage):
    """Page `number` (2, 3, ...) of the home page's list; page 1 is the home page itself."""

    template = "list.html"

    def __init__(self, site: Site, file: File, number: int) -> None:
        super().__init__(site, file, f"Briefings, page {number}")
        self.number = number

    def context(self) -> dict[str, Any]:
        return list_context(self.site, self.number, standalone=True)

    def fingerprint(self) -> object:
        return tuple((e.slug, e.mtime) for e in list_context(self.site, self.number)["entries"]) + (
            len(self.site.entries),)


def list_context(site: Site, number: int, standalone: bool = False) -> dict[str, Any]:
    size = site.per_page
    count = max(1, -(-len(site.entries) // size))
    entries = site.entries[(number - 1) * size: number * size]
    return {"entries": entries, "number": number, "count": count, "total": len(site.entries),
            "first": (number - 1) * size + 1, "standalone": standalone,
            "newer": ("index.md" if number == 2 else f"page/{number - 1}.md") if number > 1 else "",
            "older": f"page/{number + 1}.md" if number < count else ""}


class ArchivePage(SitePage):
    template = "archive.html"

    def context(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for e in self.site.entries:
            counts[e.month] = counts.get(e.month, 0) + 1
        return {"months": [(m, month_name(m), counts[m]) for m in self.site.months]}

    def fingerprint(self) -> object:
        return tuple(e.month for e in self.site.entries)


class MonthPage(SitePage):
    template = "month.html"

    def __init__(self, site: Site, file: File, month: str) -> None:
        super().__init__(site, file, f"Briefings: {month_name(month)}")
        self.month = month

    def entries(self) -> list[Entry]:
        return self.site.by_month.get(self.month, [])

    def context(self) -> dict[str, Any]:
        return {"entries": self.entries(), "name": month_name(self.month)}

    def fingerprint(self) -> object:
        return tuple((e.slug, e.mtime) for e in self.entries())


class ActorsPage(SitePage):
    template = "actors.html"

    def context(self) -> dict[str, Any]:
        return {"actors": self.site.actor_pages, "total": len(self.site.entries), "once": self.site.once,
                "once_count": sum(len(group) for _, group in self.site.once)}

    def fingerprint(self) -> object:
        return (tuple((a.key, a.name, a.count) for a in self.site.actor_pages),
                tuple((letter, len(group)) for letter, group in self.site.once))


class OncePage(SitePage):
    """Actors named in one briefing only, by initial: listed here and on their briefing,
    with no page of their own (most actors of a real archive)."""

    template = "once.html"

    def __init__(self, site: Site, file: File, letter: str, actors: list[Actor]) -> None:
        super().__init__(site, file, f"Actors named once: {letter.upper()}")
        self.letter, self.actors = letter, actors

    def context(self) -> dict[str, Any]:
        return {"letter": self.letter, "actors": self.actors}

    def fingerprint(self) -> object:
        return tuple((a.key, a.appearances[0][0].slug, a.appearances[0][0].title) for a in self.actors)


class ActorPage(SitePage):
    template = "actor.html"

    def __init__(self, site: Site, file: File, actor: Actor) -> None:
        super().__init__(site, file, actor.name)
        self.actor = actor

    def stories(self) -> list[Story]:
        """The stories (of two or more outlets' articles) it appears in, newest first."""
        found = {id(s): s for e, _, _ in self.actor.appearances if (s := self.site.story_of.get(e.slug))}
        return sorted(found.values(), key=lambda s: (s.last or "", s.id), reverse=True)

    def context(self) -> dict[str, Any]:
        return {"actor": self.actor, "stories": self.stories()}

    def fingerprint(self) -> object:
        return (self.actor.name, tuple((e.slug, e.mtime) for e, _, _ in self.actor.appearances),
                tuple((s.id, s.headline) for s in self.stories()))


# --- stories ----------------------------------------------------------------------------------

class StoryPage(SitePage):
    """One event across outlets, claim by claim: the comparison `generate` wrote
    (generator/stories/compare.py), read when the page is made."""

    template = "story.html"

    def __init__(self, site: Site, file: File, story: Story) -> None:
        super().__init__(site, file, story.headline)
        self.story = story

    def context(self) -> dict[str, Any]:
        from .data import read_story

        view = read_story(self.story)
        by_slug = {e.slug: e for e in self.story.entries}
        return {"story": self.story, "view": view, "entries": by_slug, "outlets": self.site.outlets,
                "outlet_of": {e.slug: e.publisher or "unnamed outlet" for e in self.story.entries}}

    def fingerprint(self) -> object:
        return (self.story.mtime, tuple((e.slug, e.title) for e in self.story.entries), self.site.outlets_stamp)


class StoriesPage(SitePage):
    """The stories of two or more articles, newest first, `per_page` a page."""

    template = "stories.html"

    def __init__(self, site: Site, file: File, number: int) -> None:
        super().__init__(site, file, "Stories" if number == 1 else f"Stories, page {number}")
        self.number = number

    def context(self) -> dict[str, Any]:
        size = self.site.per_page
        count = max(1, -(-len(self.site.stories) // size))
        return {"stories": self.site.stories[(self.number - 1) * size: self.number * size], "number": self.number,
                "count": count, "total": len(self.site.stories),
                "newer": ("stories/index.md" if self.number == 2 else f"stories/page/{self.number - 1}.md")
                if self.number > 1 else "",
                "older": f"stories/page/{self.number + 1}.md" if self.number < count else ""}

    def fingerprint(self) -> object:
        return tuple((s.id, s.headline, s.last, len(s.entries)) for s in self.context()["stories"]) + (
            len(self.site.stories),)
