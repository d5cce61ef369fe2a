"""Hostile file-system states and pathological text (issue 10, items 2, 11-16).

Each test drives the real `generate` command (or the reader) the way a user
would, and checks that the run reports the problem in one line, keeps what it
cannot rebuild, and never publishes what it must not.

The machine running the tests may be root, which reads any file whatever its
mode; the tests that need "permission denied" then run `generate` without the
two capabilities that let root ignore file modes (`setpriv`), so the kernel
answers as it would for an ordinary user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import BIN, FIXTURES, ROOT, briefing_files, generate, offline_env, text_files

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

GOOD = (FIXTURES / "harbour-bridge.txt").read_text()
BODY = GOOD.split("\n", 1)[1]
SECRET = "Zyxwv-outside-the-input-folder"


def _article(title: str, marker: str = "") -> str:
    return f"{title}\n\n{BODY}\n\n{marker}\n" if marker else f"{title}\n\n{BODY}"


def _unprivileged() -> list[str]:
    """A command prefix under which file modes apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def _generate(*args: str, prefix: list[str] | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    if not prefix and umask is None:
        return generate(*args)

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run([*(prefix or []), str(BIN / "generate"), *args], capture_output=True, text=True,
                          env=offline_env(), timeout=300, cwd=ROOT, preexec_fn=set_umask)


def _errors(result: subprocess.CompletedProcess) -> dict[str, str]:
    """error lines by the file or folder they name."""
    return {line.split(":", 2)[1].strip(): line for line in result.stderr.splitlines() if line.startswith("error:")}


def _published(out: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in sorted(out.glob("*")) if p.suffix in (".md", ".json"))


def _slugs(out: Path) -> set[str]:
    return {p.stem for p in out.glob("*.md")}


# -- item 2: links out of the input folder ------------------------------------------------


def test_links_that_leave_the_input_folder_are_refused(tmp_path: Path):
    seeds, out, outside = tmp_path / "seeds", tmp_path / "out", tmp_path / "outside"
    seeds.mkdir()
    outside.mkdir()
    (seeds / "good.txt").write_text(GOOD)
    (outside / "private.txt").write_text(_article("Private notes of the owner", SECRET))
    (seeds / "passwd.txt").symlink_to(outside / "private.txt")
    (seeds / "etc-passwd.txt").symlink_to("/etc/passwd")
    (seeds / "elsewhere").symlink_to(outside, target_is_directory=True)
    (seeds / "inside.txt").symlink_to(seeds / "good.txt")  # stays in the folder: fine

    result = generate("--input", str(seeds), "--output", str(out))
    assert "Traceback" not in result.stdout + result.stderr
    errors = _errors(result)
    assert set(errors) == {"passwd.txt", "etc-passwd.txt", "elsewhere"}, result.stderr
    assert all("outside the input folder" in line for line in errors.values())
    assert all(len(line.splitlines()) == 1 for line in errors.values())
    published = _published(out)
    assert SECRET not in published and "root:" not in published
    assert result.returncode == 1
    assert "2 written" in result.stdout  # good.txt and the link inside the folder


def test_a_link_that_later_points_outside_loses_its_old_briefing(tmp_path: Path):
    """A briefing must never keep publishing what came through a link that now leaves the folder."""
    seeds, out, outside = tmp_path / "seeds", tmp_path / "out", tmp_path / "outside"
    seeds.mkdir()
    outside.mkdir()
    (seeds / "good.txt").write_text(GOOD)
    (outside / "private.txt").write_text(_article("Private notes of the owner", SECRET))
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    (seeds / "good.txt").unlink()
    (seeds / "good.txt").symlink_to(outside / "private.txt")
    result = generate("--input", str(seeds), "--output", str(out))
    assert "outside the input folder" in _errors(result)["good.txt"]
    assert SECRET not in _published(out)


# -- item 12: an unreadable article keeps its briefing -----------------------------------


def _two_articles(tmp_path: Path) -> tuple[Path, Path]:
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "a.txt").write_text(_article("Harbour bridge vote"))
    (seeds / "b.txt").write_text(_article("Second bridge story"))
    first = generate("--input", str(seeds), "--output", str(out))
    assert first.returncode == 0, first.stderr
    return seeds, out


