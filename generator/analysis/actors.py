"""Who is in the story: capitalised phrases -> typed, merged, counted actors.

A rule-based stand-in for NER (no model can be fetched offline): it reads the
conventions of news writing — titles before names, surnames on later
mentions, "X said" — and prefers missing an actor to inventing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import NO_ACTION, Actor, ActorType
from . import gazetteer as gz
from .lexicon import neutralise

_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.\-]*|[^\w\s]")


@dataclass
class _Candidate:
    name: str
    type: ActorType
    title: str = ""
    forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Run:
    """One capitalised phrase in one sentence."""

    tokens: tuple[str, ...]
    sentence_start: bool
    next_word: str


def find_actors(sentences: tuple[str, ...] | list[str], limit: int = 12) -> list[Actor]:
    """Actors of the article, most mentioned first."""
    runs = [run for s in sentences for run in _capitalised_runs(s)]
    mid_sentence = {tok for run in runs if not run.sentence_start for tok in run.tokens}
    candidates: dict[str, _Candidate] = {}
    lone_tokens: list[_Run] = []

    for run in runs:
        tokens = list(run.tokens)
        if run.sentence_start and len(tokens) == 1 and tokens[0] not in mid_sentence:
            if not gz.canonical_state(tokens[0]):
                continue  # "Critics", "Officials": capitalised only by position
        title, name_tokens = _split_title(tokens)
        if not name_tokens:
            continue
        name = " ".join(name_tokens)
        kind = _classify(name_tokens, title)
        if kind is None:
            if len(name_tokens) == 1:
                lone_tokens.append(_Run(tuple(name_tokens), run.sentence_start, run.next_word))
            continue
        display = (gz.canonical_state(name) or name) if kind == "state" else name
        cand = candidates.setdefault(display, _Candidate(display, kind))
        cand.forms.add(name)
        if title and not cand.title:
            cand.title = title

    _merge_surnames(candidates, lone_tokens)
    _add_persons_by_convention(candidates, runs, lone_tokens)
    _add_lone_groups(candidates, lone_tokens)

    text = " ".join(sentences)
    actors = []
    for cand in candidates.values():
        mentions = _count_mentions(text, cand)
        if mentions:
            actors.append(Actor(cand.name, cand.type, _role(cand, sentences), mentions))
    actors.sort(key=lambda a: (-a.mentions, a.name))
    return actors[:limit]


def _capitalised_runs(sentence: str) -> list[_Run]:
    tokens = _TOKEN.findall(sentence)
    runs: list[_Run] = []
    i = 0
    while i < len(tokens):
        if not _is_capitalised(tokens[i]):
            i += 1
            continue
        start, run = i, [tokens[i]]
        i += 1
        while i < len(tokens):
            if _is_capitalised(tokens[i]):
                run.append(tokens[i])
                i += 1
            elif tokens[i] in gz.CONNECTORS and i + 1 < len(tokens) and _is_capitalised(tokens[i + 1]):
                run.extend(tokens[i : i + 2])
                i += 2
            else:
                break
        next_word = tokens[i] if i < len(tokens) else ""
        cleaned = _clean(run)
        if cleaned:
            # "The Pentagon" at a sentence start: "Pentagon" is capitalised on its own merits.
            first = (start == 0 or (start == 1 and tokens[0] in {'"', "“", "'"})) and cleaned[0] == run[0]
            runs.append(_Run(tuple(cleaned), first, next_word))
    return runs


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _clean(run: list[str]) -> list[str]:
    """Drop possessives, sentence-final dots and leading determiners."""
    out = []
    for tok in run:
        tok = re.sub(r"['’]s$", "", tok)
        if tok.endswith(".") and not (re.fullmatch(r"(?:[A-Z]\.)+", tok) or tok in gz.ABBREVIATIONS):
            tok = tok[:-1]
        if tok:
            out.append(tok)
    while out and out[0] in gz.LEADING_DETERMINERS:
        out.pop(0)
    while out and out[-1] in gz.CONNECTORS:
        out.pop()
    return out


def _split_title(tokens: list[str]) -> tuple[str, list[str]]:
    """'Israeli Prime Minister Benjamin Netanyahu' -> ('Israeli Prime Minister', [...])."""
    i = 0
    while i < len(tokens) and (tokens[i] in gz.TITLE_WORDS or gz.demonym_state(tokens[i])):
        i += 1
    if i == 0 or i == len(tokens):
        if i == len(tokens) and len(tokens) == 1 and gz.demonym_state(tokens[0]):
            return "", []  # a bare "Israeli" is an adjective, not an actor
        return "", tokens
    if not any(t in gz.TITLE_WORDS for t in tokens[:i]):
        return "", tokens  # "American Airlines": a demonym alone is not a title
    return " ".join(tokens[:i]), tokens[i:]


def _classify(tokens: list[str], title: str) -> ActorType | None:
    name = " ".join(tokens)
    if tokens[0] in gz.VESSEL_PREFIXES or any(t in gz.TIME_WORDS for t in tokens):
        return None
    if name in gz.PLACE_WORDS or tokens[-1] in gz.PLACE_WORDS:
        return None
    if gz.canonical_state(name):
        return "state"
    if title:
        return "person"
    if name in gz.ORG_WORDS or any(t in gz.ORG_WORDS for t in tokens):
        return "organisation"
    if len(tokens) == 1 and re.fullmatch(r"[A-Z]{2,6}", name):
        return "organisation"  # NATO, IDF, UN
    return None


def _merge_surnames(candidates: dict[str, _Candidate], lone: list[_Run]) -> None:
    """'Biden' on a later mention is the 'Joe Biden' met before."""
    surnames = {c.name.split()[-1]: c for c in candidates.values() if c.type == "person"}
    for run in list(lone):
        cand = surnames.get(run.tokens[0])
        if cand:
            cand.forms.add(run.tokens[0])
            lone.remove(run)


def _add_persons_by_convention(
    candidates: dict[str, _Candidate], runs: list[_Run], lone: list[_Run]
) -> None:
    """Untitled full names count as persons when the article later uses the surname alone,
    or when they are the subject of a reporting verb ('Jane Roe said')."""
    lone_words = {r.tokens[0] for r in lone}
    for run in runs:
        title, tokens = _split_title(list(run.tokens))
        name = " ".join(tokens)
        if title or not 2 <= len(tokens) <= 4 or name in candidates or _classify(tokens, "") is not None:
            continue
        if any(t in gz.PLACE_WORDS or t in gz.TIME_WORDS or t in gz.VESSEL_PREFIXES for t in tokens):
            continue
        if not all(re.fullmatch(r"[A-Z][a-zà-ÿ'’\-]+|[A-Z]\.", t) for t in tokens):
            continue
        if tokens[-1] in lone_words or run.next_word in gz.REPORTING_VERBS:
            candidates[name] = _Candidate(name, "person", forms={name, tokens[-1]})
    lone[:] = [r for r in lone if not any(r.tokens[0] in c.forms for c in candidates.values())]


def _add_lone_groups(candidates: dict[str, _Candidate], lone: list[_Run]) -> None:
    """A single unknown proper noun used as a noun ('Iran and Hezbollah.'), not as a
    modifier ('Hellfire missiles'), is taken for a group."""
    for run in lone:
        word = run.tokens[0]
        if run.sentence_start or word in candidates or len(word) < 3:
            continue
        follower = run.next_word
        if follower and follower[:1].isalpha() and follower not in gz.SUBJECT_FOLLOWERS:
            continue
        if gz.demonym_state(word) or word in gz.TITLE_WORDS or word in gz.PLACE_WORDS or word in gz.TIME_WORDS:
            continue
        candidates[word] = _Candidate(word, "group", forms={word})


def _count_mentions(text: str, cand: _Candidate) -> int:
    forms = set(cand.forms) | {cand.name}
    if cand.type == "state":
        forms |= {alias for alias, state in gz.state_names().items() if state == cand.name}
        forms |= {d for d in gz.DEMONYMS if gz.demonym_state(d) == cand.name}
    if cand.type == "person":
        forms = {cand.name.split()[-1]}  # every full mention contains the surname
    pattern = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return len(re.findall(rf"(?<![\w.])(?:{pattern})(?![\w])", text))


_NOT_A_VERB = frozenset(["and", "or", "of", "in", "to", "for", "on", "at", "by", "with", "from", "as", "than", "about", "into", "over", "under", "after", "before"])


_DANGLING = _NOT_A_VERB | frozenset(["the", "a", "an", "his", "her", "its", "their", "our", "my", "your"])


def _role(cand: _Candidate, sentences: tuple[str, ...] | list[str]) -> str:
    """The title the article gives, and what the actor first does in the story."""
    forms = sorted(cand.forms | {cand.name}, key=len, reverse=True)
    action = ""
    for sentence in sentences:
        for form in forms:
            match = re.search(rf"(?<![\w]){re.escape(form)}\s+([a-z][^,;:.!?\"“”]*)", sentence)
            if match and match.group(1).split()[0] not in _NOT_A_VERB:
                words = neutralise(match.group(1)).split()
                cut = words[:14]
                while len(cut) > 1 and cut[-1].lower() in _DANGLING:
                    cut.pop()
                action = " ".join(cut) + (" …" if len(words) > len(cut) else "")
                break
        if action:
            break
    parts = [f"described as {cand.title}"] if cand.title else []
    parts.append(f"in the article: {action}" if action else NO_ACTION)
    return "; ".join(parts)
