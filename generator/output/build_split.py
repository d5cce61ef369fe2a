"""MkDocs hook: build the site's pages in more than one process.

MkDocs renders and writes one page after another in one Python process, and Python
threads do not share this CPU-bound work between cores. At 5,000 briefings that loop is
most of `mkdocs build`, so once the nav is known (`on_nav`, after every hook has added
its pages) this hook forks: each worker process renders and writes its share of the
pages that are not in the nav (briefings, actor, archive and home pages, dealt out in
turn), and the main process the rest. What a plugin collects from the pages it sees is
sent back to the main process before the plugins write their files (`on_post_build`):

- a hook taking part defines `build_split_take()` (what it collected, picklable) and
  `build_split_merge(part)` (adds a worker's part); site_hooks and search_index do;
- the feed plugin (mkdocs-rss-plugin): the feed items of the worker's briefings;
- Material's tags plugin needs nothing back as long as it writes no tags.json
  (`export: false`) and no hand-written page lists tags;
- the worker's warnings and errors are logged again by the main process, so
  `--strict` counts them; a worker that fails fails the build.

Any other plugin, `mkdocs serve`, a dirty build, a machine with one core, a small site
(MIN_PAGES) or BRIEFINGS_BUILD_JOBS=1 builds in one process, as MkDocs does. The site is
the same either way (a test builds it both ways and compares every file).

Before any of that, the last build's site is removed by another process while this one
reads the briefings (`on_pre_build`): MkDocs deletes it file by file before it reads
anything, 17,000 files and several seconds at 5,000 briefings.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.build_split")

JOBS_ENV = "BRIEFINGS_BUILD_JOBS"
MIN_PAGES = 400
"""Below this many pages a second process saves less than it costs to start."""
FEED_PLUGIN = "rss"
TAGS_PLUGIN = "material/tags"
TAGS_LISTING = "<!-- material/tags"


@dataclass
class _Split:
    command: str = ""
    """Set by `on_startup`, which only the `mkdocs` command runs: a build started another way
    (MkDocs' `build()` called from Python, which may be dirty) stays in one process."""
    dirty: bool = False
    worker: int = 0
    """0 in the main process, k in worker k."""
    pipe: int = -1
    """A worker's end of its pipe to the main process."""
    children: list[tuple[int, int]] = field(default_factory=list)
    """(pid, read end) of each worker, in the main process."""
    moved: list[tuple[File, InclusionLevel]] = field(default_factory=list)
    """The pages (and copied files) the workers build, with their inclusion before this hook excluded them here."""
    nav_pages: list[File] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)
    """A page's source path -> its place among the site's pages (to merge in MkDocs' order)."""
    files: Files | None = None
    nav: object = None
    env: object = None
    records: list[tuple[int, str]] = field(default_factory=list)
    sitemap: bool = False
    """The main process writes sitemap.xml after the workers, not before the pages."""


_split = _Split()


def jobs() -> int:
    """How many processes build the pages: BRIEFINGS_BUILD_JOBS, else one per core (at most 4)."""
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            log.warning("%s=%r is not a number; building in one process", JOBS_ENV, configured)
            return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


def on_startup(command, dirty) -> None:
    _split.command, _split.dirty = command, dirty


@event_priority(-100)  # last: MkDocs cleans site_dir right after this event
def on_pre_build(config) -> None:
    global _split
    _split = _Split(command=_split.command, dirty=_split.dirty)
    _clear_old_site(config)


OLD_SITE = ".old-site-"
"""The hidden folder in site_dir the last build's files are moved into, to be deleted by
another process (MkDocs leaves hidden entries of site_dir alone)."""


@dataclass
class _Cleaner:
    pid: int = 0
    folder: str = ""


_cleaner = _Cleaner()


def _clear_old_site(config) -> None:
    """Move what MkDocs is about to delete (site_dir's entries but hidden ones) into one
    hidden folder there, and delete that in a child process while the build goes on.
    Renames within one folder are instant; an entry that cannot be renamed (another file
    system mounted there) is left for MkDocs to delete, as it would have."""
    global _cleaner
    site = config.site_dir
    if not _mkdocs_cleans() or os.path.islink(site) or not os.path.isdir(site):
        return
    if jobs() < 2 or _one_off_build() is not None:  # MkDocs deletes; this, what a killed build left
        for entry in os.listdir(site):
            if entry.startswith(OLD_SITE):
                shutil.rmtree(os.path.join(site, entry), ignore_errors=True)
        return

    def moved(entry: str) -> bool:  # what MkDocs' clean_directory deletes (a linked folder it keeps)
        path = os.path.join(site, entry)
        return entry.startswith(OLD_SITE) or not (entry.startswith(".") or (os.path.islink(path) and os.path.isdir(path)))

    try:
        entries = [e for e in os.listdir(site) if moved(e)]
        if not entries:
            return
        folder = tempfile.mkdtemp(prefix=OLD_SITE, dir=site)
    except OSError:
        return
    for entry in entries:  # listed before `folder` was made: it is not among them
        try:
            os.rename(os.path.join(site, entry), os.path.join(folder, entry))
        except OSError:
            pass
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            shutil.rmtree(folder)
        except BaseException:  # noqa: BLE001 - the main process deletes what is left
            code = 1
        os._exit(code)
    _cleaner = _Cleaner(pid, folder)


