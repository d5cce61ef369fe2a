"""MkDocs hook: the site's search index, a static index split into small files.

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

import dataclasses
import datetime as dt
import html
import json
import logging
import re
import shutil
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.output.render import day, shorten

log = logging.getLogger("mkdocs.hooks.search_index")

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
LIST_MARKERS = ("<!-- briefings-list -->", "<!-- material/tags -->")
"""Markers the site's list pages carry (home, actors): pages that match every query."""
LIST_PAGES = ("page/", "archive/", "actors/index.md", "tags.md", "tags/")
"""Source paths of the list pages the site hook generates (home pages 2.., the archive by
month, the actors index): left out of the index, like the home page."""
ACTOR_PAGES = "actors/"
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
    counted when the page is built, so that pages built in other processes (build_split.py)
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


_docs: list[Doc] = []


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

def on_pre_build(config) -> None:
    _docs.clear()


def on_page_markdown(markdown: str, page, config, files) -> str:
    # Seen before the list hook replaces the markers: remember which pages are lists.
    if any(marker in markdown for marker in LIST_MARKERS):
        page.meta.setdefault("search", {})
        if isinstance(page.meta["search"], dict):
            page.meta["search"].setdefault("exclude", True)
    return markdown


def on_post_page(output: str, page, config) -> str:
    """Take the page's document for the index. The page's HTML is not changed."""
    src = page.file.src_uri
    if src.startswith(ACTOR_PAGES) and not src.startswith(LIST_PAGES):
        # by name, whatever the page's own search switch says: the body repeats the briefings
        _docs.append(Doc(url=page.url, title=str(page.title or ""), kind="actor").settle())
        return output
    if _excluded(page):
        return output
    briefing = _briefing_data(page)
    if briefing is not None:
        _docs.append(_briefing_doc(page.url, briefing).settle())
    else:
        text = html.unescape(_TAGS.sub(" ", _SKIPPED.sub(" ", page.content or "")))
        text = " ".join(text.split())
        title = str(page.title or "")
        description = page.meta.get("description") if isinstance(page.meta, dict) else None
        summary = str(description) if description else shorten(text, 200)
        _docs.append(Doc(url=page.url, title=title, kind="page", summary=summary,
                         sentences=[text[i:i + 400] for i in range(0, min(len(text), 40_000), 400)]).settle())
    return output


def _briefing_doc(url: str, data: dict) -> Doc:
    def plain(value: object) -> str:
        return " ".join(str(value).split())

    summary = data.get("summary") or []
    summary = " ".join(plain(s) for s in summary) if isinstance(summary, list) else plain(summary)
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    sentences = [plain(s) for s in source.get("sentences") or [] if plain(s)][:EXCERPT_SENTENCES]
    actors = [plain(a.get("name", "")) for a in data.get("actors") or [] if isinstance(a, dict)]
    return Doc(url=url, title=plain(data.get("title", "")), kind="briefing",
               date=plain(source.get("date") or ""), source=plain(source.get("publisher") or ""),
               summary=summary, sentences=sentences, words=" ".join(actors))


# --- writing the index -------------------------------------------------------------------

def on_post_build(config) -> None:
    started = time.perf_counter()
    docs = _ordered(_docs)
    written = write_index(docs, Path(config.site_dir) / INDEX_DIR)
    log.info("search index: %d documents, %d shards in %.1f s", len(docs), written, time.perf_counter() - started)
    _docs.clear()


def _ordered(docs: list[Doc]) -> list[Doc]:
    """Briefings newest first, then pages, then actors: a document's number is its place,
    and equal scores are shown in that order."""
    rank = {"briefing": 0, "page": 1, "actor": 2}
    docs = sorted(docs, key=lambda d: d.url)
    docs.sort(key=lambda d: (day(d.date) or dt.date.min) if d.kind == "briefing" else dt.date.min, reverse=True)
    docs.sort(key=lambda d: rank[d.kind])
    return docs


def write_index(docs: list[Doc], folder: Path) -> int:
    """Write index.json, the shards and one file per document; return the number of shards."""
    postings: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for word, count in doc.weights():
            postings.setdefault(word, []).extend((number, count))
    encoded = {term: _encode(flat) for term, flat in postings.items()}
    del postings
    shards = _split(sorted(encoded), encoded, 2)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "shard").mkdir(parents=True)
    (folder / "doc").mkdir()
    keys = {}
    for n, (key, terms) in enumerate(sorted(shards.items())):
        keys[key] = n
        body = {term: encoded[term] for term in terms}
        (folder / "shard" / f"{n}.json").write_text(_dump(body), encoding="utf-8")
    actors = next((n for n, d in enumerate(docs) if d.kind == "actor"), len(docs))
    files: dict[str, list[dict]] = {}
    for number, doc in enumerate(docs):
        summary, sentences = doc.shown_text()
        body = {"u": doc.url, "t": doc.title, "k": KINDS[doc.kind], "d": doc.date, "s": doc.source,
                "m": summary, "x": sentences}
        files.setdefault(doc_file(number, actors), []).append(body)
    for name, bodies in files.items():
        (folder / "doc" / f"{name}.json").write_text(_dump(bodies), encoding="utf-8")
    manifest = {"version": 1, "build": f"{time.time_ns():x}", "count": len(docs),
                "kinds": "".join(KINDS[d.kind] for d in docs), "shards": keys, "stop": STOP_WORDS,
                "files": {"per_file": DOCS_PER_FILE, "actors_from": actors, "actors_per_file": ACTORS_PER_FILE}}
    (folder / "index.json").write_text(_dump(manifest), encoding="utf-8")
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


def _encode(flat: list[int]) -> str:
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


# --- serving ---------------------------------------------------------------------------

def on_serve(server, config, builder):
    """`mkdocs serve` watches briefings/ (mkdocs.yml `watch:`); when BRIEFINGS_DIR points
    elsewhere, watch that folder too, so a new or changed briefing reloads the site."""
    from generator.output.site_hooks import briefings_dir

    folder = briefings_dir(config)
    if folder.is_dir():
        server.watch(str(folder.resolve()))
    return server


def _excluded(page) -> bool:
    if page.is_homepage or page.file.src_uri.startswith(LIST_PAGES):
        return True
    search = page.meta.get("search") if isinstance(page.meta, dict) else None
    return isinstance(search, dict) and bool(search.get("exclude"))


def _briefing_data(page) -> dict | None:
    """The briefing's JSON twin, when the page is a briefing (a page generated from a
    folder of briefings, with `slug.json` beside `slug.md`)."""
    source = page.file.abs_src_path
    if not source or not page.file.src_uri.startswith("briefings/"):
        return None
    twin = Path(source).with_suffix(".json")
    try:
        data = json.loads(twin.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# --- pages built in other processes (build_split.py) ---------------------------------------

def build_split_take() -> list[dict]:
    """The documents of the pages a worker process built, as plain data (MkDocs loads this
    file under its path, a name pickle cannot import a class from)."""
    return [dataclasses.asdict(doc) for doc in _docs]


def build_split_merge(part: list[dict]) -> None:
    _docs.extend(Doc(**doc) for doc in part)  # ordered later (`_ordered`), whatever process built them
