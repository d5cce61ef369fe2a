"""Speech: who says what in each sentence, and how (quotation, reported speech, a document).

A sentence reports speech when a verb of saying outside any quotation has content
(a reported clause, a quotation, "according to X"), when a speech act names its
object ("X criticised the plan", "Y apologised"), or when it continues a quotation
whose speaker is named in a neighbouring sentence. Who speaks is the verb's subject
read from the parse: a name, a pronoun resolved against the story so far, an epithet
("the congressman"), a document and its author ("the suit says", "a Fox News poll"),
or an unnamed source ("officials", "a person familiar with the matter"). A sentence
that only mentions someone ("Reid's comments added another voice") reports no speech.

The actors module owns the mentions; it hands `find_speech` a resolver that maps
tokens to actors and keeps the discourse state. The string tests at the end
(`has_quote`, `has_figure`, `unnamed_source`) serve text that has no parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from ..text import QUOTATION
from . import gazetteer as gz
from .gazetteer import REPORTING_VERBS

# Verbs of saying: speech only with content (a reported clause, a quotation).
SPEECH_VERBS = frozenset("""
say tell add ask answer reply respond write tweet post explain note state claim argue insist warn declare
assert acknowledge admit concede confirm deny announce suggest stress emphasize emphasise reiterate predict
estimate complain comment remark recall continue observe contend maintain testify caution vow pledge promise
report quip joke lament boast counter retort object allege charge indicate reveal disclose describe muse refer
clarify elaborate speak
wonder agree disagree believe think hope fear
""".split())
# Speech acts: what is said is their object ("X criticised the plan"); a person or body must do them.
ACT_VERBS = frozenset("""
criticize criticise accuse blame condemn denounce praise applaud welcome urge demand apologize apologise
dismiss reject rebuke decry blast slam question dispute thank congratulate threaten propose
recommend deny acknowledge admit announce confirm call
""".split())
# Verbs a document "says" with: "the report shows", "the suit argues".
DOCUMENT_VERBS = SPEECH_VERBS | ACT_VERBS | frozenset("show find conclude cite list detail outline".split())
DOCUMENT_NOUNS = frozenset("""
report poll survey study statement lawsuit suit complaint letter memo memorandum email e-mail tweet post blog
article analysis review audit records data figures document documents filing indictment ruling
resolution ad advertisement video transcript release book column editorial op-ed petition affidavit motion
brief census estimate estimates forecast assessment investigation inquiry paper papers guidance plan proposal
order opinion message messages cable emails
""".split())
_OPINION = frozenset("think believe hope fear agree disagree wonder".split())
_ISSUING = frozenset("issue release publish post make offer give deliver".split())
SPEECH_NOUNS = frozenset("""
apology statement denial response warning comment comments remark remarks announcement speech
address testimony reply rebuttal retort endorsement pledge promise appeal plea
""".split())
_INTRODUCING = frozenset("say add continue write tell explain note state declare ask reply respond".split())
"""Verbs that may introduce a quotation in the next sentence ("Obama continued, calling out X." + quote)."""
_WRITING_VERBS = frozenset("write tweet post publish blog email e-mail text".split())
# Common nouns that stand for a body the article names by description ("the union said").
INSTITUTIONS = frozenset("""
union council board committee government ministry department police court army navy party campaign
administration agency commission company firm group team club church school university hospital bank
embassy office authority authorities cabinet parliament congress senate house legislature prosecutors
commission regulator regulators association federation coalition alliance organisation organization
""".split())
_EPITHETS = frozenset("""
congressman congresswoman senator lawmaker governor mayor president chairman chairwoman spokesman spokeswoman
candidate nominee republican democrat minister secretary leader judge justice prosecutor attorney general
officer commissioner director ambassador chief executive founder host coach manager player star actor singer
aide adviser advisor strategist staffer pro veteran activist lawyer writer author blogger commentator
businessman businesswoman billionaire mogul father mother daughter son wife husband sister brother man woman
""".split())
_TITLE_SYNONYMS = {
    "congressman": {"rep.", "rep", "representative", "congressman"},
    "congresswoman": {"rep.", "rep", "representative", "congresswoman"},
    "representative": {"rep.", "rep", "representative", "congressman", "congresswoman"},
    "senator": {"sen.", "sen", "senator"},
    "governor": {"gov.", "gov", "governor"},
    "president": {"president"},
}
_QUOTES = {'"', "“", "”", "''", "``", "«", "»"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}
_QUANTITY_WORDS = frozenset("dozens hundreds thousands millions scores some many most several all".split())


class Resolver(Protocol):
    """What the actors module offers the speech finder (see actors._Resolver)."""

    doc: Doc
    last_speaker: Any

    by_token: dict[int, Any]

    def actor_at(self, tok: Token) -> Any: ...
    def speaks_for(self, actor: Any) -> bool: ...
    def is_person(self, actor: Any) -> bool: ...
    def compatible(self, actor: Any, gender: str) -> bool: ...
    def learn_gender(self, actor: Any, gender: str) -> None: ...
    def last_person_before(self, i: int, gender: str | None) -> Any: ...
    def last_nonperson_before(self, i: int) -> Any: ...
    def person_titled(self, words: set[str]) -> Any: ...
    def missed_name(self, subj: Token) -> Any: ...


@dataclass
class Speech:
    """Who speaks in one sentence, and how."""

    speaker: Any
    """An actor (the resolver's object) or a described source ("unnamed officials", "the lawsuit")."""
    kind: str
    """quote | reported | document"""
    verb: int = -1
    """Token index of the verb of saying ("according" for "according to X"); -1 when the
    sentence continues a quotation attributed elsewhere."""


# --------------------------------------------------------------------------- quotations


def quote_state(doc: Doc, sents: list[Span]) -> tuple[list[bool], list[bool], list[bool], list[bool], set[int]]:
    """Per sentence: quote open at its start, open at its end, has a quote mark, opens with
    an opening quote mark; and the token indices inside quotations.

    Straight quotes are told apart by spacing: glued to the next word it opens (also when a
    quotation running over paragraphs is re-opened), glued to the previous word or followed
    by a line break it closes."""
    open_ = False
    at_start, at_end, has, opens = [], [], [], []
    inside: set[int] = set()
    for s in sents:
        first = next((t for t in s if not t.is_space), None)
        at_start.append(open_)
        seen = starts_open = False
        for t in s:
            if t.text in _QUOTES:
                seen = True
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                glued_right = not t.whitespace_ and nxt is not None and not nxt.is_space and not nxt.is_punct
                glued_left = t.i > 0 and not doc[t.i - 1].whitespace_ and not doc[t.i - 1].is_space
                line_end = nxt is None or nxt.is_space or "\n" in t.whitespace_
                if t.text in {"“", "``", "«"} or glued_right and not glued_left:
                    open_ = True
                elif t.text in {"”", "''", "»"} or glued_left and not glued_right or line_end:
                    open_ = False
                else:
                    open_ = not open_
                if first is not None and t.i == first.i:
                    starts_open = open_
            elif open_:
                inside.add(t.i)
        at_end.append(open_)
        has.append(seen)
        opens.append(starts_open)
    return at_start, at_end, has, opens, inside


# --------------------------------------------------------------------------- the finder


def subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return c
    if verb.dep_ in {"conj", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        return subject_of(verb.head)
    return None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _has_content(verb: Token, quoted: bool) -> bool:
    """A verb of saying with something said: a reported clause, a quotation in the
    sentence, or a direct object that is a quotation or a clause."""
    if quoted:
        return True
    for t in verb.subtree:  # "said in a statement that ...": the clause may hang from the noun
        if t.dep_ == "mark" and t.lower_ in {"that", "whether"} and t.head.pos_ in {"VERB", "AUX"} \
                and t.head.dep_ in {"ccomp", "acl", "advcl"} and t.head.i > verb.i:
            return True
    for c in verb.children:
        if c.dep_ in {"ccomp", "parataxis"}:
            return True
        if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}:
            return True
        if c.dep_ == "prep" and c.lower_ in {"that", "about", "on"} and verb.lemma_ in {"comment", "remark", "write"}:
            return True
    if verb.dep_ == "ccomp" and verb.head.lemma_ in {"be"}:
        return False
    return False


def _is_speech_verb(tok: Token, quoted_sentence: bool) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ in {"amod", "acomp"}:
        return False
    if lemma == "call":
        return any(c.dep_ in {"oprd", "ccomp", "xcomp"} or c.dep_ == "prep" and c.lower_ in {"for", "on"}
                   or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
                   for c in tok.children)
    if lemma == "go":  # "He went on, “...”"
        return quoted_sentence and any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children)
    if lemma in _ISSUING:  # "issued a statement", "made remarks", "offered an apology"
        return any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS | DOCUMENT_NOUNS for c in tok.children)
    if lemma in ACT_VERBS:
        return True
    if lemma in SPEECH_VERBS:
        if lemma in _OPINION:
            return any(c.dep_ == "ccomp" for c in tok.children) and tok.tag_ != "VBG"
        return _has_content(tok, quoted_sentence)
    return False


