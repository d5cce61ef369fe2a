"""Does a statement of the model say what its cited sentences say? Compared on the parse.

The string tests of `grounding.py` see words; these see who does what. Each
statement (a summary sentence, a claim, a proposed headline) and each cited
sentence is parsed with the same spaCy model as the article, and every clause
predicate of the statement (its main verb, the adjective or participle of
"is illegal", "could be missing", or the noun of "is not a measure") is set beside the predicates of the cited
sentences with the same lemma (or the noun of "would consider an appeal"):

- polarity: "did not approve" is not "approved" (negation, "no officers",
  "refused to approve", "denied that" count; a negated antonym is the same
  meaning here, though grounding's string test still drops a "not" that the
  cited sentences lack);
- tense and modality: "will approve", "may approve", "plans to approve" are
  not "approved" ("would" under a reporting verb is the same as "will"); "will
  appeal" is not "would consider an appeal" (a support verb, "lodged an
  appeal", is the verb itself);
- roles: the agent and the patient of the verb keep their places (active or
  passive), so "Green accused Brown" is not "Brown accused Green"; so do
  possessors, recipients and prepositional objects ("the union rejected
  Okafor's warning"), and the two names of a clause of "be";
- speaker: a clause reported as someone's speech is credited to the speaker
  the attribution analysis found for the sentence that has it (a named
  speaker's words are not the article's own, and nobody else's); a belief
  ("the group fears ...") is credited like speech;
- antonyms: a word the cited sentences lack whose opposite they have
  ("rejected" for "approved"), from WordNet 3.0 and a list of news verbs;
- speakers the article does not have ("the police say ...") and adverbs of
  certainty or judgement the cited sentences lack ("falsely", "clearly").

A predicate with no counterpart (a paraphrase) is not judged by the first
four rules: the checker drops what it can show is changed, it does not demand
the article's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DATA = Path(__file__).resolve().parent / "data"

ARTICLE = "the article"
"""The source of a clause the article states in its own voice."""

SPEECH = frozenset("""say tell announce state claim add warn insist argue confirm deny note vow pledge
promise allege report write explain declare assert acknowledge admit reaffirm reiterate stress
emphasise emphasize accuse suggest predict estimate tweet post testify contend maintain concede
complain charge fear believe think""".split())
"""Lemmas of verbs whose complement is somebody's speech, or the belief the article credits
to someone ("the group fears 400 migrants could be missing": the group's, not the article's)."""

_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "pcomp", "parataxis", "csubj"})

_MODAL_AUX = {"will": "future", "shall": "future", "'ll": "future", "wo": "future", "would": "future",
              "'d": "future", "may": "possible", "might": "possible", "could": "possible", "can": "possible",
              "ca": "possible", "must": "necessary", "should": "necessary", "ought": "necessary"}
"""Modal auxiliaries by what they do to a fact. "would" counts as "will": in reported
speech it is "will" moved into the past ("said it would" = "says it will")."""

_MODAL_HEADS = {
    **dict.fromkeys("plan intend aim want hope seek propose vow promise pledge threaten try attempt "
                    "prepare agree offer decide wish mean".split(), "intended"),
    **dict.fromkeys("expect likely unlikely probable".split(), "probable"),
    **dict.fromkeys("set due going about".split(), "future"),
    **dict.fromkeys("have need".split(), "necessary"),
}
"""Verbs and adjectives whose "to"-complement is not (yet) a fact: "plans to approve"."""

_MODAL_ADVERBS = {"possibly": "possible", "perhaps": "possible", "maybe": "possible",
                  "probably": "probable", "likely": "probable"}

_NEGATIVE_HEADS = frozenset("refuse fail decline avoid cease refrain neglect stop".split())
"""Verbs whose "to"-complement did not happen: "refused to approve" = "did not approve"."""
_CALENDAR = frozenset("""january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday""".split())
_DENYING = frozenset("deny dispute refute".split())
"""Reporting verbs whose complement the speaker says is not so."""
_NEGATIVE_WORDS = frozenset("no none nobody nothing neither never".split())

_SYMMETRIC = frozenset("meet marry face play draw tie battle fight debate talk speak".split())
"""Verbs whose two parties may swap places without changing the fact."""

ALLOWED_ADVERBS = frozenset("""also too then later earlier now still again already previously recently
currently yet so however meanwhile instead there here thus further furthermore moreover additionally
separately together back away home ago once first when where why how whether not n't never no
reportedly allegedly apparently as longer around about up down out off over in on along forward
ahead nonetheless nevertheless subsequently initially eventually finally today tomorrow yesterday
tonight afterwards afterward before after else otherwise even""".split())
"""Adverbs that connect, place in time or hedge: a faithful paraphrase may add them.
Any other adverb the cited sentences lack ("falsely", "clearly", "rightly",
"unanimously") adds a judgement or a fact, and drops the statement."""

JUDGING_ADVERBS = frozenset("""falsely wrongly rightly correctly clearly obviously undoubtedly
undeniably baselessly notoriously shamefully wisely foolishly sadly fortunately unfortunately luckily
thankfully regrettably unbelievably disgracefully outrageously blatantly brazenly shockingly
tellingly conveniently predictably ironically absurdly recklessly cynically bravely heroically
cowardly shamelessly mistakenly misleadingly dishonestly truthfully incorrectly unjustly justly
unfairly fairly rashly needlessly pointlessly infamously famously""".split())
"""Adverbs of certainty or judgement: loaded in our own prose wherever they come from (the
article's own use stays inside quotation marks). The shared lexicon's loaded adverbs count too."""

VERIDICAL = frozenset("""falsely wrongly rightly correctly incorrectly mistakenly erroneously accurately
inaccurately baselessly misleadingly truthfully untruthfully dishonestly""".split())
"""Judging adverbs that say whether a statement is true ("Green falsely claimed"): loaded in our
prose, and dropping one changes what is asserted, so a statement holding one is dropped whole."""

_LEAD = re.compile(
    r"^\s*(?:(?:the\s+)?(?:article|report|story|outlet)|it|(?P<publisher>[^,:]{2,60}?))\s+(?:also\s+|further\s+)?"
    r"(?:reports?|asserts?|says?|states?|notes?|adds?|writes?|describes?)(?:\s+that)?\s*[:,]?\s+",
    re.IGNORECASE)
_LEAD_WORD = re.compile(r"^\s*(?:reportedly|according to the (?:article|report))\s*,\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """word -> its opposites, from WordNet 3.0 (data/wordnet_antonyms.tsv) and the news
    list (data/news_antonyms.tsv). Nouns are kept apart ("n:" keys): a noun's opposite
    is a noun."""
    pairs: dict[str, set[str]] = {}
    for name in ("wordnet_antonyms.tsv", "news_antonyms.tsv"):
        for pos, a, b in _rows(name):
            prefix = "n:" if pos == "NOUN" else ""
            pairs.setdefault(prefix + a, set()).add(prefix + b)
            pairs.setdefault(prefix + b, set()).add(prefix + a)
    return {k: frozenset(v) for k, v in pairs.items()}


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines left out."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def nominals() -> dict[str, frozenset[str]]:
    """verb -> the nouns that name its act or event ("approve" -> "approval"), from WordNet
    3.0's derivationally related forms (data/wordnet_nominals.tsv)."""
    out: dict[str, set[str]] = {}
    for verb, noun in _rows("wordnet_nominals.tsv"):
        out.setdefault(verb, set()).add(noun)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _judging_words() -> frozenset[str]:
    """The shared lexicon's loaded and subjective words: one the statement adds is a judgement."""
    from ...analysis.lexicon import lexicon_words

    return lexicon_words()


def judging_adverb(doc: Doc) -> str | None:
    """An adverb of certainty or judgement outside quotation marks, or None."""
    quoted = _quoted(doc)
    judging = _judging_words()
    for token in doc:
        if token.i not in quoted and token.pos_ == "ADV" and (
                token.lower_ in JUDGING_ADVERBS or token.lower_ in judging and token.lower_.endswith("ly")):
            return token.text
    return None


def strip_lead(text: str, publisher: str = "") -> tuple[str, bool]:
    """("The article reports that X", ...) -> ("X", True): the article's voice, said once."""
    match = _LEAD.match(text)
    if match and (match.group("publisher") is None
                  or publisher and match.group("publisher").strip().lower() == publisher.strip().lower()):
        return text[match.end():], True
    match = _LEAD_WORD.match(text)
    if match:
        return text[match.end():], True
    return text, False


def keys(token: Token) -> set[str]:
    """A word's forms to compare: lemma, lower case, and a crude stem ("rushed" the
    adjective and "rush" the verb are one word here)."""
    lower = token.lower_
    out = {token.lemma_.lower(), lower}
    for suffix in ("ing", "ed", "d", "s"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            out.add(lower[: -len(suffix)])
            break
    return out


def _opposites(token: Token) -> set[str]:
    table = antonyms()
    prefix = "n:" if token.pos_ in ("NOUN", "PROPN") else ""
    return {o.removeprefix("n:") for k in keys(token) for o in table.get(prefix + k, ())}


# -- a clause's frame ---------------------------------------------------------------

def is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB" and (token.dep_ in _CLAUSE_DEPS or _content_clause(token)):
        return not _is_modal_head(token)
    return _complement(token) or _reported_participle(token)


def _content_clause(token: Token) -> bool:
    """"reports that the government had asked it": a clause with its own subject that a
    noun carries (spaCy's "acl"), a predicate like any other."""
    return token.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children) \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _reported_participle(token: Token) -> bool:
    """"Shah says the town's wall held in two places": spaCy reads "the wall" as the object of
    "says" and "held" as a participle on it. A reporting verb with no clause of its own whose
    object carries a bare past form (no object, no "by") reports that clause: "held" is its
    predicate, "the wall" its subject."""
    head = token.head
    return (token.pos_ == "VERB" and token.dep_ == "acl" and token.tag_ in ("VBD", "VBN")
            and head.dep_ == "dobj" and head.head.lemma_.lower() in SPEECH
            and not any(c.dep_ in ("ccomp", "xcomp") for c in head.head.children)
            and not any(c.dep_ in ("agent", "dobj", "nsubj", "nsubjpass") for c in token.children))


def _complement(token: Token) -> bool:
    """The adjective or participle a copula carries: "is illegal", "could be missing"."""
    return token.pos_ in ("ADJ", "VERB") and token.dep_ in ("acomp", "oprd") and token.head.pos_ in ("AUX", "VERB")


def _is_modal_head(token: Token) -> bool:
    """"plans" in "plans to approve": its meaning is in the complement's modality."""
    return token.lemma_.lower() in _MODAL_HEADS and any(c.dep_ == "xcomp" for c in token.children)


def _clause_head(token: Token) -> Token:
    """Where auxiliaries and negation of the clause hang: the copula for "is not legal"."""
    return _copula(token) if attribute(token) else token.head if _complement(token) else token


def attribute(token: Token) -> bool:
    """The noun a copula says its subject is: "measure" in "the studs are not an anti-homeless
    measure", or where it is: "danger" in "no child was in danger". Compared only with the same
    noun said of a subject in the cited sentences, for its polarity, tense and modality and
    speaker (a noun's opposite is checked as a word)."""
    if token.pos_ != "NOUN":
        return False
    if token.dep_ == "attr":
        return token.head.lemma_ == "be"
    return token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.lemma_ == "be"


def _copula(token: Token) -> Token:
    """The copula an attribute hangs on (through its preposition for "in danger")."""
    return token.head.head if token.dep_ == "pobj" else token.head


def negated(token: Token) -> bool:
    """Polarity of a clause predicate: a "not"/"never", a negative subject or object ("no
    officers were injured"), or a negative head ("refused to approve"), each one flip."""
    flips = 0
    head = _clause_head(token)
    seen = 0
    while True:
        flips += any(c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ == "advmod" for c in head.children)
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                    child.lower_ in _NEGATIVE_WORDS or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)):
                flips += 1
        if head.dep_ == "xcomp" and seen < 3:
            if head.head.lemma_.lower() in _NEGATIVE_HEADS \
                    or head.head.lemma_.lower() in _DENYING and head.tag_ in ("VBG", "VBN"):
                flips += 1  # "refused to approve"; "denied ignoring" = "denied that it ignored"
            head, seen = head.head, seen + 1
            continue
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in _DENYING:
            flips += 1  # "denied that the company had received subsidies"
        if head.dep_ == "conj" and seen < 3 and any(c.lower_ in ("or", "nor") for c in head.head.children):
            head, seen = head.head, seen + 1
            continue
        return flips % 2 == 1


