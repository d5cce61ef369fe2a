"""How the LLM backend talks to a model: one small interface and its OpenAI implementation.

In the spirit of simonw/llm's single abstract `execute()`: the backend only
ever calls `complete(messages, schema, options)`. Everything about the wire
lives here: the official `openai` client, time limits, bounded retries with
backoff, Retry-After, servers that support less structured output than we
ask for, and endpoints that refuse the key. A backend for another API is
another `Transport`.

Structured output degrades in tiers, decided once per run and remembered,
because servers differ (see README's table of tested servers):

    json_schema         OpenAI, vLLM, recent llama.cpp server: the schema is enforced
    json_object+schema  llama-cpp-python's server: a grammar built from the schema
    json_object         any JSON (Ollama's "format": "json" and older servers)
    plain               the prompt alone (it states the schema too)

A server that rejects the format (HTTP 400, 422, or a 500 whose body names
`response_format`) moves the run to the next tier without spending a retry.

Time is bounded per request as a whole, not per read: the reply is read in
pieces against a deadline, so a server that drips one byte a second cannot
hold an article for longer than `timeout`; the caller's `deadline` bounds
the whole article across retries.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import openai

from ..base import BackendError
from .options import LLMOptions

log = logging.getLogger(__name__)

PLACEHOLDER_KEY = "not-needed"
"""Sent when only OPENAI_BASE_URL is set: local servers want no key, the client wants one."""
_RETRY_STATUSES = frozenset({408, 409, 429})
TIERS = ("json_schema", "json_object+schema", "json_object", "plain")
MAX_REPLY_BYTES = 4_000_000
"""A chat completion bigger than this is not a briefing (a runaway or hostile server)."""


@dataclass
class Completion:
    """What the model answered, and what it cost."""

    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 1
    finish_reason: str = ""
    """"length" when the reply was cut off by max_tokens: not a usable reply."""
    tier: str = ""
    """The structured-output tier the answer was asked with (see TIERS)."""


class TransportError(BackendError):
    """The endpoint gave no usable answer; `usage` holds the requests and tokens spent."""


class Transport(Protocol):
    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                 options: LLMOptions, *, max_tokens: int | None = None,
                 deadline: float | None = None) -> Completion:
        """One chat completion (retried as the options allow), or raise `TransportError`.

        `schema` is the JSON schema the reply should follow; a transport may
        ignore it (the prompt states it too). `deadline` (time.monotonic())
        bounds all attempts together."""
        ...


class OpenAITransport:
    """Any OpenAI-compatible chat endpoint. Thread-safe: one shared client, and the
    only state is what the endpoint told us (the format tier it takes; it refuses the key)."""

    def __init__(self, options: LLMOptions) -> None:
        self._tier = 0
        self._lock = threading.Lock()
        self._fatal = ""  # set by a wrong key or model: later requests fail fast, unsent
        try:
            self._client = openai.OpenAI(api_key=options.api_key or PLACEHOLDER_KEY,
                                         base_url=options.base_url, timeout=options.timeout,
                                         max_retries=0)
        except Exception as exc:  # noqa: BLE001  (its text may quote the configuration)
            raise BackendError(f"cannot create the OpenAI client ({type(exc).__name__})") from None

    def __repr__(self) -> str:
        return "OpenAITransport()"  # no URL or key: either may carry credentials

    @property
    def tier(self) -> str:
        """The structured-output tier this run uses now."""
        return TIERS[self._tier]

    def _next_tier(self, rejected: int, status: int) -> None:
        with self._lock:  # concurrent articles may all see the same rejection: move once
            if self._tier == rejected and self._tier < len(TIERS) - 1:
                self._tier += 1
                log.warning("LLM endpoint rejected response_format %s (HTTP %d); using %s from now on",
                            TIERS[rejected], status, TIERS[self._tier])

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                 options: LLMOptions, *, max_tokens: int | None = None,
                 deadline: float | None = None) -> Completion:
        spent = Completion("", requests=0)
        if self._fatal:
            raise TransportError(self._fatal, _usage(spent, self.tier))
        attempts, attempt, problem = 1 + options.max_retries, 0, ""
        while attempt < attempts:
            left = options.timeout if deadline is None else min(options.timeout, deadline - time.monotonic())
            if left <= 0:
                raise TransportError(f"LLM endpoint {problem or 'was slow'}; the article's time "
                                     f"(BRIEFING_ARTICLE_TIMEOUT) ran out after {spent.requests} "
                                     "request(s)", _usage(spent, self.tier))
            attempt += 1
            spent.requests += 1
            wait = _backoff(options, attempt)
            tier = self._tier if schema is not None else len(TIERS) - 1
            request = _request(messages, schema, options, TIERS[tier], max_tokens)
            try:
                body = self._send(request, left)
            except (_TooSlow, openai.APITimeoutError):
                problem = f"timed out (after {left:.1f} s)"
            except openai.APIConnectionError:
                problem = "could not be reached (connection error)"
            except openai.APIStatusError as exc:
                status = exc.status_code
                if tier < len(TIERS) - 1 and _rejects_format(status, exc):
                    # The schema is in the prompt too: ask again with less, not counted as a retry.
                    self._next_tier(tier, status)
                    attempt -= 1
                    continue
                if status not in _RETRY_STATUSES and status < 500:
                    if status in (401, 403, 404):
                        self._fatal = _refusal(status)  # the same for every article: stop asking
                    raise TransportError(_refusal(status), _usage(spent, self.tier)) from None
                problem = f"returned HTTP {status}"
                asked = _retry_after(exc.response.headers, options.max_wait)
                wait = _backoff(options, attempt) if asked is None else asked
            except _NotACompletion as exc:
                problem = str(exc)
            else:
                try:
                    text, finish = _content(body.text, spent)
                except _NotACompletion as exc:
                    problem = f"returned {exc} ({_content_type(body.headers)})"
                else:
                    spent.text, spent.finish_reason, spent.tier = text, finish, TIERS[tier]
                    log.info("LLM reply (%s, finish_reason %s)", TIERS[tier], finish or "?")
                    return spent
            if attempt < attempts:
                if deadline is not None and time.monotonic() + wait >= deadline:
                    break
                log.info("LLM endpoint %s; retrying in %.1f s (attempt %d of %d)",
                         problem, wait, attempt + 1, attempts)
                time.sleep(wait)
        raise TransportError(f"LLM endpoint {problem}, {attempt} attempt(s) made", _usage(spent, self.tier))

    def _send(self, request: dict[str, Any], seconds: float) -> _Body:
        """One request whose reply must be complete within `seconds` in all: read in
        pieces, so a server that drips bytes cannot reset the clock with each one."""
        until = time.monotonic() + seconds
        with self._client.chat.completions.with_streaming_response.create(**request, timeout=seconds) as raw:
            pieces, size = [], 0
            for piece in raw.iter_bytes():
                pieces.append(piece)
                size += len(piece)
                if time.monotonic() > until:
                    raise _TooSlow
                if size > MAX_REPLY_BYTES:
                    raise _NotACompletion(f"returned more than {MAX_REPLY_BYTES // 1_000_000} MB")
            return _Body(b"".join(pieces).decode("utf-8", "replace"), raw.headers)


@dataclass
class _Body:
    text: str
    headers: Mapping[str, str]


class _TooSlow(Exception):
    """The whole reply did not arrive within the request's time."""


