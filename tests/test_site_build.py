"""How the site is built at scale, checked against how MkDocs alone builds it.

- `plain_markdown` (the briefing and actor pages' Markdown without Python-Markdown)
  makes what Python-Markdown makes, for hostile text too, and refuses anything else;
- `build_split` (pages built in two processes) makes the same site, file for file, as
  one process, and one process without the plain-Markdown path; a warning in a page
  the second process builds still fails `--strict`; the last build's site, deleted by
  another process, is gone but for its hidden files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from helpers import BIN, ROOT, generate, offline_env

from generator.output import plain_markdown
from generator.output.render import text

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list"]
"""What MkDocs and Material hand Python-Markdown for this site's mkdocs.yml."""

NASTY = [
    "Plain title", "Tom & Jerry's \"café\" – naïve 5.5% rise", "*bold* _under_ `code` [link](x)",
    "<script>alert(1)</script> {{ config }} {% x %} | pipe", "# not a heading ## ##", "1. not a list",
    "back\\slash ~tilde~ !bang ![img](y)", "Ünïcödé — Ελληνικά 中文", "  spaced   out  ", "a &amp; b &#x27;",
    "Summary", "Summary", "x" * 300,
]


def _python_markdown(text_: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    html = md.convert(text_)
    return html, md.toc_tokens


def _toc(tokens: list) -> list:
    return [(t["level"], t["id"], t["name"], _toc(t["children"])) for t in tokens]


@pytest.mark.parametrize("title", NASTY)
def test_plain_markdown_renders_headings_and_text_as_python_markdown_does(title):
    page = (f"BRIEFINGRAWx0\n\n# &ldquo;{text(title)}&rdquo;\n\nBRIEFINGRAWx1\n\n## Summary\n\n"
            f"{text(title).lstrip('#0123456789. ') or 'x'} and more.\n\n## Summary\n\n### {text(title)}\n")
    made = plain_markdown.render(page)
    reference, tokens = _python_markdown(page)
    if made is None:  # refused: only for text Python-Markdown would read as more than text
        assert re.search(r"[`*_\[\]<>&!|{}~]|\\", text(title)), title
        return
    assert made.html == reference
    assert _toc(made.toc) == _toc(tokens)
    assert made.title is None  # the page opens with a placeholder, not with the h1


def test_plain_markdown_title_comes_from_a_leading_h1():
    made = plain_markdown.render("# Joe Biden\n\nBRIEFINGRAWx0\n")
    assert made.title == "Joe Biden" and made.toc[0]["id"] == "joe-biden"
    assert made.html == _python_markdown("# Joe Biden\n\nBRIEFINGRAWx0\n")[0]


@pytest.mark.parametrize("other", [
    "- a list", "1. a list", "> a quote", "    code", "```\nfence\n```", "a *b* c", "a [b](c)", "<b>x</b>",
    "a | b\n--|--\n1 | 2", "!!! note\n    x", "# T {: #x }", "a  \nb", "line one\nline two", "T\n===",
    "---", "a & b", "a `b`", "# closing #",
])
def test_plain_markdown_leaves_any_other_form_to_python_markdown(other):
    assert plain_markdown.render(f"# Title\n\n{other}\n") is None


def test_plain_markdown_only_with_settings_it_knows():
    class Config(dict):
        pass

    assert plain_markdown.options(Config(markdown_extensions=EXTENSIONS, mdx_configs={"toc": {"permalink": True}}))
    assert not plain_markdown.options(Config(markdown_extensions=[*EXTENSIONS, "pymdownx.smartsymbols"],
                                               mdx_configs={}))
    assert not plain_markdown.options(Config(markdown_extensions=EXTENSIONS,
                                               mdx_configs={"toc": {"permalink": True, "slugify": str}}))


# --- the whole site: two processes, one, and one without the plain path ---------------------

COPIES = 120
"""Four articles, 120 times each: 480 briefings and their pages, over build_split.MIN_PAGES."""

NO_PLAIN = ("import sys; from generator.output import plain_markdown; plain_markdown.render = lambda *a, **k: None; "
            "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")


@pytest.fixture(autouse=True)
def our_prose_is_neutral():
    """conftest's check of every briefing a test writes, once per briefing here: the sites
    below hold 480 copies of four briefings (2,000 JSON files), checked as the four."""
    yield


@pytest.fixture(scope="module")
def briefings(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    seeds, base, out = root / "seeds", root / "base", root / "briefings"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "us-arms-israel.md", seeds)
    for n, (title, day) in enumerate([("Port strike ends", "2021-03-01"), ("Library hours extended", ""),
                                      ("Shipyard visit", "2024-01-15")]):
        front = f"---\ntitle: {title}\n" + (f"date: {day}\n" if day else "") + "---\n\n"
        (seeds / f"s{n}.md").write_text(
            front + f"Union leader Maria Costa{n} said on Monday that the {title.lower()} story was welcome. "
            f"\"We waited three weeks,\" Costa{n} told reporters in Portvale. The city council said the "
            f"harbour would reopen on Friday after a review of safety rules by the port authority.\n", encoding="utf-8")
    result = generate("--input", str(seeds), "--output", str(base), "--backend", "extractive")
    assert result.returncode == 0, result.stdout + result.stderr
    from generator.analysis.lexicon import is_neutral

    for path in base.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "summary" in data:
            ours = [*data["summary"], *(a["role"] for a in data["actors"]),
                    *(q["question"] for q in data["open_questions"])]
            assert all(is_neutral(words) for words in ours), path.name
    out.mkdir()
    for path in base.glob("*.md"):
        slug = path.stem
        body, data = path.read_text(encoding="utf-8"), (base / f"{slug}.json").read_text(encoding="utf-8")
        for copy in range(COPIES):
            new = f"{slug}-{copy}"
            (out / f"{new}.md").write_text(re.sub(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", new, body),
                                           encoding="utf-8")
            (out / f"{new}.json").write_text(data.replace(slug, new), encoding="utf-8")
    return out


def _build(briefings: Path, site: Path, jobs: str, plain: bool = True) -> subprocess.CompletedProcess:
    command = [str(BIN / "mkdocs")] if plain else [sys.executable, "-c", NO_PLAIN]
    return subprocess.run([*command, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env=offline_env(BRIEFINGS_DIR=str(briefings), BRIEFINGS_BUILD_JOBS=jobs))


def _normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.startswith("feed_rss"):  # the feed's own build time
        return re.sub(rb"<(pubDate|lastBuildDate)>[^<]*</\1>", b"", data, count=2)
    if path.parent.name == "search" and path.name == "index.json":  # the index's build id
        manifest = json.loads(data)
        manifest.pop("build")
        return json.dumps(manifest).encode()
    return data


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): _normalised(p) for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_processes_build_the_same_site_as_one(briefings, tmp_path):
    split = _build(briefings, tmp_path / "split", "2")
    assert split.returncode == 0, split.stderr
    one = _build(briefings, tmp_path / "one", "1", plain=False)
    assert one.returncode == 0, one.stderr
    pages = list((tmp_path / "split").rglob("index.html"))
    assert len(pages) > 500
    a, b = _tree(tmp_path / "split"), _tree(tmp_path / "one")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    sitemap = (tmp_path / "split" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == len(pages)  # every page (404.html is not one)


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_the_last_builds_site_is_removed_and_hidden_files_kept(briefings, tmp_path, jobs):
    """The old site is moved aside and deleted by another process while the build runs
    (build_split._clear_old_site); what MkDocs keeps (hidden entries) stays, and nothing
    is left over, not even the folder a killed build left."""
    site = tmp_path / "site"
    (site / "old-folder" / "deep").mkdir(parents=True)
    (site / "old-folder" / "deep" / "page.html").write_text("old")
    (site / "stale.html").write_text("old")
    (site / "index.html").write_text("old home")
    (site / ".nojekyll").write_text("")
    (site / ".old-site-killed" / "x").mkdir(parents=True)
    result = _build(briefings, site, jobs)
    assert result.returncode == 0, result.stderr
    assert not (site / "old-folder").exists() and not (site / "stale.html").exists()
    assert (site / ".nojekyll").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".old-site")] == []
    assert "old home" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>") == len(list(site.rglob("index.html")))


def test_a_warning_in_the_second_process_still_fails_a_strict_build(briefings, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(briefings, broken)
    pages = sorted(broken.glob("*.md"))[:6]  # dealt out in turn: both processes get some
    for page in pages:
        page.write_text(page.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n",
                        encoding="utf-8")
    split = _build(broken, tmp_path / "split", "2")
    one = _build(broken, tmp_path / "one", "1")
    assert split.returncode != 0 and one.returncode != 0
    for result in (split, one):
        printed = result.stdout + result.stderr  # MkDocs prints its "Aborted" on stdout
        assert "Aborted with 6 warnings in strict mode" in printed, printed[-2000:]
        assert printed.count("contains a link 'missing.md'") == 6
        assert "Traceback" not in printed
