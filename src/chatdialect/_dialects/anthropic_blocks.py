"""What reading, writing and the schema of the ``anthropic`` codec share: the key sets of the
Anthropic objects the codec maps key by key, and the block helpers (types, image sources, data URLs,
tool-use input, ``cache_control``, one-line change records), and the steps every block codec's
reader and writer share (``Steps``, ``ReadSteps``, ``WriteSteps`` with its one ``blocks``).

The codec is split by job: ``anthropic_reading`` (wire -> canonical), ``anthropic_writing`` and
``anthropic_writing_turns`` (canonical -> wire), ``anthropic_schema`` (the wire shape as JSON Schema),
and ``anthropic_codec`` (the ``Codec`` that joins them). Nothing here mutates its input or fetches anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from chatdialect._changes import Change, ChangeKind, Trace
from chatdialect._pointer import escape

Json = dict[str, Any]

CUSTOM_TOOL_KEYS = frozenset({"name", "description", "strict", "defer_loading", "input_examples"})
CUSTOM_TOOL_KEYS |= {"allowed_callers", "eager_input_streaming"}
"""The keys of an Anthropic custom tool besides ``type``, ``input_schema`` and ``cache_control``."""
TEXT_KEYS = frozenset({"type", "text", "cache_control", "citations"})
"""The keys of an Anthropic text block."""
TOOL_RESULT_KEYS = frozenset({"is_error", "cache_control"})
"""The ``tool_result`` keys without a canonical field (reading keeps them on the tool message)."""
TOOL_USE_KEYS = frozenset({"cache_control", "caller"})
"""The ``tool_use`` keys without a canonical field (reading keeps them on the tool call)."""
CHOICE_KEYS = frozenset({"type", "disable_parallel_tool_use"})
"""The keys of an ``auto`` or ``any`` tool choice (a ``tool`` choice adds ``name``)."""

TOOL_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,128}$"
"""Anthropic's tool names: the SDK states no pattern; this one is quoted by LiteLLM, which says
Anthropic enforces it (vendors/anthropic_messages.md)."""
IMAGE_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
"""The media types of Anthropic's base64 image source."""
THINKING_TYPES = frozenset({"thinking", "redacted_thinking"})
CHOICE_READ = {"auto": "auto", "any": "required", "none": "none"}
"""Anthropic tool_choice types and the canonical tool_choice each means."""
PRODUCED = ("parallel_tool_calls", "user", "response_format", "reasoning_effort")
"""Canonical fields reading makes from other wire fields: a wire key of such a name is not Anthropic's."""
_DATA_URL = re.compile(r"data:([^;,]+);base64,(.*)", re.DOTALL)
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def block_type(block: Any) -> str | None:
    """The ``type`` of a content block; None for anything but an object with a string type."""
    kind = block.get("type") if isinstance(block, dict) else None
    return kind if isinstance(kind, str) else None


def parse_data_url(url: Any) -> tuple[str, str] | None:
    """``(media_type, data)`` of a base64 ``data:`` URL; None for anything else."""
    match = _DATA_URL.fullmatch(url) if isinstance(url, str) else None
    return (match.group(1), match.group(2)) if match else None


def is_web_url(url: Any) -> bool:
    """Whether ``url`` is an http or https URL, the only remote source Anthropic takes."""
    return isinstance(url, str) and url.startswith(("http://", "https://"))


def image_source(url: Any) -> Json | None:
    """The Anthropic image source of an image URL: base64 for a JPEG, PNG, GIF or WebP data URL, a
    url source for an http(s) URL (never fetched); None for any other URL."""
    parsed = parse_data_url(url)
    if parsed is None:
        return {"type": "url", "url": url} if is_web_url(url) else None
    media_type, data = parsed
    if media_type not in IMAGE_MEDIA_TYPES:
        return None
    return {"type": "base64", "media_type": media_type, "data": data}


