"""One story's articles side by side: what all report, what one does, where they differ.

Made from the briefings alone (their claims, speakers, actors, notes), after the
grouping, and written as data (`stories/<id>.json` in the output folder) that the
site renders: the comparison is the product's, the page only shows it.

The matrix compares every claim the ledger keeps (the key ones cover too few of the
facts outlets share), by likeness: the cosine of their words (TF-IDF over the story's
claims), a little more when the speaker is the same or they give a figure for the same
thing. Outlets word one fact differently, so likeness between the right claims is often
low; what is reliable is that two claims are each other's best match between two
articles. Rows start from such pairs (see `_rows`); each row holds at most one claim per
article. A row's cells **conflict** only on something checkable: two figures for the
same thing that no rounding reconciles, two different dates for the same event, the
same quotation credited to two people, or opposite outcomes (approved / rejected).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Briefing, Claim, Quantity

if TYPE_CHECKING:
    import numpy as np

MATCH = 0.40
"""Likeness two claims of different articles, each the other's best match, need to start a row."""
JOIN = 0.15
"""Likeness to both claims that start a row a third article's claim needs to join it."""
REUSE = 0.5
"""How like a second row a claim already in one must be (a share of its likeness in the first)."""
SPLIT = 0.8
"""How like both claims of a sure pair a third article's runner-up claim must be (a share of
the chosen claim's likeness, and at least JOIN) to stand with them in a row of its own."""
PAIR = 0.30
"""Likeness two claims, each the other's best match, need to share a row of their own (some)."""
SAME_SPEAKER = 0.10
SHARED_NUMBER = 0.15
NEAR = 0.25
"""How far apart (a share of the larger) two figures may be and still count one thing."""
OPPOSITES = (("approve", "reject"), ("accept", "reject"), ("accept", "refuse"), ("win", "lose"), ("pass", "fail"),
             ("confirm", "deny"), ("rise", "fall"), ("increase", "decrease"), ("grant", "deny"), ("allow", "ban"),
             ("support", "oppose"), ("convict", "acquit"), ("open", "close"), ("raise", "cut"))
"""Outcomes that cannot both be true of one event: a curated list of news verbs (lemmas)."""
_OPPOSITE = {a: b for a, b in OPPOSITES} | {b: a for a, b in OPPOSITES}
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]{8,})[\"\u201c\u201d]")


@dataclass
class Cell:
    slug: str
    outlet: str
    claim: str
    """Our proposition of the claim in that article."""
    speaker: str
    kind: str
    sentences: list[int]
    """0-based indices of its evidence in that article (the page links `#s-<i+1>`)."""


@dataclass
class Conflict:
    kind: str
    """number | date | speaker | outcome"""
    note: str
    """What differs, in our words: each outlet's value."""
    slugs: list[str] = field(default_factory=list)
    """The articles whose cells differ (the row's other cells may agree with either)."""


@dataclass
class Row:
    claim: str
    reach: str
    """all (every article of the story), some, or one."""
    cells: list[Cell]
    conflict: Conflict | None = None
    dates: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    slug: str
    outlet: str
    title: str
    """The outlet's own headline ("" when it gave none)."""
    headline: str
    """Ours."""
    date: str
    url: str
    loaded: list[str]
    """Loaded wording this outlet used (its language notes' terms, the key ones first)."""


@dataclass
class Voice:
    name: str
    outlets: list[str]
    slugs: list[str]
    statements: int
    only_one: bool


@dataclass
class Presence:
    name: str
    type: str
    present: list[str]
    absent: list[str]
    """Slugs of the articles that include / leave out this actor."""


@dataclass
class Dated:
    date: str
    claim: str
    slugs: list[str]


@dataclass
class StoryView:
    id: str
    headline: str
    first: str
    last: str
    coverage: list[Coverage]
    matrix: list[Row]
    voices: list[Voice]
    actors: list[Presence]
    timeline: list[Dated]
    why: dict[str, list[str]]
    """Shared actors, places and terms: what put these articles together."""
    new: dict[str, object] = field(default_factory=dict)
    """Articles and claims added since the story's previous build (see `book`)."""
    common_ground: str = ""
    """An LLM paragraph written only from the rows all articles report (optional)."""


