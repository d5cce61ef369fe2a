"""`fetch` against a loopback web site the tests start and stop: pages, redirects,
errors, a page that never ends, a 20 MB page, a non-HTML file, robots.txt, the
address rules, the per-host delay, and sources.yml mistakes."""

from __future__ import annotations

import json
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from feed_server import Site, huge_unannounced, never_ends, running, story
from helpers import BIN, ROOT, offline_env

from generator.fetch import SourcesError, fetch
from generator.fetch.http import USER_AGENT
from generator.readers import read


@pytest.fixture
def site() -> Iterator[Site]:
    with running() as s:
        yield s


def sources(folder: Path, *, feeds: list[str] = (), urls: list[str] = (), **settings: object) -> Path:
    settings = {"delay": 0, "allow_private_addresses": True, **settings}
    path = folder / "sources.yml"
    path.write_text(json.dumps({"settings": settings, "feeds": list(feeds), "urls": list(urls)}), encoding="utf-8")
    return path  # JSON is YAML


def run(folder: Path, **kwargs):  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str, str]] = []
    report = fetch(folder / "sources.yml", folder / "seeds", on_item=lambda *a: seen.append(a), **kwargs)
    return report, seen


def test_html_page_becomes_markdown_with_front_matter(site: Site, tmp_path: Path):
    url = site.page("/news/council.html", 3)
    sources(tmp_path, urls=[url + "?utm_source=newsletter&utm_campaign=x"])
    report, _ = run(tmp_path)
    assert report.line().startswith("fetch: 1 new, 0 unchanged, 0 skipped, 0 failed")
    (file,) = (tmp_path / "seeds").rglob("*.md")
    assert file.parent.name == "127-0-0-1"  # no name given: the host
    post = frontmatter.load(file)
    title, text = story(3)
    assert post["title"] == title and post["author"] == "Sam Writer"
    assert post["url"] == url  # tracking parameters removed
    assert post["source"]
    article = read(file, tmp_path / "seeds")[0]
    assert article.text == text and article.url == url and not article.teaser
    assert site.headers[-1]["User-Agent"] == USER_AGENT and "briefing-generator" in USER_AGENT


def test_redirect_chain_is_followed_and_too_many_redirects_fail(site: Site, tmp_path: Path):
    site.route("/r1", status=301, headers={"Location": "/r2"})
    site.route("/r2", status=302, headers={"Location": site.base + "/r3"})
    site.route("/r3", status=307, headers={"Location": "/final.html"})
    final = site.page("/final.html", 4)
    for n in range(8):
        site.route(f"/loop{n}", status=302, headers={"Location": f"/loop{n + 1}"})
    sources(tmp_path, urls=[site.base + "/r1", site.base + "/loop0"], max_redirects=5)
    report, _ = run(tmp_path)
    assert len(report.new) == 1 and frontmatter.load(tmp_path / "seeds" / report.new[0])["url"] == final
    assert report.failed == [(site.base + "/loop0", "more than 5 redirects")]
    assert site.asked("/loop") == [f"/loop{n}" for n in range(6)]  # 1 + 5 redirects, then stop


def test_404_and_500_fail_with_one_line_and_are_retried_next_run(site: Site, tmp_path: Path):
    site.route("/e500", status=500, body=b"oops", content_type="text/plain")
    good = site.page("/ok.html", 5)
    sources(tmp_path, urls=[site.base + "/missing", site.base + "/e500", good])
    report, _ = run(tmp_path)
    assert report.failed == [(site.base + "/missing", "HTTP 404 Not Found"),
                             (site.base + "/e500", "HTTP 500 Internal Server Error")]
    assert len(report.new) == 1
    again, _ = run(tmp_path)
    assert len(again.failed) == 2 and again.unchanged == 1
    assert site.asked("/ok.html") == ["/ok.html"]  # fetched once only


def test_a_page_that_never_ends_is_cut_by_the_total_timeout(site: Site, tmp_path: Path):
    site.route("/never", handler=never_ends(site))
    sources(tmp_path, urls=[site.base + "/never"], timeout=1.0)
    started = time.monotonic()
    report, _ = run(tmp_path)
    elapsed = time.monotonic() - started
    assert report.failed == [(site.base + "/never", "no complete answer within 1 s (total timeout)")]
    assert elapsed < 4, f"the total timeout did not bound the request ({elapsed:.1f} s)"


