"""The ``bedrock`` codec's part of ``chatdialect schema``: the Converse HTTP body as JSON Schema.

Facts from botocore's ``bedrock-runtime`` service model (2023-09-30), as collected in
``vendors/bedrock_converse.md`` sections 1-2: members, enums, patterns and lengths as the service model
states them (``max`` bounds included, which boto3 itself never checks), ``null`` at the top level for
"not set", as for every field of the export. Content blocks, tools and tool choices are unions: an
object with exactly one of the members listed. ``modelId`` (the boto3 form) is required: the request
names its model there, or the caller gives ``model=``, which a schema cannot say.
"""

from __future__ import annotations

import copy
from typing import Any

from chatdialect._dialects.bedrock_blocks import DOCUMENT_FORMATS, IMAGE_FORMATS
from chatdialect._dialects.shapes import OPENAI_TOOL_NAMES

TOOL_NAME_PATTERN = OPENAI_TOOL_NAMES.pattern
"""Bedrock's toolSpec and toolUse names: 1 to 64 of ``[a-zA-Z0-9_-]`` (vendors/bedrock_converse.md)."""

Schema = dict[str, Any]

PREFIX = "Bedrock"
"""The names of the definitions this module adds start with it (``BedrockContentBlock``)."""

_NULL: Schema = {"type": "null"}
_STRING: Schema = {"type": "string"}
_TEXT: Schema = {"type": "string", "minLength": 1}
_OBJECT: Schema = {"type": "object"}
_ID: Schema = {"type": "string", "pattern": r"^[a-zA-Z0-9_.:-]{1,64}$"}
_METADATA = r"^[a-zA-Z0-9\s:_@$#=/+,.-]*$"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{PREFIX}{name}"}


