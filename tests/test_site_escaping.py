"""Outside values that are not article text: file and folder names, paths and
front matter reach the site as text, never as markup, and control characters
never break a page's front matter (issue 10, items 1 and 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, build_site, generate, serve

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

MARK = "PWNED"
BODY = ("The council voted on Monday to raise the library budget by 4 percent. "
        "Mayor Ann Lee said the increase would pay for longer opening hours on weekends. "
        "Councillor Raj Patel said the money should go to road repairs instead of libraries.\n")
HOSTILE_NAMES = [
    f"x\n\n<img src=x onerror=window.{MARK}=1>\n.txt",
    f"<script>window.{MARK}=2</script>.txt",
    f"[a](javascript:window.{MARK}=3).txt",
    f"`<img src=x onerror=window.{MARK}=4>`.txt",
    f"a{{{{ config }}}}\r<svg onload=window.{MARK}=5>.txt",
    f"<iframe src=javascript:window.{MARK}=6>/story.txt",  # a hostile folder name
    f"y\n\n<script>window.{MARK}=7</script>\n.txt",
    f'z\n\n<div onmouseover="window.{MARK}=8">z</div>\n\n<img src="x" onerror="window.{MARK}=9">.txt',
]
CONTROL = "\x7f\x85\x9b\u2028\ufffe\ufdd0\x01"
"""DEL, two C1 controls (one a YAML line break), a Unicode line separator, two
noncharacters and a C0 control: each once broke MkDocs' reading of the front matter."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    seeds, out, site = root / "seeds", root / "briefings", root / "site"
    seeds.mkdir()
    for n, name in enumerate(HOSTILE_NAMES):
        path = seeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Library budget story number {n}\n\n{BODY}")
    (seeds / "control.txt").write_text(f"Budget{CONTROL} vote passes in Portvale\n\n{BODY}")
    (seeds / "control-front.md").write_text(
        "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in {
            "title": f"Second{CONTROL} council story",
            "source": f"Daily{CONTROL} Post",
            "date": f"2024-05-0{CONTROL}1",
        }.items()) + "---\n\n" + BODY)
    result = generate("--input", str(seeds), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    built = build_site(out, site)
    assert built.returncode == 0, built.stderr
    return site, out


def _briefing_pages(site: Path) -> list[Path]:
    return sorted((site / "briefings").glob("*/index.html"))


def test_every_hostile_name_was_published(hostile):
    site, out = hostile
    stories = [p for p in _briefing_pages(site) if "library-budget-story" in p.parent.name]
    assert len(stories) == len(HOSTILE_NAMES)
    paths = {json.loads(p.read_text())["source"]["path"] for p in out.glob("library-budget-story*.json")}
    assert paths == set(HOSTILE_NAMES)  # the JSON keeps the true name


def test_file_names_are_shown_as_text(hostile):
    site, _ = hostile
    html = "".join(p.read_text() for p in _briefing_pages(site))
    for tag in ("<img src=x", "<script>window", "<svg onload", "<iframe src"):
        assert tag not in html
    assert f"&lt;script&gt;window.{MARK}=2&lt;/script&gt;.txt" in html
    assert 'href="javascript:' not in html.lower()


@pytest.mark.browser
def test_nothing_runs_in_a_real_browser(hostile):
    from playwright.sync_api import sync_playwright

    site, _ = hostile
    dialogs: list[str] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            urls = [base] + [base + p.relative_to(site).parent.as_posix() + "/" for p in _briefing_pages(site)]
            urls += [base + p.relative_to(site).parent.as_posix() + "/" for p in site.glob("actors/*/index.html")]
            for url in urls:
                page.goto(url)
                page.wait_for_load_state("load")
                assert page.evaluate(f"typeof window.{MARK}") == "undefined", url
                assert page.locator("img[src='x'], svg[onload], iframe").count() == 0, url
                for link in page.locator("a[href]").evaluate_all("els => els.map(e => e.href)"):
                    assert not link.lower().startswith("javascript:"), (url, link)
        finally:
            browser.close()
    assert dialogs == []


def test_control_characters_never_break_front_matter(hostile):
    site, out = hostile
    for slug in ("budget-vote-passes-in-portvale", "second-council-story"):
        md = (out / f"{slug}.md").read_text()
        front = md.split("---\n")[1]
        assert not any(ch in front for ch in CONTROL), (slug, front)
        html = (site / "briefings" / slug / "index.html").read_text()
        assert "title:" not in html and "tags:" not in html, slug  # front matter was read
    page = (site / "briefings" / "second-council-story" / "index.html").read_text()
    assert "<title>Second council story" in page
    assert "Daily Post" in page


def test_front_matter_of_any_value_parses_back(tmp_path):
    """Unit level: every value that goes into front matter, with every kind of
    control character, parses back with MkDocs' own reader as the clean text."""
    from mkdocs.utils.meta import get_data

    from generator.model import BackendInfo, Briefing, SourceInfo
    from generator.output.render import to_json, to_markdown

    nasty = "".join(chr(c) for c in [*range(0, 32), *range(0x7f, 0xa0)]) + "\ufffe\uffff\ud800\u2028\u2029"
    briefing = Briefing(
        title=f"A{nasty}title", summary=[f"S{nasty}"], actors=[], claims=[], open_questions=[],
        language_notes=[], backend=BackendInfo(name="extractive"),
        source=SourceInfo(path=f"p{nasty}.txt", title=f"A{nasty}title", url="", date=f"2024{nasty}-01-02",
                          sha256="0" * 64, publisher=f"Pub{nasty}"),
    )
    markdown = to_markdown(briefing, "a-title")
    markdown.encode("utf-8")  # no lone surrogate survives
    data = json.loads(to_json(briefing).encode("utf-8"))
    assert data["title"] == "A\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029title"  # whitespace kept, the rest dropped
    _, meta = get_data(markdown)
    assert meta["title"] == "A title"
    assert meta["date"] == "2024 -01-02"
    assert meta["source"] == "Pub"
