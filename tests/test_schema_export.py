"""The exported JSON Schema of each dialect: a valid Draft 2020-12 schema that agrees with ``validate``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from chatdialect import ChatDialectError, UnknownDialectError, dialect_names, translate
from chatdialect._dialects import REGISTRY
from chatdialect._schema_export import export_schema
from conftest import fixture_id, fixture_paths, load_fixture
from strategies import valid_requests

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
    "data_sources": {"data_sources": [{"type": "azure_search", "parameters": {}}]},  # no index, no auth
    "data_sources_complete": {"data_sources": [{"type": "azure_search", "parameters": {
        "endpoint": "https://x", "index_name": "i", "authentication": {"type": "api_key", "key": "k"}}}]},
    "data_sources_key_a_number": {"data_sources": [{"type": "azure_search", "parameters": {
        "endpoint": "https://x", "index_name": "i", "authentication": {"type": "api_key", "key": 5}}}]},
    "data_sources_unknown_type": {"data_sources": [{"type": "vector_db", "parameters": {}}]},
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


BASE: dict[str, dict[str, Any]] = {"anthropic": {"max_tokens": 1024}}
"""Keys every variant payload of a dialect starts from. Anthropic requires ``max_tokens``: its schema
says so, while ``validate`` accepts a request without it (writing supplies the default, recorded
``defaulted``), so without this base every anthropic variant would only test that one requirement
(``schema_verdict`` states the difference)."""


def valid(payload: dict[str, Any], dialect: str) -> bool:
    """``chatdialect validate``'s verdict: strict translation to the same dialect succeeds."""
    try:
        translate(payload, source=dialect, target=dialect, on_unsupported="error")
    except ChatDialectError:
        return False
    return True


def schema_verdict(payload: dict[str, Any], dialect: str) -> bool:
    """What the exported schema must say: ``validate``'s verdict, and the fields the vendor requires
    present and not null. ``validate`` accepts a request without such a field, as reading does and
    writing supplies the documented default (a ``Default`` rule: anthropic's ``max_tokens``); the
    schema states the vendor's request, which has it."""
    table = REGISTRY[dialect]
    required = [table.wire_name(name) for name in table.defaults]
    return valid(payload, dialect) and all(payload.get(wire) is not None for wire in required)


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
    schema = export_schema(dialect)
    expected = {"model", "messages", *table.wire_names, *table.reads}
    if table.codec is not None:  # the codec's wire keys in place of the canonical fields it reshapes
        expected = expected - set(table.codec.writes) | set(table.codec.handles)
        expected |= set(table.codec.aliases)
    assert set(schema["properties"]) == expected
    assert schema["additionalProperties"] is False
    model = "modelId" if table.codec is not None and "model" in table.codec.writes else "model"
    assert (model in schema["required"]) == table.model_required
    for name in table.defaults:  # required by the vendor, so required (and not null) in the schema
        wire = table.wire_name(name)
        assert wire in schema["required"]
        assert not Draft202012Validator(schema["properties"][wire]).is_valid(None)


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
        assert (not errors) == schema_verdict(payload, dialect), (dialect, errors[:3])


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
        # a model no row of the model table matches: the exported schema states the dialect's rules
        payload = {"model": "chat-model", "messages": USER, **BASE.get(dialect, {}), **VARIANTS[variant]}
        payload = {key: value for key, value in payload.items() if value is not None}
        errors = [error.message for error in validator.iter_errors(payload)]
        assert (not errors) == schema_verdict(payload, dialect), (dialect, errors[:3])


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


# --- anthropic: the codec's wire shape ----------------------------------------------------------

ANTHROPIC: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": USER}
CUSTOM = {"name": "f", "input_schema": {"type": "object", "properties": {}}}
CALL = {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}
RESULT = {"type": "tool_result", "tool_use_id": "toolu_1", "content": "42"}
TEXT = {"type": "text", "text": "hi"}
HISTORY = [*USER, {"role": "assistant", "content": [CALL]}, {"role": "user", "content": [RESULT]}]

