"""`generate --backend llm` end to end, against the loopback OpenAI stub:
per-article fallback, the manifest, the cache, concurrency, and a wrong key."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, generate, offline_env, text_files
from openai_stub import OpenAIStub, Recorded, Reply, completion, error

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

KEY = "sk-test-pipeline-Hq7Wm2"




def _sentences(request: Recorded) -> dict[int, str]:
    return {int(n): s for n, s in re.findall(r"^\[(\d+)\] (.+)$", request.text_of("user"), re.M)}


def grounded_answer(request: Recorded) -> Reply:
    """What a well-behaved model says: built from the sentences it was sent."""
    sentences = _sentences(request)
    first = min(sentences)
    return completion({
        "summary": [{"text": f"The article reports: {sentences[first]}", "sentence_ids": [first]}],
        "actors": [],
        "claims": [{"text": sentences[first], "attributed_to": "the article", "kind": "assertion",
                    "sentence_ids": [first]}],
        "open_questions": [{"question": "Who confirms this?", "about": "sourcing", "sentence_ids": [first]}],
        "language_notes": [],
    }, prompt_tokens=1000, completion_tokens=200)


def _seeds(tmp_path: Path, count: int) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = (FIXTURES / "harbour-bridge.txt").read_text().split("\n", 1)[1]
    for i in range(count):
        (seeds / f"a{i}.txt").write_text(f"Bridge story {i}\n" + body.replace("7-2", f"{i + 3}-2"))
    return seeds


def _env(stub: OpenAIStub, **extra: str) -> dict[str, str]:
    return offline_env(OPENAI_API_KEY=KEY, OPENAI_BASE_URL=stub.url, BRIEFING_MAX_RETRIES="1",
                       BRIEFING_TIMEOUT="5", BRIEFING_PRICE_IN="0.15", BRIEFING_PRICE_OUT="0.60", **extra)


def test_llm_run_falls_back_per_article_and_records_the_manifest(stub: OpenAIStub, tmp_path: Path):
    seeds, out = _seeds(tmp_path, 3), tmp_path / "out"

    def by_article(request: Recorded) -> Reply:
        return error(500) if "Bridge story 1" in request.text_of("user") else grounded_answer(request)

    stub.script(*[by_article] * 4)  # a0, a1 + its one retry, a2
    result = generate("--input", str(seeds), "--output", str(out), "--jobs", "1", env=_env(stub))
    assert result.returncode == 0, result.stderr
    assert stub.unused == 0
    # The closing line says who really wrote what, and why the LLM did not write them all.
    assert ("3 article(s): 3 written, 0 unchanged, 0 failed; 2 by the llm backend, 1 by the extractive "
            "backend (llm fell back: LLM endpoint returned HTTP 500") in result.stdout
    assert re.search(r"warning: a1\.txt: used the extractive backend instead: LLM endpoint returned HTTP 500", result.stderr)
    assert KEY not in result.stdout + result.stderr

    manifest = json.loads((out / "manifest.json").read_text())["articles"]
    assert manifest["a0.txt"]["backend"] == "llm" and manifest["a0.txt"]["model"] == "gpt-4o-mini"
    assert manifest["a0.txt"]["tokens_in"] == 1000 and manifest["a0.txt"]["tokens_out"] == 200
    assert manifest["a0.txt"]["cost"] == pytest.approx((1000 * 0.15 + 200 * 0.60) / 1e6)
    assert manifest["a1.txt"]["backend"] == "extractive"
    assert "HTTP 500" in manifest["a1.txt"]["fallback_reason"]
    assert manifest["a1.txt"]["requests"] == 2  # one try + one retry, then fallback

    llm_briefing = json.loads((out / "bridge-story-0.json").read_text())
    assert llm_briefing["backend"]["name"] == "llm"
    article = (seeds / "a0.txt").read_text()
    assert all(c["evidence"] in article for c in llm_briefing["claims"])
    fallback_md = (out / "bridge-story-1.md").read_text()
    assert "**Fallback:**" in fallback_md and "HTTP 500" in fallback_md
    for path in text_files(out):
        assert KEY not in path.read_text()

    # Second run: the two LLM briefings are cached; only the fallback is retried (the three
    # articles are one story, whose common-ground paragraph is asked for again: not counted here).
    def briefing_requests() -> int:
        return sum("What every article of the story reports" not in r.text_of("user") for r in stub.requests)

    sent = briefing_requests()
    stub.script(grounded_answer)
    again = generate("--input", str(seeds), "--output", str(out), env=_env(stub))
    assert "1 written, 2 unchanged" in again.stdout
    assert briefing_requests() == sent + 1
    assert json.loads((out / "manifest.json").read_text())["articles"]["a1.txt"]["backend"] == "llm"


def test_jobs_send_requests_concurrently(stub: OpenAIStub, tmp_path: Path):
    seeds, out = _seeds(tmp_path, 4), tmp_path / "out"
    in_flight, peak, lock = [0], [0], threading.Lock()

    def slow_answer(request: Recorded) -> Reply:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.4)
        with lock:
            in_flight[0] -= 1
        return grounded_answer(request)

    stub.script(*[slow_answer] * 4)
    result = generate("--input", str(seeds), "--output", str(out), "--jobs", "4", env=_env(stub))
    assert result.returncode == 0, result.stderr
    assert "4 written" in result.stdout
    assert peak[0] >= 2


def test_wrong_key_fails_fast_and_reports_once(stub: OpenAIStub, tmp_path: Path):
    seeds, out = _seeds(tmp_path, 6), tmp_path / "out"
    stub.script(*[error(401, message=f"Incorrect API key provided: {KEY}")] * 6)
    result = generate("--input", str(seeds), "--output", str(out), "--jobs", "1", env=_env(stub))
    assert result.returncode == 0  # every article still has a briefing
    assert len(stub.requests) == 1  # the rest were not sent to a server that refused the key
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "6 articles" in warnings[0] and "check OPENAI_API_KEY" in warnings[0]
    assert KEY not in result.stdout + result.stderr
    assert len(list(out.glob("*.md"))) == 6


def test_auto_picks_llm_when_a_base_url_is_set(stub: OpenAIStub, tmp_path: Path):
    seeds, out = _seeds(tmp_path, 1), tmp_path / "out"
    stub.script(grounded_answer)
    env = offline_env(OPENAI_BASE_URL=stub.url)
    result = generate("--input", str(seeds), "--output", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "1 by the llm backend" in result.stdout and "extractive" not in result.stdout
    assert stub.requests[0].headers["authorization"] == "Bearer not-needed"


def test_bad_llm_setting_is_one_clear_line(tmp_path: Path):
    seeds = _seeds(tmp_path, 1)
    env = offline_env(OPENAI_BASE_URL="http://127.0.0.1:9/v1", BRIEFING_TIMEOUT="soon")
    result = generate("--input", str(seeds), "--output", str(tmp_path / "out"), "--backend", "llm", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: cannot set up the llm backend: BRIEFING_TIMEOUT must be a number >= 0.001, got 'soon'"
    shutil.rmtree(seeds)
