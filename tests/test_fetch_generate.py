"""The issue's end-to-end check, with the real commands: `fetch` then `generate`
on a loopback feed of 50 entries gives 50 briefings; a second run fetches nothing
and regenerates nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from feed_server import rss2, running, story
import pytest
from helpers import BIN, briefing_files, generate, offline_env
from test_fetch import sources

pytestmark = pytest.mark.slow  # fetches and generates 50 articles in subprocesses: not in make test-fast


def _fetch(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "fetch"), "--sources", str(folder / "sources.yml"), "--output", str(folder / "seeds"),
         "--allow-private-addresses"],
        capture_output=True, text=True, env=offline_env(), timeout=300, cwd=folder)


def test_fetch_then_generate_50_entries_then_nothing_new(tmp_path: Path):
    with running() as site:
        entries = []
        for n in range(50):
            site.page(f"/news/{n}.html", n)
            entries.append({"id": f"urn:n:{n}", "title": story(n)[0], "text": story(n)[1],
                            "link": f"{site.base}/news/{n}.html?utm_source=rss", "summary": "Read the story."})
        site.route("/feed.xml", body=rss2(entries, full=False), content_type="application/rss+xml",
                   headers={"ETag": '"day-1"'})
        sources(tmp_path, feeds=[site.base + "/feed.xml"], allow_private_addresses=False)  # the flag allows

        first = _fetch(tmp_path)
        assert first.returncode == 0, first.stderr
        assert first.stdout.strip().splitlines()[-1] == "fetch: 50 new, 0 unchanged, 0 skipped, 0 failed (52 requests)"
        assert len(site.asked("/news/")) == 50

        out = tmp_path / "briefings"
        made = generate("--input", str(tmp_path / "seeds"), "--output", str(out), "--backend", "extractive")
        assert made.returncode == 0, made.stderr
        assert "50 article(s): 50 written, 0 unchanged, 0 failed" in made.stdout
        briefings = briefing_files(out)
        assert len(briefings) == 50
        titles = {json.loads(p.read_text(encoding="utf-8"))["source"]["title"] for p in briefings}
        assert titles == {story(n)[0] for n in range(50)}

        del site.requests[:]
        second = _fetch(tmp_path)
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip().splitlines()[-1] == "fetch: 0 new, 0 unchanged, 0 skipped, 0 failed (2 requests)"
        assert "feed not modified since the last run" in second.stdout
        assert site.requests == ["/robots.txt", "/feed.xml"]  # a conditional request, answered 304

        again = generate("--input", str(tmp_path / "seeds"), "--output", str(out), "--backend", "extractive")
        assert again.returncode == 0 and "50 article(s): 0 written, 50 unchanged, 0 failed" in again.stdout
