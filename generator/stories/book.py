"""The stories of one output folder: the grouping index on disk and `stories.json`.

`generate` opens the book after the analysis, gives every new or changed article
its story before the backends write its briefing (so a briefing is written once,
story included), and saves the book at the end of the run. Everything the book
keeps is in one hidden file (`.stories.npz`, replaced atomically); a run killed
before saving leaves briefings whose `story` field the next run reads back.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .features import Item
from .group import VERSION, Index

INDEX_FILE = ".stories.npz"
STORIES_FILE = "stories.json"
VIEWS = "stories"
"""Folder (in the output folder) of one comparison per story of two or more articles."""


@dataclass
class Story:
    """One story as `stories.json` lists it."""

    id: str
    headline: str
    """Our neutral headline of its most central article (the one most like the others)."""
    briefings: list[str]
    """Slugs, oldest first (undated last)."""
    outlets: list[str]
    first: str
    last: str
    """First and last day seen (ISO), "" when no article is dated."""


class Book:
    def __init__(self, folder: Path, index: Index, rebuilt: bool) -> None:
        self.folder = folder
        self.index = index
        self.rebuilt = rebuilt
        """The index was missing, damaged or of another version: everything gets regrouped."""
        self.patched: dict[str, str] = {}
        """Article key -> story, for briefings already on disk whose story changed (rewritten at save)."""
        self.touched: set[str] = set()
        """Stories whose articles changed this run: their comparison is made again at save."""

    @classmethod
    def open(cls, folder: Path) -> Book:
        try:
            return cls(folder, _load(folder / INDEX_FILE), rebuilt=False)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return cls(folder, Index(), rebuilt=True)

    def story_of(self, key: str) -> str:
        rows = self.index.row_of()
        return self.index.story[rows[key]] if key in rows else ""

    def sync(self, on_disk: Mapping[str, str], regroup: bool, fresh: Iterable[Item]) -> dict[str, str]:
        """Bring the index to the articles of this run: `on_disk` (key -> slug) are briefings kept
        as they are, `fresh` the articles about to be (re)written. Returns key -> story for `fresh`."""
        fresh = list(fresh)
        keep = set(on_disk)
        leaving = [n for n, it in enumerate(self.index.items) if it.key not in keep]
        self.touched |= {self.index.story[n] for n in leaving}
        self.index.remove([self.index.items[n].key for n in leaving])
        known = self.index.row_of()
        missing = [k for k in on_disk if k not in known]
        if regroup or self.rebuilt:
            everything = [it for k in on_disk if (it := self._read(k, on_disk[k])) is not None] + fresh
            before = {it.key: s for it, s in zip(self.index.items, self.index.story, strict=True)}
            before |= {k: s for k in missing if (s := _story_field(self.folder, on_disk[k]))}
            assigned = self.index.regroup(everything, before)
            self.patched = {k: s for k, s in assigned.items() if k in on_disk and s != before.get(k)}
            self.touched |= set(self.index.story) | set(before.values())
        else:
            # Briefings a killed run wrote (or written before stories existed) join with the story
            # they carry; those without one are grouped like new articles.
            carried = [(k, _story_field(self.folder, on_disk[k])) for k in missing]
            self._insert([(self._read(k, on_disk[k]), s) for k, s in carried if s])
            unplaced = [it for k, s in carried if not s if (it := self._read(k, on_disk[k])) is not None]
            placed = self.index.add(unplaced)
            self.patched = dict(placed)
            assigned = self.index.add(fresh)
            self.touched |= set(placed.values()) | set(assigned.values()) | {s for _, s in carried if s}
        self._slugs(on_disk)
        return {it.key: assigned[it.key] for it in fresh if it.key in assigned}

    def save(self, slugs: Mapping[str, str], common_ground: Callable[[list[tuple[str, str | None]]], str] | None
             = None) -> list[Story]:
        """Write `stories.json`, the index, and the `story` field of kept briefings whose story
        changed. `slugs`: every live article key -> its slug. `common_ground`: a backend's
        writer of the paragraph on what every article reports (backends.base.CommonGround)."""
        self._slugs(slugs)
        for key, story in self.patched.items():
            if key in slugs:
                _patch_story(self.folder / f"{slugs[key]}.json", story)
        self.patched = {}
        stories = self.stories()
        self._views(stories, common_ground)
        listed = [{"id": s.id, "headline": s.headline, "briefings": s.briefings, "outlets": s.outlets,
                   "first": s.first, "last": s.last} for s in stories]
        _atomic(self.folder / STORIES_FILE, _listing(listed))
        _atomic(self.folder / INDEX_FILE, _dump(self.index))
        self.touched = set()
        return stories

    def _views(self, stories: list[Story], common_ground: Callable[[list[tuple[str, str | None]]], str] | None
               ) -> None:
        """The comparison of every story of two or more articles whose articles changed (or
        that has none yet); comparisons of stories that are gone or down to one are removed."""
        from ..model import Briefing
        from .compare import compare

        folder = self.folder / VIEWS
        wanted = {s.id: s for s in stories if len(s.briefings) > 1}
        if folder.is_dir():
            for path in folder.glob("*.json"):
                if path.stem not in wanted:
                    path.unlink(missing_ok=True)
        built = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for story in wanted.values():
            path = folder / f"{story.id}.json"
            if story.id not in self.touched and path.is_file():
                continue
            members = []
            for slug in story.briefings:
                try:
                    members.append((slug, Briefing.from_dict(json.loads((self.folder / f"{slug}.json")
                                                                        .read_text(encoding="utf-8")))))
                except (OSError, ValueError):
                    continue  # an unreadable briefing is left out of the comparison, not fatal
            if len(members) < 2:
                continue
            view = compare(story.id, story.headline, members, self.index.rarity)
            if common_ground is not None:
                view.common_ground = common_ground(_shared_sentences(view, dict(members)))
            snapshot = {"built": built, "briefings": [s for s, _ in members],
                        "claims": [f"{c.slug}#{c.claim}" for row in view.matrix for c in row.cells]}
            view.new = _new_since(path, snapshot, view)
            folder.mkdir(exist_ok=True)
            _atomic(path, (json.dumps(asdict(view) | {"snapshot": snapshot}, ensure_ascii=False, indent=2)
                           + "\n").encode())

    def stories(self) -> list[Story]:
        out = []
        members = self.index.members()
        headlines = {s: h for s, h in self.index.headlines.items() if s in members and s not in self.touched}
        for story, rows in members.items():
            items = sorted((self.index.items[r] for r in rows), key=lambda it: (it.day is None, it.day or 0, it.slug))
            dates = [it.date for it in items if it.date]
            if story not in headlines:
                headlines[story] = self.index.items[_central(self.index, rows)].headline
            out.append(Story(story, headlines[story], [it.slug for it in items if it.slug],
                             list(dict.fromkeys(it.outlet for it in items if it.outlet)),
                             dates[0] if dates else "", dates[-1] if dates else ""))
        self.index.headlines = headlines
        out.sort(key=lambda s: (s.last or "", s.id), reverse=True)
        return out

    # -- helpers -------------------------------------------------------------------------

    def _read(self, key: str, slug: str) -> Item | None:
        from .features import item

        try:
            data = json.loads((self.folder / f"{slug}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a briefing that cannot be read is left out of the stories, not fatal
        return item(key, slug, data) if isinstance(data, dict) else None

    def _insert(self, pairs: list[tuple[Item | None, str]]) -> None:
        pairs = [(it, s) for it, s in pairs if it is not None]
        if not pairs:
            return
        self.index.add([it for it, _ in pairs])
        rows = self.index.row_of()
        for it, story in pairs:
            self.index.story[rows[it.key]] = story  # type: ignore[union-attr]

    def _slugs(self, slugs: Mapping[str, str]) -> None:
        """Slugs move when titles change or clash; the index follows."""
        for row, it in enumerate(self.index.items):
            if it.key in slugs and it.slug != slugs[it.key]:
                self.index.items[row] = replace(it, slug=slugs[it.key])


SHARED_SENTENCES = 40
"""The most evidence sentences a common-ground paragraph is written from."""


def _shared_sentences(view: Any, briefings: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(sentence, who says it) of the evidence of every claim all the articles report."""
    out: list[tuple[str, str | None]] = []
    for row in view.matrix:
        if row.reach != "all" or row.conflict is not None:
            continue
        for cell in row.cells:
            sentences = briefings[cell.slug].source.sentences
            speaker = cell.speaker if cell.kind in ("statement", "quote") else None
            out += [(sentences[i], speaker) for i in cell.sentences if 0 <= i < len(sentences)]
    return out[:SHARED_SENTENCES]


