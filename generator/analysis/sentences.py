"""Sentence splitting: the unit of evidence.

Every claim's evidence is one of these sentences, so each must be an exact
substring of its paragraph.
"""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Sentences of one paragraph, each an exact substring of it."""
    pieces = [s.strip() for s in _segmenter(language).segment(paragraph)]
    return [s for s in pieces if s and s in paragraph]