def view_from_dict(data: dict) -> StoryView:
    """A story's comparison from its JSON (`stories/<id>.json`), validated; raises ValueError."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(StoryView).validate_python(data)
    except ValidationError as exc:
        raise ValueError(f"not a story comparison ({exc.error_count()} problem(s))") from None


def outlet_of(b: Briefing) -> str:
    from urllib.parse import urlsplit

    return b.source.publisher or urlsplit(b.source.url).netloc or "unnamed outlet"


def compare(story: str, headline: str, members: Sequence[tuple[str, Briefing]],
            rarity: Callable[[str], float] = lambda term: 0.0) -> StoryView:
    """`members`: (slug, briefing), oldest first; `rarity(term)`: how rare a word or word pair
    is across the archive (the grouping's IDF), to say which shared terms tell."""
    slugs = [s for s, _ in members]
    matrix = _matrix(members)
    dates = sorted(d for b in (b for _, b in members) if (d := b.source.date[:10]))
    return StoryView(
        id=story, headline=headline, first=dates[0] if dates else "", last=dates[-1] if dates else "",
        coverage=[Coverage(s, outlet_of(b), b.source.title, b.headline or b.title, b.source.date, b.source.url,
                           [n.term for n in sorted(b.language_notes, key=lambda n: not n.key)][:8])
                  for s, b in members],
        matrix=matrix,
        voices=_voices(members),
        actors=_presence(members),
        timeline=_timeline(matrix),
        why=_why(members, rarity),
    )


# -- the claims matrix ---------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def _stems(text: str) -> list[str]:
    """Content words by stem (Snowball), numbers as digits: "approved" and "approve",
    "repairs" and "repair", "one-in-three" and "1 in 3" are the same terms when two outlets
    word the same fact differently."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = []
    for w in _TOKEN.findall(text.casefold().replace("\u2019", "'")):
        w = _NUMBER_WORDS.get(w, w).replace(",", "")
        if w[0].isdigit():
            words.append("#" + w)  # not stemmed, never a stop word ("one" is an English stop word)
        elif w not in ENGLISH_STOP_WORDS:
            words.append(w)
    return [w if w.startswith("#") else _stem(w) for w in words]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One word's stem, remembered: the Snowball stemmer is pure Python, and a story's
    articles repeat their words."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _claim_words(claim: Claim) -> str:
    return f"{claim.text} {claim.evidence}"


def _likeness(claims: list[tuple[int, int, Claim]]) -> np.ndarray:
    """Likeness of every two claims: the cosine of their words (TF-IDF over the story's
    claims, stems, numbers as digits), more when the speaker is the same or they give a
    figure for the same thing."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    terms = [_stems(_claim_words(c)) for _, _, c in claims]
    if not any(terms):
        return np.zeros((len(claims), len(claims)))
    vectors = TfidfVectorizer(analyzer=lambda given: given, sublinear_tf=True).fit_transform(terms)
    likeness = (vectors @ vectors.T).toarray()
    speakers = np.array([_person_key(c.attributed_to) for _, _, c in claims])
    likeness += SAME_SPEAKER * ((speakers[:, None] == speakers[None, :]) & (speakers != "")[:, None])
    counted = [i for i, (_, _, c) in enumerate(claims) if c.numbers]
    for n, i in enumerate(counted):
        for j in counted[n + 1:]:
            if _shared_number(claims[i][2], claims[j][2]):
                likeness[i, j] += SHARED_NUMBER
                likeness[j, i] += SHARED_NUMBER
    return likeness


def _rows(article: Sequence[int], likeness: np.ndarray, articles: int) -> list[list[int]]:
    """Claims (indices) that tell one fact, at most one per article.

    A row starts from two claims of two articles that are each other's best match in the
    other article and alike enough (PAIR); when they are alike enough to be sure (MATCH),
    every other article adds the claim most like both of them, if it is like each at least
    JOIN. A claim already in a row may join another one it is about as like (REUSE times its
    likeness in the first): a lead sentence often carries two facts that other outlets tell
    in two sentences, but a claim that merely resembles another row stays in its own. The
    same holds the other way round: when two outlets tell two facts in one sentence each and
    a third tells them apart, that article's second claim about as like both (SPLIT times
    the first's likeness) makes a second row with the same two claims; otherwise no two rows
    hold the same two claims."""
    import numpy as np

    article = np.asarray(article)
    where = [np.flatnonzero(article == a) for a in range(articles)]
    best = np.zeros(likeness.shape, dtype=bool)
    for a in range(articles):
        if len(where[a]):
            others = np.flatnonzero(article != a)
            best[others, where[a][np.argmax(likeness[np.ix_(others, where[a])], axis=1)]] = True
    anchors = np.argwhere(np.triu(best & best.T & (likeness >= PAIR)))
    anchors = anchors[np.argsort(-likeness[anchors[:, 0], anchors[:, 1]], kind="stable")]
    rows: dict[frozenset[int], None] = {}
    home: dict[int, float] = {}
    """Claim -> its likeness in the first row it joined (the weakest of that row's pairs)."""
    together: dict[int, set[int]] = defaultdict(set)
    """Claim -> the claims it shares a row with: no second row holds two of them."""
    for i, j in anchors.tolist():
        if j in together[i]:
            continue
        row, split = [i, j], []
        for a in range(articles if likeness[i, j] >= MATCH else 0):
            if a in (article[i], article[j]) or not len(where[a]):
                continue
            both = np.minimum(likeness[i, where[a]], likeness[j, where[a]])
            both[[z in home and (both[n] < REUSE * home[z] or z in together[i] or z in together[j])
                  for n, z in enumerate(where[a])]] = -1.0
            if both.max() >= JOIN:
                chosen = int(np.argmax(both))
                row.append(int(where[a][chosen]))
                split += [(row[-1], int(where[a][n])) for n in np.flatnonzero(both >= max(JOIN, SPLIT * both[chosen]))
                          if n != chosen]
        for made in [row, *([alt if z == was else z for z in row] for was, alt in split)]:
            for x in made:
                together[x].update(made)
            inside = likeness[np.ix_(made, made)]
            weakest = float(inside[~np.eye(len(made), dtype=bool)].min())
            for z in made:
                home.setdefault(z, weakest)
            rows.setdefault(frozenset(made), None)
    kept = [r for r in rows if not any(r < other for other in rows)]  # a pair inside a fuller row
    return [sorted(r, key=lambda i: article[i]) for r in kept] + [[i] for i in range(len(article)) if i not in home]


def _matrix(members: Sequence[tuple[str, Briefing]]) -> list[Row]:
    claims = [(n, rank, c) for n, (_, b) in enumerate(members) for rank, c in enumerate(b.claims)]
    if not claims:
        return []
    out = []
    for members_of in _rows([n for n, _, _ in claims], _likeness(claims), len(members)):
        cells = [Cell(members[claims[i][0]][0], outlet_of(members[claims[i][0]][1]), claims[i][2].text,
                      claims[i][2].attributed_to, claims[i][2].kind,
                      _evidence_sentences(claims[i][2], members[claims[i][0]][1]))
                 for i in members_of]
        reach = "all" if len(cells) == len(members) else "some" if len(cells) > 1 else "one"
        first = min(members_of, key=lambda i: claims[i][1])
        row = Row(claims[first][2].text, reach, cells,
                  _conflict([claims[i][2] for i in members_of], [c.outlet for c in cells], [c.slug for c in cells]),
                  sorted({d for i in members_of for d in claims[i][2].dates if _iso(d)}))
        out.append((["all", "some", "one"].index(reach), sum(claims[i][1] for i in members_of) / len(members_of), row))
    return [row for _, _, row in sorted(out, key=lambda t: (t[0], t[1]))]


def _evidence_sentences(claim: Claim, briefing: Briefing) -> list[int]:
    """The claim's evidence indices; for briefings that lack them, the sentences its evidence is."""
    if claim.evidence_sentences:
        return list(claim.evidence_sentences)
    sentences = briefing.source.sentences
    return [n for n, s in enumerate(sentences) if s and s in claim.evidence]


def _iso(date: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date))


