"""The JSON Schema (Draft 2020-12) of one dialect's request, as chatdialect reads it.

Built from ``ChatRequest.model_json_schema()`` and the dialect's table: only the fields the dialect
carries (under their wire names) plus the legacy fields it reads, its own ranges and value lists, and
its cross-field rules. A payload valid under it is one ``chatdialect validate`` accepts, as far as
JSON Schema can say (duplicate function names and tool ``parameters`` being a schema are not expressed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from chatdialect import _dialects as dialects
from chatdialect._dialects.base import Constraint, Dialect, Field
from chatdialect._model import ChatRequest
from chatdialect._validation import (
    METADATA_MAX_KEY_LENGTH,
    METADATA_MAX_KEYS,
    METADATA_MAX_VALUE_LENGTH,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_PYDANTIC_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""Pydantic writes bounds on a union (``Annotated[int | float, Field(ge=0)]``) under these names."""
_SUBSCHEMA = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
_NOT_NULL: Schema = {"not": {"type": "null"}}
_TRUTHY: Schema = {"not": {"enum": [None, False, 0, "", {}, []]}}


def export_schema(dialect: str) -> Schema:
    """The JSON Schema of a ``dialect`` request (a new dict); ``UnknownDialectError`` for a bad name."""
    table = dialects.get(dialect)
    base = copy.deepcopy(ChatRequest.model_json_schema())
    _walk(base, _fix_bounds)
    canonical = base["properties"]
    defs: Schema = base["$defs"]

    properties: Schema = {"model": _model(canonical["model"], table), "messages": canonical["messages"]}
    if "functions" in table.legacy:
        _legacy_history(properties["messages"], defs)
    if table.content_parts is not None:
        parts = frozenset(table.content_parts)
        _walk(base, lambda node: _only_types(node, defs, parts, suffix="Part"))
    for name in canonical:
        rule = table.fields.get(name)
        if rule is not None:
            properties[rule.wire or name] = _narrow(canonical[name], rule, defs)
    if "metadata" in table.fields:
        _metadata_limits(properties[table.fields["metadata"].wire or "metadata"])
    properties.update(_legacy(table, canonical, defs))

    schema: Schema = {
        "$schema": DRAFT,
        "title": f"{table.title} chat-completion request (as chatdialect reads it)",
        "description": (
            f"The {table.name} dialect's request: the fields it carries, its ranges and rules. "
            f"Source: {table.source}."
        ),
        "type": "object",
        "properties": properties,
        "required": ["model", "messages"] if table.model_required else ["messages"],
        "additionalProperties": False,
    }
    rules = [*_superseded(table), *(_constraint(c, table) for c in table.constraints)]
    if rules:
        schema["allOf"] = rules
    schema["$defs"] = _reachable(schema, defs)
    return copy.deepcopy(schema)


# --- fields ----------------------------------------------------------------------------------


def _model(prop: Schema, table: Dialect) -> Schema:
    if not table.model_required:
        return prop
    return {"type": "string", "description": prop.get("description", ""), "title": "Model"}


def _narrow(prop: Schema, rule: Field, defs: Schema) -> Schema:
    """The canonical property with the dialect's own range, value list, value type or object types."""
    prop = copy.deepcopy(prop)
    if rule.object_types is not None:
        kinds = frozenset(rule.object_types)
        _walk(prop, lambda node: _only_types(node, defs, kinds))
    for branch in _value_branches(prop):
        if rule.minimum is not None:
            branch["minimum"] = rule.minimum
        if rule.maximum is not None:
            branch["maximum"] = rule.maximum
        if rule.values is not None and branch.get("type") == "string":
            branch["enum"] = list(rule.values)
        if rule.string_values and branch.get("type") == "object":
            # Strings pass; numbers and booleans are converted to strings; other values would be dropped.
            branch["additionalProperties"] = {"type": ["string", "number", "boolean"]}
    return prop


def _metadata_limits(prop: Schema) -> None:
    """Metadata's universal limits: key count, key length, string value length."""
    for branch in _value_branches(prop):
        if branch.get("type") != "object":
            continue
        branch["maxProperties"] = METADATA_MAX_KEYS
        branch["propertyNames"] = {"maxLength": METADATA_MAX_KEY_LENGTH}
        values = branch.get("additionalProperties")
        values = dict(values) if isinstance(values, dict) else {}
        values["maxLength"] = METADATA_MAX_VALUE_LENGTH  # applies to string values only
        branch["additionalProperties"] = values


def _value_branches(prop: Schema) -> list[Schema]:
    """The non-null alternatives of an optional property (``anyOf: [X, {"type": "null"}]``)."""
    branches = prop.get("anyOf")
    if not isinstance(branches, list):
        return [prop]
    return [branch for branch in branches if branch != {"type": "null"}]


