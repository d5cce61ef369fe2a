"""The one interface both analysers implement, and the choice between them.

Like sumy's summarizers: interchangeable objects behind one small protocol,
so the pipeline never knows which one it is talking to.
"""

from __future__ import annotations

import os
from typing import Literal, Protocol, runtime_checkable

from .model import Article, Briefing

BackendChoice = Literal["auto", "llm", "extractive"]


class BackendError(Exception):
    """Analysis of one article failed; the pipeline falls back to extractive.

    The message is shown to the user as is: one line, no secrets.
    """


@runtime_checkable
class Backend(Protocol):
    name: str
    model: str

    def settings_key(self) -> str:
        """Everything besides the article that changes the output (for the cache)."""
        ...

    def analyse(self, article: Article) -> Briefing:
        """Fill a `Briefing` for `article`, or raise `BackendError`."""
        ...


def llm_configured() -> bool:
    return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def choose_backend(choice: BackendChoice, model: str | None = None) -> Backend:
    """`auto` means the LLM when an endpoint is configured, else extractive."""
    from .extractive import ExtractiveBackend

    if choice == "extractive" or (choice == "auto" and not llm_configured()):
        return ExtractiveBackend()
    from .llm import LLMBackend

    return LLMBackend.from_env(model=model)
