"""Loaded-language detector and safe neutraliser on top of spaCy (English only).

Why this shape
--------------
* Word lists alone do not work for news: sentiment lexicons flag most factual
  sentences ("the overwhelming majority of Americans", "a massacre that killed
  58 people"). So every candidate word is judged in context with the parse:
  its part of speech, what it modifies (dependency head), negation, whether it
  sits inside a quotation, and whether its noun is a statistic or a count.
* Every finding has a *kind* and a neutral *suggestion*, so a reader can check
  the judgement instead of trusting a score.
* Rewriting is conservative: we only drop boosters (intensifiers, certainty
  markers) where dropping them leaves a sentence that the original still
  entails, and swap emotive/claim verbs for neutral ones in the same tense.
  Labels and evaluative adjectives carry a judgement we cannot remove without
  changing what is said, so they are left and reported for attribution
  ("the article calls it ..."). Text inside quotation marks is the speaker's
  and is never rewritten.

Word sources (see data/SOURCES.md): a hand-written list of loaded terms with
kinds and replacements, plus adjectives rated subjective and polar in
Pattern's sentiment lexicon (PDDL) and VADER's valence lexicon (MIT). The
lists are plain text files shipped with the module; nothing is downloaded.

Public API: :func:`detect`, :func:`detect_text`, :func:`rewrite`,
:func:`neutralise`, :func:`is_neutral`, :func:`language_notes`, :class:`Finding`.

Measured on BABE dev (expert-marked biased words in news sentences): 0.27 of
the marked words found, 8.4 % of the non-biased sentences flagged (`make eval`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable, Sequence

from ..model import LanguageNote
from .parse import nlp as _shared_nlp
from .tokentext import VOWEL_SOUND, render

DATA = Path(__file__).resolve().parent / "data"

KINDS = (
    "certainty marker",
    "intensifier",
    "pejorative label",
    "emotive verb",
    "euphemism",
    "unsupported superlative",
    "evaluative adjective",
    "loaded claim verb",
    "evaluative adverb",
    "evaluative word",  # context only: reported inside sentences the other kinds found loaded
)

_ADVICE = {
    "certainty marker": "certainty marker with no source: omit it or say who is certain",
    "intensifier": "intensifier that adds force, not information: omit it",
    "pejorative label": "loaded label: attribute it to whoever uses it",
    "emotive verb": "emotive verb that dramatises what was said",
    "euphemism": "euphemism that softens what happened",
    "unsupported superlative": "superlative with no source or figure: attribute it or give the figure",
    "evaluative adjective": "evaluative wording: report what happened, not how good or bad it is",
    "loaded claim verb": "verb that casts doubt on (or vouches for) what someone said",
    "evaluative adverb": "adverb that judges what was done or said: omit it or attribute the judgement",
    "evaluative word": "emotionally charged word in a loaded sentence: check it is the source's, not ours",
}

# Evidence weights. A sentence is reported as loaded when the weights of its findings add up
# to EVIDENCE_MIN: one label or emotive verb is enough, while a mildly subjective adjective
# ("hopeful", "rare") or a claim verb needs company. Only EVIDENCE_MIN was tuned on the
# tune part of the BABE dev file; the kind weights are set by hand (see NOTES.md).
EVIDENCE_MIN = 0.9
KIND_WEIGHT = {
    "pejorative label": 1.0,
    "emotive verb": 1.0,
    "euphemism": 0.8,
    "certainty marker": 0.6,
    "unsupported superlative": 0.4,
    "intensifier": 0.6,
    "loaded claim verb": 0.5,
    "evaluative adverb": 0.6,
    "evaluative adjective": 0.0,  # the lexicon strength of the adjective, see _strength
    "evaluative word": 0.0,
}
QUOTED_FACTOR = 0.75
"""Evidence inside quotation marks counts this much: the words are the speaker's, and a
report that quotes them is not itself taking the side (they are still reported)."""
ATTRIBUTED_FACTOR = 0.8
"""Evidence in a sentence that attributes its content ("..., he said", "according to")
counts this much: charged words there are more often the source's than the writer's."""
REPORTING_VERBS = frozenset({
    "say", "tell", "add", "state", "write", "argue", "note", "explain", "report", "announce",
})
STRONG = 0.5
"""Lexicon strength from which an -ly adverb ("brutally") counts as judging."""
CONTEXT_VALENCE = 1.0
GATE_SUBJECTIVITY, GATE_POLARITY, GATE_VALENCE = 0.5, 0.2, 1.5
"""Lexicon entries weaker than these never count as evidence for the gate (the word files keep
looser entries, which only serve context findings inside sentences already found loaded)."""
"""VADER |valence| from which a noun/verb/adverb is reported as an 'evaluative word' in a
sentence already found loaded (context findings never make a sentence loaded on their own)."""

NEGATIONS = frozenset({"not", "n't", "never", "no", "hardly", "barely", "scarcely", "without"})

HEDGES = frozenset({
    # Hedges and attribution markers are what a neutral report *should* use: never flagged.
    "allegedly", "reportedly", "apparently", "supposedly", "seemingly", "arguably", "perhaps",
    "possibly", "probably", "likely", "unlikely", "fairly", "rather", "pretty", "quite",
    "relatively", "somewhat", "merely", "only", "nearly", "almost", "roughly", "mostly",
    "largely", "partly", "slightly", "hardly", "barely", "scarcely", "presumably", "purportedly",
})

_SPEECH_COMPLEMENTS = frozenset({"ccomp", "xcomp"})
_LITERAL_PREPS = frozenset({"into", "through", "onto", "off", "open", "shut", "down", "away", "out"})
_PHYSICAL_SENSE = frozenset({"slam", "blast", "rip", "torch", "trash", "bash", "hammer", "lash", "smear",
                             "gut", "batter"})
"""Emotive verbs that also name a physical act ("slammed the door", "ripped her top")."""
_PHYSICAL_OBJECTS = frozenset("""door doors lid window windows brake brakes ball balls shot shots car cars
top shirt shirts dress jeans clothes jacket trousers coat hole holes rock rocks wall walls music horn
paper page pages sheet bag bags box boxes fabric seam seams flesh skin muscle muscles tendon ligament
hamstring hamstrings tape roof roofs phone phones table desk fist fists head heads hand hands foot feet
water fire air gate gates drum drums guitar net goal post bar crossbar building house houses tyre tyres
tire tires engine engines pipe pipes tunnel tunnels cake bread food meal""".split())


def _physical_use(verb) -> bool:  # type: ignore[no-untyped-def]
    """The verb acts on a thing, not on a person or on what someone said."""
    return any(child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _PHYSICAL_OBJECTS
               for child in verb.children)


def _place_or_thing(tok) -> bool:  # type: ignore[no-untyped-def]
    """A place or a physical object: "tore into the city", "ripped into the wall"."""
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lemma_.lower() in _PHYSICAL_OBJECTS | _PLACE_NOUNS


_PLACE_NOUNS = frozenset("""city town village country street road neighbourhood neighborhood area region
territory field camp base compound crowd""".split())


_FIXED_SENSES = {
    # lemma -> (words that complete the verb in another sense, the prepositions that do)
    "plead": (frozenset({"guilty", "innocent", "contest", "nolo", "fifth", "insanity", "ignorance"}), frozenset()),
    "hail": (frozenset({"cab", "cabs", "taxi", "taxis"}), frozenset({"from"})),
    "beg": (frozenset({"question"}), frozenset()),
}
"""Fixed expressions in which an emotive verb of the list has another, plain meaning: a
plea in court ("pleaded guilty", "pleaded no contest", "pleaded the Fifth"), where one is
from ("hails from Ohio"), "begs the question". Their words are not a choice of the writer,
and a swapped verb would change what is said ("asked guilty")."""


def _fixed_sense(verb) -> bool:  # type: ignore[no-untyped-def]
    """The verb stands in one of the fixed expressions above (read on its parse: the words
    that complete it, its particle or preposition)."""
    words, preps = _FIXED_SENSES.get(verb.lemma_.lower(), (frozenset(), frozenset()))
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in preps:
            return True
        if child.dep_ in ("acomp", "oprd", "dobj", "advmod", "attr", "ccomp", "xcomp", "npadvmod") and (
                child.lower_ in words or any(t.lower_ in words for t in child.subtree if t.i > verb.i)):
            return True
    return False


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Entry:
    kind: str
    replacement: str | None
    """None = flag only; "" = omit the words; otherwise the neutral wording (verbs: a lemma)."""
    note: str = ""
    weight: float | None = None
    """Evidence weight; None = the kind's weight."""


