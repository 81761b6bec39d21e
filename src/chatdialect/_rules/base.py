"""What every rule is: the base classes, the matrix cell they fill, and the context they write in.

A dialect is a table of rules (``_dialects``). Each kind of rule is one class that knows, for the one
thing it governs, its **read** (checking or upgrading the source payload), its **write** (renaming,
clamping, reshaping or dropping, each step recorded), its **matrix cell**, its **JSON Schema
fragment** and its **docs line**. The engine, the matrix, ``chatdialect schema`` and the generated docs
iterate rules; none of them decodes what a rule means.

Two families:

- :class:`FieldRule`: a rule on one carried top-level field (``Range``, ``Rename``, ``OneOf``, ...),
  listed in the dialect's field table under the canonical name.
- :class:`DialectRule`: a rule on the request as a whole (roles, content parts, cross-field
  constraints, the legacy upgrades, ``model`` required, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from chatdialect._changes import Change, Trace

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect
    from chatdialect.models import ModelFamily

Schema = dict[str, Any]


class Watch(NamedTuple):
    """A rule's write is called only when canonical field ``field`` is (``present``) or is not in
    the output."""

    field: str
    present: bool = True


NEVER = Watch("", present=True)
"""No field is named "": a rule that watches this is never called."""


class _Drop:
    """The value a write step returns for a field it dropped (after recording why)."""

    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()


@dataclass(slots=True)
class Cell:
    """One cell of the capability matrix: what writing (or, for legacy rows, reading) a field does."""

    status: str = "carried"
    """``carried``, ``renamed``, ``converted`` or ``dropped``."""
    target: str | None = None
    """The wire name, when the field goes out under another."""
    range: str | None = None
    values: list[str] | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The cell as JSON-ready data."""
        return {
            "status": self.status,
            "target": self.target,
            "range": self.range,
            "values": self.values,
            "notes": list(self.notes),
        }


_NO_DEFAULTS: Mapping[str, Any] = MappingProxyType({})


class Writing:
    """What a write step sees: the target dialect, the trace, and the caller's ``defaults=``."""

    __slots__ = ("clean", "defaults", "dialect", "family", "target", "trace")

    def __init__(
        self,
        dialect: Dialect,
        trace: Trace,
        defaults: dict[str, Any] | None = None,
        clean: bool = False,
        family: ModelFamily | None = None,
    ) -> None:
        self.dialect = dialect
        self.target = dialect.name
        self.trace = trace
        self.defaults: Mapping[str, Any] = _NO_DEFAULTS if defaults is None else defaults
        self.clean = clean
        """The request passed the target's narrowed validator: no message, part or tool call holds
        what the target's rules would drop (see ``DialectRule.narrows``)."""
        self.family = family
        """The model table's row for the request's model (``None``: no model rules apply)."""

    def record(self, kind: Any, path: str | None, target_path: str | None, reason: str) -> None:
        """Record a change of the write step."""
        self.trace.on_write(Change(kind, path, target_path, reason))


class FieldRule:
    """A rule on one carried top-level field. Subclasses override what they govern; the defaults
    carry the value as it is."""

    plain = False
    """True only for :data:`CARRY`: the engine writes such a field with no call at all."""
    covered_when_clean = False
    """True when :meth:`narrows` covers all this rule's write does: for a request that passed the
    target's narrowed validator (``Writing.clean``) the engine leaves the rule out."""
    by_content = False
    """True when the rule's read and write depend on the value and the rule's own settings alone
    (not on the request, the dialect's name aside in problem texts): a row of such rules that let a
    remembered field's content through unchanged is not run on it again (``_verdicts``)."""

    def narrows(self) -> dict[str, frozenset[str] | None]:
        """Objects (``_model.OBJECT_KINDS``) this rule narrows for a target, as
        ``DialectRule.narrows``."""
        return {}

    def wire(self, name: str) -> str | None:
        """The field's wire name, when this rule renames it."""
        return None

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        """The canonical value of a source ``value`` (problems go to ``trace``, at ``pointer``)."""
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        """The value written for the target, or :data:`DROP` (every step recorded)."""
        return value

    def default(self) -> tuple[bool, Any]:
        """``(True, value)`` when the target requires the field and this is its documented default."""
        return False, None

    def cell(self, name: str, cell: Cell) -> None:
        """Fill in this rule's part of the matrix cell of ``name``."""

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        """The field's JSON Schema property narrowed by this rule (may be a new dict)."""
        return prop

    def doc(self, name: str) -> str | None:
        """What this rule does to ``name``, as a phrase for the dialect's docs page."""
        return None


class DialectRule:
    """A rule on the request as a whole. Each hook is a no-op unless the kind of rule overrides it."""

    reads: tuple[str, ...] = ()
    """Wire keys the rule reads itself (the legacy upgrades); the engine hands them over."""

    def read(self, taken: dict[str, Any], canonical: dict[str, Any], trace: Trace, dialect: Dialect) -> None:
        """Upgrade what the source payload holds (``taken``: the wire keys of :attr:`reads`)."""

    def check(self, canonical: dict[str, Any], trace: Trace, dialect: Dialect) -> None:
        """Problems of a valid canonical request read in this dialect (``trace.problem``)."""

    def write(self, out: dict[str, Any], context: Writing) -> None:
        """Adjust the output for the target (every step recorded)."""

    def watches(self) -> Watch | None:
        """When :meth:`write` has something to do: a field present (or absent) in the output
        (``None``: always call it). The writer checks that in C before making the call."""
        return None

    def watches_when_clean(self) -> Watch | None:
        """:meth:`watches` for a request that passed the target's narrowed validator
        (``Writing.clean``): a rule whose work the narrowing proved unneeded watches less, or
        :data:`NEVER`."""
        return self.watches()

    def cell(self, name: str, cell: Cell) -> None:
        """Add this rule's part to the matrix cell of canonical field ``name``."""

    def narrows(self) -> dict[str, frozenset[str] | None]:
        """Objects inside messages (``_model.OBJECT_KINDS``) this rule narrows for a target: the
        keys it defines, or ``None`` for an object it does not take. The target's validator then
        refuses what the rule would change, so a request it accepts needs no walk of its messages
        here (``Writing.clean``)."""
        return {}

    def legacy_rows(self) -> dict[str, Cell]:
        """Matrix rows for the deprecated wire fields this rule reads."""
        return {}

    def schema(self, schema: Schema, defs: Schema, dialect: Dialect) -> None:
        """Add this rule to the dialect's JSON Schema (in place)."""

    def doc(self) -> str | None:
        """This rule as one sentence for the docs and the matrix footer."""
        return None

    def info(self) -> dict[str, Any]:
        """The rule as data (the matrix's JSON form): its kind and its sentence."""
        return {"kind": type(self).__name__, "text": self.doc()}


def show_bound(bound: float) -> str:
    """A range bound as people write it: integers exactly, other numbers briefly."""
    return str(bound) if isinstance(bound, int) else f"{bound:g}"


_POWERS = {-(2**63): "-2^63", 2**63 - 1: "2^63-1", -(2**31): "-2^31", 2**31 - 1: "2^31-1"}


def show_limit(value: float) -> str:
    """A bound as vendor docs write it: exact integers, the int64/int32 limits as powers of two."""
    if isinstance(value, int) and value in _POWERS:
        return _POWERS[value]
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:g}"


def value_branches(prop: Schema) -> list[Schema]:
    """The non-null alternatives of an optional property (``anyOf: [X, {"type": "null"}]``)."""
    branches = prop.get("anyOf")
    if not isinstance(branches, list):
        return [prop]
    return [branch for branch in branches if branch != {"type": "null"}]
