"""Render: `Briefing` -> Markdown page and JSON twin.

Everything in a briefing came from an article or an LLM, so every value is
escaped here, once, on its way into Markdown: raw HTML, Markdown links and
images, and `{{ }}`/`{% %}` all reach the site as plain text.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

from ..model import Briefing

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!~>])")
_ENTITIES = {"{": "&#123;", "}": "&#125;", "|": "&#124;"}
_UNPRINTABLE = {
    code: None
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0),
                 *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF))]
    if not chr(code).isspace()
}
"""Controls (C0, DEL, C1), lone surrogates and noncharacters: YAML refuses them, so one
in a title made MkDocs drop the whole front matter, and none of them is text a reader
should see. Whitespace controls (newline, tab, NEL, ...) become one space instead."""


def clean(value: object) -> str:
    """Any outside value -> one line of printable text: the first step of every escape."""
    return " ".join(str(value).translate(_UNPRINTABLE).split())


def text(value: str) -> str:
    """Untrusted text -> inline Markdown that renders as exactly that text."""
    flat = clean(value)
    escaped = html.escape(flat, quote=False)  # & < > first, so no raw HTML survives
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return "".join(_ENTITIES.get(ch, ch) for ch in escaped)


def marked(value: str, terms: list[str]) -> str:
    """`text(value)` with each of `terms` (loaded wording the notes list) in <mark>:
    the claim stays as the article wrote it, and the reader sees which words are loaded."""
    flat = clean(value)
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for found in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", flat, re.IGNORECASE):
            if not any(a < found.end() and found.start() < b for a, b in spans):
                spans.append(found.span())
    def piece(segment: str) -> str:  # `text` trims; the spaces between pieces must stay
        if not segment.strip():
            return segment
        return (" " if segment[:1] == " " else "") + text(segment) + (" " if segment[-1:] == " " else "")

    out, last = [], 0
    for a, b in sorted(spans):
        out += [piece(flat[last:a]), f"<mark>{text(flat[a:b])}</mark>"]
        last = b
    out.append(piece(flat[last:]))
    return "".join(out)


def attr(value: str) -> str:
    """Untrusted text for front matter: no markup, and safe in unescaped templates."""
    return html.escape(clean(value), quote=True)


def safe_url(url: str) -> str | None:
    """Only http(s) URLs become links; anything else is shown as text."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%-._~")


def tag(name: str) -> str:
    return re.sub(r"[^\w .'\-]", "", clean(name), flags=re.UNICODE).strip()[:60]


def to_json(briefing: Briefing) -> str:
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_markdown(briefing: Briefing, slug: str) -> str:
    b = briefing
    tags = [t for t in dict.fromkeys(tag(a.name) for a in b.actors[:8]) if t]
    lines = [
        "---",
        f"title: {json.dumps(attr(b.title), ensure_ascii=False)}",
        f"date: {json.dumps(attr(b.source.date), ensure_ascii=False)}",
        f"source: {json.dumps(attr(_source_name(b)), ensure_ascii=False)}",
        "tags:",
        *(f"  - {json.dumps(t, ensure_ascii=False)}" for t in tags),
        "---",
        "",
        f"# {text(b.title)}",
        "",
        '!!! note "Neutral briefing"',
        f"    Made by the **{text(b.backend.name)}** backend from the article below. It reports what the "
        "article says and who says it; it does not judge whether the article is true.",
        "",
        "## Summary",
        "",
        *(f"{text(s)}\n" for s in b.summary),
        "## Key actors",
        "",
    ]
    if b.actors:
        lines += ["| Actor | Type | Role in the story | Mentions |", "| --- | --- | --- | --- |"]
        lines += [f"| {text(a.name)} | {text(a.type)} | {text(a.role)} | {int(a.mentions)} |" for a in b.actors]
    else:
        lines.append("No actors were identified.")
    lines += ["", "## Claims", ""]
    loaded: dict[str, list[str]] = {}
    for note in b.language_notes:
        loaded.setdefault(note.sentence, []).append(note.term)
    for n, c in enumerate(b.claims, 1):
        source = ("    **Source sentence:** verbatim as above" if c.text == c.evidence
                  else f"    **Source sentence:** “{text(c.evidence)}”")
        lines += [
            f"{n}. {marked(c.text, loaded.get(c.evidence, []))}  ",
            f"    **Who says so:** {text(c.attributed_to)} · *{text(c.kind)}*  ",
            source,
            "",
        ]
    if not b.claims:
        lines += ["No claims were identified.", ""]
    lines += ["## Open questions", ""]
    lines += [f"- {text(q.question)}" for q in b.open_questions] or ["None identified."]
    lines += ["", "## Language notes", ""]
    if b.language_notes:
        lines += ["| Term | Note | In the sentence |", "| --- | --- | --- |"]
        lines += [f"| {text(n.term)} | {text(n.suggestion)} | {text(n.sentence)} |" for n in b.language_notes]
    else:
        lines.append("No loaded or intensifying terms were found.")
    lines += ["", "## Source", "", *_source_lines(b, slug), ""]
    return "\n".join(lines)


def _source_name(b: Briefing) -> str:
    return b.source.publisher or urlsplit(b.source.url).netloc or ""


def _source_lines(b: Briefing, slug: str) -> list[str]:
    url = safe_url(b.source.url) if b.source.url else None
    lines = [
        f"- **Title:** {text(b.source.title)}",
        f"- **Publisher:** {text(b.source.publisher) or 'not stated'}",
        f"- **Published:** {text(b.source.date) or 'not stated'}",
        f"- **URL:** <{url}>" if url else f"- **URL:** {text(b.source.url) or 'not given'}",
        f"- **Input file:** {text(b.source.path)}",  # a file name is as hostile as the text in it
        f"- **SHA-256:** {text(b.source.sha256)}",
        f"- **Backend:** {text(b.backend.name)}" + (f" ({text(b.backend.model)})" if b.backend.model else ""),
    ]
    if b.backend.fallback_reason:
        lines.append(f"- **Fallback:** {text(b.backend.fallback_reason)}")
    if b.backend.name == "llm" or b.backend.dropped_unverified:
        lines.append(f"- **Dropped as unverified:** {b.backend.dropped_unverified} item(s) of the model's "
                     "reply that the checker could not match to the article")
    lines.append(f"- **Data:** [{slug}.json]({slug}.json)")
    return lines
