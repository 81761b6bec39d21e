"""The anthropic shape codec: decode and encode through a Trace, on fixtures and on edge cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from chatdialect import translate
from chatdialect._changes import Change, Trace
from chatdialect._dialects.anthropic_codec import AnthropicCodec
from chatdialect._errors import InvalidRequestError
from chatdialect._model import ChatRequest

REQUESTS = Path(__file__).resolve().parents[2] / "fixtures" / "requests" / "anthropic"
PATHS = sorted(REQUESTS.glob("*.json"))
CODEC = AnthropicCodec()
STRUCTURAL = (
    "messages",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "user",
    "response_format",
    "reasoning_effort",
)


def load(path: Path) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def decode(payload: dict[str, Any]) -> tuple[dict[str, Any], Trace]:
    trace = Trace()
    return CODEC.decode(payload, trace), trace


def encode(data: dict[str, Any]) -> tuple[dict[str, Any], Trace]:
    trace = Trace()
    return CODEC.encode(data, trace), trace


def kinds(changes: list[Change]) -> dict[str | None, str]:
    """Changes by path (or target path, for a change without one) -> kind."""
    return {change.path if change.path is not None else change.target_path: change.kind for change in changes}


def without_custom_type(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as written back: an explicit custom tool type is implied, so it is not written."""
    expected = copy.deepcopy(payload)
    for tool in expected.get("tools", []):
        if tool.get("type") == "custom":
            del tool["type"]
    return expected


# --- fixtures ----------------------------------------------------------------------------------


def test_the_fixture_set_is_complete() -> None:
    assert len(PATHS) >= 22
    assert any(path.name.startswith("unknown_fields_") for path in PATHS)
    listed = (REQUESTS / "README.md").read_text(encoding="utf-8")
    for path in PATHS:
        payload = load(path)
        assert isinstance(payload.get("model"), str), path.name
        assert isinstance(payload.get("max_tokens"), int), path.name
        assert f"`{path.name}`" in listed, path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_fixture_round_trips(path: Path) -> None:
    payload = load(path)
    original = copy.deepcopy(payload)
    trace = Trace()
    decoded = CODEC.decode(payload, trace)
    assert trace.problems == []
    encoded = CODEC.encode(decoded, trace)
    assert payload == original  # neither step changed the caller's payload
    assert encoded == without_custom_type(original)
    net = trace.net(payload)
    assert [change for change in net if change.lossy] == []
    assert all(change.path == "/tools/0/type" for change in net), net


