"""One article through every analysis step, from one parse.

Like a spaCy pipeline of components: the parse is made once, then each step
reads it (and what earlier steps found) and adds its part of the `Analysis`.
`analyse_batch` is what a worker process runs: one `nlp.pipe` over a batch
of articles, then the steps per article; one article's failure is reported
for that article alone.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Analysis, Article
from .actors import find_actors
from .attribution import speakers
from .claims import extract_claims
from .lexicon import language_notes
from .parse import parse
from .questions import open_questions
from .summary import summarise

Outcome = tuple[Article, Analysis | None, str]
"""(article with sentences and title, its analysis or None, why it failed or "")."""


def analyse_batch(articles: list[Article]) -> list[Outcome]:
    parsed = parse((a.title, list(a.paragraphs)) for a in articles)
    out: list[Outcome] = []
    for article, (title_doc, doc) in zip(articles, parsed, strict=True):
        try:
            done, analysis = analyse(article, title_doc, doc)
        except Exception as exc:  # noqa: BLE001  one article's bug must not cost the batch
            out.append((article, None, f"the analysis failed on this article ({type(exc).__name__}); "
                                       "please report it with the file"))
        else:
            out.append((done, analysis, ""))
    return out


def analyse(article: Article, title_doc, doc) -> tuple[Article, Analysis]:  # type: ignore[no-untyped-def]
    sentences = tuple(text for s in doc.sents if (text := s.text.strip()))
    article = replace(article, sentences=sentences, title=article.title or _lead_title(sentences))
    actors = find_actors(sentences)
    who = speakers(sentences, actors)
    return article, Analysis(
        actors=actors,
        speakers=[who[s] for s in sentences],
        claims=extract_claims(article, actors, who),
        open_questions=open_questions(article, actors, who),
        language_notes=language_notes(article),
        summary=summarise(article, actors, who),
    )


def _lead_title(sentences: tuple[str, ...]) -> str:
    words = sentences[0].split() if sentences else ["Untitled", "article"]
    return " ".join(words[:12]).rstrip(".,;:") + (" …" if len(words) > 12 else "")
