"""The published site at scale: build time, memory and what a reader downloads. Figures, not tests.

    .venv/bin/python bench/site_bench.py [N] [--query WORD ...] [--keep DIR]

Takes the XSum dev articles (../shared/eval-data/xsum_dev_700.jsonl, or
EVAL_DATA=folder), turns each into a briefing once with the offline backend
(cached under $TMPDIR/site-bench, keyed by the generator's source, so a change
to the renderer regenerates them; about 2 minutes for 700 on 2 cores), then
copies those briefings to N (default 5,000) with distinct slugs, titles and
dates and with actor counts like a real archive's (`vary`), and prints:

- `mkdocs build` of the N briefings (the plugin's `briefings_dir`): seconds, CPU seconds,
  peak memory of the largest process and of the whole process tree; with `--compare TREE`
  the same briefings built first by the code in TREE (a `git archive` of an older commit),
  back to back;
- the size of site/, per briefing (GitHub Pages publishes at most 1 GB), and of its search index;
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


SITE_ONLY = ("generator/site/", "generator/output/")
"""The site and the rendering of the Markdown files, not the analysis: a change to them keeps
the cached briefings (the JSON; each tree measured writes its own Markdown files)."""


def source_key() -> str:
    """A hash of everything that shapes a generated briefing: the generator's code and the data.
    The cached base briefings are reused only while this is unchanged."""
    digest = hashlib.sha256(DATA.read_bytes())
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.relative_to(ROOT).as_posix().startswith(SITE_ONLY):
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


def vary(base: Path, count: int, out: Path) -> dict[str, int]:
    """Copy the base briefings' JSON to `count`, each copy with its own slug, title and date,
    and with actor counts like a real archive's: an actor the base names in one article only
    gets another name in each copy (a real corpus names 5-7 distinct actors per article, most
    of them once), while actors the base names in several articles keep theirs.
    Returns the counts printed with the figures."""
    from generator.model import Briefing

    groups: list[tuple[str, dict]] = []
    for path in sorted(base.glob("*.json")):
        if path.name == "manifest.json":
            continue
        groups.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    seen: dict[str, int] = {}
    for _, data in groups:
        for name in {a["name"] for a in data.get("actors") or []}:
            seen[name] = seen.get(name, 0) + 1
    out.mkdir(parents=True)
    first = dt.date(2019, 1, 1)
    names: set[str] = set()
    for i in range(count):
        slug, data = groups[i % len(groups)]
        copy = i // len(groups)
        new_slug = slug if copy == 0 else f"{slug}-{copy + 1}"
        data = json.loads(json.dumps(data))
        if copy:
            data["title"] = f"{data['title']} - set {copy + 1}"
            data["source"]["title"] = data["title"] if data["source"].get("title") else ""
            rename = {a["name"]: a["name"] + _code(copy) for a in data["actors"] if seen.get(a["name"], 0) == 1}
            for a in data["actors"]:
                a["name"] = rename.get(a["name"], a["name"])
            for c in data["claims"]:
                c["attributed_to"] = rename.get(c["attributed_to"], c["attributed_to"])
            for q in data["open_questions"]:
                q["about"] = rename.get(q["about"], q["about"])
        data["source"]["date"] = (first + dt.timedelta(days=(i * 7) % 2400)).isoformat()
        names.update(a["name"] for a in data["actors"])
        Briefing.from_dict(data)  # still a valid briefing
        (out / f"{new_slug}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return {"distinct actors": len(names), "actors per briefing": round(
        sum(len(g[1]["actors"]) for g in groups) / max(1, len(groups)), 1)}


def _code(n: int) -> str:
    """Letters glued to the last word of a name (so no two copies' people merge by surname)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def write_markdown(folder: Path, tree: Path) -> None:
    """The Markdown file of every briefing in `folder`, as `tree`'s `generate` writes it (the site
    of the code before this change reads the Markdown; the new one only the JSON)."""
    script = ("import json, sys, pathlib\n"
              "from generator.model import Briefing\n"
              "from generator.output.render import to_markdown\n"
              "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
              "    b = Briefing.from_dict(json.loads(p.read_text(encoding='utf-8')))\n"
              "    p.with_suffix('.md').write_text(to_markdown(b, p.stem), encoding='utf-8')\n")
    subprocess.run([sys.executable, "-c", script, str(folder)], check=True, cwd=tree,
                   env=env() | {"PYTHONPATH": str(tree)})


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def config_for(briefings: Path, folder: Path, tree: Path) -> Path:
    """A mkdocs.yml of `tree` (INHERIT) publishing `briefings` through the plugin's options."""
    config = folder / "mkdocs.yml"
    config.write_text(json.dumps({
        "INHERIT": str(tree / "mkdocs.yml"), "docs_dir": str(tree / "docs"),
        "theme": {"custom_dir": str(tree / "overrides")},
        "plugins": [{"briefings": {"briefings_dir": str(briefings)}}]}), encoding="utf-8")
    return config


def build(briefings: Path, site: Path, tree: Path = ROOT, jobs: int | None = None
          ) -> tuple[float, float, float, float, subprocess.CompletedProcess | None]:
    """`mkdocs build` as a user runs it: (seconds, CPU seconds, largest process MB, process tree MB,
    failure). CPU seconds (user + system, the build and what it starts) move less than wall
    seconds when other work shares the machine. A `tree` other than this one is the code of
    another commit (`git archive`), built as that code was configured then (its hooks read
    BRIEFINGS_DIR and BRIEFINGS_BUILD_JOBS)."""
    import psutil

    if (tree / "generator" / "site" / "plugin.py").is_file():
        command = ["-f", str(config_for(briefings, site.parent, tree))]
        extra = {}
    else:
        command = ["-f", str(tree / "mkdocs.yml")]
        extra = {"BRIEFINGS_DIR": str(briefings), "PYTHONPATH": str(tree)} | (
            {"BRIEFINGS_BUILD_JOBS": str(jobs)} if jobs else {})
    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "mkdocs"), "build", "-q", *command, "-d", str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env() | extra, cwd=tree)
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


