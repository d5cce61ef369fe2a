"""The run: read every file, analyse what changed, render, write, report.

Like pelican's readers -> generators -> writers, each stage lives in its own
package; this module only sequences them and makes sure one bad article
never stops the others. It knows backends only through their protocol: the
caller hands it the backend and the fallback (both from the registry).
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import readers
from .analysis.parse import nlp
from .analysis.run import Outcome as Analysed
from .analysis.run import analyse_batch
from .backends.base import Backend, BackendError, common_ground
from .backends.extractive import UNTITLED
from .model import Analysis, Article, Briefing
from .output.render import to_json, to_markdown
from .output.slugs import assign_slugs
from .output.store import Manifest, locked, write_briefing
from .stories.features import item_of
from .text import one_line

MANIFEST_SAVE_SECONDS = 2.0
MAX_BATCH = 32
"""Articles per worker task: big enough for spaCy to batch, small enough to share out."""


def default_workers() -> int:
    """Processes for the language analysis: one per core (threads would share one core)."""
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else
                      (os.cpu_count() or 1), 8))


@dataclass
class Outcome:
    source: str
    """The article id (its input file, plus `#item` when the file holds several)."""
    status: str  # written | unchanged | failed | removed
    slug: str = ""
    backend: str = ""
    reason: str = ""
    notes: tuple[str, ...] = ()
    """What the reader did to the text (cut it to a bound): also in the briefing."""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(file, warning) about a file read this run (fields of an export it ignored)."""

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> bool:
        return bool(self.of("failed"))

    def fallbacks(self) -> list[Outcome]:
        return [o for o in self.of("written") if o.reason]


ProgressHook = Callable[[str], None]


class FolderOverlap(ValueError):
    """The output folder is, is inside, or holds the input folder; one line for the user."""


def folder_overlap(input_dir: Path, output_dir: Path) -> str:
    """'' when the two folders are apart; else why not, in one line. Briefings written
    inside the input folder are read back as articles on the next run (2, 4, 6 ...
    briefings); an output folder holding the input would publish the articles."""
    source, target = input_dir.resolve(), output_dir.resolve()
    if target == source:
        return "--output must differ from --input, or briefings would overwrite articles"
    if target.is_relative_to(source):
        return (f"--output '{output_dir}' is inside --input '{input_dir}', so briefings would be read back as "
                "articles; choose an output folder outside the input folder")
    if source.is_relative_to(target):
        return (f"--output '{output_dir}' holds --input '{input_dir}', so articles would be published with "
                "the briefings; choose an output folder beside the input folder")
    return ""


def run(
    input_dir: Path,
    output_dir: Path,
    backend: Backend,
    fallback: Backend,
    *,
    force: bool = False,
    regroup: bool = False,
    jobs: int = 1,
    workers: int = 1,
    on_total: Callable[[int], None] = lambda n: None,
    on_done: ProgressHook = lambda source: None,
    on_phase: ProgressHook = lambda phase: None,
) -> Report:
    """Briefings in `output_dir` for every article below `input_dir`; `fallback`
    writes an article's briefing when `backend` fails on it. The language
    analysis runs in `workers` processes; `jobs` articles go to the backend at
    once (concurrent requests for an LLM). One run at a time per output folder:
    raises `store.OutputBusy` when another holds it, and `FolderOverlap` (before
    anything is written) when one folder is inside the other."""
    problem = folder_overlap(input_dir, output_dir)
    if problem:
        raise FolderOverlap(problem)
    output_dir.mkdir(parents=True, exist_ok=True)
    with locked(output_dir):
        return _run(input_dir, output_dir, backend, fallback, force=force, regroup=regroup, jobs=jobs,
                    workers=workers,
                    on_total=on_total, on_done=on_done, on_phase=on_phase)


