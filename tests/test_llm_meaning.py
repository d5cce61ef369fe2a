"""Issue 24: the checker compares meaning on the parse, not bags of words.

Each of the six altered statements that used to be published is dropped (as a
summary sentence and as a claim), once through the whole `generate` run against
the loopback OpenAI stub; faithful paraphrases of the same sentences are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import briefing_files, generate, offline_env
from openai_stub import (
    COUNCIL_PARAGRAPHS,
    ISSUE_24_ALTERED,
    OpenAIStub,
    analysis_of,
    completion,
    council_reply,
    make_article,
)

from generator.backends.llm.grounding import ground
from generator.backends.llm.meaning import antonyms
from generator.backends.llm.prompt import Reply
from generator.model import Briefing

ARTICLE = make_article(COUNCIL_PARAGRAPHS, title="Council approves plan")


def summary(text: str, ids: list[int]):
    return ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))


def claim(text: str, ids: list[int], source: str, kind: str = "statement"):
    return ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate(
        {"claims": [{"text": text, "attributed_to": source, "kind": kind, "sentence_ids": ids}]}))


@pytest.mark.parametrize("what, text, ids", ISSUE_24_ALTERED, ids=[a[0] for a in ISSUE_24_ALTERED])
def test_each_altered_summary_sentence_of_issue_24_is_dropped(what, text, ids):
    checked = summary(text, ids)
    assert checked.summary == [] and checked.dropped == 1, (what, checked.reasons)


EXPECTED_REASON = {
    "speaker swap, both speakers cited": "credited to Alice Brown, but sentence 2 reports Bob Green",
    "subject/object swap": "agent and patient of \"accuse\" swapped",
    "antonym": "\"rejected\" where sentence 1 says \"approved\" (an antonym)",
    "tense/modality": "tense or modality changed: \"will approve\" for \"approved\"",
    "invented unnamed speaker": "speaker \"The police\" is not in the article",
    "evaluative adverb": "\"falsely\"",
}


@pytest.mark.parametrize("what, text, ids", ISSUE_24_ALTERED, ids=[a[0] for a in ISSUE_24_ALTERED])
def test_each_drop_says_why(what, text, ids):
    assert EXPECTED_REASON[what] in summary(text, ids).reasons[0]


@pytest.mark.parametrize("text, ids, source, kind", [
    ("The plan would raise taxes.", [1, 2], "Alice Brown", "statement"),            # Green's words, both cited
    ("The council rejected the plan.", [1], "Alice Brown", "statement"),             # antonym in a claim
    ("The council will approve the plan.", [1], "Alice Brown", "statement"),         # tense
    ("The council may approve the plan.", [1], "Alice Brown", "statement"),          # modality
    ("The council plans to approve the plan.", [1], "Alice Brown", "statement"),     # intention for a fact
    ("The council did not approve the plan.", [1], "Alice Brown", "statement"),      # negation added
    ("Green accused Brown of spreading false figures.", [4, 1], "the article", "event"),
    ("The vote was rushed.", [3], "the police", "statement"),                        # invented described source
    ("The vote was clearly rushed.", [3], "Bob Green", "statement"),                 # certainty adverb
    ("The vote was wrongly rushed.", [3], "Bob Green", "statement"),                 # evaluative adverb
])
def test_altered_claims_are_dropped(text, ids, source, kind):
    checked = claim(text, ids, source, kind)
    assert checked.claims == [] and checked.dropped == 1, checked.reasons


@pytest.mark.parametrize("text, ids", [
    ("Mayor Alice Brown says the council approved the plan.", [1]),
    ("According to Alice Brown, the plan was approved by the council.", [1]),   # passive: roles kept
    ("Bob Green says the plan would raise taxes.", [2, 1]),
    ("The article reports that Bob Green says the plan will raise taxes.", [2]),  # would = will, reported
    ("Green says the vote was rushed.", [3]),
    ("Brown accuses Green of spreading false figures.", [4]),
    ("Alice Brown also accused Bob Green of spreading false figures.", [4, 1, 2]),  # "also" is no judgement
    ("The mayor says the council approved the plan.", [1]),                       # her title, not a new speaker
])
def test_faithful_paraphrases_are_kept(text, ids):
    checked = summary(text, ids)
    assert checked.dropped == 0 and len(checked.summary) == 1, checked.reasons


def test_the_opposites_come_from_wordnet_and_the_news_list():
    table = antonyms()
    assert "decrease" in table["increase"] and "lose" in table["win"]  # WordNet 3.0
    assert "reject" in table["approve"] and "deny" in table["confirm"]  # the news verbs
    assert "n:woman" in table["n:man"] and "woman" not in table.get("man", ())  # nouns apart


def test_a_faithful_reply_fills_schema_2_fields():
    checked = ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate(council_reply()))
    assert checked.dropped == 0, checked.reasons
    assert checked.headline == "Council approves the plan, Mayor Alice Brown says"
    ids = {a.name: a.id for a in checked.actors}
    assert ids == {"Alice Brown": "alice-brown", "Bob Green": "bob-green"}
    first, *_, last = checked.claims
    assert (first.speaker, first.predicate, first.evidence_sentences, first.kind) == (
        "alice-brown", "said", [0], "statement")
    assert (last.speaker, last.predicate, last.evidence_sentences) == ("alice-brown", "accused", [0, 3])
    question = checked.open_questions[0]
    assert (question.why, question.kind, question.sentence) == (
        "the article leaves the figures unnamed", "number", 3)


def test_old_claim_kinds_are_still_read():
    reply = Reply.model_validate({"claims": [
        {"text": "x", "attributed_to": "a", "kind": "attributed"},
        {"text": "x", "attributed_to": "a", "kind": "assertion"},
        {"text": "x", "attributed_to": "a", "kind": "Figure"}]})
    assert [c.kind for c in reply.claims] == ["statement", "event", "figure"]


def test_an_altered_headline_gives_way_to_the_analysis(stub):
    reply = council_reply()
    reply["headline"] = {"text": "Council rejects the plan", "sentence_ids": [1]}
    checked = ground(ARTICLE, analysis_of(ARTICLE), Reply.model_validate(reply))
    assert checked.headline == "" and any(r.startswith("headline:") for r in checked.reasons)


def test_the_six_replies_are_dropped_end_to_end(stub: OpenAIStub, tmp_path: Path):
    """`generate --backend llm` against the loopback stub: a reply that holds the faithful
    statements and the six altered ones publishes only the faithful ones, and the manifest
    says why the first were dropped."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "council.txt").write_text("Council approves plan\n\n" + "\n\n".join(COUNCIL_PARAGRAPHS) + "\n")
    reply = council_reply()
    reply["summary"] += [{"text": text, "sentence_ids": ids} for _, text, ids in ISSUE_24_ALTERED]
    stub.script(completion(reply))
    out = tmp_path / "out"
    env = offline_env(OPENAI_API_KEY="sk-test-meaning-0000", OPENAI_BASE_URL=stub.url, BRIEFING_MAX_RETRIES="0")
    result = generate("--input", str(seeds), "--output", str(out), "--backend", "llm", "--verbose", env=env)
    assert result.returncode == 0, result.stderr
    [path] = briefing_files(out)
    briefing = Briefing.from_dict(json.loads(path.read_text()))
    assert briefing.backend.name == "llm" and briefing.backend.dropped_unverified == 6
    assert briefing.summary == [s["text"] for s in council_reply()["summary"]]
    published = json.dumps(briefing.to_dict())
    for _, text, _ in ISSUE_24_ALTERED:
        assert text not in published
    entry = json.loads((out / "manifest.json").read_text())["articles"]["council.txt"]
    assert entry["dropped_unverified"] == 6 and len(entry["dropped_reasons"]) == 5
    assert "credited to Alice Brown" in entry["dropped_reasons"][0]
    assert "falsely" in result.stderr  # --verbose logs every drop, the sixth too


