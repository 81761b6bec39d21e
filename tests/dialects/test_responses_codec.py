"""The ``responses`` dialect (OpenAI Responses API, SPEC 8): reading and writing its shape, example by
example, and responses -> responses on every fixture (nothing lost, every difference recorded)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.strategies import differences, related

from chatdialect import InvalidRequestError, parse, render, translate
from conftest import REQUESTS, fixture_id, load_fixture

FIXTURES = sorted((REQUESTS / "responses").glob("*.json"))
USER = {"role": "user", "content": "Hello"}
TOOL = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}


def changes(result: Any) -> list[tuple[str, str | None, str | None]]:
    return [(change.kind, change.path, change.target_path) for change in result.changes]


def test_there_are_at_least_twenty_realistic_fixtures() -> None:
    assert len(FIXTURES) >= 20


@pytest.mark.parametrize("path", FIXTURES, ids=[fixture_id(p) for p in FIXTURES])
def test_responses_to_responses_loses_nothing_and_records_every_difference(path: Path) -> None:
    payload = load_fixture(path)
    before = copy.deepcopy(payload)
    result = translate(payload, source="responses", target="responses")
    assert payload == before
    assert not result.lossy_changes()
    covering = [p for change in result.changes for p in (change.path, change.target_path) if p]
    for _side, where in differences(payload, result.payload):
        assert any(related(pointer, where) for pointer in covering), f"{where} changed without a record"
    assert render(parse(payload, dialect="responses"), dialect="responses").payload == result.payload


EXACT = [p for p in FIXTURES if p.stem not in ("typed_input_messages",)]


def test_most_fixtures_come_back_exactly() -> None:
    """Only two forms are not kept: the ``type: message`` of a role item (implied by its role) and an
    input list of one plain user message (written as the input string)."""
    exact = []
    for path in FIXTURES:
        payload = load_fixture(path)
        if translate(payload, source="responses", target="responses").payload == payload:
            exact.append(path.stem)
    assert len(exact) >= 20
    assert "typed_input_messages" not in exact


# --- reading ------------------------------------------------------------------------------------


def test_a_model_turn_of_items_is_one_assistant_message() -> None:
    payload = load_fixture(REQUESTS / "responses" / "reasoning_replay_encrypted.json")
    request = parse(payload, dialect="responses").model_dump(by_alias=True, exclude_none=True)
    user, turn, tool = request["messages"]
    assert user == {"role": "user", "content": payload["input"][0]["content"]}
    assert turn["content"] == [{"type": "responses", "responses": payload["input"][1]}]
    assert turn["tool_calls"] == [
        {
            "id": "call_count_1",
            "type": "function",
            "function": {"name": "count_letter", "arguments": payload["input"][2]["arguments"]},
        }
    ]
    assert tool == {"role": "tool", "content": "3", "tool_call_id": "call_count_1"}
    assert request["reasoning_effort"] == "medium" and request["reasoning"] == {"summary": "auto"}
    assert request["include"] == ["reasoning.encrypted_content"]


def test_instructions_become_the_first_message_elsewhere() -> None:
    payload = {
        "model": "m",
        "instructions": "Be brief.",
        "input": [USER, {"role": "assistant", "content": "Hi"}],
    }
    result = translate(payload, source="responses", target="openai")
    assert result.payload["messages"] == [
        {"role": "system", "content": "Be brief."},
        USER,
        payload["input"][1],
    ]
    assert ("converted", "/instructions", "/messages/0") in changes(result)
    assert ("converted", "/input", "/messages") in changes(result)
    anthropic = translate(payload, source="responses", target="anthropic")
    assert anthropic.payload["system"] == "Be brief."
    assert ("converted", "/instructions", "/system") in changes(anthropic)
    kept = translate(payload, source="responses", target="responses")
    assert kept.payload == payload and kept.changes == ()


def test_instruction_pointers_follow_the_inserted_message() -> None:
    """A change on a later item keeps pointing at that item in the caller's payload."""
    payload = {
        "model": "m",
        "instructions": "x",
        "input": [USER, {"role": "user", "content": "y", "phase": "x"}],
    }
    result = translate(payload, source="responses", target="openai")
    assert ("dropped", "/input/1/phase", None) in changes(result) or ("dropped", "/input/1", None) in changes(
        result
    )


