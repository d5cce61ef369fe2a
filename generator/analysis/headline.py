"""Our own headline: one declarative sentence of at most 12 words, from the lead news sentence.

A headline we make is never presented as the outlet's (the briefing keeps the two apart);
it is computed for every article, so a loaded headline from the outlet has a neutral one
beside it. It is read off the article's one parse, never parsed again:

- the sentence: among the first news sentences (not an opinion, a question or a
  quotation) with a named subject (a name, or a pronoun resolved to the name before it;
  a dateline, "WASHINGTON —", is never the subject), the one whose core names what the
  article is about (the names and nouns it repeats), earlier ones weighing more;
- its core: subject (the titles before a name left out, every one of a coordinated
  subject kept), main verb with its auxiliaries and negation, and what completes the
  verb. "X said Y did Z" gives "Y did Z" when Y is named, "Y did Z, X says" when only X
  is, and "X said he did Z" gives "X did Z"; a sentence in the writer's own voice ("told
  us", "you") is no candidate;
- neutral: the loaded-language plan of the sentence (`lexicon.neutral_plan`) is applied to
  the same tokens; a loaded term nothing can remove makes its phrase go, or the sentence;
- built up, never cut inside a phrase: from the core, whole phrases are added, the one
  whose recurring words say most about the article per word first, while the headline
  has room (12 words as a reader counts them); no aside, comma-set apposition or
  relative clause, no day or time; a negation stays with what it negates ("neither X
  nor Y" whole), a hyphenated word stays whole, a phrase that would end the headline
  badly goes again. A sentence whose core alone is too long, or whose verb would lose
  its object or its clause its subject, is passed over (so no "talk to Rep." endings),
  and the text is rendered from the tokens' own spacing ("won't", never "wo n't").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .lexicon import Finding, neutral_plan
from .summary import dateline_end
from .tokentext import VOWEL_SOUND, render

MAX_WORDS = 12
CANDIDATES = 5
"""How many of the first sentences may give the headline (the news is at the top)."""

_REPORTING = frozenset("""say tell add announce state claim warn insist argue confirm deny note write explain
declare assert acknowledge admit urge reiterate stress predict reply respond comment estimate
suggest report""".split())
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "agent", "dative"})
_PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
_GROUP = {"it": ("ORG", "GPE", "NORP"), "they": ("ORG", "GPE", "NORP", "PERSON")}


def _subject_of(verb: Token, floor: int = 0) -> Token | None:
    """The verb's subject; past the dateline when the parser gave it two ("WASHINGTON --
    Obama and Boehner met")."""
    found = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if found:
        return next((c for c in found if c.i >= floor), found[0])
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


def _words(indices: set[int], doc: Doc) -> int:
    """Words as a reader counts them: "Kerry's" and "won't" are one word each."""
    return sum(1 for i in indices if not doc[i].is_punct and not doc[i].is_space
               and not (i > 0 and not doc[i - 1].whitespace_ and doc[i].text[:1] in "'’n" and doc[i].dep_ in ("case", "neg", "aux"))
               and not (i - 1 in indices and _joined(doc, i - 1)))


def _ends_badly(tok: Token) -> bool:
    """A headline must not end on an abbreviation ("Rep."), a function word or a name cut in two."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.text.endswith(".") and len(tok.text) > 1
            or tok.dep_ in ("neg", "nsubj", "nsubjpass")
            or tok.pos_ == "ADJ" and tok.dep_ in ("amod", "dobj", "pobj")  # "revealed a fierce internal"
            or tok.pos_ in {"ADP", "DET", "CCONJ", "PART", "SCONJ", "AUX"} and tok.dep_ != "neg"
            or tok.dep_ == "poss"
            or tok.pos_ == "PROPN" and nxt is not None and nxt.pos_ == "PROPN")


def headline(doc: Doc, sentences: Sequence[Span] | None = None, *, news: Sequence[bool] | None = None,
             known: Sequence[list[Finding]] | None = None, max_words: int = MAX_WORDS) -> str:
    """Our neutral headline for the article (see the module doc), or "" when no sentence
    of its top gives one. `sentences`, `news` (is each a news sentence) and `known` (every
    term the word lists know in each, `detect(s, 0)`) are the analysis' own, when given."""
    sents = list(sentences) if sentences is not None else [s for s in doc.sents if s.text.strip()]
    weight = _topic_weights(doc)
    best: tuple[float, str] | None = None
    fallback: tuple[float, str] | None = None
    for k, sent in enumerate(sents[:CANDIDATES]):
        if news is not None and not news[k]:
            continue
        if sent.text.rstrip(" \"'”’").endswith("?"):
            continue
        if _own_voice(sent):
            continue
        text, named, kept = _from_sentence(sent, known[k] if known is not None else None, max_words, weight)
        if not text:
            continue
        lemmas = {doc[i].lemma_.lower() for i in kept}
        score = sum(weight.get(lemma, 0) for lemma in lemmas) * POSITION_DECAY ** k
        if named and (best is None or score > best[0]):
            best = (score, text)
        if fallback is None or score > fallback[0]:
            fallback = (score, text)
    return best[1] if best else fallback[1] if fallback else ""


