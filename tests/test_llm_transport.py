"""The LLM backend talks to its model only through `Transport.complete`: a
transport that is not HTTP at all is enough to run it."""

from __future__ import annotations

import json

import pytest
from openai_stub import ARMS_PARAGRAPHS, analysis_of, good_reply, make_article

from generator.backends import BackendError
from generator.backends.llm.backend import LLMBackend
from generator.backends.llm.options import LLMOptions
from generator.backends.llm.transport import Completion, TransportError

ARTICLE = make_article(ARMS_PARAGRAPHS)


class Scripted:
    def __init__(self, *answers: Completion | TransportError) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[list[dict[str, str]], dict | None, LLMOptions]] = []

    def complete(self, messages, schema, options, **limits):
        self.calls.append((messages, schema, options))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_backend_runs_on_any_transport_and_adds_up_usage():
    transport = Scripted(Completion("not json", tokens_in=10, tokens_out=2),
                         Completion(json.dumps(good_reply()), tokens_in=30, tokens_out=20))
    llm = LLMBackend(LLMOptions(model="m", price_in=1.0, price_out=1.0), transport=transport)
    briefing = llm.analyse(ARTICLE, analysis_of(ARTICLE))
    assert briefing.summary and briefing.backend.model == "m"
    assert briefing.usage["tokens_in"] == 40 and briefing.usage["requests"] == 2
    assert briefing.usage["cost"] == pytest.approx(62 / 1e6)
    messages, schema, options = transport.calls[1]
    assert schema is not None and schema["type"] == "object" and options.model == "m"
    assert "could not be used" in messages[-1]["content"]  # the corrective retry


def test_transport_failure_keeps_what_was_spent():
    transport = Scripted(TransportError("LLM endpoint timed out", {"requests": 3, "tokens_in": 5}))
    llm = LLMBackend(LLMOptions(model="m"), transport=transport)
    with pytest.raises(BackendError, match="timed out") as caught:
        llm.analyse(ARTICLE, analysis_of(ARTICLE))
    assert caught.value.usage["requests"] == 3 and caught.value.usage["tokens_in"] == 5
