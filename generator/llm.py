"""The `llm` backend: a Briefing from any OpenAI-compatible chat endpoint.

Works with OpenAI, Azure, Ollama, vLLM and llama.cpp's server through the
official `openai` client. The model proposes; `grounding.ground` decides
what is published, so invented content next to a citation is dropped and
counted rather than shown.

Configuration (the openai client's conventions, plus ours):

    OPENAI_API_KEY            key for the endpoint (optional for local servers)
    OPENAI_BASE_URL           endpoint, e.g. http://localhost:11434/v1 (default: OpenAI)
    BRIEFING_MODEL            model name when --model is not given; default "gpt-4o-mini"
    BRIEFING_TIMEOUT          seconds per request (default 60)
    BRIEFING_MAX_RETRIES      retries after a failed request (default 3)
    BRIEFING_CHUNK_CHARS      article characters per request; longer articles are split
                              on sentence boundaries (default 12000)
    BRIEFING_TEMPERATURE      sampling temperature (default 0; "none" = server default)
    BRIEFING_PRICE_IN/_OUT    USD per 1M input/output tokens; both set = cost in usage

The API key is only ever handed to the client (which sends it in the
Authorization header); no message we build contains it.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import math
import os
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import openai

from . import prompt
from .backends import BackendError
from .grounding import ground
from .model import Article, BackendInfo, Briefing, source_info
from .prompt import Reply, chunks, describe, merge, parse_reply

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"
"""Sent when only OPENAI_BASE_URL is set: local servers want no key, the client wants one."""
CHECKER_VERSION = "grounding-1"
_RETRY_STATUSES = frozenset({408, 409, 429})


class LLMBackendError(BackendError):
    """A BackendError that still reports the tokens spent before giving up."""

    def __init__(self, message: str, usage: dict[str, Any]) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass
class _Usage:
    started: float
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 0

    def as_dict(self, price_in: float | None, price_out: float | None) -> dict[str, Any]:
        cost = None
        if price_in is not None and price_out is not None:
            cost = round((self.tokens_in * price_in + self.tokens_out * price_out) / 1e6, 6)
        return {"tokens_in": self.tokens_in, "tokens_out": self.tokens_out,
                "seconds": round(time.perf_counter() - self.started, 3),
                "requests": self.requests, "cost": cost}


class LLMBackend:
    """Thread-safe: one shared openai client, and no per-article state on self."""

    name = "llm"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        chunk_chars: int = 12_000,
        temperature: float | None = 0.0,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        max_summary: int = 5,
        price_in: float | None = None,
        price_out: float | None = None,
    ) -> None:
        self.model = model
        self.base_url = base_url or DEFAULT_BASE_URL
        self.timeout = timeout
        self.max_retries = max_retries
        self.chunk_chars = chunk_chars
        self.temperature = temperature
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_summary = max_summary
        self.price_in = price_in
        self.price_out = price_out
        self._secret = api_key or ""
        self._use_schema = True
        self._fatal = ""  # set by a wrong key or model: later articles fail fast, unsent
        try:
            self._client = openai.OpenAI(api_key=api_key or PLACEHOLDER_KEY, base_url=self.base_url,
                                         timeout=timeout, max_retries=0)
        except Exception as exc:  # noqa: BLE001  (its text may quote the configuration)
            raise BackendError(f"cannot create the OpenAI client ({type(exc).__name__})") from None

    def __repr__(self) -> str:
        return f"LLMBackend(model={self.model!r})"  # no URL: it may carry credentials

    @classmethod
    def from_env(cls, model: str | None = None, *, env: Mapping[str, str] | None = None,
                 **overrides: Any) -> LLMBackend:
        """Settings from the environment (see module docstring); `overrides` win (tests)."""
        env = os.environ if env is None else env
        api_key, base_url = env.get("OPENAI_API_KEY", "").strip(), env.get("OPENAI_BASE_URL", "").strip()
        if not api_key and not base_url:
            raise BackendError("no LLM endpoint configured: set OPENAI_API_KEY, or OPENAI_BASE_URL "
                               "for a local server")
        settings: dict[str, Any] = {
            "api_key": api_key or None,
            "base_url": base_url or None,
            "timeout": _number(env, "BRIEFING_TIMEOUT", 60.0, float, low=0.001),
            "max_retries": _number(env, "BRIEFING_MAX_RETRIES", 3, int, low=0),
            "chunk_chars": _number(env, "BRIEFING_CHUNK_CHARS", 12_000, int, low=200),
            "price_in": _number(env, "BRIEFING_PRICE_IN", None, float, low=0),
            "price_out": _number(env, "BRIEFING_PRICE_OUT", None, float, low=0),
        }
        if env.get("BRIEFING_TEMPERATURE", "").strip().lower() == "none":
            settings["temperature"] = None
        else:
            settings["temperature"] = _number(env, "BRIEFING_TEMPERATURE", 0.0, float, low=0)
        settings.update(overrides)
        chosen = (model or env.get("BRIEFING_MODEL", "")).strip() or DEFAULT_MODEL
        return cls(chosen, **settings)

    def settings_key(self) -> str:
        # The endpoint is hashed: the same model name on two servers is two models,
        # and a URL may carry credentials that must not reach the manifest.
        endpoint = hashlib.sha256(self.base_url.encode()).hexdigest()[:12]
        return (f"llm:{prompt.PROMPT_VERSION}:{CHECKER_VERSION}:{self.model}:{endpoint}:"
                f"t={self.temperature}:chunk={self.chunk_chars}:summary={self.max_summary}")

    def analyse(self, article: Article) -> Briefing:
        usage = _Usage(started=time.perf_counter())
        if self._fatal:
            raise LLMBackendError(self._fatal, usage.as_dict(self.price_in, self.price_out))
        if not article.sentences:
            raise BackendError("the article has no sentences to analyse")
        try:
            spans = chunks(article.sentences, self.chunk_chars)
            replies = [self._ask(article, first, last, n + 1, len(spans), usage)
                       for n, (first, last) in enumerate(spans)]
            checked = ground(article, merge(replies), max_summary=self.max_summary,
                             forbidden=[self._secret] if len(self._secret) >= 8 else [])
            for reason in checked.reasons:
                log.info("%s: dropped unverified %s", article.path, self._redact(reason))
            if not checked.summary:
                raise BackendError(f"no summary sentence from the model passed the grounding check "
                                   f"({checked.dropped} items dropped as unverified)")
        except BackendError as exc:
            raise LLMBackendError(self._redact(str(exc)), usage.as_dict(self.price_in, self.price_out)) from None
        return Briefing(
            title=article.title,
            summary=checked.summary,
            actors=checked.actors,
            claims=checked.claims,
            open_questions=checked.open_questions,
            language_notes=checked.language_notes,
            source=source_info(article),
            backend=BackendInfo(name=self.name, model=self.model, dropped_unverified=checked.dropped),
            usage=usage.as_dict(self.price_in, self.price_out),
        )

    def _ask(self, article: Article, first: int, last: int, part: int, parts: int,
             usage: _Usage) -> Reply:
        """One chunk; a reply that is not valid JSON for the schema gets one corrective retry."""
        messages = prompt.messages(article, first, last, part, parts)
        content = self._complete(messages, usage)
        try:
            return parse_reply(content)
        except ValueError as exc:
            problem = describe(exc)
        log.info("%s: invalid model reply (%s); asking once more", article.path, problem)
        messages += [{"role": "assistant", "content": self._redact(content[:8000])},
                     {"role": "user", "content": prompt.CORRECTION.format(problem=problem)}]
        content = self._complete(messages, usage)
        try:
            return parse_reply(content)
        except ValueError as exc:
            raise BackendError(f"the model's reply was not valid briefing JSON, also after a "
                               f"corrective retry ({describe(exc)})") from None

    def _complete(self, messages: list[dict[str, str]], usage: _Usage) -> str:
        """One chat completion with bounded retries; returns the message text."""
        attempts, attempt, problem = 1 + self.max_retries, 0, ""
        use_schema = self._use_schema
        while attempt < attempts:
            attempt += 1
            usage.requests += 1
            wait = self._backoff(attempt)
            try:
                raw = self._client.chat.completions.with_raw_response.create(
                    **self._request(messages, use_schema))
            except openai.APITimeoutError:
                problem = f"timed out (after {self.timeout:g} s)"
            except openai.APIConnectionError:
                problem = "could not be reached (connection error)"
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status in (400, 422) and use_schema:
                    # Some servers reject response_format json_schema: the schema is in the
                    # prompt too, so ask again without it (once, not counted as a retry).
                    log.info("endpoint rejected the request with HTTP %d; retrying without "
                             "response_format", status)
                    use_schema, attempt = False, attempt - 1
                    continue
                if status not in _RETRY_STATUSES and status < 500:
                    if status in (401, 403, 404):
                        self._fatal = _refusal(status)  # the same for every article: stop asking
                    raise BackendError(_refusal(status)) from None
                problem = f"returned HTTP {status}"
                asked = _retry_after(exc.response.headers, self.max_wait)
                wait = self._backoff(attempt) if asked is None else asked
            else:
                try:
                    content = _content(raw.http_response.text, usage)
                except _NotACompletion as exc:
                    problem = f"returned {exc} ({_content_type(raw.http_response.headers)})"
                else:
                    if not use_schema and self._use_schema:
                        self._use_schema = False  # remembered for later articles
                    return content
            if attempt < attempts:
                log.info("LLM endpoint %s; retrying in %.1f s (attempt %d of %d)",
                         problem, wait, attempt + 1, attempts)
                time.sleep(wait)
        raise BackendError(f"LLM endpoint {problem}, {attempts} attempt(s) made")

    def _request(self, messages: list[dict[str, str]], use_schema: bool) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, "messages": messages}
        if self.temperature is not None:
            request["temperature"] = self.temperature
        if use_schema:
            request["response_format"] = prompt.response_format()
        return request

    def _backoff(self, attempt: int) -> float:
        return min(self.max_wait, self.backoff * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]") if self._secret else text


class _NotACompletion(Exception):
    """A 200 reply that is not a chat completion (a proxy's HTML page, a cut-off body)."""


def _content(body: str, usage: _Usage) -> str:
    """The first choice's text from a completion body."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _NotACompletion("a non-JSON reply") from None
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
        raise _NotACompletion("a JSON reply that is not a chat completion")
    tokens = data.get("usage")
    tokens = tokens if isinstance(tokens, dict) else {}
    usage.tokens_in += _int(tokens.get("prompt_tokens"))
    usage.tokens_out += _int(tokens.get("completion_tokens"))
    choice = data["choices"][0]
    message = choice.get("message") if isinstance(choice, dict) else None
    if not isinstance(message, dict):
        raise _NotACompletion("a chat completion without a message")
    if message.get("refusal"):
        raise BackendError("the model refused to analyse this article")
    content = message.get("content")
    return content if isinstance(content, str) else ""


def _retry_after(headers: Mapping[str, str], cap: float) -> float | None:
    """Seconds the server asks us to wait (retry-after-ms, seconds or HTTP date), capped."""
    try:
        if "retry-after-ms" in headers:
            return min(cap, max(0.0, float(headers["retry-after-ms"]) / 1000))
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return min(cap, max(0.0, float(value)))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return min(cap, max(0.0, when.timestamp() - time.time()))
    except (TypeError, ValueError, OverflowError):
        return None


def _refusal(status: int) -> str:
    if status in (401, 403):
        return f"LLM endpoint refused the credentials (HTTP {status}); check OPENAI_API_KEY"
    if status == 404:
        return "LLM endpoint or model not found (HTTP 404); check --model and OPENAI_BASE_URL"
    return f"LLM endpoint rejected the request (HTTP {status})"


def _content_type(headers: Mapping[str, str]) -> str:
    kind = headers.get("content-type", "").split(";")[0].strip()
    return "".join(c for c in kind if c.isalnum() or c in "/+-.")[:40] or "no content type"


def _int(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _number(env: Mapping[str, str], name: str, default: Any, kind: type, *, low: float) -> Any:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or math.isnan(value) or value < low:
        raise BackendError(f"{name} must be a {'whole ' if kind is int else ''}number >= {low:g}, "
                           f"got {raw[:20]!r}")
    return value
