"""Render: `Briefing` -> Markdown page and JSON twin.

Everything in a briefing came from an article or an LLM, so every value is
escaped here, once, on its way into Markdown: raw HTML, Markdown links and
images, and `{{ }}`/`{% %}` all reach the site as plain text.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import json
import re
import unicodedata
from typing import Any, get_args
from urllib.parse import quote, urlsplit

from ..model import NO_SOURCE, Briefing, ClaimKind

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!~>])")
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
    value = str(value)
    if not value.isprintable():  # printable text holds none of _UNPRINTABLE: skip the table
        value = value.translate(_UNPRINTABLE)
    return " ".join(value.split())


def text(value: str) -> str:
    """Untrusted text -> inline Markdown that renders as exactly that text."""
    # & < > first, so no raw HTML survives (html.escape(quote=False), as plain replaces)
    escaped = clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # { } | as entities (no template, no table cell), last: their "#" must not be escaped as Markdown
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;")


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
    """The JSON twin, with the same unprintable characters dropped as on the page (a NUL or a
    lone surrogate would otherwise reach every page the site builds from the JSON)."""
    return json.dumps(_printable(briefing.to_dict()), ensure_ascii=False, indent=2) + "\n"


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_UNPRINTABLE)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def h(value: object) -> str:
    """Untrusted text -> HTML text or attribute value (for the raw-HTML blocks the
    page is built from): nothing in it can open a tag, an attribute or a template."""
    # html.escape(quote=True), then { } | as entities, as chained str.replace: `h` runs about half a
    # million times in a 5,000-briefing site build, and replaces that find nothing cost
    # next to nothing (a per-character loop was seconds; a translate table is 8x slower).
    # "&" first: the entities written after it must stay as they are.
    return (clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;")
            .replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;"))


def actor_slug(name: str) -> str:
    """An actor's page name: the same for every spelling that differs only in case,
    accents, punctuation or a leading "the" ("The Pentagon", "Pentagon")."""
    ascii_name = unicodedata.normalize("NFKD", clean(name)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    slug = re.sub(r"^the-", "", slug)[:60].strip("-")
    return slug or "actor-" + hashlib.sha256(clean(name).encode()).hexdigest()[:8]


CLAIM_KINDS = frozenset(get_args(ClaimKind))
"""The kinds a claim may have; only these reach a class attribute."""
ACTOR_HREF = "../../actors/{}/"
"""Where a briefing page (briefings/<slug>/) finds an actor's page; the site hook
points merged names at the one page they share."""


def _spans(flat: str, terms: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each of `terms` in `flat`, whole words, longest first, no overlaps."""
    spans: list[tuple[int, int, str]] = []
    for term in sorted({clean(t) for t in terms if clean(t)}, key=len, reverse=True):
        for found in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", flat, re.IGNORECASE):
            if not any(a < found.end() and found.start() < b for a, b, _ in spans):
                spans.append((found.start(), found.end(), term))
    return sorted(spans)


def _marked_html(value: str, notes: dict[str, str]) -> str:
    """`h(value)` with each loaded term of `notes` (term -> our note) in <mark>. The note
    itself is not put in an attribute: outside text stays in element content only."""
    flat = clean(value)

    def piece(segment: str) -> str:  # `h` trims; the spaces between pieces must stay
        if not segment.strip():
            return segment
        return (" " if segment[:1] == " " else "") + h(segment) + (" " if segment[-1:] == " " else "")

    out, last = [], 0
    for a, b, term in _spans(flat, list(notes)):
        out += [piece(flat[last:a]),
                f'<mark class="loaded">{h(flat[a:b])}</mark>']
        last = b
    out.append(piece(flat[last:]))
    return "".join(out)


class _Sentences:
    """Evidence string -> its number in the article (1-based), for the links."""

    def __init__(self, sentences: list[str]):
        self.numbers: dict[str, int] = {}
        for n, sentence in enumerate(sentences, 1):
            self.numbers.setdefault(clean(sentence), n)

    def link(self, sentence: str, label: str = "sentence {}") -> str:
        n = self.numbers.get(clean(sentence))
        if n is None:
            return ""
        return f'<a class="sentence-link" href="#s-{n}">{label.format(n)}</a>'


def _voice(who: str, kind: str) -> str:
    """Who the article's words belong to, said before the words themselves."""
    who = clean(who)
    if not who or who == NO_SOURCE:
        return "The article, no source given"
    return f"{who} (quoted)" if kind == "quote" else f"{who} (as the article reports)"


