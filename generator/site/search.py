"""The site's search index: a static index split into small files (docs/search-index.md
specifies its words, folding and files; tests/fixtures/search_vectors.json holds test
vectors that a Python and a Node test both read).

Why not Material's built-in search: it ships one JSON file holding every
page's text (50 MB at 5,000 briefings), which a reader's first search
downloads whole. Why not Pagefind, which splits its index the same way and was
used before: at 5,000 briefings with their article text it held 1.0-1.4 GB
and 45-60 s of CPU to index (measured with its CLI on the built pages and with
its Python API on plain-text records, pagefind 1.5.2), against a site build
budget of 300 MB and 25 s. This index holds what the search box needs and no
more, and costs a few seconds and some tens of MB at that size (bench/site_bench.py).

The index (site/search/):
- `index.json`: the number of documents, one letter per document for its kind
  (b briefing, p hand-written page, a actor page), the list of shard keys and
  the stop words; a reader's first search downloads it (about 2 bytes a document);
- `shard/N.json`: the words that start with one shard key (two letters; three or
  four where a shard would be large), each with its postings: the documents it
  is in and how often (a title word counts extra), delta-coded;
- `doc/N.json`: a few documents (`DOCS_PER_FILE` briefings or pages, or
  `ACTORS_PER_FILE` actor pages): each one's URL, title, kind, date, source, summary
  and the sentences an excerpt is cut from; fetched only for a result that is shown.
  Grouped because creating a file costs more than writing it: one file a document was
  10,000 files, about a tenth of a 5,000-briefing build.
One search downloads index.json, a shard or two per word and one small file per
result shown: tens of KB whatever the number of briefings.

What is indexed, and how a result reads:
- briefings, from their JSON twin: headline, summary, actors and the article's
  own sentences, not the page's boilerplate ("Briefing on the article headlined",
  "Our summary, written by ..."), nor the claims, notes and questions, which
  repeat the article's sentences;
- hand-written pages (unless their front matter says `search: {exclude: true}`,
  Material's own switch, kept), ranked below briefings;
- actor pages by their name only (the search box shows them as one line above
  the results); list pages (home, archive, actors index) are not indexed: they
  would match every query.

Words are matched case- and accent-insensitively, and a query word matches any
word it begins ("minister" finds "ministers"); a document must match every word
of the query. overrides/assets/javascripts/search.js reads the index with the
same rules (`TOKEN`, the stop words from index.json), escaping every value it shows.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import threading
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.output.render import shorten

log = logging.getLogger("mkdocs.plugins.briefings")

INDEX_DIR = "search"
"""Folder of site/ the index is written to; the search box loads index.json from it."""
SHARD_BYTES = 64_000
"""A shard larger than this is split by one more letter (at most `MAX_KEY` letters)."""
MAX_KEY = 4
DOCS_PER_FILE = 4
ACTORS_PER_FILE = 64
TITLE_WEIGHT = 5
"""A title word counts as this many occurrences: a headline match ranks first."""
EXCERPT_SENTENCES = 80
"""Sentences of a document kept for excerpts (the article's; a longer one is cut)."""
STOP_WORDS = sorted({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "she", "that",
    "the", "their", "them", "they", "this", "to", "was", "were", "which", "who", "will", "with",
})
"""Words in nearly every article: left out of the index (and of queries) so that no
shard carries a posting for every document."""
TOKEN = re.compile(r"[^\W_]+")
"""A word: letters and digits (any script); search.js splits with /[\\p{L}\\p{N}]+/u."""
KINDS = {"briefing": "b", "page": "p", "actor": "a"}
_TAGS = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style)\b.*?</\1>|<a class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL)
"""What a hand-written page's HTML holds that is not its text: scripts, styles, the heading permalinks."""
_MARKS: dict[int, None] | None = None


