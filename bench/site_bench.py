"""The published site at scale: build time, memory and what a reader downloads. Figures, not tests.

    .venv/bin/python bench/site_bench.py [N] [--query WORD ...] [--keep DIR]

Takes the XSum dev articles (../shared/eval-data/xsum_dev_700.jsonl, or
EVAL_DATA=folder), turns each into a briefing once with the offline backend
(cached under $TMPDIR/site-bench, keyed by the generator's source, so a change
to the renderer regenerates them; about 2 minutes for 700 on 2 cores), then
copies those briefings to N (default 5,000) with distinct slugs, titles and
dates, and prints:

- `mkdocs build` of the N briefings (BRIEFINGS_DIR, as the hook reads it):
  seconds, peak memory of the largest process and of the whole process tree (PSS:
  pages a forked worker shares with the main process counted once);
- the size of site/ (and of the search index within it);
- the bytes Chromium downloads to open the home page, and then for one search
  typed into the header's search box (each query in a fresh browser with an
  empty cache), as served (no compression) and as gzip would send them (GitHub
  Pages compresses text).

Targets (issue 12) on this 2-core machine: build <= 25 s, <= 300 MB,
home page <= 200 KB, one search <= 1 MB. Nothing here asserts: the machine's
load moves the figures, so read them, and run it twice.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = Path(os.environ.get("EVAL_DATA", ROOT.parent / "shared" / "eval-data")) / "xsum_dev_700.jsonl"
CACHE = Path(tempfile.gettempdir()) / "site-bench"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEFAULT_QUERIES = ["minister", "police said", "Scotland"]


def env() -> dict[str, str]:
    """The offline environment: no LLM settings leak in from the shell."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING"))}
    out["NO_MKDOCS_2_WARNING"] = "1"
    return out


SITE_ONLY = {"site_hooks.py", "search_index.py", "build_split.py", "plain_markdown.py"}
"""Modules of the site build, not of `generate`: a change to them keeps the cached briefings."""


