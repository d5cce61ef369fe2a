"""Template parts rendered once per build and folder, not once per page.

overrides/main.html and partials/header.html wrap the parts of Material's page that are the
same on every generated page of one folder (the header but for the page's title, the
site's navigation, Material's config and scripts) in `site_fragments.once(...)`: at
thousands of briefings they were about a third of the template time.

A part is reused only on pages where it renders the same: the plugin's generated pages
(briefings, actors, archive and list pages), which are not in the nav, so that no nav item
is active on them. The links such a part holds point at the nav's pages (one folder deep
at most, checked) or at assets, so a relative link from one of these pages depends on its
folder's depth and first part only, the key. Any other page renders every part itself.
"""

from __future__ import annotations

import posixpath


class Fragments:
    def __init__(self, nav=None, config=None, generated=()) -> None:  # noqa: ANN001
        self.generated = frozenset(generated)
        self.in_nav = {page.file.src_uri for page in nav.pages} if nav is not None else set()
        links = [item.url for item in _nav_items(nav.items)] if nav is not None else []
        homepage = (config.extra or {}).get("homepage") if config is not None else None
        self.enabled = nav is not None and all(_shallow(url) for url in [*links, homepage or ""])
        self.parts: dict[tuple, str] = {}

    def key(self, name: str, page) -> tuple | None:  # noqa: ANN001
        src = page.file.src_uri if page is not None and page.file else ""
        if not self.enabled or src not in self.generated or src in self.in_nav:
            return None
        parts = _folder_parts(page.url)
        return name, len(parts), parts[0] if parts else ""

    def once(self, name: str, page, caller) -> str:  # noqa: ANN001
        """`{% call site_fragments.once(name, page) %}...{% endcall %}`: the part as rendered
        for a page like this one, rendered (`caller()`) only when no such page had it yet."""
        key = self.key(name, page)
        if key is None:
            return caller()
        if key not in self.parts:
            self.parts[key] = caller()
        return self.parts[key]


def _nav_items(items):  # noqa: ANN001, ANN202
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item
        yield from _nav_items(getattr(item, "children", None) or [])


def _shallow(url: str) -> bool:
    """An address elsewhere, or a page at most one folder deep in this site."""
    return "://" in url or url.startswith("//") or len(_url_parts(url)) <= 1


def _folder_parts(url: str) -> tuple[str, ...]:
    folder, _, name = url.rpartition("/")
    return _url_parts(folder if "." in name else url)


def _url_parts(url: str) -> tuple[str, ...]:
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return tuple(path.split("/")) if path else ()