_CURRENCY = {"$": "USD", "\u00a3": "GBP", "\u20ac": "EUR"}


def _sign(q: Quantity, evidence: str) -> re.Match[str] | None:
    """The currency sign the evidence writes just before a figure read as a plain count
    ("$500,000" read as "500,000")."""
    return None if q.unit else re.search(r"([$\u00a3\u20ac])\s?" + re.escape(q.text.strip()), evidence)


def _unit(q: Quantity, evidence: str) -> str:
    found = _sign(q, evidence)
    return _CURRENCY[found.group(1)] if found else q.unit


def _written(q: Quantity, evidence: str) -> str:
    found = _sign(q, evidence)
    return found.group(0) if found else q.text


def _same_slot(x: Quantity, y: Quantity, ex: str, ey: str) -> bool:
    """Two figures that may count the same thing: the same unit, compatible words for what
    is counted (the same, or one article does not say), and values no more than NEAR apart
    (1.5 and 1.6 million women; not 1 million and 400,000 dollars)."""
    if x.value is None or y.value is None or _unit(x, ex) != _unit(y, ey):
        return False
    if _what(x) and _what(y) and not _what(x) & _what(y):
        return False
    low, high = sorted((abs(x.value), abs(y.value)))
    return high > 0 and low / high >= 1 - NEAR


