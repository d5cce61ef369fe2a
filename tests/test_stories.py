"""Stories: grouping articles into events (incremental, stable ids) and comparing them claim by claim.

The articles are ours (tests/fixtures/story): one council vote told by three outlets, a
later council debate on another subject, and an undated match report."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, generate

from generator.model import (Actor, BackendInfo, Briefing, Claim, LanguageNote, Quantity, SourceInfo,
                             SpeechCredit)
from generator.stories.compare import _shared_number, compare

STORY = FIXTURES / "story"
BRIDGE = {"dispatch-bridge.md", "times-bridge.md", "herald-bridge.md"}


def _stories(out: Path) -> dict[str, set[str]]:
    """Story id -> the input files of its briefings."""
    manifest = json.loads((out / "manifest.json").read_text())["articles"]
    by_slug = {entry["slug"]: entry["file"] for entry in manifest.values()}
    return {s["id"]: {by_slug[slug] for slug in s["briefings"]}
            for s in json.loads((out / "stories.json").read_text())["stories"]}


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("stories")
    seeds = base / "seeds"
    shutil.copytree(STORY, seeds)
    result = generate("--input", str(seeds), "--output", str(base / "out"), "--backend", "extractive")
    assert result.returncode == 0, result.stderr
    return base


@pytest.mark.slow  # runs generate on the fixture articles
def test_the_same_event_is_one_story_and_other_events_are_not(grouped: Path) -> None:
    stories = sorted(_stories(grouped / "out").values(), key=len, reverse=True)
    assert stories[0] == BRIDGE  # three outlets, one council vote
    assert {"dispatch-parking.md"} in stories  # the same council two weeks later: another event
    assert {"match-report.txt"} in stories  # undated, unrelated
    for path in (grouped / "out").glob("*.json"):
        data = json.loads(path.read_text())
        if "source" in data:
            assert data["story"] in _stories(grouped / "out")  # every briefing names its story


@pytest.mark.slow  # runs generate on the fixture articles
def test_the_comparison_of_a_story_is_written_as_data(grouped: Path) -> None:
    [story] = [s for s, files in _stories(grouped / "out").items() if files == BRIDGE]
    view = json.loads((grouped / "out" / "stories" / f"{story}.json").read_text())
    assert {c["outlet"] for c in view["coverage"]} == {"The Daily Dispatch", "Harbour Times", "Coast Herald"}
    assert view["first"] == "2024-03-04" and view["last"] == "2024-03-05"
    assert view["matrix"] and all(row["reach"] in ("all", "some", "one") for row in view["matrix"])
    assert "Maria Okafor" in view["why"]["actors"]
    assert sorted(p.stem for p in (grouped / "out" / "stories").glob("*.json")) == [story]  # only stories of 2+


@pytest.mark.slow  # runs generate on the fixture articles
def test_ids_stay_when_articles_come_and_go(grouped: Path, tmp_path: Path) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(grouped / "seeds", seeds)
    shutil.copytree(grouped / "out", out)
    before = {frozenset(v): k for k, v in _stories(out).items()}
    bridge = before[frozenset(BRIDGE)]

    (seeds / "herald-bridge.md").rename(tmp_path / "herald-bridge.md")  # one outlet's article goes
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    assert _stories(out)[bridge] == BRIDGE - {"herald-bridge.md"}

    (tmp_path / "herald-bridge.md").rename(seeds / "herald-bridge.md")  # and comes back: joins, same id
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    assert _stories(out)[bridge] == BRIDGE
    view = json.loads((out / "stories" / f"{bridge}.json").read_text())
    assert [s for s in view["new"]["articles"]] and view["new"]["since"]  # what is new since the last build

    result = generate("--input", str(seeds), "--output", str(out), "--regroup")
    assert result.returncode == 0, result.stderr
    assert {frozenset(v): k for k, v in _stories(out).items()} == before  # every id kept

    (out / ".stories.npz").write_bytes(b"damaged")  # a damaged index is rebuilt, ids kept
    assert generate("--input", str(seeds), "--output", str(out)).returncode == 0
    assert {frozenset(v): k for k, v in _stories(out).items()} == before


# -- the comparison, on briefings made by hand ----------------------------------------------

def _briefing(outlet: str, date: str, claims: list[Claim], actors: list[str], speakers: list[str] = (),
              notes: list[str] = ()) -> Briefing:
    return Briefing(
        title=f"{outlet} on the bridge", summary=["Reportedly, the council approved the repairs."],
        actors=[Actor(n, "person", "", 1, id=n.lower().replace(" ", "-"), key=i < 2) for i, n in enumerate(actors)],
        claims=claims, open_questions=[],
        language_notes=[LanguageNote(t, "", "", kind="intensifier") for t in notes],
        source=SourceInfo(f"{outlet}.md", f"{outlet} headline", "", date, "0" * 64, publisher=outlet),
        backend=BackendInfo("extractive"), headline="Council approves bridge repairs",
        speakers=[SpeechCredit(n, s, "quote") for n, s in enumerate(speakers)],
    )


def _claim(text: str, who: str = "the article (no source given)", kind: str = "event", numbers=(), dates=(),
           predicate: str = "", evidence: str = "", sentence: int = 0) -> Claim:
    return Claim(text, who, evidence or text, kind, predicate=predicate, numbers=list(numbers),  # type: ignore[arg-type]
                 dates=list(dates), evidence_sentences=[sentence])


COST = "The council said the bridge repairs would cost {} and take eight months."
START = "The council said work on the bridge would begin on {}."
QUOTE = '"The bridge is the town\'s lifeline," {} said.'


def _view():  # type: ignore[no-untyped-def]
    a = _briefing("Dispatch", "2024-03-04", [
        _claim(COST.format("4.2 million pounds"), numbers=[Quantity("4.2 million pounds", 4.2e6, "GBP", "repairs")]),
        _claim(START.format("15 April"), dates=["2024-04-15"], sentence=1),
        _claim(QUOTE.format("Okafor"), "Maria Okafor", "quote", sentence=2),
        _claim("Councillor Tom Reeve voted against the repair plan for the harbour bridge.", "Tom Reeve",
               "statement", sentence=3),
    ], ["Maria Okafor", "Tom Reeve"], ["Maria Okafor", "Tom Reeve"], ["lifeline"])
    b = _briefing("Times", "2024-03-05", [
        _claim(COST.format("4.25 million pounds"),
               numbers=[Quantity("4.25 million pounds", 4.25e6, "GBP", "repairs")]),
        _claim(START.format("22 April"), dates=["2024-04-22"], sentence=1),
        _claim(QUOTE.format("Reeve"), "Tom Reeve", "quote", sentence=2),
        _claim("Shop owners on Quay Street said the closure cut their trade by a third.", "Shop owners",
               "statement", sentence=3),
    ], ["Maria Okafor", "Tom Reeve"], ["Tom Reeve"])
    c = _briefing("Herald", "2024-03-05", [
        _claim(COST.format("4.2 million pounds"), numbers=[Quantity("4.2 million pounds", 4.2e6, "GBP", "repairs")]),
        _claim("Inspectors found corrosion in two supports of the bridge in January.", sentence=1),
    ], ["Okafor", "Inspectors"], ["Okafor"])
    return compare("s-test", "Council approves bridge repairs", [("a", a), ("b", b), ("c", c)])


def test_rows_say_who_reports_what() -> None:
    view = _view()
    reach = {row.claim: row.reach for row in view.matrix}
    assert reach[COST.format("4.2 million pounds")] == "all"
    assert [r.reach for r in view.matrix] == sorted((r.reach for r in view.matrix),
                                                    key=["all", "some", "one"].index)  # all first
    corrosion = next(r for r in view.matrix if "corrosion" in r.claim)
    assert corrosion.reach == "one" and [c.slug for c in corrosion.cells] == ["c"]
    assert all(len({c.slug for c in r.cells}) == len(r.cells) for r in view.matrix)  # one claim per article


def test_only_checkable_differences_are_conflicts() -> None:
    rows = {row.claim: row for row in _view().matrix}
    assert rows[COST.format("4.2 million pounds")].conflict is None  # 4.2 and 4.25 million: rounding
    start = rows[START.format("15 April")]
    assert start.conflict is not None and start.conflict.kind == "date"
    assert "2024-04-15" in start.conflict.note and "2024-04-22" in start.conflict.note
    quote = rows[QUOTE.format("Okafor")]
    assert quote.conflict is not None and quote.conflict.kind == "speaker"


def test_a_lead_that_carries_two_facts_stands_in_both_rows() -> None:
    lead = ("The council approved the harbour bridge repairs on Monday, and the closure of Quay Street "
            "will last eight months.")
    a = _briefing("Dispatch", "2024-03-04", [
        _claim(lead),
        _claim("Maria Okafor called the bridge the town's lifeline.", "Maria Okafor", "statement", sentence=1),
    ], ["Maria Okafor"])
    b = _briefing("Times", "2024-03-05", [
        _claim("Councillors approved the harbour bridge repairs at Monday's meeting."),
        _claim("Quay Street will stay closed for eight months during the works.", sentence=1),
    ], ["Maria Okafor"])
    c = _briefing("Herald", "2024-03-05", [
        _claim("On Monday the council approved repairs to the harbour bridge."),
        _claim("The closure of Quay Street is expected to last eight months.", sentence=1),
    ], ["Maria Okafor"])
    matrix = compare("s-lead", "", [("a", a), ("b", b), ("c", c)]).matrix
    shared = [row for row in matrix if row.reach == "all"]
    assert len(shared) == 2 and all(row.cells[0].claim == lead for row in shared)  # the lead, in both
    assert {row.cells[1].claim for row in shared} == {c.text for c in b.claims}
    okafor = next(row for row in matrix if "lifeline" in row.claim)
    assert okafor.reach == "one"


def test_two_facts_one_outlet_tells_apart_are_two_rows() -> None:
    a = _briefing("Dispatch", "2024-03-04", [
        _claim("The council approved the harbour bridge repairs on Monday and closed Quay Street for eight months."),
        _claim("Maria Okafor called the bridge the town's lifeline.", "Maria Okafor", "statement", sentence=1),
    ], ["Maria Okafor"])
    b = _briefing("Times", "2024-03-05", [
        _claim("On Monday the council approved repairs to the harbour bridge and closed Quay Street for eight months."),
    ], ["Maria Okafor"])
    c = _briefing("Herald", "2024-03-05", [
        _claim("Councillors approved the harbour bridge repairs at Monday's meeting."),
        _claim("Quay Street is closed for eight months during the works.", sentence=1),
    ], ["Maria Okafor"])
    shared = [row for row in compare("s-split", "", [("a", a), ("b", b), ("c", c)]).matrix if row.reach == "all"]
    assert len(shared) == 2
    assert {row.cells[2].claim for row in shared} == {claim.text for claim in c.claims}
    assert all([cell.claim for cell in row.cells[:2]] == [a.claims[0].text, b.claims[0].text] for row in shared)


def test_a_figure_told_differently_is_a_conflict_even_read_without_its_sign() -> None:
    said = "The campaign has reserved {} of airtime in Miami and Tampa, a media tracker said."
    a = _briefing("Dispatch", "2024-03-04", [
        _claim(said.format("$500,000"), numbers=[Quantity("500,000", 5e5, "", "of airtime")])], [])
    b = _briefing("Times", "2024-03-05", [
        _claim(said.format("about $400,000"), numbers=[Quantity("about $400,000", 4e5, "USD", "")])], [])
    c = _briefing("Herald", "2024-03-05", [
        _claim(said.format("$1 million"), numbers=[Quantity("$1 million", 1e6, "USD", "")])], [])
    [row] = [r for r in compare("s-air", "", [("a", a), ("b", b), ("c", c)]).matrix if r.reach == "all"]
    assert row.conflict is not None and row.conflict.kind == "number"
    assert row.conflict.slugs == ["a", "b"]  # a million is another figure (the whole buy), not this one
    assert "$500,000" in row.conflict.note and "about $400,000" in row.conflict.note


def test_claims_of_unrelated_articles_are_not_matched() -> None:
    a = _briefing("Dispatch", "2024-03-04", [
        _claim("The council approved the harbour bridge repairs on Monday."),
        _claim("Shop owners said the closure cut their trade by a third.", "Shop owners", "statement", sentence=1)],
        [])
    b = _briefing("Times", "2024-03-05", [
        _claim("The home side won the cup final after extra time."),
        _claim("The coach said the players had earned a rest.", "The coach", "statement", sentence=1)], [])
    matrix = compare("s-none", "", [("a", a), ("b", b)]).matrix
    assert [row.reach for row in matrix] == ["one"] * 4


def test_only_figures_that_tell_make_two_claims_alike() -> None:
    courts = _claim("Two lower courts let the case go on.", numbers=[Quantity("Two", 2.0, "", "lower courts")])
    sides = _claim("He said the complaint faced two ways.", numbers=[Quantity("two", 2.0, "", "ways")])
    spent = "He spent {} of campaign money on himself."
    fox = _claim(spent.format("$750,000"), numbers=[Quantity("$750,000", 7.5e5, "USD", "")])
    nyt = _claim(spent.format("$750,000"), numbers=[Quantity("$750,000", 7.5e5, "USD", "")])
    assert not _shared_number(courts, sides)  # a small count is part of many phrases
    assert _shared_number(fox, nyt)


def test_voices_actors_timeline_and_coverage() -> None:
    view = _view()
    voices = {v.name: v for v in view.voices}
    assert set(voices["Maria Okafor"].slugs) == {"a", "c"}  # "Okafor" in c is the same person
    assert voices["Tom Reeve"].slugs == ["a", "b"] and not voices["Tom Reeve"].only_one
    presence = {p.name: p for p in view.actors}
    assert presence["Maria Okafor"].absent == [] and presence["Tom Reeve"].absent == ["c"]
    assert [e.date for e in view.timeline] == sorted(e.date for e in view.timeline) and view.timeline
    assert [c.loaded for c in view.coverage][0] == ["lifeline"]
    assert view.first == "2024-03-04" and view.last == "2024-03-05"


def test_story_measures_on_literal_groupings() -> None:
    sys.path.insert(0, str(ROOT / "bench" / "measures"))
    from stories import pair_scores

    assert pair_scores(["a", "a", "b"], ["x", "x", "y"]) == {"precision": 1.0, "recall": 1.0, "F1": 1.0,
                                                             "B3 F1": 1.0}
    split = pair_scores(["a", "a", "a", "b"], ["x", "x", "y", "z"])
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(1 / 3)


# -- the LLM's common-ground paragraph ------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("altered", [False, True])
def test_the_common_ground_paragraph_rests_on_the_shared_claims(stub, tmp_path: Path, altered: bool) -> None:  # type: ignore[no-untyped-def]
    import re

    from helpers import offline_env
    from openai_stub import completion

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in BRIDGE:
        shutil.copy(STORY / name, seeds)
    asked: list[str] = []

    def answer(request):  # type: ignore[no-untyped-def]
        text = request.text_of("user")
        sentences = {int(n): s for n, s in re.findall(r"^\[(\d+)\] (.+)$", text, re.M)}
        first = min(sentences)
        if "What every article of the story reports" in text:
            asked.append(text)
            said = sentences[first] if not altered else sentences[first].replace("Monday", "Tuesday")
            return completion({"headline": {"text": "", "sentence_ids": []},
                               "summary": [{"text": f"The articles report: {said}", "sentence_ids": [first]}],
                               "actors": [], "claims": [], "open_questions": [], "language_notes": []})
        return completion({"headline": {"text": "", "sentence_ids": []},
                           "summary": [{"text": f"The article reports: {sentences[first]}", "sentence_ids": [first]}],
                           "actors": [], "open_questions": [], "language_notes": [],
                           "claims": [{"text": sentences[first], "attributed_to": "the article", "kind": "event",
                                       "sentence_ids": [first]}]})

    stub.script(*[answer] * 8)
    env = offline_env(OPENAI_API_KEY="sk-test-stories", OPENAI_BASE_URL=stub.url, BRIEFING_MAX_RETRIES="0")
    result = generate("--input", str(seeds), "--output", str(tmp_path / "out"), "--backend", "llm", "--jobs", "1",
                      env=env)
    assert result.returncode == 0, result.stderr
    [story] = json.loads((tmp_path / "out" / "stories.json").read_text())["stories"]
    view = json.loads((tmp_path / "out" / "stories" / f"{story['id']}.json").read_text())
    assert asked, "no common-ground request: no claim was reported by all three"
    assert "Monday" in asked[0]  # the model was given the shared claims' sentences
    if altered:  # a day the shared sentences do not have: dropped, no paragraph
        assert view["common_ground"] == ""
    else:
        assert view["common_ground"].startswith("The articles report:") and "Monday" in view["common_ground"]
