"""JSON Schema plumbing the rules use to state their fragment: walking subschemas, narrowing a
``oneOf`` of typed objects, and the small conditions cross-field rules are made of."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]

_SUBSCHEMA = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
NOT_NULL: Schema = {"not": {"type": "null"}}
TRUTHY: Schema = {"not": {"enum": [None, False, 0, "", {}, []]}}


def walk(schema: Any, visit: Callable[[Schema], None]) -> None:
    """Call ``visit`` on every subschema (not on property maps or other keyword values)."""
    if not isinstance(schema, dict):
        return
    visit(schema)
    for key in _SUBSCHEMA:
        walk(schema.get(key), visit)
    for key in _SUBSCHEMA_LISTS:
        for item in schema.get(key) or ():
            walk(item, visit)
    for key in _SUBSCHEMA_MAPS:
        for item in (schema.get(key) or {}).values():
            walk(item, visit)


def respell_properties(
    properties: Schema, wire: Schema, replaced: tuple[str, ...], at_messages: tuple[str, ...]
) -> None:
    """A shape codec's request schema, in place: the canonical ``properties`` keep their order; each
    ``replaced`` one takes the ``wire`` property of its name (or goes, when the wire has none), the
    wire properties ``at_messages`` stand just before where ``messages`` stood, and the wire's other
    properties come last."""
    rebuilt: Schema = {}
    for key, value in properties.items():
        if key == "messages":
            rebuilt.update((name, wire.pop(name)) for name in at_messages)
        if key not in replaced:
            rebuilt[key] = value
        elif key in wire:
            rebuilt[key] = wire.pop(key)
    rebuilt.update(wire)
    properties.clear()
    properties.update(rebuilt)


def present(name: str, value: Schema) -> Schema:
    """``name`` is present and matches ``value``."""
    return {"required": [name], "properties": {name: value}}


def only_types(node: Schema, defs: Schema, accepted: frozenset[str], suffix: str = "") -> None:
    """Narrow a ``oneOf`` of typed objects (definitions named ``*suffix``) to the accepted ``type``s.

    Used for content parts and for values a rule limits by type: objects of another type would be
    dropped when writing, so they are not valid in the dialect.
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
