"""The bedrock dialect (Amazon Bedrock Converse): fixtures both ways, the endpoint, the conversation
rules, content blocks, tools, the model-family table, and what reading refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from chatdialect import InvalidRequestError, Translation, parse, render, translate
from chatdialect._dialects.bedrock_families import family_of

REQUESTS = Path(__file__).resolve().parents[2] / "fixtures" / "requests" / "bedrock"
PATHS = sorted(REQUESTS.glob("*.json"))
CLAUDE = "anthropic.claude-sonnet-4-5-20250929-v1:0"
NOVA = "amazon.nova-pro-v1:0"
PNG = "iVBORw0KGgo="
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}


def load(path: Path) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def to_bedrock(payload: dict[str, Any], **options: Any) -> Translation:
    return translate({"model": CLAUDE, **payload}, source="openai", target="bedrock", **options)


def from_bedrock(payload: dict[str, Any], target: str = "openai", model: str = CLAUDE) -> Translation:
    return translate(payload, source="bedrock", target=target, model=model)


def user(text: str = "hi") -> dict[str, Any]:
    return {"role": "user", "content": [{"text": text}]}


def pointers(error: pytest.ExceptionInfo[InvalidRequestError]) -> tuple[str, ...]:
    return error.value.pointers


# --- fixtures ------------------------------------------------------------------------------------


def test_the_fixture_set_is_complete() -> None:
    assert len(PATHS) >= 20
    listed = (REQUESTS / "README.md").read_text(encoding="utf-8")
    for path in PATHS:
        assert isinstance(load(path).get("modelId"), str), path.name
        assert f"`{path.name}`" in listed, path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_bedrock_to_bedrock_loses_nothing_and_records_every_difference(path: Path) -> None:
    """SPEC 6 same-dialect identity: the body comes back as it was (modelId moved to the endpoint),
    nothing lossy but the unknown fields, and every difference at a recorded change."""
    payload = load(path)
    before = copy.deepcopy(payload)
    result = translate(payload, source="bedrock", target="bedrock")
    assert payload == before
    assert result.endpoint.model == payload["modelId"]
    lossy = [change.path for change in result.lossy_changes()]
    body = {key: value for key, value in payload.items() if key != "modelId"}
    if path.stem.startswith("unknown_fields"):
        assert lossy == ["/temperature", "/anthropic_version"]
        body = {key: value for key, value in body.items() if key not in ("temperature", "anthropic_version")}
    else:
        assert lossy == []
    recorded = [c.path for c in result.changes if c.path] + [
        c.target_path for c in result.changes if c.target_path
    ]
    if result.payload != body:  # only the json tool-result block, which becomes its text
        assert path.stem == "parallel_tool_results_status_json"
        assert "/messages/2/content/0/toolResult/content/0" in recorded
    assert ("moved", "/modelId", None) in [(c.kind, c.path, c.target_path) for c in result.changes]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_parse_and_render_agree_with_translate(path: Path) -> None:
    payload = load(path)
    via = render(parse(payload, dialect="bedrock"), dialect="bedrock")
    assert via.payload == translate(payload, source="bedrock", target="bedrock").payload


# --- endpoint, model and stream --------------------------------------------------------------------


def test_the_model_is_percent_encoded_in_the_path_and_stream_picks_the_operation() -> None:
    result = to_bedrock({"messages": [{"role": "user", "content": "hi"}], "stream": True})
    assert result.endpoint.path == "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream"
    assert result.endpoint.model == CLAUDE and result.endpoint.stream
    assert "stream" not in result.payload and "model" not in result.payload
    moved = {(c.path, c.target_path) for c in result.changes if c.kind == "moved"}
    assert moved == {("/model", None), ("/stream", None)}
    arn = (
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"
    )
    plain = translate(
        {"model": arn, "messages": [{"role": "user", "content": "hi"}]}, source="openai", target="bedrock"
    )
    assert (
        plain.endpoint.path == "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2F"
        "us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse"
    )


def test_reading_takes_the_model_and_stream_from_outside_the_payload() -> None:
    result = translate({"messages": [user()]}, source="bedrock", target="openai", model=NOVA, stream=True)
    assert result.payload["model"] == NOVA and result.payload["stream"] is True
    assert {(c.kind, c.path, c.target_path) for c in result.changes} >= {
        ("moved", None, "/model"),
        ("moved", None, "/stream"),
    }
    with pytest.raises(InvalidRequestError) as caught:
        translate({"messages": [user()]}, source="bedrock", target="openai")
    assert pointers(caught) == ("/model",)
    with pytest.raises(InvalidRequestError) as caught:
        translate({"modelId": NOVA, "messages": [user()]}, source="bedrock", target="openai", model=CLAUDE)
    assert pointers(caught) == ("/modelId",)


def test_a_top_level_model_or_openai_field_is_not_bedrocks() -> None:
    result = from_bedrock({"messages": [user()], "model": "x", "max_tokens": 5, "temperature": 0.3})
    assert {c.path for c in result.lossy_changes()} == {"/model", "/max_tokens", "/temperature"}
    assert result.payload["model"] == CLAUDE and "temperature" not in result.payload


# --- conversation rules ----------------------------------------------------------------------------


def test_system_and_developer_messages_become_system_blocks_in_order() -> None:
    result = to_bedrock(
        {
            "messages": [
                {"role": "system", "content": "A"},
                {"role": "user", "content": "hi"},
                {"role": "developer", "content": [{"type": "text", "text": "B"}]},
                {"role": "assistant", "content": "ok"},
            ]
        }
    )
    assert result.payload["system"] == [{"text": "A"}, {"text": "B"}]
    assert [turn["role"] for turn in result.payload["messages"]] == ["user", "assistant"]
    later = next(c for c in result.changes if c.path == "/messages/2")
    assert later.kind == "converted" and later.target_path == "/system/1" and "later" in later.reason


def test_consecutive_turns_of_one_role_are_merged() -> None:
    result = to_bedrock(
        {
            "messages": [
                {"role": "user", "content": "a"},
                {"role": "user", "content": "b"},
                {"role": "assistant", "content": "c"},
                {"role": "assistant", "content": "d"},
            ]
        }
    )
    assert result.payload["messages"] == [
        {"role": "user", "content": [{"text": "a"}, {"text": "b"}]},
        {"role": "assistant", "content": [{"text": "c"}, {"text": "d"}]},
    ]
    merged = {(c.path, c.target_path) for c in result.changes if "merged" in c.reason}
    assert merged == {("/messages/1", "/messages/0"), ("/messages/3", "/messages/1")}


def test_tool_messages_become_one_user_turn_of_results_after_their_calls() -> None:
    calls = [
        {"id": f"c{i}", "type": "function", "function": {"name": "f", "arguments": "{}"}} for i in (1, 2)
    ]
    result = to_bedrock(
        {
            "tools": [TOOL],
            "messages": [
                {"role": "user", "content": "go"},
                {"role": "assistant", "content": "", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "c1", "content": "one"},
                {"role": "tool", "tool_call_id": "c2", "content": ""},
                {"role": "assistant", "content": "done"},
            ],
        }
    )
    turns = result.payload["messages"]
    assert turns[1] == {
        "role": "assistant",
        "content": [
            {"toolUse": {"toolUseId": "c1", "name": "f", "input": {}}},
            {"toolUse": {"toolUseId": "c2", "name": "f", "input": {}}},
        ],
    }
    assert turns[2] == {
        "role": "user",
        "content": [
            {"toolResult": {"toolUseId": "c1", "content": [{"text": "one"}]}},
            {"toolResult": {"toolUseId": "c2", "content": []}},
        ],
    }
    assert not result.lossy_changes()


def _tool_history(result: dict[str, Any]) -> list[dict[str, Any]]:
    call = {"toolUse": {"toolUseId": "c1", "name": "f", "input": {}}}
    return [user("go"), {"role": "assistant", "content": [call]}, {"role": "user", "content": [result]}]


BEDROCK_TOOLS = {"tools": [{"toolSpec": {"name": "f", "inputSchema": {"json": {"type": "object"}}}}]}
ANTHROPIC_TOOLS = [{"name": "f", "input_schema": {"type": "object"}}]


@pytest.mark.parametrize(("status", "is_error"), [("error", True), ("success", False)])
def test_a_tool_result_status_is_anthropics_is_error_both_ways(status: str, is_error: bool) -> None:
    """Bedrock ``toolResult.status`` and Anthropic ``tool_result.is_error`` say the same thing: each
    carries over as the other through the canonical ``is_error``, with the change recorded."""
    result = {"toolResult": {"toolUseId": "c1", "content": [{"text": "boom"}], "status": status}}
    given = {"modelId": CLAUDE, "toolConfig": BEDROCK_TOOLS, "messages": _tool_history(result)}
    to_anthropic = from_bedrock(given, target="anthropic")
    block = to_anthropic.payload["messages"][2]["content"][0]
    assert block["type"] == "tool_result" and block["is_error"] is is_error
    changes = {change.path: change for change in to_anthropic.changes}
    assert changes["/messages/2/content/0/toolResult/status"].kind == "converted"

    back = translate(to_anthropic.payload, source="anthropic", target="bedrock")
    assert back.payload["messages"][2]["content"][0]["toolResult"]["status"] == status
    changes = {change.path: change for change in back.changes}
    assert changes["/messages/2/content/0/is_error"].target_path == "/messages/2/content/0/toolResult/status"
    assert not back.lossy_changes()

    same = from_bedrock(given, target="bedrock")  # bedrock -> bedrock: as it was, no change of it
    assert same.payload["messages"] == given["messages"]
    assert all("status" not in (change.path or "") for change in same.changes)


@pytest.mark.parametrize("target", ["openai", "generic", "responses"])
def test_a_dropped_tool_result_status_is_named_by_bedrocks_field(target: str) -> None:
    """A target without a tool result's error flag drops a Bedrock ``toolResult.status``: the change
    points at Bedrock's ``status`` and its reason names that field, not only the canonical
    ``is_error`` it was read into (the read and the write step both said: docs/decisions.md, Net
    changes)."""
    result = {"toolResult": {"toolUseId": "c1", "content": [{"text": "boom"}], "status": "error"}}
    given = {"modelId": CLAUDE, "toolConfig": BEDROCK_TOOLS, "messages": _tool_history(result)}
    translation = from_bedrock(given, target=target)
    (dropped,) = [change for change in translation.changes if change.kind == "dropped"]
    assert dropped.path == "/messages/2/content/0/toolResult/status"
    assert dropped.target_path is None
    assert dropped.reason.startswith("A toolResult status became is_error")
    assert dropped.reason.isprintable() and dropped.reason.endswith(".")


def test_an_error_result_with_no_content_is_written_without_bedrocks_status() -> None:
    """Bedrock refuses ``status: "error"`` on a toolResult with empty content: the flag is dropped,
    recorded, and the result still written."""
    call = {"type": "tool_use", "id": "c1", "name": "f", "input": {}}
    given = {
        "model": "claude-x",
        "max_tokens": 64,
        "tools": ANTHROPIC_TOOLS,
        "messages": [
            {"role": "user", "content": "go"},
            {"role": "assistant", "content": [call]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "c1", "is_error": True}]},
        ],
    }
    result = translate(given, source="anthropic", target="bedrock")
    assert result.payload["messages"][2]["content"][0] == {"toolResult": {"toolUseId": "c1", "content": []}}
    dropped = {change.path: change for change in result.lossy_changes()}
    assert "empty content" in dropped["/messages/2/content/0/is_error"].reason


@pytest.mark.parametrize(
    ("messages", "where"),
    [
        ([{"role": "assistant", "content": "hi"}, {"role": "user", "content": "x"}], "/messages/0"),
        ([{"role": "system", "content": "s"}], "/messages"),
        (
            [{"role": "user", "content": "x"}, {"role": "tool", "tool_call_id": "c1", "content": "r"}],
            "/messages/1",
        ),
        ([{"role": "user", "content": ""}], "/messages/0"),
    ],
    ids=["assistant_first", "no_turn", "result_without_call", "empty_turn"],
)
def test_what_bedrock_rejects_and_would_need_invented_content_is_an_error(
    messages: list[dict[str, Any]], where: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock({"messages": messages})
    assert pointers(caught) == (where,)


def test_a_user_message_right_after_tool_results_is_an_error_with_its_pointer() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    payload = {
        "tools": [TOOL],
        "messages": [
            {"role": "user", "content": "go"},
            {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": "r"},
            {"role": "user", "content": "and?"},
        ],
    }
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock(payload)
    assert pointers(caught) == ("/messages/3",)
    assert "assistant message is needed" in str(caught.value)


def test_tool_blocks_need_tools_and_ids_must_fit_bedrocks_pattern() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    history = [
        {"role": "user", "content": "go"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "r"},
    ]
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock({"messages": history})
    assert pointers(caught) == ("/messages/1/tool_calls/0",)
    odd = copy.deepcopy(history)
    odd[1]["tool_calls"][0]["id"] = odd[2]["tool_call_id"] = "call 1"
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock({"messages": odd, "tools": [TOOL]})
    assert pointers(caught) == ("/messages/1/tool_calls/0/id",)  # its result is not an error again
    bad = copy.deepcopy(history)
    bad[1]["tool_calls"][0]["function"]["arguments"] = "[1]"
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock({"messages": bad, "tools": [TOOL]})
    assert "/messages/1/tool_calls/0/function/arguments" in pointers(caught)


def test_tool_choice_none_leaves_the_tools_out_unless_the_history_holds_tool_blocks() -> None:
    plain = to_bedrock(
        {"messages": [{"role": "user", "content": "hi"}], "tools": [TOOL], "tool_choice": "none"}
    )
    assert "toolConfig" not in plain.payload
    assert {(c.kind, c.path) for c in plain.changes} >= {("dropped", "/tools"), ("converted", "/tool_choice")}
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    history = [
        {"role": "user", "content": "go"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "r"},
    ]
    kept = to_bedrock({"messages": history, "tools": [TOOL], "tool_choice": "none"})
    assert "toolChoice" not in kept.payload["toolConfig"] and kept.payload["toolConfig"]["tools"]
    assert ("dropped", "/tool_choice") in {(c.kind, c.path) for c in kept.changes}


# --- content -----------------------------------------------------------------------------------------


def test_images_documents_and_what_is_dropped() -> None:
    result = to_bedrock(
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "look"},
                        {
                            "type": "image_url",
                            "image_url": {"url": f"data:image/jpeg;base64,{PNG}", "detail": "low"},
                        },
                        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                        {
                            "type": "file",
                            "file": {
                                "filename": "Q3 report.v2.pdf",
                                "file_data": "data:application/pdf;base64,JVBER",
                            },
                        },
                        {"type": "file", "file": {"file_data": "data:text/csv;base64,YSxi"}},
                        {"type": "input_audio", "input_audio": {"data": "AA==", "format": "wav"}},
                    ],
                }
            ]
        }
    )
    assert result.payload["messages"][0]["content"] == [
        {"text": "look"},
        {"image": {"format": "jpeg", "source": {"bytes": PNG}}},
        {"document": {"format": "pdf", "name": "Q3 report v2", "source": {"bytes": "JVBER"}}},
        {"document": {"format": "csv", "name": "document-2", "source": {"bytes": "YSxi"}}},
    ]
    lossy = {c.path for c in result.lossy_changes()}
    assert lossy == {
        "/messages/0/content/1/image_url/detail",
        "/messages/0/content/2",
        "/messages/0/content/5",
    }
    kinds = {c.path or c.target_path: c.kind for c in result.changes}
    assert kinds["/messages/0/content/3/file/filename"] == "converted"
    assert kinds["/messages/0/content/3/document/name"] == "defaulted"


def test_a_document_needs_text_beside_it() -> None:
    pdf = {"type": "file", "file": {"filename": "a", "file_data": "data:application/pdf;base64,JVBER"}}
    with pytest.raises(InvalidRequestError) as caught:
        to_bedrock({"messages": [{"role": "user", "content": [pdf]}]})
    assert pointers(caught) == ("/messages/0/content/0",)


def test_blocks_without_a_canonical_form_are_kept_for_bedrock_and_dropped_elsewhere() -> None:
    video = {"video": {"format": "mp4", "source": {"s3Location": {"uri": "s3://b/v.mp4"}}}}
    payload = {"messages": [{"role": "user", "content": [video, {"text": "what happens?"}]}]}
    again = from_bedrock(payload, "bedrock")
    assert again.payload == payload and again.changes[1:] == ()
    elsewhere = from_bedrock(payload, "openai")
    assert elsewhere.payload["messages"][0]["content"] == [{"type": "text", "text": "what happens?"}]
    assert [c.path for c in elsewhere.lossy_changes()] == ["/messages/0/content/0"]


def test_reasoning_content_replays_as_anthropic_thinking_blocks_and_back() -> None:
    signed = {"reasoningContent": {"reasoningText": {"text": "think", "signature": "sig"}}}
    redacted = {"reasoningContent": {"redactedContent": "b64"}}
    payload = {"messages": [user(), {"role": "assistant", "content": [signed, redacted, {"text": "ok"}]}]}
    anthropic = from_bedrock(payload, "anthropic").payload
    assert anthropic["messages"][1]["content"] == [
        {"type": "thinking", "thinking": "think", "signature": "sig"},
        {"type": "redacted_thinking", "data": "b64"},
        {"type": "text", "text": "ok"},
    ]
    back = translate(anthropic, source="anthropic", target="bedrock")
    assert back.payload["messages"] == payload["messages"]


def test_cache_points_become_cache_control_and_back() -> None:
    point = {"cachePoint": {"type": "default", "ttl": "1h"}}
    payload = {
        "system": [{"text": "sys"}, {"cachePoint": {"type": "default"}}],
        "messages": [{"role": "user", "content": [{"text": "doc"}, point, {"text": "q"}]}],
        "toolConfig": {
            "tools": [
                {"toolSpec": {"name": "f", "inputSchema": {"json": {"type": "object"}}}},
                {"cachePoint": {"type": "default"}},
            ]
        },
    }
    canonical = parse(payload, dialect="bedrock", model=CLAUDE).model_dump(exclude_none=True, by_alias=True)
    assert canonical["messages"][0]["content"] == [
        {"type": "text", "text": "sys", "cache_control": {"type": "ephemeral"}}
    ]
    assert canonical["messages"][1]["content"][0]["cache_control"] == {"type": "ephemeral", "ttl": "1h"}
    assert canonical["tools"][0]["cache_control"] == {"type": "ephemeral"}
    again = from_bedrock(payload, "bedrock")
    assert again.payload == payload and again.changes[1:] == ()


# --- top-level fields --------------------------------------------------------------------------------


def test_sampling_fields_go_into_inference_config_with_bedrocks_ranges() -> None:
    result = to_bedrock(
        {
            "messages": [{"role": "user", "content": "hi"}],
            "temperature": 1.4,
            "top_p": 0.5,
            "stop": "END",
            "max_completion_tokens": 64,
            "seed": 3,
            "n": 2,
        }
    )
    assert result.payload["inferenceConfig"] == {
        "temperature": 1.0,
        "topP": 0.5,
        "stopSequences": ["END"],
        "maxTokens": 64,
    }
    assert {c.path for c in result.lossy_changes()} == {"/temperature", "/seed", "/n"}


def test_top_k_and_thinking_follow_the_model_family() -> None:
    fields = {
        "messages": [{"role": "user", "content": "hi"}],
        "top_k": 40,
        "thinking": {"type": "enabled", "budget_tokens": 2048},
    }
    claude = translate({"model": CLAUDE, **fields}, source="anthropic", target="bedrock")
    assert claude.payload["additionalModelRequestFields"] == {"top_k": 40, "thinking": fields["thinking"]}
    nova = translate({"model": NOVA, **fields}, source="anthropic", target="bedrock")
    assert nova.payload["additionalModelRequestFields"] == {"inferenceConfig": {"topK": 40}}
    assert [c.path for c in nova.lossy_changes()] == ["/thinking"]
    llama = translate(
        {"model": "meta.llama3-1-70b-instruct-v1:0", **fields}, source="anthropic", target="bedrock"
    )
    assert "additionalModelRequestFields" not in llama.payload
    assert {c.path for c in llama.lossy_changes()} == {"/top_k", "/thinking"}
    back = from_bedrock(nova.payload, "anthropic", model=NOVA)
    assert back.payload["top_k"] == 40


def test_the_family_table() -> None:
    assert family_of("us.anthropic.claude-3-7-sonnet-20250219-v1:0").name == "Anthropic Claude"  # type: ignore[union-attr]
    assert family_of("global.anthropic.claude-sonnet-4-5-20250929-v1:0").name == "Anthropic Claude"  # type: ignore[union-attr]
    assert (
        family_of("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0").name == "Amazon Nova"
    )  # type: ignore[union-attr]
    assert family_of("amazon.titan-text-express-v1") is None
    assert family_of("arn:aws:bedrock:us-east-1:1:application-inference-profile/abc") is None


def test_unknown_family_fields_stay_in_additional_model_request_fields() -> None:
    payload = {"messages": [user()], "additionalModelRequestFields": {"top_k": 50}}
    llama = "meta.llama3-1-70b-instruct-v1:0"
    assert from_bedrock(payload, "bedrock", model=llama).payload == payload
    generic = from_bedrock(payload, "generic", model=llama)
    assert "top_k" not in generic.payload
    assert [c.path for c in generic.lossy_changes()] == ["/additionalModelRequestFields"]


def test_metadata_tier_structured_output_and_effort() -> None:
    result = to_bedrock(
        {
            "messages": [{"role": "user", "content": "hi"}],
            "metadata": {"team": "ops", "note": "a|b"},
            "service_tier": "auto",
            "reasoning_effort": "high",
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "r",
                    "description": "d",
                    "strict": True,
                    "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
                },
            },
        }
    )
    assert result.payload["requestMetadata"] == {"team": "ops"}
    assert result.payload["serviceTier"] == {"type": "default"}
    assert result.payload["outputConfig"] == {
        "textFormat": {
            "type": "json_schema",
            "structure": {
                "jsonSchema": {
                    "schema": '{"type":"object","properties":{"a":{"type":"string"}}}',
                    "name": "r",
                    "description": "d",
                }
            },
        },
        "effort": "high",
    }
    assert {c.path for c in result.lossy_changes()} == {
        "/metadata/note",
        "/response_format/json_schema/strict",
    }


def test_an_empty_metadata_object_is_left_out_with_a_record() -> None:
    result = to_bedrock({"messages": [{"role": "user", "content": "hi"}], "metadata": {}})
    assert "requestMetadata" not in result.payload
    assert [(c.kind, c.path) for c in result.changes if c.path == "/metadata"] == [("converted", "/metadata")]


def test_a_schema_string_that_is_not_compact_is_recorded() -> None:
    text_format = {"type": "json_schema", "structure": {"jsonSchema": {"schema": '{"type": "object"}'}}}
    result = from_bedrock({"messages": [user()], "outputConfig": {"textFormat": text_format}}, "bedrock")
    written = result.payload["outputConfig"]["textFormat"]["structure"]["jsonSchema"]
    assert written == {"schema": '{"type":"object"}', "name": "response"}
    recorded = {c.path for c in result.changes}
    assert "/outputConfig/textFormat/structure/jsonSchema/schema" in recorded


# --- reading refuses what Bedrock does not define --------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"messages": [{"role": "system", "content": [{"text": "x"}]}]}, "/messages/0"),
        ({"messages": [{"role": "user", "content": "hi"}]}, "/messages/0/content"),
        ({"messages": [{"role": "user", "content": [{"text": "a", "image": {}}]}]}, "/messages/0/content/0"),
        (
            {
                "messages": [
                    user(),
                    {
                        "role": "assistant",
                        "content": [{"toolUse": {"toolUseId": "a", "name": "f", "input": [1]}}],
                    },
                ]
            },
            "/messages/1/content/0/toolUse/input",
        ),
        ({"messages": [user()], "system": "be brief"}, "/system"),
        (
            {"messages": [user()], "toolConfig": {"tools": [{"toolSpec": {"name": "f"}}]}},
            "/toolConfig/tools/0/toolSpec/inputSchema",
        ),
        ({"messages": [user()], "inferenceConfig": {"temperature": 1.5}}, "/inferenceConfig/temperature"),
        (
            {
                "messages": [user()],
                "outputConfig": {
                    "textFormat": {"type": "json_schema", "structure": {"jsonSchema": {"schema": "not json"}}}
                },
            },
            "/outputConfig/textFormat",
        ),
    ],
    ids=[
        "system_turn",
        "string_content",
        "two_members",
        "input_not_object",
        "system_string",
        "no_input_schema",
        "temperature_above_1",
        "schema_not_json",
    ],
)
def test_malformed_bedrock_requests_are_invalid_at_their_pointer(payload: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        from_bedrock(payload)
    assert where in pointers(caught)


# --- found by the pair properties (tests/test_properties.py) --------------------------------------


@pytest.mark.parametrize("target", ["openai", "anthropic", "gemini"])
def test_a_dropped_bedrock_tool_is_named_at_its_place_in_tool_config(target: str) -> None:
    """Found by test_translation_contract[bedrock-openai]: a target without Bedrock's system tools
    dropped one at ``/tools/0``, a pointer into the canonical request, not into the caller's payload."""
    spec = {"toolSpec": {"name": "f", "inputSchema": {"json": {"type": "object"}}}}
    tools = [{"systemTool": {"name": "nova_grounding"}}, spec]
    given = {"modelId": CLAUDE, "messages": [user()], "toolConfig": {"tools": tools}}
    result = translate(given, source="bedrock", target=target)
    (dropped,) = [change for change in result.changes if change.kind == "dropped"]
    assert dropped.path == "/toolConfig/tools/0"
    assert len(result.payload["tools"]) == 1