ANTHROPIC_VALID: dict[str, dict[str, Any]] = {
    "document_sources": {"messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}},
        {"type": "document", "source": {"type": "content", "content": [TEXT]}, "title": None},
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBE"}},
        TEXT]}]},
    "image_file_source_and_extra_keys": {"messages": [{"role": "user", "content": [
        {"type": "image", "source": {"type": "file", "file_id": "file_1"}, "cache_control": None},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}, "extra": 1}]}]},
    "other_user_block": {"messages": [{"role": "user", "content": [
        {"type": "container_upload", "file_id": "file_1"}, TEXT]}]},
    "tool_result_blocks": {"messages": [*HISTORY[:2], {"role": "user", "content": [
        {**RESULT, "content": [TEXT, {"type": "image", "source": {"type": "url", "url": "https://x.io/a.png"}}],
         "is_error": True, "cache_control": {"type": "ephemeral", "ttl": "5m"}}, TEXT]}]},
    "assistant_replay": {"messages": [*USER, {"role": "assistant", "content": [
        {"type": "thinking", "thinking": "t", "signature": "s"}, {"type": "redacted_thinking", "data": "d"},
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "q"}},
        {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
        {**TEXT, "citations": [{"type": "web_search_result_location", "url": "https://x.io"}]},
        {**CALL, "caller": {"type": "direct"}}]}, {"role": "user", "content": [RESULT]}]},
    "every_custom_tool_key": {"tools": [{**CUSTOM, "type": "custom", "description": "d", "strict": True,
        "cache_control": {"type": "ephemeral"}, "defer_loading": False, "allowed_callers": ["direct"],
        "eager_input_streaming": None, "input_examples": [{}]}]},
    "defined_tool_options": {"tools": [{"type": "web_fetch_20250910", "name": "web_fetch", "max_uses": 2}]},
    "tool_choice_tool_parallel": {"tools": [CUSTOM], "tool_choice": {
        "type": "tool", "name": "f", "disable_parallel_tool_use": True}},
    "tool_choice_none": {"tools": [CUSTOM], "tool_choice": {"type": "none"}},
    "metadata_and_output_config": {"metadata": {"user_id": None}, "output_config": {
        "effort": "xhigh", "format": {"type": "json_schema", "schema": {"type": "object"}}}},
    "system_blocks_and_turn": {"system": [TEXT], "messages": [
        *USER, {"role": "assistant", "content": "ok"}, *USER, {"role": "system", "content": [TEXT]}]},
    "explicit_nulls_are_not_set": {"system": None, "tools": None, "tool_choice": None, "metadata": None},
}
"""Anthropic requests in every shape the codec handles: the schema and ``validate`` accept them."""

