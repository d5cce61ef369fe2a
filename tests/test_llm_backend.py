"""The llm backend against a scripted OpenAI-compatible server: what it sends,
what it publishes, and how it fails."""

from __future__ import annotations

import json
import threading
import time

import pytest
from openai_stub import (
    ARMS_PARAGRAPHS,
    OpenAIStub,
    Reply,
    analysis_of,
    broken_json,
    completion,
    error,
    good_reply,
    html_page,
    make_article,
    slow,
)

from generator.backends import Backend, BackendError
from generator.backends.llm.backend import LLMBackend
from generator.backends.llm.options import LLMOptions
from generator.backends.llm.prompt import chunks

KEY = "sk-test-Zq8Xv3Lm0Pa7Rt"
ARTICLE = make_article(ARMS_PARAGRAPHS)



def backend(server: OpenAIStub, **settings) -> LLMBackend:
    defaults = {"api_key": KEY, "base_url": server.url, "timeout": 2.0, "max_retries": 2, "backoff": 0.01}
    return LLMBackend(LLMOptions(model="stub-model", **(defaults | settings)))


# -- a good reply -----------------------------------------------------------------

def test_good_reply_fills_the_briefing_with_article_evidence(stub):
    stub.script(completion(good_reply(), prompt_tokens=700, completion_tokens=300))
    llm = backend(stub, price_in=0.15, price_out=0.60)
    briefing = llm.analyse(ARTICLE, analysis_of(ARTICLE))

    assert isinstance(llm, Backend)
    assert briefing.backend.name == "llm" and briefing.backend.model == "stub-model"
    assert briefing.backend.dropped_unverified == 0
    assert briefing.title == ARTICLE.title and briefing.source.sha256 == ARTICLE.sha256
    assert briefing.summary[0].startswith("The article reports that the Pentagon")
    assert [c.evidence for c in briefing.claims] == [ARTICLE.sentences[1], ARTICLE.sentences[4],
                                                     ARTICLE.sentences[5]]
    assert all(c.evidence in ARTICLE.sentences for c in briefing.claims)
    assert [c.attributed_to for c in briefing.claims] == [
        "the article (no source given)", "Biden", "Benjamin Netanyahu"]
    assert {a.name: (a.type, a.mentions) for a in briefing.actors} == {
        "Israel": ("state", 3), "Joe Biden": ("person", 2), "Pentagon": ("organisation", 1),
        "Benjamin Netanyahu": ("person", 2)}  # a claim's speaker the model did not list: from the analysis
    assert briefing.open_questions[0].about == "unnamed officials"
    # The lexicon's notes are always there; the model adds notes on other words.
    terms = " | ".join(n.term for n in briefing.language_notes)
    for term in ("undoubtedly", "greatest ally", "doggedly", "pushed the shipment through"):
        assert term in terms, term
    assert all(n.term in n.sentence and n.sentence in ARTICLE.sentences for n in briefing.language_notes)
    assert briefing.usage == {"tokens_in": 700, "tokens_out": 300, "requests": 1,
                              "seconds": briefing.usage["seconds"], "cost": pytest.approx(0.000285),
                              "tier": "json_schema", "dropped_reasons": []}
    assert 0 <= briefing.usage["seconds"] < 5


def test_request_sends_numbered_sentences_schema_and_key_only_in_header(stub):
    stub.script(completion(good_reply()))
    backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))

    [request] = stub.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert KEY.encode() not in request.body
    sent = request.json
    assert sent["model"] == "stub-model" and sent["temperature"] == 0
    assert sent["response_format"]["type"] == "json_schema"
    schema = sent["response_format"]["json_schema"]
    assert schema["strict"] is True
    assert schema["schema"]["additionalProperties"] is False
    assert set(schema["schema"]["required"]) == {"headline", "summary", "actors", "claims", "open_questions",
                                                 "language_notes"}
    user = request.text_of("user")
    for n, sentence in enumerate(ARTICLE.sentences, 1):
        assert f"[{n}] {sentence}" in user
    system = request.text_of("system")
    assert ARTICLE.sentences[0] not in system
    for rule in ("Neutral wording", '"<name> says ..."', '"the article asserts ..."',
                 "language of the article", "never judge whether a claim is true", "sentence_ids"):
        assert rule in system


def test_settings_key_tracks_output_settings_but_not_the_key(stub):
    base = backend(stub).settings_key()
    assert KEY not in base and "Zq8" not in base
    assert backend(stub, api_key="sk-other-key-000000").settings_key() == base
    assert backend(stub, timeout=9, max_retries=0).settings_key() == base
    assert LLMBackend(LLMOptions(model="other-model", api_key=KEY, base_url=stub.url)).settings_key() != base
    assert backend(stub, chunk_chars=5000).settings_key() != base
    assert backend(stub, temperature=0.7).settings_key() != base
    assert backend(stub, base_url="http://127.0.0.1:9/v1").settings_key() != base