@pytest.mark.parametrize("content", ["", [{"type": "text", "text": ""}]])
def test_a_system_message_of_empty_text_is_not_said_to_be_written(content: Any) -> None:
    """Found by test_translation_contract[openai-bedrock]: a system message of empty text writes no
    system block (Bedrock rejects empty text), but its change pointed at ``/system``, which the
    output did not have."""
    messages = [{"role": "system", "content": content}, {"role": "user", "content": "hi"}]
    given = {"model": CLAUDE, "messages": messages}
    result = translate(given, source="openai", target="bedrock")
    assert "system" not in result.payload
    moved = next(change for change in result.changes if change.path == "/messages/0")
    assert (moved.kind, moved.target_path) == ("converted", None)
    assert not result.lossy_changes()


def test_tools_given_beside_legacy_functions_are_recorded_when_they_move() -> None:
    """Found by test_translation_contract[watsonx-bedrock]: with ``tools`` and legacy ``functions``
    both given, the functions are read into ``tools``, and the move to ``toolConfig.tools`` was netted
    into the functions' change alone: the caller's own ``tools`` left the payload with no record."""
    tool = {"type": "function", "function": {"name": "a"}}
    given = {"model": CLAUDE, "messages": [{"role": "user", "content": "hi"}], "tools": [tool],
             "functions": [{"name": "g"}]}
    result = translate(given, source="watsonx", target="bedrock")
    assert [spec["toolSpec"]["name"] for spec in result.payload["toolConfig"]["tools"]] == ["a", "g"]
    moved = {change.path: change for change in result.changes}
    assert moved["/tools"].target_path == "/toolConfig/tools"
    assert moved["/functions"].target_path == "/toolConfig/tools"


