"""Universal validation of the canonical model (SPEC section 2), with pointers into the caller's payload."""

from __future__ import annotations

from typing import Any

import pytest

from chatdialect import ChatRequest, InvalidRequestError, parse
from chatdialect._model import CANONICAL_FIELDS

USER = {"role": "user", "content": "Hello"}


def problems(dialect: str = "openai", **fields: Any) -> tuple[str, ...]:
    payload = {"model": "gpt-4o", "messages": [USER], **fields}
    with pytest.raises(InvalidRequestError) as caught:
        parse(payload, dialect=dialect)
    return caught.value.pointers


def accepts(dialect: str = "openai", **fields: Any) -> ChatRequest:
    return parse({"model": "gpt-4o", "messages": [USER], **fields}, dialect=dialect)


def test_no_deprecated_field_in_the_canonical_model() -> None:
    assert {"functions", "function_call", "max_tokens"}.isdisjoint(CANONICAL_FIELDS)


def test_every_field_has_a_docstring() -> None:
    for name, info in ChatRequest.model_fields.items():
        assert info.description, name


@pytest.mark.parametrize("dialect", ["openai", "generic", "watsonx", "atoma"])
def test_model_is_required_except_in_azure(dialect: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        parse({"messages": [USER]}, dialect=dialect)
    assert caught.value.pointers == ("/model",)
    assert parse({"messages": [USER]}, dialect="azure").model is None


def test_model_must_be_a_string() -> None:
    assert problems(model=4) == ("/model",)


@pytest.mark.parametrize(
    ("messages", "pointer"),
    [
        ([], "/messages"),
        ("hello", "/messages"),
        ([{"content": "x"}], "/messages/0/role"),
        ([{"role": "narrator", "content": "x"}], "/messages/0/role"),
        ([USER, {"role": "tool", "content": "42"}], "/messages/1/tool_call_id"),
        ([{"role": "user", "content": [{"type": "video", "url": "x"}]}], "/messages/0/content/0/type"),
        (
            [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}],
            "/messages/0/content/0/image_url/url",
        ),
    ],
)
def test_messages_are_validated(messages: Any, pointer: str) -> None:
    assert pointer in problems(messages=messages)


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("temperature", 2.01, 2),
        ("temperature", -0.1, 0),
        ("top_p", 1.5, 1),
        ("frequency_penalty", -2.5, -2),
        ("presence_penalty", 2.5, 2),
        ("n", 0, 1),
        ("temperature", True, 0.7),
        ("n", 1.5, 3),
        ("seed", "42", 42),
        ("stream", "yes", True),
    ],
)
def test_ranges_and_types(field: str, bad: Any, good: Any) -> None:
    assert problems(**{field: bad}) == (f"/{field}",)
    assert getattr(accepts(**{field: good}), field) == good


def test_logit_bias_range() -> None:
    assert problems(logit_bias={"1": 100, "2": -101}) == ("/logit_bias/2",)
    assert accepts(logit_bias={"1": -100, "2": 100}).logit_bias == {"1": -100, "2": 100}


def test_top_logprobs_range_and_needs_logprobs() -> None:
    assert problems(logprobs=True, top_logprobs=21) == ("/top_logprobs",)
    assert problems(top_logprobs=2) == ("/top_logprobs",)
    assert problems(logprobs=False, top_logprobs=2) == ("/top_logprobs",)
    assert accepts(logprobs=True, top_logprobs=20).top_logprobs == 20


def test_stop_is_a_string_or_one_to_four_strings() -> None:
    assert accepts(stop="END").stop == "END"
    assert accepts(stop=["a", "b", "c", "d"]).stop == ["a", "b", "c", "d"]
    assert problems(stop=[]) == ("/stop",)
    assert problems(stop=["a", "b", "c", "d", "e"]) == ("/stop",)
    assert problems(stop=["a", 1]) == ("/stop/1",)


def tool(name: str, parameters: Any = None) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name}
    if parameters is not None:
        function["parameters"] = parameters
    return {"type": "function", "function": function}


def test_at_most_128_tools() -> None:
    assert accepts(tools=[tool(f"t{i}") for i in range(128)]).tools is not None
    assert problems(tools=[tool(f"t{i}") for i in range(129)]) == ("/tools",)


@pytest.mark.parametrize("name", ["", "has space", "x" * 65, "dot.name", "ünïcode"])
def test_tool_names_follow_the_pattern(name: str) -> None:
    assert problems(tools=[tool(name)]) == ("/tools/0/function/name",)


@pytest.mark.parametrize("name", ["a", "get_weather", "Get-Time-2", "x" * 64])
def test_valid_tool_names(name: str) -> None:
    assert accepts(tools=[tool(name)]).tools is not None


def test_metadata_limits() -> None:
    assert problems(metadata={f"k{i}": "v" for i in range(17)}) == ("/metadata",)
    assert problems(metadata={"k" * 65: "v"}) == ("/metadata/" + "k" * 65,)
    assert problems(metadata={"k": "v" * 513}) == ("/metadata/k",)
    assert accepts(metadata={f"k{i}": "v" * 512 for i in range(16)}).metadata is not None


@pytest.mark.parametrize(
    "schema",
    [{"type": "objekt"}, {"properties": {"a": {"type": 5}}}, {"required": "a"}, {"minimum": "low"}],
)
def test_function_parameters_must_be_a_json_schema(schema: dict[str, Any]) -> None:
    assert problems(tools=[tool("f", schema)]) == ("/tools/0/function/parameters",)


def test_response_format_schema_must_be_a_json_schema() -> None:
    bad = {"type": "json_schema", "json_schema": {"name": "r", "schema": {"type": 3}}}
    assert problems(response_format=bad) == ("/response_format/json_schema/schema",)


def test_every_problem_is_collected() -> None:
    found = problems(temperature=5, top_p=5, n=0, stop=[], tools=[tool("bad name")])
    assert set(found) == {"/temperature", "/top_p", "/n", "/stop", "/tools/0/function/name"}


def test_error_messages_do_not_echo_values() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        parse(
            {"model": "m", "messages": [USER], "temperature": "CANARY-1", "user": ["CANARY-2"]},
            dialect="openai",
        )
    assert "CANARY" not in str(caught.value) and "CANARY" not in repr(caught.value.errors)


def test_nested_unknown_keys_are_kept() -> None:
    message = {"role": "user", "content": "hi", "cache_control": {"type": "ephemeral"}}
    request = parse({"model": "m", "messages": [message]}, dialect="openai")
    assert request.model_dump(exclude_unset=True)["messages"][0] == message


def test_numbers_keep_their_json_type() -> None:
    request = accepts(temperature=1, top_p=0.5)
    assert request.model_dump(exclude_unset=True)["temperature"] == 1
    assert type(request.temperature) is int


def test_safety_identifier_is_at_most_64_characters() -> None:
    assert problems(safety_identifier="h" * 65) == ("/safety_identifier",)
    assert accepts(safety_identifier="h" * 64).safety_identifier == "h" * 64
