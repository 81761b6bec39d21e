"""Gemini's OpenAPI-subset ``Schema`` (function ``parameters``, ``responseSchema``) as JSON Schema.

Gemini's ``Schema`` message (SDK 2.19.0 ``types.Schema``) differs from JSON Schema in a few places:
upper-case ``type`` names (``STRING``, ``OBJECT``), ``nullable`` instead of a ``null`` type,
``defs`` / ``ref`` instead of ``$defs`` / ``$ref``, and 64-bit integers (``minItems``, ...) that
proto3 JSON may write as strings. :func:`to_json_schema` turns one into the other and keeps every
other keyword as it is (``propertyOrdering``, ``example``, ``format``: JSON Schema ignores keywords
it does not know, and Gemini's ``responseJsonSchema`` reads ``propertyOrdering``). A new object is
returned; the input is never mutated; nothing is resolved or fetched.
"""

from __future__ import annotations

from typing import Any

_INTEGERS = frozenset({"minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength"})
_SUBSCHEMAS = ("items", "additionalProperties")


def to_json_schema(schema: Any) -> Any:
    """The JSON Schema meaning what Gemini's ``schema`` means (see the module docstring)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, str):
            if value.upper() != "TYPE_UNSPECIFIED":
                out["type"] = value.lower()
        elif key == "nullable":
            continue
        elif key == "properties" and isinstance(value, dict):
            out["properties"] = {name: to_json_schema(each) for name, each in value.items()}
        elif key == "defs" and isinstance(value, dict):
            out["$defs"] = {name: to_json_schema(each) for name, each in value.items()}
        elif key == "ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/defs/", "#/$defs/", 1)
        elif key == "anyOf" and isinstance(value, list):
            out["anyOf"] = [to_json_schema(each) for each in value]
        elif key in _SUBSCHEMAS:
            out[key] = to_json_schema(value)
        elif key in _INTEGERS and isinstance(value, str) and value.isdigit():
            out[key] = int(value)
        else:
            out[key] = value
    if schema.get("nullable") is True:
        _nullable(out)
    return out


def _nullable(out: dict[str, Any]) -> None:
    """Let ``out`` also match null: a ``null`` type beside its type, ``None`` among its enum."""
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif "anyOf" in out:
        out["anyOf"] = [*out["anyOf"], {"type": "null"}]
    if isinstance(out.get("enum"), list) and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