# -- invalid replies: corrective retry --------------------------------------------

def test_invalid_json_gets_one_corrective_retry(stub):
    stub.script(completion("Sure! Here is the briefing: {summary: oops"), completion(good_reply()))
    briefing = backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))

    assert len(stub.requests) == 2 and briefing.usage["requests"] == 2
    assert briefing.usage["tokens_in"] == 200
    retry = stub.requests[1].messages
    assert retry[-2] == {"role": "assistant", "content": "Sure! Here is the briefing: {summary: oops"}
    assert retry[-1]["role"] == "user" and "could not be used" in retry[-1]["content"]


def test_schema_mismatch_twice_raises_after_exactly_two_requests(stub):
    wrong = {"summary": "not a list", "actors": [{"name": "Israel", "type": "planet"}]}
    stub.script(completion(wrong), completion("still not json"))
    with pytest.raises(BackendError, match="not valid briefing JSON"):
        backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 2


def test_server_ignoring_the_schema_still_works(stub):
    """Code fences, missing optional lists and 'organization' (US spelling) are accepted."""
    reply = good_reply()
    reply["actors"][1]["type"] = "Organization"
    del reply["open_questions"], reply["language_notes"]
    stub.script(completion("```json\n" + json.dumps(reply) + "\n```"))
    briefing = backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 1
    assert {a.name: a.type for a in briefing.actors}["Pentagon"] == "organisation"
    assert briefing.open_questions == [] and briefing.language_notes  # lexicon notes remain


def _format(request) -> str:
    sent = request.json.get("response_format")
    if sent is None:
        return "plain"
    return sent["type"] + ("+schema" if "schema" in sent else "")


@pytest.mark.parametrize("rejection", [
    error(400, message="response_format json_schema is not supported"),
    error(422, message="unprocessable"),
    error(500, message="1 validation error: response_format.type must be 'text' or 'json_object'"),
])
def test_a_rejected_format_moves_down_one_tier_for_the_run_without_spending_retries(stub, rejection):
    stub.script(rejection, completion(good_reply()), completion(good_reply()))
    llm = backend(stub, max_retries=0)  # no retries at all: the tier switch is not one
    first = llm.analyse(ARTICLE, analysis_of(ARTICLE))
    llm.analyse(ARTICLE, analysis_of(ARTICLE))
    assert [_format(r) for r in stub.requests] == ["json_schema", "json_object+schema", "json_object+schema"]
    assert first.usage["tier"] == "json_object+schema"
    # The grammar schema is self-contained: servers that cannot follow "$ref" get none.
    assert "$ref" not in json.dumps(stub.requests[1].json["response_format"]["schema"])


def test_tiers_go_down_to_the_plain_prompt_and_stop_there(stub):
    reject = error(400, message="response_format is not supported")
    stub.script(reject, reject, reject, completion(good_reply()))
    briefing = backend(stub, max_retries=0).analyse(ARTICLE, analysis_of(ARTICLE))
    assert [_format(r) for r in stub.requests] == ["json_schema", "json_object+schema", "json_object", "plain"]
    assert briefing.usage["tier"] == "plain" and briefing.summary


def test_a_500_that_does_not_name_the_format_is_retried_in_the_same_tier(stub):
    stub.script(error(500, message="out of memory"), completion(good_reply()))
    backend(stub, max_retries=1).analyse(ARTICLE, analysis_of(ARTICLE))
    assert [_format(r) for r in stub.requests] == ["json_schema", "json_schema"]


def test_a_reply_cut_off_at_the_token_limit_is_asked_again_with_the_whole_budget(stub):
    cut = completion(json.dumps(good_reply())[:200], finish_reason="length")
    stub.script(cut, completion(good_reply()))
    briefing = backend(stub, max_tokens=4096).analyse(ARTICLE, analysis_of(ARTICLE))
    first, second = (r.json["max_tokens"] for r in stub.requests)
    assert first < second == 4096 and briefing.summary


def test_a_reply_cut_off_twice_is_not_parsed_by_luck(stub):
    # The cut reply here is even valid JSON: it must still not be used.
    cut = completion(good_reply(), finish_reason="length")
    stub.script(cut, cut)
    with pytest.raises(BackendError, match="cut off at the token limit"):
        backend(stub, max_tokens=4096).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 2


