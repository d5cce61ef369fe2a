"""Loaded and intensifying language: what to flag, how to neutralise it, and the
briefing's language notes.

A curated word list rather than a sentiment model: every entry carries the
reason it is loaded and a neutral replacement, so a reader can check our
judgement in the Language notes instead of trusting a score. Both backends
publish these notes (the LLM backend adds verified notes of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Article, LanguageNote
from ..text import quoted_spans

STOPWORDS = frozenset(
    ["the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "it", "its", "their", "his", "her", "they", "he", "she", "we", "you", "i", "which", "who", "will", "would", "also", "not", "than", "into", "about", "after", "over", "said", "says"]
)
"""Function words: never the noun an adjective qualifies, never a topic word."""


@dataclass(frozen=True)
class LoadedTerm:
    pattern: str
    """Regex over words; matched case-insensitively on word boundaries."""
    kind: str
    """certainty | intensifier | evaluative | label"""
    replacement: str | None
    """Neutral wording ("" = drop the word); None = flag only, never rewritten."""


_TERMS: tuple[LoadedTerm, ...] = (
    # Certainty markers: the article vouches for a claim instead of sourcing it.
    *(LoadedTerm(p, "certainty", "") for p in (
        "undoubtedly", "undeniably", "unquestionably", "indisputably", "without (?:a )?doubt",
        "beyond (?:any )?doubt", "no doubt", "clearly", "obviously", "of course", "certainly",
        "surely", "evidently", "needless to say", "everyone knows",
    )),
    # Intensifiers: words that add force, not information.
    *(LoadedTerm(p, "intensifier", "") for p in (
        "doggedly", "tirelessly", "relentlessly", "fiercely", "boldly", "heroically",
        "bravely", "courageously", "desperately", "shamelessly", "blatantly", "brazenly",
        "utterly", "incredibly", "extremely", "truly", "unmistakable", "unmistakably",
        "unwavering", "unwaveringly", "steadfast", "steadfastly", "unshakeable", "unshakable",
        "ironclad", "rock-solid", "staunch", "staunchly", "overwhelming", "overwhelmingly",
        "countless", "massive", "stunning", "shocking", "dramatic", "dramatically",
        "historic", "unprecedented", "once again",
    )),
    # Evaluative words: the article judges where it should report.
    LoadedTerm("greatest", "evaluative", ""),
    LoadedTerm("closest", "evaluative", ""),
    LoadedTerm("best friend", "evaluative", "ally"),
    LoadedTerm("in (?:its|their|his|her) hour of need", "evaluative", ""),
    LoadedTerm("hour of need", "evaluative", None),
    *(LoadedTerm(p, "evaluative", None) for p in (
        "brutal", "barbaric", "savage", "heinous", "evil", "cowardly", "vile", "monstrous",
        "disgraceful", "outrageous", "reckless", "heroic", "brave", "noble", "glorious",
        "righteous", "atrocious", "sinister", "notorious", "infamous",
    )),
    *(LoadedTerm(p, "evaluative", "") for p in (
        "shockingly", "astonishingly", "alarmingly", "appallingly", "outrageously",
        "disgracefully", "scandalously", "sadly", "thankfully", "mercifully",
    )),
    # Labels that take a side; a neutral report attributes them to whoever uses them.
    LoadedTerm("regime", "label", "government"),
    LoadedTerm("thugs", "label", "people"),
    LoadedTerm("slaughter(?:ed)?", "label", "killing"),
    LoadedTerm("massacre(?:d)?", "label", None),
    LoadedTerm("terrorists?", "label", None),
    LoadedTerm("propaganda", "label", "statements"),
    LoadedTerm("so-called", "label", ""),
    LoadedTerm("giveaway", "label", None),
    LoadedTerm("whatever it takes", "label", "what it considers necessary"),
)

_ADVICE = {
    "certainty": "certainty marker with no source; omit it or say who is certain",
    "intensifier": "intensifier that adds force, not information; omit it",
    "evaluative": "evaluative wording; report what happened, not how good or bad it is",
    "label": "loaded label; attribute it to whoever uses it",
}


@dataclass(frozen=True)
class Finding:
    term: str
    """The words as they stand in the sentence."""
    start: int
    end: int
    entry: LoadedTerm

    @property
    def suggestion(self) -> str:
        entry = self.entry
        if entry.replacement:
            return f"use '{entry.replacement}' ({_ADVICE[entry.kind]})"
        return _ADVICE[entry.kind]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], LoadedTerm]]:
    # Longer patterns first, so "in its hour of need" wins over "hour of need".
    ordered = sorted(_TERMS, key=lambda t: len(t.pattern), reverse=True)
    return [(re.compile(rf"(?<![\w-]){t.pattern}(?![\w-])", re.IGNORECASE), t) for t in ordered]


@lru_cache(maxsize=4096)
def find_loaded(sentence: str) -> tuple[Finding, ...]:
    """Non-overlapping loaded terms in `sentence`, in reading order (cached: every
    stage asks about the same sentences)."""
    taken: list[Finding] = []
    for pattern, entry in _compiled():
        for match in pattern.finditer(sentence):
            if any(match.start() < f.end and f.start < match.end() for f in taken):
                continue
            taken.append(Finding(match.group(0), match.start(), match.end(), entry))
    return tuple(sorted(taken, key=lambda f: f.start))


def has_unrewritable(sentence: str) -> bool:
    """True if neutralising would leave loaded wording in place (flag-only or quoted)."""
    return any(
        f.entry.replacement is None or in_quotation(sentence, f) for f in find_loaded(sentence)
    )


def in_quotation(sentence: str, finding: Finding) -> bool:
    """Words inside quotation marks are the speaker's; we note them but never rewrite them."""
    return any(a <= finding.start and finding.end <= b for a, b in quoted_spans(sentence))


