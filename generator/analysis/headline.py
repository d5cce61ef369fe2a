"""Our own headline: one declarative sentence of at most 12 words, from the lead news sentence.

A headline we make is never presented as the outlet's (the briefing keeps the two apart);
it is computed for every article, so a loaded headline from the outlet has a neutral one
beside it. It is read off the article's one parse, never parsed again:

- the sentence: the first news sentence (not an opinion, a question or a quotation) whose
  subject is named (a name, or a pronoun resolved to the last name before it of the right
  kind); a dateline ("WASHINGTON —", "LONDON 1996-08-30") is never the subject;
- its core: subject, main verb (with its auxiliaries and negation: never dropped), object,
  then a prepositional phrase while the words allow; relative clauses, appositions and
  side clauses go. "X said Y did Z" gives "Y did Z" when Y is named;
- neutral: the loaded-language plan of the sentence (`lexicon.neutral_plan`) is applied to
  the same tokens; a sentence whose core keeps a loaded term is passed over;
- never cut inside a phrase: optional phrases are dropped whole until the core fits, and a
  sentence whose core alone is too long is passed over (so no "talk to Rep." endings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .lexicon import Finding, neutral_plan
from .summary import dateline_end, render

MAX_WORDS = 12
CANDIDATES = 6
"""How many of the first sentences may give the headline (the news is at the top)."""

_REPORTING = frozenset("""say tell add announce state claim warn insist argue confirm deny note write explain
declare assert acknowledge admit urge reiterate stress predict reply respond comment estimate
suggest report""".split())
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_DROP_IN_CORE = frozenset({"relcl", "appos", "acl", "advcl", "punct", "parataxis", "cc", "conj", "npadvmod",
                           "advmod", "prep", "mark", "dep", "meta", "intj"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "agent", "dative"})
_PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
_GROUP = {"it": ("ORG", "GPE", "NORP"), "they": ("ORG", "GPE", "NORP", "PERSON")}


def _subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in _SUBJECT_DEPS:
            return c
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    return None


def _named(tok: Token) -> bool:
    return any(t.ent_type_ in _NAMED or t.pos_ == "PROPN" for t in tok.subtree)


def _antecedent(pronoun: Token, floor: int) -> str | None:
    """The last name before the pronoun (in the article) of the kind it can stand for."""
    kinds = _PERSONAL.get(pronoun.lower_) or _GROUP.get(pronoun.lower_)
    if kinds is None:
        return None
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    best = None
    for ent in pronoun.doc.ents:
        if ent.end > pronoun.i:
            break
        if ent.label_ in kinds and ent.start >= floor:
            best = ent
    return best.text if best is not None else None


def _core(root: Token, subj: Token, sent: Span, floor: int, object_preps: bool = True) -> set[int]:
    keep: set[int] = set()

    def take(tok: Token, depth: int = 0, preps: bool = False) -> None:
        if floor <= tok.i < sent.end:
            keep.add(tok.i)
        for ch in tok.children:
            if depth >= 6 or ch.is_space:
                continue
            if ch.dep_ == "prep" and (preps or all(t.pos_ in ("PROPN", "ADP", "DET") for t in ch.subtree)):
                take(ch, depth + 1, preps)  # "the Bank of England": part of the name; "$3 billion in aid"
            elif ch.dep_ not in _DROP_IN_CORE:
                take(ch, depth + 1, preps)

    take(subj)
    for ch in root.children:
        if ch.dep_ in {"aux", "auxpass", "neg", "prt"} or ch.tag_ == "RP":
            keep.add(ch.i)
    keep.add(root.i)
    for ch in root.children:
        if ch.dep_ in _OBJECT_DEPS:
            take(ch, preps=object_preps)
    return keep


def _words(indices: set[int], doc: Doc) -> int:
    return sum(1 for i in indices if not doc[i].is_punct and not doc[i].is_space)


def _ends_badly(tok: Token) -> bool:
    """A headline must not end on an abbreviation ("Rep."), a function word or a name cut in two."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.text.endswith(".") and len(tok.text) > 1
            or tok.pos_ in {"ADP", "DET", "CCONJ", "PART", "SCONJ", "AUX"} and tok.dep_ != "neg"
            or tok.dep_ == "poss"
            or tok.pos_ == "PROPN" and nxt is not None and nxt.pos_ == "PROPN")


