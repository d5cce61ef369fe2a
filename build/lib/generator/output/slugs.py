"""Safe, stable file names for briefings, whatever the article title says.

Hand-written (a dozen lines) rather than python-slugify: we also need the
reserved-name and collision rules, which no slug library covers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80
_RESERVED = {
    "con", "prn", "aux", "nul", "index", "tags", "manifest", "search", "assets", "404",
    *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
}


def slugify(title: str, fallback_seed: str) -> str:
    """ASCII, lowercase, dashes; never empty, never a reserved or relative name."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "article-" + _short_hash(fallback_seed)
    if slug in _RESERVED:
        return f"{slug}-article"
    return slug


def assign_slugs(titles_by_path: dict[str, str]) -> dict[str, str]:
    """path -> unique slug. On a clash the first path (sorted) keeps the plain slug;
    the others get a suffix derived from their own path, so slugs stay stable."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for path in sorted(titles_by_path):
        slug = slugify(titles_by_path[path], path)
        if slug in taken:
            slug = f"{slug[: MAX_SLUG - 7]}-{_short_hash(path)}"
        taken.add(slug)
        slugs[path] = slug
    return slugs


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:6]
