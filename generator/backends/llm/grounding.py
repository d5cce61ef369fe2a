"""The mechanical checker between an LLM reply and a published briefing.

No model in here, only string tests, so what it lets through can be
explained: every item the LLM proposes must rest on sentences the article
really has, and the words that carry facts (numbers, names, quotations)
must be found in those sentences. Evidence is never taken from the model:
it is copied from the article by sentence id, so it is verbatim by
construction. Whatever fails is dropped and counted, never repaired.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...analysis.lexicon import is_neutral, neutral_wording, neutralise
from ...model import NO_SOURCE, Actor, Analysis, Article, Claim, LanguageNote, OpenQuestion
from ...text import QUOTATION, one_line, quotations
from .prompt import Reply

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")
_NUMBER_WORDS = {
    w: str(n) for n, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])
}
# Capitalised only because they start a sentence or a title; never names.
_COMMON = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "in", "on", "at", "as", "after", "before", "during", "while", "meanwhile", "however", "but", "and", "or", "if", "when", "where", "since", "also", "some", "many", "most", "several", "both", "all", "any", "each", "no", "not", "there", "here", "according", "article", "says", "said", "asserts", "reports", "reported", "states", "stated", "claims", "adds", "added", "notes", "describes", "calls", "who", "whom", "whose", "what", "which", "why", "how", "when", "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "there", "what's", "no", "yes", "other", "another", "such"]
)


@dataclass
class Grounded:
    summary: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    language_notes: list[LanguageNote] = field(default_factory=list)
    dropped: int = 0
    reasons: list[str] = field(default_factory=list)
    """Why each dropped item was dropped, for logs and tests (never published)."""

    def drop(self, what: str, why: str) -> None:
        self.dropped += 1
        self.reasons.append(f"{what}: {why}")


def ground(article: Article, analysis: Analysis, reply: Reply, *, max_summary: int = 5,
           forbidden: Iterable[str] = ()) -> Grounded:
    """Keep only the items of `reply` that the article supports."""
    checker = _Checker(article, [f for f in forbidden if f])
    out = Grounded()

    for n, item in enumerate(reply.summary):
        cited = checker.cited(item.sentence_ids)
        text = neutralise(one_line(item.text))
        why = checker.problem(cited, text)
        if why is None and not is_neutral(text, min_evidence=0):  # the model's words: the strict lists
            why = "keeps loaded wording"
        if why:
            out.drop(f"summary {n}", why)
        elif len(out.summary) < max_summary:
            out.summary.append(text)

    seen: dict[str, Actor] = {}
    for n, actor in enumerate(reply.actors):
        name, role = one_line(actor.name), one_line(actor.role)
        if not name or not checker.in_article(name):
            out.drop(f"actor {n}", "name not in the article")
        elif (why := checker.problem([checker.full], f"{name} {role}")) is not None:
            out.drop(f"actor {n}", f"role {why}")
        elif name.casefold() not in seen:
            seen[name.casefold()] = Actor(name, actor.type, neutral_wording(role),
                                          checker.mentions(name, actor.type))
    out.actors = sorted(seen.values(), key=lambda a: (-a.mentions, a.name))

    for n, claim in enumerate(reply.claims):
        cited = checker.cited(claim.sentence_ids)
        text, source = one_line(claim.text), one_line(claim.attributed_to) or "the article"
        why = checker.problem(cited, f"{text} {source}") or checker.source_problem(cited, source)
        if why:
            out.drop(f"claim {n}", why)
        else:
            if source.lower().startswith("the article"):
                source = NO_SOURCE  # anything after "the article" would be unchecked
            out.claims.append(Claim(neutralise(text), source, article.sentences[claim.sentence_ids[0] - 1],
                                    claim.kind))

    for n, question in enumerate(reply.open_questions):
        text, about = one_line(question.question), one_line(question.about)
        cited = checker.cited(question.sentence_ids) if question.sentence_ids else []
        why = "cites a sentence id the article does not have" if cited is None else (
            checker.problem([checker.full], f"{text} {about}"))
        if why:
            out.drop(f"open question {n}", why)
        else:
            out.open_questions.append(OpenQuestion(neutral_wording(text), about))

    out.language_notes = _notes(article, analysis, reply, checker, out)
    return out


class _Checker:
    def __init__(self, article: Article, forbidden: list[str]) -> None:
        self.article = article
        self.forbidden = forbidden
        self.full = f"{article.title}\n{article.text}\n" + "\n".join(article.sentences)
        self._full_lower = self.full.lower()
        self._memo: dict[str, bool] = {}

    def cited(self, ids: Sequence[int]) -> list[str] | None:
        """The cited sentences, or None when there are none or one does not exist."""
        count = len(self.article.sentences)
        if not ids or any(not 1 <= i <= count for i in ids):
            return None
        return [self.article.sentences[i - 1] for i in ids]

    def in_article(self, phrase: str) -> bool:
        key = phrase.lower()
        if key not in self._memo:  # long articles: the same words are asked about again and again
            self._memo[key] = _contains(self._full_lower, key)
        return self._memo[key]

    def written_in_lower_case(self, word: str) -> bool:
        key = "\0" + word.lower()
        if key not in self._memo:
            self._memo[key] = _contains_cased(self.full, word.lower())
        return self._memo[key]

    def problem(self, cited: list[str] | None, text: str) -> str | None:
        """Why `text` is not supported by `cited`, or None when it is."""
        if cited is None:
            return "cites no sentence, or a sentence id the article does not have"
        if not text.strip():
            return "is empty"
        if any(secret in text for secret in self.forbidden):
            return "contains a configured secret"
        source = "\n".join(cited)
        have = _numbers(source)
        for number in _numbers(text, words=False):
            if number not in have:
                return f"number {number} not in the cited sentences"
        flat = _flatten_quotes(source)
        for quote in quotations(text):
            if _flatten_quotes(quote) not in flat:
                return f"quotation \"{quote[:40]}\" not in the cited sentences"
        lower = source.lower()
        for phrase in self._names(text):
            # "Joe Biden" may rest on "Biden told reporters": one word cited, the rest in the article.
            if not any(_contains(lower, w.lower()) for w in phrase):
                return f"name {' '.join(phrase)} not in the cited sentences"
            if not all(self.in_article(w) for w in phrase):
                return f"name {' '.join(phrase)} not in the article"
        return None

    def source_problem(self, cited: list[str] | None, source: str) -> str | None:
        """A claim's source is 'the article…', or someone the cited sentences name."""
        if source.lower().startswith("the article"):
            return None
        bare = re.sub(r"^unnamed\s+", "", source, flags=re.IGNORECASE)
        if not self.in_article(bare):
            return "source not named in the article"
        lower = "\n".join(cited or []).lower()
        words = [w for phrase in self._names(bare) for w in phrase] or [bare]
        if not any(_contains(lower, w.lower()) for w in words):
            return "source not named in the cited sentences"
        return None

    def _names(self, text: str) -> list[list[str]]:
        """Runs of capitalised words that are not ordinary words the article writes in lower case."""
        unquoted = QUOTATION.sub(" ", text)
        phrases: list[list[str]] = []
        run: list[str] = []
        last_end = -1
        for match in _WORD.finditer(unquoted):
            word = re.sub(r"(?:['\u2019]s?|\.)$", "", match.group(0))
            is_name = (len(word) > 1 and word[0].isupper() and word.lower() not in _COMMON
                       and not self.written_in_lower_case(word))
            if is_name and run and unquoted[last_end:match.start()] == " ":
                run.append(word)
            elif is_name:
                run = [word]
                phrases.append(run)
            else:
                run = []
            last_end = match.end()
        return phrases

    def mentions(self, name: str, kind: str) -> int:
        """Counted in the article, not taken from the model; surname only for people."""
        form = name.split()[-1] if kind == "person" else name
        found = len(re.findall(rf"(?<![\w.]){re.escape(form)}(?!\w)", self.article.text, re.IGNORECASE))
        return max(found, 1)


