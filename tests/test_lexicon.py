"""The loaded-language detector and the neutraliser, one behaviour at a time, on
literal sentences (negations and hedges kept, quotes never rewritten, statistics
and factual descriptors not flagged, "slammed" emotive, adjectives glued only to
their noun)."""

import pytest

from generator.analysis import lexicon as loaded
from generator.analysis.parse import nlp as load_nlp

from helpers import analyse_text


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def kinds(text, nlp, **kw):
    return {(f.term, f.kind) for f in loaded.detect_text(text, nlp, **kw)}


def test_negated_certainty_marker_is_kept(nlp):
    text = "It is not clearly a crime."
    assert loaded.detect_text(text, nlp, min_evidence=0) == []
    assert loaded.neutralise(text, nlp) == text


def test_unnegated_certainty_marker_is_dropped(nlp):
    assert loaded.neutralise("Clearly, the plan failed.", nlp) == "The plan failed."
    assert loaded.neutralise("He is, of course, wrong.", nlp) == "He is wrong."
    # "no doubt that" is not parenthetical: removing it would break the sentence.
    assert loaded.neutralise("There is no doubt that he lost.", nlp) == "There is no doubt that he lost."


def test_hedge_is_kept(nlp):
    text = "The official allegedly took bribes."
    assert loaded.detect_text(text, nlp, min_evidence=0) == []
    assert loaded.neutralise(text, nlp) == text


def test_nothing_rewritten_inside_quotes(nlp):
    text = 'He said the plan was "extremely dangerous" and critics "slammed" it.'
    findings = loaded.detect_text(text, nlp, min_evidence=0)
    assert findings and all(f.in_quote for f in findings)
    result = loaded.rewrite(text, nlp)
    assert result.text == text
    assert {f.term for f in result.needs_attribution} >= {"extremely dangerous", "slammed"}
    # Curly quotes too, and a quotation continuing from the previous sentence.
    assert loaded.neutralise("\u201cThey clearly slammed us,\u201d she said.", nlp) == "\u201cThey clearly slammed us,\u201d she said."
    assert loaded.neutralise("it was truly awful,\u201d she said.", nlp) == "it was truly awful,\u201d she said."


def test_statistic_not_flagged(nlp):
    assert loaded.detect_text("The overwhelming majority of Americans support the law.", nlp, min_evidence=0) == []


def test_historic_church_not_flagged(nlp):
    assert loaded.detect_text("Tourists visited the historic church on Sunday.", nlp, min_evidence=0) == []


def test_counted_massacre_is_factual(nlp):
    assert loaded.detect_text("It was a massacre that killed 58 people.", nlp, min_evidence=0) == []


def test_slammed_is_emotive_and_neutralised_in_tense(nlp):
    assert ("slammed", "emotive verb") in kinds("The senator slammed the proposal.", nlp)
    assert loaded.neutralise("The senator slammed the proposal.", nlp) == "The senator criticised the proposal."
    assert loaded.neutralise("The mayor slams the plan.", nlp) == "The mayor criticises the plan."
    assert loaded.neutralise("Democrats are slamming the bill.", nlp) == "Democrats are criticising the bill."
    # Literal use is not emotive.
    assert loaded.detect_text("The car slammed into a wall.", nlp, min_evidence=0) == []


def test_claim_verb_only_in_speech_sense(nlp):
    assert ("claimed", "loaded claim verb") in kinds("She claimed that the vote was stolen.", nlp, min_evidence=0)
    assert loaded.neutralise("She claimed that the vote was late.", nlp) == "She said that the vote was late."
    assert loaded.detect_text("The party claimed the seat in 2019.", nlp, min_evidence=0) == []


def test_adjective_glued_only_to_its_noun(nlp):
    terms = {f.term for f in loaded.detect_text("The radical regime across the border fell.", nlp, min_evidence=0)}
    assert "radical regime" in terms
    assert not any("across" in t for t in terms)
    # Predicative adjective: no noun follows as its head, so nothing is glued.
    terms = {f.term for f in loaded.detect_text("The group is radical and its leaders know it.", nlp, min_evidence=0)}
    assert "radical" in terms


def test_label_left_for_attribution_not_deleted(nlp):
    text = "Trump blasted Democrats as a leftist mob."
    result = loaded.rewrite(text, nlp)
    assert result.text == "Trump criticised Democrats as a leftist mob."
    assert [f.kind for f in result.needs_attribution] == ["pejorative label"]


