"""Nothing lost: a run killed at any moment leaves only complete briefings and an honest cache."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import BIN, FIXTURES, ROOT, build_site, generate, offline_env

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

BODY = (FIXTURES / "harbour-bridge.txt").read_text().split("\n", 1)[1]


def _seed(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"story-{i:03d}.txt").write_text(f"Bridge vote number {i}\n" + BODY.replace("7-2", f"{i}-2"))


def _briefings(out: Path) -> list[Path]:
    return [p for p in out.glob("*.md") if not p.name.startswith(".")]


def _assert_consistent(out: Path) -> dict:
    """Every briefing on disk is complete; every manifest entry points at one."""
    for md in _briefings(out):
        text = md.read_text()
        assert text.startswith("---\n") and text.rstrip().endswith(f"({md.stem}.json)"), md.name
    for js in (p for p in out.glob("*.json") if not p.name.startswith(".")):
        json.loads(js.read_text())  # a torn write would not parse
    manifest_path = out / "manifest.json"
    entries = json.loads(manifest_path.read_text())["articles"] if manifest_path.exists() else {}
    for source, entry in entries.items():
        data = json.loads((out / f"{entry['slug']}.json").read_text())
        assert data["source"]["sha256"] == entry["sha256"], source
        assert (out / f"{entry['slug']}.md").is_file()
    return entries


def _kill_part_way(args: list[str], ready: Callable[[], bool]) -> None:
    proc = subprocess.Popen([str(BIN / "generate"), *args], env=offline_env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not ready():
        time.sleep(0.005)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_killed_run_leaves_complete_files_and_resumes(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    _seed(seeds, 60)
    _kill_part_way(["--input", str(seeds), "--output", str(out)], lambda: len(_briefings(out)) >= 20)
    written = len(_briefings(out))
    assert 0 < written < 60
    cached = _assert_consistent(out)

    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{len(cached)} unchanged" in result.stdout  # done work is not redone, nothing else skipped
    assert len(_briefings(out)) == 60
    assert not list(out.glob(".tmp-*"))
    assert len(_assert_consistent(out)) == 60


def test_killed_rewrite_keeps_old_or_new_complete(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    _seed(seeds, 50)
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    started = time.time()
    time.sleep(0.05)

    def rewritten() -> list[Path]:
        return [p for p in _briefings(out) if p.stat().st_mtime > started]

    _kill_part_way(["--input", str(seeds), "--output", str(out), "--force"], lambda: len(rewritten()) >= 15)
    assert 0 < len(rewritten()) < 50  # killed mid-rewrite: some new, some old
    assert len(_briefings(out)) == 50  # nothing vanished while being replaced
    _assert_consistent(out)


def test_removed_article_loses_its_briefing_and_site_entry(tmp_path: Path):
    seeds, out, site = tmp_path / "seeds", tmp_path / "out", tmp_path / "site"
    _seed(seeds, 3)
    out.mkdir()
    (out / "keep-me.txt").write_text("not ours")
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    (seeds / "story-001.txt").unlink()
    result = generate("--input", str(seeds), "--output", str(out))
    assert "1 removed" in result.stdout
    assert not (out / "bridge-vote-number-1.md").exists()
    assert not (out / "bridge-vote-number-1.json").exists()
    assert (out / "keep-me.txt").exists()  # files we did not write are left alone
    assert "story-001.txt" not in json.loads((out / "manifest.json").read_text())["articles"]
    assert build_site(out, site).returncode == 0
    home = (site / "index.html").read_text()
    assert "Bridge vote number 1<" not in home and "Bridge vote number 2" in home
