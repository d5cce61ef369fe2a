"""Story pages on the site, from a literal three-article fixture (tests/fixtures/story: one
council vote told by three outlets, plus two unrelated articles): their elements in the
built HTML, and in Chromium at 390 px and 1280 px, in both colour schemes, with axe-core."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, FIXTURES, axe_violations, build_site, generate, serve

pytestmark = pytest.mark.slow  # generates the fixture and builds a site

OUTLETS = {"The Daily Dispatch", "Harbour Times", "Coast Herald"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("story-site")
    seeds, out, site = root / "seeds", root / "briefings", root / "site"
    shutil.copytree(FIXTURES / "story", seeds)
    (root / "sources.yml").write_text("outlets:\n  Harbour Times: {country: UK, lean: \"local, as I see it\"}\n")
    result = generate("--input", str(seeds), "--output", str(out), "--backend", "extractive")
    assert result.returncode == 0, result.stderr
    made = build_site(out, site, outlets_file=str(root / "sources.yml"))
    assert made.returncode == 0, made.stderr
    [story] = [s for s in json.loads((out / "stories.json").read_text())["stories"] if len(s["briefings"]) == 3]
    return out, site, story


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_story_page_shows_each_part(built) -> None:  # type: ignore[no-untyped-def]
    out, site, story = built
    html = _html(site, f"stories/{story['id']}")
    view = json.loads((out / "stories" / f"{story['id']}.json").read_text())
    assert "Headline written by us" in html and "3 articles from 3 outlet(s)" in html
    assert "first seen <time datetime=\"2024-03-04\">" in html
    for part in ("coverage", "claims", "voices", "actors", "why"):
        assert f'id="{part}"' in html, part
    for outlet in OUTLETS:
        assert outlet in html
    for slug in story["briefings"]:  # each outlet's headline links to its briefing
        assert f'href="../../briefings/{slug}/"' in html
    assert "Described by this site&rsquo;s owner as: UK · local, as I see it" in html  # the owner's words, as such
    cells = re.findall(r'href="\.\./\.\./briefings/([a-z0-9-]+)/#s-(\d+)"', html)
    assert cells and all((s, int(n) - 1) for s, n in cells)
    for row in view["matrix"]:  # every cell links to its evidence sentence in that briefing
        for cell in row["cells"]:
            if cell["sentences"]:
                assert (cell["slug"], str(cell["sentences"][0] + 1)) in cells


def test_briefings_and_actors_link_to_their_story(built) -> None:  # type: ignore[no-untyped-def]
    out, site, story = built
    first, *others = story["briefings"]
    page = _html(site, f"briefings/{first}")
    assert f'href="../../stories/{story["id"]}/"' in page and "Also told by" in page
    for slug in others:
        assert f'href="../{slug}/"' in page
    listing = _html(site, "stories")
    assert f'href="{story["id"]}/"' in listing and listing.count('class="briefing-card"') == 1  # stories of 2+ only
    okafor = _html(site, "actors/maria-okafor")
    assert f'href="../../stories/{story["id"]}/"' in okafor


@pytest.fixture(scope="module")
def browser(built):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    _, site, story = built
    with serve(site) as url, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium, url, story
        finally:
            chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_story_pages_fit_the_screen(browser, width, height) -> None:  # type: ignore[no-untyped-def]
    chromium, url, story = browser
    page = chromium.new_page(viewport={"width": width, "height": height})
    try:
        for path in (f"stories/{story['id']}/", "stories/"):
            page.goto(url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_story_pages_have_no_wcag_violations(browser, scheme) -> None:  # type: ignore[no-untyped-def]
    chromium, url, story = browser
    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        found = {}
        for path in (f"stories/{story['id']}/", "stories/"):
            page.goto(url + path)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
                "slate" if scheme == "dark" else "default")
            if violations := axe_violations(page):
                found[path] = violations
        assert found == {}
    finally:
        context.close()
