"""Actors, speakers and roles of a news article, read from one spaCy parse.

Everything here is a pure function over spaCy objects.  The caller parses the
article body once (``nlp(body)``) and hands the ``Doc`` to :func:`find_cast`; the
actor finder, the speaker finder and the role finder all read that one parse.
Only the headline may be parsed separately (it is short, and an ALL-CAPS
headline needs different treatment anyway).

Pipes the Doc needs: ``tagger`` + ``attribute_ruler`` (POS), ``parser``
(dependencies and sentences) and ``ner``.  The lemmatizer is not used: verb
forms are matched on their surface, so ``nlp.pipe(..., disable=["lemmatizer"])``
is the recommended way to parse.

Why the rules below exist (all measured on the CoNLL-2003 dev documents, none
tied to a document or a name):

* spaCy's small model finds names well but splits one actor into many
  mentions ("Alan Shearer", "Shearer", "SHEARER"), keeps titles and function
  words inside names ("But Swiss", "Chief Executive Maria Lindqvist"), and
  tags ALL-CAPS headlines badly.  Actors are therefore built from cleaned
  mentions merged by surname, acronym, country alias and modifier stripping,
  and headlines only ever *add mentions* to actors found in the body.
* A type is the model's majority label corrected by a gazetteer: a country is
  a *state*, a US state or city a *place*, a name carrying an organisation
  word ("Mines", "Bank") an *organisation*, a titled name a *person*.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..model import NO_ACTION
from . import gazetteer as gz
from .attribution import SPEECH_VERBS, Speech, find_speech, subject_of

PERSON, ORGANISATION, STATE, PLACE, GROUP = "person", "organisation", "state", "place", "group"

_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# Surface forms of reporting verbs (no lemmatizer needed).
_REPORTING = frozenset("""
say says said saying tell tells told telling add adds added adding announce announces announced
state states stated claim claims claimed warn warns warned insist insists insisted argue argues
argued confirm confirms confirmed deny denies denied note notes noted write writes wrote
explain explains explained declare declares declared assert asserts asserted acknowledge
acknowledges acknowledged admit admits admitted urge urges urged reiterate reiterates reiterated
stress stresses stressed predict predicts predicted quote quoted reply replies replied respond
responds responded comment comments commented estimate estimates estimated complain complains
complained suggest suggests suggested report reports reported
""".split())

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_TITLE_GENDER = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
                 "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "lady": "f",
                 "queen": "f", "princess": "f", "dame": "f"}

# Predicates that frame or evaluate an actor rather than show it acting.
_COPULAR = frozenset("""
be is are was were been being 's 're am seem seems seemed appear appears appeared remain remains
remained become becomes became look looks looked sound sounds sounded feel feels felt
""".split())
_EVALUATIVE = frozenset("""
prove proves proved proven show shows showed shown demonstrate demonstrates demonstrated
deserve deserves deserved
""".split())

_DANGLING_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON", "AUX", "PUNCT"}
_QUOTES = {'"', "“", "”", "''", "``", "«", "»"}
_CLAUSE_STOPS = {",", ";", ":", "--", "—", "–", "(", ")", "[", "]"}
_DATELINE = re.compile(r"^\s*([A-Z][A-Z.' -]+?)(?:,\s*([A-Za-z .'-]+?))?\s+\d{4}-\d{2}-\d{2}\s*$")
_STRIP_LEFT_POS = {"DET", "CCONJ", "SCONJ", "ADP", "ADV", "PRON", "PUNCT", "PART", "SPACE", "INTJ", "AUX", "VERB"}
_STRIP_RIGHT = {"'s", "’s", "'", "’", "s"}


# --------------------------------------------------------------------------- output


@dataclass
class Found:
    """One actor of the article, as the parse shows it.

    ``forms`` are the surface forms met in the article (headline included);
    ``mentions`` counts every mention, headline included; ``role`` is what the
    article shows the actor doing, in its own words, or :data:`NO_ACTION`.
    """

    name: str
    type: str
    title: str = ""
    forms: list[str] = field(default_factory=list)
    mentions: int = 0
    speaker: bool = False
    role: str = NO_ACTION


@dataclass
class Cast:
    """Who is in the story and who speaks in each sentence."""

    actors: list[Found]
    speakers: list[str | None]
    """Aligned with ``list(doc.sents)``: actor name, ``"unnamed <noun>"`` or None."""
    kinds: list[str | None] = field(default_factory=list)
    """Aligned with ``speakers``: how the sentence reports speech (quote, reported,
    document), None where it reports none."""
    verbs: list[int] = field(default_factory=list)
    """Aligned with ``speakers``: the token index of the verb of saying, -1 if none."""


# --------------------------------------------------------------------------- internals


@dataclass
class _Mention:
    text: str
    label: str  # spaCy label, or "STATE_ADJ" for an adjectival demonym
    start: int = -1  # token span in the body Doc; -1 for headline mentions
    end: int = -1
    title: str = ""


@dataclass
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    title: str = ""
    headline_hits: int = 0
    speaker: bool = False
    alive: bool = True
    team_uses: int = 0  # mentions used as a side in a match: "Chicago beat Atlanta 5-3"
    standings: int = 0  # mentions heading a row of four numbers or more: "Greenock Morton 3 2 0 1 5 2 6"
    hint: str = ""  # a type established by a merge ("Rosati" joined "Dariusz Rosati": a person)
    type_cache: tuple | None = None

    def absorb(self, other: "_Cluster") -> None:
        self.mentions.extend(other.mentions)
        self.title = self.title or other.title
        self.headline_hits += other.headline_hits
        self.speaker = self.speaker or other.speaker
        self.hint = self.hint or other.hint
        other.alive = False
        other.mentions = []

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(m.text for m in self.mentions))

    def labels(self) -> Counter:
        return Counter(m.label for m in self.mentions)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _dateline(doc: Doc, line_starts: set[int] = frozenset()) -> tuple[int, list[str]]:  # type: ignore[assignment]
    """A leading dateline ("LONDON 1996-08-30", "BIRMINGHAM, England 1996-08-31"): the
    number of tokens it covers and the place names in it.  The parser often runs it into
    the lead sentence, so it is read from the text's first line (or first paragraph), not
    from doc.sents."""
    n = 0
    while n < len(doc) and n < 12 and "\n" not in doc[n].text and "\n" not in doc[n].whitespace_ \
            and n + 1 not in line_starts:
        n += 1
    n = min(n + 1, len(doc))
    first_line = doc[:n].text.split("\n", 1)[0]
    m = _DATELINE.match(first_line)
    if not m:
        return 0, []
    places = [m.group(1).strip().title()] + ([m.group(2).strip()] if m.group(2) else [])
    return n, places


# ----------------------------------------------------------------- mention cleaning


def _clean_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim function words and possessives off an entity span ("But Swiss", "the Pentagon's")."""
    while start < end and (doc[start].pos_ in _STRIP_LEFT_POS and not doc[start].text[:1].isupper()
                           or doc[start].lower_ in {"the", "a", "an", "but", "and", "or", "of", "by", "in"}
                           or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _STRIP_RIGHT or doc[end - 1].is_punct and doc[end - 1].text != "."
                           or doc[end - 1].is_space or doc[end - 1].lower_ in {"of", "and", "the", "for"}):
        end -= 1
    # A sentence-final full stop glued to a name ("Reuters.") is not part of it; "U.S." keeps its dots.
    return start, end


