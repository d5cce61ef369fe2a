"""Who speaks, the claims ledger, the questions and the key actors, on BASIL dev (issue 21).

Rows (every figure over the 150 BASIL dev articles unless said otherwise):
- speech, BASIL person quotes credited: BASIL marks quoted spans with their speaker
  (`spans[]`, `quote: true`); for the spans whose speaker is a person (`First_Last`, not a
  group: see `person_speaker`), the sentence the span starts in (found by its text) must be
  credited in the briefing's `speakers` to that person (surname match). Briefings without
  `speakers` (before issue 21) are read through their claims instead. Baseline: the last
  person actor named in that sentence or before it.
- claims per article, and questions per article.
- claims whose speaker is right, on the hand-checked set (tests/data/claim_speakers_basil.json:
  233 sentences of 10 articles labelled by reading them, see its "how"): every claim whose
  evidence sentences are labelled; its speaker must match the label (or its second reading)
  of each. Baseline: the same claims credited to the last person named.
- speech credits right on the hand-checked sentences: a sentence labelled as speech must be
  credited to its speaker, one labelled "none" must not be credited (unless its second
  reading is a speaker).
- unnamed-source questions on a sentence whose credited speaker is named (target 0).
- key actors per article.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from evaluate import ROOT, Row, _briefings, read_jsonl

NAME = "claims"
FILES = ["basil_dev.jsonl"]
GOLD = ROOT / "tests" / "data" / "claim_speakers_basil.json"
PUBLISHERS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
NO_SOURCE_PREFIX = "the article"
_GROUP_WORDS = frozenset("party lawmakers republicans democrats officials campaign now committee".split())


def person_speaker(speaker: str) -> bool:
    """BASIL speakers are `First_Last` for people and other forms for groups ("other_anti",
    "Obama_campaign", "Tea_Party", "Senate_Republicans"): a person is two or three
    capitalised parts, none of them a collective word."""
    parts = speaker.split("_")
    return (2 <= len(parts) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+\.?", p) for p in parts)
            and not any(p.lower() in _GROUP_WORDS for p in parts))


def basil_article(row: dict):  # type: ignore[no-untyped-def]
    """The BASIL row as `generate` would read it from a file with front matter."""
    from generator.readers.base import ReadError, make_article

    paragraphs = [p for p in row["text"].split("\n\n") if p.strip()]
    meta = {"title": row["title"], "date": row["date"], "url": row.get("url", ""),
            "source": PUBLISHERS.get(row["outlet"].lower(), row["outlet"])}
    try:
        return make_article(Path(f"{row['id']}.txt"), Path("."), row["text"].encode(), meta, paragraphs)
    except ReadError:
        return None


def _norm(text: str) -> str:
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    text = re.sub(r"[\u2018\u2019]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def span_sentence(sentences: list[str], span: str) -> int | None:
    """The index of the sentence the span starts in, found by its text (quote marks and
    spaces normalised); None when the span's text is not in the article."""
    core = _norm(span).strip(' "\'')
    if not core:
        return None
    joined, starts = "", []
    for s in sentences:
        starts.append(len(joined))
        joined += _norm(s) + " "
    for probe in (core, core[:60]):
        at = joined.find(probe)
        if at >= 0:
            return max(k for k, start in enumerate(starts) if start <= at)
    return None


def surname_match(name: str, person: str) -> bool:
    """'Harry Reid' / 'Reid' / 'Sen. Reid' match BASIL's 'Harry_Reid'."""
    words = re.findall(r"[\w'.-]+", name.lower())
    return bool(words) and words[-1].strip(".") == person.split("_")[-1].lower()


