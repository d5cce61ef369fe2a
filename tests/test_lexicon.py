"""Loaded language on short literal sentences: found, neutralised, noted."""

from __future__ import annotations

from generator.analysis.lexicon import (
    find_loaded,
    in_quotation,
    language_notes,
    neutralise,
)
from generator.model import Article


def test_found_with_kind():
    kinds = {f.term: f.entry.kind for f in find_loaded("The regime clearly launched a brutal attack.")}
    assert kinds == {"regime": "label", "clearly": "certainty", "brutal": "evaluative"}


def test_neutralised_outside_quotes_only():
    assert neutralise("The regime clearly failed.") == "The government failed."
    quoted = 'He said: "The regime clearly failed."'
    assert neutralise(quoted) == quoted
    [finding, _] = find_loaded(quoted)
    assert in_quotation(quoted, finding)


def test_language_notes_glue_the_qualified_noun_and_mark_quotes():
    sentences = ("It is the greatest ally of the city.", '"This is a brutal plan," she said.')
    article = Article(path="x", title="T", text=" ".join(sentences), sentences=sentences, sha256="")
    notes = {n.term: n for n in language_notes(article)}
    assert "greatest ally" in notes
    assert "inside a quotation" in notes["brutal plan"].suggestion
