"""Grouping briefings into stories: the same event told by several outlets.

An article joins the story whose articles it is most like, on average, when that
likeness clears a threshold; otherwise it starts a story of its own. Likeness is
the cosine of two TF-IDF vectors (scikit-learn): the words (headline and lead
counted twice, word pairs too) and the actors' names, 0.7 and 0.3. Dates decide
what may be joined: two dated articles join only if the newcomer is within
WINDOW_DAYS of an article the story already has (two bills a week apart are two
stories even when their words agree), and then a lower threshold is enough,
because being in the same days is evidence too; an undated article is judged by
its content alone, with a higher threshold.

It is incremental: a new article is compared with the articles of its date window
and with its nearest neighbours (scikit-learn's NearestNeighbors), never with all
pairs, and existing stories keep their ids. `regroup` runs the same pass over
everything in date order and keeps each old id where the story's majority stayed.
Word vectors are hashed (HashingVectorizer), so they need no vocabulary; the
document frequencies are kept with the index and IDF is read from them.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

from .features import Item

WINDOW_DAYS = 3
"""Dated articles more than this many days from every dated article of a story do not join it."""
DATED_THRESHOLD = 0.12
"""Likeness needed to join a story with an article in the newcomer's date window."""
UNDATED_THRESHOLD = 0.25
"""Likeness needed when dates cannot help (the newcomer or the story is undated)."""
NAME_WEIGHT = 0.3
"""Share of the likeness that comes from the actors' names (the rest from the words)."""
TOP_TERMS = 100
"""Each article keeps its strongest terms only: memory grows with articles, not with their length."""
NEIGHBOURS = 20
"""Nearest articles looked at beyond the date window (for undated articles and stories)."""
WORD_FEATURES = 2**20
NAME_FEATURES = 2**18
VERSION = 1
"""Changes whenever vectors or rules change: an index of another version is rebuilt."""

_WORDS = HashingVectorizer(n_features=WORD_FEATURES, ngram_range=(1, 2), stop_words="english",
                           alternate_sign=False, norm=None, dtype=np.float32)
_TERM = HashingVectorizer(n_features=WORD_FEATURES, analyzer=lambda terms: terms, alternate_sign=False, norm=None)
"""One term as _WORDS hashes it (the same feature index), to read its document frequency."""
_NAMES = HashingVectorizer(n_features=NAME_FEATURES, analyzer=lambda names: names, alternate_sign=False,
                           norm=None, dtype=np.float32)


