"""Open questions: what a careful reader would ask that the article leaves open.

Each rule looks for one kind of gap — a claim with no source, an unnamed
source, a vague number, an actor who never gets to speak, a loose timeline —
and asks about it in the article's own words, so every question is specific.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import NO_ACTION, Actor, Article, OpenQuestion
from .attribution import has_quote, unnamed_source
from .gazetteer import TIME_WORDS
from .lexicon import Finding

_VAGUE = re.compile(
    r"\b(?:tens of thousands|thousands|hundreds|dozens|millions|scores|countless|"
    r"large (?:numbers|quantities|amounts)|a (?:large )?number|several|numerous)\s+of\s+"
    r"([\w\-]+(?:\s+(?:and\s+)?[\w\-]+){0,5})",
    re.IGNORECASE,
)
_SUPERLATIVE = re.compile(
    r"\b(?:one of the\s+)?(?:largest|biggest|greatest|highest|lowest|worst|best|most \w+|"
    r"fastest|deadliest|strongest)\b[^,.;]*",
    re.IGNORECASE,
)
_ABSENT_VOICES = re.compile(
    r"\b(critics|opponents|opposition|protesters|residents|civilians|rights groups|"
    r"analysts|experts|observers|skeptics|sceptics)\b[^,.;]*",
    re.IGNORECASE,
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELATIVE = re.compile(r"\b(?:yesterday|today|tomorrow|last week|this week|next week|within days|recently)\b", re.IGNORECASE)


Speakers = list["str | None"]
"""Per sentence of the article: who speaks in it (see `actors.find_cast`)."""


def open_questions(
    article: Article, actors: list[Actor], who: Speakers, loaded: list[list[Finding]],
    known: list[list[Finding]] | None = None, limit: int = 8,
) -> list[OpenQuestion]:
    """One pass per rule, interleaved so no single kind of gap crowds out the rest.
    `loaded` is what the notes show per sentence; `known`, every term the word lists know
    there (a lone "clearly" is not noted, but it still vouches without a source)."""
    rules: list[Callable[[Article, list[Actor], Speakers], list[OpenQuestion]]] = [
        _unnamed_sources, _vague_numbers, _missing_voices, _timeline, _superlatives,
    ]
    per_rule = [_unsourced_assertions(article, who, loaded, known or loaded)] + [rule(article, actors, who) for rule in rules]
    questions: list[OpenQuestion] = []
    seen: set[str] = set()
    for depth in range(max((len(q) for q in per_rule), default=0)):
        for found in per_rule:
            if depth < len(found) and found[depth].question not in seen:
                seen.add(found[depth].question)
                questions.append(found[depth])
    return questions[:limit]


def _excerpt(text: str, words: int = 14) -> str:
    parts = text.strip(" ,.;:").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


_JUDGING = frozenset({"certainty marker", "evaluative adjective", "pejorative label", "unsupported superlative"})


def _unsourced_assertions(article: Article, who: Speakers, loaded: list[list[Finding]],
                          known: list[list[Finding]]) -> list[OpenQuestion]:
    found = []
    for sentence, source, noted, every in zip(article.sentences, who, loaded, known, strict=True):
        judged = [f for f in noted if f.kind in _JUDGING and not f.in_quote]
        judged += [f for f in every if f.kind == "certainty marker" and not f.in_quote and f not in judged]
        if judged and source is None:
            terms = ", ".join(f"\u201c{f.term}\u201d" for f in judged)
            found.append(OpenQuestion(
                f"Who, besides the article itself, supports the statement \"{_excerpt(sentence)}\"? "
                f"It is made without a source and framed with {terms}.",
                sentence,
            ))
    return found


def _unnamed_sources(article: Article, actors: list[Actor], who: Speakers) -> list[OpenQuestion]:
    found = []
    for sentence in article.sentences:
        source = unnamed_source(sentence)
        if source:
            found.append(OpenQuestion(
                f"Which {source} are behind \"{_excerpt(sentence)}\"? "
                "The article does not name them or say where they work.",
                sentence,
            ))
    return found


def _vague_numbers(article: Article, actors: list[Actor], who: Speakers) -> list[OpenQuestion]:
    found = []
    for sentence in article.sentences:
        for match in _VAGUE.finditer(sentence):
            what = _noun_phrase(match.group(1))
            phrase = match.group(0)[: match.start(1) - match.start(0)] + what
            found.append(OpenQuestion(
                f"How many {what} exactly? The article says "
                f"\"{phrase}\" but gives no figure or source for it.",
                sentence,
            ))
    return found


_PHRASE_END = frozenset(
    ["say", "says", "said", "have", "has", "had", "are", "were", "is", "was", "will", "would", "could", "to", "for", "from", "in", "on", "at", "that", "which", "who", "since", "because", "after", "before", "as", "by", "with"]
)


def _noun_phrase(words: str) -> str:
    """'local businesses say they have lost' -> 'local businesses'."""
    kept = []
    for word in words.split():
        if word.lower() in _PHRASE_END:
            break
        kept.append(word)
    return " ".join(kept) or words.split()[0]


def _missing_voices(article: Article, actors: list[Actor], who: Speakers) -> list[OpenQuestion]:
    named = set(who)
    rank = {"group": 0, "state": 1, "organisation": 2}
    silent = sorted(
        (a for a in actors if a.name not in named and a.type in rank and a.role.endswith(NO_ACTION)),
        key=lambda a: rank[a.type],
    )[:3]
    found = []
    if silent and named - {None}:
        names = _and_list([a.name for a in silent])
        verb, them = ("does", "it") if len(silent) == 1 else ("do", "them")
        found.append(OpenQuestion(
            f"What {verb} {names} say? The article mentions {them} but includes no statement "
            f"or response from {them}.",
            names,
        ))
    for sentence in article.sentences:
        match = _ABSENT_VOICES.search(sentence)
        if match and not has_quote(sentence) and not _heard(match.group(1), article, who):
            found.append(OpenQuestion(
                f"Which {match.group(1).lower()} did the article approach? It says "
                f"\"{_excerpt(match.group(0))}\" but quotes none of them.",
                sentence,
            ))
    return found


def _heard(kind: str, article: Article, who: Speakers) -> bool:
    """Does the article let any of these voices speak ("an analyst at X said", a speaker
    "unnamed analysts")? Then asking which of them it quotes would be false."""
    stem = kind.lower().rstrip("s")[: max(4, len(kind) - 2)]
    return any(source is not None and (stem in sentence.lower() or stem in source.lower())
               for sentence, source in zip(article.sentences, who, strict=True))


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


_FUTURE = re.compile(r"\b(?:will|is expected to|are expected to|is set to|within days|soon)\b", re.IGNORECASE)
_DONE = re.compile(r"\b(?:landed|arrived|delivered|began|started|completed|reached)\b", re.IGNORECASE)
_STOP = frozenset(["about", "after", "again", "being", "their", "there", "these", "those", "which", "while", "where", "would", "could", "should", "other"])


def _timeline(article: Article, actors: list[Actor], who: Speakers) -> list[OpenQuestion]:
    days = []
    for sentence in article.sentences:
        for day in _WEEKDAYS:
            if re.search(rf"\b{day}\b", sentence) and day not in days:
                days.append(day)
    found = []
    if len(days) >= 2:
        listed = ", ".join(days[:-1]) + f" and {days[-1]}"
        dated = f" (the article is dated {article.date})" if article.date else ""
        found.append(OpenQuestion(
            f"On which dates did the events happen? The article refers to {listed} "
            f"without calendar dates{dated}, so the order of events cannot be checked.",
            ", ".join(days),
        ))
    relative = [s for s in article.sentences if _RELATIVE.search(s)]
    found.extend(_tense_conflicts(article))
    if not article.date and (relative or days):
        found.append(OpenQuestion(
            "When was this written? The article uses relative dates "
            f"(\"{_excerpt((relative or [days[0]])[0], 8)}\") but carries no publication date.",
            "publication date",
        ))
    return found


def _tense_conflicts(article: Article) -> list[OpenQuestion]:
    """The same thing described as still to come in one sentence and as done in another."""
    def nouns(sentence: str) -> set[str]:
        return {w for w in re.findall(r"\b[a-z]{5,}\b", sentence) if w not in _STOP}

    future = [s for s in article.sentences if _FUTURE.search(s)]
    done = [s for s in article.sentences if _DONE.search(s)]
    for later in future:
        for earlier in done:
            shared = sorted(nouns(later) & nouns(earlier) - {"expected"})
            if later != earlier and shared:
                return [OpenQuestion(
                    f"Is the {shared[0]} still to come or already under way? The article says "
                    f"\"{_excerpt(later)}\" but also \"{_excerpt(earlier)}\".",
                    later,
                )]
    return []


def _superlatives(article: Article, actors: list[Actor], who: Speakers) -> list[OpenQuestion]:
    found = []
    for sentence, source in zip(article.sentences, who, strict=True):
        if source is not None and not unnamed_source(sentence):
            continue
        for match in _SUPERLATIVE.finditer(sentence):
            phrase = match.group(0).strip()
            if len(phrase.split()) < 3 or any(w.lower() in TIME_WORDS for w in phrase.split()):
                continue
            found.append(OpenQuestion(
                f"By what measure is it \"{_excerpt(phrase)}\", and compared with what? "
                "The article gives no figures for the comparison.",
                sentence,
            ))
    return found