def headline(doc: Doc, sentences: Sequence[Span] | None = None, *, news: Sequence[bool] | None = None,
             known: Sequence[list[Finding]] | None = None, max_words: int = MAX_WORDS) -> str:
    """Our neutral headline for the article (see the module doc), or "" when no sentence
    of its top gives one. `sentences`, `news` (is each a news sentence) and `known` (every
    term the word lists know in each, `detect(s, 0)`) are the analysis' own, when given."""
    sents = list(sentences) if sentences is not None else [s for s in doc.sents if s.text.strip()]
    fallback = ""
    for k, sent in enumerate(sents[:CANDIDATES]):
        if news is not None and not news[k]:
            continue
        if sent.text.rstrip(" \"'”’").endswith("?"):
            continue
        text, named = _from_sentence(sent, known[k] if known is not None else None, max_words)
        if text and named:
            return text
        fallback = fallback or text
    return fallback


def _from_sentence(sent: Span, known: list[Finding] | None, max_words: int) -> tuple[str, bool]:
    doc = sent.doc
    floor = dateline_end(sent)
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or any(t.is_quote or t.text in "“”\"" for t in [root]):
        return "", False
    reported = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    if root.lemma_.lower() in _REPORTING and reported is not None and _subject_of(reported) is not None:
        root = reported  # "X said on Friday that Y did Z": the news is that Y did Z
    subj = _subject_of(root)
    if subj is None or subj.i < floor:
        return "", False  # no subject, or the parser took the dateline for it
    replace: dict[int, str] = {}
    named = _named(subj)
    if subj.pos_ == "PRON":
        name = _antecedent(subj, 0)
        if name is None:
            return "", False
        replace[subj.i] = name
        named = True
    keep = _core(root, subj, sent, floor)
    if _words(keep, doc) > max_words:
        keep = _core(root, subj, sent, floor, object_preps=False)
    if any(doc[i].is_quote or doc[i].text in "“”\"‘" for i in keep):
        return "", False  # a quotation in the core: the speaker's words, not a headline of ours
    plan = neutral_plan(sent, known)
    if any(_overlaps(f, sent, keep) for f in plan.blocked):
        return "", False
    keep -= plan.drop
    replace = {**plan.replace, **replace}
    if _words(keep, doc) > max_words:
        return "", False
    for prep in (c for c in root.children if c.dep_ in ("prep", "npadvmod") and c.i > root.i):
        extra = {t.i for t in prep.subtree} - plan.drop
        if any(doc[i].is_quote for i in extra) or any(_overlaps(f, sent, extra) for f in plan.blocked):
            break
        if _words(keep | extra, doc) <= max_words:
            keep |= extra
        break
    words = [doc[i] for i in sorted(keep)]
    while words and (words[-1].is_punct or _ends_badly(words[-1])):
        words.pop()
    if len(words) < 3:
        return "", False
    text = render(words, replace=replace).rstrip(".")
    text = re.sub(r"^[,;:\s—–-]+", "", text)
    return (text[:1].upper() + text[1:], named) if text else ("", False)


def _overlaps(finding: Finding, sent: Span, indices: set[int]) -> bool:
    base = sent[0].idx
    return any(finding.start_char <= sent.doc[i].idx - base < finding.end_char for i in indices)


def make_title(doc: Doc, max_words: int = MAX_WORDS) -> str:
    """A neutral headline from the lead sentence (kept for callers of the old name)."""
    return headline(doc, max_words=max_words)
