"""The mechanical checker: what an LLM reply may and may not put in a briefing."""

from __future__ import annotations

from typing import Any

from openai_stub import ARMS_PARAGRAPHS, analysis_of, good_reply, make_article

from generator.backends.llm.grounding import ground
from generator.backends.llm.prompt import Reply

ARTICLE = make_article(ARMS_PARAGRAPHS)


def check(**items: list[dict[str, Any]]):
    return ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate(items), forbidden=["sk-live-SECRETKEY"])


def claim(text: str, ids: list[int], source: str = "the article", kind: str = "assertion") -> dict:
    return {"text": text, "attributed_to": source, "kind": kind, "sentence_ids": ids}


def test_good_reply_passes_untouched():
    checked = ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate(good_reply()))
    assert checked.dropped == 0, checked.reasons
    assert len(checked.claims) == 3 and len(checked.summary) == 2
    # the reply's three actors, and Netanyahu (a claim's speaker) from the analysis
    assert [a.name for a in checked.actors] == ["Israel", "Joe Biden", "Pentagon", "Benjamin Netanyahu"]


def test_claim_citing_a_missing_sentence_is_dropped():
    checked = check(claims=[claim("The Pentagon is sending missiles.", [99]),
                            claim("The Pentagon is sending missiles.", [2, 0]),
                            claim("The Pentagon is sending missiles.", []),
                            claim("The Pentagon is sending missiles.", [2])])
    assert checked.dropped == 3 and len(checked.claims) == 1
    assert checked.claims[0].evidence == ARTICLE.sentences[1]


def test_evidence_is_the_first_cited_sentence_but_all_cited_count():
    # 1,200 is in sentence 6, Joe Biden's first name only in sentence 4.
    checked = check(claims=[claim("Joe Biden heard that 1,200 reservists had been called up.", [6, 4])])
    assert checked.dropped == 0, checked.reasons
    assert checked.claims[0].evidence == ARTICLE.sentences[5]


def test_invented_numbers_are_dropped():
    checked = check(claims=[
        claim("The Pentagon is sending 5,000 Hellfire missiles to Israel.", [2]),
        claim("The Pentagon is sending 155mm tank rounds to Israel.", [2]),
        claim("The Pentagon is sending 120mm tank rounds to Israel.", [2]),  # kept
        claim("Netanyahu says 1200 reservists had been called up.", [6], "Netanyahu"),  # kept: 1,200
    ])
    assert checked.dropped == 2
    assert [c.text for c in checked.claims] == [
        "The Pentagon is sending 120mm tank rounds to Israel.",
        "Netanyahu says 1200 reservists had been called up."]
    assert any("number 5000" in r for r in checked.reasons)


def test_invented_or_moved_names_are_dropped():
    checked = check(claims=[
        claim("Zelensky says the shipment will arrive within days.", [2], "the article"),
        claim("Lloyd Austin pushed the shipment through.", [2]),  # Austin is in sentence 3, not 2
        claim("Defense Secretary Austin pushed the shipment through.", [3]),  # kept
    ])
    assert checked.dropped == 2
    assert [c.text for c in checked.claims] == ["Defense Secretary Austin pushed the shipment through."]


def test_invented_quotations_are_dropped():
    checked = check(claims=[
        claim('Biden says "we will never abandon Israel".', [5], "Biden", "quote"),
        claim("Netanyahu thanked the president for his \u201crock-solid support\u201d.", [6], "Netanyahu",
              "quote"),  # kept: curly quotes around words that are in the sentence
    ])
    assert checked.dropped == 1 and len(checked.claims) == 1


def test_claim_sources_must_be_named_in_the_cited_sentences():
    checked = check(claims=[
        claim("The shipment will arrive within days.", [2], "unnamed officials", "attributed"),  # kept
        claim("The shipment will arrive within days.", [2], "Netanyahu", "attributed"),  # not in 2
        claim("The shipment will arrive within days.", [2], "the Kremlin", "attributed"),  # not in text
        claim("We have Israel's back.", [5], "Joe Biden", "quote"),  # kept: Biden named in 5
    ])
    assert checked.dropped == 2
    assert [c.attributed_to for c in checked.claims] == ["unnamed officials", "Joe Biden"]


