"""Files that hold many articles: `.jsonl` exports and saved feeds (`.rss`, `.atom`,
`.xml`). One briefing per item, stable ids, removing one item removes only its
briefing, one broken item costs only that item, duplicates give one briefing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from feed_server import atom, json_feed, rss1, rss2, rss091, story
from helpers import briefing_files

from generator import readers
from generator.cli import main


def _records(numbers: list[int], **extra) -> list[dict]:  # type: ignore[no-untyped-def]
    out = []
    for n in numbers:
        title, text = story(n)
        out.append({"title": title, "text": text, "url": f"https://news.test/{n}", "date": "2024-02-0" + str(n % 9 + 1),
                    "source": "Test Wire", **extra})
    return out


def _jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _generate(seeds: Path, out: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--input", str(seeds), "--output", str(out), "--backend", "extractive",
                                     "--workers", "1"])


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]


def test_jsonl_one_briefing_per_line_and_removing_one_removes_only_it(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    records = _records([1, 2, 3])
    _jsonl(seeds / "export.jsonl", records)
    first = _generate(seeds, out)
    assert first.exit_code == 0, first.output
    before = _manifest(out)
    assert len(before) == 3 and all(i.startswith("export.jsonl#") for i in before)
    assert {e["title"] for e in before.values()} == {r["title"] for r in records}

    _jsonl(seeds / "export.jsonl", [records[0], records[2]])  # the middle line goes
    second = _generate(seeds, out)
    assert second.exit_code == 0, second.output
    after = _manifest(out)
    gone = set(before) - set(after)
    assert len(gone) == 1 and before[gone.pop()]["title"] == records[1]["title"]
    for article_id, entry in after.items():  # the others keep their ids and their briefings
        assert before[article_id]["slug"] == entry["slug"]
        assert (out / f"{entry['slug']}.md").is_file()
    removed_slug = next(e["slug"] for e in before.values() if e["title"] == records[1]["title"])
    assert not (out / f"{removed_slug}.md").exists() and not (out / f"{removed_slug}.json").exists()
    assert "1 removed" in second.output


def test_jsonl_html_field_front_fields_and_a_broken_line(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    title, text = story(7)
    good = {"title": title, "html": "<p>" + text.replace("\n\n", "</p><script>x()</script><p>") + "</p>",
            "url": "https://news.test/7?utm_source=mail", "date": "2024-03-01", "source": "HTML Wire"}
    lines = [json.dumps(good), "{not json", json.dumps(["a", "list"]), json.dumps(_records([8])[0])]
    (seeds / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    articles = readers.read(seeds / "mixed.jsonl", seeds)
    assert len(articles) == 2
    first = articles[0]
    assert (first.title, first.source, first.date) == (title, "HTML Wire", "2024-03-01")
    assert "x()" not in first.text and first.text.startswith("The council of")
    assert [p for _, p in articles.problems] == ["line 2 is not valid JSON (Expecting property name enclosed "
                                                 "in double quotes: line 1 column 2 (char 1))",
                                                 "line 3 is not a JSON object"]

    result = _generate(seeds, out)
    assert result.exit_code == 1  # two lines failed ...
    assert "line 2 is not valid JSON" in result.output and "Traceback" not in result.output
    assert len(_manifest(out)) == 2  # ... and the two good ones have their briefings


def test_duplicates_in_an_export_give_one_briefing(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    a, b = _records([1, 2])
    same_url = {**a, "url": a["url"] + "?utm_source=twitter&utm_medium=social", "title": "Other headline"}
    same_text = {**b, "url": "https://mirror.test/copy", "title": "Copied story"}
    _jsonl(seeds / "dups.jsonl", [a, b, same_url, same_text])
    articles = readers.read(seeds / "dups.jsonl", seeds)
    assert [x.title for x in articles] == [a["title"], b["title"]]


def _entries(numbers: list[int]) -> list[dict]:
    return [{"id": f"urn:story:{n}", "title": story(n)[0], "text": story(n)[1], "link": f"https://feed.test/s/{n}"}
            for n in numbers]


def test_saved_feed_files_of_each_format(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.rss").write_bytes(rss2(_entries([1, 2])))
    (seeds / "b.atom").write_bytes(atom(_entries([3, 4])))
    (seeds / "c.xml").write_bytes(rss1(_entries([5])))
    (seeds / "d.xml").write_bytes(rss091(_entries([6])))
    found = {p.name: readers.read(p, seeds) for p in readers.discover(seeds)}
    assert {k: len(v) for k, v in found.items()} == {"a.rss": 2, "b.atom": 2, "c.xml": 1, "d.xml": 1}
    rss_first = found["a.rss"][0]
    assert (rss_first.title, rss_first.source, rss_first.date, rss_first.url) == (
        story(1)[0], "Loopback Gazette", "2024-01-02", "https://feed.test/s/1")
    assert rss_first.text == story(1)[1] and not rss_first.teaser
    assert found["b.atom"][1].date == "2024-01-04" and found["b.atom"][1].source == "Atom Post"
    assert found["c.xml"][0].source == "RDF Daily" and found["c.xml"][0].date == "2024-01-03"
    # ids are stable: the same entry in another run, or moved in its file, keeps its id
    again = readers.read(seeds / "a.rss", seeds)
    assert [x.id for x in again] == [x.id for x in found["a.rss"]]
    (seeds / "a.rss").write_bytes(rss2(list(reversed(_entries([1, 2])))))
    assert sorted(x.id for x in readers.read(seeds / "a.rss", seeds)) == sorted(x.id for x in again)


def test_json_feed_is_read_by_fetch_parser():
    from generator.readers.feed import parse_feed

    feed = parse_feed(json_feed(_entries([1])), "application/feed+json")
    entry = feed.entries[0]
    assert (feed.title, entry.title, entry.author, entry.date, entry.link) == (
        "JSON Journal", story(1)[0], "Lee Json", "2024-01-05", "https://feed.test/s/1")
    assert "\n\n".join(entry.content) == story(1)[1]


def test_summary_only_entries_are_teasers_and_the_briefing_says_so(tmp_path: Path):
    seeds, out = tmp_path / "seeds", tmp_path / "briefings"
    seeds.mkdir()
    entry = _entries([3])[0]
    (seeds / "teasers.rss").write_bytes(rss2([{**entry, "summary": entry["text"]}], full=False))
    (article,) = readers.read(seeds / "teasers.rss", seeds)
    assert article.teaser
    result = _generate(seeds, out)
    assert result.exit_code == 0, result.output
    data = json.loads(briefing_files(out)[0].read_text(encoding="utf-8"))
    assert data["source"]["teaser"] is True
    assert "teaser" in next(p for p in out.glob("*.md")).read_text(encoding="utf-8").lower()


def test_front_matter_teaser_flag_reaches_the_article(tmp_path: Path):
    (tmp_path / "t.md").write_text("---\ntitle: T\nteaser: true\n---\n\n" + story(4)[1] + "\n", encoding="utf-8")
    (tmp_path / "f.md").write_text("---\ntitle: F\n---\n\n" + story(5)[1] + "\n", encoding="utf-8")
    assert readers.read(tmp_path / "t.md", tmp_path)[0].teaser
    assert not readers.read(tmp_path / "f.md", tmp_path)[0].teaser


def test_an_xml_file_that_is_not_a_feed_is_one_clear_reason(tmp_path: Path):
    (tmp_path / "notes.xml").write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("nope\n", encoding="utf-8")
    for name, expected in (("notes.xml", "not an RSS or Atom feed"), ("bad.jsonl", "line 1 is not valid JSON")):
        try:
            readers.read(tmp_path / name, tmp_path)
        except readers.ReadError as exc:
            assert str(exc).startswith(expected) and "\n" not in str(exc)
        else:
            raise AssertionError(f"{name} was read as articles")