def test_the_total_timeout_covers_a_whole_redirect_chain(site: Site, tmp_path: Path):
    def slow_redirect(target: str):  # type: ignore[no-untyped-def]
        def handle(h) -> None:  # type: ignore[no-untyped-def]
            time.sleep(0.4)
            h.send_response(302)
            h.send_header("Location", target)
            h.send_header("Content-Length", "0")
            h.end_headers()
        return handle

    for n in range(4):
        site.route(f"/slow{n}", handler=slow_redirect(f"/slow{n + 1}"))
    site.page("/slow4", 9)
    sources(tmp_path, urls=[site.base + "/slow0"], timeout=1.0)
    report, _ = run(tmp_path)  # every hop is well under 1 s; the four together are not
    assert report.failed == [(site.base + "/slow0", "no complete answer within 1 s (total timeout)")]
    assert "/slow4" not in site.requests


def test_a_20_mb_page_is_refused_announced_or_not(site: Site, tmp_path: Path):
    site.route("/huge", body=b"<html><body><p>" + b"word " * (4 << 20) + b"</p></body></html>")
    site.route("/huge-unannounced", handler=huge_unannounced(20 << 20))
    sources(tmp_path, urls=[site.base + "/huge", site.base + "/huge-unannounced"])
    started = time.monotonic()
    report, _ = run(tmp_path)
    assert report.skipped == [(site.base + "/huge", "page is 20.0 MB, over the 5 MB limit"),
                              (site.base + "/huge-unannounced", "page is over the 5 MB limit (stopped reading)")]
    assert not report.new and time.monotonic() - started < 10
    assert "2 too large" in report.line()


def test_a_compressed_page_counts_at_its_decompressed_size(site: Site, tmp_path: Path):
    import gzip

    bomb = gzip.compress(b"<html><body><p>" + b"a" * (20 << 20) + b"</p></body></html>")
    assert len(bomb) < 100_000  # 20 MB that travels as a few tens of KB
    site.route("/bomb.html", body=bomb, headers={"Content-Encoding": "gzip"})
    sources(tmp_path, urls=[site.base + "/bomb.html"])
    report, _ = run(tmp_path)
    assert report.skipped == [(site.base + "/bomb.html", "page is over the 5 MB limit (stopped reading)")]


def test_non_html_file_is_skipped_by_content_type(site: Site, tmp_path: Path):
    site.route("/report.pdf", body=b"%PDF-1.4 fake", content_type="application/pdf")
    site.route("/photo.jpg", body=b"\xff\xd8\xff fake", content_type="image/jpeg")
    sources(tmp_path, urls=[site.base + "/report.pdf", site.base + "/photo.jpg"])
    report, _ = run(tmp_path)
    assert [why.split(" is not")[0] for _, why in report.skipped] == [
        "content type application/pdf", "content type image/jpeg"]
    assert not list((tmp_path / "seeds").rglob("*.md"))


def test_robots_txt_disallow_is_obeyed_and_the_page_never_requested(site: Site, tmp_path: Path):
    # RFC 9309: the group naming our product token applies to us, instead of the `*` group
    site.robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: briefing-generator\nDisallow: /members/\n"
    site.page("/private/a.html", 1)
    site.page("/members/b.html", 2)
    site.page("/members/c.html", 3)
    sources(tmp_path, urls=[site.base + "/members/b.html", site.base + "/private/a.html",
                            site.base + "/members/c.html"])
    report, _ = run(tmp_path)
    assert [w for w, _ in report.skipped] == [site.base + "/members/b.html", site.base + "/members/c.html"]
    assert all(why.startswith("robots.txt of 127.0.0.1 disallows") for _, why in report.skipped)
    assert site.requests == ["/robots.txt", "/private/a.html"]  # robots.txt read once per site
    assert "2 robots.txt" in report.line()


def test_robots_txt_that_errors_forbids_the_site(site: Site, tmp_path: Path):
    site.route("/robots.txt", status=503, body=b"busy", content_type="text/plain")
    site.page("/a.html", 1)
    sources(tmp_path, urls=[site.base + "/a.html"])
    report, _ = run(tmp_path)
    assert len(report.skipped) == 1 and "robots.txt" in report.skipped[0][1]
    assert site.asked("/a.html") == []