def credits_of(briefing) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Sentence -> credited speaker: the briefing's `speakers`, or (older briefings without
    them) the claims' attributions."""
    if briefing.speakers:
        return {c.sentence: c.speaker for c in briefing.speakers}
    index = {s: k for k, s in enumerate(briefing.source.sentences)}
    out: dict[int, str] = {}
    for claim in briefing.claims:
        if claim.attributed_to.startswith(NO_SOURCE_PREFIX):
            continue
        for k in claim.evidence_sentences or [index.get(claim.evidence, -1)]:
            if k >= 0:
                out[k] = claim.attributed_to
    return out


def last_person_named(briefing, k: int) -> str | None:  # type: ignore[no-untyped-def]
    """The baseline attribution: the person actor whose surname was named last, in
    sentence k or before it."""
    people = [a.name for a in briefing.actors if a.type == "person"]
    for j in range(k, -1, -1):
        sentence = briefing.source.sentences[j]
        best, at = None, -1
        for name in people:
            for m in re.finditer(rf"\b{re.escape(name.split()[-1])}\b", sentence):
                if m.start() > at:
                    best, at = name, m.start()
        if best:
            return best
    return None


# -- the hand-checked set ------------------------------------------------------------

def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("\u2019", "'"))


def _same_name(ours: str, gold: str) -> bool:
    """A person: same surname and, when both give one, the same first name; any other
    name: one is a whole-word prefix or suffix of the other ("NRA"/"National Rifle
    Association" counts through the initials). "A and B" matches either part."""
    if " and " in gold:
        return any(_same_name(ours, part) for part in gold.split(" and "))
    a, b = _words(ours.removeprefix("the ").removeprefix("The ")), _words(gold)
    if not a or not b:
        return False
    if a == b or "".join(w[0] for w in b) == "".join(a) or "".join(w[0] for w in a) == "".join(b):
        return True
    if a[-1] == b[-1] and (len(a) == 1 or len(b) == 1 or a[0] == b[0]):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[:len(short)] == short or long_[-len(short):] == short


def speaker_right(attributed_to: str, named: bool, gold: list[str]) -> bool:
    """`attributed_to` as shown; `named` when it is an actor (not the article, not an
    unnamed source); `gold`: the label and its second readings."""
    for g in gold:
        if g == "":
            if attributed_to.startswith(NO_SOURCE_PREFIX):
                return True
        elif g.startswith("unnamed "):
            if not named and not attributed_to.startswith(NO_SOURCE_PREFIX):
                return True
        elif g in {"lawsuit", "report"}:
            if g in attributed_to.lower() or (g == "lawsuit" and "suit" in attributed_to.lower()):
                return True
        elif _same_name(attributed_to, g) and not attributed_to.startswith(NO_SOURCE_PREFIX):
            return True
    return False


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def check_split(article, labels: list[dict]) -> None:  # type: ignore[no-untyped-def]
    """The labels point at sentences by index: stop if the split has moved under them."""
    for label in labels:
        k = label["sentence"]
        digest = hashlib.sha1(article.sentences[k].encode()).hexdigest()[:10] if k < len(article.sentences) else ""
        if digest != label["sha1"]:
            raise RuntimeError(f"{article.path}: sentence {k} is not the one labelled (the sentence split "
                               "changed): relabel tests/data/claim_speakers_basil.json")


def score_claims(briefing, labels: dict[int, dict], actor_ids: set[str]) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(claims scored, speaker right, baseline right) for one briefing."""
    scored = right = base = 0
    index = {s: k for k, s in enumerate(briefing.source.sentences)}
    for claim in (c for c in briefing.claims if c.key):  # the ledger as shown
        ks = claim.evidence_sentences or [index.get(claim.evidence, -1)]
        if not ks or not all(k in labels for k in ks):
            continue
        scored += 1
        named = claim.speaker is not None and claim.speaker in actor_ids or (
            not claim.speaker and not claim.attributed_to.startswith(NO_SOURCE_PREFIX)
            and not claim.attributed_to.startswith(("unnamed", "an unnamed")))
        golds = [[labels[k]["speaker"], *labels[k].get("also", [])] for k in ks]
        right += all(speaker_right(claim.attributed_to, named, g) for g in golds)
        guess = last_person_named(briefing, ks[0])
        base += all(speaker_right(guess or "the article", guess is not None, g) for g in golds)
    return scored, right, base


def score_speech(briefing, labels: dict[int, dict]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(labelled sentences, credited right) for one briefing."""
    credits = credits_of(briefing)
    right = 0
    for k, label in labels.items():
        gold = [label["speaker"], *label.get("also", [])]
        if k not in credits:
            right += "" in gold
        else:
            who = credits[k]
            named = not who.startswith(("unnamed", "an unnamed"))
            right += any(g != "" for g in gold) and speaker_right(who, named, [g for g in gold if g != ""])
    return len(labels), right