def _rejects_format(status: int, exc: openai.APIStatusError) -> bool:
    """Did the server refuse our response_format? 400/422 after asking for one, or a
    500 that names it (llama-cpp-python's server validates the request that way)."""
    if status in (400, 422):
        return True
    if status == 500:
        try:
            return "response_format" in exc.response.text
        except Exception:  # noqa: BLE001  an unreadable body names nothing
            return False
    return False


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every `$ref` replaced by its definition: grammar builders of
    some servers (llama-cpp-python) do not resolve `$defs` and generate the ref
    string itself as content."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.split("/")[-1]])
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def _usage(spent: Completion, tier: str = "") -> dict[str, Any]:
    return {"tokens_in": spent.tokens_in, "tokens_out": spent.tokens_out, "requests": spent.requests,
            "tier": tier}


def _request(messages: list[dict[str, str]], schema: dict[str, Any] | None,
             options: LLMOptions, tier: str, max_tokens: int | None) -> dict[str, Any]:
    request: dict[str, Any] = {"model": options.model, "messages": messages}
    if options.temperature is not None:
        request["temperature"] = options.temperature
    if max_tokens:
        request["max_tokens"] = max_tokens
    if schema is not None and tier == "json_schema":
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "briefing", "strict": True, "schema": schema},
        }
    elif schema is not None and tier == "json_object+schema":
        request["response_format"] = {"type": "json_object", "schema": inline_refs(schema)}
    elif schema is not None and tier == "json_object":
        request["response_format"] = {"type": "json_object"}
    return request


def _backoff(options: LLMOptions, attempt: int) -> float:
    return min(options.max_wait, options.backoff * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)


class _NotACompletion(Exception):
    """A 200 reply that is not a chat completion (a proxy's HTML page, a cut-off body)."""


def _content(body: str, spent: Completion) -> tuple[str, str]:
    """The first choice's text and finish reason from a completion body; tokens added to `spent`."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _NotACompletion("a non-JSON reply") from None
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
        raise _NotACompletion("a JSON reply that is not a chat completion")
    tokens = data.get("usage")
    tokens = tokens if isinstance(tokens, dict) else {}
    spent.tokens_in += _int(tokens.get("prompt_tokens"))
    spent.tokens_out += _int(tokens.get("completion_tokens"))
    choice = data["choices"][0]
    message = choice.get("message") if isinstance(choice, dict) else None
    if not isinstance(message, dict):
        raise _NotACompletion("a chat completion without a message")
    if message.get("refusal"):
        raise TransportError("the model refused to analyse this article", _usage(spent))
    content = message.get("content")
    finish = choice.get("finish_reason")
    return (content if isinstance(content, str) else ""), (finish if isinstance(finish, str) else "")


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