_PERSONS = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})


def _own_voice(sent: Span) -> bool:
    """The writer speaks to the reader or of themselves outside quotes ("told us", "you
    were hungry"): scene-setting in the article's voice, not the news a headline tells."""
    from .summary import quote_mask

    mask = quote_mask(sent)
    return any(t.lower_ in _PERSONS and t.pos_ == "PRON" and not mask[t.i - sent.start] for t in sent)


POSITION_DECAY = 0.8
"""Each sentence further down weighs this much less: the news is at the top."""


def _topic_weights(doc: Doc) -> dict[str, float]:
    """How central each content word is to the article: how often its lemma recurs (names,
    nouns and verbs said twice or more); what the article is about recurs, a headline that
    names it tells the story (the centroid idea of extractive summarisers)."""
    from collections import Counter

    counts = Counter(t.lemma_.lower() for t in doc
                     if t.pos_ in ("NOUN", "PROPN", "VERB") and t.is_alpha and not t.is_stop)
    return {lemma: float(n) for lemma, n in counts.items() if n >= 2}


_TRIMMABLE = frozenset({"prep", "advcl", "conj", "relcl", "acl", "npadvmod", "advmod", "appos", "parataxis",
                        "dative", "agent"})
"""Dependents a headline may lose, right to left, until it fits: whole phrases only."""


