"""Site search (the split index of generator.site.search.py) in a real browser.

A small site of three briefings: the search box in Material's header finds a
briefing by a word of its article and shows that briefing's summary, not the
boilerplate every page starts with; list pages (home, actors) are not results;
untrusted text in a result stays text. And the index itself: its files, its words,
its postings, and that one search reads a few of its files, not all of them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import BIN, CHROMIUM, CHROMIUM_ARGS, ROOT, build_site, generate, offline_env, serve

pytestmark = pytest.mark.slow  # builds a site or runs generate in subprocesses: not in make test-fast

PENTAGON = "pentagon-rushes-hellfire-missiles-and-tank-rounds-to-israel"
HOSTILE = '<img src=x onerror="window.PWNED=1">'
RESULT = ".md-search-result__item:not(.site-search__actors)"
"""A result: a briefing or a hand-written page (actor pages are one line above them)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("search")
    seeds, out, site = root / "seeds", root / "briefings", root / "site"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "us-arms-israel.md", seeds)
    (seeds / "port.md").write_text(
        "---\ntitle: Port strike ends after three weeks\ndate: 2021-03-01\npublisher: Harbour Times\n---\n\n"
        "Dock workers in Portvale returned to work on Monday after union leaders accepted a 6% pay offer. "
        "The Portvale Dockers Union said members voted 812 to 340 to end the strike. "
        "Port managers said shipping would return to normal within two weeks, according to a statement. "
        "The backlog of container ships could take a month to clear, said Ilse Varga-Okafor, a freight analyst "
        "at Meridian Research.\n",
        encoding="utf-8")
    (seeds / "talks.md").write_text(
        "---\ntitle: Coalition talks resume\ndate: 2020-02-02\npublisher: Harbour Times\n---\n\n"
        "Prime Minister Benjamin Netanyahu met coalition partners in Jerusalem on Monday, his office said. "
        "The talks will continue on Thursday, according to a statement from the office.\n",
        encoding="utf-8")
    (seeds / "hostile.md").write_text(
        f"---\ntitle: 'Zanzibar ferry {HOSTILE} schedule changes'\ndate: 2022-05-04\n---\n\n"
        f"The Zanzibar ferry operator said on Tuesday that crossings {HOSTILE} would run twice a day "
        "from June. The harbour authority said the change followed a review of passenger numbers.\n",
        encoding="utf-8")
    result = generate("--input", str(seeds), "--output", str(out), "--backend", "extractive")
    assert result.returncode == 0, result.stdout + result.stderr
    result = build_site(out, site)
    assert result.returncode == 0, result.stderr
    return out, site


def summary_of(briefings: Path, slug: str) -> str:
    return " ".join(json.loads((briefings / f"{slug}.json").read_text(encoding="utf-8"))["summary"])


def _index(site: Path) -> tuple[dict, list[dict]]:
    folder = site / "search"
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    from generator.site.search import doc_file

    actors = manifest["files"]["actors_from"]
    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (folder / "doc").glob("*.json")}
    docs = []
    for n in range(manifest["count"]):
        name = doc_file(n, actors)
        at = n % manifest["files"]["per_file"] if n < actors else (n - actors) % manifest["files"]["actors_per_file"]
        docs.append(files[name][at])
    assert len(docs) == sum(len(f) for f in files.values())
    return manifest, docs


def test_index_holds_briefings_not_list_pages(built):
    _, site = built
    manifest, docs = _index(site)
    actor_pages = sorted(p.parent.name for p in (site / "actors").glob("*/index.html"))
    assert actor_pages
    # four briefings, the one hand-written page and the actor pages (by name); no list page
    assert manifest["count"] == 5 + len(actor_pages) == len(manifest["kinds"])
    assert manifest["kinds"] == "bbbbp" + "a" * len(actor_pages)  # briefings first, newest first
    assert [d["k"] for d in docs] == list(manifest["kinds"])
    assert not (site / "search" / "search_index.json").exists()  # Material's whole-site index is gone
    urls = [d["u"] for d in docs]
    assert urls[0] == f"briefings/{PENTAGON}/", urls  # 2023-10-24
    assert urls[1].startswith("briefings/zanzibar-ferry-")  # 2022-05-04
    assert urls[2] == "briefings/port-strike-ends-after-three-weeks/"  # 2021-03-01
    assert urls[3] == "briefings/coalition-talks-resume/"  # 2020-02-02
    assert urls[4] == "how-briefings-are-made/"
    assert sorted(u.split("/")[1] for u in urls[5:]) == actor_pages
    assert not [u for u in urls if u in ("", "actors/", "archive/") or u.startswith(("page/", "archive/"))]
    actor = docs[urls.index("actors/benjamin-netanyahu/")]
    assert actor["t"] == "Benjamin Netanyahu" and actor["x"] == [] and actor["m"] == ""  # the name only


