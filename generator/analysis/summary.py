"""The summary: the article's most central sentences, neutralised and attributed.

Extractive on purpose: every summary sentence is a source sentence with
loaded words removed, so the summary can say nothing the article does not.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Actor, Article
from .attribution import has_quote
from .gazetteer import TITLE_WORDS
from .lexicon import STOPWORDS, find_loaded, has_unrewritable, neutralise

_LOWERCASE_STARTS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "it", "its", "in", "on", "at", "as", "after", "before", "during", "while", "some", "many", "most", "several", "critics", "officials", "analysts", "experts", "there", "here", "since"]
)
_WORD = re.compile(r"[a-z][a-z'\-]+")


def summarise(article: Article, actors: list[Actor], who: list[str | None], count: int = 3) -> list[str]:
    """The most central sentences, neutralised and attributed, plus a line on sourcing."""
    chosen = sorted(_central(article, actors)[:count])
    proper = _proper_words(article, actors)
    summary = []
    for n, index in enumerate(chosen):
        lead = "The article reports that" if n == 0 else "It also reports that"
        if n == 0 and article.source:
            lead = f"The article, published by {article.source}, reports that"
        summary.append(f"{lead} {_lower_first(neutralise(article.sentences[index]), proper)}")
    summary.append(_sourcing_line(who))
    return summary


def _central(article: Article, actors: list[Actor]) -> list[int]:
    """Sentence indexes, best first: shared vocabulary with the rest, actors, position."""
    sentences = article.sentences
    bags = [Counter(w for w in _WORD.findall(s.lower()) if w not in STOPWORDS) for s in sentences]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(set(bag))
    title_words = set(_WORD.findall(article.title.lower())) - STOPWORDS
    names = [a.name.split()[-1] for a in actors]

    def score(i: int) -> float:
        bag = bags[i]
        if not bag or has_quote(sentences[i]) or has_unrewritable(sentences[i]):
            return -1.0
        shared = sum(total[w] - 1 for w in bag) / (len(bag) ** 0.5)
        people = sum(1 for n in names if n in sentences[i])
        score = shared + 1.5 * people + 2 * len(title_words & set(bag)) + 3.0 / (i + 1)
        # Sentences that vouch or judge are the article's opinion, not its news.
        judged = sum(1 for f in find_loaded(sentences[i]) if f.entry.kind in {"certainty", "evaluative"})
        return score / (1 + judged)

    return sorted(range(len(sentences)), key=score, reverse=True)


def _proper_words(article: Article, actors: list[Actor]) -> set[str]:
    """Words the article capitalises mid-sentence: names, which keep their capital."""
    words = {w for a in actors for w in a.name.split()}
    for sentence in article.sentences:
        words.update(re.findall(r"(?<=[\w,;] )[A-Z][\w'’\-]*", sentence))
    return words


def _lower_first(sentence: str, proper: set[str]) -> str:
    first, _, rest = sentence.partition(" ")
    bare = re.sub(r"['’]s$", "", first.strip('"“'))
    starts_a_name = bare.lower() in TITLE_WORDS or rest[:1].isupper()  # "President Joe Biden", "Defense Secretary"
    if first.lower() in _LOWERCASE_STARTS or not (
        bare in proper or bare == "I" or bare.isupper() or starts_a_name
    ):
        return first[:1].lower() + first[1:] + sentence[len(first):]
    return sentence


def _sourcing_line(sources: list[str | None]) -> str:
    named = sorted({s for s in sources if s and not s.startswith("unnamed")})
    unnamed = sum(1 for s in sources if s and s.startswith("unnamed"))
    unsourced = sum(1 for s in sources if s is None)
    parts = [f"{len(sources)} sentences"]
    if named:
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"
        parts.append(f"statements attributed to {listed}")
    else:
        parts.append("no named sources")
    if unnamed:
        parts.append(f"{unnamed} attributed to unnamed sources")
    parts.append(f"{unsourced} with no source")
    return "The article contains " + "; ".join(parts) + "."


_ATTRIBUTION = re.compile(r"^(?:The article(?:, published by [^,]+,)? reports that|It also reports that)\s+")


def without_attribution(summary: list[str]) -> list[str]:
    """The summary's sentences without our fixed attribution wording and sourcing line:
    what the summary says of the news itself (what ROUGE should compare)."""
    out = []
    for sentence in summary:
        if sentence.startswith("The article contains "):
            continue
        bare = _ATTRIBUTION.sub("", sentence)
        out.append(bare[:1].upper() + bare[1:])
    return out