@dataclass(frozen=True)
class Lexicon:
    words: dict[tuple[str, str], Entry]
    """(lemma, ADJ|ADV|NOUN|VERB) -> entry."""
    phrases: tuple[tuple[tuple[str, ...], Entry], ...]
    """Token sequences (lower case), longest first."""
    subjective: dict[str, tuple[float, float]]
    valence: dict[str, float]
    descriptive: frozenset[str]
    quantity: frozenset[str]

    @property
    def phrases_by_first(self) -> dict[str, tuple]:
        """Phrases indexed by their first word, longest first (built once per process:
        asked for every token, so it must not hash the phrase table each time)."""
        index = _PHRASE_INDEX.get(id(self.phrases))
        if index is None:
            index = _PHRASE_INDEX[id(self.phrases)] = _index_phrases(self.phrases)
        return index


_PHRASE_INDEX: dict[int, dict[str, tuple]] = {}


def _index_phrases(phrases) -> dict[str, tuple]:
    index: dict[str, tuple] = {}
    for words, entry in phrases:
        index[words[0]] = index.get(words[0], ()) + ((words, entry),)
    return index


def _lines(name: str) -> Iterable[str]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Split like spaCy's English tokenizer does for words and infix hyphens."""
    return tuple(re.findall(r"[a-z0-9']+|[^a-z0-9'\s]", phrase.lower()))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words: dict[tuple[str, str], Entry] = {}
    phrases: list[tuple[tuple[str, ...], Entry]] = []
    for line in _lines("curated_terms.tsv"):
        term, pos, kind, replacement, note, weight = (line.split("\t") + ["", ""])[:6]
        assert kind in KINDS, kind
        rep = None if replacement == "-" else "" if replacement == "<omit>" else replacement
        entry = Entry(kind, rep, note, float(weight) if weight else None)
        if pos == "PHRASE" or " " in term or "-" in term:
            phrases.append((_phrase_tokens(term), entry))
        else:
            words[(term, pos)] = entry
    subjective = {}
    for line in _lines("subjective_adjectives.tsv"):
        word, subj, pol = line.split("\t")
        subjective[word] = (float(subj), float(pol))
    valence = {w: float(v) for w, v in (line.split("\t") for line in _lines("valence_words.tsv"))}
    return Lexicon(
        words=words,
        phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
        subjective=subjective,
        valence=valence,
        descriptive=frozenset(_lines("descriptive_adjectives.txt")),
        quantity=frozenset(_lines("quantity_nouns.txt")),
    )


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    term: str
    """The words as they stand: an adjective together with the noun it qualifies
    (only when the parse makes that noun the adjective's head)."""
    start_char: int
    """Offsets relative to the text of the span passed to :func:`detect`."""
    end_char: int
    kind: str
    suggestion: str
    in_quote: bool
    """Inside quotation marks: the speaker's words, reported but never rewritten."""
    edit: tuple[int, int, str] | None = field(default=None, compare=False, repr=False)
    """Safe rewrite (start, end, replacement) relative to the span text; None = attribute instead."""
    weight: float = field(default=1.0, compare=False, repr=False)
    """Evidence that the sentence is loaded (see EVIDENCE_MIN)."""
    valence: float = field(default=0.0, compare=False, repr=False)
    """For a context word: how charged the sentiment lexicon rates it (VADER |valence|)."""

    @property
    def rewritable(self) -> bool:
        return self.edit is not None and not self.in_quote


def _default_nlp():  # type: ignore[no-untyped-def]
    """Our own prose is parsed with the same pipeline as the articles."""
    return _shared_nlp()


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (marks included).

    Straight and curly double quotes, and curly single quotes that open with
    U+2018. A quote left open runs to the end of the text; a closing mark with
    no opening one (a quotation begun in an earlier sentence) runs from the
    start, so multi-sentence quotations are still protected.
    """
    ranges: list[tuple[int, int]] = []
    for opener, closer in (("\u201c", "\u201d"), ("\u2018", "\u2019")):
        i = 0
        while i < len(text):
            o, c = text.find(opener, i), text.find(closer, i)
            if o == -1 and c == -1:
                break
            if o != -1 and (c == -1 or o < c):
                end = text.find(closer, o + 1)
                if end == -1:
                    if opener == "\u201c":
                        ranges.append((o, len(text)))
                    break
                ranges.append((o, end + 1))
                i = end + 1
            else:
                if opener == "\u201c" and not ranges:
                    ranges.append((0, c + 1))
                i = c + 1
    marks = [m.start() for m in re.finditer('"', text)]
    if len(marks) % 2 == 1:
        first = marks[0]
        opening = first == 0 or not text[first - 1].isalnum()
        if opening and first + 1 < len(text) and text[first + 1] != " ":
            ranges.append((first, len(text)))
            marks = marks[1:]
        else:
            ranges.append((0, first + 1))
            marks = marks[1:]
    for a, b in zip(marks[::2], marks[1::2]):
        ranges.append((a, b + 1))
    return sorted(ranges)


# --------------------------------------------------------------------------- context rules


def _coarse(tok) -> str:
    if tok.tag_.startswith("JJ") or tok.pos_ == "ADJ":
        return "ADJ"
    if tok.tag_.startswith("RB") or tok.pos_ == "ADV":
        return "ADV"
    if tok.tag_.startswith("VB"):
        return "VERB"
    if tok.pos_ in ("NOUN",) or tok.tag_ in ("NN", "NNS"):
        return "NOUN"
    return tok.pos_


def _is_name_part(tok) -> bool:
    """Capitalised mid-sentence, or tagged as a proper noun: part of a name
    ("Radical Party", "Great Britain"), not the writer's description."""
    if tok.pos_ == "PROPN" or tok.tag_.startswith("NNP"):
        return True
    return tok.text[:1].isupper() and tok.i > 0 and not tok.is_sent_start and not tok.doc[tok.i - 1].is_punct


def _negated(tok) -> bool:
    """'not clearly', 'never really': a negated booster is a hedge, not a booster."""
    doc = tok.doc
    for j in range(tok.i - 1, max(-1, tok.i - 3), -1):
        if doc[j].lower_ in NEGATIONS:
            return True
        if doc[j].is_sent_start:
            break
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" and c.i < tok.i for c in tok.head.children
    )


def _has_count(tok) -> bool:
    """A number in the phrase ("a massacre that killed 58 people"): a factual, counted use."""
    return any(t.like_num or t.tag_ == "CD" for t in tok.subtree if t.i != tok.i)


def _modifies_quantity(tok, lex: Lexicon) -> bool:
    """'the overwhelming majority of', 'a massive increase in': sizing a statistic."""
    return tok.dep_ in ("amod", "advmod") and tok.head.lemma_.lower() in lex.quantity