def test_judging_adverbs_are_loaded_in_our_prose_even_when_the_article_has_them():
    article = make_article(["Green falsely claimed that the vote was rushed, Brown said."], title="Vote")
    reply = {"summary": [{"text": "Brown says Green falsely claimed that the vote was rushed.", "sentence_ids": [1]}],
             "claims": [{"text": "Green falsely claimed that the vote was rushed.", "attributed_to": "Brown",
                         "kind": "statement", "sentence_ids": [1]},
                        {"text": "Brown says Green \"falsely claimed\" that the vote was rushed.",
                         "attributed_to": "Brown", "kind": "statement", "sentence_ids": [1]}]}
    checked = ground(article, analysis_of(article), Reply.model_validate(reply))
    assert checked.summary == [] and len(checked.claims) == 1  # only the quoted use
    assert all("falsely" in r or "loaded wording" in r for r in checked.reasons), checked.reasons


# -- round 2: rules written after the blind part of the set (tests/data/checker_set.json) ----------

REFINERY = make_article([
    "Harbour Energy will close its refinery in June.",
    "The company said the site had lost money for three years.",
    "The union Unite fears the closure could cost 400 jobs.",
    "Chief executive Maria Lopez rejected the union's figures.",
    "Lopez said the company would consider an appeal against the fine.",
    "Analysts at Carter Bank said the closure could lift fuel prices.",
    "Unite said 40 contractors could be affected.",
    "In the race for council leader, Nina Patel is two votes ahead of Tom Reid.",
    "Lopez called the union campaign 'reckless'.",
], title="Harbour Energy to close refinery")


