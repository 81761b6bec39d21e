"""Batch-file envelopes: the line around one request in a vendor's batch input file (SPEC section 9).

Each vendor's batch file holds one request a line, wrapped in that vendor's envelope: an id and the
request under one key (``{"custom_id", "method", "url", "body"}`` for OpenAI / Azure OpenAI,
``{"custom_id", "params"}`` for Anthropic Message Batches, ``{"key", "request"}`` for the Gemini API,
``{"request"}`` for Vertex AI, where the batch's model is given apart and a line's id is its line
number). An :class:`Envelope` row knows how to
recognise its lines, where their id and request are, the JSON Pointer prefix of the request, which
ids its vendor accepts, and how to build a new line for one of its dialects. Adding a vendor's batch
format is one row in :data:`ENVELOPES` (for example Gemini's ``{"key", "request"}``: ``id_key="key"``,
``request_key="request"``, ``written={"gemini": {}}``).

Guarantees: recognition looks at key names only, never at values; messages name keys and rules and
never echo a value from the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chatdialect._pointer import escape


@dataclass(frozen=True, slots=True)
class IdRule:
    """What a vendor accepts as a line's id: a string matching ``pattern`` (``None``: any non-empty one)."""

    pattern: re.Pattern[str] | None = None
    description: str = "a non-empty string"
    """The rule in words, for messages (``"1 to 64 letters, digits, _ or -"``)."""

    def problem(self, value: Any) -> str | None:
        """Why ``value`` (``None``: no id) is not an accepted id, or ``None`` when it is; never echoes it."""
        if value is None:
            return "is missing"
        if not isinstance(value, str) or not value:
            return f"should be {self.description}"
        if self.pattern is not None and self.pattern.fullmatch(value) is None:
            return f"should be {self.description}"
        return None


@dataclass(frozen=True, slots=True)
class Envelope:
    """One vendor's batch line: ``{id_key: id, request_key: request, ...}``.

    A line is this envelope's when it holds ``request_key``. Every pointer into its request starts
    with :attr:`base`. :meth:`build` makes a new line for one of the dialects in :attr:`written`.
    """

    name: str
    """A short name for the vendor's batch format (``openai``, ``anthropic``)."""
    title: str
    """The format in words, with its article, for messages (``an Anthropic Message Batches line``)."""
    id_key: str | None
    """The key of the line's id (``custom_id``); ``None`` where a line's id is its line number
    (Vertex AI)."""
    request_key: str
    """The key of the request payload (``body``, ``params``)."""
    keys: tuple[str, ...]
    """Every key the vendor defines for a line, in the vendor's order."""
    written: Mapping[str, Mapping[str, str]]
    """The dialects whose batch lines these are, each with the keys a new line gets beside its id
    and request (OpenAI's ``method`` and ``url``)."""
    ids: IdRule = IdRule()
    """Which ids the vendor accepts."""
    endpoint_key: str | None = None
    """The key naming the endpoint a line is for (OpenAI's ``url``), when lines can be for other
    endpoints than chat completions (embeddings, Responses)."""
    base: str = field(init=False)
    """The JSON Pointer of the request inside the line (``/body``); prefix of its pointers."""
    shape: str = field(init=False)
    """The line's keys as people write them (``{custom_id, params}``), for messages."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", "/" + escape(self.request_key))
        object.__setattr__(self, "shape", "{" + ", ".join(self.keys) + "}")

    def not_chat(self, line: Mapping[str, Any], dialect: str | None = None) -> str | None:
        """Why ``line`` is not a request of ``dialect`` (its endpoint is another's: a chat line read
        as ``responses``, a Responses line read as a chat dialect), or ``None``; never echoes the
        endpoint."""
        if self.endpoint_key is None:
            return None
        url = line.get(self.endpoint_key)
        if type(url) is str and url in (_RESPONSES_URLS if dialect == "responses" else _CHAT_URLS):
            return None  # the usual url of the dialect's endpoint, known without taking it apart
        path = url.split("?", 1)[0].rstrip("/") if isinstance(url, str) else ""
        own = RESPONSES_PATH if dialect == "responses" else CHAT_PATH
        if path.endswith(own) or not path.endswith((CHAT_PATH, *OTHER_ENDPOINTS)):
            return None  # a line of the dialect's endpoint, or a route of the caller's own: kept
        if own == RESPONSES_PATH:
            return f"names another endpoint than the Responses API ({own}): this line is no Responses request"
        return f"names another endpoint than chat completions ({CHAT_PATH}): this line is not a chat request"

    def build(self, dialect: str, line_id: Any, request: dict[str, Any]) -> dict[str, Any]:
        """A new line of ``dialect`` around ``request``, keys in the vendor's order.

        ``dialect`` must be one of :attr:`written`; ``line_id`` is written as it is (check it with
        :attr:`ids` first).
        """
        line: dict[str, Any] = {} if self.id_key is None else {self.id_key: line_id}
        line.update(self.written[dialect])
        line[self.request_key] = request
        return line


RESPONSES_PATH = "/responses"
"""How the Responses API's endpoint path ends (``/v1/responses``)."""
CHAT_PATH = "/chat/completions"
"""How every chat-completions endpoint path ends (``/v1/chat/completions``, Azure's ``/chat/completions``)."""

OTHER_ENDPOINTS = ("/embeddings", "/completions", "/responses", "/moderations")
"""How the paths of the other endpoints a Batch API file may name end (OpenAI's batch reference:
``/v1/responses``, ``/v1/embeddings``, ``/v1/completions``, ``/v1/moderations``): their lines are not
chat requests."""

