"""The offline backend: the shared analysis, published as it is.

No model and no network. Every field comes from `generator.analysis`, which
both backends share: claims are whole source sentences (so evidence is exact
by construction) and the summary reuses the article's own news sentences,
neutralised and attributed.
"""

from __future__ import annotations

from ..model import Analysis, Article, BackendInfo, Briefing, source_info

VERSION = "extractive-4"
UNTITLED = "Untitled article"
"""The briefing's title when the article has none and no sentence gave a headline."""


class ExtractiveBackend:
    """The default when no LLM endpoint is configured, and every backend's fallback."""

    name = "extractive"
    model = ""

    @classmethod
    def create(cls, model: str | None = None) -> ExtractiveBackend:
        """Registry entry point; the rules have no model to choose."""
        return cls()

    def settings_key(self) -> str:
        return VERSION

    def analyse(self, article: Article, analysis: Analysis) -> Briefing:
        return Briefing(
            title=article.title or analysis.headline or UNTITLED,
            summary=list(analysis.summary),
            actors=list(analysis.actors),
            claims=list(analysis.claims),
            open_questions=list(analysis.open_questions),
            language_notes=list(analysis.language_notes),
            source=source_info(article),
            backend=BackendInfo(name=self.name, model=VERSION),
            notices=list(analysis.notices),
            speakers=list(analysis.speech),
            headline=analysis.headline,
            genre=analysis.genre,
        )
