"""Extractive summary step for the offline briefing generator.

Why this design
---------------
News articles put their news first (the "inverted pyramid"), so on ROUGE the
article's first sentences (Lead-3) beat any choice of "central" sentences.
This module therefore keeps the lead as the backbone and uses the spaCy parse
to do two things the plain lead cannot:

1. *Skip* lead sentences that cannot stand in a summary: quote-only
   sentences, first-person sentences, fragments (no finite verb, unbalanced
   quotes or brackets), questions, and bare scorelines on live/sports pages.
2. *Compress* the sentences it keeps, deleting only spans the parse marks as
   optional (parentheticals, leading discourse connectives, descriptor
   appositives, ", he said"-style tails).  Every deletion goes through one guard
   (`_deletable`): it never touches words inside quotation marks, never drops
   a negation or hedge ("not", "allegedly", "may"...), never drops a date or
   time expression, and never drops the clause's head.

3. *Say* what it keeps in neutral words on the same tokens (`lexicon.neutral_plan`:
   safe edits, then cutting the optional phrase that holds a loaded term; a sentence
   that keeps one is passed over), *news first* (sentences that argue are left out,
   see genre.py), and *readable*: no sentence whose "He added" or "This commitment"
   points to a sentence left out, no "saying:" without its quotation.

Shorter sentences that keep the facts let the summary stay within the length
of the article's first three sentences even after the single attribution
phrase and an optional sourcing line are added. The phrase is one word,
"Reportedly, " (or "<Publisher> reports: " when the publisher is known): it
marks everything after it as what the article reports, not as established
fact, and the page around it names the article. Longer phrases ("According to
the article, ", "The article reports: ", "Per the article, ") were measured: at
3-4 words each, plus the sourcing line, they put the XSum dev summaries 1-2
words over Lead-3's length; "Reportedly" keeps the summary within it.

Public API: `summarise`, `Summary`, `without_attribution`, `compression` (the text of kept
tokens is `tokentext.render`).
`summarise` takes the article's one parse (boilerplate was dropped when the file was
read) and parses nothing again.

Measured on XSum and CNN/DM dev against Lead-3 (`make eval`).
"""

from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Sequence

from .tokentext import render

# --------------------------------------------------------------------------
# Word lists (closed-class words; nothing topic specific)
# --------------------------------------------------------------------------

NEGATIONS = frozenset(
    "not n't no never nor neither none nobody nothing nowhere without cannot hardly barely scarcely".split()
)
HEDGES = frozenset(
    """allegedly reportedly apparently possibly probably perhaps likely unlikely maybe
    may might could would should can must alleged suspected purported claimed unconfirmed
    believed thought expected estimated seemingly supposedly rumoured rumored accused
    unverified approximately about around nearly almost roughly some""".split()
)
# Words that mark the sentence as the speaker's own voice when outside quotes.
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
SAY_VERBS = frozenset(
    """say says said tell tells told add adds added state states stated claim claims claimed
    announce announces announced confirm confirms confirmed insist insists insisted
    explain explains explained warn warns warned argue argues argued write writes wrote
    tweet tweets tweeted report reports reported note notes noted believe believes believed
    suggest suggests suggested""".split()
)
_PRONOUN_SPEAKERS = frozenset("he she they it i we you".split())
# Sentence-initial discourse connectives that only link to the previous text.
_CONNECTIVES = frozenset(
    """however meanwhile but and so also additionally furthermore moreover instead still yet
    indeed nevertheless nonetheless separately elsewhere overall now then thus therefore
    besides likewise similarly consequently""".split()
)
# Subordinators whose clause conditions the main clause: never dropped.
_CONDITIONAL_MARKS = frozenset("if unless provided providing whether lest except".split())
_NAME_ENTS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split()
)
_DATE_ENTS = frozenset(("DATE", "TIME"))
_UNNAMED_HEADS = frozenset(
    """source sources official officials spokesman spokeswoman spokesperson insider insiders
    aide aides diplomat diplomats witness witnesses analyst analysts expert experts
    person people resident residents someone critic critics observer observers""".split()
)
_QUOTE_CHARS = "\"“”„«»"
_SINGLE_QUOTES = "'‘’"
_SCORELINE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")
_DATELINE_LINE = re.compile(r"^\s*([A-Z][A-Z.' -]+?)(?:,\s*([A-Za-z .'-]+?))?\s+\d{4}-\d{2}-\d{2}\s*$")
_DASHES = frozenset({"—", "–", "-", "--", "―"})


# --------------------------------------------------------------------------
# Result type and switches
# --------------------------------------------------------------------------


@dataclass
class Summary:
    """`sentences`: the chosen (compressed) sentences, no attribution.
    `published`: as shown to readers, one attribution phrase on the first.
    `sourcing_line`: short note on sourcing, or None when it says nothing."""

    sentences: list[str]
    published: list[str]
    sourcing_line: str | None = None

    def published_text(self) -> str:
        lines = list(self.published) + ([self.sourcing_line] if self.sourcing_line else [])
        return " ".join(lines)


@dataclass(frozen=True)
class Rules:
    """Switches for each rule, so the evaluation can measure what each gains.

    The defaults are the shipped behaviour."""

    skip_quote_only: bool = True
    skip_first_person: bool = True
    skip_fragments: bool = True
    skip_questions: bool = True
    skip_scorelines: bool = True
    drop_parentheticals: bool = True
    drop_leading_connectives: bool = True
    drop_descriptor_appositives: bool = True
    drop_nonrestrictive_relatives: bool = True
    drop_dash_asides: bool = True
    drop_contrast_clauses: bool = False
    drop_that_complementizer: bool = True
    drop_filler_adverbs: bool = True
    drop_participial_asides: bool = True
    drop_pronoun_say_tails: bool = False  # ", he said" keeps who said it; the summary must not lose that
    drop_named_say_tails: bool = False
    max_sentences: int = 3
    budget_ratio: float | None = 1.5  # x words of the first three sentences; None = no cap
    budget_counts_overhead: bool = True  # count the attribution phrase and sourcing line
    window: int | None = None  # only the first N sentences are candidates (the news is at the top)
    lookahead: int = 3  # when a sentence overflows the budget, try the next N shorter ones
    min_words: int = 5
    max_words: int | None = 45  # longer "sentences" are mostly run-ons (captions glued to text)
    max_quote_share: float = 0.5


