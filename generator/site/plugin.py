"""The site: one MkDocs plugin (`briefings` in mkdocs.yml) that publishes the briefings that
`generate` wrote and builds the pages that connect them.

It reads `briefings/*.json` (never the Markdown beside them, which is for people) through
`Briefing.from_dict`, and adds to MkDocs' files one page object per briefing, per actor named
in more than one briefing, per list page (the home page's list, `page/N/`, the archive by
month, the actors index), each rendered from a Jinja template (pages.py, templates/). After
the pages it writes the search index (search.py) and the feeds (feed.py). While `mkdocs
serve` runs it also watches the articles folder and regenerates what changed (serve.py).

The event order, in one place: startup -> config (options, folders checked) -> pre_build
(serve: regenerate) -> files (briefings read, pages added) -> nav -> env -> pages (MkDocs
renders each page, ours through their templates) -> post_build (search index, feeds).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import feed, search
from .data import Actor, Entry, Library, Story, load_stories, merge_actors
from .pages import (ActorPage, ActorsPage, ArchivePage, BriefingPage, HomePage, ListPage, MonthPage, OncePage,
                    PageFile, SitePage, StoriesPage, StoryPage)
from .render import Links, environment, sections

log = logging.getLogger("mkdocs.plugins.briefings")

class BriefingsConfig(base.Config):
    briefings_dir = c.Dir(exists=False, default="briefings")
    """The folder `generate` writes (relative to mkdocs.yml)."""
    seeds_dir = c.Optional(c.Dir(exists=False))
    """The articles folder: while serving, a change there regenerates its briefings."""
    backend = c.Choice(("extractive", "auto", "llm"), default="extractive")
    """The backend of that regeneration (`generate --backend`)."""
    per_page = c.Type(int, default=50)
    """Briefings per page of the home page's list."""
    search = c.Choice(("split", "material", "none"), default="split")
    """`split`: the site's own split index (search.py); `material`: Material's search plugin
    (list it under plugins too; its single index suits a small site); `none`."""
    feed_length = c.Type(int, default=20)
    outlets_file = c.Type(str, default="sources.yml")
    """Where the site's owner describes outlets (`outlets:` in fetch's sources.yml: country,
    owner, lean, note, in the owner's words), shown on story pages as the owner's."""