@dataclass
class Doc:
    url: str
    title: str
    kind: str
    date: str = ""
    source: str = ""
    summary: str = ""
    sentences: list[str] = field(default_factory=list)
    words: str = ""
    """Text that is searched but not shown (actor names of a briefing)."""
    terms: str = ""
    """The document's index words and their weights, "word count word count ..." (`weigh`):
    counted when the page is built, so that pages built in other processes 
    bring theirs along; one string, not a dict, as 10,000 dicts of words were 90 MB."""

    shown: bytes = b""
    """`summary` and `sentences` once the page is built (`settle`): compressed JSON. They are
    read again only when the index is written, and 5,000 briefings' excerpts (400,000
    strings) were the largest thing a build process held while it wrote its pages."""

    def weigh(self) -> Doc:
        counts = word_counts(" ".join([self.summary, self.words, *self.sentences]))
        for word in words(self.title):
            counts[word] += TITLE_WEIGHT
        self.terms = " ".join(f"{word} {count}" for word, count in counts.items())
        return self

    def settle(self) -> Doc:
        """What the index keeps of a built page: its words counted, the text shown in a
        result packed (`shown`)."""
        self.weigh()
        self.shown = zlib.compress(json.dumps([self.summary, self.sentences], ensure_ascii=False).encode())
        self.summary, self.sentences = "", []
        return self

    def shown_text(self) -> tuple[str, list[str]]:
        """(summary, sentences), packed or not."""
        if self.shown:
            summary, sentences = json.loads(zlib.decompress(self.shown))
            return summary, sentences
        return self.summary, self.sentences

    def weights(self) -> Iterator[tuple[str, int]]:
        parts = iter((self.terms or self.weigh().terms).split())
        return ((word, int(count)) for word, count in zip(parts, parts))


def words(text: str) -> list[str]:
    """The index's words of `text`: decomposed, accents dropped, lower case, letters and
    digits; one-letter words other than digits, and stop words, left out."""
    return [w for w in TOKEN.findall(_flat(text)) if _indexed(w)]


def _indexed(word: str) -> bool:
    """A token the index keeps: not a one-letter word other than a digit, not a stop word."""
    return (len(word) > 1 or word.isdigit()) and word not in _STOP


def word_counts(text: str) -> Counter:
    """How often each of `words(text)` occurs, in the order they first occur: counted
    before the one-letter and stop words are dropped, so the filter runs once per distinct
    word, not once per word (a briefing's 80 excerpt sentences are thousands)."""
    counts = Counter(TOKEN.findall(_flat(text)))
    for word in [w for w in counts if not _indexed(w)]:
        del counts[word]
    return counts


def fold(text: str) -> str:
    """Decomposed (NFKD), combining marks dropped, lower case (search-core.js `fold`)."""
    return _flat(text)


def _flat(text: str) -> str:
    global _MARKS
    if not text.isascii():
        if _MARKS is None:  # combining marks (Unicode category M*), as search.js drops \p{M}
            _MARKS = {c: None for c in _mark_ranges() if unicodedata.category(chr(c)).startswith("M")}
        text = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return text.lower()


def _mark_ranges() -> Iterator[int]:
    """The code points that can be marks: all but planes 3 to 13 (no marks: CJK ideographs
    and unassigned) and 15 to 16 (private use), a fifth of the 1.1 million to look at;
    a test checks the whole range gives the same table."""
    yield from range(0x30000)
    yield from range(0xE0000, 0xF0000)


_STOP = frozenset(STOP_WORDS)


# --- collecting documents while MkDocs builds ------------------------------------------