def refinery(text: str, ids: list[int]):
    return ground(REFINERY, analysis_of(REFINERY),
                  Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))


@pytest.mark.parametrize("text, ids", [
    ("Harbour Energy says the site lost money for three years.", [2]),       # "the company" named just before
    ("Unite fears the closure could cost 400 jobs.", [3]),                   # a belief credited like speech
    ("Lopez says the company would consider an appeal against the fine.", [5]),
    ("Analysts at Carter Bank say the closure could lift fuel prices.", [6]),  # the bank speaks through them
    ("Carter Bank says the closure could lift fuel prices.", [6]),
    ("Unite says 40 contractors could be affected.", [7]),
    ("Nina Patel is two votes ahead of Tom Reid in the race for council leader.", [8]),
    ("Lopez called the union campaign 'reckless'.", [9]),                    # single quotes are quotation marks
    ("The union's figures were rejected by Maria Lopez.", [4]),              # passive, possessor kept
])
def test_round_2_faithful_statements_are_kept(text, ids):
    checked = refinery(text, ids)
    assert checked.dropped == 0 and len(checked.summary) == 1, checked.reasons


@pytest.mark.parametrize("text, ids, reason", [
    ("The union rejected Maria Lopez's figures.", [4], "agent and patient of \"reject\" swapped"),
    ("Lopez says the company will appeal against the fine.", [5], "(not the event itself)"),
    ("Maria Lopez fears the closure could cost 400 jobs.", [3, 4], "reports Unite saying it"),
    ("Unite says 40 contractors are affected.", [7], "tense or modality changed: \"are affected\""),
    ("Tom Reid is two votes ahead of Nina Patel in the race for council leader.", [8], "trade places"),
    ("Maria Lopez says the closure could lift fuel prices.", [6, 4], "reports Carter Bank saying it"),
    ("Lopez called the union campaign reckless.", [9], "keeps loaded wording ('reckless')"),  # quoted there only
    ("Unite says the site lost money for three years.", [2], "name Unite not in the cited sentences"),
])
def test_round_2_altered_statements_are_dropped(text, ids, reason):
    checked = refinery(text, ids)
    assert checked.summary == [] and checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


