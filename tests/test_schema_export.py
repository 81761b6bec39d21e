"""The exported JSON Schema of each dialect: a valid Draft 2020-12 schema that agrees with ``validate``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chatdialect import ChatDialectError, UnknownDialectError, dialect_names, translate
from chatdialect._dialects import REGISTRY
from chatdialect._schema_export import export_schema
from conftest import fixture_id, fixture_paths, load_fixture

USER = [{"role": "user", "content": "hi"}]
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}

VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "temperature_too_high": {"temperature": 3},
    "temperature_ok": {"temperature": 1.5},
    "top_logprobs_6": {"logprobs": True, "top_logprobs": 6},
    "top_logprobs_without_logprobs": {"top_logprobs": 2},
    "reasoning_effort_unknown": {"reasoning_effort": "extreme"},
    "reasoning_effort_low": {"reasoning_effort": "low"},
    "metadata_17_keys": {"metadata": {str(i): "v" for i in range(17)}},
    "metadata_number": {"metadata": {"a": 1}},
    "metadata_list": {"metadata": {"a": [1]}},
    "metadata_long_value": {"metadata": {"a": "x" * 513}},
    "stream_true": {"stream": True},
    "logprobs_with_stream": {"logprobs": True, "stream": True},
    "parallel_tool_calls_alone": {"parallel_tool_calls": True},
    "parallel_tool_calls_with_tools": {"parallel_tool_calls": True, "tools": [TOOL]},
    "stream_options_alone": {"stream_options": {"include_usage": True}},
    "stream_options_with_stream": {"stream": True, "stream_options": {"include_usage": True}},
    "cache_with_stream": {"cache": {"enabled": True}, "stream": True},
    "cache": {"cache": {"enabled": True}},
    "n_200": {"n": 200},
    "n_0": {"n": 0},
    "both_token_caps": {"max_tokens": 5, "max_completion_tokens": 6},
    "max_tokens": {"max_tokens": 5},
    "max_completion_tokens": {"max_completion_tokens": 5},
    "function_call": {"function_call": "auto"},
    "function_call_and_tool_choice": {"function_call": "auto", "tool_choice": "none"},
    "functions": {"functions": [TOOL["function"]]},
    "no_model": {"model": None},
    "unknown_field": {"foo": 1},
    "stop_string": {"stop": "x"},
    "stop_5": {"stop": ["a", "b", "c", "d", "e"]},
    "top_k": {"top_k": 5},
    "verbosity": {"verbosity": "low"},
    "service_tier_unknown": {"service_tier": "weird"},
    "data_sources": {"data_sources": [{"type": "azure_search", "parameters": {}}]},
    "tool_choice_named": {"tools": [TOOL], "tool_choice": {"type": "function", "function": {"name": "f"}}},
    "tool_choice_allowed_tools": {"tools": [TOOL], "tool_choice": {
        "type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": [TOOL]}}},
    "developer_message": {"messages": [{"role": "developer", "content": "be brief"}]},
    "audio_part": {"messages": [{"role": "user", "content": [
        {"type": "input_audio", "input_audio": {"data": "AA==", "format": "wav"}}]}]},
    "image_part": {"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]}]},
    "function_history": {"functions": [TOOL["function"]], "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
        {"role": "function", "name": "f", "content": "42"}]},
}
"""Payloads around the rules: the schema must accept exactly those ``validate`` accepts."""


def valid(payload: dict[str, Any], dialect: str) -> bool:
    """``chatdialect validate``'s verdict: strict translation to the same dialect succeeds."""
    try:
        translate(payload, source=dialect, target=dialect, on_unsupported="error")
    except ChatDialectError:
        return False
    return True


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    return {name: Draft202012Validator(export_schema(name)) for name in dialect_names()}


@pytest.mark.parametrize("dialect", dialect_names())
def test_is_a_draft_2020_12_schema(dialect: str) -> None:
    schema = export_schema(dialect)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema, allow_nan=False)


@pytest.mark.parametrize("dialect", dialect_names())
def test_only_carried_fields_under_wire_names(dialect: str) -> None:
    table = REGISTRY[dialect]
    properties = export_schema(dialect)["properties"]
    expected = {"model", "messages", *table.wire_names, *table.reads}
    assert set(properties) == expected
    assert export_schema(dialect)["additionalProperties"] is False
    assert ("model" in export_schema(dialect)["required"]) == table.model_required


def test_dialect_ranges_and_value_lists() -> None:
    def branch(dialect: str, name: str) -> dict[str, Any]:
        prop = export_schema(dialect)["properties"][name]
        return next(b for b in prop.get("anyOf", [prop]) if b != {"type": "null"})

    assert branch("azure", "top_logprobs")["maximum"] == 5
    assert branch("openai", "top_logprobs")["maximum"] == 20
    assert branch("openai", "n")["maximum"] == 128
    assert branch("generic", "reasoning_effort")["enum"] == ["low", "medium", "high"]
    assert "enum" not in branch("watsonx", "reasoning_effort")
    assert branch("openai", "temperature")["maximum"] == 2  # pydantic's "le" made a JSON Schema keyword


def test_no_pydantic_only_keywords_and_every_ref_resolves() -> None:
    for dialect in dialect_names():
        schema = export_schema(dialect)
        text = json.dumps(schema)
        assert '"ge":' not in text and '"le":' not in text
        for ref in set(_refs(schema)):
            assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in schema["$defs"], ref


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize("path", fixture_paths(), ids=fixture_id)
def test_fixture_verdicts_agree_with_validate(path: Any, validators: dict[str, Draft202012Validator]) -> None:
    """Every fixture, against every dialect's schema: valid exactly when ``validate`` says so."""
    payload = load_fixture(path)
    for dialect, validator in validators.items():
        errors = [error.message for error in validator.iter_errors(payload)]
        assert (not errors) == valid(payload, dialect), (dialect, errors[:3])


def test_own_fixtures_without_unknown_fields_validate(validators: dict[str, Draft202012Validator]) -> None:
    for path in fixture_paths():
        errors = list(validators[path.parent.name].iter_errors(load_fixture(path)))
        if "unknown_fields" in path.stem or path.stem == "both_token_caps":
            assert errors, path  # both caps: max_tokens would be dropped on read
        else:
            assert not errors, (path, [error.message for error in errors])


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_rule_variants_agree_with_validate(variant: str, validators: dict[str, Draft202012Validator]) -> None:
    for dialect, validator in validators.items():
        payload = {"model": "gpt-4o", "messages": USER, **VARIANTS[variant]}
        payload = {key: value for key, value in payload.items() if value is not None}
        errors = [error.message for error in validator.iter_errors(payload)]
        assert (not errors) == valid(payload, dialect), (dialect, errors[:3])


def test_what_json_schema_cannot_say() -> None:
    """A function message that answers no earlier call passes the schema; validate rejects it."""
    payload = {"model": "m", "messages": [*USER, {"role": "function", "name": "f", "content": "x"}]}
    assert not valid(payload, "openai")
    assert Draft202012Validator(export_schema("openai")).is_valid(payload)


def test_unknown_dialect_and_fresh_copies() -> None:
    with pytest.raises(UnknownDialectError):
        export_schema("nope")
    first = export_schema("openai")
    first["properties"].clear()
    assert export_schema("openai")["properties"]
