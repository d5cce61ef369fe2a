"""The published site: strict offline build, home page list, feeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import build_site, generate

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast


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


def test_home_shows_news_before_anything_else(site: Path):
    """A reader's first screen is briefings, not developer text: the first card comes right
    after the page's heading, and no folder name in code font sits above it."""
    html = (site / "index.html").read_text()
    body = html[html.index('<article class="md-content__inner'):]
    first_card = body.index('class="briefing-card"')
    assert "<code>" not in body[:first_card]
    assert len(body[:first_card]) < 1200, body[:first_card]


def test_briefing_page_opens_with_its_headline(site: Path):
    page = site / "briefings" / "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel" / "index.html"
    html = page.read_text()
    body = html[html.index('<article class="md-content__inner'):]
    assert body.index("<h1") < body.index("Benjamin Netanyahu")
    assert "md-tag" not in html  # no tag pills
    assert (site / "briefings" / "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel.json").is_file()


def test_the_sites_own_pages_say_what_the_briefings_say(site: Path):
    how = (site / "how-briefings-are-made" / "index.html").read_text()
    assert "Reportedly, …" in how and "reports: …" in how
    assert "According to the article" not in how


def test_a_briefing_page_is_short_on_a_phone(site: Path):
    """Key actors one line each, most important first (the analysis' order); the article's
    text folded; no "Role / Mentions" lines."""
    import json
    import re

    slug = "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel"
    html = (site / "briefings" / slug / "index.html").read_text()
    data = json.loads((site / "briefings" / f"{slug}.json").read_text())
    key, _, more = html.partition('<details class="briefing-more">')
    names = re.findall(r'<li class="actor-card"><span class="actor-name">(?:<a [^>]*>)?([^<]+)', key)
    assert names == [a["name"] for a in data["actors"] if a["key"]]  # key actors shown, in the analysis' order
    folded = re.findall(r'<li class="actor-card"><span class="actor-name">(?:<a [^>]*>)?([^<]+)', more)
    assert folded == [a["name"] for a in data["actors"] if not a["key"]]  # the others folded under "more"
    assert "Mentions" not in html
    assert '<details class="briefing-article">' in html  # folded, not open