def source_key() -> str:
    """A hash of everything that shapes a generated briefing: the generator's code and the data.
    The cached base briefings are reused only while this is unchanged."""
    digest = hashlib.sha256(DATA.read_bytes())
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.name in SITE_ONLY:
            continue
        if path.is_file() and path.suffix in {".py", ".tsv", ".txt", ".md"}:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def base_briefings() -> Path:
    """The XSum dev articles as briefings, generated once per version of the generator."""
    folder = CACHE / f"base-{source_key()}"
    if (folder / ".done").is_file():
        print(f"base briefings: reusing {folder}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    seeds = CACHE / "seeds"
    shutil.rmtree(seeds, ignore_errors=True)
    seeds.mkdir(parents=True)
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, row in enumerate(rows):
        title = row["highlights"][:90].rstrip(". ").replace('"', "'")
        (seeds / f"a{i:04d}.md").write_text(
            f'---\ntitle: "{title}"\ndate: 2024-01-{i % 28 + 1:02d}\npublisher: BBC News\n---\n\n'
            f"{row['article']}\n", encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "generate"), "--input", str(seeds), "--output", str(folder),
                             "--backend", "extractive", "-q"], capture_output=True, text=True, env=env(),
                            cwd=ROOT)
    if result.returncode not in (0, 1) or not any(folder.glob("*.json")):  # 1: some articles failed
        sys.exit(f"error: generate failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    (folder / ".done").write_text("")
    print(f"base briefings: generated {len(rows)} in {time.perf_counter() - started:.0f} s into {folder}")
    return folder


def vary(base: Path, count: int, out: Path) -> None:
    """Copy the base briefings to `count`, each copy with its own slug, title and date.

    Every file named after a briefing's slug is copied (whatever the renderer
    writes beside the page), the slug renamed inside, and the title and date
    replaced in each of the forms the renderer writes them in (plain, Markdown-
    escaped, HTML-escaped, JSON-quoted)."""
    from generator.output.render import attr, text

    groups: list[tuple[str, dict]] = []
    for path in sorted(base.glob("*.json")):
        if path.name == "manifest.json":
            continue
        groups.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    out.mkdir(parents=True)
    first = dt.date(2019, 1, 1)
    for i in range(count):
        slug, data = groups[i % len(groups)]
        copy = i // len(groups)
        new_slug = slug if copy == 0 else f"{slug}-{copy + 1}"
        title = str(data.get("title", slug))
        old_date = str(data.get("source", {}).get("date", ""))
        new_date = (first + dt.timedelta(days=(i * 7) % 2400)).isoformat()
        suffix = "" if copy == 0 else f" – set {copy + 1}"
        pairs = [(f(title), f(title + suffix)) for f in (str, text, attr, lambda s: json.dumps(attr(s), ensure_ascii=False)[1:-1])]
        pairs = sorted(dict(pairs).items(), key=lambda p: len(p[0]), reverse=True)
        for src in base.glob(f"{glob_escape(slug)}.*"):
            body = src.read_text(encoding="utf-8")
            body = re.sub(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", new_slug, body)
            if suffix:
                body = re.sub("|".join(re.escape(a) for a, _ in pairs),
                              lambda m, d=dict(pairs): d[m.group(0)], body)
            if old_date:
                body = body.replace(old_date, new_date)
            (out / (new_slug + src.name[len(slug):])).write_text(body, encoding="utf-8")


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def build(briefings: Path, site: Path, config: Path, jobs: int | None = None
          ) -> tuple[float, float, float, float, subprocess.CompletedProcess | None]:
    """`mkdocs build` as a user runs it: (seconds, CPU seconds, largest process MB, process tree MB,
    failure). CPU seconds (user + system, the build and what it starts) move less than wall
    seconds when other work shares the machine."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env() | {"BRIEFINGS_DIR": str(briefings)}
                            | ({"BRIEFINGS_BUILD_JOBS": str(jobs)} if jobs else {}),
                            cwd=ROOT)
    tree_peak = 0
    stop = threading.Event()

    def sample() -> None:  # the sum over mkdocs and whatever it starts (forked build workers)
        nonlocal tree_peak
        parent = psutil.Process(proc.pid)
        while not stop.is_set():
            with contextlib.suppress(psutil.Error):
                procs = [parent, *parent.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        # PSS: memory a forked worker still shares with its parent counted once,
                        # not in each (RSS would count it twice)
                        total += p.memory_full_info().pss if len(procs) > 1 else p.memory_info().rss
                tree_peak = max(tree_peak, total)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    failed = None
    if proc.returncode != 0:
        failed = subprocess.CompletedProcess(proc.args, proc.returncode, output.decode(errors="replace"), "")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_peak / 2**20, failed


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Downloads:
    """Every file a page fetched, sized from the site folder the test server sends it from:
    as served (this server does not compress) and as gzip would send it (GitHub Pages
    compresses text). Read from disk, not from the browser, whose response bodies are
    not always kept."""

    def __init__(self, site: Path, base: str) -> None:
        self.site, self.base = site, base
        self.items: list[tuple[str, int, int]] = []

    def on_request(self, request) -> None:  # type: ignore[no-untyped-def]
        url = request.url.split("#", 1)[0].split("?", 1)[0]
        if not url.startswith(self.base):
            return
        path = self.site / unquote(url[len(self.base):])
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            body = path.read_bytes()
            self.items.append((url, len(body), len(gzip.compress(body, 6))))

    def total(self, since: int = 0) -> tuple[int, int, int]:
        part = self.items[since:]
        return sum(r for _, r, _ in part), sum(g for _, _, g in part), len(part)

    def largest(self, since: int = 0, n: int = 3) -> str:
        part = sorted(self.items[since:], key=lambda x: x[1], reverse=True)[:n]
        return ", ".join(f"{u[len(self.base):] or '/'} {r / 1024:.0f} KB" for u, r, _ in part)


def browse(site: Path, queries: list[str]) -> dict[str, tuple[int, int]]:
    """Print the downloads of the home page and of each query; return them (raw, gzipped bytes)."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, tuple[int, int]] = {}
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n, query in enumerate(queries):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                seen = Downloads(site, url)
                page.on("requestfinished", seen.on_request)
                page.goto(url, wait_until="networkidle")
                page.wait_for_timeout(1500)  # late fetches of the page (Material's) are the page's, not the search's
                if n == 0:
                    raw, zipped, count = seen.total()
                    figures["home"] = (raw, zipped)
                    print(f"home page: {raw / 1024:8.0f} KB as served, {zipped / 1024:6.0f} KB gzipped, "
                          f"{count} files (largest: {seen.largest()})")
                before = len(seen.items)
                started = time.perf_counter()
                button = page.locator("label.md-header__button[for=__search]").first
                if button.is_visible():  # phones: the box opens from the header's button
                    button.click()
                box = page.locator("input.md-search__input")
                box.click()
                box.type(query, delay=40)
                try:
                    page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    shown, settled = -1, page.locator(".md-search-result__item").count()
                    while shown != settled:  # results of a shorter prefix may still be on screen
                        shown = settled
                        page.wait_for_timeout(300)
                        settled = page.locator(".md-search-result__item").count()
                except Exception as exc:  # noqa: BLE001 - report, keep measuring the rest
                    print(f"search {query!r}: no result shown ({type(exc).__name__})")
                    context.close()
                    continue
                took = time.perf_counter() - started
                raw, zipped, count = seen.total(before)
                figures[query] = (raw, zipped)
                print(f"search {query!r}: {raw / 1024:8.0f} KB as served, {zipped / 1024:6.0f} KB gzipped, "
                      f"{count} files, {shown} results shown after {took:.1f} s "
                      f"(largest: {seen.largest(before)})")
                context.close()
        finally:
            browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=5000)
    parser.add_argument("--query", action="append", help=f"search to measure (default: {DEFAULT_QUERIES})")
    parser.add_argument("--keep", type=Path, help="leave the briefings and site/ in this folder")
    parser.add_argument("--browse-only", type=Path, metavar="SITE",
                        help="only measure the downloads of an already built site folder")
    parser.add_argument("--jobs", type=int, help="processes building the pages (BRIEFINGS_BUILD_JOBS; "
                                                 "default: the build's own choice, one per core)")
    parser.add_argument("--base", type=Path, help="use these generated briefings as the base, not the cache")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the mkdocs.yml to build with (e.g. of an older tree, for a before/after)")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"error: {DATA} not found; set EVAL_DATA to the folder holding xsum_dev_700.jsonl", file=sys.stderr)
        return 2
    if args.browse_only:
        browse(args.browse_only, args.query or DEFAULT_QUERIES)
        return 0
    sys.path.insert(0, str(ROOT))
    base = args.base or base_briefings()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(root, ignore_errors=True)
        briefings, site = root / "briefings", root / "site"
        vary(base, args.count, briefings)
        print(f"{args.count} briefings of XSum dev text in {briefings}, {os.cpu_count()} CPU cores")
        load = os.getloadavg()[0]
        took, cpu, largest, tree, failed = build(briefings, site, args.config.resolve(), args.jobs)
        if failed:
            print(f"mkdocs build failed (exit {failed.returncode}):\n{failed.stdout[-3000:]}")
            return 1
        print(f"mkdocs build: {took:6.1f} s ({cpu:.1f} s CPU; load average before: "
              f"{load:.1f})   peak memory {largest:.0f} MB (largest process), "
              f"{tree:.0f} MB (process tree, sampled)")
        size, files = folder_size(site)
        print(f"site/: {size / 2**20:.1f} MB in {files} files")
        for name in ("search",):
            if (site / name).is_dir():
                size, files = folder_size(site / name)
                print(f"  site/{name}/ (search index): {size / 2**20:.1f} MB in {files} files")
        figures = browse(site, args.query or DEFAULT_QUERIES)
        searches = [v for k, v in figures.items() if k != "home"]
        home = figures.get("home", (0, 0))
        worst = max(searches, default=(0, 0))
        print("targets (issue 12, this 2-core machine):")
        print(f"  build <= 25 s:           {took:6.1f} s      {'met' if took <= 25 else 'NOT met'}")
        print(f"  build <= 300 MB:         {largest:6.0f} MB     {'met' if largest <= 300 else 'NOT met'} "
              f"(largest process; process tree {tree:.0f} MB)")
        print(f"  home page <= 200 KB:     {home[1] / 1024:6.0f} KB gzipped as GitHub Pages sends it "
              f"({home[0] / 1024:.0f} KB uncompressed)   {'met' if home[1] <= 200 * 1024 else 'NOT met'}")
        print(f"  one search <= 1 MB:      {worst[1] / 1024:6.0f} KB gzipped at most "
              f"({worst[0] / 1024:.0f} KB uncompressed)   {'met' if worst[0] <= 2**20 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