def modality(token: Token) -> frozenset[str]:
    """What the clause does to its fact: future, possible, probable, necessary, intended."""
    found: set[str] = set()
    head = _clause_head(token)
    for _ in range(4):
        own_aux = False
        for child in head.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in _MODAL_AUX:
                found.add(_MODAL_AUX[child.lower_])
                own_aux = True
            elif child.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") and child.lower_ not in ("to",):
                own_aux = True  # a clause of its own: it does not share the first verb's "will"
            elif child.dep_ == "advmod" and child.lower_ in _MODAL_ADVERBS:
                found.add(_MODAL_ADVERBS[child.lower_])
        if head.dep_ == "xcomp":
            lemma = head.head.lemma_.lower()
            if lemma in _MODAL_HEADS:
                found.add(_MODAL_HEADS[lemma])
            elif lemma == "be":  # "is to approve"
                found.add("intended")
            head = head.head
            continue
        if head.dep_ == "conj" and not own_aux and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "will approve and fund": the second verb shares "will"
            continue
        break
    return frozenset(found)


def _argument(token: Token | None) -> Token | None:
    if token is None:
        return None
    if token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        return token.head.head  # "the plan, which the council approved": the plan
    return token


def roles(token: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a verb, active or passive; a verb with no subject of its own
    ("and accused", "to approve") takes its head's."""
    agent = patient = None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    for child in token.children:
        if child.dep_ == "nsubj" and not passive:
            agent = child
        elif child.dep_ == "nsubjpass":
            patient = child
        elif child.dep_ == "dobj" and not passive:
            patient = child
        elif child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
    if agent is None and _reported_participle(token):
        agent = token.head  # "says the wall held": the wall held
    if agent is None and not passive and token.dep_ in ("conj", "xcomp") and token.head.pos_ == "VERB":
        head_agent, _ = roles(token.head) if token.head.i != token.i else (None, None)
        agent = head_agent
    return _argument(agent), _argument(patient)


def party_words(token: Token | None) -> set[str] | None:
    """The words that name an argument ("Mayor Alice Brown" -> mayor, alice, brown); None
    for a pronoun or nothing, which cannot be compared."""
    if token is None or token.pos_ == "PRON" or token.lower_ in ("it", "they", "he", "she", "this", "that"):
        return None
    parts = [token, *(c for c in token.children if c.dep_ in ("compound", "flat", "amod") and c.pos_ != "DET")]
    words = {t.lemma_.lower() for t in parts if not t.is_stop and t.is_alpha}
    words |= {t.lower_ for t in parts if not t.is_stop and t.is_alpha}
    return words or None


def phrase(token: Token | None) -> str:
    """The words of a party as written: compounds and the head ("Alice Brown")."""
    if token is None:
        return ""
    parts = sorted([token, *(c for c in token.children if c.dep_ in ("compound", "flat", "det", "amod"))],
                   key=lambda t: t.i)
    return " ".join(t.text for t in parts)


# -- who says it --------------------------------------------------------------------

@dataclass(frozen=True)
class Speaker:
    text: str
    """As written ("Alice Brown", "the police"), or ARTICLE."""
    head: Token | None = None

    @property
    def named(self) -> bool:
        return self.head is not None and self.head.pos_ == "PROPN"

    @property
    def pronoun(self) -> bool:
        return self.head is not None and self.head.pos_ == "PRON"


def speech_verb(token: Token) -> Token | None:
    """The reporting verb whose speech `token` is part of ("raise" in "Green said it would
    raise taxes" -> "said"), or None; `token` in the verb's subject is not its speech."""
    child, node = token, token.head
    while node.i != child.i:
        if node.lemma_.lower() in SPEECH and child.dep_ not in ("nsubj", "nsubjpass", "agent"):
            return node
        child, node = node, node.head
    return None


def according_to(sent: Span | Doc) -> Token | None:
    """X of "according to X" in the sentence."""
    for token in sent:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None


_CLOSING = frozenset(".!?\"'\u201d\u2019")
_NAME_PARTS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM"})


def trailing_reporter(doc: Doc | Span) -> Speaker | None:
    """The named reporter of a sentence that ends ", the Valley Gazette reports.", whatever
    the parse hangs the reporting verb on: spaCy often reads it as a noun ("reports") in
    apposition, or as a conjunct of the first clause only, and then finds no speaker for the
    clauses it reports. A pronoun or an unnamed party ("officials say") is not taken."""
    tokens = list(doc)
    end = len(tokens) - 1
    while end >= 0 and tokens[end].text in _CLOSING:
        end -= 1
    verb = tokens[end] if end >= 2 else None
    if verb is None or not verb.text.islower() or (  # "the New York Post." is a name, not a verb
            verb.lemma_.lower() not in SPEECH and verb.lower_.removesuffix("s") not in SPEECH):
        return None
    start = end - 1
    while start >= 0 and tokens[start].text != "," and end - start <= 8:
        if tokens[start].pos_ not in _NAME_PARTS and tokens[start].text not in ("-", "'s", "&"):
            return None
        start -= 1
    words = tokens[start + 1:end]
    if start < 1 or tokens[start].text != "," or not any(t.pos_ == "PROPN" for t in words):
        return None
    head = next(t for t in reversed(words) if t.pos_ in ("PROPN", "NOUN"))
    return Speaker(" ".join(t.text for t in words).replace(" - ", "-"), head)


def statement_speaker(token: Token, default: Speaker) -> Speaker:
    """Who the statement says `token`'s clause comes from: the subject of the reporting verb
    it is the speech of, the X of "according to X", or `default` (the claim's source)."""
    verb = speech_verb(token)
    if verb is not None:
        agent, _ = roles(verb)
        if agent is not None:
            return Speaker(phrase(agent), agent)
    source = according_to(token.doc)
    if source is not None:
        return Speaker(phrase(source), source)
    tail = trailing_reporter(token.doc)
    if tail is not None:
        return tail
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "csubj") and node.head.lemma_.lower() not in _MODAL_HEADS:
            return UNKNOWN  # "Biden heard that ...": not asserted, nor credited to anyone
        node = node.head
    return default