DEFAULT_RULES = Rules()


# --------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------


_MASKS: dict = {"doc": None, "spans": {}}


def quote_mask(span) -> list[bool]:
    """For each token of `span`: is it inside quotation marks (marks included)?
    (Read-only: every step asks for the same sentences, so it is kept for the article.)

    Double quotes are paired within the span.  Straight/curly single quotes
    count as quotation marks only when they open before a word (after a space
    or at the start) and a matching closer follows, so apostrophes
    ("don't", "players'") are not mistaken for quotes.  Works per sentence,
    which is robust to articles with an odd number of quote marks.
    """
    if _MASKS["doc"] is not span.doc:
        _MASKS["doc"], _MASKS["spans"] = span.doc, {}
    key = (span.start, span.end)
    if key not in _MASKS["spans"]:
        _MASKS["spans"][key] = _quote_mask(span)
    return _MASKS["spans"][key]


def _quote_mask(span) -> list[bool]:
    text = span.text
    base = span.start_char
    inside = [False] * len(text)
    # double quotes
    open_at = None
    for i, ch in enumerate(text):
        if ch in _QUOTE_CHARS:
            if open_at is None and ch != "”":
                open_at = i
            elif open_at is not None and ch not in "“„":
                for j in range(open_at, i + 1):
                    inside[j] = True
                open_at = None
    if open_at is not None:  # unbalanced: mark to the end (quote continues)
        for j in range(open_at, len(text)):
            inside[j] = True
    # single quotes used as quotation marks
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "'‘" and (i == 0 or not text[i - 1].isalnum()) and i + 1 < len(text) and text[i + 1].isalnum():
            close = None
            for k in range(i + 1, len(text)):
                if text[k] in "'’" and text[k - 1] not in " " and (k + 1 == len(text) or not text[k + 1].isalnum()):
                    close = k
                    break
            if close is not None and not inside[i]:
                for j in range(i, close + 1):
                    inside[j] = True
                i = close + 1
                continue
        i += 1
    return [any(inside[t.idx - base : t.idx - base + len(t.text)]) for t in span]


def _segments_outside_quotes(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, is_quoted) runs, double quotes only."""
    out, buf, quoted = [], [], False
    for ch in text:
        if ch in _QUOTE_CHARS:
            if not quoted:
                if buf:
                    out.append(("".join(buf), False))
                buf, quoted = [ch], True
            else:
                buf.append(ch)
                out.append(("".join(buf), True))
                buf, quoted = [], False
        else:
            buf.append(ch)
    if buf:
        out.append(("".join(buf), quoted))
    return out


def apply_outside_quotes(text: str, fn: Callable[[str], str]) -> str:
    """Apply `fn` (e.g. neutralise) only to the text outside quotation marks."""
    return "".join(seg if quoted else fn(seg) for seg, quoted in _segments_outside_quotes(text))


# --------------------------------------------------------------------------
# Sentence filters
# --------------------------------------------------------------------------


def _alpha(tokens: Iterable) -> list:
    return [t for t in tokens if t.is_alpha]


def is_quote_only(sent, mask: list[bool], max_share: float = 0.5) -> bool:
    """The speaker's words with a speech frame around them ('"...," he said',
    'She said: "..."'), rather than the article's report.

    True when most words are quoted and a quotation opens the sentence or
    follows a colon/comma; short quoted phrases embedded in reported speech
    ('said the prom "does not fit"...') leave the sentence eligible."""
    words = [(t, m) for t, m in zip(sent, mask) if t.is_alpha]
    if not words:
        return False
    # the reported content (object clause of the say-verb root) is a quotation
    root, off = sent.root, sent.start
    if root.lower_ in SAY_VERBS and not mask[root.i - off]:
        said = [c for c in root.children if c.dep_ in ("ccomp", "dobj", "parataxis") and c.pos_ != "PRON"]
        if said and all(_mostly_quoted(c, mask, off) for c in said):
            return True
    quoted = sum(1 for _, m in words if m)
    if quoted / len(words) <= max_share:
        return False
    toks = list(sent)
    for n, (t, m) in enumerate(zip(toks, mask)):
        if m and (n == 0 or not mask[n - 1]):  # a quotation opens here
            if n == 0 or toks[n - 1].text in (":", ",", "-", "—", "–"):
                return True
            inner = [x for x, mm in zip(toks[n:], mask[n:]) if mm and x.is_alpha]
            # a long embedded quotation is a quote as well
            if len(inner) >= 0.6 * len(words):
                return True
    return False


def _mostly_quoted(head, mask: list[bool], off: int) -> bool:  # type: ignore[no-untyped-def]
    """The clause under `head` is the speaker's words: at least four in five of its words
    are inside quotation marks ("warned that the epidemic 'is becoming a security issue'"
    paraphrases its subject, so it is the article's report, not a quote)."""
    words = [t for t in head.subtree if t.is_alpha and 0 <= t.i - off < len(mask)]
    return bool(words) and sum(mask[t.i - off] for t in words) >= 0.8 * len(words)


def is_first_person(sent, mask: list[bool]) -> bool:
    """I/we/my... outside quotes: the writer speaking (column, letter, blog)."""
    for t, m in zip(sent, mask):
        if m or t.text == "US":
            continue
        if t.lower_ in FIRST_PERSON and t.tag_ in ("PRP", "PRP$"):
            return True
    return False


def is_fragment(sent) -> bool:
    """No finite clause, or unbalanced quotes / brackets."""
    text = sent.text
    if sum(text.count(c) for c in "\"") % 2 or text.count("“") != text.count("”"):
        return True
    if text.count("(") != text.count(")"):
        return True
    if _unclosed_single_quote(text):
        return True
    # some verb must have a subject: a clause, not a caption or a label
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass") and (
            t.head.pos_ in ("VERB", "AUX") or t.head.tag_.startswith("VB")
        ):
            return False
    return True


