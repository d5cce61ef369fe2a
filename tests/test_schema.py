"""The briefing JSON: one schema, read back by `Briefing.from_dict`, described by a committed file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import (SCHEMA_VERSION, Actor, BackendInfo, Briefing, Claim, LanguageNote, OpenQuestion,
                             Quantity, SourceInfo, SpeechCredit, json_schema)

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "generator" / "briefing.schema.json"


def _briefing() -> Briefing:
    return Briefing(
        title="Council approves plan",
        summary=["Reportedly, the council approved the plan on 3 May."],
        actors=[Actor("Alice Brown", "person", "described as Mayor", 3, id="alice-brown", aliases=["Brown"])],
        claims=[Claim("Alice Brown said the council approved the plan.", "Alice Brown",
                      "Mayor Alice Brown said the council approved the plan.", "statement",
                      speaker="alice-brown", predicate="said",
                      numbers=[Quantity("87 %", 87.0, "%", "of members")], dates=["2024-05-03"],
                      evidence_sentences=[0])],
        open_questions=[OpenQuestion("Who are the officials?", "sentence 1", why="they are not named",
                                     kind="unnamed source", sentence=0)],
        language_notes=[LanguageNote("slammed", "Green slammed the plan.", "criticised", kind="emotive verb",
                                     sentence_index=1)],
        source=SourceInfo("a.txt", "Council approves plan", "", "2024-05-03", "0" * 64,
                          sentences=["Mayor Alice Brown said the council approved the plan.", "Green slammed the plan."]),
        backend=BackendInfo("extractive"),
        speakers=[SpeechCredit(0, "Alice Brown", "reported", actor="alice-brown")],
        usage={"seconds": 1.0},
    )


def test_round_trip_through_json() -> None:
    original = _briefing()
    data = json.loads(json.dumps(original.to_dict()))
    assert "usage" not in data and data["schema_version"] == SCHEMA_VERSION
    again = Briefing.from_dict(data)
    original.usage = {}
    assert again == original


def test_schema_1_is_upgraded() -> None:
    data = _briefing().to_dict()
    del data["schema_version"], data["speakers"], data["headline"]
    data["claims"][0]["kind"] = "attributed"
    for key in ("speaker", "predicate", "numbers", "dates", "evidence_sentences"):
        del data["claims"][0][key]
    old = Briefing.from_dict(data)
    assert old.claims[0].kind == "statement" and old.speakers == [] and old.schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("summary"),
    lambda d: d["claims"][0].update(kind="gossip"),
    lambda d: d["actors"][0].update(mentions="many"),
])
def test_damaged_json_is_refused_in_one_line(damage) -> None:  # type: ignore[no-untyped-def]
    data = _briefing().to_dict()
    damage(data)
    with pytest.raises(ValueError) as caught:
        Briefing.from_dict(data)
    assert "\n" not in str(caught.value)


def test_committed_schema_file_is_current() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: python -m generator.model > generator/briefing.schema.json"