def leaf_strings(value: Any) -> set[str]:
    """Every string value inside a JSON value but the ``type`` and ``role`` discriminators."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = [item for key, item in value.items() if key not in ("type", "role")]
    return set().union(*(leaf_strings(item) for item in value)) if isinstance(value, list) else set()


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_change_reasons_never_echo_values(path: Path) -> None:
    payload = load(path)
    trace = Trace()
    CODEC.encode(CODEC.decode(payload, trace), trace)
    values = {value for value in leaf_strings(payload) if len(value) >= 4}
    for change in [*trace.read, *trace.written]:
        assert not [value for value in values if value in change.reason], change


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_decoded_structure_is_a_valid_canonical_request(path: Path) -> None:
    decoded, _ = decode(load(path))
    structural = {key: decoded[key] for key in STRUCTURAL if key in decoded}
    ChatRequest.model_validate({"model": decoded["model"], **structural})


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_decode_copies_every_other_key_in_order(path: Path) -> None:
    payload = load(path)
    decoded, _ = decode(payload)
    handled = set(AnthropicCodec.handles)
    assert [key for key in decoded if key not in STRUCTURAL] == [key for key in payload if key not in handled]
    for key in payload.keys() - handled:
        assert decoded[key] is payload[key]


def test_encode_writes_model_max_tokens_system_messages_first() -> None:
    payload = load(REQUESTS / "streaming.json")
    encoded, _ = encode(decode(payload)[0])
    assert list(encoded)[:4] == ["model", "max_tokens", "system", "messages"]


# --- decode ------------------------------------------------------------------------------------


def test_system_string_becomes_the_first_message_and_pointers_map_back() -> None:
    payload = {
        "model": "m",
        "max_tokens": 9,
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "Hi"}],
    }
    decoded, trace = decode(payload)
    assert decoded["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert list(decoded) == ["model", "max_tokens", "messages"]
    assert trace.read == [Change("converted", "/system", "/messages/0", trace.read[0].reason)]
    assert trace.to_input("/messages/0/content") == "/system"
    assert trace.to_input("/messages/1/content") == "/messages/0/content"


def test_system_blocks_keep_cache_control_on_parts() -> None:
    blocks = [
        {"type": "text", "text": "A"},
        {"type": "text", "text": "B", "cache_control": {"type": "ephemeral"}},
    ]
    decoded, trace = decode({"system": blocks, "messages": [{"role": "user", "content": "Hi"}]})
    assert decoded["messages"][0] == {"role": "system", "content": blocks}
    assert trace.to_input("/messages/0/content/1/cache_control") == "/system/1/cache_control"


def test_user_turn_splits_into_tool_messages_then_the_rest() -> None:
    turn = [
        {"type": "tool_result", "tool_use_id": "t1", "content": "ok", "is_error": True},
        {"type": "tool_result", "tool_use_id": "t2", "content": [{"type": "text", "text": "fine"}]},
        {"type": "text", "text": "Thanks"},
    ]
    decoded, trace = decode(
        {"messages": [{"role": "user", "content": "Go"}, {"role": "user", "content": turn}]}
    )
    assert decoded["messages"][1:] == [
        {"role": "tool", "tool_call_id": "t1", "content": "ok", "is_error": True},
        {"role": "tool", "tool_call_id": "t2", "content": [{"type": "text", "text": "fine"}]},
        {"role": "user", "content": [{"type": "text", "text": "Thanks"}]},
    ]
    assert kinds(trace.read) == {"/messages/1/content/0": "converted", "/messages/1/content/1": "converted"}
    assert trace.read[0].target_path == "/messages/1"
    assert trace.to_input("/messages/2/tool_call_id") == "/messages/1/content/1/tool_use_id"
    assert trace.to_input("/messages/3/content/0/text") == "/messages/1/content/2/text"


def test_results_after_other_blocks_are_moved_first_and_recorded() -> None:
    turn = [{"type": "text", "text": "Here:"}, {"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]
    decoded, trace = decode({"messages": [{"role": "user", "content": turn}]})
    assert [message["role"] for message in decoded["messages"]] == ["tool", "user"]
    assert Change("converted", "/messages/0", "/messages/1", trace.read[-1].reason) in trace.read


def test_tool_result_without_content_gets_empty_text_recorded_defaulted() -> None:
    turn = [{"type": "tool_result", "tool_use_id": "t1"}]
    decoded, trace = decode({"messages": [{"role": "user", "content": turn}]})
    assert decoded["messages"] == [{"role": "tool", "tool_call_id": "t1", "content": ""}]
    assert Change("defaulted", None, "/messages/0/content", trace.read[0].reason) == trace.read[0]
    encoded = CODEC.encode(decoded, trace)
    assert encoded["messages"] == [{"role": "user", "content": turn}]
    assert [change.kind for change in trace.net()] == []


def test_user_blocks_become_canonical_parts_or_anthropic_parts() -> None:
    png = {"type": "base64", "media_type": "image/png", "data": "AAAA"}
    pdf = {"type": "base64", "media_type": "application/pdf", "data": "JVBER"}
    text_doc = {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "x"}}
    titled_pdf = {"type": "document", "source": pdf, "title": "Report"}
    file_image = {"type": "image", "source": {"type": "file", "file_id": "file_01"}}
    tiff = {"type": "image", "source": {**png, "media_type": "image/tiff"}}
    turn = [
        {"type": "image", "source": png, "cache_control": {"type": "ephemeral"}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.jpg"}},
        {"type": "document", "source": pdf},
        text_doc,
        titled_pdf,
        file_image,
        tiff,
        {"type": "container_upload", "file_id": "file_02"},
    ]
    decoded, trace = decode({"messages": [{"role": "user", "content": turn}]})
    assert decoded["messages"][0]["content"] == [
        {
            "type": "image_url",
            "image_url": {"url": "data:image/png;base64,AAAA"},
            "cache_control": {"type": "ephemeral"},
        },
        {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}},
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBER"}},
        {"type": "anthropic", "anthropic": text_doc},
        {"type": "anthropic", "anthropic": titled_pdf},
        {"type": "anthropic", "anthropic": file_image},
        {"type": "anthropic", "anthropic": tiff},
        {"type": "anthropic", "anthropic": turn[-1]},
    ]
    assert all(change.kind == "converted" for change in trace.read)
    assert [change.path for change in trace.read] == [f"/messages/0/content/{j}" for j in range(len(turn))]
    assert CODEC.encode(decoded, trace)["messages"][0]["content"] == turn


def test_only_user_image_and_document_blocks_become_canonical_parts() -> None:
    pdf = {"type": "base64", "media_type": "application/pdf", "data": "JVBER"}
    odd = {"type": "future_block", "source": pdf}
    image = {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}
    payload = {"messages": [{"role": "user", "content": [odd]}, {"role": "assistant", "content": [image]}]}
    decoded, _ = decode(payload)
    assert decoded["messages"][0]["content"] == [{"type": "anthropic", "anthropic": odd}]
    assert decoded["messages"][1]["content"] == [{"type": "anthropic", "anthropic": image}]


def test_assistant_blocks_split_into_thinking_content_and_tool_calls() -> None:
    thinking = {"type": "thinking", "thinking": "Hmm", "signature": "sig"}
    redacted = {"type": "redacted_thinking", "data": "opaque"}
    use = {
        "type": "tool_use",
        "id": "toolu_1",
        "name": "lookup",
        "input": {"q": "Ærø", "n": 2},
        "cache_control": {"type": "ephemeral"},
    }
    server = {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "x"}}
    turn = [thinking, redacted, {"type": "text", "text": "Looking."}, server, use]
    decoded, trace = decode(
        {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": turn}]}
    )
    assert decoded["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "Looking."}, {"type": "anthropic", "anthropic": server}],
        "tool_calls": [
            {
                "id": "toolu_1",
                "type": "function",
                "function": {"name": "lookup", "arguments": '{"q":"Ærø","n":2}'},
                "cache_control": {"type": "ephemeral"},
            }
        ],
        "thinking_blocks": [thinking, redacted],
    }
    assert "/messages/1" not in kinds(trace.read)  # already in Anthropic's order: nothing reordered
    assert trace.to_input("/messages/1/tool_calls/0/function/arguments") == "/messages/1/content/4/input"
    assert trace.to_input("/messages/1/content/1") == "/messages/1/content/3"


def test_assistant_blocks_out_of_order_are_recorded_reordered() -> None:
    use = {"type": "tool_use", "id": "t", "name": "f", "input": {}}
    turn = [use, {"type": "text", "text": "Done."}]
    decoded, trace = decode({"messages": [{"role": "assistant", "content": turn}]})
    assert kinds(trace.read)["/messages/0"] == "converted"
    encoded = CODEC.encode(decoded, trace)
    assert encoded["messages"][0]["content"] == [turn[1], use]
    net = {change.path: change.target_path for change in trace.net()}
    assert net == {"/messages/0": "/messages/0", "/messages/0/content/0": "/messages/0/content/1"}


def test_assistant_with_only_tool_use_has_no_content() -> None:
    turn = [{"type": "tool_use", "id": "t", "name": "f", "input": {"a": [1, 2]}}]
    decoded, _ = decode({"messages": [{"role": "assistant", "content": turn}]})
    assert decoded["messages"][0].keys() == {"role", "tool_calls"}


def test_custom_and_anthropic_tools() -> None:
    custom = {
        "type": "custom",
        "name": "f",
        "description": "d",
        "input_schema": {"type": "object"},
        "strict": True,
        "defer_loading": True,
        "cache_control": {"type": "ephemeral"},
    }
    search = {"type": "web_search_20250305", "name": "web_search", "max_uses": 2}
    decoded, trace = decode({"tools": [custom, search]})
    assert decoded["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "f",
                "description": "d",
                "parameters": {"type": "object"},
                "strict": True,
                "defer_loading": True,
            },
            "cache_control": {"type": "ephemeral"},
        },
        {"type": "anthropic", "anthropic": search},
    ]
    assert kinds(trace.read) == {"/tools/0/type": "converted", "/tools": "converted"}
    assert trace.to_input("/tools/0/function/parameters/type") == "/tools/0/input_schema/type"
    assert trace.to_input("/tools/0/function/name") == "/tools/0/name"


def test_only_anthropic_tools_record_nothing() -> None:
    _, trace = decode({"tools": [{"type": "bash_20250124", "name": "bash"}]})
    assert trace.read == []


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, {"tool_choice": "auto"}),
        ({"type": "any"}, {"tool_choice": "required"}),
        ({"type": "none"}, {"tool_choice": "none"}),
        ({"type": "tool", "name": "f"}, {"tool_choice": {"type": "function", "function": {"name": "f"}}}),
        (
            {"type": "auto", "disable_parallel_tool_use": True},
            {"tool_choice": "auto", "parallel_tool_calls": False},
        ),
        (
            {"type": "any", "disable_parallel_tool_use": False},
            {"tool_choice": "required", "parallel_tool_calls": True},
        ),
    ],
)
def test_tool_choice_round_trips(choice: dict[str, Any], expected: dict[str, Any]) -> None:
    payload = {"tool_choice": choice}
    decoded, trace = decode(payload)
    assert decoded == expected
    assert CODEC.encode(decoded, trace) == {"messages": [], "tool_choice": choice}
    assert trace.net(payload) == []


def test_metadata_user_id_becomes_user_and_other_keys_drop() -> None:
    decoded, trace = decode({"metadata": {"user_id": "u-1", "session": "s"}})
    assert decoded == {"user": "u-1"}
    assert kinds(trace.read) == {"/metadata/session": "dropped", "/metadata/user_id": "converted"}


def test_output_config_format_and_effort() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    config = {"format": {"type": "json_schema", "schema": schema}, "effort": "low", "task_budget": 5}
    payload = {"output_config": config}
    decoded, trace = decode(payload)
    assert decoded == {
        "response_format": {"type": "json_schema", "json_schema": {"name": "response", "schema": schema}},
        "reasoning_effort": "low",
    }
    assert kinds(trace.read) == {
        "/output_config/task_budget": "dropped",
        "/output_config/format": "converted",
        "/response_format/json_schema/name": "defaulted",
        "/output_config/effort": "converted",
    }
    assert trace.to_input("/response_format/json_schema/schema/type") == "/output_config/format/schema/type"
    encoded = CODEC.encode(decoded, trace)
    assert encoded == {"messages": [], "output_config": {"format": config["format"], "effort": "low"}}
    assert [(change.kind, change.path) for change in trace.net(payload)] == [
        ("dropped", "/output_config/task_budget")
    ]


def test_wire_keys_named_like_produced_canonical_fields_are_dropped() -> None:
    decoded, trace = decode({"user": "u", "metadata": {"user_id": "m"}, "parallel_tool_calls": False})
    assert decoded == {"user": "m"}
    assert kinds(trace.read) == {
        "/user": "dropped",
        "/metadata/user_id": "converted",
        "/parallel_tool_calls": "dropped",
    }


@pytest.mark.parametrize(
    ("payload", "pointer"),
    [
        ({"messages": ["hi"]}, "/messages/0"),
        ({"messages": [{"role": "tool", "content": "x"}]}, "/messages/0/role"),
        (
            {"messages": [{"role": "assistant", "content": [{"type": "tool_result", "tool_use_id": "t"}]}]},
            "/messages/0/content/0",
        ),
        (
            {
                "messages": [
                    {"role": "assistant", "content": [{"type": "tool_use", "name": "f", "input": {}}]}
                ]
            },
            "/messages/0/content/0",
        ),
        (
            {
                "messages": [
                    {
                        "role": "assistant",
                        "content": [{"type": "tool_use", "id": "t", "name": "f", "input": [1]}],
                    }
                ]
            },
            "/messages/0/content/0/input",
        ),
        ({"tool_choice": "auto"}, "/tool_choice"),
        ({"tool_choice": {"type": "tool"}}, "/tool_choice"),
        (
            {"tool_choice": {"type": "auto", "disable_parallel_tool_use": "yes"}},
            "/tool_choice/disable_parallel_tool_use",
        ),
        ({"metadata": "u-1"}, "/metadata"),
        ({"output_config": {"format": {"type": "json_object"}}}, "/output_config/format"),
    ],
)
def test_shape_problems_are_reported_at_the_wire_pointer(payload: dict[str, Any], pointer: str) -> None:
    _, trace = decode(payload)
    assert [problem[0] for problem in trace.problems] == [pointer]
    assert str(payload) not in trace.problems[0][1]


def test_a_message_key_anthropic_lacks_is_dropped_on_read() -> None:
    message = {"role": "user", "content": "Hi", "name": "kari", "x-secret token": "FAKE-KEY-0000"}
    decoded, trace = decode({"messages": [message]})
    assert decoded["messages"] == [{"role": "user", "content": "Hi"}]
    assert [(change.kind, change.path, change.reason) for change in trace.read] == [
        ("dropped", "/messages/0/name", "Anthropic messages have no name field."),
        ("dropped", "/messages/0/x-secret token", "Anthropic messages have no such field."),
    ]


def test_block_keys_named_like_what_reading_makes_are_dropped() -> None:
    """A tool_use's function, a tool_result's role or tool_call_id and a custom tool's parameters
    are not Anthropic's: kept, they would take the place of what reading made from the block."""
    call = {"type": "tool_use", "id": "a", "name": "f", "input": {"x": 1}, "function": {"name": "g"}}
    result = {"type": "tool_result", "tool_use_id": "a", "content": "ok", "role": "user", "tool_call_id": "b"}
    tool = {"name": "f", "input_schema": {"type": "object"}, "parameters": {}}
    payload = {
        "messages": [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": [call]},
            {"role": "user", "content": [result]},
        ],
        "tools": [tool],
    }
    decoded, trace = decode(payload)
    assert decoded["messages"][1]["tool_calls"][0]["function"] == {"name": "f", "arguments": '{"x":1}'}
    assert decoded["messages"][2] == {"role": "tool", "tool_call_id": "a", "content": "ok"}
    assert decoded["tools"][0]["function"] == {"name": "f", "parameters": {"type": "object"}}
    dropped = {change.path: change.reason for change in trace.read if change.kind == "dropped"}
    assert dropped == {
        "/messages/1/content/0/function": "Anthropic tool_use blocks have no function field.",
        "/messages/2/content/0/role": "Anthropic tool_result blocks have no role field.",
        "/messages/2/content/0/tool_call_id": "Anthropic tool_result blocks have no tool_call_id field.",
        "/tools/0/parameters": "Anthropic custom tools have no parameters field.",
    }