OPENAI_BATCH_URLS: Mapping[str, str] = {
    "openai": "/v1/chat/completions",
    "generic": "/v1/chat/completions",
    "atoma": "/v1/chat/completions",
    "watsonx": "/v1/chat/completions",
    "azure": "/chat/completions",
    "responses": "/v1/responses",
}
"""The ``url`` of a new OpenAI-style batch line, by target dialect (Azure OpenAI batch files use
``/chat/completions``). A line whose envelope is kept keeps its own ``url`` unless it names another
API than the target's (a chat completions line translated to ``responses``, and back): see
:func:`names_another_api`."""


_CHAT_URLS = frozenset(url for url in OPENAI_BATCH_URLS.values() if url.endswith(CHAT_PATH))
_RESPONSES_URLS = frozenset(url for url in OPENAI_BATCH_URLS.values() if url.endswith(RESPONSES_PATH))


def _api(url: Any) -> str | None:
    """The last path segment of a batch line's ``url`` (``completions``, ``responses``)."""
    return url.rstrip("/").rsplit("/", 1)[-1] if isinstance(url, str) else None


_APIS = frozenset(_api(url) for url in OPENAI_BATCH_URLS.values())
_API_OF = {url: _api(url) for url in OPENAI_BATCH_URLS.values()}
"""The API of each url chatdialect writes (what most lines hold), looked up rather than taken apart."""


def names_another_api(url: Any, target_url: str) -> bool:
    """Whether a kept line's ``url`` names one of the APIs chatdialect writes, but not the one of
    ``target_url`` (another url, such as a proxy's own route, is the caller's and kept)."""
    api = _API_OF[url] if type(url) is str and url in _API_OF else _api(url)
    return api in _APIS and api != (_API_OF.get(target_url) or _api(target_url))

OPENAI_BATCH = Envelope(
    name="openai",
    title="an OpenAI / Azure Batch API line",
    id_key="custom_id",
    request_key="body",
    keys=("custom_id", "method", "url", "body"),
    written={dialect: {"method": "POST", "url": url} for dialect, url in OPENAI_BATCH_URLS.items()},
    endpoint_key="url",  # a batch file may mix endpoints: /v1/embeddings, /v1/responses, ...
)

ANTHROPIC_BATCH = Envelope(
    name="anthropic",
    title="an Anthropic Message Batches line",
    id_key="custom_id",
    request_key="params",
    keys=("custom_id", "params"),
    written={"anthropic": {}},
    # Anthropic's Create a Message Batch reference: custom_id minLength 1, maxLength 64,
    # pattern ^[a-zA-Z0-9_-]{1,64}$ (platform.claude.com/docs/en/api/messages/batches, checked 2025).
    ids=IdRule(re.compile(r"[A-Za-z0-9_-]{1,64}"), "1 to 64 letters, digits, _ or -"),
)

GEMINI_BATCH = Envelope(
    name="gemini",
    title="a Gemini API batch line",
    id_key="key",
    request_key="request",
    keys=("key", "request"),
    written={"gemini": {}},
    # Gemini API Batch Mode input file: one {"key", "request"} object a line, the request a
    # GenerateContentRequest without the model (ai.google.dev/gemini-api/docs/batch-mode).
)

VERTEX_BATCH = Envelope(
    name="vertex",
    title="a Vertex AI batch line",
    id_key=None,
    request_key="request",
    keys=("request",),
    written={"gemini": {}},
    # Vertex AI batch prediction JSONL input: {"request": GenerateContentRequest} a line, the model
    # given with the job (cloud.google.com/vertex-ai/generative-ai/docs/multimodal/
    # batch-prediction-from-cloud-storage).
)
"""Chosen with ``--envelope vertex`` (its lines look like Gemini API lines without a key)."""

ENVELOPES: tuple[Envelope, ...] = (OPENAI_BATCH, ANTHROPIC_BATCH, GEMINI_BATCH)
"""Every batch format, in the order lines are recognised (after the source dialect's own)."""

_BY_DIALECT: dict[str, Envelope] = {
    dialect: envelope for envelope in ENVELOPES for dialect in envelope.written
}
"""Each dialect's own batch format."""


CHOSEN: dict[str, Envelope] = {"vertex": VERTEX_BATCH}
"""The envelopes chosen by name (``--envelope``) in place of a dialect's own."""


def envelope_of(dialect: str, chosen: str | None = None) -> Envelope | None:
    """The batch format of ``dialect``'s batch files (``chosen``: an envelope of :data:`CHOSEN`, for
    the dialects it is written for); ``None`` when chatdialect knows none for it."""
    if chosen is not None and dialect in CHOSEN[chosen].written:
        return CHOSEN[chosen]
    return _BY_DIALECT.get(dialect)


def recognise(line: Any, own: Envelope | None) -> Envelope | None:
    """The envelope ``line`` is in, or ``None`` for a bare request payload (or a non-object).

    A line holding an envelope's request key is that envelope's; ``own`` (the source dialect's)
    is tried first, so a line that holds the keys of two wins for the dialect being read. A line
    with ``own``'s id key but no request key of any envelope is ``own``'s (with its request
    missing), so that it is reported as a broken batch line rather than read as a request.
    """
    if type(line) is not dict:
        return None
    if own is not None and own.request_key in line:
        return own
    for envelope in ENVELOPES:
        if envelope.request_key in line:
            return envelope
    if own is not None and own.id_key is not None and own.id_key in line:
        return own
    return None
