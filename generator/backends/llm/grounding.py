"""The mechanical checker between an LLM reply and a published briefing.

No model in here, only string tests, so what it lets through can be
explained: every item the LLM proposes must rest on sentences the article
really has, and the words that carry facts (numbers, names, quotations)
must be found in those sentences. Evidence is never taken from the model:
it is copied from the article by sentence id, so it is verbatim by
construction. Whatever fails is dropped and counted, never repaired.

What is compared (each rule has a test of faithful items it must keep and
altered items it must drop, see tests/test_llm_grounding*.py):
- quantities after normalising number words, scales and percentages
  ("twelve million" = "12m" = 12,000,000; "millions" is not "thousands"), and
  negation ("no officers were injured" needs a negation in the cited text);
- every quoted span, in any quotation marks (straight or curly, single or
  double, backticks, guillemets), word for word; a claim of kind "quote" must
  quote the cited sentences;
- names, with the everyday aliases of states (US, U.S., United States;
  UK, Britain; Israeli for Israel) and hyphenated pairs read as two names;
- an actor's role: its nouns and adjectives in the sentences that mention the
  actor, its verbs somewhere in the article;
- a claim's source: the speaker the attribution analysis found for the cited
  sentence, when it found a named one;
- sentences addressed to AI systems (prompt injection) support nothing;
- meaning, on the parse (`meaning.py`): each clause of a summary sentence or
  claim keeps the polarity, tense and modality, agent and patient, and speaker
  of the cited sentence that has the same predicate; no antonym, no speaker the
  article does not have, no adverb of judgement the cited sentences lack.
Every list is deduplicated and capped (CAPS), so no reply can flood a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ...analysis.attribution import INSTITUTIONS
from ...analysis.gazetteer import DEMONYMS, STATE_ALIASES, canonical_state, demonym_state
from ...analysis.injection import addressed_to_ai
from ...analysis.lexicon import detect_text, is_neutral, neutral_wording, neutralise
from ...model import (NO_ACTION, NO_SOURCE, Actor, Analysis, Article, Claim, LanguageNote, OpenQuestion,
                      Quantity, SpeechCredit)
from ...text import QUOTATION, one_line, quotations
from . import facts, meaning
from .prompt import Reply
from .quantities import VAGUE, quantities

_OPENS_QUOTE = re.compile(r"^\s*['\"\u2018\u201c](?=\w)")
_OPENING_QUOTE = re.compile(r"(?:^|[\s:,(])['\"\u2018\u201c](?=\w)")
"""A quotation mark that opens a quotation (not an apostrophe: it follows a space or a colon)."""
_OWNED = re.compile(r"^(?:an?\s+|the\s+)?(?P<owner>[A-Z][^,]{0,60}?)(?:['\u2019]s?)?\s+(?P<noun>[a-z][\w-]*)$")
"""A described source with its organisation before it: "a McDonald's spokeswoman", "a Harbour
Foods spokesman"."""

_CLAIM_KINDS = {"attributed": "statement", "assertion": "event"}
"""The reply's claim kinds -> the briefing's (model.ClaimKind)."""
CAPS = {"summary": 5, "actors": 30, "claims": 40, "open_questions": 12, "language_notes": 40}
"""The most items of each kind one briefing publishes (after deduplication)."""

_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")
# Capitalised only because they start a sentence or a title; never names.
_COMMON = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "in", "on", "at", "as", "after", "before", "during", "while", "meanwhile", "however", "but", "and", "or", "if", "when", "where", "since", "also", "some", "many", "most", "several", "both", "all", "any", "each", "no", "not", "there", "here", "according", "article", "says", "said", "asserts", "reports", "reported", "states", "stated", "claims", "adds", "added", "notes", "describes", "calls", "who", "whom", "whose", "what", "which", "why", "how", "when", "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "there", "what's", "no", "yes", "other", "another", "such"]
)


@dataclass
class Grounded:
    summary: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    language_notes: list[LanguageNote] = field(default_factory=list)
    headline: str = ""
    """The model's headline when it passed the summary's checks, else ""."""
    dropped: int = 0
    reasons: list[str] = field(default_factory=list)
    """Why each dropped item was dropped, for logs and tests (never published)."""

    skipped: int = 0
    """Repeats and items past a cap: not checked, not published, not counted as unverified."""

    def skip(self, what: str) -> None:
        self.skipped += 1

    def drop(self, what: str, why: str) -> None:
        self.dropped += 1
        if len(self.reasons) < 200:  # a flood of junk needs no flood of log lines
            self.reasons.append(f"{what}: {why}")