def find_speech(doc: Doc, sents: list[Span], res: Resolver, paragraph_starts: set[int] | None = None
                ) -> list[Speech | None]:
    """Per sentence of `sents` (the body's sentences): who speaks in it and how, or None.
    `paragraph_starts`: token indices where the article's paragraphs begin (a colon at the end
    of one introduces the next)."""
    at_start, at_end, has_quote_mark, opens_quote, inside = quote_state(doc, sents)
    res.inside = inside  # type: ignore[attr-defined]  # pronouns never resolve to quoted names
    _learn_genders(doc, sents, res, inside)
    owners: dict[str, Any] = {}  # document noun -> its author, once the article has said whose it is
    found: list[Speech | None] = []
    subjects: list[Any] = []
    for k, s in enumerate(sents):
        quoted = any(t.i in inside for t in s) or has_quote_mark[k] and at_start[k]
        next_opens = k + 1 < len(sents) and opens_quote[k + 1]
        after_quote = k > 0 and has_quote_mark[k - 1] and not has_quote_mark[k] and sum(
            not t.is_punct and not t.is_space for t in s) <= 6
        speech = _sentence_speech(s, k, res, inside, quoted, owners, subjects, next_opens, after_quote)
        _remember_owners(s, res, owners)
        subjects.append(_sentence_subject(s, k, res, inside, subjects, speech))
        if speech is not None and speech.speaker is not None and not isinstance(speech.speaker, str):
            res.last_speaker = speech.speaker
        found.append(speech)
    _continue_quotations(sents, found, at_start, at_end, has_quote_mark, opens_quote, inside)
    if paragraph_starts:
        _introduced_blocks(sents, found, owners, res, paragraph_starts)
    return found