def _run(input_dir: Path, output_dir: Path, backend: Backend, fallback: Backend, *, force: bool, regroup: bool,
         jobs: int,
         workers: int, on_total: Callable[[int], None], on_done: ProgressHook, on_phase: ProgressHook) -> Report:
    manifest = Manifest.load(output_dir)
    report = Report()
    key = backend.settings_key()
    found = readers.scan(input_dir)
    paths = found.files
    on_total(len(paths) + len(found.problems))
    on_phase("reading")
    for problem in found.problems:  # links out of the folder, unlistable folders, FIFOs, dangling links
        report.outcomes.append(Outcome(problem.name, "failed", reason=problem.reason))
        on_done(problem.name)

    # Unchanged files are recognised by their hash alone; only the rest are parsed.
    cached: dict[str, tuple[Path, list[str]]] = {}
    articles: list[Article] = []
    file_keys: dict[str, str] = {}
    for path in paths:
        source = path.relative_to(input_dir).as_posix()
        try:
            file_keys[source] = readers.file_sha256(path)
        except OSError:
            pass  # reported by the read below
        ids = manifest.articles_of(source)
        if not force and ids and all(manifest.built_with(i, f"{file_keys.get(source)}:{key}") for i in ids):
            cached[source] = (path, ids)
            continue
        articles += _read(path, input_dir, source, report, on_done)

    on_phase("analysing")
    analysed = _analysed(articles, workers, report, on_done)

    # Titles may come from the analysis (untitled texts), so slugs are assigned after it.
    titles = {i: str(manifest.entries[i].get("title", "")) for _, ids in cached.values() for i in ids}
    # A file in the output folder that we did not write (the user's own notes) is never
    # overwritten, nor later deleted: its name is taken, so the briefing gets another.
    slugs = assign_slugs(titles | {a.id: shown_title(a, x) for a, x in analysed}, taken=manifest.foreign())
    for source, (path, ids) in list(cached.items()):
        if all(manifest.published_as(i, slugs[i]) for i in ids):
            for i in ids:
                report.outcomes.append(Outcome(i, "unchanged", slugs[i], manifest.entries[i].get("backend", "")))
                on_done(i)
        else:  # a slug moved (a clash appeared or went away) or a file is missing: rebuild
            del cached[source]  # same bytes, so the same ids and titles: `slugs` still holds
            redo = _read(path, input_dir, source, report, on_done)
            articles += redo
            analysed += _analysed(redo, 1, report, on_done)
    todo = [(replace(a, slug=slugs[a.id]), x) for a, x in analysed]

    # A failing file (or article) keeps its last briefings until it is fixed or removed; so do
    # the files of a folder that cannot be listed. Not a link out of the folder: what came
    # through it must not stay published.
    kept = {i for o in report.of("failed") for i in manifest.articles_of(o.source)}
    kept |= {o.source for o in report.of("failed") if o.source in manifest.entries}
    kept |= {i for i, e in manifest.entries.items() if found.unlisted(str(e.get("file", i)))}
    refused = {i for i, e in manifest.entries.items() if found.refused(str(e.get("file", i)))}
    kept -= refused
    present = {a.id for a in articles} | {i for _, ids in cached.values() for i in ids} | kept
    gone = set(manifest.entries) - present

    on_phase("grouping into stories")
    from .stories.book import Book  # scikit-learn and SciPy load here, not when `fetch` or `--help` start

    book = Book.open(output_dir)
    on_disk = {i: str(manifest.entries[i].get("slug", "")) for i in present
               if i in manifest.entries and i not in {a.id for a, _ in todo}}
    story = book.sync(on_disk, regroup, [item_of(a, x) for a, x in todo])

    on_phase(f"writing ({backend.name})")
    manifest.own(a.slug for a, _ in todo)  # saved before the first write: a killed run's files stay ours
    manifest.save()

    last_save = time.monotonic()
    for article, briefing in _analyse_all(todo, backend, fallback, jobs):
        briefing.story = story.get(article.id, "")
        # when it was first generated, kept across regenerations: what dates an undated briefing
        briefing.generated = str(manifest.entries.get(article.id, {}).get("first_generated") or _now())
        write_briefing(output_dir, article.slug, to_markdown(briefing, article.slug), to_json(briefing))
        manifest.entries[article.id] = _entry(article, briefing, file_keys.get(article.path, ""), key)
        report.outcomes.append(Outcome(article.id, "written", article.slug, briefing.backend.name,
                                       briefing.backend.fallback_reason, article.notices))
        on_done(article.id)
        if time.monotonic() - last_save > MANIFEST_SAVE_SECONDS:
            manifest.save()
            last_save = time.monotonic()

    for article_id in sorted(gone):
        del manifest.entries[article_id]
        if article_id not in refused:  # a refused link already has its error line
            report.outcomes.append(Outcome(article_id, "removed"))
    manifest.remove_unowned()  # gone sources, old titles, clashes that went away
    manifest.save()
    book.save({i: str(e.get("slug", "")) for i, e in manifest.entries.items()}, common_ground(backend))
    return report


def shown_title(article: Article, analysis: Analysis) -> str:
    """The title lists and slugs use: the outlet's headline, else our own."""
    return article.title or analysis.headline or UNTITLED