def to_markdown(briefing: Briefing, slug: str) -> str:
    """The briefing page: Markdown headings (for the table of contents and permalinks)
    around raw-HTML blocks whose every value went through `h`."""
    b = briefing
    tags = [t for t in dict.fromkeys(tag(a.name) for a in b.actors[:8]) if t]
    sentences = [clean(s) for s in getattr(b.source, "sentences", []) or []]
    numbers = _Sentences(sentences)
    actor_names = {clean(a.name).lower(): a.name for a in b.actors}

    def actor(name: str, label: str | None = None) -> str:
        known = actor_names.get(clean(name).lower())
        shown = h(label if label is not None else name)
        if known is None:
            return shown
        return f'<a class="actor-link" href="{ACTOR_HREF.format(actor_slug(known))}">{shown}</a>'

    lines = [
        "---",
        f"title: {json.dumps(attr(b.title), ensure_ascii=False)}",
        f"date: {json.dumps(attr(b.source.date), ensure_ascii=False)}",
        f"source: {json.dumps(attr(_source_name(b)), ensure_ascii=False)}",
        "tags:",
        *(f"  - {json.dumps(t, ensure_ascii=False)}" for t in tags),
        "---",
        "",
        '<p class="briefing-kicker">Briefing on the article headlined</p>',
        "",
        f"# &ldquo;{text(b.title)}&rdquo;",  # entities: an ASCII page stays a 1-byte-per-character str
        "",
        _byline(b, bool(sentences)),
        "",
    ]
    notices = [clean(n) for n in getattr(b, "notices", []) or [] if clean(n)]
    if getattr(b.source, "teaser", False) and not any("teaser" in n.lower() for n in notices):
        notices.append("Only a teaser of the article was available; this briefing covers that teaser, "
                       "not the full story.")
    if notices:
        lines += ['<div class="admonition warning briefing-notices"><p class="admonition-title">'
                  "Note on the text</p>", *(f"<p>{h(n)}</p>" for n in notices), "</div>", ""]
    lines += [
        "## Summary",
        "",
        '<div class="briefing-summary briefing-ours">',
        *(f"<p>{h(s)}</p>" for s in b.summary),
        f'<p class="briefing-made-by">Our summary, written by the {h(b.backend.name)} backend. '
        "It reports what the article says and who says it; it does not judge whether the article is true.</p>",
        "</div>",
        "",
        "## Key actors",
        "",
    ]
    if b.actors:
        lines.append('<div class="actor-cards">')
        for a in b.actors:
            lines += [
                '<div class="actor-card">',
                f'<p class="actor-name">{actor(a.name)} <span class="actor-type">{h(a.type)}</span></p>',
                f'<dl><dt>Role in the story</dt><dd class="briefing-ours">{h(a.role)}</dd>'
                f"<dt>Mentions</dt><dd>{int(a.mentions)}</dd></dl>",
                "</div>",
            ]
        lines += ["</div>", ""]
    else:
        lines += ["No actors were identified.", ""]

    notes_by_sentence: dict[str, dict[str, str]] = {}
    for note in b.language_notes:
        notes_by_sentence.setdefault(clean(note.sentence), {})[clean(note.term)] = clean(note.suggestion)
    lines += ["## Claims", ""]
    if b.claims:
        lines.append('<ol class="briefing-claims">')
        for n, c in enumerate(b.claims, 1):
            loaded = notes_by_sentence.get(clean(c.evidence), {})
            verbatim = clean(c.text) == clean(c.evidence)
            link = numbers.link(c.evidence, "sentence {} of the article")
            if verbatim:
                body = f'<blockquote class="article-words">{_marked_html(c.text, loaded)}</blockquote>'
            else:  # the claim reworded (by a model): ours, with the article's sentence beneath
                body = (f'<p class="briefing-ours">{_marked_html(c.text, loaded)}</p>'
                        f'<blockquote class="article-words">{h(c.evidence)}</blockquote>')
            who = clean(c.attributed_to)
            voice = _voice(who, c.kind)
            shown = actor(who, voice) if voice.startswith(who) and who else h(voice)
            lines.append(
                f'<li id="claim-{n}" class="claim claim-{c.kind if c.kind in CLAIM_KINDS else "other"}"><p class="claim-voice">{shown}:</p>'
                f'{body}<p class="claim-meta">{h(c.kind)}{" · " + link if link else ""}</p></li>')
        lines += ["</ol>", ""]
    else:
        lines += ["No claims were identified.", ""]

    lines += ["## Open questions", ""]
    if b.open_questions:
        lines.append('<ul class="briefing-questions briefing-ours">')
        for q in b.open_questions:
            link = numbers.link(q.about, "sentence {}")
            about = [actor(name.strip()) for name in clean(q.about).split(",")
                     if name.strip().lower() in actor_names] if not link else []
            extra = link or ", ".join(about)
            about_html = f' <span class="question-about">({extra})</span>' if extra else ""
            lines.append(f"<li>{h(q.question)}{about_html}</li>")
        lines += ["</ul>", ""]
    else:
        lines += ["None identified.", ""]

    lines += ["## Language notes", ""]
    if b.language_notes:
        lines.append('<dl class="language-notes">')
        for note in b.language_notes:
            link = numbers.link(note.sentence, "in sentence {}")
            where = f' <span class="note-where">{link}</span>' if link else ""
            lines.append(f'<div class="language-note"><dt><mark class="loaded">{h(note.term)}</mark>{where}</dt>'
                         f'<dd class="briefing-ours">{h(note.suggestion)}</dd></div>')
        lines += ["</dl>", ""]
    else:
        lines += ["No loaded or intensifying terms were found.", ""]

    if sentences:
        lines += ["## The article", "", _article_html(b, sentences, notes_by_sentence), ""]
    lines += ["## Source", "", *_source_lines(b, slug), ""]
    return "\n".join(lines)