_SQ_OPEN = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=[A-Za-z0-9])")
_SQ_CLOSE = re.compile(r"(?<=[^\s])['’](?=$|[\s.,;:!?)\]])")


def _unclosed_single_quote(text: str) -> bool:
    """A single quotation mark opens a quote that does not close in the
    sentence ("... sent off 'He knows he was wrong."): a quotation cut by the
    sentence split, i.e. a fragment."""
    opens = [m.start() for m in _SQ_OPEN.finditer(text)]
    if not opens:
        return False
    return not any(m.start() > opens[-1] for m in _SQ_CLOSE.finditer(text))


def is_scoreline(sent) -> bool:
    """Live-text / results lines: a score ("2-1") with little else but names."""
    if not _SCORELINE.search(sent.text):
        return False
    words = _alpha(sent)
    content = [t for t in words if t.pos_ in ("VERB", "NOUN", "ADJ") and t.ent_type_ == ""]
    return len(words) <= 12 or len(content) <= 2


# --------------------------------------------------------------------------
# Compression
# --------------------------------------------------------------------------


def _deletable(tokens: Sequence, mask: Sequence[bool], sent) -> bool:
    """The single guard every deletion passes.

    Refuse when the span touches a quotation, carries a negation or hedge,
    carries a date/time, contains the sentence root, or would leave the
    sentence without a subject."""
    if not tokens:
        return False
    off = sent.start
    for t in tokens:
        if mask[t.i - off]:
            return False
        if t.lower_ in NEGATIONS or t.dep_ == "neg" or t.lower_ in HEDGES:
            return False
        if t.ent_type_ in _DATE_ENTS:
            return False
        if t.i == sent.root.i:
            return False
    return True


def _contiguous(tokens: list) -> bool:
    return bool(tokens) and tokens[-1].i - tokens[0].i + 1 == len(tokens)


class _Deleter:
    """Collects token indexes to delete from one sentence; every span goes
    through `_deletable` and a sentence is never cut below four tokens."""

    def __init__(self, sent, mask: list[bool]):
        self.sent, self.mask, self.drop = sent, mask, set()

    def __call__(self, tokens: list, *, allow_root: bool = False, whole: bool = False) -> bool:
        sent = self.sent
        guarded = [t for t in tokens if not (allow_root and t.i == sent.root.i)]
        if whole:  # a whole trailing phrase: what it says goes with it, nothing inside it changes
            off, n = sent.start, len(self.mask)
            inside = [j for j in (tokens[0].i - 1 - off, tokens[-1].i + 1 - off) if 0 <= j < n]
            ok = sent.root.i not in {t.i for t in tokens} and not any(
                self.mask[j] and self.mask[j - 1 if j == tokens[0].i - 1 - off else j] for j in inside)
            ok = ok and not any(self.mask[j] for j in inside)
        else:
            ok = not guarded or _deletable(guarded, self.mask, sent)
        if tokens and ok and len(
            self.drop | {t.i for t in tokens}
        ) < len(sent) - 3:
            self.drop.update(t.i for t in tokens)
            return True
        return False


def compress(sent, rules: Rules = DEFAULT_RULES, mask: list[bool] | None = None) -> str:
    """The sentence with optional spans removed (see module docstring).

    Returns the text of the kept tokens with spacing/punctuation repaired."""
    drop = compression(sent, rules, mask)
    return render([t for t in sent if t.i not in drop], first_dropped=sent.start in drop)


def compression(sent, rules: Rules = DEFAULT_RULES, mask: list[bool] | None = None) -> set[int]:
    """Token indices (doc) that compression deletes from the sentence."""
    mask = mask if mask is not None else quote_mask(sent)
    try_drop = _Deleter(sent, mask)

    if rules.drop_parentheticals:
        depth, start = 0, None
        for t in sent:
            if t.text == "(":
                if depth == 0:
                    start = t.i
                depth += 1
            elif t.text == ")" and depth:
                depth -= 1
                if depth == 0:
                    try_drop([sent.doc[i] for i in range(start, t.i + 1)])

    if rules.drop_leading_connectives:
        _drop_leading(sent, try_drop)

    if rules.drop_descriptor_appositives:
        _drop_appositives(sent, try_drop)

    if rules.drop_nonrestrictive_relatives:
        _drop_relatives(sent, try_drop)

    if rules.drop_dash_asides:
        _drop_dash_asides(sent, try_drop)

    if rules.drop_contrast_clauses:
        _drop_contrast_clauses(sent, try_drop)

    if rules.drop_filler_adverbs:
        # "also", "now", "currently"...: linking/temporal fillers whose removal
        # keeps the claim (hedges and negations are not in this list). Only when they
        # modify a verb: "too heavy to serve" is not "heavy to serve".
        for t in sent:
            if (t.lower_ in _FILLER_ADVERBS and t.dep_ == "advmod" and t.i > sent.start
                    and t.head.pos_ in ("VERB", "AUX")):
                try_drop([t])

    if rules.drop_participial_asides:
        _drop_participial_asides(sent, try_drop)

    if rules.drop_that_complementizer:
        # "said that X" -> "said X": the complementizer carries no content
        for t in sent:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ == "ccomp" and t.head.head.pos_ == "VERB" \
                    and t.i > sent.start and sent.doc[t.i - 1].i == t.head.head.i:
                try_drop([t])

    if rules.drop_pronoun_say_tails or rules.drop_named_say_tails:
        _drop_say_tail(sent, rules, try_drop)

    if rules.max_words:
        _fit(sent, try_drop, rules.max_words)
    return set(try_drop.drop)