class Site:
    """One build's view of the briefings, shared by the page objects."""

    def __init__(self, plugin: BriefingsPlugin, config) -> None:  # noqa: ANN001
        self.config = config
        self.library = plugin.library
        self.env = plugin.env
        self.sections = plugin.sections
        self.per_page = plugin.config.per_page
        self.printed = plugin.printed
        self.epoch = plugin.epoch
        self.entries: list[Entry] = []
        self.position: dict[str, int] = {}
        self.by_month: dict[str, list[Entry]] = defaultdict(list)
        self.months: list[str] = []
        self.actors: dict[str, Actor] = {}
        self.actor_pages: list[Actor] = []
        self.once: list[tuple[str, list[Actor]]] = []
        self.links = Links({})
        self.pages: list[SitePage] = []
        self.stories: list[Story] = []
        self.story_of: dict[str, Story] = {}
        """Briefing slug -> its story, for briefings in a story of two or more."""
        self.outlets: dict[str, dict[str, str]] = plugin.outlets
        self.outlets_stamp = plugin.outlets_stamp

    def changed(self, page: SitePage) -> bool:
        """For `mkdocs serve --dirty`: does the page show something else than at the last build?"""
        if not os.path.isfile(page.file.abs_dest_path):
            return True
        return self.printed.get(page.file.src_uri) != (self.epoch, page.fingerprint())


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.library = Library()
        self.printed: dict[str, object] = {}
        """Source path -> (epoch, fingerprint) of each page as last written (serve --dirty)."""
        self.epoch: object = None
        self.site: Site | None = None
        self.env = None
        self.sections: list[str] = []
        self.search_docs = search.Collector()
        self.theme_cache = TemplateCache()
        self.regenerator = None
        self.outlets: dict[str, dict[str, str]] = {}
        self.outlets_stamp: object = None

    # --- events, in the order MkDocs runs them ---------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also makes MkDocs keep this plugin across the builds of one `mkdocs serve`."""
        self.command = command

    def on_config(self, config):  # noqa: ANN001, ANN201
        if self.config.per_page < 1:
            raise ConfigurationError("plugins.briefings.per_page must be 1 or more")
        _refuse_overlaps(config, self.config)
        overrides = [Path(d) / "briefings" for d in config.theme.dirs if (Path(d) / "briefings").is_dir()]
        epoch = _epoch(config, overrides)
        if self.env is None or epoch != self.epoch:  # kept while serving: templates compiled once
            self.env = environment(overrides)
            self.sections = sections(self.env)
            self.theme_cache = TemplateCache()
        self.epoch = epoch
        self._read_outlets(config)
        return config

    def _read_outlets(self, config) -> None:  # noqa: ANN001
        from generator.fetch.sources import SourcesError, outlet_notes

        base = Path(config.config_file_path).parent if config.config_file_path else Path()
        path = base / self.config.outlets_file
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            self.outlets, self.outlets_stamp = {}, None
            return
        if stamp != self.outlets_stamp:
            try:
                self.outlets = outlet_notes(path)
            except SourcesError as exc:
                log.warning("briefings: outlet descriptions not shown: %s", exc)
                self.outlets = {}
            self.outlets_stamp = stamp

    def on_pre_build(self, *, config) -> None:  # noqa: ANN001
        if self.command == "serve" and self.config.seeds_dir:
            from .serve import Regenerator

            if self.regenerator is None:
                self.regenerator = Regenerator(Path(self.config.seeds_dir), Path(self.config.briefings_dir),
                                               self.config.backend)
            self.regenerator.run_if_changed()

    def on_files(self, files: Files, *, config) -> Files:  # noqa: ANN001
        site = self.site = Site(self, config)
        folder = Path(self.config.briefings_dir)
        self.search_docs.start(config, self.config.search == "split", serving=self.command == "serve")
        site.entries = self.library.load(folder, on_read=self.search_docs.briefing_read)
        site.position = {e.slug: i for i, e in enumerate(site.entries)}
        for e in site.entries:
            site.by_month[e.month].append(e)
        site.months = sorted(site.by_month, reverse=True)
        site.actors, alias = merge_actors(site.entries)
        site.actor_pages = sorted((a for a in site.actors.values() if a.count > 1),
                                  key=lambda a: (-a.count, a.name.lower()))
        once: dict[str, list[Actor]] = defaultdict(list)
        for actor in sorted(site.actors.values(), key=lambda a: a.name.lower()):
            if actor.count == 1:
                once[_initial(actor.key)].append(actor)
        site.once = sorted(once.items())
        site.stories = load_stories(folder, site.entries)
        site.story_of = {e.slug: story for story in site.stories for e in story.entries}

        def add(page_class, uri: str, *args) -> None:  # noqa: ANN001
            if files.get_file_from_path(uri) is not None:  # a hand-written page of that name wins
                return
            made = PageFile.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(made)
            site.pages.append(page_class(site, made, *args))

        for home in [f for f in files.documentation_pages() if f.src_uri.endswith(".md")
                     and HomePage.MARKER in _text(f)]:
            files.remove(home)
            made = PageFile.generated(config, home.src_uri, content=home.content_string, inclusion=home.inclusion)
            files.append(made)
            site.pages.append(HomePage(site, made))
        for e in site.entries:
            add(BriefingPage, f"briefings/{e.slug}.md", e)
            twin = folder / f"{e.slug}.json"
            files.append(File.generated(config, f"briefings/{e.slug}.json", abs_src_path=str(twin)))
        add(ActorsPage, "actors/index.md", "Actors")
        for actor in site.actor_pages:
            add(ActorPage, f"actors/{actor.key}.md", actor)
        for letter, group in site.once:
            add(OncePage, f"actors/once/{letter}.md", letter, group)
        for number in range(1, max(1, -(-len(site.stories) // site.per_page)) + 1):
            add(StoriesPage, "stories/index.md" if number == 1 else f"stories/page/{number}.md", number)
        for story in site.stories:
            add(StoryPage, f"stories/{story.id}.md", story)
        add(ArchivePage, "archive/index.md", "Archive by month")
        for month in site.months:
            add(MonthPage, f"archive/{month or 'undated'}.md", month)
        for number in range(2, max(1, -(-len(site.entries) // site.per_page)) + 1):
            add(ListPage, f"page/{number}.md", number)
        site.links = Links({f.src_uri: f.url for f in files})
        site.links.actor_keys = {name: f"actors/{key}.md" for name, key in alias.items()
                                 if key in site.actors and site.actors[key].count > 1}
        return files

    def on_nav(self, nav, *, config, files):  # noqa: ANN001, ANN201
        from .fragments import Fragments

        self.fragments = Fragments(nav, config, [p.file.src_uri for p in self.site.pages])
        return nav

    def on_env(self, env, *, config, files):  # noqa: ANN001, ANN201
        if self.command == "serve":  # MkDocs makes a new theme environment for every rebuild
            env.bytecode_cache = self.theme_cache
        env.globals["site_fragments"] = self.fragments
        env.globals["briefings_search"] = self.config.search
        return env

    @event_priority(100)  # before any other plugin reads the page's content
    def on_page_context(self, context, *, page, config, nav):  # noqa: ANN001, ANN201
        if isinstance(page, SitePage):
            page.fill()
        return context

    def on_post_page(self, output: str, *, page, config) -> str:  # noqa: ANN001
        if isinstance(page, SitePage):
            page.release()
            if self.command == "serve":  # only `serve --dirty` asks what changed
                self.printed[page.file.src_uri] = (self.epoch, page.fingerprint())
        elif self.config.search == "split":
            self.search_docs.page_built(page)
        return output

    def on_post_build(self, *, config) -> None:  # noqa: ANN001
        site = self.site
        if site is None:
            return
        if self.config.search == "split":
            self.search_docs.write(site, Path(config.site_dir))
        feed.write(site.entries, config, Path(config.site_dir), self.config.feed_length)

    def on_serve(self, server, *, config, builder):  # noqa: ANN001, ANN201
        """Watch the briefings (and the articles, when `seeds_dir` is set): a change rebuilds."""
        for folder in (self.config.briefings_dir, self.config.seeds_dir):
            if folder and Path(folder).is_dir():
                server.watch(str(Path(folder).resolve()))
        return server


class TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory across the rebuilds of one `mkdocs serve`
    (Jinja's own bytecode cache interface): compiling Material's templates was a second of
    every rebuild."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _text(file: File) -> str:
    try:
        return file.content_string
    except (OSError, ValueError):
        return ""


def _initial(key: str) -> str:
    return key[0] if key[:1].isalpha() else "0"


def _epoch(config, overrides: list[Path]) -> object:  # noqa: ANN001
    """What every page depends on besides its data: the config file and the templates.
    A change to any of them re-renders every page while serving."""
    from .render import TEMPLATES

    stamps = []
    for folder in [TEMPLATES, *overrides, *(Path(d) for d in config.theme.dirs[:1])]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stamps.append((str(path), path.stat().st_mtime_ns))
    if config.config_file_path and os.path.isfile(config.config_file_path):
        stamps.append((config.config_file_path, os.stat(config.config_file_path).st_mtime_ns))
    return hash(tuple(stamps))


def _refuse_overlaps(config, options: BriefingsConfig) -> None:  # noqa: ANN001
    """`site_dir` is emptied on every build: refuse it when it is, holds or is inside a folder
    the project keeps (the briefings, the articles, docs/, the project itself)."""
    site = Path(config.site_dir).resolve()
    project = Path(config.config_file_path).resolve().parent if config.config_file_path else None
    kept = {"the briefings folder (plugins.briefings.briefings_dir)": options.briefings_dir,
            "the articles folder (plugins.briefings.seeds_dir)": options.seeds_dir,
            "docs_dir": config.docs_dir, "the project folder (where mkdocs.yml is)": project}
    for name, folder in kept.items():
        if not folder:
            continue
        folder = Path(folder).resolve()
        if site == folder:
            how = "is"
        elif site in folder.parents:
            how = "contains"
        elif folder in site.parents and folder != project:  # site/ inside the project is the default
            how = "is inside"
        else:
            continue
        raise ConfigurationError(f"site_dir '{site}' {how} {name} '{folder}': building would delete it; "
                                 "choose a site_dir of its own (the default is 'site')")
