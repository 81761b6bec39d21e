"""The ``responses`` codec's part of ``chatdialect schema``: the Responses API's wire shape as JSON Schema.

Facts from OpenAI's ``CreateResponse`` (openai/openai-openapi @ f85dbe2,
``vendor-schemas/openai_create_response_request.json``): ``input`` is a string or a list of items
(role messages with text, image and file parts; ``function_call`` and ``function_call_output`` items;
any other item of the vendor's, such as ``reasoning``, kept as it is); tools are flat; ``text``,
``reasoning`` and ``include`` hold what the chat request keeps at the top level. The objects the
codec maps key by key are stated with the keys it reads; the items and tools it keeps as they are
stay open, as the vendor's types are.
"""

from __future__ import annotations

import copy
from typing import Any

from chatdialect._dialects.responses_items import ROLES
from chatdialect._rules.schema import respell_properties

Schema = dict[str, Any]

PREFIX = "Responses"
"""The names of the definitions this module adds start with it (``ResponsesInputItem``)."""

_NULL: Schema = {"type": "null"}
_STRING: Schema = {"type": "string"}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{PREFIX}{name}"}


def _typed(*kinds: str, required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """An object whose ``type`` is one of ``kinds``."""
    props = {"type": {"enum": list(kinds)}, **properties}
    return {"type": "object", "properties": props, "required": ["type", *required]}


_PART = {
    "oneOf": [
        _typed("input_text", "output_text", required=("text",), text=_STRING),
        _typed("refusal", required=("refusal",), refusal=_STRING),
        _typed("input_image", image_url={"anyOf": [_STRING, _NULL]}, file_id={"anyOf": [_STRING, _NULL]}),
        _typed("input_file"),
    ]
}
_KNOWN_ITEMS = ["message", "function_call", "function_call_output"]
DEFINITIONS: Schema = {
    "ContentPart": {"description": "A content part of an input message.", **_PART},
    "Message": {
        "description": "A role message: text, or content parts.",
        "type": "object",
        "properties": {
            "type": {"const": "message"},
            "role": {"enum": list(ROLES)},
            "content": {"anyOf": [_STRING, {"type": "array", "items": _ref("ContentPart")}]},
        },
        "required": ["role", "content"],
    },
    "FunctionCall": {
        "description": "A call of a function tool the model made earlier.",
        **_typed(
            "function_call",
            required=("call_id", "name", "arguments"),
            call_id=_STRING,
            name=_STRING,
            arguments=_STRING,
        ),
    },
    "FunctionCallOutput": {
        "description": "The output of a function call.",
        **_typed(
            "function_call_output",
            required=("call_id", "output"),
            call_id=_STRING,
            output={"anyOf": [_STRING, {"type": "array", "items": {"type": "object"}}]},
        ),
    },
    "OtherItem": {
        "description": "Any other item (reasoning, a hosted tool's call, an item reference), kept as it is.",
        "type": "object",
        "properties": {"type": {"type": "string", "not": {"enum": _KNOWN_ITEMS}}},
        "required": ["type"],
    },
    "FunctionTool": {
        "description": "A function the model may call (flat: name, parameters and strict at the top).",
        "type": "object",
        "properties": {"type": {"const": "function"}, "name": _STRING},
        "required": ["type", "name"],
    },
    "OtherTool": {
        "description": "A built-in, MCP or custom tool, kept as it is.",
        "type": "object",
        "properties": {"type": {"type": "string", "not": {"const": "function"}}},
        "required": ["type"],
    },
}
"""The wire definitions (named with ``PREFIX`` in the export)."""


def state(schema: Schema, defs: Schema, replaced: tuple[str, ...]) -> None:
    """Replace, in place, the canonical properties the codec writes by the Responses wire properties
    (``input``, ``tools``, ``tool_choice``, ``text``, ``reasoning``, ``include``); the rule-narrowed
    properties whose values move (``reasoning_effort``, ``verbosity``) are reused there."""
    properties: Schema = schema["properties"]
    effort = _value(properties.get("reasoning_effort", {"anyOf": [_STRING, _NULL]}))
    verbosity = _value(properties.get("verbosity", {"anyOf": [_STRING, _NULL]}))
    item = {"anyOf": [_ref(name) for name in ("Message", "FunctionCall", "FunctionCallOutput", "OtherItem")]}
    formats = [
        _typed("text"),
        _typed("json_object"),
        _typed("json_schema", required=("name", "schema"), name=_STRING, schema={"type": "object"}),
    ]
    wire: Schema = {
        "input": {
            "description": "The conversation: a string (one user message) or input items.",
            "anyOf": [_STRING, {"type": "array", "minItems": 1, "items": item}],
        },
        "tools": _optional(
            "Function tools and built-in tools.",
            {
                "type": "array",
                "items": {"anyOf": [_ref("FunctionTool"), _ref("OtherTool")]},
            },
        ),
        "tool_choice": _optional(
            "How the model uses the tools.",
            {"anyOf": [{"enum": ["none", "auto", "required"]}, {"type": "object", "required": ["type"]}]},
        ),
        "text": _optional(
            "The output format and verbosity.",
            {
                "type": "object",
                "properties": {"format": {"oneOf": formats}, "verbosity": verbosity},
                "additionalProperties": False,
            },
        ),
        "reasoning": _optional(
            "Reasoning options: effort, summary, ...",
            {
                "type": "object",
                "properties": {"effort": effort},
            },
        ),
        "include": _optional("Extra output data to include.", {"type": "array", "items": _STRING}),
    }
    respell_properties(properties, wire, (*replaced, "messages"), at_messages=("input",))
    schema["required"] = ["input" if name == "messages" else name for name in schema["required"]]
    defs.update({PREFIX + name: copy.deepcopy(definition) for name, definition in DEFINITIONS.items()})


def _optional(about: str, value: Schema) -> Schema:
    """A top-level property: ``value``, or null for "not set" (as every optional field of the export)."""
    return {"description": about, "anyOf": [*value.get("anyOf", [value]), _NULL]}


def _value(prop: Schema) -> Schema:
    """A property's value schema without its canonical title, description and default."""
    return {key: value for key, value in prop.items() if key not in ("title", "description", "default")}