def _stance_prefixed(tok) -> bool:
    """'anti-racism', 'pro-war': the word names what a group is for or against."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("anti", "pro", "non")


def _technical_compound(tok) -> bool:
    """'tax regime', 'pension scheme': a common-noun compound makes a technical term."""
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower() for c in tok.children)


def _noun_phrase_end(adj) -> int:
    """Token index where 'adjective + the noun it qualifies' ends (the adjective itself
    unless the parse makes a following noun its head)."""
    head = adj.head
    if adj.dep_ in ("amod", "compound") and head.i > adj.i and head.pos_ in ("NOUN", "PROPN"):
        if head.i - adj.i <= 4:
            return head.i
    return adj.i


def _strength(word: str, lex: Lexicon) -> float:
    """How evaluative an adjective is, 0..1: Pattern subjectivity x polarity, or VADER
    |valence| / 4, whichever is larger. Measurable/factual adjectives score 0."""
    if word in lex.descriptive:
        return 0.0
    subj, pol = lex.subjective.get(word, (0.0, 0.0))
    if subj < GATE_SUBJECTIVITY or pol < GATE_POLARITY:
        subj = pol = 0.0
    valence = abs(lex.valence.get(word, 0.0))
    return max(subj * pol, valence / 4 if valence >= GATE_VALENCE else 0.0)


def _adj_strength(tok, lex: Lexicon) -> float:
    if tok.lemma_.lower() in lex.descriptive:  # "higher", "largest"
        return 0.0
    return max(_strength(tok.lower_, lex), _strength(tok.lemma_.lower(), lex))


def _valence(tok, lex: Lexicon) -> float:
    return max(abs(lex.valence.get(tok.lower_, 0.0)), abs(lex.valence.get(tok.lemma_.lower(), 0.0)))


def _judging_adverb(tok, lex: Lexicon) -> bool:
    """'-ly' adverb made from an adjective that the lexicons rate at all ('bizarrely',
    'clumsily'); factual bases ('politically', 'largely') are in the descriptive list."""
    if tok.lower_ in lex.descriptive or _modifies_quantity(tok, lex):
        return False
    bases = [b for b in _ly_base(tok.lower_) if b not in lex.descriptive]
    return any(b in lex.subjective or abs(lex.valence.get(b, 0.0)) >= CONTEXT_VALENCE for b in bases)


def _ly_base(word: str) -> list[str]:
    """Adjective candidates for an -ly adverb: brutally -> brutal, angrily -> angry."""
    if not word.endswith("ly") or len(word) < 5:
        return []
    stem = word[:-2]
    return [stem, stem[:-1] + "y" if stem.endswith("i") else stem, stem + "le", stem + "e", stem[:-2] if stem.endswith("al") else stem]


# --------------------------------------------------------------------------- detection


def detect(span, min_evidence: float = EVIDENCE_MIN) -> list[Finding]:
    """Loaded terms in a spaCy Span or Doc, in reading order; offsets relative to ``span.text``.

    A sentence is reported only when its findings' weights add up to ``min_evidence``
    (one label or emotive verb does; a mild adjective alone does not): news sentences
    are full of words a sentiment lexicon rates, and only their accumulation marks
    the writer's judgement. In a sentence so found, every adjective that qualifies a
    noun by judging it, and charged nouns and verbs ("evaluative word"), are reported
    too. ``min_evidence=0`` reports every term the detector knows, with no context
    findings: the strict check for our own prose (see :func:`is_neutral`).

    Findings inside quotation marks have ``in_quote=True``: the speaker's words, noted
    but never rewritten.
    """
    findings, context = _candidates(span)
    if min_evidence <= 0:
        return findings
    kept: list[Finding] = []
    for attributed, sentence in _by_sentence(span, findings + context):
        if _evidence(sentence, attributed) >= min_evidence - 1e-9:
            kept.extend(sentence)
    return sorted(kept, key=lambda f: f.start_char)


def detect_levels(span) -> tuple[list[Finding], list[Finding]]:  # type: ignore[no-untyped-def]
    """(`detect(span)`, `detect(span, min_evidence=0)`) from one pass over the parse:
    what the notes show, and every term the word lists know there."""
    findings, context = _candidates(span)
    kept: list[Finding] = []
    for attributed, sentence in _by_sentence(span, findings + context):
        if _evidence(sentence, attributed) >= EVIDENCE_MIN - 1e-9:
            kept.extend(sentence)
    return sorted(kept, key=lambda f: f.start_char), findings


def _evidence(findings: list[Finding], attributed: bool) -> float:
    """Sum of the findings' weights, quoted ones discounted, and all of them discounted when
    the sentence attributes what it says to someone."""
    total = sum(f.weight * (QUOTED_FACTOR if f.in_quote else 1.0) for f in findings)
    return total * (ATTRIBUTED_FACTOR if attributed else 1.0)


def _attributes(tokens) -> bool:
    """The sentence reports someone's words: a verb of saying, or 'according to'."""
    prev = ""
    for t in tokens:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORTING_VERBS:
            return True
        if prev == "according" and t.lower_ == "to":
            return True
        prev = t.lower_
    return False


def _by_sentence(span, findings: list[Finding]) -> list[tuple[bool, list[Finding]]]:
    """Group findings by the sentence they start in (a Span sentence is one group), each with
    whether that sentence attributes its content (see :func:`_attributes`)."""
    if not len(span):
        return []
    base = span[0].idx
    bounds = [0] + [t.i - span[0].i for t in span if t.is_sent_start and t.i > span[0].i] + [len(span)]
    starts = [span[b].idx - base for b in bounds[1:-1]]
    groups: dict[int, list[Finding]] = {}
    for f in findings:
        groups.setdefault(sum(1 for s in starts if s <= f.start_char), []).append(f)
    return [(_attributes(span[bounds[g] : bounds[g + 1]]), fs) for g, fs in groups.items()]


def _candidates(span) -> tuple[list[Finding], list[Finding]]:
    """(findings, context findings) before the evidence gate; context ones weigh 0."""
    lex = lexicon()
    tokens = list(span)
    if not tokens:
        return [], []
    base = tokens[0].idx
    text = span.text
    quotes = quote_ranges(text)
    taken: set[int] = set()
    found: list[Finding] = []
    context: list[Finding] = []

    def add(first, last, kind, entry_rep, note="", edit_tokens=None, edit_rep=None, weight=1.0, into=found,
            valence=0.0):
        """Record tokens first..last (inclusive) as a finding; edit_tokens (a, b) is the part
        that a rewrite touches (defaults to the whole term)."""
        start = tokens[first].idx - base
        end = tokens[last].idx + len(tokens[last].text) - base
        in_quote = any(a <= start and end <= b for a, b in quotes)
        suggestion = note or _ADVICE[kind]  # the kind is a field of its own, shown beside the term
        edit = None
        if edit_rep is not None:
            a, b = edit_tokens or (first, last)
            edit = (tokens[a].idx - base, tokens[b].idx + len(tokens[b].text) - base, edit_rep)
        if entry_rep:
            suggestion = f"use '{entry_rep}': {suggestion}"
        elif entry_rep == "" and "omit" not in suggestion:
            suggestion = f"omit it: {suggestion}"
        into.append(Finding(text[start:end], start, end, kind, suggestion, in_quote, edit, weight, valence))
        taken.update(range(first, last + 1))

    # 1. Phrases (longest first), matched on word forms or lemmas.
    for k, first in enumerate(tokens):
        for words, entry in lex.phrases_by_first.get(first.lower_, ()) + lex.phrases_by_first.get(first.lemma_.lower(), ()):
            n = len(words)
            if k + n > len(tokens) or any(i in taken for i in range(k, k + n)):
                continue
            seq = tokens[k : k + n]
            if all(t.lower_ == w or t.lemma_.lower() == w for t, w in zip(seq, words)):
                if not _phrase_ok(seq, entry, tokens):
                    continue
                weight = KIND_WEIGHT[entry.kind] if entry.weight is None else entry.weight
                add(k, k + n - 1, entry.kind, entry.replacement, entry.note, None, _phrase_edit(seq, entry), weight)
                break

    # 2. Single words in context.
    for k, tok in enumerate(tokens):
        if k in taken or not tok.is_alpha:
            continue
        res = _judge_word(tok, lex, tokens, k)
        if res is None:
            continue
        kind, rep, note, last, edit_rep, edit_span, weight = res
        if any(i in taken for i in range(k, last + 1)):
            last = k
        add(k, last, kind, rep, note, edit_span, edit_rep, weight)

    # 3. Context: judging adjectives on a noun, charged nouns/verbs (reported only in
    #    sentences the findings above make loaded).
    for k, tok in enumerate(tokens):
        if k in taken or not tok.is_alpha or tok.lower_ in HEDGES or _is_name_part(tok):
            continue
        if _stance_prefixed(tok):
            continue
        coarse = _coarse(tok)
        if coarse == "ADJ" and tok.lower_ not in lex.descriptive and not _modifies_quantity(tok, lex):
            if tok.dep_ in ("amod", "acomp", "attr", "oprd", "conj") or _adj_strength(tok, lex) > 0:
                last = min(_noun_phrase_end(tok) - tokens[0].i, len(tokens) - 1)
                if any(i in taken for i in range(k, last + 1)):
                    last = k
                add(k, last, "evaluative adjective", None, "", weight=0.0, into=context)
        elif coarse in ("NOUN", "VERB", "ADV") and _valence(tok, lex) >= CONTEXT_VALENCE:
            add(k, k, "evaluative word", None, "", weight=0.0, into=context, valence=_valence(tok, lex))
        elif coarse == "ADV" and _judging_adverb(tok, lex):
            add(k, k, "evaluative word", None, "", weight=0.0, into=context)

    return sorted(found, key=lambda f: f.start_char), context