def _shared_number(a: Claim, b: Claim) -> bool:
    """Both claims give a figure for the same thing: the same value, or a near value that
    counts the same thing (a figure two outlets tell differently is still one fact). Only
    figures that tell (see `_comparable`): "two lower courts" and "two directions" are not
    one fact."""
    return any(_comparable(x) and _comparable(y)
               and (x.value == y.value and _unit(x, a.evidence) == _unit(y, b.evidence)
                    or _same_slot(x, y, a.evidence, b.evidence))
               for x in a.numbers for y in b.numbers)


def _significant(text: str) -> int:
    """Significant digits as written: "1.5 million" 2, "$43,000" 2, "5,687.75" 6."""
    digits = re.sub(r"\D", "", text.split(".")[0]) + (re.sub(r"\D", "", text.split(".")[1]) if "." in text else "")
    if "." not in text:
        digits = digits.rstrip("0")
    return max(1, len(digits.lstrip("0")))


def _consistent(x: Quantity, y: Quantity) -> bool:
    """The same number, or one a rounding of the other: they differ by at most half a unit of
    the rougher one's last significant digit (43,000 and 43,350; 4.2 and 4.25 million)."""
    if x.value is None or y.value is None or x.value == y.value:
        return True
    rough = x if _significant(x.text) <= _significant(y.text) else y
    if not rough.value:
        return False
    unit = 10 ** (math.floor(math.log10(abs(rough.value))) - _significant(rough.text) + 1)
    return abs(x.value - y.value) <= unit / 2 + 1e-9 * abs(rough.value)


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _written_date(date: str, evidence: str) -> bool:
    """An ISO day that the evidence writes out as a date ("June 28", "28 June", "Feb. 20")."""
    found = re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", date)
    if not found or not 1 <= int(found.group(1)) <= 12:
        return False
    month, day = _MONTHS[int(found.group(1)) - 1], str(int(found.group(2)))
    name = rf"(?:{month}|{month[:3]}\.?)"
    return bool(re.search(rf"\b{name}\s+{day}\b|\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\b", evidence, re.IGNORECASE))


def _comparable(q: Quantity) -> bool:
    """A figure two outlets can be said to disagree on: a percentage or an amount of money,
    or a count of 100 or more. Small numbers are too often part of a phrase ("two-in-three
    chance", "one of the") to tell a contradiction from two ways of saying one thing."""
    return q.value is not None and (bool(q.unit) or abs(q.value) >= 100)


def _what(q: Quantity) -> set[str]:
    return {w.lower() for w in _WORD.findall(q.what)} - {"the", "of", "a", "an", "in", "to"}


def _conflict(claims: list[Claim], outlets: list[str], slugs: list[str]) -> Conflict | None:
    if len(claims) < 2:
        return None
    # numbers: one thing counted (the same unit, near values), values no rounding reconciles
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            for x in claims[i].numbers:
                for y in claims[j].numbers:
                    ei, ej = claims[i].evidence, claims[j].evidence
                    if (_comparable(x) and _comparable(y) and _same_slot(x, y, ei, ej) and not _consistent(x, y)
                            and not any(_same_slot(x, z, ei, ej) and _consistent(x, z) for z in claims[j].numbers)
                            and not any(_same_slot(z, y, ei, ej) and _consistent(z, y) for z in claims[i].numbers)):
                        what = x.what or y.what
                        return Conflict("number", f"{outlets[i]}: {_written(x, ei)}; {outlets[j]}: {_written(y, ej)}"
                                                  + (f" ({what})" if what else ""), [slugs[i], slugs[j]])
    # dates: each states one calendar date for the event (written out, not a weekday the analysis
    # resolved against the article's own date), and they differ
    days = [[d for d in c.dates if _written_date(d, c.evidence)] for c in claims]
    if all(len(d) == 1 for d in days) and len({d[0] for d in days}) > 1:
        return Conflict("date", "; ".join(f"{o}: {d[0]}" for o, d in zip(outlets, days, strict=True)), list(slugs))
    # speaker: the same quotation credited to different people
    quotes = [{q.strip().casefold() for q in _QUOTED.findall(c.evidence)} for c in claims]
    people = [_person_key(c.attributed_to) for c in claims]
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            a, b = people[i], people[j]
            if quotes[i] & quotes[j] and a and b and a != b:
                return Conflict("speaker", f"{outlets[i]}: {claims[i].attributed_to}; "
                                           f"{outlets[j]}: {claims[j].attributed_to}", [slugs[i], slugs[j]])
    # outcome: opposite verbs for the same event
    verbs = [c.predicate.lower() for c in claims]
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if _OPPOSITE.get(verbs[i]) == verbs[j]:
                return Conflict("outcome", f"{outlets[i]}: {verbs[i]}; {outlets[j]}: {verbs[j]}", [slugs[i], slugs[j]])
    return None


