"""The briefings as the site reads them: `briefings/*.json` through `Briefing.from_dict`,
and what the site's pages need across briefings (order, months, actors merged).

The site never reads the Markdown files: they are for people reading the folder.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.model import NO_SOURCE, Briefing
from generator.output.escape import clean
from generator.output.render import actor_slug, shorten
from generator.text import publication_day

log = logging.getLogger("mkdocs.plugins.briefings")

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")
"""What `slugs.slugify` makes; any other file in the folder is not a briefing and is left out."""
ABSTRACT = 400
NOT_BRIEFINGS = frozenset({"manifest.json", "stories.json"})
"""generate's own records in the briefings folder (the manifest; the list of stories)."""


@dataclass(frozen=True)
class ActorRef:
    """An actor as one briefing names it (what lists and actor pages need of it)."""

    name: str
    type: str
    role: str
    key: bool


@dataclass(eq=False)
class Entry:
    """What the site's lists, actor pages, feed and search need of one briefing. The whole
    `Briefing` is read again for its own page (`Library.briefing`): held for thousands of
    briefings at once it would be most of the build's memory."""

    slug: str
    title: str
    date: str
    publisher: str
    summary: list[str]
    actors: list[ActorRef]
    says: dict[str, list[tuple[str, str]]]
    """Actor name (lower case) -> (kind, words) of each claim attributed to it."""
    generated_at: str = ""
    story: str = ""
    """The id of the story (the same event across outlets) it belongs to."""
    mtime: float = 0.0
    search: object = None
    """The briefing's search document (set by the search index)."""

    @classmethod
    def of(cls, slug: str, b: Briefing, mtime: float = 0.0) -> Entry:
        says: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for claim in b.claims:
            who = clean(claim.attributed_to)
            if who and who != NO_SOURCE:
                says[sys.intern(who.lower())].append((sys.intern(claim.kind), clean(claim.text)))
        actors = [ActorRef(_shared(a.name), _shared(a.type), _shared(a.role), bool(a.key))
                  for a in b.actors if clean(a.name)]
        return cls(slug=slug, title=clean(b.title) or slug, date=clean(b.source.date),
                   publisher=clean(b.source.publisher), summary=[clean(s) for s in b.summary if clean(s)],
                   actors=actors, says=dict(says), generated_at=clean(b.generated), story=clean(b.story),
                   mtime=mtime)

    @cached_property
    def day(self) -> dt.date | None:
        """The publication day when the date reads as one (ISO 8601 or RFC 2822)."""
        return publication_day(self.date)

    @cached_property
    def generated(self) -> dt.datetime | None:
        """When the briefing was first generated: what dates an undated briefing in the feed."""
        try:
            made = dt.datetime.fromisoformat(self.generated_at.replace("Z", "+00:00"))
        except ValueError:
            return None
        return made if made.tzinfo else made.replace(tzinfo=dt.timezone.utc)

    @cached_property
    def month(self) -> str:
        return self.day.isoformat()[:7] if self.day else ""

    @property
    def lead(self) -> str:
        """The summary's first sentence, for cards."""
        return self.summary[0] if self.summary else ""

    @property
    def abstract(self) -> str:
        """The whole summary, at most ABSTRACT characters (the feed's description)."""
        return shorten(" ".join(self.summary), ABSTRACT)

    def key_actors(self, limit: int | None = None) -> list[ActorRef]:
        return ([a for a in self.actors if a.key] or self.actors)[:limit]


@dataclass(eq=False)
class Actor:
    """One actor across briefings: its page lists where it appears, newest first."""

    key: str
    name: str
    type: str
    appearances: list[tuple[Entry, str, list[tuple[str, str]]]] = field(default_factory=list)
    """(briefing, its role there, (kind, words) of each claim it makes there)."""

    @property
    def count(self) -> int:
        return len(self.appearances)


class Library:
    """Every briefing of the folder, read once and kept while its file is unchanged
    (`mkdocs serve` keeps the plugin, so a save re-reads one file, not all)."""

    def __init__(self) -> None:
        self.cache: dict[str, Entry] = {}
        self.folder = Path()

    def briefing(self, slug: str) -> Briefing | None:
        """The whole briefing, read again from its JSON twin (for its own page)."""
        return _briefing(self.folder / f"{slug}.json")

    def load(self, folder: Path, on_read=None) -> list[Entry]:
        """Every briefing of `folder`, newest first; `on_read(entry, briefing)` is called for each
        briefing read (not for those kept from the last build)."""
        self.folder = folder
        entries: list[Entry] = []
        seen: set[str] = set()
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                slug = path.stem
                if not SLUG.fullmatch(slug) or path.name in NOT_BRIEFINGS:
                    continue
                try:
                    mtime = path.stat().st_mtime
                except OSError:
                    continue
                seen.add(slug)
                entry = self.cache.get(slug)
                if entry is None or entry.mtime != mtime:
                    briefing = _briefing(path)
                    if briefing is None:
                        self.cache.pop(slug, None)
                        continue
                    entry = self.cache[slug] = Entry.of(slug, briefing, mtime)
                    if on_read is not None:
                        on_read(entry, briefing)
                entries.append(entry)
        for gone in set(self.cache) - seen:
            del self.cache[gone]
        entries.sort(key=lambda e: e.title.lower())
        entries.sort(key=lambda e: e.day or dt.date.min, reverse=True)  # newest first; undated last
        return entries


