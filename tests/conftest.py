"""Fixtures shared by the test files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import EXAMPLE
from openai_stub import OpenAIStub


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    return folder


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    with OpenAIStub() as server:
        yield server


@pytest.fixture(autouse=True)
def our_prose_is_neutral(tmp_path: Path) -> Iterator[None]:
    """Every briefing a test writes is checked: our own words (summary, roles, open
    questions) hold no loaded term the detector flags, outside quotation marks."""
    yield
    from generator.analysis.lexicon import is_neutral

    for path in tmp_path.rglob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "summary" not in data or "backend" not in data:
            continue
        ours = [*data["summary"], data.get("headline") or "", *(a["role"] for a in data["actors"]),
                *(q["question"] for q in data["open_questions"])]
        loaded = [text for text in ours if not is_neutral(text)]
        assert not loaded, f"{path.name}: loaded wording in our own prose: {loaded}"