def test_loopback_and_private_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path):
    url = site.page("/a.html", 1)
    port = url.split(":")[2].split("/")[0]
    sources(tmp_path, urls=[url, "http://10.1.2.3/x", "http://[::1]:9/x", "http://169.254.169.254/latest",
                            f"http://localhost:{port}/a.html"],  # a name that resolves to loopback
            allow_private_addresses=False)
    report, _ = run(tmp_path)
    assert len(report.skipped) == 5 and all("loopback/private/reserved" in why for _, why in report.skipped)
    assert site.requests == []  # nothing reached the server, not even a robots.txt request
    allowed, _ = run(tmp_path, allow_private=True)  # the command-line flag
    assert len(allowed.new) == 1


def test_which_addresses_are_public():
    from generator.fetch.http import _public

    refused = ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "169.254.169.254", "0.0.0.0",
               "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1", "not an address"]
    assert [a for a in refused if _public(a)] == []
    assert _public("93.184.216.34") and _public("2606:2800:220:1:248:1893:25c8:1946")


def test_only_http_and_https(tmp_path: Path):
    sources(tmp_path, urls=["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
    report, _ = run(tmp_path)
    assert len(report.skipped) == 3 and all("only http and https" in why for _, why in report.skipped)
    assert not report.requests


def test_per_host_delay_and_crawl_delay(site: Site, tmp_path: Path):
    urls = [site.page(f"/p{n}.html", n) for n in range(3)]
    sources(tmp_path, urls=urls, delay=0.3)
    run(tmp_path)
    gaps = [b - a for a, b in zip(site.times, site.times[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.29, gaps  # robots.txt, then three pages

    with running() as slow:
        slow.robots = "User-agent: *\nCrawl-delay: 1\n"  # robotparser reads whole seconds only
        urls = [slow.page(f"/q{n}.html", n + 10) for n in range(2)]
        sources(tmp_path, urls=urls, delay=0)
        run(tmp_path)
        assert slow.times[2] - slow.times[1] >= 0.99


def test_same_story_under_two_urls_is_written_once(site: Site, tmp_path: Path):
    a = site.page("/a.html", 6)
    b = site.page("/mirror/a-copy.html", 6)  # the same text on another URL
    sources(tmp_path, urls=[a, a + "?utm_medium=social#comments", b])
    report, _ = run(tmp_path)
    assert len(report.new) == 1 and report.unchanged == 1
    assert report.skipped == [(b, f"same text as {report.new[0]}")]
    assert site.asked("/a.html") == ["/a.html"]


def test_sources_yml_mistakes_are_one_line(tmp_path: Path):
    cases = {
        "feeds: [unclosed": "is not valid YAML",
        "feeds: 3": "feeds: Input should be a valid list",
        "urls:\n  - url: http://example.org\n    nmae: typo\n": "urls.0",
        "settings: {timeout: -1}": "settings.timeout",
        "- just\n- a list\n": "must be a mapping",
        "urls:\n  - file: missing.urls\n": "cannot read the URL list missing.urls",
    }
    for text, expected in cases.items():
        (tmp_path / "sources.yml").write_text(text, encoding="utf-8")
        with pytest.raises(SourcesError) as caught:
            fetch(tmp_path / "sources.yml", tmp_path / "seeds")
        assert expected in str(caught.value) and "\n" not in str(caught.value), (text, str(caught.value))


@pytest.mark.slow
def test_cli_without_sources_yml_is_a_clear_error_and_generate_still_works(tmp_path: Path):
    result = subprocess.run([str(BIN / "fetch"), "--sources", str(tmp_path / "sources.yml")],
                            capture_output=True, text=True, env=offline_env(), timeout=60, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error: ") and "sources.yml' not found" in result.stderr
    assert not (ROOT / "sources.yml").exists()  # README's `make serve` needs no sources.yml


def test_url_list_file(site: Site, tmp_path: Path):
    urls = [site.page(f"/l{n}.html", 30 + n) for n in range(2)]
    (tmp_path / "reading.urls").write_text("# my list\n" + "\n".join(urls) + "\n\n", encoding="utf-8")
    (tmp_path / "sources.yml").write_text(textwrap.dedent("""
        settings: {delay: 0, allow_private_addresses: true}
        urls:
          - file: reading.urls
            name: Reading List
        """), encoding="utf-8")
    report, _ = run(tmp_path)
    assert len(report.new) == 2 and all(f.startswith("reading-list/") for f in report.new)
    assert {frontmatter.load(tmp_path / "seeds" / f)["source"] for f in report.new} == {"Reading List"}