def test_a_slow_drip_reply_is_bounded_by_the_request_timeout(stub):
    """One byte a second: the per-read timeout never fires, the whole-request one must."""
    good = completion(good_reply())
    stub.script(Reply(good.status, good.body, good.headers, drip=0.2))
    started = time.monotonic()
    with pytest.raises(BackendError, match="timed out"):
        backend(stub, timeout=1.0, max_retries=0).analyse(ARTICLE, analysis_of(ARTICLE))
    assert time.monotonic() - started < 4


def test_the_article_timeout_bounds_all_retries_together(stub):
    stub.script(*[slow(0.8)] * 10)
    started = time.monotonic()
    with pytest.raises(BackendError, match="timed out|ran out"):
        backend(stub, timeout=0.5, max_retries=9, backoff=0.0, article_timeout=1.5).analyse(
            ARTICLE, analysis_of(ARTICLE))
    assert time.monotonic() - started < 3.5 and len(stub.requests) <= 4


def test_refusal_raises(stub):
    stub.script(completion("", refusal="I can't help with that."))
    with pytest.raises(BackendError, match="refused"):
        backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))


def test_nothing_verifiable_in_the_summary_raises(stub):
    reply = good_reply()
    reply["summary"] = [{"text": "The article reports that 9,999 drones were sent.", "sentence_ids": [2]}]
    stub.script(completion(reply))
    with pytest.raises(BackendError, match="grounding check"):
        backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))


# -- transport faults ----------------------------------------------------------------

def test_5xx_is_retried_then_succeeds(stub):
    stub.script(error(500), error(503), completion(good_reply()))
    briefing = backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 3 and briefing.usage["requests"] == 3


def test_5xx_retries_are_bounded(stub):
    stub.script(*[error(502)] * 5)
    with pytest.raises(BackendError) as caught:
        backend(stub, max_retries=2).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 3
    assert str(caught.value) == "LLM endpoint returned HTTP 502, 3 attempt(s) made"
    assert caught.value.usage["requests"] == 3  # type: ignore[attr-defined]


def test_429_honours_retry_after(stub):
    stub.script(error(429, retry_after="1"), completion(good_reply()))
    backend(stub, backoff=0.0).analyse(ARTICLE, analysis_of(ARTICLE))
    first, second = stub.requests
    assert second.at - first.at >= 0.95


def test_503_retry_after_is_honoured_too(stub):
    stub.script(error(503, retry_after="1"), completion(good_reply()))
    backend(stub, backoff=0.0).analyse(ARTICLE, analysis_of(ARTICLE))
    assert stub.requests[1].at - stub.requests[0].at >= 0.95


def test_429_without_retry_after_backs_off_exponentially(stub):
    stub.script(error(429), error(429), completion(good_reply()))
    backend(stub, backoff=0.2).analyse(ARTICLE, analysis_of(ARTICLE))
    first, second, third = (r.at for r in stub.requests)
    assert 0.15 <= second - first < 0.6 and 0.3 <= third - second < 1.0


def test_429_with_retry_after_zero_retries_at_once(stub):
    stub.script(error(429, retry_after="0"), error(429, retry_after="0"), completion(good_reply()))
    started = time.monotonic()
    backend(stub, backoff=5.0).analyse(ARTICLE, analysis_of(ARTICLE))  # backoff would be seconds; Retry-After wins
    assert len(stub.requests) == 3 and time.monotonic() - started < 1.5


def test_retry_after_is_capped(stub):
    stub.script(error(429, retry_after="3600"), completion(good_reply()))
    started = time.monotonic()
    backend(stub, max_wait=0.2).analyse(ARTICLE, analysis_of(ARTICLE))
    assert time.monotonic() - started < 2


def test_timeout_is_retried(stub):
    stub.script(slow(3), completion(good_reply()))
    started = time.monotonic()
    briefing = backend(stub, timeout=0.3).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 2 and briefing.claims
    assert time.monotonic() - started < 2.5


def test_timeouts_exhausted_raise(stub):
    stub.script(slow(3), slow(3))
    with pytest.raises(BackendError, match=r"timed out \(after 0.3 s\), 2 attempt"):
        backend(stub, timeout=0.3, max_retries=1).analyse(ARTICLE, analysis_of(ARTICLE))


def test_connection_refused_raises():
    closed = OpenAIStub()
    url = closed.url
    closed.stop()  # port now closed
    llm = LLMBackend(LLMOptions(model="m", api_key=KEY, base_url=url, timeout=1, max_retries=1, backoff=0.01))
    with pytest.raises(BackendError, match="could not be reached"):
        llm.analyse(ARTICLE, analysis_of(ARTICLE))


