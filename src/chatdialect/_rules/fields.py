"""Rules on one carried field's name and value: carry, rename, range, value list, value map, and a
required field's default (the rules on lists and objects are in ``containers``).

A field's row in a dialect table is a tuple of these, applied in order when writing (a rename then a
wrap of ``stop`` is recorded as one change of both kinds, see ``Trace.on_write``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Change, Trace
from chatdialect._pointer import join
from chatdialect._rules.base import (
    DROP,
    Cell,
    FieldRule,
    Schema,
    Writing,
    show_bound,
    show_limit,
    value_branches,
)

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect


class Carry(FieldRule):
    """The field is carried as it is, under its canonical name."""

    plain = True


CARRY = Carry()
PLAIN: tuple[FieldRule, ...] = (CARRY,)
"""The row of a field carried as it is: the engine writes it with no call at all."""


class Rename(FieldRule):
    """The field goes under another name on the wire (read back under its canonical name)."""

    def __init__(self, wire: str) -> None:
        self.to = wire

    def wire(self, name: str) -> str | None:
        return self.to

    def write(self, name: str, value: Any, context: Writing) -> Any:
        context.trace.on_write(_renamed(name, self.to, context.target))
        return value

    def cell(self, name: str, cell: Cell) -> None:
        cell.status, cell.target = "renamed", self.to

    def doc(self, name: str) -> str | None:
        return f"sent as `{self.to}`"


@cache  # changes are immutable, and these depend only on a field and a dialect
def _renamed(name: str, wire: str, target: str) -> Change:
    return Change("renamed", join(name), join(wire), f"The {target} dialect calls {name} {wire}.")


class Range(FieldRule):
    """A number the vendor accepts only within bounds: out of range on read is a problem; on write
    it is clamped to the bound."""

    def __init__(self, minimum: float | None = None, maximum: float | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                trace.problem(pointer, f"is below {show_bound(self.minimum)}, the {dialect.name} minimum")
            if self.maximum is not None and value > self.maximum:
                trace.problem(pointer, f"is above {show_bound(self.maximum)}, the {dialect.name} maximum")
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if self.minimum is not None and value < self.minimum:
            bound, how = self.minimum, "raised"
        elif self.maximum is not None and value > self.maximum:
            bound, how = self.maximum, "lowered"
        else:
            return value
        edge = "minimum" if how == "raised" else "maximum"
        reason = f"{name} is {how} to {show_bound(bound)}, the {context.target} {edge}."
        wire = context.dialect.wire_name(name)
        context.record("clamped", join(name), join(wire), reason)
        return type(value)(bound)

    def cell(self, name: str, cell: Cell) -> None:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            cell.range = f"{show_limit(low)}..{show_limit(high)}"
        elif low is not None:
            cell.range = f">= {show_limit(low)}"
        elif high is not None:
            cell.range = f"<= {show_limit(high)}"

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if self.minimum is not None:
                branch["minimum"] = self.minimum
            if self.maximum is not None:
                branch["maximum"] = self.maximum
        return prop

    def doc(self, name: str) -> str | None:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"{show_limit(low)} to {show_limit(high)} (clamped)"
        if low is not None:
            return f">= {show_limit(low)} (clamped)"
        return f"<= {show_limit(high or 0)} (clamped)"


class OneOf(FieldRule):
    """A string the vendor accepts only from a list: another value is a problem on read and is
    dropped on write (never mapped to a neighbour)."""

    def __init__(self, *values: str) -> None:
        self.values = values

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        if isinstance(value, str) and value not in self.values:
            trace.problem(pointer, f"is not one of the values the {dialect.name} dialect accepts")
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if value in self.values:
            return value
        reason = f"The {context.target} dialect does not accept this {name} value."
        context.record("dropped", join(name), None, reason)
        return DROP

    def cell(self, name: str, cell: Cell) -> None:
        cell.values = list(self.values)

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if branch.get("type") == "string":
                branch["enum"] = list(self.values)
        return prop

    def doc(self, name: str) -> str | None:
        return ", ".join(f"`{value}`" for value in self.values) + " (others dropped)"


class ValueMap(FieldRule):
    """A string the vendor spells differently: canonical values map to wire values and back.
    A canonical value with no wire spelling is dropped on write; an unknown wire value is a problem."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)
        self.back = {wire: canonical for canonical, wire in self.mapping.items()}

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        if not isinstance(value, str):
            return value
        canonical = self.back.get(value)
        if canonical is None:
            trace.problem(pointer, f"is not one of the values the {dialect.name} dialect accepts")
            return value
        if canonical != value:
            reason = f"The {dialect.name} value of {name} is spelled differently canonically."
            trace.on_read(Change("converted", pointer, join(name), reason))
        return canonical

    def write(self, name: str, value: Any, context: Writing) -> Any:
        if not isinstance(value, str):
            return value  # an object value (a named tool choice) is other rules' business
        wire = self.mapping.get(value)
        if wire is None:
            reason = f"The {context.target} dialect does not accept this {name} value."
            context.record("dropped", join(name), None, reason)
            return DROP
        if wire != value:
            reason = f"The {context.target} dialect spells this {name} value differently."
            context.record("converted", join(name), join(context.dialect.wire_name(name)), reason)
        return wire

    def cell(self, name: str, cell: Cell) -> None:
        cell.values = [k if k == v else f"{k}->{v}" for k, v in self.mapping.items()]

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for branch in value_branches(prop):
            if branch.get("type") == "string":
                branch["enum"] = list(self.back)
        return prop

    def doc(self, name: str) -> str | None:
        pairs = ", ".join(f"`{k}`" if k == v else f"`{k}` as `{v}`" for k, v in self.mapping.items())
        return f"{pairs} (others dropped)"


class Default(FieldRule):
    """A field the vendor requires: a request without it gets ``defaults=``'s value or this
    documented default, recorded ``defaulted``."""

    def __init__(self, value: Any, source: str) -> None:
        self.value, self.source = value, source

    def default(self) -> tuple[bool, Any]:
        return True, self.value

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append(f"required: default {json.dumps(self.value)}")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        return prop

    def doc(self, name: str) -> str | None:
        return f"required by the vendor: `defaults=` or {json.dumps(self.value)} ({self.source}) when absent"
