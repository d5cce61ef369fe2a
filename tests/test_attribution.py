"""Who says what, on short literal sentences."""

from __future__ import annotations

from generator.analysis.attribution import has_figure, has_quote, unnamed_source

from helpers import analyse_text


def test_named_unnamed_and_no_speaker():
    article, analysis = analyse_text("Bridge reopens", "Mayor Ana Ruiz opened the bridge on Friday. "
                                     "Ruiz said the repairs came in under budget. The work cost more "
                                     "than planned, according to Ana Ruiz. Officials said the road "
                                     "would reopen in May. Traffic was light.")
    assert analysis.speakers == [None, "Ana Ruiz", "Ana Ruiz", "unnamed officials", None]


def test_unnamed_source_patterns():
    assert unnamed_source("Sources say the deal is close.") == "sources"
    assert unnamed_source("The deal is close, according to two diplomats.") == "diplomats"
    assert unnamed_source("Ruiz said the deal is close.") is None


def test_quotes_and_figures():
    assert has_quote('She said: "We are ready."') and has_quote("\u201cWe are ready,\u201d she said.")
    assert has_quote("\u00abNous sommes pr\u00eats\u00bb, a-t-elle dit.")
    assert not has_quote("The council's plan is ready.")
    assert has_figure("The plan costs $3.5 million.") and has_figure("Thousands of people came.")
    assert not has_figure('"We have 3 options," she said.')  # a number inside a quote is the speaker's
