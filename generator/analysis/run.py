"""One article through every analysis step, from one parse.

Like a spaCy pipeline of components: the parse is made once, then each step
reads it (and what earlier steps found) and adds its part of the `Analysis`.
`analyse_batch` is what a worker process runs: one `nlp.pipe` over a batch
of articles, then the steps per article; one article's failure is reported
for that article alone.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import NO_ACTION, Actor, Analysis, Article, SpeechCredit
from .actors import Found, actor_id, find_cast
from .claims import extract_claims
from .injection import addressed_to_ai, notice
from .genre import article_genre, opinion_sentence
from .headline import headline
from .lexicon import article_parse, detect_levels, language_notes, neutral_role
from .parse import parse
from .questions import open_questions
from .summary import quote_mask, summarise

Outcome = tuple[Article, Analysis | None, str]

CLAIMS_SHOWN = 12
"""Claims shown by default: the ledger's most important ones (see claims.py for the ranking)."""
CLAIMS_KEPT = 30
"""Claims kept in the briefing (the ones past CLAIMS_SHOWN under "more"): a story compares
outlets on more than what each shows first."""
KEY_ACTORS = 8
"""Actors shown by default; the others are listed under "more"."""
"""(article with sentences and title, its analysis or None, why it failed or "")."""


def analyse_batch(articles: list[Article]) -> list[Outcome]:
    parsed = parse((a.title, list(a.paragraphs)) for a in articles)
    out: list[Outcome] = []
    for article, (title_doc, doc) in zip(articles, parsed, strict=True):
        try:
            with article_parse(doc):  # our wording of the article's words reads its parse
                done, analysis = analyse(article, title_doc, doc)
        except Exception as exc:  # noqa: BLE001  one article's bug must not cost the batch
            out.append((article, None, f"the analysis failed on this article ({type(exc).__name__}); "
                                       "please report it with the file"))
        else:
            out.append((done, analysis, ""))
    return out


def analyse(article: Article, title_doc, doc) -> tuple[Article, Analysis]:  # type: ignore[no-untyped-def]
    sents = [s for s in doc.sents if s.text.strip()]
    sentences = tuple(s.text.strip() for s in sents)
    cast = find_cast(doc, title=title_doc if article.title else None, paragraphs=article.paragraphs)
    by_sentence = dict(zip((s.start for s in doc.sents), cast.speakers, strict=True))
    who = [by_sentence[s.start] for s in sents]
    by_kind = dict(zip((s.start for s in doc.sents), cast.kinds, strict=True))
    by_verb = dict(zip((s.start for s in doc.sents), cast.verbs, strict=True))
    levels = {s.start: detect_levels(s) for s in sents}
    found = {start: gated for start, (gated, _) in levels.items()}
    to_ai = {s.start: addressed_to_ai(s.text) for s in doc.sents}  # never news: see injection.py
    # News first: sentences that argue in the article's own voice are not the news.
    opinion = [opinion_sentence(s, quote_mask(s), by_sentence[s.start]) for s in doc.sents]
    genre = article_genre([o for s, o in zip(doc.sents, opinion) if s.text.strip()], who)
    summary = summarise(doc, title=article.title, publisher=article.source, speakers=cast.speakers,
                        vouching=[_vouches(s, found.get(s.start, [])) or to_ai[s.start] for s in doc.sents],
                        opinion=opinion, genre=genre, known={(s.start, s.end): levels[s.start][1] for s in sents})
    news = {s.start: not o and not to_ai[s.start] for s, o in zip(doc.sents, opinion)}
    ours = headline(doc, sents, news=[news[s.start] for s in sents], known=[levels[s.start][1] for s in sents])
    article = replace(article, sentences=sentences)  # the title stays the outlet's ("" when it gave none)
    loaded = [found[s.start] for s in sents]
    flags = [to_ai[s.start] for s in sents]
    actors = _unique_ids([_actor(found) for found in _outside_injected(
        cast.actors, [s.text for s in sents if to_ai[s.start]], [s.text for s in sents if not to_ai[s.start]])])
    kinds = [by_kind[s.start] for s in sents]
    verbs = [by_verb[s.start] for s in sents]
    actors = _key_actors(actors, sents, who, [])
    claims = [c for c in extract_claims(article, sents, actors, who, kinds, verbs, loaded,
                                        limit=CLAIMS_KEPT + sum(flags), known=[levels[s.start][1] for s in sents])
              if not addressed_to_ai(c.evidence)][:CLAIMS_KEPT]
    claims = [replace(c, key=n < CLAIMS_SHOWN) for n, c in enumerate(claims)]
    actors = _key_actors(actors, sents, who, [c for c in claims if c.key])
    return article, Analysis(
        actors=actors,
        speakers=who,
        claims=claims,
        open_questions=open_questions(article, actors, who, loaded, [levels[s.start][1] for s in sents],
                                      sents=sents, claims=[c for c in claims if c.key]),
        language_notes=language_notes(sents, loaded, headline=title_doc if article.title.strip() else None),
        summary=summary.published + ([summary.sourcing_line] if summary.sourcing_line else []),
        notices=[n for n in [notice(flags)] if n],
        speech=_speech(who, kinds, actors),
        headline=ours,
        genre=genre,
    )