def test_a_support_verb_carries_the_event():
    """"made an appeal" is "appealed": the support verbs are a closed class, checked like the
    verb itself (its tense and modality), not refused as another predicate."""
    article = make_article(["The council made an appeal to residents on Friday."], title="Appeal")
    kept = ground(article, analysis_of(article), Reply.model_validate(
        {"summary": [{"text": "The council appealed to residents on Friday.", "sentence_ids": [1]}]}))
    changed = ground(article, analysis_of(article), Reply.model_validate(
        {"summary": [{"text": "The council will appeal to residents on Friday.", "sentence_ids": [1]}]}))
    assert kept.dropped == 0, kept.reasons
    assert changed.dropped == 1 and "tense or modality" in changed.reasons[0], changed.reasons


# -- round 3: general causes of the misses left on the set (our own sentences) ----------------

BOARD = make_article([
    ("The school board adopted its rules on phones in classrooms across the district -- including labs, "
     "gyms and libraries -- in May, and the vote was unanimous, the Hillside Post-Tribune reports."),
    "Parents filed a complaint against the rules, River FM reports.",
    "The transfer deal contains an option to buy the striker.",
    "Sam Ortiz posted a photo of the damaged bridge on his website.",
], title="Board adopts phone rules")


def board(text: str, ids: list[int], source: str = ""):
    if not source:
        return ground(BOARD, analysis_of(BOARD),
                      Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))
    return ground(BOARD, analysis_of(BOARD), Reply.model_validate(
        {"claims": [{"text": text, "attributed_to": source, "kind": "statement", "sentence_ids": ids}]}))


@pytest.mark.parametrize("text, ids, source", [
    ("The school board adopted its rules in May.", [1], "the Hillside Post-Tribune"),
    ("The Hillside Post-Tribune reports that the school board adopted its rules in May.", [1], ""),
    ("The school board adopted its rules in May.", [1, 2], ""),
    ("The transfer deal includes an option to buy the striker.", [3], ""),
    ("Sam Ortiz put a photo of the damaged bridge on his website.", [4], ""),
])
def test_round_3_faithful_statements_are_kept(text, ids, source):
    checked = board(text, ids, source)
    assert checked.dropped == 0, checked.reasons


@pytest.mark.parametrize("text, ids, source, reason", [
    # ", the Hillside Post-Tribune reports." covers the whole sentence, though the parse reads
    # "reports" as a noun and the analysis credits nobody: crediting the other outlet cited
    # beside it is a speaker swap
    ("The school board adopted its rules in May.", [1, 2], "River FM", "reports the Hillside Post-Tribune saying"),
    ("River FM reports that the school board adopted its rules in May.", [1, 2], "",
     "reports the Hillside Post-Tribune saying"),
    ("The transfer deal excludes an option to buy the striker.", [3], "", "(an antonym)"),        # news list
    ("Sam Ortiz removed a photo of the damaged bridge from his website.", [4], "", "(an antonym)"),
])
def test_round_3_altered_statements_are_dropped(text, ids, source, reason):
    checked = board(text, ids, source)
    assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


REFINERY_2 = make_article([
    "Harbour Energy said it would close the refinery in June.",
    "Chief executive Maria Lopez said the site had lost money for years.",
    "\"We looked at every option,\" she said.",
    "Lopez said staff would be offered other jobs.",
    "The firm also said the site would be sold to a local builder.",
    "The city council said it would review the plans in the spring.",
    "Planning officer Joe Bell, from the city council, said the site could take 200 homes.",
    "The authority said it had set aside money for new roads.",
], title="Harbour Energy to close refinery")


@pytest.mark.parametrize("text, ids, dropped", [
    # "the firm" after three sentences of its chief executive: the body credited before her
    ("Harbour Energy says the site will be sold to a local builder.", [5], False),
    # "the authority" after an officer of the council: the council credited before him
    ("The city council says it has set aside money for new roads.", [8], False),
    ("Harbour Energy says it has set aside money for new roads.", [8], True),
    ("Joe Bell says the site will be sold to a local builder.", [5], True),
])
def test_a_bare_description_speaker_stands_for_the_body_credited_before(text, ids, dropped):
    checked = ground(REFINERY_2, analysis_of(REFINERY_2),
                     Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))
    assert checked.dropped == int(dropped), checked.reasons


