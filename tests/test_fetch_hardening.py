"""`fetch` against hostile or broken input (issue 25): `file:` URL lists that point out
of the sources.yml folder or at things that never end, a sources.yml nested past
Python's recursion limit, IPv6 addresses that carry a private IPv4 address, a page
whose extraction crashes, and a run that fetched nothing at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_server import Site, running, rss2, story
from helpers import BIN, offline_env

from generator.fetch import SourcesError, fetch

SECRET = "Zyxwv-not-a-url-line"


@pytest.fixture
def site() -> Iterator[Site]:
    with running() as s:
        yield s


def _fetch_cli(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "fetch"), "--sources", str(folder / "sources.yml"),
                           "--output", str(folder / "seeds"), *args],
                          capture_output=True, text=True, env=offline_env(), timeout=timeout, cwd=folder)


def _list_source(folder: Path, file: str) -> None:
    (folder / "sources.yml").write_text(textwrap.dedent(f"""
        settings: {{delay: 0, allow_private_addresses: true}}
        urls:
          - file: {json.dumps(file)}
            name: Reading list
        """), encoding="utf-8")


# -- hole 2: `file:` entries --------------------------------------------------------------


@pytest.mark.parametrize("where", ["absolute", "dotdot", "link"])
def test_a_url_list_outside_the_sources_folder_is_refused_unread(tmp_path: Path, where: str):
    folder = tmp_path / "project"
    folder.mkdir()
    outside = tmp_path / "elsewhere.urls"
    outside.write_text(f"{SECRET}\nhttp://example.org/\n", encoding="utf-8")
    file = {"absolute": str(outside), "dotdot": "../elsewhere.urls", "link": "list.urls"}[where]
    if where == "link":
        (folder / "list.urls").symlink_to(outside)
    _list_source(folder, file)
    with pytest.raises(SourcesError) as caught:
        fetch(folder / "sources.yml", folder / "seeds")
    message = str(caught.value)
    assert "inside the folder of" in message and "\n" not in message and SECRET not in message


@pytest.mark.slow
def test_a_device_a_fifo_and_a_huge_file_are_refused_at_once(tmp_path: Path):
    folder = tmp_path / "project"
    folder.mkdir()
    _list_source(folder, "/dev/zero")  # absolute: refused before it is opened (it never ends)
    result = _fetch_cli(folder, timeout=20)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr

    os.mkfifo(folder / "pipe.urls")  # nobody writes to it: opening it to read would block for ever
    _list_source(folder, "pipe.urls")
    result = _fetch_cli(folder, timeout=20)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

    (folder / "huge.urls").write_bytes(b"http://example.org/\n" * 200_000)  # 4 MB of URLs
    _list_source(folder, "huge.urls")
    result = _fetch_cli(folder, timeout=20)
    assert result.returncode == 2 and "MB" in result.stderr and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.slow
def test_lines_that_are_not_urls_are_counted_never_echoed(site: Site, tmp_path: Path):
    url = site.page("/listed.html", 41)
    (tmp_path / "reading.urls").write_text(
        f"# a comment\n{SECRET} root:x:0:0\n{url}\nftp://{SECRET}/\n", encoding="utf-8")
    _list_source(tmp_path, "reading.urls")
    result = _fetch_cli(tmp_path)
    assert SECRET not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stderr.splitlines() if "reading.urls" in x]
    assert "2 lines" in line and "lines 2, 4" in line, line
    assert "fetch: 1 new" in result.stdout


# -- hole 3: recursion ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_sources_file_nested_20000_deep_is_one_line(tmp_path: Path):
    (tmp_path / "sources.yml").write_text("feeds: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    result = _fetch_cli(tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-500:]
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr[-500:]


# -- hole 5: addresses that carry an IPv4 address ------------------------------------------


def test_ipv6_forms_that_embed_a_private_ipv4_address_are_refused():
    from generator.fetch.http import _public

    refused = ["::127.0.0.1", "::10.0.0.1", "::192.168.1.1",  # IPv4-compatible (deprecated)
               "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe",  # NAT64 well-known prefix
               "64:ff9b:1::1", "64:ff9b:1:0:8:808:800:0",  # NAT64 local-use prefix (RFC 8215)
               "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1",  # 6to4
               "::ffff:169.254.169.254", "::ffff:100.64.0.1",  # IPv4-mapped
               "2001:0:7f00:1::", "2001:0:4136:e378:8000:63bf:f5ff:fffe"]  # Teredo (server/client)
    assert [a for a in refused if _public(a)] == []
    # The same forms around a public IPv4 address are what they say (NAT64 and 6to4 gateways).
    assert _public("64:ff9b::808:808") and _public("2002:808:808::1") and _public("::ffff:8.8.8.8")


# -- hole 1 (fetch side): an unexpected error costs one page -------------------------------


def test_a_page_whose_extraction_crashes_costs_that_page(site: Site, tmp_path: Path, monkeypatch):
    """A broken install (trafilatura cannot import, as with lxml 6 without lxml_html_clean)
    fails each page with one line; the feed, which needs no extraction, is still written."""
    entries = [{"id": f"urn:{n}", "title": story(n)[0], "text": story(n)[1], "link": f"{site.base}/e{n}"}
               for n in (51, 52)]
    site.route("/feed.xml", body=rss2(entries), content_type="application/rss+xml")
    pages = [site.page("/p1.html", 53), site.page("/p2.html", 54)]
    (tmp_path / "sources.yml").write_text(json.dumps({
        "settings": {"delay": 0, "allow_private_addresses": True},
        "feeds": [site.base + "/feed.xml"], "urls": pages}), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` raises ImportError
    report = fetch(tmp_path / "sources.yml", tmp_path / "seeds")
    assert len(report.new) == 2
    assert [what for what, _ in report.failed] == pages
    assert all("failed to load" in why and "\n" not in why for _, why in report.failed), report.failed


# -- hole 7: a run that fetched nothing is not green --------------------------------------


@pytest.mark.slow
def test_fetch_exits_non_zero_when_every_source_is_refused(site: Site, tmp_path: Path):
    url = site.page("/a.html", 61)
    (tmp_path / "sources.yml").write_text(json.dumps({
        "settings": {"delay": 0}, "urls": [url, "http://127.0.0.1:1/x"]}), encoding="utf-8")  # loopback: refused
    result = _fetch_cli(tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "nothing could be fetched" in result.stderr
    assert result.stderr.count("loopback/private/reserved") == 2  # the reasons, one line each

    allowed = _fetch_cli(tmp_path, "--allow-private-addresses")  # one page comes, the other is refused
    assert allowed.returncode == 0 and "nothing could be fetched" not in allowed.stderr, allowed.stderr
    again = _fetch_cli(tmp_path, "--allow-private-addresses")  # known page: unchanged is not "nothing"
    assert again.returncode == 0 and "1 unchanged" in again.stdout, again.stderr
    assert "nothing could be fetched" not in again.stderr
