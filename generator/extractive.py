"""The offline backend: every field of a `Briefing` from the article's own sentences.

No model and no network. Claims are whole source sentences (so evidence is
exact by construction); the summary reuses the most central sentences,
neutralised and attributed to the article.
"""

from __future__ import annotations

import re
from collections import Counter

from .actors import find_actors
from .attribution import NO_SOURCE, has_figure, has_quote, speakers
from .gazetteer import TITLE_WORDS
from .lexicon import find_loaded, has_unrewritable, in_quotation, neutralise
from .model import Actor, Article, BackendInfo, Briefing, Claim, ClaimKind, LanguageNote, source_info
from .questions import open_questions

VERSION = "extractive-1"
_LOWERCASE_STARTS = frozenset(
    "the a an this that these those it its in on at as after before during while some many "
    "most several critics officials analysts experts there here since".split()
)
_WORD = re.compile(r"[a-z][a-z'\-]+")
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had "
    "that this it its their his her they he she we you i which who will would also not than into "
    "about after over said says".split()
)


class ExtractiveBackend:
    """Rule-based analysis; the default when no LLM endpoint is configured."""

    name = "extractive"
    model = ""

    def __init__(self, summary_sentences: int = 3, max_claims: int = 15) -> None:
        self.summary_sentences = summary_sentences
        self.max_claims = max_claims

    def settings_key(self) -> str:
        return f"{VERSION}:{self.summary_sentences}:{self.max_claims}"

    def analyse(self, article: Article) -> Briefing:
        actors = find_actors(article.sentences)
        who = speakers(article.sentences, actors)
        return Briefing(
            title=article.title,
            summary=summarise(article, actors, who, self.summary_sentences),
            actors=actors,
            claims=extract_claims(article, actors, who, self.max_claims),
            open_questions=open_questions(article, actors, who),
            language_notes=language_notes(article),
            source=source_info(article),
            backend=BackendInfo(name=self.name, model=VERSION),
        )


def summarise(article: Article, actors: list[Actor], who: dict[str, str | None], count: int = 3) -> list[str]:
    """The most central sentences, neutralised and attributed, plus a line on sourcing."""
    chosen = sorted(_central(article, actors)[:count])
    proper = _proper_words(article, actors)
    summary = []
    for n, index in enumerate(chosen):
        lead = "The article reports that" if n == 0 else "It also reports that"
        if n == 0 and article.source:
            lead = f"The article, published by {article.source}, reports that"
        summary.append(f"{lead} {_lower_first(neutralise(article.sentences[index]), proper)}")
    summary.append(_sourcing_line([who[s] for s in article.sentences]))
    return summary


def _central(article: Article, actors: list[Actor]) -> list[int]:
    """Sentence indexes, best first: shared vocabulary with the rest, actors, position."""
    sentences = article.sentences
    bags = [Counter(w for w in _WORD.findall(s.lower()) if w not in _STOPWORDS) for s in sentences]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(set(bag))
    title_words = set(_WORD.findall(article.title.lower())) - _STOPWORDS
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
    starts_a_name = bare in TITLE_WORDS or rest[:1].isupper()  # "President Joe Biden", "Defense Secretary"
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


def extract_claims(
    article: Article, actors: list[Actor], who: dict[str, str | None], limit: int = 15
) -> list[Claim]:
    """A sentence is a claim when it involves an actor, a source, a figure or loaded wording."""
    forms = [f for a in actors for f in {a.name, a.name.split()[-1]}]
    claims = []
    for sentence in article.sentences:
        source = who[sentence]
        figure = has_figure(sentence)
        if not (source or figure or any(f in sentence for f in forms) or find_loaded(sentence)):
            continue
        kind: ClaimKind
        if has_quote(sentence):
            kind = "quote"
        elif source:
            kind = "attributed"
        elif figure:
            kind = "figure"
        else:
            kind = "assertion"
        claims.append(Claim(
            text=neutralise(sentence),
            attributed_to=source or NO_SOURCE,
            evidence=sentence,
            kind=kind,
        ))
    return claims[:limit]


def language_notes(article: Article) -> list[LanguageNote]:
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
            notes.append(LanguageNote(term=_with_noun(sentence, finding.term, finding.end), sentence=sentence, suggestion=suggestion))
    return notes


def _with_noun(sentence: str, term: str, end: int) -> str:
    """'greatest' -> 'greatest ally': an adjective is judged together with what it qualifies."""
    if term.lower().endswith("ly") or " " in term:
        return term
    match = re.match(r"\s+([a-z][a-z\-]+)", sentence[end:])
    if match and match.group(1) not in _STOPWORDS:
        return f"{term} {match.group(1)}"
    return term
