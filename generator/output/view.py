"""A briefing as a page shows it, for both of its pages: the Markdown file `generate` writes
(render.py) and the site's HTML page (generator/site). Every field of schema 2 is laid out
here with the links between them (claims, questions and notes to their sentences;
speakers to actors), so that the templates only place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from markupsafe import Markup

from ..model import NO_SOURCE, Briefing
from .escape import CLAIM_KINDS, clean, safe_url


class Links(Protocol):
    def actor(self, name: str) -> str: ...
    def page(self, uri: str) -> str: ...


class NoLinks:
    """For the Markdown file: actors have no pages there; the JSON twin sits beside it."""

    def actor(self, name: str) -> str:
        return ""

    def page(self, uri: str) -> str:
        return uri.rsplit("/", 1)[-1]


@dataclass
class ClaimView:
    voice: str
    voice_note: str
    speaker_href: str
    kind: str
    kind_class: str
    text: str
    ours: bool
    evidence: list[tuple[str, bool]]
    """The article's words, cut around the loaded terms the notes name in them."""
    sentences: list[int]
    """1-based numbers of the evidence's sentences (the page's anchors #s-N)."""

    @property
    def evidence_text(self) -> str:
        return "".join(text for text, _ in self.evidence)


class BriefingView:
    """A `Briefing` as its page shows it: every field of schema 2, with the links between
    them (claims, questions and notes to their sentences; speakers to actor pages) worked
    out here, so that the section templates only lay them out. Empty fields give empty
    lists, and data of schema 1 (no indices, no ids) is matched by its text instead."""

    def __init__(self, b: Briefing, slug: str, links: Links | None = None) -> None:
        self.b, self.slug = b, slug
        self.links = links or NoLinks()
        src = b.source
        self.source = src
        self.sentences = [clean(s) for s in src.sentences]
        self._number = {}
        for n, sentence in enumerate(self.sentences, 1):
            self._number.setdefault(sentence, n)
        self.publisher = clean(src.publisher) or _netloc(src.url)
        self.date = clean(src.date)
        outlet, ours = clean(src.title), clean(b.headline)
        self.headline = outlet or ours or clean(b.title) or slug
        self.headline_is_ours = not outlet
        loaded_headline = any(n.in_headline for n in b.language_notes)
        self.neutral_headline = ours if outlet and ours and ours != outlet and loaded_headline else ""
        notices = [clean(n) for n in b.notices if clean(n)]
        if src.teaser and not any("teaser" in n.lower() for n in notices):
            notices.append("Only a teaser of the article was available; this briefing covers that teaser, "
                           "not the full story.")
        self.notices = notices
        self.summary = [clean(s) for s in b.summary if clean(s)]
        self.backend, self.model = clean(b.backend.name), clean(b.backend.model)
        self.fallback = clean(b.backend.fallback_reason)
        self.dropped = b.backend.dropped_unverified if (b.backend.name == "llm" or b.backend.dropped_unverified) else None
        self.url = safe_url(src.url) if src.url else None
        """Only an http(s) address is a link; anything else is shown as text."""
        self.data_href = self.links.page(f"briefings/{slug}.json")
        self._by_id = {a.id: a for a in b.actors if a.id}
        self._by_name = {clean(a.name).lower(): a for a in b.actors if clean(a.name)}
        self._loaded: dict[str, list[str]] = {}
        for note in b.language_notes:
            if not note.in_headline:
                self._loaded.setdefault(clean(note.sentence), []).append(clean(note.term))

    @property
    def url_markdown(self) -> Markup | None:
        """The checked address as the Markdown file writes it in an autolink, unescaped."""
        return Markup(self.url) if self.url else None

    def _actor_item(self, a) -> dict:  # noqa: ANN001
        return {"name": clean(a.name), "type": clean(a.type), "role": clean(a.role), "href": self.links.actor(a.name)}

    @cached_property
    def actors(self) -> list[dict]:
        return [self._actor_item(a) for a in self.b.actors if a.key and clean(a.name)]

    @cached_property
    def more_actors(self) -> list[dict]:
        return [self._actor_item(a) for a in self.b.actors if not a.key and clean(a.name)]

    def number(self, sentence: str) -> int | None:
        return self._number.get(clean(sentence))

    def _indices(self, indices: list[int], text: str) -> list[int]:
        """1-based sentence numbers from 0-based indices, or from the text when there are none."""
        found = [i + 1 for i in indices if 0 <= i < len(self.sentences)]
        if found:
            return found
        n = self.number(text)
        return [n] if n else []

    def segments(self, text: str, terms: list[str] | None = None) -> list[tuple[str, bool]]:
        """`text` cut into (piece, loaded) around the loaded terms the notes name in it."""
        text = clean(text)
        terms = self._loaded.get(text, []) if terms is None else terms
        spans: list[tuple[int, int]] = []
        for term in sorted(set(terms), key=len, reverse=True):
            for found in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
                if not any(a < found.end() and found.start() < b for a, b in spans):
                    spans.append((found.start(), found.end()))
        out, last = [], 0
        for a, b in sorted(spans):
            out += [(text[last:a], False), (text[a:b], True)]
            last = b
        out.append((text[last:], False))
        return [piece for piece in out if piece[0]]

    @cached_property
    def claims(self) -> list[ClaimView]:
        return [self._claim(c) for c in self.b.claims if c.key]

    @cached_property
    def more_claims(self) -> list[ClaimView]:
        return [self._claim(c) for c in self.b.claims if not c.key]

    def _claim(self, c) -> ClaimView:  # noqa: ANN001
        actor = self._by_id.get(c.speaker or "") or self._by_name.get(clean(c.attributed_to).lower())
        who = clean(actor.name) if actor is not None else clean(c.attributed_to)
        if not who or who == NO_SOURCE:
            voice, note = "The article, no source given", ""
        else:
            voice, note = who, "quoted" if c.kind == "quote" else "as the article reports"
        numbers = self._indices(c.evidence_sentences, c.evidence)
        evidence = [s for n in numbers for s in self.segments(self.sentences[n - 1])] if numbers and \
            " ".join(self.sentences[n - 1] for n in numbers) == clean(c.evidence) else self.segments(c.evidence)
        return ClaimView(voice=voice, voice_note=note,
                         speaker_href=self.links.actor(actor.name) if actor is not None else "",
                         kind=clean(c.kind), kind_class=c.kind if c.kind in CLAIM_KINDS else "other",
                         text=clean(c.text), ours=clean(c.text) != clean(c.evidence),
                         evidence=evidence, sentences=numbers)

    @cached_property
    def questions(self) -> list[dict]:
        out = []
        for q in self.b.open_questions:
            n = (q.sentence + 1) if q.sentence is not None and 0 <= q.sentence < len(self.sentences) \
                else self.number(q.about)
            actors = [] if n else [(name.strip(), self.links.actor(name.strip())) for name in clean(q.about).split(",")
                                   if name.strip().lower() in self._by_name]
            why = clean(q.why)
            out.append({"question": clean(q.question), "why": "" if why and why in clean(q.question) else why,
                        "sentence": n, "actors": actors})
        return out

    def _note(self, note) -> dict:  # noqa: ANN001
        n = None
        if not note.in_headline:
            n = (note.sentence_index + 1) if note.sentence_index is not None and \
                0 <= note.sentence_index < len(self.sentences) else self.number(note.sentence)
        return {"term": clean(note.term), "kind": clean(note.kind), "suggestion": clean(note.suggestion),
                "in_headline": note.in_headline, "sentence": n}

    @cached_property
    def notes(self) -> list[dict]:
        return [self._note(n) for n in self.b.language_notes if n.key]

    @cached_property
    def more_notes(self) -> list[dict]:
        return [self._note(n) for n in self.b.language_notes if not n.key]

    @cached_property
    def speaking(self) -> dict[int, tuple[str, str]]:
        """Sentence number -> (who speaks in it, how: quote, reported, document)."""
        out = {}
        for credit in self.b.speakers:
            if 0 <= credit.sentence < len(self.sentences):
                actor = self._by_id.get(credit.actor or "")
                out[credit.sentence + 1] = (clean(actor.name) if actor is not None else clean(credit.speaker),
                                            clean(credit.kind))
        return out

    @cached_property
    def paragraphs(self) -> list[list[dict]]:
        starts = set(self.source.paragraph_starts) | {0}
        speaking = self.speaking
        out: list[list[dict]] = []
        for i, sentence in enumerate(self.sentences):
            if i in starts or not out:
                out.append([])
            who, how = speaking.get(i + 1, ("", ""))
            out[-1].append({"n": i + 1, "segments": self.segments(sentence), "text": sentence, "speaker": who, "speech": how})
        return out


def _netloc(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""
