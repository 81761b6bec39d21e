"""The gemini dialect (SPEC 8, issue 12): what reading and writing Gemini's generateContent body does,
rule by rule, and that gemini -> gemini loses nothing on every fixture."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from chatdialect import ChatRequest, InvalidRequestError, parse, render, translate
from conftest import REQUESTS, load_fixture
from strategies import differences, related

MODEL = "gemini-2.5-flash"
GEMINI = sorted((REQUESTS / "gemini").glob("*.json"))
USER = {"role": "user", "parts": [{"text": "hi"}]}


def read(payload: dict[str, Any], target: str = "openai") -> Any:
    return translate(payload, source="gemini", target=target, model=MODEL)


def write(payload: dict[str, Any]) -> Any:
    return translate({"model": MODEL, **payload}, source="openai", target="gemini")


def canonical(payload: dict[str, Any]) -> dict[str, Any]:
    return parse(payload, dialect="gemini", model=MODEL).model_dump(by_alias=True, exclude_none=True)


def kinds(result: Any, path: str) -> list[str]:
    return [change.kind for change in result.changes if change.path == path]


@pytest.mark.parametrize("path", GEMINI, ids=[p.stem for p in GEMINI])
def test_gemini_to_gemini_loses_nothing_and_records_every_difference(path: Path) -> None:
    payload = load_fixture(path)
    before = copy.deepcopy(payload)
    result = read(payload, "gemini")
    assert payload == before
    lossy = [change for change in result.changes if change.lossy]
    if "unknown_fields" in path.stem:
        assert {change.path for change in lossy} == {"/model", "/stream", "/max_tokens"}
        payload = {
            key: value for key, value in payload.items() if key not in ("model", "stream", "max_tokens")
        }
    else:
        assert lossy == []
    pointers = [p for change in result.changes for p in (change.path, change.target_path) if p]
    for side, pointer in differences(payload, result.payload):
        assert any(related(pointer, recorded) for recorded in pointers), (side, pointer)


def test_model_and_stream_live_in_the_endpoint() -> None:
    result = write({"messages": [{"role": "user", "content": "hi"}], "stream": True})
    assert "model" not in result.payload and "stream" not in result.payload
    assert kinds(result, "/model") == ["moved"] and kinds(result, "/stream") == ["moved"]
    assert result.endpoint.path == f"/v1beta/models/{MODEL}:streamGenerateContent?alt=sse"
    back = read(result.payload)
    assert back.payload["model"] == MODEL
    assert [(c.kind, c.path, c.target_path) for c in back.changes if c.target_path == "/model"] == [
        ("moved", None, "/model")
    ]
    assert read({"contents": [USER]}, "gemini").endpoint.path == f"/v1beta/models/{MODEL}:generateContent"


def test_system_messages_go_to_system_instruction_in_order() -> None:
    messages = [
        {"role": "system", "content": "one"},
        {"role": "user", "content": "hi"},
        {"role": "developer", "content": [{"type": "text", "text": "two"}]},
    ]
    result = write({"messages": messages})
    assert result.payload["systemInstruction"] == {"parts": [{"text": "one"}, {"text": "two"}]}
    later = [c for c in result.changes if c.path == "/messages/2"]
    assert later and "after the conversation began" in later[0].reason


def test_turns_alternate_and_tool_results_follow_their_calls() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
    messages = [
        {"role": "user", "content": "one"},
        {"role": "user", "content": "two"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"},
        {"role": "user", "content": "thanks"},
    ]
    result = write({"messages": messages})
    contents = result.payload["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    assert contents[0]["parts"] == [{"text": "one"}, {"text": "two"}]
    assert contents[1]["parts"] == [{"functionCall": {"id": "c1", "name": "f", "args": {"a": 1}}}]
    response = {"id": "c1", "name": "f", "response": {"output": "done"}}
    assert contents[2]["parts"] == [{"functionResponse": response}, {"text": "thanks"}]
    assert kinds(result, "/messages/1") == ["converted"]  # merged into the turn before


def test_a_tool_result_not_right_after_its_call_is_an_error() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "one"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"},
        {"role": "assistant", "content": "ok"},
        {"role": "tool", "tool_call_id": "c1", "content": "again"},
    ]
    with pytest.raises(InvalidRequestError) as caught:
        write({"messages": messages})
    assert caught.value.pointers == ("/messages/4/tool_call_id",)
    with pytest.raises(InvalidRequestError) as caught:
        write(
            {
                "messages": [
                    {"role": "user", "content": "x"},
                    {"role": "tool", "tool_call_id": "zz", "content": "y"},
                ]
            }
        )
    assert caught.value.pointers == ("/messages/1/tool_call_id",)


def test_arguments_that_are_not_an_object_are_an_error() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "[1]"}}
    with pytest.raises(InvalidRequestError) as caught:
        write({"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [call]}]})
    assert caught.value.pointers == ("/messages/1/tool_calls/0/function/arguments",)


def test_reading_accepts_what_clients_send_and_records_each_normalisation() -> None:
    payload = load_fixture(REQUESTS / "gemini" / "single_objects_lowercase_enums.json")
    result = read(payload)
    assert result.payload["messages"] == [
        {"role": "user", "content": "Remind me to water the plants at 6pm."}
    ]
    assert result.payload["tool_choice"] == "required"
    assert result.payload["stop"] == ["STOP"]
    assert result.payload["reasoning_effort"] == "low"
    parameters = result.payload["tools"][0]["function"]["parameters"]
    assert parameters["type"] == "object"
    assert {c.path for c in result.changes if c.kind == "converted" and c.target_path is None} >= {
        "/contents", "/contents/parts", "/tools", "/tools/functionDeclarations",
        "/toolConfig/functionCallingConfig/mode", "/generationConfig/stopSequences",
    }  # fmt: skip
    snake = read(load_fixture(REQUESTS / "gemini" / "snake_case_litellm_style.json"))
    renamed = {c.path for c in snake.changes if c.kind == "renamed"}  # each at the object holding the key
    assert renamed >= {
        "/tool_config",
        "/generationConfig",
        "/tools/0/function_declarations/0",
    }
    assert any(
        c.path == "/system_instruction/parts/0" and c.target_path == "/messages/0" for c in snake.changes
    )
    function = snake.payload["tools"][0]["function"]
    assert set(function["parameters"]["properties"]) == {"from_city", "to_city"}  # user data: never re-cased


def test_role_function_and_responses_by_name() -> None:
    result = read(load_fixture(REQUESTS / "gemini" / "legacy_function_role.json"))
    call = result.payload["messages"][1]["tool_calls"][0]
    tool = result.payload["messages"][2]
    assert tool["role"] == "tool" and tool["tool_call_id"] == call["id"] == "call_1_0"
    assert json.loads(tool["content"]) == {"result": {"amount": 92.31, "currency": "EUR"}}
    assert kinds(result, "/contents/2/role") == ["converted"]
    orphan = {
        "contents": [USER, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]
    }
    with pytest.raises(InvalidRequestError) as caught:
        read(orphan)
    assert caught.value.pointers == ("/contents/1/parts/0/functionResponse",)


def test_openapi_parameters_become_json_schema() -> None:
    result = read(load_fixture(REQUESTS / "gemini" / "openapi_parameters_nullable.json"))
    parameters = result.payload["tools"][0]["function"]["parameters"]
    assert parameters["properties"]["seating"] == {
        "type": ["string", "null"],
        "enum": ["indoor", "outdoor", "bar", None],
    }
    assert parameters["properties"]["notes"]["maxLength"] == 200
    assert parameters["properties"]["party_size"] == {"type": "integer", "minimum": 1, "maximum": 20}
    assert kinds(result, "/tools/0/functionDeclarations/0/parameters") == ["converted"]


def test_tool_choice_and_strict() -> None:
    tools = [
        {"type": "function", "function": {"name": n, "parameters": {"type": "object"}}} for n in ("a", "b")
    ]
    base = {"messages": [{"role": "user", "content": "x"}], "tools": tools}
    config = lambda choice: write({**base, "tool_choice": choice}).payload["toolConfig"]  # noqa: E731
    assert config("required") == {"functionCallingConfig": {"mode": "ANY"}}
    assert config("none") == {"functionCallingConfig": {"mode": "NONE"}}
    named = {"type": "function", "function": {"name": "b"}}
    assert config(named) == {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["b"]}}
    allowed = {
        "type": "allowed_tools",
        "allowed_tools": {
            "mode": "required",
            "tools": [named, {"type": "function", "function": {"name": "a"}}],
        },
    }
    assert config(allowed) == {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["b", "a"]}}
    strict = [{"type": "function", "function": {**t["function"], "strict": True}} for t in tools]
    validated = write({**base, "tools": strict})
    assert validated.payload["toolConfig"] == {"functionCallingConfig": {"mode": "VALIDATED"}}
    assert read(validated.payload).payload["tools"] == strict
    mixed = write({**base, "tools": [strict[0], tools[1]]})
    assert kinds(mixed, "/tools/0/function/strict") == ["dropped"]
    assert len(mixed.payload["tools"]) == 1 and len(mixed.payload["tools"][0]["functionDeclarations"]) == 2


def test_parts_images_audio_files_and_never_fetch() -> None:
    content = [
        {"type": "text", "text": "look"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.JPG?size=2", "detail": "high"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat"}},
        {"type": "input_audio", "input_audio": {"data": "UklGR", "format": "wav"}},
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBER", "filename": "a.pdf"}},
        {"type": "file", "file": {"file_id": "file-abc"}},
    ]
    result = write({"messages": [{"role": "user", "content": content}]})
    assert result.payload["contents"][0]["parts"] == [
        {"text": "look"},
        {"inlineData": {"mimeType": "image/png", "data": "iVBOR"}},
        {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/cat.JPG?size=2"}},
        {"inlineData": {"mimeType": "audio/wav", "data": "UklGR"}},
        {"inlineData": {"mimeType": "application/pdf", "data": "JVBER"}},
    ]
    dropped = {c.path for c in result.changes if c.kind == "dropped"}
    assert dropped == {
        "/messages/0/content/2/image_url/detail", "/messages/0/content/3",
        "/messages/0/content/5/file/filename", "/messages/0/content/6",
    }  # fmt: skip


def test_gemini_only_fields_are_kept_for_gemini_and_dropped_elsewhere() -> None:
    payload = load_fixture(REQUESTS / "gemini" / "safety_cache_tier_labels.json")
    assert read(payload, "gemini").payload == payload
    openai = read(payload, "openai")
    assert {c.path for c in openai.changes if c.kind == "dropped"} == {
        "/safetySettings", "/cachedContent", "/labels",
    }  # fmt: skip
    assert openai.payload["service_tier"] == "flex"
    kept = read(load_fixture(REQUESTS / "gemini" / "google_search_code_execution.json"))
    assert {c.path for c in kept.changes if c.kind == "dropped"} == {
        "/tools/0",
        "/tools/1",
        "/messages/1/content/0",
        "/messages/1/content/1",
    } or all(c.kind != "dropped" or c.path.startswith(("/tools", "/contents")) for c in kept.changes)


def test_thinking_budget_level_and_signatures() -> None:
    assert canonical(load_fixture(REQUESTS / "gemini" / "thinking_budget_signatures.json"))["thinking"] == {
        "type": "enabled",
        "budget_tokens": 2048,
    }
    call = canonical(load_fixture(REQUESTS / "gemini" / "thinking_budget_signatures.json"))["messages"][1][
        "tool_calls"
    ][0]
    assert call["extra_content"] == {
        "google": {"thought_signature": "CiQBcpRWSvIhQ0kq9S3LPnTxC8PMzW1b2pL0l8dQ6YtY4yJTcsASAQ=="}
    }
    level = read(load_fixture(REQUESTS / "gemini" / "thinking_level_gemini3.json"))
    assert level.payload["reasoning_effort"] == "high"
    assert write({"messages": [{"role": "user", "content": "x"}], "reasoning_effort": "low"}).payload[
        "generationConfig"
    ] == {"thinkingConfig": {"thinkingLevel": "LOW"}}
    off = render(
        ChatRequest(messages=[{"role": "user", "content": "x"}], thinking={"type": "disabled"}),
        dialect="gemini",
    )
    assert off.payload["generationConfig"] == {"thinkingConfig": {"thinkingBudget": 0}}
    dynamic = {"contents": [USER], "generationConfig": {"thinkingConfig": {"thinkingBudget": -1}}}
    assert canonical(dynamic)["thinking"] == {"type": "adaptive"}


def test_response_formats() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    named = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}}
    result = write({"messages": [{"role": "user", "content": "x"}], "response_format": named})
    assert result.payload["generationConfig"] == {
        "responseMimeType": "application/json",
        "responseJsonSchema": schema,
    }
    assert kinds(result, "/response_format/json_schema/name") == ["dropped"]
    back = read(result.payload)
    assert back.payload["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": schema},
    }
    mode = write({"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_object"}})
    assert mode.payload["generationConfig"] == {"responseMimeType": "application/json"}
    assert read(mode.payload).payload["response_format"] == {"type": "json_object"}


def test_a_dropped_gemini_tool_is_named_at_its_own_place() -> None:
    """Found by test_translation_contract[gemini-watsonx]: a target without Google's built-in tools
    dropped one at its canonical index (after the function declarations of the tools before it),
    a pointer the caller's payload did not have."""
    declarations = {"functionDeclarations": [{"name": "f"}, {"name": "g"}, {"name": "h"}]}
    contents = [{"role": "user", "parts": [{"text": "hi"}]}]
    given = {"contents": contents, "tools": [declarations, {"googleSearch": {}}]}
    result = translate(given, source="gemini", target="openai", model=MODEL)
    (dropped,) = [change for change in result.changes if change.kind == "dropped"]
    assert dropped.path == "/tools/1"
    assert [tool["function"]["name"] for tool in result.payload["tools"]] == ["f", "g", "h"]


