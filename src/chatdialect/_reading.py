"""Reading: a wire payload in a source dialect -> the canonical ``ChatRequest``, with its changes.

The engine walks the *payload's* keys, so every key lands somewhere: in the canonical request, in an
upgrade (legacy ``functions``/``function_call``/``max_tokens`` and function-call history), or in the
unknown fields (recorded as dropped). It never mutates the payload: anything it rewrites is a new object.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import repeat
from typing import Any

from pydantic import ValidationError

from chatdialect._changes import Change
from chatdialect._dialects.base import Dialect
from chatdialect._dictmodel import validate
from chatdialect._errors import InvalidRequestError
from chatdialect._limits import Limits, check_payload, content_keys
from chatdialect._model import ChatRequest, dump
from chatdialect._pointer import join
from chatdialect._validation import cross_field_problems, pydantic_problems, range_problems

Problems = list[tuple[str, str]]

REPEATED = ("tools", "functions", "data_sources")
"""Top-level fields whose content usually repeats from request to request: an application sends
the same tool list, and the same On Your Data source configuration, with every request. The limits
walk and the validator remember their figures and validated form by content."""


@dataclass(slots=True)
class Origins:
    """Where canonical pointers came from in the caller's payload (only where they differ)."""

    rules: dict[str, str] = field(default_factory=dict)

    def add(self, canonical: str, original: str) -> None:
        """Record that the canonical subtree at ``canonical`` was read from ``original``."""
        self.rules[canonical] = original

    def to_input(self, pointer: str) -> str:
        """The caller's pointer for a canonical pointer (longest recorded prefix wins)."""
        if not self.rules:
            return pointer
        probe = pointer
        while True:
            original = self.rules.get(probe)
            if original is not None:
                return original + pointer[len(probe) :]
            cut = probe.rfind("/")
            if cut <= 0:
                return pointer
            probe = probe[:cut]


@dataclass(slots=True)
class Reading:
    """A payload read in a dialect: sorted into canonical fields (upgrades applied), and what
    reading it changed."""

    canonical: dict[str, Any]
    """The canonical fields as read, not yet validated (values are the caller's objects)."""
    changes: list[Change]
    """Changes of the read step: ``path`` into the payload, ``target_path`` canonical."""
    problems: Problems
    origins: Origins
    payload: dict[str, Any]
    """The caller's payload (read, never changed)."""
    remembered: dict[str, tuple[str, bytes]]
    """Canonical fields read from one wire field as it is, with the wire name and content key."""


def read(
    payload: Any, dialect: Dialect, limits: Limits, dropped: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], Reading]:
    """Read ``payload`` as a request in ``dialect``; ``InvalidRequestError`` lists every problem.

    Returns the validated canonical request as new plain JSON (aliases as keys, nulls left out:
    what ``model_dump(by_alias=True, exclude_none=True)`` of the ``ChatRequest`` would give), and
    the reading. It is validated into plain dicts (``dictmodel``) in one pass; a request that
    validator refuses is validated by ``ChatRequest`` itself, which names the problems. The
    ``dropped`` fields (those the caller will drop) are checked but not copied: they may hold the
    caller's own objects.
    """
    reading = _gather(payload, dialect, limits)
    if not reading.problems:
        try:
            data = validate(reading.canonical, reading.remembered, dropped)
        except ValidationError:
            pass
        else:
            _finish(reading, dialect)
            return data, reading
    return dump(_validate(reading, dialect)), reading


def read_request(payload: Any, dialect: Dialect, limits: Limits) -> ChatRequest:
    """Read ``payload`` as a request in ``dialect`` into the canonical ``ChatRequest``."""
    return _validate(_gather(payload, dialect, limits), dialect)