def test_the_input_string_is_one_user_message() -> None:
    result = translate({"model": "m", "input": "hi"}, source="responses", target="openai")
    assert result.payload["messages"] == [{"role": "user", "content": "hi"}]
    assert changes(result) == [("converted", "/input", "/messages/0")]
    back = translate(result.payload, source="openai", target="responses")
    assert back.payload == {"model": "m", "input": "hi"}
    assert changes(back) == [("converted", "/messages/0", "/input")]


@pytest.mark.parametrize(
    ("item", "pointer"),
    [
        ({"content": "no role"}, "/input/1/role"),
        ({"role": "moderator", "content": "x"}, "/input/1/role"),
        ({"type": "function_call", "call_id": "c", "name": "f", "arguments": {}}, "/input/1"),
        ({"type": 5}, "/input/1"),
        ("just text", "/input/1"),
        ({"type": "function_call_output", "output": "x"}, "/input/1/call_id"),
        ({"role": "user", "content": [{"type": "input_text"}]}, "/input/1/content/0/text"),
    ],
)
def test_bad_items_are_named_by_their_pointer(item: Any, pointer: str) -> None:
    payload = {"model": "m", "input": [USER, item]}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="responses", target="openai")
    assert pointer in caught.value.pointers
    assert "moderator" not in str(caught.value)


def test_a_small_max_output_tokens_is_invalid_and_a_small_cap_is_clamped() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        translate({"model": "m", "input": "x", "max_output_tokens": 15}, source="responses", target="openai")
    assert caught.value.pointers == ("/max_output_tokens",)
    result = translate(
        {"model": "m", "messages": [USER], "max_tokens": 5}, source="openai", target="responses"
    )
    assert result.payload["max_output_tokens"] == 16
    assert [c.kind for c in result.changes if c.path == "/max_tokens"] == ["clamped"]


def test_a_stored_conversation_is_dropped_elsewhere_never_expanded() -> None:
    payload = load_fixture(REQUESTS / "responses" / "previous_response_continuation.json")
    for target in ("openai", "anthropic", "generic"):
        result = translate(payload, source="responses", target=target)
        assert "previous_response_id" not in json.dumps(result.payload)
        assert ("dropped", "/previous_response_id", None) in changes(result)


def test_kept_items_and_tools_are_dropped_elsewhere_at_their_pointers() -> None:
    payload = load_fixture(REQUESTS / "responses" / "web_search_replay_citations.json")
    result = translate(payload, source="responses", target="openai")
    found = changes(result)
    assert ("dropped", "/input/1", None) in found  # the web_search_call item
    assert ("dropped", "/tools/0", None) in found  # the web_search tool
    assert ("dropped", "/input/2/content/0", None) in found  # its citation annotations (kept keys)
    assert result.payload["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "A community garden opened in Lyon."}],
    }


# --- writing ------------------------------------------------------------------------------------


def test_chat_requests_take_the_responses_shape() -> None:
    payload = {
        "model": "my-deployment",
        "messages": [
            {"role": "developer", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Look"},
                    {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
                ],
            },
            {
                "role": "assistant",
                "content": "Calling.",
                "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "42"},
        ],
        "tools": [TOOL],
        "tool_choice": {"type": "function", "function": {"name": "lookup"}},
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "a", "schema": {"type": "object"}},
        },
        "verbosity": "low",
        "reasoning_effort": "high",
        "logprobs": True,
        "top_logprobs": 2,
        "stream": True,
        "stream_options": {"include_usage": True},
        "stop": ["END"],
        "seed": 1,
    }
    result = translate(payload, source="openai", target="responses")
    assert result.payload == {
        "model": "my-deployment",
        "input": [
            {"role": "developer", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "Look"},
                    {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"},
                ],
            },
            {"role": "assistant", "content": "Calling."},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "42"},
        ],
        "stream": True,
        "include": ["message.output_text.logprobs"],
        "top_logprobs": 2,
        "text": {
            "format": {"type": "json_schema", "name": "a", "schema": {"type": "object"}},
            "verbosity": "low",
        },
        "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object"}, "strict": False}],
        "tool_choice": {"type": "function", "name": "lookup"},
        "reasoning": {"effort": "high"},
    }
    found = changes(result)
    for expected in [
        ("dropped", "/stop", None),
        ("dropped", "/seed", None),
        ("dropped", "/stream_options", None),
        ("defaulted", None, "/tools/0/strict"),
        ("defaulted", None, "/input/1/content/1/detail"),
        ("converted", "/messages/2/tool_calls/0", "/input/3"),
        ("converted", "/messages/3", "/input/4"),
        ("converted", "/response_format", "/text/format"),
        ("converted", "/reasoning_effort", "/reasoning/effort"),
        ("converted", "/logprobs", "/include/0"),
    ]:
        assert expected in found
    back = translate(result.payload, source="responses", target="openai").payload
    assert back["messages"][2:] == payload["messages"][2:]
    assert back["tools"] == [{**TOOL, "function": {**TOOL["function"], "strict": False}}]