def _sentence_subject(s: Span, k: int, res: Resolver, inside: set[int], subjects: list[Any],
                      speech: Speech | None) -> Any:
    """The actor the sentence is about (its main clause's subject, or its speaker): what a
    pronoun in the next sentence most likely points at."""
    subj = subject_of(s.root) if s.root.pos_ in {"VERB", "AUX"} else None
    if subj is None or subj.i in inside:
        return speech.speaker if speech is not None and not isinstance(speech.speaker, str) else None
    actor = res.actor_at(subj)
    if actor is not None:
        return actor
    if subj.lower_ in {"he", "she"}:
        return _pronoun(subj, PRONOUN_GENDER[subj.lower_], res, subjects, k)
    if speech is not None:
        return speech.speaker
    return _epithet(subj, res, subjects, k)


def _sentence_speech(s: Span, k: int, res: Resolver, inside: set[int], quoted: bool,
                     owners: dict[str, Any], subjects: list[Any], next_opens: bool = False,
                     after_quote: bool = False) -> Speech | None:
    """The speech of the sentence's main reporting verb: the one nearest the root
    ("Dozens of shops say ..., sources said": the sources speak)."""
    candidates: list[tuple[int, int, Token, Token]] = []
    for tok in s:
        if tok.i in inside:
            continue
        if tok.lower_ == "according":  # "according to X"
            for to in tok.children:
                if to.lower_ == "to":
                    candidates += [(_depth(tok), tok.i, tok, pobj) for pobj in to.children if pobj.dep_ == "pobj"]
            continue
        lemma = tok.lemma_.lower()
        subj = subject_of(tok)
        introduces = lemma in _INTRODUCING and not any(c.dep_ in {"dobj", "attr", "oprd"} for c in tok.children)
        if not _is_speech_verb(tok, quoted or next_opens and introduces or after_quote and (
                introduces or lemma in {"ask", "wonder"})):
            if not (lemma in DOCUMENT_VERBS and tok.pos_ == "VERB" and subj is not None
                    and subj.lemma_.lower() in DOCUMENT_NOUNS and subj.pos_ == "NOUN"):
                continue
        if subj is None:
            subj = _implicit_subject(tok)
        if subj is not None and subj.i not in inside:
            candidates.append((_depth(tok), tok.i, tok, subj))
    def tier(verb: Token) -> int:
        """A verb of saying, then "according to", then an opinion ("most think"), then speech
        inside a relative clause ("a shipment that officials say will arrive")."""
        if in_relative(verb):
            return 3
        return 1 if verb.lower_ == "according" else 2 if verb.lemma_.lower() in _OPINION else 0

    for _, _, verb, subj in sorted(candidates, key=lambda c: (tier(c[2]), c[0], c[1])):
        who, kind = _source(subj, verb, res, owners, subjects, k)
        if who is None:
            continue
        if kind != "document":
            if quoted:
                kind = "quote"
            elif verb.lemma_.lower() in _WRITING_VERBS or _in_writing(verb):
                kind = "document"
        elif quoted and not isinstance(who, str):
            kind = "quote" if verb.lemma_.lower() not in {"show", "find"} else kind
        if verb.lower_ == "according" and kind == "reported":
            kind = "reported"
        # an act verb needs someone who can act: a person, a body, a state, a group
        if verb.lemma_.lower() in ACT_VERBS - SPEECH_VERBS and isinstance(who, str) and not who.startswith(
                ("unnamed", "the ")):
            continue
        return Speech(who, kind, verb.i)
    return None