def test_index_words_and_postings_read_back(built):
    """Every word of a briefing's article is in the shard its key names, with that briefing
    in its postings; boilerplate and stop words are in no shard."""
    from generator.site.search import STOP_WORDS, words

    _, site = built
    manifest, docs = _index(site)
    shards = {key: json.loads((site / "search" / "shard" / f"{n}.json").read_text(encoding="utf-8"))
              for key, n in manifest["shards"].items()}
    terms: dict[str, set[int]] = {}
    for body in shards.values():
        for term, postings in body.items():
            at, found = 0, set()
            for item in postings.split(" "):
                at += int(item.split(".")[0], 36)
                found.add(at)
            assert term not in terms, term  # each word in one shard only
            terms[term] = found
    for key, body in shards.items():
        assert all(t.startswith(key) for t in body), key
    port = [d["u"] for d in docs].index("briefings/port-strike-ends-after-three-weeks/")
    for word in words(" ".join(docs[port]["x"])):
        assert port in terms[word], word
    assert words("Varga-Okafor, Café") == ["varga", "okafor", "cafe"]
    briefings = {n for n, k in enumerate(manifest["kinds"]) if k == "b"}
    for boilerplate in ("headlined", "backend", "numbered"):  # on every briefing page, in no briefing's postings
        assert not terms.get(boilerplate, set()) & briefings, boilerplate
    assert not set(STOP_WORDS) & set(terms)
    assert manifest["stop"] == STOP_WORDS


def test_a_large_shard_is_split_and_postings_count(tmp_path):
    from generator.site.search import SHARD_BYTES, Doc, write_index

    docs = [Doc(url=f"briefings/b{n}/", title=f"Title {n}", kind="briefing",
                sentences=[f"Thermal theory thesis word{n} " + " ".join(f"th{n}x{i}" for i in range(40))])
            for n in range(300)]
    docs[7].sentences.append("thermal thermal")
    write_index(docs, tmp_path / "search")
    manifest = json.loads((tmp_path / "search" / "index.json").read_text())
    assert "th" not in manifest["shards"] or any(k.startswith("th") and len(k) > 2 for k in manifest["shards"])
    key = max((k for k in manifest["shards"] if "thermal".startswith(k)), key=len)
    body = json.loads((tmp_path / "search" / "shard" / f"{manifest['shards'][key]}.json").read_text())
    items = body["thermal"].split(" ")
    assert len(items) == 300
    assert items[7] == "1.3"  # document 7 has the word three times: gap 1, count 3
    for path in (tmp_path / "search" / "shard").glob("*.json"):
        assert path.stat().st_size <= SHARD_BYTES + 2, path


def test_word_counts_count_the_index_words_and_the_mark_table_is_whole():
    import unicodedata
    from collections import Counter

    from generator.site.search import _mark_ranges, word_counts, words

    text = "The Café's 3 results: a word, A WORD, naïve Zoë, the 2 of them; x y 9 café."
    counts = word_counts(text)
    assert counts == Counter(words(text))
    assert list(counts) == list(dict.fromkeys(words(text)))  # first-occurrence order, as the index writes it
    assert counts["cafe"] == 2 and counts["word"] == 2 and "x" not in counts and counts["9"] == 1

    def marks(code_points):
        return {c for c in code_points if unicodedata.category(chr(c)).startswith("M")}

    assert marks(_mark_ranges()) == marks(range(0x110000))


def test_a_settled_document_writes_the_same_index(tmp_path):
    """Pages' documents are packed once their page is built (`Doc.settle`); the index
    written from them is the one written from the documents as made."""
    from generator.site.search import Doc, write_index

    def docs():
        return [Doc(url=f"briefings/b{n}/", title=f"Café {n} <b>", kind="briefing", date=f"2024-01-{n + 1:02d}",
                    summary=f"Summary {n} \u2014 \"quoted\" & more", words="Ana Ruiz",
                    sentences=[f"Sentence {i} of {n}, ünïcode." for i in range(n)])
                for n in range(9)] + [Doc(url="actors/ana-ruiz/", title="Ana Ruiz", kind="actor")]

    settled = docs()
    for doc in settled:
        doc.settle()
    assert all(d.shown and not d.sentences and not d.summary for d in settled)
    write_index(docs(), tmp_path / "made")
    write_index(settled, tmp_path / "settled")

    def read(folder):
        files = {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.json")}
        files["index.json"] = re.sub(r'"build":"[0-9a-f]+"', "", files["index.json"])
        return files

    made, packed = read(tmp_path / "made"), read(tmp_path / "settled")
    assert made == packed
    assert "Sentence 7 of 8" in made["doc/2.json"]


def _search(page, query: str) -> list[str]:
    button = page.locator("label.md-header__button[for=__search]").first
    if button.is_visible():  # phones: the header button opens the search dialog
        button.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=20)
    page.locator(RESULT).first.wait_for(timeout=15000)
    page.wait_for_function("/matching document/.test(document.querySelector('[data-search-status]').textContent)")
    return page.locator(RESULT).all_inner_texts()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_search_shows_the_matching_briefings_summary(built, width, height):
    from playwright.sync_api import sync_playwright

    briefings, site = built
    summary = summary_of(briefings, PENTAGON)
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "how-briefings-are-made/")
            texts = _search(page, "Netanyahu")
            assert len(texts) == 2, texts  # the Pentagon briefing (2023) before the talks (2020)
            actors = page.locator(".site-search__actors a").evaluate_all("els => els.map(e => e.href.split('?')[0])")
            assert actors == [url + "actors/benjamin-netanyahu/"], actors
            shown = " ".join(texts[0].split())
            assert "Pentagon Rushes Hellfire" in shown
            assert " ".join(summary.split())[:120] in shown  # the summary, not the page's first words
            assert "Neutral briefing" not in shown and "Made by the" not in shown
            assert "2023-10-24" in shown
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"search results scroll sideways by {overflow}px at {width}px"
            page.wait_for_load_state("networkidle")  # every result shown: the list no longer changes
            page.locator(f"{RESULT} .md-search-result__link").first.click()
            # generous: on a machine shared by several test runs a page load took over 15 s
            page.wait_for_url(re.compile(rf".*/briefings/{PENTAGON}/\?highlight=netanyahu$"), timeout=60000)
            assert "Key actors" in page.content()
            marked = page.locator("mark.search-highlight")
            marked.first.wait_for(timeout=15000)  # the searched word is marked on the page opened
            assert {t.strip() for t in marked.all_text_contents()} == {"Netanyahu"}  # some in folded sections
            assert errors == []
        finally:
            browser.close()


