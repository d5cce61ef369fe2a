"""While `mkdocs serve` runs: an article added to, changed in or removed from the articles
folder is regenerated before the site is rebuilt, so it shows in the browser a few seconds
after it is saved.

The regeneration is `generate`'s own run (generator.pipeline), incremental: unchanged
articles are cache hits, so only what changed is analysed. It runs in the serving process,
so the language model is loaded once (in the background when serving starts), not per save.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.briefings")


class Regenerator:
    def __init__(self, seeds: Path, briefings: Path, backend: str) -> None:
        self.seeds, self.briefings, self.backend = seeds, briefings, backend
        self.seen = self.snapshot()
        self.backend_made = None
        self.warm = threading.Thread(target=self._warm, daemon=True, name="briefings-model")
        self.warm.start()

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Every file below the articles folder with its size and modification time."""
        out: dict[str, tuple[int, int]] = {}
        if not self.seeds.is_dir():
            return out
        for path in self.seeds.rglob("*"):
            try:
                if path.is_file():
                    stat = path.stat()
                    out[str(path)] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue
        return out

    def run_if_changed(self) -> None:
        now = self.snapshot()
        if now == self.seen:
            return
        self.seen = now
        from generator import backends
        from generator.output.store import OutputBusy
        from generator.pipeline import run

        self.warm.join()
        started = time.perf_counter()
        try:
            backend = self.backend_made or backends.create(self.backend)
            report = run(self.seeds, self.briefings, backend, backends.fallback(), workers=1)
        except OutputBusy as exc:
            log.warning("briefings: not regenerated: %s", exc)
            return
        except Exception as exc:  # noqa: BLE001 - the site is still served; the user sees one line
            log.warning("briefings: regenerating %s failed: %s", self.seeds, exc)
            return
        for outcome in report.outcomes:
            if outcome.status == "written":
                log.info("briefings: regenerated %s in %.1f s", outcome.slug, time.perf_counter() - started)
            elif outcome.status == "failed":
                log.warning("briefings: %s: %s", outcome.source, outcome.reason)


    def _warm(self) -> None:
        """Load the language model and the analysis' data, and make the backend, before the
        first save needs them (a second or more each)."""
        try:
            from generator import backends
            from generator.analysis.run import analyse_batch
            from generator.model import Article

            self.backend_made = backends.create(self.backend)
            text = "The council said on Monday that the library would open in May."
            analyse_batch([Article(path="warm.txt", title="Warm", text=text, sentences=(), sha256="",
                                   paragraphs=(text,))])
        except Exception as exc:  # noqa: BLE001 - reported again, as one line, when a run needs it
            log.debug("briefings: language model not loaded: %s", exc)
