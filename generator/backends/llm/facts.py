"""The numbers and dates a published claim rests on, read from its parse.

The claim's words were checked against its cited sentences (quantities after
normalising, names and days as written), so what is read here is the article's
figure in the claim's words: stories compare them across outlets.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ...model import Quantity
from .quantities import quantities

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "£": "GBP", "pound": "GBP",
               "pounds": "GBP", "€": "EUR", "euro": "EUR", "euros": "EUR", "¥": "JPY", "yen": "JPY"}
_DATE_FORMATS = (("%d %B %Y", "%Y-%m-%d"), ("%B %d %Y", "%Y-%m-%d"), ("%d %b %Y", "%Y-%m-%d"),
                 ("%b %d %Y", "%Y-%m-%d"), ("%Y-%m-%d", "%Y-%m-%d"), ("%B %Y", "%Y-%m"), ("%Y", "%Y"))


def numbers(doc: Doc) -> list[Quantity]:
    """Counts, amounts and percentages (spaCy's CARDINAL, MONEY, PERCENT, QUANTITY entities)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            continue
        values = sorted(quantities(ent.text)[0])
        words = ([ent.doc[ent.start - 1].lower_] if ent.start > 0 else []) + [t.lower_ for t in ent] \
            + ([ent.doc[ent.end].lower_] if ent.end < len(ent.doc) else [])  # "$" is outside spaCy's MONEY
        unit = "%" if ent.label_ == "PERCENT" or "%" in ent.text else next(
            (_CURRENCIES[w] for w in words if w in _CURRENCIES), "")
        head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod") else None
        what = head.text if head is not None and head.pos_ in ("NOUN", "PROPN") and head.i >= ent.end else ""
        out.append(Quantity(ent.text, values[-1] if values else None, unit, what))
    return out


def dates(doc: Doc) -> list[str]:
    """Dates as ISO (YYYY-MM-DD, YYYY-MM, YYYY) when written in full, else as the article
    writes them ("Monday", "last year")."""
    out: list[str] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|,", "", ent.text).strip()
        for pattern, iso in _DATE_FORMATS:
            try:
                value = dt.datetime.strptime(text, pattern).strftime(iso)
                break
            except ValueError:
                continue
        else:
            value = ent.text
        if value not in out:
            out.append(value)
    return out
