"""The ``anthropic`` codec's part of ``chatdialect schema``: Anthropic's wire shape as JSON Schema.

Facts from anthropic-sdk-python 0.121.0 (``MessageCreateParams``), as collected in
``vendors/anthropic_messages.md`` sections 1-3: enums and required keys as the SDK types state them,
``null`` where the SDK's type is ``Optional`` (and, at the top level, for "not set", as for every
field of the export). The objects the codec maps key by key (messages, text, ``tool_use`` and
``tool_result`` blocks, custom tools, ``tool_choice``, ``metadata``, ``output_config``) are closed
over the key sets the codec itself uses (``anthropic_blocks``), as writing drops any other key; the
blocks and tools it keeps as they are (images, documents, search results, thinking, server-tool
blocks, Anthropic-defined tools, ...) stay open, as the vendor's types are. Where chatdialect is
stricter than the vendor (tool names, at most 128 tools) the schema says what ``validate`` accepts.
"""

from __future__ import annotations

import copy
from typing import Any

from chatdialect._dialects.anthropic_blocks import (
    CHOICE_KEYS,
    CHOICE_READ,
    CUSTOM_TOOL_KEYS,
    IMAGE_MEDIA_TYPES,
    TEXT_KEYS,
    THINKING_TYPES,
    TOOL_NAME_PATTERN,
    TOOL_RESULT_KEYS,
    TOOL_USE_KEYS,
)
from chatdialect._rules.schema import respell_properties

Schema = dict[str, Any]

DEFINED_TOOL_TYPE = r"^[a-z][a-z0-9_]*_[0-9]{8}$"
"""The ``type`` of an Anthropic-defined tool: ``<name>_<date>`` (``web_search_20250305``)."""
PREFIX = "Anthropic"
"""The names of the definitions this module adds start with it (``AnthropicTextBlock``)."""

_NULL: Schema = {"type": "null"}
_STRING: Schema = {"type": "string"}
_BOOLEAN: Schema = {"type": "boolean"}
_OBJECT: Schema = {"type": "object"}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{PREFIX}{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, _NULL]}


def _const(value: str) -> Schema:
    return {"const": value}


def _array(items: Schema, **limits: int) -> Schema:
    return {"type": "array", **limits, "items": items}