def test_what_responses_input_lacks_is_dropped_at_its_pointer() -> None:
    payload = {
        "model": "m",
        "messages": [
            {
                "role": "user",
                "name": "ann",
                "content": [
                    {"type": "text", "text": "hi"},
                    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                ],
            },
            {"role": "assistant", "content": [{"type": "refusal", "refusal": "No."}]},
        ],
    }
    result = translate(payload, source="openai", target="responses")
    assert result.payload["input"] == [
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
        {"role": "assistant", "content": ""},
    ]
    found = changes(result)
    assert ("dropped", "/messages/0/name", None) in found
    assert ("dropped", "/messages/0/content/1", None) in found
    assert ("dropped", "/messages/1/content/0", None) in found


def test_an_output_message_keeps_its_id_status_and_annotations() -> None:
    payload = load_fixture(REQUESTS / "responses" / "assistant_output_refusal.json")
    assert translate(payload, source="responses", target="responses").payload == payload
    openai = translate(payload, source="responses", target="openai")
    assert openai.payload["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "refusal", "refusal": "I can't help with that."}],
    }
    assert ("dropped", "/input/1/responses", None) in changes(openai) or (
        "dropped",
        "/input/1",
        None,
    ) in changes(openai)


def test_built_in_tool_choice_and_allowed_tools() -> None:
    payload = load_fixture(REQUESTS / "responses" / "allowed_tools_choice.json")
    chat = translate(payload, source="responses", target="openai").payload
    assert chat["tool_choice"] == {
        "type": "allowed_tools",
        "allowed_tools": {
            "mode": "auto",
            "tools": [
                {"type": "function", "function": {"name": "get_weather"}},
                {"type": "function", "function": {"name": "search_flights"}},
            ],
        },
    }
    assert (
        translate(chat, source="openai", target="responses").payload["tool_choice"] == payload["tool_choice"]
    )
    hosted = load_fixture(REQUESTS / "responses" / "file_search_tool.json")
    for target in ("openai", "azure", "anthropic"):
        result = translate({**hosted, "model": "m"}, source="responses", target=target)
        assert "tool_choice" not in result.payload
        assert ("dropped", "/tool_choice", None) in changes(result)


def test_the_endpoint() -> None:
    result = translate(
        {"model": "gpt-5", "input": "x", "stream": True}, source="responses", target="responses"
    )
    assert (result.endpoint.method, result.endpoint.path, result.endpoint.stream) == (
        "POST",
        "/v1/responses",
        True,
    )


def test_a_value_set_for_the_caller_and_then_converted_is_still_defaulted() -> None:
    """Found by test_translation_contract[responses-responses]: ``top_logprobs`` without
    ``logprobs`` sets ``logprobs`` (defaulted, no input pointer), which Responses writes as an
    ``include`` entry; the net change was ``converted`` with no input pointer, a kind that needs one."""
    given = {"model": "m", "input": "hi", "top_logprobs": 3}
    result = translate(given, source="responses", target="responses")
    assert result.payload["include"] == ["message.output_text.logprobs"]
    (change,) = result.changes
    assert (change.kind, change.path, change.target_path) == ("defaulted", None, "/include/0")


@pytest.mark.parametrize("target", ["bedrock", "anthropic"])
def test_a_change_to_lowered_instructions_text_points_at_instructions(target: str) -> None:
    """Found by test_translation_contract[responses-anthropic]: ``instructions`` become the first
    (system) message for a target without them; a change the target made to that message's content
    pointed at ``/instructions/content``, inside a string."""
    given = {"model": "m", "instructions": "Be brief.", "input": [{"role": "user", "content": "hi"}]}
    result = translate(given, source="responses", target=target)
    assert all(change.path in (None, "/model") or not change.path.startswith("/instructions/")
               for change in result.changes)
    assert any(change.path == "/instructions" for change in result.changes)