def test_schema_replaces_the_canonical_fields_it_writes() -> None:
    """``Codec.schema``: the wire properties in place of the canonical ones, rule-narrowed values
    kept where they go on the wire, definitions added under the dialect's prefix."""
    effort = {"anyOf": [{"type": "string", "enum": ["low", "max"]}, {"type": "null"}], "title": "E"}
    tools = {"anyOf": [{"type": "array", "maxItems": 128, "items": {}}, {"type": "null"}]}
    canonical = {name: {} for name in ("model", "messages", "temperature", "parallel_tool_calls", "user")}
    schema = {"properties": {**canonical, "tools": tools, "reasoning_effort": effort, "response_format": {}}}
    defs: dict[str, Any] = {"TextPart": {}}
    CODEC.schema(schema, defs)
    assert list(schema["properties"]) == [
        "model", "system", "messages", "temperature", "tools", "tool_choice", "metadata", "output_config",
    ]
    output_config = schema["properties"]["output_config"]["anyOf"][0]
    assert output_config["properties"]["effort"]["anyOf"][0]["enum"] == ["low", "max"]
    assert schema["properties"]["tools"]["anyOf"][0]["maxItems"] == 128
    assert "TextPart" in defs and all(name.startswith("Anthropic") for name in set(defs) - {"TextPart"})


