"""What a request may hold depends on the model: the model table (SPEC section 10).

:data:`DEFAULT` is the built-in :class:`ModelTable`: ordered rows (:class:`ModelFamily`), first match
wins, on normalised model ids (lower case; ``openai/`` / ``azure/`` prefixes and ``ft:`` wrappers
removed; a date suffix optional). A row names the ids of its family and the forward patterns that
take later versions (``o5-mini``, ``gpt-5.3``); an id no row matches gets no model rules. Every
fact of a row is a :class:`Fact`: its value, the source it was read in and the date it was checked,
and whether only community reports state it.

A caller's corrections go through :meth:`ModelTable.override`, never through editing the package::

    table = DEFAULT.override({"o3-mini": {"rejects": {"+": ["stop"]}}})
    translate(payload, source="openai", target="openai", models=table)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Generic, TypeVar

from chatdialect._errors import ChatDialectError

T = TypeVar("T")

_DATE = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{4})$")
_PREFIXES = ("openai/", "azure/")


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One fact of a model family: its value, where it was read, and when that was checked."""

    value: T
    source: str
    """The document the fact was read in (a vendor spec, SDK docstring or page; or a report)."""
    checked: str
    """The date (ISO 8601) the source was last read for this fact."""
    community: bool = False
    """True when only community reports (issues, forums) state the fact, no vendor document."""

    def as_dict(self) -> dict[str, Any]:
        """The fact as JSON-ready data (sets as sorted lists)."""
        return {
            "value": _plain(self.value),
            "source": self.source,
            "checked": self.checked,
            "community": self.community,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def fact(value: T, source: str, checked: str, community: bool = False) -> Fact[T]:
    """A :class:`Fact` (sets given as lists or tuples become frozensets where the row expects them)."""
    return Fact(value, source, checked, community)


_NOTHING: Fact[Any] = Fact(frozenset(), "not stated by any source: nothing is assumed", "")

INSTRUCTION_ROLES = frozenset({"system", "developer"})
"""The roles of instruction messages: a family that lacks one has its messages turned into ``fallback``."""


@dataclass(frozen=True, slots=True)
class ModelFamily:
    """One row of the model table: a family of models and what its requests may hold.

    Field names are canonical (``temperature``, ``max_completion_tokens``); instruction roles are
    ``system`` and ``developer``.
    """

    name: str
    """The family's name, used in change reasons (``"o3, o4-mini"``)."""
    ids: tuple[str, ...]
    """Normalised model ids of the family, without date suffixes (matched exactly)."""
    forward: tuple[str, ...] = ()
    """Regular expressions (matched on the whole normalised id) for versions not seen yet."""
    rejects: Fact[frozenset[str]] = _NOTHING
    """Fields the family rejects: dropped."""
    only_at: Fact[Mapping[str, Any]] = field(default_factory=lambda: Fact({}, _NOTHING.source, ""))
    """Fields the family accepts only at one value (``temperature`` 1): another value is dropped."""
    unlocks: Fact[Mapping[str, frozenset[str]]] = field(
        default_factory=lambda: Fact({}, _NOTHING.source, "")
    )
    """Rejected fields a ``reasoning_effort`` value makes acceptable (``none`` on gpt-5.1+)."""
    effort_rejects: Fact[Mapping[str, frozenset[str]]] = field(
        default_factory=lambda: Fact({}, _NOTHING.source, "")
    )
    """Fields rejected only with a given ``reasoning_effort`` value (gpt-5: no parallel tool calls
    with ``minimal``)."""
    efforts: Fact[tuple[str, ...] | None] = field(default_factory=lambda: Fact(None, _NOTHING.source, ""))
    """The ``reasoning_effort`` values the family takes; ``None``: it takes no ``reasoning_effort``."""
    verbosity: Fact[bool] = field(default_factory=lambda: Fact(False, _NOTHING.source, ""))
    """Whether the family takes ``verbosity``."""
    parallel_tool_calls: Fact[bool] = field(default_factory=lambda: Fact(True, _NOTHING.source, ""))
    """Whether the family takes ``parallel_tool_calls``."""
    tools: Fact[bool] = field(default_factory=lambda: Fact(True, _NOTHING.source, ""))
    """Whether the family takes ``tools`` (and ``tool_choice``)."""
    roles: Fact[frozenset[str]] = field(
        default_factory=lambda: Fact(frozenset({"system", "developer"}), _NOTHING.source, "")
    )
    """The instruction roles (``system``, ``developer``) the family accepts."""
    fallback: Fact[str] = field(default_factory=lambda: Fact("system", _NOTHING.source, ""))
    """What an instruction message of a role the family does not accept becomes."""
    responses_only: Fact[bool] = field(default_factory=lambda: Fact(False, _NOTHING.source, ""))
    """Whether the family is served only by the Responses API."""
    watched: frozenset[str] | None = field(init=False, repr=False, compare=False)
    """Worked out from the facts: the canonical fields whose presence gives the row's rules something
    to do, or ``None`` when every request may (the family lacks an instruction role)."""

    def __post_init__(self) -> None:
        watch = set(self.rejects.value) | set(self.only_at.value) | {"reasoning_effort"}
        for rejected in self.effort_rejects.value.values():
            watch |= rejected
        if not self.verbosity.value:
            watch.add("verbosity")
        if not self.tools.value:
            watch |= {"tools", "tool_choice", "parallel_tool_calls"}
        if not self.parallel_tool_calls.value:
            watch.add("parallel_tool_calls")
        roles_ok = self.roles.value.issuperset(INSTRUCTION_ROLES)
        object.__setattr__(self, "watched", frozenset(watch) if roles_ok else None)

    def matches(self, normalised: str) -> bool:
        """Whether a normalised id (see :func:`normalise`) is of this family."""
        if normalised in self.ids:
            return True
        return any(re.fullmatch(pattern, normalised) for pattern in self.forward)

    def facts(self) -> Iterator[tuple[str, Fact[Any]]]:
        """Every fact of the row with its attribute name, in row order."""
        for each in fields(self):
            value = getattr(self, each.name)
            if isinstance(value, Fact):
                yield each.name, value

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (what ``chatdialect models --format json`` prints)."""
        return {
            "family": self.name,
            "ids": list(self.ids),
            "forward": list(self.forward),
            "facts": {name: each.as_dict() for name, each in self.facts()},
        }


FACT_NAMES: tuple[str, ...] = tuple(
    each.name for each in fields(ModelFamily) if each.init and each.name not in ("name", "ids", "forward")
)
"""The attributes of a row that are facts, in row order."""


def normalise(model: str) -> str:
    """A model id as the table matches it: lower case, ``openai/`` / ``azure/`` prefixes and
    ``ft:`` wrappers removed, a date suffix (``-2025-04-16``, ``-0613``) removed."""
    text = model.strip().lower()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text, changed = text[len(prefix) :], True
        if text.startswith("ft:"):
            text, changed = text[3:].split(":", 1)[0], True
    return _DATE.sub("", text)


def is_prefixed(model: str) -> bool:
    """Whether an id names its provider (``openai/o3-mini``, ``azure/gpt-4o``)."""
    return model.strip().lower().startswith(_PREFIXES)


class ModelTable:
    """Ordered rows of model families; the first row that matches an id wins.

    Immutable: :meth:`override` returns a new table. Lookups are remembered per table (a bounded
    dict: the ids an application sends are few).
    """

    __slots__ = ("_found", "rows")

    def __init__(self, rows: tuple[ModelFamily, ...] | list[ModelFamily]) -> None:
        self.rows: tuple[ModelFamily, ...] = tuple(rows)
        names = [row.name for row in self.rows]
        if len(set(names)) != len(names):
            raise ChatDialectError("a model table names each family once")
        self._found: dict[str, ModelFamily | None] = {}

    def __iter__(self) -> Iterator[ModelFamily]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"ModelTable({len(self.rows)} families)"

    def find(self, model: str) -> ModelFamily | None:
        """The row of a model id (any spelling :func:`normalise` accepts), or ``None``."""
        found = self._found.get(model, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        normalised = normalise(model)
        row = next((row for row in self.rows if row.matches(normalised)), None)
        if len(self._found) >= 4096:  # bounded: ids are few, but a caller may send many
            self._found.clear()
        self._found[model] = row
        return row

    def family(self, name: str) -> ModelFamily | None:
        """The row named ``name`` (a family name, as in change reasons and ``model_family=``)."""
        return next((row for row in self.rows if row.name == name), None)

    def family_of(self, model: str) -> str | None:
        """The family name of a model id, or ``None`` for an id no row matches."""
        row = self.find(model)
        return None if row is None else row.name

    def override(self, corrections: Mapping[str, Mapping[str, Any]], source: str = "caller override",
                 checked: str = "") -> ModelTable:
        """A new table with the caller's corrections; the caller's rows win.

        Each key is a family name or a model id. For a family, its row is changed where it stands.
        For a model id, a new row for that id alone is put first, copied from the row the id
        matches now (or from an empty row). A value is the fact's new value, or for a set or a
        mapping ``{"+": [...], "-": [...]}`` (items added, removed). Changed facts name ``source``.
        A new family may also be given whole: ``{"name": {"ids": [...], "forward": [...], ...}}``.
        """
        rows = list(self.rows)
        first: list[ModelFamily] = []
        for key, changes in corrections.items():
            if not isinstance(key, str) or not isinstance(changes, Mapping):
                raise ChatDialectError("override() takes a mapping of family names or model ids to changes")
            known = self.family(key)
            if known is not None:
                rows[rows.index(known)] = _changed(known, changes, source, checked)
                continue
            base = self.find(key) or ModelFamily(name=key, ids=())
            ids = tuple(changes.get("ids", (normalise(key),)))
            forward = tuple(changes.get("forward", ()))
            rest = {k: v for k, v in changes.items() if k not in ("ids", "forward")}
            first.append(_changed(replace(base, name=key, ids=ids, forward=forward), rest, source, checked))
        return ModelTable(first + rows)


_MISSING = object()


def _changed(row: ModelFamily, changes: Mapping[str, Any], source: str, checked: str) -> ModelFamily:
    """``row`` with the facts named in ``changes`` changed (see :meth:`ModelTable.override`)."""
    updates: dict[str, Any] = {}
    for name, change in changes.items():
        if name not in FACT_NAMES:
            raise ChatDialectError(
                f"override() knows no model fact {name!r}; the facts are {', '.join(FACT_NAMES)}"
            )
        old = getattr(row, name).value
        updates[name] = Fact(_apply(old, change, name), source, checked)
    return replace(row, **updates)


def _apply(old: Any, change: Any, name: str) -> Any:
    if isinstance(change, Mapping) and set(change) <= {"+", "-"} and change:
        if isinstance(old, frozenset):
            return (old | frozenset(change.get("+", ()))) - frozenset(change.get("-", ()))
        if isinstance(old, Mapping):
            merged = dict(old)
            merged.update(change.get("+", {}))
            for key in change.get("-", ()):
                merged.pop(key, None)
            return merged
        raise ChatDialectError(f"the model fact {name!r} is not a set or a mapping; give its new value")
    if isinstance(old, frozenset) or name in ("rejects", "roles"):
        return frozenset(change)
    if name in ("unlocks", "effort_rejects"):
        return {key: frozenset(value) for key, value in change.items()}
    if name == "efforts" and change is not None:
        return tuple(change)
    return change


def _default() -> ModelTable:
    from chatdialect._model_rows import ROWS

    return ModelTable(ROWS)


DEFAULT: ModelTable = _default()
"""The built-in model table (``chatdialect models`` prints it; ``docs/models.md`` renders it)."""

__all__ = ["DEFAULT", "FACT_NAMES", "Fact", "ModelFamily", "ModelTable", "fact", "is_prefixed", "normalise"]
