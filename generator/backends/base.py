"""The one interface every backend implements.

Like sumy's summarizers: interchangeable objects behind one small protocol,
so the pipeline never knows which one it is talking to. The registry that
names them lives in `generator.backends` (the package).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from ..model import Analysis, Article, Briefing


class BackendError(Exception):
    """Analysis of one article failed; the pipeline falls back to another backend.

    The message is shown to the user as is: one line, no secrets. `usage`
    carries what was spent before giving up (tokens, requests), so the
    manifest still records it.
    """

    def __init__(self, message: str, usage: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.usage: dict[str, Any] = dict(usage or {})


@runtime_checkable
class Backend(Protocol):
    name: str
    """What the registry, the report and the briefing call it."""

    @property
    def model(self) -> str:
        """The model or rule set behind it, as shown in the briefing ("" if none)."""
        ...

    def settings_key(self) -> str:
        """Everything besides the article that changes the output (for the cache)."""
        ...

    def analyse(self, article: Article, analysis: Analysis) -> Briefing:
        """Fill a `Briefing` for `article`, or raise `BackendError`. `analysis` is what
        the shared language analysis found in it (sentences are on the article)."""
        ...


CommonGround = Callable[[list[tuple[str, "str | None"]]], str]
"""Optional, for backends that write prose (the LLM one): `common_ground(sentences)` writes a
story's "common ground" paragraph from the sentences of the claims every article reports,
(sentence, who says it) each, checked like a summary; "" when it cannot."""


def common_ground(backend: Backend) -> CommonGround | None:
    return getattr(backend, "common_ground", None)
