"""Open questions: what an editor would ask that the article leaves open.

Each rule looks for one kind of gap and asks about it in our words, with the
article's own words in quotation marks and one clause on why it matters:
- a missing voice: an actor the article reports as criticised, accused or sued,
  or as declining to comment, with no statement of theirs; and, when the story
  quotes only some sides, the key parties it never hears;
- an unnamed source, only where the speech analysis found the source unnamed
  (never when the sentence names its source: "Spokesman Jim Manley said");
- a number without a source or a base, and a vague quantity ("thousands of");
- a loose timeline (weekdays without a dated article, "recently");
- an assertion the article makes in its own voice with judging words;
- what happens next, when a sentence leaves an outcome open ("is expected to").
At most six, interleaved so no one kind crowds out the rest, none repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..model import Actor, Article, Claim, OpenQuestion
from .lexicon import Finding

DEFAULT_LIMIT = 6

_VAGUE = re.compile(
    r"\b(?:tens of thousands|thousands|hundreds|dozens|millions|scores|countless|"
    r"large (?:numbers|quantities|amounts)|a (?:large )?number|several|numerous)\s+of\s+"
    r"([\w\-]+(?:\s+(?:and\s+)?[\w\-]+){0,5})",
    re.IGNORECASE,
)
_PHRASE_END = frozenset(
    ["say", "says", "said", "have", "has", "had", "are", "were", "is", "was", "will", "would", "could", "to", "for",
     "from", "in", "on", "at", "that", "which", "who", "since", "because", "after", "before", "as", "by", "with"]
)
_DECLINED = re.compile(
    r"\b(?:declined|refused|would not|wouldn't|did not|didn't|could not|couldn't|has not|have not|had not|"
    r"was not|were not|not immediately)\s+(?:be\s+reached\s+for\s+|available\s+(?:for|to)\s+|to\s+|immediately\s+)?"
    r"(?:comment|respond|return|answer|reply|speak|be reached)",
    re.IGNORECASE,
)
_CRITICISE = frozenset("""
criticize criticise accuse blame attack condemn target sue charge rebuke blast slam question challenge denounce
fault indict investigate subpoena mock ridicule
""".split())
_RECENT = re.compile(r"\b(?:recently|in recent (?:days|weeks|months)|earlier this (?:week|month|year)|"
                     r"some time ago|lately)\b", re.IGNORECASE)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_JUDGING = frozenset({"certainty marker", "evaluative adjective", "pejorative label", "unsupported superlative"})
_ADDRESSED = frozenset("message warning threat ultimatum accusation criticism charges allegations".split())
_SOURCE_NOUNS = frozenset("""
official source spokesman spokeswoman spokesperson aide adviser advisor person people diplomat insider staffer
employee executive investigator officer witness analyst expert
""".split())
"""Who is cited as a source without a name ("officials said", "a person familiar with the matter")."""
_OPEN_VERBS = frozenset("expect set schedule plan due likely poise".split())


def open_questions(
    article: Article, actors: list[Actor], who: Sequence[str | None], loaded: list[list[Finding]],
    known: list[list[Finding]] | None = None, sents: Sequence[Span] | None = None,
    claims: Sequence[Claim] = (), limit: int = DEFAULT_LIMIT,
) -> list[OpenQuestion]:
    """`who`: the speaker of each sentence (None, an actor's name, "unnamed ..."); `loaded`:
    what the notes show per sentence; `known`: every term the word lists know there (a lone
    "clearly" is not noted, but still vouches without a source); `sents`: the parse."""
    per_kind = [
        _missing_voices(article, actors, who, sents),
        _unnamed_sources(who),
        _numbers(article, who, claims, sents),
        _unsourced(article, who, loaded, known or loaded),
        _timeline(article),
        _next(sents or [], who) if sents else [],
    ]
    questions: list[OpenQuestion] = []
    seen: set[str] = set()
    for depth in range(max((len(q) for q in per_kind), default=0)):
        for found in per_kind:
            if depth < len(found) and found[depth].question.lower() not in seen:
                seen.add(found[depth].question.lower())
                questions.append(found[depth])
    return questions[:limit]


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.strip(" ,.;:").split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


def _heard(actor: Actor, who: Sequence[str | None]) -> bool:
    names = {actor.name, *actor.aliases}
    return any(w and (w in names or any(n in w.split(" and ") for n in names)) for w in who)


def _plural(actor: Actor) -> bool:
    return actor.type == "group" or actor.name.endswith("s") and actor.type != "person" and \
        not actor.name.endswith(("ss", "us", "is"))


def _missing_voices(article: Article, actors: list[Actor], who: Sequence[str | None],
                    sents: Sequence[Span] | None) -> list[OpenQuestion]:
    found: list[OpenQuestion] = []
    asked: set[str] = set()
    people = [a for a in actors if a.type != "place"]
    for k, sentence in enumerate(article.sentences):
        m = _DECLINED.search(sentence)
        if m:
            before = sentence[:m.start()]
            actor = _last_named(before, people)
            if actor is not None and actor.name not in asked and not _heard(actor, who[k + 1:]):
                asked.add(actor.name)
                verb = "Have" if _plural(actor) else "Has"
                found.append(OpenQuestion(
                    f"{verb} {actor.name} responded since?",
                    actor.name, why="the article says they would not or could not comment, so one side is not heard",
                    kind="missing voice", sentence=k))
        if sents is None:
            continue
        for tok in sents[k]:
            if tok.lemma_.lower() in _CRITICISE and tok.pos_ == "VERB":
                objects = _objects(tok)
            elif tok.lemma_.lower() in _ADDRESSED and tok.pos_ == "NOUN":  # "a message to Iran and Hezbollah"
                preps = [c for c in tok.children if c.dep_ == "prep"]
                if tok.dep_ == "dobj":  # "sending a message to Iran": the "to" may hang from the verb
                    preps += [c for c in tok.head.children if c.dep_ in {"prep", "dative"}]
                objects = [p for c in preps if c.lower_ in {"to", "against", "for"}
                           for p in c.children if p.dep_ == "pobj"]
                objects += [x for o in objects for x in o.conjuncts]
            else:
                continue
            for obj in objects:
                phrase = obj.doc[obj.left_edge.i:obj.right_edge.i + 1].text
                actor = next((a for a in people if any(f and f in phrase for f in [a.name, *a.aliases])), None)
                if actor is None or actor.name in asked or _heard(actor, who):
                    continue
                asked.add(actor.name)
                verb = "do" if _plural(actor) else "does"
                what = f"were {_past(tok)}" if tok.pos_ == "VERB" else f"were sent a {tok.lower_}"
                found.append(OpenQuestion(
                    f"What {verb} {actor.name} say in response?",
                    actor.name, why=f"the article reports that they {what} but includes no statement "
                                    "from them", kind="missing voice", sentence=k))
    return found


def _objects(verb: Token) -> list[Token]:
    out = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"on", "against", "at"}:
            out += [p for p in c.children if p.dep_ == "pobj"]
    return out


def _past(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    irregular = {"sue": "sued", "target": "targeted", "question": "questioned", "charge": "charged",
                 "blame": "blamed", "indict": "indicted", "fault": "faulted", "mock": "mocked"}
    if lemma in irregular:
        return irregular[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y"):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _last_named(text: str, actors: list[Actor]) -> Actor | None:
    best, at = None, -1
    for a in actors:
        for form in [a.name, *a.aliases]:
            pos = text.rfind(form)
            if form and pos > at:
                best, at = a, pos
    return best


_PLURAL_NOUNS = frozenset("people police staff personnel men women children clergy".split())
"""Plural nouns without an -s: "Who are the people ...", never "Who is the people"."""
_OF_FIRST = frozenset("the these those his her their its our your my this that".split())


def _how_many(what: str) -> str:
    """"How many voters exactly?"; "How many of Braley's rivals exactly?" (a possessive or a
    determiner first needs "of")."""
    first = what.split()[0].lower() if what.split() else ""
    of = "of " if first in _OF_FIRST or first.endswith(("'s", "\u2019s")) else ""
    return f"How many {of}{what} exactly?"


def _unnamed_sources(who: Sequence[str | None]) -> list[OpenQuestion]:
    found, asked = [], set()
    for k, source in enumerate(who):
        if not source or not source.startswith("unnamed "):
            continue
        noun = source[len("unnamed "):]
        if noun.rstrip("s") not in _SOURCE_NOUNS and noun not in _SOURCE_NOUNS:
            continue  # "Republican senators kept up pressure": a group the article describes, not a source
        if noun in asked or len(asked) >= 2:
            continue
        asked.add(noun)
        plural = noun.endswith("s") and not noun.endswith("ss") or noun in _PLURAL_NOUNS
        found.append(OpenQuestion(
            f"Who {'are' if plural else 'is'} the {noun} the article cites without a name?",
            source, why="an unnamed source's access and interests cannot be checked",
            kind="unnamed source", sentence=k))
    return found


def _chunk_at(sent: Span, offset: int) -> str:
    start = sent.start_char + len(sent.text) - len(sent.text.lstrip()) + offset
    for chunk in sent.noun_chunks:
        if chunk.start_char <= start < chunk.end_char:
            return sent.doc.text[start:chunk.end_char]
    return ""


def _numbers(article: Article, who: Sequence[str | None], claims: Sequence[Claim],
             sents: Sequence[Span] | None = None) -> list[OpenQuestion]:
    found, asked = [], set()
    for claim in claims:
        if claim.speaker is not None or claim.attributed_to.startswith("unnamed") or not claim.numbers:
            continue
        if any(who[k] for k in claim.evidence_sentences):
            continue
        for q in claim.numbers:
            at = claim.evidence.find(q.text)
            glued = at >= 0 and re.match(r"[a-z]", claim.evidence[at + len(q.text):at + len(q.text) + 1])
            if q.value is None or q.value < 10 and q.unit != "%" or q.text in asked \
                    or glued or re.search(r"\d(?!bn\b|m\b|k\b|tn\b)[a-z]", q.text):
                continue  # "120mm": a specification, not a count
            asked.add(q.text)
            if q.unit == "%" and not q.what:
                question = f"What is the \u201c{q.text}\u201d a share of, and who measured it?"
                why = "a percentage without its base or source cannot be checked"
            else:
                question = f"Where does the figure \u201c{q.text}\u201d come from?"
                why = "the article gives no source for it"
            found.append(OpenQuestion(question, claim.evidence, why=why, kind="number",
                                      sentence=claim.evidence_sentences[0] if claim.evidence_sentences else None))
            break
    for k, sentence in enumerate(article.sentences):
        for match in _VAGUE.finditer(sentence):
            what = _noun_phrase(match.group(1))
            if sents is not None:  # the parse knows where the noun phrase ends
                chunk = _chunk_at(sents[k], match.start(1))
                what = chunk or what
            phrase = match.group(0)[: match.start(1) - match.start(0)] + what
            if what.lower() in asked:
                continue
            asked.add(what.lower())
            found.append(OpenQuestion(
                _how_many(what), sentence,
                why=f"the article says \u201c{phrase}\u201d but gives no figure or source for it",
                kind="number", sentence=k))
    return found


def _noun_phrase(words: str) -> str:
    """'local businesses say they have lost' -> 'local businesses'."""
    kept = []
    for word in words.split():
        if word.lower() in _PHRASE_END:
            break
        kept.append(word)
    return " ".join(kept) or words.split()[0]


def _unsourced(article: Article, who: Sequence[str | None], loaded: list[list[Finding]],
               known: list[list[Finding]]) -> list[OpenQuestion]:
    found = []
    for k, (sentence, source, noted, every) in enumerate(zip(article.sentences, who, loaded, known, strict=True)):
        judged = [f for f in noted if f.kind in _JUDGING and not f.in_quote]
        judged += [f for f in every if f.kind == "certainty marker" and not f.in_quote and f not in judged]
        if judged and source is None:
            terms = ", ".join(f"\u201c{f.term}\u201d" for f in judged)
            found.append(OpenQuestion(
                f"Who, besides the article itself, supports the statement \u201c{_excerpt(sentence)}\u201d?",
                sentence, why=f"it is made without a source and framed with {terms}", kind="unsourced",
                sentence=k))
    return found


def _timeline(article: Article) -> list[OpenQuestion]:
    found: list[OpenQuestion] = []
    days = [d for d in _WEEKDAYS if any(re.search(rf"\b{d}\b", s) for s in article.sentences)]
    if days and not article.date:
        first = next(k for k, s in enumerate(article.sentences) if any(re.search(rf"\b{d}\b", s) for d in days))
        found.append(OpenQuestion(
            f"On which dates did the events of {_and_list(days)} happen?", ", ".join(days),
            why="the article carries no publication date, so its weekdays cannot be placed", kind="timeline",
            sentence=first))
    for k, sentence in enumerate(article.sentences):
        m = _RECENT.search(sentence)
        if m:
            found.append(OpenQuestion(
                f"On what date did the event in \u201c{_excerpt(sentence)}\u201d take place?", sentence,
                why=f"the article says only \u201c{m.group(0)}\u201d", kind="timeline", sentence=k))
            break
    return found


def _next(sents: Sequence[Span], who: Sequence[str | None]) -> list[OpenQuestion]:
    """A sentence that leaves an outcome open ("X is expected to decide by Friday", "Y will
    vote next week"): will it happen?"""
    for k, sent in enumerate(sents):
        root = sent.root
        if root.pos_ not in {"VERB", "AUX"}:
            continue
        verb = root
        future = any(c.dep_ == "aux" and c.lower_ in {"will", "'ll"} for c in root.children)
        if not future and root.lemma_.lower() in _OPEN_VERBS:
            x = next((c for c in root.children if c.dep_ == "xcomp"), None)
            if x is None:
                continue
            verb, future = x, True
        if not future:
            continue
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.pos_ == "PRON" or any(t.text in {'"', "\u201c", "\u201d"} for t in sent):
            continue
        subject = sent.doc[subj.left_edge.i:subj.right_edge.i + 1]
        if len(subject) > 6:
            continue
        from .actors import verb_phrase

        phrase = verb_phrase(verb, max_words=10)
        phrase = re.sub(r"^(?:will|to)\s+", "", phrase).rstrip(" .\u2026")
        if not phrase or phrase.endswith("..."):
            continue
        text = subject.text
        if subject[0].pos_ != "PROPN" and not subject[0].is_upper:
            text = text[0].lower() + text[1:]
        return [OpenQuestion(f"Will {text} {phrase}?", sent.text.strip(),
                             why="the article leaves the outcome open", kind="next", sentence=k)]
    return []


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"