STORM = make_article([
    "Engineer Tom Hale said the old sea wall had failed in three places during the storm.",
    "Talks between the two unions failed on Monday.",
    "Engineer Ann Roe said the old harbour wall had held during the storm.",
    "Mayor Mia Cole said the harbour would reopen on Friday.",
], title="Sea wall fails in storm")


@pytest.mark.parametrize("text, ids, reason", [
    # the parse makes "the city's old sea wall" the object of "says" and "held" a participle on it
    ("Tom Hale says the city's old sea wall held in three places.", [1], "(an antonym)"),
    ("Tom Hale says the city's old sea wall failed in three places.", [1], None),
    ("The two unions held talks on Monday.", [2], None),  # a support verb: not the opposite of "failed"
    ("Ann Roe says the town's old harbour wall held during the storm.", [3, 4], None),
    ("Mia Cole says the town's old harbour wall held during the storm.", [3, 4], "reports Ann Roe saying it"),
])
def test_a_clause_reported_as_a_participle_is_compared(text, ids, reason):
    checked = ground(STORM, analysis_of(STORM),
                     Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


@pytest.mark.parametrize("sentence, reporter", [
    ("The ban starts in May, and fines are large, the Hillside Post-Tribune reports.", "the Hillside Post-Tribune"),
    ("He writes for two papers, the New York Post.", None),  # a name ending the sentence, not a verb
    ("Prices rose, officials say.", None),                  # unnamed: the analysis's business
    ("Prices rose, he said.", None),
])
def test_a_sentence_final_reporter_is_read_from_the_words(sentence, reporter):
    from generator.analysis.parse import nlp
    from generator.backends.llm.meaning import trailing_reporter

    found = trailing_reporter(nlp()(sentence))
    assert (found.text if found else None) == reporter


def test_a_support_verb_against_a_support_verb_keeps_its_opposite():
    """"launched the campaign" / "ended the campaign": both with an object, still opposites."""
    article = make_article(["The charity launched its winter campaign on Monday."], title="Campaign")
    checked = ground(article, analysis_of(article), Reply.model_validate(
        {"summary": [{"text": "The charity ended its winter campaign on Monday.", "sentence_ids": [1]}]}))
    assert checked.dropped == 1 and "(an antonym)" in checked.reasons[0], checked.reasons


# -- round 4: general causes of the blind-5 misses (our own sentences) ------------------------

SPIKES = make_article([
    ("More than 5,000 people have signed a petition demanding Barlow's remove benches that block the path "
     "outside one of its stores."),
    "The chain has caused anger after installing the benches outside its store in Dover.",
    'A spokesman for Harbour Foods said: "The spikes are not an anti-homeless measure."',
], title="Petition against benches")


def spikes(text: str, ids: list[int], source: str = ""):
    if not source:
        return ground(SPIKES, analysis_of(SPIKES),
                      Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))
    return ground(SPIKES, analysis_of(SPIKES), Reply.model_validate(
        {"claims": [{"text": text, "attributed_to": source, "kind": "statement", "sentence_ids": ids}]}))


@pytest.mark.parametrize("text, ids, reason", [
    # the noun a copula says its subject is keeps its polarity: the "not" may not be dropped
    ("A Harbour Foods spokesman says the spikes are an anti-homeless measure.", [3], "negation of \"measure\""),
    ("A Harbour Foods spokesman says the spikes are not an anti-homeless measure.", [3], None),
    # "remove" is in the cited sentence (the parse reads it as a noun): no opposite of "installing"
    ("More than 5,000 people have signed a petition asking Barlow's to remove benches outside its Dover store.",
     [1, 2], None),
])
def test_round_4_nominal_predicates_and_own_words(text, ids, reason):
    """(The own word must be the same form: "rose" against "a sharp rise" is still an antonym of
    "fell", see test_round_4_another_form_of_the_word_does_not_hide_an_antonym.)"""
    checked = spikes(text, ids)
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


