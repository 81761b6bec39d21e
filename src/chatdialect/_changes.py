"""The record of a translation: what changed (``Change``), where it goes (``Endpoint``), the result
(``Translation``; ``JsonTranslation`` for JSON text), and the one ``Trace`` that records a
translation's changes and nets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from chatdialect._pointer import remap

ChangeKind = Literal["renamed", "converted", "dropped", "clamped", "defaulted", "moved"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("renamed", "converted", "dropped", "clamped", "defaulted", "moved")
LOSSY_KINDS = frozenset({"dropped", "clamped"})
_RANK: dict[str, int] = {"moved": 0, "defaulted": 0, "renamed": 1, "converted": 2, "clamped": 3, "dropped": 4}
"""How much a kind changes: the net kind of two steps on one field is the stronger one."""


@dataclass(frozen=True, slots=True)
class Change:
    """One field that did not arrive in the output as it was in the input.

    ``path`` points into the caller's payload (``None`` for a value the caller did not give: a
    ``defaulted`` one, or one ``moved`` in from ``model=``/``stream=``), ``target_path`` into the
    output (``None`` when the value left the payload). ``reason`` is one sentence; it names fields
    and never echoes values.
    """

    kind: ChangeKind
    path: str | None
    target_path: str | None
    reason: str

    @property
    def lossy(self) -> bool:
        """True for changes that lose information: ``dropped`` and ``clamped``."""
        return self.kind in LOSSY_KINDS

    def as_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {
            "kind": self.kind,
            "path": self.path,
            "target_path": self.target_path,
            "reason": self.reason,
        }


class Endpoint(NamedTuple):
    """Where a translated payload is sent: the HTTP method and the path below the vendor's base URL
    (the model filled in where the vendor keeps it in the URL), the model and whether it streams.
    (A named tuple: made once per translation, it costs less than a dataclass.)"""

    method: str
    path: str
    model: str | None
    stream: bool


@dataclass(frozen=True, slots=True)
class Translation:
    """A translated payload (a new JSON-ready dict), every change made on the way, and its endpoint."""

    payload: dict[str, Any]
    changes: tuple[Change, ...]
    source: str
    target: str
    endpoint: Endpoint = field(default_factory=lambda: Endpoint("POST", "", None, False))

    def lossy_changes(self) -> tuple[Change, ...]:
        """The changes that lost information (``dropped`` and ``clamped``)."""
        return tuple(change for change in self.changes if change.lossy)


@dataclass(frozen=True, slots=True)
class JsonTranslation:
    """A translated payload as compact UTF-8 JSON text (what ``translate_json`` returns), with the same
    changes, dialects and endpoint a ``Translation`` of the same request has."""

    payload: bytes
    changes: tuple[Change, ...]
    source: str
    target: str
    endpoint: Endpoint

    def lossy_changes(self) -> tuple[Change, ...]:
        """The changes that lost information (``dropped`` and ``clamped``)."""
        return tuple(change for change in self.changes if change.lossy)


_SLOTS: dict[str, Any] = dict(vars(Translation))
_SET_PAYLOAD = _SLOTS["payload"].__set__
_SET_CHANGES = _SLOTS["changes"].__set__
_SET_SOURCE = _SLOTS["source"].__set__
_SET_TARGET = _SLOTS["target"].__set__
_SET_ENDPOINT = _SLOTS["endpoint"].__set__


def make_translation(
    payload: dict[str, Any], changes: tuple[Change, ...], source: str, target: str, endpoint: Endpoint
) -> Translation:
    """``Translation(...)`` for the engine: one is made per request, and a frozen dataclass's
    ``__init__`` (``object.__setattr__`` per field) costs twice as much as setting its slots."""
    made = object.__new__(Translation)
    _SET_PAYLOAD(made, payload)
    _SET_CHANGES(made, changes)
    _SET_SOURCE(made, source)
    _SET_TARGET(made, target)
    _SET_ENDPOINT(made, endpoint)
    return made


Problems = list[tuple[str, str]]


class Trace:
    """The changes of one translation, in two steps, and how they net.

    The read step records changes from the caller's payload to the canonical request (``path`` into
    the payload, ``target_path`` canonical) and the *origins*: where a canonical subtree was read
    from, when that is not the same pointer. The write step records changes from the canonical
    request to the output (``path`` canonical). :meth:`net` gives the net change from the caller's
    payload to the output: a write change on something the read step produced continues that change
    (its kind the stronger of the two, its reason both reasons) or undoes it (then nothing is
    recorded); other write changes get their canonical path mapped back to the caller's.
    Records are matched by pointer, never by identity: one ``Change`` may be shared by many traces.
    """

    __slots__ = ("on_write", "origins", "placed", "problems", "read", "unplaced", "written")

    def __init__(self) -> None:
        self.read: list[Change] = []
        self.written: list[Change] = []
        self.origins: dict[str, str] = {}
        self.problems: Problems = []
        self.placed: dict[str, str] = {}
        """Where the write step moved list items: canonical pointer -> pointer in the output."""
        self.unplaced: dict[str, str] = {}
        """The inverse of ``placed``: the canonical pointer of an item the write step moved."""
        self.on_write: Callable[[Change], None] = self.written.append
        """Record a change of the write step, its ``path`` as the request is at that moment
        (several changes of one canonical field, a rename then a clamp, fold into one when the
        trace nets)."""

    # --- recording ---------------------------------------------------------------------------

    def on_read(self, change: Change) -> None:
        """Record a change of the read step."""
        self.read.append(change)

    def origin(self, canonical: str, original: str) -> None:
        """Record that the canonical subtree at ``canonical`` was read from ``original``."""
        self.origins[canonical] = original

    def problem(self, pointer: str, message: str) -> None:
        """Record a problem of the payload (``pointer`` into the caller's payload)."""
        self.problems.append((pointer, message))

    def place(self, canonical: str, written: str) -> None:
        """Record that the write step (a shape codec) wrote the canonical subtree at ``canonical``
        at ``written`` in the output (``/messages/2`` -> ``/input/3``): read changes that point
        into it point there when the trace nets."""
        self.placed[remap(canonical, self.unplaced) if self.unplaced else canonical] = written

    def reordered(self, at: str, order: Sequence[int]) -> None:
        """Record that the write step reordered the output list at ``at``: its item ``order[i]``
        is now item ``i``. The write changes and placements already pointing at its items follow."""
        head = at + "/"
        new = {old: index for index, old in enumerate(order)}

        def moved(pointer: str | None) -> str | None:
            if pointer is None or not pointer.startswith(head):
                return pointer
            index, slash, rest = pointer[len(head) :].partition("/")
            known = index.isdigit() and int(index) in new
            return f"{head}{new[int(index)]}{slash}{rest}" if known else pointer

        self._follow(moved)

    def renamed(self, at: str, to: str) -> None:
        """Record that the write step moved the output's subtree at ``at`` to ``to`` (a field a
        rule wrote, then the codec put under its own name): the write changes pointing into it follow."""

        def moved(pointer: str | None) -> str | None:
            if pointer is None or not (pointer == at or pointer.startswith(at + "/")):
                return pointer
            return to + pointer[len(at) :]

        self._follow(moved)

    def _follow(self, moved: Callable[[str | None], str | None]) -> None:
        self.written[:] = [
            change
            if moved(change.target_path) == change.target_path
            else Change(change.kind, change.path, moved(change.target_path), change.reason)
            for change in self.written
        ]
        self.placed = {canonical: moved(written) or written for canonical, written in self.placed.items()}

    def insert_first(self, prefix: str, count: int, original: str) -> None:
        """Record that a canonical item read from ``original`` was put first in the list at
        ``prefix`` (of ``count`` items so far): the origins of the items after it, and the read
        changes that made them, move one place on."""
        head = prefix + "/"

        def moved(pointer: str | None) -> str | None:
            if pointer is None or not pointer.startswith(head):
                return pointer
            index, slash, rest = pointer[len(head) :].partition("/")
            return f"{head}{int(index) + 1}{slash}{rest}" if index.isdigit() else pointer

        items = {f"{head}{k + 1}": self.to_input(f"{head}{k}") for k in range(count)}
        origins = {moved(key) or key: value for key, value in self.origins.items()}
        self.origins = {**items, **origins, head + "0": original}
        self.read[:] = [
            change
            if moved(change.target_path) == change.target_path
            else Change(change.kind, change.path, moved(change.target_path), change.reason)
            for change in self.read
        ]

    def compacted(self, at: str, kept: Sequence[int]) -> None:
        """Record that the write step removed items from the list at ``at``, keeping the items
        that were at indices ``kept`` (in order). Later write changes are recorded at the items'
        canonical pointers, and read changes that point at a moved item point at its new place
        when the trace nets: list items keep their pointers however many items before them go."""
        moves = [(f"{at}/{old}", f"{at}/{new}") for new, old in enumerate(kept) if new != old]
        if not moves:
            return
        # pop first: an item's former place may be the next item's new one
        placed = {self.unplaced.pop(before, before): after for before, after in moves}
        self.placed.update(placed)
        self.unplaced.update((after, canonical) for canonical, after in placed.items())
        self.on_write = self._on_write_placed

    def _on_write_placed(self, change: Change) -> None:
        path = change.path
        canonical = remap(path, self.unplaced) if path is not None else None
        if canonical != path:
            change = Change(change.kind, canonical, change.target_path, change.reason)
        self.written.append(change)

    # --- pointers ----------------------------------------------------------------------------

    def to_input(self, pointer: str) -> str:
        """The caller's pointer for a canonical pointer (the longest recorded prefix wins)."""
        return remap(pointer, self.origins) if self.origins else pointer

    # --- netting -----------------------------------------------------------------------------

    def net(self, payload: dict[str, Any] | None = None) -> list[Change]:
        """The net changes from the caller's ``payload`` to the output (see the class docstring)."""
        read, written = self.read, self.written
        if not written:
            return read
        if len(written) > 1:
            written = _folded(written)
        if not read and not self.origins:
            return written  # nothing was read differently: canonical pointers are the caller's
        # plain loops: the lists hold one to a few changes, where comprehensions (a call each) and
        # sets or joined strings built in C cost more (measured)
        origins = self.origins
        by_target: dict[str, int] = {}
        inner = False  # a read change below a top-level field: only such can be in a dropped subtree
        for at, change in enumerate(read):
            target = change.target_path
            if target:
                by_target[target] = at
                inner = inner or "/" in target[1:]
        result: list[Change | None] = list(read)
        tail: list[Change] = []
        netted = False
        for change in written:
            path = change.path
            if path in by_target:
                index = by_target[path]
                before = result[index]
                if before is not None:  # (None: netted by an earlier write change)
                    netted = True
                    if change.kind == "dropped" and before.kind == "defaulted":
                        result[index] = None  # a value reading invented and writing leaves out: no change
                    elif change.target_path == before.path and change.kind != "dropped":
                        result[index] = None  # the write step undid the read step
                    else:  # it continues the read change: both reasons (a drop names the input's field too)
                        result[index] = _fold(before, change, before.path)
                        name = path[1:] if path.count("/") == 1 else None
                        given = name is not None and payload is not None and payload.get(name) is not None
                        if given and before.path != path:
                            tail.append(change)  # the caller's own field of that name (read into it) goes too
                    continue
            if inner and path is not None and change.kind == "dropped" and _drop_inner(change, read, result):
                netted = True
                continue  # what the write step dropped was made by reading: its sources go
            # a change at a top-level field that is no origin keeps its pointer (the usual case)
            if origins and path is not None and (path in origins or not path or "/" in path[1:]):
                change = _at_input(change, origins)
            tail.append(change)
        placed = self.placed
        if not netted and not placed:
            return read + tail  # the usual case: no write change continues a read change
        if placed:  # a read change's target the write step moved and did not record
            for index in range(len(read)):
                kept = result[index]
                if kept is read[index] and kept.target_path is not None:
                    target = remap(kept.target_path, placed)
                    if target != kept.target_path:
                        result[index] = Change(kept.kind, kept.path, target, kept.reason)
        kept_changes: list[Change] = []
        for each in result:  # (a comprehension is a call: 187 against 129 ns for three)
            if each is not None:
                kept_changes.append(each)
        return kept_changes + tail


def _at_input(change: Change, origins: dict[str, str]) -> Change:
    """A write change with its canonical path mapped to the caller's payload."""
    path = change.path
    if path is None:
        return change
    mapped = remap(path, origins)
    return change if mapped == path else Change(change.kind, mapped, change.target_path, change.reason)


def _drop_inner(change: Change, read: list[Change], result: list[Change | None]) -> bool:
    """Net a write step's drop of a canonical subtree that reading made from other wire values
    (Anthropic thinking blocks read into ``thinking_blocks``): each read change into the subtree
    becomes a drop of its own input value (one reading invented is no change); True if any did."""
    prefix, found = f"{change.path}/", False
    for index, before in enumerate(read):
        target = before.target_path
        if target is not None and target.startswith(prefix) and result[index] is not None:
            found = True
            drop = before.kind != "defaulted"
            result[index] = Change("dropped", before.path, None, change.reason) if drop else None
    return found


_path = attrgetter("path")


def _folded(written: list[Change]) -> list[Change]:
    """The write step's changes with those of one canonical pointer folded into the first."""
    if len(written) == 2:  # (the usual case of several: two fields dropped)
        if written[0].path != written[1].path or written[0].path is None:
            return written
    elif len(set(map(_path, written))) == len(written):
        return written  # every pointer once (the usual case: a set in C says so)
    at: dict[str, int] = {}
    result: list[Change] = []
    for change in written:
        index = at.get(change.path) if change.path is not None else None
        if index is None:
            if change.path is not None:
                at[change.path] = len(result)
            result.append(change)
        else:
            result[index] = _fold(result[index], change, result[index].path)
    return result


def _fold(first: Change, then: Change, path: str | None) -> Change:
    """Two steps on one value as one change: the stronger kind, both reasons, the last target."""
    kind = first.kind if _RANK[first.kind] >= _RANK[then.kind] else then.kind
    if path is None and kind != "dropped":  # a value the caller did not give stays one (SPEC 6)
        kind = first.kind
    reason = first.reason if first.reason == then.reason else f"{first.reason} {then.reason}"
    target = None if kind == "dropped" else then.target_path
    return Change(kind, path, target, reason)