def _notes(article: Article, analysis: Analysis, reply: Reply, checker: _Checker,
           out: Grounded) -> list[LanguageNote]:
    """The shared analysis's notes, plus the model's verified notes on other words."""
    notes = list(analysis.language_notes)
    index = {s: i for i, s in reversed(list(enumerate(article.sentences)))}
    for n, note in enumerate(reply.language_notes):
        cited = checker.cited([note.sentence_id])
        term = one_line(note.term)
        found = re.search(re.escape(term), cited[0], re.IGNORECASE) if cited and term else None
        if found is None or cited is None:
            out.drop(f"language note {n}", "term not in the cited sentence")
            continue
        if any(secret in f"{term} {note.suggestion}" for secret in checker.forbidden):
            out.drop(f"language note {n}", "contains a configured secret")
            continue
        sentence, term = cited[0], found.group(0)  # the article's own spelling
        if any(k.sentence == sentence and (k.term.lower() in term.lower() or term.lower() in k.term.lower())
               for k in notes):
            continue  # the lexicon already notes these words
        notes.append(LanguageNote(term, sentence, one_line(note.suggestion) or "consider neutral wording"))
    return sorted(notes, key=lambda k: index.get(k.sentence, len(index)))


def _numbers(text: str, words: bool = True) -> set[str]:
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    if words:
        found |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    return found


def _flatten_quotes(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def _contains(haystack_lower: str, needle_lower: str) -> bool:
    """Whole word, or with a short suffix: 'israel' is in 'israeli', 'iran' in 'iranian';
    'ford' is not in 'afforded', 'openai' not in 'openai_api_key'."""
    return re.search(rf"(?<!\w){re.escape(needle_lower)}[^\W\d_]{{0,3}}(?!\w)", haystack_lower) is not None


def _contains_cased(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None

