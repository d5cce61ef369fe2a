"""Who says what: finding the source a sentence attributes itself to.

Shared by the extractive claims and the open questions, so "unnamed
officials" is detected the same way wherever it matters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Actor
from ..text import QUOTATION
from .gazetteer import REPORTING_VERBS

UNNAMED_SOURCES = (
    "officials", "official", "sources", "source", "experts", "analysts", "critics",
    "diplomats", "witnesses", "residents", "observers", "insiders", "aides", "spokesperson",
    "spokesman", "spokeswoman", "people familiar", "authorities", "reports",
)

_REPORTING = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
_NUMBER = re.compile(
    r"\d|\b(?:dozens|hundreds|thousands|millions|billions|tens of thousands|countless|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|thousand|"
    r"million|billion)\b",
    re.IGNORECASE,
)


def has_quote(sentence: str) -> bool:
    return bool(QUOTATION.search(sentence))


def has_figure(sentence: str) -> bool:
    return bool(_NUMBER.search(QUOTATION.sub("", sentence)))


@lru_cache(maxsize=1)
def _unnamed_pattern() -> re.Pattern[str]:
    words = "|".join(UNNAMED_SOURCES)
    return re.compile(
        rf"\b(?P<a>{words})\b(?:\s+\w+){{0,4}}\s+(?:{_REPORTING})\b"
        rf"|\b(?:{_REPORTING}|according to)\s+(?:\w+\s+){{0,2}}(?P<b>{words})\b",
        re.IGNORECASE,
    )


def unnamed_source(sentence: str) -> str | None:
    """'officials say' / 'according to sources' -> 'officials' (not named in the article)."""
    match = _unnamed_pattern().search(sentence)
    return (match.group("a") or match.group("b")).lower() if match else None


# "Biden told reporters", "Netanyahu thanked": the actor is the grammatical subject.
# An appositive may stand between: "Tom Becker, who voted against the plan, argued".
_SUBJECT = r"(?<!\w)(?:{name})(?:,[^,]{{1,80}},)?(?:\s+[a-z]\w*){{0,2}}?\s+(?:{verb})\b"
# "according to the Pentagon", "..., said Jane Roe."
_AFTER = r"\b(?i:according to|said|says)\s+(?:[Tt]he\s+)?(?:\w+\s+){{0,2}}?(?:{name})(?=\s*[,.;]|$)"


def speakers(sentences: tuple[str, ...] | list[str], actors: list[Actor]) -> dict[str, str | None]:
    """Sentence -> its speaker, computed once per article and shared by every stage."""
    return {s: speaker(s, actors) for s in sentences}


def speaker(sentence: str, actors: list[Actor]) -> str | None:
    """The named actor, or unnamed source, a sentence reports as speaking."""
    text = QUOTATION.sub(" ", sentence)
    for template in (_SUBJECT, _AFTER):
        hits = []
        for actor in actors:
            pattern = "|".join(re.escape(f) for f in _forms(actor))
            match = re.search(template.format(name=pattern, verb=_REPORTING), text)
            if match:
                hits.append((match.start(), actor.name))
        if hits:
            return min(hits)[1]  # the earliest speaker is the sentence's subject
    unnamed = unnamed_source(text)
    if unnamed:
        return f"unnamed {unnamed}"
    return None


def _forms(actor: Actor) -> list[str]:
    forms = [actor.name]
    if actor.type == "person" and " " in actor.name:
        forms.append(actor.name.split()[-1])
    return forms