UNKNOWN = Speaker("")
"""A clause the statement neither asserts nor credits (the complement of "heard that")."""


def speakers_in(doc: Doc) -> list[Speaker]:
    """Every speaker the statement names: subjects of reporting verbs, "according to X"."""
    out = []
    for token in doc:
        if token.lemma_.lower() in SPEECH and token.pos_ == "VERB" or naming(token):
            agent, _ = roles(token)
            if agent is not None:
                out.append(Speaker(phrase(agent), agent))
    source = according_to(doc)
    if source is not None:
        out.append(Speaker(phrase(source), source))
    return out


_NAMING = frozenset("call describe label brand dub term".split())


def naming(token: Token) -> bool:
    """"Union leaders call the deal a betrayal", "describe it as ...": the subject judges in
    words, so it is a speaker the article must have, like the subject of "say"."""
    return token.pos_ == "VERB" and token.lemma_.lower() in _NAMING and any(
        c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as" for c in token.children)


def in_speech(token: Token, has_speaker: bool) -> bool:
    """Is `token` part of what the sentence reports someone as saying (not the article's own
    voice)? A sentence the analysis credits to a speaker but with no reporting verb (a
    quotation that goes on, "according to") is speech throughout."""
    if not has_speaker:
        return False
    if speech_verb(token) is not None:
        return True
    if according_to(token.sent) is not None or trailing_reporter(token.doc) is not None:
        return True
    verbs = [t for t in token.sent if t.lemma_.lower() in SPEECH and t.pos_ == "VERB"]
    return not verbs


_ANAPHORS = frozenset("he she it they him her them his its their".split())


def anaphor(doc: Doc | Span) -> bool:
    """Does the sentence refer back to a party it does not name: a third-person pronoun,
    or a definite description as a party ("the company said", "the family has sued")?"""
    for token in doc:
        if token.lower_ in _ANAPHORS and token.pos_ == "PRON":
            return True
        if (token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "poss")
                and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
                and not any(c.pos_ == "PROPN" for c in token.children)):
            return True
    return False


