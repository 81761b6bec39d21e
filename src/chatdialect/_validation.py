"""Universal validation beyond field types: problems as (JSON Pointer, message), never echoing values.

``pydantic_problems`` turns the model's errors into pointers into the caller's payload and one plain
sentence each that says what is expected (no validator wording); ``canonical_problems`` checks the
canonical rules that span fields (SPEC section 2); a dialect's own ranges and value lists are its
rules' business (``_rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from chatdialect._objects import TOOL_NAME_PATTERN
from chatdialect._pointer import from_parts, join

Problems = list[tuple[str, str]]
ToInput = Callable[[str], str]
Revalidate = Callable[[Any], Any]

METADATA_MAX_KEYS = 16
METADATA_MAX_KEY_LENGTH = 64
METADATA_MAX_VALUE_LENGTH = 512
"""OpenAI's metadata limits (seed 000), applied to every dialect."""

_DISCRIMINATORS = ("type", "role")

_NOUNS = {
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "none_required": "null",
}
"""What a type error expects, by pydantic's error type, as a noun phrase."""

_PATTERNS = {TOOL_NAME_PATTERN: "1 to 64 letters, digits, underscores or hyphens"}
"""Patterns of the canonical model in words."""


def pydantic_problems(
    error: ValidationError, data: Any, to_input: ToInput, revalidate: Revalidate | None = None
) -> Problems:
    """The model's validation errors, each at the caller's pointer, one message per pointer.

    A missing or unknown ``role``/``type`` is reported at that key with the accepted values; to
    name them for a missing one, ``revalidate`` (the model's validator) is run once more on a copy
    of ``data`` in which each such key holds a value no union accepts.
    """
    by_pointer: dict[str, list[tuple[str, str | None]]] = {}
    untagged: dict[str, tuple[tuple[int | str, ...], str]] = {}
    for item in error.errors(include_url=False, include_input=False, include_context=True):
        tokens = _tokens(data, item["loc"])
        kind, ctx = item["type"], item.get("ctx") or {}
        entry: tuple[str, str | None]
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            key = str(ctx.get("discriminator", "")).strip("'\"") or "type"
            pointer = to_input(from_parts([*tokens, key]))
            if kind == "union_tag_invalid":
                entry = (f"should be {_listed(ctx.get('expected_tags', ''))}", None)
            else:
                untagged[pointer] = (tuple(tokens), key)
                entry = ("is required", None)
        else:
            pointer = to_input(from_parts(tokens))
            entry = _message(kind, item["msg"], ctx)
        bucket = by_pointer.setdefault(pointer, [])
        if entry not in bucket:
            bucket.append(entry)
    if untagged and revalidate is not None:
        for pointer, tags in _expected_tags(data, untagged, revalidate).items():
            by_pointer[pointer] = [(f"is required and should be {tags}", None)]
    # A union reports a type error per branch; where a deeper problem exists, that is the one to show.
    problems: Problems = []
    # Every pointer that is a proper ancestor of another (a set, so the check below stays linear).
    parents = {other[:cut] for other in by_pointer for cut, char in enumerate(other) if char == "/"}
    for pointer, entries in by_pointer.items():
        expected = [noun for _, noun in entries if noun is not None]
        if expected and len(expected) == len(entries):
            if pointer in parents:
                continue
            problems.append((pointer, "should be " + _alternatives(expected)))
        else:
            problems.extend((pointer, message) for message, noun in entries if noun is None)
    return problems


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> tuple[str, str | None]:
    """A model error as ``(message, expected)``: ``expected`` is the noun phrase of a type or value
    error (several at one pointer are merged into one sentence), else ``None``. Values are never
    part of a message."""
    if kind in _NOUNS:
        return "should be " + _NOUNS[kind], _NOUNS[kind]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "one of the accepted values"))
        return "should be " + expected, expected
    if kind == "missing":
        return "is required", None
    if kind == "extra_forbidden":
        return "is not a field of the canonical request", None
    if kind in ("too_short", "too_long"):
        count = ctx.get("min_length" if kind == "too_short" else "max_length")
        if kind == "too_short" and count == 1:
            return "should not be empty", None
        items = f"{count} item{'s' * (count != 1)}"
        return f"should have at {'least' if kind == 'too_short' else 'most'} {items}", None
    if kind in ("string_too_short", "string_too_long"):
        count = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        edge = "least" if kind == "string_too_short" else "most"
        return f"should be at {edge} {count} character{'s' * (count != 1)} long", None
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"should be {_PATTERNS[pattern]}" if pattern in _PATTERNS else "should match " + pattern, None
    text = msg.removeprefix("Value error, ").removeprefix("Input ")
    return (text[:1].lower() + text[1:] if text else kind), None


def _listed(tags: str) -> str:
    """pydantic's ``'a', 'b', 'c'`` as ``'a', 'b' or 'c'``."""
    items = [tag.strip() for tag in tags.split(", ") if tag.strip()]
    if len(items) < 2:
        return items[0] if items else "one of the accepted values"
    return ", ".join(items[:-1]) + " or " + items[-1]


