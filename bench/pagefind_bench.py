"""Pagefind against the site's own search index, at the scale of bench/site_bench.py. Figures, not tests.

    .venv/bin/pip install 'pagefind[extended]==1.5.2'   # the measure only; not a dependency
    .venv/bin/python -u bench/pagefind_bench.py BRIEFINGS_DIR [--query WORD ...]

BRIEFINGS_DIR: the briefings of a `site_bench.py --keep DIR` run (DIR/briefings). Pagefind
indexes each briefing's headline, summary and actor names only (issue 22: the smallest index
that still finds a briefing by its actors), through its Python API (custom records, no
HTML to crawl), and prints the indexing's wall and CPU seconds (Pagefind's binary included),
the peak memory of the process tree, the index's size and, in Chromium, the bytes the first
search downloads (pagefind.js, its WebAssembly, the index chunks and the first ten results'
fragments, as a search box shows them): as served and gzipped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from site_bench import CHROMIUM, CHROMIUM_ARGS, DEFAULT_QUERIES, Downloads, folder_size, serve  # noqa: E402

PAGE = """<!doctype html><meta charset="utf-8"><title>search</title>
<script type="module">
window.search = async (q) => {
  const pagefind = await import("./pagefind/pagefind.js");
  const found = await pagefind.search(q);
  const shown = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return [found.results.length, shown.map(d => d.meta.title)];
};
</script>"""


def records(folder: Path):  # noqa: ANN201
    for path in sorted(folder.glob("*.json")):
        if path.name == "manifest.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        actors = ", ".join(a["name"] for a in data.get("actors") or [])
        yield {"url": f"/briefings/{path.stem}/", "language": "en", "meta": {"title": data["title"]},
               "content": f"{data['title']}. {' '.join(data.get('summary') or [])} {actors}"}


async def index(folder: Path, out: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    count = 0
    async with PagefindIndex(config=IndexConfig(output_path=str(out))) as pagefind:
        for record in records(folder):
            await pagefind.add_custom_record(**record)
            count += 1
        await pagefind.write_files()
    return count


def main() -> int:
    import psutil

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("briefings", type=Path)
    parser.add_argument("--query", action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        peak, stop = [0], threading.Event()

        def sample() -> None:
            me = psutil.Process()
            while not stop.is_set():
                with contextlib.suppress(psutil.Error):
                    peak[0] = max(peak[0], sum(p.memory_info().rss for p in [me, *me.children(recursive=True)]))
                stop.wait(0.1)

        threading.Thread(target=sample, daemon=True).start()
        load = os.getloadavg()[0]
        started, cpu0 = time.perf_counter(), os.times()
        count = asyncio.run(index(args.briefings, site / "pagefind"))
        took, cpu1 = time.perf_counter() - started, os.times()
        stop.set()
        cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) + \
            (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
        size, files = folder_size(site / "pagefind")
        print(f"pagefind: {count} briefings (headline, summary, actors) indexed in {took:.1f} s "
              f"({cpu:.1f} s CPU with its binary; load average before {load:.1f}); peak memory "
              f"{peak[0] / 2**20:.0f} MB (process tree); index {size / 2**20:.1f} MB in {files} files")
        (site / "index.html").write_text(PAGE, encoding="utf-8")
        from playwright.sync_api import sync_playwright

        with serve(site) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in args.query or DEFAULT_QUERIES:
                    page = browser.new_context().new_page()
                    seen = Downloads(site, url)
                    page.on("requestfinished", seen.on_request)
                    page.goto(url, wait_until="networkidle")
                    before = len(seen.items)
                    found, titles = page.evaluate("q => window.search(q)", query)
                    page.wait_for_load_state("networkidle")
                    raw, zipped, n = seen.total(before)
                    print(f"search {query!r}: {raw / 1024:8.0f} KB as served, {zipped / 1024:6.0f} KB gzipped, "
                          f"{n} files, {found} results (largest: {seen.largest(before)})")
                    page.context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