def _make_unreadable(path: Path, how: str) -> None:
    if how == "mode 000":
        path.chmod(0)
    elif how == "fifo":  # reading it would block for ever
        path.unlink()
        os.mkfifo(path)
    elif how == "dangling link":
        path.unlink()
        path.symlink_to(path.parent / "no-such-file.txt")


@pytest.mark.parametrize(("how", "force"), [("mode 000", False), ("mode 000", True), ("fifo", False),
                                            ("dangling link", True)])
def test_unreadable_article_is_reported_and_keeps_its_briefing(tmp_path: Path, how: str, force: bool):
    seeds, out = _two_articles(tmp_path)
    old = (out / "harbour-bridge-vote.md").read_text()
    _make_unreadable(seeds / "a.txt", how)
    (seeds / "b.txt").write_text(_article("Second bridge story renamed"))
    result = _generate("--input", str(seeds), "--output", str(out), *(["--force"] if force else []),
                       prefix=_unprivileged() if how == "mode 000" else None)
    assert "Traceback" not in result.stdout + result.stderr
    errors = _errors(result)
    assert set(errors) == {"a.txt"}, result.stderr
    assert result.returncode == 1
    assert (out / "harbour-bridge-vote.md").read_text() == old  # kept as it was
    assert "second-bridge-story-renamed" in _slugs(out)  # the rest is written
    assert "removed" not in result.stdout


# -- item 13: an unlistable folder is an error, not a deletion ---------------------------