# --- encode ------------------------------------------------------------------------------------


def test_one_string_system_message_is_written_as_a_string() -> None:
    encoded, trace = encode(
        {"messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}
    )
    assert encoded == {"system": "Be brief.", "messages": [{"role": "user", "content": "Hi"}]}
    assert kinds(trace.written) == {"/messages/0": "converted"}


def test_a_leading_run_is_written_as_text_blocks_with_cache_control_on_the_last() -> None:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "A", "name": "ops"},
        {
            "role": "developer",
            "content": [{"type": "text", "text": "B"}],
            "cache_control": {"type": "ephemeral"},
        },
        {"role": "user", "content": "Hi"},
    ]
    encoded, trace = encode({"messages": messages})
    assert encoded["system"] == [
        {"type": "text", "text": "A"},
        {"type": "text", "text": "B", "cache_control": {"type": "ephemeral"}},
    ]
    assert messages[1]["content"] == [{"type": "text", "text": "B"}]  # data's objects are never changed
    assert kinds(trace.written) == {
        "/messages/0/name": "dropped",
        "/messages/0": "converted",
        "/messages/0/content": "converted",
        "/messages/1": "converted",
        "/messages/1/cache_control": "converted",
    }
    assert trace.written[1].target_path == "/system/0" and trace.written[3].target_path == "/system/1"


