"""Open questions on short literal texts: each rule asks about its own kind of gap."""

from __future__ import annotations

from helpers import analyse_text


def questions(*sentences: str, date: str = "") -> list[str]:
    article, analysis = analyse_text("T", " ".join(sentences), date=date)
    return [q.question for q in analysis.open_questions]


def test_unnamed_source_and_vague_number():
    asked = questions("Officials said thousands of workers had joined the strike.")
    assert any(q.startswith("Which officials") for q in asked)
    assert any(q.startswith("How many workers exactly?") for q in asked)


def test_unsourced_certainty_is_questioned_but_a_sourced_one_is_not():
    assert any("supports the statement" in q for q in questions("The plan will clearly fail."))
    assert not any("supports the statement" in q
                   for q in questions('Mayor Ana Ruiz said: "The plan will clearly fail."'))


def test_weekdays_without_dates():
    asked = questions("The council met on Monday.", "It voted on Thursday.")
    assert any("Monday and Thursday" in q for q in asked)
    assert any("no publication date" in q for q in asked)
    assert not any("no publication date" in q
                   for q in questions("The council met on Monday.", "It voted on Thursday.", date="2024-05-02"))


def test_never_says_a_voice_is_missing_when_the_article_quotes_one():
    asked = questions("Analysts expect the merger to cut jobs.",
                      'An analyst at Fitch said: "The numbers do not add up."')
    assert not any("quotes none of them" in q for q in asked)
    silent = questions("Analysts expect the merger to cut jobs.", "The board met on Friday.")
    assert any("quotes none of them" in q for q in silent)


def test_does_not_ask_what_a_party_says_when_it_speaks():
    asked = questions("The union met the ministry on Monday.",
                      "Mayor Ana Ruiz said the union had made a fair offer.",
                      "The union said it would strike on Friday.")
    assert not any(q.startswith("What does the union") or "What does Union" in q for q in asked)