def _briefing(path: Path) -> Briefing | None:
    try:
        return Briefing.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:  # a damaged file is skipped, not allowed to break the site
        log.warning("briefings: %s skipped: %s", path.name, str(exc).splitlines()[0])
        return None


def _shared(value: str) -> str:
    """One string per distinct actor name, type and role across briefings (an actor is in
    hundreds of them; half the roles read the same): less memory at thousands of briefings."""
    return sys.intern(clean(value))


def merge_actors(entries: list[Entry]) -> tuple[dict[str, Actor], dict[str, str]]:
    """(actor key -> Actor, any name's key -> the key it is merged into), names merged the way
    the analysis merges them inside one article: the same name in any case or with "the";
    one country's aliases ("U.S.", "United States"); a surname or a first-and-last-name match
    with exactly one full name of a person."""
    from generator.analysis.gazetteer import canonical_state

    found: dict[str, Actor] = {}
    alias: dict[str, str] = {}
    for entry in entries:
        for a in entry.actors:
            name = a.name
            shown = (canonical_state(name) or name) if a.type == "state" else name
            key = actor_slug(shown)
            actor = found.setdefault(key, Actor(key, shown, a.type))
            if len(name) > len(actor.name) and a.type != "state":
                actor.name = name  # the fullest spelling is the page's title
            alias[actor_slug(name)] = key
    people = [a for a in found.values() if a.type == "person" and "-" in a.key]
    by_ends: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    by_last: dict[str, list[Actor]] = defaultdict(list)
    for person in people:
        words = person.key.split("-")
        by_ends[(words[0], words[-1])].append(person)
        by_last[words[-1]].append(person)
    target: dict[str, str] = {}
    for group in by_ends.values():  # "George W. Bush" and "George Bush"
        keep = max(group, key=lambda a: len(a.name))
        for other in group:
            if other is not keep:
                target[other.key] = keep.key
    for actor in found.values():  # "Biden" with exactly one full-named Biden
        if actor.type == "person" and "-" not in actor.key:
            owners = {target.get(p.key, p.key) for p in by_last.get(actor.key, [])}
            if len(owners) == 1:
                target[actor.key] = owners.pop()
    actors = {key: actor for key, actor in found.items() if key not in target}
    alias = {name: target.get(key, key) for name, key in alias.items()}
    for entry in entries:  # newest first already
        seen: set[str] = set()
        for a in entry.actors:
            key = alias[actor_slug(a.name)]
            if key in seen:
                continue
            seen.add(key)
            actors[key].appearances.append((entry, a.role, entry.says.get(a.name.lower(), [])))
    return actors, alias


@dataclass(eq=False)
class Story:
    """A story of two or more briefings (`stories.json`), its comparison read for its own page."""

    id: str
    headline: str
    entries: list[Entry]
    """Its briefings, oldest first."""
    first: str
    last: str
    path: Path
    """Its comparison (`stories/<id>.json`), written by `generate`."""

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(e.publisher or "unnamed outlet" for e in self.entries))

    @cached_property
    def mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0


STORY_ID = re.compile(r"s-[0-9a-f]{10}(?:-\d+)?")
"""What the grouping makes (generator/stories/group.py); any other id is not used in a path."""


def load_stories(folder: Path, entries: list[Entry]) -> list[Story]:
    """The stories of two or more of `entries` that have a comparison, newest first."""
    try:
        listed = json.loads((folder / "stories.json").read_text(encoding="utf-8")).get("stories") or []
    except (OSError, ValueError, AttributeError):
        return []
    by_slug = {e.slug: e for e in entries}
    out = []
    for item in listed:
        if not isinstance(item, dict) or not STORY_ID.fullmatch(str(item.get("id", ""))):
            continue
        members = [by_slug[s] for s in item.get("briefings") or [] if isinstance(s, str) and s in by_slug]
        path = folder / "stories" / f"{item['id']}.json"
        if len(members) > 1 and path.is_file():
            out.append(Story(item["id"], clean(item.get("headline", "")) or members[0].title, members,
                             clean(item.get("first", "")), clean(item.get("last", "")), path))
    out.sort(key=lambda s: (s.last or "", s.id), reverse=True)
    return out


def read_story(story: Story):  # noqa: ANN201 - a StoryView, or None when it cannot be read
    from generator.stories.compare import view_from_dict

    try:
        return view_from_dict(json.loads(story.path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        log.warning("briefings: story %s skipped: %s", story.id, str(exc).splitlines()[0])
        return None
