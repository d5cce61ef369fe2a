"""News first: which sentences report, and whether the article reports or argues.

A reporting sentence says who did what (or who said what: an attributed statement is
news about a statement). An opinion sentence argues in the writer's own voice; it is
told by its form on the parse, not by its topic:

- a deontic modal on the main verb ("the United States should keep its promise",
  "we must act"), outside quotation marks;
- a question outside quotation marks (rhetorical in a report);
- the reader addressed ("you", an imperative main verb with no subject);
- the writer speaking ("I", "we", "our") outside quotation marks;
- an evaluative predicate: "X is/seems/remains <judging adjective or noun>" with a
  word the sentiment lexicons rate as judging, in the writer's voice.

A sentence the analysis attributes to a speaker is reported speech, so news. An article
is an opinion piece when at least `OPINION_SHARE` of its first `WINDOW` sentences in its
own voice argue. Both numbers are set by hand (a news report quotes opinions but rarely
argues in two of five of its own sentences), not fitted to a data set.
"""

from __future__ import annotations

from collections.abc import Sequence

from .lexicon import HEDGES, _adj_strength, lexicon

OPINION_SHARE = 0.4
WINDOW = 10
MIN_OWN = 3
"""Fewer sentences in the article's own voice than this say nothing about its genre."""

_DEONTIC = frozenset({"should", "must", "ought", "shall", "needs"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_FIRST = frozenset({"i", "me", "my", "we", "us", "our", "ours", "ourselves"})
_COPULAS = frozenset({"be", "seem", "remain", "become", "appear", "look", "sound"})


def opinion_sentence(sent, mask: Sequence[bool], speaker: str | None = None) -> bool:  # type: ignore[no-untyped-def]
    """The sentence argues in the writer's voice (see the module doc). `mask` marks the
    tokens inside quotation marks; `speaker` is who the analysis finds speaking, if anyone."""
    if speaker:
        return False
    off = sent.start
    outside = [t for t in sent if not mask[t.i - off]]
    if not outside:
        return False
    if sent.text.rstrip(" \"'”’").endswith("?") and not mask[len(sent) - 1]:
        return True
    root = sent.root
    for t in outside:
        if t.lower_ in _SECOND and t.pos_ == "PRON":
            return True
        if t.lower_ in _FIRST and t.tag_ in ("PRP", "PRP$") and t.text != "US":
            return True
        if t.tag_ == "MD" and t.lower_ in _DEONTIC and t.head.i == root.i:
            return True
    if root.tag_ == "VB" and root.i == _first_word(sent) and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children):
        return True  # an imperative: "Consider the facts."
    if _generic(sent, root):
        return True
    if root.lemma_.lower() in _COPULAS and not mask[root.i - off]:
        lex = lexicon()
        for c in root.children:
            if c.dep_ in ("acomp", "attr") and not mask[c.i - off]:
                judged = [c, *(a for a in c.children if a.dep_ == "amod")]
                if any(t.lower_ not in HEDGES and _adj_strength(t, lex) > 0 for t in judged):
                    return True
    return False


_GENERIC_MODALS = frozenset({"can", "could", "may", "might", "will", "would"})
_CONCRETE = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON", "ORG", "GPE"})


def _generic(sent, root) -> bool:  # type: ignore[no-untyped-def]
    """A general claim, not an event: a bare common-noun subject ("Alliances can act as a
    beacon", "Sanctions never work") in the present or with a modal, and nothing concrete
    in the sentence (no name, date or figure)."""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "NOUN" or subj.ent_type_:
        return False
    if any(c.dep_ in ("det", "poss", "nummod", "compound") for c in subj.children):
        return False
    tense = root.tag_ in ("VBP", "VBZ") or any(c.tag_ == "MD" and c.lower_ in _GENERIC_MODALS
                                                 for c in root.children)
    return tense and not any(t.ent_type_ in _CONCRETE for t in sent)


def _first_word(sent) -> int:  # type: ignore[no-untyped-def]
    return next((t.i for t in sent if t.is_alpha), sent.start)


def article_genre(opinion: Sequence[bool], speakers: Sequence[str | None]) -> str:
    """ "opinion" when the article argues in enough of its own sentences, else "news"."""
    own = [o for o, s in zip(opinion, speakers, strict=True) if not s][:WINDOW]
    if len(own) < MIN_OWN:
        return "news"
    return "opinion" if sum(own) >= OPINION_SHARE * len(own) else "news"
