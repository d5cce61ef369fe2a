"""MkDocs hook: publish the generated briefings/ next to the hand-written docs/.

MkDocs reads a single docs folder; this hook adds every briefing page (and
its JSON) from briefings/ and fills the home page's list, newest first.
Set BRIEFINGS_DIR to publish another folder (tests do).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.structure.files import File, Files

from generator.output.render import text

LIST_MARKER = "<!-- briefings-list -->"


def briefings_dir(config) -> Path:
    configured = os.environ.get("BRIEFINGS_DIR")
    return Path(configured) if configured else Path(config.config_file_path).parent / "briefings"


def on_files(files: Files, config) -> Files:
    folder = briefings_dir(config)
    if not folder.is_dir():
        return files
    for path in sorted(folder.iterdir()):
        if path.suffix in {".md", ".json"} and not path.name.startswith(".") and path.name != "manifest.json":
            files.append(File.generated(config, f"briefings/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if LIST_MARKER not in markdown:
        return markdown
    return markdown.replace(LIST_MARKER, _listing(briefings_dir(config), files))


def _listing(folder: Path, files: Files) -> str:
    rows = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if path.name == "manifest.json" or files.get_file_from_path(f"briefings/{path.stem}.md") is None:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            source = data.get("source", {})
            actors = [a["name"] for a in data.get("actors", [])[:4]]
            rows.append((str(source.get("date", "")), str(data.get("title", path.stem)),
                         str(source.get("publisher", "")), actors, path.stem))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # a damaged file is skipped, not allowed to break the site
    if not rows:
        return "No briefings yet. Put articles in `seeds/` and run `generate`."
    rows.sort(key=lambda r: r[1].lower())
    rows.sort(key=lambda r: r[0], reverse=True)  # newest first; undated ("") sorts last
    lines = [f"{len(rows)} briefing(s), newest first.", "",
             "| Date | Briefing | Source | Key actors |", "| --- | --- | --- | --- |"]
    for date, title, publisher, actors, slug in rows:
        lines.append(f"| {text(date) or '—'} | [{text(title)}](briefings/{slug}.md) | "
                     f"{text(publisher) or '—'} | {text(', '.join(actors))} |")
    return "\n".join(lines)
