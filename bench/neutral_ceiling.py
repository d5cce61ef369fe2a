"""How far word lists can take issue 20's leak and notes targets on BASIL dev (untitled).

    .venv/bin/python bench/neutral_ceiling.py

Two counterfactuals, each next to the shipped code in the same run, on the two thirds
of the events used for tuning and on the held-out third (basil.held_out):

1. **Notes by lexicon score.** Every word outside quotation marks that any of our word
   lists rates (VADER |valence| / 4, a curated term, Pattern subjectivity x polarity for an
   adjective; names, numbers and function words out) is a candidate; the top K distinct
   words of each article are its notes. Notes recall as `make eval` measures it. This is
   the most a lexicon-ranked note list can cover at K notes an article.
2. **Refuse every rated word.** The summary passes over every sentence that keeps, outside
   quotation marks, a word the lists rate at |valence| >= T, a curated term or a subjective
   adjective (Pattern subjectivity >= 0.6), as it already does for loaded terms it cannot
   rewrite. Leak and event recall as `make eval` measures them.

Both read the shipped word lists through `lexicon()`; nothing here changes the product.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "bench" / "measures")]

import basil as B  # noqa: E402
from evaluate import DEFAULT_DATA, read_jsonl  # noqa: E402

from generator.analysis import lexicon as L  # noqa: E402
from generator.analysis.parse import nlp  # noqa: E402
from generator.analysis.summary import quote_mask  # noqa: E402

_CLOSED = frozenset({"PROPN", "NUM", "PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE"})
_LEX = L.lexicon()  # the word lists the product ships, read as the product reads them
VALENCE = {w: abs(v) for w, v in _LEX.valence.items()}
SUBJECTIVE = _LEX.subjective
CURATED = {term for term, _ in _LEX.words}  # one-word terms: a token is matched, not a phrase


def _rated(tok) -> tuple[float, float, bool]:  # type: ignore[no-untyped-def]
    """(|valence|, subjectivity x polarity for an adjective, curated)."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    subj, pol = SUBJECTIVE.get(lower, SUBJECTIVE.get(lemma, (0.0, 0.0)))
    return (max(VALENCE.get(lemma, 0.0), VALENCE.get(lower, 0.0)),
            subj * pol if tok.pos_ == "ADJ" else 0.0, lemma in CURATED or lower in CURATED)


def _candidate(tok, quoted: bool) -> bool:  # type: ignore[no-untyped-def]
    return not quoted and not tok.ent_type_ and tok.pos_ not in _CLOSED and tok.is_alpha


def notes_ceiling(rows: list[dict], docs: list, k: int, held: bool) -> tuple[float, float]:
    """(notes recall, notes an article) with the top `k` rated words as the notes."""
    spans = covered = notes = articles = 0
    for row, doc in zip(rows, docs, strict=True):
        if B.held_out(row["event"]) != held:
            continue
        scored = []
        for sent in doc.sents:
            for tok, quoted in zip(sent, quote_mask(sent), strict=True):
                if _candidate(tok, quoted):
                    valence, adjective, curated = _rated(tok)
                    if score := valence / 4 + adjective + curated:
                        scored.append((score, tok.i, tok.text, sent.text))
        seen: set[str] = set()
        top: list[tuple[str, str]] = []
        for _, _, word, sentence in sorted(scored, key=lambda s: (-s[0], s[1])):
            if word.lower() not in seen and len(top) < k:
                seen.add(word.lower())
                top.append((word, sentence))
        loaded = B.loaded_spans(row)
        spans += len(loaded)
        covered += sum(B.covered(s, top) for s in loaded)
        notes += len(top)
        articles += 1
    return covered / max(spans, 1), notes / max(articles, 1)


@contextmanager
def refusing(threshold: float | None) -> Iterator[None]:
    """The summary treats every rated word outside quotes as a loaded term it cannot remove."""
    shipped = L.neutral_plan
    if threshold is None:
        yield
        return

    def plan(span, known=None, **kw):  # type: ignore[no-untyped-def]
        found = shipped(span, known, **kw)
        base, extra = span[0].idx, []
        for tok, quoted in zip(span, quote_mask(span), strict=True):
            if _candidate(tok, quoted):
                valence, _, curated = _rated(tok)
                subj = SUBJECTIVE.get(tok.lower_, (0.0, 0.0))[0] if tok.pos_ == "ADJ" else 0.0
                if valence >= threshold or curated or subj >= 0.6:
                    extra.append(L.Finding(tok.text, tok.idx - base, tok.idx - base + len(tok.text),
                                           "evaluative word", "", False))
        return L.Plan(found.drop, found.replace, (*found.blocked, *extra))

    L.neutral_plan = plan
    try:
        yield
    finally:
        L.neutral_plan = shipped


def main() -> None:
    rows = read_jsonl(Path(os.environ.get("EVAL_DATA", DEFAULT_DATA)) / B.FILES[0])
    docs = list(nlp().pipe([r["text"] for r in rows], batch_size=16))
    print("1. notes = the top K rated words of each article (notes recall, notes an article)")
    print("| K | tuned two thirds | held-out third |\n| --- | --- | --- |")
    for k in (2, 4, 8):
        tuned, held = notes_ceiling(rows, docs, k, False), notes_ceiling(rows, docs, k, True)
        print(f"| {k} | {tuned[0]:.3f} at {tuned[1]:.1f} | {held[0]:.3f} at {held[1]:.1f} |")
    print("\n2. summary refuses sentences keeping a rated word (leak / event recall; Lead-3 beside)")
    print("| refused | all: leak | all: event | held-out third: leak | held-out third: event |")
    print("| --- | --- | --- | --- | --- |")
    for threshold in (None, 2.0, 1.0):
        with refusing(threshold):
            every, held = B.score_briefings(rows, titled=False)
        e, h = every.figures(), held.figures()
        label = "shipped code" if threshold is None else f"|valence| >= {threshold}, curated, subjective adj."
        print(f"| {label} | {e['leak']:.3f} (Lead-3 {e['leak lead3']:.3f}) | {e['event']:.3f} "
              f"(Lead-3 {e['event lead3']:.3f}) | {h['leak']:.3f} (Lead-3 {h['leak lead3']:.3f}) | "
              f"{h['event']:.3f} (Lead-3 {h['event lead3']:.3f}) |")


if __name__ == "__main__":
    main()
