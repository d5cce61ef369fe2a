"""What a briefing brings to the grouping: its text, lead, actors and day.

Read from the briefing's JSON twin (`Briefing.to_dict()`), so the grouping is a
stage after the backends, like the site: it needs nothing the briefing lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text import publication_day

LEAD_PARAGRAPHS = 2
"""The lead (first paragraphs) is counted once more: it says what happened, where the
rest of an article gives background that related events share."""


@dataclass(frozen=True)
class Item:
    """One briefing as the grouping sees it."""

    key: str
    """The article's id (input file, `#item` when a file holds several): stable across runs."""
    slug: str
    day: int | None
    """Proleptic ordinal of the publication day, or None when undated."""
    text: str
    """Headline twice, lead twice, then the body: what the word vectors are made from."""
    names: tuple[str, ...]
    """The actors' names, one token each ("joe_biden"): what the name vectors are made from."""
    headline: str
    outlet: str
    date: str


def item(key: str, slug: str, data: dict[str, Any]) -> Item:
    source = data.get("source") or {}
    sentences = [str(s) for s in source.get("sentences") or []]
    starts = [i for i in source.get("paragraph_starts") or [] if isinstance(i, int)]
    lead_end = starts[LEAD_PARAGRAPHS] if len(starts) > LEAD_PARAGRAPHS else min(len(sentences), 3)
    lead = " ".join(sentences[:lead_end])
    title = str(source.get("title") or data.get("headline") or data.get("title") or "")
    day = publication_day(str(source.get("date") or ""))
    names = tuple(dict.fromkeys(
        "_".join(str(a.get("name", "")).casefold().replace("\u2019s", "").replace("'s", "").split())
        for a in data.get("actors") or [] if isinstance(a, dict) and str(a.get("name", "")).strip()))
    return Item(
        key=key, slug=slug, day=day.toordinal() if day else None,
        text=" ".join([title, title, lead, lead, *sentences]),
        names=names,
        headline=str(data.get("headline") or data.get("title") or title),
        outlet=str(source.get("publisher") or ""),
        date=day.isoformat() if day else "",
    )


def item_of(article: Any, analysis: Any) -> Item:
    """The grouping's view of an article that is about to be briefed (before any backend)."""
    from dataclasses import asdict

    from ..model import source_info

    data = {"source": asdict(source_info(article)), "actors": [asdict(a) for a in analysis.actors],
            "headline": getattr(analysis, "headline", "") or article.title, "title": article.title}
    return item(article.id, article.slug, data)
