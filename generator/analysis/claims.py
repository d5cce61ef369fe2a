"""Claims: the ledger of who claims what, ranked by what matters to the story.

A claim is one proposition the article puts forward, in our neutral words: who
makes it (a named actor, an unnamed source, or the article itself), a neutral
verb (said, announced, denied, estimated ...), and what, compressed along the
parse; with the article's verbatim sentence(s) as evidence. A quotation that runs
over several sentences is one claim. Quoted words stay word for word inside
quotation marks; compression only ever drops whole side constituents
(appositions, non-restrictive relative clauses, parentheticals, leading
connectives), never a negation, hedge, number, name or date of what it keeps.

Kinds (model.ClaimKind): quote (a source's own words), statement (reported speech
or a document), figure (the article's own claim resting on a number),
assessment (the article's own evaluative judgement, no source), event (what the
article reports as having happened).

Ranking, not article order: the lead event first; then each speaker's first,
most central position (a different voice before a second claim of the same
one); numbers and dates; disputes (denials, rejections); all weighed with how
central the sentence's words are to the headline and lead. Each claim keeps
speaker id, predicate, numbers, dates and evidence indices, so claims of
different outlets on one event can be matched later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..model import NO_SOURCE, Actor, Article, Claim, ClaimKind, Quantity
from ..text import QUOTATION
from .attribution import in_relative, quote_state
from .lexicon import Finding, neutral_wording

DEFAULT_LIMIT = 12

_NEUTRAL_VERB = {
    "say": "said", "tell": "said", "add": "said", "claim": "said", "insist": "said", "admit": "said",
    "concede": "said", "acknowledge": "said", "note": "said", "state": "said", "explain": "said",
    "declare": "said", "assert": "said", "stress": "said", "emphasize": "said", "emphasise": "said",
    "reiterate": "said", "remark": "said", "comment": "said", "observe": "said", "contend": "said",
    "maintain": "said", "continue": "said", "quip": "said", "joke": "said", "boast": "said",
    "lament": "said", "reveal": "said", "disclose": "said", "indicate": "said", "describe": "said",
    "clarify": "said", "elaborate": "said", "recall": "said", "speak": "said", "go": "said",
    "refer": "said", "counter": "responded", "retort": "responded", "reply": "responded",
    "respond": "responded", "answer": "responded", "argue": "argued", "write": "wrote", "tweet": "wrote",
    "post": "wrote", "publish": "published", "announce": "announced", "deny": "denied",
    "estimate": "estimated", "predict": "predicted", "warn": "warned", "caution": "warned",
    "ask": "asked", "wonder": "asked", "urge": "urged", "call": "called", "demand": "called for",
    "criticize": "criticised", "criticise": "criticised", "blast": "criticised", "slam": "criticised",
    "rebuke": "criticised", "decry": "criticised", "denounce": "criticised", "condemn": "condemned",
    "praise": "praised", "applaud": "praised", "welcome": "welcomed", "accuse": "accused",
    "blame": "blamed", "allege": "alleged", "charge": "alleged", "apologize": "apologised",
    "apologise": "apologised", "dismiss": "rejected", "reject": "rejected", "dispute": "disputed",
    "question": "questioned", "confirm": "confirmed", "propose": "proposed", "recommend": "recommended",
    "threaten": "threatened", "thank": "thanked", "congratulate": "congratulated", "vow": "pledged",
    "pledge": "pledged", "promise": "pledged", "suggest": "suggested", "report": "reported",
    "complain": "complained", "object": "objected", "testify": "testified", "show": "found",
    "find": "found", "conclude": "concluded", "cite": "cited", "think": "said", "believe": "said",
    "hope": "said", "fear": "said", "agree": "agreed", "disagree": "disagreed", "according": "said",
    "issue": "said", "release": "said", "make": "said", "offer": "said", "give": "said",
    "deliver": "said", "send": "said",
}
_DISPUTE = frozenset("deny dispute reject refute contradict disagree counter challenge dismiss question".split())
_CONNECTIVES = frozenset("""
but however meanwhile also still then yet and so moreover furthermore nevertheless nonetheless instead
indeed thus therefore additionally separately likewise similarly later earlier now
""".split())
_JUDGING = frozenset({"certainty marker", "evaluative adjective", "pejorative label", "unsupported superlative"})
_QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "dollar": "USD", "dollars": "USD",
             "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR", "yen": "JPY"}
_CURRENCY_SIGNS = frozenset(k for k in _CURRENCY if len(k) == 1)
"""The signs written before an amount ("$", "£", ...): spaCy's MONEY entity often leaves them out."""
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "tn": 1e12, "k": 1e3}
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "dozen": 12, "a": 1, "an": 1})
_MONTHS = {m: n for n, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = {d: n for n, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}


@dataclass
class _Unit:
    """One claim in the making: one sentence, or a quotation over several."""

    sentences: list[int]
    speaker: str | None
    speech: str | None  # quote | reported | document | None
    verb: int = -1
    score: float = 0.0
    words: set[str] = field(default_factory=set)


def extract_claims(
    article: Article, sents: Sequence[Span], actors: list[Actor], who: list[str | None],
    kinds: list[str | None], verbs: list[int], loaded: list[list[Finding]], limit: int = DEFAULT_LIMIT,
    known: list[list[Finding]] | None = None,
) -> list[Claim]:
    """The claims ledger: at most `limit` claims, most important first. `loaded`: the findings
    the notes show per sentence; `known`: every judging term the word lists know there (a lone
    "shameful" is not noted, yet it makes the sentence the article's own assessment)."""
    if not sents:
        return []
    doc = sents[0].doc
    inside = quote_state(doc, list(sents))[4]
    units = _units(list(sents), who, kinds, verbs, article.title)
    if not units:
        return []
    ids = {a.name: a.id for a in actors}
    key_names = [a.name for a in actors if a.key]
    _score(units, list(sents), article.title, key_names)
    chosen = _select(units, limit)
    claims = []
    for unit in chosen:
        spans = [sents[k] for k in unit.sentences]
        kind = _kind(unit, spans, known or loaded, inside)
        text, predicate = _proposition(unit, spans, doc, kind, _loaded_tokens(
            spans, [(known or loaded)[k] for k in unit.sentences]))
        claims.append(Claim(
            text=text,
            attributed_to=unit.speaker or NO_SOURCE,
            evidence=" ".join(article.sentences[k] for k in unit.sentences),
            kind=kind,
            speaker=ids.get(unit.speaker) if unit.speaker else None,
            predicate=predicate,
            numbers=quantities(spans),
            dates=dates(spans, article.date),
            evidence_sentences=list(unit.sentences),
        ))
    return claims


# ------------------------------------------------------------------------- units


def _units(sents: list[Span], who: list[str | None], kinds: list[str | None], verbs: list[int],
           title: str) -> list[_Unit]:
    """Sentences worth a claim, a quotation over several sentences joined into one."""
    doc = sents[0].doc
    _, at_end, _, _, _ = quote_state(doc, sents)
    units: list[_Unit] = []
    k = 0
    while k < len(sents):
        group = [k]
        while (group[-1] + 1 < len(sents) and at_end[group[-1]] and who[group[-1]] is not None
               and who[group[-1] + 1] == who[group[-1]] and len(group) < 4):
            group.append(group[-1] + 1)
        k = group[-1] + 1
        if not any(_worth(sents[j], who[j], title) for j in group):
            continue
        verb = next((verbs[j] for j in group if verbs[j] >= 0), -1)
        speaker = who[group[0]]
        if verb >= 0 and in_relative(doc[verb]):
            speaker, verb = None, -1  # "a shipment that officials say will arrive": the article's claim
        units.append(_Unit(group, speaker, kinds[group[0]] if speaker else None, verb))
    return units


def _worth(sent: Span, speaker: str | None, title: str) -> bool:
    """Not a claim: a fragment, a question the article asks, a repeat of the headline, a
    sentence with no verb."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    text = sent.text.strip()
    if len(words) < 5 or not any(t.pos_ in {"VERB", "AUX"} for t in sent):
        return speaker is not None and len(words) >= 3
    if text.endswith("?") and speaker is None:
        return False
    if title and text.rstrip(".") == title.strip().rstrip("."):
        return False
    return True


# ------------------------------------------------------------------------ ranking


def _content(tokens: Sequence[Token]) -> set[str]:
    return {t.lemma_.lower() for t in tokens if t.pos_ in {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}
            and not t.is_stop and len(t.text) > 2}


def _score(units: list[_Unit], sents: list[Span], title: str, key_names: list[str]) -> None:
    """How much each unit matters to the story (see the module doc)."""
    lead = next((u for u in units if u.speech != "quote"), units[0])
    focus = _content([t for k in lead.sentences for t in sents[k]])
    if title:
        focus |= {w.lower() for w in re.findall(r"[A-Za-z][\w'-]{2,}", title)}
    # words the article keeps coming back to
    counts: dict[str, int] = {}
    for s in sents:
        for w in _content(list(s)):
            counts[w] = counts.get(w, 0) + 1
    frequent = {w for w, n in counts.items() if n >= 3}
    seen_speakers: set[str] = set()
    for rank, u in enumerate(units):
        tokens = [t for k in u.sentences for t in sents[k]]
        u.words = _content(tokens)
        central = len(u.words & (focus | frequent)) / max(4, len(u.words)) if u.words else 0.0
        first = u.sentences[0]
        score = 2.0 / (1.0 + 0.12 * first) + 1.5 * central
        if u is lead:
            score += 3.0
        if u.speaker and not u.speaker.startswith("unnamed"):
            score += 0.6
            if u.speaker not in seen_speakers:
                score += 1.0  # each side's main position
        elif u.speaker:
            score += 0.3
        if u.speaker:
            seen_speakers.add(u.speaker)
        if any(t.ent_type_ in _QUANTITY_LABELS for t in tokens):
            score += 0.5
        if any(t.ent_type_ == "DATE" for t in tokens):
            score += 0.2
        if any(t.lemma_.lower() in _DISPUTE or t.dep_ == "neg" and t.head.dep_ == "ROOT" for t in tokens):
            score += 0.4
        text = " ".join(sents[k].text for k in u.sentences)
        if any(name in text for name in key_names):
            score += 0.3
        n_words = sum(not t.is_punct for t in tokens)
        if n_words > 50:
            score -= 0.4
        u.score = score


def _select(units: list[_Unit], limit: int) -> list[_Unit]:
    """Greedy: the best unit, then the best of the rest after a penalty for a speaker already
    heard and for words already covered, so the ledger covers the story rather than one voice."""
    chosen: list[_Unit] = []
    left = list(units)
    while left and len(chosen) < limit:
        def adjusted(u: _Unit) -> float:
            same = sum(1 for c in chosen if c.speaker and c.speaker == u.speaker)
            overlap = max((len(u.words & c.words) / max(1, len(u.words | c.words)) for c in chosen), default=0.0)
            return u.score - 0.7 * same - 1.5 * max(0.0, overlap - 0.3)
        best = max(left, key=adjusted)
        chosen.append(best)
        left.remove(best)
    return chosen


# ------------------------------------------------------------------------ kinds and text


def _kind(unit: _Unit, spans: list[Span], loaded: list[list[Finding]], inside: set[int]) -> ClaimKind:
    text = " ".join(s.text for s in spans)
    if unit.speaker:
        return "quote" if unit.speech == "quote" and QUOTATION.search(text) or unit.speech == "quote" \
            and any(t.text in {'"', "“", "”"} for s in spans for t in s) else "statement"
    outside = [t for s in spans for t in s if t.i not in inside]
    if any(t.ent_type_ in _QUANTITY_LABELS and not _is_year(t) for t in outside):
        return "figure"
    if any(f.kind in _JUDGING and not f.in_quote for k in unit.sentences for f in loaded[k]):
        return "assessment"
    return "event"


def _is_year(tok: Token) -> bool:
    return tok.ent_type_ == "DATE" or bool(re.fullmatch(r"(1[89]|20)\d\d", tok.text))


def _loaded_tokens(spans: list[Span], findings: list[list[Finding]]) -> set[int]:
    """Tokens of the loaded terms our wording may drop, with the degree words that only
    grade them ("the most stunning upset"); a comparison ("more ... than") is never one."""
    out: set[int] = set()
    for span, found in zip(spans, findings, strict=True):
        base = span.start_char
        for f in found:
            if f.in_quote:
                continue
            out.update(t.i for t in span if base + f.start_char <= t.idx < base + f.end_char)
        for t in span:
            if t.head.i in out and t.i not in out and (t.tag_ in {"JJR", "JJS", "RBR", "RBS"} or
                                                      t.lower_ in _COMPARATIVES or t.lower_ in {"very", "so", "too"}) \
                    and not any(x.lower_ == "than" for x in span if x.i > t.i):
                out.add(t.i)
    return out


def _proposition(unit: _Unit, spans: list[Span], doc, kind: ClaimKind,  # type: ignore[no-untyped-def]
                 judged: set[int] = frozenset()) -> tuple[str, str]:  # type: ignore[assignment]
    """(the claim as one short neutral proposition, its predicate).

    The compressed, neutral-worded proposition is checked against its evidence: every
    number, negation, comparative, hedge, name and date of what it stands for must still be
    in it (`missing`). When one is lost, the simpler faithful form is used instead: the
    speaker, the neutral verb and the evidence clause whole (neutral-worded when that keeps
    them all, else the clause as the article words it)."""
    verb = doc[unit.verb] if 0 <= unit.verb < len(doc) else None
    predicate = _NEUTRAL_VERB.get(verb.lemma_.lower(), "said") if verb is not None else ""
    if unit.speaker and kind == "quote":
        quoted = _quoted_words(" ".join(s.text for s in spans))
        if quoted and (len(quoted.split()) >= 8 or 2 * len(quoted.split()) >= sum(len(s) for s in spans)):
            # the article's words, verbatim inside quotation marks (a cut is shown by an ellipsis)
            return _finish(f"{_display(unit.speaker)} {predicate or 'said'}: \u201c{quoted}\u201d"), predicate or "said"
    if unit.speaker and verb is not None and verb.lower_ != "according" and _plain(verb) and not _names_only(verb):
        clause = _content_clause(verb)
        content = _reported_content(verb)
        if content and clause:
            head = f"{_display(unit.speaker)} {predicate}"
            return _faithful([f"{head} {content}", f"{head} {_plain_text(clause)}"],
                             [t for t in clause if t.i not in judged]), predicate
    if unit.speaker and verb is not None and verb.lower_ == "according":
        frame = set(range(verb.left_edge.i, verb.right_edge.i + 1))
        main = _compress(spans[0], skip=frame)
        if main:
            region = [t for t in spans[0] if t.i not in frame]
            rest = _plain_text(region, name=None)
            region = [t for t in region if t.i not in judged]
            source = _display(unit.speaker)
            source = source[0].lower() + source[1:] if unit.speaker.startswith(("unnamed", "the ")) else source
            return _faithful([f"According to {source}, {main}", f"According to {source}, {rest}"],
                             region), "according to"
    text = " ".join(_compress(s, lower=False, name=unit.speaker, keep_clauses=kind == "assessment") for s in spans)
    whole = " ".join(_plain_text(list(s), name=unit.speaker, lower=False) for s in spans)
    root = spans[0].root
    return (_faithful([text, whole], [t for s in spans for t in s if t.i not in judged], name=unit.speaker),
            predicate if unit.speaker else root.lemma_.lower())


# ------------------------------------------------------------------- the self-check

_NEGATIONS = frozenset("not n't never no none nobody nothing neither nor without cannot".split())
_COMPARATIVES = frozenset("more less fewer most least".split())
_HEDGES = frozenset("""
possibly probably perhaps likely unlikely reportedly allegedly apparently seemingly presumably
about around nearly almost approximately roughly some estimated suspected believed thought expected
""".split())
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def protected(tokens: Sequence[Token], sides: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The words a proposition may never lose: numbers, negations, comparatives and
    superlatives, hedges (modal verbs, "reportedly", "about"), names and dates. In a side
    constituent dropped whole (`sides`: an apposition, an aside, a bracket) only numbers and
    dates count: the side remark is another proposition, but the claim's figures are its own."""
    out = []
    for t in tokens:
        if t.is_space or t.is_punct:
            continue
        figure = t.like_num or any(ch.isdigit() for ch in t.text) or t.ent_type_ == "DATE" and t.pos_ in {"PROPN", "NUM"}
        if t.i in sides and not figure:
            continue
        if figure \
                or t.lower_ in _NEGATIONS or t.dep_ == "neg" \
                or t.tag_ in {"JJR", "RBR", "JJS", "RBS"} or t.lower_ in _COMPARATIVES \
                or t.tag_ == "MD" or t.lower_ in _HEDGES and t.pos_ in {"ADV", "ADJ", "VERB", "DET"} \
                or t.pos_ == "PROPN" and t.ent_type_ in _NAME_ENTS | {"DATE"} \
                or t.ent_type_ == "DATE" and t.pos_ in {"PROPN", "NUM"}:
            out.append(t.text)
    return out


def _word_counts(text: str) -> set[str]:
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"(\w)n't\b", r"\1 not", text)
    text = re.sub(r"\bwon not\b", "will not", text)
    return (set(re.findall(r"[\w'.,%$\u00a3\u20ac-]+", text)) | set(re.findall(r"\w+", text))
            | set(re.findall(r"\d[\d,.:]*\d|\d", text)) | set(re.findall(r"\w+(?:'\w+)?", text)))