_TAIL_DEPS = frozenset({"advcl", "prep", "npadvmod", "acl", "relcl", "conj", "parataxis", "appos"})


def _fit(sent, try_drop: _Deleter, limit: int) -> None:
    """A long lede ("X did Y on Friday after declaring that ..., a fight he called ...")
    loses whole trailing phrases, last first, until it is within `limit` words: what stays
    is still what the article says, only less of it (every cut passes the same guard)."""
    doc = sent.doc
    floor = dateline_end(sent)  # "FERGUSON, Mo. —" is not said, so not counted
    for _ in range(8):
        kept = [t for t in sent if t.i not in try_drop.drop and not t.is_punct and t.i >= floor]
        if len(kept) <= limit or not kept:
            return
        tails = []
        # "X did Y as part of Z, the lawyer said": the reported clause is what the sentence says
        said = [c for c in sent.root.children if c.dep_ == "ccomp" and c.i < sent.root.i]
        pivot = said[0] if said and sent.root.lower_ in SAY_VERBS else sent.root
        last = max((t.i for t in pivot.subtree if t.i not in try_drop.drop and not t.is_punct), default=kept[-1].i)
        for t in sent:
            if t.i in try_drop.drop or t.dep_ not in _TAIL_DEPS or t.i <= pivot.i or t.i == sent.root.i \
                    or pivot is not sent.root and not pivot.left_edge.i <= t.i <= pivot.right_edge.i:
                continue
            sub = [x for x in t.subtree if x.i not in try_drop.drop]
            if not sub or not _contiguous(sub) or sub[-1].i < (last if pivot is not sent.root else kept[-1].i):
                continue
            before = doc[sub[0].i - 1]
            if t.dep_ == "conj" and before.dep_ == "cc":
                sub = [before, *sub]
                before = doc[sub[0].i - 1]
            if before.text in (",", "—", "–", "-", "--"):
                sub = [before, *sub]
            tails.append(sub)
        tails.sort(key=lambda sub: len(sub))
        if not any(try_drop(sub, whole=True) for sub in tails):
            return


def _drop_leading(sent, try_drop: _Deleter) -> None:
    """Leading connective / adverbial up to its comma: "However,", "But",
    "In a statement,".  Conditions ("If ...,"), participial clauses and dates
    ("On Monday,") stay."""
    first = sent[0]
    start = sent.start
    if (
        first.lower_ in _CONNECTIVES
        and first.dep_ in ("cc", "advmod")
        and first.head.i == sent.root.i
        and len(sent) > 4
    ):
        span = [first] + ([sent[1]] if sent[1].text == "," else [])
        if not try_drop(span):
            return
        start = span[-1].i + 1
    for k in range(start, min(start + 10, sent.end - 4)):
        if sent.doc[k].text != ",":
            continue
        span = [sent.doc[i] for i in range(start, k + 1)]
        heads = [t for t in span[:-1] if not (start <= t.head.i < k)]
        if len(heads) != 1 or heads[0].head.i != sent.root.i:
            return
        h = heads[0]
        if h.dep_ not in ("prep", "advmod", "advcl", "npadvmod"):
            return
        sub = list(h.subtree)
        if sub[0].i != start or sub[-1].i != k - 1:
            return  # the comma is inside the phrase (a list, a parse error)
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in h.children):
            return
        if h.dep_ == "advcl" and not any(c.dep_ == "mark" for c in h.children):
            return  # participial clause: often carries the subject's own action
        try_drop(span)
        return


def _drop_appositives(sent, try_drop: _Deleter) -> None:
    """", the president-elect of Ghana," after a name.  Only descriptors of a
    PROPN head; never the name itself, never ages or figures ("Smith, 27,")."""
    doc = sent.doc
    for t in sent:
        if t.dep_ != "appos":
            continue
        head, sub = t.head, list(t.subtree)
        if not _contiguous(sub) or sub[0].i <= head.i:
            continue
        if head.pos_ != "PROPN" or t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS:
            continue
        if any(s.like_num or s.pos_ == "NUM" for s in sub):
            continue
        before, after = sub[0].i - 1, sub[-1].i + 1
        if before < sent.start or doc[before].text != ",":
            continue
        if after < sent.end and doc[after].text == ",":
            try_drop([doc[before]] + sub + [doc[after]])  # "A, X, did" -> "A did"
        elif after >= sent.end - 1:
            try_drop([doc[before]] + sub)  # ", X." at the end


def _drop_relatives(sent, try_drop: _Deleter) -> None:
    """", who/which ...," non-restrictive relative clauses."""
    doc = sent.doc
    for t in sent:
        if t.dep_ != "relcl":
            continue
        sub = list(t.subtree)
        if not _contiguous(sub) or sub[0].i == sent.start or doc[sub[0].i - 1].text != ",":
            continue
        if sub[0].lower_ not in ("who", "which", "whose", "whom"):
            continue
        after = sub[-1].i + 1
        if after < sent.end - 1:
            if doc[after].text != ",":
                continue
            try_drop([doc[sub[0].i - 1]] + sub + [doc[after]])  # "A, who ..., did" -> "A did"
        else:
            try_drop([doc[sub[0].i - 1]] + sub)


