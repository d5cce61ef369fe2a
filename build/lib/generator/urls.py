"""One rule for "the same URL", shared by the readers (duplicates inside an
export or a feed file) and `fetch` (pages already fetched are not fetched again).

courlan (trafilatura's URL library) does the work: lower-case host, default
port dropped, query sorted, tracking parameters (`utm_*`, `fbclid`, `gclid`,
`mc_cid`, `ref`, …) removed. We only add dropping the fragment, which never
changes the page a server sends.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def normalise_url(url: str) -> str:
    """The URL as a key for "already seen"; '' for something that is not an http(s) URL."""
    from courlan import normalize_url

    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return ""
    try:
        cleaned = normalize_url(url)
    except (ValueError, TypeError):  # courlan raises on malformed hosts and ports
        return ""
    parts = urlsplit(cleaned)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
