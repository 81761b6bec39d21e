"""Universal validation beyond field types: problems as (JSON Pointer, message), never echoing values.

``pydantic_problems`` turns the model's errors into pointers into the caller's payload;
``canonical_problems`` checks the canonical rules that span fields (SPEC section 2); a dialect's
own ranges and value lists are its rules' business (``_rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from chatdialect._pointer import from_parts, join

Problems = list[tuple[str, str]]
ToInput = Callable[[str], str]

METADATA_MAX_KEYS = 16
METADATA_MAX_KEY_LENGTH = 64
METADATA_MAX_VALUE_LENGTH = 512
"""OpenAI's metadata limits (seed 000), applied to every dialect."""

_DISCRIMINATORS = ("type", "role")


def pydantic_problems(error: ValidationError, data: Any, to_input: ToInput) -> Problems:
    """The model's validation errors, each at the caller's pointer, one message per pointer."""
    by_pointer: dict[str, list[str]] = {}
    for item in error.errors(include_url=False, include_input=False, include_context=False):
        pointer = to_input(from_parts(_tokens(data, item["loc"])))
        message = _message(item["type"], item["msg"])
        bucket = by_pointer.setdefault(pointer, [])
        if message not in bucket:
            bucket.append(message)
    # A union reports a type error per branch; where a deeper problem exists, that is the one to show.
    problems: Problems = []
    # Every pointer that is a proper ancestor of another (a set, so the check below stays linear).
    parents = {other[:cut] for other in by_pointer for cut, char in enumerate(other) if char == "/"}
    for pointer, messages in by_pointer.items():
        typed = [m for m in messages if m.startswith(("should be a valid ", "should be '"))]
        if typed and len(typed) == len(messages):
            if pointer in parents:
                continue
            if len(typed) == 1 or not all(m.startswith("should be a valid ") for m in typed):
                problems.extend((pointer, m) for m in typed)
                continue
            kinds = " or ".join(m.removeprefix("should be a valid ") for m in typed)
            kinds = kinds.replace("integer or number", "number")
            problems.append((pointer, f"should be a valid {kinds}"))
        else:
            problems.extend((pointer, m) for m in messages if m not in typed)
    return problems


def _message(kind: str, msg: str) -> str:
    """A model error message without pydantic's prefixes (values are never part of it)."""
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of the canonical request"
    if kind == "union_tag_not_found":
        return "is missing its discriminator field"
    if kind == "union_tag_invalid":
        return "has a role or type that is not one of the accepted values"
    text = msg.removeprefix("Value error, ").removeprefix("Input ")
    return text[:1].lower() + text[1:] if text else kind


def _tokens(data: Any, loc: tuple[int | str, ...]) -> list[int | str]:
    """The path of a model error in the data, without pydantic's union-branch tags.

    A tag is a location part that is not a key of the object at hand, or that repeats the object's
    ``type``/``role`` value just before a key of the same name (``image_url`` of an image part).
    """
    tokens: list[int | str] = []
    node = data
    count = len(loc)
    for position, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str):
            following = loc[position + 1] if position + 1 < count else None
            is_tag = any(node.get(key) == part for key in _DISCRIMINATORS) and following == part
            if part in node and not is_tag:
                tokens.append(part)
                node = node[part]
            elif is_tag or _looks_like_tag(part, node):
                continue
            else:
                tokens.append(part)  # a missing field
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            tokens.append(part)
            node = node[part]
        elif isinstance(part, str) and _looks_like_tag(part, node):
            continue
        else:
            tokens.append(part)
            node = None
    return tokens


def _looks_like_tag(part: str, node: Any) -> bool:
    """Whether a location part names a union branch rather than a key."""
    if isinstance(node, dict):
        return any(node.get(key) == part for key in _DISCRIMINATORS) or "[" in part or part in (
            "str",
            "int",
            "float",
            "bool",
            "dict",
            "list",
        )
    return True


def canonical_problems(canonical: dict[str, Any], to_input: ToInput) -> Problems:
    """The canonical rules beyond field types (SPEC section 2), stated once and used by ``parse``,
    ``translate`` and ``render``: ``top_logprobs`` needs ``logprobs``, and metadata limits."""
    if "top_logprobs" not in canonical and "metadata" not in canonical:
        return []  # the fields the rules below look at: most requests set neither
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