def _drop_dash_asides(sent, try_drop: _Deleter) -> None:
    """" - who is now banned for two matches - ": an aside between a pair of
    dashes that the parse attaches below one word (a complete subtree)."""
    doc = sent.doc
    dashes = [t.i for t in sent if t.text in ("-", "—", "–", "--") and t.whitespace_ and t.i > sent.start
              and doc[t.i - 1].whitespace_]
    for a, b in zip(dashes, dashes[1:]):
        inner = [doc[i] for i in range(a + 1, b)]
        if not inner or len(inner) > 15:
            continue
        heads = [t for t in inner if not (a < t.head.i < b)]
        if len(heads) == 1 and sorted(x.i for x in heads[0].subtree) == [t.i for t in inner]:
            try_drop([doc[a]] + inner + [doc[b]])


_FILLER_ADVERBS = frozenset(
    "also now still currently already recently however meanwhile too actually really very".split()
)


def _drop_participial_asides(sent, try_drop: _Deleter) -> None:
    """"The chair, salvaged from the Atlantic, was sold": a participial
    modifier (acl) of a noun, set off by commas on both sides."""
    doc = sent.doc
    for t in sent:
        if t.dep_ != "acl" or t.tag_ not in ("VBN", "VBG"):
            continue
        sub = list(t.subtree)
        if not _contiguous(sub) or sub[0].i != t.i or sub[0].i <= sent.start:
            continue
        before, after = sub[0].i - 1, sub[-1].i + 1
        if doc[before].text != "," or after >= sent.end - 1 or doc[after].text != ",":
            continue
        try_drop([doc[before]] + sub + [doc[after]])


_CONTRAST_MARKS = frozenset("although though while whereas".split())


def _drop_contrast_clauses(sent, try_drop: _Deleter) -> None:
    """A trailing ", although/while ..." clause: the main clause stays true
    without it."""
    doc = sent.doc
    for t in sent:
        if t.dep_ != "advcl" or t.head.i != sent.root.i:
            continue
        marks = [c for c in t.children if c.dep_ == "mark"]
        if not marks or marks[0].lower_ not in _CONTRAST_MARKS:
            continue
        sub = list(t.subtree)
        if sub[0].i <= sent.root.i or not _contiguous(sub) or sub[-1].i < sent.end - 2:
            continue
        first = sub[0].i
        if first - 1 > sent.start and doc[first - 1].lower_ == "even":
            first -= 1
        if doc[first - 1].text != ",":
            continue
        try_drop([doc[i] for i in range(first - 1, sub[-1].i + 1)])


def _drop_say_tail(sent, rules: Rules, try_drop: _Deleter) -> None:
    """"<clause>, he said." -> "<clause>." when the reported clause comes
    first, is a full clause (own subject) and is not quoted.  Named speakers
    are kept by default so the reader still sees who said it; a pronoun
    speaker ("he", "she") tells nothing once the sentence is out of context.
    Tails with a negation/hedge ("he did not say") are never touched."""
    doc, root, mask = sent.doc, sent.root, try_drop.mask
    if root.lower_ not in SAY_VERBS:
        return
    comps = [c for c in root.children if c.dep_ == "ccomp" and c.i < root.i]
    if len(comps) != 1:
        return
    comp_sub = list(comps[0].subtree)
    if not _contiguous(comp_sub) or comp_sub[0].i != sent.start:
        return
    if any(mask[t.i - sent.start] for t in comp_sub):
        return
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in comps[0].children):
        return
    subj = [c for c in root.children if c.dep_ == "nsubj"]
    if not subj:
        return
    pronoun = subj[0].lower_ in _PRONOUN_SPEAKERS
    if not (rules.drop_pronoun_say_tails if pronoun else rules.drop_named_say_tails):
        return
    last = sent.end - 1
    tail_end = last if doc[last].text in ".!?" else sent.end
    tail = [doc[i] for i in range(comp_sub[-1].i + 1, tail_end)]
    if len(tail) > 8 or any(t.dep_ in ("ccomp", "xcomp", "advcl", "conj") for t in tail):
        return
    try_drop(tail, allow_root=True)


def _contiguous(tokens: list) -> bool:
    return bool(tokens) and tokens[-1].i - tokens[0].i + 1 == len(tokens)


# --------------------------------------------------------------------------
# Speakers and sourcing line
# --------------------------------------------------------------------------


def crude_speakers(doc) -> list[str | None]:
    """Fallback speaker per sentence: the subject of a say-verb or the object
    of "according to".  Names/organisations -> their text; pronouns -> the
    last named speaker; anonymous heads ("sources", "a spokesman") ->
    "unnamed <head>"; no speech verb -> None."""
    out: list[str | None] = []
    last_named: str | None = None
    for sent in sentences_of(doc):
        who = None
        for t in sent:
            subj = None
            if t.lower_ in SAY_VERBS and t.pos_ == "VERB":
                s = [c for c in t.children if c.dep_ in ("nsubj",)]
                subj = s[0] if s else None
            elif t.lower_ == "according" and t.i + 1 < sent.end and sent.doc[t.i + 1].lower_ == "to":
                p = [c for c in sent.doc[t.i + 1].children if c.dep_ == "pobj"]
                subj = p[0] if p else None
            if subj is None:
                continue
            who = _speaker_name(subj, last_named)
            if who:
                break
        if who and not who.startswith("unnamed"):
            last_named = who
        out.append(who)
    return out


def _speaker_name(subj, last_named: str | None) -> str | None:
    if subj.lower_ in _PRONOUN_SPEAKERS:
        return last_named
    words = list(subj.subtree)
    if subj.pos_ == "PROPN" or subj.ent_type_ in _NAME_ENTS or any(
        w.pos_ == "PROPN" for w in words if w.dep_ in ("compound", "poss", "pobj", "amod")
    ):
        return " ".join(w.text for w in words if w.dep_ != "punct")
    if subj.lemma_.lower() in _UNNAMED_HEADS or subj.lower_ in _UNNAMED_HEADS:
        return f"unnamed {subj.lower_}"
    # "police", "the government", "the company": an identifiable institution
    return " ".join(w.text for w in words if w.dep_ != "punct")


