"""The JSON Schema (Draft 2020-12) of one dialect's request, as chatdialect reads it.

Built from ``ChatRequest.model_json_schema()`` and the dialect's rules: only the fields the dialect
carries (under their wire names), each narrowed by its field rules; the fields the vendor requires (a
field rule with a ``default``) required and not null; for a dialect with a shape codec, the codec's
wire properties in place of the canonical ones it reshapes (``Codec.schema``); then every request-wide
rule's fragment (the legacy fields it reads, its cross-field rules, its content parts). This module
decodes no rule itself. A payload valid under it is one ``chatdialect validate`` accepts, as far as
JSON Schema can say (duplicate function names and tool ``parameters`` being a schema are not
expressed). ``validate`` also accepts a request without a vendor-required field (writing supplies
the default, recorded ``defaulted``); the schema states the vendor's request, so it requires it.
"""

from __future__ import annotations

import copy
from typing import Any

from chatdialect import _dialects as dialects
from chatdialect._model import ChatRequest
from chatdialect._rules.base import value_branches
from chatdialect._rules.schema import walk
from chatdialect._validation import (
    METADATA_MAX_KEY_LENGTH,
    METADATA_MAX_KEYS,
    METADATA_MAX_VALUE_LENGTH,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_PYDANTIC_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""Pydantic writes bounds on a union (``Annotated[int | float, Field(ge=0)]``) under these names."""


def export_schema(dialect: str) -> Schema:
    """The JSON Schema of a ``dialect`` request (a new dict); ``UnknownDialectError`` for a bad name.

    The canonical model's schema, narrowed to the fields the dialect carries (under their wire
    names); then each field rule adds its fragment, the dialect's codec states its wire shape, and
    each request-wide rule adds its fragment.
    """
    table = dialects.get(dialect)
    base = copy.deepcopy(ChatRequest.model_json_schema())
    walk(base, _fix_bounds)
    canonical = base["properties"]
    defs: Schema = base["$defs"]
    _metadata_limits(canonical["metadata"])

    properties: Schema = {"model": canonical["model"], "messages": canonical["messages"]}
    for name in canonical:
        rules = table.fields.get(name)
        if rules is None:
            continue
        prop = copy.deepcopy(canonical[name])
        for rule in rules:
            prop = rule.schema(name, prop, defs)
        properties[table.wire_name(name)] = prop

    schema: Schema = {
        "$schema": DRAFT,
        "title": f"{table.title} request (as chatdialect reads it)",
        "description": (
            f"The {table.name} dialect's request: the fields it carries, its ranges and rules. "
            f"Source: {table.source}."
        ),
        "type": "object",
        "properties": properties,
        "required": ["messages"],
        "additionalProperties": False,
    }
    for name in table.defaults:  # the vendor requires it (writing supplies the default when absent)
        wire = table.wire_name(name)
        properties[wire] = _not_null(properties[wire])
        schema["required"].append(wire)
    if table.codec is not None:
        table.codec.schema(schema, defs)
    for each in table.rules:
        each.schema(schema, defs, table)
    schema["$defs"] = _reachable(schema, defs)
    return copy.deepcopy(schema)


def _metadata_limits(prop: Schema) -> None:
    """Metadata's universal limits: key count, key length, string value length."""
    for branch in value_branches(prop):
        if branch.get("type") != "object":
            continue
        branch["maxProperties"] = METADATA_MAX_KEYS
        branch["propertyNames"] = {"maxLength": METADATA_MAX_KEY_LENGTH}
        values = branch.get("additionalProperties")
        values = dict(values) if isinstance(values, dict) else {}
        values["maxLength"] = METADATA_MAX_VALUE_LENGTH  # applies to string values only
        branch["additionalProperties"] = values


def _not_null(prop: Schema) -> Schema:
    """``prop`` without its null alternative and its ``default: null``."""
    branches = value_branches(prop)
    rest = {key: value for key, value in prop.items() if key not in ("anyOf", "default")}
    if len(branches) == 1:
        return {**branches[0], **rest}
    return {**rest, "anyOf": branches} if "anyOf" in prop else prop


def _fix_bounds(schema: Schema) -> None:
    for old, new in _PYDANTIC_BOUNDS.items():
        if old in schema and "anyOf" in schema:
            schema[new] = schema.pop(old)


def _reachable(schema: Schema, defs: Schema) -> Schema:
    """The definitions referenced from ``schema``, directly or through other definitions."""
    seen: dict[str, Schema] = {}
    pending = [schema]
    prefix = "#/$defs/"

    def collect(node: Schema) -> None:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            name = ref[len(prefix) :]
            if name not in seen and name in defs:
                seen[name] = defs[name]
                pending.append(defs[name])
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for target in mapping.values():
                collect({"$ref": target})

    while pending:
        walk(pending.pop(), collect)
    return {name: seen[name] for name in sorted(seen)}
