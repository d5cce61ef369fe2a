"""The `llm` backend: a Briefing from any OpenAI-compatible chat endpoint.

Works with OpenAI, Azure, Ollama, vLLM and llama.cpp's server through the
transport (see `transport.py`). The model proposes; `grounding.ground`
decides what is published, so invented content next to a citation is
dropped and counted rather than shown.

The API key is only ever handed to the transport's client (which sends it
in the Authorization header); no message we build contains it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any

from ...analysis.run import CLAIMS_SHOWN
from ...model import Analysis, Article, BackendInfo, Briefing, source_info
from ..base import BackendError
from . import prompt
from .grounding import ground
from .options import LLMOptions, OptionsError
from .prompt import Reply, chunks, describe, merge, parse_reply
from .transport import Completion, OpenAITransport, Transport, TransportError

log = logging.getLogger(__name__)

CHECKER_VERSION = "grounding-3"
REASONS_IN_MANIFEST = 5
"""Why the first items were dropped, per article in the manifest (all of them go to the
--verbose log)."""


def reply_budget(chars: int, cap: int) -> int:
    """max_tokens for a reply about `chars` characters of article: the reply restates
    claims and summary, so it grows with the text (about a token per 3 characters, plus
    the JSON around it), up to the user's cap."""
    return min(cap, 1024 + chars // 3)


@dataclass
class _Usage:
    started: float
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 0
    tier: str = ""
    reasons: list[str] = field(default_factory=list)

    def add(self, spent: Completion | dict[str, int]) -> None:
        get = spent.get if isinstance(spent, dict) else lambda k, d=0: getattr(spent, k, d)
        self.tokens_in += int(get("tokens_in", 0))
        self.tokens_out += int(get("tokens_out", 0))
        self.requests += int(get("requests", 0))
        tier = spent.get("tier") if isinstance(spent, dict) else spent.tier
        if tier:
            self.tier = str(tier)

    def as_dict(self, options: LLMOptions) -> dict[str, Any]:
        cost = None
        if options.price_in is not None and options.price_out is not None:
            cost = round((self.tokens_in * options.price_in + self.tokens_out * options.price_out) / 1e6, 6)
        return {"tokens_in": self.tokens_in, "tokens_out": self.tokens_out,
                "seconds": round(time.perf_counter() - self.started, 3),
                "requests": self.requests, "cost": cost, "tier": self.tier,
                "dropped_reasons": list(self.reasons)}


class LLMBackend:
    """Thread-safe: one shared transport, and no per-article state on self."""

    name = "llm"

    def __init__(self, options: LLMOptions, transport: Transport | None = None) -> None:
        self.options = options
        self.transport = transport if transport is not None else OpenAITransport(options)
        self._secret = options.api_key or ""

    @property
    def model(self) -> str:
        return self.options.model

    def __repr__(self) -> str:
        return f"LLMBackend(model={self.model!r})"  # no URL: it may carry credentials

    @classmethod
    def from_env(cls, model: str | None = None, **overrides: Any) -> LLMBackend:
        """Settings from the environment (see `options.py`); `overrides` win (tests)."""
        try:
            return cls(LLMOptions.from_env(model, **overrides))
        except OptionsError as exc:
            raise BackendError(str(exc)) from None

    @classmethod
    def create(cls, model: str | None = None) -> LLMBackend:
        """Registry entry point."""
        return cls.from_env(model)

    def settings_key(self) -> str:
        # The endpoint is hashed: the same model name on two servers is two models,
        # and a URL may carry credentials that must not reach the manifest.
        o = self.options
        endpoint = hashlib.sha256(o.base_url.encode()).hexdigest()[:12]
        return (f"llm:{prompt.PROMPT_VERSION}:{CHECKER_VERSION}:{o.model}:{endpoint}:"
                f"t={o.temperature}:chunk={o.chunk_chars}:summary={o.max_summary}")

    def analyse(self, article: Article, analysis: Analysis) -> Briefing:
        usage = _Usage(started=time.perf_counter())
        deadline = time.monotonic() + self.options.article_timeout
        try:
            if not article.sentences:
                raise BackendError("the article has no sentences to analyse")
            spans = chunks(article.sentences, self.options.chunk_chars)
            replies = [self._ask(article, first, last, n + 1, len(spans), usage, deadline)
                       for n, (first, last) in enumerate(spans)]
            checked = ground(article, analysis, merge(replies), max_summary=self.options.max_summary,
                             forbidden=[self._secret])  # whatever its length
            for reason in checked.reasons:
                log.info("%s: dropped unverified %s", article.path, self._redact(reason))
            usage.reasons = [self._redact(r) for r in checked.reasons[:REASONS_IN_MANIFEST]]
            if not checked.summary:
                raise BackendError(f"no summary sentence from the model passed the grounding check "
                                   f"({checked.dropped} items dropped as unverified)")
        except BackendError as exc:
            raise BackendError(self._redact(str(exc)), usage.as_dict(self.options)) from None
        return Briefing(
            title=article.title,
            summary=checked.summary,
            actors=checked.actors,
            claims=[replace(c, key=n < CLAIMS_SHOWN) for n, c in enumerate(checked.claims)],
            open_questions=checked.open_questions,
            language_notes=checked.language_notes,
            source=source_info(article),
            backend=BackendInfo(name=self.name, model=self.model, dropped_unverified=checked.dropped),
            notices=list(analysis.notices),
            headline=checked.headline or analysis.headline,
            speakers=list(analysis.speech),
            genre=analysis.genre,
            usage=usage.as_dict(self.options),
        )

    def common_ground(self, sentences: list[tuple[str, str | None]]) -> str:
        """A paragraph of what every article of a story reports, written by the model from the
        sentences that carry the claims they all share (each with who says it, when someone
        does) and checked exactly as a briefing's summary is: the model sees them as one
        article, so every number, name, quotation, speaker and meaning must rest on them.
        "" when nothing passes or the request fails (the story page then has no paragraph)."""
        text = tuple(dict.fromkeys(s for s, _ in sentences))
        if not text:
            return ""
        who = dict(sentences)
        article = Article(path="common-ground", title="What every article of the story reports",
                          text="\n\n".join(text), sentences=text, sha256="", paragraphs=text)
        analysis = Analysis(actors=[], speakers=[who.get(s) for s in text], claims=[], open_questions=[],
                            language_notes=[], summary=[])
        try:
            return " ".join(self.analyse(article, analysis).summary)
        except BackendError as exc:
            log.info("common ground not written: %s", exc)
            return ""

    def _ask(self, article: Article, first: int, last: int, part: int, parts: int,
             usage: _Usage, deadline: float) -> Reply:
        """One chunk; a reply that is not valid JSON for the schema gets one corrective retry.

        A reply cut off at the token limit (finish_reason "length") is not parsed
        by luck: it is asked again once with the whole budget, then given up."""
        messages = prompt.messages(article, first, last, part, parts)
        budget = reply_budget(sum(len(s) for s in article.sentences[first:last + 1]), self.options.max_tokens)
        content, finish = self._complete(messages, usage, budget, deadline)
        if finish == "length":
            if budget >= self.options.max_tokens:
                raise BackendError(f"the model's reply was cut off at the token limit ({budget} tokens; "
                                   "raise BRIEFING_MAX_TOKENS)")
            log.info("%s: reply cut off at %d tokens; asking again with %d", article.path, budget,
                     self.options.max_tokens)
            budget = self.options.max_tokens
            content, finish = self._complete(messages, usage, budget, deadline)
            if finish == "length":
                raise BackendError(f"the model's reply was cut off at the token limit twice ({budget} "
                                   "tokens; raise BRIEFING_MAX_TOKENS)")
        try:
            return parse_reply(content)
        except ValueError as exc:
            problem = describe(exc)
        log.info("%s: invalid model reply (%s); asking once more", article.path, problem)
        messages += [{"role": "assistant", "content": self._redact(content[:8000])},
                     {"role": "user", "content": prompt.CORRECTION.format(problem=problem)}]
        content, finish = self._complete(messages, usage, budget, deadline)
        if finish == "length":
            raise BackendError(f"the model's corrected reply was cut off at the token limit ({budget} tokens)")
        try:
            return parse_reply(content)
        except ValueError as exc:
            raise BackendError(f"the model's reply was not valid briefing JSON, also after a "
                               f"corrective retry ({describe(exc)})") from None

    def _complete(self, messages: list[dict[str, str]], usage: _Usage, max_tokens: int,
                  deadline: float) -> tuple[str, str]:
        try:
            done = self.transport.complete(messages, prompt.reply_schema(), self.options,
                                           max_tokens=max_tokens, deadline=deadline)
        except TransportError as exc:
            usage.add(exc.usage)
            raise
        usage.add(done)
        return done.text, done.finish_reason

    def _redact(self, text: str) -> str:
        """Any configured key, whatever its length, out of messages and logs (a safety
        net: the key is only ever given to the client, never put in a message)."""
        if not self._secret:
            return text
        if len(self._secret) >= 8:
            return text.replace(self._secret, "[redacted]")
        return re.sub(rf"(?<![\w-]){re.escape(self._secret)}(?![\w-])", "[redacted]", text)