def in_relative(tok: Token) -> bool:
    """Inside a relative clause on a thing (not on a person: "Kristol, who said ..." still
    tells what Kristol said)."""
    t = tok
    for _ in range(20):
        if t.dep_ == "relcl":
            return t.head.pos_ == "NOUN" and t.head.ent_type_ != "PERSON"
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _implicit_subject(verb: Token) -> Token | None:
    """Who says it when the verb has no subject of its own: "X broke with Y, saying ...",
    "X issued a statement saying ...", "a post stating ..."."""
    head = verb.head
    while verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.i != head.i:
        verb, head = head, head.head  # "Biden was quick to retort"
    if verb.dep_ == "xcomp" and (head.lemma_.lower() not in _SUBJECT_CONTROL
                                 or any(c.dep_ == "dobj" for c in head.children)):
        return None  # "pressed Steele to apologise": Steele would speak, not the subject
    if verb.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acomp", "dep"} and head.pos_ in {"VERB", "AUX"} \
            and head.i != verb.i:
        return subject_of(head)
    if verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
        if head.lemma_.lower() in DOCUMENT_NOUNS | SPEECH_NOUNS:
            return head  # "a statement saying": the statement speaks for its author
        up = head.head
        while up.pos_ not in {"VERB", "AUX"} and up.head.i != up.i:
            up = up.head
        return subject_of(up) if up.pos_ in {"VERB", "AUX"} else None  # "an e-mail to members saying"
    return None


_SUBJECT_CONTROL = frozenset("""
be seem appear continue go begin start try decline refuse want seek vow promise hasten rush move hope plan
decide choose agree offer threaten attempt
""".split())