def test_unlistable_folder_is_an_error_for_its_files_not_a_deletion(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    (seeds / "sub").mkdir(parents=True)
    (seeds / "top.txt").write_text(_article("Top level bridge story"))
    (seeds / "sub" / "inner.txt").write_text(_article("Inner bridge story"))
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    (seeds / "sub").chmod(0)
    try:
        result = _generate("--input", str(seeds), "--output", str(out), prefix=_unprivileged())
    finally:
        (seeds / "sub").chmod(0o755)
    assert "Traceback" not in result.stdout + result.stderr
    errors = _errors(result)
    assert set(errors) == {"sub"}, result.stderr
    assert "cannot list" in errors["sub"] and "kept" in errors["sub"]
    assert result.returncode == 1
    assert "removed" not in result.stdout
    assert {"top-level-bridge-story", "inner-bridge-story"} <= _slugs(out)
    manifest = json.loads((out / "manifest.json").read_text())["articles"]
    assert "sub/inner.txt" in manifest


# -- item 14: the manifest owns every file it wrote --------------------------------------


def test_a_new_title_leaves_no_orphan(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "a.txt").write_text(_article("First headline of the story"))
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    (seeds / "a.txt").write_text(_article("Corrected headline of the story"))
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert _slugs(out) == {"corrected-headline-of-the-story"}
    assert [p.name for p in briefing_files(out)] == ["corrected-headline-of-the-story.json"]


def test_the_survivor_of_a_title_clash_leaves_no_orphan(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "a.txt").write_text(_article("Same headline"))
    (seeds / "b.txt").write_text(_article("Same headline", "A different last line."))
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    assert len(_slugs(out)) == 2
    (seeds / "a.txt").unlink()
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert _slugs(out) == {"same-headline"}
    assert json.loads((out / "same-headline.json").read_text())["source"]["path"] == "b.txt"


def test_files_a_killed_run_wrote_are_still_owned(tmp_path: Path):
    """Ownership is recorded before a briefing is written, so a run killed between writing
    the new files and saving the manifest cannot leave files nobody owns."""
    from generator.output.store import Manifest

    out = tmp_path / "out"
    out.mkdir()
    manifest = Manifest.load(out)
    manifest.entries["a.txt"] = {"file": "a.txt", "slug": "old-title", "key": "x"}
    manifest.own({"new-title"})  # what a run does before its first write
    manifest.save()
    for slug in ("old-title", "new-title"):
        (out / f"{slug}.md").write_text("x")
        (out / f"{slug}.json").write_text("{}")
    (out / "someone-elses.md").write_text("not ours")
    reloaded = Manifest.load(out)
    reloaded.entries["a.txt"]["slug"] = "third-title"
    reloaded.remove_unowned()
    assert not (out / "old-title.md").exists() and not (out / "new-title.json").exists()
    assert (out / "someone-elses.md").exists()  # never ours: never touched


# -- item 15: one run at a time per output folder ----------------------------------------


def test_a_second_run_on_a_locked_folder_exits_with_one_line(tmp_path: Path):
    from filelock import FileLock

    from generator.output.store import lock_path

    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    out.mkdir()
    (seeds / "a.txt").write_text(GOOD)
    with FileLock(lock_path(out), timeout=0):
        result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error:") and "another" in line and str(out) in line
    assert not list(out.glob("*.md"))


def test_a_run_started_while_another_works_leaves_it_alone(tmp_path: Path):
    """The reported crash: an unchanged run's clean-up deleted a --force run's temp files."""
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    for i in range(40):
        (seeds / f"s{i:02d}.txt").write_text(_article(f"Bridge story number {i}"))
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    (out / ".generate.lock").unlink(missing_ok=True)  # the lock file stays; its lock goes with the run
    first = subprocess.Popen([str(BIN / "generate"), "--input", str(seeds), "--output", str(out), "--force",
                              "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=offline_env(), cwd=ROOT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (out / ".generate.lock").exists():  # created as it is locked
        time.sleep(0.05)
    second = generate("--input", str(seeds), "--output", str(out))
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0 and "Traceback" not in stderr, stderr
    assert "40 written" in stdout
    assert second.returncode == 2, second.stdout + second.stderr
    [line] = second.stderr.strip().splitlines()
    assert line.startswith("error: another generate run is writing to")
    assert len(_slugs(out)) == 40 and not list(out.glob(".tmp-*"))


# -- item 16: file modes follow the umask -------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_written_files_follow_the_umask(tmp_path: Path, umask: int, mode: int):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "a.txt").write_text(GOOD)
    result = _generate("--input", str(seeds), "--output", str(out), umask=umask)
    assert result.returncode == 0, result.stderr
    files = text_files(out)
    assert {p.name for p in files} == {"council-approves-harbour-bridge-repairs.md",
                                       "council-approves-harbour-bridge-repairs.json", "manifest.json", "stories.json"}
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(mode)}


# -- "done when": NUL bytes and mixed encodings -------------------------------------------


def test_a_nul_later_in_the_text_is_dropped(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    head = "<style>" + "p { margin: 0 }\n" * 700 + "</style>"  # pushes the title past the binary sniff
    paragraphs = [p.replace("7-2", "7\x00-2") for p in BODY.split("\n\n") if p.strip()]
    html = (f"<html><head>{head}<title>Harbour\x00 bridge repairs</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>")
    (seeds / "page.html").write_bytes(html.encode())
    (seeds / "late.txt").write_bytes((GOOD + "\n\n" + "More words follow here. " * 400 + "\x00 tail\n").encode())
    from generator.readers import read

    for path in seeds.iterdir():
        [article] = read(path, seeds)
        assert "\x00" not in article.text + article.title, path.name
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    for path in text_files(out):
        raw = path.read_text()
        assert "\x00" not in raw and "\\u0000" not in raw, path.name


def test_mixed_utf8_and_latin1_lines_are_each_decoded(tmp_path: Path):
    from generator.readers import read

    utf8 = "Zürich façade repairs\n\nCafé owners in Zürich said the façade would cost 2 million francs.\n\n"
    latin1 = "The Rathaus in Zürich will close its café for the works, officials said on Monday.\n\n"
    more = "Residents said they would follow the council's plan closely and ask questions at the meeting. " * 2
    path = tmp_path / "mixed.txt"
    path.write_bytes(utf8.encode("utf-8") + latin1.encode("latin-1") + more.encode())
    [article] = read(path, tmp_path)
    assert article.title == "Zürich façade repairs"
    assert "Café owners in Zürich said the façade" in article.text
    assert "Rathaus in Zürich will close its café" in article.text
    assert "Ã" not in article.text and "\ufffd" not in article.text


# -- item 11: pathological text is bounded -----------------------------------------------


def _run_on(chars: int) -> str:
    words = "the council said bridge repairs would cost money and take time while residents waited".split()
    return " ".join(words[i % len(words)] for i in range(chars // 5))[:chars]


def test_a_huge_run_on_sentence_is_cut_with_a_note(tmp_path: Path):
    from generator.analysis.parse import MAX_SENTENCE_CHARS
    from generator.analysis.run import analyse_batch
    from generator.readers import read
    from generator.readers.base import MAX_ANALYSED_CHARS

    path = tmp_path / "runon.txt"
    text = _run_on(299_000).strip()
    path.write_text("Run on\n\n" + text + "\n")
    [article] = read(path, tmp_path)
    assert len(article.text) <= MAX_ANALYSED_CHARS
    assert any(f"{len(text):,}" in n and f"{MAX_ANALYSED_CHARS:,}" in n for n in article.notices), article.notices
    [(done, analysis, problem)] = analyse_batch([article])
    assert analysis is not None, problem
    assert max(len(s) for s in done.sentences) <= MAX_SENTENCE_CHARS


def test_thousands_of_tiny_paragraphs_are_cut_with_a_note(tmp_path: Path):
    from generator.readers import read
    from generator.readers.base import MAX_ANALYSED_PARAGRAPHS

    path = tmp_path / "tiny.txt"
    path.write_text("Tiny paragraphs\n\n" + "\n\n".join(f"Line {i} here." for i in range(3000)))
    [article] = read(path, tmp_path)
    assert len(article.paragraphs) == MAX_ANALYSED_PARAGRAPHS
    assert article.notices and f"{MAX_ANALYSED_PARAGRAPHS:,} paragraphs" in article.notices[0]


def test_the_cut_is_said_in_the_briefing_and_the_run_report(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    long_text = "\n\n".join([BODY] * 120)  # a long but ordinary article
    (seeds / "long.txt").write_text("A very long bridge report\n\n" + long_text)
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stderr
    [note] = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert "long.txt" in note and "were analysed" in note
    data = json.loads((out / "a-very-long-bridge-report.json").read_text())
    assert any("were analysed" in n for n in data["notices"])
    assert "were analysed" in (out / "a-very-long-bridge-report.md").read_text()


@pytest.mark.parametrize("name, body", [
    ("brackets", "[" * 30_000 + "a" + "](b)" * 30_000),
    ("links", "[a](" * 30_000),
    ("emphasis", "*a " * 30_000 + "x" + " b*" * 30_000),
    ("lists", "".join("  " * i + "- item\n" for i in range(2000))),
])
def test_pathological_markdown_is_read_in_bounded_time(tmp_path: Path, name: str, body: str):
    """A hang guard, not a speed target (figures: bench/hostile_bench.py): before the fix
    these took minutes or raised RecursionError."""
    path = tmp_path / f"{name}.md"
    path.write_text("# Nested markup\n\n" + BODY + "\n\n" + body + "\n")
    code = ("import sys; from pathlib import Path; from generator.readers import read, ReadError\n"
            "p = Path(sys.argv[1])\n"
            "try:\n    print(len(read(p, p.parent)[0].text))\n"
            "except ReadError as e:\n    print('refused:', e)\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 30
