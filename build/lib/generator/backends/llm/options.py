"""The LLM backend's settings: one typed object, built from flags and the environment.

Configuration (the openai client's conventions, plus ours):

    OPENAI_API_KEY            key for the endpoint (optional for local servers)
    OPENAI_BASE_URL           endpoint, e.g. http://localhost:11434/v1 (default: OpenAI)
    BRIEFING_MODEL            model name when --model is not given; default "gpt-4o-mini"
    BRIEFING_TIMEOUT          seconds per request, the whole reply included (default 60)
    BRIEFING_ARTICLE_TIMEOUT  seconds per article across all its requests and retries
                              (default 300); then the article falls back
    BRIEFING_MAX_TOKENS       most tokens a reply may use (default 4096); each request asks
                              for what the article's size needs, up to this
    BRIEFING_MAX_RETRIES      retries after a failed request (default 3)
    BRIEFING_CHUNK_CHARS      article characters per request; longer articles are split
                              on sentence boundaries (default 12000)
    BRIEFING_TEMPERATURE      sampling temperature (default 0; "none" = server default)
    BRIEFING_PRICE_IN/_OUT    USD per 1M input/output tokens; both set = cost in usage
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"


class OptionsError(ValueError):
    """A setting the user must fix; the message names the variable."""


@dataclass(frozen=True)
class LLMOptions:
    model: str = DEFAULT_MODEL
    api_key: str | None = field(default=None, repr=False)  # never in a repr or a log line
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 60.0
    """Seconds per request, from sending it to the last byte of the reply."""
    article_timeout: float = 300.0
    """Seconds per article, all requests and waits included."""
    max_tokens: int = 4096
    """Cap on the tokens of one reply (max_tokens is sized per request, up to this)."""
    max_retries: int = 3
    """Retries after a timeout, connection error, 429 or 5xx."""
    chunk_chars: int = 12_000
    temperature: float | None = 0.0
    backoff: float = 1.0
    """Seconds before the first retry; doubled on each next one."""
    max_wait: float = 60.0
    """Cap on any wait, Retry-After included."""
    max_summary: int = 5
    price_in: float | None = None
    price_out: float | None = None

    @classmethod
    def from_env(cls, model: str | None = None, *, env: Mapping[str, str] | None = None,
                 **overrides: Any) -> LLMOptions:
        """Settings from the environment (see module docstring); `overrides` win (tests)."""
        env = os.environ if env is None else env
        api_key, base_url = env.get("OPENAI_API_KEY", "").strip(), env.get("OPENAI_BASE_URL", "").strip()
        if not api_key and not base_url:
            raise OptionsError("no LLM endpoint configured: set OPENAI_API_KEY, or OPENAI_BASE_URL "
                               "for a local server")
        temperature = (None if env.get("BRIEFING_TEMPERATURE", "").strip().lower() == "none"
                       else _number(env, "BRIEFING_TEMPERATURE", 0.0, float, low=0))
        options = cls(
            model=(model or env.get("BRIEFING_MODEL", "")).strip() or DEFAULT_MODEL,
            api_key=api_key or None,
            base_url=base_url or DEFAULT_BASE_URL,
            timeout=_number(env, "BRIEFING_TIMEOUT", 60.0, float, low=0.001),
            article_timeout=_number(env, "BRIEFING_ARTICLE_TIMEOUT", 300.0, float, low=0.001),
            max_tokens=_number(env, "BRIEFING_MAX_TOKENS", 4096, int, low=256),
            max_retries=_number(env, "BRIEFING_MAX_RETRIES", 3, int, low=0),
            chunk_chars=_number(env, "BRIEFING_CHUNK_CHARS", 12_000, int, low=200),
            temperature=temperature,
            price_in=_number(env, "BRIEFING_PRICE_IN", None, float, low=0),
            price_out=_number(env, "BRIEFING_PRICE_OUT", None, float, low=0),
        )
        return replace(options, **overrides)


def _number(env: Mapping[str, str], name: str, default: Any, kind: type, *, low: float) -> Any:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or math.isnan(value) or value < low:
        raise OptionsError(f"{name} must be a {'whole ' if kind is int else ''}number >= {low:g}, "
                           f"got {raw[:20]!r}")
    return value
