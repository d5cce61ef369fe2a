"""A save while serving: how long until the change shows. Figures, not tests.

    .venv/bin/python -u bench/serve_bench.py [N]

Serves N (default 1,000) briefings (site_bench.py's copies of XSum dev briefings, actor
counts like a real archive's) with `mkdocs serve --dirty` on 127.0.0.1, as `make serve`
does, then (1) drops a new article into the served articles folder and times until its
briefing page is served and the home page lists it (the article is regenerated in the
serving process: the language model loaded once, in the background, when serving starts),
and (2) changes one briefing's JSON (its summary) and times until its page shows the change.
Each is done three times; the machine's load is printed with the figures.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from site_bench import BIN, ROOT, base_briefings, config_for, env, vary  # noqa: E402

ARTICLE = ("---\ntitle: Ferry timetable changes in Portvale {n}\ndate: 2030-01-0{n}\n---\n\n"
           "The Portvale ferry operator said on Monday that crossings would run twice a day from July. "
           "The harbour authority said the change followed a review of passenger numbers, "
           "according to a statement published on its website.\n")


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(check, limit: float = 120) -> float:  # noqa: ANN001
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    return float("inf")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.path.insert(0, str(ROOT))
    base = base_briefings()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        vary(base, count, root / "briefings")
        (root / "seeds").mkdir()
        config = config_for(root / "briefings", root, ROOT)
        data = json.loads(config.read_text())
        data["plugins"][0]["briefings"]["seeds_dir"] = str(root / "seeds")
        config.write_text(json.dumps(data))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}/"
        started = time.monotonic()
        log = open(os.environ.get("SERVE_LOG", os.devnull), "w")  # noqa: SIM115 - the server's own log, if wanted
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "-f", str(config),
                                   "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                  stderr=log, env=env(), cwd=ROOT)
        try:
            first = wait_for(lambda: "briefing-card" in get(url), 600)
            print(f"{count} briefings: first build served after {first:.1f} s "
                  f"(load average {os.getloadavg()[0]:.1f})")
            time.sleep(3)
            for n in range(1, 4):
                (root / "seeds" / f"ferry-{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
                slug = f"ferry-timetable-changes-in-portvale-{n}"
                took = wait_for(lambda: "crossings would run twice a day" in get(f"{url}briefings/{slug}/")
                                and f"Portvale {n}</a>" in get(url))
                print(f"new article {n} in seeds/: shown (its page and the home page) {took:.1f} s after it was "
                      f"saved (load average {os.getloadavg()[0]:.1f})")
                time.sleep(6)  # past the rebuild that generate's own writes to briefings/ trigger
            for n in range(1, 4):
                path = sorted((root / "briefings").glob("*.json"))[n * 37]
                data = json.loads(path.read_text(encoding="utf-8"))
                marker = f"Changed summary number {n}."
                data["summary"] = [marker, *data["summary"]]
                path.write_text(json.dumps(data), encoding="utf-8")
                took = wait_for(lambda: marker in get(f"{url}briefings/{path.stem}/"))
                print(f"briefing {path.stem} changed: shown {took:.1f} s after it was saved "
                      f"(load average {os.getloadavg()[0]:.1f})")
                time.sleep(6)  # past the rebuild that generate's own writes to briefings/ trigger
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