def _gather(payload: Any, dialect: Dialect, limits: Limits) -> Reading:
    """Check the payload's limits and sort its keys: canonical, legacy (upgraded) or unknown."""
    if type(payload) is not dict:
        if not isinstance(payload, Mapping):
            raise InvalidRequestError([("", "the request must be a JSON object")], dialect=dialect.name)
        payload = dict(payload)
    keys = content_keys(payload, REPEATED)
    fatal = check_payload(payload, limits, keys)
    if fatal:
        raise InvalidRequestError(fatal, dialect=dialect.name)

    canonical: dict[str, Any] = {}
    changes: list[Change] = []
    problems: Problems = []
    origins = Origins()
    wire_names = dialect.wire_names
    legacy: dict[str, Any] = {}

    for key, value in payload.items():
        if value is None:
            continue
        if key == "model" or key == "messages":
            canonical[key] = value
        elif key in wire_names:
            name = wire_names[key]
            canonical[name] = value
            if name != key:
                change = _renamed(key, name)
                origins.add(change.target_path or "", change.path)
                changes.append(change)
        elif key in dialect.legacy:
            legacy[key] = value
        else:
            changes.append(
                Change(
                    "dropped",
                    join(key),
                    None,
                    f"{_field_name(key)} is not a field of the {dialect.name} dialect.",
                )
            )

    if legacy:
        _upgrade_fields(legacy, canonical, changes, problems, origins)
    messages = canonical.get("messages")
    if "functions" in dialect.legacy and isinstance(messages, list):
        canonical["messages"] = _upgrade_messages(messages, changes, problems, origins)

    problems.extend(range_problems(canonical, dialect, origins.to_input))
    remembered = _remembered(keys, payload, canonical, dialect) if keys else _NOTHING
    return Reading(canonical, changes, problems, origins, payload, remembered)


_NOTHING: dict[str, tuple[str, bytes]] = {}


def _remembered(
    keys: dict[str, bytes], payload: dict[str, Any], canonical: dict[str, Any], dialect: Dialect
) -> dict[str, tuple[str, bytes]]:
    """Canonical fields that are exactly one wire field's content, with that content's key: a
    field read as it is (``tools``, ``data_sources``), or ``tools`` upgraded from ``functions``
    alone. Canonical tools that merge given tools and functions have no key."""
    found: dict[str, tuple[str, bytes]] = {}
    for wire, key in keys.items():
        if wire == "functions":
            if (
                "functions" in dialect.legacy
                and payload.get("tools") is None
                and dialect.wire_names.get("tools") == "tools"
            ):
                found["tools"] = ("functions", key)
        elif dialect.wire_names.get(wire) == wire and not (
            wire == "tools" and "functions" in dialect.legacy and payload.get("functions") is not None
        ):
            found[wire] = (wire, key)
    return {name: key for name, key in found.items() if name in canonical}


def _validate(gathered: Reading, dialect: Dialect) -> ChatRequest:
    """The ``ChatRequest`` of a gathered payload, or ``InvalidRequestError`` naming every problem."""
    canonical, problems, to_input = gathered.canonical, gathered.problems, gathered.origins.to_input
    try:
        # model_validate, minus its Python wrapper
        request: ChatRequest = ChatRequest.__pydantic_validator__.validate_python(canonical)
    except ValidationError as error:
        known = {pointer for pointer, _ in problems}
        problems.extend(
            problem
            for problem in pydantic_problems(error, canonical, to_input)
            if problem[0] not in known
        )
        problems.extend(cross_field_problems(canonical, gathered.origins.to_input))
        raise InvalidRequestError(_unique(problems), dialect=dialect.name) from None
    _finish(gathered, dialect)
    return request


def _finish(gathered: Reading, dialect: Dialect) -> None:
    """The checks after a valid model: across fields, and the dialect's need of a ``model``."""
    problems, canonical = gathered.problems, gathered.canonical
    problems.extend(cross_field_problems(canonical, gathered.origins.to_input))
    if "model" not in canonical and dialect.model_required:
        problems.append(("/model", f"is required by the {dialect.name} dialect"))
    if problems:
        raise InvalidRequestError(_unique(problems), dialect=dialect.name)


@cache  # changes are immutable; a dialect's wire names are a fixed set
def _renamed(key: str, name: str) -> Change:
    return Change("renamed", join(key), join(name), f"{key} is called {name} canonically.")


