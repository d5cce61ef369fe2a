"""How the LLM backend talks to a model: one small interface and its OpenAI implementation.

In the spirit of simonw/llm's single abstract `execute()`: the backend only
ever calls `complete(messages, schema, options)`. Everything about the wire
lives here: the official `openai` client, timeouts, bounded retries with
backoff, Retry-After, servers that reject structured output, and endpoints
that refuse the key. A backend for another API is another `Transport`.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
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


@dataclass
class Completion:
    """What the model answered, and what it cost."""

    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 1


class TransportError(BackendError):
    """The endpoint gave no usable answer; `usage` holds the requests and tokens spent."""


class Transport(Protocol):
    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                 options: LLMOptions) -> Completion:
        """One chat completion (retried as the options allow), or raise `TransportError`.

        `schema` is the JSON schema the reply should follow; a transport may
        ignore it (the prompt states it too)."""
        ...


class OpenAITransport:
    """Any OpenAI-compatible chat endpoint. Thread-safe: one shared client, and the
    only state is what the endpoint told us (it refuses schemas; it refuses the key)."""

    def __init__(self, options: LLMOptions) -> None:
        self._secret = options.api_key or ""
        self._use_schema = True
        self._fatal = ""  # set by a wrong key or model: later requests fail fast, unsent
        try:
            self._client = openai.OpenAI(api_key=options.api_key or PLACEHOLDER_KEY,
                                         base_url=options.base_url, timeout=options.timeout,
                                         max_retries=0)
        except Exception as exc:  # noqa: BLE001  (its text may quote the configuration)
            raise BackendError(f"cannot create the OpenAI client ({type(exc).__name__})") from None

    def __repr__(self) -> str:
        return "OpenAITransport()"  # no URL or key: either may carry credentials

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                 options: LLMOptions) -> Completion:
        spent = Completion("", requests=0)
        if self._fatal:
            raise TransportError(self._fatal, _usage(spent))
        attempts, attempt, problem = 1 + options.max_retries, 0, ""
        use_schema = self._use_schema and schema is not None
        while attempt < attempts:
            attempt += 1
            spent.requests += 1
            wait = _backoff(options, attempt)
            try:
                raw = self._client.chat.completions.with_raw_response.create(
                    **_request(messages, schema if use_schema else None, options))
            except openai.APITimeoutError:
                problem = f"timed out (after {options.timeout:g} s)"
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
                    raise TransportError(_refusal(status), _usage(spent)) from None
                problem = f"returned HTTP {status}"
                asked = _retry_after(exc.response.headers, options.max_wait)
                wait = _backoff(options, attempt) if asked is None else asked
            else:
                try:
                    text = _content(raw.http_response.text, spent)
                except _NotACompletion as exc:
                    problem = f"returned {exc} ({_content_type(raw.http_response.headers)})"
                else:
                    if not use_schema and schema is not None and self._use_schema:
                        self._use_schema = False  # remembered for later articles
                    spent.text = text
                    return spent
            if attempt < attempts:
                log.info("LLM endpoint %s; retrying in %.1f s (attempt %d of %d)",
                         problem, wait, attempt + 1, attempts)
                time.sleep(wait)
        raise TransportError(f"LLM endpoint {problem}, {attempts} attempt(s) made", _usage(spent))


def _usage(spent: Completion) -> dict[str, int]:
    return {"tokens_in": spent.tokens_in, "tokens_out": spent.tokens_out, "requests": spent.requests}


def _request(messages: list[dict[str, str]], schema: dict[str, Any] | None,
             options: LLMOptions) -> dict[str, Any]:
    request: dict[str, Any] = {"model": options.model, "messages": messages}
    if options.temperature is not None:
        request["temperature"] = options.temperature
    if schema is not None:
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "briefing", "strict": True, "schema": schema},
        }
    return request


def _backoff(options: LLMOptions, attempt: int) -> float:
    return min(options.max_wait, options.backoff * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)


class _NotACompletion(Exception):
    """A 200 reply that is not a chat completion (a proxy's HTML page, a cut-off body)."""


def _content(body: str, spent: Completion) -> str:
    """The first choice's text from a completion body; tokens added to `spent`."""
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
