"""The objects of the OpenAI-shaped dialects, derived from the canonical model: the keys each
message, content part, tool, function and tool call defines (for ``ObjectKeys``), and the content
parts they accept."""

from __future__ import annotations

from pydantic import BaseModel

from chatdialect._model import (
    OBJECT_KINDS,
    AssistantMessage,
    DeveloperMessage,
    FunctionDefinition,
    FunctionTool,
    SystemMessage,
    ToolCall,
    ToolMessage,
    UserMessage,
)
from chatdialect._rules.messages import ObjectKeys
from chatdialect._rules.names import ToolNames

NOT_OPENAI = frozenset({"cache_control", "thinking_blocks"})
"""Canonical keys of nested objects that no OpenAI-shaped vendor defines (they come from
Anthropic and Bedrock)."""

OPENAI_PARTS = ("text", "image_url", "input_audio", "file", "refusal")
"""The content parts of OpenAI's chat request."""

SERVER_PARTS = ("video_url", "audio_url")
"""The media parts OpenAI-compatible servers add (vLLM's and SGLang's chat requests: ``{"type":
"video_url", "video_url": {"url"}}``, ``{"type": "audio_url", "audio_url": {"url"}}``)."""


def _keys(model: type[BaseModel], without: frozenset[str]) -> frozenset[str]:
    return frozenset(info.alias or name for name, info in model.model_fields.items()) - without


def openai_objects(
    *,
    without: frozenset[str] = NOT_OPENAI,
    assistant_without: frozenset[str] = frozenset(),
    parts: tuple[str, ...] = OPENAI_PARTS,
) -> ObjectKeys:
    """``ObjectKeys`` of an OpenAI-shaped dialect: the canonical model's declared keys, less
    ``without`` everywhere and ``assistant_without`` in assistant messages, for the content
    ``parts`` named."""
    messages = {
        "system": _keys(SystemMessage, without),
        "developer": _keys(DeveloperMessage, without),
        "user": _keys(UserMessage, without),
        "assistant": _keys(AssistantMessage, without | assistant_without),
        "tool": _keys(ToolMessage, without),
    }
    return ObjectKeys(
        messages,
        {kind: _keys(OBJECT_KINDS[f"part:{kind}"], without) for kind in parts},
        tool=_keys(FunctionTool, without),
        function=_keys(FunctionDefinition, without),
        call=_keys(ToolCall, without),
    )


OPENAI_OBJECTS = openai_objects()

OPENAI_TOOL_NAMES = ToolNames(r"^[a-zA-Z0-9_-]{1,64}$", "1 to 64 letters, digits, _ or -", 64)
"""Function names in the OpenAI-shaped dialects (OpenAI's function-calling reference)."""
