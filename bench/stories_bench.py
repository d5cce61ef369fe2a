"""Grouping at scale: time and peak memory to group N articles, and to add 100 to 50,000.

    .venv/bin/python -u bench/stories_bench.py [N ...]     (default: 1000 10000 50000)

Articles: the 850 dev articles (BASIL dev, XSum dev) turned into briefings once with the
offline backend (cached in $TMPDIR/stories-bench), their dates squeezed into one week
(about 120 articles a day) and copied a week later each time (so each copy is another
event) until N. Each size runs in a fresh process
(peak memory is the process's own). "add 100" opens the book of an N-article folder,
groups 100 new articles into it and saves it (stories.json and the index), as `generate`
does after analysing them. Targets (issue 23): add 100 to 50,000 under 10 s; grouping
50,000 under 1 GB.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CACHE = Path(tempfile.gettempdir()) / "stories-bench"


def base_items() -> list:
    from generator.stories.features import item

    cached = CACHE / "briefings.json"
    if not cached.is_file():
        from evaluate import DEFAULT_DATA, _article, _briefings, read_jsonl

        data = Path(os.environ.get("EVAL_DATA", DEFAULT_DATA))
        articles = []
        for r in read_jsonl(data / "basil_dev.jsonl"):
            a = _article(f"basil-{r['id']}", r["title"], r["text"].split("\n\n"), r["date"])
            articles += [dataclasses.replace(a, source=r["outlet"])] if a else []
        for n, r in enumerate(read_jsonl(data / "xsum_dev_700.jsonl")):
            date = f"2015-{1 + n % 12:02d}-{1 + n % 28:02d}"  # XSum has no dates: spread them over a year
            a = _article(f"xsum-{r['id']}", "", [r["article"]], date)
            articles += [dataclasses.replace(a, source="BBC")] if a else []
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([[a.id, b.to_dict()] for a, b in _briefings(articles)]))
    return [item(key, key.replace("#", "-"), data) for key, data in json.loads(cached.read_text())]


def copies(n: int) -> list:
    """The base articles squeezed into one week (about 120 a day, a busy archive's rate),
    then copied week after week until n: the work per article stays what a real archive
    of that rate costs, whatever n is."""
    base = base_items()
    days = [it.day for it in base if it.day is not None]
    first, span = min(days), max(days) - min(days) + 1
    out = []
    week = 0
    while len(out) < n:
        for it in base[: n - len(out)]:
            day = None if it.day is None else first + (it.day - first) * 7 // span + 7 * week
            out.append(dataclasses.replace(it, key=f"{it.key}~{week}", slug=f"{it.slug}-{week}", day=day))
        week += 1
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def group(n: int) -> None:
    from generator.stories.group import Index

    items = copies(n)
    started, cpu = time.perf_counter(), time.process_time()
    index = Index()
    index.add(items)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"n": n, "seconds": round(wall, 1), "cpu": round(used, 1), "peak_mb": round(peak_mb()),
                      "stories": len(set(index.story))}))


def add(n: int, new: int = 100) -> None:
    from generator.stories.book import Book

    items = copies(n + new)
    base = CACHE / f"book-{n}"
    if not (base / ".stories.npz").is_file():
        base.mkdir(parents=True, exist_ok=True)
        book = Book.open(base)
        book.sync({}, False, items[:n])
        book.save({it.key: it.slug for it in items[:n]})
    folder = Path(tempfile.mkdtemp(prefix="stories-add-"))  # the base stays N articles: the run repeats
    shutil.copytree(base, folder, dirs_exist_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    book = Book.open(folder)
    book.sync({it.key: it.slug for it in items[:n]}, False, items[n:])
    book.save({it.key: it.slug for it in items})
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"n": n, "added": new, "seconds": round(wall, 2), "cpu": round(used, 2),
                      "peak_mb": round(peak_mb())}))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        (group if argv[1] == "group" else add)(int(argv[2]))
        return 0
    sizes = [int(a) for a in argv] or [1000, 10000, 50000]
    base_items()  # make the cache once, outside the timed runs
    print(f"{'articles':>9} {'group s':>8} {'cpu s':>7} {'peak MB':>8} {'stories':>8}")
    for n in sizes:
        row = json.loads(subprocess.run([sys.executable, __file__, "--one", "group", str(n)], check=True,
                                        capture_output=True, text=True).stdout)
        print(f"{row['n']:>9} {row['seconds']:>8} {row['cpu']:>7} {row['peak_mb']:>8} {row['stories']:>8}")
    big = max(sizes)
    row = json.loads(subprocess.run([sys.executable, __file__, "--one", "add", str(big)], check=True,
                                    capture_output=True, text=True).stdout)
    print(f"add 100 to {big:,}: {row['seconds']} s, {row['cpu']} s of CPU (open the book, group, save), "
          f"peak {row['peak_mb']} MB "
          "(target: under 10 s; grouping 50,000 under 1 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