def _alternatives(expected: list[str]) -> str:
    """Several expectations at one pointer as one phrase (``a string or a list``)."""
    if len(expected) == 1:
        return expected[0]
    if any(" or " in phrase for phrase in expected):
        return ", or ".join(expected)
    phrase = " or ".join(expected)
    return phrase.replace("an integer or a number", "a number")


def _expected_tags(
    data: Any, untagged: dict[str, tuple[tuple[int | str, ...], str]], revalidate: Revalidate
) -> dict[str, str]:
    """The accepted ``role``/``type`` values of each object that lacks its discriminator."""
    blank = object()  # never a valid tag: each union then names the tags it expects
    marked = data
    for tokens, key in untagged.values():
        marked = _with(marked, tokens, key, blank)
    try:
        revalidate(marked)
    except ValidationError as error:
        found: dict[tuple[int | str, ...], str] = {}
        for item in error.errors(include_url=False, include_input=False):
            if item["type"] == "union_tag_invalid":
                found[tuple(_tokens(marked, item["loc"]))] = _listed(item["ctx"]["expected_tags"])
        return {
            pointer: found[tokens] for pointer, (tokens, _) in untagged.items() if tokens in found
        }
    return {}


def _with(data: Any, tokens: tuple[int | str, ...], key: str, value: Any) -> Any:
    """A copy of ``data`` with ``value`` at ``key`` of the object at ``tokens`` (only the
    containers on the way are copied)."""
    if not tokens:
        return {**data, key: value} if isinstance(data, dict) else data
    head, rest = tokens[0], tokens[1:]
    if isinstance(data, dict) and head in data:
        return {**data, head: _with(data[head], rest, key, value)}
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        copy = list(data)
        copy[head] = _with(data[head], rest, key, value)
        return copy
    return data


def _tokens(data: Any, loc: tuple[int | str, ...]) -> list[int | str]:
    """The path of a model error in the data, without pydantic's union-branch tags.

    A tag is a location part that names a union branch: a type (``str``, ``list[...]``), or the
    object's ``type``/``role`` value when more parts follow (a key of that branch), even where the
    object has a key of the same name (the ``image_url`` of an image part). The part after such a
    tag is always a key: the missing ``json_schema`` of ``{"type": "json_schema"}`` is at
    ``/response_format/json_schema``, and the missing ``content`` of a prediction (whose type is
    ``content``) at ``/prediction/content``.
    """
    tokens: list[int | str] = []
    node = data
    count = len(loc)
    after_tag = False
    for position, part in enumerate(loc):
        last = position + 1 == count
        if isinstance(node, dict) and isinstance(part, str):
            tagged = not after_tag and any(node.get(key) == part for key in _DISCRIMINATORS)
            is_tag = tagged and not last and loc[position + 1] == part
            after_tag = False
            if part in node and not is_tag:
                tokens.append(part)
                node = node[part]
            elif "[" in part or part in _TYPE_TAGS:
                continue  # a branch of a union of types
            elif tagged and not last:
                after_tag = True  # a branch of a tagged union: a key of that branch follows
            else:
                tokens.append(part)  # a missing field
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            tokens.append(part)
            node = node[part]
            after_tag = False
        elif isinstance(part, str):
            continue  # a branch label under a value that is not an object
        else:
            tokens.append(part)
            node = None
    return tokens


_TYPE_TAGS = frozenset({"str", "int", "float", "bool", "dict", "list", "none"})


CROSS_FIELD = frozenset({"top_logprobs", "metadata"})
"""The fields :func:`canonical_problems` looks at: a request that sets none has none of its problems."""


def canonical_problems(canonical: dict[str, Any], to_input: ToInput) -> Problems:
    """The canonical rules beyond field types (SPEC section 2), stated once and used by ``parse``,
    ``translate`` and ``render``: ``top_logprobs`` needs ``logprobs``, and metadata limits."""
    if CROSS_FIELD.isdisjoint(canonical):
        return []  # most requests set none of them
    problems: Problems = []
    if canonical.get("top_logprobs") is not None and canonical.get("logprobs") is not True:
        problems.append((to_input("/top_logprobs"), "is only valid with logprobs set to true"))
    metadata = canonical.get("metadata")
    if isinstance(metadata, dict):
        base = to_input("/metadata")
        if len(metadata) > METADATA_MAX_KEYS:
            problems.append((base, f"has more than {METADATA_MAX_KEYS} keys"))
        for key, value in metadata.items():
            if len(key) > METADATA_MAX_KEY_LENGTH:
                problems.append(
                    (base + join(key), f"has a key longer than {METADATA_MAX_KEY_LENGTH} characters")
                )
            if isinstance(value, str) and len(value) > METADATA_MAX_VALUE_LENGTH:
                problems.append(
                    (base + join(key), f"is longer than {METADATA_MAX_VALUE_LENGTH} characters")
                )
    return problems
