"""The data that flows through the pipeline.

Plain dataclasses so both backends fill exactly the same shape, and so the
JSON written next to each briefing is a faithful dump of what was rendered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

ActorType = Literal["person", "organisation", "state", "place", "group"]

NO_SOURCE = "the article (no source given)"
"""Who a claim is attributed to when the article names no source for it."""
NO_ACTION = "mentioned, with no action described"
"""The role of an actor the article never shows doing or saying anything."""


@dataclass(frozen=True)
class Article:
    """One article: what a reader found, then split into sentences by the parse.

    `sentences` is the single source of truth for evidence: every claim's
    evidence must be one of these strings, character for character. Readers
    leave it empty (and `title` too when the file has none); the analysis
    fills both from its parse. `path` is the input file (relative to the
    input folder); a file may hold several articles (a feed, an export), told
    apart by `item`.
    """

    path: str
    title: str
    text: str
    sentences: tuple[str, ...]
    sha256: str
    source: str = ""
    url: str = ""
    date: str = ""
    slug: str = ""
    item: str = ""
    """The article's id inside its file; empty when the file holds one article."""
    paragraphs: tuple[str, ...] = ()
    """The body's paragraphs; `text` is them joined by blank lines."""
    teaser: bool = False
    """Only a teaser of the article was available (a feed summary whose page could
    not be fetched): the briefing must say it covers that, not the full story."""
    notices: tuple[str, ...] = ()
    """What the reader had to do to the text (cut it to the analysis bound): the
    briefing and the run report say so."""

    @property
    def id(self) -> str:
        """Stable across runs: what the manifest and the removal logic key on."""
        return f"{self.path}#{self.item}" if self.item else self.path


SCHEMA_VERSION = 2
"""Version of the briefing JSON (`briefings/<slug>.json`); `Briefing.from_dict` reads
older versions and upgrades them. `generator/briefing.schema.json` describes it."""

ClaimKind = Literal["event", "statement", "quote", "figure", "assessment"]
"""event: something reported as having happened (who did what), in the article's voice;
statement: what a named or unnamed source said, in reported speech or in writing;
quote: a source's own words in quotation marks;
figure: a claim that rests on a number, a quantity or a date;
assessment: the article's own evaluative judgement, with no source."""
SpeechKind = Literal["quote", "reported", "document"]
"""How a sentence reports speech: direct quotation (a tweet too), reported speech,
or a written statement, document or report."""
NoteKind = str
"""What kind of loaded wording a note is about (emotive verb, pejorative label,
intensifier, evaluative adjective, metaphor/idiom, unsupported superlative,
scare quotes, certainty marker, ...)."""


@dataclass
class Actor:
    name: str
    type: ActorType
    role: str
    mentions: int
    id: str = ""
    """Stable within the briefing (a slug of the name): what claims and speakers point at."""
    key: bool = True
    """Among the key actors shown by default; the others are listed under "more"."""
    aliases: list[str] = field(default_factory=list)
    """Other forms the article uses for the same referent ("Biden", "the president")."""


@dataclass
class SpeechCredit:
    """One sentence that reports speech, and whose speech it is."""

    sentence: int
    """Index into `source.sentences` (0-based; the page's anchor is `#s-<sentence + 1>`)."""
    speaker: str
    """The actor's name, or a described unnamed source ("unnamed officials")."""
    kind: SpeechKind
    actor: str | None = None
    """The actor's `id` when the speaker is one of the briefing's actors."""


@dataclass
class Quantity:
    """A number a claim rests on, in a form other articles' claims can be compared with."""

    text: str
    """As the article writes it ("87 %", "twelve million", "$3.5bn")."""
    value: float | None = None
    """Its value once number words and scales are read (87.0, 12000000.0), when readable."""
    unit: str = ""
    """"%", a currency, or "" for a plain count."""
    what: str = ""
    """What is counted or measured, in the article's words ("workers", "of the vote")."""


