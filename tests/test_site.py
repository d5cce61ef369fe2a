"""The published site: strict offline build, home page list, and search in a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, build_site, generate, serve


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    seeds, out, site = root / "seeds", root / "briefings", root / "site"
    seeds.mkdir()
    shutil.copy(Path(__file__).parent.parent / "seeds" / "us-arms-israel.md", seeds)
    (seeds / "older.md").write_text(
        "---\ntitle: Port strike ends after three weeks\ndate: 2021-03-01\n---\n\n"
        "Dock workers in Portvale returned to work on Monday after union leaders accepted a 6% pay offer. "
        "The Portvale Dockers Union said members voted 812 to 340 to end the strike. "
        "Port managers said shipping would return to normal within two weeks, according to a statement.\n"
    )
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    result = build_site(out, site)
    assert result.returncode == 0, result.stderr
    return site


def test_strict_build_is_offline(site: Path):
    html = (site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_home_lists_briefings_newest_first(site: Path):
    html = (site / "index.html").read_text()
    newer = html.index("Pentagon Rushes Hellfire Missiles")
    older = html.index("Port strike ends after three weeks")
    assert newer < older
    assert 'href="briefings/pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel/"' in html


def test_briefing_pages_are_tagged_and_searchable(site: Path):
    page = site / "briefings" / "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel" / "index.html"
    html = page.read_text()
    assert "Benjamin Netanyahu" in html and "md-tag" in html
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {d["location"] for d in index["docs"] if "Netanyahu" in d["text"]}
    assert any(loc.startswith("briefings/pentagon") for loc in locations)
    assert (site / "briefings" / "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel.json").is_file()


@pytest.fixture
def served(site: Path):
    with serve(site) as url:
        yield url


def test_search_box_finds_briefing_by_actor_in_real_browser(served: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(served)
            page.click("input.md-search__input")
            page.keyboard.type("Netanyahu", delay=30)
            result = page.locator(".md-search-result__item").first
            result.wait_for(timeout=15000)
            titles = page.locator(".md-search-result__item").all_inner_texts()
            assert any("Pentagon Rushes Hellfire" in t for t in titles), titles
            links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
            assert any("/briefings/pentagon-rushes" in href for href in links), links
            assert not any("/briefings/port-strike" in href for href in links), links
            page.locator(".md-search-result__link").first.click()
            page.wait_for_url(re.compile(r".*/briefings/pentagon-rushes.*"), timeout=15000)
            assert "Key actors" in page.content()
        finally:
            browser.close()
