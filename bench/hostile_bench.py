"""Seconds per pathological article: read + shared analysis + extractive briefing.

The inputs are the ones issue 10 found slow (a 299,000-character sentence
without punctuation, deeply nested Markdown, a 290,000-character web page)
plus other nesting shapes and an ordinary article at the analysis bound for
comparison. The spaCy model is loaded before timing starts (once per run in
`generate` too). Run: `.venv/bin/python bench/hostile_bench.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analysis.parse import nlp  # noqa: E402
from generator.analysis.run import analyse_batch  # noqa: E402
from generator.backends.extractive import ExtractiveBackend  # noqa: E402
from generator.readers import ReadError, read  # noqa: E402

SENTENCE = "The minister said the plan would go ahead next week after a long debate in parliament. "
LEAD = "# Nested markup\n\n" + SENTENCE * 5 + "\n\n"
WORDS = "the council said bridge repairs would cost money and take time while residents waited".split()


def _run_on(chars: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(chars // 5))[:chars].strip()


CASES: dict[str, tuple[str, str]] = {
    "run-on sentence, 299,000 chars (.txt)": ("runon.txt", "Run on\n\n" + _run_on(299_000) + "\n"),
    "ordinary prose, 50,000 chars (.txt)": ("prose.txt", "Prose\n\n" + (SENTENCE * 600)[:50_000] + "\n"),
    "ordinary prose, 290,000 chars (.txt)": ("prose290.txt", "Prose\n\n" + (SENTENCE * 3400)[:290_000] + "\n"),
    "nested emphasis x30,000 (.md)": ("emph.md", LEAD + "*a " * 30_000 + "x" + " b*" * 30_000),
    "nested brackets x30,000 (.md)": ("brackets.md", LEAD + "[" * 30_000 + "a" + "](b)" * 30_000),
    "unclosed links x30,000 (.md)": ("links.md", LEAD + "[a](" * 30_000),
    "nested lists x2,000 (.md)": ("lists.md", LEAD + "".join("  " * i + "- item\n" for i in range(2000))),
    "nested quotes x50,000 (.md)": ("quotes.md", LEAD + ">" * 50_000 + " text\n"),
    "web page, 290,000 chars of paragraphs (.html)": (
        "page.html", "<html><head><title>Big page</title></head><body><article>"
        + ("<p>" + SENTENCE * 30 + "</p>") * 110 + "</article></body></html>"),
    "web page, one 290,000-char text node (.html)": (
        "node.html", "<html><body><p>" + _run_on(290_000) + "</p></body></html>"),
    "web page, 25,000 tiny paragraphs (.html)": (
        "tiny.html", "<html><body>" + "<p>word</p>" * 25_000 + "</body></html>"),
    "web page, 20,000 nested divs (.html)": (
        "divs.html", "<html><body>" + "<div>" * 20_000 + SENTENCE * 20 + "</div>" * 20_000 + "</body></html>"),
}


def main() -> None:
    nlp()
    backend = ExtractiveBackend()
    print("| input | seconds | analysed chars | longest sentence | note |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, content) in CASES.items():
            path = Path(folder) / name
            path.write_text(content)
            started = time.perf_counter()
            try:
                [article] = read(path, path.parent)
                [(done, analysis, problem)] = analyse_batch([article])
                if analysis is not None:
                    backend.analyse(done, analysis)
                outcome = (len(done.text), max((len(s) for s in done.sentences), default=0),
                           "cut" if article.notices else problem or "")
            except ReadError as exc:
                outcome = (0, 0, f"refused: {exc}")
            seconds = time.perf_counter() - started
            print(f"| {label} | {seconds:.1f} | {outcome[0]:,} | {outcome[1]:,} | {outcome[2]} |", flush=True)


if __name__ == "__main__":
    main()