@pytest.mark.browser
def test_list_pages_do_not_swamp_results(built):
    """'Port' is on the home page (a title in its list) and the actors page: only the briefing is a result."""
    from playwright.sync_api import sync_playwright

    _, site = built
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            _search(page, "Portvale")
            links = page.locator(f"{RESULT} .md-search-result__link").evaluate_all("els => els.map(e => e.href.split('?')[0])")
            assert links == [url + "briefings/port-strike-ends-after-three-weeks/"], links
        finally:
            browser.close()


@pytest.mark.browser
def test_article_words_are_found_and_boilerplate_is_not(built):
    """An analyst quoted in the article is found; the words every briefing page carries
    ("Briefing on the article headlined", "Our summary, written by ...") match no briefing."""
    from playwright.sync_api import sync_playwright

    _, site = built
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            texts = _search(page, "Varga-Okafor")
            links = page.locator(f"{RESULT} .md-search-result__link").evaluate_all("els => els.map(e => e.href.split('?')[0])")
            assert links == [url + "briefings/port-strike-ends-after-three-weeks/"], (links, texts)
            assert any("Varga" in t for t in texts)  # the excerpt shows where the name is
            box = page.locator("input.md-search__input")
            box.fill("")  # an empty box clears the results: what follows is the new query's
            page.wait_for_function("/Type to start/.test(document.querySelector('[data-search-status]').textContent)")
            box.type("headlined", delay=20)
            page.wait_for_function("/matching document/.test(document.querySelector('[data-search-status]').textContent)")
            links = page.locator(f"{RESULT} .md-search-result__link").evaluate_all("els => els.map(e => e.href)")
            assert not [link for link in links if "/briefings/" in link], links
        finally:
            browser.close()


@pytest.mark.browser
def test_untrusted_text_in_results_stays_text(built):
    from playwright.sync_api import sync_playwright

    _, site = built
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            texts = _search(page, "Zanzibar")
            page.wait_for_timeout(500)
            assert any("onerror" in t for t in texts), texts  # shown, as text
            assert page.locator(".md-search-result img").count() == 0
            assert page.evaluate("typeof window.PWNED") == "undefined"
        finally:
            browser.close()


@pytest.mark.browser
def test_one_search_reads_a_few_files_of_the_index(built):
    """A search fetches index.json, the shards of its words and one file per shown result."""
    from playwright.sync_api import sync_playwright

    _, site = built
    manifest, _ = _index(site)
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            fetched: list[str] = []
            page.on("requestfinished", lambda r: fetched.append(r.url))
            page.goto(url)
            _search(page, "Portvale dock")
            index = [u.split("?")[0][len(url):] for u in fetched if "/search/" in u]
            assert "search/index.json" in index
            shards = [u for u in index if u.startswith("search/shard/")]
            assert 1 <= len(shards) <= 4 < len(manifest["shards"]), shards
            fetched_docs = {u.split("/")[-1][:-5] for u in index if u.startswith("search/doc/")}
            # the file of the port briefing (document 2) and of the actor pages (the Portvale Dockers Union)
            assert "0" in fetched_docs and fetched_docs - {"0"} <= {"a0"}, fetched_docs
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_wcag_a_or_aa_violations(built, scheme):
    """axe-core (npm, injected) on the open search dialog with results, in both colour schemes."""
    from playwright.sync_api import sync_playwright

    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), "axe-core is missing: run `npm install` in the project folder"
    _, site = built
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in ((1280, 900), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                page = context.new_page()
                page.goto(url + "how-briefings-are-made/")
                _search(page, "Netanyahu")
                assert page.locator(".site-search__actors a").count() == 1
                page.add_script_tag(path=str(axe))
                violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
                    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
                context.close()
                assert violations == [], (width, violations)
        finally:
            browser.close()
