"""A scripted OpenAI-compatible HTTP server on 127.0.0.1, for the LLM backend tests.

Use it as a context manager (`with OpenAIStub() as server:`), typically from a
`stub` fixture in conftest.py.

The openai 3.x client sends through httpx2, which respx and pytest-httpx do
not intercept, so the tests talk to a real socket instead. Each request
takes the next scripted behaviour (a `Reply`, or a function of the request
returning one) and is recorded, so tests can assert what was sent and how
often.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    """Header names lower-cased."""
    body: bytes
    at: float
    """time.monotonic() when the request arrived."""

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.json["messages"]

    def text_of(self, role: str) -> str:
        return "\n".join(m["content"] for m in self.messages if m["role"] == role)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (to outlast the client's timeout)."""
    drip: float = 0.0
    """Seconds between single bytes of the body (a slow-drip server); 0 = all at once."""


Behaviour = Reply | Callable[[Recorded], Reply]


def completion(content: str | dict[str, Any], *, prompt_tokens: int = 100,
               completion_tokens: int = 50, finish_reason: str = "stop", **message: Any) -> Reply:
    """A well-formed chat completion whose message content is `content` (dicts as JSON)."""
    text = content if isinstance(content, str) else json.dumps(content)
    body = {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub-model",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": text, **message}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }
    return Reply(200, json.dumps(body).encode(), {"content-type": "application/json"})


def error(status: int, retry_after: str | None = None, message: str = "stub error") -> Reply:
    headers = {"content-type": "application/json"}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    body = {"error": {"message": message, "type": "server_error", "code": None}}
    return Reply(status, json.dumps(body).encode(), headers)


def html_page(status: int = 200) -> Reply:
    page = b"<!doctype html><html><body><h1>Welcome to the proxy login</h1></body></html>"
    return Reply(status, page, {"content-type": "text/html; charset=utf-8"})


def broken_json() -> Reply:
    return Reply(200, b'{"id": "chatcmpl-stub", "choices": [', {"content-type": "application/json"})


def slow(seconds: float, then: Reply | None = None) -> Reply:
    reply = then or completion({})
    return Reply(reply.status, reply.body, reply.headers, delay=seconds)


