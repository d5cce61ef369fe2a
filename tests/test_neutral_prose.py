"""Our own prose on literal sentences: adjectives that colour go, what a sentence says stays
(negation, numbers, names, classifying adjectives), the news lead of a long article is
summarised rather than skipped, roles are the actor's doing without colour, headlines keep
subject, verb and object when their phrases cannot be trimmed whole."""

import pytest

from generator.analysis import lexicon as L
from generator.analysis.parse import nlp as load_nlp

from helpers import analyse_text


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _colourless(text, nlp):
    doc = nlp(text)
    sent = next(doc.sents)
    gone = L.colour_modifiers(sent)
    return " ".join(t.text for t in sent if t.i not in gone)


def test_colour_adjective_goes_what_classifies_stays(nlp):
    out = _colourless("Critics offered fierce criticism of the federal plan for 12 new bridges.", nlp)
    assert "fierce" not in out
    for kept in ("federal", "12", "new", "bridges", "Critics"):
        assert kept in out


def test_negation_name_number_and_comparison_survive(nlp):
    out = _colourless("The Norwegian minister did not approve the larger budget of 40 million crowns.", nlp)
    assert out.startswith("The Norwegian minister did not approve the larger budget of 40 million crowns")


def test_quoted_adjective_is_never_touched(nlp):
    doc = nlp("She called it “a shameful decision” on Monday.")
    sent = next(doc.sents)
    from generator.analysis.summary import quote_mask

    assert not L.colour_modifiers(sent, quote_mask(sent))


def test_inflected_curated_verb_is_seen_before_a_parse():
    assert L.might_be_loaded("The senator hailed the vote.")
    assert L.might_be_loaded("She was excoriated by critics.")
    assert L.might_be_loaded("He slammed the plan.")


LEAD = ("NORTHFIELD — Councillor Dana Price, chair of the Northfield planning committee, drew fierce "
        "criticism and a call for her resignation on Friday after declaring at a fund-raiser that the "
        "town had been on the side of the developers in its long dispute over the Westland site, a "
        "fight she had described to reporters as a question of jobs and of the future of the town.")


def test_long_news_lead_is_summarised_not_skipped():
    _, analysis = analyse_text("", LEAD, "The committee meets again on Tuesday to vote on the site plan.",
                               "Price has chaired the committee since 2019.")
    first = analysis.summary[0]
    assert "Dana Price" in first and "criticism" in first
    assert "fierce" not in " ".join(analysis.summary)
    assert "NORTHFIELD" not in first  # the dateline is not said


def test_role_without_colour_or_side_clause():
    _, analysis = analyse_text("", LEAD, "The committee meets again on Tuesday to vote on the site plan.")
    price = next(a for a in analysis.actors if "Price" in a.name)
    assert "fierce" not in price.role
    assert "criticism" in price.role or "chair" in price.role


def test_headline_keeps_the_bare_clause_when_phrases_cannot_go():
    _, analysis = analyse_text("", LEAD, "The committee meets again on Tuesday to vote on the site plan.")
    words = analysis.headline.split()
    assert analysis.headline.startswith("Dana Price drew criticism"), analysis.headline
    assert len(words) <= 12 and "NORTHFIELD" not in analysis.headline and "fierce" not in analysis.headline


def test_adjective_naming_a_kind_or_a_comparison_stays(nlp):
    out = _colourless("Prosecutors issued grand jury subpoenas to the campaign.", nlp)
    assert "grand jury subpoenas" in out
    out = _colourless("Couples may file joint tax returns.", nlp)
    assert "joint tax returns" in out
    out = _colourless("The president unveiled the most sweeping plan in a generation.", nlp)
    assert "most sweeping plan" in out


@pytest.mark.parametrize("sentence, word", [
    ("The senator is on the wrong side of history, critics said.", "wrong"),
    ("The clerk sent the forms to the wrong address on Monday.", "wrong"),
    ("They have lived in the country illegally since 2019, officials said.", "illegally"),
    ("The court found that Green was wrongly convicted in 2010.", "wrongly"),
    ("The inspectors found a fake permit in the office.", "fake"),
])
def test_a_word_that_says_whether_something_is_so_is_never_cut(sentence, word, nlp):
    """'the wrong side' is not 'the side': our prose keeps the word or leaves the sentence out."""
    assert word in L.neutral_wording(sentence)
    assert word in _colourless(sentence, nlp)
    plan = L.neutral_plan(next(nlp(sentence).sents))
    assert not any(t.lower_ == word for t in nlp(sentence) if t.i in plan.drop)


def test_a_booster_and_a_verdict_on_a_statement_are_still_dropped():
    assert L.neutral_wording("It was truly a disaster for the town.") == "It was a disaster for the town."
    assert "falsely" not in L.neutral_wording("Green falsely claimed the count had been changed.")
