"""Size limits on payloads, and the one walk that checks them and that the payload is plain JSON.

Defaults are generous for real traffic (base64 images included) and small enough that hostile input
fails fast with an ``InvalidRequestError`` instead of exhausting the stack or memory.
"""

from __future__ import annotations

import marshal
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chatdialect._contents import Content, Figures, learn
from chatdialect._pointer import from_parts


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds on a payload; pass your own to ``translate``/``parse``/``render`` to change them."""

    max_depth: int = 64
    """Deepest nesting of objects and arrays (a real request is rarely deeper than 15)."""
    max_messages: int = 100_000
    """Most messages in one request."""
    max_string_length: int = 64 * 1024 * 1024
    """Longest single string, in characters (large enough for base64 images and audio)."""
    max_total_length: int = 256 * 1024 * 1024
    """Most characters in all strings and keys together."""
    max_items: int = 2_000_000
    """Most values (objects, arrays, strings, numbers, ...) in the whole payload."""


DEFAULT_LIMITS = Limits()

_SCALARS = (str, int, float, bool, type(None))
_NONE: dict[str, tuple[bytes, Content]] = {}


def check_payload(
    payload: Any, limits: Limits, recalled: Mapping[str, tuple[bytes, Content]] | None = None
) -> list[tuple[str, str]]:
    """Problems that make ``payload`` unusable (not JSON, too deep, too large), as (pointer, message).

    A fast pass with no bookkeeping runs first; only when it says no (a problem, or an unusual payload
    it is too strict for) does the exact pass decide and find the pointer. ``recalled``: the
    records of the payload's repeated fields met before (``_contents.recall``), whose figures
    stand for a walk of their content.
    """
    if _quick_ok(payload, limits, recalled or _NONE):
        messages = payload.get("messages")  # check_messages, for the usual payload (a dict)
        if type(messages) is not list or len(messages) <= limits.max_messages:
            return []
    else:
        problem = _locate(payload, limits)
        if problem is not None:
            return [problem]
    return check_messages(payload, limits)


def check_messages(payload: Any, limits: Limits) -> list[tuple[str, str]]:
    """The one limit that is not about size: the number of messages."""
    messages = payload.get("messages") if isinstance(payload, dict) else None
    if isinstance(messages, list) and len(messages) > limits.max_messages:
        return [("/messages", f"has more than {limits.max_messages} messages")]
    return []


def proven_by_parse(raw: bytes, limits: Limits) -> bool:
    """Whether the payload the compiled parser (``_jsonbytes.loads``) read from ``raw`` is, without a
    walk, plain JSON within every size limit of ``limits`` (``check_messages`` aside).

    The parser proves it plain JSON: it makes exact ``dict``, ``list``, ``str``, ``int`` (64-bit),
    finite ``float``, ``bool`` and ``None``, keys are strings, and nothing is shared. The sizes
    follow from the text, in C: every value and every character of a key or string takes at least
    one byte of it, so ``len(raw)`` bounds the values, the longest string and all characters
    together; every level of nesting opens with a bracket, so their count bounds the depth
    (brackets inside strings only make the bound looser). When it says no, the walk decides.
    """
    size = len(raw)
    return (
        size <= limits.max_items
        and size <= limits.max_string_length
        and size <= limits.max_total_length
        and raw.count(b"{") + raw.count(b"[") <= limits.max_depth
    )


def content_keys(payload: dict[str, Any], names: tuple[str, ...]) -> dict[str, bytes]:
    """The marshal bytes of the payload's top-level fields ``names`` (those the caller knows to
    repeat from request to request): an exact key of their content (exact types, subclasses refused;
    equal content may take two keys, costing a cache miss). Values marshal cannot write, and values
    over 256 KiB, get no key."""
    keys: dict[str, bytes] = {}
    for name in names:
        value = payload.get(name)
        if type(value) is list:
            try:
                key = marshal.dumps(value)
            except ValueError:  # a type marshal does not know, or very deep nesting
                continue
            if len(key) <= _REPEATED_MAX_KEY:
                keys[name] = key
    return keys


def _quick_ok(payload: Any, limits: Limits, recalled: Mapping[str, tuple[bytes, Content]]) -> bool:
    """A cheap, strict check for the common case: ``True`` only where ``_locate`` finds no problem.

    It walks level by level (no per-node depth bookkeeping) and checks string lengths only in total:
    every string is within ``max_string_length`` when all of them together are. When it says no,
    ``_locate`` decides. The item limit is checked at every container before its values are looked
    at, so shared sub-objects (deep or wide) cannot blow up.
    The fields clients send alike with every request (the tool list) are walked once per content.
    """
    if type(payload) is not dict:
        return False
    root = payload
    total = items = 0
    for name, (key, record) in recalled.items():
        stats = record.figures
        if stats is None:
            stats = _content_stats(key)
        if not stats:  # not plain JSON within the default limits: _locate decides
            return False
        levels, chars, count = stats
        if levels >= limits.max_depth:  # its containers sit at levels 1 to ``levels`` of the payload
            return False
        if root is payload:
            root = dict(payload)
        del root[name]
        total += len(name) + chars
        items += 1 + count
    walked = _walk(root, limits.max_depth, limits.max_items, items)
    if walked is None:
        return False
    total += walked[1]
    return total <= limits.max_string_length and total <= limits.max_total_length


_REPEATED_MAX_KEY = 256 * 1024
"""Larger values are walked every time (their marshal bytes are not kept)."""


def _content_stats(key: bytes) -> Figures:
    """``_walk`` of the content ``key`` holds, within the default limits (``()`` past them), learnt
    by its record (which the caller asks first)."""
    stats = _walk(marshal.loads(key), DEFAULT_LIMITS.max_depth, DEFAULT_LIMITS.max_items) or ()
    learn(key, figures=stats)
    return stats


def _walk(root: Any, max_depth: int, max_items: int, items: int = 0) -> tuple[int, int, int] | None:
    """Container levels, characters (keys and strings) and values (``items`` plus those counted) of
    a dict or list of plain JSON; ``None`` if it is not plain JSON or passes ``max_depth`` levels or
    ``max_items`` values."""
    _str, _dict, _list, _type, _len = str, dict, list, type, len
    total = depth = 0
    level: list[Any] = [root]
    while level:
        if depth >= max_depth:
            return None
        depth += 1
        below: list[Any] = []
        push = below.append
        for node in level:
            items += _len(node)
            if items > max_items:  # before the node's values: shared wide lists must not be walked
                return None
            # the value checks are written out in both branches, not called: this is the hot loop
            if _type(node) is _dict:
                for key, value in node.items():
                    if _type(key) is not _str:
                        return None
                    kind = _type(value)
                    if kind is _str:
                        total += _len(key) + _len(value)
                        continue
                    total += _len(key)
                    if kind is _dict or kind is _list:
                        push(value)
                    elif kind is float:
                        if not math.isfinite(value):
                            return None
                    elif kind is not int and kind is not bool and value is not None:
                        return None
            else:
                for value in node:
                    kind = _type(value)
                    if kind is _str:
                        total += _len(value)
                    elif kind is _dict or kind is _list:
                        push(value)
                    elif kind is float:
                        if not math.isfinite(value):
                            return None
                    elif kind is not int and kind is not bool and value is not None:
                        return None
        level = below
    return depth, total, items


def _locate(payload: Any, limits: Limits) -> tuple[str, str] | None:
    """The first problem the fast pass stopped at, with the pointer of the offending value.

    ``None`` when there is none after all (the fast pass only knows exact ``dict`` and ``list``).
    """
    total = items = 0
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(payload, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if len(path) >= limits.max_depth:
                return from_parts(path), f"is nested deeper than {limits.max_depth} levels"
            items += len(node)
            for key, value in node.items():
                if not isinstance(key, str):
                    return from_parts(path), "has a key that is not a string"
                total += len(key)
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            if len(path) >= limits.max_depth:
                return from_parts(path), f"is nested deeper than {limits.max_depth} levels"
            items += len(node)
            stack.extend((value, (*path, index)) for index, value in enumerate(node))
        elif isinstance(node, str):
            if len(node) > limits.max_string_length:
                return from_parts(path), f"is longer than {limits.max_string_length} characters"
            total += len(node)
        elif isinstance(node, float) and not math.isfinite(node):
            return from_parts(path), "is not a finite number (JSON has no NaN or Infinity)"
        elif not isinstance(node, _SCALARS):
            return from_parts(path), f"is not a JSON value (a Python {type(node).__name__})"
        if total > limits.max_total_length:
            return from_parts(path), f"makes the payload larger than {limits.max_total_length} characters"
        if items > limits.max_items:
            return from_parts(path), f"makes the payload hold more than {limits.max_items} values"
    return None