class Collector:
    """The index's documents, collected during a build and kept across the builds of one
    `mkdocs serve` (a save re-reads one briefing and re-renders a few pages)."""

    def __init__(self) -> None:
        self.briefings: dict[str, Doc] = {}
        """Briefing slug -> its document (made when the briefing is read)."""
        self.pages: dict[str, Doc] = {}
        """Hand-written page source path -> its document (made when the page is built)."""
        self.enabled = True
        self.written: dict[str, int] | None = None
        self.lock = threading.Lock()
        self.pending: threading.Thread | None = None
        self.generation = 0
        """While serving: each index file's hash as last written (only changed files are written)."""

    def start(self, config, enabled: bool, serving: bool = False) -> None:  # noqa: ANN001
        self.enabled = enabled
        if serving and self.written is None:
            self.written = {}

    def briefing_read(self, entry, briefing) -> None:  # noqa: ANN001
        if self.enabled:
            self.briefings[entry.slug] = briefing_doc(briefing).settle()

    def page_built(self, page) -> None:  # noqa: ANN001
        """A hand-written page: its text, unless its front matter says `search: {exclude: true}`."""
        if _excluded(page):
            self.pages.pop(page.file.src_uri, None)
            return
        text = html.unescape(_TAGS.sub(" ", _SKIPPED.sub(" ", page.content or "")))
        text = " ".join(text.split())
        description = page.meta.get("description") if isinstance(page.meta, dict) else None
        summary = str(description) if description else shorten(text, 200)
        self.pages[page.file.src_uri] = Doc(
            url=page.url, title=html.unescape(str(page.title or "")), kind="page", summary=summary,
            sentences=[text[i:i + 400] for i in range(0, min(len(text), 40_000), 400)]).settle()

    def write(self, site, folder: Path) -> None:  # noqa: ANN001
        started = time.perf_counter()
        live = {e.slug for e in site.entries}
        for gone in set(self.briefings) - live:
            del self.briefings[gone]
        docs = []
        for entry in site.entries:  # newest first
            doc = self.briefings.get(entry.slug)
            if doc is not None:
                doc.url = site.links.urls.get(f"briefings/{entry.slug}.md", doc.url)
                docs.append(doc)
        docs += sorted((d for uri, d in self.pages.items() if uri in site.links.urls), key=lambda d: d.url)
        docs += [Doc(url=site.links.urls[f"actors/{a.key}.md"], title=a.name, kind="actor")
                 for a in sorted(site.actor_pages, key=lambda a: a.key) if f"actors/{a.key}.md" in site.links.urls]
        if self.written is None:
            shards = write_index(docs, folder / INDEX_DIR)
            log.info("search index: %d documents, %d shards in %.1f s", len(docs), shards,
                     time.perf_counter() - started)
            return
        # Serving: the index is written after the pages are served, in the background. A
        # briefing added as the newest renumbers every document, so most of the index's
        # files change, and writing them was most of a rebuild on a slow disk.
        self.generation += 1
        self.pending = threading.Thread(target=self._write_later, args=(docs, folder / INDEX_DIR, self.generation),
                                        daemon=True)
        self.pending.start()

    def _write_later(self, docs: list[Doc], folder: Path, generation: int) -> None:
        with self.lock:  # one write at a time; a build's index is skipped once a later build's is due
            if generation != self.generation:
                return
            try:
                write_index(docs, folder, self.written)
            except OSError as exc:  # the served folder went away (serve stopped): nothing to update
                log.debug("search index not written: %s", exc)


def briefing_doc(b) -> Doc:  # noqa: ANN001
    """What the index keeps of a briefing: its headline, summary, actors (searched, not
    shown) and the article's own sentences (for the excerpt); none of the page's boilerplate."""
    def plain(value: object) -> str:
        return " ".join(str(value).split())

    sentences = [plain(s) for s in b.source.sentences if plain(s)][:EXCERPT_SENTENCES]
    return Doc(url="", title=plain(b.title), kind="briefing", date=plain(b.source.date),
               source=plain(b.source.publisher), summary=" ".join(plain(s) for s in b.summary),
               sentences=sentences, words=" ".join(plain(a.name) for a in b.actors))


# --- writing the index -------------------------------------------------------------------