def _in_writing(verb: Token) -> bool:
    """ "said in a statement", "wrote in a letter": the speech is a document."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"in", "via", "through", "on"}:
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in DOCUMENT_NOUNS - {"video", "interview"}:
                    return True
    return False


def _source(subj: Token, verb: Token, res: Resolver, owners: dict[str, Any], subjects: list[Any],
            k: int) -> tuple[Any, str]:
    """Who a reporting verb's subject is, and whether it speaks in a document."""
    if subj.lower_ in {"who", "that", "which"} and subj.head.dep_ == "relcl":
        subj = subj.head.head  # "Gorokhovsky, who ..., said" when parsed inside the clause
    lemma = subj.lemma_.lower()
    if subj.pos_ in {"NOUN", "PROPN"} and (lemma in DOCUMENT_NOUNS or subj.lower_ in DOCUMENT_NOUNS) \
            and res.actor_at(subj) is None:
        return _document_owner(subj, res, owners), "document"
    c = res.actor_at(subj)
    if c is not None and res.by_token.get(subj.i) is None and not res.is_person(c) \
            and subj.lower_ in _EPITHETS and not res.speaks_for(c):
        c = None  # "the Texas governor": a person described by the place, not the place
    if c is None or not res.is_person(c) and not res.speaks_for(c):
        for child in subj.children:  # "the aide, Elizabeth Lauten, wrote"; "WASHINGTON — Rep. X said"
            if child.dep_ == "appos" and res.actor_at(child) is not None:
                c = res.actor_at(child)
                break
    if c is not None:
        return _with_conjuncts(subj, c, res), "reported"
    low = subj.lower_
    if low in {"he", "she"}:
        return _pronoun(subj, PRONOUN_GENDER[low], res, subjects, k), "reported"
    if low in {"it", "they"}:
        if low == "they" and k > 0 and subjects[k - 1] is not None and not res.is_person(subjects[k - 1]):
            return subjects[k - 1], "reported"  # an actor, a pair or an unnamed group
        nonperson = res.last_nonperson_before(subj.i)
        if low == "they":
            last = res.last_speaker
            return (last if last is not None and (nonperson is None or not res.is_person(last)) else nonperson), \
                "reported"
        return nonperson, "reported"
    if low in {"i", "we", "you", "me", "us"}:
        return None, ""
    epithet = _epithet(subj, res, subjects, k)
    if epithet is not None:
        return epithet, "reported"
    if subj.pos_ == "PROPN" and subj.text[:1].isupper():
        return res.missed_name(subj), "reported"
    if subj.lower_ in _QUANTITY_WORDS:  # "dozens of local businesses say": the businesses
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if noun is not None and noun.pos_ == "NOUN":
            subj = noun
    if subj.pos_ in {"NOUN", "PROPN"}:
        for child in subj.children:  # "a spokesman for the ministry", "officials at Microsoft"
            if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "from", "with"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and res.actor_at(pobj) is not None:
                        return res.actor_at(pobj), "reported"
        for child in subj.children:  # "Smith's spokesman", "the ministry's statement"
            if child.dep_ == "poss" and res.actor_at(child) is not None:
                return res.actor_at(child), "reported"
        for child in subj.children:  # "his group proposed": the person's body speaks
            if child.dep_ == "poss" and child.lower_ in {"his", "her"} and lemma in INSTITUTIONS:
                person = res.last_person_before(child.i, PRONOUN_GENDER[child.lower_])
                if person is not None:
                    return person, "reported"
        if subj.pos_ == "NOUN" and lemma in INSTITUTIONS:
            named = _named_body(subj, res)
            if named is not None:
                return named, "reported"
            words = [t.text for t in subj.lefts if t.dep_ in {"compound", "amod"} and not t.is_punct
                     and t.is_lower] + [subj.text]
            return "the " + " ".join(words), "reported"
        if subj.pos_ == "NOUN":
            return "unnamed " + subj.lower_, "reported"
    return None, ""


def _with_conjuncts(subj: Token, actor: Any, res: Resolver) -> Any:
    """ "Nebraska and Oklahoma said": two actors speak together (a described pair)."""
    others = [res.actor_at(c) for c in subj.children if c.dep_ == "conj"]
    others = [o for o in others if o is not None and o is not actor]
    if not others:
        return actor
    return (actor, *others)