def test_a_later_developer_message_becomes_a_system_turn() -> None:
    messages = [{"role": "user", "content": "Hi"}, {"role": "developer", "content": "Now be formal."}]
    encoded, trace = encode({"messages": messages})
    assert encoded["messages"][1] == {"role": "system", "content": "Now be formal."}
    assert trace.written == [
        Change("converted", "/messages/1/role", "/messages/1/role", trace.written[0].reason)
    ]


def test_tool_messages_and_the_next_user_message_form_one_turn() -> None:
    messages = [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "Go"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}},
                {"id": "c2", "type": "function", "function": {"name": "g", "arguments": "{}"}},
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "one"},
        {"role": "tool", "tool_call_id": "c2", "content": [{"type": "text", "text": "two"}]},
        {"role": "user", "content": "And?"},
        {"role": "user", "content": "Hello?"},
    ]
    encoded, trace = encode({"messages": messages})
    assert encoded["messages"] == [
        {"role": "user", "content": "Go"},
        {
            "role": "assistant",
            "content": [
                {"type": "tool_use", "id": "c1", "name": "f", "input": {"a": 1}},
                {"type": "tool_use", "id": "c2", "name": "g", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "c1", "content": "one"},
                {"type": "tool_result", "tool_use_id": "c2", "content": [{"type": "text", "text": "two"}]},
                {"type": "text", "text": "And?"},
            ],
        },
        {"role": "user", "content": "Hello?"},
    ]
    targets = {change.path: change.target_path for change in trace.written}
    assert targets["/messages/3"] == "/messages/2/content/0"
    assert targets["/messages/4"] == "/messages/2/content/1"
    assert targets["/messages/5/content"] == "/messages/2/content/2"
    assert targets["/messages/2/tool_calls/1"] == "/messages/1/content/1"