def _phrase_ok(seq, entry: Entry, tokens) -> bool:
    first = seq[0]
    if entry.kind == "certainty marker" and first.i > 0 and not first.is_sent_start:
        prev = first.doc[first.i - 1]
        # "a change of course", "there is no doubt": only the adverbial, parenthetical use.
        if seq[0].lower_ == "of" and prev.pos_ in ("NOUN", "PROPN", "ADJ"):
            return False
    if entry.kind in ("intensifier", "certainty marker") and _negated(first):
        return False
    if entry.kind == "pejorative label" and any(_has_count(t) for t in seq if t.pos_ == "NOUN"):
        return False
    if entry.kind == "emotive verb":
        # "tore into the city", "ripped into the wall": the phrase's object is a place or a thing
        objects = [c for t in seq for c in t.children if c.i > seq[-1].i and c.dep_ in ("dobj", "pobj")]
        objects += [c for t in seq if t.pos_ == "ADP" for c in t.children if c.dep_ == "pobj"]
        if any(_place_or_thing(o) for o in objects):
            return False
    return True


def _parenthetical(seq) -> bool:
    """Bounded by the sentence start or a comma on the left, and a comma or the sentence end
    on the right: removing it leaves the clause intact."""
    doc = seq[0].doc
    a, b = seq[0].i, seq[-1].i
    left = a == 0 or seq[0].is_sent_start or doc[a - 1].text in (",", ";", "\u2014", "(") or doc[a - 1].is_quote
    right = b + 1 >= len(doc) or doc[b + 1].is_sent_start or doc[b + 1].text in (",", ".", ";", "!", "?", "\u2014", ")")
    return left and right


def _phrase_edit(seq, entry: Entry) -> str | None:
    if entry.replacement is None:
        return None
    if entry.replacement == "":
        if entry.kind == "intensifier" or _parenthetical(seq):
            return ""
        return None
    if entry.kind == "emotive verb":
        head = next((t for t in seq if t.tag_.startswith("VB")), seq[0])
        return _match_case(_inflect(entry.replacement, head.tag_), seq[0].text)
    return _match_case(entry.replacement, seq[0].text)


def _judge_word(tok, lex: Lexicon, tokens, k):
    """(kind, replacement, note, last_index, edit_replacement, edit_token_range) or None."""
    coarse = _coarse(tok)
    lower, lemma = tok.lower_, tok.lemma_.lower()
    if lower in HEDGES:
        return None
    entry = lex.words.get((lemma, coarse)) or lex.words.get((lower, coarse))
    if entry is not None:
        if _stance_prefixed(tok):  # "anti-fascist", "anti-racism": names a stance, not a label
            return None
        return _judge_curated(tok, entry, coarse, lex, tokens, k)
    if _is_name_part(tok) or _stance_prefixed(tok):
        return None
    strength = _adj_strength(tok, lex) if coarse == "ADJ" else 0.0
    if strength > 0 and not _stance_prefixed(tok):
        if _modifies_quantity(tok, lex):
            return None
        prev = tok.doc[tok.i - 1] if tok.i > tokens[0].i else None
        if prev is not None and prev.lower_ in ("most", "least"):
            return "unsupported superlative", None, "", k, None, None, max(strength, KIND_WEIGHT["unsupported superlative"])
        kind = "unsupported superlative" if tok.tag_ == "JJS" else "evaluative adjective"
        last = min(_noun_phrase_end(tok) - tokens[0].i, len(tokens) - 1)
        return kind, None, "", last, None, None, strength
    if coarse == "ADV" and lower.endswith("ly"):
        if max((_strength(b, lex) for b in _ly_base(lower)), default=0) >= STRONG and not _negated(tok):
            # "brutally attacked", "shockingly high": the adverb passes judgement; dropping it
            # leaves a sentence the original entails.
            if _modifies_quantity(tok, lex):
                return None
            last = k + 1 if tok.head.i == tok.i + 1 and k + 1 < len(tokens) else k
            return "intensifier", "", "", last, "", (k, k), KIND_WEIGHT["intensifier"]
    return None