def _pronoun(subj: Token, gender: str, res: Resolver, subjects: list[Any], k: int) -> Any:
    """He/she as the subject of a reporting verb: a person who is the subject of an earlier
    clause of the same sentence, else the previous sentence's subject when it fits, else the
    last speaker when it fits, else the last person of that gender named."""
    earlier = _earlier_subject(subj, res, gender)
    if earlier is not None:
        person = earlier
    elif k > 0 and subjects[k - 1] is not None and not isinstance(subjects[k - 1], tuple) \
            and res.is_person(subjects[k - 1]) and res.compatible(subjects[k - 1], gender):
        person = subjects[k - 1]
    elif res.last_speaker is not None and not isinstance(res.last_speaker, tuple) \
            and res.is_person(res.last_speaker) and res.compatible(res.last_speaker, gender):
        person = res.last_speaker
    else:
        person = res.last_person_before(subj.i, gender)
    if person is not None:
        res.learn_gender(person, gender)
    return person


def _earlier_subject(pronoun: Token, res: Resolver, gender: str) -> Any:
    """ "Ryan also hammered Obama for what he called ...": the subject of the clause the
    pronoun's clause hangs from."""
    for tok in pronoun.sent:
        if tok.i >= pronoun.i:
            break
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.i not in getattr(res, "inside", ()):
            actor = res.actor_at(tok)
            if actor is not None and res.is_person(actor) and res.compatible(actor, gender):
                return actor
    return None


def _named_body(subj: Token, res: Resolver) -> Any:
    """ "Northfield Motors will close its plant, the company said": a bare definite description
    ("the company", "the union") of the organisation this sentence or the one before names
    last. A described body with words of its own ("the Texas union") is left as described."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children) \
            or any(t.dep_ in {"compound", "amod", "nmod"} for t in subj.lefts):
        return None
    doc = subj.doc
    start = subj.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    bodies = [(tok, actor) for tok in reversed(doc[start:subj.left_edge.i])
              if (actor := res.actor_at(tok)) is not None and res.speaks_for(actor)]
    subjects = [actor for tok, actor in bodies if tok.dep_ in {"nsubj", "nsubjpass"}
                or tok.head.dep_ in {"nsubj", "nsubjpass"} and tok.dep_ in {"compound", "flat"}]
    return subjects[0] if subjects else bodies[0][1] if bodies else None


def _epithet(subj: Token, res: Resolver, subjects: list[Any], k: int) -> Any:
    """ "the congressman", "the Arizona Republican", "the former vice president": a
    definite description of a person named before."""
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in subj.children):
        return None
    head = subj.lower_
    if head not in _EPITHETS and not gz.is_title_word(subj.text):
        return None
    person = res.person_titled(_TITLE_SYNONYMS.get(head, {head}))
    if person is not None:
        return person
    for tok in reversed(list(subj.sent)):  # "a photo of Sarah Palin, which the former governor called"
        if tok.i < subj.i and tok.i not in getattr(res, "inside", ()) and res.actor_at(tok) is not None \
                and res.is_person(res.actor_at(tok)) and tok.dep_ not in {"compound", "poss"}:
            return res.actor_at(tok)
    if head in INSTITUTIONS or head in {"official", "officials", "source", "sources"}:
        return None
    if k > 0 and subjects[k - 1] is not None and not isinstance(subjects[k - 1], tuple) \
            and res.is_person(subjects[k - 1]):
        return subjects[k - 1]
    if res.last_speaker is not None and not isinstance(res.last_speaker, tuple) and res.is_person(res.last_speaker):
        return res.last_speaker
    return None


def _document_key(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    return {"suit": "lawsuit", "e-mail": "email", "emails": "email"}.get(lemma, lemma)


def _owner_in(noun: Token, res: Resolver) -> Any:
    """The author a document noun names itself: "Smith's letter", "a Fox News poll", "the
    lawsuit from Nebraska and Oklahoma", "a report by the agency"."""
    for c in noun.children:
        if c.dep_ == "poss":
            a = res.actor_at(c)
            if a is not None:
                return a
            if c.lower_ in {"his", "her"}:
                return res.last_person_before(c.i, PRONOUN_GENDER[c.lower_])
    for c in noun.lefts:
        if c.dep_ in {"compound", "nmod", "amod"} and res.actor_at(c) is not None:
            return res.actor_at(c)
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}:
            for p in c.children:
                if p.dep_ == "pobj" and res.actor_at(p) is not None:
                    return _with_conjuncts(p, res.actor_at(p), res)
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    for p in g.children:
                        if p.dep_ == "pobj" and res.actor_at(p) is not None:
                            return _with_conjuncts(p, res.actor_at(p), res)
    return None


