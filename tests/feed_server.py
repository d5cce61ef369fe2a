"""A loopback web site for the fetch tests: feeds of every format, pages, redirects,
errors, a page that never ends, a 20 MB page, robots.txt. Started and stopped by
the tests (http.server in a thread); every request is recorded."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

TOPICS = ["bridge", "library", "school", "harbour", "railway", "hospital", "park", "museum", "market", "airport"]
PLACES = ["Riverton", "Lakeside", "Hillford", "Marston", "Eastbury", "Northwick", "Southam", "Westport"]


def story(n: int) -> tuple[str, str]:
    """A plain, distinct news story of about 70 words: (title, text with two paragraphs)."""
    topic, place = TOPICS[n % len(TOPICS)], PLACES[(n // len(TOPICS)) % len(PLACES)]
    title = f"{place} council approves plan number {n} for the {topic}"
    text = (
        f"The council of {place} voted on Tuesday to approve plan number {n} for the town's {topic}, "
        f"according to a statement published after the meeting. The plan sets aside {n + 3} million "
        f"dollars for repairs over the next {n % 5 + 2} years.\n\n"
        f"Council member Jane Porter said the work on the {topic} would start in the spring. "
        f"Residents can comment on the plan until the end of the month, the statement said."
    )
    return title, text


def html_page(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{escape(title)}</title>"
            f'<meta name="author" content="Sam Writer"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paras}</article>"
            f"<footer>Copyright the Loopback Gazette</footer></body></html>").encode()


def rss2(entries: list[dict], *, full: bool = True) -> bytes:
    items = []
    for e in entries:
        content = (f"<content:encoded><![CDATA[{''.join(f'<p>{p}</p>' for p in e['text'].split(chr(10) * 2))}]]>"
                   "</content:encoded>" if full else "")
        items.append(
            f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
            f"<guid>{escape(e['id'])}</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>"
            f"<author>reporter@example.org (Alex Reporter)</author>"
            f"<description>{escape(e.get('summary', e['text'][:120]))}</description>{content}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Loopback Gazette</title><link>http://gazette.test/</link><description>News</description>"
            + "".join(items) + "</channel></rss>").encode()


def rss091(entries: list[dict]) -> bytes:
    items = "".join(f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
                    f"<description>{escape(e['text'])}</description></item>" for e in entries)
    return ('<?xml version="1.0"?><rss version="0.91"><channel><title>Old Times</title>'
            "<link>http://old.test/</link><description>d</description><language>en</language>"
            + items + "</channel></rss>").encode()


def rss1(entries: list[dict]) -> bytes:
    items = "".join(f'<item rdf:about="{escape(e["link"])}"><title>{escape(e["title"])}</title>'
                    f"<link>{escape(e['link'])}</link><description>{escape(e['text'])}</description>"
                    f"<dc:date>2024-01-03T08:00:00Z</dc:date><dc:creator>Robin Writer</dc:creator></item>"
                    for e in entries)
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<channel rdf:about="http://rdf.test/"><title>RDF Daily</title><link>http://rdf.test/</link>'
            "<description>d</description></channel>" + items + "</rdf:RDF>").encode()


def atom(entries: list[dict]) -> bytes:
    items = "".join(
        f"<entry><title>{escape(e['title'])}</title><link href=\"{escape(e['link'])}\"/>"
        f"<id>{escape(e['id'])}</id><updated>2024-01-04T09:00:00Z</updated>"
        f"<author><name>Kim Author</name></author>"
        f"<content type=\"html\">{escape(''.join(f'<p>{p}</p>' for p in e['text'].split(chr(10) * 2)))}</content>"
        "</entry>" for e in entries)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom Post</title><id>urn:atom-post</id><updated>2024-01-04T09:00:00Z</updated>"
            + items + "</feed>").encode()


def json_feed(entries: list[dict]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "JSON Journal",
        "home_page_url": "http://json.test/",
        "items": [{"id": e["id"], "url": e["link"], "title": e["title"], "content_text": e["text"],
                   "date_published": "2024-01-05T10:00:00Z", "authors": [{"name": "Lee Json"}]}
                  for e in entries],
    }).encode()


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class Site:
    """Routes by path; `requests` lists every path asked for, in order."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.times: list[float] = []
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.stopping = threading.Event()
        self.base = ""

    def route(self, path: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
        self.routes[path] = Route(**kwargs)
        return self.base + path

    def page(self, path: str, n: int) -> str:
        title, text = story(n)
        return self.route(path, body=html_page(title, text))

    def asked(self, prefix: str = "") -> list[str]:
        return [p for p in self.requests if p.startswith(prefix)]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

        def do_GET(self) -> None:
            site.requests.append(self.path)
            site.headers.append(dict(self.headers))
            site.times.append(time.monotonic())
            if self.path == "/robots.txt" and "/robots.txt" not in site.routes:
                self._send(200, site.robots.encode(), "text/plain")
                return
            route = site.routes.get(self.path.split("?")[0])
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            if route.handler:
                route.handler(self)
                return
            etag, modified = route.headers.get("ETag"), route.headers.get("Last-Modified")
            if ((etag and self.headers.get("If-None-Match") == etag)
                    or (modified and self.headers.get("If-Modified-Since") == modified)):
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(route.status, route.body, route.content_type, route.headers)

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def never_ends(site: Site) -> Callable[[BaseHTTPRequestHandler], None]:
    """Headers, then one small piece of HTML every 50 ms, forever (until the client leaves)."""
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<html><body><p>")
        try:
            while not site.stopping.is_set():
                h.wfile.write(b"drip ")
                h.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass
        h.close_connection = True
    return handle


def huge_unannounced(size: int) -> Callable[[BaseHTTPRequestHandler], None]:
    """`size` bytes of HTML without a Content-Length (so only counting can stop it)."""
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"word " * 200 + b"</p>\n"
        sent = 0
        try:
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        h.close_connection = True
    return handle


def last_modified() -> str:
    return formatdate(usegmt=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that hangs up early (size limit, timeout) is what some tests do


@contextlib.contextmanager
def running() -> Iterator[Site]:
    site = Site()
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
