"""Reading (SPEC section 4): legacy fields and function-call history are upgraded, with their changes."""

from __future__ import annotations

from typing import Any

import pytest

from chatdialect import Change, InvalidRequestError, normalize, parse, translate

USER = {"role": "user", "content": "What is the weather in Paris?"}
WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}
CLOCK = {"name": "get_time", "parameters": {"type": "object", "properties": {}}}


def request(**fields: Any) -> dict[str, Any]:
    return {"model": "gpt-4o", "messages": [USER], **fields}


def by_path(changes: tuple[Change, ...]) -> dict[str, Change]:
    return {change.path: change for change in changes}


def test_functions_become_function_tools_after_existing_tools() -> None:
    tool = {"type": "function", "function": CLOCK}
    result = normalize(request(tools=[tool], functions=[WEATHER]))
    assert result.payload["tools"] == [tool, {"type": "function", "function": WEATHER}]
    assert "functions" not in result.payload
    change = by_path(result.changes)["/functions"]
    assert (change.kind, change.target_path) == ("converted", "/tools")


def test_a_function_defined_twice_is_invalid() -> None:
    tool = {"type": "function", "function": WEATHER}
    with pytest.raises(InvalidRequestError) as caught:
        normalize(request(tools=[tool], functions=[WEATHER]))
    assert caught.value.pointers == ("/functions/0/name",)
    with pytest.raises(InvalidRequestError) as caught:
        normalize(request(functions=[WEATHER, WEATHER]))
    assert caught.value.pointers == ("/functions/1/name",)


@pytest.mark.parametrize(
    ("function_call", "tool_choice"),
    [
        ("none", "none"),
        ("auto", "auto"),
        ({"name": "get_weather"}, {"type": "function", "function": {"name": "get_weather"}}),
    ],
)
def test_function_call_becomes_tool_choice(function_call: Any, tool_choice: Any) -> None:
    result = normalize(request(functions=[WEATHER], function_call=function_call))
    assert result.payload["tool_choice"] == tool_choice
    assert "function_call" not in result.payload
    change = by_path(result.changes)["/function_call"]
    assert (change.kind, change.target_path) == ("converted", "/tool_choice")


def test_tool_choice_supersedes_function_call() -> None:
    result = normalize(request(functions=[WEATHER], function_call="none", tool_choice="required"))
    assert result.payload["tool_choice"] == "required"
    change = by_path(result.changes)["/function_call"]
    assert change.kind == "dropped" and change.target_path is None
    assert "superseded" in change.reason


def test_malformed_function_call_is_invalid() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        normalize(request(functions=[WEATHER], function_call="sometimes"))
    assert caught.value.pointers == ("/function_call",)


def test_max_tokens_is_renamed() -> None:
    result = normalize(request(max_tokens=256))
    assert result.payload["max_completion_tokens"] == 256
    assert "max_tokens" not in result.payload
    change = by_path(result.changes)["/max_tokens"]
    assert (change.kind, change.target_path) == ("renamed", "/max_completion_tokens")


def test_max_completion_tokens_supersedes_max_tokens() -> None:
    result = normalize(request(max_tokens=256, max_completion_tokens=512))
    assert result.payload["max_completion_tokens"] == 512
    change = by_path(result.changes)["/max_tokens"]
    assert change.kind == "dropped" and "superseded" in change.reason


def legacy_history() -> list[dict[str, Any]]:
    return [
        USER,
        {
            "role": "assistant",
            "content": None,
            "function_call": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
        },
        {"role": "function", "name": "get_weather", "content": '{"temp_c": 18}'},
        {"role": "user", "content": "And the time?"},
        {"role": "assistant", "content": None, "function_call": {"name": "get_time", "arguments": "{}"}},
        {"role": "function", "name": "get_time", "content": "14:02"},
    ]


def test_legacy_history_becomes_tool_calls_and_tool_messages() -> None:
    result = translate(
        {"model": "m", "messages": legacy_history(), "functions": [WEATHER, CLOCK]},
        source="atoma",
        target="openai",
    )
    messages = result.payload["messages"]
    first_call = messages[1]["tool_calls"][0]
    assert first_call["type"] == "function"
    assert first_call["function"] == {"name": "get_weather", "arguments": '{"city": "Paris"}'}
    assert "function_call" not in messages[1]
    assert messages[2] == {"role": "tool", "tool_call_id": first_call["id"], "content": '{"temp_c": 18}'}
    second_call = messages[4]["tool_calls"][0]
    assert messages[5]["tool_call_id"] == second_call["id"]
    assert first_call["id"] != second_call["id"]
    changes = by_path(result.changes)
    assert changes["/messages/1/function_call"].kind == "converted"
    assert changes["/messages/1/function_call"].target_path == "/messages/1/tool_calls/0"
    assert changes["/messages/2"].kind == "converted"