def _from_sentence(sent: Span, known: list[Finding] | None, max_words: int,
                   weight: dict[str, float] | None = None) -> tuple[str, bool, set[int]]:
    from .summary import compression, quote_mask

    doc = sent.doc
    floor = dateline_end(sent)
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return "", False, set()
    replace: dict[int, str] = {}
    attribution = ""
    clauses = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    # "X said that Y did Z", or "Y did Z, X said" (a comma right after it, not "..., after X said")
    reported = next((c for c in clauses if c.i > root.i), None) or next(
        (c for c in clauses if c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ","), None)
    if root.lemma_.lower() in _REPORTING and reported is not None and (said := _subject_of(reported)) is not None:
        speaker = _subject_of(root, floor)
        source = _speaker_name(speaker, floor) if speaker is not None else ""
        if said.pos_ != "PRON" and (_named(said) or source):
            # "X said on Friday that Y did Z": the news is that Y did Z; when Y is no name
            # ("couples will be allowed to file, the IRS said"), X says so in the headline
            root = reported
            if source and not _named(said):
                says = "say" if speaker.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in speaker.children) \
                    else "says"
                attribution = f"{source} {says}"
        elif said.lower_ in ("he", "she", "they", "it") and speaker is not None and speaker.pos_ != "PRON" \
                and speaker.i >= floor:
            # "Weiner said he did not send it": the speaker speaks of himself
            name = [t for t in speaker.subtree if t.ent_type_ or t.pos_ == "PROPN"]
            if name and name[-1].i - name[0].i + 1 == len(name):
                replace[said.i] = doc[name[0].i:name[-1].i + 1].text
                root = reported
            elif not _named(speaker) and said.lower_ in _PERSONAL \
                    and (who := _antecedent(said, floor)) is not None:
                replace[said.i] = who  # "the lawmaker said he is sorry": the person named before
                root = reported
    subj = _subject_of(root, floor)
    if subj is not None and subj.i < floor:
        # "NORTHFIELD — Councillor Dana Price, ..., drew": the parse made the dateline the
        # subject and the name its apposition; the name is the subject
        appos = [c for c in subj.children if c.dep_ == "appos" and c.i >= floor]
        subj = next((c for c in appos if _named(c)), appos[0] if appos else subj)
    if subj is None or subj.i < floor:
        return "", False, set()  # no subject, or the parser took the dateline for it
    named = _named(subj) or subj.i in replace
    if attribution:
        max_words -= len(attribution.split())
    if subj.pos_ == "PRON" and subj.i not in replace:
        name = _antecedent(subj, 0)
        if name is None:
            return "", False, set()
        replace[subj.i] = name
        named = True
    mask = quote_mask(sent)
    plan = neutral_plan(sent, known)
    gone = compression(sent, mask=mask) | set(plan.drop) | _colour(sent)
    keep = {t.i for t in root.subtree if floor <= t.i < sent.end and sent.start <= t.i} - gone
    first = min((t.i for t in subj.subtree), default=subj.i)
    for ch in root.children:  # "On Friday, X did Y": the headline starts at its subject
        if ch.i < first and ch.dep_ not in ("aux", "auxpass", "neg", "nsubj", "nsubjpass"):
            keep -= {t.i for t in ch.subtree}
    keep = {i for i in keep if not (doc[i].dep_ == "mark" and doc[i].head.i == root.i)}
    title = next((c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"
                  and c.left_edge.i == subj.i + 1), None)
    if subj.pos_ == "NOUN" and title is not None:  # "Presumptive GOP nominee Mitt Romney": the name
        keep -= {t.i for t in subj.subtree} - {t.i for t in title.subtree}
        subj = title
    for ent in doc.ents:  # "New York Republican Rep. Michael Grimm's attorney": the name is enough
        if ent.label_ == "PERSON" and (ent.root == subj or subj in ent.root.ancestors):
            i = ent.start - 1
            while i >= subj.left_edge.i and ent.root in doc[i].ancestors and doc[i].dep_ not in ("det", "poss", "case"):
                keep.discard(i)  # the titles before the name, as far back as they hang on it
                i -= 1
            rest = doc[subj.left_edge.i:i + 1]
            if len(rest) and rest[-1].dep_ == "cc" and not any(t.ent_type_ == "PERSON" for t in rest):
                keep -= {t.i for t in rest}  # "Connecticut Attorney General and Senate candidate": both titles
    person = [t for t in subj.subtree if t.ent_type_ == "PERSON" and t.ent_iob_ in ("B", "I")]
    if subj.ent_type_ == "PERSON" and person:  # "Outgoing White House adviser Larry Summers": the name
        ent = next(e for e in doc.ents if e.start <= subj.i < e.end)
        keep -= {t.i for t in subj.subtree if t.i < ent.start and (t.dep_ in ("compound", "amod", "det", "nmod")
                                                                   or t.dep_ == "poss" and t.pos_ == "PRON")}
    for ch in [*root.children, *subj.children]:  # ", officials said,", "Etheridge, a Democrat,"
        if ch.dep_ in ("parataxis", "appos") or ch.dep_ == "punct" and ch.head.i == subj.i:
            keep -= {t.i for t in ch.subtree}
            keep -= {i for i in (ch.left_edge.i - 1, ch.right_edge.i + 1) if 0 <= i < len(doc) and doc[i].text == ","}
    needs = [c for c in root.children if c.dep_ in ("dobj", "attr", "acomp", "xcomp", "ccomp", "oprd")]
    if not needs:  # "signed onto a letter": the first phrase after the verb completes it
        needs = [c for c in root.children if c.dep_ in ("prep", "dative") and c.i > root.i][:1]
    protected = {c.i for c in needs}
    bare = _bare(root, subj, needs, keep)
    blocked = {i for i in keep if mask[i - sent.start] or any(_overlaps(f, sent, {i}) for f in plan.blocked)}
    if not bare & blocked:  # built up from the bare clause; else cut down to it, or passed over
        keep = _grow(doc, bare, keep - blocked, weight or {}, max_words)
    while True:
        words = _words(keep, doc)
        bad = [f for f in plan.blocked if _overlaps(f, sent, keep)]
        quoted = [i for i in keep if mask[i - sent.start]]
        if words <= max_words and not bad and not quoted:
            break
        cut = _least_central(root, subj, keep, weight or {}, protected)
        if cut is None:
            # whole phrases could not bring it down: the bare clause, who did what to what
            keep = bare
            if _words(keep, doc) > max_words or any(_overlaps(f, sent, keep) for f in plan.blocked) \
                    or any(mask[i - sent.start] for i in keep):
                return "", False, set()
            break
        keep -= cut
    words_kept = [doc[i] for i in sorted(keep)]
    while words_kept and (words_kept[-1].is_punct or _ends_badly(words_kept[-1])):
        if words_kept[-1].dep_ in ("neg", "nsubj", "nsubjpass", "ROOT", "ccomp", "xcomp", "aux", "auxpass") \
                or words_kept[-1].pos_ == "VERB":
            return "", False, set()  # "said the resolution was not", "said Wednesday he": a clause cut short
        words_kept.pop()
    kept_ids = {t.i for t in words_kept}
    for t in words_kept:  # "said there were on Tuesday": a verb whose object went
        objects = [c for c in t.children if c.dep_ in ("dobj", "attr", "acomp", "oprd")]
        if t.pos_ in ("VERB", "AUX") and objects and not any(c.i in kept_ids for c in objects) \
                or any(c.dep_ == "oprd" and c.i not in kept_ids for c in t.children):  # "called a report"
            return "", False, set()
    if _words(kept_ids, doc) < 3 or root.i not in kept_ids:
        return "", False, set()
    if not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.i == root.i and t.tag_ == "VBN"
               and any(c.dep_ == "nsubj" for c in t.children) for t in words_kept):
        # "Jan Brewer to veto a bill": a headline is a sentence, with a finite verb (a past
        # form with its subject, "people headed to ...", is one the tagger often calls VBN)
        return "", False, set()
    if needs and not any(t.i in kept_ids for c in needs for t in c.subtree):
        return "", False, set()  # "X said", "Y is expected": the verb without what it says
    replace = {**plan.replace, **replace}
    text = render(words_kept, replace=replace).rstrip(".")
    text = re.sub(r"^[,;:\s—–-]+", "", text)
    text = re.sub(r"\b([Aa]n?|[Tt]he)\s*,\s*", r"\1 ", text)  # "a, advisory position": its adjective went
    text = re.sub(r"\s*,\s*(?=,|$)", "", text)
    text = re.sub(r"\b([Aa])n? (?=(\w+))", lambda m: m.group(1) + ("n " if VOWEL_SOUND.match(m.group(2)) else " "),
                  text)
    if text and attribution:
        text = f"{text}, {attribution}"
    if len(text.split()) > max_words + len(attribution.split()):
        return "", False, set()  # what a reader counts, not what the parse does
    return (text[:1].upper() + text[1:], named, kept_ids) if text else ("", False, set())