def _document_owner(noun: Token, res: Resolver, owners: dict[str, Any]) -> Any:
    owner = _owner_in(noun, res)
    if owner is None and noun.dep_ in {"dobj", "pobj"}:
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in {"VERB", "AUX"}:  # "X issued a statement saying", "X said in a statement"
            subj = subject_of(verb)
            if subj is not None:
                owner = res.actor_at(subj)
                if owner is None and subj.lower_ in {"he", "she"}:
                    owner = res.last_person_before(subj.i, PRONOUN_GENDER[subj.lower_])
    if owner is None:
        owner = owners.get(_document_key(noun))
    if owner is not None:
        return owner
    words = [t.text for t in noun.lefts if t.dep_ == "compound" and not t.like_num and t.is_alpha] + [noun.text]
    return "the " + " ".join(words).lower()


def _remember_owners(s: Span, res: Resolver, owners: dict[str, Any]) -> None:
    """ "a lawsuit filed by Nebraska and Oklahoma" early on makes a later "the suit says" theirs."""
    for tok in s:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
            owner = _owner_in(tok, res)
            if owner is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and \
                    tok.head.lemma_.lower() in {"file", "issue", "release", "publish", "bring", "send", "post", "write"}:
                subj = subject_of(tok.head)
                owner = res.actor_at(subj) if subj is not None else None
                if owner is not None:
                    owner = _with_conjuncts(subj, owner, res)
            if owner is None and tok.dep_ == "nsubjpass":
                agent = next((c for c in tok.head.children if c.dep_ == "agent"), None)
                if agent is not None:
                    p = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if p is not None and res.actor_at(p) is not None:
                        owner = _with_conjuncts(p, res.actor_at(p), res)
            if owner is not None:
                owners[_document_key(tok)] = owner


def _learn_genders(doc: Doc, sents: list[Span], res: Resolver, inside: set[int]) -> None:
    """A possessive or object pronoun in the clause of a sentence whose only person so far is
    X ("Steele, seeking to clarify his remarks") tells X's gender."""
    for s in sents:
        people: list[Any] = []
        for tok in s:
            if tok.i in inside:
                continue
            actor = res.actor_at(tok)
            if actor is not None and res.is_person(actor):
                if not people or people[-1] is not actor:
                    people.append(actor)
            elif tok.lower_ in {"his", "him", "himself", "her", "herself"} and len({id(p) for p in people}) == 1:
                res.learn_gender(people[0], PRONOUN_GENDER[tok.lower_])