@pytest.mark.parametrize("key", ["serviceTier", "cachedContent", "safetySettings"])
def test_a_null_top_level_field_is_not_set_and_records_no_rename(key: str) -> None:
    """Found by test_translation_contract[gemini-openai]: a null ``serviceTier`` (null is "not set")
    was recorded as renamed to ``service_tier``, a field the output did not have."""
    given = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], key: None}
    for target in ("openai", "gemini"):
        result = translate(given, source="gemini", target=target, model=MODEL)
        assert all(change.path != f"/{key}" for change in result.changes)
        assert key not in result.payload


def test_a_merged_model_turn_keeps_its_function_calls_last() -> None:
    """Found by test_translation_contract (watsonx, anthropic -> gemini): an assistant message with
    text merged into the model turn of the calls before it was written after them, which Gemini's
    reader puts back in front: the output did not read back as it was. The text goes first, the move
    is recorded, and the call's record follows it to its new place."""
    call = {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "assistant", "content": "Looking."},
    ]
    tools = [{"type": "function", "function": {"name": "lookup"}}]
    payload = {"model": MODEL, "messages": messages, "tools": tools}
    result = translate(payload, source="openai", target="gemini")
    assert result.payload["contents"][1]["parts"] == [
        {"text": "Looking."},
        {"functionCall": {"id": "c1", "name": "lookup", "args": {}}},
    ]
    records = [(c.kind, c.path, c.target_path) for c in result.changes]
    assert ("converted", "/messages/1/tool_calls/0", "/contents/1/parts/1") in records
    assert ("converted", "/messages/2", "/contents/1") in records
    assert ("converted", "/messages/2/content", "/contents/1/parts/0") in records
    again = translate(result.payload, source="gemini", target="gemini", model=MODEL)
    assert again.changes == () and again.payload == result.payload