def json_object(text: Any) -> Json | None:
    """The JSON object ``text`` encodes; None when it is not a string holding one."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def with_cache(target: Json, source: Json) -> Json:
    """``target`` with the ``cache_control`` of ``source``, if that has one."""
    if "cache_control" in source:
        target["cache_control"] = source["cache_control"]
    return target


def drop_keys(record: Callable[[Change], None], obj: Json, keep: Iterable[str], at: str, what: str) -> None:
    """Record ``dropped`` at its own pointer for every key of ``obj`` not in ``keep``; the reason
    names the key only when it looks like a field name (so it never echoes a value)."""
    kept = frozenset(keep)
    for key in obj:
        if key not in kept:
            shown = f"{key} field" if _FIELD_NAME.fullmatch(key) else "such field"
            record(Change("dropped", f"{at}/{escape(key)}", None, f"{what} have no {shown}."))


class Steps:
    """What reading and writing share: the trace, the messages made so far, one-line records."""

    __slots__ = ("out", "trace")

    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.out: list[Any] = []

    def note(self, change: Change) -> None:
        """Record ``change`` as a change of this step."""
        raise NotImplementedError

    def record(self, kind: ChangeKind, path: str | None, target: str | None, reason: str) -> None:
        self.note(Change(kind, path, target, reason))

    def drop(self, obj: Json, keep: Iterable[str], at: str, what: str) -> None:
        drop_keys(self.note, obj, keep, at, what)


class ReadSteps(Steps):
    """A reading step of a shape codec: changes go to the read step, origins to the trace."""

    __slots__ = ()

    def note(self, change: Change) -> None:
        self.trace.on_read(change)

    def moved(self, at: str, to: str, reason: str | None = None) -> None:
        """Canonical ``to`` was read from ``at``: its origin, and with a reason a conversion."""
        if to != at:
            self.trace.origin(to, at)
        if reason is not None:
            self.record("converted", at, to, reason)


W = TypeVar("W")
"""What writes one part (a codec's own type: Anthropic's gives a block or None, Bedrock's a list)."""


class WriteSteps(Steps, Generic[W]):
    """A writing step of a shape codec that writes content as blocks (Anthropic, Bedrock): changes go
    to the write step; ``blocks`` is a message's content through the codec's own ``parts`` and ``cache``."""

    __slots__ = ()

    def note(self, change: Change) -> None:
        self.trace.on_write(change)

    def blocks(self, message: Json, at: str, dst: str, start: int, write: W) -> list[Json]:
        """A message's content as blocks from index ``start`` of ``dst`` (each part through ``write``),
        then its ``cache_control`` as the codec places one."""
        written = self.parts(message.get("content"), f"{at}/content", dst, start, write)
        self.cache(written, message, at, dst, start)
        return written

    def parts(self, content: Any, src: str, dst: str, start: int, write: W) -> list[Json]:
        """Content (at ``src``) as blocks from index ``start`` of ``dst``."""
        raise NotImplementedError

    def cache(self, written: list[Json], holder: Json, at: str, dst: str, start: int) -> None:
        """The ``cache_control`` of ``holder`` (at ``at``) placed on or after ``written``."""
        raise NotImplementedError


def pdf_data(part: Json) -> str | None:
    """The base64 data of a ``file`` part holding an inline PDF (Anthropic's only document form
    written from a file part); None for a file id, another media type or anything else."""
    file = part.get("file")
    parsed = parse_data_url(file.get("file_data")) if isinstance(file, dict) else None
    return parsed[1] if parsed is not None and parsed[0] == "application/pdf" else None


def user_part_carried(part: Json) -> bool:
    """Whether the writer has an Anthropic block for canonical user part ``part``: text, a kept
    Anthropic block, an image with a source Anthropic takes, an inline PDF."""
    kind = part.get("type")
    if kind == "image_url":
        return image_source((part.get("image_url") or {}).get("url")) is not None
    return kind in ("text", "anthropic") or (kind == "file" and pdf_data(part) is not None)


def message_carried(message: Json) -> bool:
    """Whether canonical ``message`` becomes anything in an Anthropic payload: the writer drops a
    message for which this is False as a whole, before it lays out turns (so what it drops never
    decides where the system prompt ends or which user turn tool results share)."""
    role, content = message.get("role"), message.get("content")
    if role == "assistant":
        if (isinstance(content, str) and content != "") or message.get("thinking_blocks"):
            return True
        # text that is not empty and kept Anthropic blocks are written; empty text, refusals and
        # parts kept for other vendors are not (Anthropic rejects empty text blocks)
        written = any(
            part.get("type") == "anthropic" or (part.get("type") == "text" and bool(part.get("text")))
            for part in content or ()
        )
        return written or bool(message.get("tool_calls"))
    if role == "user" and isinstance(content, list):
        return any(user_part_carried(part) for part in content)
    return True
