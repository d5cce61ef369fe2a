"""Regenerate the derived word files in data/ from the lexicons that pip packages ship.

Development-time only: the product reads the small files this writes and never
imports vaderSentiment or textblob. Run from the repo with those two packages
installed (``pip install vaderSentiment textblob``). Licences: see data/SOURCES.md.

Written files keep every adjective/word that could pass the loosest threshold
the detector uses, so thresholds can be tuned in generator/analysis/lexicon.py without rebuilding.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import textblob
import vaderSentiment

DATA = Path(__file__).resolve().parent.parent / "generator" / "analysis" / "data"
WORD = re.compile(r"^[a-z][a-z\-]+$")


def textblob_adjectives() -> dict[str, tuple[float, float]]:
    """Mean subjectivity and mean absolute polarity over the senses of each adjective
    in Pattern's en-sentiment.xml (as TextBlob itself averages them)."""
    path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form, pos = word.get("form", "").lower(), word.get("pos", "")
        if pos.startswith("JJ") and WORD.match(form):
            senses[form].append((float(word.get("subjectivity", 0)), abs(float(word.get("polarity", 0)))))
    return {
        form: (sum(s for s, _ in v) / len(v), sum(p for _, p in v) / len(v))
        for form, v in senses.items()
    }


def vader_words() -> dict[str, float]:
    """Mean human valence (-4..+4) of alphabetic words in VADER's lexicon."""
    path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        token, valence, *_ = line.split("\t")
        if WORD.match(token):
            out[token] = float(valence)
    return out


def main() -> None:
    adjectives = textblob_adjectives()
    vader = vader_words()
    with open(DATA / "subjective_adjectives.tsv", "w", encoding="utf-8") as out:
        out.write("# word\tsubjectivity\tabs_polarity  (Pattern en-sentiment.xml via TextBlob, PDDL; senses averaged)\n")
        for form, (subj, pol) in sorted(adjectives.items()):
            if subj >= 0.4 and pol >= 0.1:
                out.write(f"{form}\t{subj:.2f}\t{pol:.2f}\n")
    with open(DATA / "valence_words.tsv", "w", encoding="utf-8") as out:
        out.write("# word\tvalence  (VADER vader_lexicon.txt, MIT; mean of 10 raters, -4..+4)\n")
        for form, val in sorted(vader.items()):
            if abs(val) >= 1.0:
                out.write(f"{form}\t{val:.1f}\n")


if __name__ == "__main__":
    main()
