"""What a dialect is: a table of the fields it carries and the rules its vendor imposes.

A dialect module builds one :class:`Dialect` from rows (:func:`carries`, :class:`Field`) and
constraint rows (:func:`requires`, :func:`conflicts`, :func:`must_not_be`). The shared engine
(``reading.py``, ``writing.py``) reads these tables; it holds no rule of any one vendor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chatdialect._model import CANONICAL_FIELDS, ROLES

LEGACY_FIELDS = frozenset({"functions", "function_call", "max_tokens"})
"""Deprecated wire fields: accepted on read where the dialect lists them, upgraded, never canonical."""


@dataclass(frozen=True, slots=True)
class Field:
    """One carried field: its wire name (if not the canonical one) and the values the vendor accepts."""

    wire: str | None = None
    """The name on the wire, when it differs from the canonical (OpenAI) name."""
    minimum: float | None = None
    """Smallest accepted number; smaller values are clamped when writing."""
    maximum: float | None = None
    """Largest accepted number; larger values are clamped when writing."""
    values: tuple[str, ...] | None = None
    """The accepted strings; another value is dropped when writing."""
    string_values: bool = False
    """A map whose values must be strings (numbers and booleans are JSON-encoded, others dropped)."""
    object_types: tuple[str, ...] | None = None
    """For a field whose value may be an object with a ``type``: the accepted types; an object of
    another type is dropped when writing (strings are left to ``values``)."""


CARRIED = Field()


def show_bound(bound: float) -> str:
    """A range bound as people write it: integers exactly, other numbers briefly."""
    return str(bound) if isinstance(bound, int) else f"{bound:g}"


def carries(*names: str, **special: Field) -> dict[str, Field]:
    """The field table: plain carried fields by name, plus fields with a special rule."""
    table = dict.fromkeys(names, CARRIED)
    table.update(special)
    return table


@dataclass(frozen=True, slots=True)
class Constraint:
    """A rule across fields: when it is broken, ``field`` is dropped for the reason given."""

    field: str
    other: str
    relation: str  # "requires" | "conflicts" | "must_not_be"
    value: Any
    reason: str

    def broken(self, out: Mapping[str, Any]) -> bool:
        """Whether the written payload breaks this rule."""
        mine = out.get(self.field)
        if mine is None:
            return False
        if self.relation == "must_not_be":
            return bool(mine == self.value)
        theirs = out.get(self.other)
        if self.relation == "requires":
            return theirs is None or (self.value is not None and theirs != self.value)
        return bool(mine) and bool(theirs)  # conflicts: both set and truthy


def requires(name: str, other: str, value: Any = None, *, reason: str) -> Constraint:
    """``name`` is only valid with ``other`` set (to ``value`` when given)."""
    return Constraint(name, other, "requires", value, reason)


def conflicts(name: str, other: str, *, reason: str) -> Constraint:
    """``name`` (truthy) is not valid together with ``other`` (truthy); ``name`` gives way."""
    return Constraint(name, other, "conflicts", None, reason)


def must_not_be(name: str, value: Any, *, reason: str) -> Constraint:
    """``name`` may not hold ``value``."""
    return Constraint(name, name, "must_not_be", value, reason)


COMMON_CONSTRAINTS = (
    requires(
        "stream_options",
        "stream",
        True,
        reason="stream_options is only valid with stream set to true.",
    ),
    requires(
        "top_logprobs",
        "logprobs",
        True,
        reason="top_logprobs is only valid with logprobs set to true.",
    ),
)
"""Rules every vendor shares; dialect tables list them with their own."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """A provider dialect: the fields its chat-completion request carries and its rules."""

    name: str
    """The registry name (``openai``, ``azure``, ...)."""
    title: str
    """A human name of the vendor API."""
    source: str
    """The vendor documentation the table follows."""
    fields: Mapping[str, Field]
    """Carried fields beyond ``model`` and ``messages``, by canonical name."""
    legacy: frozenset[str] = frozenset()
    """Deprecated fields (``functions``, ``function_call``, ``max_tokens``) accepted on read."""
    model_required: bool = True
    """Whether a request must name its ``model``."""
    roles: frozenset[str] = frozenset(ROLES)
    """Message roles the dialect accepts; ``developer`` becomes ``system`` where it is missing."""
    content_parts: frozenset[str] | None = None
    """Content-part types the dialect accepts in messages (``None``: all); other parts are dropped."""
    stop_list_only: bool = False
    """``stop`` must be a list; a single string is wrapped."""
    max_tokens_with: tuple[str, ...] = ()
    """Fields beside which the token cap is written as ``max_tokens`` even if the newer name is carried."""
    constraints: tuple[Constraint, ...] = COMMON_CONSTRAINTS
    """Cross-field rules checked on the written payload, in order."""
    notes: tuple[str, ...] = ()
    """Anything else a user should know, one sentence each (shown in docs)."""
    wire_names: Mapping[str, str] = field(init=False, repr=False, compare=False)
    """Wire name -> canonical name for every carried field (derived from ``fields``)."""

    checked_fields: Mapping[str, int] = field(init=False, repr=False, compare=False)
    """Fields with a range or an enum, by their position in the table (derived from ``fields``)."""

    not_carried: frozenset[str] = field(init=False, repr=False, compare=False)
    """Canonical fields a translation to this dialect drops (derived from ``fields``)."""

    def __post_init__(self) -> None:
        wire = {(rule.wire or name): name for name, rule in self.fields.items()}
        object.__setattr__(self, "wire_names", wire)
        checked = {
            name: index
            for index, (name, rule) in enumerate(self.fields.items())
            if rule.values is not None or rule.minimum is not None or rule.maximum is not None
        }
        object.__setattr__(self, "checked_fields", checked)
        carried = {"model", "messages", *self.fields}
        if self.writes_max_tokens:
            carried.add("max_completion_tokens")
        object.__setattr__(self, "not_carried", frozenset(CANONICAL_FIELDS) - carried)

    @property
    def writes_max_tokens(self) -> bool:
        """Whether the token cap goes out as ``max_tokens`` (the newer name is not carried)."""
        return "max_completion_tokens" not in self.fields and "max_tokens" in self.legacy