def test_a_results_only_turn_then_a_user_turn_merge_on_the_way_back() -> None:
    results = [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]
    payload = {"messages": [{"role": "user", "content": results}, {"role": "user", "content": "Next"}]}
    trace = Trace()
    encoded = CODEC.encode(CODEC.decode(payload, trace), trace)
    assert encoded["messages"] == [{"role": "user", "content": [*results, {"type": "text", "text": "Next"}]}]
    assert [(change.kind, change.path) for change in trace.net(payload)] == [
        ("converted", "/messages/1/content")
    ]


def test_user_parts_anthropic_cannot_carry_are_dropped_with_records() -> None:
    content = [
        {"type": "text", "text": "Look", "cache_control": {"type": "ephemeral"}},
        {"type": "image_url", "image_url": {"url": "http://example.com/a.png", "detail": "high"}},
        {"type": "image_url", "image_url": {"url": "data:image/bmp;base64,Qk0="}},
        {"type": "image_url", "image_url": {"url": "ftp://example.com/a.png"}},
        {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}},
        {"type": "file", "file": {"file_id": "file-1"}},
        {"type": "file", "file": {"file_data": "data:text/csv;base64,YSxi", "filename": "a.csv"}},
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBER", "filename": "r.pdf"}},
    ]
    encoded, trace = encode({"messages": [{"role": "user", "content": content, "name": "kari"}]})
    assert encoded["messages"][0]["content"] == [
        {"type": "text", "text": "Look", "cache_control": {"type": "ephemeral"}},
        {"type": "image", "source": {"type": "url", "url": "http://example.com/a.png"}},
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBER"}},
    ]
    assert kinds(trace.written) == {
        "/messages/0/name": "dropped",
        "/messages/0/content/1/image_url/detail": "dropped",
        "/messages/0/content/1": "converted",
        "/messages/0/content/2": "dropped",
        "/messages/0/content/3": "dropped",
        "/messages/0/content/4": "dropped",
        "/messages/0/content/5": "dropped",
        "/messages/0/content/6": "dropped",
        "/messages/0/content/7/file/filename": "dropped",
        "/messages/0/content/7": "converted",
    }
    targets = {change.path: change.target_path for change in trace.written}
    assert targets["/messages/0/content/1"] == "/messages/0/content/1"
    assert targets["/messages/0/content/7"] == "/messages/0/content/2"


def test_a_user_message_with_nothing_anthropic_can_carry_is_dropped() -> None:
    audio = {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}
    encoded, trace = encode(
        {"messages": [{"role": "user", "content": [audio]}, {"role": "user", "content": "Hi"}]}
    )
    assert encoded["messages"] == [{"role": "user", "content": "Hi"}]
    assert kinds(trace.written) == {"/messages/0": "dropped"}


REFUSAL_ONLY = {"role": "assistant", "content": [{"type": "refusal", "refusal": "No."}]}
AUDIO = {"type": "input_audio", "input_audio": {"data": "AA", "format": "wav"}}
AUDIO_ONLY = {"role": "user", "content": [AUDIO]}


def test_a_message_dropped_first_does_not_decide_where_the_system_prompt_ends() -> None:
    """A system message after a message Anthropic cannot carry is still the leading system run:
    it goes to ``system``, never into a ``role: "system"`` turn that opens the conversation."""
    system = {"role": "system", "content": "Be brief."}
    encoded, trace = encode({"messages": [REFUSAL_ONLY, system, {"role": "user", "content": "Hi"}]})
    assert encoded["system"] == "Be brief."
    assert encoded["messages"] == [{"role": "user", "content": "Hi"}]
    assert kinds(trace.written) == {"/messages/0": "dropped", "/messages/1": "converted"}
    assert {change.path: change.target_path for change in trace.written}["/messages/1"] == "/system"


def test_a_dropped_message_between_tool_results_and_a_user_message_does_not_split_the_turn() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "Go"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
        REFUSAL_ONLY,
        {"role": "user", "content": "Thanks"},
    ]
    encoded, trace = encode({"messages": messages})
    assert [turn["role"] for turn in encoded["messages"]] == ["user", "assistant", "user"]
    assert [block["type"] for block in encoded["messages"][2]["content"]] == ["tool_result", "text"]
    assert kinds(trace.written)["/messages/3"] == "dropped"


def test_a_user_message_merged_after_tool_results_is_recorded_when_nothing_of_it_is_carried() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "Go"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
        AUDIO_ONLY,
    ]
    encoded, trace = encode({"messages": messages})
    assert [block["type"] for block in encoded["messages"][2]["content"]] == ["tool_result"]
    assert kinds(trace.written)["/messages/3"] == "dropped"


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "system", "content": "Be brief."}],
        [{"role": "developer", "content": "Be brief."}, AUDIO_ONLY],
        [REFUSAL_ONLY],
    ],
    ids=["system only", "system and an audio-only user message", "a refusal only"],
)
def test_a_request_with_no_turn_left_cannot_be_written(messages: list[dict[str, Any]]) -> None:
    """Anthropic refuses an empty ``messages`` list ("messages must have at least one element", as
    quoted in Helicone/helicone#5257), and a turn is not invented (SPEC 8): an error at /messages."""
    with pytest.raises(InvalidRequestError) as caught:
        encode({"messages": messages})
    assert caught.value.pointers == ("/messages",)
    assert "would have no turn" in str(caught.value)