# -- the rows ----------------------------------------------------------------------

def rows(data: Path, limit: int | None) -> list[Row]:
    table = read_jsonl(data / FILES[0])[:limit]
    pairs = [(r, a) for r in table if (a := basil_article(r)) is not None]
    made = _briefings([a for _, a in pairs])
    gold = {a["id"]: a for a in load_gold()["articles"]}
    spans = spans_right = spans_base = spans_lost = 0
    claims = questions = key_actors = named_q = 0
    scored = right = base = labelled = speech_right = 0
    for (row, _), (article, briefing) in zip(pairs, made, strict=True):
        claims += sum(c.key for c in briefing.claims)  # shown by default
        questions += len(briefing.open_questions)
        key_actors += sum(a.key for a in briefing.actors)
        credits = credits_of(briefing)
        index = {s: k for k, s in enumerate(article.sentences)}
        for q in briefing.open_questions:
            k = q.sentence if q.sentence is not None else index.get(q.about)
            who = credits.get(k) if k is not None else None
            # older briefings carry no kind: their unnamed-source question said "does not name them"
            unnamed = q.kind == "unnamed source" or not q.kind and "does not name them" in q.question
            if unnamed and who and not who.startswith(("unnamed", "an unnamed")):
                named_q += 1
        sentences = list(article.sentences)
        for span in row["spans"]:
            if not span.get("quote") or not person_speaker(span.get("speaker") or ""):
                continue
            k = span_sentence(sentences, span["text"])
            if k is None:
                spans_lost += 1
                continue
            spans += 1
            spans_right += surname_match(credits.get(k, ""), span["speaker"])
            spans_base += surname_match(last_person_named(briefing, k) or "", span["speaker"])
        if row["id"] in gold:
            labels = {lab["sentence"]: lab for lab in gold[row["id"]]["labels"]}
            check_split(article, gold[row["id"]]["labels"])
            s, r, b = score_claims(briefing, labels, {a.id for a in briefing.actors if a.id})
            scored, right, base = scored + s, right + r, base + b
            n, ok = score_speech(briefing, labels)
            labelled, speech_right = labelled + n, speech_right + ok
    n = max(len(made), 1)
    out = [
        Row(f"speech: person quotes credited ({spans})", "BASIL dev", spans_right / max(spans, 1),
            spans_base / max(spans, 1), "last person named", ">= 0.90"),
        Row("claims per article", "BASIL dev", claims / n, None, "", "<= 12", 1),
        Row(f"claims: speaker right ({scored} hand-checked)", "BASIL 10", right / max(scored, 1),
            base / max(scored, 1), "last person named", ">= 0.90"),
        Row(f"speech: sentences credited right ({labelled})", "BASIL 10", speech_right / max(labelled, 1),
            None, "", ""),
        Row("questions per article", "BASIL dev", questions / n, None, "", "<= 6", 1),
        Row("questions: unnamed source, yet named", "BASIL dev", named_q, None, "", "0", 0),
        Row("key actors per article", "BASIL dev", key_actors / n, None, "", "<= 8", 1),
    ]
    if spans_lost:
        out[0].measure = f"speech: person quotes credited ({spans}, {spans_lost} not found)"
    return out