def test_intensifier_dropped_and_article_fixed(nlp):
    assert loaded.neutralise("It was an utterly false claim.", nlp) == "It was a false claim."


def test_is_neutral_for_our_prose(nlp):
    assert loaded.is_neutral("The council approved the budget on Tuesday.", nlp)
    assert not loaded.is_neutral("Critics slammed the budget.", nlp)
    assert loaded.is_neutral('The article calls the plan "a disgrace".', nlp)


def test_offsets_relative_to_span(nlp):
    doc = nlp("The vote was held. Critics slammed the result.")
    sentence = list(doc.sents)[1]
    [finding] = loaded.detect(sentence, min_evidence=0)
    assert sentence.text[finding.start_char:finding.end_char] == "slammed"


def test_stance_prefix_is_not_a_label(nlp):
    # "anti-racist" names what a group is against; it does not call anyone racist.
    assert loaded.detect_text("Anti-racist protesters marched on Sunday.", nlp, min_evidence=0) == []
    assert ("racist remarks", "pejorative label") in kinds("He made racist remarks.", nlp, min_evidence=0)


def test_new_category_words(nlp):
    found = kinds("The draconian law is a farce, and critics ripped into the fiasco.", nlp, min_evidence=0)
    assert ("draconian law", "evaluative adjective") in found
    assert ("farce", "pejorative label") in found
    assert ("fiasco", "pejorative label") in found
    assert any(kind == "emotive verb" and term.startswith("ripped") for term, kind in found)


def test_attributed_sentence_needs_more_evidence(nlp):
    # The same weak evidence (a 0.6 adjective + a 0.5 claim verb) passes the gate in the
    # writer's own voice but not when the sentence attributes its content to a speaker.
    own = "The bogus plan, critics claimed, would fail."
    said = "The bogus plan, critics claimed, would fail, the report said."
    assert loaded.detect_text(own, nlp)
    assert loaded.detect_text(said, nlp) == []


def test_context_words_reported_in_loaded_sentence_only(nlp):
    # A judging -ly adverb is reported as an 'evaluative word' once the sentence is loaded...
    loaded_terms = {(f.term, f.kind) for f in loaded.detect_text("The senator slammed the plan and clumsily defended his own.", nlp)}
    assert ("clumsily", "evaluative word") in loaded_terms
    # ...but never makes a sentence loaded on its own.
    assert loaded.detect_text("He clumsily opened the door.", nlp) == []


def test_language_notes_carry_kind_suggestion_and_quote_mark():
    article, analysis = analyse_text(
        "Budget", 'The mayor slammed the plan. "These thugs slammed our plan," she said.')
    notes = {n.term: n for n in analysis.language_notes}
    assert "slammed" in notes and notes["slammed"].kind == "emotive verb"
    assert not notes["slammed"].suggestion.endswith("(emotive verb)")  # shown beside the term, not said twice
    quoted = [n for n in analysis.language_notes if n.sentence.startswith('"These')]
    assert quoted and all("inside a quotation" in n.suggestion for n in quoted)


def _planned(text, nlp):
    sent = next(nlp(text).sents)
    return loaded.plan_text(sent, loaded.neutral_plan(sent))


@pytest.mark.parametrize("text", [
    "The former mayor pleaded guilty to two counts of fraud on Monday.",
    "She pleaded not guilty to all charges.",
    "The company pleaded no contest to the charge.",
    "The mayor hails from a small town in Ohio.",
    "The plan begs the question of who will pay.",
    "The rebels tore into the city at dawn.",
])
def test_fixed_expression_keeps_its_verb(text, nlp):
    """A plea in court, where one is from, a physical act on a place: not the emotive verb,
    so neither a note nor a rewrite ("asked guilty", "praises from")."""
    assert _planned(text, nlp) == text
    assert loaded.neutralise(text, nlp) == text
    assert not any(f.kind == "emotive verb" for f in loaded.detect_text(text, nlp, min_evidence=0))


def test_emotive_verb_takes_its_preposition_along(nlp):
    assert _planned("He pleaded with the judge to spare his brother.", nlp) == "He asked the judge to spare his brother."
    assert _planned("The senator lashed out at the governor on Tuesday.", nlp) == \
        "The senator criticised the governor on Tuesday."


def test_dropped_adjective_takes_its_bare_preposition(nlp):
    # "as reckless" goes whole: never "criticised the decision as."
    assert _planned("Critics slammed the decision as reckless.", nlp) == "Critics criticised the decision."
