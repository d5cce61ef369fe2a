"""Claims: the ledger of who says what, each with its exact source sentence.

A claim is shown as the article wrote it: deleting words inside a claim can
change what it says ("had not clearly stated" is not "had not stated"), so
loaded words stay, marked by the language notes, and rewording is left to the
summary."""

from __future__ import annotations

from ..model import NO_SOURCE, Actor, Article, Claim, ClaimKind
from .attribution import has_figure, has_quote
from .lexicon import Finding


def extract_claims(
    article: Article, actors: list[Actor], who: list[str | None], loaded: list[list[Finding]],
    limit: int = 15,
) -> list[Claim]:
    """A sentence is a claim when it involves an actor, a source, a figure or loaded wording."""
    forms = [f for a in actors for f in {a.name, a.name.split()[-1]}]
    claims = []
    for sentence, source, findings in zip(article.sentences, who, loaded, strict=True):
        figure = has_figure(sentence)
        if not (source or figure or any(f in sentence for f in forms) or findings):
            continue
        kind: ClaimKind
        if has_quote(sentence):
            kind = "quote"
        elif source:
            kind = "statement"
        elif figure:
            kind = "figure"
        else:
            kind = "event"
        claims.append(Claim(
            text=sentence,
            attributed_to=source or NO_SOURCE,
            evidence=sentence,
            kind=kind,
        ))
    return claims[:limit]