def ground(article: Article, analysis: Analysis, reply: Reply, *, max_summary: int = 5,
           forbidden: Iterable[str] = (), compare_meaning: bool = True) -> Grounded:
    """Keep only the items of `reply` that the article supports. `compare_meaning=False`
    leaves out the comparison on the parse (the baseline `make eval` prints beside it)."""
    checker = _Checker(article, analysis, [f for f in forbidden if f])
    checker.compare_meaning = compare_meaning
    out = Grounded()
    seen: set[str] = set()

    def fresh(kind: str, text: str) -> bool:
        """The same item twice is checked and published once; past its cap nothing more
        is checked (a reply of 40,000 claims costs no more than one of 40)."""
        key = kind + "\0" + " ".join(re.findall(r"\w+", text.casefold()))
        if key in seen:
            return False
        seen.add(key)
        return True

    checker.parse_ahead([(one_line(i.text), i.sentence_ids) for i in reply.summary[:CAPS["summary"] * 3]]
                        + [(one_line(c.text), c.sentence_ids) for c in reply.claims[:CAPS["claims"] * 2]])
    for n, item in enumerate(reply.summary):
        text = neutralise(one_line(item.text))
        if (len(out.summary) >= min(max_summary, CAPS["summary"])
                or not fresh("summary", f"{text} {item.sentence_ids}")):
            out.skip(f"summary {n}")
            continue
        cited = checker.cited(item.sentence_ids)
        why = checker.problem(cited, text, item.sentence_ids)
        if why is None:
            why = checker.loaded_problem(text, item.sentence_ids)
        if why is None:
            why = checker.meaning_problem(one_line(item.text), item.sentence_ids)
        if why:
            out.drop(f"summary {n}", why)
        elif fresh("published summary", text):
            out.summary.append(text)

    headline = one_line(reply.headline.text)
    if headline:
        text = neutralise(headline)
        cited = checker.cited(reply.headline.sentence_ids)
        why = (checker.problem(cited, text, reply.headline.sentence_ids)
               or checker.loaded_problem(text, reply.headline.sentence_ids)
               or checker.meaning_problem(headline, reply.headline.sentence_ids))
        if why:
            out.drop("headline", why)
        else:
            out.headline = text

    actors: dict[str, Actor] = {}
    roles = _content_words([one_line(a.role) for a in reply.actors[:CAPS["actors"] * 4]])
    for n, actor in enumerate(reply.actors):
        name, role = one_line(actor.name), one_line(actor.role)
        if len(actors) >= CAPS["actors"] or not fresh("actor", f"{name} {role}"):
            out.skip(f"actor {n}")
            continue
        if not name or not checker.name_in_article(name):
            out.drop(f"actor {n}", "name not in the article")
            continue
        if checker.secret_in(f"{name} {role}"):
            out.drop(f"actor {n}", "contains a configured secret")
            continue
        if role and (why := checker.role_problem(name, role, roles.get(role, []))) is not None:
            out.drop(f"actor {n} role", why)  # the actor stays, with the analysis's role
            role = ""
        if name.casefold() not in actors:
            actors[name.casefold()] = Actor(name, actor.type, neutral_wording(role) if role else
                                            checker.known_role(name), checker.mentions(name, actor.type))
    out.actors = sorted(actors.values(), key=lambda a: (-a.mentions, a.name))
    cast = _Cast(out.actors, analysis)

    for n, claim in enumerate(reply.claims):
        text, source = one_line(claim.text), one_line(claim.attributed_to) or "the article"
        if len(out.claims) >= CAPS["claims"] or not fresh("claim", f"{text} {source} {claim.sentence_ids}"):
            out.skip(f"claim {n}")
            continue
        cited = checker.cited(claim.sentence_ids)
        why = (checker.problem(cited, f"{text} {source}", claim.sentence_ids)
               or checker.source_problem(cited, source, claim.sentence_ids, claim.kind)
               or (checker.quote_problem(cited, text) if claim.kind == "quote" else None)
               or checker.meaning_problem(text, claim.sentence_ids, source))
        if why:
            out.drop(f"claim {n}", why)
            continue
        if source.lower().startswith("the article"):
            source = NO_SOURCE  # anything after "the article" would be unchecked
        if fresh("published claim", text):
            kind = _CLAIM_KINDS.get(claim.kind, claim.kind)
            predicate, numbers, dates = checker.claim_facts(text, claim.sentence_ids, kind)
            out.claims.append(Claim(
                neutralise(text), source, article.sentences[claim.sentence_ids[0] - 1],
                kind, speaker=cast.id_of(source), predicate=predicate,  # type: ignore[arg-type]
                numbers=numbers, dates=dates,
                evidence_sentences=sorted({i - 1 for i in claim.sentence_ids})))

    for n, question in enumerate(reply.open_questions):
        text, about = one_line(question.question), one_line(question.about)
        if len(out.open_questions) >= CAPS["open_questions"] or not fresh("question", text):
            out.skip(f"open question {n}")
            continue
        cited = checker.cited(question.sentence_ids) if question.sentence_ids else []
        outside: list[str] = []
        if cited is None:
            why: str | None = "cites a sentence id the article does not have"
        elif checker.injected(question.sentence_ids):
            why = "rests on text addressed to AI systems"
        else:
            why, outside = checker.question_problem(f"{text} {about} {one_line(question.why)}")
        if why:
            out.drop(f"open question {n}", why)
        else:
            if outside:  # a missing voice is named by definition: say it is not the article's
                about = f"{about + '; ' if about else ''}not named in the article: {', '.join(outside)}"
            out.open_questions.append(OpenQuestion(
                neutral_wording(text), about, why=neutral_wording(one_line(question.why)), kind=question.kind,
                sentence=question.sentence_ids[0] - 1 if question.sentence_ids else None))

    out.language_notes = _notes(article, analysis, reply.language_notes[:CAPS["language_notes"] * 4],
                                checker, out)[:CAPS["language_notes"]]
    cast.include_speakers(analysis.speech)
    out.actors = cast.actors
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


