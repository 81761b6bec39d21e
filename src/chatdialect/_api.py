"""The public functions: ``translate``, ``normalize``, ``parse``, ``render``, ``dialect_names``.

``translate`` = read (source -> canonical) + write (canonical -> target), with the two steps' changes
netted into one record whose pointers refer to the caller's payload and the output (SPEC section 6).
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from chatdialect import _dialects as dialects
from chatdialect._changes import Change, ChangeKind, Translation
from chatdialect._errors import ChatDialectError, ChatDialectWarning, UnsupportedFieldError
from chatdialect._limits import DEFAULT_LIMITS, Limits
from chatdialect._model import ChatRequest, dump
from chatdialect._reading import Reading, read, read_request
from chatdialect._writing import write

Policy = Literal["drop", "warn", "error"]
_POLICIES = ("drop", "warn", "error")
_NO_NAMES: frozenset[str] = frozenset()


def translate(
    payload: Mapping[str, Any],
    *,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
) -> Translation:
    """Translate a request payload from the ``source`` dialect to the ``target`` dialect.

    The payload is not mutated; the result's ``payload`` is a new JSON-ready dict and its
    ``changes`` name every field that did not arrive as it was.
    """
    source_dialect = dialects.get(source)
    target_dialect = dialects.get(target)
    keep = _NO_NAMES if on_unsupported == "drop" and passthrough == () else _check_options(
        on_unsupported, passthrough
    )
    data, reading = read(payload, source_dialect, limits or DEFAULT_LIMITS, target_dialect.not_carried)
    out, written = write(data, target_dialect)
    changes = _net(reading, written)
    if keep:
        changes = _pass_through(payload, out, changes, keep)
    return _finish(out, changes, source_dialect.name, target_dialect.name, on_unsupported)


def normalize(
    payload: Mapping[str, Any],
    *,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
) -> Translation:
    """Upgrade an OpenAI payload to OpenAI's current form (``translate`` from and to ``openai``)."""
    return translate(
        payload,
        source="openai",
        target="openai",
        on_unsupported=on_unsupported,
        passthrough=passthrough,
        limits=limits,
    )


def parse(payload: Mapping[str, Any], *, dialect: str, limits: Limits | None = None) -> ChatRequest:
    """Read a wire payload in ``dialect`` into the canonical ``ChatRequest`` (unknown fields are left out)."""
    return read_request(payload, dialects.get(dialect), limits or DEFAULT_LIMITS)


def render(
    request: ChatRequest,
    *,
    dialect: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
) -> Translation:
    """Write a canonical ``ChatRequest`` as a ``dialect`` payload; change paths are canonical pointers.

    ``passthrough`` names fields the target does not carry that are written anyway.
    """
    target = dialects.get(dialect)
    keep = _check_options(on_unsupported, passthrough)
    if not isinstance(request, ChatRequest):
        raise ChatDialectError(
            f"render() takes a ChatRequest, not {type(request).__name__}; use translate() for payloads"
        )
    out, changes = write(dump(request), target)
    if keep:
        changes = _pass_through(dump(request), out, changes, keep)
    return _finish(out, changes, "canonical", target.name, on_unsupported)


def dialect_names() -> tuple[str, ...]:
    """The names of the registered dialects, sorted."""
    return dialects.names()


def _check_options(on_unsupported: object, passthrough: object) -> frozenset[str]:
    if on_unsupported not in _POLICIES:
        raise ChatDialectError(f"on_unsupported must be one of {', '.join(_POLICIES)}")
    if passthrough.__class__ is tuple and not passthrough:  # the default: nothing to pass through
        return _NO_NAMES
    if isinstance(passthrough, str):
        return frozenset((passthrough,))
    try:
        names = frozenset(passthrough)  # type: ignore[call-overload]
    except TypeError:
        raise ChatDialectError("passthrough must be an iterable of field names") from None
    if not all(isinstance(name, str) for name in names):
        raise ChatDialectError("passthrough must be an iterable of field names")
    return frozenset(str(name) for name in names)


_KIND_RANK: dict[ChangeKind, int] = {"renamed": 0, "converted": 1, "clamped": 2, "dropped": 3}


def _net(reading: Reading, written: list[Change]) -> list[Change]:
    """The net change from the caller's payload to the output, out of the read and write steps.

    A write step on a field the read step produced continues that change (or undoes it: then
    nothing is recorded); other write changes get their canonical path mapped to the caller's.
    """
    if not written:
        return reading.changes
    if not reading.changes and not reading.origins.rules:
        return written  # nothing read differently: canonical pointers are the caller's
    by_target = {change.target_path: change for change in reading.changes if change.target_path}
    consumed: set[int] = set()
    tail: list[Change] = []
    replaced: dict[int, Change | None] = {}
    to_input = reading.origins.to_input
    for change in written:
        before = by_target.get(change.path)
        if before is None:
            path = to_input(change.path)
            if path != change.path:
                change = Change(change.kind, path, change.target_path, change.reason)
            tail.append(change)
            continue
        key = id(before)
        consumed.add(key)
        if change.kind == "dropped":
            replaced[key] = Change("dropped", before.path, None, change.reason)
            name = change.path.split("/")[1]
            if change.path.count("/") == 1 and reading.payload.get(name) is not None:
                tail.append(change)  # the caller's own field of that name goes too
        elif change.target_path == before.path:
            replaced[key] = None
        else:
            kind = max(before.kind, change.kind, key=_KIND_RANK.__getitem__)
            replaced[key] = Change(kind, before.path, change.target_path, before.reason)
    result: list[Change] = []
    for change in reading.changes:
        key = id(change)
        if key in consumed:
            net = replaced[key]
            if net is not None:
                result.append(net)
        else:
            result.append(change)
    result.extend(tail)
    return result


def _pass_through(
    payload: Mapping[str, Any], out: dict[str, Any], changes: list[Change], keep: frozenset[str]
) -> list[Change]:
    """Copy the named top-level fields that would be dropped to the output unchanged."""
    kept: list[Change] = []
    for change in changes:
        token = change.path[1:]  # one RFC 6901 token for a top-level field: unescape it
        name = token.replace("~1", "/").replace("~0", "~")
        if (
            change.kind == "dropped"
            and name in keep
            and "/" not in token
            and name not in out
            and payload.get(name) is not None
        ):
            out[name] = copy.deepcopy(payload[name])
        else:
            kept.append(change)
    return kept


def _finish(
    out: dict[str, Any], changes: list[Change], source: str, target: str, policy: str
) -> Translation:
    """Apply the ``on_unsupported`` policy and build the ``Translation``."""
    if policy != "drop":
        lossy = [change for change in changes if change.lossy]
        if lossy:
            if policy == "error":
                raise UnsupportedFieldError(lossy, target=target)
            fields = ", ".join(change.path for change in lossy)
            warnings.warn(
                ChatDialectWarning(f"translating to {target!r} lost or clamped: {fields}"),
                stacklevel=3,
            )
    return Translation(payload=out, changes=tuple(changes), source=source, target=target)