def _title_before(doc: Doc, start: int, floor: int) -> tuple[int, str]:
    """Walk left from a person's name over title words: 'U.S. President', 'new coach'."""
    i = start
    while i > floor:
        tok = doc[i - 1]
        word = tok.text
        if gz.is_title_word(word) and word[:1].isupper():
            i -= 1
        elif word[:1].isupper() and (gz.demonym_state(word) or gz.canonical_state(word)) and i < start:
            i -= 1
        elif tok.lower_ in gz.TITLE_CONNECTORS and i < start and i - 2 >= floor and gz.is_title_word(doc[i - 2].text):
            i -= 1
        elif tok.is_lower and gz.is_title_word(word) and tok.pos_ == "NOUN":
            i -= 1  # "coach Glenn Hoddle": a lowercase title word right before a name
        else:
            break
    while i < start and doc[i].lower_ in gz.TITLE_CONNECTORS:
        i += 1
    return i, doc[i:start].text if i < start else ""


def _split_title_inside(doc: Doc, start: int, end: int) -> tuple[int, str]:
    """'Chief Executive Maria Lindqvist' tagged as one PERSON: move the title words out."""
    i = start
    while i < end - 1 and (gz.is_title_word(doc[i].text) or gz.demonym_state(doc[i].text)
                           or gz.canonical_state(doc[i].text)
                           or doc[i].lower_ in gz.TITLE_CONNECTORS and i > start):
        i += 1
    if i == start or not any(gz.is_title_word(t.text) for t in doc[start:i]):
        return start, ""
    return i, doc[start:i].text


def _mentions_from_doc(doc: Doc, line_starts: set[int] = frozenset()) -> list[_Mention]:  # type: ignore[assignment]
    n_dateline, places = _dateline(doc, line_starts)
    mentions: list[_Mention] = []
    for place in places:  # the dateline names where the story happens: a place mention
        mentions.append(_Mention(place, "DATELINE"))  # no tokens: the dateline is not a clause
    entity_texts = {_norm(e.text) for e in doc.ents}
    for ent in doc.ents:
        if ent.label_ not in _LABELS or ent.start < n_dateline:
            continue
        for part_start, part_end in _pieces(doc, ent.start, ent.end):
            for start, end in _split_merged(doc, doc[part_start:part_end], entity_texts):
                mentions.extend(_mention(doc, ent.label_, start, end, floor=max(ent.sent.start, n_dateline)))
    covered = {i for m in mentions for i in range(max(m.start, 0), max(m.end, 0))}
    mentions.extend(_table_rows(doc, n_dateline, covered, line_starts))
    return mentions


def _table_rows(doc: Doc, skip: int, covered: set[int], starts: set[int] = frozenset()) -> list[_Mention]:  # type: ignore[assignment]
    """Results and standings tables name their subject in the first column ("Red Star 4 4 0
    0 9 3 12", "BALTIMORE 70 63 .526 4"); the model tags such verbless lines poorly.  A line
    with no verb that starts with one to four capitalised words followed by a number yields
    that name (an organisation unless the gazetteer says otherwise)."""
    out: list[_Mention] = []
    line_starts = [i for i in range(skip, len(doc))
                   if (i == 0 or i in starts or doc[i - 1].is_space and "\n" in doc[i - 1].text
                       or "\n" in doc[i - 1].whitespace_)
                   and not doc[i].is_space]
    bounds = line_starts + [len(doc)]
    for a, b in zip(bounds, bounds[1:]):
        line = doc[a:b]
        if any(t.pos_ == "VERB" for t in line):
            continue
        j = a
        while j < b and j - a < 4 and doc[j].is_alpha and doc[j].text[:1].isupper():
            j += 1
        if a < j < b and doc[j].like_num and doc[j].text[:1].isdigit() and not any(i in covered for i in range(a, j)):
            words = [t.text for t in doc[a:j]]
            if not any(w.lower() in gz.TABLE_LABELS or w.lower() in gz.TIME_WORDS for w in words) \
                    and not all(gz.is_title_word(w) for w in words) and not (j - a == 1 and doc[a].tag_ in {"NN", "NNS"}):
                out.append(_Mention(doc[a:j].text, "ROW", a, j))
    return out