_MAX_TOKENS_SUPERSEDED = Change(
    "dropped",
    "/max_tokens",
    None,
    "max_tokens is superseded by max_completion_tokens, which is also given.",
)
_MAX_TOKENS_RENAMED = Change(
    "renamed",
    "/max_tokens",
    "/max_completion_tokens",
    "max_tokens is deprecated in favour of max_completion_tokens.",
)
_FUNCTION_CALL_SUPERSEDED = Change(
    "dropped",
    "/function_call",
    None,
    "function_call is superseded by tool_choice, which is also given.",
)
_FUNCTION_CALL_CONVERTED = Change(
    "converted",
    "/function_call",
    "/tool_choice",
    "function_call is deprecated in favour of tool_choice.",
)
_FUNCTIONS_CONVERTED = Change(
    "converted",
    "/functions",
    "/tools",
    "functions is deprecated in favour of tools; each function became a function tool.",
)


def _unique(problems: Problems) -> Problems:
    """Problems without repeats, in the order found."""
    return list(dict.fromkeys(problems))


def _field_name(key: str) -> str:
    """A caller's field name fit for a one-line reason: as it is when short and printable, else
    JSON-quoted (control characters escaped) and cut to 64 characters."""
    if len(key) <= 64 and key.isprintable() and key.strip() == key and key:
        return key
    return json.dumps(key if len(key) <= 64 else key[:64] + "...")


def _upgrade_fields(
    legacy: dict[str, Any],
    canonical: dict[str, Any],
    changes: list[Change],
    problems: Problems,
    origins: Origins,
) -> None:
    """Upgrade deprecated top-level fields: ``max_tokens``, ``functions``, ``function_call``."""
    if "max_tokens" in legacy:
        if "max_completion_tokens" in canonical:
            changes.append(_MAX_TOKENS_SUPERSEDED)
        else:
            canonical["max_completion_tokens"] = legacy["max_tokens"]
            origins.add("/max_completion_tokens", "/max_tokens")
            changes.append(_MAX_TOKENS_RENAMED)

    functions = legacy.get("functions")
    if functions is not None:
        _upgrade_functions(functions, canonical, changes, problems, origins)

    function_call = legacy.get("function_call")
    if function_call is not None:
        if "tool_choice" in canonical:
            changes.append(_FUNCTION_CALL_SUPERSEDED)
        elif function_call in ("none", "auto"):
            canonical["tool_choice"] = function_call
            _record_function_call(changes, origins)
        elif isinstance(function_call, dict) and isinstance(function_call.get("name"), str):
            canonical["tool_choice"] = {"type": "function", "function": dict(function_call)}
            _record_function_call(changes, origins)
            origins.add("/tool_choice/function", "/function_call")
        else:
            problems.append(
                ("/function_call", 'should be "none", "auto" or an object with a function name')
            )


def _record_function_call(changes: list[Change], origins: Origins) -> None:
    origins.add("/tool_choice", "/function_call")
    changes.append(_FUNCTION_CALL_CONVERTED)


def _upgrade_functions(
    functions: Any,
    canonical: dict[str, Any],
    changes: list[Change],
    problems: Problems,
    origins: Origins,
) -> None:
    """``functions: [F, ...]`` -> function tools appended after the given ``tools``."""
    if not isinstance(functions, list) or not functions:
        problems.append(("/functions", "should be a non-empty list of function definitions"))
        return
    tools = canonical.get("tools")
    existing = tools if isinstance(tools, list) else []
    seen = {
        tool["function"].get("name")
        for tool in existing
        if isinstance(tool, dict)
        and isinstance(tool.get("function"), dict)
        and isinstance(tool["function"].get("name"), str)  # others are the model's to report
    }
    upgraded = list(existing)
    origins.rules.update(_function_origins(len(existing), len(functions)))
    for index, function in enumerate(functions):
        if not isinstance(function, dict):
            problems.append((f"/functions/{index}", "should be a function definition object"))
            continue
        name = function.get("name")
        if isinstance(name, str):  # a name of another type is the model's to report
            if name in seen:
                pointer = f"/functions/{index}/name"
                problems.append((pointer, "defines a function name that is already defined"))
            seen.add(name)
        upgraded.append({"type": "function", "function": function})
    if tools is not None and not isinstance(tools, list):
        return  # the model reports the malformed tools; functions cannot be merged into it
    canonical["tools"] = upgraded
    changes.append(_FUNCTIONS_CONVERTED)


