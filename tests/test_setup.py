"""What a newcomer's fresh clone depends on (issue 25): the declared dependencies (a
fresh install must read HTML), the make targets README gives, and the test tiers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest
from helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def _requirements(extra: str = "") -> dict[str, str]:
    """name (normalised) -> version specifier, of the runtime dependencies or of an extra."""
    listed = PYPROJECT["project"]["optional-dependencies"][extra] if extra else PYPROJECT["project"]["dependencies"]
    out = {}
    for line in listed:
        name, _, spec = _REQUIREMENT.match(line).groups()  # type: ignore[union-attr]
        out[re.sub(r"[-_.]+", "-", name).lower()] = spec.replace(" ", "")
    return out


def test_lxml_html_clean_is_declared_so_a_fresh_install_reads_html():
    """jusText (under trafilatura) asks for `lxml[html_clean]`; lxml 6 moved that code out
    and pip 23 does not resolve the extra's name, so without our own line `import
    trafilatura` fails on a fresh install and every .html file with it."""
    spec = _requirements().get("lxml-html-clean", "")
    assert re.fullmatch(r">=[0-9.]+,<[0-9]+", spec), spec
    import trafilatura  # noqa: F401 - the install this test runs in reads HTML


@pytest.mark.parametrize("extra", ["", "test", "real-llm"])
def test_every_dependency_has_a_lower_and_an_upper_bound_or_an_exact_pin(extra: str):
    loose = {name: spec for name, spec in _requirements(extra).items()
             if not (re.fullmatch(r"==[0-9.]+", spec) or re.fullmatch(r">=[0-9.]+,<[0-9]+", spec))}
    assert loose == {}


def test_test_tiers_are_registered_markers():
    markers = " ".join(PYPROJECT["tool"]["pytest"]["ini_options"]["markers"])
    assert "browser:" in markers and "slow:" in markers


def _make_dry_run(target: str) -> str:
    """The commands `make` would run for `target` on a fresh clone (-B: as if nothing were built)."""
    result = subprocess.run(["make", "-n", "-B", target], capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_installs_the_runtime_only_and_make_test_the_test_extras():
    serve = _make_dry_run("serve")
    installs = [line for line in serve.splitlines() if "pip install" in line and " -e " in line]
    assert installs and all("[test" not in line for line in installs), installs
    test = _make_dry_run("test")
    assert any("pip install" in line and ".[test]" in line for line in test.splitlines()), test
    fast = _make_dry_run("test-fast")
    assert "-m 'not browser and not slow and not real_llm'" in fast, fast


def test_without_chromium_the_browser_tests_are_skipped_with_one_line(tmp_path):
    """macOS or Fedora: no apt-get, no /usr/bin/chromium. `make test` runs the rest."""
    path = tmp_path / "bin"
    path.mkdir()
    for tool in ("sh", "id", "test", "command", "uname"):
        if shutil.which(tool):
            (path / tool).symlink_to(shutil.which(tool))
    result = subprocess.run(["sh", str(ROOT / "tools" / "browser_setup.sh")], capture_output=True, text=True,
                            cwd=ROOT, timeout=60,
                            env={"PATH": str(path), "CHROMIUM": str(tmp_path / "no-chromium"), "HOME": str(tmp_path)})
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and "skipping the browser tests" in lines[0] and "README" in lines[0], lines

    required = subprocess.run(["sh", str(ROOT / "tools" / "browser_setup.sh")], capture_output=True, text=True,
                              cwd=ROOT, timeout=60, env={"PATH": str(path), "CHROMIUM": str(tmp_path / "none"),
                                                         "HOME": str(tmp_path), "BROWSER_TESTS": "required"})
    assert required.returncode == 2  # .ci/run: a CI machine that cannot run them fails, never skips