ANTHROPIC_INVALID: dict[str, dict[str, Any]] = {
    "tool_result_in_an_assistant_turn": {"messages": [*USER, {"role": "assistant", "content": [RESULT]}]},
    "tool_choice_type_unknown": {"tools": [CUSTOM], "tool_choice": {"type": "required"}},
    "tool_choice_openai_string": {"tools": [CUSTOM], "tool_choice": "auto"},
    "tool_choice_none_with_parallel_flag": {
        "tool_choice": {"type": "none", "disable_parallel_tool_use": True}
    },
    "tool_choice_tool_without_name": {"tools": [CUSTOM], "tool_choice": {"type": "tool"}},
    "system_a_number": {"system": 5},
    "system_an_image": {"system": [{"type": "image", "source": {"type": "url", "url": "https://x.io/a.png"}}]},
    "temperature_above_1": {"temperature": 1.5},
    "openai_user_field": {"user": "u-1"},
    "openai_tool_role": {"messages": [*USER, {"role": "tool", "tool_call_id": "a", "content": "x"}]},
    "message_with_a_name": {"messages": [{**USER[0], "name": "ann"}]},
    "text_block_extra_key": {"messages": [{"role": "user", "content": [{**TEXT, "lang": "en"}]}]},
    "tool_use_extra_key": {"messages": [*USER, {"role": "assistant", "content": [{**CALL, "x": 1}]}]},
    "tool_result_without_id": {"messages": [{"role": "user", "content": [{"type": "tool_result"}]}]},
    "empty_user_blocks": {"messages": [{"role": "user", "content": []}]},
    "custom_tool_extra_key": {"tools": [{**CUSTOM, "parameters": {}}]},
    "custom_tool_bad_name": {"tools": [{**CUSTOM, "name": "a b"}]},
    "metadata_other_key": {"metadata": {"tags": "x"}},
    "metadata_user_id_number": {"metadata": {"user_id": 7}},
    "effort_unknown": {"output_config": {"effort": "minimal"}},
    "format_without_schema": {"output_config": {"format": {"type": "json_schema"}}},
    "output_config_other_key": {"output_config": {"verbosity": "low"}},
    "max_tokens_zero": {"max_tokens": 0},
}
"""Anthropic requests neither the schema nor ``validate`` accepts."""

ANTHROPIC_VENDOR_ONLY: dict[str, dict[str, Any]] = {
    "max_tokens_null": {"max_tokens": None},  # not set: writing supplies the default
    "custom_tool_without_input_schema": {"tools": [{"name": "f"}]},  # writing supplies an empty one
    "image_of_another_media_type": {"messages": [{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "Qk0="}}]}]},
    "tool_use_in_a_user_turn": {"messages": [{"role": "user", "content": [CALL]}]},
    "thinking_without_signature": {"messages": [
        *USER, {"role": "assistant", "content": [{"type": "thinking", "thinking": "t"}]}]},
    "defined_tool_without_name": {"tools": [{"type": "bash_20250124"}]},
    "openai_function_tool": {"tools": [TOOL]},
    "input_schema_not_an_object_schema": {"tools": [{**CUSTOM, "input_schema": {"type": "string"}}]},
}
"""Requests Anthropic's types refuse and ``validate`` accepts (blocks and tools it keeps as they
are, a field writing supplies): the schema states the vendor's request, so it refuses them."""


def anthropic(changes: dict[str, Any]) -> dict[str, Any]:
    return {**ANTHROPIC, **changes}


@pytest.mark.parametrize("case", list(ANTHROPIC_VALID))
def test_anthropic_wire_shapes_validate(case: str, validators: dict[str, Draft202012Validator]) -> None:
    payload = anthropic(ANTHROPIC_VALID[case])
    assert [error.message for error in validators["anthropic"].iter_errors(payload)] == []
    assert valid(payload, "anthropic")


@pytest.mark.parametrize("case", list(ANTHROPIC_INVALID))
def test_invalid_anthropic_requests_do_not(case: str, validators: dict[str, Draft202012Validator]) -> None:
    payload = anthropic(ANTHROPIC_INVALID[case])
    assert not validators["anthropic"].is_valid(payload)
    assert not valid(payload, "anthropic")


@pytest.mark.parametrize("case", list(ANTHROPIC_VENDOR_ONLY))
def test_the_schema_states_anthropics_request(
    case: str, validators: dict[str, Draft202012Validator]
) -> None:
    payload = anthropic(ANTHROPIC_VENDOR_ONLY[case])
    assert not validators["anthropic"].is_valid(payload)
    assert valid(payload, "anthropic")  # stricter than validate here, never looser


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_valid_anthropic_requests_validate(
    data: st.DataObject, validators: dict[str, Draft202012Validator]
) -> None:
    """Generated valid anthropic requests (every wire feature the strategies know) pass the schema."""
    payload = data.draw(valid_requests("anthropic"))
    assert [error.message for error in validators["anthropic"].iter_errors(payload)] == []