_BETWEEN_SIDES = frozenset({"at", "in", "on", "v", "vs", "vs.", "against", "from", "with"})


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an entity at line breaks, numbers, brackets and quotes: in results tables the
    model runs names and scores together ("Pohang 3 Ulsan 2", "League\\n\\nBaseball")."""
    out, s = [], start
    for i in range(start, end + 1):
        if i == end or doc[i].is_space or doc[i].text in _QUOTES or doc[i].text in {"(", ")", "/", ","} \
                or doc[i].like_num and not doc[i].text[:1].isalpha() \
                or (doc[i].text if not doc[i].is_upper else doc[i].lower_) in _BETWEEN_SIDES:
            if i > s:
                out.append((s, i))
            s = i + 1
    return out


def _split_merged(doc: Doc, ent: Span, known: set[str]) -> list[tuple[int, int]]:
    """'Nelson Mandela African National Congress': two names the model ran together.
    Split where both halves are names the article uses on their own elsewhere."""
    if len(ent) >= 3:
        for k in range(1, len(ent)):
            left, right = _norm(doc[ent.start:ent.start + k].text), _norm(doc[ent.start + k:ent.end].text)
            if left in known and right in known and left != _norm(ent.text):
                return [(ent.start, ent.start + k), (ent.start + k, ent.end)]
    return [(ent.start, ent.end)]


def _mention(doc: Doc, label: str, start: int, end: int, floor: int) -> list[_Mention]:
    start, end = _clean_span(doc, start, end)
    if start >= end:
        return []
    tokens = doc[start:end]
    title = ""
    if label in {"PERSON", "ORG"} and len(tokens) > 1:
        new_start, title = _split_title_inside(doc, start, end)
        if title:
            label = "PERSON"
            start = new_start
    if label == "PERSON":
        _, before = _title_before(doc, start, floor)
        title = " ".join(dict.fromkeys(" ".join(x for x in (before, title) if x).split()))  # never "Councillor Councillor"
    tokens = doc[start:end]
    words = [t.text for t in tokens]
    if all(gz.is_title_word(w) or not w[:1].isupper() for w in words):
        return []  # "of State", "Minister": a title with no name
    if not any(w[:1].isupper() or w[:1].isdigit() for w in words):
        return []
    if len(tokens) == 1 and tokens[0].tag_ in {"NN", "NNS"} and not tokens[0].is_upper:
        return []  # "Attendance", "Eyewitnesses": a capitalised common noun, not a name
    text = tokens.text
    if words[-1].lower() in gz.EVENT_WORDS or len(words) == 1 and words[0].lower() in gz.EVENT_WORDS:
        return []  # "UEFA Cup", "Atlanta Games": events, not actors
    if all(w.lower() in gz.TABLE_LABELS or w.lower() in gz.TIME_WORDS for w in words):
        return []  # "WESTERN DIVISION", "GMT": a table's heading or a time, not a name
    if words[-1].lower() in gz.LAW_WORDS or len(words) >= 2 and words[-2].lower() in gz.LAW_WORDS \
            and words[-1].isdigit():
        return []  # "First Amendment", "Amendment 64", "Affordable Care Act": a law, not an actor
    if len(tokens) == 1 and tokens[0].pos_ in {"VERB", "PRON", "DET", "ADV", "SCONJ", "AUX", "ADP"} \
            and not tokens[0].is_upper:
        return []  # "which", "Wants": the model's entity with no proper noun in it
    if re.match(r"(?:ex|pro|anti|non|former)-", text):
        return []  # "ex-England": a description, not a name
    if label == "NORP":
        if gz.canonical_state(text):
            label = "GPE"
        else:
            root = tokens.root
            if root.dep_ in {"amod", "compound", "nmod", "poss"} or root.pos_ == "ADJ" or root.tag_ != "NNPS":
                # "Russian league", "Moslem party", "the Swiss": an adjective or a nationality,
                # not an actor of its own; a demonym counts for its state when that is an actor.
                # Only a plural people ("Kurds", "Palestinians") is a group.
                if not gz.demonym_state(text):
                    return []
                label = "STATE_ADJ"
    elif label == "PERSON" and (gz.demonym_state(words[0]) and len(words) > 1
                                or any(w.lower() in gz.ORG_WORDS for w in words) or gz.company_form(text)):
        label = "ORG"  # "Indonesian Mines" is not a person
    if label in {"ORG", "PERSON"} and not title and _place_context(doc, start, end) \
            and not any(w.lower() in gz.ORG_WORDS for w in words):
        label = "GPE"
    return [_Mention(text, label, start, end, title)]


_SETTLEMENTS = frozenset("""
capital city town village hamlet suburb province region district port island county
""".split())
"""Nouns for a settlement or a region: "the capital Dushanbe", "the village of Layron"."""
_LOCATIVE = frozenset({"in", "near", "outside", "around"})


def _place_context(doc: Doc, start: int, end: int) -> bool:
    """The clause places the name as a place, whatever the model's label: "the capital
    Dushanbe", "the town of Tavildara", "Barentsburg, Norway", or after "in"/"near" on a verb
    ("were killed in Goma"); a name the article introduces with a title is never read so."""
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in _SETTLEMENTS:
        return True
    if before is not None and before.lower_ == "of" and start > 1 and doc[start - 2].lower_ in _SETTLEMENTS:
        return True
    if end + 1 < len(doc) and doc[end].text == "," and gz.canonical_state(doc[end + 1].text) \
            and (end + 2 >= len(doc) or not doc[end + 2].text[:1].isupper()):
        return True
    root = doc[start:end].root
    return (before is not None and before.lower_ in _LOCATIVE and root.dep_ == "pobj" and root.head.i == start - 1
            and before.head.pos_ in {"VERB", "AUX"} and end - start <= 2)


# ------------------------------------------------------------------------ clustering


def _key(m: _Mention) -> str:
    region = gz.REGIONS.get(_norm(m.text))
    if region:
        return "region:" + region.lower()
    if m.label == "STATE_ADJ":
        return "state:" + (gz.demonym_state(m.text) or m.text).lower()
    state = gz.canonical_state(m.text)
    if state:
        return "state:" + state.lower()
    return _norm(m.text)


def _cluster(mentions: list[_Mention], doc: Doc) -> list[_Cluster]:
    by_key: dict[str, _Cluster] = {}
    for m in mentions:
        by_key.setdefault(_key(m), _Cluster()).mentions.append(m)
    for c in by_key.values():
        c.title = next((m.title for m in c.mentions if m.title), "")
    clusters = list(by_key.values())
    _merge_acronyms(clusters, doc)
    _merge_modifier_prefix(clusters)
    _merge_people(clusters)
    _merge_org_short_forms(clusters)
    # An adjectival demonym ("Russian league") is a mention of the state only if the state is an actor.
    return [c for c in clusters if c.alive and any(m.label != "STATE_ADJ" for m in c.mentions)]


def _missed_mentions(doc: Doc, clusters: list[_Cluster], skip: int) -> None:
    """Once a name is known, its other capitalised occurrences are mentions too, even where
    the model did not tag them ("Essex, Derbyshire and Surrey").  They carry no label vote."""
    covered = {i for c in clusters for m in c.mentions for i in range(max(m.start, 0), max(m.end, 0))}
    by_first: dict[str, list[tuple[list[str], _Cluster]]] = {}
    for c in clusters:
        forms = set(c.forms)
        if _type(c) == PERSON:
            forms |= {_tokens(f)[-1] for f in c.forms}
        for f in forms:
            words = [w.lower() for w in _tokens(f)]
            if words and len(words[0]) > 1:
                by_first.setdefault(words[0], []).append((words, c))
    for tok in doc[skip:]:
        if tok.i in covered or not tok.text[:1].isupper() or tok.lower_ not in by_first:
            continue
        for words, c in sorted(by_first[tok.lower_], key=lambda x: -len(x[0])):
            end = tok.i + len(words)
            if end <= len(doc) and [t.lower_ for t in doc[tok.i:end]] == words \
                    and not any(i in covered for i in range(tok.i, end)) \
                    and not (end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN"
                             and doc[end].lower_ not in _BETWEEN_SIDES):  # "BOSTON AT OAKLAND"
                c.mentions.append(_Mention(doc[tok.i:end].text, "", tok.i, end))
                covered.update(range(tok.i, end))
                break


_DESCRIPTIONS = {"president": {"president"}, "senator": {"sen.", "sen", "senator"},
                 "congressman": {"rep.", "rep", "representative", "congressman"},
                 "congresswoman": {"rep.", "rep", "representative", "congresswoman"},
                 "governor": {"gov.", "gov", "governor"}, "mayor": {"mayor"}, "chancellor": {"chancellor"},
                 "pope": {"pope"}, "premier": {"premier"}, "speaker": {"speaker"}}


def _title_mentions(doc: Doc, clusters: list[_Cluster]) -> None:
    """ "the president" is a mention of the one person the article titles President (the
    same for "the senator", "the governor", ...): counted, and listed among the aliases."""
    covered = {i for c in clusters for m in c.mentions for i in range(max(m.start, 0), max(m.end, 0))}
    for tok in doc:
        words = _DESCRIPTIONS.get(tok.lower_)
        if not words or tok.i in covered or tok.i == 0 or doc[tok.i - 1].lower_ != "the" or tok.is_upper:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            continue  # "the President Obama": the name is the mention
        owners = [c for c in clusters if c.alive and _type(c) == PERSON
                  and words & {w.lower() for w in c.title.split()}]
        if len(owners) == 1:
            owners[0].mentions.append(_Mention(doc[tok.i - 1:tok.i + 1].text.lower(), "", tok.i - 1, tok.i + 1))


def _tokens(text: str) -> list[str]:
    return text.split()


def _merge_acronyms(clusters: list[_Cluster], doc: Doc) -> None:
    """'African National Congress (ANC)' and later 'ANC' are one actor; so is an acronym
    spelling the initials of a longer name used in the same article."""
    long_forms = [c for c in clusters if c.alive and any(len(_tokens(f)) >= 2 for f in c.forms)
                  and _type(c) in {ORGANISATION, GROUP}]
    for c in clusters:
        if not c.alive:
            continue
        short = [f for f in c.forms if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", f)]
        if not short or len(c.forms) > len(short):
            continue
        acro = short[0].replace(".", "")
        owners = [o for o in long_forms if o is not c and o.alive and any(_initials(f) == acro for f in o.forms)]
        # bracketed acronym right after a mention of the long form
        for o in long_forms:
            if o is c or not o.alive:
                continue
            for m in o.mentions:
                if 0 <= m.end + 1 < len(doc) and doc[m.end].text == "(" and doc[m.end + 1].text.replace(".", "") == acro:
                    owners = [o]
        if len(owners) == 1:
            owners[0].absorb(c)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in {"of", "the", "and", "for", "de", "&"}]
    return "".join(w[0] for w in words).upper()


def _merge_modifier_prefix(clusters: list[_Cluster]) -> None:
    """'US Pentagon', 'Russian Interfax': a country or demonym before a name the article
    also uses alone is a modifier; the name alone is the actor."""
    by_text = {_norm(f): c for c in clusters if c.alive for f in c.forms}
    for c in clusters:
        if not c.alive:
            continue
        for f in c.forms:
            words = _tokens(f)
            if len(words) < 2 or not (gz.canonical_state(words[0]) or gz.demonym_state(words[0])):
                continue
            target = by_text.get(_norm(" ".join(words[1:])))
            if target is not None and target is not c and target.alive:
                target.absorb(c)
                break


def _person_like(c: _Cluster) -> bool:
    return _type(c) == PERSON


def _merge_people(clusters: list[_Cluster]) -> None:
    """Surname and full name are one person; so are a unique first name and full name,
    and two full names sharing first and last word (a middle name or nickname)."""
    people = [c for c in clusters if c.alive and _person_like(c) and any(len(_tokens(f)) >= 2 for f in c.forms)]
    full = {id(c): max((f for f in c.forms), key=lambda f: len(_tokens(f))) for c in people}
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            if not (a.alive and b.alive):
                continue
            fa, fb = _tokens(full[id(a)]), _tokens(full[id(b)])
            if gz.same_first_name(fa[0], fb[0]) and fa[-1].lower() == fb[-1].lower():
                a.absorb(b)  # "Charles Schumer" and "Chuck Schumer", "Anthony D. Weiner" and "Anthony Weiner"
    people = [c for c in people if c.alive]
    last = Counter(_tokens(full[id(c)])[-1].lower() for c in people)
    first = Counter(_tokens(full[id(c)])[0].lower() for c in people)
    for c in clusters:
        if not c.alive or any(len(_tokens(f)) > 1 for f in c.forms):
            continue
        word = _norm(c.forms[0])
        if _type(c) == STATE or (_type(c) == PLACE and gz.is_us_state(c.forms[0])):
            continue  # "Georgia" is not Mr. Georgia
        owner = None
        if last[word] == 1:
            owner = next(p for p in people if _tokens(full[id(p)])[-1].lower() == word)
        elif first[word] == 1 and last[word] == 0 and c.labels().get("PERSON"):
            owner = next(p for p in people if _tokens(full[id(p)])[0].lower() == word)
        elif last[word] > 1:  # "Yeltsin" beside Boris and Naina Yeltsin: news means the one named first
            owner = min((p for p in people if _tokens(full[id(p)])[-1].lower() == word),
                        key=lambda p: min((m.start for m in p.mentions if m.start >= 0), default=1 << 30))
        if owner is not None and owner is not c and owner.alive:
            owner.absorb(c)
            owner.hint = PERSON


def _merge_org_short_forms(clusters: list[_Cluster]) -> None:
    """'Rotor' after 'Rotor Volgograd': a single-word organisation that is the first or
    last word of exactly one longer organisation name is that organisation."""
    orgs = [c for c in clusters if c.alive and _type(c) == ORGANISATION and any(len(_tokens(f)) >= 2 for f in c.forms)]
    for c in clusters:
        if not c.alive or c in orgs or any(len(_tokens(f)) > 1 for f in c.forms) or not c.labels().get("ORG"):
            continue
        word = _norm(c.forms[0])
        owners = [o for o in orgs if o.alive and any(_tokens(_norm(f))[0] == word or _tokens(_norm(f))[-1] == word
                                                     for f in o.forms if len(_tokens(f)) >= 2)]
        if len(owners) == 1:
            owners[0].absorb(c)


# ----------------------------------------------------------------------------- types


def _type(c: _Cluster) -> str:
    key = (len(c.mentions), c.speaker, c.hint, c.title, c.team_uses, c.standings)
    if c.type_cache is None or c.type_cache[0] != key:
        c.type_cache = (key, _compute_type(c))
    return c.type_cache[1]


def _place_head(name: str) -> bool:
    """The name's head is a place word: its last word ("Tahrir Square") or the word before
    "of" ("Gulf of Aden"). A place word in front names a firm or a team ("Harbour Energy")."""
    words = _tokens(name)
    lowered = [w.lower() for w in words]
    heads = [lowered[-1]] + [lowered[i - 1] for i, w in enumerate(lowered) if w == "of" and i > 0]
    return any(h in gz.PLACE_WORDS for h in heads) if words else False


def _compute_type(c: _Cluster) -> str:
    """Majority model label, corrected by the gazetteer, titles and merges.

    A full name the model tags PERSON outweighs single-word mentions it tags otherwise
    (the small model often calls a lone surname ORG or GPE)."""
    labels: Counter = Counter()
    for m in c.mentions:
        if m.label:
            labels[m.label] += 2 if m.label == "PERSON" and len(_tokens(m.text)) > 1 else 1
    if not labels:
        labels["ORG"] = 1
    names = [m.text for m in c.mentions if m.label != "STATE_ADJ"] or [m.text for m in c.mentions]
    if any(n.lower().removeprefix("the ") in gz.SEATS_OF_POWER for n in names):
        return ORGANISATION  # "the White House said"
    if all(gz.canonical_state(n) for n in names) or labels.get("STATE_ADJ"):
        return STATE
    if any(gz.canonical_state(n) for n in names) and labels.get("PERSON", 0) < sum(labels.values()) / 2:
        return STATE
    body = sum(1 for m in c.mentions if m.start >= 0)
    if labels.get("DATELINE"):  # "TAVILDARA, Tajikistan 1996-08-30": where the story is filed
        return ORGANISATION if body and 2 * c.team_uses >= body else PLACE
    words = {w.lower() for n in names for w in _tokens(n)}
    if any(gz.is_us_state(n) for n in names) and not labels.get("PERSON"):
        if body and 2 * c.team_uses >= body or labels.get("ROW", 0) * 2 >= body > 0:
            return ORGANISATION  # "TEXAS 70 63 .526": the state's team in a standings table
        return PLACE
    if c.hint:
        return c.hint
    if any(gz.company_form(n) for n in names):
        return ORGANISATION  # "Ruch SA", "Pirelli SpA"
    if all(re.fullmatch(r"[A-Z]{2,4}", n) for n in names) and not c.title and not labels.get("DATELINE") \
            and labels.get("GPE", 0) + labels.get("LOC", 0) <= sum(labels.values()) / 2:
        return ORGANISATION  # "KDP", "CNB": news writes people by name, bodies by initials
    if body and 2 * c.team_uses >= body and not c.title and not any(re.match(r"[A-Z]\. [A-Z]", n) for n in names) \
            and (not labels.get("PERSON") or c.standings and not any(_person_form(n) for n in names)):
        return ORGANISATION  # "Greenock Morton 3 2 0 1", "Ross County 2 Ayr 1": a side in a table or a score
    if c.title and labels.get("PERSON"):
        return PERSON
    if words & gz.CLUB_WORDS:
        return ORGANISATION  # "Manchester United", "Deportivo Coruna"
    if any(_place_head(n) for n in names) and not words & gz.ORG_WORDS \
            and not labels.get("PERSON", 0) > len(c.mentions):
        return PLACE  # "Erez Crossing", "Tahrir Square", "Gulf of Aden"; not "Harbour Energy"
    if not words & gz.ORG_WORDS and any(_person_form(n) for n in names):
        return PERSON  # "H. Morris", "Adrian Warner": an initial or a first name, then a surname
    if words & gz.ORG_WORDS and not (labels.get("PERSON", 0) > len(c.mentions) / 2 and c.title):
        if labels.get("PERSON") or labels.get("ORG") or labels.get("NORP"):
            return ORGANISATION
    if c.speaker and labels.get("PERSON"):
        return PERSON
    if labels.get("PERSON") and all(len(_tokens(n)) == 1 for n in names):
        # News introduces a person by full name or title; a lone capitalised word the model
        # calls PERSON but the article never introduces is far more often a team, club or
        # firm ("Surrey", "Kent").  Take the model's other reading, else organisation.
        if not c.team_uses and any(gz.first_name_gender(n) for n in names):
            return PERSON  # "Nancy admitted in her biography": a first name on its own
        others = Counter({k: v for k, v in labels.items() if k != "PERSON"})
        if not others:
            return ORGANISATION
        labels = others
    top = max(labels, key=lambda k: (labels[k], k == "PERSON"))
    if top in {"GPE", "LOC", "FAC"} and body and 2 * c.team_uses >= body:
        return ORGANISATION  # a city or region that wins and loses is its team or club
    return {"PERSON": PERSON, "ORG": ORGANISATION, "ROW": ORGANISATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE,
            "NORP": GROUP, "STATE_ADJ": STATE, "DATELINE": PLACE}.get(top, ORGANISATION)


def _person_form(name: str) -> bool:
    """An initial or a common first name, then a capitalised surname: a person's name."""
    words = _tokens(name)
    if len(words) != 2 or not words[1][:1].isupper() or not words[1][1:].islower() or len(words[1]) < 3:
        return False
    return bool(re.fullmatch(r"[A-Z]\.", words[0])) or gz.first_name_gender(words[0]) is not None \
        and words[0][1:].islower()


