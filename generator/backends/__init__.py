"""The backends, by name: one registry that the CLI, the fallback and the tests share.

Adding a backend is one module with a class that follows `base.Backend` and
has a `create(model)` class method, plus one line in `REGISTRY`. A backend's module is
imported when it is created, not with the registry: `fetch` and `--help` never load
spaCy or the OpenAI client.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .base import Backend, BackendError

BackendFactory = Callable[[str | None], Backend]
"""Builds a ready backend from the --model option (None = the backend's default)."""


def _extractive(model: str | None) -> Backend:
    from .extractive import ExtractiveBackend

    return ExtractiveBackend.create(model)


def _llm(model: str | None) -> Backend:
    from .llm.backend import LLMBackend

    return LLMBackend.create(model)


REGISTRY: dict[str, BackendFactory] = {
    "extractive": _extractive,
    "llm": _llm,
}
FALLBACK = "extractive"
"""What an article gets when its backend fails: offline, so it cannot fail the same way."""
AUTO = "auto"

__all__ = [
    "AUTO",
    "FALLBACK",
    "REGISTRY",
    "Backend",
    "BackendError",
    "choices",
    "create",
    "fallback",
    "llm_configured",
]


def choices() -> list[str]:
    return [AUTO, *REGISTRY]


def llm_configured() -> bool:
    return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def create(choice: str, model: str | None = None) -> Backend:
    """`auto` means the LLM when an endpoint is configured, else the fallback backend."""
    if choice == AUTO:
        choice = "llm" if llm_configured() else FALLBACK
    try:
        factory = REGISTRY[choice]
    except KeyError:
        raise BackendError(f"unknown backend '{choice}'; choose one of {', '.join(choices())}") from None
    return factory(model)


def fallback() -> Backend:
    return REGISTRY[FALLBACK](None)