@dataclass
class Claim:
    text: str
    """The claim as one short proposition in neutral words ("who claims what"); for the
    extractive backend it may be the sentence itself when it cannot be compressed safely."""
    attributed_to: str
    """Who makes the claim, as shown: an actor's name, NO_SOURCE for the article's own
    unsourced assertions, or a described unnamed source ("an unnamed official")."""
    evidence: str
    """The article's sentence(s) the claim rests on, verbatim, joined by one space."""
    kind: ClaimKind
    speaker: str | None = None
    """The actor `id` of who makes the claim, or None (the article itself, an unnamed source)."""
    predicate: str = ""
    """The neutral verb that links speaker and content: said, announced, denied, estimated,
    reported ... (for an event: its main verb's lemma)."""
    numbers: list[Quantity] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    """Dates the claim refers to: ISO (YYYY-MM-DD, YYYY-MM, YYYY) when they can be resolved,
    else as the article writes them."""
    evidence_sentences: list[int] = field(default_factory=list)
    """Indices into `source.sentences` (0-based) of the evidence, in article order."""
    key: bool = True
    """Among the claims shown by default (the ledger's most important); the others are listed
    under "more" and kept for comparing outlets on the same story."""


@dataclass
class OpenQuestion:
    question: str
    about: str
    """What the question concerns, as shown: an actor's name (or names, comma separated),
    or the sentence it asks about."""
    why: str = ""
    """One clause on why it matters (may already be part of `question` for older briefings)."""
    kind: str = ""
    """unnamed source | missing voice | number | timeline | unsourced | next | other"""
    sentence: int | None = None
    """Index into `source.sentences` (0-based) of the sentence it links to, if any."""


@dataclass
class LanguageNote:
    term: str
    sentence: str
    """The sentence the term stands in, verbatim (or the outlet's headline)."""
    suggestion: str
    kind: NoteKind = ""
    key: bool = True
    """Among the notes shown by default (the most telling few); the others under "more"."""
    in_headline: bool = False
    """The term is in the outlet's headline, not in the body."""
    sentence_index: int | None = None
    """Index into `source.sentences` (0-based) of `sentence`; None for the headline."""


@dataclass
class SourceInfo:
    path: str
    title: str
    """The outlet's own headline, "" when the input had none (never one we made)."""
    url: str
    date: str
    sha256: str
    publisher: str = ""
    teaser: bool = False
    """The input was only a teaser of the article (see `Article.teaser`)."""
    sentences: list[str] = field(default_factory=list)
    """The article's text, sentence by sentence (the evidence strings): the site shows
    the article beside its briefing and links every claim to its sentence."""
    paragraph_starts: list[int] = field(default_factory=list)
    """Index of each sentence that opens a paragraph, so the article keeps its paragraphs."""


@dataclass
class BackendInfo:
    name: str
    model: str = ""
    fallback_reason: str = ""
    dropped_unverified: int = 0


@dataclass
class Analysis:
    """What the shared language analysis found in one article; both backends start
    from it (the extractive one publishes it, the LLM one checks against it)."""

    actors: list[Actor]
    speakers: list[str | None]
    """Per sentence of the article: the actor or unnamed source it reports as
    speaking ("unnamed officials"), or None."""
    claims: list[Claim]
    open_questions: list[OpenQuestion]
    language_notes: list[LanguageNote]
    summary: list[str]
    notices: list[str] = field(default_factory=list)
    """Things the reader should know about the text itself (it was cut, it holds
    text addressed to AI systems, ...)."""
    headline: str = ""
    """Our own neutral headline (one declarative sentence), whether or not the outlet gave one."""
    speech: list[SpeechCredit] = field(default_factory=list)
    """Every sentence that reports speech, with its speaker (the briefing's `speakers`)."""
    genre: str = "news"
    """"news", or "opinion" when the article argues rather than reports."""