# -- the comparison -------------------------------------------------------------------

Same = Callable[[str, str], bool]
"""Are two names the same party? (grounding's alias-aware test)"""


@dataclass
class Cited:
    """One cited sentence: its parse, its number (1-based) and the analysis's speaker."""

    number: int
    doc: Doc
    speaker: str | None


@dataclass
class Context:
    same: Same
    described: Callable[[str], list[str]]
    """Words that describe a named actor (its title, aliases): "mayor" for Alice Brown."""
    in_article: Callable[[str], bool]
    refers_back: Callable[[str, int], bool] = lambda name, number: False
    """Is `name` what sentence `number` refers to with a pronoun or "the company"?"""
    stands_for: Callable[[int], str | None] = lambda number: None
    """The body a sentence credited to "the firm" / "the authority" means (grounding's
    `_antecedent`), or None."""


def compatible(said: Speaker, source: str, ctx: Context, sentence: Span | Doc | None = None,
               number: int = 0) -> bool:
    """May the statement credit a clause to `said` when the article's sentence credits it
    to `source` (an actor's name, "unnamed ...", or ARTICLE)?"""
    if source == ARTICLE or said.pronoun or not said.text:
        return True
    if said.text == ARTICLE:
        return True  # leaving out who said it is not a change of speaker (see README)
    said_words = party_words(said.head) or {w.lower() for w in re.findall(r"\w+", said.text)}
    if source.startswith("unnamed"):  # "officials" for "unnamed officials"; "mayor X" for "unnamed mayor"
        if _lemmas(said_words) & _lemmas(source.lower().split()[1:]):
            return True
        # "Northfield Motors will close ..., the company said": the name the sentence gives
        # the unnamed-looking speaker
        named = {w.lower() for w in re.findall(r"\w+", said.text) if w[:1].isupper()}
        return bool(named) and sentence is not None and named <= {t.lower_ for t in sentence}
    if ctx.same(said.text, source) or bool(_lemmas(said_words) & _lemmas(ctx.described(source))):
        return True
    if said.named and not any(w[:1].isupper() for w in source.split()) and ctx.refers_back(said.text, number):
        return True  # "the company said" of the company named just before
    body = ctx.stands_for(number) if number else None
    if body and (ctx.same(said.text, body) or bool(_lemmas(said_words) & _lemmas(body.lower().split()[1:]))
                 and body.lower().startswith("the ")):
        return True  # "the authority said" of the county council credited before
    return any(ctx.same(phrase(named), source) for named in _affiliation(said.head))


