"""The measures behind `make eval`, on a few literal rows (never on the dev sets)."""

from __future__ import annotations

import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from evaluate import ActorScore, LoadedScore, RougeScore, main, names_match  # noqa: E402


def test_names_match_whole_words_at_either_end():
    assert names_match("Netanyahu", "Benjamin Netanyahu") and names_match("benjamin netanyahu", "Benjamin")
    assert names_match("U.S.", "u.s.")
    assert not names_match("Yahu", "Benjamin Netanyahu")  # not a whole word
    assert not names_match("Prime Minister Netanyahu", "Benjamin Netanyahu")


def test_actor_precision_key_recall_and_types():
    gold = [{"text": "Benjamin Netanyahu", "type": "PER", "count": 3},
            {"text": "Israel", "type": "LOC", "count": 2},
            {"text": "Reuters", "type": "ORG", "count": 1}]
    score = ActorScore()
    score.add([("Netanyahu", "person"), ("Israel", "group"), ("Hamas", "organisation")], gold)
    assert score.figures() == {"precision": 2 / 3, "key recall": 1.0, "type agreement": 0.5}


def test_loaded_recall_and_false_alarms():
    score = LoadedScore()
    score.add("Biased", ["slammed", "radical"], ["slammed"])
    score.add("Non-biased", [], [])
    score.add("Non-biased", [], ["historic church"])
    assert score.figures() == {"recall": 0.5, "non-biased flagged": 0.5}


def test_rouge_against_itself_and_words():
    score = RougeScore()
    score.add(["The council approved the repairs."], "The council approved the repairs.")
    figures = score.figures()
    assert figures["R1"] == pytest.approx(100) and figures["words"] == 5


def test_missing_data_is_one_clear_line(tmp_path, capsys):
    assert main(["--data", str(tmp_path), "--only", "loaded"]) == 2
    err = capsys.readouterr().err
    assert "babe_dev.jsonl" in err and "EVAL_DATA" in err and err.count("\n") == 1


def test_issue_21_measures_on_literal_rows():
    sys.path.insert(0, str(ROOT / "bench" / "measures"))
    import claims as measure

    assert measure.person_speaker("Harry_Reid") and measure.person_speaker("Joe_Biden")
    assert not measure.person_speaker("other_anti") and not measure.person_speaker("Tea_Party")
    assert not measure.person_speaker("Obama_campaign")
    sentences = ["Ruiz opened the bridge.", "\u201cIt is safe,\u201d she said.", "Traffic was light."]
    assert measure.span_sentence(sentences, '"It is safe,"') == 1
    assert measure.span_sentence(sentences, "not in the text") is None
    assert measure.surname_match("Ana Ruiz", "Ana_Ruiz") and not measure.surname_match("Bo Lind", "Ana_Ruiz")
    assert measure.speaker_right("the article (no source given)", False, [""])
    assert measure.speaker_right("unnamed officials", False, ["unnamed sources"])
    assert measure.speaker_right("Mary Cheney", True, ["Mary Cheney"])
    assert not measure.speaker_right("Liz Cheney", True, ["Mary Cheney"])  # same surname, another person
    assert measure.speaker_right("Oklahoma", True, ["Nebraska and Oklahoma"])
    assert measure.speaker_right("NRA", True, ["National Rifle Association"])
    assert not measure.speaker_right("the article (no source given)", False, ["Harry Reid"])


def test_hand_checked_set_holds_no_article_text():
    import json

    gold = json.loads((ROOT / "tests" / "data" / "claim_speakers_basil.json").read_text(encoding="utf-8"))
    assert len(gold["articles"]) == 10 and sum(len(a["labels"]) for a in gold["articles"]) >= 60
    for article in gold["articles"]:
        for label in article["labels"]:
            assert set(label) <= {"sentence", "speaker", "kind", "also", "sha1"}
            assert len(label["sha1"]) == 10 and label["kind"] in {"quote", "reported", "document", "none"}
