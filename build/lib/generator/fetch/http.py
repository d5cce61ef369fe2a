"""A polite, bounded HTTP client: the only code in the project that goes on the network.

httpx (async) does HTTP; this module adds the rules a crawler owes the sites
it reads and the limits a program owes its user:

- a user agent naming the project, robots.txt obeyed (RFC 9309 reading: a 4xx
  robots.txt allows everything, a 5xx or unreachable one forbids everything),
  its `Crawl-delay` honoured, and a pause between two requests to one host;
- only `http`/`https`; every address a host name resolves to is checked, and
  the connection is pinned to the checked address (so a second DNS answer
  cannot swap in another), with loopback, private, link-local and reserved
  ranges refused unless the user allows them (tests do);
- timeouts: connect, and a total one (asyncio's) that bounds the whole request,
  redirect chain included, even for a server that drips one byte at a time; at
  most N redirects, each hop checked again; a size limit checked on the announced length and on the
  bytes read (after decompression); the content type checked before the body
  is read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field

import httpx

USER_AGENT = "briefing-generator/0.1 (fetch; news briefing generator; obeys robots.txt)"
ROBOTS_AGENT = "briefing-generator"
"""The product token robots.txt rules are matched against."""
MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 60.0
REDIRECTS = {301, 302, 303, 307, 308}

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json", "application/json", "application/x-rss+xml")


@dataclass(frozen=True)
class Limits:
    """Everything a run may spend on one site or one request (sources.yml `settings`)."""

    delay: float = 1.0
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    allow_private: bool = False
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """A request that gave nothing usable; the message (one line) is shown to the user.
    `skipped` marks a refusal by rule (robots.txt, content type, size, address) rather
    than a failure of the site or the network."""

    def __init__(self, reason: str, *, skipped: bool = False, status: int = 0, lasting: bool = False) -> None:
        super().__init__(reason)
        self.skipped = skipped
        self.status = status
        self.lasting = lasting
        """A property of the resource itself (its type, its size): no use asking again."""


@dataclass
class Response:
    url: str
    """The final URL, after redirects."""
    status: int
    headers: httpx.Headers
    body: bytes
    content_type: str


@dataclass
class _Host:
    last: float = -1e9
    crawl_delay: float = 0.0


@dataclass
class PoliteClient:
    limits: Limits = field(default_factory=Limits)
    _client: httpx.AsyncClient | None = None
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    """Every URL actually requested, in order (robots.txt included): what the report and tests count."""

    async def __aenter__(self) -> PoliteClient:
        # trust_env=False: no proxy from the environment, which would bypass the address checks.
        # No kept-alive connections: the pool keys them by the (pinned) address, and two sites
        # behind one CDN address must not share a TLS session made for the other's name.
        self._client = httpx.AsyncClient(
            trust_env=False, follow_redirects=False, headers={"User-Agent": self.limits.user_agent},
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=httpx.Timeout(self.limits.total_timeout, connect=self.limits.connect_timeout),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(self, url: str, *, accept: tuple[str, ...], headers: dict[str, str] | None = None,
                  what: str = "page") -> Response:
        """GET `url` following at most `max_redirects` redirects, each hop checked.
        Returns 200 and 304 answers; anything else raises `FetchError`. The total
        timeout is one budget for the whole chain of hops (pauses for politeness aside)."""
        budget = [self.limits.total_timeout]
        for _ in range(self.limits.max_redirects + 1):
            parsed = self._check_scheme(url)
            address = await self._resolve(parsed)  # before robots.txt: a refused host gets no request at all
            if not await self._robots_allow(parsed, url):
                raise FetchError(f"robots.txt of {parsed.host} disallows {url}", skipped=True)
            status, location, response = await self._hop(parsed, address, url, accept, headers or {}, what,
                                                          budget)
            if status in REDIRECTS:
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header")
                url = str(parsed.join(location))
                continue
            assert response is not None
            return response
        raise FetchError(f"more than {self.limits.max_redirects} redirects")

    # ------------------------------------------------------------------ one request

    async def _hop(self, parsed: httpx.URL, address: str, url: str, accept: tuple[str, ...],
                   headers: dict[str, str], what: str, budget: list[float]) -> tuple[int, str, Response | None]:
        """One request within what is left of `budget` (seconds, shared by a redirect chain)."""
        total = self.limits.total_timeout
        await self._wait_turn(parsed.host)
        started = time.monotonic()
        try:
            if budget[0] <= 0:
                raise TimeoutError
            async with asyncio.timeout(budget[0]):
                return await self._request(parsed, address, url, accept, headers, what)
        except TimeoutError:
            raise FetchError(f"no complete answer within {total:g} s (total timeout)") from None
        except httpx.ConnectTimeout:
            raise FetchError(f"could not connect to {parsed.host} within "
                             f"{self.limits.connect_timeout:g} s") from None
        except httpx.TimeoutException:
            raise FetchError(f"the server stopped answering (timeout after {total:g} s)") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"could not connect to {parsed.host} ({_short(exc)})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error ({type(exc).__name__}: {_short(exc)})") from None
        finally:
            budget[0] -= time.monotonic() - started
            self._hosts.setdefault(parsed.host, _Host()).last = time.monotonic()

    async def _request(self, parsed: httpx.URL, address: str, url: str, accept: tuple[str, ...],
                       headers: dict[str, str], what: str) -> tuple[int, str, Response | None]:
        assert self._client is not None
        # Connect to the address we checked; Host header and TLS name stay the real host's.
        target = parsed.copy_with(host=address)
        extensions = {"sni_hostname": parsed.host} if parsed.scheme == "https" else {}
        send = {"Host": parsed.netloc.decode("ascii"), **headers}
        self.requests.append(url)
        async with self._client.stream("GET", target, headers=send, extensions=extensions) as reply:
            if reply.status_code in REDIRECTS:
                return reply.status_code, reply.headers.get("location", ""), None
            if reply.status_code == 304:
                return 304, "", Response(url, 304, reply.headers, b"", "")
            if reply.status_code != 200:
                raise FetchError(f"HTTP {reply.status_code} {reply.reason_phrase}".rstrip(), status=reply.status_code)
            content_type = reply.headers.get("content-type", "").split(";")[0].strip().lower()
            if accept and content_type not in accept:
                shown = content_type or "none given"
                raise FetchError(f"content type {shown} is not a {what} "
                                 f"(expected {', '.join(accept[:3])}…)", skipped=True, lasting=True)
            limit = self.limits.max_bytes
            announced = reply.headers.get("content-length", "")
            if announced.isdigit() and int(announced) > limit:
                raise FetchError(f"{what} is {int(announced) / 1048576:.1f} MB, over the "
                                 f"{limit / 1048576:g} MB limit", skipped=True, lasting=True)
            body = bytearray()
            async for chunk in reply.aiter_bytes():  # decompressed: a gzip bomb counts at full size
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"{what} is over the {limit / 1048576:g} MB limit "
                                     "(stopped reading)", skipped=True, lasting=True)
            return 200, "", Response(url, 200, reply.headers, bytes(body), content_type)

    # ------------------------------------------------------------------ rules

    def _check_scheme(self, url: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError):
            raise FetchError(f"not a valid URL: {url[:200]}", skipped=True) from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'this'}: {url[:200]}",
                             skipped=True)
        if not parsed.host:
            raise FetchError(f"URL has no host: {url[:200]}", skipped=True)
        return parsed

    async def _resolve(self, parsed: httpx.URL) -> str:
        """The address to connect to: every address of the host must be allowed."""
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            async with asyncio.timeout(self.limits.connect_timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(parsed.host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise FetchError(f"cannot resolve host {parsed.host} (no answer within "
                             f"{self.limits.connect_timeout:g} s)") from None
        except (socket.gaierror, UnicodeError, OSError) as exc:
            raise FetchError(f"cannot resolve host {parsed.host} ({_short(exc)})") from None
        addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        if not addresses:
            raise FetchError(f"cannot resolve host {parsed.host}")
        if not self.limits.allow_private:
            for address in addresses:
                if not _public(address):
                    raise FetchError(
                        f"{parsed.host} resolves to {address}, a loopback/private/reserved address; "
                        "refused (allow_private_addresses: true in sources.yml to allow, for testing)",
                        skipped=True)
        return addresses[0]

    async def _wait_turn(self, host: str) -> None:
        state = self._hosts.setdefault(host, _Host())
        gap = max(self.limits.delay, state.crawl_delay)
        wait = state.last + gap - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        state.last = time.monotonic()

    async def _robots_allow(self, parsed: httpx.URL, url: str) -> bool:
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = await self._load_robots(origin)
            delay = robots.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._hosts.setdefault(parsed.host, _Host()).crawl_delay = min(float(delay), MAX_CRAWL_DELAY)
        return robots.can_fetch(ROBOTS_AGENT, url)

    async def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        robots = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        url = origin + "/robots.txt"
        text = None
        budget = [self.limits.total_timeout]
        for _ in range(self.limits.max_redirects + 1):
            try:
                parsed = self._check_scheme(url)
                status, location, response = await self._hop(
                    parsed, await self._resolve(parsed), url, (), {}, "robots.txt", budget)  # any type
            except FetchError as exc:
                text = "" if 400 <= exc.status < 500 else None  # 4xx: no rules; else unreachable
                break
            if status in REDIRECTS and location:
                url = str(parsed.join(location))
                continue
            assert response is not None
            text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            break
        if text is None:
            robots.disallow_all = True  # RFC 9309: an unreachable robots.txt means "crawl nothing"
        robots.parse(text.splitlines() if text else [])
        return robots


def _public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text or type(exc).__name__)[:160]


__all__ = ["FEED_TYPES", "PAGE_TYPES", "FetchError", "Limits", "PoliteClient", "Response"]