class _Cast:
    """The briefing's actors with ids: the analysis's id (and aliases) for an actor it found
    too, so claims and speech credits point at the same ids on both backends; a slug of the
    name for the others. A speaker the model left out is added from the analysis."""

    def __init__(self, actors: list[Actor], analysis: Analysis) -> None:
        self.analysis = analysis
        self.actors: list[Actor] = []
        self._ids: set[str] = set()
        for actor in actors:
            known = self._known(actor.name)
            actor.id = self._unique(known.id if known and known.id else _slug(actor.name))
            if known:
                actor.aliases = list(known.aliases)
                actor.key = known.key
            self.actors.append(actor)

    def _known(self, name: str) -> Actor | None:
        exact = [a for a in self.analysis.actors if a.name.casefold() == name.casefold()]
        return (exact or [a for a in self.analysis.actors if _same_party(a.name, name)] or [None])[0]

    def _unique(self, wanted: str) -> str:
        out, n = wanted, 2
        while out in self._ids:
            out, n = f"{wanted}-{n}", n + 1
        self._ids.add(out)
        return out

    def id_of(self, source: str) -> str | None:
        """The actor id of a claim's source; None for the article itself or an unnamed source."""
        if source == NO_SOURCE or source.lower().startswith(("the article", "unnamed")):
            return None
        for actor in self.actors:
            if actor.name.casefold() == source.casefold():
                return actor.id
        for actor in self.actors:
            if _same_party(actor.name, source):
                return actor.id
        known = self._known(source)
        return self._add(known).id if known else None

    def _add(self, known: Actor) -> Actor:
        actor = replace(known, aliases=list(known.aliases))
        actor.id = self._unique(known.id or _slug(known.name))
        self.actors.append(actor)
        return actor

    def include_speakers(self, speech: list[SpeechCredit]) -> None:
        """Every actor a speech credit points at is among the briefing's actors."""
        for credit in speech:
            if credit.actor and credit.actor not in self._ids:
                known = next((a for a in self.analysis.actors if a.id == credit.actor), None)
                if known:
                    self._add(known)