_MATCH_VERBS = frozenset("""
beat beats beaten defeat defeats defeated win wins won lose loses lost draw draws drew tie ties tied
edge edges edged rout routs routed crush crushes crushed thrash thrashed blank blanked sweep swept
down downed trounce trounced hammer hammered outscore outscored rally rallied overcome overcame
overpower overpowered host hosts hosted play plays played visit visits visited face faces faced
""".split())


def _count_team_uses(doc: Doc, clusters: list[_Cluster], line_starts: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """Sports pages name teams after their city: a place that beats, loses to or draws
    with another side, or stands before a score ("Chicago 5 Atlanta 3"), is a team."""
    for c in clusters:
        uses = rows = 0
        for m in c.mentions:
            if m.start < 0:
                continue
            j = m.end
            while j < len(doc) and doc[j].like_num and j not in line_starts:
                j += 1
            rows += j - m.end >= 4
            root = doc[m.start:m.end].root
            head = root.head if root.dep_ in {"conj", "pobj"} and root.head.pos_ != "VERB" else root
            head = head.head if head.dep_ == "pobj" else head  # "lost to Chicago"
            verb = head.head if head.dep_ in {"nsubj", "dobj", "conj", "prep"} else None
            after = doc[m.end] if m.end < len(doc) else None
            if (verb is not None and verb.lower_ in _MATCH_VERBS
                    or after is not None and after.like_num and not after.text.startswith(("19", "20"))
                    and (m.end + 1 == len(doc) or not doc[m.end + 1].is_alpha or m.end + 1 in line_starts)):
                uses += 1
        c.team_uses, c.standings = uses, rows


def _name(c: _Cluster, kind: str) -> str:
    """Persons by their fullest name; others by the form the article uses most
    (ties to the longer form), so the name is always the article's own."""
    forms = Counter(m.text for m in c.mentions if m.label != "STATE_ADJ" and not m.text.startswith("the "))
    if not forms:
        forms = Counter(gz.demonym_state(m.text) or m.text for m in c.mentions)
    if kind == PERSON:
        return max(forms, key=lambda f: (min(len(_tokens(f)), 3), forms[f], len(f)))
    if kind == STATE:  # ties go to the everyday name ("Russia", not "Russian Federation")
        return max(forms, key=lambda f: (forms[f], gz.canonical_state(f) == f, -len(f)))
    cased = Counter({f: n for f, n in forms.items() if not f.isupper() or len(f) <= 5}) or forms
    return max(cased, key=lambda f: (cased[f], len(f)))


# -------------------------------------------------------------------------- headline


_WORD = re.compile(r"[\w.'&-]+")


def _headline_hits(title: str, clusters: list[_Cluster]) -> None:
    """Count actor names in the headline, whatever its case: an ALL-CAPS headline is
    matched word-for-word against names found in the body instead of being parsed.
    Longer names are matched first and each headline word counts once."""
    words = [w.strip(".").upper() if not re.fullmatch(r"(?:[A-Za-z]\.)+", w) else w.upper()
             for w in _WORD.findall(title.replace("'S ", " ").replace("'s ", " "))]
    candidates = []
    for c in clusters:
        forms = set(c.forms)
        if _type(c) == PERSON:
            forms |= {_tokens(f)[-1] for f in c.forms}
        for f in forms:
            candidates.append(([w.upper() for w in _tokens(f)], c))
    used: set[int] = set()
    for fw, c in sorted(candidates, key=lambda x: -len(x[0])):
        n = len(fw)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == fw and not used & set(range(i, i + n)):
                used.update(range(i, i + n))
                c.headline_hits += 1


def _headline_mentions(title: "str | Doc", nlp) -> list[_Mention]:
    """A mixed-case headline is parsed on its own; its names may add actors.  An ALL-CAPS
    one is not: the model invents entities there, so it only counts body names."""
    text = title.text if isinstance(title, Doc) else title
    if not text.strip() or _mostly_upper(text) or nlp is None and not isinstance(title, Doc):
        return []
    tdoc = title if isinstance(title, Doc) else nlp(title)
    out: list[_Mention] = []
    for ent in tdoc.ents:
        if ent.label_ in _LABELS:
            for m in _mention(tdoc, ent.label_, ent.start, ent.end, floor=0):
                out.append(_Mention(m.text, m.label, -1, -1, m.title))
    return out


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.7


# -------------------------------------------------------------------------- speakers


class _Resolver:
    """Maps tokens to actors and keeps the discourse state pronouns are resolved against
    (the speech finder in attribution.py drives it)."""

    def __init__(self, doc: Doc, clusters: list[_Cluster]):
        self.by_token: dict[int, _Cluster] = {}
        for c in clusters:
            for m in c.mentions:
                for i in range(m.start, m.end):
                    self.by_token[i] = c
        self.doc = doc
        self.clusters = clusters
        self.gender: dict[int, str] = {}
        self.inside: set[int] = set()
        for c in clusters:
            for w in c.title.lower().split():
                if w in _TITLE_GENDER:
                    self.gender[id(c)] = _TITLE_GENDER[w]
            for m in c.mentions:  # "Mr. Steele" anywhere tells his gender
                if m.start > 0 and doc[m.start - 1].lower_ in _TITLE_GENDER:
                    self.gender.setdefault(id(c), _TITLE_GENDER[doc[m.start - 1].lower_])
            full = [f for f in c.forms if len(_tokens(f)) >= 2]
            if full and id(c) not in self.gender:  # "Martha Raddatz": a first name's usual gender
                first = gz.first_name_gender(_tokens(full[0])[0])
                if first:
                    self.gender[id(c)] = first
        self.last_speaker: _Cluster | None = None

    def actor_at(self, tok: Token) -> _Cluster | None:
        c = self.by_token.get(tok.i)
        if c is None:
            for child in tok.children:  # "Smith's spokesman", "Hoddle himself"
                if child.dep_ in {"compound", "poss"} and child.i in self.by_token:
                    return self.by_token[child.i]
        return c

    def speaks_for(self, actor: object) -> bool:
        """A body a spokesperson speaks for ("White House spokesman"), not a place."""
        return isinstance(actor, _Cluster) and _type(actor) in {ORGANISATION, GROUP}

    def is_person(self, actor: object) -> bool:
        return isinstance(actor, _Cluster) and _type(actor) == PERSON

    def compatible(self, actor: object, gender: str) -> bool:
        return self.gender.get(id(actor), gender) == gender

    def learn_gender(self, actor: object, gender: str) -> None:
        self.gender.setdefault(id(actor), gender)

    def person_titled(self, words: set[str]) -> _Cluster | None:
        """The one person whose title holds one of `words` ("the president": President Obama)."""
        found = [c for c in self.clusters if c.alive and _type(c) == PERSON
                 and words & {w.lower() for w in c.title.split()}]
        return found[0] if len(found) == 1 else None

    def last_person_before(self, i: int, gender: str | None) -> _Cluster | None:
        best, best_i = None, -1
        for c in self.clusters:
            if _type(c) != PERSON or gender and self.gender.get(id(c), gender) != gender:
                continue
            for m in c.mentions:
                if 0 <= m.start < i and m.start > best_i and m.start not in self.inside:
                    best, best_i = c, m.start
        return best

    def last_nonperson_before(self, i: int) -> _Cluster | None:
        best, best_i = None, -1
        for c in self.clusters:
            if _type(c) not in {ORGANISATION, STATE, GROUP}:
                continue
            for m in c.mentions:
                if 0 <= m.start < i and m.start > best_i and m.start not in self.inside:
                    best, best_i = c, m.start
        return best

    def missed_name(self, subj: Token) -> _Cluster:
        """A capitalised subject of a reporting verb the model did not tag: still an actor.

        Its other mentions are the article's other capitalised runs that end in the
        same word ("Mayor Ana Ruiz opened ...", "Ruiz said ...", "according to Ana
        Ruiz"), so the name is the fullest form and the title goes to the title."""
        for c in self.clusters:
            if _type(c) == PERSON and any(_tokens(f)[-1].lower() == subj.lower_ for f in c.forms):
                start = min([subj.i] + [t.i for t in subj.children if t.dep_ == "compound" and t.i < subj.i])
                m = _Mention(self.doc[start:subj.i + 1].text, "PERSON", start, subj.i + 1)
                c.mentions.append(m)
                self.by_token.update({i: c for i in range(m.start, m.end)})
                return c
        doc = self.doc
        mentions: list[_Mention] = []
        for tok in doc:
            if tok.text != subj.text or tok.i in self.by_token:
                continue
            start = tok.i
            while (start > tok.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper()
                   and not gz.is_title_word(doc[start - 1].text)):
                start -= 1
            _, title = _title_before(doc, start, tok.sent.start)
            mentions.append(_Mention(doc[start:tok.i + 1].text, "PERSON", start, tok.i + 1, title))
        c = _Cluster(mentions=mentions, title=next((m.title for m in mentions if m.title), ""))
        self.clusters.append(c)
        for m in mentions:
            self.by_token.update({i: c for i in range(m.start, m.end)})
        return c


def _paragraph_tokens(doc: Doc, paragraphs: Iterable[str]) -> set[int]:
    """Token indices where the paragraphs begin (they are parsed one by one and joined)."""
    starts, at = set(), 0
    chars = {t.idx: t.i for t in doc}
    for p in paragraphs:
        head = p.strip()[:40]
        pos = doc.text.find(head, at) if head else -1
        if pos < 0:
            continue
        if pos in chars:
            starts.add(chars[pos])
        at = pos + len(head)
    return starts


def _find_speakers(doc: Doc, clusters: list[_Cluster], paragraphs: Iterable[str] = ()) -> list[Speech | None]:
    found = find_speech(doc, list(doc.sents), _Resolver(doc, clusters), _paragraph_tokens(doc, paragraphs))
    for speech in found:
        if speech is None:
            continue
        for who in speech.speaker if isinstance(speech.speaker, tuple) else (speech.speaker,):
            if isinstance(who, _Cluster):
                who.speaker = True
    return found


# ------------------------------------------------------------------------------ roles


def _subject_verbs(tok: Token) -> list[Token]:
    """Verbs a mention is the nominal subject of: direct, through an apposition
    ("The head ..., Anatoly Gorokhovsky, said") or a coordination ("A and B gave")."""
    t = tok
    while t.dep_ in {"appos", "conj", "compound", "flat"} and t.head is not t:
        t = t.head
    if t.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    verb = t.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
                      and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)]
    return verbs


