"""Open questions on short literal texts: each rule asks about its own kind of gap."""

from __future__ import annotations

from helpers import analyse_text


def questions(*sentences: str, date: str = "") -> list[str]:
    """Each question with its reason ("question || why")."""
    article, analysis = analyse_text("T", " ".join(sentences), date=date)
    return [f"{q.question} || {q.why}" for q in analysis.open_questions]


def test_unnamed_source_and_vague_number():
    asked = questions("Officials said thousands of workers had joined the strike.")
    assert any(q.startswith("Who are the officials the article cites without a name?") for q in asked)
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
    silent = questions("The city council criticised Acme Corp over the delays on the ring road.",
                       "The works began in 2021.")
    assert any(q.startswith("What does Acme Corp say in response?") for q in silent)
    heard = questions("The city council criticised Acme Corp over the delays on the ring road.",
                      'Acme Corp said: "The delays are over."')
    assert not any("Acme Corp" in q.split(" || ")[0] for q in heard)


def test_declining_to_comment_is_a_missing_voice():
    asked = questions("Mayor Ana Ruiz said the port had lost money in 2023.",
                      "The port operator Harbourline did not respond to requests for comment.")
    assert any(q.startswith("Has Harbourline responded since?") for q in asked)
    accused = questions("Mayor Ana Ruiz accused the port operator Harbourline of hiding losses.",
                        "Harbourline did not respond to requests for comment.")
    assert sum("Harbourline" in q.split(" || ")[0] for q in accused) == 1  # asked once, not twice


def test_no_unnamed_source_question_when_the_sentence_names_its_source():
    named = questions("Spokesman Jim Okafor said in a written statement that the depot would close.",
                      "A spokeswoman for the ministry, Lena Berg, said the plan was final.")
    assert not any(q.startswith("Who is the") or q.startswith("Who are the") for q in named), named
    unnamed = questions("A spokesman said in a written statement that the depot would close.")
    assert any(q.startswith("Who is the spokesman") for q in unnamed)


def test_at_most_six_questions_none_repeated():
    article, analysis = analyse_text("T", "Officials said thousands of workers had joined the strike. "
                                     "Sources said hundreds of drivers would follow. Analysts said dozens of "
                                     "depots were closed. Union leaders said scores of buses stood idle. "
                                     "The strike is expected to end on Friday. It clearly hurt the city.")
    texts = [q.question for q in analysis.open_questions]
    assert 1 <= len(texts) <= 6 and len(set(texts)) == len(texts)
    assert all(q.why and q.kind and q.question.endswith("?") for q in analysis.open_questions)


def test_does_not_ask_what_a_party_says_when_it_speaks():
    asked = questions("The union met the ministry on Monday.",
                      "Mayor Ana Ruiz said the union had made a fair offer.",
                      "The union said it would strike on Friday.")
    assert not any(q.startswith("What does the union") or "What does Union" in q for q in asked)


def test_questions_are_grammatical_for_plural_nouns_possessives_and_vague_times():
    from generator.analysis.questions import _how_many

    assert _how_many("workers") == "How many workers exactly?"
    assert _how_many("Braley's rivals") == "How many of Braley's rivals exactly?"
    assert _how_many("the older voters") == "How many of the older voters exactly?"
    asked = questions("People familiar with the talks said the deal had collapsed in recent days.")
    assert any(q.startswith("Who are the people the article cites") for q in asked), asked
    recent = [q for q in asked if "On what date" in q]
    assert recent and "the deal had collapsed" in recent[0], asked