def test_read_changes_point_into_other_shapes_outputs() -> None:
    """Found by test_translation_contract (bedrock -> anthropic): a cachePoint read as the
    cache_control of the block before it kept its canonical target, one place off once the block
    before it (a video, which Anthropic lacks) was dropped."""
    video = {"video": {"format": "mp4", "source": {"s3Location": {"uri": "s3://media-bucket/clip.mp4"}}}}
    point = {"cachePoint": {"type": "default"}}
    turn = {"role": "user", "content": [video, {"text": "Please go on."}, point]}
    result = translate({"modelId": "m", "messages": [turn]}, source="bedrock", target="anthropic")
    assert result.payload["messages"][0]["content"] == [
        {"type": "text", "text": "Please go on.", "cache_control": {"type": "ephemeral"}}
    ]
    records = [(c.kind, c.path, c.target_path) for c in result.changes]
    assert ("converted", "/messages/0/content/2", "/messages/0/content/0/cache_control") in records
    assert ("dropped", "/messages/0/content/0", None) in records


@pytest.mark.parametrize("target", ["anthropic", "gemini"])
def test_a_document_name_the_target_drops_is_named_at_the_document(target: str) -> None:
    """Found by test_translation_contract (bedrock -> anthropic): the dropped name of a document was
    reported at the canonical ``/messages/0/content/0/file/filename``, not in the caller's payload."""
    document = {"document": {"format": "pdf", "name": "report", "source": {"bytes": "JVBERi0x"}}}
    turn = {"role": "user", "content": [document, {"text": "Summarise this."}]}
    result = translate({"modelId": "m", "messages": [turn]}, source="bedrock", target=target, model="m")
    records = [(c.kind, c.path) for c in result.changes]
    assert ("dropped", "/messages/0/content/0/document/name") in records
    assert all(c.path is None or "/file" not in c.path for c in result.changes)


