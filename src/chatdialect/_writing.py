"""Writing: the canonical ``ChatRequest`` -> a new wire payload in a target dialect, with its changes.

The engine walks the *request's* set fields and looks each up in the target's table: carried fields
are written (renamed, clamped or reshaped by their row), the rest are dropped, and every such step is
recorded. Change paths here are canonical pointers; ``api.py`` maps them back to the caller's payload.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import Any

from chatdialect._changes import Change
from chatdialect._dialects.base import CARRIED, Dialect, Field, show_bound
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join

_DROP = object()


def write(data: dict[str, Any], dialect: Dialect) -> tuple[dict[str, Any], list[Change]]:
    """Render a canonical request for ``dialect``: a JSON-ready dict and the write step's changes.

    ``data`` is a valid canonical request as plain JSON (aliases as keys, no nulls) that the caller
    owns: its values go into the output as they are and may be changed there.
    """
    out: dict[str, Any] = {}
    changes: list[Change] = []
    fields = dialect.fields
    target = dialect.name
    for name, value in data.items():  # exclude_none: every value here is set
        if name == "model" or name == "messages":
            out[name] = value
            continue
        rule = fields.get(name)
        if rule is None:
            if name == "max_completion_tokens" and dialect.writes_max_tokens:
                out["max_tokens"] = value
                changes.append(_cap_as_max_tokens(target))
            else:
                changes.append(_not_carried(name, target))
            continue
        if rule is CARRIED:  # the plain row: written as it is, under its own name
            out[name] = value
            continue
        value = _apply(name, rule, value, target, changes)
        if value is _DROP:
            continue
        wire = rule.wire or name
        if wire != name:
            changes.append(_renamed(name, wire, target))
        out[wire] = value

    if dialect.max_tokens_with and "max_completion_tokens" in out:
        _token_cap_condition(out, dialect, changes)
    messages = out.get("messages")
    if (
        messages is not None
        and "developer" not in dialect.roles
        and "developer" in map(_role, messages)  # a scan in C: most requests have none
    ):
        _developer_to_system(messages, dialect, changes)
    if (
        messages is not None
        and dialect.content_parts is not None
        and list in map(type, map(dict.get, messages, repeat("content")))  # any parts at all
    ):
        _drop_content_parts(messages, dialect, changes)
    if dialect.stop_list_only and isinstance(out.get("stop"), str):
        out["stop"] = [out["stop"]]
        changes.append(
            Change("converted", "/stop", "/stop", f"The {target} dialect takes stop only as a list.")
        )
    for constraint in dialect.constraints:
        if constraint.field in out and constraint.broken(out):
            del out[constraint.field]
            changes.append(Change("dropped", join(constraint.field), None, constraint.reason))
    if dialect.model_required and "model" not in out:
        raise InvalidRequestError([("/model", f"is required by the {target} dialect")], dialect=target)
    return out, changes


_role = itemgetter("role")


@cache  # changes are immutable, and these depend only on a canonical field and a dialect
def _not_carried(name: str, target: str) -> Change:
    return Change("dropped", join(name), None, f"{name} is not carried by the {target} dialect.")


@cache
def _renamed(name: str, wire: str, target: str) -> Change:
    return Change("renamed", join(name), join(wire), f"The {target} dialect calls {name} {wire}.")


@cache
def _cap_as_max_tokens(target: str) -> Change:
    reason = f"The {target} dialect takes the token cap as max_tokens."
    return Change("renamed", "/max_completion_tokens", "/max_tokens", reason)


def _apply(name: str, rule: Field, value: Any, target: str, changes: list[Change]) -> Any:
    """A carried value adjusted to the target's row: clamped, dropped if not accepted, or reshaped."""
    if rule.values is not None and value not in rule.values:
        changes.append(
            Change("dropped", join(name), None, f"The {target} dialect does not accept this {name} value.")
        )
        return _DROP
    kinds = rule.object_types
    if kinds is not None and isinstance(value, dict) and value.get("type") not in kinds:
        changes.append(
            Change("dropped", join(name), None, f"The {target} dialect does not accept this kind of {name}.")
        )
        return _DROP
    if rule.minimum is not None and value < rule.minimum:
        reason = f"{name} is raised to {show_bound(rule.minimum)}, the {target} minimum."
        pointer = join(name)
        changes.append(Change("clamped", pointer, pointer, reason))
        return type(value)(rule.minimum)
    if rule.maximum is not None and value > rule.maximum:
        reason = f"{name} is lowered to {show_bound(rule.maximum)}, the {target} maximum."
        pointer = join(name)
        changes.append(Change("clamped", pointer, pointer, reason))
        return type(value)(rule.maximum)
    if rule.string_values:
        return _string_map(name, value, target, changes)
    return value


def _string_map(name: str, value: dict[str, Any], target: str, changes: list[Change]) -> dict[str, Any]:
    """A map whose values must be strings: numbers and booleans JSON-encoded, other values dropped."""
    result: dict[str, Any] = {}
    reason = f"The {target} dialect takes {name} values only as strings."
    for key, item in value.items():
        pointer = join(name, key)
        if isinstance(item, str):
            result[key] = item
        elif isinstance(item, (bool, int, float)):
            result[key] = json.dumps(item)
            changes.append(Change("converted", pointer, pointer, reason))
        else:
            changes.append(Change("dropped", pointer, None, reason))
    return result


def _token_cap_condition(out: dict[str, Any], dialect: Dialect, changes: list[Change]) -> None:
    """Write the cap as ``max_tokens`` where the target rejects the newer name beside some field."""
    for other in dialect.max_tokens_with:
        if other in out:
            out["max_tokens"] = out.pop("max_completion_tokens")
            changes.append(_cap_as_max_tokens_with(dialect.name, other))
            return


@cache
def _cap_as_max_tokens_with(target: str, other: str) -> Change:
    reason = f"The {target} dialect takes the token cap as max_tokens when {other} is set."
    return Change("renamed", "/max_completion_tokens", "/max_tokens", reason)


def _drop_content_parts(messages: list[dict[str, Any]], dialect: Dialect, changes: list[Change]) -> None:
    """Content parts of a type the target does not accept are dropped (a message left empty gets "")."""
    accepted = dialect.content_parts or frozenset()
    for index, message in enumerate(messages):
        content = message.get("content")
        if not isinstance(content, list):
            continue
        kept = []
        for position, part in enumerate(content):
            if part["type"] in accepted:
                kept.append(part)
                continue
            changes.append(
                Change(
                    "dropped",
                    f"/messages/{index}/content/{position}",
                    None,
                    f"The {dialect.name} dialect does not accept {part['type']} content parts.",
                )
            )
        if len(kept) < len(content):
            message["content"] = kept or ""


def _developer_to_system(messages: list[dict[str, Any]], dialect: Dialect, changes: list[Change]) -> None:
    """For a target without the ``developer`` role, developer messages become system messages."""
    for index, message in enumerate(messages):
        if message["role"] == "developer":
            message["role"] = "system"
            pointer = f"/messages/{index}/role"
            changes.append(
                Change(
                    "converted",
                    pointer,
                    pointer,
                    f"The {dialect.name} dialect has no developer role; the message became a system message.",
                )
            )