def _new_since(path: Path, snapshot: dict[str, Any], view: Any) -> dict[str, Any]:
    """Articles and claims that the story's previous comparison did not have."""
    try:
        before = json.loads(path.read_text(encoding="utf-8")).get("snapshot") or {}
    except (OSError, ValueError, AttributeError):
        return {}
    if not before:
        return {}
    known = set(before.get("claims") or [])
    articles = [s for s in snapshot["briefings"] if s not in set(before.get("briefings") or [])]
    claims = [row.claim for row in view.matrix if any(f"{c.slug}#{c.claim}" not in known for c in row.cells)]
    if not articles and not claims:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("new") or {})  # nothing new: keep the last news
    return {"since": before.get("built", ""), "articles": articles, "claims": claims}


def _central(index: Index, rows: list[int]) -> int:
    """The article most like the others of its story (its headline names the story)."""
    if len(rows) <= 2:
        return min(rows, key=lambda r: (index.items[r].day is None, index.items[r].day or 0))
    vectors = index.vectors[rows]
    likeness = np.asarray((vectors @ vectors.T).sum(axis=1)).ravel()
    return rows[int(np.argmax(likeness))]


def _story_field(folder: Path, slug: str) -> str:
    try:
        data = json.loads((folder / f"{slug}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    story = data.get("story", "") if isinstance(data, dict) else ""
    return story if isinstance(story, str) else ""


def _patch_story(path: Path, story: str) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("story") != story:
        data["story"] = story
        _atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def _listing(stories: list[dict[str, Any]]) -> bytes:
    """`stories.json` with one story a line: readable, diffable on the data branch, and written
    by json's C encoder (an indented dump goes through the pure-Python one, the slowest part of
    adding articles to a large archive)."""
    lines = ",\n".join(json.dumps(s, ensure_ascii=False) for s in stories)
    return f'{{"version": 1, "stories": [\n{lines}\n]}}\n'.encode()


def _atomic(path: Path, content: bytes) -> None:
    from ..output.store import atomic_write

    atomic_write(path, content)


def _dump(index: Index) -> bytes:
    meta = {"version": VERSION, "documents": index.documents, "story": index.story, "headlines": index.headlines,
            "items": [[it.key, it.slug, it.day, it.headline, it.outlet, it.date] for it in index.items]}
    vectors = index.vectors.tocsr()
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                        data=vectors.data, indices=vectors.indices, indptr=vectors.indptr,
                        shape=np.array(vectors.shape), word_df=index.word_df, name_df=index.name_df)
    return buffer.getvalue()


def _load(path: Path) -> Index:
    with np.load(path, allow_pickle=False) as saved:
        meta: dict[str, Any] = json.loads(saved["meta"].tobytes().decode())
        if meta.get("version") != VERSION:
            raise ValueError("index of another version")
        index = Index()
        index.vectors = sp.csr_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                      shape=tuple(int(x) for x in saved["shape"]))
        index.word_df = saved["word_df"].astype(np.int32)
        index.name_df = saved["name_df"].astype(np.int32)
    index.documents = int(meta["documents"])
    index.items = [Item(str(k), str(s), d if isinstance(d, int) else None, "", (), str(h), str(o), str(t))
                   for k, s, d, h, o, t in meta["items"]]
    index.story = [str(s) for s in meta["story"]]
    index.headlines = {str(k): str(v) for k, v in (meta.get("headlines") or {}).items()}
    if not (len(index.items) == len(index.story) == index.vectors.shape[0]):
        raise ValueError("damaged index")
    return index

