"""Text from a sentence's kept tokens: what the summary, neutral wording and the headline
write after dropping or replacing tokens of the article's parse (one place, so "a"/"an",
spacing and end punctuation are repaired the same way everywhere)."""

from __future__ import annotations

import re

VOWEL_SOUND = re.compile(r"\s*(?:[aeio]|u(?!ni|s[eu]|tili)|hour|honest|honou?r)", re.IGNORECASE)
"""A word that takes "an" (vowel sounds, "hour", not "uni-" or "use")."""
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)])")


def render(kept: list, first_dropped: bool = False, replace: dict[int, str] | None = None) -> str:
    """Text of the kept tokens (a word put in place of a token where `replace` says so);
    spacing across a deleted span is repaired, never a token's own spacing ("won't")."""
    parts = []
    replace = replace or {}
    for n, t in enumerate(kept):
        word = replace.get(t.i, t.text)
        if t.lower_ in ("a", "an") and n + 1 < len(kept) and (kept[n + 1].i != t.i + 1 or kept[n + 1].i in replace):
            after = replace.get(kept[n + 1].i, kept[n + 1].text)  # "an utterly false" -> "a false"
            word = word[0] + ("n" if VOWEL_SOUND.match(after) else "")
        parts.append(word)
        if n + 1 < len(kept):
            gap = kept[n + 1].i != t.i + 1  # something was deleted in between
            parts.append(" " if (gap or t.whitespace_) else "")
    text = "".join(parts).strip()
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^[,;:\s—–-]+", "", text)
    text = re.sub(r"[,;:\s—–-]+([.!?][\"'”’]?)$", r"\1", text)
    if text and text[-1] not in ".!?\"'”’":
        text += "."
    if first_dropped and text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text
