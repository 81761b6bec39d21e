"""Checking that tool parameters and response schemas are valid JSON Schemas, once per schema.

The check is against the Draft 2020-12 meta-schema only: nothing is resolved, so a ``$ref`` to a URL
is never fetched. Results are cached by the schema's content (canonical JSON), so the same tool list
sent with every request is checked once; a first cache keyed by the schema's marshal bytes
(exact content, in key order) saves even the canonical JSON on repeats. ``jsonschema`` is imported
on first use, not at import time.
"""

from __future__ import annotations

import json
import marshal
from functools import lru_cache
from typing import Any

from chatdialect._pointer import from_parts

CACHE_SIZE = 4096
"""How many distinct schemas' verdicts are remembered."""


def check_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` unchanged if it is a valid JSON Schema, else raise ``ValueError``.

    The message names the failing location inside the schema, never a value from it.
    """
    try:
        # A cheap exact key of the content: marshal writes each value with its exact type and refuses
        # subclasses; loading it gives the same content back. Its back-references to objects met
        # twice depend on how the caller shares objects, so equal content can take two keys: that
        # costs a miss (the canonical cache below still hits), never a wrong verdict.
        key = marshal.dumps(schema)
    except ValueError:  # a type marshal does not know, or very deep nesting: check it the long way
        problem = _problem(_canonical(schema))
    else:
        problem = _verdict(key)
    if problem is not None:
        raise ValueError(problem)
    return schema


def _canonical(schema: Any) -> str:
    """The schema as canonical JSON (sorted keys), the key of the verdict cache."""
    try:
        return json.dumps(schema, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise ValueError("is not a JSON Schema: it holds a value that is not JSON") from None
    except RecursionError:
        raise ValueError("is not a JSON Schema: it is nested too deeply") from None


@lru_cache(maxsize=CACHE_SIZE)
def _verdict(key: bytes) -> str | None:
    """The verdict on the schema whose marshal bytes are ``key`` (errors raised are not cached)."""
    return _problem(_canonical(marshal.loads(key)))


@lru_cache(maxsize=CACHE_SIZE)
def _problem(canonical_json: str) -> str | None:
    """The reason the schema (as canonical JSON) is not a valid JSON Schema, or ``None``."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    try:
        error = best_match(validator.iter_errors(json.loads(canonical_json)))
    except RecursionError:
        return "is not a valid JSON Schema: it is nested too deeply"
    if error is None:
        return None
    where = from_parts(error.absolute_path)[:120] or "its top level"
    rule = error.validator
    return f"is not a valid JSON Schema: the value at {where} breaks the meta-schema's {rule!r} rule"


def cache_info() -> Any:
    """Hit and miss counts of the schema cache (for tests and benchmarks)."""
    return _problem.cache_info()
