"""`fetch` on feeds served by a loopback site: every format, full text from the
entry or from the linked page, teasers, conditional requests, a feed whose entries
change between runs, and duplicates across feeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from feed_server import Site, atom, json_feed, rss1, rss2, rss091, running, story
from test_fetch import run, sources

from generator.readers import read


@pytest.fixture
def site() -> Iterator[Site]:
    with running() as s:
        yield s


def entries(site: Site, numbers: list[int], prefix: str = "/story") -> list[dict]:
    return [{"id": f"urn:story:{n}", "title": story(n)[0], "text": story(n)[1],
             "link": f"{site.base}{prefix}/{n}.html"} for n in numbers]


FORMATS = {
    "rss2": (rss2, "application/rss+xml", "Loopback Gazette", "2024-01-02", "reporter@example.org (Alex Reporter)"),
    "rss091": (rss091, "application/rss+xml", "Old Times", None, "Sam Writer"),  # author from the page
    "rss1": (rss1, "application/rdf+xml", "RDF Daily", "2024-01-03", "Robin Writer"),
    "atom": (atom, "application/atom+xml", "Atom Post", "2024-01-04", "Kim Author"),
    "jsonfeed": (json_feed, "application/feed+json", "JSON Journal", "2024-01-05", "Lee Json"),
}


@pytest.mark.parametrize("kind", FORMATS)
def test_each_feed_format(site: Site, tmp_path: Path, kind: str):
    make, content_type, title, date, author = FORMATS[kind]
    feed_url = site.route(f"/{kind}", body=make(entries(site, [1, 2])), content_type=content_type)
    for n in (1, 2):
        site.page(f"/story/{n}.html", n)
    sources(tmp_path, feeds=[feed_url])
    report, _ = run(tmp_path)
    assert len(report.new) == 2, report
    assert not report.failed and not report.skipped
    if kind in ("rss091", "rss1"):  # only a description: the linked page gives the full text
        assert site.asked("/story") == ["/story/1.html", "/story/2.html"]
    else:  # the entries carry the full text: no page fetched
        assert site.asked("/story") == []
    for n, file in zip([1, 2], report.new):
        post = frontmatter.load(tmp_path / "seeds" / file)
        assert post["title"] == story(n)[0] and post["source"] == title
        assert post["url"] == f"{site.base}/story/{n}.html"
        assert post.get("date") == date and post.get("author") == author and "teaser" not in post
        article = read(tmp_path / "seeds" / file, tmp_path / "seeds")[0]
        assert article.text == story(n)[1]


def test_summary_only_entries_fetch_the_linked_page_or_say_teaser(site: Site, tmp_path: Path):
    items = entries(site, [1, 2, 3])
    site.page("/story/1.html", 1)
    site.route("/story/2.html", status=500, body=b"down", content_type="text/plain")  # page fails
    site.route("/story/3.html", body=b"%PDF-1.4", content_type="application/pdf")
    long_summary = story(2)[1]  # enough words for a (teaser) briefing
    feed = [{**items[0], "summary": "A short teaser."}, {**items[1], "summary": long_summary},
            {**items[2], "summary": "Too short to say anything."}]
    sources(tmp_path, feeds=[site.route("/teasers.xml", body=rss2(feed, full=False),
                                        content_type="application/rss+xml")])
    report, _ = run(tmp_path)
    assert len(report.new) == 2
    full = frontmatter.load(tmp_path / "seeds" / report.new[0])
    assert "teaser" not in full and full.content.startswith("The council of")  # text from the page
    teaser = frontmatter.load(tmp_path / "seeds" / report.new[1])
    assert teaser["teaser"] is True
    assert read(tmp_path / "seeds" / report.new[1], tmp_path / "seeds")[0].teaser
    (what, why), = report.skipped
    assert what.endswith("/story/3.html") and why.startswith("too short to brief (5 words")
    assert "content type application/pdf" in why


def test_a_short_entry_whose_page_is_down_is_tried_again_next_run(site: Site, tmp_path: Path):
    (item,) = entries(site, [4])
    site.route("/story/4.html", status=503, body=b"busy", content_type="text/plain")
    site.route("/feed.xml", body=rss2([{**item, "summary": "Short."}], full=False),
               content_type="application/rss+xml", headers={"ETag": '"same"'})
    sources(tmp_path, feeds=[site.base + "/feed.xml"])
    first, _ = run(tmp_path)
    assert not first.new and "HTTP 503" in first.skipped[0][1]
    site.page("/story/4.html", 4)  # the site is back
    second, _ = run(tmp_path)  # no 304 shortcut: the feed was not fully handled last time
    assert len(second.new) == 1 and site.asked("/story/4.html") == ["/story/4.html"] * 2


def test_a_feed_whose_entries_change_between_runs(site: Site, tmp_path: Path):
    items = entries(site, list(range(6)))
    for n in range(6):
        site.page(f"/story/{n}.html", n)
    summary_only = [{**e, "summary": "Teaser."} for e in items]
    site.route("/feed.xml", body=rss2(summary_only[:3], full=False), content_type="application/rss+xml")
    sources(tmp_path, feeds=[site.base + "/feed.xml"])
    first, _ = run(tmp_path)
    assert len(first.new) == 3
    assert site.asked("/story") == [f"/story/{n}.html" for n in range(3)]

    # next day: two entries fell off, three are new
    site.route("/feed.xml", body=rss2(summary_only[2:6], full=False), content_type="application/rss+xml")
    del site.requests[:]
    second, _ = run(tmp_path)
    assert (len(second.new), second.unchanged) == (3, 1)
    assert site.requests == ["/robots.txt", "/feed.xml", "/story/3.html", "/story/4.html", "/story/5.html"]
    assert len(list((tmp_path / "seeds").rglob("*.md"))) == 6


def test_conditional_requests_etag_and_last_modified(site: Site, tmp_path: Path):
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    site.route("/etag.xml", body=rss2(entries(site, [1])), content_type="application/rss+xml",
               headers={"ETag": '"v1"'})
    site.route("/lm.xml", body=atom(entries(site, [2], "/other")), content_type="application/atom+xml",
               headers={"Last-Modified": stamp})
    sources(tmp_path, feeds=[site.base + "/etag.xml", site.base + "/lm.xml"])
    first, _ = run(tmp_path)
    assert len(first.new) == 2
    del site.headers[:]
    second, _ = run(tmp_path)
    assert not second.new and second.notes == [f"{site.base}/etag.xml: feed not modified since the last run",
                                               f"{site.base}/lm.xml: feed not modified since the last run"]
    sent = [h for h in site.headers if "If-None-Match" in h or "If-Modified-Since" in h]
    assert [h.get("If-None-Match") for h in sent] == ['"v1"', None]
    assert sent[1]["If-Modified-Since"] == stamp


def test_the_same_story_in_two_feeds_gives_one_file(site: Site, tmp_path: Path):
    items = entries(site, [1, 2])
    tracked = [{**items[0], "id": "other-id", "link": items[0]["link"] + "?utm_source=rss&fbclid=abc"}]
    copied = [{**items[1], "id": "copy", "link": site.base + "/syndicated/2.html"}]  # same text, other URL
    site.route("/a.xml", body=rss2(items), content_type="application/rss+xml")
    site.route("/b.xml", body=atom(tracked + copied), content_type="application/atom+xml")
    sources(tmp_path, feeds=[site.base + "/a.xml", site.base + "/b.xml"])
    report, _ = run(tmp_path)
    assert len(report.new) == 2 and report.unchanged == 1
    assert report.skipped == [(site.base + "/syndicated/2.html", f"same text as {report.new[1]}")]


def test_not_a_feed(site: Site, tmp_path: Path):
    site.page("/page.html", 1)
    site.route("/broken.xml", body=b"<rss><channel><item>", content_type="application/xml")
    site.route("/plain.xml", body=b"hello, world", content_type="application/xml")
    sources(tmp_path, feeds=[site.base + "/page.html", site.base + "/plain.xml"])
    report, _ = run(tmp_path)
    (page, why), = report.skipped
    assert page.endswith("/page.html") and why.startswith("content type text/html is not a feed")
    (plain, reason), = report.failed
    assert plain.endswith("/plain.xml") and reason.startswith("not an RSS or Atom feed")