def day(date: str) -> dt.date | None:
    """The publication day of a date as articles and feeds write it (ISO 8601 or RFC 2822),
    or None: the site's order, archive months, feed dates and search order all read it so."""
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(date).date()
    except (TypeError, ValueError, IndexError):
        return None


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word."""
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " ..."


def time_html(date: str) -> str:
    """A date as text, in <time> only when it is a real ISO date (outside text never
    goes into an attribute)."""
    value = clean(date)
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return h(value)
    return f'<time datetime="{h(value[:10])}">{h(value)}</time>'


def _byline(b: Briefing, has_text: bool) -> str:
    parts = []
    if _source_name(b):
        parts.append(f"Article from {h(_source_name(b))}")
    if clean(b.source.date):
        parts.append(f"published {time_html(b.source.date)}")
    if has_text:
        parts.append('<a href="#the-article">read the article&rsquo;s text</a>')
    return f'<p class="briefing-byline">{" · ".join(parts) or "Publisher and date not stated"}</p>'


def _article_html(b: Briefing, sentences: list[str], notes: dict[str, dict[str, str]]) -> str:
    """The article's own text, sentence by sentence: each numbered, with an anchor
    (#s-N) the claims, questions and notes link to, and its loaded terms marked."""
    starts = set(getattr(b.source, "paragraph_starts", []) or [0]) | {0}
    out = ['<details class="briefing-article" open>',
           f"<summary>The article as the briefing read it ({len(sentences)} sentences, numbered)</summary>",
           '<div class="article-text">']
    for n, sentence in enumerate(sentences):
        if n in starts:
            out.append(("</p>" if n else "") + "<p>")
        out.append(f'<span class="sentence" id="s-{n + 1}"><a class="sentence-number" href="#s-{n + 1}" '
                   f'aria-label="sentence {n + 1}">{n + 1}</a> {_marked_html(sentence, notes.get(sentence, {}))}</span>')
    out += ["</p>", "</div>", "</details>"]
    return "\n".join(out)


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


_SOURCE_ITEM = re.compile(r"- \*\*([A-Z][A-Za-z0-9 -]*):\*\* ?(.*)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]()#+!>])|\\~")
"""The escapes of `text`, as Python-Markdown reads them: it has no escape for "~", so a
backslash before "~" stays on the page."""
_MARKUP_LEFT = re.compile(r"[\\`*_\[\]<>]|&(?!(?:amp|lt|gt|#123|#124|#125);)")
"""What `text` never leaves unescaped and Markdown would read as markup: left to Markdown."""
_DATA_LINK = re.compile(r"\[([a-z0-9][a-z0-9-]*\.json)\]\(\1\)")


def source_list_html(lines: list[str], data_href: str) -> str | None:
    """The Source list `_source_lines` writes, as the HTML Python-Markdown makes of it (the
    site hook puts it past Markdown: at 5,000 briefings these few lines were a third of
    Markdown's time). The .md keeps the Markdown list, readable as a file.

    Only lines exactly as `_source_lines` writes them are read: `text` output (backslash
    escapes undone; every `<` and `&` in it is already an entity), the URL's autolink
    (a `safe_url`) and the link to the JSON twin, whose address on the site is
    `data_href` (escaped already: site_hooks._url). Any other line, or markup `text` would have escaped, gives None: the list
    is then left to Markdown, as before."""
    items = []
    for line in lines:
        match = _SOURCE_ITEM.fullmatch(line)
        if match is None:
            return None
        label, value = match.groups()
        if label == "URL" and value[:1] == "<" and value[-1:] == ">":
            url = value[1:-1]
            if not url or safe_url(url) != url:
                return None
            shown = f'<a href="{h(url)}">{h(url)}</a>'
        elif label == "Data":
            link = _DATA_LINK.fullmatch(value)
            if link is None:
                return None
            shown = f'<a href="{data_href}">{link.group(1)}</a>'
        else:
            if _MARKUP_LEFT.search(_ESCAPED.sub("", value)):
                return None
            shown = _ESCAPED.sub(lambda m: m.group(1) or m.group(0), value)
        items.append(f"<li><strong>{h(label)}:</strong> {shown}</li>")
    return "\n".join(["<ul>", *items, "</ul>"]) if items else None