def write_index(docs: list[Doc], folder: Path, written: dict[str, int] | None = None) -> int:
    """Write index.json, the shards and the document files; return the number of shards.

    `written` (kept across the rebuilds of one `mkdocs serve`: file -> hash of what was
    written there) lets a rebuild write only the files that changed, not the whole index."""
    postings: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for word, count in doc.weights():
            postings.setdefault(word, []).extend((number, count))
    encoded = {term: encode_postings(flat) for term, flat in postings.items()}
    del postings
    shards = _split(sorted(encoded), encoded, 2)
    out: dict[str, str] = {}
    keys = {}
    for n, (key, terms) in enumerate(sorted(shards.items())):
        keys[key] = n
        out[f"shard/{n}.json"] = _dump({term: encoded[term] for term in terms})
    actors = next((n for n, d in enumerate(docs) if d.kind == "actor"), len(docs))
    files: dict[str, list[dict]] = {}
    for number, doc in enumerate(docs):
        summary, sentences = doc.shown_text()
        body = {"u": doc.url, "t": doc.title, "k": KINDS[doc.kind], "d": doc.date, "s": doc.source,
                "m": summary, "x": sentences}
        files.setdefault(doc_file(number, actors), []).append(body)
    for name, bodies in files.items():
        out[f"doc/{name}.json"] = _dump(bodies)
    manifest = {"version": 1, "build": f"{time.time_ns():x}", "count": len(docs),
                "kinds": "".join(KINDS[d.kind] for d in docs), "shards": keys, "stop": STOP_WORDS,
                "files": {"per_file": DOCS_PER_FILE, "actors_from": actors, "actors_per_file": ACTORS_PER_FILE}}
    out["index.json"] = _dump(manifest)
    if written is None or not (folder / "index.json").is_file():
        if folder.exists():
            shutil.rmtree(folder)
        written = {} if written is None else written
        written.clear()
    for name in set(written) - set(out):
        (folder / name).unlink(missing_ok=True)
        del written[name]
    (folder / "shard").mkdir(parents=True, exist_ok=True)
    (folder / "doc").mkdir(exist_ok=True)
    for name, body in out.items():
        stamp = hash(body)
        if written.get(name) != stamp:
            (folder / name).write_text(body, encoding="utf-8")
            written[name] = stamp
    return len(keys)


def doc_file(number: int, actors: int) -> str:
    """The name of the doc/ file holding document `number` (search.js computes the same);
    its place in that file is the number's remainder."""
    if number < actors:
        return str(number // DOCS_PER_FILE)
    return f"a{(number - actors) // ACTORS_PER_FILE}"


def _split(terms: list[str], postings: dict[str, str], length: int) -> dict[str, list[str]]:
    """Group sorted terms by their first `length` letters; a group over SHARD_BYTES is split
    by one more letter (its words shorter than that stay under the shorter key)."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term[:length], []).append(term)
    out: dict[str, list[str]] = {}
    for key, group in groups.items():
        size = sum(len(t) + len(postings[t]) + 6 for t in group)  # "term":"postings",
        longer = [t for t in group if len(t) > length]
        if size > SHARD_BYTES and length < MAX_KEY and longer:
            short = [t for t in group if len(t) <= length]
            if short:
                out[key] = short
            out |= _split(longer, postings, length + 1)
        else:
            out[key] = group
    return out


def encode_postings(flat: list[int]) -> str:
    """(document, count) pairs -> "d[.c] d[.c] ...": base-36 gaps between document numbers,
    the count only when over 1."""
    out, last = [], 0
    for i in range(0, len(flat), 2):
        number, count = flat[i], flat[i + 1]
        gap = _b36(number - last)
        out.append(gap if count == 1 else f"{gap}.{_b36(count)}")
        last = number
    return " ".join(out)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n < 36:
        return digits[n]
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out


def _dump(value: object) -> str:
    """Compact JSON; `<`, `>` and `&` as \\u escapes, so no file of the index reads as markup."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _excluded(page) -> bool:  # noqa: ANN001
    if page.is_homepage:
        return True
    search = page.meta.get("search") if isinstance(page.meta, dict) else None
    return isinstance(search, dict) and bool(search.get("exclude"))
