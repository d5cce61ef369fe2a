"""The run: ingest every file, analyse what changed, render, write, report.

Like pelican's readers -> generators -> writers, each stage lives in its own
module; this one only sequences them and makes sure one bad article never
stops the others.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from .backends import Backend, BackendError
from .extractive import ExtractiveBackend
from .ingest import IngestError, discover, file_sha256, read_article
from .model import Article, Briefing
from .render import to_json, to_markdown
from .slugs import assign_slugs
from .store import Manifest, remove_briefings, write_briefing

MANIFEST_SAVE_SECONDS = 2.0


@dataclass
class Outcome:
    source: str
    status: str  # written | unchanged | failed | removed
    slug: str = ""
    backend: str = ""
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> bool:
        return bool(self.of("failed"))

    def fallbacks(self) -> list[Outcome]:
        return [o for o in self.of("written") if o.reason]


ProgressHook = Callable[[str], None]


def run(
    input_dir: Path,
    output_dir: Path,
    backend: Backend,
    *,
    force: bool = False,
    jobs: int = 1,
    on_total: Callable[[int], None] = lambda n: None,
    on_done: ProgressHook = lambda source: None,
    on_phase: ProgressHook = lambda phase: None,
) -> Report:
    output_dir.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(output_dir)
    report = Report()
    key = backend.settings_key()
    paths = discover(input_dir)
    on_total(len(paths))
    on_phase("reading")

    # Unchanged files are recognised by their hash alone; only the rest are parsed.
    maybe_cached: dict[str, Path] = {}
    articles: list[Article] = []
    for path in paths:
        source = path.relative_to(input_dir).as_posix()
        if not force and source in manifest.entries and manifest.built_with(source, f"{file_sha256(path)}:{key}"):
            maybe_cached[source] = path
            continue
        article = _ingest(path, input_dir, source, report, on_done)
        if article:
            articles.append(article)

    titles = {s: str(manifest.entries[s].get("title", "")) for s in maybe_cached}
    slugs = assign_slugs(titles | {a.path: a.title for a in articles})
    for source, path in maybe_cached.items():
        if manifest.published_as(source, slugs[source]):
            backend_name = manifest.entries[source].get("backend", "")
            report.outcomes.append(Outcome(source, "unchanged", slugs[source], backend_name))
            on_done(source)
        else:  # its slug moved (a clash appeared or went away): rebuild it
            article = _ingest(path, input_dir, source, report, on_done)
            if article:
                articles.append(article)
    todo = [replace(a, slug=slugs[a.path]) for a in articles]
    on_phase(f"analysing ({backend.name})")

    last_save = time.monotonic()
    for article, briefing in _analyse_all(todo, backend, jobs):
        write_briefing(output_dir, article.slug, to_markdown(briefing, article.slug), to_json(briefing))
        manifest.entries[article.path] = _entry(article, briefing, key)
        report.outcomes.append(Outcome(article.path, "written", article.slug,
                                       briefing.backend.name, briefing.backend.fallback_reason))
        on_done(article.path)
        if time.monotonic() - last_save > MANIFEST_SAVE_SECONDS:
            manifest.save()
            last_save = time.monotonic()

    failed_sources = {o.source for o in report.of("failed")}
    # A failing file keeps its last briefing until it is fixed or removed.
    present = {a.path for a in articles} | set(maybe_cached) | failed_sources
    gone = set(manifest.entries) - present
    stale = {manifest.entries[s].get("slug", "") for s in gone}
    for source in sorted(gone):
        del manifest.entries[source]
        report.outcomes.append(Outcome(source, "removed"))
    live = {e.get("slug") for e in manifest.entries.values()}
    remove_briefings(output_dir, {s for s in stale if s and s not in live})
    manifest.save()
    return report


def _ingest(path: Path, root: Path, source: str, report: Report, on_done: ProgressHook) -> Article | None:
    try:
        return read_article(path, root)
    except IngestError as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror}); check its permissions"
    report.outcomes.append(Outcome(source, "failed", reason=reason))
    on_done(source)
    return None


def _analyse_all(
    articles: list[Article], backend: Backend, jobs: int
) -> Iterator[tuple[Article, Briefing]]:
    """Analyse concurrently; results come back in completion order to be written at once."""
    if not articles:
        return
    fallback = ExtractiveBackend()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures: dict[Future, Article] = {
            pool.submit(_analyse_one, a, backend, fallback): a for a in articles
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _analyse_one(article: Article, backend: Backend, fallback: Backend) -> Briefing:
    started = time.monotonic()
    try:
        briefing = backend.analyse(article)
    except BackendError as exc:
        briefing = _fallback(article, fallback, str(exc))
        briefing.usage = dict(getattr(exc, "usage", None) or {})  # tokens spent before it failed
    except Exception as exc:  # a backend bug must not cost the user the article
        briefing = _fallback(article, fallback, f"{backend.name} backend error ({type(exc).__name__})")
    briefing.usage["seconds"] = round(time.monotonic() - started, 3)  # fallback time included
    return briefing


def _fallback(article: Article, fallback: Backend, reason: str) -> Briefing:
    briefing = fallback.analyse(article)
    briefing.backend.fallback_reason = reason
    return briefing


def _entry(article: Article, briefing: Briefing, key: str) -> dict:
    usage = briefing.usage
    # A fallback result is cached under the fallback's key, so the next run retries the LLM.
    produced_by = key if not briefing.backend.fallback_reason else "fallback"
    return {
        "slug": article.slug,
        "title": article.title,
        "date": article.date,
        "sha256": article.sha256,
        "key": f"{article.sha256}:{produced_by}",
        "backend": briefing.backend.name,
        "model": briefing.backend.model,
        "fallback_reason": briefing.backend.fallback_reason,
        "dropped_unverified": briefing.backend.dropped_unverified,
        "tokens_in": usage.get("tokens_in", 0),
        "tokens_out": usage.get("tokens_out", 0),
        "cost": usage.get("cost"),
        "seconds": usage["seconds"],
        "requests": usage.get("requests", 0),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