def _affiliation(head: Token | None) -> list[Token]:
    """The names a described speaker is of ("analysts at Piper Fielding", "a spokesman for
    the council", "a spokesman with Save the Children"): the organisation speaks through them."""
    if head is None:
        return []
    return [obj for prep in head.children if prep.dep_ == "prep" and prep.lower_ in _AFFILIATION
            for obj in prep.children if obj.dep_ == "pobj" and obj.pos_ == "PROPN"]


_AFFILIATION = frozenset("at of for with from".split())


def _lemmas(words: Iterable[str]) -> set[str]:
    return {w.lower().rstrip("s") for w in words if len(w) > 1}


def _match(a: Token | None, b: Token | None, ctx: Context) -> bool | None:
    """Do two arguments name the same party? None when either cannot be told (a pronoun
    with no antecedent in its sentence)."""
    a, b = _resolved(a), _resolved(b)
    wa, wb = party_words(a), party_words(b)
    if wa is None or wb is None:
        return None
    return bool(wa & wb) or ctx.same(phrase(a), phrase(b))


_SINGULAR = {"it": ("NN", "NNP")}
_PLURAL = {"they": ("NNS", "NNPS"), "them": ("NNS", "NNPS")}
"""Pronouns read as a party of the clause above (not possessives: "the aid will persuade its
ally" is Washington's ally, not the aid's)."""


def _resolved(token: Token | None) -> Token | None:
    """"it" / "they" in a clause inside another: the subject of the clause above that agrees
    in number ("The bank denied reports that the government had asked it": the bank). A
    pronoun cannot be its own clause's other party, so the subject of its own verb is passed
    over. Anything else, or no such subject, is returned as it is."""
    if token is None or token.pos_ != "PRON" or token.lower_ not in {**_SINGULAR, **_PLURAL}:
        return token
    tags = {**_SINGULAR, **_PLURAL}[token.lower_]
    own = token.head
    for verb in own.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ != "PRON" and subject.tag_ in tags and own.i not in \
                {t.i for t in subject.subtree}:
            return subject
        if subject is not None:
            return token  # the nearest clause above has another subject: not told
    return token


def _swapped(p: Token, q: Token, ctx: Context) -> bool:
    if p.lemma_.lower() in _SYMMETRIC:
        return False
    pa, pp = roles(p)
    qa, qp = roles(q)
    if (_match(pa, qp, ctx) and not _match(pa, qa, ctx)) or (_match(pp, qa, ctx) and not _match(pp, qp, ctx)):
        return True
    # the other places a party can hold: "calls from 20 boats", "the union's warning",
    # "awarded Cuadrilla the contract"; a party moved from one to another of them (or to the
    # agent or patient) has changed its role ("his kids posted a sign on Thomas's truck")
    ps, qs = slots(p), slots(q)
    for place, party in ps.items():
        if place in qs and _match(party, qs[place], ctx):
            continue
        for other, token in qs.items():
            if other == place or not _moves_role(place, other) or not _match(party, token, ctx):
                continue
            # the place it left is filled in the source, or by someone else in the statement
            if place in qs or other in ps and not _match(ps[other], token, ctx):
                return True
    return False