def _closed(about: str, required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    return {
        "type": "object",
        "description": about,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _union(about: str, **members: Schema) -> Schema:
    """A union object: exactly one of ``members``."""
    return {**_closed(about, (), **members), "minProperties": 1, "maxProperties": 1}


def _array(items: Schema, **limits: int) -> Schema:
    return {"type": "array", **limits, "items": items}


def _source(*members: str) -> Schema:
    known: dict[str, Schema] = {
        "bytes": {"type": "string", "description": "Base64 data."},
        "s3Location": _closed("An S3 object.", ("uri",), uri=_STRING, bucketOwner=_STRING),
        "text": _STRING,
        "content": _array(_OBJECT),
    }
    return _union("Where the data is.", **{member: known[member] for member in members})


_CACHE_POINT = _closed(
    "A prompt-cache breakpoint after the blocks before it.",
    ("type",),
    type={"const": "default"},
    ttl={"enum": ["5m", "1h"]},
)
_IMAGE = _closed(
    "An image.",
    ("format", "source"),
    format={"enum": sorted(IMAGE_FORMATS)},
    source=_source("bytes", "s3Location"),
)
_DOCUMENT = _closed(
    "A document.",
    ("name", "source"),
    format={"enum": sorted(DOCUMENT_FORMATS)},
    name={"type": "string", "minLength": 1, "maxLength": 200},
    source=_source("bytes", "s3Location", "text", "content"),
    context=_STRING,
    citations=_closed("Citations.", ("enabled",), enabled={"type": "boolean"}),
)
_MEDIA = _closed(
    "Video or audio.", ("format", "source"), format=_STRING, source=_source("bytes", "s3Location")
)
_GUARD = _union("Content the guardrail evaluates.", text=_OBJECT, image=_OBJECT)
_RESULT_BLOCK = _union(
    "A block of a tool result.",
    json={},
    text=_STRING,
    image=_IMAGE,
    document=_DOCUMENT,
    video=_MEDIA,
    searchResult=_OBJECT,
)
_DEFS: Schema = {
    "ContentBlock": _union(
        "A content block: exactly one member.",
        text=_TEXT,
        image=_IMAGE,
        document=_DOCUMENT,
        video=_MEDIA,
        audio=_MEDIA,
        toolUse=_closed(
            "A tool call.",
            ("toolUseId", "name", "input"),
            toolUseId=_ID,
            name={"type": "string", "pattern": TOOL_NAME_PATTERN},
            input=_OBJECT,
            type={"const": "server_tool_use"},
        ),
        toolResult=_closed(
            "The result of a tool call.",
            ("toolUseId", "content"),
            toolUseId=_ID,
            content=_array(_RESULT_BLOCK),
            status={"enum": ["success", "error"]},
            type=_STRING,
        ),
        guardContent=_GUARD,
        cachePoint=_CACHE_POINT,
        reasoningContent=_union(
            "The model's reasoning, replayed.",
            reasoningText=_closed("Reasoning text.", ("text",), text=_STRING, signature=_STRING),
            redactedContent=_STRING,
        ),
        citationsContent=_OBJECT,
        searchResult=_OBJECT,
        toolAddition=_OBJECT,
        toolRemoval=_OBJECT,
    ),
    "Message": _closed(
        "A turn.",
        ("role", "content"),
        role={"enum": ["user", "assistant"]},
        content=_array(_ref("ContentBlock"), minItems=1),
    ),
    "SystemBlock": _union("A system block.", text=_TEXT, guardContent=_GUARD, cachePoint=_CACHE_POINT),
    "Tool": _union(
        "A tool.",
        toolSpec=_closed(
            "A function the model may call.",
            ("name", "inputSchema"),
            name={"type": "string", "pattern": TOOL_NAME_PATTERN},
            description=_TEXT,
            inputSchema=_union("The input as JSON Schema.", json=_OBJECT),
            strict={"type": "boolean"},
        ),
        systemTool=_closed("A tool the service provides.", ("name",), name=_STRING),
        cachePoint=_CACHE_POINT,
    ),
}


def state(schema: Schema, defs: Schema, replaced: tuple[str, ...]) -> None:
    """Replace the properties of the canonical fields ``replaced`` (the codec's ``writes``) by the
    Converse members, in place (the service model's order first); the definitions go into ``defs``.
    ``service_tier``'s and ``reasoning_effort``'s values, as the field rules narrowed them, become
    ``serviceTier.type``'s and ``outputConfig.effort``'s."""
    properties: Schema = schema["properties"]
    tier = _values(properties.get("service_tier"))
    effort = _values(properties.get("reasoning_effort"))
    for name in replaced:
        properties.pop(name, None)
    wire: Schema = {
        "modelId": {"type": "string", "minLength": 1, "maxLength": 2048, "description": _MODEL},
        "messages": _array(_ref("Message")),
        "system": _array(_ref("SystemBlock")),
        "inferenceConfig": _closed(
            "Sampling and length.",
            (),
            maxTokens={"type": "integer", "minimum": 1},
            temperature={"type": "number", "minimum": 0, "maximum": 1},
            topP={"type": "number", "minimum": 0, "maximum": 1},
            stopSequences=_array(_TEXT, maxItems=2500),
        ),
        "toolConfig": _closed(
            "Tools and how the model uses them.",
            ("tools",),
            tools=_array(_ref("Tool"), minItems=1),
            toolChoice=_union(
                "How the model uses the tools.",
                auto=_closed("Any or no tool."),
                any=_closed("Some tool."),
                tool=_closed("This tool.", ("name",), name={"type": "string", "pattern": TOOL_NAME_PATTERN}),
            ),
        ),
        "requestMetadata": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 16,
            "propertyNames": {"minLength": 1, "maxLength": 256, "pattern": _METADATA},
            "additionalProperties": {"type": "string", "maxLength": 256, "pattern": _METADATA},
        },
        "serviceTier": _closed("The processing tier.", ("type",), type=tier),
        "outputConfig": _closed(
            "Structured output and effort.",
            (),
            textFormat=_closed(
                "A JSON Schema the output follows.",
                ("type", "structure"),
                type={"const": "json_schema"},
                structure=_union(
                    "The format's structure.",
                    jsonSchema=_closed(
                        "The schema as JSON text, with a name.",
                        ("schema",),
                        schema=_STRING,
                        name=_STRING,
                        description=_TEXT,
                    ),
                ),
            ),
            effort=effort,
        ),
    }
    rebuilt = {key: {"anyOf": [value, _NULL]} if key != "messages" else value for key, value in wire.items()}
    rebuilt.update(properties)
    schema["properties"] = rebuilt
    schema["required"] = ["modelId", *schema["required"]]
    defs.update({f"{PREFIX}{name}": copy.deepcopy(value) for name, value in _DEFS.items()})


def _values(prop: Schema | None) -> Schema:
    """The enum a field rule narrowed a string property to (any string without one)."""
    branches = prop.get("anyOf", [prop]) if prop else []
    for branch in branches:
        if isinstance(branch, dict) and "enum" in branch:
            return {"enum": list(branch["enum"])}
    return dict(_STRING)


_MODEL = "The model id (the boto3 form; the HTTP API takes it in the URL path)."
