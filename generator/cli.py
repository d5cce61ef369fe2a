"""`generate`: the command a user runs. Thin by design (like simonw/llm's CLI):
parse options, pick a backend (and its fallback) from the registry, run the
pipeline, print a short report."""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from . import backends

if TYPE_CHECKING:
    from .pipeline import Report

DEFAULT_MODEL_HELP = "LLM model name (default: $BRIEFING_MODEL or gpt-4o-mini)."


class _BackendName(click.Choice):
    """The registry's names, read when the option is parsed, so a backend registered
    after import (a plugin, a test) is a valid choice."""

    def __init__(self) -> None:
        super().__init__(backends.choices())

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        self.choices = backends.choices()
        return super().convert(value, param, ctx)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--input", "input_dir", default="seeds", show_default=True,
              type=click.Path(path_type=Path), help="Folder of articles (.txt, .md, .html, …).")
@click.option("--output", "output_dir", default="briefings", show_default=True,
              type=click.Path(path_type=Path), help="Folder the briefings are written to.")
@click.option("--backend", type=_BackendName(), default="auto",
              show_default=True, help="auto = llm when OPENAI_API_KEY or OPENAI_BASE_URL is set.")
@click.option("--model", default=None, help=DEFAULT_MODEL_HELP)
@click.option("--jobs", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Articles sent to the backend at once (concurrent LLM requests).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Processes for the language analysis (default: one per CPU core).")
@click.option("--force", is_flag=True, help="Regenerate every briefing, even unchanged ones.")
@click.option("--regroup", is_flag=True,
              help="Group every briefing into stories again (ids kept where a story's majority stays).")
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line and problems.")
@click.option("--verbose", "-v", is_flag=True, help="Also log LLM retries and each item dropped as unverified.")
def main(input_dir: Path, output_dir: Path, backend: str, model: str | None, jobs: int,
         workers: int | None, force: bool, regroup: bool, quiet: bool, verbose: bool) -> None:
    """Write a neutral briefing for every article in INPUT to OUTPUT."""
    from .analysis.parse import ModelMissing  # the language stack loads only for this command
    from .output.store import OutputBusy
    from .pipeline import default_workers, folder_overlap, run

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger("httpx2").setLevel(logging.WARNING)
    if not input_dir.is_dir():
        err.print(f"error: input folder '{input_dir}' does not exist; create it and put articles in it")
        sys.exit(2)
    overlap = folder_overlap(input_dir, output_dir)
    if overlap:
        err.print(f"error: {overlap}", markup=False)
        sys.exit(2)
    try:
        chosen = backends.create(backend, model)
        fallback = backends.fallback()
    except Exception as exc:  # configuration problems are the user's to fix: one line
        err.print(f"error: cannot set up the {backend} backend: {exc}")
        sys.exit(2)

    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("generate", total=None)
        try:
            report = run(
                input_dir, output_dir, chosen, fallback, force=force, regroup=regroup, jobs=jobs,
                workers=workers or default_workers(),
                on_total=lambda n: progress.update(task, total=n),
                on_done=lambda source: progress.advance(task),
                on_phase=lambda phase: progress.update(task, description=phase),
            )
        except (ModelMissing, OutputBusy) as exc:
            progress.stop()
            err.print(f"error: {exc}", markup=False)
            sys.exit(2)
    _print_report(report, chosen.name, Console(highlight=False, soft_wrap=True), err, quiet)
    sys.exit(1 if report.failed else 0)


def _print_report(report: Report, backend: str, out: Console, err: Console, quiet: bool) -> None:
    written, unchanged = report.of("written"), report.of("unchanged")
    failed, removed = report.of("failed"), report.of("removed")
    if not quiet:
        for o in written:
            out.print(f"  wrote   {o.slug}.md  ({o.backend})", markup=False)
        for o in removed:
            out.print(f"  removed briefing of {o.source} (source file is gone)", markup=False)
    by_reason: dict[str, list[str]] = defaultdict(list)
    for o in report.fallbacks():
        by_reason[o.reason].append(o.source)
    for reason, sources in by_reason.items():
        if len(sources) <= 3:
            for source in sources:
                err.print(f"warning: {source}: used the extractive backend instead: {reason}", markup=False)
        else:  # a dead endpoint should not print a thousand identical lines
            err.print(f"warning: {len(sources)} articles ({sources[0]}, {sources[1]}, …) used the "
                      f"extractive backend instead: {reason}", markup=False)
    for source, warning in report.warnings:
        err.print(f"warning: {source}: {warning}", markup=False)
    for o in written:
        for note in o.notes:
            err.print(f"note: {o.source}: {note}", markup=False)
    for o in failed:
        err.print(f"error: {o.source}: {o.reason}", markup=False)
    counts = [f"{len(written)} written", f"{len(unchanged)} unchanged"]
    if removed:
        counts.append(f"{len(removed)} removed")
    counts.append(f"{len(failed)} failed")
    total = len(written) + len(unchanged) + len(failed)
    out.print(f"{total} article(s): " + ", ".join(counts) + _made_by(written, backend), markup=False)


def _made_by(written: list, asked: str) -> str:
    """Which backend really wrote what: "; 1 by the llm backend, 2 by the extractive
    backend (llm fell back: LLM endpoint timed out ...)"; never a backend that wrote nothing."""
    if not written:
        return f" (backend: {asked})"
    by: dict[str, int] = defaultdict(int)
    for o in written:
        by[o.backend] += 1
    reasons = list(dict.fromkeys(o.reason for o in written if o.reason))
    parts = []
    for name, n in by.items():
        part = f"{n} by the {name} backend"
        if reasons and name != asked:
            more = f" and {len(reasons) - 1} other reason(s)" if len(reasons) > 1 else ""
            part += f" ({asked} fell back: {reasons[0]}{more})"
        parts.append(part)
    return "; " + ", ".join(parts)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--sources", "sources_file", default="sources.yml", show_default=True,
              type=click.Path(path_type=Path), help="Feeds and URLs to fetch (format in README).")