def test_an_empty_assistant_text_before_calls_reads_back_as_it_was_written() -> None:
    """Found by test_translation_contract (azure -> responses): an empty assistant message item took
    the function_call items after it, so the call's empty text was left out when written back and the
    call moved from /input/2 to /input/1. The empty item is its own message; the calls another."""
    call = {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"}
    items = [USER, {"role": "assistant", "content": ""}, call]
    items.append({"type": "function_call_output", "call_id": "c1", "output": "Sunny"})
    flat = {"type": "function", "name": "lookup", "parameters": {"type": "object"}, "strict": False}
    payload = {"model": "gpt-4.1", "input": items, "tools": [flat]}
    again = translate(payload, source="responses", target="responses")
    assert again.changes == ()
    assert again.payload == payload
    chat = translate(payload, source="responses", target="openai")
    assert [m["role"] for m in chat.payload["messages"]] == ["user", "assistant", "assistant", "tool"]
    moved = [(c.kind, c.path, c.target_path) for c in chat.changes if c.path == "/input/2"]
    assert moved == [("converted", "/input/2", "/messages/2/tool_calls/0")]
    # an empty text beside the calls in one chat message is still left out, recorded at its pointer
    merged = {"role": "assistant", "content": "", "tool_calls": chat.payload["messages"][2]["tool_calls"]}
    chat_messages = [USER, merged, chat.payload["messages"][3]]
    out = translate({"model": "gpt-4.1", "messages": chat_messages}, source="openai", target="responses")
    records = [(c.kind, c.path, c.target_path) for c in out.changes]
    assert ("converted", "/messages/1/content", None) in records
    assert out.payload["input"][1]["type"] == "function_call"


@pytest.mark.parametrize("extra", [{"name": "ann"}, {"responses": {"id": "msg_1"}}])
def test_one_user_message_whose_extras_are_dropped_is_the_input_string(extra: dict[str, Any]) -> None:
    """Found by test_translation_contract (watsonx -> responses): one user message with a name was
    written as a list of one item (the name dropped), which reads back as the input string: the
    output was not a fixed point of responses. What the item would drop is dropped at its pointer,
    and the text is the input string."""
    message = {"role": "user", "content": "Hello", **extra}
    result = render(parse({"model": "gpt-4.1", "messages": [message]}, dialect="openai"), dialect="responses")
    assert result.payload["input"] == "Hello"
    dropped = "/messages/0/name" if "name" in extra else "/messages/0/responses/id"
    assert [(c.kind, c.path, c.target_path) for c in result.changes] == [
        ("dropped", dropped, None),
        ("converted", "/messages/0", "/input"),
    ]
    again = translate(result.payload, source="responses", target="responses")
    assert again.changes == () and again.payload == result.payload


@pytest.mark.parametrize("target", ["gemini", "bedrock", "anthropic"])
def test_changes_to_the_messages_of_an_input_string_point_at_input(target: str) -> None:
    """Found by test_translation_contract (responses -> gemini): the input string is the canonical
    messages list, so a change the target records at ``/messages`` was reported at ``/messages``,
    which the caller's payload lacks: it is at ``/input``."""
    result = translate({"model": "m", "input": "Hello"}, source="responses", target=target)
    assert all(change.path in (None, "/input", "/model") for change in result.changes)
    assert any(change.path == "/input" for change in result.changes)


def test_tool_records_point_at_the_flat_tools_written() -> None:
    """Found by the fixture-wide pointer check: a change of a whole tool made reading (an Anthropic
    custom tool's type) kept its canonical index once a tool before it was dropped, and tools left
    out because every one was dropped were left out unrecorded at ``/tools`` (where reading may
    have put them: Bedrock's ``toolConfig.tools``)."""
    server = {"type": "web_search_20250305", "name": "web_search"}
    custom = {"type": "custom", "name": "f", "input_schema": {"type": "object"}}
    payload = {"model": "m", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}
    result = translate({**payload, "tools": [server, custom]}, source="anthropic", target="responses")
    assert [tool["name"] for tool in result.payload["tools"]] == ["f"]
    assert ("converted", "/tools/1/type", "/tools/0") in changes(result)
    alone = translate({**payload, "tools": [server]}, source="anthropic", target="responses")
    assert "tools" not in alone.payload
    records = [record for record in changes(alone) if record[1] and record[1].startswith("/tools")]
    assert records == [("dropped", "/tools/0", None), ("converted", "/tools", None)]