# -- voices, actors, timeline, why ----------------------------------------------------------

_UNNAMED = ("unnamed", "the article", "an unnamed")


def _person_key(name: str) -> str:
    """A name as the story compares it: case and "the" ignored; "" for no one in particular."""
    name = " ".join(_WORD.findall(name.casefold().replace("\u2019s", "").replace("'s", "")))
    if not name or name.startswith(_UNNAMED):
        return ""
    return name.removeprefix("the ")


def _merged_names(names: Sequence[str]) -> dict[str, str]:
    """Each name's key in the story: a surname alone joins the one full name that ends with it."""
    keys = {n: _person_key(n) for n in names}
    full = [k for k in set(keys.values()) if " " in k]
    by_last: dict[str, set[str]] = defaultdict(set)
    for k in full:
        by_last[k.split()[-1]].add(k)
    return {n: (next(iter(by_last[k])) if " " not in k and len(by_last.get(k, ())) == 1 else k)
            for n, k in keys.items()}


def _voices(members: Sequence[tuple[str, Briefing]]) -> list[Voice]:
    names = [c.speaker for _, b in members for c in b.speakers]
    key = _merged_names(names)
    shown: dict[str, str] = {}
    count: Counter[str] = Counter()
    where: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for slug, b in members:
        for credit in b.speakers:
            k = key[credit.speaker] or credit.speaker.casefold()
            if len(credit.speaker) > len(shown.get(k, "")):
                shown[k] = credit.speaker
            count[k] += 1
            if (slug, outlet_of(b)) not in where[k]:
                where[k].append((slug, outlet_of(b)))
    out = [Voice(shown[k], [o for _, o in where[k]], [s for s, _ in where[k]], count[k],
                 len(where[k]) == 1 and len(members) > 1) for k in where]
    return sorted(out, key=lambda v: (-len(v.slugs), -v.statements, v.name))


def _presence(members: Sequence[tuple[str, Briefing]], key_only: bool = True) -> list[Presence]:
    """Each actor (names merged across the articles) and the articles that include it; with
    `key_only`, only actors that are key in at least one article."""
    names = [a.name for _, b in members for a in b.actors]
    key = _merged_names(names)
    info: dict[str, tuple[str, str]] = {}
    present: dict[str, list[str]] = defaultdict(list)
    important: set[str] = set()
    for slug, b in members:
        for a in b.actors:
            k = key[a.name] or a.name.casefold()
            if len(a.name) > len(info.get(k, ("", ""))[0]):
                info[k] = (a.name, a.type)
            if slug not in present[k]:
                present[k].append(slug)
            if a.key:
                important.add(k)
    slugs = [s for s, _ in members]
    out = [Presence(info[k][0], info[k][1], present[k], [s for s in slugs if s not in present[k]])
           for k in present if k in important or not key_only]
    return sorted(out, key=lambda p: (-len(p.present), p.name))


def _timeline(matrix: list[Row]) -> list[Dated]:
    events = [Dated(d, row.claim, [c.slug for c in row.cells]) for row in matrix for d in row.dates]
    return sorted(events, key=lambda e: e.date)


def _why(members: Sequence[tuple[str, Briefing]], rarity: Callable[[str], float]) -> dict[str, list[str]]:
    from sklearn.feature_extraction.text import CountVectorizer

    shared = [p for p in _presence(members, key_only=False) if len(p.present) > 1]
    actors = [p.name for p in shared if p.type not in ("place", "state")][:8]
    places = [p.name for p in shared if p.type in ("place", "state")][:6]
    texts = [" ".join([b.source.title or b.headline, *b.source.sentences[:8]]) for _, b in members]
    terms: list[str] = []
    if any(_WORD.search(t) for t in texts):
        counts = CountVectorizer(ngram_range=(1, 2), stop_words="english", binary=True).fit(texts)
        matrix = counts.transform(texts)
        spread = matrix.sum(axis=0).A1
        names = {w for a in actors + places for w in a.casefold().split()}
        vocabulary = counts.get_feature_names_out()
        ranked = sorted(((spread[n], rarity(vocabulary[n]), vocabulary[n]) for n in range(len(vocabulary))
                         if spread[n] > 1 and not set(vocabulary[n].split()) & names), reverse=True)
        terms = [term for _, _, term in ranked[:8]]
    return {"actors": actors, "places": places, "terms": terms}
