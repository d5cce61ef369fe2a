"""The site a reader uses: the article beside its briefing, who says what, actor
pages across briefings, getting around (pages, archive, previous/next, feed),
phones, dark mode and accessibility, checked in Chromium at 390x844 and 1280x900.

One site is built for the whole module (four articles, two pages of two on the
home page) and one browser is shared by the browser tests.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, axe_violations, build_site, generate, serve

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

PENTAGON = "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel"
SHIPYARD = "biden-visits-portvale-shipyard"
PORT = "port-strike-ends-after-three-weeks"
UNDATED = "library-hours-extended-in-portvale"
SIZES = [(390, 844), (1280, 900)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("pages")
    seeds, out, site = root / "seeds", root / "briefings", root / "site"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "us-arms-israel.md", seeds)  # 2023-10-24, Joe Biden
    (seeds / "shipyard.md").write_text(
        "---\ntitle: Biden visits Portvale shipyard\ndate: 2024-01-15\nsource: Harbour Times\n---\n\n"
        "President Biden visited the Portvale shipyard on Friday, according to the White House.\n\n"
        "\"This yard builds the ships that keep our ports open,\" Biden told workers at the gate.\n\n"
        "The shipyard employs about 2,000 people, company figures show. Union leader Maria Costa said "
        "the visit was welcome but that wages remained too low.\n", encoding="utf-8")
    (seeds / "port.txt").write_text(
        "Source: Harbour Times\nDate: 2021-03-01\nURL: https://example.com/port-strike\n\n"
        "Port strike ends after three weeks\n\n"
        "Dock workers in Portvale returned to work on Monday after union leaders accepted a 6% pay offer. "
        "The Portvale Dockers Union said members voted 812 to 340 to end the strike. "
        "Port managers said shipping would return to normal within two weeks, according to a statement.\n",
        encoding="utf-8")
    (seeds / "library.txt").write_text(
        "Library hours extended in Portvale\n\n"
        "The Portvale city library will open until 9 pm on weekdays from next month, the council said. "
        "Librarian Ann Lee said the longer hours would help students who work during the day.\n",
        encoding="utf-8")
    result = generate("--input", str(seeds), "--output", str(out), "--backend", "extractive")
    assert result.returncode == 0, result.stdout + result.stderr
    built = build_site(out, site, per_page=2)
    assert built.returncode == 0, built.stderr
    return out, site


def _json(out: Path, slug: str) -> dict:
    return json.loads((out / f"{slug}.json").read_text(encoding="utf-8"))


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- the article beside its briefing, and whose words are whose ----------------------------

def test_article_text_is_on_the_briefing_page_sentence_by_sentence(built):
    out, site = built
    sentences = _json(out, PENTAGON)["source"]["sentences"]
    html = _html(site, f"briefings/{PENTAGON}")
    assert len(sentences) >= 8
    assert '<details class="briefing-article"' in html
    for n in range(1, len(sentences) + 1):
        assert f'id="s-{n}"' in html
    assert f'id="s-{len(sentences) + 1}"' not in html
    assert "Nevatim Air Base on Tuesday" in html  # the article's own words are searchable on the page


def test_every_claim_question_and_note_links_to_its_sentence(built):
    out, site = built
    data = _json(out, PENTAGON)
    sentences = data["source"]["sentences"]
    html = _html(site, f"briefings/{PENTAGON}")
    claims = re.findall(r'<li id="claim-\d+".*?</li>', html, re.S)
    assert len(claims) == len(data["claims"]) > 0
    for claim, item in zip(claims, data["claims"], strict=True):
        n = int(re.search(r'href="#s-(\d+)"', claim).group(1))
        assert sentences[n - 1] == item["evidence"]
    notes = re.findall(r'<div class="language-note">.*?</div>', html, re.S)
    assert len(notes) == len(data["language_notes"]) > 0
    for note, item in zip(notes, data["language_notes"], strict=True):
        n = int(re.search(r'href="#s-(\d+)"', note).group(1))
        assert sentences[n - 1] == item["sentence"]
    questions = re.search(r'<ul class="briefing-questions.*?</ul>', html, re.S).group(0)
    linked = [q for q in data["open_questions"] if q.get("sentence") is not None or q["about"] in sentences]
    assert linked and questions.count('class="sentence-link"') == len(linked)


def test_loaded_terms_are_marked_in_the_article_text(built):
    out, site = built
    data = _json(out, PENTAGON)
    article = _html(site, f"briefings/{PENTAGON}").split('<details class="briefing-article"')[1]
    marked = re.findall(r'<mark class="loaded"[^>]*>(.*?)</mark>', article)
    assert {n["term"].lower() for n in data["language_notes"]} <= {m.lower() for m in marked}


def test_voices_are_told_apart(built):
    out, site = built
    data = _json(out, PENTAGON)
    html = _html(site, f"briefings/{PENTAGON}")
    # the headline first, labelled as the article's own
    assert re.search(r'<h1 id="headline">Pentagon Rushes Hellfire Missiles and Tank Rounds to Israel</h1>\s*'
                     r'<p class="briefing-byline"><span class="headline-label">The article&rsquo;s own headline', html)
    voices = [re.sub(r"<[^>]+>", "", v) for v in re.findall(r'<p class="claim-voice">(.*?)</p>', html)]
    for voice, claim in zip(voices, data["claims"], strict=True):
        if claim["attributed_to"] == "the article (no source given)":
            assert voice == "The article, no source given:"
        elif claim["kind"] == "quote":
            assert voice == f"{claim['attributed_to']} (quoted):"
        else:
            assert voice == f"{claim['attributed_to']} (as the article reports):"
    assert "Joe Biden (quoted):" in voices
    assert "The article, no source given:" in voices
    # the article's words are set as quotations, ours as plain prose
    assert html.count('<blockquote class="article-words">') == len(data["claims"])
    assert '<div class="briefing-summary briefing-ours">' in html


# --- actor pages ------------------------------------------------------------------------

def test_actor_page_lists_both_briefings_newest_first(built):
    out, site = built
    page = _html(site, "actors/joe-biden")
    assert "<h1" in page and "Joe Biden" in page
    shipyard, pentagon = page.find("Biden visits Portvale shipyard"), page.find("Pentagon Rushes Hellfire")
    assert 0 < shipyard < pentagon  # 2024 before 2023
    assert "in 2 briefing(s)" in page
    assert "This yard builds the ships" in page  # what it is quoted as saying there
    assert "We have Israel" in page
    names = {a["name"] for a in _json(out, SHIPYARD)["actors"]}
    assert "Joe Biden" not in names  # the shipyard article says only "Biden": merged across briefings


def test_actors_index_has_counts_and_links(built):
    _, site = built
    index = _html(site, "actors")
    assert re.search(r'<a href="joe-biden/">Joe Biden</a>.*?2 briefing\(s\)', index)
    # an actor named in one briefing has no page of its own: it is listed by initial, linked to its briefing
    assert "Hezbollah" not in index and not (site / "actors" / "hezbollah").exists()
    once = _html(site, "actors/once/h")
    assert re.search(rf'Hezbollah <span class="actor-type">organisation</span> in <a href="../../../briefings/{PENTAGON}/">', once)
    assert 'href="once/h/"' in index


def test_actor_names_link_to_their_page_everywhere(built):
    _, site = built
    for path in (f"briefings/{PENTAGON}", f"briefings/{SHIPYARD}", "", "archive/2024-01"):
        html = _html(site, path)
        links = re.findall(r'<a (?:class="actor-link" )?href="([^"]*actors/[^"]+)"', html)
        assert links, path
        for href in links:
            target = (site / path / href).resolve() / "index.html"
            assert target.is_file(), (path, href)
    assert 'href="../../actors/joe-biden/"' in _html(site, f"briefings/{SHIPYARD}")


# --- getting around ------------------------------------------------------------------------

def test_home_is_paginated_newest_first(built):
    _, site = built
    home, second = _html(site, ""), _html(site, "page/2")
    assert home.find("Biden visits Portvale shipyard") < home.find("Pentagon Rushes Hellfire")
    assert "Port strike ends" not in home and "Port strike ends" in second
    assert "Library hours extended" in second  # undated: last
    assert 'href="page/2/"' in home and 'href="../../"' in second


def test_previous_and_next_by_date(built):
    _, site = built
    html = _html(site, f"briefings/{PENTAGON}")
    pager = re.search(r'<nav class="briefing-pager".*?</nav>', html, re.S).group(0)
    assert f'rel="prev" href="../{PORT}/"' in pager  # older
    assert f'rel="next" href="../{SHIPYARD}/"' in pager  # newer


def test_archive_by_month(built):
    _, site = built
    index = _html(site, "archive")
    assert re.search(r"January 2024</a> <span class=\"count\">\(1\)", index)
    assert "October 2023" in index and "March 2021" in index and "Undated" in index
    assert "Pentagon Rushes Hellfire" in _html(site, "archive/2023-10")


def test_txt_header_lines_give_publisher_and_date(built):
    out, site = built
    source = _json(out, PORT)["source"]
    assert (source["publisher"], source["date"], source["url"]) == (
        "Harbour Times", "2021-03-01", "https://example.com/port-strike")
    assert "Source: Harbour Times" not in " ".join(source["sentences"])


def test_feed_parses_and_lists_the_newest_briefing_first(built):
    import feedparser

    _, site = built
    feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = [e.title for e in feed.entries]
    # undated: in the feed, by the time it was generated (now), so first
    assert titles == ["Library hours extended in Portvale", "Biden visits Portvale shipyard",
                      "Pentagon Rushes Hellfire Missiles and Tank Rounds to Israel", "Port strike ends after three weeks"]
    first = feed.entries[1]
    assert first.link.endswith(f"/briefings/{SHIPYARD}/")
    assert first.published_parsed[:3] == (2024, 1, 15)
    assert "Biden" in first.summary
    page = _html(site, f"briefings/{PENTAGON}")
    # linked once, as "alternate feed": Material fetches sitemap.xml for every link whose
    # rel is exactly "alternate", on every page load
    assert len(re.findall(r'<link rel="alternate feed" type="application/rss\+xml"[^>]*'
                          r'href="[^"]*feed_rss_created\.xml"', page)) == 1
    atom = feedparser.parse((site / "feed_atom.xml").read_bytes())
    assert not atom.bozo and [e.title for e in atom.entries] == titles
    assert not re.search(r'<link rel="alternate"', page)


# --- in a real browser -------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(built):
    from playwright.sync_api import sync_playwright

    _, site = built
    with serve(site) as url, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium, url
        finally:
            chromium.close()


PAGES = {"home": "", "briefing": f"briefings/{PENTAGON}/", "actor": "actors/joe-biden/",
         "actors": "actors/", "archive": "archive/2023-10/", "page 2": "page/2/"}


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SIZES)
def test_no_horizontal_scrolling(browser, width, height):
    chromium, url = browser
    page = chromium.new_page(viewport={"width": width, "height": height})
    try:
        for name, path in PAGES.items():
            page.goto(url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SIZES)
def test_a_claims_link_scrolls_to_its_highlighted_sentence(browser, width, height):
    chromium, url = browser
    page = chromium.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(url + PAGES["briefing"])
        page.evaluate("document.querySelector('details.briefing-article').open = false")  # collapsed
        link = page.locator(".briefing-claims a.sentence-link").nth(4)
        target = link.get_attribute("href")
        evidence = page.locator(".briefing-claims li").nth(4).locator("blockquote").inner_text()
        link.click()
        page.wait_for_function("h => location.hash === h", arg=target)
        sentence = page.locator(target)
        sentence.wait_for(state="visible")
        box = page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
                                       return [r.top, r.bottom, innerHeight]; }""", target[1:])
        assert 0 <= box[0] and box[1] <= box[2], box  # scrolled into view
        background = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
        assert " ".join(evidence.split())[:60] in " ".join(sentence.inner_text().split())
    finally:
        page.close()