def test_actors_must_be_in_the_article():
    checked = check(actors=[
        {"name": "Israel", "type": "state", "role": "ally"},
        {"name": "Vladimir Putin", "type": "person", "role": "watches"},
        {"name": "Lloyd Austin", "type": "person", "role": "Defense Secretary since 2021"},  # 2021 invented
        {"name": "lloyd austin", "type": "person", "role": "Defense Secretary"},  # kept, case-insensitive
        {"name": "ISRAEL", "type": "state", "role": ""},  # duplicate of Israel: merged, not dropped
    ])
    assert checked.dropped == 2  # Putin, and the invented "since 2021" of a role
    proposed = [(a.name, a.mentions) for a in checked.actors if a.name in ("Israel", "Lloyd Austin")]
    assert sorted(proposed) == [("Israel", 3), ("Lloyd Austin", 1)]
    speakers = {c.speaker for c in analysis_of(ARTICLE).speech}  # the speakers the briefing credits are added
    assert {a.name for a in checked.actors} - {"Israel", "Lloyd Austin"} <= speakers
    assert "Vladimir Putin" not in {a.name for a in checked.actors}
    austin = next(a for a in checked.actors if a.name == "Lloyd Austin")
    assert "2021" not in austin.role and "Defense Secretary" in austin.role  # the analysis's role


def test_summary_is_neutralised_and_loaded_leftovers_dropped():
    checked = check(summary=[
        {"text": "The article asserts that the United States undoubtedly stands with Israel.",
         "sentence_ids": [1]},
        {"text": "The article calls the shipment a brutal message.", "sentence_ids": [2]},
    ])
    assert checked.summary == ["The article asserts that the United States stands with Israel."]
    assert checked.dropped == 1


def test_summary_is_capped_in_order():
    items = [{"text": f"The article reports point {'abcdef'[n - 1]}.", "sentence_ids": [n]}
             for n in range(1, 7)]
    checked = ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate({"summary": items}), max_summary=3)
    assert checked.dropped == 0, checked.reasons
    assert checked.summary == [f"The article reports point {'abcdef'[n - 1]}." for n in (1, 2, 3)]


def test_language_notes_need_the_term_in_the_cited_sentence_and_keep_the_lexicon():
    checked = check(language_notes=[
        {"term": "Doggedly", "sentence_id": 3, "suggestion": "omit"},  # lexicon has it: no duplicate
        {"term": "pushed the shipment through", "sentence_id": 3, "suggestion": "say 'approved'"},
        {"term": "stands with", "sentence_id": 2, "suggestion": "x"},  # not in sentence 2
        {"term": "anything", "sentence_id": 42, "suggestion": "x"},
    ])
    assert checked.dropped == 2
    in_three = [n.term for n in checked.language_notes if n.sentence == ARTICLE.sentences[2]]
    assert in_three == ["doggedly pushed", "pushed the shipment through"]
    lexicon = [n.term for n in analysis_of(ARTICLE).language_notes]  # ranked by the shared analysis
    assert lexicon[0] == "undoubtedly proven" and "once again" in lexicon
    assert {n.term for n in checked.language_notes[:len(lexicon)]} == set(lexicon)  # the lexicon's first


def test_open_questions_may_not_invent_names_or_ids():
    checked = check(open_questions=[
        {"question": "Who are the officials?", "about": "unnamed officials", "sentence_ids": [2]},
        {"question": "What does Hamas say?", "about": "missing perspective", "sentence_ids": []},
        {"question": "When will it arrive?", "about": "timing", "sentence_ids": [77]},
        {"question": "Why was Nevatim Air Base chosen?", "about": "Nevatim", "sentence_ids": []},
        {"question": "Why did Hamas attack the base?", "about": "motive", "sentence_ids": []},
    ])
    # A missing voice is named by definition: kept, and marked as not the article's;
    # a name in any other question must be in the article.
    assert checked.dropped == 2, checked.reasons
    assert [q.about for q in checked.open_questions] == [
        "unnamed officials", "missing perspective; not named in the article: Hamas", "Nevatim"]


def test_configured_secret_is_never_published():
    secret = "sk-live-SECRETKEY"
    checked = check(
        summary=[{"text": f"The article reports the key {secret}.", "sentence_ids": [2]}],
        claims=[claim(f"The Pentagon is sending {secret}.", [2])],
        language_notes=[{"term": "doggedly", "sentence_id": 3, "suggestion": secret}],
    )
    assert checked.summary == [] and checked.claims == [] and checked.dropped == 3
