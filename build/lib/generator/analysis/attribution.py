"""Sentence-level facts about sourcing: quotations, figures, unnamed sources.

Who speaks in a sentence is read from the parse (`actors.find_cast`); these
string tests complete it, shared by the claims and the open questions, so
"unnamed officials" is detected the same way wherever it matters.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