def test_a_metadata_value_made_a_string_points_into_request_metadata() -> None:
    """Found by test_translation_contract (watsonx -> bedrock): a metadata value written as a string
    was recorded at ``/metadata/output_schema``, a pointer the Bedrock output lacks."""
    payload = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": {"run": 1}}
    result = translate(payload, source="watsonx", target="bedrock")
    assert result.payload["requestMetadata"] == {"run": "1"}
    records = [(c.kind, c.path, c.target_path) for c in result.changes]
    assert ("converted", "/metadata/run", "/requestMetadata/run") in records


def test_a_tool_results_joined_content_is_named_at_its_tool_result() -> None:
    """Found by test_translation_contract (bedrock -> gemini): the joined content of a tool result
    was named at ``/messages/2/content/0/content``, not at the toolResult's own content."""
    use = {"toolUse": {"toolUseId": "t1", "name": "lookup", "input": {}}}
    texts = [{"text": "Sunny"}, {"text": " and warm"}]
    payload = {
        "messages": [
            {"role": "user", "content": [{"text": "Weather?"}]},
            {"role": "assistant", "content": [use]},
            {"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": texts}}]},
        ],
        "toolConfig": {"tools": [{"toolSpec": {"name": "lookup", "inputSchema": {"json": {}}}}]},
    }
    result = translate(payload, source="bedrock", target="gemini", model="m")
    joined = [c for c in result.changes if c.reason.startswith("The tool message's text parts were joined")]
    assert [(c.kind, c.path) for c in joined] == [("converted", "/messages/2/content/0/toolResult/content")]