def _speaker_name(speaker: Token, floor: int) -> str:
    """The name of who says it ("the Treasury Department", "Eric Holder"), or "" when the
    speaker is not named (a pronoun, "officials") or stands in the dateline."""
    if speaker.i < floor or speaker.ent_type_ not in _NAMED:
        return ""
    ent = next((e for e in speaker.doc.ents if e.start <= speaker.i < e.end), None)
    if ent is None or ent.start < floor:
        return ""
    name = re.sub(r"^[Tt]he ", "", ent.text)  # "Treasury Department says", as headlines say it
    return name if len(name.split()) <= 3 else ""


_NP_PARTS = frozenset({"det", "compound", "poss", "nummod", "amod", "case", "nmod", "quantmod", "neg", "aux", "auxpass",
                       "prt", "pobj"})


def _bare(root: Token, subj: Token, needs: Sequence[Token], keep: set[int]) -> set[int]:
    """The clause without its phrases: the subject's noun phrase, the verb with its
    auxiliaries, negation and particle, and the head phrase of what completes it (a noun
    phrase, or a preposition with its object), each with only its determiners, names,
    numbers and possessives; what `keep` already left out stays out."""
    out: set[int] = set()

    def phrase(tok: Token, depth: int = 0) -> None:
        out.add(tok.i)
        for ch in tok.children:
            if depth < 4 and (ch.dep_ in _NP_PARTS and not _not_only(ch) or _negation(ch)
                              or tok.pos_ in ("VERB", "AUX") and ch.dep_ in (
                                  "dobj", "xcomp", "aux", "nsubj", "nsubjpass", "expl")):
                phrase(ch, depth + 1)
        if tok.pos_ in ("VERB", "AUX") and tok.i != root.i and not any(
                c.dep_ in _OBJECT_DEPS for c in tok.children):  # "declined to get into the scrum"
            nxt = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i), None)
            if nxt is not None and depth < 4:
                phrase(nxt, depth + 1)

    phrase(subj)
    for ch in subj.children:  # "Ruiz and Hale met": every one of those who did it
        if ch.dep_ in ("conj", "cc"):
            phrase(ch)
    out.add(root.i)
    for ch in root.children:
        if ch.dep_ in ("aux", "auxpass", "neg", "prt"):
            out.add(ch.i)
    first: dict[str, Token] = {}
    for need in sorted(needs, key=lambda t: t.i):  # a parse may give a verb two objects: the first
        first.setdefault(need.dep_, need)
    for need in first.values():
        if need.dep_ != "ccomp" or len(first) == 1:
            phrase(need)
    return out & keep | {root.i}