def test_assistant_writing() -> None:
    messages = [
        {"role": "user", "content": "Q"},
        {"role": "assistant", "content": "Plain", "name": "bot"},
        {"role": "user", "content": "Q2"},
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "Partly"}, {"type": "refusal", "refusal": "No."}],
            "refusal": "No.",
            "thinking_blocks": [{"type": "thinking", "thinking": "t", "signature": "s"}],
            "tool_calls": [
                {
                    "id": "c",
                    "type": "function",
                    "function": {"name": "f", "arguments": "{}"},
                    "extra_content": {},
                }
            ],
        },
    ]
    encoded, trace = encode({"messages": messages})
    assert encoded["messages"][1] == {"role": "assistant", "content": "Plain"}
    assert encoded["messages"][3]["content"] == [
        {"type": "thinking", "thinking": "t", "signature": "s"},
        {"type": "text", "text": "Partly"},
        {"type": "tool_use", "id": "c", "name": "f", "input": {}},
    ]
    assert kinds(trace.written) == {
        "/messages/1/name": "dropped",
        "/messages/3/refusal": "dropped",
        "/messages/3/thinking_blocks/0": "converted",
        "/messages/3/content/1": "dropped",
        "/messages/3/tool_calls/0/extra_content": "dropped",
        "/messages/3/tool_calls/0": "converted",
    }


def test_empty_assistant_text_beside_tool_calls_is_left_out() -> None:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    encoded, trace = encode({"messages": [{"role": "assistant", "content": "", "tool_calls": [call]}]})
    assert encoded["messages"] == [
        {"role": "assistant", "content": [{"type": "tool_use", "id": "c", "name": "f", "input": {}}]}
    ]
    assert trace.written[0] == Change("converted", "/messages/0/content", None, trace.written[0].reason)


EMPTY_TEXT_PART = {"type": "text", "text": ""}


def test_empty_text_parts_of_an_assistant_turn_are_left_out_with_records() -> None:
    """Anthropic rejects empty text blocks ("text content blocks must be non-empty",
    vendors/anthropic_messages.md section 2): an empty text part of an assistant turn is left out
    (recorded ``converted`` with no target), as empty string content already was."""
    messages = [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": [EMPTY_TEXT_PART, {"type": "text", "text": "Yes"}, EMPTY_TEXT_PART]},
    ]
    encoded, trace = encode({"messages": messages})
    assert encoded["messages"][1] == {"role": "assistant", "content": [{"type": "text", "text": "Yes"}]}
    assert [(c.kind, c.path, c.target_path) for c in trace.written] == [
        ("converted", "/messages/1/content/0", None),
        ("converted", "/messages/1/content/2", None),
    ]


@pytest.mark.parametrize("content", ["", [EMPTY_TEXT_PART]], ids=["string", "text part"])
def test_an_assistant_message_of_empty_text_is_dropped_in_either_form(content: Any) -> None:
    """Empty assistant text is one meaning in two forms (the Responses writer joins text parts
    into a string): both carry nothing Anthropic can write, so both drop the message."""
    messages = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": content}]
    encoded, trace = encode({"messages": messages})
    assert encoded["messages"] == [{"role": "user", "content": "Hi"}]
    assert kinds(trace.written) == {"/messages/1": "dropped"}


def test_the_hypothesis_example_fails_alike_from_anthropic_and_back_from_responses() -> None:
    """The minimal example Hypothesis found for anthropic -> responses -> anthropic: written back
    from Responses (which joins the empty text part into ``""``) the request had no turn, while
    written to Anthropic directly it kept an empty text block Anthropic rejects. Now both legs
    give the same error: the request holds no turn Anthropic can carry."""
    payload = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "messages": [{"role": "assistant", "content": [EMPTY_TEXT_PART]}],
    }
    with pytest.raises(InvalidRequestError) as direct:
        translate(payload, source="anthropic", target="anthropic")
    assert direct.value.pointers == ("/messages",)
    there = translate(payload, source="anthropic", target="responses")
    assert there.payload["input"] == [{"role": "assistant", "content": ""}]
    with pytest.raises(InvalidRequestError) as back:
        translate(there.payload, source="responses", target="anthropic")
    assert back.value.pointers == ("/input",)
    assert "would have no turn" in str(direct.value) and "would have no turn" in str(back.value)


