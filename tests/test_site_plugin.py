"""The site plugin (generator/site/) as a maintainer relies on it: no private MkDocs names,
kept folders never deleted, feeds from the data, a new section in one template, and a
saved article showing up while `mkdocs serve` runs."""

from __future__ import annotations

import ast
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import BIN, FIXTURES, ROOT, build_site, offline_env, site_config

CODE = [*ROOT.glob("generator/**/*.py"), *ROOT.glob("bench/*.py"), *ROOT.glob("tools/*.py")]
TEMPLATES = [*ROOT.glob("overrides/**/*.html"), *ROOT.glob("generator/site/templates/**/*.html")]


# --- no private names -----------------------------------------------------------------------

def _private_uses(path: Path) -> list[str]:
    """Imports of a private name from mkdocs (or material), and attribute reads or writes of a
    `_name` on anything but our own `self`/`cls`, in a module that imports MkDocs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, uses_mkdocs = [], False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("mkdocs", "material"):
            uses_mkdocs = True
            found += [f"{path.name}:{node.lineno} imports {node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") or any(p.startswith("_") for p in node.module.split("."))]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in ("mkdocs", "material"):
                    uses_mkdocs = True
                    if any(p.startswith("_") and p != "__main__" for p in a.name.split(".")):
                        found.append(f"{path.name}:{node.lineno} imports {a.name}")
    if uses_mkdocs:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value.id if isinstance(node.value, ast.Name) else ""
                if owner not in ("self", "cls"):
                    found.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    return found


def test_no_private_mkdocs_names_anywhere():
    assert CODE and TEMPLATES
    found = [use for path in CODE for use in _private_uses(path)]
    for path in TEMPLATES:  # Jinja: `page._x`, `config._x` ...
        found += [f"{path.name}: {m}" for m in re.findall(r"\b\w+\._[a-z]\w*", path.read_text(encoding="utf-8"))]
    assert found == []
    assert not (ROOT / "generator" / "output" / "build_split.py").exists()
    assert "hooks:" not in (ROOT / "mkdocs.yml").read_text()  # one plugin, no hooks loaded by path


def test_the_check_finds_a_private_use(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from mkdocs.commands.build import _build_theme_template\n"
                   "from mkdocs.structure.pages import Page\n"
                   "def f(page):\n    page._title_from_render = 'x'\n    return self._fine\n")
    assert len(_private_uses(bad)) == 2


# --- kept folders ---------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: its mkdocs.yml, briefings/, seeds/ and docs/ (each with a file)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n<!-- briefings-list -->\n")
    shutil.copytree(FIXTURES / "site-briefings", tmp_path / "briefings")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("A title\n\nA sentence of an article.\n")
    (tmp_path / "mkdocs.yml").write_text(json.dumps({
        "INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "theme": {"custom_dir": str(ROOT / "overrides")},
        "nav": [{"Home": "index.md"}],
        "plugins": [{"briefings": {"briefings_dir": "briefings", "seeds_dir": "seeds"}}]}))
    return tmp_path


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("site_dir", ["briefings", "briefings/site", "seeds", "seeds/x", "docs", ".", "..",
                                      "briefings/.."])
def test_a_site_dir_over_a_kept_folder_is_refused_before_anything_is_deleted(project, site_dir):
    before = _files(project)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-f", str(project / "mkdocs.yml"), "-d", site_dir],
                            capture_output=True, text=True, env=offline_env(), cwd=project, timeout=120)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith(("Error", "ERROR"))]
    assert len(errors) == 1 and "site_dir" in errors[0] and "Traceback" not in result.stderr, result.stderr
    assert _files(project) == before


def test_a_site_dir_of_its_own_builds(project):
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, env=offline_env(), cwd=project, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "briefings" / "harbour-to-reopen-on-friday" / "index.html").is_file()


# --- feeds ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    shutil.copytree(FIXTURES / "site-briefings", root / "briefings")
    result = build_site(root / "briefings", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_feeds_hold_undated_briefings_and_titles_escaped_once(fixture_site):
    import feedparser

    for name in ("feed_rss_created.xml", "feed_atom.xml"):
        feed = feedparser.parse((fixture_site / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        titles = [e.title for e in feed.entries]
        # the undated briefing is in, by when it was generated (2024-04-01), so first
        assert titles == ["Ann Lee opens the Portvale reading room with AT&T's help",
                          "Mayor unveils reckless library plan", "Harbour to reopen on Friday"], name
        assert "&amp;" not in "".join(titles) and "&#x27;" not in "".join(titles)
        assert "<b>Saturday</b>" in feed.entries[0].summary or "&lt;b&gt;" in feed.entries[0].summary


def test_schema_1_data_is_upgraded_and_shown(fixture_site):
    page = (fixture_site / "briefings" / "harbour-to-reopen-on-friday" / "index.html").read_text()
    assert 'class="claim claim-statement"' in page and 'class="claim claim-event"' in page  # old kinds renamed
    assert page.count('class="sentence-link" href="#s-') >= 3  # found by their text, with no indices
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # a bad URL is text


def test_our_headline_is_labelled_ours(fixture_site):
    own = (fixture_site / "briefings" / "ann-lee-opens-the-portvale-reading-room" / "index.html").read_text()
    assert "Headline written by us: the article has none" in own
    loaded = (fixture_site / "briefings" / "mayor-unveils-reckless-library-plan" / "index.html").read_text()
    assert re.search(r"The article&rsquo;s own headline.*Our neutral headline:</span> Mayor Ann Lee announces",
                     loaded, re.S)


def test_a_small_site_can_use_materials_search_instead(tmp_path):
    shutil.copytree(FIXTURES / "site-briefings", tmp_path / "briefings")
    result = build_site(tmp_path / "briefings", tmp_path / "site", plugins=("search",), search="material")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "search" / "search_index.json").is_file()  # Material's one index
    assert not (tmp_path / "site" / "search" / "index.json").exists()
    page = (tmp_path / "site" / "briefings" / "harbour-to-reopen-on-friday" / "index.html").read_text()
    assert 'data-md-component="search"' in page and "data-site-search" not in page
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    briefing = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("briefings/harbour-to-reopen"))
    assert "harbour will reopen" in briefing  # the page's body (by section), not a placeholder
    assert not [d for d in index["docs"] if d["location"].startswith(("archive/", "page/"))]  # lists are not results


# --- a new section: one template (docs/architecture.md, "Adding a briefing section") ----------

def test_a_new_section_is_one_template_file(tmp_path):
    """Following docs/architecture.md: a section that shows the dates the claims refer to is
    one file beside the others (here in a theme's override folder, which the plugin reads
    first); no Python changes. (The Markdown file's section is one file too, in
    generator/output/templates/sections/; a section of a new field adds the field in model.py.)"""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "overrides", theme)
    (theme / "briefings" / "sections").mkdir(parents=True)
    (theme / "briefings" / "sections" / "45-dates.html").write_text(
        '{% from "macros.html" import heading %}\n{{ heading("Dates", "dates") }}\n<ul class="claim-dates">\n'
        "{% for c in v.b.claims %}{% for d in c.dates %}<li>{{ d }}</li>{% endfor %}{% endfor %}\n</ul>\n")
    shutil.copytree(FIXTURES / "site-briefings", tmp_path / "briefings")
    config = site_config(tmp_path / "briefings", tmp_path / "config")
    data = json.loads(config.read_text())
    data["theme"]["custom_dir"] = str(theme)
    config.write_text(json.dumps(data))
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env=offline_env(), timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "briefings" / "mayor-unveils-reckless-library-plan" / "index.html").read_text()
    assert '<ul class="claim-dates">\n<li>2025</li>' in page
    assert page.index('id="open-questions"') < page.index('id="dates"') < page.index('id="language-notes"')
    assert 'href="#dates"' in page  # in the table of contents too


# --- serving ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.mark.slow
def test_an_article_saved_while_serving_appears(project):
    """A real `mkdocs serve --dirty` on 127.0.0.1: a new article dropped into seeds/ is
    regenerated and its briefing served, linked from the home page, within seconds."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "-f", str(project / "mkdocs.yml"),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=offline_env(),
                              cwd=project)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "Harbour to reopen" not in (_get(base) or ""):
            time.sleep(0.5)
        assert "Harbour to reopen" in (_get(base) or ""), "the site was not served"
        time.sleep(1.0)  # past the first build's file events
        indexed = json.loads(_get(base + "search/index.json") or "{}").get("count", 0)
        (project / "seeds" / "ferry.md").write_text(
            "---\ntitle: Ferry timetable changes in Portvale\ndate: 2025-06-02\n---\n\n"
            "The Portvale ferry operator said on Monday that crossings would run twice a day from July. "
            "The harbour authority said the change followed a review of passenger numbers.\n", encoding="utf-8")
        saved = time.monotonic()
        page = None
        while time.monotonic() - saved < 60:
            page = _get(base + "briefings/ferry-timetable-changes-in-portvale/")
            if page and "crossings would run twice a day" in page and \
                    "Ferry timetable changes" in (_get(base) or ""):
                break
            time.sleep(0.25)
        took = time.monotonic() - saved
        assert page and "crossings would run twice a day" in page, "the new article never appeared"
        assert (project / "briefings" / "ferry-timetable-changes-in-portvale.json").is_file()
        print(f"new article served {took:.1f} s after it was saved")
        # the search index follows (written in the background while serving)
        for _ in range(120):
            if json.loads(_get(base + "search/index.json") or "{}").get("count", 0) > indexed:
                break
            time.sleep(0.25)
        assert json.loads(_get(base + "search/index.json") or "{}").get("count", 0) > indexed
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