class _Checker:
    def __init__(self, article: Article, analysis: Analysis, forbidden: list[str]) -> None:
        self.article = article
        self.analysis = analysis
        self.forbidden = forbidden
        self.to_ai = [addressed_to_ai(s) for s in article.sentences]
        clean = [s for s, bad in zip(article.sentences, self.to_ai, strict=True) if not bad]
        self.full = f"{article.title}\n" + "\n".join(clean)
        self._full_lower = self.full.lower()
        self._memo: dict[str, bool] = {}
        self._statements: dict = {}
        self._sentences: dict = {}
        self.compare_meaning = True
        self._context = meaning.Context(same=self.same_actor, described=self._described,
                                        in_article=lambda word: _contains(self._full_lower, word.lower()),
                                        refers_back=lambda name, i: self._refers_back(name.split(), [i]),
                                        stands_for=self._antecedent)

    # -- meaning, on the parse (meaning.py) -------------------------------------------

    def parse_ahead(self, items: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Parse statements and the sentences they cite in one batch (`nlp.pipe`), each
        article sentence once per article; what is asked for later is parsed then."""
        count = len(self.article.sentences)
        texts = [meaning.strip_lead(t, self.article.source)[0] for t, _ in items if t.strip()]
        ids = sorted({i for _, cited in items for i in cited if 1 <= i <= count})
        self._parse([t for t in dict.fromkeys(texts) if t not in self._statements],
                    [i for i in ids if i not in self._sentences])

    def _parse(self, texts: list[str], ids: list[int]) -> None:
        if not texts and not ids:
            return
        from ...analysis.parse import nlp

        docs = list(nlp().pipe([*texts, *(self.article.sentences[i - 1] for i in ids)]))
        self._statements.update(zip(texts, docs[:len(texts)], strict=True))
        self._sentences.update(zip(ids, docs[len(texts):], strict=True))

    def meaning_problem(self, text: str, ids: Sequence[int], source: str = "") -> str | None:
        """Does `text` say what its cited sentences say (see meaning.py)? `source` is the
        claim's "attributed_to": the speaker of every clause the text does not credit itself."""
        content, _ = meaning.strip_lead(text, self.article.source)
        if not content.strip() or not self.compare_meaning:
            return None
        self._parse([content] if content not in self._statements else [],
                    [i for i in dict.fromkeys(ids) if i not in self._sentences])
        adverb = meaning.judging_adverb(self._statements[content])
        if adverb and re.search(rf"\b{re.escape(adverb)}\b", neutralise(text), re.IGNORECASE):
            # what neutralising removes ("undoubtedly") is not published, so not a problem
            return f"keeps loaded wording (\"{adverb}\", an adverb of certainty or judgement)"
        if adverb and adverb.lower() in meaning.VERIDICAL:  # removed, it would change the claim
            return f"\"{adverb}\" says whether a statement is true: loaded, and not to be dropped"
        # "The article reports that ..." and a claim "attributed to the article" alike: the
        # article's voice, unless a clause names its own speaker
        default = meaning.Speaker(meaning.ARTICLE if not source or source.lower().startswith("the article")
                                  else source)
        cited = [meaning.Cited(i, self._sentences[i], self._speaker([i]) or self._quote_goes_on(i))
                 for i in dict.fromkeys(ids)]
        return meaning.problem(self._statements[content], cited, default, self._context)

    def claim_facts(self, text: str, ids: Sequence[int], kind: str) -> tuple[str, list[Quantity], list[str]]:
        """(predicate, numbers, dates) of a published claim, from the parses the check made."""
        content, _ = meaning.strip_lead(text, self.article.source)
        doc = self._statements.get(content)
        if doc is None:
            return "", [], []
        sentences = [self._sentences[i] for i in dict.fromkeys(ids) if i in self._sentences]
        return meaning.predicate(doc, sentences, kind), facts.numbers(doc), facts.dates(doc)

    def same_actor(self, a: str, b: str) -> bool:
        """Same party by name, or through an alias the analysis found ("IOM" is the
        "International Organization for Migration" the article spells out once)."""
        if _same_party(a, b):
            return True
        for actor in self.analysis.actors:
            forms = [actor.name, *actor.aliases]
            if any(_same_party(f, a) for f in forms) and any(_same_party(f, b) for f in forms):
                return True
        return False

    def loaded_problem(self, text: str, ids: Sequence[int]) -> str | None:
        """Our wording is held to the strict word lists (`min_evidence=0`), except a word
        the cited sentences use themselves where the analysis, judging them in context as
        the language notes do, finds nothing loaded ("the scheme" of a planning report):
        that is the article's plain wording, not ours. Quoted spans (any quotation marks,
        checked word for word already) are the article's words too."""
        if is_neutral(text, min_evidence=0):
            return None
        quoted = [m.span() for m in QUOTED.finditer(text)]
        cited = self.cited(ids) or []
        flagged = []
        for finding in detect_text(text, min_evidence=0):
            if finding.in_quote or finding.kind == "evaluative word" or any(
                    a <= finding.start_char and finding.end_char <= b for a, b in quoted):
                continue
            if not self._plain_in(finding.term, cited) and not self._words_plain_in(finding.term, cited):
                flagged.append(finding.term)
        if not flagged:
            return None
        return "keeps loaded wording (" + ", ".join(repr(t) for t in list(dict.fromkeys(flagged))[:3]) + ")"

    def _words_plain_in(self, term: str, cited: list[str]) -> bool:
        """"a more secure replacement site" for "a robust replacement site - with more secure
        protocols": the finding spans the phrase, but its loaded word ("secure") is the cited
        sentence's own plain wording; every loaded word of a longer term must be."""
        words = term.split()
        loaded = [w for w in words if w.lower() in meaning._judging_words()]
        return len(words) > 1 and bool(loaded) and all(self._plain_in(w, cited) for w in loaded)

    def _plain_in(self, term: str, cited: list[str]) -> bool:
        """`term` is in a cited sentence outside quotation marks (a quoted word is the
        speaker's and stays quoted), and the context-weighted detector does not flag it there."""
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        for sentence in cited:
            quoted = [m.span() for m in QUOTED.finditer(sentence)]
            if any(not any(a <= m.start() and m.end() <= b for a, b in quoted) for m in pattern.finditer(sentence)):
                key = "\x01" + sentence
                if key not in self._memo:
                    self._memo[key] = not any(pattern.search(f.term) for f in detect_text(sentence))
                if self._memo[key]:
                    return True
        return False

    def _described(self, name: str) -> list[str]:
        """Words the article's analysis uses for a named actor besides the name: its title
        ("described as Mayor") and aliases."""
        words: list[str] = []
        for actor in self.analysis.actors:
            if _same_party(actor.name, name):
                title = re.match(r"described as ([^;]+)", actor.role)
                words += re.findall(r"\w+", title.group(1)) if title else []
                words += [w for alias in actor.aliases for w in re.findall(r"\w+", alias)]
        return [w for w in words if w.lower() not in _COMMON]

    def cited(self, ids: Sequence[int]) -> list[str] | None:
        """The cited sentences, or None when there are none or one does not exist."""
        count = len(self.article.sentences)
        if not ids or any(not 1 <= i <= count for i in ids):
            return None
        return [self.article.sentences[i - 1] for i in ids]

    def injected(self, ids: Sequence[int]) -> bool:
        return any(1 <= i <= len(self.to_ai) and self.to_ai[i - 1] for i in ids)

    def secret_in(self, text: str) -> bool:
        """A configured key, whatever its length: short keys as whole words (a key "abc"
        must not block "abcd"), long ones anywhere."""
        for secret in self.forbidden:
            if len(secret) >= 8 and secret in text:
                return True
            if len(secret) < 8 and re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", text):
                return True
        return False

    def in_article(self, phrase: str) -> bool:
        key = phrase.lower()
        if key not in self._memo:  # long articles: the same words are asked about again and again
            self._memo[key] = _contains(self._full_lower, key)
        return self._memo[key]

    def name_in_article(self, name: str) -> bool:
        """The name, or an alias of it (US / United States), or each part of a hyphenated pair."""
        return all(any(self.in_article(form) for form in _forms(part)) for part in _parts(name))

    def written_in_lower_case(self, word: str) -> bool:
        key = "\0" + word.lower()
        if key not in self._memo:
            self._memo[key] = _contains_cased(self.full, word.lower())
        return self._memo[key]

    def problem(self, cited: list[str] | None, text: str, ids: Sequence[int] = ()) -> str | None:
        """Why `text` is not supported by `cited`, or None when it is."""
        if cited is None:
            return "cites no sentence, or a sentence id the article does not have"
        if self.injected(ids):
            return "rests on text addressed to AI systems"
        if not text.strip():
            return "is empty"
        if self.secret_in(text):
            return "contains a configured secret"
        source = "\n".join(cited)
        why = _quantity_problem(source, text)
        if why:
            return why
        flat = _flatten_quotes(source)
        for quote in quoted_spans(text):
            if _flatten_quotes(quote) not in flat:
                return f"quotation \"{quote[:40]}\" not in the cited sentences"
        lower = source.lower()
        for phrase in self._names(text):
            if not self._name_supported(phrase, lower) and not self._referred_to(phrase, ids):
                return f"name {' '.join(phrase)} not in the cited sentences"
            if not self._phrase_in_article(phrase):
                return f"name {' '.join(phrase)} not in the article"
        return None

    def _referred_to(self, phrase: list[str], ids: Sequence[int]) -> bool:
        """A name the cited sentences do not spell out but refer to: the speaker the
        attribution analysis credits for a cited sentence ("She said ..." -> Hannah Price;
        "the IOM said" -> International Organization for Migration), or the antecedent of a
        pronoun or a definite description ("the company", "the family") that a cited
        sentence has as a party, named in the three sentences before it."""
        whole = " ".join(phrase)
        for i in ids:
            speaker = self._speaker([i])
            if speaker and not speaker.startswith("unnamed") and self._is_part_of(whole, speaker):
                return True
            body = self._antecedent(i)
            if body and self._is_part_of(whole, body):
                return True
        return self._refers_back(phrase, ids)

    def _antecedent(self, number: int) -> str | None:
        """Whom "the firm" / "the authority" stands for when the analysis credits sentence
        `number` to such a bare description: the body the article last credited as a
        speaker before it, persons and unnamed sources skipped ("The firm also said ..."
        after two sentences quoting its chief executive is the firm named before them). A
        description keeps one referent: a sentence credited to the same one is passed over."""
        speakers = self.analysis.speakers
        if not self.compare_meaning or not 1 <= number <= len(speakers):
            return None
        own = (speakers[number - 1] or "").lower().split()
        if len(own) != 2 or own[0] != "the" or own[1] not in INSTITUTIONS:
            return None
        for j in range(number - 1, 0, -1):
            before = speakers[j - 1]
            if not before or before.startswith("unnamed") or before.lower() == " ".join(own):
                continue
            person = self._is_person(before, j)
            if person:
                continue
            if person is not None or before.lower().split()[-1] in INSTITUTIONS:
                return before
            return None  # a described person ("the mayor"): no body to stand for
        return None

    def _is_person(self, name: str, number: int) -> bool | None:
        """Is the speaker of sentence `number` a person? The entity label the parse gives the
        name in that sentence ("Cuadrilla said" is an ORG), else the analysis's actor type;
        None when neither knows the name."""
        self._parse([], [number] if number not in self._sentences else [])
        for ent in self._sentences[number].ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP") and self.same_actor(ent.text, name):
                return ent.label_ == "PERSON"
        actor = next((a for a in self.analysis.actors if self.same_actor(a.name, name)), None)
        return None if actor is None else actor.type == "person"

    def _refers_back(self, phrase: list[str], ids: Sequence[int]) -> bool:
        """The name is in the three sentences before the cited ones, which refer back to a
        party with a pronoun or a definite description."""
        if not ids or not self.compare_meaning:
            return False
        first = min(ids)
        self._parse([], [i for i in dict.fromkeys(ids) if i not in self._sentences])
        if not any(meaning.anaphor(self._sentences[i]) for i in dict.fromkeys(ids)):
            return False
        before = "\n".join(self.article.sentences[max(first - 4, 0):first - 1]).lower()
        return self._name_supported(phrase, before)

    def _is_part_of(self, name: str, speaker: str) -> bool:
        """`name` is (a part of) the speaker's name or of one of its aliases."""
        forms = [speaker]
        for actor in self.analysis.actors:
            if self.same_actor(actor.name, speaker):
                forms += [actor.name, *actor.aliases]
        return any(_contains(form.lower(), f.lower()) for form in forms for f in _forms(name))

    def _phrase_in_article(self, phrase: list[str]) -> bool:
        """"United States" as a whole (or an alias of it), or else every word of it."""
        return self.name_in_article(" ".join(phrase)) or all(self.name_in_article(w) for w in phrase)

    def _name_supported(self, phrase: list[str], cited_lower: str) -> bool:
        # "Joe Biden" may rest on "Biden told reporters": one word cited, the rest in the article.
        whole = " ".join(phrase)
        forms = _forms(whole) | {f for w in phrase for f in _forms(w)}
        return any(_contains(cited_lower, f.lower()) for f in forms)

    def quote_problem(self, cited: list[str] | None, text: str) -> str | None:
        """A claim of kind "quote" quotes the cited sentences: its quoted spans were
        checked word for word; with no marks at all, its words must be a sentence's own."""
        if quoted_spans(text):
            return None
        bare = re.sub(r"^[^,:]{0,60}\b(?:says?|said|told \w+|adds?|added)\s*[,:]?\s*", "", text)
        if _flatten_quotes(bare).strip(" .,").lower() in _flatten_quotes("\n".join(cited or [])).lower():
            return None
        return "a quote that is not word for word in the cited sentences"

    def source_problem(self, cited: list[str] | None, source: str, ids: Sequence[int] = (),
                       kind: str = "") -> str | None:
        """A claim's source is 'the article…', or someone the cited sentences name; and
        when the attribution analysis found a named speaker for the evidence sentence,
        the source is that speaker."""
        speaker = self._speaker(ids)
        if source.lower().startswith("the article"):
            if speaker and not speaker.startswith("unnamed") and kind in ("quote", "statement"):
                return f"credited to the article, but the cited sentence's speaker is {speaker}"
            return None
        bare = re.sub(r"^(?:unnamed\s+|the\s+)+", "", source, flags=re.IGNORECASE)
        if not self.name_in_article(bare) and not self._owned_in_article(bare):
            return "source not named in the article"
        lower = "\n".join(cited or []).lower()
        names = self._names(bare)
        if names and not any(self._name_supported(p, lower) or self._referred_to(p, ids) for p in names) or (
                not names and not _contains(lower, bare.lower())):
            return "source not named in the cited sentences"
        if speaker and not speaker.startswith("unnamed") and not self.same_actor(source, speaker):
            return f"credited to {source}, but the cited sentence's speaker is {speaker}"
        return None

    def _quote_goes_on(self, number: int) -> str | None:
        """The speaker of a quotation that goes on: a sentence the analysis credits to nobody
        that opens with a quotation mark, right after a credited sentence with quotation marks
        (a quotation over paragraphs in single marks, "...said: 'The studs ... / 'They have
        been ...", which the analysis does not read), is that speaker's."""
        sentences = self.article.sentences
        j = number
        for _ in range(3):
            if not 2 <= j <= len(sentences) or not _OPENS_QUOTE.match(sentences[j - 1]):
                return None
            before = self._speaker([j - 1])
            if before:
                return before if _OPENING_QUOTE.search(sentences[j - 2]) else None
            j -= 1
        return None

    def _owned_in_article(self, source: str) -> bool:
        """"a McDonald's spokeswoman" where the article writes "a spokeswoman for McDonald's":
        the same described speaker with its organisation moved from the possessive."""
        match = _OWNED.match(source)
        if match is None:
            return False
        owner, noun = (re.escape(match.group(g).lower()) for g in ("owner", "noun"))
        return re.search(rf"(?<!\w){noun}\s+(?:for|of|at|from|with)\s+(?:the\s+)?{owner}(?!\w)",
                         self._full_lower) is not None

    def _speaker(self, ids: Sequence[int]) -> str | None:
        speakers = self.analysis.speakers
        if not ids or not 1 <= ids[0] <= len(speakers):
            return None
        return speakers[ids[0] - 1]

    def role_problem(self, name: str, role: str, words: list[tuple[str, str]]) -> str | None:
        """A role is grounded like a claim: its nouns, adjectives and numbers in the
        sentences that mention the actor (or the title), its verbs in the article."""
        if self.secret_in(role):
            return "contains a configured secret"
        forms = {f.lower() for part in _parts(name) for w in [part, *part.split()] for f in _forms(w)
                 if len(w) > 2 and w.lower() not in _COMMON}
        mentioning = [s for s, bad in zip(self.article.sentences, self.to_ai, strict=True)
                      if not bad and any(_contains(s.lower(), f) for f in forms)]
        local = _stems(" ".join([self.article.title, *mentioning]))
        anywhere = _stems(self.full)
        why = _quantity_problem("\n".join([self.article.title, *mentioning]), role)
        if why:
            return why
        for word, pos in words:
            stem = _stem(word)
            if pos in ("VERB", "AUX", "ADV"):
                if not _has_stem(anywhere, stem) and word.lower() not in _ROLE_VERBS:
                    return f"role word \"{word}\" is not in the article"
            elif not _has_stem(local, stem):
                return f"role word \"{word}\" is not where the article mentions {name}"
        return None

    def known_role(self, name: str) -> str:
        """The shared analysis's role for an actor whose model role was dropped."""
        for actor in self.analysis.actors:
            if _same_party(actor.name, name):
                return actor.role
        return NO_ACTION

    def question_problem(self, text: str) -> tuple[str | None, list[str]]:
        """Open questions may name a party the article does not (that is what a missing
        voice is), but only when asking what that party says; other names must be there."""
        outside = []
        asks_for_voice = re.search(r"\b(?:say|says|said|respond\w*|comment\w*|react\w*|view\w*|"
                                   r"position|side|account|version|response)\b", text, re.IGNORECASE)
        if self.secret_in(text):
            return "contains a configured secret", []
        why = _quantity_problem(self.full, text)
        if why:
            return why, []
        for quote in quoted_spans(text):
            if _flatten_quotes(quote) not in _flatten_quotes(self.full):
                return f"quotation \"{quote[:40]}\" not in the article", []
        for phrase in self._names(text):
            if self._phrase_in_article(phrase):
                continue
            if asks_for_voice:
                outside.append(" ".join(phrase))
            else:
                return f"name {' '.join(phrase)} not in the article", []
        return None, outside[:3]

    def _names(self, text: str) -> list[list[str]]:
        """Runs of capitalised words that are not ordinary words the article writes in lower case."""
        unquoted = QUOTED.sub(" ", text)
        phrases: list[list[str]] = []
        run: list[str] = []
        last_end = -1
        for match in _WORD.finditer(unquoted):
            word = re.sub(r"(?:['\u2019]s?|\.)$", "", match.group(0))
            for k, piece in enumerate(_parts(word)):  # "Biden-Netanyahu" is two names
                joined = k == 0 and run and unquoted[last_end:match.start()] == " "
                # a common word starts no name ("States" after a full stop), but may go on
                # one: "United States", "Secretary of State"
                is_name = (len(piece) > 1 and piece[0].isupper() and (piece.lower() not in _COMMON or joined)
                           and not self.written_in_lower_case(piece))
                if is_name and joined:
                    run.append(piece)
                elif is_name:
                    run = [piece]
                    phrases.append(run)
                else:
                    run = []
            last_end = match.end()
        return phrases

    def mentions(self, name: str, kind: str) -> int:
        """Counted in the article, not taken from the model; surname only for people."""
        form = name.split()[-1] if kind == "person" else name
        found = len(re.findall(rf"(?<![\w.]){re.escape(form)}(?!\w)", self.article.text, re.IGNORECASE))
        return max(found, 1)


def _notes(article: Article, analysis: Analysis, proposed: list, checker: _Checker,
           out: Grounded) -> list[LanguageNote]:
    """The shared analysis's notes, plus the model's verified notes on other words."""
    notes = list(analysis.language_notes)
    index = {s: i for i, s in reversed(list(enumerate(article.sentences)))}
    for n, note in enumerate(proposed):
        cited = checker.cited([note.sentence_id])
        term = one_line(note.term)
        found = re.search(re.escape(term), cited[0], re.IGNORECASE) if cited and term else None
        if found is None or cited is None:
            out.drop(f"language note {n}", "term not in the cited sentence")
            continue
        if checker.secret_in(f"{term} {note.suggestion}"):
            out.drop(f"language note {n}", "contains a configured secret")
            continue
        sentence, term = cited[0], found.group(0)  # the article's own spelling
        if any(k.sentence == sentence and (k.term.lower() in term.lower() or term.lower() in k.term.lower())
               for k in notes):
            continue  # the lexicon already notes these words (or the model said it twice)
        notes.append(LanguageNote(term, sentence, one_line(note.suggestion) or "consider neutral wording",
                                  kind=note.kind, sentence_index=note.sentence_id - 1))
    return sorted(notes, key=lambda k: index.get(k.sentence, len(index)))


# -- quotations -----------------------------------------------------------------------

QUOTED = re.compile(
    QUOTATION.pattern + r"|`([^`]+)`|(?<![\w'])'([^'\n]+?)'(?![\w'])"
)
"""Every quotation mark a model may use: the shared QUOTATION (straight and curly
double, curly single, guillemets), plus backticks and straight single quotes
that open after a space and close before one (so "Israel's" is an apostrophe)."""


def quoted_spans(text: str) -> list[str]:
    return quotations(text, QUOTED)


def _flatten_quotes(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


# -- quantities -----------------------------------------------------------------------

_NEGATION = re.compile(r"\b(?:no|not|never|none|nobody|nothing|neither|nor|without|zero)\b|n't\b",
                       re.IGNORECASE)


def _quantity_problem(source: str, text: str) -> str | None:
    have, have_vague = quantities(source)
    want, want_vague = quantities(text)
    for value in sorted(want):
        if value not in have:
            return f"number {value:g} not in the cited sentences"
    reachable = have_vague | {10 ** math.floor(math.log10(v)) for v in have if v >= 10}
    for magnitude in sorted(want_vague):
        if magnitude not in reachable and not any(magnitude <= v < magnitude * 1000 for v in have):
            return f"quantity \"{_magnitude_word(magnitude)}\" not in the cited sentences"
    if _NEGATION.search(text) and not _NEGATION.search(source):
        return "a negation not in the cited sentences"
    return None


def _magnitude_word(magnitude: float) -> str:
    return next((w for w, m in VAGUE.items() if m == magnitude), f"{magnitude:g}")


# -- names and words ------------------------------------------------------------------

_ALIASES: dict[str, set[str]] = {}
for _alias, _state in STATE_ALIASES.items():
    _ALIASES.setdefault(_state, {_state}).add(_alias)
for _demonym, _state in DEMONYMS.items():
    _ALIASES.setdefault(_state, {_state}).add(_demonym)


_BODIES = [{"UN", "U.N.", "United Nations"}, {"EU", "E.U.", "European Union"},
           {"NATO", "Nato", "North Atlantic Treaty Organization"}, {"WHO", "World Health Organization"}]
for _forms_of in _BODIES:
    for _form in _forms_of:
        _ALIASES[_form] = _forms_of


def _forms(name: str) -> set[str]:
    """A name and the everyday forms of the same state or body (US, U.S., United States,
    American; UN, United Nations)."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    out = {name}
    for form in (name, name + "."):  # "U.S" as a word ends before its last full stop
        state = canonical_state(form) or demonym_state(form)
        if state:
            out |= _ALIASES.get(state, {state})
        out |= _ALIASES.get(form, set())
    return out


def _parts(name: str) -> list[str]:
    """'Biden-Netanyahu' -> ['Biden', 'Netanyahu']; 'Jean-Pierre' stays one name when the
    article writes it so (checked by the caller: each part must be there too)."""
    pieces = [p for p in re.split(r"(?<=[a-z])-(?=[A-Z])", name) if p]
    return pieces or [name]


def _same_party(a: str, b: str) -> bool:
    """Same actor: a shared name word or alias ("Biden" ~ "Joe Biden", "US" ~ "United States")."""
    def words(x: str) -> set[str]:
        out = {w.lower() for w in re.findall(r"[\w.]+", x) if w.lower() not in _COMMON and len(w) > 1}
        return out | {f.lower() for f in _forms(x)}
    return bool(words(a) & words(b))


def _stem(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for suffix in ("ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[^\W\d_]+", text)}


def _has_stem(stems: set[str], stem: str) -> bool:
    if stem in stems:
        return True
    return len(stem) >= 5 and any(len(s) >= 5 and (s.startswith(stem) or stem.startswith(s)) for s in stems)


def _content_words(texts: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per role text: (word, coarse part of speech) for its words that carry facts. One
    tagging pass for all roles (no parser, no entities: only the parts of speech)."""
    from ...analysis.parse import nlp

    unique = list(dict.fromkeys(t for t in texts if t))
    model = nlp()
    skip = [p for p in ("parser", "ner") if p in model.pipe_names]
    return {text: [(t.text, t.pos_) for t in doc
                   if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM", "ADV") and t.is_alpha
                   and t.lower_ not in _COMMON and t.lemma_.lower() not in _LIGHT]
            for text, doc in zip(unique, model.pipe(unique, disable=skip), strict=True)}


_ROLE_VERBS = frozenset(f"{v}{e}" for v in """receive send lead head run own represent oppose support back
meet visit host speak talk call ask seek want plan propose announce approve sign deliver provide supply
fund pay buy sell win lose play coach manage chair govern rule serve work join leave face order""".split()
                        for e in ("", "s", "ed", "d", "ing"))
"""Everyday verbs a faithful role paraphrases with ("receives the shipment"); any other
verb must be the article's own. The facts of a role sit in its nouns, which are checked."""

_LIGHT = frozenset("""be have do say get make take give go come also only mainly mostly now then
still just very well again involve include""".split())


def _contains(haystack_lower: str, needle_lower: str) -> bool:
    """Whole word, or with a short suffix: 'israel' is in 'israeli', 'iran' in 'iranian';
    'ford' is not in 'afforded', 'openai' not in 'openai_api_key'."""
    return re.search(rf"(?<!\w){re.escape(needle_lower)}[^\W\d_]{{0,3}}(?!\w)", haystack_lower) is not None


def _contains_cased(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None