_UNIT_PARTS = _NP_PARTS | {"pobj", "pcomp", "dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "mark", "nsubj", "expl",
                            "nsubjpass", "agent", "dative", "cc"}


_NOT_GROWN = frozenset({"punct", "cc", "mark", "case", "parataxis", "dep", "meta", "intj"})
"""A headline grows by the phrases that complete what it says, never by an aside or (below)
an apposition or relative clause set off by a comma ("three-term Governor Rick Perry" and
"a program that scours" are no asides)."""
_NEGATIONS = frozenset({"not", "n't", "n’t", "never", "no", "neither", "nor"})


def _not_only(tok: Token) -> bool:
    """ "not only X but also Y" says both, and is no negation."""
    return tok.lower_ == "not" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "only"


def _negation(tok: Token) -> bool:
    """A word that turns what it hangs on into its opposite: it never leaves a headline."""
    return (tok.lower_ in _NEGATIONS or tok.dep_ == "neg") and not _not_only(tok)


def _unit(head: Token, allowed: set[int]) -> set[int]:
    """The least a phrase can be shown as: its head with what it cannot stand without (a
    preposition's object, a verb's subject and object, a noun's determiners, names and
    numbers), never its own optional phrases."""
    out: set[int] = set()
    bad: list[int] = []

    def take(tok: Token, depth: int) -> None:
        out.add(tok.i)
        done = False
        for ch in tok.children:
            if depth < 5 and ch.i in allowed and (ch.dep_ in _UNIT_PARTS and not _not_only(ch) or _negation(ch)
                                                  or ch.tag_ == "WRB" and ch.i < tok.i) \
                    and not (ch.dep_ == "cc" and tok.i != head.i):
                take(ch, depth + 1)
                done = done or ch.dep_ in ("dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "pobj", "pcomp")
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ in _OBJECT_DEPS and c.i not in allowed for c in tok.children):
            bad.append(tok.i)  # "saying that X is waging": what it says was quoted or loaded
        if tok.pos_ in ("VERB", "AUX") and not done:  # "was on the side": the verb's first phrase completes it
            nxt = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and c.i in allowed), None)
            if nxt is not None:
                take(nxt, depth + 1)

    take(head, 0)
    if head.dep_ == "advcl" and not any(c.dep_ == "mark" or c.tag_ == "WRB" for c in head.children) \
            and any(c.dep_ in _SUBJECT_DEPS for c in head.children):
        return set()  # "... Wednesday she tweeted a photo": a clause joined with no word to join it
    if bad:
        return set()
    if head.dep_ == "conj":  # "and a call": its conjunction comes with it
        out |= {c.i for c in head.head.children if c.dep_ == "cc" and c.i < head.i and c.i in allowed}
    return out


def _grow(doc: Doc, bare: set[int], allowed: set[int], weight: dict[str, float], max_words: int) -> set[int]:
    """The bare clause with the phrases that say most about the article added, the densest
    first (the recurring words each adds, per word it costs), while the headline has room:
    built up from its core, so no phrase is left half."""
    keep = set(bare)
    added: list[set[int]] = []
    while True:
        room = max_words - _words(keep, doc)
        best: tuple[float, int] | None = None
        pick: set[int] = set()
        for i in sorted(keep):
            for ch in doc[i].children:
                if ch.i in keep or ch.i not in allowed or ch.dep_ in _NOT_GROWN \
                        or ch.dep_ in ("relcl", "appos") and doc[ch.left_edge.i - 1].text in (",", ":", ";", "—", "–", "(", "--"):
                    continue
                unit = _unit(ch, allowed) - keep
                cost = _words(unit, doc)
                if not cost or cost > room:
                    continue
                value = sum(weight.get(doc[j].lemma_.lower(), 0.0) for j in unit
                            if doc[j].is_alpha and doc[j].ent_type_ not in ("DATE", "TIME"))
                if value <= 0:
                    continue
                rank = (value / cost, -min(unit))
                if best is None or rank > best:
                    best, pick = rank, unit
        if best is None:
            break
        keep |= pick
        added.append(pick)
    while added:  # "after declaring that the United States was": a phrase that ends badly goes
        last = max((i for i in keep if not doc[i].is_punct), default=None)
        unit = next((u for u in reversed(added) if last in u), None)
        if last is None or unit is None or not _ends_badly(doc[last]):
            break
        keep -= unit
        added.remove(unit)
    # "mentions neither Obama nor Romney", "not only to": a negation of a kept word stays with it
    keep |= {t.i for i in list(keep) for c in doc[i].children if _negation(c) for t in c.subtree if t.i in allowed}
    for i in list(keep):  # "neither Lee nor Hale": the "nor" half too
        if any(c.dep_ == "preconj" and c.i in keep for c in doc[i].children):
            for c in doc[i].children:
                if c.dep_ in ("cc", "conj") and c.i in allowed:
                    keep |= _unit(c, allowed) | {c.i}
    return _whole_words(doc, keep, allowed)


