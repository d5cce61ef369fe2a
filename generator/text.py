"""The few string rules every stage shares, defined once.

What counts as "a quotation" must be the same for the analysis that notes
loaded words, the attribution that finds speakers and the checker that
compares an LLM's quotes with the article; two definitions would let the
halves disagree about what is quoted.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

QUOTATION = re.compile(
    r'"([^"]+)"|\u201c([^\u201d]+)\u201d|\u2018([^\u2019]+)\u2019|\u00ab([^\u00bb]+)\u00bb'
)
"""A direct quotation in straight double, curly double, curly single or guillemet marks:
the speaker's words, which briefings never rewrite. (Straight single quotes are left out:
they are apostrophes far more often than quotation marks.)"""


def one_line(text: object) -> str:
    """Any whitespace run (newlines included) -> one space; ends trimmed."""
    return " ".join(str(text).split())


def quotations(text: str, pattern: re.Pattern[str] = QUOTATION) -> list[str]:
    """The quoted words themselves, without marks or edge punctuation. `pattern` may
    widen what counts as a mark (the LLM checker also reads backticks and straight
    single quotes), but must keep one group per kind of mark."""
    found = []
    for match in pattern.finditer(text):
        inner = next(g for g in match.groups() if g is not None).strip(" ,.;:!?")
        if inner:
            found.append(inner)
    return found


def publication_day(date: str) -> dt.date | None:
    """The publication day of a date as articles and feeds write it (ISO 8601 or RFC 2822),
    or None: the site's order, archive months, feeds and search, and the stories' date
    window all read it so."""
    date = (date or "").strip()
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(date).date()
    except (TypeError, ValueError, IndexError):
        return None