def test_read_changes_point_into_the_gemini_output() -> None:
    """Found by test_translation_contract (anthropic -> gemini, gemini -> gemini): a change made
    reading (an empty tool result given content, a turn's parts reordered) kept its canonical
    target (``/messages/3/content``, ``/messages/1``), which is not in a Gemini payload."""
    anthropic = {
        "model": MODEL,
        "max_tokens": 100,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1"}]},
        ],
        "tools": [{"name": "f", "input_schema": {"type": "object"}}],
    }
    result = translate(anthropic, source="anthropic", target="gemini")
    (filled,) = [c for c in result.changes if c.kind == "defaulted"]
    assert (filled.path, filled.target_path) == (None, "/contents/2/parts/0/functionResponse/response/output")
    call = {"functionCall": {"id": "c1", "name": "f", "args": {}}}
    turn = {"role": "model", "parts": [call, {"text": "ok"}]}
    gemini = {"contents": [USER, turn], "tools": [{"functionDeclarations": [{"name": "f"}]}]}
    again = translate(gemini, source="gemini", target="gemini", model=MODEL)
    moved = [(c.path, c.target_path) for c in again.changes if c.path == "/contents/1"]
    assert moved == [("/contents/1", "/contents/1")]


def test_changes_read_from_gemini_name_the_callers_pointers() -> None:
    """Found by test_translation_contract (gemini -> bedrock, gemini -> responses): changes to what
    Gemini's reader made were named at pointers the caller's payload lacks (``/contents/1/content``,
    ``/contents/1/parts/1/extra_content``, the system message's ``/messages/0/content/1``)."""
    signed = {"text": "Thinking done.", "thoughtSignature": "c2lnbmF0dXJl"}
    payload = {
        "systemInstruction": {"parts": [{"text": ""}, {"text": ""}]},
        "contents": [USER, {"role": "model", "parts": [{"text": "One. "}, signed]}],
    }
    to_bedrock = translate(payload, source="gemini", target="bedrock", model=MODEL)
    left_out = [c.path for c in to_bedrock.changes if c.reason.startswith("Empty text was left out")]
    assert left_out == ["/systemInstruction/parts/0", "/systemInstruction/parts/1"]
    dropped = [c.path for c in to_bedrock.changes if c.kind == "dropped"]
    assert dropped == ["/contents/1/parts/1/thoughtSignature"]
    to_responses = translate(payload, source="gemini", target="responses", model=MODEL)
    joined = [c for c in to_responses.changes if c.target_path == "/input/2/content"]
    assert [c.path for c in joined] == ["/contents/1/parts"]