def _is_framing(verb: Token) -> bool:
    """Copular and evaluative predicates ("is a leader", "has proven that it stands with its
    ally", "look certain to win") describe or judge an actor; they are not roles."""
    low = verb.lower_
    if low in _COPULAR or verb.pos_ == "AUX" and verb.dep_ not in {"aux", "auxpass"}:
        return True
    if low in _EVALUATIVE:
        return True
    return any(c.dep_ in {"acomp", "attr"} for c in verb.children)


def verb_phrase(verb: Token, max_words: int = 14) -> str:
    """The verb phrase headed by ``verb`` in the article's words, cut at a clause or
    sentence boundary.  Cuts fall between tokens, so a number ("$3.5 million") is never
    split; a long reported clause is cut after its "that" with an ellipsis."""
    doc = verb.doc
    left = [c.i for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}]
    start = min([verb.i] + left)
    stop_deps = {"conj", "cc", "advcl", "relcl", "parataxis"}
    stops = {c.left_edge.i for c in verb.children if c.dep_ in stop_deps and c.i > verb.i}
    out: list[Token] = []
    for tok in doc[start:verb.sent.end]:
        if tok.i > verb.i and (tok.text in _CLAUSE_STOPS or tok.is_space or tok.dep_ in {"nsubj", "nsubjpass"}
                               and tok.head.i == verb.i
                               or tok.text in {".", "!", "?", "..."} or tok.i in stops
                               or tok.i > verb.right_edge.i):
            break
        out.append(tok)
    while len(out) > 1 and out[-1].pos_ in _DANGLING_POS and out[-1].text not in _QUOTES:
        out.pop()
    if sum(t.text in _QUOTES for t in out) % 2:  # a quotation left open: end before it
        opening = max(k for k, t in enumerate(out) if t.text in _QUOTES)
        out = out[:opening] if opening > 0 else out
        while len(out) > 1 and out[-1].pos_ in _DANGLING_POS:
            out.pop()
    if len(out) > max_words:
        mark = next((t for t in out if t.dep_ == "mark" and t.head.dep_ == "ccomp" and t.head.head.i == verb.i), None)
        if mark is not None and mark.i - start < max_words:
            return " ".join(t.text for t in out if t.i <= mark.i) + " ..."
        cut = max_words
        ents = [e for e in doc.ents if e.start < out[0].i + cut < e.end]
        if ents:  # never end inside an entity such as "$ 3.5 million"
            cut = ents[0].start - out[0].i
        while cut > 1 and out[cut - 1].pos_ in _DANGLING_POS | {"ADJ", "NUM", "SYM"}:
            cut -= 1
        if sum(t.text in _QUOTES for t in out[:cut]) % 2:  # never end inside a quotation
            cut = max(1, max(k for k, t in enumerate(out[:cut]) if t.text in _QUOTES))
        return _detok(out[:cut]) + " ..."
    return _detok(out)