def measure(briefings: Path, site: Path, tree: Path, jobs: int | None, label: str) -> dict | None:
    """Build once and print the build's figures and site/'s size."""
    load = os.getloadavg()[0]
    took, cpu, largest, whole, failed = build(briefings, site, tree, jobs)
    if failed:
        print(f"{label}: mkdocs build failed (exit {failed.returncode}):\n{failed.stdout[-3000:]}")
        return None
    count = len(list(briefings.glob("*.json")))
    size, files = folder_size(site)
    pages = len(list(site.rglob("index.html")))
    print(f"{label}: mkdocs build {took:6.1f} s ({cpu:.1f} s CPU; load average before {load:.1f}), "
          f"peak memory {largest:.0f} MB (largest process), {whole:.0f} MB (process tree, sampled)")
    print(f"{label}: site/ {size / 2**20:.1f} MB in {files} files ({pages} pages), "
          f"{size / count / 1024:.1f} KB per briefing")
    if (site / "search").is_dir():
        s_size, s_files = folder_size(site / "search")
        print(f"{label}:   site/search/ (search index): {s_size / 2**20:.1f} MB in {s_files} files")
    return {"took": took, "cpu": cpu, "largest": largest, "tree": whole, "size": size, "per": size / count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=5000)
    parser.add_argument("--query", action="append", help=f"search to measure (default: {DEFAULT_QUERIES})")
    parser.add_argument("--keep", type=Path, help="leave the briefings and site/ in this folder")
    parser.add_argument("--browse-only", type=Path, metavar="SITE",
                        help="only measure the downloads of an already built site folder")
    parser.add_argument("--jobs", type=int, help="BRIEFINGS_BUILD_JOBS for a --compare tree that reads it")
    parser.add_argument("--base", type=Path, help="use these generated briefings as the base, not the cache")
    parser.add_argument("--compare", type=Path, metavar="TREE",
                        help="first build the same briefings with the code in TREE (`git archive <commit>`), "
                             "then with this one, back to back")
    parser.add_argument("--no-browse", action="store_true", help="skip the downloads measured in Chromium")
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
        briefings = root / "briefings"
        counts = vary(base, args.count, briefings)
        print(f"{args.count} briefings of XSum dev text in {briefings} ({counts}), {os.cpu_count()} CPU cores")
        runs = []
        if args.compare:
            old = root / "old"
            old.mkdir()
            shutil.copytree(briefings, old / "briefings")
            write_markdown(old / "briefings", args.compare.resolve())
            runs.append(("before", old / "briefings", old / "site", args.compare.resolve()))
        write_markdown(briefings, ROOT)  # what generate writes beside the JSON (not read by the site)
        runs.append(("now", briefings, root / "site", ROOT))
        figures = {}
        for label, folder, site, tree in runs:
            result = measure(folder, site, tree, args.jobs, label)
            if result is None:
                return 1
            figures[label] = result
        site = root / "site"
        now = figures["now"]
        print("targets (issue 22, this 2-core machine):")
        if "before" in figures:
            before = figures["before"]
            print(f"  no slower than before:   {now['took']:6.1f} s vs {before['took']:.1f} s wall, "
                  f"{now['cpu']:.1f} s vs {before['cpu']:.1f} s CPU   "
                  f"{'met' if now['cpu'] <= before['cpu'] else 'NOT met'} (CPU)")
        print(f"  build <= 300 MB:         {now['largest']:6.0f} MB     {'met' if now['largest'] <= 300 else 'NOT met'}")
        print(f"  10,000 briefings <= 1 GB: {now['per'] * 10_000 / 2**30:5.2f} GB at {now['per'] / 1024:.1f} KB "
              "a briefing (site/ size per briefing x 10,000)")
        if not args.no_browse:
            figures = browse(site, args.query or DEFAULT_QUERIES)
            searches = [v for k, v in figures.items() if k != "home"]
            home = figures.get("home", (0, 0))
            worst = max(searches, default=(0, 0))
            print(f"  home page <= 200 KB:     {home[1] / 1024:6.0f} KB gzipped as GitHub Pages sends it "
                  f"({home[0] / 1024:.0f} KB uncompressed)   {'met' if home[1] <= 200 * 1024 else 'NOT met'}")
            print(f"  one search <= 1 MB:      {worst[1] / 1024:6.0f} KB gzipped at most "
                  f"({worst[0] / 1024:.0f} KB uncompressed)   {'met' if worst[0] <= 2**20 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