def missing(proposition: str, tokens: Sequence[Token], name: str | None = None,
            sides: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The protected words of `tokens` (see `protected`) the proposition does not hold;
    "n't" matches "not"."""
    words = _word_counts(proposition)
    out = []
    for word in protected(tokens, sides):
        raw = word.replace("\u2019", "'").lower()
        forms = {raw, raw.strip(".,'"), {"n't": "not", "nt": "not", "ca": "can", "wo": "will", "sha": "shall"}.get(raw, raw)}
        if not forms & words:
            out.append(word)
    return out


def _faithful(candidates: list[str], region: Sequence[Token], name: str | None = None) -> str:
    """The first candidate, neutral-worded, that keeps every protected word of its evidence
    region (the first, compressed, may drop side constituents whole); failing that, the
    last (the evidence clause whole) as the article words it."""
    sides = _sides(list(region))
    for n, text in enumerate(candidates):
        if not text.strip():
            continue
        neutral = _finish(neutral_wording(text))
        if not missing(neutral, region, name, sides if n == 0 else frozenset()):
            return neutral
    return _finish(candidates[-1])


def _plain_text(tokens: Sequence[Token] | Token, name: str | None = None, lower: bool = True) -> str:
    """A clause as the article words it, without a leading connective or a trailing comma;
    a pronoun subject of the main verb shown as the speaker's name."""
    if isinstance(tokens, Token):
        tokens = list(tokens.subtree)
        if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that":
            tokens = tokens[1:]
    if not tokens:
        return ""
    span = tokens[0].doc[tokens[0].i:tokens[-1].i + 1]
    skip = {t.i for t in span if t.i not in {x.i for x in tokens}}
    return _compress(span, whole=True, skip=skip, lower=lower, name=name, keep_clauses=True, keep_sides=True)


def _content_clause(verb: Token) -> list[Token]:
    """The tokens of what a verb of saying reports, whole (the region the check reads)."""
    comp = _ccomp(verb)
    if comp is False:
        return []
    if comp is None:
        mark = _that_clause(verb)
        comp = mark.head if mark is not None else None
    if comp is not None:
        tokens = list(comp.subtree)
        return tokens[1:] if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that" else tokens
    if verb.dep_ == "parataxis" or verb.dep_ == "ROOT" and any(c.dep_ == "parataxis" for c in verb.children):
        root = verb.head if verb.dep_ == "parataxis" else next(c for c in verb.children if c.dep_ == "parataxis")
        frame = {t.i for t in verb.subtree} if verb.dep_ == "parataxis" else {verb.i} | {
            t.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
        return [t for t in root.subtree if t.i not in frame]
    rest = [t for t in verb.rights if t.dep_ not in {"punct", "cc", "conj", "advcl", "parataxis"}]
    if not rest:
        return []
    return list(verb.doc[rest[0].left_edge.i:max(t.right_edge.i for t in rest) + 1])


def _ccomp(verb: Token) -> "Token | None | bool":
    """The clause a verb of saying governs; False when the parse hangs on it a clause that
    another verb in between introduces ("criticizing him ... and contending that he ..."):
    what the speaker said is then not safe to rebuild."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None or comp.i < verb.i:
        return comp
    inner = {t.i for t in comp.subtree}
    if any(t.pos_ == "VERB" and t.i not in inner for t in verb.doc[verb.i + 1:comp.left_edge.i]):
        return False
    return comp


def _that_clause(verb: Token) -> Token | None:
    """"said in a statement that X": the "that" of X, found below the verb itself (not inside
    a second verb joined to it: "criticising him and contending that ..." is not "said that")."""
    for t in verb.subtree:
        if t.dep_ == "mark" and t.lower_ == "that" and t.i > verb.i and t.head.pos_ in {"VERB", "AUX"}:
            up, ok = t.head, True
            while up.i != verb.i and up.head.i != up.i:
                if up.dep_ in {"conj", "advcl", "relcl", "parataxis", "xcomp"}:
                    ok = False
                    break
                up = up.head
            if ok and up.i == verb.i and not any(x.pos_ == "VERB" for x in verb.doc[verb.i + 1:t.i]):
                return t
    return None


def _names_only(verb: Token) -> bool:
    """"what aides called a wake-up call": the verb names something; it reports no claim."""
    return any(c.dep_ in {"dobj", "nsubj", "nsubjpass"} and c.tag_ in {"WP", "WDT"} for c in verb.children)


def _display(speaker: str) -> str:
    if speaker.startswith("unnamed") and not speaker.endswith("s"):
        return "An " + speaker  # "An unnamed official", not "Unnamed official"
    if speaker.startswith(("unnamed", "the ")):
        return speaker[0].upper() + speaker[1:]
    return speaker


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?%])", r"\1", text)
    text = re.sub(r"[,;:\s]+$", "", text)
    if text and text[-1] not in ".!?\u201d\"":
        text += "."
    return text[0].upper() + text[1:] if text else text


def _quoted_words(text: str, max_words: int = 40) -> str:
    """The quotation itself, word for word; a long one is cut after a sentence (or at a
    word boundary) and marked with an ellipsis."""
    parts = [next(g for g in m.groups() if g is not None).strip() for m in QUOTATION.finditer(text)]
    if not parts:
        first = min((text.find(q) for q in ('"', "\u201c") if q in text), default=-1)
        last = max(text.rfind(q) for q in ('"', "\u201d"))
        if first < 0 or last <= first:
            return ""
        parts = [text[first + 1:last].strip()]
    quoted = " \u2026 ".join(p.strip(" ,") for p in parts if p.strip(" ,"))
    words = quoted.split()
    if len(words) <= max_words:
        return quoted
    cut = " ".join(words[:max_words])
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > len(cut) // 3:
        return cut[:end + 1] + " \u2026"
    return cut.rstrip(",;:") + " \u2026"


_PLAIN_AUX = frozenset("has have had was were is are did does do 's 've 'd".split())


def _plain(verb: Token) -> bool:
    """A plain report ("X said", "X has denied"): no negation, no modal, not what someone
    declined, refused or wanted to say; only then may it become "X said ..." in our words."""
    if any(c.dep_ == "neg" or c.dep_ in {"aux", "auxpass"} and c.lower_ not in _PLAIN_AUX for c in verb.children):
        return False
    t = verb
    while t.dep_ in {"xcomp", "conj"} and t.head.i != t.i:
        if t.dep_ == "xcomp":
            return False
        t = t.head
    return verb.lemma_.lower() not in {"issue", "release", "make", "offer", "give", "deliver", "send", "publish", "post"}


def _reported_content(verb: Token) -> str:
    """What a verb of saying reports: its clause ("said [that] X" -> "X"), or for a speech act
    its object and what follows ("criticised the plan as ...")."""
    comp = _ccomp(verb)
    if comp is False:
        return ""
    if comp is None and (verb.dep_ == "parataxis" or verb.dep_ == "ROOT" and any(
            c.dep_ == "parataxis" for c in verb.children)):
        # "The shipment will arrive by Monday, officials said": the rest of the sentence is what they said
        root = verb.head if verb.dep_ == "parataxis" else next(c for c in verb.children if c.dep_ == "parataxis")
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        skip = set(range(verb.i, verb.i + 1)) | {t.i for s in subj for t in s.subtree}
        skip |= {t.i for t in root.subtree if t.dep_ == "advcl" and t.head.i == root.i and t.i > verb.i
                 for t in t.subtree}
        return _compress(root, subtree=True, skip=skip)
    if comp is None:  # "said in a statement that X": the clause hangs from the noun
        mark = _that_clause(verb)
        comp = mark.head if mark is not None else None
    if comp is not None:
        if comp.i > verb.i:  # what follows the clause but hangs from the verb ("... entirely") stays
            skip = {t.i for c in verb.children if c.i > comp.i and c.dep_ in
                    {"conj", "cc", "advcl", "parataxis", "punct", "nsubj", "npadvmod", "prep"} for t in c.subtree}
            span = verb.doc[comp.left_edge.i:max(comp.right_edge.i, verb.right_edge.i) + 1]
            if span[0].dep_ == "mark" and span[0].lower_ == "that":
                span = span[1:]
            return _compress(span, whole=True, skip=skip)
        return _compress(comp, subtree=True)
    lemma = verb.lemma_.lower()
    if lemma in {"say", "tell", "add", "write", "state", "note", "explain"}:
        return ""
    rest = [t for t in verb.rights if t.dep_ not in {"punct", "cc", "conj", "advcl", "parataxis"}]
    if not rest:
        return ""
    start, end = rest[0].left_edge.i, max(t.right_edge.i for t in rest)
    span = verb.doc[start:end + 1]
    return _compress(span, subtree=True, whole=True)


_DROP_DEPS = {"appos", "parataxis"}


def _compress(span, subtree: bool = False, whole: bool = False, skip: set[int] | None = None,  # type: ignore[no-untyped-def]
              lower: bool = True, name: str | None = None, keep_clauses: bool = False,
              keep_sides: bool = False) -> str:
    """The span without its side constituents: appositions, parentheticals, relative clauses
    set off by commas, leading connectives, a trailing "he said". Whole constituents only,
    so what stays keeps its negations, hedges, numbers, names and dates."""
    if subtree and not whole:
        tokens = list(span.subtree)
        if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ in {"that"}:
            tokens = tokens[1:]
    else:
        tokens = list(span)
    if not tokens:
        return ""
    doc = tokens[0].doc
    drop: set[int] = set(skip or ())
    if not keep_sides:
        drop |= _sides(tokens, keep_clauses)
    kept = [t for t in tokens if t.i not in drop and not t.is_space]
    while kept and (kept[0].lower_ in _CONNECTIVES and kept[0].dep_ in {"cc", "advmod", "prep"} and
                    kept[0].head.dep_ == "ROOT" or kept[0].is_punct and kept[0].text not in {'"', "\u201c"}):
        kept = kept[1:]
    while kept and kept[-1].is_punct and kept[-1].text not in {'"', "\u201d", "?", "!", "%"}:
        kept = kept[:-1]
    marks = sum(t.text in {'"', "\u201c", "\u201d"} for t in kept)
    if marks % 2 and kept:  # a quotation the constituent ends inside: take its closing mark
        nxt = kept[-1].i + 1
        while nxt < len(doc) and doc[nxt].is_punct and doc[nxt].text not in {'"', "\u201d"} and nxt - kept[-1].i < 3:
            nxt += 1
        if nxt < len(doc) and doc[nxt].text in {'"', "\u201d"}:
            kept = kept + [doc[nxt]]
    def shown(t: Token) -> str:  # "She issued a statement" -> "Gennette Cordova issued a statement"
        if name and t.dep_ == "nsubj" and t.lower_ in {"he", "she"} and t.head.dep_ == "ROOT" \
                and not name.startswith(("unnamed", "the ")):
            return name
        return t.text

    text = "".join(shown(t) + t.whitespace_ if i + 1 < len(kept) and kept[i + 1].i == t.i + 1 else shown(t) + " "
                   for i, t in enumerate(kept)).strip()
    if kept and kept[0].pos_ != "PROPN" and kept[0].text not in {"I"} and not kept[0].is_upper and lower:
        text = text[:1].lower() + text[1:]
    return _balance(text)


def _sides(tokens: Sequence[Token], keep_clauses: bool = False) -> set[int]:
    """Side constituents compression may drop whole: appositions and asides set off by
    commas or dashes, relative clauses set off by commas, brackets."""
    if not tokens:
        return set()
    doc = tokens[0].doc
    drop: set[int] = set()
    first_i, last_i = tokens[0].i, tokens[-1].i
    for t in tokens:
        if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.pos_ != "PROPN":
            continue  # "its ally, Israel,": the name says which ally; it is the claim's own
        if t.dep_ in _DROP_DEPS and _set_off(t) or t.dep_ == "relcl" and _set_off(t) and not keep_clauses:
            drop.update(range(t.left_edge.i, t.right_edge.i + 1))
            comma = t.left_edge.i - 1
            if comma >= first_i and doc[comma].text in {",", "\u2014", "--", "("}:
                drop.add(comma)
            after = t.right_edge.i + 1
            if after <= last_i and doc[after].text in {",", "\u2014", "--", ")"}:
                drop.add(after)
    depth, open_at = 0, -1  # brackets that enclose a side remark
    for t in tokens:
        if t.text == "(":
            depth, open_at = depth + 1, t.i
        elif t.text == ")" and depth:
            drop.update(range(open_at, t.i + 1))
            depth = 0
    return drop


def _set_off(t: Token) -> bool:
    """A constituent between commas (or dashes): a side remark, not a restriction."""
    before = t.left_edge.i - 1
    return before >= 0 and t.doc[before].text in {",", "\u2014", "--", "-", "("}


def _balance(text: str) -> str:
    """Never leave a quotation mark open (the quoted words would look cut)."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("\u201c") != text.count("\u201d"):
        text = text.replace("\u201c", "").replace("\u201d", "")
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------------ numbers and dates


def quantities(spans: Sequence[Span]) -> list[Quantity]:
    """The numbers the claim rests on, in a form other articles' claims can be compared with."""
    out: list[Quantity] = []
    for span in spans:
        for ent in span.ents:
            if ent.label_ not in _QUANTITY_LABELS:
                continue
            text = ent.text.strip()
            before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
            if before in _CURRENCY_SIGNS and not text.startswith(before):
                text = before + text  # "$" the model left out of the entity: "$500,000", not 500,000
            value, unit = parse_quantity(text, ent.label_)
            out.append(Quantity(text=text, value=value, unit=unit, what=_what(ent)))
    return out


def parse_quantity(text: str, label: str = "") -> tuple[float | None, str]:
    """'87 %' -> (87.0, '%'); '$3.5bn' -> (3.5e9, 'USD'); 'twelve million' -> (12e6, '');
    '30,000' -> (30000.0, '')."""
    low = text.lower().replace(",", "")
    unit = ""
    if "%" in low or "percent" in low or "per cent" in low or label == "PERCENT":
        unit = "%"
    for sign, code in _CURRENCY.items():
        if sign in low.split() or sign in _CURRENCY_SIGNS and sign in low:
            unit = code
    words = re.findall(r"\d+(?:\.\d+)?|[a-z]+", low)
    value: float | None = None
    scale = 1.0
    for w in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            if value is not None:
                break  # "500,000 to 1.6 million": a range is read as its first figure
            value = float(w)
        elif w in _RANGE_WORDS and value is not None:
            break
        elif w in _NUMBER_WORDS and value is None:
            value = float(_NUMBER_WORDS[w])
        elif w in _SCALES:
            scale *= _SCALES[w]
            if value is None:
                value = 1.0
    glued = re.search(r"(\d+(?:\.\d+)?)(bn|m|mn|k|tn)\b", low)
    if glued:
        value, scale = float(glued.group(1)), _SCALES[glued.group(2)]
    return (value * scale if value is not None else None), unit


_RANGE_WORDS = frozenset({"to", "and", "or"})


def _what(ent: Span) -> str:
    """What the number counts, in the article's words: the noun it modifies ("30,000
    troops"), or what a percentage is of ("64 percent of voters")."""
    root = ent.root
    head = root.head
    if root.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.pos_ == "NOUN" and head.i >= ent.end:
        return " ".join(t.text for t in head.lefts if t.dep_ == "compound" and t.i >= ent.end) + \
            (" " if any(t.dep_ == "compound" and t.i >= ent.end for t in head.lefts) else "") + head.text
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return "of " + pobj.text
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"NOUN", "VERB"}:
        return head.head.lemma_ if head.head.pos_ == "VERB" else head.head.text
    return ""


def dates(spans: Sequence[Span], article_date: str = "") -> list[str]:
    """Dates the claim refers to: ISO when they can be resolved (against the article's date
    for weekdays and relative days), else as written."""
    try:
        base = dt.date.fromisoformat(article_date[:10]) if article_date else None
    except ValueError:
        base = None
    out: list[str] = []
    for span in spans:
        for ent in span.ents:
            if ent.label_ != "DATE":
                continue
            iso = resolve_date(ent.text, base, future=_future(ent))
            if iso and iso not in out:
                out.append(iso)
    return out


def _future(ent: Span) -> bool:
    verb = ent.root.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return any(c.lower_ in {"will", "'ll", "shall"} or c.lemma_ == "go" for c in verb.children if c.dep_ == "aux")


def resolve_date(text: str, base: dt.date | None = None, future: bool = False) -> str:
    """'Sept. 11, 2001' -> '2001-09-11'; 'March 2008' -> '2008-03'; '2009' -> '2009'; 'Monday'
    -> the Monday before `base` (after it when `future`); anything else as written."""
    low = text.lower().replace(".", "").replace(",", " ")
    words = low.split()
    year = next((int(w) for w in words if re.fullmatch(r"(1[89]|20)\d\d", w)), None)
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day = next((int(w.rstrip("thsndr")) for w in words if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", w)
                and 1 <= int(w.rstrip("thsndr")) <= 31), None)
    if month and day and (year or base):
        y = year or (base.year if base else None)
        try:
            return dt.date(y, month, day).isoformat()  # type: ignore[arg-type]
        except ValueError:
            return text
    if month and year:
        return f"{year:04d}-{month:02d}"
    if year and len(words) == 1:
        return str(year)
    if base is not None:
        if any(w in _WEEKDAYS for w in words) and len(words) <= 3:
            wd = _WEEKDAYS[next(w for w in words if w in _WEEKDAYS)]
            delta = (wd - base.weekday()) % 7 if future else -((base.weekday() - wd) % 7)
            return (base + dt.timedelta(days=delta)).isoformat()
        if low.strip() == "today":
            return base.isoformat()
        if low.strip() == "yesterday":
            return (base - dt.timedelta(days=1)).isoformat()
        if low.strip() == "tomorrow":
            return (base + dt.timedelta(days=1)).isoformat()
        if low.strip() == "last year":
            return str(base.year - 1)
        if low.strip() == "this year":
            return str(base.year)
    return text