def test_a_lone_json_tool_result_block_is_recorded_at_the_string_it_became() -> None:
    """Found by a fixture-wide check of change pointers: a tool result's one json block becomes
    compact JSON text, read as string content; its record pointed at ``/messages/2/content/0``, a
    part the output (a string there) does not have."""
    use = {"toolUse": {"toolUseId": "t1", "name": "lookup", "input": {}}}
    result_block = {"toolResult": {"toolUseId": "t1", "content": [{"json": {"temp": 21}}]}}
    payload = {
        "messages": [
            {"role": "user", "content": [{"text": "Weather?"}]},
            {"role": "assistant", "content": [use]},
            {"role": "user", "content": [result_block]},
        ],
        "toolConfig": {"tools": [{"toolSpec": {"name": "lookup", "inputSchema": {"json": {}}}}]},
    }
    result = translate(payload, source="bedrock", target="openai", model="m")
    assert result.payload["messages"][2]["content"] == '{"temp":21}'
    records = [(c.kind, c.path, c.target_path) for c in result.changes]
    assert ("converted", "/messages/2/content/0/toolResult/content/0", "/messages/2/content") in records


def test_a_whole_tool_changed_reading_points_at_its_tool_spec_entry() -> None:
    """Found by the fixture-wide pointer check (anthropic custom_tool_strict_examples -> bedrock):
    the change made reading an Anthropic custom tool (its type) pointed at ``/tools/0``, which a
    Bedrock payload lacks; it is the tool's ``toolConfig.tools`` entry, past a tool Bedrock drops."""
    payload = {
        "model": "m",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": "hi"}],
        "tools": [
            {"type": "web_search_20250305", "name": "web_search"},
            {"type": "custom", "name": "f", "input_schema": {"type": "object"}},
        ],
    }
    result = translate(payload, source="anthropic", target="bedrock")
    assert [entry["toolSpec"]["name"] for entry in result.payload["toolConfig"]["tools"]] == ["f"]
    records = [(c.kind, c.path, c.target_path) for c in result.changes if c.path and "/tools" in c.path]
    assert records == [
        ("converted", "/tools/1/type", "/toolConfig/tools/0"),
        ("converted", "/tools", "/toolConfig/tools"),
        ("dropped", "/tools/0", None),
    ]


@pytest.mark.parametrize("target", ["openai", "anthropic", "gemini", "responses"])
def test_tools_a_target_drops_every_one_of_are_left_out_at_tool_config(target: str) -> None:
    """Found by the fixture-wide pointer check (bedrock nova_grounding_system_tool -> every other
    dialect): reading recorded ``toolConfig.tools`` -> ``/tools``, then the target dropped the one
    system tool and left ``tools`` out, so the record pointed at nothing in the output."""
    payload = {
        "modelId": NOVA,
        "messages": [user()],
        "toolConfig": {"tools": [{"systemTool": {"name": "nova_grounding"}}]},
    }
    result = translate(payload, source="bedrock", target=target)
    assert "tools" not in result.payload
    records = [(c.kind, c.path, c.target_path) for c in result.changes if c.path and "/tool" in c.path]
    assert records == [("converted", "/toolConfig/tools", None), ("dropped", "/toolConfig/tools/0", None)]