def _joined(doc: Doc, i: int) -> bool:
    """Token i is a hyphen or slash inside a word ("Tea Party-backed", "same-sex")."""
    return 0 < i < len(doc) - 1 and doc[i].text in ("-", "/") and not doc[i - 1].whitespace_ \
        and not doc[i].whitespace_


def _whole_words(doc: Doc, keep: set[int], allowed: set[int]) -> set[int]:
    """Never half a hyphenated word: "a Tea Party-backed professor", not "a backed professor"."""
    keep = set(keep)
    changed = True
    while changed:
        changed = False
        for i in sorted(keep):
            for hyphen, other in ((i - 1, i - 2), (i + 1, i + 2)):
                if _joined(doc, hyphen) and hyphen not in keep and other in allowed:
                    part = {t.i for t in doc[other].subtree} if other < i else {other}
                    if len(part) <= 3 and part <= allowed:
                        keep |= part | {hyphen}
                        changed = True
    return keep


def _colour(sent: Span) -> set[int]:
    """Adjectives a headline does without: one on a noun that is not a name, a number, a
    nationality or a factual descriptor ("new", "former", "federal"). A headline keeps who
    did what; the word lists cannot rate every adjective ("fierce criticism"), so ours
    carries none that describe how something was."""
    from .lexicon import lexicon

    descriptive = lexicon().descriptive
    return {t.i for t in sent
            if t.dep_ == "amod" and t.pos_ == "ADJ" and not t.ent_type_ and t.lower_ not in descriptive
            and t.lemma_.lower() not in descriptive and not t.like_num and not any(c.dep_ == "neg" for c in t.children)
            and t.head.pos_ == "NOUN" and "-" not in t.text}


def _least_central(root: Token, subj: Token, keep: set[int], weight: dict[str, float],
                   protected: set[int] = frozenset()) -> set[int] | None:  # type: ignore[assignment]
    """The kept optional phrase (of the main verb, its object or its subject) that says the
    least about what the article is about (its words recur least; the later one on a tie),
    to be dropped whole; None when only the core is left."""
    doc = root.doc
    best: tuple[tuple[float, int], set[int]] | None = None
    heads = [doc[i] for i in sorted(keep)]
    for head in heads:
        for ch in head.children:
            if ch.dep_ not in _TRIMMABLE or ch.i == subj.i or ch.i in protected:
                continue
            if head.pos_ == "ADP" or head.lower_ == "according":
                continue  # "according to X" goes whole, never "according"
            sub = {t.i for t in ch.subtree} & keep
            if not sub:
                continue
            if any(0 <= i < len(doc) and doc[i].text == "-" for i in (min(sub) - 1, max(sub) + 1)):
                continue  # part of a hyphenated word ("Democratic-backed")
            before = min(sub) - 1
            if before >= 0 and doc[before].dep_ in ("cc", "punct") and before in keep:
                sub.add(before)  # "and a call for ...", ", which ..."
            words = [doc[i] for i in sub if doc[i].is_alpha]
            centrality = sum(1.0 + weight.get(t.lemma_.lower(), 0.0) for t in words)
            rank = (centrality, -max(sub))  # what costs the least of the article's topic goes first
            if best is None or rank < best[0]:
                best = (rank, sub)
    return None if best is None else best[1]


def _overlaps(finding: Finding, sent: Span, indices: set[int]) -> bool:
    base = sent[0].idx
    return any(finding.start_char <= sent.doc[i].idx - base < finding.end_char for i in indices)
