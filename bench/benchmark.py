"""Speed and memory of `generate` on real, varied text: figures, not tests.

    .venv/bin/python bench/benchmark.py [N] [--site] [--one]

Takes the XSum dev articles (../shared/eval-data/xsum_dev_700.jsonl, or
EVAL_DATA=folder), repeated to N articles (default 1,000), as .txt files with a
title line, and prints:
- the parse floor: spaCy's parse alone of the same texts, in this process, with
  the same model and pipes `generate` uses (one process);
- `generate --workers 1` and `--workers 2`: seconds, articles/s, peak memory of
  the largest process, and the ratio to the parse floor;
- an unchanged rerun (nothing to analyse);
- with --site, the time to build the site of the N briefings;
- with --one, only the parse floor and `generate --workers 1`, back to back.

Targets: 2 processes at least 1.7x faster than 1 (issue: actors); generate with
one process at most 1.3x the parse floor (issue 20: neutral wording and the
headline work on the article's own parse, nothing is parsed twice). Nothing here asserts: the
machine's load moves the figures, so read them, and run it twice.
"""

from __future__ import annotations

import argparse
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
BIN = Path(sys.executable).parent
DATA = Path(os.environ.get("EVAL_DATA", ROOT.parent / "shared" / "eval-data")) / "xsum_dev_700.jsonl"


def articles(count: int) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if len(r["article"].split()) >= 40]
    out = []
    for i in range(count):
        row = rows[i % len(rows)]
        out.append((f"{row['highlights'][:90].rstrip('.')} ({i // len(rows) + 1})", row["article"]))
    return out


def parse_floor(texts: list[tuple[str, str]]) -> float:
    """spaCy's parse alone, as `generate` runs it (same loader, same pipes, same batching)."""
    sys.path.insert(0, str(ROOT))
    from generator.analysis.parse import nlp, parse

    nlp()  # loading is paid by generate too, but timed apart here: the floor is the parse
    started = time.perf_counter()
    for first in range(0, len(texts), 32):
        parse((title, [body]) for title, body in texts[first:first + 32])
    return time.perf_counter() - started


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - started, result


def peak_mb() -> float:
    """Largest resident set of any finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--site", action="store_true", help="also build the site of the briefings")
    parser.add_argument("--one", action="store_true", help="only the parse floor and generate --workers 1")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"error: {DATA} not found; set EVAL_DATA to the folder holding xsum_dev_700.jsonl",
              file=sys.stderr)
        return 2
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING_"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    texts = articles(args.count)
    words = sum(len(body.split()) for _, body in texts)
    print(f"{args.count} articles of XSum dev text ({words / args.count:.0f} words on average), "
          f"{os.cpu_count()} CPU cores")
    floor = parse_floor(texts)
    print(f"parse floor (spaCy alone, 1 process): {floor:6.1f} s  {args.count / floor:6.1f} articles/s")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds = root / "seeds"
        seeds.mkdir()
        for i, (title, body) in enumerate(texts):
            (seeds / f"a{i:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        seconds = {}
        for workers in (1,) if args.one else (1, 2):
            out = root / f"out{workers}"
            took, result = timed([str(BIN / "generate"), "--input", str(seeds), "--output", str(out),
                                  "--backend", "extractive", "--workers", str(workers), "-q"], env)
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:])
                return 1
            seconds[workers] = took
            print(f"generate --workers {workers}:               {took:6.1f} s  {args.count / took:6.1f} "
                  f"articles/s  {took / floor:4.2f}x the parse floor  peak {peak_mb():.0f} MB")
        print(f"generate --workers 1 / parse floor: {seconds[1] / floor:.2f}x (target <= 1.3x)")
        if args.one:
            return 0
        print(f"2 processes vs 1: {seconds[1] / seconds[2]:.2f}x faster")
        took, _ = timed([str(BIN / "generate"), "--input", str(seeds), "--output", str(root / "out2"),
                         "--backend", "extractive", "-q"], env)
        print(f"unchanged rerun: {took:.1f} s")
        if args.site:
            from site_bench import config_for  # the project's mkdocs.yml, publishing out2/

            config = config_for(root / "out2", root, ROOT)
            took, result = timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(config),
                                  "-d", str(root / "site")], env)
            print(f"site build of {args.count} briefings: {took:.1f} s (exit {result.returncode})")
            shutil.rmtree(root / "site", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