def _read(path: Path, root: Path, source: str, report: Report, on_done: ProgressHook) -> list[Article]:
    try:
        found = readers.read(path, root)
        for item, reason in getattr(found, "problems", ()):  # a file of many articles: only that item failed
            report.outcomes.append(Outcome(f"{source}#{item}", "failed", reason=reason))
            on_done(f"{source}#{item}")
        report.warnings += [(source, w) for w in getattr(found, "warnings", ())]
        return found
    except readers.ReadError as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror}); check its permissions"
    except (RecursionError, MemoryError, ValueError) as exc:  # a parser library giving up on hostile markup
        reason = f"the {path.suffix or 'file'} reader could not parse this file ({type(exc).__name__})"
    except ImportError as exc:  # a broken install (lxml without lxml_html_clean) must cost the file, not the run
        reason = (f"cannot read {path.suffix or 'these'} files: a library failed to load ({type(exc).__name__}: "
                  f"{one_line(exc)[:200]}); reinstall the dependencies (pip install -e .)")
    except Exception as exc:  # noqa: BLE001 - any other reader bug: this file fails, the others go on
        reason = (f"the {path.suffix or 'file'} reader failed unexpectedly ({type(exc).__name__}: "
                  f"{one_line(exc)[:200]}); please report it with the file")
    report.outcomes.append(Outcome(source, "failed", reason=reason))
    on_done(source)
    return []


def _analysed(articles: list[Article], workers: int, report: Report,
              on_done: ProgressHook) -> list[tuple[Article, Analysis]]:
    """Analysed articles; one the analysis fails on is reported and skipped."""
    out = []
    for article, analysis, problem in analyse_language(articles, workers):
        if analysis is None:
            report.outcomes.append(Outcome(article.id, "failed", reason=problem))
            on_done(article.id)
        else:
            out.append((article, analysis))
    return out


def analyse_language(articles: list[Article], workers: int) -> Iterator[Analysed]:
    """The shared analysis of every article, in input order, spread over processes."""
    if not articles:
        return
    nlp()  # load the model once here: forked workers share it, and a missing model fails early
    size = max(1, min(MAX_BATCH, math.ceil(len(articles) / (4 * max(1, workers)))))
    batches = [articles[i:i + size] for i in range(0, len(articles), size)]
    if workers <= 1 or len(batches) == 1:
        for batch in batches:
            yield from analyse_batch(batch)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context) as pool:
        for done in pool.map(analyse_batch, batches):
            yield from done


def _analyse_all(
    todo: list[tuple[Article, Analysis]], backend: Backend, fallback: Backend, jobs: int
) -> Iterator[tuple[Article, Briefing]]:
    """Run the backend concurrently; results come back in completion order to be written at once."""
    if not todo:
        return
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures: dict[Future, Article] = {
            pool.submit(_analyse_one, a, x, backend, fallback): a for a, x in todo
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _analyse_one(article: Article, analysis: Analysis, backend: Backend, fallback: Backend) -> Briefing:
    started = time.monotonic()
    try:
        briefing = backend.analyse(article, analysis)
    except BackendError as exc:
        briefing = _fallback(article, analysis, fallback, str(exc))
        briefing.usage = dict(exc.usage)  # tokens spent (and the tier asked) before it failed
    except Exception as exc:  # a backend bug must not cost the user the article
        briefing = _fallback(article, analysis, fallback, f"{backend.name} backend error ({type(exc).__name__})")
    briefing.usage["seconds"] = round(time.monotonic() - started, 3)  # fallback time included
    # Every backend shows the outlet's headline, else ours (labelled as ours), never the file name.
    briefing.headline = briefing.headline or analysis.headline
    briefing.title = briefing.title or shown_title(article, analysis)
    # What the reader did to the text (cut it to a bound) is said in the briefing, whatever the backend.
    briefing.notices[:0] = [n for n in article.notices if n not in briefing.notices]
    return briefing


def _fallback(article: Article, analysis: Analysis, fallback: Backend, reason: str) -> Briefing:
    briefing = fallback.analyse(article, analysis)
    briefing.backend.fallback_reason = reason
    return briefing


def _entry(article: Article, briefing: Briefing, file_sha: str, key: str) -> dict:
    usage = briefing.usage
    # A fallback result is cached under the fallback's key, so the next run retries the LLM.
    produced_by = key if not briefing.backend.fallback_reason else "fallback"
    return {
        "file": article.path,
        "slug": article.slug,
        "title": briefing.title,
        "date": article.date,
        "sha256": article.sha256,
        "key": f"{file_sha}:{produced_by}",
        "backend": briefing.backend.name,
        "model": briefing.backend.model,
        "fallback_reason": briefing.backend.fallback_reason,
        "dropped_unverified": briefing.backend.dropped_unverified,
        "tokens_in": usage.get("tokens_in", 0),
        "tokens_out": usage.get("tokens_out", 0),
        "cost": usage.get("cost"),
        "seconds": usage["seconds"],
        "requests": usage.get("requests", 0),
        "tier": usage.get("tier", ""),  # the structured-output tier the LLM answered in
        "dropped_reasons": usage.get("dropped_reasons", []),  # why the LLM checker dropped the first items
        "generated_at": _now(),
        "first_generated": briefing.generated or _now(),
    }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