@pytest.mark.browser
def test_dark_mode_follows_the_os_and_the_toggle_switches(browser):
    chromium, url = browser
    for os_scheme, first, then in (("dark", "slate", "default"), ("light", "default", "slate")):
        context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=os_scheme)
        page = context.new_page()
        try:
            page.goto(url + PAGES["briefing"])
            scheme = "document.body.getAttribute('data-md-color-scheme')"
            assert page.evaluate(scheme) == first
            page.locator("form[data-md-component=palette] label:visible").first.click()
            page.wait_for_function(f"{scheme} === '{then}'")
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_a_or_aa_violations(browser, scheme):
    chromium, url = browser
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for name in ("home", "briefing", "actor", "actors"):
            page.goto(url + PAGES[name])
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert found == {}


def test_notices_on_the_text_are_shown_near_the_top_as_text():
    from generator.model import BackendInfo, Briefing, SourceInfo
    from generator.output.render import to_markdown

    briefing = Briefing(
        title="T", summary=["S."], actors=[], claims=[], open_questions=[], language_notes=[],
        backend=BackendInfo(name="extractive"),
        source=SourceInfo(path="t.txt", title="T", url="", date="", sha256="0" * 64, teaser=True),
        notices=["The article contains text addressed to AI systems <script>x()</script> (sentence 4)."],
    )
    page = to_markdown(briefing, "t")
    note = page.index("Note on the text")
    assert note < page.index("## Summary")
    assert "text addressed to AI systems &lt;script&gt;x\\(\\)&lt;/script&gt; \\(sentence 4\\)." in page
    assert "Only a teaser of the article was available" in page
