"""Adding a reader or a backend is one class plus one registry line: prove it by
registering toy ones and running the real `generate` command with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import backends, readers
from generator.cli import main
from generator.model import Analysis, Article, BackendInfo, Briefing, source_info
from generator.readers.base import load, make_article


class NotesReader:
    """A file of articles separated by lines of '==='; each block's first line is its title."""

    extensions: tuple[str, ...] = (".notes",)

    def read(self, path: Path, root: Path) -> list[Article]:
        data, text = load(path)
        articles = []
        for n, block in enumerate(text.split("\n===\n"), 1):
            title, _, body = block.strip().partition("\n")
            articles.append(make_article(path, root, data, {"title": title}, [body.strip()], item=str(n)))
        return articles


class EchoBackend:
    """Summarises an article as its first sentence; nothing else."""

    name = "echo"
    model = "echo-1"

    @classmethod
    def create(cls, model: str | None = None) -> EchoBackend:
        return cls()

    def settings_key(self) -> str:
        return "echo-1"

    def analyse(self, article: Article, analysis: Analysis) -> Briefing:
        return Briefing(title=article.title, summary=[article.sentences[0]], actors=[], claims=[],
                        open_questions=[], language_notes=[], source=source_info(article),
                        backend=BackendInfo(self.name, self.model))


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(readers, "READERS", [*readers.READERS, NotesReader()])
    monkeypatch.setitem(backends.REGISTRY, "echo", EchoBackend.create)


BODY = ("The harbour council met on Tuesday and voted on the repair budget for the old bridge. "
        "Members discussed the cost, the schedule and the closures that the work would need. ")


def test_a_registered_reader_and_backend_run_through_generate(registered, tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "digest.notes").write_text(f"First story\n{BODY}\n===\nSecond story\n{BODY * 2}\n")
    result = CliRunner().invoke(main, ["--input", str(seeds), "--output", str(out), "--backend", "echo"])
    assert result.exit_code == 0, result.output
    assert "2 article(s): 2 written" in result.output and "2 by the echo backend" in result.output
    manifest = json.loads((out / "manifest.json").read_text())["articles"]
    assert set(manifest) == {"digest.notes#1", "digest.notes#2"}
    assert {e["file"] for e in manifest.values()} == {"digest.notes"}
    first = json.loads((out / "first-story.json").read_text())
    assert first["backend"]["name"] == "echo" and first["summary"] == [BODY.split(". ")[0] + "."]

    # Unchanged file: nothing rewritten. Dropping one item removes only its briefing.
    again = CliRunner().invoke(main, ["--input", str(seeds), "--output", str(out), "--backend", "echo"])
    assert "2 unchanged" in again.output
    (seeds / "digest.notes").write_text(f"First story\n{BODY}\n")
    last = CliRunner().invoke(main, ["--input", str(seeds), "--output", str(out), "--backend", "echo"])
    assert "1 removed" in last.output
    assert (out / "first-story.md").exists() and not (out / "second-story.md").exists()


def test_cli_choices_come_from_the_registry(registered):
    assert "echo" in backends.choices()
    result = CliRunner().invoke(main, ["--backend", "nonesuch"])
    assert result.exit_code == 2 and "echo" in result.output


def test_the_fallback_comes_from_the_registry():
    assert backends.fallback().name == backends.FALLBACK == "extractive"
    assert isinstance(backends.create("extractive"), backends.Backend)


def test_the_registry_loads_a_backend_only_when_it_is_created():
    """`fetch` and `--help` import the CLI and the registry, never spaCy or the OpenAI
    client (seconds of start-up for a command that needs neither)."""
    import subprocess
    import sys

    code = ("import sys, generator.cli, generator.fetch; "
            "print(sorted(m for m in ('spacy', 'openai') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
    assert {"extractive", "llm"} <= set(backends.REGISTRY)
