"""Test helpers: run the real `generate` command and build the real site."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "seeds" / "us-arms-israel.md"
BIN = Path(sys.executable).parent


RECORDS = frozenset({"manifest.json", "stories.json"})
"""generate's own records in the output folder, beside the briefings (and the stories/ folder)."""


def briefing_files(out: Path, suffix: str = ".json") -> list[Path]:
    """The briefings' files in an output folder (not the manifest, not the stories)."""
    return sorted(p for p in out.glob(f"*{suffix}") if p.name not in RECORDS)


def text_files(out: Path) -> list[Path]:
    """Every Markdown and JSON file generate wrote, in any folder of the output."""
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in (".md", ".json"))


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING"))}
    env.update(NO_MKDOCS_2_WARNING="1", **extra)
    return env


def generate(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "generate"), *args], capture_output=True, text=True,
        env=env or offline_env(), timeout=timeout, cwd=ROOT,
    )


def site_config(briefings: Path, folder: Path, plugins: tuple = (), **options: object) -> Path:
    """A mkdocs.yml that is the project's (INHERIT) but publishes `briefings`, with the
    plugin's `options` (and other `plugins` listed first); written into `folder`, returned."""
    plugin = {"briefings_dir": str(briefings), "seeds_dir": None, **options}
    config = folder / "mkdocs.yml"
    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({  # JSON is YAML
        "INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(ROOT / "docs"),
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "plugins": [*plugins, {"briefings": {k: v for k, v in plugin.items() if v is not None}}],
    }), encoding="utf-8")
    return config


def build_site(briefings: Path, site: Path, plugins: tuple = (), **options: object) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project's site with `briefings` published into `site`."""
    config = site_config(briefings, site.parent / f"{site.name}-config", plugins, **options)
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=offline_env(), timeout=300, cwd=ROOT,
    )




CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # Debian's; elsewhere set CHROMIUM
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """WCAG 2 A/AA violations axe-core finds on the page open in `page` (Playwright), one line each."""
    assert AXE.is_file(), "axe-core is missing: run `npm install` in the project folder"
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
        .violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""",
                         AXE_TAGS)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A static file server for a built site on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def analysed(path: Path, root: Path):  # type: ignore[no-untyped-def]
    """Read one file and run the shared analysis on it, as the pipeline does:
    (article with its sentences, analysis)."""
    from generator.analysis.run import analyse_batch
    from generator.readers import read

    [article] = read(path, root)
    [(done, analysis, problem)] = analyse_batch([article])
    assert analysis is not None, problem
    return done, analysis


def extractive_briefing(path: Path, root: Path):  # type: ignore[no-untyped-def]
    """(article, the offline backend's briefing) for one file."""
    from generator.backends.extractive import ExtractiveBackend

    article, analysis = analysed(path, root)
    return article, ExtractiveBackend().analyse(article, analysis)


def analyse_text(title: str, *paragraphs: str, date: str = ""):  # type: ignore[no-untyped-def]
    """(article, analysis) for literal text, through the shared analysis."""
    from generator.analysis.run import analyse_batch
    from generator.model import Article

    text = "\n\n".join(paragraphs)
    read = Article(path="t.txt", title=title, text=text, sentences=(), sha256="", date=date,
                   paragraphs=paragraphs)
    [(article, analysis, problem)] = analyse_batch([read])
    assert analysis is not None, problem
    return article, analysis