def _old_site_gone() -> None:
    """Wait for the process deleting the last build's site; delete what it left."""
    global _cleaner
    cleaner, _cleaner = _cleaner, _Cleaner()
    if not cleaner.pid:
        return
    try:
        os.waitpid(cleaner.pid, 0)
    except OSError:
        pass
    shutil.rmtree(cleaner.folder, ignore_errors=True)
    if os.path.exists(cleaner.folder):  # a warning: `--strict` (and so the Pages workflow) stops here
        log.warning("The last build's files could not all be deleted from %s: delete that folder "
                    "and build again", cleaner.folder)


def _mkdocs_cleans() -> bool:
    """Whether this build starts by emptying site_dir: `mkdocs build` and `gh-deploy`, not dirty."""
    return _split.command in ("build", "gh-deploy") and not _split.dirty


def _one_off_build() -> str | None:
    """Why this process must not fork (None: it may): only `mkdocs build` and `gh-deploy`,
    not dirty, with no other thread running (`mkdocs serve --clean` rebuilds as a "build",
    with its server's threads; a fork copies none of them and may copy a lock they hold)."""
    if not hasattr(os, "fork"):
        return "no fork() on this system"
    if not _mkdocs_cleans():
        return f"`mkdocs {_split.command or '(not the command line)'}`" + (" --dirty" if _split.dirty else "")
    if threading.active_count() > 1:
        return "other threads are running"
    return None


def _why_not(config, files: Files, count: int, processes: int) -> str | None:
    """Why this build stays in one process (None: it can be split)."""
    if processes < 2:
        return "one process asked for"
    if (why := _one_off_build()) is not None:
        return why
    if count < MIN_PAGES:
        return f"{count} pages"
    from mkdocs.commands import build

    if not callable(getattr(build, "_build_theme_template", None)):  # rewrites sitemap.xml (_sitemap)
        return "this MkDocs has no _build_theme_template"
    for name, plugin in config.plugins.items():
        if name == FEED_PLUGIN and hasattr(plugin, "pages_to_filter"):
            continue
        if name == TAGS_PLUGIN and not plugin.config.export:
            if any(TAGS_LISTING in _source(f) for f in files.documentation_pages() if not f.generated_by):
                return "a page lists tags"
            continue
        if _takes_part(plugin):
            continue
        if getattr(plugin, "__name__", "").endswith("build_split.py"):
            continue
        return f"the plugin {name!r} does not take part"
    return None


def _takes_part(plugin) -> bool:
    """A plugin or hook that sends what it collected back from a worker (see the module's text)."""
    return callable(getattr(plugin, "build_split_take", None)) and callable(getattr(plugin, "build_split_merge", None))


def _source(file: File) -> str:
    try:
        return file.content_string
    except (OSError, ValueError):
        return ""


