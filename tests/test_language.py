"""The neutralising rules, one behaviour at a time."""

from __future__ import annotations

import pytest

from generator.analysis.lexicon import find_loaded, has_unrewritable, neutralise
from generator.analysis.summary import _lower_first


@pytest.mark.parametrize("source, expected", [
    ("The United States has undoubtedly proven once again that it stands with its greatest ally, Israel, "
     "in its hour of need.", "The United States has proven that it stands with its ally, Israel."),
    ("Undoubtedly, the regime is collapsing.", "The government is collapsing."),
    ("It was an unprecedented, massive attack.", "It was an attack."),
    ("The aid, which has clearly saved countless lives, arrived.", "The aid, which has saved lives, arrived."),
    ("She sent an unmistakable message.", "She sent a message."),
])
def test_neutralise(source: str, expected: str):
    assert neutralise(source) == expected


def test_quoted_words_are_noted_but_never_rewritten():
    sentence = 'He praised their "unwavering support" and left.'
    assert [f.term for f in find_loaded(sentence)] == ["unwavering"]
    assert neutralise(sentence) == sentence
    assert has_unrewritable(sentence)


def test_words_inside_other_words_are_not_flagged():
    assert find_loaded("The clearlyfake domain and the regimented troops") == ()


@pytest.mark.parametrize("sentence, expected", [
    ("The Pentagon is sending aid.", "the Pentagon is sending aid."),
    ("President Joe Biden spoke.", "President Joe Biden spoke."),
    ("Defense Secretary Lloyd Austin said so.", "Defense Secretary Lloyd Austin said so."),
    ("Critics have been silent.", "critics have been silent."),
    ("Israel said it would act.", "Israel said it would act."),
    ("NATO met on Monday.", "NATO met on Monday."),
])
def test_lower_first_keeps_names(sentence: str, expected: str):
    assert _lower_first(sentence, proper={"Israel", "Pentagon"}) == expected