def _legacy(table: Dialect, canonical: Schema, defs: Schema) -> Schema:
    """The deprecated fields the dialect reads, and legacy function-call history in messages."""
    found: Schema = {}
    if "max_tokens" in table.legacy:
        prop = copy.deepcopy(canonical["max_completion_tokens"])
        prop["description"] = "Deprecated token cap (read as max_completion_tokens)."
        prop["title"] = "Max Tokens"
        found["max_tokens"] = prop
    if "functions" in table.legacy:
        found["functions"] = {
            "description": "Deprecated function definitions (read as function tools).",
            "anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/FunctionDefinition"}, "minItems": 1},
                {"type": "null"},
            ],
        }
    if "function_call" in table.legacy:
        found["function_call"] = {
            "description": "Deprecated function choice (read as tool_choice).",
            "anyOf": [
                {"enum": ["none", "auto"]},
                {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                {"type": "null"},
            ],
        }
    return found


def _legacy_history(messages: Schema, defs: Schema) -> None:
    """Accept assistant ``function_call`` and ``role: "function"`` messages (upgraded on read)."""
    items = messages["items"]
    items["oneOf"].append({"$ref": "#/$defs/FunctionMessage"})
    items["discriminator"]["mapping"]["function"] = "#/$defs/FunctionMessage"
    assistant = defs["AssistantMessage"]
    assistant["properties"]["function_call"] = {
        "anyOf": [{"$ref": "#/$defs/FunctionCall"}, {"type": "null"}],
        "description": "Deprecated: a function call (read as a tool call).",
    }
    content = copy.deepcopy(defs["ToolMessage"]["properties"]["content"])
    defs["FunctionMessage"] = {
        "type": "object",
        "title": "FunctionMessage",
        "description": "Deprecated: a function's result (read as a tool message answering its call).",
        "properties": {
            "role": {"const": "function", "type": "string"},
            "name": {"type": "string"},
            "content": {"anyOf": [content, {"type": "null"}]},
        },
        "required": ["role", "name"],
        "additionalProperties": True,
    }


def _only_types(node: Schema, defs: Schema, accepted: frozenset[str], suffix: str = "") -> None:
    """Narrow a ``oneOf`` of typed objects (definitions named ``*suffix``) to the accepted ``type``s.

    Used for content parts and for object values a row limits (``Field.object_types``): objects of
    another type would be dropped when writing, so they are not valid in the dialect.
    """
    branches = node.get("oneOf")
    if not isinstance(branches, list) or not branches:
        return
    kinds = [_object_type(branch, defs, suffix) for branch in branches]
    if None in kinds:
        return
    node["oneOf"] = [branch for branch, kind in zip(branches, kinds, strict=True) if kind in accepted]
    mapping = node.get("discriminator", {}).get("mapping")
    if isinstance(mapping, dict):
        node["discriminator"]["mapping"] = {k: v for k, v in mapping.items() if k in accepted}


def _object_type(branch: Any, defs: Schema, suffix: str) -> str | None:
    """The ``type`` constant of the definition ``branch`` refers to (named ``*suffix``), else ``None``."""
    ref = branch.get("$ref") if isinstance(branch, dict) else None
    if not isinstance(ref, str) or not ref.startswith("#/$defs/") or not ref.endswith(suffix):
        return None
    const = defs.get(ref[len("#/$defs/") :], {}).get("properties", {}).get("type", {}).get("const")
    return const if isinstance(const, str) else None


# --- rules -----------------------------------------------------------------------------------


def _present(name: str, value: Schema) -> Schema:
    return {"required": [name], "properties": {name: value}}


def _superseded(table: Dialect) -> list[Schema]:
    """A legacy field given beside its replacement is dropped on read, so the pair is not valid."""
    pairs = [("max_tokens", "max_completion_tokens"), ("function_call", "tool_choice")]
    rules = []
    for old, new in pairs:
        if old in table.legacy and new in table.fields:
            both = {"required": [old, new], "properties": {old: _NOT_NULL, new: _NOT_NULL}}
            rules.append({"description": f"{old} is superseded by {new}; give one.", "not": both})
    return rules


def _constraint(constraint: Constraint, table: Dialect) -> Schema:
    """One cross-field rule of the dialect's table as a JSON Schema condition."""
    field, other = _wire(table, constraint.field), _wire(table, constraint.other)
    rule: Schema
    if constraint.relation == "requires":
        need = _NOT_NULL if constraint.value is None else {"const": constraint.value}
        rule = {"if": _present(field, _NOT_NULL), "then": _present(other, need)}
    elif constraint.relation == "conflicts":
        rule = {"not": {"required": [field, other], "properties": {field: _TRUTHY, other: _TRUTHY}}}
    else:
        rule = {"properties": {field: {"not": {"const": constraint.value}}}}
    return {"description": constraint.reason, **copy.deepcopy(rule)}


def _wire(table: Dialect, name: str) -> str:
    """The dialect's wire name of a canonical field."""
    rule = table.fields.get(name)
    return name if rule is None or rule.wire is None else rule.wire


# --- schema plumbing -------------------------------------------------------------------------


def _walk(schema: Any, visit: Callable[[Schema], None]) -> None:
    """Call ``visit`` on every subschema (not on property maps or other keyword values)."""
    if not isinstance(schema, dict):
        return
    visit(schema)
    for key in _SUBSCHEMA:
        _walk(schema.get(key), visit)
    for key in _SUBSCHEMA_LISTS:
        for item in schema.get(key) or ():
            _walk(item, visit)
    for key in _SUBSCHEMA_MAPS:
        for item in (schema.get(key) or {}).values():
            _walk(item, visit)


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
        _walk(pending.pop(), collect)
    return {name: seen[name] for name in sorted(seen)}
