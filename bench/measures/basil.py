"""BASIL: slanted news told by three outlets; is our prose neutral, and does it carry the news?

BASIL (Fan et al. 2019) marks the spans of loaded wording in each article (`spans` with
`bias: "lex"`; `quote: true` when the words are inside a quotation) and gives each event
a neutral one-line `main_event`. Every article is briefed twice by the offline backend:
with its headline ("titled") and without ("untitled": the headline is then ours). The
rows, each next to its baseline from the same run:

- **leak**: share of the loaded spans outside quotes (punctuation-only spans left out)
  found word for word (case-insensitive, whole words, straight and curly quotes alike)
  in our own prose: the summary without its attribution phrase and sourcing line, the
  actors' roles, the open questions and our headline, with every quoted part removed
  first. Baseline: the article's first three sentences (Lead-3), quoted parts removed.
- **event recall**: share of the content words of `main_event` (spaCy's stop words out,
  Porter stems, as ROUGE with its stemmer) found in the summary; macro average over
  articles. Baseline: Lead-3.
- **notes recall**: share of the loaded spans outside quotes *covered* by a key note
  (a note shown by default): the note's sentence holds the span and the note's term
  shares a word with it (a content-word stem, or any word when the span has no content
  word, "even"). Baseline: every note, key or not. Notes per article: key notes.
- **headline event recall**: as event recall, on our headline. Baseline: the outlet's.
- **headline loaded spans**: loaded spans (outside quotes) found word for word in our
  headlines, a count over all articles. Baseline: in the outlets' headlines.

The "held-out third" rows repeat the untitled figures on the events whose id hashes to
0 mod 3: what was tuned on this file was tuned looking at the other two thirds only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from evaluate import Row, _article, _briefings, read_jsonl

NAME = "basil"
FILES = ["basil_dev.jsonl"]

_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|‘[^’]*’(?!\w)")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def held_out(event: str) -> bool:
    """The third of the events kept out of tuning (stable: a hash of the event id)."""
    return int(hashlib.sha1(event.encode()).hexdigest(), 16) % 3 == 0


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip().lower()


def unquoted(text: str) -> str:
    """The text with every quoted part removed (the article's words, attributed)."""
    return _QUOTED.sub(" … ", text)


def span_text(span: str) -> str:
    """A span as matched: folded, with the quotation marks and punctuation at its ends off."""
    return fold(span).strip(" \"'.,;:!?()")


def loaded_spans(row: dict) -> list[str]:
    """The row's loaded spans outside quotes that have a word in them."""
    out = [span_text(s["text"]) for s in row.get("spans", [])
           if s.get("bias") == "lex" and not s.get("quote")]
    return [s for s in out if re.search(r"\w", s)]


def contains(text: str, span: str) -> bool:
    """`span` (already folded) stands in `text` word for word, as whole words."""
    return bool(re.search(r"(?<!\w)" + re.escape(span) + r"(?!\w)", fold(text)))


def leaks(prose: Iterable[str], spans: Sequence[str]) -> int:
    """How many of the spans stand in our prose outside its quoted parts."""
    text = " \n ".join(unquoted(p) for p in prose)
    return sum(contains(text, s) for s in spans)


_STEMMER = None


def _stem(word: str) -> str:
    global _STEMMER
    if _STEMMER is None:
        from nltk.stem.porter import PorterStemmer

        _STEMMER = PorterStemmer()
    return _STEMMER.stem(word)


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_stems(text: str) -> set[str]:
    stop = _stop_words()
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", fold(text).replace("'s", "")) if w not in stop}


def word_stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", fold(text))}


def recall(reference: str, text: str) -> float | None:
    """Share of the reference's content words in `text` (None: no content word)."""
    want = content_stems(reference)
    return len(want & content_stems(text)) / len(want) if want else None


def covered(span: str, notes: Iterable[tuple[str, str]]) -> bool:
    """A note (term, sentence) covers a span when its sentence holds the span and its
    term shares a word with it (content words when the span has any)."""
    words = content_stems(span) or word_stems(span)
    return any(contains(sentence, span) and words & word_stems(term) for term, sentence in notes)


class BasilScore:
    """Counts over articles (a plain class: evaluate.py loads this file without registering
    it as a module, which dataclasses need)."""

    def __init__(self) -> None:
        self.spans = self.leaked = self.leaked_lead = self.covered_key = self.covered_all = 0
        self.notes_key = self.notes_all = self.articles = 0
        self.headline_loaded = self.headline_outlet_loaded = 0
        self.event: list[float] = []
        self.event_lead: list[float] = []
        self.headline: list[float] = []
        self.headline_outlet: list[float] = []

    def add(self, row: dict, *, summary: Sequence[str], prose: Sequence[str], lead3: Sequence[str],
            headline: str, notes: Sequence[tuple[str, str, bool]]) -> None:
        """One article: our summary (without attribution), all our prose (summary, roles,
        questions, headline), its first three sentences, our headline, and its notes as
        (term, sentence, key)."""
        spans = loaded_spans(row)
        self.articles += 1
        self.spans += len(spans)
        self.leaked += leaks(prose, spans)
        self.leaked_lead += leaks(lead3, spans)
        key = [(t, s) for t, s, k in notes if k]
        every = [(t, s) for t, s, _ in notes]
        self.covered_key += sum(covered(s, key) for s in spans)
        self.covered_all += sum(covered(s, every) for s in spans)
        self.notes_key += len(key)
        self.notes_all += len(every)
        for scores, text in ((self.event, " ".join(summary)), (self.event_lead, " ".join(lead3)),
                             (self.headline, headline), (self.headline_outlet, row.get("title", ""))):
            value = recall(row["main_event"], text)
            if value is not None:
                scores.append(value)
        self.headline_loaded += leaks([headline], spans)
        self.headline_outlet_loaded += leaks([row.get("title", "")], spans)

    def figures(self) -> dict[str, float]:
        def mean(values: list[float]) -> float:
            return sum(values) / len(values) if values else 0.0

        spans, n = max(self.spans, 1), max(self.articles, 1)
        return {
            "leak": self.leaked / spans, "leak lead3": self.leaked_lead / spans,
            "event": mean(self.event), "event lead3": mean(self.event_lead),
            "notes recall": self.covered_key / spans, "notes recall all": self.covered_all / spans,
            "notes": self.notes_key / n, "notes all": self.notes_all / n,
            "headline event": mean(self.headline), "headline event outlet": mean(self.headline_outlet),
            "headline loaded": float(self.headline_loaded),
            "headline loaded outlet": float(self.headline_outlet_loaded),
        }


def score_briefings(rows: list[dict], titled: bool) -> tuple[BasilScore, BasilScore]:
    """(all rows, the held-out third) for one run of the offline backend."""
    from generator.analysis.summary import without_attribution

    rows, articles = _readable(rows, titled)
    every, held = BasilScore(), BasilScore()
    for row, (article, briefing) in zip(rows, _briefings(articles), strict=True):
        summary = without_attribution(briefing.summary, briefing.source.publisher)
        # before schema 2 filled `headline`, an untitled article's made-up title stood in its place
        headline = briefing.headline or ("" if titled else briefing.title)
        prose = [*summary, *(a.role for a in briefing.actors), *(q.question for q in briefing.open_questions),
                 headline]
        notes = [(n.term, n.sentence, n.key) for n in briefing.language_notes]
        for score in (every, held) if held_out(row["event"]) else (every,):
            score.add(row, summary=summary, prose=prose, lead3=article.sentences[:3],
                      headline=headline, notes=notes)
    return every, held


def _readable(rows: list[dict], titled: bool) -> tuple[list[dict], list]:
    pairs = [(r, a) for r in rows
             if (a := _article(r["id"], r["title"] if titled else "", r["text"].split("\n\n"))) is not None]
    return [r for r, _ in pairs], [a for _, a in pairs]


def rows(data: Path, limit: int | None) -> list[Row]:
    found = read_jsonl(data / FILES[0])[:limit]
    out: list[Row] = []
    for titled in (False, True):
        every, held = score_briefings(found, titled)
        run = "titled" if titled else "untitled"
        out += _rows(every.figures(), f"BASIL {run}", full=True)
        if not titled:
            out += _rows(held.figures(), "BASIL u/ho", full=False)
    return out


def _rows(f: dict[str, float], data: str, full: bool) -> list[Row]:
    untitled = "untitled" in data or "u/" in data
    rows = [
        Row("leak: loaded spans in our prose", data, f["leak"], f["leak lead3"], "Lead-3",
            "<= 0.08" if untitled else ""),
        Row("event words in summary", data, f["event"], f["event lead3"], "Lead-3",
            ">= Lead-3" if untitled else ""),
        Row("notes recall (key notes)", data, f["notes recall"], f["notes recall all"], "all notes, key or not",
            ">= 0.50" if untitled else ""),
        Row("event words in our headline", data, f["headline event"], f["headline event outlet"],
            "outlet's headline", ">= 0.50" if untitled else ""),
    ]
    if full:
        rows.insert(3, Row("key notes per article", data, f["notes"], f["notes all"], "all notes",
                           "<= 4" if untitled else "", 2))
        rows.append(Row("loaded spans in our headlines", data, f["headline loaded"],
                        f["headline loaded outlet"], "in outlets' headlines", "0" if untitled else "", 0))
    return rows
