"""Hostile and broken input: each bad file gets one clear reason, every good file its briefing."""

from __future__ import annotations

import json
import re
import resource
from pathlib import Path

import pytest
from helpers import FIXTURES, briefing_files, generate

from generator.output.slugs import assign_slugs, slugify
from generator.readers import MAX_FILE_BYTES, ReadError, read
from generator.readers.base import decode

pytestmark = pytest.mark.slow  # runs generate in subprocesses: not in make test-fast

GOOD = (FIXTURES / "harbour-bridge.txt").read_text()
ARTICLE_BODY = GOOD.split("\n", 1)[1]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _write(seeds, "good.txt", GOOD)
    _write(seeds, "empty.txt", "")
    _write(seeds, "blank.md", "   \n\n\t  \n")
    _write(seeds, "photo.txt", PNG)
    _write(seeds, "broken-yaml.md", "---\ntitle: [unclosed\ndate: : :\n---\n\n" + ARTICLE_BODY)
    _write(seeds, "cookie-wall.html", (
        "<html><head><title>Accept cookies</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a><a href='/sport'>Sport</a></nav><div id='cookie'>We use cookies. "
        "<button>Accept all</button> <button>Manage</button></div><footer>© News Ltd</footer></body></html>"
    ))
    return seeds


def test_bad_files_are_reported_and_good_ones_still_written(mixed: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = generate("--input", str(mixed), "--output", str(out))
    assert result.returncode == 1  # something failed, and the exit code says so
    assert "Traceback" not in result.stdout + result.stderr
    errors = {line.split(":", 2)[1].strip(): line for line in result.stderr.splitlines() if line.startswith("error:")}
    assert set(errors) == {"empty.txt", "blank.md", "photo.txt", "broken-yaml.md", "cookie-wall.html"}
    assert "empty" in errors["empty.txt"]
    assert "no article text" in errors["blank.md"]
    assert "PNG image" in errors["photo.txt"]
    assert "front matter is not valid YAML" in errors["broken-yaml.md"]
    assert "no article text" in errors["cookie-wall.html"]
    assert "1 written" in result.stdout and "5 failed" in result.stdout
    assert (out / "council-approves-harbour-bridge-repairs.md").is_file()
    assert sorted(p.name for p in out.glob("*.md")) == ["council-approves-harbour-bridge-repairs.md"]


def test_encodings_are_decoded_not_garbled(tmp_path: Path):
    text = "Café owners in Zürich said the façade of the Rathaus would cost €2 million to repair. " * 3
    latin1 = _write(tmp_path, "latin1.txt", ("Zürich façade repairs\n\n" + text).replace("€", "EUR").encode("latin-1"))
    utf16 = _write(tmp_path, "utf16.txt", ("Zürich façade repairs\n\n" + text).encode("utf-16"))
    utf8bom = _write(tmp_path, "bom.md", ("\ufeff---\ntitle: Zürich façade repairs\n---\n\n" + text).encode("utf-8"))
    for path in (latin1, utf16, utf8bom):
        [article] = read(path, tmp_path)
        assert article.title == "Zürich façade repairs", path.name
        assert article.paragraphs[0].startswith("Café owners in Zürich")


def test_invalid_utf8_is_decoded_or_refused_clearly():
    mostly_text = ("The minister said the plan would go ahead. " * 5).encode() + b"\xff\xfe\xfd broken \xc3\x28"
    assert "The minister said" in decode(mostly_text)
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(1, 32)) * 100)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _write(seeds, "good.txt", GOOD)
    with open(seeds / "huge.txt", "wb") as handle:
        chunk = ("The council said the budget would rise. " * 1000).encode()
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = generate("--input", str(seeds), "--output", str(tmp_path / "out"))
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 1
    assert f"over the {MAX_FILE_BYTES // 1048576} MB limit" in result.stderr
    assert "huge.txt" in result.stderr and "1 written" in result.stdout
    assert max(peak_kb, before) < 400 * 1024  # the 50 MB file never entered memory


def test_same_titles_get_distinct_slugs_and_no_overwrite(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _write(seeds, "a.txt", GOOD)
    _write(seeds, "b.txt", GOOD.replace("7-2", "6-3"))
    out = tmp_path / "out"
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    briefings = briefing_files(out)
    assert len(briefings) == 2  # two briefings, two names
    sources = {json.loads(p.read_text())["source"]["path"] for p in briefings}
    assert sources == {"a.txt", "b.txt"}
    # Stable: a second run keeps the same names.
    assert generate("--input", str(seeds), "--output", str(out), "--force").returncode == 0
    assert briefing_files(out) == briefings


@pytest.mark.parametrize("title", [
    "../../etc/passwd", "CON", "nul", "/absolute/path", "..", "?!*<>|:", "x" * 500,
    "Ünïcödé — tïtle", "index", "manifest", "Title with\nnewline",
])
def test_slugs_are_safe(title: str):
    slug = slugify(title, "seed.txt")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", slug), slug
    assert slug not in {"con", "nul", "index", "manifest", ".."}


def test_dangerous_titles_stay_inside_the_output_folder(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    titles = ["../../etc/passwd", "CON", "?!?!?!", "A" * 400]
    for n, title in enumerate(titles):
        _write(seeds, f"t{n}.md", f"---\ntitle: {json.dumps(title)}\n---\n\n{ARTICLE_BODY}")
    out = tmp_path / "out"
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len([n for n in written if n.endswith(".md")]) == 4
    assert all((out / n).resolve().parent == out.resolve() for n in written)
    assert not (tmp_path / "etc").exists()
    assert "etc-passwd.md" in written and "con-article.md" in written


def test_assign_slugs_is_order_independent():
    titles = {"b.txt": "Same", "a.txt": "Same", "c.txt": "Other"}
    first = assign_slugs(titles)
    again = assign_slugs(dict(reversed(list(titles.items()))))
    assert first == again and first["a.txt"] == "same" and first["b.txt"].startswith("same-")