@dataclass
class Briefing:
    title: str
    """What lists and the page show as the article's headline: the outlet's own when it
    gave one (`source.title`), else our `headline`, which is then labelled as ours."""
    summary: list[str]
    actors: list[Actor]
    claims: list[Claim]
    open_questions: list[OpenQuestion]
    language_notes: list[LanguageNote]
    source: SourceInfo
    backend: BackendInfo
    notices: list[str] = field(default_factory=list)
    """What the reader should know about the text itself (Analysis.notices, plus
    the run's own: text cut to a bound, a teaser only)."""
    headline: str = ""
    """Our own neutral headline; never presented as the outlet's."""
    speakers: list[SpeechCredit] = field(default_factory=list)
    genre: str = "news"
    story: str = ""
    """The id of the story (the same event across outlets) this briefing belongs to."""
    generated: str = ""
    """When the briefing was first generated (ISO 8601, UTC): orders undated briefings."""
    schema_version: int = SCHEMA_VERSION
    usage: dict[str, Any] = field(default_factory=dict, metadata={"json": False})
    """Run statistics (tokens, seconds): they go to the manifest, not the briefing."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in _NOT_IN_JSON:
            data.pop(name)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Briefing:
        """A briefing from its JSON twin, validated (raises `ValueError` on a damaged one);
        older schema versions are upgraded first."""
        from pydantic import ValidationError

        try:
            return _adapter().validate_python(_upgrade(data))
        except ValidationError as exc:
            raise ValueError(f"not a briefing ({exc.error_count()} problem(s), first: "
                             f"{exc.errors()[0]['loc']}: {exc.errors()[0]['msg']})") from None


_NOT_IN_JSON = ("usage",)

for _cls in (Actor, SpeechCredit, Quantity, Claim, OpenQuestion, LanguageNote, SourceInfo, BackendInfo, Briefing):
    _cls.__pydantic_config__ = {"use_attribute_docstrings": True}  # type: ignore[attr-defined]
    # the schema's descriptions are the field docstrings above

_OLD_KINDS = {"attributed": "statement", "assertion": "event"}


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (no version field) -> 2: claim kinds renamed; every new field has a default."""
    if not isinstance(data, dict):
        raise ValueError("not a briefing (not a JSON object)")
    if int(data.get("schema_version", 1) or 1) >= SCHEMA_VERSION:
        return data
    data = dict(data)
    data["claims"] = [dict(c, kind=_OLD_KINDS.get(c.get("kind"), c.get("kind"))) if isinstance(c, dict) else c
                      for c in data.get("claims") or []]
    data["schema_version"] = SCHEMA_VERSION
    return data


@lru_cache(maxsize=1)
def _adapter():  # type: ignore[no-untyped-def]
    from pydantic import TypeAdapter

    return TypeAdapter(Briefing)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `briefings/<slug>.json` (written to generator/briefing.schema.json)."""
    schema = _adapter().json_schema(mode="serialization")
    for name in _NOT_IN_JSON:
        schema["properties"].pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Briefing"
    schema["description"] = ("One neutral briefing of one news article, as written by `generate` "
                             f"(schema_version {SCHEMA_VERSION}).")
    return schema


def source_info(article: Article) -> SourceInfo:
    return SourceInfo(
        path=article.path,
        title=article.title,
        url=article.url,
        date=article.date,
        sha256=article.sha256,
        publisher=article.source,
        teaser=article.teaser,
        sentences=list(article.sentences),
        paragraph_starts=_paragraph_starts(article.sentences, article.paragraphs),
    )


def _paragraph_starts(sentences: tuple[str, ...], paragraphs: tuple[str, ...]) -> list[int]:
    """Sentences are cut from the paragraphs in order, so each is found after the last."""
    starts: list[int] = []
    i = 0
    for paragraph in paragraphs:
        pos, opened = 0, False
        while i < len(sentences):
            at = paragraph.find(sentences[i], pos)
            if at < 0:
                break
            if not opened:
                starts.append(i)
                opened = True
            pos, i = at + len(sentences[i]), i + 1
    return starts


if __name__ == "__main__":  # python -m generator.model > generator/briefing.schema.json
    import json
    import sys

    json.dump(json_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
