"""The data that flows through the pipeline.

Plain dataclasses so both backends fill exactly the same shape, and so the
JSON written next to each briefing is a faithful dump of what was rendered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorType = Literal["person", "organisation", "state", "place", "group"]
ClaimKind = Literal["quote", "attributed", "assertion", "figure"]

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
    paragraphs: tuple[str, ...] = ()
    """The body's paragraphs; `text` is them joined by blank lines."""
    """The article's id inside its file; empty when the file holds one article."""
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


@dataclass
class Actor:
    name: str
    type: ActorType
    role: str
    mentions: int


@dataclass
class Claim:
    text: str
    attributed_to: str
    evidence: str
    kind: ClaimKind


@dataclass
class OpenQuestion:
    question: str
    about: str


@dataclass
class LanguageNote:
    term: str
    sentence: str
    suggestion: str


@dataclass
class SourceInfo:
    path: str
    title: str
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


@dataclass
class Briefing:
    title: str
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
    usage: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("usage")  # run statistics belong in the manifest, not the briefing
        return data


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
