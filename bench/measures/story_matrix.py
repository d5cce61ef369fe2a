"""Stories: the claims matrix against a hand-checked gold (issue 23).

The gold (tests/data/story_matrix_gold.json, made with bench/check_story_gold.py): six
BASIL dev events read by hand, each fact with the sentences that report it in each
outlet's article. A row of our matrix stands for a gold fact when every cell's evidence
sentences are among that fact's sentences in the cell's article. Precision of our
"reported by all" rows: those that stand for a gold fact all three report; recall: gold
"all" facts that one of our "all" rows stands for; conflicts: how many we show, and how
many stand for a gold conflict (every one shown should).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

NAME = "story_matrix"
FILES = ["basil_dev.jsonl"]
GOLD = Path(__file__).resolve().parent.parent.parent / "tests" / "data" / "story_matrix_gold.json"


def matrix_scores(gold: dict, views: dict[str, tuple[object, dict[str, str]]]) -> dict[str, float]:
    """`views`: event id -> (our StoryView, slug -> outlet code). Counts per the module docstring."""
    found_all = right_all = shown = real = 0
    gold_all = recalled = 0
    for event in gold["events"]:
        view, outlet_of = views[event["event"]]
        facts = event["facts"]

        def stands_for(row, fact) -> bool:  # type: ignore[no-untyped-def]
            return all(set(c.sentences) & set(fact["sentences"].get(outlet_of[c.slug], [])) for c in row.cells)

        ours_all = [row for row in view.matrix if row.reach == "all"]
        found_all += len(ours_all)
        right_all += sum(any(f["class"] == "all" and stands_for(r, f) for f in facts) for r in ours_all)
        gold_all += sum(f["class"] == "all" for f in facts)
        recalled += sum(f["class"] == "all" and any(stands_for(r, f) for r in ours_all) for f in facts)
        conflicts = [row for row in view.matrix if row.conflict is not None]
        shown += len(conflicts)
        real += sum(any(f["conflict"] and stands_for(r, f) for f in facts) for r in conflicts)
    return {"all precision": right_all / found_all if found_all else 0.0,
            "all recall": recalled / gold_all if gold_all else 0.0,
            "conflicts shown": shown, "conflicts real": real}


def rows(data: Path, limit: int | None) -> list:
    from evaluate import Row, _article, _briefings, read_jsonl

    from generator.stories.compare import compare

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    wanted = {rid: e["event"] for e in gold["events"] for rid in e["articles"].values()}
    chosen = [r for r in read_jsonl(data / FILES[0]) if r["id"] in wanted]
    articles = [replace(_article(f"basil-{r['id']}", r["title"], r["text"].split("\n\n"), r["date"]),
                        source=r["outlet"].lower()) for r in chosen]
    made = dict(zip((r["id"] for r in chosen), (b for _, b in _briefings(articles)), strict=True))
    views = {}
    for event in gold["events"]:
        members = sorted(((rid, made[rid]) for rid in event["articles"].values()), key=lambda m: m[1].source.date)
        outlet_of = {rid: outlet for outlet, rid in event["articles"].items()}
        views[event["event"]] = (compare(event["event"], "", members), outlet_of)
    found = matrix_scores(gold, views)
    name = "BASIL gold 6"
    return [Row("story matrix 'all' precision", name, found["all precision"], None, "", ">= 0.85"),
            Row("story matrix 'all' recall", name, found["all recall"], None, "", ">= 0.70"),
            Row("story conflicts shown / real", name, found["conflicts shown"], found["conflicts real"],
                "(baseline column: real ones)", "all real", 0)]


