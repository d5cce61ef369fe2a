"""Throughput and memory figures for the offline pipeline and the site build.

Prints numbers; asserts nothing. Run: .venv/bin/python bench/benchmark.py [N]
(default 1000 articles). Targets we watch: extractive analysis under 100 ms per
article, peak memory under 500 MB for 1,000 articles, and a 1,000-page site
build under 2 minutes on 2 cores.
"""

from __future__ import annotations

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
BODY = (ROOT / "tests" / "fixtures" / "harbour-bridge.txt").read_text().split("\n", 1)[1]
EXAMPLE = (ROOT / "seeds" / "us-arms-israel.md").read_text()


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - started, result


def main(count: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds, out, site = root / "seeds", root / "briefings", root / "site"
        seeds.mkdir()
        for i in range(count):
            text = BODY.replace("7-2", f"{i}-2") if i % 2 else EXAMPLE.replace("2023-10-24", f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}")
            name = f"bridge-{i:04d}.txt" if i % 2 else f"arms-{i:04d}.md"
            if i % 2:
                text = f"Bridge story {i}\n" + text
            else:
                text = text.replace('title: "Pentagon', f'title: "{i} Pentagon')
            (seeds / name).write_text(text)
        size = sum(p.stat().st_size for p in seeds.iterdir())

        first, result = _timed([str(BIN / "generate"), "--input", str(seeds), "--output", str(out), "-q"], env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if result.returncode != 0:
            sys.exit(f"generate failed: {result.stderr.strip()}")
        cached, _ = _timed([str(BIN / "generate"), "--input", str(seeds), "--output", str(out), "-q"], env)
        env["BRIEFINGS_DIR"] = str(out)
        build, built = _timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)], env)
        if built.returncode != 0:
            sys.exit(f"mkdocs build failed: {built.stderr.strip()[-500:]}")
        site_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1048576
        page = next((site / "briefings").glob("*/index.html"))
        page_kb = page.stat().st_size / 1024
        shutil.rmtree(site)

    print(f"articles                 {count} ({size / 1048576:.1f} MB of input)")
    print(f"generate, first run      {first:.1f} s  ({1000 * first / count:.1f} ms/article)")
    print(f"generate, all cached     {cached:.1f} s")
    print(f"peak memory (generate)   {peak_mb:.0f} MB")
    print(f"mkdocs build             {build:.1f} s  (site {site_mb:.0f} MB, one briefing page {page_kb:.0f} KB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