def sourcing_line(speakers: Sequence[str | None]) -> str | None:
    """A few words, only when sourcing is notable: all attributed statements
    come from unnamed sources, or none are attributed at all."""
    attributed = [s for s in speakers if s]
    if not attributed:
        return "No named sources."
    if all(s.startswith("unnamed") for s in attributed):
        return "Only unnamed sources."
    return None


# --------------------------------------------------------------------------
# Attribution and case
# --------------------------------------------------------------------------


def attribution_phrase(publisher: str = "") -> str:
    """One phrase for the whole summary: the source when known, else the shortest
    attribution English has ("reportedly" = according to the report)."""
    return f"{publisher.strip()} reports: " if publisher.strip() else "Reportedly, "


def keeps_capital(tok) -> bool:
    """Should the sentence's first word keep its capital after a lead-in?

    Yes for proper nouns (PROPN / NNP / named entity, e.g. "Kremlin"), "I",
    acronyms, and anything inside quotes; otherwise the capital was only the
    sentence start."""
    if tok.pos_ == "DET" or tok.lower_ in {"the", "a", "an"}:
        return False  # "The Riverton City Council": the article's "The" is not part of the name
    if tok.text == "I" or (len(tok.text) > 1 and tok.text.isupper()):
        return True
    if tok.pos_ == "PROPN" or tok.tag_ in ("NNP", "NNPS") or tok.ent_type_ in _NAME_ENTS:
        # At a sentence start every word is capitalised, so the tagger's word alone is weak:
        # "Dock workers" is a name only if the article never writes it in lower case, and it
        # is a name or written with a capital inside a sentence somewhere.
        if any(t.text == tok.lower_ for t in tok.doc):
            return False
        return tok.ent_type_ in _NAME_ENTS or any(
            t.text == tok.text and not t.is_sent_start and t.i != tok.i for t in tok.doc)
    if tok.text[:1] in _QUOTE_CHARS + _SINGLE_QUOTES:
        return True
    return False


def _lower_first(text: str, first_tok) -> str:
    if first_tok is None or keeps_capital(first_tok) or not text.startswith(first_tok.text):
        return text
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------


def sentences_of(doc) -> list:
    """doc.sents with closing quotation marks given back to their sentence.

    spaCy often starts the next sentence with the closing mark of a quote
    ('... security issue.' | 'The ...'), which would leave both sentences with
    unbalanced quotes.  A quote token glued to the previous word (no space
    before it) is moved to the previous sentence.  Same count as doc.sents."""
    spans = list(doc.sents)
    bounds = [[s.start, s.end] for s in spans]
    for k in range(1, len(bounds)):
        start = bounds[k][0]
        if (
            start < bounds[k][1] - 1
            and doc[start].text in _QUOTE_CHARS + _SINGLE_QUOTES
            and not doc[start - 1].whitespace_
        ):
            bounds[k - 1][1] += 1
            bounds[k][0] += 1
    return [doc[a:b] for a, b in bounds]


def dateline_end(sent) -> int:
    """Doc index of the first token after a leading dateline ("WASHINGTON —", "LONDON
    (Reuters) -", "LONDON 1996-08-30"), or the sentence start when there is none."""
    doc = sent.doc
    first_line = sent.text.split("\n", 1)[0]
    if "\n" in sent.text and _DATELINE_LINE.match(first_line):
        i = sent.start
        while i < sent.end and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_:
            i += 1
        return min(i + 1, sent.end)
    i = sent.start
    caps = 0
    while i < min(sent.end, sent.start + 10):
        tok = doc[i]
        if tok.is_alpha and tok.is_upper and len(tok.text) > 1:
            caps += 1
        elif caps and (tok.text in {",", ".", "(", ")"} or tok.text[:1].isupper() or tok.is_space):
            pass  # "WASHINGTON, D.C.", "LONDON (Reuters)"
        elif caps and tok.text in _DASHES:
            return i + 1
        else:
            break
        i += 1
    return sent.start


def _words(text: str) -> int:
    return len(text.split())


def _said_words(sent, drop: set[int]) -> int:
    """Words of the sentence as the summary says it: compressed, without its dateline."""
    floor = dateline_end(sent)
    return sum(1 for t in sent if t.i not in drop and t.i >= floor and not t.is_punct)


def _eligible(sent, mask, rules: Rules, title_words: set[str]) -> bool:
    if len(_alpha(sent)) < rules.min_words:
        return False
    if rules.max_words and _words(sent.text) > rules.max_words and (
            _said_words(sent, compression(sent, rules, mask)) > rules.max_words + 2):
        return False  # a run-on (a caption glued to the text) even once its asides are out
    if rules.skip_questions and sent.text.rstrip(" \"'”’").endswith("?"):
        return False
    if rules.skip_fragments and is_fragment(sent):
        return False
    if rules.skip_quote_only and is_quote_only(sent, mask, rules.max_quote_share):
        return False
    if rules.skip_first_person and is_first_person(sent, mask):
        return False
    if title_words:
        words = {t.lower_ for t in sent if t.is_alpha and not t.is_stop}
        if words and len(words & title_words) / len(words) >= 0.8:
            return False  # the headline repeated as the first line
    return True