def test_generation_config_keys_without_a_counterpart_are_recorded_at_the_callers_keys() -> None:
    """Found by the fixture-wide pointer check (gemini -> gemini): generationConfig keys kept in
    generation_config were written back under one record ``/generation_config`` -> ``/generationConfig``
    (a pointer the caller's payload lacks), and each key's read record kept its canonical target."""
    config = {"responseModalities": ["TEXT"], "mediaResolution": "MEDIA_RESOLUTION_LOW"}
    same = translate({"contents": [USER], "generationConfig": config}, source="gemini", target="gemini")
    assert same.payload["generationConfig"] == config
    assert same.changes == ()
    snake = {"response_modalities": ["TEXT"], "thinking_config": {"include_thoughts": True}}
    payload = {"contents": [USER], "generation_config": snake}
    result = translate(payload, source="gemini", target="gemini", model=MODEL)
    written = {"responseModalities": ["TEXT"], "thinkingConfig": {"includeThoughts": True}}
    assert result.payload["generationConfig"] == written
    records = [(c.kind, c.path, c.target_path) for c in result.changes if c.target_path]
    assert records == [
        ("converted", "/generation_config/response_modalities", "/generationConfig/responseModalities"),
        ("converted", "/generation_config/thinking_config", "/generationConfig/thinkingConfig"),
    ]
    elsewhere = translate(payload, source="gemini", target="openai", model=MODEL)
    dropped = [c.path for c in elsewhere.changes if c.kind == "dropped"]
    assert dropped == ["/generation_config/response_modalities", "/generation_config/thinking_config"]
