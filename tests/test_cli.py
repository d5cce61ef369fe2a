"""`generate` as a user runs it: output files, cache, --force, exit codes, messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, generate

pytestmark = pytest.mark.slow  # runs generate in subprocesses: not in make test-fast

SLUG = "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel"


def test_generate_writes_markdown_and_json(seeds: Path, tmp_path: Path):
    out = tmp_path / "briefings"
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 written" in result.stdout
    md = (out / f"{SLUG}.md").read_text()
    for section in ("## Summary", "## Key actors", "## Claims", "## Open questions",
                    "## Language notes", "## Source"):
        assert section in md
    assert md.startswith("---\ntitle: ")
    assert "- **Joe Biden** (person): " in md  # the key actors, one line each
    assert not re.search(r"<(?!https?://)[a-zA-Z/]", md), "plain Markdown: no HTML"  # (an autolink <https://…> is Markdown)
    data = json.loads((out / f"{SLUG}.json").read_text())
    assert data["backend"]["name"] == "extractive"
    assert data["source"]["path"] == "us-arms-israel.md"
    assert len(data["source"]["sha256"]) == 64
    assert data["source"]["date"] == "2023-10-24"


def test_first_generation_time_is_kept_when_regenerated(seeds: Path, tmp_path: Path):
    """`generated` dates an undated briefing in the feed: it must not move on every run."""
    out = tmp_path / "briefings"
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    first = json.loads((out / f"{SLUG}.json").read_text())["generated"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", first)
    assert generate("--input", str(seeds), "--output", str(out), "--force").returncode == 0
    assert json.loads((out / f"{SLUG}.json").read_text())["generated"] == first
    assert json.loads((out / "manifest.json").read_text())["articles"]["us-arms-israel.md"]["first_generated"] == first


def test_rerun_is_cached_unless_forced(seeds: Path, tmp_path: Path):
    out = tmp_path / "briefings"
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    before = (out / f"{SLUG}.md").stat().st_mtime_ns
    again = generate("--input", str(seeds), "--output", str(out))
    assert "0 written, 1 unchanged" in again.stdout
    assert (out / f"{SLUG}.md").stat().st_mtime_ns == before
    forced = generate("--input", str(seeds), "--output", str(out), "--force")
    assert "1 written, 0 unchanged" in forced.stdout
    # Editing the article invalidates its cache entry.
    article = seeds / "us-arms-israel.md"
    article.write_text(article.read_text() + "\nThe Pentagon declined to comment further on Wednesday.\n")
    edited = generate("--input", str(seeds), "--output", str(out))
    assert "1 written" in edited.stdout
    assert "declined to comment" in (out / f"{SLUG}.json").read_text()


def test_auto_uses_extractive_without_llm_configuration(seeds: Path, tmp_path: Path):
    result = generate("--input", str(seeds), "--output", str(tmp_path / "b"), "--backend", "auto")
    assert result.returncode == 0
    assert re.search(r"0 failed; \d+ by the extractive backend$", result.stdout.strip())


def test_missing_input_folder_is_one_clear_line(tmp_path: Path):
    result = generate("--input", str(tmp_path / "nope"), "--output", str(tmp_path / "b"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_reads_txt_md_and_html(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "harbour-bridge.txt", seeds)
    shutil.copy(FIXTURES / "harbour-bridge.txt", seeds / "copy.md")
    (seeds / "page.html").write_text(_page())
    out = tmp_path / "out"
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "3 written" in result.stdout
    html_briefing = json.loads((out / "wind-farm-plan-approved.json").read_text())
    assert html_briefing["source"]["date"] == "2024-05-02"
    evidence = " ".join(c["evidence"] for c in html_briefing["claims"])
    assert "Cookie" not in evidence and "Subscribe" not in evidence
    assert any(a["name"] == "Northfield Energy" for a in html_briefing["actors"])


def _page() -> str:
    body = " ".join(
        f"<p>{s}</p>" for s in [
            "The regional planning board approved the Northfield wind farm on Thursday after a two-year review.",
            "Northfield Energy said the 40 turbines would power about 60,000 homes when completed in 2027.",
            "Local farmer Jane Whitlock said the turbines would change the landscape she has known all her life.",
            "The board's chair, Peter Oduya, said the decision followed 14 public hearings and written evidence.",
            "Construction is expected to begin next spring, according to Northfield Energy.",
        ]
    )
    return f"""<!doctype html><html><head><title>Wind farm plan approved</title>
<meta property="article:published_time" content="2024-05-02"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie-banner">Cookie settings: we use cookies. Accept all cookies?</div>
<article><h1>Wind farm plan approved</h1>{body}</article>
<footer>Copyright 2024. Subscribe to our newsletter.</footer></body></html>"""