def _judge_curated(tok, entry: Entry, coarse: str, lex: Lexicon, tokens, k):
    kind = entry.kind
    note = entry.note
    weight = KIND_WEIGHT[kind] if entry.weight is None else entry.weight
    rep = entry.replacement
    head = tok.head
    if kind in ("certainty marker", "intensifier", "evaluative adverb"):
        if _negated(tok) or _modifies_quantity(tok, lex):
            return None
        if kind == "evaluative adverb" and coarse != "ADV":
            return None
        if coarse == "ADV":
            if tok.lower_ == "very" and tok.tag_ != "RB":
                return None
            # "spoke clearly": a manner adverb after its verb describes, it does not vouch.
            if kind == "certainty marker" and head.pos_ == "VERB" and head.i < tok.i and tok.dep_ == "advmod":
                return None
            # The term includes the word it boosts when that word follows: "extremely dangerous".
            last = k + 1 if head.i == tok.i + 1 and head.pos_ in ("ADJ", "ADV", "VERB") and k + 1 < len(tokens) else k
            return kind, rep, note, last, rep, (k, k), weight
        if coarse == "ADJ":
            last = _noun_phrase_end(tok) - tokens[0].i
            edit = rep if rep == "" and last != k else None
            return kind, rep, note, min(last, len(tokens) - 1), edit, (k, k), weight
        if coarse == "VERB":  # "debunked"
            return kind, rep, note, k, None, None, weight
        return kind, rep, note, k, None, None, weight
    if kind == "emotive verb":
        if any(c.dep_ in ("prep", "prt") and c.lower_ in _LITERAL_PREPS for c in tok.children):
            return None  # "slammed into the wall", "blasted off": literal
        if tok.lemma_.lower() in _PHYSICAL_SENSE and _physical_use(tok):
            return None  # "ripped her top", "slammed the door": the physical sense
        if _fixed_sense(tok):
            return None  # "pleaded guilty", "hails from": a fixed expression, not a choice of words
        edit = None
        if rep is not None and (rep != "say" or any(c.dep_ in _SPEECH_COMPLEMENTS for c in tok.children)):
            edit = _match_case(_inflect(rep, tok.tag_), tok.text)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if edit is not None and nxt is not None and nxt.head.i == tok.i and nxt.dep_ == "prep" \
                and nxt.lower_ == "with" and rep in ("ask", "criticise"):
            # "pleaded with the judge" -> "asked the judge": the preposition goes with the verb
            return kind, rep, note, min(k + 1, len(tokens) - 1), edit, (k, min(k + 1, len(tokens) - 1)), weight
        if edit is not None and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children) \
                and rep in ("ask", "criticise"):
            edit = None  # "pleaded again with him": no neutral verb takes "with"
        return kind, rep, note, k, edit, (k, k), weight
    if kind == "loaded claim verb":
        # Only the speech sense: "claimed that ...", "..., he claimed". Not "claimed the
        # seat / responsibility / lives" (a direct object) or "admitted to hospital".
        speech = any(c.dep_ in _SPEECH_COMPLEMENTS for c in tok.children) or (
            tok.dep_ in ("parataxis",) or (tok.dep_ == "ROOT" and any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children))
        )
        if not speech:
            return None
        clausal = any(c.dep_ == "ccomp" for c in tok.children)
        edit = _match_case(_inflect(rep, tok.tag_), tok.text) if rep and clausal else None
        return kind, rep, note, k, edit, (k, k), weight
    if kind == "pejorative label":
        if coarse == "NOUN" and (_has_count(tok) or _technical_compound(tok)):
            return None
        if coarse == "VERB" and tok.lemma_.lower() == "lie":
            # "lies in", "lying on": the other verb 'lie'. Only 'lied' or 'lie about/to'.
            if tok.lower_ != "lied" and not any(c.lower_ in ("about", "to") for c in tok.children):
                return None
        if _is_name_part(tok) and tok.lower_ not in ("regime",):
            return None
        last = _noun_phrase_end(tok) - tokens[0].i if coarse == "ADJ" else k
        return kind, rep, note, min(last, len(tokens) - 1), None, None, weight
    if kind == "unsupported superlative":
        if tok.dep_ == "amod" and _has_count(tok.head):
            return None  # "the worst year since 2008 with 40 deaths": a counted comparison
        last = _noun_phrase_end(tok) - tokens[0].i
        return kind, rep, note, min(last, len(tokens) - 1), None, None, weight
    # evaluative adjective / euphemism single words
    if coarse == "ADJ" and kind == "evaluative adjective":
        if _modifies_quantity(tok, lex):
            return None
        last = min(_noun_phrase_end(tok) - tokens[0].i, len(tokens) - 1)
        return kind, rep, note, last, None, None, weight
    return kind, rep, note, k, None, None, weight


# --------------------------------------------------------------------------- inflection


_IRREGULAR = {"say": ("said", "says", "saying"), "die": ("died", "dies", "dying")}