def summarise(
    doc,
    *,
    title: str = "",
    publisher: str = "",
    neutralise: Callable[[str], str] | None = None,
    speakers: Sequence[str | None] | None = None,
    vouching: Sequence[bool] | None = None,
    opinion: Sequence[bool] | None = None,
    genre: str = "news",
    known: dict | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Summary:
    """Summarise a parsed article (spaCy Doc of the cleaned text).

    News first: sentences are taken in article order (position carries the news),
    skipping those that cannot stand alone and those that argue rather than report
    (`opinion`, aligned with doc.sents: see genre.py), compressed, made neutral on the
    parse (`lexicon.neutral_plan`: a sentence that keeps a loaded term nothing can remove
    is passed over for the next one), and added (at most `rules.max_sentences`) while the
    running length, counting the attribution phrase and sourcing line, stays within
    `rules.budget_ratio` x the length of the article's first three sentences. A sentence
    whose subject points back ("He added", "This commitment") follows the sentence it
    points to, or its pronoun is the speaker the analysis found for it, or it is left out;
    one that ends on a colon whose quotation was cut is left out. If the kept sentences
    would all be scorelines, the first non-scoreline sentence is used instead.

    `neutralise`, when given, is applied to the text outside quotation marks instead of
    the plan (callers with their own rewording); `speakers` (aligned with doc.sents) feeds
    the sourcing line and the pronouns, with `crude_speakers` as the fallback. `vouching`
    marks sentences that only vouch for a view in the article's own voice. An opinion
    piece (`genre`) opens with what it argues, in neutral words. `known` maps a sentence's
    (start, end) to every term the word lists know in it, when the analysis has it."""
    from .lexicon import colour_modifiers, neutral_plan

    sents = sentences_of(doc)
    if not sents:
        return Summary([], [], None)
    if speakers is None:
        speakers = crude_speakers(doc)
    title_words = {w.lower() for w in re.findall(r"[A-Za-z]+", title)} - _STOP
    budget = (
        rules.budget_ratio * sum(_words(s.text) for s in sents[:3]) if rules.budget_ratio else float("inf")
    )

    src_line = sourcing_line(speakers)
    phrase = attribution_phrase(publisher)
    used = _words(phrase) + (_words(src_line) if src_line else 0) if rules.budget_counts_overhead else 0

    def say(k: int, sent, mask) -> tuple[str, object] | None:
        """The sentence in our words, or None when it cannot be said neutrally or alone."""
        drop = compression(sent, rules, mask) | set(range(sent.start, dateline_end(sent)))
        replace: dict[int, str] = {}
        if neutralise is None:
            plan = neutral_plan(sent, (known or {}).get((sent.start, sent.end)))
            drop |= colour_modifiers(sent, mask)  # "fierce criticism" -> "criticism"
            if any(_kept(f, sent, drop | plan.drop) for f in plan.blocked):
                return None
            drop |= plan.drop
            replace = dict(plan.replace)
        kept = [t for t in sent if t.i not in drop]
        first = next((t for t in kept if t.is_alpha), None)
        if first is not None and _points_back(first, sent):
            name = speakers[k] if k < len(speakers) else None
            if first.lower_ in _PERSONAL and name and not name.startswith("unnamed") and _speaks(first):
                replace[first.i] = name
            else:
                return None  # kept only right after the sentence it points to (see below)
        text = render(kept, first_dropped=sent.start in drop, replace=replace)
        if re.search(r":[\s\"'”’]*[.!?]?$", text):
            return None  # "saying:" with the quotation cut off
        if neutralise is not None:
            text = apply_outside_quotes(text, neutralise)
        return text, sent

    chosen: list[tuple[str, object]] = []  # (our text, sentence)
    scorelines = []
    candidates = []
    index = {id(s): k for k, s in enumerate(sents)}
    for k, sent in enumerate(sents[: rules.window] if rules.window else sents):
        if vouching is not None and vouching[k] or opinion is not None and opinion[k]:
            continue
        mask = quote_mask(sent)
        if _eligible(sent, mask, rules, title_words):
            candidates.append((k, sent, mask))

    lead: list[str] = []
    if genre == "opinion":
        thesis = _thesis(sents, opinion, neutral_plan)
        lead = [f"{OPINION_LEAD}{thesis}" if thesis else "An opinion piece."]
        used += _words(lead[0])

    pos = 0
    said: dict[int, tuple[str, object] | None] = {}
    while pos < len(candidates) and len(chosen) < rules.max_sentences:
        k, sent, mask = candidates[pos]
        if k not in said:
            said[k] = say(k, sent, mask)
        follows = chosen and index.get(id(chosen[-1][1])) == k - 1
        if said[k] is None and follows and neutralise is None:
            said[k] = _say_after(sent, rules, mask, neutral_plan)  # its antecedent is in the summary
        if said[k] is None:
            pos += 1
            continue
        text, _ = said[k]  # type: ignore[misc]
        n = _words(text)
        if chosen and used + n > budget:
            # the next sentence is too long: a shorter one just after it may fit
            fits = []
            for j in range(pos + 1, min(pos + 1 + rules.lookahead, len(candidates))):
                kj, sj, mj = candidates[j]
                if kj not in said:
                    said[kj] = say(kj, sj, mj)
                if said[kj] is not None and used + _words(said[kj][0]) <= budget:  # type: ignore[index]
                    fits.append(j)
            if not fits:
                break
            pos = fits[0]
            text, sent = said[candidates[pos][0]]  # type: ignore[misc]
            n = _words(text)
        if _repeats(text, [t for t, _ in chosen]):
            pos += 1  # the article says it again (a caption, a recap): once is enough
            continue
        chosen.append((text, sent))
        scorelines.append(rules.skip_scorelines and is_scoreline(sent))
        used += n
        pos += 1

    if chosen and all(scorelines):
        for k, sent, mask in candidates:
            if not is_scoreline(sent) and (done := said.get(k) or say(k, sent, mask)) is not None:
                chosen = [done]
                break

    if not chosen and not lead:
        # nothing passes: relax only the length/question limits, never the
        # quote-only / first-person / fragment rules; else an empty summary
        relaxed = dataclasses.replace(rules, min_words=1, max_words=None, skip_questions=False)
        for k, sent in enumerate(sents):
            mask = quote_mask(sent)
            if _eligible(sent, mask, relaxed, set()) and (done := say(k, sent, mask)) is not None:
                chosen = [done]
                break
    if not chosen and not lead:
        return Summary([], [], src_line)

    sentences = lead + [text for text, _ in chosen]
    if lead:
        published = list(sentences)
    elif not publisher.strip() and _attributes(chosen[0][1]):
        published = list(sentences)  # "..., according to X": one attribution, not two
    else:
        first_tok = _first_kept_token(chosen[0][1], sentences[0])
        published = [phrase + (sentences[0] if publisher.strip() else _lower_first(sentences[0], first_tok))]
        published += sentences[1:]
    return Summary(sentences=sentences, published=published, sourcing_line=src_line)


_PERSONAL = frozenset({"he", "she"})
_POINTING = frozenset({"he", "she", "it", "they", "this", "that", "these", "those", "him", "her", "them",
                       "his", "its", "their", "such", "both", "the latter", "the former"})


def _points_back(first, sent) -> bool:  # type: ignore[no-untyped-def]
    """The sentence opens on a word that only makes sense with the sentence before: a
    pronoun subject ("He added"), a demonstrative ("This commitment", "That tracks")."""
    if first.lower_ not in _POINTING:
        return False
    if first.pos_ == "PRON" and first.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    return first.pos_ == "DET" or first.dep_ in ("det", "nsubj", "nsubjpass")


def _speaks(pronoun) -> bool:  # type: ignore[no-untyped-def]
    """The pronoun is the subject of the sentence's reporting verb (whose speaker the
    analysis resolved), not of some other clause."""
    head = pronoun.head
    return pronoun.dep_ == "nsubj" and head.lower_ in SAY_VERBS


def _say_after(sent, rules: Rules, mask, neutral_plan):  # type: ignore[no-untyped-def]
    """A sentence that points back, said right after the one it points to."""
    drop = compression(sent, rules, mask) | set(range(sent.start, dateline_end(sent)))
    plan = neutral_plan(sent)
    if any(_kept(f, sent, drop | plan.drop) for f in plan.blocked):
        return None
    drop |= plan.drop
    text = render([t for t in sent if t.i not in drop], first_dropped=sent.start in drop, replace=plan.replace)
    return None if re.search(r":[\s\"'”’]*[.!?]?$", text) else (text, sent)


def _kept(finding, sent, drop: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """Some word of the finding stays in the sentence."""
    base = sent[0].idx
    return any(finding.start_char <= t.idx - base < finding.end_char and t.i not in drop for t in sent)


def _attributes(sent) -> bool:  # type: ignore[no-untyped-def]
    """The sentence names its own source: "according to X", "X said" as its main verb."""
    mask = quote_mask(sent)
    off = sent.start
    for t in sent:
        if mask[t.i - off]:
            continue
        if t.lower_ == "according" and t.i + 1 < sent.end and sent.doc[t.i + 1].lower_ == "to":
            return True
    root = sent.root
    return root.lower_ in SAY_VERBS and any(c.dep_ == "nsubj" and c.lower_ not in _PRONOUN_SPEAKERS
                                            for c in root.children)


def _thesis(sents, opinion, neutral_plan) -> str:  # type: ignore[no-untyped-def]
    """What an opinion piece argues, from its first arguing sentence that can be said in
    neutral words (no question, no "I"/"you", nothing quoted), lower-cased after "that"."""
    arguing = [k for k in range(min(12, len(sents))) if opinion is not None and opinion[k]]
    # a sentence that says what should be done states the thesis better than a general claim
    arguing.sort(key=lambda k: not any(t.tag_ == "MD" and t.lower_ in ("should", "must", "ought") for t in sents[k]))
    for k in arguing:
        sent = sents[k]
        if sent.text.rstrip(" \"'”’").endswith("?"):
            continue
        mask = quote_mask(sent)
        if any(mask) or any(t.lower_ in FIRST_PERSON | {"you", "your"} for t in sent):
            continue
        plan = neutral_plan(sent)
        drop = set(plan.drop)
        if any(_kept(f, sent, drop) for f in plan.blocked):
            continue
        first = sent[0] if sent[0].i not in drop else next((t for t in sent if t.i not in drop), None)
        text = render([t for t in sent if t.i not in drop], first_dropped=sent.start in drop, replace=plan.replace)
        if len(text.split()) < 5 or len(text.split()) > 30:
            continue
        return _lower_first(text, first)
    return ""


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _repeats(text: str, chosen: list[str], share: float = 0.7) -> bool:
    """Most of this sentence's content words are already in the summary."""
    words = _content_words(text)
    have = set().union(*(_content_words(c) for c in chosen)) if chosen else set()
    return bool(words) and len(words & have) / len(words) >= share


def _first_kept_token(sent, text: str):
    for t in sent:
        if text.startswith(t.text):
            return t
        if text[:1].lower() == t.text[:1].lower() and text.split()[0].lower() == t.text.lower():
            return t
    return None


_STOP = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had "
    "that this it its their his her they he she we you i which who will would".split()
)


SOURCING_LINES = ("No named sources.", "Only unnamed sources.")
OPINION_LEAD = "An opinion piece arguing that "


def without_attribution(summary: list[str], publisher: str = "") -> list[str]:
    """The summary's own sentences as published minus the fixed wording we add (the
    attribution phrase and the sourcing line): what the summary says of the news."""
    out = []
    phrase = attribution_phrase(publisher)
    for n, sentence in enumerate(summary):
        if sentence in SOURCING_LINES or sentence == "An opinion piece.":
            continue
        if n == 0 and sentence.startswith(OPINION_LEAD):
            sentence = sentence[len(OPINION_LEAD):]
            sentence = sentence[:1].upper() + sentence[1:]
        if n == 0 and sentence.startswith(phrase):
            sentence = sentence[len(phrase):]
            sentence = sentence[:1].upper() + sentence[1:]
        out.append(sentence)
    return out
