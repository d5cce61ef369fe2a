"""The offline backend: every field of a `Briefing` from the article's own sentences.

No model and no network. Claims are whole source sentences (so evidence is
exact by construction); the summary reuses the most central sentences,
neutralised and attributed to the article.
"""

from __future__ import annotations

from ..analysis.actors import find_actors
from ..analysis.attribution import speakers
from ..analysis.claims import extract_claims
from ..analysis.lexicon import language_notes
from ..analysis.questions import open_questions
from ..analysis.summary import summarise
from ..model import Article, BackendInfo, Briefing, source_info

VERSION = "extractive-1"


class ExtractiveBackend:
    """Rule-based analysis; the default when no LLM endpoint is configured."""

    name = "extractive"
    model = ""

    def __init__(self, summary_sentences: int = 3, max_claims: int = 15) -> None:
        self.summary_sentences = summary_sentences
        self.max_claims = max_claims

    @classmethod
    def create(cls, model: str | None = None) -> ExtractiveBackend:
        """Registry entry point; the rules have no model to choose."""
        return cls()

    def settings_key(self) -> str:
        return f"{VERSION}:{self.summary_sentences}:{self.max_claims}"

    def analyse(self, article: Article) -> Briefing:
        actors = find_actors(article.sentences)
        who = speakers(article.sentences, actors)
        return Briefing(
            title=article.title,
            summary=summarise(article, actors, who, self.summary_sentences),
            actors=actors,
            claims=extract_claims(article, actors, who, self.max_claims),
            open_questions=open_questions(article, actors, who),
            language_notes=language_notes(article),
            source=source_info(article),
            backend=BackendInfo(name=self.name, model=VERSION),
        )
