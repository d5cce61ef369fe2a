"""Fixtures shared by the test files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    return folder