@pytest.mark.parametrize("source, dropped", [
    ("a spokesman for Harbour Foods", False),   # as the article writes it
    ("a Harbour Foods spokesman", False),       # the organisation before the noun
    ("Harbour Foods's spokesman", False),       # or as a possessive
    ("a Harbour Foods spokeswoman", True),      # not the article's speaker
])
def test_round_4_a_described_source_may_put_its_organisation_first(source, dropped):
    checked = spikes("The spikes are not an anti-homeless measure.", [3], source)
    assert checked.dropped == int(dropped), checked.reasons


@pytest.mark.parametrize("text, reason", [
    # the quotation closed by "she said" is hers, though the sentence is credited to the critics
    # (and the parse hangs it on "the council says"): a woman named just before may be she
    ("Isobel Grant says the benches show complete disregard for homeless people.", None),
    ("Tom Hale says the benches show complete disregard for homeless people.", "reports unnamed critics"),
    ("Isobel Grant says the benches were put there to target the homeless.", "reports unnamed critics"),
])
def test_round_4_a_quotation_closed_by_she_said_is_not_the_sentence_speakers(text, reason):
    from generator.analysis.parse import nlp
    from generator.backends.llm import meaning

    sentence = nlp()("Critics say the benches were put there to target the homeless but Barlow's say it is only "
                     "about litter 'The benches show complete disregard for homeless people,' she said.")
    context = meaning.Context(same=lambda a, b: a.lower() == b.lower(), described=lambda name: [],
                              in_article=lambda word: True, refers_back=lambda name, n: name == "Isobel Grant")
    why = meaning.problem(nlp()(text), [meaning.Cited(3, sentence, "unnamed critics")],
                          meaning.Speaker(meaning.ARTICLE), context)
    assert (why is None) if reason is None else (why is not None and reason in why), why


TIMETABLE = make_article(["Transport minister Lena Park said the new timetable was a failure."], title="Timetable")


