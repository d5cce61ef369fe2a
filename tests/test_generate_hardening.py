"""`generate` against a broken install and hostile input (issue 25): a reader that
crashes in a way nobody planned for, a JSONL line nested past the recursion limit,
an output folder inside the input folder, and a user's own file where a briefing
would go. Each runs the real command in-process (click's runner) on a few articles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_server import story
from helpers import FIXTURES

from generator.cli import main
from generator.output.slugs import slugify

GOOD = (FIXTURES / "harbour-bridge.txt").read_text(encoding="utf-8")


def _generate(seeds: Path, out: Path, *more: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--input", str(seeds), "--output", str(out), "--backend", "extractive",
                                     "--workers", "1", *more])


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


# -- hole 1: an unexpected exception in one reader costs that file -------------------------


def test_a_reader_that_cannot_import_its_library_costs_that_file_only(tmp_path: Path, monkeypatch):
    """lxml 6 without lxml_html_clean: `import trafilatura` raises ImportError. The
    .html file fails with one line saying what to do; the other articles are written."""
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    (seeds / "bridge.txt").write_text(GOOD, encoding="utf-8")
    title, text = story(3)
    (seeds / "page.html").write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                                     f"</h1><p>{text}</p></article></body></html>", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    result = _generate(seeds, out)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    [error] = _errors(result.output)
    assert error.startswith("error: page.html: ") and "failed to load" in error and "reinstall" in error, error
    assert [e["file"] for e in _manifest(out).values()] == ["bridge.txt"]


def test_a_reader_bug_costs_that_file_only(tmp_path: Path, monkeypatch):
    from generator.readers.txt import TextReader

    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    (seeds / "a.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "b.md").write_text("# " + story(4)[0] + "\n\n" + story(4)[1] + "\n", encoding="utf-8")

    def broken(self, path, root):  # type: ignore[no-untyped-def]
        raise KeyError("an unplanned bug")

    monkeypatch.setattr(TextReader, "read", broken)
    result = _generate(seeds, out)
    assert result.exit_code == 1, result.output
    [error] = _errors(result.output)
    assert error.startswith("error: a.txt: ") and "KeyError" in error, error
    assert [e["file"] for e in _manifest(out).values()] == ["b.md"]


# -- hole 3: one JSONL line nested 100,000 deep -------------------------------------------


def test_a_jsonl_line_nested_100000_deep_fails_alone(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    lines = [json.dumps({"title": story(n)[0], "text": story(n)[1], "url": f"https://news.test/{n}"})
             for n in (5, 6)]
    lines.insert(1, '{"title": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (seeds / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _generate(seeds, out)
    assert result.exit_code == 1, result.output
    [error] = _errors(result.output)
    assert "line 2" in error and "nested" in error, error
    assert len(_manifest(out)) == 2


# -- hole 4: the output folder ---------------------------------------------------------------


@pytest.mark.parametrize("where", ["inside", "same", "contains", "link-inside"])
def test_an_output_folder_overlapping_the_input_is_refused_before_anything_is_written(tmp_path: Path,
                                                                                      where: str):
    project = tmp_path / "project"
    seeds = project / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "bridge.txt").write_text(GOOD, encoding="utf-8")
    if where == "link-inside":
        (seeds / "out").mkdir()
        (project / "alias").symlink_to(seeds / "out")
    out = {"inside": seeds / "briefings", "same": seeds / ".", "contains": project,
           "link-inside": project / "alias"}[where]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = _generate(seeds, out)
    assert result.exit_code == 2, result.output
    [error] = _errors(result.output)
    assert "--output" in error and "--input" in error and len(result.output.splitlines()) == 1, result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written


def test_a_users_own_file_with_a_briefings_name_is_never_overwritten_nor_deleted(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    out.mkdir()
    title, text = story(7)
    (seeds / "story.md").write_text(f"# {title}\n\n{text}\n", encoding="utf-8")
    slug = slugify(title, "")
    mine = {out / f"{slug}.md": "My own notes on this story.\n", out / f"{slug}.json": '{"mine": true}\n'}
    for path, content in mine.items():
        path.write_text(content, encoding="utf-8")

    first = _generate(seeds, out)
    assert first.exit_code == 0, first.output
    [entry] = _manifest(out).values()
    assert entry["slug"] != slug and entry["slug"].startswith(slug)  # published under another name
    assert (out / f"{entry['slug']}.md").is_file()
    assert all(path.read_text(encoding="utf-8") == content for path, content in mine.items())

    (seeds / "story.md").unlink()  # the article goes: its briefing goes, the user's files stay
    second = _generate(seeds, out)
    assert second.exit_code == 0 and "1 removed" in second.output, second.output
    assert not (out / f"{entry['slug']}.md").exists()
    assert all(path.read_text(encoding="utf-8") == content for path, content in mine.items())


# -- JSONL exports with other field names --------------------------------------------------


def test_jsonl_takes_the_common_names_for_source_and_date_and_warns_once_about_the_rest(tmp_path: Path):
    from generator import readers

    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    rows = [
        {"outlet": "Outlet Times", "published": "2024-04-01"},
        {"publisher": "Publisher Daily", "published_at": "2024-04-02T09:30:00Z"},
        {"site_name": "Site Name News", "pubDate": "Wed, 03 Apr 2024 10:00:00 GMT", "image": "x.jpg"},
        {"source": {"name": "Nested Wire"}, "publishedAt": "2024-04-04", "image": "y.jpg", "views": 3},
    ]
    lines = []
    for n, row in enumerate(rows):
        title, text = story(20 + n)
        lines.append(json.dumps({"title": title, "text": text, "url": f"https://news.test/{n}", **row}))
    (seeds / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    articles = readers.read(seeds / "export.jsonl", seeds)
    assert [(a.source, a.date) for a in articles] == [
        ("Outlet Times", "2024-04-01"), ("Publisher Daily", "2024-04-02T09:30:00Z"),
        ("Site Name News", "2024-04-03"), ("Nested Wire", "2024-04-04")]
    assert articles.warnings == ["fields ignored: image, views (known: title, text or html, url, date, "
                                 "source, author, id, teaser; README lists the other names taken)"]

    result = _generate(seeds, out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: export.jsonl: " + articles.warnings[0]]
    summaries = [json.loads((out / f"{e['slug']}.json").read_text())["summary"][0] for e in _manifest(out).values()]
    assert sum(s.startswith("Outlet Times reports") for s in summaries) == 1, summaries