_JUDGING_VERBS = frozenset({"prove", "show", "demonstrate", "stand", "deserve", "seem", "appear", "be"})


def _vouches(sentence, findings) -> bool:  # type: ignore[no-untyped-def]
    """The article vouches for a judgement in its own voice: a certainty marker outside
    quotes, a main verb that judges ("has undoubtedly proven that", "is clearly the
    best"), and nothing concrete (no number, no dated day). Not news, so not summarised;
    a news sentence with a certainty marker is summarised with the marker dropped."""
    return (any(f.kind == "certainty marker" and not f.in_quote for f in findings)
            and sentence.root.lemma_.lower() in _JUDGING_VERBS
            and not any(t.like_num or t.ent_type_ == "DATE" and t.is_title for t in sentence))


def _outside_injected(found: list[Found], injected: list[str], rest: list[str]) -> list[Found]:
    """Actors as the article's own text shows them: one named only in text addressed to
    AI systems is not an actor, and a role taken from such text is no role."""
    if not injected:
        return found
    kept = []
    for actor in found:
        forms = actor.forms or [actor.name]
        if not any(form in text for form in forms for text in rest):
            continue
        if actor.role != NO_ACTION and any(actor.role in text for text in injected):
            actor = replace(actor, role=NO_ACTION)
        kept.append(actor)
    return kept


def _key_actors(actors: list[Actor], sents, who: list[str | None], claims: list) -> list[Actor]:  # type: ignore[no-untyped-def]
    """At most KEY_ACTORS key actors, chosen by their role in the story: the subject of the
    lead event, the speakers of the ranked claims (the first ones first), then who the
    article mentions most; places only when they act. The order is kept."""
    score: dict[str, float] = {a.name: float(a.mentions) for a in actors}
    lead = next((s for s in sents if len([t for t in s if not t.is_punct]) >= 5), None)
    if lead is not None:
        for a in actors:
            if any(form in lead.text for form in [a.name, *a.aliases]):
                score[a.name] += 6 if _is_subject(lead, a) else 2
    for rank, claim in enumerate(claims):
        if claim.attributed_to in score:
            score[claim.attributed_to] += 4.0 - 0.2 * rank
    for a in actors:
        if a.type == "place" and a.role.endswith(NO_ACTION):
            score[a.name] -= 3
    ranked = sorted(actors, key=lambda a: -score[a.name])
    keep = {a.name for a in ranked[:KEY_ACTORS]}
    return [replace(a, key=a.name in keep) for a in actors]


def _is_subject(sent, actor: Actor) -> bool:  # type: ignore[no-untyped-def]
    forms = {actor.name, *actor.aliases}
    for tok in sent:
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            phrase = sent.doc[tok.left_edge.i:tok.right_edge.i + 1].text
            if any(f in phrase for f in forms):
                return True
    return False


def _speech(who: list[str | None], kinds: list[str | None], actors: list[Actor]) -> list[SpeechCredit]:
    """Every sentence that reports speech, with its speaker and how (the briefing's `speakers`)."""
    ids = {a.name: a.id for a in actors}
    return [SpeechCredit(k, speaker, kind or "reported", actor=ids.get(speaker) or None)  # type: ignore[arg-type]
            for k, (speaker, kind) in enumerate(zip(who, kinds, strict=True)) if speaker]


def _actor(found: Found) -> Actor:
    """The briefing's view of an actor: the title the article gives and what it shows them doing,
    in neutral words; the other names the article uses for them."""
    title = " ".join(w for w in found.title.split() if w.lower().rstrip(".") not in _HONORIFICS)
    parts = [title] if title else []
    if found.role != NO_ACTION:
        parts.append(neutral_role(found.role))
    else:
        parts.append("quoted as a source; no action described" if found.speaker else NO_ACTION)
    aliases = list(dict.fromkeys(f for f in found.forms if f.casefold() != found.name.casefold()))
    return Actor(found.name, found.type, "; ".join(parts), found.mentions,  # type: ignore[arg-type]
                 id=actor_id(found.name), aliases=aliases)


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})


def _unique_ids(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, int] = {}
    out = []
    for a in actors:
        n = seen.get(a.id, 0)
        seen[a.id] = n + 1
        out.append(replace(a, id=f"{a.id}-{n + 1}") if n else a)
    return out
