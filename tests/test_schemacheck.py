"""Tool parameter schemas are checked as JSON Schema once per distinct schema, without fetching anything."""

from __future__ import annotations

import pytest

from chatdialect import normalize
from chatdialect._schemacheck import cache_info, check_json_schema


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


def test_key_order_does_not_defeat_the_cache() -> None:
    check_json_schema({"type": "object", "title": "order-a"})
    misses = cache_info().misses
    check_json_schema({"title": "order-a", "type": "object"})
    assert cache_info().misses == misses


def test_remote_refs_are_not_resolved() -> None:
    schema = {"$ref": "https://example.invalid/schemas/weather.json", "$schema": "https://example.invalid/s"}
    assert check_json_schema(schema) is schema