@event_priority(-100)  # last: every page is in `files` and the nav is made
def on_nav(nav, config, files: Files):
    _split.nav, _split.files = nav, files
    pages = files.documentation_pages()
    processes = min(jobs(), max(1, len(pages) // (MIN_PAGES // 2)))
    why = _why_not(config, files, len(pages), processes)
    if why is not None:
        log.debug("pages built in one process: %s", why)
        return nav
    in_nav = {page.file.src_uri for page in nav.pages}
    _split.order = {f.src_uri: n for n, f in enumerate(pages)}
    movable = [f for f in pages if f.src_uri not in in_nav]
    shares = [movable[k::processes] for k in range(processes)]
    # the files hooks add for MkDocs to copy (the briefings' JSON twins): dealt out too
    copied = [f for f in files if f.generated_by and not f.is_documentation_page() and f.inclusion.is_included()]
    for k in range(processes):
        shares[k] += copied[k::processes]
    _split.nav_pages = [f for f in pages if f.src_uri in in_nav]
    # Objects made so far are shared with the workers until a process writes to them;
    # the cyclic GC writes to every object it scans, so it is told to leave these alone
    # (gc.freeze, as the gc module's documentation advises before a fork).
    gc.freeze()
    for k in range(1, processes):
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # worker k
            os.close(read)
            for _, other in _split.children:
                os.close(other)
            _split.children = []
            _split.worker, _split.pipe = k, write
            _cleaner.pid = 0  # the main process waits for it
            _become_worker(config, files, shares[k])
            return nav
        os.close(write)
        _split.children.append((pid, read))
    for file in (f for share in shares[1:] for f in share):
        _split.moved.append((file, file.inclusion))
        file.inclusion = InclusionLevel.EXCLUDED
    if "sitemap.xml" in config.theme.static_templates:  # written once, with every page, at the end
        config.theme.static_templates.discard("sitemap.xml")
        _split.sitemap = True
    log.debug("pages built in %d processes", processes)
    return nav


class _Forward(logging.Handler):
    """A worker's warnings and errors, kept to be logged by the main process."""

    def emit(self, record: logging.LogRecord) -> None:
        _split.records.append((record.levelno, record.getMessage()))


def _become_worker(config, files: Files, share: list[File]) -> None:
    """Leave this process its share of the pages and copied files (and the nav's pages,
    read for their titles but not written), and nothing else to copy or write."""
    own = {f.src_uri for f in share} | {f.src_uri for f in _split.nav_pages}
    for file in files:
        if file.src_uri not in own:
            file.inclusion = InclusionLevel.EXCLUDED
    config.theme.static_templates.clear()  # sitemap.xml, 404.html: the main process writes them
    config.extra_templates = []
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = _Forward(logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False


@event_priority(-100)
def on_env(env, config, files):
    _split.env = env
    if _split.worker:  # the nav's pages are the main process's to write
        for file in _split.nav_pages:
            file.inclusion = InclusionLevel.EXCLUDED
    return env


@event_priority(100)  # first: the workers' parts are in before any plugin writes its files
def on_post_build(config) -> None:
    if _split.worker:
        _send(config, failed=None)
    _old_site_gone()
    gc.unfreeze()
    if not _split.children:
        return
    parts = _collect()
    feed = config.plugins.get(FEED_PLUGIN)
    for part in parts:
        for name, plugin in config.plugins.items():
            if name in part["plugins"]:
                plugin.build_split_merge(part["plugins"][name])
        if feed is not None:
            feed.pages_to_filter.extend(part["feed"])
    if feed is not None:  # in MkDocs' page order, as one process would have them
        end = len(_split.order)
        feed.pages_to_filter.sort(key=lambda item: _split.order.get(
            getattr(item._mkdocs_page_ref, "src_uri", ""), end))
    _sitemap(config)


def on_build_error(error) -> None:
    if _split.worker:
        _send(None, failed=f"{type(error).__name__}: {error}")
    for pid, read in _split.children:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass
        os.close(read)
    _split.children = []
    _old_site_gone()
    gc.unfreeze()


def _send(config, failed: str | None) -> None:
    """The worker's last act: its collected parts and messages to the main process, then exit."""
    code = 1 if failed else 0
    try:
        plugins = {}
        feed: list = []
        if config is not None:
            plugins = {name: plugin.build_split_take() for name, plugin in config.plugins.items()
                       if _takes_part(plugin)}
            plugin = config.plugins.get(FEED_PLUGIN)
            feed = list(getattr(plugin, "pages_to_filter", []) or [])
        data = pickle.dumps({"records": _split.records, "plugins": plugins, "feed": feed, "failed": failed},
                            protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(_split.pipe, view):]
        os.close(_split.pipe)
    except BaseException as exc:  # noqa: BLE001 - nothing may run on in a worker: the main process reports it
        code = 2
        try:
            os.write(2, f"error: a build process could not send its pages' data: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
    os._exit(code)


def _collect() -> list[dict]:
    """Each worker's part, once it has ended; its messages logged here (so `--strict`
    counts its warnings)."""
    parts, problems = [], []
    for pid, read in _split.children:
        chunks = []
        while chunk := os.read(read, 1 << 20):
            chunks.append(chunk)
        os.close(read)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        try:
            part = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a worker that died before it had sent everything
            part = None
        for level, message in part["records"] if part else []:
            log.log(level, "%s", message)
        if part is None or part["failed"] or code != 0:
            problems.append((part or {}).get("failed") or f"a build process ended with code {code}")
        else:
            parts.append(part)
    _split.children = []
    if problems:
        raise PluginError("Building pages in a second process failed: " + "; ".join(problems)
                          + f" (set {JOBS_ENV}=1 to build in one process)")
    return parts


def _sitemap(config) -> None:
    """sitemap.xml, with the workers' pages (MkDocs writes it before any page, which in
    this process would be from its own pages only)."""
    from mkdocs.commands.build import _build_theme_template

    for file, inclusion in _split.moved:
        file.inclusion = inclusion
        if file.page is None and file.is_documentation_page():
            Page(None, file, config)  # as MkDocs makes one for a page not in the nav
    if _split.sitemap:
        config.theme.static_templates.add("sitemap.xml")
        if _split.env is not None:
            _build_theme_template("sitemap.xml", _split.env, _split.files, config, _split.nav)
