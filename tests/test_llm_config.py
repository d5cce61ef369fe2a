"""LLMBackend.from_env: the openai client's conventions, our defaults, clear errors."""

from __future__ import annotations

import os

import pytest
from openai_stub import (
    ARMS_PARAGRAPHS,
    analysis_of,
    completion,
    good_reply,
    make_article,
)

from generator.backends import BackendError, create
from generator.backends.llm.backend import LLMBackend
from generator.backends.llm.options import DEFAULT_MODEL
from generator.backends.llm.transport import PLACEHOLDER_KEY

KEY = "sk-test-Config0000Key"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "BRIEFING_")):
            monkeypatch.delenv(name)




def test_defaults(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    llm = LLMBackend.from_env()
    assert llm.model == DEFAULT_MODEL == "gpt-4o-mini"
    assert (llm.options.timeout, llm.options.max_retries, llm.options.chunk_chars,
            llm.options.temperature) == (60.0, 3, 12_000, 0.0)
    assert llm.options.base_url == "https://api.openai.com/v1"
    assert KEY not in repr(llm) and KEY not in llm.settings_key()


def test_model_argument_wins_over_env(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("BRIEFING_MODEL", "llama3.1:8b")
    assert LLMBackend.from_env().model == "llama3.1:8b"
    assert LLMBackend.from_env(model="qwen2.5").model == "qwen2.5"
    assert create("auto", "qwen2.5").model == "qwen2.5"


def test_env_settings_are_read(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    for name, value in {"BRIEFING_TIMEOUT": "7.5", "BRIEFING_MAX_RETRIES": "0",
                        "BRIEFING_CHUNK_CHARS": "4000", "BRIEFING_TEMPERATURE": "none",
                        "BRIEFING_PRICE_IN": "0.15", "BRIEFING_PRICE_OUT": "0.6"}.items():
        monkeypatch.setenv(name, value)
    llm = LLMBackend.from_env()
    assert (llm.options.timeout, llm.options.max_retries, llm.options.chunk_chars,
            llm.options.temperature) == (7.5, 0, 4000, None)
    assert (llm.options.price_in, llm.options.price_out) == (0.15, 0.6)


@pytest.mark.parametrize("name, value", [("BRIEFING_TIMEOUT", "soon"), ("BRIEFING_TIMEOUT", "0"),
                                         ("BRIEFING_MAX_RETRIES", "-1"), ("BRIEFING_MAX_RETRIES", "2.5"),
                                         ("BRIEFING_CHUNK_CHARS", "10"), ("BRIEFING_PRICE_IN", "nan")])
def test_bad_values_name_the_variable(monkeypatch, name, value):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv(name, value)
    with pytest.raises(BackendError, match=name):
        LLMBackend.from_env()


def test_nothing_configured_is_a_clear_error():
    with pytest.raises(BackendError, match="OPENAI_API_KEY"):
        LLMBackend.from_env()


def test_local_server_without_key_gets_a_placeholder(monkeypatch, stub):
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    stub.script(completion(good_reply()))
    article = make_article(ARMS_PARAGRAPHS)
    briefing = LLMBackend.from_env(model="local").analyse(article, analysis_of(article))
    assert briefing.backend.model == "local"
    assert stub.requests[0].headers["authorization"] == f"Bearer {PLACEHOLDER_KEY}"


def test_prices_give_a_cost_and_no_prices_give_none(monkeypatch, stub):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    stub.script(completion(good_reply(), prompt_tokens=2_000_000, completion_tokens=1_000_000),
                completion(good_reply()))
    article = make_article(ARMS_PARAGRAPHS)
    monkeypatch.setenv("BRIEFING_PRICE_IN", "0.5")
    monkeypatch.setenv("BRIEFING_PRICE_OUT", "2")
    assert LLMBackend.from_env().analyse(article, analysis_of(article)).usage["cost"] == pytest.approx(3.0)
    monkeypatch.delenv("BRIEFING_PRICE_OUT")
    assert LLMBackend.from_env().analyse(article, analysis_of(article)).usage["cost"] is None
