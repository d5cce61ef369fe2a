"""Stories: articles grouped into events, on BASIL dev mixed with XSum dev.

Data (issue 23): the 150 articles of basil_dev.jsonl (gold: `event`, three outlets an
event) and the first 150 of xsum_dev_700.jsonl, each its own story. Every article goes
through the offline backend as `generate` would run it; the grouping then reads the
briefings, as it does after `generate`.

Measures: pairwise precision, recall and F1 over the pairs of articles put in one story,
and B-cubed F1. Baselines in the same run: TF-IDF (title twice + text, 1-2 grams,
sublinear tf, English stop words) with average-linkage agglomerative clustering on cosine
distance at its best threshold (chosen on this very data: an upper bound for that method),
and the same with dated articles more than 3 days apart never joined. Ours runs with the
shipped settings, from scratch, and once more incrementally (first half, then the rest).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path

NAME = "stories"
FILES = ["basil_dev.jsonl", "xsum_dev_700.jsonl"]
XSUM_ROWS = 150


def pair_scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 and B-cubed F1 of a grouping against the gold one."""
    def pairs(labels: list[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = {}
        for n, label in enumerate(labels):
            groups.setdefault(label, []).append(n)
        return {p for members in groups.values() for p in combinations(members, 2)}

    truth, found = pairs(gold), pairs(predicted)
    right = len(truth & found)
    precision = right / len(found) if found else 1.0
    recall = right / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_gold: dict[str, set[int]] = {}
    by_pred: dict[str, set[int]] = {}
    for n, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold.setdefault(g, set()).add(n)
        by_pred.setdefault(p, set()).add(n)
    bp = sum(len(by_pred[p] & by_gold[g]) / len(by_pred[p]) for g, p in zip(gold, predicted, strict=True))
    br = sum(len(by_pred[p] & by_gold[g]) / len(by_gold[g]) for g, p in zip(gold, predicted, strict=True))
    bp, br = bp / len(gold), br / len(gold)
    return {"precision": precision, "recall": recall, "F1": f1, "B3 F1": 2 * bp * br / (bp + br)}


def _baseline(titles: list[str], texts: list[str], days: list[int | None], window: int | None,
              gold: list[str]) -> dict[str, float]:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit_transform(
        [f"{t} {t} {x}" for t, x in zip(titles, texts, strict=True)])
    distance = 1 - (vectors @ vectors.T).toarray()
    if window is not None:
        for i, a in enumerate(days):
            for j, b in enumerate(days):
                if a is not None and b is not None and abs(a - b) > window:
                    distance[i, j] = 2.0  # never joined: farther than any cosine distance
    best: dict[str, float] = {}
    for threshold in np.arange(0.50, 1.0, 0.01):
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=float(threshold)).fit_predict(distance)
        found = pair_scores(gold, [str(x) for x in labels])
        if (found["F1"], found["B3 F1"]) > (best.get("F1", -1), best.get("B3 F1", -1)):
            best = found
    return best


def rows(data: Path, limit: int | None) -> list:
    from evaluate import Row, _article, _briefings, read_jsonl

    from generator.stories.features import item
    from generator.text import publication_day
    from generator.stories.group import Index

    basil = read_jsonl(data / FILES[0])[:limit]
    xsum = read_jsonl(data / FILES[1])[: XSUM_ROWS if limit is None else min(limit, XSUM_ROWS)]
    source = [(f"basil-{r['id']}", r["title"], r["text"].split("\n\n"), r["date"], r["outlet"], r["event"])
              for r in basil]
    source += [(f"xsum-{r['id']}", "", [r["article"]], "", "BBC", f"xsum-{r['id']}") for r in xsum]
    kept, articles = [], []
    for key, title, paragraphs, date, outlet, event in source:
        article = _article(key, title, paragraphs, date)
        if article is not None:
            articles.append(replace(article, source=outlet))
            kept.append((key, title, date, event))
    briefings = _briefings(articles)
    items = [item(a.id, a.id, b.to_dict()) for a, b in briefings]
    gold = [event for _, _, _, event in kept]

    index = Index()
    index.add(items)
    ours = pair_scores(gold, [index.story[index.row_of()[it.key]] for it in items])
    half = len(items) // 2
    stepwise = Index()
    stepwise.add(items[:half])
    stepwise.add(items[half:])
    steps = pair_scores(gold, [stepwise.story[stepwise.row_of()[it.key]] for it in items])

    titles = [b.source.title or "" for _, b in briefings]
    texts = [" ".join(b.source.sentences) for _, b in briefings]
    days = [(d.toordinal() if (d := publication_day(date)) else None) for _, _, date, _ in kept]
    plain = _baseline(titles, texts, days, None, gold)
    dated = _baseline(titles, texts, days, 3, gold)
    data_name = "BASIL+XSum"
    out = []
    for measure, target in (("precision", ""), ("recall", ""), ("F1", ">= 0.97"), ("B3 F1", ">= 0.985")):
        out.append(Row(f"stories pairwise {measure}" if measure != "B3 F1" else "stories B-cubed F1", data_name,
                       ours[measure], dated[measure], "TF-IDF avg-link, 3-day", target))
    out.append(Row("stories pairwise F1", data_name, ours["F1"], plain["F1"], "same, no date rule",
                   f"B3 {ours['B3 F1']:.3f} vs {plain['B3 F1']:.3f}"))
    out.append(Row("stories F1, added in two halves", data_name, steps["F1"], dated["F1"], "TF-IDF avg-link, 3-day",
                   f"B3 {steps['B3 F1']:.3f}"))
    return out

