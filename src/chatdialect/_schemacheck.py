"""Checking that tool parameters and response schemas are valid JSON Schemas, once per schema.

The check is against the Draft 2020-12 meta-schema only: nothing is resolved, so a ``$ref`` to a URL
is never fetched. A compiled validator (``jsonschema-rs``, built with a retriever that refuses
everything) gives the verdict, about 500 times quicker than ``jsonschema``; ``jsonschema``
explains a schema the compiled one refuses (where it breaks which rule), and decides, so verdicts and
messages are ``jsonschema``'s. Verdicts are remembered by the schema's marshal bytes (exact content,
in key order; the same tool list sent with every request is checked once), explanations by its
canonical JSON; both are byte-bounded :class:`~chatdialect._memo.Memo` instances. Neither validator
is imported at ``import chatdialect``: each is loaded on its first use.
"""

from __future__ import annotations

import json
import marshal
from functools import cache
from typing import Any, Protocol

from chatdialect._memo import Memo, MemoStats, sizeof
from chatdialect._pointer import from_parts

_VALID = ""
"""The verdict stored for a valid schema (a memo holds no ``None``)."""

_by_marshal: Memo[bytes, str] = Memo("schema_verdicts", 8 * 2**20)
"""Verdicts by the schema's marshal bytes."""

_by_canonical: Memo[str, str] = Memo("schema_explanations", 8 * 2**20)
"""Verdicts of ``jsonschema`` by the schema's canonical JSON: one entry per schema it examined (those
the compiled validator refused, or could not take)."""

def check_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` unchanged if it is a valid JSON Schema, else raise ``ValueError``.

    The message names the failing location inside the schema, never a value from it.
    """
    problem: str | None
    try:
        # A cheap exact key of the content: marshal writes each value with its exact type and refuses
        # subclasses; loading it gives the same content back. Version 2 writes no back-references
        # (later versions flag objects by their reference counts, which other threads change), so
        # equal content always takes the same key, however the caller shares objects.
        key = marshal.dumps(schema, 2)
    except ValueError:  # a type marshal does not know, or very deep nesting: check it the long way
        problem = _explained(_canonical(schema))
    else:
        problem = _by_marshal.get(key)
        if problem is None:
            problem = _verdict(schema)  # errors raised here are not remembered
            _by_marshal.put(key, problem, sizeof(key, problem))
    if problem:
        raise ValueError(problem)
    return schema


def _verdict(schema: dict[str, Any]) -> str:
    """The reason ``schema`` (exact JSON types: marshal took it) is not a valid JSON Schema, or ``_VALID``."""
    try:
        valid = _compiled().is_valid(schema)
    except (ValueError, TypeError, OverflowError, RecursionError):  # what it cannot take: jsonschema decides
        valid = False
    return _VALID if valid else _explained(_canonical(schema))


class _Validator(Protocol):
    def is_valid(self, instance: Any) -> bool: ...


@cache
def _compiled() -> _Validator:
    """The compiled Draft 2020-12 meta-schema validator, built on first use (about a millisecond).

    Its retriever (which replaces the built-in one that would fetch) refuses every URI: nothing is
    ever fetched (the meta-schemas are built in; a schema's own ``$ref``, ``$schema`` or ``$id`` is
    data here)."""
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    return jsonschema_rs.Draft202012Validator(
        Draft202012Validator.META_SCHEMA, retriever=_refuse, validate_formats=False
    )


def _refuse(uri: str) -> Any:
    """The compiled validator's retriever: nothing is fetched."""
    raise ValueError("chatdialect fetches no schema")


def _canonical(schema: Any) -> str:
    """The schema as canonical JSON (sorted keys), the key of the explanations' memo."""
    try:
        return json.dumps(schema, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise ValueError("is not a JSON Schema: it holds a value that is not JSON") from None
    except RecursionError:
        raise ValueError("is not a JSON Schema: it is nested too deeply") from None


def _explained(canonical_json: str) -> str:
    """``jsonschema``'s reason the schema (as canonical JSON) is not a valid JSON Schema, or ``_VALID``."""
    known = _by_canonical.get(canonical_json)
    if known is None:
        known = _check(canonical_json)
        _by_canonical.put(canonical_json, known, sizeof(canonical_json, known))
    return known


def _check(canonical_json: str) -> str:
    """``_explained``, worked out."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    try:
        error = best_match(validator.iter_errors(json.loads(canonical_json)))
    except RecursionError:
        return "is not a valid JSON Schema: it is nested too deeply"
    if error is None:
        return _VALID
    path = list(error.absolute_path)
    where = from_parts(path)[:120] or "its top level"
    return f"is not a valid JSON Schema: the value at {where} should be {_expected(error, path)}"


_JSON_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "null": "null",
}
_TYPE_NAMES = "a type name (string, number, integer, boolean, object, array or null)"


def _expected(error: Any, path: list[str | int]) -> str:
    """What the meta-schema expects where ``error`` is, in words (never the value found)."""
    rule, expected = error.validator, error.validator_value
    in_type = "type" in path[-2:] and not (len(path) > 1 and path[-2] == "properties")
    if in_type and rule in ("anyOf", "enum"):
        return f"{_TYPE_NAMES} or a list of them" if path[-1] == "type" else _TYPE_NAMES
    if rule == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        if kinds == ["object", "boolean"]:
            return "a schema (an object, or true or false)"
        return " or ".join(_JSON_TYPES.get(kind, kind) for kind in kinds)
    if rule == "minimum":
        return f"at least {expected}"
    if rule == "uniqueItems":
        return "a list without repeated items"
    if rule == "minItems":
        return "a non-empty list"
    return f"what JSON Schema (Draft 2020-12) allows for the {rule} rule there"


def cache_info() -> MemoStats:
    """Figures of the verdicts by marshal bytes: ``misses`` counts the schemas given a verdict (for
    tests and benchmarks)."""
    return _by_marshal.stats()


def cache_clear() -> None:
    """Forget every verdict (for tests and benchmarks)."""
    _by_marshal.clear()
    _by_canonical.clear()