def _copula_swap(p: Token, cited: Sequence[Cited], ctx: Context) -> str | None:
    """"A is nine under, a shot clear of B" for "B is nine under, a shot clear of A": in a
    clause of "be", the subject and a name in what is said of it trade places."""
    subject = next((c for c in p.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or party_words(subject) is None:
        return None
    mine = _named_in(p, subject)
    for c in cited:
        for q in c.doc:
            theirs = next((x for x in q.children if x.dep_ in ("nsubj", "nsubjpass")), None) \
                if q.lemma_ == "be" else None
            if theirs is None or party_words(theirs) is None or _match(subject, theirs, ctx):
                continue
            if any(_match(subject, o, ctx) for o in _named_in(q, theirs)) and \
                    any(_match(theirs, o, ctx) for o in mine):
                return f"\"{phrase(subject)}\" and \"{phrase(theirs)}\" trade places (sentence {c.number})"
    return None


def _named_in(verb: Token, subject: Token) -> list[Token]:
    """Names said of the subject in a clause of "be" (heads of proper-noun phrases)."""
    inside = {t.i for t in subject.subtree}
    return [t for t in verb.subtree if t.i not in inside and t.pos_ == "PROPN"
            and t.dep_ not in ("compound", "flat") and t.i != verb.i]


def _moves_role(a: str, b: str) -> bool:
    """Does a party moving between these places change who does what? To or from the agent,
    the recipient or a possessor; not within the patient ("royalties of $4.2m" / "$4.2m in
    royalties"), and not between prepositions."""
    return bool({a, b} & {"agent", "dative"}) or a.endswith("'s") or b.endswith("'s")


def slots(token: Token) -> dict[str, Token | None]:
    """The parties of a verb by place: agent, patient, recipient ("dative"), the object of
    each preposition on the verb or on its patient, and the possessor of agent and patient."""
    agent, patient = roles(token)
    out: dict[str, Token | None] = {}
    if agent is not None:
        out["agent"] = agent
    if patient is not None:
        out["patient"] = patient
    for child in token.children:
        if child.dep_ == "dative":
            out["dative"] = next((c for c in child.children if c.dep_ == "pobj"), child)
    for owner, prefix in ((token, ""), (patient, "patient ")):
        for prep in (owner.children if owner is not None else ()):
            if prep.dep_ == "prep":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    out[f"{prefix}{prep.lower_}"] = obj
    for name, party in list(out.items()):
        poss = next((c for c in party.children if c.dep_ == "poss"), None) if party is not None else None
        if poss is not None:
            out[f"{name}'s"] = poss
    return out


def _words(doc: Doc) -> set[str]:
    return {k for t in doc for k in keys(t)}


def _quoted(doc: Doc) -> set[int]:
    """Token indices inside quotation marks (the article's words, checked word for word)."""
    inside, out = False, set()
    for t in doc:
        if t.text in ('"', "\u201c", "\u201d", "``", "''"):
            inside = not inside if t.text in ('"', "``", "''") else t.text == "\u201c"
            continue
        if inside:
            out.add(t.i)
    return out


def problem(statement: Doc, cited: Sequence[Cited], default: Speaker, ctx: Context) -> str | None:
    """Why `statement` does not say what `cited` says, or None."""
    source_words = set().union(*(_words(c.doc) for c in cited)) if cited else set()
    quoted = _quoted(statement)

    for said in [*speakers_in(statement), *([default] if default.text != ARTICLE else [])]:
        if said.head is not None and not said.named and not said.pronoun:
            head = said.head.lemma_.lower()
            if not ctx.in_article(head) and not ctx.in_article(said.head.lower_):
                return f"speaker \"{said.text}\" is not in the article"

    for token in statement:
        if token.i in quoted or token.pos_ != "ADV" or token.dep_ == "prt":
            continue
        if token.lower_ in ALLOWED_ADVERBS or token.lemma_.lower() in ALLOWED_ADVERBS or token.lower_ in _MODAL_ADVERBS:
            continue
        if not keys(token) & source_words and token.is_alpha:
            return f"adds \"{token.text}\", which the cited sentences do not say"

    for token in statement:  # "in May" for "in March": months and weekdays as the article writes them
        if token.i not in quoted and token.lower_ in _CALENDAR and token.text[:1].isupper() \
                and token.lower_ not in source_words:
            return f"date \"{token.text}\" not in the cited sentences"

    judging = _judging_words()
    for token in statement:
        # a comparison ("9% more than", "higher") is no judgement: its figures and opposites
        # are checked as such; "better" and "worse" still judge
        comparison = token.tag_ in ("JJR", "RBR") and token.lemma_.lower() not in ("good", "bad", "well", "badly")
        if (token.i not in quoted and token.pos_ == "ADJ" and token.lower_ in judging and not comparison
                and not keys(token) & source_words):
            return f"adds \"{token.text}\", a judging word the cited sentences do not use"

    for p in statement:
        if p.i not in quoted and p.lemma_ == "be" and (why := _copula_swap(p, cited, ctx)):
            return why
    for p in statement:
        if p.i in quoted or not (is_predicate(p) or attribute(p)):
            continue
        why = _predicate_problem(p, cited, statement_speaker(p, default), ctx)
        if why:
            return why

    for token in statement:  # opposites elsewhere: "a higher tax" for "a lower tax"
        if token.i in quoted or token.pos_ not in ("ADJ", "ADV", "NOUN", "VERB") or is_predicate(token) \
                or _support_use(token):
            continue
        if keys(token) & source_words:
            continue
        opposite = _opposites(token) & source_words
        if opposite and not any(c.dep_ == "neg" for c in token.head.children):
            return f"\"{token.text}\" where the cited sentences say \"{sorted(opposite)[0]}\" (an antonym)"
    return None


def _predicate_problem(p: Token, cited: Sequence[Cited], said: Speaker, ctx: Context) -> str | None:
    want = keys(p)
    if attribute(p):
        same = [(c, q) for c in cited for q in c.doc if attribute(q) and keys(q) & want]
        found = [_differences(p, q, c, said, ctx) for c, q in same]
        return None if not found or not all(found) else min(found, key=len)[0]
    same = [(c, q) for c in cited for q in c.doc if q.pos_ in ("VERB", "ADJ", "AUX") and keys(q) & want
            and (q.pos_ != "AUX" or p.pos_ == "AUX")]
    if same:
        best: list[str] | None = None
        for c, q in same:
            found = _differences(p, q, c, said, ctx)
            if not found:
                return None
            if best is None or len(found) < len(best):
                best = found
        return best[0] if best else None
    nominal = _nominal(p, cited)
    if nominal is not None:
        c, verb = nominal
        if verb.lemma_.lower() in LIGHT_VERBS:  # "made an appeal" is "appealed"
            found = _differences(p, verb, c, said, ctx, roles_too=False)
            return found[0] if found else None
        if verb.lemma_.lower() in _MODAL_HEADS:  # "needs the approval of" is "has to be approved by"
            wanted = modality(verb) | {_MODAL_HEADS[verb.lemma_.lower()]}
            if modality(p) == wanted and negated(p) == negated(verb):
                return None
            return (f"tense or modality changed: \"{_verb_group(p)}\" where sentence {c.number} says "
                    f"\"{_verb_group(verb)} {_object_text(verb)}\"")
        return (f"\"{_verb_group(p)}\" where sentence {c.number} says \"{_verb_group(verb)} "
                f"{_object_text(verb)}\" (not the event itself)")
    # the word itself, in the same form, is in the cited sentences as another part of speech (a
    # parser error: "demanding McDonald's remove spikes" read as a noun): not a word swapped for
    # its opposite ("rose" against "the rise ... fell" is still checked)
    own = any(q.lower_ == p.lower_ for c in cited for q in c.doc)
    opposites = _opposites(p) if not _negative_head(p) and not own else set()
    contrary = [(c, q) for c in cited for q in c.doc if q.pos_ in ("VERB", "ADJ") and keys(q) & opposites
                and not _negative_head(q) and not _support_against_bare(p, q)]
    if contrary:
        if any(negated(p) != negated(q) for _, q in contrary):
            return None  # "did not approve" for "rejected": the same meaning
        c, q = contrary[0]
        return f"\"{p.text}\" where sentence {c.number} says \"{q.text}\" (an antonym)"
    return None


LIGHT_VERBS = frozenset("make take give have do hold file lodge launch issue conduct carry stage mount".split())
"""Support verbs whose object noun carries the event ("lodged an appeal" = "appealed"): the
closed class English uses to turn a verb into a noun phrase."""


def _has_object(token: Token) -> bool:
    return any(c.dep_ == "dobj" for c in token.children)


def _negative_head(token: Token) -> bool:
    """"failed to find": the negation of "find" (counted there), not the opposite of "held"."""
    return token.lemma_.lower() in _NEGATIVE_HEADS and any(c.dep_ == "xcomp" for c in token.children)


def _support_against_bare(p: Token, q: Token) -> bool:
    """"held talks" and "the talks failed": a support verb with an object set against a verb
    with none are different senses, not opposites ("launched the campaign" and "ended the
    campaign" both have one, and are)."""
    return any(a.lemma_.lower() in LIGHT_VERBS and _has_object(a) and not _has_object(b)
               for a, b in ((p, q), (q, p)))


def _support_use(token: Token) -> bool:
    """A statement word whose opposite is not checked where the other side is not seen: a
    support verb with an object, or a negative head with a "to"-complement."""
    return _negative_head(token) or token.lemma_.lower() in LIGHT_VERBS and _has_object(token)


def _nominal(p: Token, cited: Sequence[Cited]) -> tuple[Cited, Token] | None:
    """The cited verb whose object is the statement's predicate as a noun: "would consider an
    appeal" for "will appeal", "needs the approval" for "approved" (WordNet's nouns of the
    verb). Only for a verb predicate the cited sentences lack as a verb."""
    if p.pos_ != "VERB":
        return None
    want = keys(p)
    nouns = nominals().get(p.lemma_.lower(), frozenset())
    for c in cited:
        for q in c.doc:
            if q.pos_ == "NOUN" and q.dep_ == "dobj" and q.head.pos_ == "VERB" and (
                    keys(q) & want or q.lemma_.lower() in nouns or q.lower_ in nouns):
                return c, q.head
    return None


def _object_text(verb: Token) -> str:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj.text if obj is not None else ""


def _differences(p: Token, q: Token, c: Cited, said: Speaker, ctx: Context, roles_too: bool = True) -> list[str]:
    out = []
    if negated(p) != negated(q):
        out.append(f"negation of \"{p.lemma_}\" differs from sentence {c.number}")
    mp, mq = modality(p), modality(q)
    if mp != mq:
        out.append(f"tense or modality changed: \"{_verb_group(p)}\" for \"{_verb_group(q)}\" "
                   f"(sentence {c.number})")
    if roles_too and p.pos_ == "VERB" and _swapped(p, q, ctx):
        out.append(f"agent and patient of \"{p.lemma_}\" swapped (sentence {c.number})")
    source = c.speaker if c.speaker and in_speech(q, True) else ARTICLE
    inner = _inner_speakers(q)
    tail = trailing_reporter(q.doc)
    if not inner and tail is not None:  # ", the Valley Gazette reports." read as a noun or a conjunct
        inner = [tail.text]
    # a sentence the analysis credits to nobody but whose parse reports a speaker ("..., the
    # Times-Picayune reports") is that speaker's, not the article's own voice
    sources = inner if source == ARTICLE and inner else [source, *inner]
    if source == ARTICLE and inner:
        source = inner[-1]
    if p.lemma_.lower() not in SPEECH and not any(compatible(said, s, ctx, q.sent, c.number) for s in sources) \
            and not _pronoun_reporter(q, source, said, c, ctx):
        who = "the article's own voice" if said.text == ARTICLE else said.text
        out.append(f"credited to {who}, but sentence {c.number} reports {source} saying it")
    return out


def _pronoun_reporter(q: Token, source: str, said: Speaker, c: Cited, ctx: Context) -> bool:
    """"Critics say the spikes target the homeless. 'They show disregard,' she said.": the
    analysis credits the sentence to the critics, but the clause is the speech of "she", whoever
    that is. A named party of the sentences just before may be she. The quotation marks say
    whose words the quoted clause is when the parse hangs it on another reporting verb."""
    verb = _quote_reporter(q) or speech_verb(q)
    agent = roles(verb)[0] if verb is not None else None
    if agent is None or agent.lower_ not in ("he", "she") or not said.named or source == ARTICLE:
        return False
    others = [t for t in q.sent if t.i != verb.i and t.lemma_.lower() in SPEECH and t.pos_ == "VERB"]
    credited_elsewhere = any(
        (a := roles(t)[0]) is not None and a.pos_ != "PRON" and compatible(Speaker(phrase(a), a), source, ctx)
        for t in others)
    return credited_elsewhere and ctx.refers_back(said.text, c.number)


_OPEN_QUOTES = frozenset({'"', "'", "\u201c", "\u2018", "``"})
_CLOSE_QUOTES = frozenset({'"', "'", "\u201d", "\u2019", "''"})


def _quote_reporter(q: Token) -> Token | None:
    """The reporting verb of "'...,' she said." when `q` is inside that quotation: the verb
    (with a subject) within a few words after the closing quotation mark."""
    sent = q.sent
    opened = [t for t in sent if t.i < q.i and t.text in _OPEN_QUOTES and t.tag_ == "``"]
    closing = next((t for t in sent if t.i > q.i and t.text in _CLOSE_QUOTES and t.tag_ == "''"), None)
    if not opened or closing is None or any(opened[-1].i < t.i < closing.i and t.text in _OPEN_QUOTES | _CLOSE_QUOTES
                                            and t.tag_ in ("``", "''") for t in sent):
        return None
    for t in sent.doc[closing.i + 1:min(closing.i + 5, sent.end)]:
        if t.lemma_.lower() in SPEECH and t.pos_ == "VERB" and roles(t)[0] is not None:
            return t
    return None


def _inner_speakers(token: Token) -> list[str]:
    """Subjects of every reporting verb `token` is the speech of, innermost first:
    "Green" and "Brown" in "Green claimed the vote was rushed, Brown said"."""
    out = []
    node = token
    for _ in range(6):
        verb = speech_verb(node)
        if verb is None:
            break
        agent, _ = roles(verb)
        if agent is not None and agent.pos_ != "PRON":  # "the group fears", "survivors who said"
            out.append(phrase(agent))
        node = verb
    return out


def _verb_group(token: Token) -> str:
    """"will approve", "plans to approve": the predicate with its auxiliaries, as written."""
    head = _clause_head(token)
    words = [c for c in head.children if c.dep_ in ("aux", "auxpass", "neg")] + [head]
    if head.i != token.i:
        words.append(token)
    if head.dep_ == "xcomp":
        words.append(head.head)
    return " ".join(t.text for t in sorted({t.i: t for t in words}.values(), key=lambda t: t.i))


_PAST = {"say": "said", "tell": "told", "write": "wrote", "admit": "admitted", "commit": "committed"}


def predicate(statement: Doc, cited: Sequence[Doc], kind: str) -> str:
    """The verb that links a claim's speaker and content ("said", "announced", "denied"), as
    the article reports it; for an event, its main verb's lemma ("approve")."""
    if kind in ("statement", "quote"):
        for doc in [*cited, statement]:
            verb = next((t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH), None)
            if verb is not None:
                lemma = verb.lemma_.lower()
                if verb.tag_ in ("VBD", "VBN"):
                    return verb.lower_
                return _PAST.get(lemma, lemma + ("d" if lemma.endswith("e") else "ed"))
        return "said"
    root = next((t for t in statement if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    if root.lemma_.lower() in SPEECH:
        root = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp")), root)
    while _is_modal_head(root):
        root = next(c for c in root.children if c.dep_ == "xcomp")
    return root.lemma_.lower()