@lru_cache(maxsize=256)
def _function_origins(offset: int, count: int) -> tuple[tuple[str, str], ...]:
    """Where each upgraded function tool (and its ``function``) came from: ``/functions/N``."""
    return tuple(
        (f"/tools/{offset + index}{inner}", f"/functions/{index}")
        for index in range(count)
        for inner in ("/function", "")
    )


def _upgrade_messages(
    messages: list[Any], changes: list[Change], problems: Problems, origins: Origins
) -> list[Any]:
    """Legacy function-call history -> tool calls and tool messages with deterministic ids."""
    try:  # scans in C, as this runs on every request of a legacy-aware dialect
        if "function" not in map(dict.get, messages, _ROLE) and True not in map(
            dict.__contains__, messages, _FUNCTION_CALL
        ):
            return messages
    except TypeError:
        pass  # a message that is not an object: the loop below decides
    first = 0
    for message in messages:
        if isinstance(message, dict) and (
            message.get("role") == "function" or message.get("function_call") is not None
        ):
            break
        first += 1
    else:
        return messages
    taken = {
        call.get("id")
        for message in messages
        if isinstance(message, dict) and isinstance(message.get("tool_calls"), list)
        for call in message["tool_calls"]
        if isinstance(call, dict) and isinstance(call.get("id"), str)  # only strings can clash
    }
    pending: dict[str, list[str]] = {}
    upgraded: list[Any] = messages[:first]  # the messages before the first legacy one stay
    for index in range(first, len(messages)):
        message = messages[index]
        if not isinstance(message, dict):
            upgraded.append(message)
            continue
        base = f"/messages/{index}"
        call = message.get("function_call")
        if message.get("role") == "assistant" and call is not None:
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                problems.append((base + "/function_call", "should be an object with name and arguments"))
                upgraded.append(message)
                continue
            if not isinstance(message.get("tool_calls") or [], list):
                problems.append((base + "/tool_calls", "should be a list of tool calls"))
                upgraded.append(message)
                continue
            call_id = _call_id(index, taken)
            pending.setdefault(call["name"], []).append(call_id)
            new = {key: value for key, value in message.items() if key != "function_call"}
            tool_call = {"id": call_id, "type": "function", "function": dict(call)}
            new["tool_calls"] = [*(message.get("tool_calls") or []), tool_call]
            position = len(new["tool_calls"]) - 1
            origins.add(f"{base}/tool_calls/{position}/function", base + "/function_call")
            origins.add(f"{base}/tool_calls/{position}", base + "/function_call")
            changes.append(
                Change(
                    "converted",
                    base + "/function_call",
                    f"{base}/tool_calls/{position}",
                    "An assistant function_call is deprecated; it became a tool call.",
                )
            )
            upgraded.append(new)
        elif message.get("role") == "function":
            name = message.get("name")
            waiting = pending.get(name) if isinstance(name, str) else None
            if not waiting:
                problems.append((base, "is a function message that answers no earlier function call"))
                upgraded.append(message)
                continue
            call_id = waiting.pop(0)
            new = {key: value for key, value in message.items() if key not in ("role", "name")}
            new["role"] = "tool"
            new["tool_call_id"] = call_id
            if new.get("content") is None:
                new["content"] = ""
            origins.add(base + "/tool_call_id", base + "/name")
            changes.append(
                Change(
                    "converted",
                    base,
                    base,
                    "A function message is deprecated; it became a tool message answering its call.",
                )
            )
            upgraded.append(new)
        else:
            upgraded.append(message)
    return upgraded


_ROLE = repeat("role")
_FUNCTION_CALL = repeat("function_call")


def _call_id(index: int, taken: set[Any]) -> str:
    """A tool-call id for the legacy call in message ``index``: deterministic and unused."""
    candidate = f"call_fn_{index}"
    suffix = 0
    while candidate in taken:
        suffix += 1
        candidate = f"call_fn_{index}_{suffix}"
    taken.add(candidate)
    return candidate

