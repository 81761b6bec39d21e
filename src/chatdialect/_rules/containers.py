"""Rules on one carried field that is a list or an object: list-only, item count, not empty, string
values, object types, item types, and the keys an object may hold.

Like the rules of ``fields``, they sit in a field's row of a dialect table and apply in order when
writing.
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Trace
from chatdialect._model import OBJECT_KINDS
from chatdialect._pointer import join
from chatdialect._rules.base import (
    DROP,
    Cell,
    FieldRule,
    Schema,
    Writing,
    value_branches,
)
from chatdialect._rules.schema import only_types, walk

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect


class ListOnly(FieldRule):
    """A field that may be a string or a list canonically, but only a list on the wire."""

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if isinstance(value, str):
            reason = f"The {context.target} dialect takes {name} only as a list."
            context.record("converted", join(name), join(context.dialect.wire_name(name)), reason)
            return [value]
        return value

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append("string -> list")

    def doc(self, name: str) -> str | None:
        return "a list (a string is wrapped)"


class MaxItems(FieldRule):
    """A list of at most ``count`` items: a longer one is a problem on read and is cut on write."""

    def __init__(self, count: int) -> None:
        self.count = count

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        if isinstance(value, list) and len(value) > self.count:
            trace.problem(pointer, f"has more than {self.count} items, the {dialect.name} maximum")
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if isinstance(value, list) and len(value) > self.count:
            reason = f"{name} is cut to {self.count} items, the {context.target} maximum."
            context.record("clamped", join(name), join(context.dialect.wire_name(name)), reason)
            return value[: self.count]
        return value

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append(f"at most {self.count}")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if branch.get("type") == "array":
                branch["maxItems"] = self.count
        return prop

    def doc(self, name: str) -> str | None:
        return f"at most {self.count} items (cut)"


class NotEmpty(FieldRule):
    """A list the vendor refuses when empty (OpenAI and Azure answer 400 to ``"tools": []``): an
    empty one asks for nothing, so it is dropped with a record rather than sent."""

    by_content = True

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if value:
            return value
        reason = f"The {context.target} dialect refuses an empty {name} list, which asks for nothing."
        context.record("dropped", join(name), None, reason)
        return DROP

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append("an empty list is dropped")

    def doc(self, name: str) -> str | None:
        return "an empty list is dropped (the vendor refuses it)"


class StringValues(FieldRule):
    """A map whose values must be strings: numbers and booleans are JSON-encoded, others dropped."""

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if all(type(item) is str for item in value.values()):
            return value
        result: dict[str, Any] = {}
        reason = f"The {context.target} dialect takes {name} values only as strings."
        for key, item in value.items():
            pointer = join(name, key)
            if isinstance(item, str):
                result[key] = item
            elif isinstance(item, (bool, int, float)):
                result[key] = json.dumps(item)
                context.record("converted", pointer, pointer, reason)
            else:
                context.record("dropped", pointer, None, reason)
        return result

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append("string values")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if branch.get("type") == "object":
                # strings pass; numbers and booleans are converted; other values would be dropped
                values = branch.get("additionalProperties")
                values = dict(values) if isinstance(values, dict) else {}
                branch["additionalProperties"] = {**values, "type": ["string", "number", "boolean"]}
        return prop

    def doc(self, name: str) -> str | None:
        return "string values (numbers and booleans JSON-encoded, others dropped)"


class ObjectTypes(FieldRule):
    """A value that may be an object with a ``type``: only these types are accepted; an object of
    another type is dropped on write (string values are left to other rules)."""

    def __init__(self, *types: str) -> None:
        self.types = types

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if isinstance(value, dict) and value.get("type") not in self.types:
            reason = f"The {context.target} dialect does not accept this kind of {name}."
            context.record("dropped", join(name), None, reason)
            return DROP
        return value

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append(f"objects of type {'/'.join(self.types)} only")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        kinds = frozenset(self.types)
        walk(prop, lambda node: only_types(node, defs, kinds))
        return prop

    def doc(self, name: str) -> str | None:
        types = ", ".join(f"`{kind}`" for kind in self.types)
        return f"objects of type {types} only (others dropped)"


def every_item_dropped(name: str) -> str:
    """The reason recorded at a list field that is left out because the target dropped each item."""
    return f"Every item of {name} was dropped, so {name} was left out."


class ItemTypes(FieldRule):
    """A list of typed objects (of kind ``kind`` in ``_model.OBJECT_KINDS``: ``tool``) of which only
    these types are accepted: another item is dropped at its own pointer (the field goes when no
    item is left)."""

    covered_when_clean = True
    by_content = True

    def __init__(self, *types: str, kind: str = "tool") -> None:
        self.types = frozenset(types)
        self.kind = kind

    def narrows(self) -> dict[str, frozenset[str] | None]:
        prefix = self.kind + ":"
        return {k: None for k in OBJECT_KINDS if k.startswith(prefix) and k[len(prefix) :] not in self.types}

    def write(self, name: str, value: Any, context: Writing) -> Any:
        types = self.types
        if types.issuperset(map(dict.get, value, repeat("type"))):  # a scan in C: usually all are
            return value
        kept, positions = [], []
        for index, item in enumerate(value):
            if item.get("type") in types:
                kept.append(item)
                positions.append(index)
            else:
                reason = f"The {context.target} dialect does not accept {item.get('type')} {name}."
                context.record("dropped", join(name, index), None, reason)
        if not kept:  # the field goes too: recorded at its own pointer, where reading may have put it
            context.record("converted", join(name), None, every_item_dropped(name))  # each drop is the loss
            return DROP
        context.trace.compacted(join(name), positions)
        return kept

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append(f"{'/'.join(sorted(self.types))} only")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        walk(prop, lambda node: only_types(node, defs, self.types))
        return prop

    def doc(self, name: str) -> str | None:
        return ", ".join(f"`{kind}`" for kind in sorted(self.types)) + " items only (others dropped)"


class KeysOnly(FieldRule):
    """An object of which the vendor takes only these keys: another key is dropped at its own
    pointer, and the field goes (recorded at its pointer) when no key is left."""

    def __init__(self, *keys: str) -> None:
        self.keys = keys

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if all(key in self.keys for key in value):
            return value
        shown = ", ".join(self.keys)
        reason = f"The {context.target} dialect takes only {shown} in {name}."
        kept = {key: item for key, item in value.items() if key in self.keys}
        if not kept:
            context.record("dropped", join(name), None, reason)
            return DROP
        for key in [key for key in value if key not in self.keys]:
            context.record("dropped", join(name, key), None, reason)
        return kept

    def cell(self, name: str, cell: Cell) -> None:
        cell.status = "converted"
        cell.notes.append(f"{'/'.join(self.keys)} only")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if branch.get("type") == "object" or "$ref" in branch:
                branch.clear()
                branch.update({"type": "object", "properties": {key: {} for key in self.keys}})
                branch["additionalProperties"] = False
        return prop

    def doc(self, name: str) -> str | None:
        return ", ".join(f"`{key}`" for key in self.keys) + " only (other keys dropped)"
