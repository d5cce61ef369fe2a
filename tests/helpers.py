"""Test helpers: run the real `generate` command and build the real site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "seeds" / "us-arms-israel.md"
BIN = Path(sys.executable).parent


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING"))}
    env.update(NO_MKDOCS_2_WARNING="1", **extra)
    return env


def generate(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "generate"), *args], capture_output=True, text=True,
        env=env or offline_env(), timeout=timeout, cwd=ROOT,
    )


def build_site(briefings: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=offline_env(BRIEFINGS_DIR=str(briefings)), timeout=300,
    )


