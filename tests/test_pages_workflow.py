"""The GitHub Pages workflow: its generate step run here with a stand-in `generate`,
and the settings a deploy depends on (auto backend, site URL, no cancelled deploy)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step(name_start: str) -> dict:
    steps = workflow()["jobs"]["build"]["steps"]
    [found] = [s for s in steps if str(s.get("name", "")).startswith(name_start)]
    return found


def run_generate_step(tmp_path: Path, exit_code: int, **secrets: str) -> tuple[subprocess.CompletedProcess, str]:
    """The step's script under bash -e (as Actions runs it), with a `generate` that records
    its arguments and environment and exits with `exit_code`."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    record = tmp_path / "record.txt"
    (fake / "generate").write_text(
        "#!/bin/sh\n"
        f'{{ echo "args: $*"; env | grep -E "^(OPENAI_|BRIEFING_)" | sort; }} > "{record}"\n'
        f"exit {exit_code}\n")
    (fake / "generate").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING_"))}
    env["PATH"] = f"{fake}:{env['PATH']}"
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODEL"):
        env[name] = secrets.get(name, "")  # unset secrets arrive as empty strings
    result = subprocess.run(["bash", "-e", "-c", step("Generate")["run"]], capture_output=True, text=True,
                            env=env, timeout=30)
    return result, record.read_text() if record.exists() else ""


def test_generate_step_uses_auto_backend_and_drops_empty_secrets(tmp_path):
    result, record = run_generate_step(tmp_path, 0)
    assert result.returncode == 0, result.stderr
    assert "args: --input seeds --output briefings --backend auto" in record
    assert "OPENAI_" not in record and "BRIEFING_" not in record  # "" would be taken as a URL

    result, record = run_generate_step(tmp_path, 0, OPENAI_API_KEY="sk-test", BRIEFING_MODEL="m")
    assert "OPENAI_API_KEY=sk-test" in record and "BRIEFING_MODEL=m" in record
    assert "OPENAI_BASE_URL" not in record


@pytest.mark.parametrize("code,published", [(1, True), (2, False)])
def test_failed_articles_still_publish_but_bad_setup_stops(tmp_path, code, published):
    result, _ = run_generate_step(tmp_path, code)
    assert (result.returncode == 0) is published, (result.returncode, result.stdout, result.stderr)
    if code == 1:
        assert "::warning::" in result.stdout


def test_deploys_are_not_cancelled_and_site_url_comes_from_pages():
    data = workflow()
    assert data["concurrency"]["cancel-in-progress"] is False
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "schedule" in on and "push" in on
    build = step("Build the site")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert "mkdocs build --strict" in build["run"]
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [SITE_URL" in mkdocs_yml


def test_fetch_runs_only_with_a_sources_file():
    fetch = step("Fetch")
    assert fetch["if"] == "hashFiles('sources.yml') != ''"
    assert fetch.get("continue-on-error") is True
    assert fetch["run"].startswith("fetch --sources sources.yml")