@dataclass
class Index:
    """Every grouped article's vectors, day and story: what `add` compares a newcomer with."""

    items: list[Item] = field(default_factory=list)
    story: list[str] = field(default_factory=list)
    vectors: sp.csr_matrix = field(default_factory=lambda: sp.csr_matrix((0, WORD_FEATURES + NAME_FEATURES),
                                                                         dtype=np.float32))
    """Rows: sqrt(0.7) x word TF-IDF | sqrt(0.3) x name TF-IDF, each part unit length, so the
    dot product of two rows is the likeness."""
    word_df: np.ndarray = field(default_factory=lambda: np.zeros(WORD_FEATURES, dtype=np.int32))
    name_df: np.ndarray = field(default_factory=lambda: np.zeros(NAME_FEATURES, dtype=np.int32))
    documents: int = 0
    headlines: dict[str, str] = field(default_factory=dict)
    """Story -> the headline that names it (its most central article's), kept until it changes."""

    def rarity(self, term: str) -> float:
        """IDF of a word or a word pair (as the word vectors count them) across the archive."""
        column = _TERM.transform([[term]]).indices
        df = int(self.word_df[column[0]]) if len(column) else 0
        return float(np.log((1 + self.documents) / (1 + df)) + 1)

    def row_of(self) -> dict[str, int]:
        return {it.key: n for n, it in enumerate(self.items)}

    def members(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for n, story in enumerate(self.story):
            out[story].append(n)
        return out

    # -- changes -------------------------------------------------------------------------

    def remove(self, keys: Iterable[str]) -> None:
        """Drop articles (their story loses them; a story left empty is gone). Document
        frequencies keep counting them until the next regroup: IDF drifts a little, ids don't."""
        gone = set(keys)
        keep = [n for n, it in enumerate(self.items) if it.key not in gone]
        if len(keep) == len(self.items):
            return
        self.items = [self.items[n] for n in keep]
        self.story = [self.story[n] for n in keep]
        self.vectors = self.vectors[keep]

    def add(self, new: Sequence[Item]) -> dict[str, str]:
        """Group `new` articles (not yet in the index) into stories; returns key -> story id."""
        if not new:
            return {}
        words, names = _raw(new)
        self.word_df += (words > 0).sum(axis=0).A1.astype(np.int32)
        self.name_df += (names > 0).sum(axis=0).A1.astype(np.int32)
        self.documents += len(new)
        rows = self._vectors(words, names)
        order = sorted(range(len(new)), key=lambda i: (new[i].day is None, new[i].day or 0, new[i].key))
        start = len(self.items)
        self.items += [replace(new[i], text="", names=()) for i in order]  # vectors hold what matters
        self.story += [""] * len(new)
        self.vectors = sp.vstack([self.vectors, rows[order]], format="csr")
        return self._assign(range(start, len(self.items)))

    def regroup(self, items: Sequence[Item], previous: Mapping[str, str] | None = None) -> dict[str, str]:
        """`items` (every article, read again) in date order with fresh IDF; each story keeps its
        `previous` id (key -> story; by default the index's own) where its majority stays together."""
        old = dict(previous) if previous is not None else dict(zip((it.key for it in self.items), self.story,
                                                                  strict=True))
        fresh = Index()
        fresh.add(items)
        self.__dict__.update(fresh.__dict__)
        return _keep_ids(self, old)

    # -- the pass --------------------------------------------------------------------------

    def _vectors(self, words: sp.csr_matrix, names: sp.csr_matrix) -> sp.csr_matrix:
        parts = []
        for counts, df, weight in ((words, self.word_df, 1 - NAME_WEIGHT), (names, self.name_df, NAME_WEIGHT)):
            tfidf = TfidfTransformer(sublinear_tf=True, norm=None)
            tfidf.idf_ = np.log((1 + self.documents) / (1 + df.astype(np.float64))) + 1  # sklearn's smooth IDF
            weighted = _strongest(tfidf.transform(counts).astype(np.float32), TOP_TERMS)
            parts.append(normalize(weighted) * np.float32(np.sqrt(weight)))
        return sp.hstack(parts, format="csr", dtype=np.float32)

    def _assign(self, rows: range) -> dict[str, str]:
        days = np.array([-1 if it.day is None else it.day for it in self.items], dtype=np.int64)
        dated = np.flatnonzero(days >= 0)
        by_day = dated[np.argsort(days[dated], kind="stable")]
        sorted_days = days[by_day]
        neighbours = _nearest(self.vectors, rows, undated=np.flatnonzero(days < 0))
        number: dict[str, int] = {}
        label = np.full(len(self.items), -1, dtype=np.int64)
        for n, story in enumerate(self.story):
            if story:
                label[n] = number.setdefault(story, len(number))
        ids = list(number)
        members: list[list[int]] = [[] for _ in ids]
        for n in np.flatnonzero(label >= 0):
            members[label[n]].append(int(n))
        taken = set(ids)
        out: dict[str, str] = {}
        for row in rows:
            day = int(days[row])
            candidates = list(neighbours.get(row, ()))
            if day >= 0:
                lo = np.searchsorted(sorted_days, day - WINDOW_DAYS, side="left")
                hi = np.searchsorted(sorted_days, day + WINDOW_DAYS, side="right")
                candidates += [int(r) for r in by_day[lo:hi] if r < row]
            stories = np.unique(label[candidates]) if candidates else np.array([], dtype=np.int64)
            stories = stories[stories >= 0]
            best = -1
            if len(stories):
                every = np.concatenate([members[s] for s in stories])
                likeness = self.vectors[every] @ self.vectors[row].toarray().ravel()  # sparse @ dense vector
                mean = np.bincount(label[every], weights=likeness)[stories] / np.bincount(label[every])[stories]
                best_score = -1.0
                for story, score in zip(stories, mean, strict=True):
                    threshold = UNDATED_THRESHOLD
                    if day >= 0:
                        story_days = days[members[story]]
                        story_days = story_days[story_days >= 0]
                        if len(story_days):
                            if np.abs(story_days - day).min() > WINDOW_DAYS:
                                continue
                            threshold = DATED_THRESHOLD
                    if score >= threshold and score > best_score:
                        best, best_score = int(story), float(score)
            if best < 0:
                ids.append(_new_id(self.items[row].key, taken))
                taken.add(ids[-1])
                members.append([])
                best = len(ids) - 1
            label[row] = best
            members[best].append(row)
            self.story[row] = ids[best]
            out[self.items[row].key] = ids[best]
        return out


def _raw(items: Sequence[Item]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    return _WORDS.transform([it.text for it in items]), _NAMES.transform([list(it.names) for it in items])


def _strongest(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row's `keep` largest weights (the others set to zero)."""
    matrix = matrix.tocsr()
    for n in range(matrix.shape[0]):
        start, end = matrix.indptr[n], matrix.indptr[n + 1]
        if end - start > keep:
            row = matrix.data[start:end]
            row[np.argsort(row)[: end - start - keep]] = 0
    matrix.eliminate_zeros()
    return matrix


def _nearest(vectors: sp.csr_matrix, rows: range, undated: np.ndarray) -> dict[int, list[int]]:
    """Beyond the date window: each row's NEIGHBOURS nearest rows before it in the pass
    (cosine), among every row for an undated article and among the undated rows for a dated
    one (a story of undated articles has no date window to be found in)."""
    if len(rows) == 0 or vectors.shape[0] < 2:
        return {}
    out: dict[int, list[int]] = {}
    undated_set = set(int(u) for u in undated)
    for pool, queries in ((np.arange(vectors.shape[0]), [r for r in rows if r in undated_set]),
                          (undated, [r for r in rows if r not in undated_set])):
        if not queries or len(pool) < 1:
            continue
        k = min(NEIGHBOURS + 1, len(pool))
        search = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(vectors[pool])
        found = search.kneighbors(vectors[queries], return_distance=False)
        for row, near in zip(queries, found, strict=True):
            out[row] = [int(pool[n]) for n in near if pool[n] < row]
    return out


def _new_id(key: str, taken: set[str]) -> str:
    """From the founding article's id: the same article founds the same story id on any machine."""
    base = "s-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    story, n = base, 1
    while story in taken:
        n += 1
        story = f"{base}-{n}"
    return story


def _keep_ids(index: Index, old: dict[str, str]) -> dict[str, str]:
    """After a regroup: a new story takes the old id that more than half of its articles had,
    if that old story also had more than half of its articles land here."""
    old_sizes = Counter(old.values())
    members = index.members()
    rename: dict[str, str] = {}
    used: set[str] = set()
    for story, rows in sorted(members.items(), key=lambda kv: -len(kv[1])):
        counts = Counter(old.get(index.items[r].key, "") for r in rows)
        counts.pop("", None)
        if not counts:
            continue
        previous, count = counts.most_common(1)[0]
        if count * 2 > len(rows) and count * 2 > old_sizes[previous] and previous not in used:
            rename[story] = previous
            used.add(previous)
    clash = {s for s in members if s not in rename and s in used}
    for story in clash:  # a fresh id that happens to equal a kept one
        rename[story] = _new_id(story + "~", used | set(members))
        used.add(rename[story])
    index.story = [rename.get(s, s) for s in index.story]
    return {it.key: s for it, s in zip(index.items, index.story, strict=True)}