def _detok(tokens: Iterable[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().replace("\n", " ")


def _role(c: _Cluster, doc: Doc) -> str:
    """The first thing the actor does in the article's own voice; failing that, the first
    thing someone else says it does, with who says it ("would do whatever it takes,
    Netanyahu says"): a role never passes a speaker's claim off as a fact."""
    own = {i for m in c.mentions if m.start >= 0 for i in range(m.start, m.end)}
    reported = ""
    for m in sorted(c.mentions, key=lambda m: m.start):
        if m.start < 0 or m.end < len(doc) and doc[m.end].lower_ in {"v.", "v", "vs.", "vs"} \
                or m.start > 1 and doc[m.start - 1].lower_ in {"v.", "v", "vs.", "vs"}:
            continue  # "Trump v. Clinton": a case name, not Trump acting
        root = doc[m.start:m.end].root
        for verb in _subject_verbs(root):
            if verb.pos_ in {"VERB", "AUX"} and not _is_framing(verb):
                text = verb_phrase(verb)
                if not text:
                    continue
                teller = _teller(verb)
                if teller is None or teller.i in own:
                    return text
                name = _name_words(teller)
                if name and not reported:
                    reported = f"{text.removesuffix(' ...')}, {name} says"
    return reported or NO_ACTION


def _teller(verb: Token) -> Token | None:
    """The subject of the verb of saying whose reported clause holds `verb` ("Netanyahu
    said Israel would ..."), if any; through coordinated verbs that share it."""
    t = verb
    while t.dep_ in {"ccomp", "conj", "xcomp"} and t.head is not t:
        head = t.head
        if t.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_VERBS:
            return subject_of(head) or head  # no subject: the verb, which names no one
        t = head
    return None


def _name_words(tok: Token) -> str:
    """A speaker as the sentence names them ("Netanyahu", "Benjamin Netanyahu"); "" for a
    pronoun, a common noun or a verb with no subject, which say nothing out of context."""
    if tok.pos_ != "PROPN":
        return ""
    parts = sorted([tok, *(x for x in tok.children if x.dep_ in {"compound", "flat"} and x.pos_ == "PROPN")],
                   key=lambda x: x.i)
    return " ".join(x.text for x in parts)


# ------------------------------------------------------------------------------- API


def actor_id(name: str) -> str:
    """A stable slug of the actor's name: what claims and speech credits point at."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    slug = re.sub(r"^the-", "", slug)[:60].strip("-")
    return slug or "actor-" + hashlib.sha256(name.encode()).hexdigest()[:8]


def find_cast(doc: Doc, title: "str | Doc | None" = None, nlp=None, limit: int = 12, always_keep: int = 2,
              paragraphs: Iterable[str] = ()) -> Cast:
    """Actors (ranked; at most ``limit``, plus every speaker and every actor mentioned at
    least ``always_keep`` times) and per-sentence speakers.

    ``doc`` is the parsed body; ``title`` the headline, as text or as a Doc parsed by the
    caller (cheapest: parse it in the same ``nlp.pipe`` batch); ``nlp`` is only used to
    parse a mixed-case headline given as text.  ALL-CAPS headlines are never parsed: they
    are matched against names found in the body.
    """
    paragraphs = list(paragraphs)
    line_starts = _paragraph_tokens(doc, paragraphs)
    clusters = _cluster(_mentions_from_doc(doc, line_starts), doc)
    _missed_mentions(doc, clusters, skip=_dateline(doc, line_starts)[0])
    _title_mentions(doc, clusters)
    head_mentions = _headline_mentions(title or "", nlp)
    if head_mentions:
        by_key = {}
        for c in clusters:
            for m in c.mentions:
                by_key.setdefault(_key(m), c)
        # A headline only counts names the body uses (_headline_hits): parsed alone, a headline
        # yields fragments ("Reid Breaks", "Donald Trump Vows"), never an actor of its own.
    spoken = _find_speakers(doc, clusters, paragraphs)
    clusters = [c for c in clusters if c.alive]
    _count_team_uses(doc, clusters, line_starts)
    if title is not None and (title.text if isinstance(title, Doc) else title):
        _headline_hits(title.text if isinstance(title, Doc) else title, clusters)

    def score(c: _Cluster) -> tuple:
        first = min((m.start for m in c.mentions if m.start >= 0), default=len(doc))
        return (-(len(c.mentions) + c.headline_hits + (1 if c.speaker else 0)), first)

    ranked = sorted(clusters, key=score)
    kept = ranked[:limit] + [c for c in ranked[limit:]
                             if c.speaker or always_keep and len(c.mentions) + c.headline_hits >= always_keep]
    names = {id(c): _name(c, _type(c)) for c in clusters}
    actors = []
    for c in kept:
        kind = _type(c)
        role = _role(c, doc)
        if kind == GROUP and role == NO_ACTION and not c.speaker:
            continue  # a people only mentioned ("Kurds live in the north") is context, not an actor
        actors.append(Found(
            name=names[id(c)], type=kind, title=c.title if kind == PERSON else "",
            forms=c.forms, mentions=len(c.mentions) + c.headline_hits,
            speaker=c.speaker, role=role,
        ))

    def shown(who: object) -> str | None:
        if isinstance(who, tuple):
            return " and ".join(x for x in (shown(w) for w in who) if x) or None
        return names.get(id(who)) if isinstance(who, _Cluster) else who  # type: ignore[return-value]

    speakers = [shown(s.speaker) if s is not None else None for s in spoken]
    kinds = [s.kind if s is not None and speakers[k] else None for k, s in enumerate(spoken)]
    verbs = [s.verb if s is not None and speakers[k] else -1 for k, s in enumerate(spoken)]
    return Cast(actors, speakers, kinds, verbs)

