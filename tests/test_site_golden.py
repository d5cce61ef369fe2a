"""A golden site, the Pelican way: a small fixed site (tests/fixtures/site-briefings, three
briefings that fill schema 2's fields, one of them schema 1) is built and compared, folder
to folder, with what it built when the golden files were last accepted
(tests/fixtures/golden-site). What is compared is what the plugin makes: the body of each
page it generates and of the home page (Material's frame around it is Material's), the
JSON twins it publishes, the feeds and the search index (but its shards, which
tests/test_search.py reads back).

After a change to the site that is meant:

    .venv/bin/python tests/test_site_golden.py --regenerate

rebuilds the golden files; review their diff like code before committing it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from helpers import FIXTURES, build_site  # noqa: E402

BRIEFINGS = FIXTURES / "site-briefings"
GOLDEN = FIXTURES / "golden-site"
BODY = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def _normalised(path: Path, site: Path) -> str | None:
    """The part of a built file that the golden copy holds, or None for files not compared."""
    rel = path.relative_to(site).as_posix()
    if rel.startswith(("assets/", "search/shard/")) or rel.endswith(".gz"):  # shards: tests/test_search.py
        return None
    data = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        if not (rel == "index.html" or rel.startswith(("briefings/", "actors/", "archive/", "page/"))):
            return None  # a hand-written page (docs/): MkDocs' rendering of it
        found = BODY.search(data)
        return found.group(1).strip() + "\n" if found else None
    if rel in ("feed_rss_created.xml", "feed_atom.xml"):
        return re.sub(r"<(lastBuildDate|generator|updated)([^>]*)>[^<]*</\1>", "", data.split("?>", 1)[-1]) + "\n"
    if rel == "search/index.json":
        manifest = json.loads(data)
        manifest.pop("build")
        return json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    if rel.startswith("search/") or rel.startswith("briefings/") and rel.endswith(".json"):
        return data if data.endswith("\n") else data + "\n"
    return None


def built_files(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            body = _normalised(path, site)
            if body is not None:
                out[path.relative_to(site).as_posix()] = body
    return out


def build(tmp: Path) -> dict[str, str]:
    briefings = tmp / "briefings"
    shutil.copytree(BRIEFINGS, briefings)
    result = build_site(briefings, tmp / "site", per_page=2)
    assert result.returncode == 0, result.stdout + result.stderr
    return built_files(tmp / "site")


def golden_files() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def test_the_site_is_the_golden_site(tmp_path):
    made, golden = build(tmp_path), golden_files()
    assert golden, "no golden files: run `.venv/bin/python tests/test_site_golden.py --regenerate`"
    assert sorted(made) == sorted(golden), "files added or missing (regenerate if meant)"
    changed = [name for name in made if made[name] != golden[name]]
    assert changed == [], "these files differ from the golden site (regenerate if meant): " + ", ".join(changed)


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        made = build(Path(tmp))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, body in made.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    print(f"{len(made)} golden files written to {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit(__doc__)
    regenerate()
