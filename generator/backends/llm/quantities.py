"""Quantities in text, for comparing an LLM's numbers with its cited sentences: digits,
number words, scales and vague magnitudes read the same way on both sides. Used by the
checker (`grounding`) and by the claims' fields (`facts`), so it imports neither."""

from __future__ import annotations

import re

_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (n + 2) for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "dozen": 12}
VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
          "trillions": 1e12, "tens": 10, "scores": 20}
_QTOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:-[a-z]+)?|%", re.IGNORECASE)


def _number_parts(tok: str) -> list[int]:
    """The number words a token starts with: "twenty-five" -> [20, 5], "five-year" -> [5],
    "year" -> [] ("and" is not a number word)."""
    out = []
    for part in tok.split("-"):
        if part in _UNITS:
            out.append(_UNITS[part])
        elif part in _TENS:
            out.append(_TENS[part])
        else:
            break
    return out


def quantities(text: str) -> tuple[set[float], set[float]]:
    """(exact values, vague magnitudes) in `text`: "12 million" and "twelve million" and
    "12m" -> 12e6; "5 per cent" and "5%" -> 5; "thousands" -> magnitude 1e3."""
    values: set[float] = set()
    vague: set[float] = set()
    tokens = [t.lower() for t in _QTOKEN.findall(text.replace("\u2019", "'"))]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        value: float | None = None
        if tok[0].isdigit():
            digits = tok.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok) else tok
            try:
                value = float(digits.replace(",", "."))
            except ValueError:
                value = None
            i += 1
        elif _number_parts(tok) and not (tok.startswith("one-") and len(_number_parts(tok)) == 1):
            # "one-off", "one-sided": a kind, not a count (as "one" alone is not compared)
            value = 0.0
            after_hundred = False
            while i < len(tokens) and (_number_parts(tokens[i]) or tokens[i] == "and" and after_hundred):
                # "and" joins a number only after "hundred" ("one hundred and five"); "two
                # and three minutes" is two numbers, not five
                after_hundred = False
                parts = _number_parts(tokens[i])
                value += sum(parts)
                whole = len(parts) == tokens[i].count("-") + 1
                i += 1
                if not whole and tokens[i - 1] != "and":
                    break  # "five-year", "three-day": the number ends inside the compound
                if i < len(tokens) and tokens[i] == "hundred":
                    value *= 100
                    i += 1
                    after_hundred = True
        elif tok in VAGUE:
            vague.add(VAGUE[tok])
            i += 1
            continue
        else:
            i += 1
            continue
        if value is None:
            continue
        while i < len(tokens) and tokens[i] in _SCALES:
            value *= _SCALES[tokens[i]]
            i += 1
        values.add(round(value, 6))
        if value == 1 and tok in ("one",):
            values.discard(1.0)  # "one of the", "no one": not a quantity worth comparing
    return values, vague
