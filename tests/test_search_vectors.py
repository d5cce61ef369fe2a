"""The search index's rules (docs/search-index.md) on shared test vectors: the Python that
writes the index here, the search box's JavaScript in Node (tests/js/search_vectors.test.mjs),
both from tests/fixtures/search_vectors.json."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from helpers import FIXTURES, ROOT

from generator.site import search

VECTORS = json.loads((FIXTURES / "search_vectors.json").read_text(encoding="utf-8"))


def test_stop_words_are_the_index_s():
    assert VECTORS["stop"] == search.STOP_WORDS


@pytest.mark.parametrize("text,expected", VECTORS["fold"])
def test_fold(text, expected):
    assert search.fold(text) == expected


@pytest.mark.parametrize("text,expected", VECTORS["words"])
def test_words(text, expected):
    assert search.words(text) == expected


@pytest.mark.parametrize("flat,expected", VECTORS["postings"])
def test_postings(flat, expected):
    assert search.encode_postings(flat) == expected


@pytest.mark.parametrize("files,number,expected", VECTORS["doc_file"])
def test_doc_file(files, number, expected, monkeypatch):
    monkeypatch.setattr(search, "DOCS_PER_FILE", files["per_file"])
    monkeypatch.setattr(search, "ACTORS_PER_FILE", files["actors_per_file"])
    name = search.doc_file(number, files["actors_from"])
    at = number % files["per_file"] if number < files["actors_from"] else \
        (number - files["actors_from"]) % files["actors_per_file"]
    assert [name, at] == expected


def test_the_search_box_follows_the_same_vectors_in_node():
    node = shutil.which("node")
    assert node, "node is needed for the search box's test (make test installs npm's tools with it)"
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "search_vectors.test.mjs")],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 5" in result.stdout and "# fail 0" in result.stdout, result.stdout
