"""Tool parameter schemas are checked as JSON Schema once per distinct schema, without fetching anything."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from chatdialect import _schemacheck as schemacheck
from chatdialect import normalize
from chatdialect._schemacheck import _compiled, cache_info, check_json_schema


def test_a_valid_schema_is_returned_unchanged() -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    assert check_json_schema(schema) is schema


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ({"type": "objekt"}, "/type"),
        ({"properties": {"a": {"type": 5}}}, "/properties/a/type"),
        ({"required": "a"}, "/required"),
    ],
)
def test_invalid_schemas_name_the_location_not_the_value(schema: dict[str, object], where: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_json_schema(schema)
    assert where in str(caught.value)
    assert "objekt" not in str(caught.value)


def test_the_same_schema_is_checked_once() -> None:
    schema = {"type": "object", "properties": {"unique_to_this_test": {"type": "integer"}}}
    tool = {"type": "function", "function": {"name": "f", "parameters": schema}}
    payload = {"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [tool]}
    normalize(payload)
    misses = cache_info().misses
    for _ in range(5):
        normalize(payload)
    assert cache_info().misses == misses


def test_key_order_does_not_change_the_verdict() -> None:
    """The same schema in another key order is another key (checked again: microseconds), same verdict."""
    check_json_schema({"type": "object", "title": "order-a"})
    check_json_schema({"title": "order-a", "type": "object"})
    for schema in ({"type": "objekt", "title": "order-b"}, {"title": "order-b", "type": "objekt"}):
        with pytest.raises(ValueError, match="the value at /type should be a type name"):
            check_json_schema(schema)


def test_remote_refs_are_not_resolved() -> None:
    schema = {"$ref": "https://example.invalid/schemas/weather.json", "$schema": "https://example.invalid/s"}
    assert check_json_schema(schema) is schema


# --- the compiled validator and jsonschema agree; jsonschema explains ---------------------------

KEYWORDS = ["type", "properties", "items", "required", "enum", "const", "minimum", "maxLength", "pattern",
            "format", "anyOf", "oneOf", "not", "$ref", "$defs", "additionalProperties", "prefixItems",
            "uniqueItems", "dependentRequired", "$schema", "$id", "if", "multipleOf", "propertyNames",
            "$anchor", "$dynamicRef", "default", "unevaluatedProperties", "x-vendor"]
ATOMS = [None, True, False, 0, -1, 1.5, 2.0, 10**30, "", "string", "object", "#/a", "[", "https://x.invalid/s"]
schemas = st.recursive(
    st.sampled_from(ATOMS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYWORDS), inner, max_size=4),
    max_leaves=12,
).filter(lambda value: isinstance(value, dict))


@given(schemas)
def test_the_compiled_verdict_is_jsonschemas(schema: dict[str, Any]) -> None:
    expected = Draft202012Validator(Draft202012Validator.META_SCHEMA).is_valid(schema)
    assert _compiled().is_valid(schema) is expected


def test_a_valid_schema_needs_no_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    def explain(canonical_json: str) -> str:
        raise AssertionError("jsonschema was asked about a schema the compiled validator took")

    monkeypatch.setattr(schemacheck, "_check", explain)
    schema = {"type": "object", "properties": {"only_in_this_test": {"type": "string", "minLength": 1}}}
    assert check_json_schema(schema) is schema


def test_a_refused_schema_is_explained_by_jsonschema() -> None:
    explained = len(schemacheck._by_canonical)
    with pytest.raises(ValueError, match=r"the value at /properties/only_here/minLength should be at least"):
        check_json_schema({"type": "object", "properties": {"only_here": {"minLength": -1}}})
    assert len(schemacheck._by_canonical) == explained + 1


def test_a_value_the_compiled_validator_cannot_take_is_decided_by_jsonschema() -> None:
    deep: dict[str, Any] = {"type": "object"}
    for _ in range(300):  # deeper than the compiled validator's conversion takes
        deep = {"properties": {"a": deep}}
    assert check_json_schema(deep) is deep


def test_the_compiled_validator_is_not_imported_with_the_library() -> None:
    code = "import sys, chatdialect; print('jsonschema_rs' in sys.modules, 'jsonschema' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