def _inflect(lemma: str, tag: str) -> str:
    """Neutral verb in the original's form: VBD/VBN past, VBZ 3rd singular, VBG -ing."""
    words = lemma.split(" ", 1)
    verb, rest = words[0], (" " + words[1] if len(words) > 1 else "")
    past, third, ing = _IRREGULAR.get(verb) or (
        verb + ("d" if verb.endswith("e") else "ed"),
        verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s"),
        (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing",
    )
    form = {"VBD": past, "VBN": past, "VBZ": third, "VBG": ing}.get(tag, verb)
    return form + rest


def _match_case(replacement: str, original: str) -> str:
    if original[:1].isupper() and replacement:
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --------------------------------------------------------------------------- rewriting


@dataclass(frozen=True)
class Rewrite:
    text: str
    """The sentence with safe edits applied (boosters dropped, emotive/claim verbs neutral)."""
    changed: bool
    needs_attribution: tuple[Finding, ...]
    """Loaded terms left in place (labels, evaluative adjectives, quoted words, anything
    without a safe edit): the caller should attribute the sentence ("the article calls ...")."""


def _as_span(span_or_text, nlp=None):
    if isinstance(span_or_text, str):
        return (nlp or _default_nlp())(span_or_text)
    return span_or_text


def rewrite(span_or_text, nlp=None, min_evidence: float = EVIDENCE_MIN) -> Rewrite:
    """Neutral rewording plus the findings that could not be neutralised safely.

    Safe edits are applied wherever the detector knows a term, loaded sentence or not
    (dropping a booster is safe either way); ``needs_attribution`` lists what stays in a
    sentence that passes the evidence gate, plus quoted terms that could not be edited.
    """
    span = _as_span(span_or_text, nlp)
    text = span.text
    noted, findings = detect_levels(span)
    out = text
    changed = False
    for f in sorted((f for f in findings if f.rewritable), key=lambda f: -f.edit[0]):
        a, b, rep = f.edit
        if rep == "":
            a, b = _removal_bounds(out, a, b)
        out = _fix_article(out[:a], out[b:] if rep == "" else rep + out[b:])
        changed = True
    gated = (noted if min_evidence == EVIDENCE_MIN else detect(span, min_evidence)) if min_evidence > 0 else findings
    left = tuple(f for f in gated if not f.rewritable and f.kind != "evaluative word")
    return Rewrite(_tidy(out, text) if changed else text, changed, left)


def neutralise(span_or_text, nlp=None) -> str:
    """Neutral rewording that never changes meaning (see module doc); loaded words that cannot
    be removed safely stay, and :func:`rewrite` reports them for attribution."""
    return rewrite(span_or_text, nlp).text


def _removal_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen a removal to take the commas that set a parenthetical off:
    'He is, of course, wrong' -> 'He is wrong'; 'Clearly, it works' -> 'it works'."""
    before = text[:a].rstrip()
    after = text[b:].lstrip()
    if before.endswith(",") and after.startswith(","):
        return len(before) - 1, len(text) - len(after) + 1
    if (not before or before[-1] in ".!?;\"\u201c") and after.startswith(","):
        return a, len(text) - len(after) + 1
    return a, b




def _fix_article(before: str, after: str) -> str:
    """Join two pieces; if 'a'/'an' now stands before a different word, fix it:
    'an utterly false claim' -> 'a false claim'."""
    match = re.search(r"\b([Aa])(n?)\s*$", before)
    if match:
        article = match.group(1) + ("n" if VOWEL_SOUND.match(after) else "")
        before = before[: match.start()] + article + " "
        after = after.lstrip()
    return before + after


def _tidy(text: str, original: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*(?=[,.;:!?])", "", text)
    text = re.sub(r"(^|[.!?]\s+),\s*", r"\1", text)
    text = text.strip()
    if original[:1].isupper() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


# --------------------------------------------------------------------------- our prose, on the parse


@dataclass(frozen=True)
class Plan:
    """How to say a span of the article in neutral words, token by token (doc indices):
    what the summary and the headline apply to the article's own parse, so our prose is
    never parsed again."""

    drop: frozenset[int]
    replace: dict[int, str]
    """Token index -> the neutral word that stands in its place (an emotive verb's tense kept)."""
    blocked: tuple[Finding, ...]
    """Loaded terms outside quotation marks that could be neither rewritten nor dropped
    along the parse: with them the span is not ours to say (choose another sentence)."""


_OPTIONAL_DEPS = frozenset({"amod", "advmod", "npadvmod", "prep", "advcl", "relcl", "acl", "appos", "conj",
                            "parataxis", "nmod", "compound"})
"""Dependents a sentence still stands without (the head keeps its own meaning)."""
_KEEP_WORDS = NEGATIONS | HEDGES | {"not", "no", "never"}
_NEUTRAL_OWN = frozenset({"own"})
"""'his own party': the emphasis adds nothing the possessive does not say."""
_TRUTH_WORDS = frozenset("""right wrong true false correct incorrect real fake legal illegal lawful unlawful
    valid invalid accurate inaccurate genuine bogus legitimate illegitimate""".split())
"""Words that say whether something is so (a closed class, like negations): "on the wrong
side of history", "an illegal border crossing". Dropping one changes what is said, so our
prose keeps it as the sentence says it. (Blocking the sentence instead, so that the summary
takes another, cost the CNN/DM summaries their length limit: bench/RESULTS.md.)"""


def _truth_word(tok) -> bool:  # type: ignore[no-untyped-def]
    """A truth word, except an adverb on a verb of saying ("falsely claimed that"): that one is
    the outlet's verdict on a statement, loaded in our prose, and the statement stands without it."""
    lower = tok.lower_
    if lower in _TRUTH_WORDS:
        return True
    if not lower.endswith("ly") or lower in _BOOSTING_LY or not (lower[:-2] in _TRUTH_WORDS
                                                                 or lower[:-2] + "e" in _TRUTH_WORDS):
        return False
    head = tok.head
    return not (head.lemma_.lower() in _SAYING_VERBS
                or any(c.dep_ == "ccomp" for c in head.children))


_VERDICT_VERBS = frozenset({"claim", "assert", "allege", "insist", "suggest", "describe", "call", "label",
                            "accuse", "blame", "deny", "portray", "characterise", "characterize"})
_SAYING_VERBS = REPORTING_VERBS | _VERDICT_VERBS
_BOOSTING_LY = frozenset({"truly", "really", "genuinely"})
"""-ly forms of truth words that only add force ("truly a disaster"): boosters, dropped as such."""


def _in_quotes(tok, ranges: list[tuple[int, int]], base: int) -> bool:
    at = tok.idx - base
    return any(a <= at < b for a, b in ranges)


def _removable(tokens: list, span) -> bool:  # type: ignore[no-untyped-def]
    """Tokens the neutral wording may delete: never the clause's head, a negation, a hedge,
    a number or a date (what a sentence says must not change, only lose a judgement)."""
    root = span.root.i
    return bool(tokens) and not any(
        t.i == root or t.lower_ in _KEEP_WORDS or t.dep_ == "neg" or t.like_num
        or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY") for t in tokens)


def _constituent(tok, span, max_share: float):  # type: ignore[no-untyped-def]
    """The smallest optional constituent holding `tok` that the sentence stands without
    (with the comma or conjunction that joins it), or None."""
    node = tok
    words = sum(1 for t in span if t.is_alpha) or 1
    while node.i != span.root.i and span.start <= node.i < span.end:
        if node.head.pos_ == "ADP" and node.head.i != node.i and node.head.i != span.root.i \
                and not any(c.i != node.i and not c.is_punct for c in node.head.children):
            node = node.head  # "as reckless": the preposition goes with its only word
            continue
        if node.dep_ in _OPTIONAL_DEPS:
            sub = sorted(node.subtree, key=lambda t: t.i)
            if sub[0].i >= span.start and sub[-1].i < span.end and sub[-1].i - sub[0].i + 1 == len(sub):
                before = span.doc[sub[0].i - 1] if sub[0].i > span.start else None
                if node.dep_ == "conj" and before is not None and before.dep_ in ("cc", "punct"):
                    sub = [before, *sub]
                elif node.dep_ in ("appos", "relcl", "advcl", "acl", "parataxis") and before is not None \
                        and before.text == ",":
                    sub = [before, *sub]
                if sum(1 for t in sub if t.is_alpha) > max_share * words:
                    return None
                return sub if _removable(sub, span) else None
        node = node.head
    return None


def neutral_plan(span, known: Sequence[Finding] | None = None, *, strict: bool = True,
                 max_share: float = 0.4) -> Plan:
    """The neutral form of `span` (a sentence, or a part of one, of the article's parse).

    `known` holds every term the word lists know in the span (`detect(span, 0)`; computed
    when not given). Safe edits are applied (boosters dropped, emotive verbs made neutral
    in the same tense); a term with no safe edit is dropped with the smallest optional
    constituent that holds it (an adjective, a prepositional phrase, a side clause), never
    the clause's head, a negation, a hedge, a number or a date, and never more than
    `max_share` of the words; what is left is `blocked`. `strict` also drops, outside
    quotation marks, what the notes let pass but our own prose must not say: adjectives
    the sentiment lexicons rate as judging, on a noun ("a powerful senator"), judging
    -ly adverbs ("vigorously denied") and the emphatic "own"."""
    lex = lexicon()
    span = span[:] if not hasattr(span, "root") else span  # a Doc: its one span
    known = detect(span, min_evidence=0) if known is None else known
    if not len(span):
        return Plan(frozenset(), {}, ())
    base = span[0].idx
    drop: set[int] = set()
    replace: dict[int, str] = {}
    blocked: list[Finding] = []

    def tokens_in(a: int, b: int) -> list:
        return [t for t in span if a <= t.idx - base < b]

    for f in known:
        if f.in_quote or f.kind == "evaluative word":
            continue
        if f.rewritable:
            a, b, rep = f.edit  # type: ignore[misc]
            toks = tokens_in(a, b)
            if not toks:
                continue
            if rep == "":
                if any(_truth_word(t) for t in toks):
                    continue  # "in the country illegally": cutting it would change what is said
                drop.update(t.i for t in toks)
                after = span.doc[toks[-1].i + 1] if toks[-1].i + 1 < span.end else None
                before = span.doc[toks[0].i - 1] if toks[0].i > span.start else None
                if after is not None and after.text == ",":
                    if before is None:
                        drop.add(after.i)  # "Clearly, it works" -> "it works"
                    elif before.text == ",":
                        drop.update((before.i, after.i))  # "He is, of course, wrong" -> "He is wrong"
            else:
                replace[toks[0].i] = rep
                drop.update(t.i for t in toks[1:])
            continue
        toks = tokens_in(f.start_char, f.end_char)
        if not toks:
            continue
        if _truth_word(toks[0]):
            continue  # "the wrong side" is not "the side": kept as the sentence says it
        cut = _constituent(toks[0], span, max_share)
        if cut is None:
            if _curated(toks[0], lex) or f.kind != "evaluative adjective":
                blocked.append(f)
            # else: an adjective only the sentiment lexicons rate, said of a state ("pleaded
            # guilty", "is sorry", "remains critical"): a fact more often than a judgement
            continue
        drop.update(t.i for t in cut)
        for t in toks[1:]:  # "leftist mob": the noun the adjective was noted with may be a label too
            entry = lex.words.get((t.lemma_.lower(), _coarse(t)))
            if t.i not in drop and entry is not None and entry.replacement != "":
                rest = _constituent(t, span, max_share)
                if rest is None:
                    blocked.append(f)
                else:
                    drop.update(x.i for x in rest)
    if strict:
        ranges = quote_ranges(span.text)
        for tok in span:
            if tok.i in drop or not tok.is_alpha or _in_quotes(tok, ranges, base) or _is_name_part(tok):
                continue
            if _judging_modifier(tok, lex):
                cut = [t for t in tok.subtree]
                if _removable(cut, span) and cut[-1].i - cut[0].i + 1 == len(cut):
                    drop.update(t.i for t in cut)
    return Plan(frozenset(drop), replace, tuple(blocked))


def _curated(tok, lex: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """The word is in the hand-written list (not only rated by a sentiment lexicon)."""
    coarse = _coarse(tok)
    return (tok.lemma_.lower(), coarse) in lex.words or (tok.lower_, coarse) in lex.words


def _judging_modifier(tok, lex: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """A modifier that judges rather than describes: an adjective the sentiment lexicons
    rate as evaluative on a noun, a judging -ly adverb, or the emphatic "own"."""
    lower = tok.lower_
    if lower in HEDGES or lower in NEGATIONS or _truth_word(tok) or _stance_prefixed(tok) \
            or _modifies_quantity(tok, lex):
        return False
    if lower in _NEUTRAL_OWN:
        return tok.dep_ == "amod" and any(c.dep_ == "poss" for c in tok.head.children)
    coarse = _coarse(tok)
    if coarse == "ADJ" and tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
        return _adj_strength(tok, lex) > 0 and tok.tag_ not in ("JJR",)
    if coarse == "ADV" and tok.dep_ == "advmod" and lower.endswith("ly") and not _negated(tok):
        return _judging_adverb(tok, lex) or max((_strength(b, lex) for b in _ly_base(lower)), default=0) > 0
    return False


_RELATIONAL_ENDINGS = ("al", "ic", "ary", "ar", "ian", "an", "ese", "ish", "ory", "ed", "en")
"""Endings of relational adjectives ("federal", "economic", "military", "nuclear", "Iranian",
"Chinese") and participles ("elected", "undocumented", "broken"): they classify the noun
(what kind of court, which immigrants) and dropping them changes what is said."""


def colour_modifiers(span, mask: Sequence[bool] | None = None) -> set[int]:
    """Token indices of the adjectives our prose does without: one that qualifies a noun by
    how it is ("fierce criticism", "a prestigious lecture") rather than which it is. Kept:
    names and nationalities, numbers, the factual descriptors of the word list ("new",
    "former", "top"), relational adjectives and participles (see `_RELATIONAL_ENDINGS`),
    comparatives and superlatives (a comparison is a claim), hyphenated compounds, a
    negated adjective, words inside quotation marks (`mask`, aligned with the span), and
    anything the sentiment lexicons rate as factual use (`_modifies_quantity`)."""
    lex = lexicon()
    out: set[int] = set()
    for tok in span:
        if tok.dep_ != "amod" or tok.tag_ != "JJ" or tok.head.pos_ not in ("NOUN", "PROPN") or tok.head.i < tok.i:
            continue
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if mask is not None and mask[tok.i - span.start] or tok.ent_type_ or tok.like_num \
                or _is_name_part(tok) and not (tok.is_sent_start or tok.i == span.start):
            continue
        if lower in lex.descriptive or lemma in lex.descriptive or lower in HEDGES or tok.tag_ in ("JJR", "JJS") \
                or _truth_word(tok):
            continue
        if lower.endswith(_RELATIONAL_ENDINGS) and not _strength(lower, lex) > 0:
            continue
        doc = tok.doc
        if any(0 <= j < len(doc) and doc[j].text == "-" for j in (tok.i - 1, tok.i + 1)):
            continue
        if any(c.dep_ == "neg" or c.lower_ in ("most", "least", "more", "less") for c in tok.children) \
                or _modifies_quantity(tok, lex) or _stance_prefixed(tok):
            continue  # "not good"; "the most sweeping effort": a comparison is a claim
        if tok.head.dep_ == "compound" or any(c.dep_ == "compound" and c.i > tok.i for c in tok.head.children):
            continue  # "grand jury subpoenas", "joint tax returns": the adjective names a kind
        if any(c.dep_ == "advmod" for c in tok.children):
            out.update(c.i for c in tok.children if c.dep_ == "advmod" and c.lower_ not in _KEEP_WORDS)
        out.add(tok.i)
    return out


def plan_text(span, plan: Plan) -> str:
    """The span's words with the plan applied (spacing and punctuation repaired)."""

    kept = [t for t in span if t.i not in plan.drop]
    return render(kept, first_dropped=span.start in plan.drop, replace=plan.replace)


# --------------------------------------------------------------------------- our own prose


def detect_text(text: str, nlp=None, min_evidence: float = EVIDENCE_MIN) -> list[Finding]:
    """Findings in free text (several sentences), offsets relative to ``text``."""
    return detect(_as_span(text, nlp), min_evidence)


def is_neutral(text: str, nlp=None, min_evidence: float = EVIDENCE_MIN) -> bool:
    """True if our own prose (summary, role, question) holds no loaded term the detector
    flags, outside quotation marks: the same judgement, in context, as the language notes
    (`min_evidence=0`: every term of the word lists, without the context gate). Context
    words ("evaluative word") only ever accompany a loaded term, so they are not counted."""
    if not might_be_loaded(text):
        return True
    return not any(not f.in_quote and f.kind != "evaluative word"
                   for f in detect_text(text, nlp, min_evidence=min_evidence))


# --------------------------------------------------------------------------- the briefing's notes


NOTES_SHOWN = 4
"""Notes shown by default (`key`); the rest are listed under "more"."""
NOTE_VALENCE = 2.0
"""A context word ("evaluative word": a noun, verb or adverb the valence lexicon rates, in a
sentence found loaded) is listed among the notes only from this |valence| on, and never as a
key note: milder ones are ordinary words ("help", "benefits", "party"). Chosen on the even
rows of BABE dev, checked on the odd ones (recall 0.273 / 0.245 with it, 0.289 / 0.252 with
every context word, 0.251 / 0.232 with none; non-biased flagged unchanged)."""
_RANK = {
    "pejorative label": 1.0, "emotive verb": 0.9, "evaluative adverb": 0.8, "certainty marker": 0.8,
    "euphemism": 0.7, "loaded claim verb": 0.7, "unsupported superlative": 0.6, "intensifier": 0.5,
    "evaluative adjective": 0.5,
}
"""How telling each kind is to an editor, set by hand: a label or an emotive verb takes a side;
an intensifier or a mild adjective adds colour."""


def language_notes(sentences: Sequence, findings: Sequence[list[Finding]] | None = None,
                   headline=None) -> list[LanguageNote]:  # type: ignore[no-untyped-def]
    """The briefing's language notes, ranked: the loaded terms of each sentence (spaCy spans;
    `findings` may hold what `detect` already found per sentence) and of the outlet's
    `headline` (its parse), once per term, each with its kind and a neutral alternative.
    Ordinary words that only colour a loaded sentence ("evaluative word") are not notes.
    The `NOTES_SHOWN` most telling are `key` (a term in the headline first, then by kind
    and evidence, the article's own voice before quotations, earlier before later); the
    others follow, in article order."""
    ranked: list[tuple[float, int, LanguageNote]] = []
    seen: set[str] = set()
    if headline is not None and headline.text.strip():
        for f in headline_findings(headline):
            if f.term.lower() in seen:
                continue
            seen.add(f.term.lower())
            ranked.append((_RANK.get(f.kind, 0.3) + 1.0, -1, _note(f, headline.text.strip(), None, True)))
    for n, span in enumerate(sentences):
        text = span.text.strip()
        for f in findings[n] if findings is not None else detect(span):
            if f.kind == "evaluative word" and f.valence < NOTE_VALENCE or f.term.lower() in seen:
                continue
            seen.add(f.term.lower())
            score = _RANK.get(f.kind, 0.3) * (0.5 if f.in_quote else 1.0) + 0.3 * min(f.weight, 1.0)
            if f.kind == "evaluative word":
                score = -1.0  # a charged word in a loaded sentence: listed, never among the key notes
            ranked.append((score, n, _note(f, text, n, False)))
    order = sorted(range(len(ranked)), key=lambda i: (-ranked[i][0], ranked[i][1]))
    key = {i for i in order[:NOTES_SHOWN] if ranked[i][0] >= 0}
    notes = []
    for i in [*order[:NOTES_SHOWN], *sorted(order[NOTES_SHOWN:], key=lambda i: ranked[i][1])]:
        note = ranked[i][2]
        note.key = i in key
        notes.append(note)
    return notes


def _note(f: Finding, sentence: str, index: int | None, in_headline: bool) -> LanguageNote:
    suggestion = f.suggestion
    if f.in_quote:
        suggestion += " (inside a quotation: the speaker's words, kept as quoted)"
    return LanguageNote(term=f.term, sentence=sentence, suggestion=suggestion, kind=f.kind,
                        in_headline=in_headline, sentence_index=index)


def _forms(tok) -> list[str]:  # type: ignore[no-untyped-def]
    """The word and its likely lemmas: a capitalised headline word is often tagged as a name,
    so its lemma is not found ("Rebukes", "Slams", "Derided")."""
    w = tok.lower_
    out = [w, tok.lemma_.lower()]
    for suffix, back in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                         ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.append(w[: len(w) - len(suffix)] + back)
    return out


def headline_findings(title) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Loaded terms of an outlet's headline (its parse). Headlines capitalise every word, so
    the detector's "a capital mid-sentence is a name" rule cannot hold there: the terms of
    the hand-written list are matched on their lemma instead, outside named entities, and
    the rest of the detector runs as on a sentence."""
    lex = lexicon()
    span = title[:] if not hasattr(title, "root") else title
    found = {f.start_char: f for f in detect(span, min_evidence=0) if f.kind != "evaluative word"}
    base = span[0].idx if len(span) else 0
    ranges = quote_ranges(span.text)
    for tok in span:
        if not tok.is_alpha or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") \
                or tok.idx - base in found:
            continue
        for form in _forms(tok):
            entry = next((lex.words[(form, pos)] for pos in ("VERB", "NOUN", "ADJ", "ADV") if (form, pos) in lex.words),
                         None)
            if entry is not None:
                start = tok.idx - base
                found[start] = Finding(tok.text, start, start + len(tok.text), entry.kind,
                                       _ADVICE[entry.kind] if not entry.note else f"{entry.note} ({entry.kind})",
                                       any(a <= start < b for a, b in ranges),
                                       weight=KIND_WEIGHT[entry.kind] if entry.weight is None else entry.weight)
                break
    return sorted(found.values(), key=lambda f: f.start_char)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word that can start a finding, in lower case: the hand-written terms and the
    lexicon entries strong enough to count as evidence (weaker entries only ever add
    context to a sentence that holds one of these)."""
    lex = lexicon()
    words = {w for (w, _pos) in lex.words} | {p[0] for p, _ in lex.phrases}
    strong = {w for w, (subj, pol) in lex.subjective.items() if subj >= GATE_SUBJECTIVITY and pol >= GATE_POLARITY}
    strong |= {w for w, v in lex.valence.items() if abs(v) >= GATE_VALENCE}
    words |= strong | {w + "ly" for w in strong} | {w[:-1] + "ily" for w in strong if w.endswith("y")}
    return frozenset(words)


def might_be_loaded(text: str) -> bool:
    """A cheap test before a parse: False means no word of `text` is in any word list,
    so the detector cannot find anything (our own short prose usually has none)."""
    vocabulary = _vocabulary()
    return any(w in vocabulary or any(f in vocabulary for f in _stems(w))
               for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()))


def _stems(word: str) -> list[str]:
    """The word without an inflection ending: the lists hold lemmas ("hail", "excoriate"),
    our text holds "hailed", "excoriated", "lashes"."""
    out = []
    for suffix, back in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + back
            out += [stem, stem[:-1]] if len(stem) > 3 and stem[-1] == stem[-2] else [stem]  # "slammed"
    return out


_ARTICLE: ContextVar = ContextVar("article_parse", default=None)


@contextmanager
def article_parse(doc):  # type: ignore[no-untyped-def]
    """While an article is analysed, `neutral_wording` finds the text it is given in the
    article's own parse (a role is the article's words) instead of parsing it again."""
    token = _ARTICLE.set((doc, doc.text))  # Doc.text is rebuilt on every read: read it once
    try:
        yield
    finally:
        _ARTICLE.reset(token)


def _in_article(text: str):  # type: ignore[no-untyped-def]
    """The span of the article's parse that reads `text`, within one sentence, or None."""
    current = _ARTICLE.get()
    if current is None or not text.strip():
        return None
    doc, whole = current
    at = whole.find(text)
    if at < 0:
        return None
    span = doc.char_span(at, at + len(text))
    if span is None or not len(span) or any(t.is_sent_start for t in span[1:]):
        return None
    return span


_ROLE_ASIDES = frozenset({"advcl", "relcl", "acl", "parataxis", "appos"})


def neutral_role(text: str) -> str:
    """What an actor is shown doing, in our words, when `text` is the article's own phrase:
    `neutral_wording`, and the phrase compressed on the article's parse to what the actor
    did: adjectives that say how something was ("fierce criticism") and side clauses
    ("after getting testy with reporters", "who is working as ...") go, as in the summary.
    Other text (no parse of its own) gets `neutral_wording` alone."""
    cut = re.search(r"\s*(?:\.\.\.|…)\s*$", text)
    words, tail = (text[:cut.start()], text[cut.start():]) if cut else (text, "")
    span = _in_article(words)
    if span is None:
        return neutral_wording(text)
    ranges = quote_ranges(span.text)
    mask = [_in_quotes(t, ranges, span[0].idx) for t in span]
    plan = neutral_plan(span) if might_be_loaded(words) else Plan(frozenset(), {}, ())
    drop = set(plan.drop) | colour_modifiers(span, mask)
    for tok in span:
        aside = tok.dep_ in _ROLE_ASIDES or tok.dep_ == "prep" and any(c.dep_ == "pcomp" for c in tok.children)
        if aside and tok.head.i != tok.i and span.start <= tok.head.i < span.end \
                and not any(mask[t.i - span.start] for t in tok.subtree if span.start <= t.i < span.end):
            sub = [t for t in tok.subtree if t.i < span.end]  # a role cut short ("...") ends inside it
            if sub[0].i > span.start and sub[-1].i - sub[0].i + 1 == len(sub) and _removable(sub, span):
                drop.update(t.i for t in sub)
                if sub[0].i - 1 >= span.start and span.doc[sub[0].i - 1].text in (",", "—", "-", "--"):
                    drop.add(sub[0].i - 1)
    if not drop and not plan.replace:
        return text
    out = plan_text(span, Plan(frozenset(drop), plan.replace, plan.blocked))
    out = out[:-1] if out.endswith(".") and not words.rstrip().endswith(".") else out
    return out + (tail if tail and not any(t.i in drop for t in span[-1:]) else "")


def neutral_wording(text: str) -> str:
    """Our own prose made neutral: safe edits applied (as `neutralise`), and a loaded term
    with no safe edit dropped with the smallest optional part of the sentence that holds
    it (see `neutral_plan`). Never puts quotation marks around words that had none (that
    reads as sarcasm); a term that cannot go stays, and `is_neutral` says so. Quoted words
    are never touched. Parses `text`: the analysis works on the article's own parse
    (`neutral_plan`), this is for text that has none (a model's reply, a role string)."""
    if not might_be_loaded(text):
        return text
    cut = re.search(r"\s*(?:\.\.\.|…)\s*$", text)  # a role cut short ("said that ...")
    words, tail = (text[:cut.start()], text[cut.start():]) if cut else (text, "")
    span = _in_article(words)
    if span is not None:  # the article's own words: its parse, not a new one
        plan = neutral_plan(span)
        if not plan.drop and not plan.replace:
            return text
        out = plan_text(span, plan)
        return (out[:-1] if out.endswith(".") and not words.rstrip().endswith(".") else out) + tail
    doc = _as_span(text)
    _, known = detect_levels(doc)
    if not any(not f.in_quote and f.kind != "evaluative word" for f in known) \
            and not any(_judging_modifier(t, lexicon()) for t in doc):
        return text
    out = []
    for sent in doc.sents:
        plan = neutral_plan(sent, [f for f in detect(sent, min_evidence=0)])
        out.append(plan_text(sent, plan) if plan.drop or plan.replace else sent.text.strip())
    result = " ".join(p for p in out if p)
    if text.rstrip()[-1:] not in ".!?" and result.endswith(".") and not text.rstrip().endswith("."):
        result = result[:-1]
    return result


def lexicon_words() -> frozenset[str]:
    """Every single word the word files rate as loaded, without context rules: the
    baseline `make eval` sets the detector against."""
    lex = lexicon()
    words = {w for (w, _pos) in lex.words}
    words |= {w for w, (subj, pol) in lex.subjective.items() if subj >= GATE_SUBJECTIVITY and pol >= GATE_POLARITY}
    words |= {w for w, v in lex.valence.items() if abs(v) >= GATE_VALENCE}
    return frozenset(words)
