"""Claims: the ledger of who says what, each with its exact source sentence."""

from __future__ import annotations

from ..model import NO_SOURCE, Actor, Article, Claim, ClaimKind
from .attribution import has_figure, has_quote
from .lexicon import find_loaded, neutralise


def extract_claims(
    article: Article, actors: list[Actor], who: list[str | None], limit: int = 15
) -> list[Claim]:
    """A sentence is a claim when it involves an actor, a source, a figure or loaded wording."""
    forms = [f for a in actors for f in {a.name, a.name.split()[-1]}]
    claims = []
    for sentence, source in zip(article.sentences, who, strict=True):
        figure = has_figure(sentence)
        if not (source or figure or any(f in sentence for f in forms) or find_loaded(sentence)):
            continue
        kind: ClaimKind
        if has_quote(sentence):
            kind = "quote"
        elif source:
            kind = "attributed"
        elif figure:
            kind = "figure"
        else:
            kind = "assertion"
        claims.append(Claim(
            text=neutralise(sentence),
            attributed_to=source or NO_SOURCE,
            evidence=sentence,
            kind=kind,
        ))
    return claims[:limit]