@pytest.mark.parametrize("arguments", ["[1, 2]", "not json", "", '"text"'])
def test_arguments_that_are_not_a_json_object_are_an_error(arguments: str) -> None:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}
    with pytest.raises(InvalidRequestError) as caught:
        encode(
            {
                "messages": [
                    {"role": "user", "content": "Q"},
                    {"role": "assistant", "tool_calls": [call, call]},
                ]
            }
        )
    assert caught.value.pointers == (
        "/messages/1/tool_calls/0/function/arguments",
        "/messages/1/tool_calls/1/function/arguments",
    )
    assert caught.value.dialect == "anthropic"
    assert arguments not in str(caught.value) or arguments == ""


def test_argument_errors_point_into_the_callers_payload() -> None:
    payload = {
        "system": "S",
        "messages": [
            {"role": "user", "content": "Q"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "x"},
                    {"type": "tool_use", "id": "t", "name": "f", "input": {}},
                ],
            },
        ],
    }
    trace = Trace()
    decoded = CODEC.decode(payload, trace)
    decoded["messages"][2]["tool_calls"][0]["function"]["arguments"] = "[]"
    with pytest.raises(InvalidRequestError) as caught:
        CODEC.encode(decoded, trace)
    assert caught.value.pointers == ("/messages/1/content/1/input",)


def test_function_tools_become_custom_tools() -> None:
    tools = [
        {
            "type": "function",
            "function": {"name": "f", "description": "d", "strict": True, "parameters": {"type": "object"}},
        },
        {
            "type": "function",
            "function": {"name": "g", "x_vendor": 1},
            "cache_control": {"type": "ephemeral"},
        },
        {"type": "anthropic", "anthropic": {"type": "bash_20250124", "name": "bash"}},
    ]
    encoded, trace = encode({"tools": tools})
    assert encoded["tools"] == [
        {"name": "f", "description": "d", "strict": True, "input_schema": {"type": "object"}},
        {
            "name": "g",
            "input_schema": {"type": "object", "properties": {}},
            "cache_control": {"type": "ephemeral"},
        },
        {"type": "bash_20250124", "name": "bash"},
    ]
    assert kinds(trace.written) == {
        "/tools/1/function/x_vendor": "dropped",
        "/tools/1/input_schema": "defaulted",
        "/tools": "converted",
    }


@pytest.mark.parametrize(
    ("data", "expected", "changed"),
    [
        ({"tool_choice": "required"}, {"type": "any"}, {"/tool_choice": "converted"}),
        (
            {"tool_choice": {"type": "function", "function": {"name": "f"}}, "parallel_tool_calls": False},
            {"type": "tool", "name": "f", "disable_parallel_tool_use": True},
            {"/tool_choice": "converted", "/parallel_tool_calls": "converted"},
        ),
        (
            {"parallel_tool_calls": True},
            {"type": "auto", "disable_parallel_tool_use": False},
            {"/tool_choice": "defaulted", "/parallel_tool_calls": "converted"},
        ),
        (
            {"tool_choice": "none", "parallel_tool_calls": False},
            {"type": "none"},
            {"/tool_choice": "converted", "/parallel_tool_calls": "dropped"},
        ),
    ],
)
def test_tool_choice_writing(data: dict[str, Any], expected: dict[str, Any], changed: dict[str, str]) -> None:
    encoded, trace = encode(data)
    assert encoded["tool_choice"] == expected
    assert kinds(trace.written) == changed


def test_user_response_format_and_effort_writing() -> None:
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "invoice", "description": "d", "strict": True, "schema": {"type": "object"}},
    }
    data = {
        "model": "m",
        "user": "u-1",
        "response_format": response_format,
        "reasoning_effort": "high",
        "stream": True,
    }
    encoded, trace = encode(data)
    assert encoded == {
        "model": "m",
        "messages": [],
        "metadata": {"user_id": "u-1"},
        "output_config": {"format": {"type": "json_schema", "schema": {"type": "object"}}, "effort": "high"},
        "stream": True,
    }
    assert kinds(trace.written) == {
        "/user": "converted",
        "/response_format/json_schema/name": "dropped",
        "/response_format/json_schema/description": "dropped",
        "/response_format/json_schema/strict": "dropped",
        "/response_format": "converted",
        "/reasoning_effort": "converted",
    }


def test_a_response_format_without_a_schema_is_dropped() -> None:
    encoded, trace = encode({"response_format": {"type": "json_object"}})
    assert "output_config" not in encoded
    assert kinds(trace.written) == {"/response_format": "dropped"}


def test_codec_describes_itself() -> None:
    assert set(AnthropicCodec.handles) == {
        "system",
        "messages",
        "tools",
        "tool_choice",
        "metadata",
        "output_config",
    }
    assert "parallel_tool_calls" in AnthropicCodec.writes
    assert all(note.endswith(".") and "\n" not in note for note in AnthropicCodec.notes)