def neutralise(sentence: str) -> str:
    """Drop or replace loaded words outside quotations, then repair spacing and articles."""
    out = sentence
    for finding in reversed(find_loaded(sentence)):
        replacement = finding.entry.replacement
        if replacement is None or in_quotation(sentence, finding):
            continue
        if replacement and finding.term[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        out = out[: finding.start] + replacement + out[finding.end :]
    return _tidy(out, capitalise=sentence[:1].isupper())


def _tidy(text: str, capitalise: bool) -> str:
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)          # space before punctuation
    text = re.sub(r",\s*(?=[,.;:!?])", "", text)            # comma left before punctuation
    text = re.sub(r"(^|[.!?]\s+),\s*", r"\1", text)         # comma left at a sentence start
    text = re.sub(r"\b(has|have|had|is|are|was|were|a|an|the|its|their|his|her|our)\s*,\s*", r"\1 ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = re.sub(r"\b([Aa])n? (?=[aeiouAEIOU])", r"\1n ", text)
    text = re.sub(r"\b([Aa])n (?=[^aeiouAEIOU\W])", r"\1 ", text)
    if capitalise and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def language_notes(article: Article) -> list[LanguageNote]:
    """Every loaded term of the article, once per sentence, with advice."""
    notes, seen = [], set()
    for sentence in article.sentences:
        for finding in find_loaded(sentence):
            key = (finding.term.lower(), sentence)
            if key in seen:
                continue
            seen.add(key)
            suggestion = finding.suggestion
            if in_quotation(sentence, finding):
                suggestion += " (inside a quotation: the speaker's words, kept as quoted)"
            notes.append(LanguageNote(term=_with_noun(sentence, finding.term, finding.end),
                                      sentence=sentence, suggestion=suggestion))
    return notes


def _with_noun(sentence: str, term: str, end: int) -> str:
    """'greatest' -> 'greatest ally': an adjective is judged together with what it qualifies."""
    if term.lower().endswith("ly") or " " in term:
        return term
    match = re.match(r"\s+([a-z][a-z\-]+)", sentence[end:])
    if match and match.group(1) not in STOPWORDS:
        return f"{term} {match.group(1)}"
    return term


def lexicon_words() -> frozenset[str]:
    """The single words the lexicon knows, without their context rules (a baseline)."""
    return frozenset(t.pattern.lower() for t in _TERMS if re.fullmatch(r"[a-z\-]+", t.pattern))