@pytest.mark.parametrize("text, reason", [
    ("The rail unions call the new timetable a failure.", "speaker \"The rail unions\" is not in the article"),
    ("The passengers describe the new timetable as a failure.", "speaker \"The passengers\" is not in the article"),
    ("Lena Park calls the new timetable a failure.", None),
])
def test_round_4_the_subject_of_call_x_y_is_a_speaker(text, reason):
    """"call X Y", "describe X as Y": the subject judges in words, a speaker the article must have."""
    checked = ground(TIMETABLE, analysis_of(TIMETABLE),
                     Reply.model_validate({"summary": [{"text": text, "sentence_ids": [1]}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


MERGER = make_article([("The merger still needs the approval of the competition regulator, which is expected to "
                        "decide by 30 June.")], title="Merger")


@pytest.mark.parametrize("text, reason", [
    # the event as the noun of a verb of need (WordNet: approve -> approval): still to happen
    ("The competition regulator has approved the merger.", "tense or modality changed"),
    ("The competition regulator will approve the merger.", "tense or modality changed"),
    ("The merger still has to be approved by the competition regulator.", None),
])
def test_round_4_a_needed_approval_is_not_an_approval(text, reason):
    checked = ground(MERGER, analysis_of(MERGER),
                     Reply.model_validate({"summary": [{"text": text, "sentence_ids": [1]}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


def test_nominals_come_from_wordnet():
    from generator.backends.llm.meaning import nominals

    assert {"approval"} <= nominals()["approve"] and "decision" in nominals()["decide"]
    assert "approver" not in nominals()["approve"]  # the doer is not the event


VOTE = make_article(["The council denied claims that the mayor had asked it to delay the vote."], title="Vote")


@pytest.mark.parametrize("text, reason", [
    # the clause "claims that ..." carries is compared, and "it" there is the council above it
    ("The council denies claims that it asked the mayor to delay the vote.", "agent and patient of \"ask\" swapped"),
    ("The council denies claims that the mayor asked it to delay the vote.", None),
    ("The council denies claims that the mayor asked the council to delay the vote.", None),
])
def test_round_4_a_pronoun_in_a_content_clause_is_the_subject_above(text, reason):
    checked = ground(VOTE, analysis_of(VOTE), Reply.model_validate({"summary": [{"text": text, "sentence_ids": [1]}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


SITE = make_article([("The airport's director promised a robust new website - with more secure logins and "
                      "systems - within weeks.")], title="Site")


@pytest.mark.parametrize("text, reason", [
    # the lexicon's finding spans "secure new website"; its loaded word is the sentence's plain "secure"
    ("The airport's director promised a more secure new website within weeks.", None),
    ("The airport's director promised a superb new website within weeks.", "superb new website"),
    ("The airport's director promised a more secure and brilliant new website within weeks.", "brilliant"),
])
def test_round_4_a_loaded_word_the_cited_sentence_uses_plainly_may_move(text, reason):
    checked = ground(SITE, analysis_of(SITE), Reply.model_validate({"summary": [{"text": text, "sentence_ids": [1]}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


def test_round_4_another_form_of_the_word_does_not_hide_an_antonym():
    article = make_article(["Bread prices fell in March after a sharp rise in February."], title="Prices")
    checked = ground(article, analysis_of(article), Reply.model_validate(
        {"summary": [{"text": "Bread prices rose in March.", "sentence_ids": [1]}]}))
    assert checked.dropped == 1 and "(an antonym)" in checked.reasons[0], checked.reasons


FENCE = make_article(["Walker Tom Hale set up a petition against the new fence.",
                      "A spokeswoman for Northfield Council said: 'The fence is not a barrier to walkers.",
                      "'It was put up after talks with the police, in response to vandalism.'"], title="Fence")


@pytest.mark.parametrize("text, ids, source, reason", [
    # a quotation going on over paragraphs in single marks is the speaker's who opened it
    ("Tom Hale says the fence was put up after talks with the police.", [3, 1], "", "reports Northfield Council"),
    ("Northfield Council says the fence was put up after talks with the police.", [3], "", None),
    ("The fence was put up after talks with the police.", [3], "a Northfield Council spokeswoman", None),
])
def test_round_4_a_quotation_that_goes_on_keeps_its_speaker(text, ids, source, reason):
    item = {"claims": [{"text": text, "attributed_to": source, "kind": "statement", "sentence_ids": ids}]} \
        if source else {"summary": [{"text": text, "sentence_ids": ids}]}
    checked = ground(FENCE, analysis_of(FENCE), Reply.model_validate(item))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


DRILL = make_article(['Head teacher Ruth Obi said: "No pupil was ever at risk, and the drill went well."'],
                     title="Drill")


@pytest.mark.parametrize("text, reason", [
    # where the copula puts its subject ("at risk", "in danger") keeps its polarity like a verb
    ("Ruth Obi says pupils were at risk.", "negation of \"risk\" differs"),
    ("Ruth Obi says no pupil was ever at risk.", None),
    ("Ruth Obi says pupils were never at risk.", None),
])
def test_a_negative_subject_of_a_copula_with_a_place_is_kept(text, reason):
    checked = ground(DRILL, analysis_of(DRILL), Reply.model_validate({"summary": [{"text": text, "sentence_ids": [1]}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons


RESULTS = make_article(["The grocer Palmer's made a profit of £12 million, up 9% on the year before.",
                        "The board denied that it had ignored earlier complaints from tenants."], title="Results")


@pytest.mark.parametrize("text, ids, reason", [
    ("Palmer's made a profit of £12 million, 9% more than a year earlier.", [1], None),  # a comparison
    ("Palmer's made a better profit of £12 million.", [1], "better"),                    # a judgement
    ("The board denies ignoring earlier complaints from tenants.", [2], None),  # the same denial, as a gerund
    ("The board says it ignored earlier complaints from tenants.", [2], "negation of"),
])
def test_a_comparison_is_no_judgement_and_a_denied_gerund_is_denied(text, ids, reason):
    checked = ground(RESULTS, analysis_of(RESULTS), Reply.model_validate({"summary": [{"text": text, "sentence_ids": ids}]}))
    if reason is None:
        assert checked.dropped == 0, checked.reasons
    else:
        assert checked.dropped == 1 and reason in checked.reasons[0], checked.reasons