def test_generated_call_ids_are_deterministic_and_unique() -> None:
    payload = {"model": "m", "messages": legacy_history(), "functions": [WEATHER, CLOCK]}
    first = normalize(payload).payload
    again = normalize(payload).payload
    assert first == again
    ids = [call["id"] for m in first["messages"] for call in m.get("tool_calls", [])]
    assert len(ids) == len(set(ids)) == 2


def test_generated_ids_avoid_ids_already_in_the_request() -> None:
    history = legacy_history()
    taken = {"id": "call_fn_4", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}
    history[1] = {**history[1], "tool_calls": [taken]}
    history.insert(2, {"role": "tool", "tool_call_id": "call_fn_4", "content": "13:00"})
    result = normalize({"model": "m", "messages": history})
    ids = [call["id"] for m in result.payload["messages"] for call in m.get("tool_calls", [])]
    assert len(ids) == len(set(ids)) == 3


def test_function_message_without_a_call_is_invalid() -> None:
    messages = [USER, {"role": "function", "name": "get_weather", "content": "18"}]
    with pytest.raises(InvalidRequestError) as caught:
        normalize({"model": "m", "messages": messages})
    assert caught.value.pointers == ("/messages/1",)


@pytest.mark.parametrize(
    ("source", "payload", "pointer"),
    [
        (
            "anthropic",
            {"model": "claude-x", "max_tokens": 64, "messages": [{"role": "robot", "content": "hi"}]},
            "/messages/0/role",
        ),
        ("anthropic", {"model": "claude-x", "max_tokens": 64, "messages": ["hi"]}, "/messages/0"),
        ("bedrock", {"modelId": "m", "messages": [{"role": "robot", "content": [{"text": "hi"}]}]},
         "/messages/0"),
        ("responses", {"model": "gpt-x", "input": [{"role": "robot", "content": "hi"}]}, "/input/0/role"),
        ("gemini", {"contents": [{"role": "robot", "parts": [{"text": "hi"}]}]}, "/contents/0/role"),
    ],
)
def test_a_turn_the_codec_cannot_read_is_the_only_problem(source: str, payload: Any, pointer: str) -> None:
    """A codec leaves out a turn it found a problem in; the list it leaves empty is not a second
    problem ("should not be empty"): the error names the turn alone."""
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source=source, target="openai", model="m" if source == "gemini" else None)
    assert caught.value.pointers == (pointer,)


def test_empty_gemini_contents_are_named_at_the_callers_pointer() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        translate({"contents": []}, source="gemini", target="openai", model="gemini-2.5-pro")
    assert caught.value.pointers == ("/contents",)


def test_function_message_answering_another_name_is_invalid() -> None:
    history = [*legacy_history()[:2], {"role": "function", "name": "get_time", "content": "x"}]
    with pytest.raises(InvalidRequestError) as caught:
        normalize({"model": "m", "messages": history})
    assert "/messages/2" in caught.value.pointers


def test_unknown_fields_are_dropped_and_recorded() -> None:
    result = translate(request(top_k=5, x_trace_id="abc"), source="openai", target="generic")
    assert "top_k" not in result.payload and "x_trace_id" not in result.payload
    changes = by_path(result.changes)
    assert changes["/top_k"].kind == "dropped" and "openai" in changes["/top_k"].reason
    assert changes["/x_trace_id"].kind == "dropped"


def test_fields_a_dialect_does_not_define_are_unknown_even_if_canonical() -> None:
    """Atoma has no max_completion_tokens; reading it from atoma treats it as unknown."""
    result = translate(request(max_completion_tokens=10), source="atoma", target="openai")
    assert "max_completion_tokens" not in result.payload
    assert by_path(result.changes)["/max_completion_tokens"].kind == "dropped"


def test_explicit_nulls_mean_not_set() -> None:
    payload = request(temperature=None, n=None, user=None, max_tokens=None, stream=False)
    result = translate(payload, source="atoma", target="atoma")
    assert result.payload == {"model": "gpt-4o", "messages": [USER], "stream": False}
    assert result.changes == ()


def test_parse_returns_the_canonical_model_without_deprecated_fields() -> None:
    parsed = parse(
        {"model": "m", "messages": legacy_history(), "functions": [WEATHER, CLOCK], "max_tokens": 9},
        dialect="watsonx",
    )
    assert parsed.max_completion_tokens == 9
    assert parsed.tools is not None and [t.function.name for t in parsed.tools] == ["get_weather", "get_time"]
    dumped = parsed.model_dump(exclude_none=True)
    assert {"functions", "function_call", "max_tokens"}.isdisjoint(dumped)
    assert all(message.get("role") != "function" for message in dumped["messages"])


def test_generic_does_not_read_functions() -> None:
    result = translate(request(functions=[WEATHER]), source="generic", target="openai")
    assert "tools" not in result.payload
    assert by_path(result.changes)["/functions"].kind == "dropped"