@click.option("--output", "output_dir", default="seeds", show_default=True,
              type=click.Path(path_type=Path), help="Folder the items are written to, one sub-folder per source.")
@click.option("--allow-private-addresses", is_flag=True,
              help="Also fetch from loopback and private addresses (for tests and intranets).")
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line and problems.")
def fetch_main(sources_file: Path, output_dir: Path, allow_private_addresses: bool, quiet: bool) -> None:
    """Fetch new items from the feeds and URLs in SOURCES into OUTPUT as Markdown, for `generate`.
    A separate command so that `generate` stays offline and reproducible."""
    from .fetch import SourcesError, fetch  # network code loads only for this command

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    out = Console(highlight=False, soft_wrap=True)
    if not sources_file.is_file():
        err.print(f"error: '{sources_file}' not found; create it (format in README) or pass --sources FILE",
                  markup=False)
        sys.exit(2)

    def show(status: str, what: str, detail: str) -> None:
        if status == "failed":
            err.print(f"error: {what}: {detail}", markup=False)
        elif status == "skipped":
            err.print(f"skipped: {what}: {detail}", markup=False)
        elif status == "warning":
            err.print(f"warning: {what}: {detail}", markup=False)
        elif not quiet and status in ("new", "note"):
            out.print(f"  {status:<5} {what}" + (f"  ({detail})" if detail else ""), markup=False)

    try:
        report = fetch(sources_file, output_dir, allow_private=allow_private_addresses, on_item=show)
    except SourcesError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:  # files written so far are complete; the next run re-fetches the rest
        err.print("interrupted: the items written so far are kept; run fetch again to go on", markup=False)
        sys.exit(130)
    out.print(report.line(), markup=False)
    if report.nothing_fetched:
        err.print("error: nothing could be fetched: every source was refused or failed (reasons above)",
                  markup=False)
    sys.exit(1 if report.failed or report.nothing_fetched else 0)