def _typed(kind: str, about: str, required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """An object of type ``kind``, open (keys beyond ``properties`` allowed, as the vendor's types)."""
    return {
        "type": "object",
        "description": about,
        "properties": {"type": _const(kind), **properties},
        "required": ["type", *required],
    }


def _closed(keys: frozenset[str], schema: Schema) -> Schema:
    """``schema`` closed over the codec's key set ``keys`` (writing drops any other key)."""
    if set(schema["properties"]) != keys:
        raise AssertionError(f"schema keys {sorted(schema['properties'])} differ from {sorted(keys)}")
    return {**schema, "additionalProperties": False}


def _other(about: str, taken: frozenset[str] = frozenset()) -> Schema:
    """An open typed object of any type but ``taken`` (those have their own definition, or none here)."""
    kind: Schema = {"type": "string", "not": {"enum": sorted(taken)}} if taken else _STRING
    return {"type": "object", "description": about, "properties": {"type": kind}, "required": ["type"]}


def _turn(role: str, blocks: list[str], about: str) -> Schema:
    """A message of ``role``: its content a string, or at least one block of the definitions named."""
    blocks_list = _array({"oneOf": list(map(_ref, blocks))}, minItems=1)
    content = {"description": about, "anyOf": [_STRING, blocks_list]}
    message = {"type": "object", "properties": {"role": _const(role), "content": content}}
    return _closed(frozenset({"role", "content"}), {**message, "required": ["role", "content"]})


_CACHE = _nullable(_ref("CacheControl"))
_CITATIONS = _nullable(_ref("CitationsConfig"))
_URL_SOURCE = _typed("url", "A file at an http(s) URL.", ("url",), url=_STRING)
_IMAGE_DATA = _typed(
    "base64", "Base64 image data.", ("media_type", "data"),
    media_type={"enum": sorted(IMAGE_MEDIA_TYPES)}, data=_STRING,
)
_PDF_DATA = _typed(
    "base64", "Base64 PDF data.", ("media_type", "data"), media_type=_const("application/pdf"), data=_STRING
)
_TEXT_DATA = _typed(
    "text", "Plain text.", ("media_type", "data"), media_type=_const("text/plain"), data=_STRING
)
_BLOCKS_DATA = _typed(
    "content", "Content given as blocks.", ("content",),
    content={"anyOf": [_STRING, _array(_other("A block."))]},
)
_FILE = _typed("file", "A file uploaded with the Files API (beta).", ("file_id",), file_id=_STRING)
_USER_TYPES = frozenset({"text", "image", "document", "search_result", "tool_result"})
_ASSISTANT_TYPES = frozenset({"text", "tool_use", "server_tool_use", *THINKING_TYPES})
_CUSTOM_TOOL = {
    "type": "object",
    "description": "A tool the application runs; the model calls it with an input matching input_schema.",
    "properties": {
        "type": {"enum": ["custom", None]},
        "name": {"type": "string", "pattern": TOOL_NAME_PATTERN},
        "description": _STRING,
        "input_schema": {
            "type": "object",
            "description": "The input's JSON Schema (draft 2020-12): an object schema.",
            "properties": {"type": _const("object"), "properties": _OBJECT, "required": _array(_STRING)},
            "required": ["type"],
        },
        "strict": _BOOLEAN,
        "cache_control": _CACHE,
        "defer_loading": _BOOLEAN,
        "allowed_callers": _array(_STRING),
        "eager_input_streaming": _nullable(_BOOLEAN),
        "input_examples": _array(_OBJECT),
    },
    "required": ["name", "input_schema"],
}
_ROLES = ("User", "Assistant", "System")
_TOOL_RESULT_CONTENT = ["TextBlock", "ImageBlock", "SearchResultBlock", "DocumentBlock", "ToolReferenceBlock"]

DEFINITIONS: Schema = {
    "CacheControl": _typed(
        "ephemeral", "A prompt-cache breakpoint after this object.", ttl={"enum": ["5m", "1h"]}
    ),
    "CitationsConfig": {"type": "object", "properties": {"enabled": _BOOLEAN}},
    "TextBlock": _closed(TEXT_KEYS, _typed(
        "text", "A text block.", ("text",),
        text=_STRING, cache_control=_CACHE, citations=_nullable(_array(_other("A citation."))),
    )),
    "ImageBlock": _typed(
        "image", "An image: base64 JPEG, PNG, GIF or WebP data, a URL, or (beta) a file.", ("source",),
        source={"oneOf": [_IMAGE_DATA, _URL_SOURCE, _FILE]}, cache_control=_CACHE,
    ),
    "DocumentBlock": _typed(
        "document", "A document: a base64 PDF, plain text, content blocks, or a URL.", ("source",),
        source={"oneOf": [_PDF_DATA, _TEXT_DATA, _BLOCKS_DATA, _URL_SOURCE]},
        title=_nullable(_STRING), context=_nullable(_STRING), citations=_CITATIONS, cache_control=_CACHE,
    ),
    "SearchResultBlock": _typed(
        "search_result", "A search result to ground the answer on.", ("source", "title", "content"),
        source=_STRING, title=_STRING, content=_array(_ref("TextBlock")), citations=_CITATIONS,
        cache_control=_CACHE,
    ),
    "ToolReferenceBlock": _typed("tool_reference", "A reference to a tool."),
    "ToolResultBlock": _closed(TOOL_RESULT_KEYS | {"type", "tool_use_id", "content"}, _typed(
        "tool_result", "The result of a tool_use of the turn before (user turns only).", ("tool_use_id",),
        tool_use_id=_STRING,
        content={"anyOf": [_STRING, _array({"oneOf": list(map(_ref, _TOOL_RESULT_CONTENT))})]},
        is_error=_BOOLEAN,
        cache_control=_CACHE,
    )),
    "ToolUseBlock": _closed(TOOL_USE_KEYS | {"type", "id", "name", "input"}, _typed(
        "tool_use", "A tool call (assistant turns only); input is a JSON object.", ("id", "name", "input"),
        id=_STRING, name=_STRING, input=_OBJECT, cache_control=_CACHE, caller=_other("Who called the tool."),
    )),
    "ThinkingBlock": _typed(
        "thinking", "The model's thinking, passed back unmodified.", ("thinking", "signature"),
        thinking=_STRING, signature=_STRING,
    ),
    "RedactedThinkingBlock": _typed(
        "redacted_thinking", "Redacted thinking, passed back unchanged.", ("data",), data=_STRING
    ),
    "ServerToolUseBlock": _typed(
        "server_tool_use", "A replayed call of a server tool.", ("id", "name", "input"),
        id=_STRING, name=_STRING, input=_OBJECT, cache_control=_CACHE,
    ),
    "OtherUserBlock": _other(
        "Any other block of a user turn (mid_conv_system, container_upload, ...), kept as it is.",
        _USER_TYPES | _ASSISTANT_TYPES,
    ),
    "OtherAssistantBlock": _other(
        "Any other block of an assistant turn (server-tool results, ...), kept as it is.",
        _ASSISTANT_TYPES | {"tool_result"},
    ),
    "UserMessage": _turn("user", [
        "ToolResultBlock", "TextBlock", "ImageBlock", "DocumentBlock", "SearchResultBlock", "OtherUserBlock"
    ], "Text, or blocks: tool_result blocks first (answering the tool calls of the turn before), then "
       "text, images, documents, search results, ..."),
    "AssistantMessage": _turn("assistant", [
        "ThinkingBlock", "RedactedThinkingBlock", "TextBlock", "ToolUseBlock", "ServerToolUseBlock",
        "OtherAssistantBlock",
    ], "Text, or blocks: thinking, text, tool_use, replayed server-tool blocks, ..."),
    "SystemMessage": _turn("system", ["TextBlock"], "Mid-conversation instructions: text, or text blocks."),
    "CustomTool": _closed(CUSTOM_TOOL_KEYS | {"type", "input_schema", "cache_control"}, _CUSTOM_TOOL),
    "DefinedTool": {
        "type": "object",
        "description": "A tool Anthropic defines (web_search_20250305, bash_20250124, ...) and its options.",
        "properties": {
            "type": {**_STRING, "pattern": DEFINED_TOOL_TYPE},
            "name": _STRING,
            "cache_control": _CACHE,
        },
        "required": ["type", "name"],
    },
    "JsonOutputFormat": _closed(frozenset({"type", "schema"}), _typed(
        "json_schema", "Structured output: the response matches this JSON Schema.", ("schema",),
        schema=_OBJECT,
    )),
}
"""The definitions the wire properties refer to, each named with :data:`PREFIX` in the schema."""

_CHOICES = [
    _closed(CHOICE_KEYS, {
        "type": "object",
        "description": "auto: the model decides; any: it must call one of the tools.",
        "properties": {
            "type": {"enum": sorted(set(CHOICE_READ) - {"none"})},
            "disable_parallel_tool_use": _BOOLEAN,
        },
        "required": ["type"],
    }),
    _closed(CHOICE_KEYS | {"name"}, _typed(
        "tool", "The model must call the tool named.", ("name",),
        name={"type": "string", "pattern": TOOL_NAME_PATTERN}, disable_parallel_tool_use=_BOOLEAN,
    )),
    _closed(frozenset({"type"}), _typed("none", "The model must not call a tool.")),
]


def state(schema: Schema, defs: Schema, replaced: tuple[str, ...]) -> None:
    """Replace the properties of the canonical fields ``replaced`` (the codec's ``writes``) by
    Anthropic's wire properties, in place (``system`` before ``messages``, new keys last); the
    definitions go into ``defs``. ``reasoning_effort``'s values, as the field rules narrowed them,
    become ``output_config.effort``'s, ``user``'s ``metadata.user_id``'s, and the canonical tool
    count limit stays."""
    properties: Schema = schema["properties"]
    effort = _value(properties.get("reasoning_effort", _nullable(_STRING)))
    user = _value(properties.get("user", _nullable(_STRING)))
    arrays = [b for b in properties.get("tools", {}).get("anyOf", []) if b.get("type") == "array"]
    limits = {key: arrays[0][key] for key in ("minItems", "maxItems") if arrays and key in arrays[0]}
    wire: Schema = {
        "system": _optional("The system prompt: a string or text blocks.", {
            "anyOf": [_STRING, _array(_ref("TextBlock"))]
        }),
        "messages": {
            "description": "The turns: user, assistant and (mid-conversation) system messages.",
            **_array({"oneOf": [_ref(f"{role}Message") for role in _ROLES]}, minItems=1),
        },
        "tools": _optional("Custom tools and Anthropic-defined tools.", _array(
            {"oneOf": [_ref("CustomTool"), _ref("DefinedTool")]}, **limits
        )),
        "tool_choice": _optional("How the model uses the tools.", {"oneOf": copy.deepcopy(_CHOICES)}),
        "metadata": _optional("About the request: only user_id, an opaque id of the end user.", {
            "type": "object",
            "properties": {"user_id": {**user, "description": "An opaque id of the end user."}},
            "additionalProperties": False,
        }),
        "output_config": _optional("Structured output and effort.", {
            "type": "object",
            "properties": {
                "effort": {**effort, "description": "How much effort the model spends."},
                "format": _nullable(_ref("JsonOutputFormat")),
            },
            "additionalProperties": False,
        }),
    }
    respell_properties(properties, wire, replaced, at_messages=("system",))
    defs.update({PREFIX + name: copy.deepcopy(definition) for name, definition in DEFINITIONS.items()})


def _optional(about: str, value: Schema) -> Schema:
    """A top-level property: ``value``, or null for "not set" (as every optional field of the export)."""
    return {"description": about, "anyOf": [*value.get("anyOf", [value]), _NULL]}


def _value(prop: Schema) -> Schema:
    """A property's value schema without its canonical title, description and default."""
    return {key: value for key, value in prop.items() if key not in ("title", "description", "default")}