@pytest.mark.parametrize("reply, what", [
    (html_page(), "a non-JSON reply (text/html)"),
    (broken_json(), "a non-JSON reply (application/json)"),
    (Reply(200, b""), "a non-JSON reply (no content type)"),
    (error(200, message="quota"), "a JSON reply that is not a chat completion (application/json)"),
])
def test_non_json_200_is_a_fault_not_a_crash(stub, reply, what):
    stub.script(reply, reply)
    with pytest.raises(BackendError) as caught:
        backend(stub, max_retries=1).analyse(ARTICLE, analysis_of(ARTICLE))
    assert str(caught.value) == f"LLM endpoint returned {what}, 2 attempt(s) made"
    assert len(stub.requests) == 2


def test_html_then_good_reply_recovers(stub):
    stub.script(html_page(), completion(good_reply()))
    assert backend(stub).analyse(ARTICLE, analysis_of(ARTICLE)).claims


@pytest.mark.parametrize("status", [401, 403, 404])
def test_client_errors_are_not_retried_and_never_echo_the_key(stub, status):
    stub.script(error(status, message=f"Incorrect API key provided: {KEY}"))
    with pytest.raises(BackendError) as caught:
        backend(stub).analyse(ARTICLE, analysis_of(ARTICLE))
    assert len(stub.requests) == 1
    assert str(status) in str(caught.value) and KEY not in str(caught.value)
    assert "\n" not in str(caught.value)


# -- long articles -----------------------------------------------------------------

def test_chunks_split_between_sentences_only():
    sentences = tuple("x" * n for n in (50, 50, 50, 300, 10))
    spans = chunks(sentences, 120)
    assert spans == [(0, 1), (2, 2), (3, 3), (4, 4)]
    assert chunks(sentences, 10_000) == [(0, 4)]


def test_long_article_is_split_with_global_ids_and_merged(stub):
    paragraphs = ARMS_PARAGRAPHS + [
        f"Officials said convoy {n} carried {n * 10} pallets to Nevatim Air Base, and Biden "
        f"was briefed." for n in range(1, 9)
    ]
    article = make_article(paragraphs)
    total = len(article.sentences)

    def answer(request):
        ids = [int(line[1:line.index("]")]) for line in request.text_of("user").splitlines()
               if line.startswith("[")]
        first = ids[0]
        return completion({
            "summary": [{"text": f"The article reports: {article.sentences[i - 1]}", "sentence_ids": [i]}
                        for i in ids[:2] if "undoubtedly" not in article.sentences[i - 1]],
            "actors": [{"name": "Biden", "type": "person", "role": "was briefed"}],
            "claims": [{"text": article.sentences[first - 1], "attributed_to": "the article",
                        "kind": "assertion", "sentence_ids": [first]}],
        })

    stub.script(*[answer] * 10)
    briefing = backend(stub, chunk_chars=400).analyse(article, analysis_of(article))

    parts = len(stub.requests)
    assert parts >= 3
    seen = []
    for request in stub.requests:
        user = request.text_of("user")
        assert f"of {parts} of a long article" in user
        seen += [int(line[1:line.index("]")]) for line in user.splitlines() if line.startswith("[")]
    assert seen == list(range(1, total + 1))  # every sentence once, in order, numbered globally
    assert len(briefing.claims) == parts
    assert [c.evidence for c in briefing.claims][1:] == [
        article.sentences[int(r.text_of("user").split("\n[", 1)[1].split("]")[0]) - 1]
        for r in stub.requests[1:]]
    biden = [a for a in briefing.actors if a.name == "Biden"]  # one actor, merged across the chunks
    assert len(biden) == 1 and biden[0].mentions == 10  # counted in the whole article, not per chunk
    # any other actor is a speaker the analysis found in a cited sentence (added by the checker)
    assert {a.name for a in briefing.actors} - {"Biden"} <= {s for s in analysis_of(article).speakers if s}
    assert len(briefing.summary) == 5 and briefing.summary[0].startswith("The article reports: The Pentagon")
    assert briefing.usage["requests"] == parts and briefing.usage["tokens_in"] == 100 * parts


# -- concurrency -------------------------------------------------------------------

def test_one_backend_serves_many_threads(stub):
    stub.script(*[completion(good_reply())] * 8)
    llm = backend(stub)
    results: list[object] = []

    def work():
        results.append(llm.analyse(ARTICLE, analysis_of(ARTICLE)))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 8 and len(stub.requests) == 8
    assert all(r.usage["requests"] == 1 and len(r.claims) == 3 for r in results)  # type: ignore[attr-defined]
