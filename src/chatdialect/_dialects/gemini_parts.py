"""What reading and writing of the ``gemini`` codec share: Gemini's part kinds, MIME types and file
extensions, ``extra_content.google`` (Google's OpenAI-compatibility home of Gemini-only keys, such
as a tool call's ``thought_signature``), and the recording steps.

The codec is split by job: ``gemini_spelling`` (the payload in documented form), ``gemini_reading``
(wire -> canonical), ``gemini_writing`` (canonical -> wire), ``gemini_openapi`` (OpenAPI-subset
schemas as JSON Schema), ``gemini_schema`` (the wire shape as JSON Schema) and ``gemini_codec``
(the ``Codec`` that joins them). Nothing here mutates its input or fetches anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chatdialect._changes import Change, ChangeKind, Trace
from chatdialect._dialects.anthropic_blocks import drop_keys
from chatdialect._dialects.gemini_spelling import camel, snake

Json = dict[str, Any]

AUDIO_FORMATS = {"audio/wav": "wav", "audio/mp3": "mp3"}
"""Inline audio MIME types with a canonical ``input_audio`` format (Gemini's audio docs name these)."""
IMAGE_EXTENSIONS = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
    "heic": "image/heic", "heif": "image/heif", "gif": "image/gif",
}  # fmt: skip
"""Image MIME types by file extension, for a ``fileData`` written from an image URL (never fetched)."""
URI_SCHEMES = ("https://", "http://", "gs://")
"""The URIs a ``fileData`` part takes (Files API and Cloud Storage URIs, public web URLs)."""
MODES_READ = {"AUTO": "auto", "ANY": "required", "NONE": "none", "VALIDATED": "auto"}
"""functionCallingConfig modes and the canonical tool_choice each means (without allowed names)."""
THINKING_LEVELS = ("minimal", "low", "medium", "high")
"""thinkingConfig.thinkingLevel values (SDK ``ThinkingLevel``), as canonical reasoning_effort values."""
GENERATION_FIELDS = {
    "temperature": "temperature", "topP": "top_p", "topK": "top_k", "candidateCount": "n",
    "maxOutputTokens": "max_completion_tokens", "stopSequences": "stop",
    "presencePenalty": "presence_penalty", "frequencyPenalty": "frequency_penalty", "seed": "seed",
    "responseLogprobs": "logprobs", "logprobs": "top_logprobs",
}  # fmt: skip
"""generationConfig fields with a canonical counterpart of the same meaning, by Gemini name."""
GENERATION_WRITTEN = {name: key for key, name in GENERATION_FIELDS.items()}
RENAMED = {
    "safetySettings": "safety_settings",
    "cachedContent": "cached_content",
    "serviceTier": "service_tier",
}
"""Top-level fields that only change name (the codec's, as snake_case spellings are read too)."""
TIERS_READ = {"unspecified": "auto", "standard": "default", "flex": "flex", "priority": "priority"}
"""serviceTier values (SDK ``ServiceTier``) and the canonical service_tier each is (LiteLLM maps
OpenAI's ``default`` to ``standard``; ``unspecified`` leaves the choice to the service, as ``auto``)."""
TIERS_WRITTEN = {value: key for key, value in TIERS_READ.items()}
RESPONSE_KEYS = ("responseMimeType", "responseJsonSchema", "responseSchema")
"""The generationConfig keys that make a canonical response_format."""


def google_extra(obj: Json, keys: Iterable[str]) -> Json | None:
    """``{"google": {snake_name: value}}`` for the Gemini-only ``keys`` of ``obj`` (None: none set)."""
    found = {snake(key): obj[key] for key in keys if key in obj}
    return {"google": found} if found else None


def from_google(obj: Json) -> Json:
    """The Gemini keys (camelCase) kept in ``obj``'s ``extra_content.google``."""
    extra = obj.get("extra_content")
    google = extra.get("google") if isinstance(extra, dict) else None
    return {camel(key): value for key, value in google.items()} if isinstance(google, dict) else {}


def extension_type(uri: Any) -> str | None:
    """The image MIME type a URI's file extension says (None: not an image URL Gemini can take)."""
    if not isinstance(uri, str) or not uri.startswith(URI_SCHEMES):
        return None
    name = uri.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    return IMAGE_EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


class Steps:
    """A step of the codec: the trace, where it records, pointers mapped to the caller's."""

    __slots__ = ("note", "trace", "wire")

    def __init__(self, trace: Trace, note: Callable[[Change], None], wire: Callable[[str], str]) -> None:
        self.trace, self.note, self.wire = trace, note, wire

    def record(self, kind: ChangeKind, path: str | None, target: str | None, reason: str) -> None:
        """One change (``path`` a pointer of the step's input, mapped to the caller's)."""
        self.note(Change(kind, None if path is None else self.wire(path), target, reason))

    def drop(self, obj: Json, keep: Iterable[str], at: str, what: str) -> None:
        """Every key of ``obj`` not in ``keep`` dropped at its own pointer."""
        drop_keys(
            lambda change: self.record(change.kind, change.path, None, change.reason), obj, keep, at, what
        )
