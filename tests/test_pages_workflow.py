"""The GitHub Pages workflow: its generate step run here with a stand-in `generate`,
the settings a deploy depends on (auto backend, site URL, no cancelled deploy), and the
whole workflow simulated on fresh runners with an empty cache (tools/pages_simulate.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, offline_env

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


def test_fetch_runs_only_with_a_sources_file_and_never_for_a_pull_request():
    fetch = step("Fetch")
    assert fetch["if"] == "hashFiles('sources.yml') != '' && github.event_name != 'pull_request'"
    assert fetch.get("continue-on-error") is True
    assert fetch["run"].startswith("fetch --sources sources.yml")


def test_pull_requests_are_built_and_tested_but_never_deployed():
    data = workflow()
    on = data.get("on", data.get(True))
    assert "pull_request" in on
    assert data["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
    names = [s.get("name") or s.get("uses") for s in data["jobs"]["build"]["steps"]]
    assert names.index("Run the fast tests") < names.index("Build the site (search index included)")
    assert step("Run the fast tests")["run"].strip() == "make test-fast"
    assert "github.event_name != 'pull_request'" in step("Keep the archive")["if"]


def test_installs_are_the_projects_bounded_ranges_and_nothing_lives_in_the_actions_cache():
    steps = workflow()["jobs"]["build"]["steps"]
    scripts = "\n".join(s.get("run", "") for s in steps)
    assert "pip install" not in scripts  # make installs pyproject's ranges; no loose installs here
    assert step("Install")["run"].startswith("make .venv/.installed")
    cached = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache")]
    # only the stories' grouping index, which generate rebuilds from the briefings when it is
    # missing; the archive itself is on the data branch, and the index is kept out of it
    assert [s["with"]["path"] for s in cached] in ([], ["briefings/.stories.npz"])
    assert "':(exclude)briefings/.stories.npz'" in step("Keep the archive")["run"]


@pytest.mark.slow
def test_the_archive_survives_fresh_runners_with_an_empty_cache(tmp_path):
    """tools/pages_simulate.py: a bare git remote, a feed on 127.0.0.1 that moves on from day
    1 to day 2, the workflow's steps run twice on fresh clones and once for a pull request."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "pages_simulate.py"), "--workdir", str(tmp_path)],
                            capture_output=True, text=True, timeout=600, env=offline_env())
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stdout.strip().splitlines()[-1].startswith("ok: the archive survived")
    home = (tmp_path / "deployed" / "index.html").read_text(encoding="utf-8")
    for place in ("Ashcombe", "Brindle", "Colwick", "Dunmore", "Elstow"):  # day 1's three and day 2's two
        assert f"{place} council approves repairs" in home
    branches = subprocess.run(["git", "branch", "--list"], cwd=tmp_path / "remote.git", capture_output=True,
                              text=True).stdout.split()
    assert "data" in branches and "main" in branches