class OpenAIStub:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = Recorded(
                    "POST", self.path, {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length), time.monotonic(),
                )
                reply = stub._next(request)
                if reply.delay and stub._stopping.wait(reply.delay):
                    return
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    if reply.drip:
                        for k in range(len(reply.body)):
                            if stub._stopping.wait(reply.drip):
                                return
                            self.wfile.write(reply.body[k:k + 1])
                            self.wfile.flush()
                    else:
                        self.wfile.write(reply.body)
                except OSError:
                    pass  # the client gave up (timeout): nothing to answer

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._script.extend(behaviours)

    @property
    def unused(self) -> int:
        return len(self._script)

    def _next(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            behaviour = self._script.popleft() if self._script else error(599, message="stub: script exhausted")
        return behaviour(request) if callable(behaviour) else behaviour

    def start(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()


# -- canned article and replies shared by the test_llm_* files --------------------

ARMS_PARAGRAPHS = [
    ("The United States has undoubtedly proven once again that it stands with its greatest ally, "
     "Israel, in its hour of need."),
    ("The Pentagon is sending thousands of Hellfire missiles and 120mm tank rounds to Israel, a "
     "shipment that officials say will arrive within days."),
    ("Defense Secretary Lloyd Austin has doggedly pushed the shipment through, and the first "
     "aircraft landed at Nevatim Air Base on Tuesday."),
    "President Joe Biden spoke by phone with Israeli Prime Minister Benjamin Netanyahu on Sunday.",
    '"We have Israel\'s back, today and every day," Biden told reporters at the White House.',
    ('Netanyahu thanked the president for his "rock-solid support" and said 1,200 reservists '
     "had been called up."),
]


_ANALYSES: dict[Any, Any] = {}


def make_article(paragraphs: list[str], title: str = "Pentagon sends munitions to Israel") -> Any:
    """An Article as the pipeline hands it to a backend: read, then split into sentences
    by the shared analysis (whose findings `analysis_of` returns)."""
    import hashlib

    from generator.analysis.run import analyse_batch
    from generator.model import Article

    text = "\n\n".join(paragraphs)
    read = Article(path="arms.md", title=title, text=text, sentences=(), paragraphs=tuple(paragraphs),
                   sha256=hashlib.sha256(text.encode()).hexdigest(), source="The Daily Dispatch",
                   slug="arms")
    [(article, analysis, problem)] = analyse_batch([read])
    assert analysis is not None, problem
    _ANALYSES[article] = analysis
    return article


def analysis_of(article: Any) -> Any:
    """The shared analysis of an article made by `make_article`."""
    return _ANALYSES[article]


def good_reply() -> dict[str, Any]:
    """A reply the checker accepts in full, for ARMS_PARAGRAPHS (sentence ids 1-6)."""
    return {
        "summary": [
            {"text": "The article reports that the Pentagon is sending Hellfire missiles and "
                     "120mm tank rounds to Israel.", "sentence_ids": [2]},
            {"text": "It reports that Joe Biden spoke with Benjamin Netanyahu on Sunday.",
             "sentence_ids": [4]},
        ],
        "actors": [
            {"name": "Joe Biden", "type": "person", "role": "President"},
            {"name": "Pentagon", "type": "organisation", "role": "sends the munitions"},
            {"name": "Israel", "type": "state", "role": "receives the shipment"},
        ],
        "claims": [
            {"text": "The Pentagon is sending thousands of Hellfire missiles and 120mm tank "
                     "rounds to Israel.", "attributed_to": "the article", "kind": "figure",
             "sentence_ids": [2]},
            {"text": "Biden says \"We have Israel's back, today and every day\".",
             "attributed_to": "Biden", "kind": "quote", "sentence_ids": [5]},
            {"text": "Netanyahu says 1,200 reservists had been called up.",
             "attributed_to": "Benjamin Netanyahu", "kind": "attributed", "sentence_ids": [6, 4]},
        ],
        "open_questions": [
            {"question": "Which officials say the shipment will arrive within days?",
             "about": "unnamed officials", "sentence_ids": [2]},
        ],
        "language_notes": [
            {"term": "pushed the shipment through", "sentence_id": 3,
             "suggestion": "describe the decision without implying force"},
        ],
    }


COUNCIL_PARAGRAPHS = [
    "Mayor Alice Brown said the council approved the plan.",
    "Bob Green said it would raise taxes.",
    "Green said the vote was rushed.",
    "Brown accused Green of spreading false figures.",
]
"""The four-sentence article of issue 24: two speakers, each credited for their own words."""

ISSUE_24_ALTERED = [
    ("speaker swap, both speakers cited", "Alice Brown says the plan would raise taxes.", [1, 2]),
    ("subject/object swap", "Bob Green accused Alice Brown of spreading false figures.", [4]),
    ("antonym", "Mayor Alice Brown says the council rejected the plan.", [1]),
    ("tense/modality", "Mayor Alice Brown says the council will approve the plan.", [1]),
    ("invented unnamed speaker", "The police say the vote was rushed.", [3]),
    ("evaluative adverb", "Bob Green falsely says the vote was rushed.", [3]),
]
"""The six altered statements issue 24 found published: (what was changed, text, cited ids)."""


def council_reply() -> dict[str, Any]:
    """A faithful reply for COUNCIL_PARAGRAPHS."""
    return {
        "headline": {"text": "Council approves the plan, Mayor Alice Brown says", "sentence_ids": [1]},
        "summary": [
            {"text": "Mayor Alice Brown says the council approved the plan.", "sentence_ids": [1]},
            {"text": "Bob Green says the plan would raise taxes and that the vote was rushed.",
             "sentence_ids": [2, 3]},
            {"text": "Brown accuses Green of spreading false figures.", "sentence_ids": [4]},
        ],
        "actors": [{"name": "Alice Brown", "type": "person", "role": "Mayor"},
                   {"name": "Bob Green", "type": "person", "role": "says the vote was rushed"}],
        "claims": [
            {"text": "The council approved the plan.", "attributed_to": "Alice Brown", "kind": "statement",
             "sentence_ids": [1]},
            {"text": "The plan would raise taxes.", "attributed_to": "Bob Green", "kind": "statement",
             "sentence_ids": [2]},
            {"text": "The vote was rushed.", "attributed_to": "Bob Green", "kind": "statement",
             "sentence_ids": [3, 2]},
            {"text": "Green spread false figures.", "attributed_to": "Alice Brown", "kind": "statement",
             "sentence_ids": [4, 1]},
        ],
        "open_questions": [{"question": "What figures does Brown dispute?", "about": "Alice Brown",
                            "why": "the article leaves the figures unnamed", "kind": "number",
                            "sentence_ids": [4]}],
        "language_notes": [],
    }
