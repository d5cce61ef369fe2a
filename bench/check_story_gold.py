"""Check the hand-labelled claims-matrix gold (tests/data/story_matrix_gold.json) against the data.

    .venv/bin/python bench/check_story_gold.py [--data FOLDER] [--gold FILE]

Re-splits each gold article as `make eval` does (evaluate._article, then the offline
analysis) and verifies that every stored sentence hash still matches and every fact's
indices point into its article, so a change in sentence splitting shows here instead of
silently moving the gold. Prints, per event, the facts by class and the conflicts, and the
ceiling of the claims matrix: how many "all" facts every outlet carries in a key claim,
in any claim, and at most in rows that each use a claim once; then what the matrix's
likeness can tell (`likeness_ceiling`), per half of the gold. Exit status 1 when
anything does not match. The gold holds indices and our own wording only:
BASIL text stays in the data folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from evaluate import DEFAULT_DATA, _article, _briefings, read_jsonl  # noqa: E402

GOLD = ROOT / "tests" / "data" / "story_matrix_gold.json"
OUTLETS = ("fox", "nyt", "hpo")
CLASSES = {3: "all", 2: "some", 1: "one"}
KINDS = {"number", "date", "speaker", "outcome"}
TUNING = 3
"""The first TUNING gold events are the tuning half (as in bench/measures/story_matrix.py)."""


def sentence_hash(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:8]


def briefings(rows: list[dict]) -> dict[str, object]:
    """Row id -> its offline briefing, the articles cut as the product cuts them."""
    arts = [_article(f"basil-{r['id']}", r["title"], r["text"].split("\n\n"), r["date"]) for r in rows]
    if any(a is None for a in arts):
        raise SystemExit("a gold article is refused by the reader (too short?): the gold needs redoing")
    return {r["id"]: b for r, (_, b) in zip(rows, _briefings(arts))}


def ceiling(event: dict, made: dict[str, object]) -> tuple[int, int, int]:
    """Gold "all" facts every outlet carries in a key claim; in any claim; and the most a
    matrix can show when each claim stands in one row only (an integer programme: a claim
    often carries two facts, a lead sentence most of all)."""
    import itertools

    import numpy as np
    from scipy.optimize import LinearConstraint, milp

    facts = [f for f in event["facts"] if f["class"] == "all"]
    claims = {o: made[rid].claims for o, rid in event["articles"].items()}

    def carriers(fact: dict, outlet: str, key_only: bool) -> list[int]:
        return [n for n, c in enumerate(claims[outlet]) if (c.key or not key_only)
                and set(c.evidence_sentences) & set(fact["sentences"][outlet])]

    key = sum(all(carriers(f, o, True) for o in OUTLETS) for f in facts)
    anywhere = sum(all(carriers(f, o, False) for o in OUTLETS) for f in facts)
    rows = [(k, combo) for k, f in enumerate(facts)
            for combo in itertools.product(*(carriers(f, o, False) for o in OUTLETS))]
    if not rows:
        return key, anywhere, 0
    limits = [[float(k == fact) for fact, _ in rows] for k in range(len(facts))]
    limits += [[float(combo[n] == c) for _, combo in rows] for n, o in enumerate(OUTLETS) for c in range(len(claims[o]))]
    best = milp(-np.ones(len(rows)), constraints=LinearConstraint(np.array(limits), 0, 1),
                integrality=np.ones(len(rows)), bounds=(0, 1))
    return key, anywhere, round(-best.fun)


def likeness_ceiling(event: dict, made: dict[str, object]) -> dict[str, list[float]]:
    """What the matrix's likeness (compare._likeness) can tell on one event's "all" facts:
    per fact, whether its claims are each other's best match between all three pairs of
    outlets ("mutual 3"), between at least two pairs ("mutual 2"; the matrix starts a row
    from one such pair), whether one claim's best matches in the two other articles carry it
    ("star"); the weakest pair likeness of its best triple; and the star triples that carry
    no gold fact of any class (what a looser matrix would add as wrong rows)."""
    import itertools

    import numpy as np

    from generator.stories.compare import _likeness

    claims = [(n, r, c) for n, o in enumerate(OUTLETS) for r, c in enumerate(made[event["articles"][o]].claims)]
    likeness, article = _likeness(claims), np.array([n for n, _, _ in claims])
    where = [np.flatnonzero(article == a) for a in range(len(OUTLETS))]
    best = {(x, b): int(where[b][np.argmax(likeness[x, where[b]])]) for x in range(len(claims))
            for b in range(len(OUTLETS)) if b != article[x] and len(where[b])}

    def mutual(x: int, y: int) -> bool:
        return bool(best.get((x, article[y])) == y and best.get((y, article[x])) == x)

    def carriers(fact: dict) -> list[list[int]]:
        return [[i for i in where[a] if set(claims[i][2].evidence_sentences) & set(fact["sentences"][o])]
                for a, o in enumerate(OUTLETS)]

    stars = {tuple(sorted((x, best[(x, b)], best[(x, c)]))) for x in range(len(claims))
             for b, c in itertools.combinations([a for a in range(len(OUTLETS)) if a != article[x]], 2)
             if (x, b) in best and (x, c) in best}
    out: dict[str, list[float]] = {k: [] for k in ("mutual 3", "mutual 2", "star", "weakest")}
    for fact in (f for f in event["facts"] if f["class"] == "all"):
        triples = list(itertools.product(*carriers(fact)))
        out["mutual 3"].append(any(mutual(a, b) and mutual(a, c) and mutual(b, c) for a, b, c in triples))
        out["mutual 2"].append(any(mutual(a, b) + mutual(a, c) + mutual(b, c) >= 2 for a, b, c in triples))
        out["star"].append(any(t in stars for t in (tuple(sorted(t)) for t in triples)))
        out["weakest"].append(max((min(likeness[a, b], likeness[a, c], likeness[b, c]) for a, b, c in triples),
                                  default=0.0))
    gold_triples = [set(itertools.product(*carriers(f))) for f in event["facts"]]
    out["stars"] = [len(stars)]
    out["stars carrying no fact"] = [sum(not any(t in g for g in gold_triples) for t in stars)]
    return out


def check_event(event: dict, rows: dict[str, dict], sentences: dict[str, list[str]]) -> list[str]:
    """Every mismatch between one event's gold and the data, as one line each."""
    name, problems = event["event"][:8], []
    for outlet, rid in event["articles"].items():
        row = rows.get(rid)
        if row is None or row["event"] != event["event"] or row["outlet"].lower() != outlet:
            problems.append(f"{name}: {outlet} article {rid} is not that outlet's row of this event")
    for rid, hashes in event["sentence_hashes"].items():
        now = [sentence_hash(s) for s in sentences.get(rid, [])]
        if now != hashes:
            changed = [i for i in range(max(len(now), len(hashes)))
                       if i >= len(now) or i >= len(hashes) or now[i] != hashes[i]]
            problems.append(f"{name}: {rid} splits differently now ({len(now)} sentences, gold "
                            f"{len(hashes)}; first difference at index {changed[0]})")
    for fact in event["facts"]:
        cited = fact["sentences"]
        if set(cited) != set(OUTLETS):
            problems.append(f"{name}: fact {fact['fact'][:50]!r} lacks an outlet")
            continue
        for outlet, idx in cited.items():
            size = len(event["sentence_hashes"][event["articles"][outlet]])
            if idx != sorted(set(idx)) or any(not 0 <= i < size for i in idx):
                problems.append(f"{name}: fact {fact['fact'][:50]!r}: bad {outlet} indices {idx}")
        expected = CLASSES.get(sum(bool(idx) for idx in cited.values()))
        if fact["class"] != expected:
            problems.append(f"{name}: fact {fact['fact'][:50]!r} is {fact['class']}, its sentences say "
                            f"{expected}")
        conflict = fact["conflict"]
        if conflict is not None and (conflict.get("kind") not in KINDS or not conflict.get("note")
                                     or fact["class"] == "one"):
            problems.append(f"{name}: fact {fact['fact'][:50]!r}: malformed conflict {conflict}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("EVAL_DATA", DEFAULT_DATA)))
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    wanted = {e["event"] for e in gold["events"]}
    rows = {r["id"]: r for r in read_jsonl(args.data / gold["source"]) if r["event"] in wanted}
    made = briefings(list(rows.values()))
    sentences = {rid: list(b.source.sentences) for rid, b in made.items()}
    problems, totals, conflicts = [], Counter(), 0
    reach = [0, 0, 0]
    for event in gold["events"]:
        problems += check_event(event, rows, sentences)
        classes = Counter(f["class"] for f in event["facts"])
        totals += classes
        found = [f for f in event["facts"] if f["conflict"]]
        conflicts += len(found)
        title = rows[event["articles"]["nyt"]]["main_event"] if event["articles"]["nyt"] in rows else ""
        print(f"{event['event'][:8]} {title[:60]!r}: {len(event['facts'])} facts, "
              + ", ".join(f"{c} {classes[c]}" for c in ("all", "some", "one")))
        for f in found:
            print(f"    conflict ({f['conflict']['kind']}): {f['conflict']['note']}")
        if not problems:
            reached = ceiling(event, made)
            reach = [a + b for a, b in zip(reach, reached, strict=True)]
            print(f"    'all' facts in key claims {reached[0]}, in any claim {reached[1]}, "
                  f"in rows using each claim once {reached[2]} (of {classes['all']})")
    print(f"total: {sum(totals.values())} facts, "
          + ", ".join(f"{c} {totals[c]}" for c in ("all", "some", "one")) + f"; {conflicts} conflicts")
    if not problems:
        print(f"ceiling of 'all' recall: key claims {reach[0]}/{totals['all']}, any claim {reach[1]}/{totals['all']}, "
              f"rows using each claim once {reach[2]}/{totals['all']}")
        halves = (("tuning half", gold["events"][:TUNING]), ("held half", gold["events"][TUNING:]),
                  ("all six", gold["events"]))
        for name, events in halves:
            seen: dict[str, list[float]] = {}
            for event in events:
                for k, v in likeness_ceiling(event, made).items():
                    seen.setdefault(k, []).extend(v)
            n = len(seen["star"])
            print(f"{name}: of {n} 'all' facts, claims mutual best matches in all three outlet pairs "
                  f"{sum(seen['mutual 3']):.0f}, in two pairs {sum(seen['mutual 2']):.0f}; carried by one claim's "
                  f"best matches {sum(seen['star']):.0f} (those candidate rows: {sum(seen['stars']):.0f}, of which "
                  f"{sum(seen['stars carrying no fact']):.0f} carry no gold fact); weakest pair likeness of the best "
                  f"gold triple: median {sorted(seen['weakest'])[n // 2]:.2f}")
    for line in problems:
        print("MISMATCH", line, file=sys.stderr)
    print("gold OK" if not problems else f"{len(problems)} mismatches", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