def _continue_quotations(sents: list[Span], found: list[Speech | None], at_start: list[bool],
                         at_end: list[bool], has_quote_mark: list[bool], opens_quote: list[bool],
                         inside: set[int]) -> None:
    """A quotation running over several sentences has one speaker, named anywhere in it;
    a sentence that only opens a quotation right after a quoted speaker continues them;
    a bare attribution after a quotation ("Walsh asked.") speaks for all of it."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(sents):
        j = i
        while j + 1 < len(sents) and at_end[j] and (has_quote_mark[j] or at_start[j]):
            j += 1
        runs.append((i, j))
        i = j + 1
    for k in range(len(runs) - 1, 0, -1):  # "“… ?” / Walsh asked."
        a, b = runs[k]
        words = [t for t in sents[a] if not t.is_punct and not t.is_space]
        pa, pb = runs[k - 1]
        if a == b and found[a] is not None and not has_quote_mark[a] and len(words) <= 6 and has_quote_mark[pb] \
                and all(found[m] is None for m in range(pa, pb + 1)):
            for m in range(pa, pb + 1):
                found[m] = Speech(found[a].speaker, "quote")
            found[a] = Speech(found[a].speaker, "quote", found[a].verb)
    for _ in range(2):
        for a, b in runs:
            who = next((found[m] for m in range(a, b + 1) if found[m] is not None), None)
            if who is None and a > 0 and opens_quote[a] and found[a - 1] is not None \
                    and (has_quote_mark[a - 1] or not at_end[b]):
                who = found[a - 1]  # an unattributed quotation right after a speaker is theirs
            if who is None or b == a and not opens_quote[a]:
                continue
            for m in range(a, b + 1):
                if found[m] is None or found[m].speaker is who.speaker:
                    found[m] = Speech(who.speaker, "quote", found[m].verb if found[m] is not None else -1)


def _introduced_blocks(sents: list[Span], found: list[Speech | None], owners: dict[str, Any],
                       res: Resolver, paragraph_starts: set[int]) -> None:
    """A paragraph that ends with a colon ("Read the full post:", "response points were
    circulated by Democrats:") introduces the next paragraph, and a list that follows it:
    its sentences without a speaker of their own are the introduced text's."""
    starts = [k for k, s in enumerate(sents) if k == 0 or s.start in paragraph_starts]
    paragraphs = [(a, b) for a, b in zip(starts, starts[1:] + [len(sents)])]
    for n, (a, b) in enumerate(paragraphs[:-1]):
        last = sents[b - 1].text.rstrip()
        if not last.endswith(":"):
            continue
        intro = found[b - 1]
        who = intro.speaker if intro is not None else _intro_owner(sents[b - 1], res, owners)
        if who is None:
            who = res.last_speaker
        if who is None:
            continue
        m = n + 1
        while m < len(paragraphs):
            pa, pb = paragraphs[m]
            for k in range(pa, pb):
                if found[k] is None:
                    found[k] = Speech(who, "document")
            nxt = paragraphs[m + 1] if m + 1 < len(paragraphs) else None
            if nxt is None or not (_list_item(sents[pa]) and _list_item(sents[nxt[0]])):
                break
            m += 1


def _list_item(s: Span) -> bool:
    return bool(re.match(r"\s*(?:[-\u2022*\u2013]|\d+[.)])\s*\S", s.text))


def _intro_owner(s: Span, res: Resolver, owners: dict[str, Any]) -> Any:
    """Whose text a colon-ended sentence introduces: the agent of "circulated by X", the
    author of a document it names ("an excerpt from the Times report")."""
    for tok in s:
        if tok.dep_ == "agent":
            for p in tok.children:
                if p.dep_ == "pobj" and res.actor_at(p) is not None:
                    return res.actor_at(p)
    for tok in s:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
            owner = _owner_in(tok, res) or owners.get(_document_key(tok))
            if owner is not None:
                return owner
    return None


# --------------------------------------------------------------------------- strings


UNNAMED_SOURCES = (
    "officials", "official", "sources", "source", "experts", "analysts", "critics",
    "diplomats", "witnesses", "residents", "observers", "insiders", "aides", "spokesperson",
    "spokesman", "spokeswoman", "people familiar", "authorities", "reports",
)

_REPORTING = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
_NUMBER = re.compile(
    r"\d|\b(?:dozens|hundreds|thousands|millions|billions|tens of thousands|countless|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|thousand|"
    r"million|billion)\b",
    re.IGNORECASE,
)


def has_quote(sentence: str) -> bool:
    return bool(QUOTATION.search(sentence))


def has_figure(sentence: str) -> bool:
    return bool(_NUMBER.search(QUOTATION.sub("", sentence)))


@lru_cache(maxsize=1)
def _unnamed_pattern() -> re.Pattern[str]:
    words = "|".join(UNNAMED_SOURCES)
    return re.compile(
        rf"\b(?P<a>{words})\b(?:\s+\w+){{0,4}}\s+(?:{_REPORTING})\b"
        rf"|\b(?:{_REPORTING}|according to)\s+(?:\w+\s+){{0,2}}(?P<b>{words})\b",
        re.IGNORECASE,
    )


def unnamed_source(sentence: str) -> str | None:
    """'officials say' / 'according to sources' -> 'officials', from the text alone (for text
    without a parse); the analysis uses the parse's speakers instead. A source named next to
    its description ("Spokesman Jim Manley said") is named, not unnamed."""
    match = _unnamed_pattern().search(sentence)
    if not match:
        return None
    word = match.group("a") or match.group("b")
    if match.group("a") and re.match(r"\s+[A-Z][a-z]+\s+[A-Z][a-z]+", sentence[match.end("a"):]):
        return None  # "spokesman Jim Manley said"
    return word.lower()
