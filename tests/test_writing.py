"""Writing (SPEC section 5): drops, token caps, clamping, roles, stop, and target constraints."""

from __future__ import annotations

from typing import Any

import pytest

from chatdialect import Change, ChatRequest, InvalidRequestError, render, translate

USER = {"role": "user", "content": "Summarise the attached report."}
TOOL = {
    "type": "function",
    "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}},
}


SEARCH = {
    "type": "azure_search",
    "parameters": {
        "endpoint": "https://s",
        "index_name": "docs",
        "authentication": {"type": "system_assigned_managed_identity"},
    },
}
"""A complete Azure AI Search source (index and authentication are required)."""

def request(**fields: Any) -> dict[str, Any]:
    return {"model": "chat-model", "messages": [USER], **fields}  # no model-table family: dialect rules alone


def by_path(changes: tuple[Change, ...]) -> dict[str, Change]:
    return {change.path: change for change in changes}


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ("openai", "top_k"),
        ("azure", "metadata"),
        ("azure", "reasoning_effort"),
        ("generic", "prediction"),
        ("atoma", "logprobs"),
        ("watsonx", "data_sources"),
        ("openai", "cache"),
    ],
)
def test_a_field_the_target_cannot_carry_is_dropped(target: str, field: str) -> None:
    values: dict[str, Any] = {
        "top_k": 40,
        "metadata": {"team": "search"},
        "reasoning_effort": "low",
        "prediction": {"type": "content", "content": "draft"},
        "logprobs": True,
        "data_sources": [SEARCH],
        "cache": {"enabled": True},
    }
    full = ChatRequest.model_validate(request(**{field: values[field]}))
    result = render(full, dialect=target)
    assert field not in result.payload
    change = by_path(result.changes)["/" + field]
    assert change.kind == "dropped" and change.target_path is None
    assert target in change.reason


@pytest.mark.parametrize("target", ["openai", "azure", "generic", "watsonx"])
def test_token_cap_is_max_completion_tokens_where_carried(target: str) -> None:
    result = translate(request(max_completion_tokens=300), source="openai", target=target)
    assert result.payload["max_completion_tokens"] == 300
    assert "max_tokens" not in result.payload
    assert result.changes == ()


def test_token_cap_is_max_tokens_for_atoma() -> None:
    result = translate(request(max_completion_tokens=300), source="openai", target="atoma")
    assert result.payload["max_tokens"] == 300
    assert "max_completion_tokens" not in result.payload
    change = by_path(result.changes)["/max_completion_tokens"]
    assert (change.kind, change.target_path) == ("renamed", "/max_tokens")


def test_azure_with_data_sources_takes_max_tokens() -> None:
    source = [SEARCH]
    payload = {"messages": [USER], "data_sources": source, "max_completion_tokens": 800}
    result = translate(payload, source="azure", target="azure")
    assert result.payload["max_tokens"] == 800
    assert "max_completion_tokens" not in result.payload
    change = by_path(result.changes)["/max_completion_tokens"]
    assert (change.kind, change.target_path) == ("renamed", "/max_tokens")
    assert "data_sources" in change.reason


def test_azure_with_data_sources_keeps_max_tokens_as_written() -> None:
    source = [SEARCH]
    payload = {"messages": [USER], "data_sources": source, "max_tokens": 800}
    result = translate(payload, source="azure", target="azure")
    assert result.payload == payload
    assert result.changes == ()


def test_azure_top_logprobs_is_clamped_to_five() -> None:
    result = translate(request(logprobs=True, top_logprobs=12), source="openai", target="azure")
    assert result.payload["top_logprobs"] == 5
    change = by_path(result.changes)["/top_logprobs"]
    assert (change.kind, change.target_path) == ("clamped", "/top_logprobs")


def test_openai_n_is_clamped_to_128() -> None:
    result = translate(request(n=500), source="generic", target="openai")
    assert result.payload["n"] == 128
    assert by_path(result.changes)["/n"].kind == "clamped"


def test_values_outside_a_target_enum_are_dropped() -> None:
    result = translate(request(reasoning_effort="minimal"), source="openai", target="generic")
    assert "reasoning_effort" not in result.payload
    assert by_path(result.changes)["/reasoning_effort"].kind == "dropped"


@pytest.mark.parametrize("target", ["azure", "generic", "atoma"])
def test_developer_role_becomes_system(target: str) -> None:
    messages = [{"role": "developer", "content": "Answer in French."}, USER]
    result = translate({"model": "o3-mini", "messages": messages}, source="openai", target=target)
    assert result.payload["messages"][0] == {"role": "system", "content": "Answer in French."}
    change = by_path(result.changes)["/messages/0/role"]
    assert (change.kind, change.target_path) == ("converted", "/messages/0/role")


@pytest.mark.parametrize("target", ["openai", "watsonx"])
def test_developer_role_is_kept_where_carried(target: str) -> None:
    messages = [{"role": "developer", "content": "Answer in French."}, USER]
    result = translate({"model": "o3-mini", "messages": messages}, source="openai", target=target)
    assert result.payload["messages"][0]["role"] == "developer"
    assert result.changes == ()


@pytest.mark.parametrize("target", ["azure", "watsonx", "atoma"])
def test_stop_string_is_wrapped_for_list_only_targets(target: str) -> None:
    result = translate(request(stop="END"), source="openai", target=target)
    assert result.payload["stop"] == ["END"]
    assert by_path(result.changes)["/stop"].kind == "converted"


@pytest.mark.parametrize("target", ["openai", "generic"])
def test_stop_string_is_kept_elsewhere(target: str) -> None:
    result = translate(request(stop="END"), source="openai", target=target)
    assert result.payload["stop"] == "END"


def test_generic_drops_logprobs_when_streaming() -> None:
    result = translate(request(stream=True, logprobs=True), source="openai", target="generic")
    assert result.payload["stream"] is True and "logprobs" not in result.payload
    assert "stream" in by_path(result.changes)["/logprobs"].reason


def test_generic_drops_top_logprobs_with_logprobs() -> None:
    payload = request(stream=True, logprobs=True, top_logprobs=2)
    result = translate(payload, source="openai", target="generic")
    assert {"logprobs", "top_logprobs"}.isdisjoint(result.payload)
    assert by_path(result.changes)["/top_logprobs"].kind == "dropped"


def test_generic_drops_parallel_tool_calls_without_tools() -> None:
    result = translate(request(parallel_tool_calls=False), source="openai", target="generic")
    assert "parallel_tool_calls" not in result.payload
    assert "tools" in by_path(result.changes)["/parallel_tool_calls"].reason
    kept = translate(request(parallel_tool_calls=False, tools=[TOOL]), source="openai", target="generic")
    assert kept.payload["parallel_tool_calls"] is False


@pytest.mark.parametrize(
    ("target", "api_version"), [("openai", None), ("azure", None), ("azure", "2024-12-01-preview")]
)
def test_openai_and_azure_drop_parallel_tool_calls_without_tools(
    target: str, api_version: str | None
) -> None:
    """OpenAI and Azure OpenAI answer 400 ("'parallel_tool_calls' is only allowed when 'tools' are
    specified") to parallel_tool_calls without tools: it is dropped, with the reason recorded."""
    versions = {} if api_version is None else {"api_version": api_version}
    for given in (request(parallel_tool_calls=False), request(parallel_tool_calls=True, tools=[])):
        result = translate(given, source="openai", target=target, **versions)
        assert "parallel_tool_calls" not in result.payload
        change = by_path(result.changes)["/parallel_tool_calls"]
        assert change.kind == "dropped"
        assert "tools" in change.reason
    given = request(parallel_tool_calls=False, tools=[TOOL])
    kept = translate(given, source="openai", target=target, **versions)
    assert kept.payload["parallel_tool_calls"] is False
    assert "/parallel_tool_calls" not in by_path(kept.changes)


def test_anthropic_parallel_setting_without_tools_is_not_written_to_openai() -> None:
    """Anthropic's disable_parallel_tool_use without tools is read as parallel_tool_calls, which OpenAI
    would refuse without tools: dropped, recorded."""
    given = {
        "model": "chat-model",
        "max_tokens": 64,
        "messages": [USER],
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
    }
    result = translate(given, source="anthropic", target="openai")
    assert "parallel_tool_calls" not in result.payload
    assert any(change.kind == "dropped" and "tools" in change.reason for change in result.changes)


def test_watsonx_drops_cache_when_streaming() -> None:
    payload = request(stream=True, cache={"enabled": True})
    result = translate(payload, source="watsonx", target="watsonx")
    assert "cache" not in result.payload
    assert "stream" in by_path(result.changes)["/cache"].reason
    quiet = translate(request(cache={"enabled": True}), source="watsonx", target="watsonx")
    assert quiet.payload["cache"] == {"enabled": True}


def test_atoma_drops_stream_true() -> None:
    result = translate(request(stream=True), source="openai", target="atoma")
    assert "stream" not in result.payload
    assert by_path(result.changes)["/stream"].kind == "dropped"
    assert translate(request(stream=False), source="openai", target="atoma").payload["stream"] is False


@pytest.mark.parametrize("target", ["openai", "azure", "generic", "watsonx"])
def test_stream_options_need_stream_true(target: str) -> None:
    payload = request(stream_options={"include_usage": True})
    result = translate(payload, source="openai", target=target)
    assert "stream_options" not in result.payload
    assert "stream" in by_path(result.changes)["/stream_options"].reason
    streaming = translate({**payload, "stream": True}, source="openai", target=target)
    assert streaming.payload["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("target", ["openai", "generic", "watsonx", "atoma"])
def test_targets_that_require_model_reject_a_request_without_one(target: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        translate({"messages": [USER]}, source="azure", target=target)
    assert caught.value.pointers == ("/model",)


def test_azure_does_not_need_a_model() -> None:
    result = translate({"messages": [USER]}, source="azure", target="azure")
    assert result.payload == {"messages": [USER]}


def test_openai_metadata_values_become_strings() -> None:
    payload = request(metadata={"team": "search", "priority": 2, "urgent": True, "tags": ["a"]})
    result = translate(payload, source="watsonx", target="openai")
    assert result.payload["metadata"] == {"team": "search", "priority": "2", "urgent": "true"}
    changes = by_path(result.changes)
    assert changes["/metadata/priority"].kind == "converted"
    assert changes["/metadata/tags"].kind == "dropped"


def test_render_writes_only_set_fields_of_a_model_built_in_python() -> None:
    model = ChatRequest(model="gpt-4o", messages=[USER], temperature=0.2, top_p=None)
    result = render(model, dialect="atoma")
    assert result.payload == {"model": "gpt-4o", "messages": [USER], "temperature": 0.2}
    assert result.source == "canonical" and result.target == "atoma"


def test_azure_drops_content_parts_it_does_not_accept() -> None:
    audio = {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}
    text = {"type": "text", "text": "Is my pronunciation right?"}
    messages = [{"role": "user", "content": [text, audio]}, {"role": "user", "content": [audio]}]
    result = translate({"model": "gpt-4o", "messages": messages}, source="openai", target="azure")
    assert result.payload["messages"] == [
        {"role": "user", "content": [text]},
        {"role": "user", "content": ""},
    ]
    assert {c.path for c in result.changes} == {"/messages/0/content/1", "/messages/1/content/0"}
    assert all(c.kind == "dropped" for c in result.changes)


def test_nulls_inside_free_form_values_are_kept() -> None:
    """Null is "not set" for declared fields only; inside a tool schema it is a value."""
    parameters = {"type": "object", "properties": {"unit": {"type": ["string", "null"], "default": None}}}
    tool = {"type": "function", "function": {"name": "f", "parameters": parameters}}
    metadata = {"note": None}
    result = translate(request(tools=[tool], metadata=metadata), source="watsonx", target="watsonx")
    assert result.payload["tools"][0]["function"]["parameters"] == parameters
    assert result.payload["metadata"] == metadata


def test_clamp_reasons_show_integer_bounds_exactly() -> None:
    result = translate(request(seed=2**70), source="generic", target="openai")
    assert result.payload["seed"] == 2**63 - 1
    assert str(2**63 - 1) in result.changes[0].reason


def test_pointers_after_a_dropped_list_item_are_the_items_own() -> None:
    """Dropping a content part or a tool moves the items after it; every change about a later item
    names that item: its pointer in the input, and its place in the output."""
    pdf = {"type": "base64", "media_type": "application/pdf", "data": "JVBER"}
    png = {"type": "base64", "media_type": "image/png", "data": "iVBOR"}
    ephemeral = {"type": "ephemeral"}
    payload = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "document", "source": pdf},
                    {"type": "image", "source": png, "cache_control": ephemeral},
                ],
            }
        ],
        "tools": [
            {"type": "web_search_20250305", "name": "web_search"},
            {"name": "f", "input_schema": {"type": "object"}, "cache_control": ephemeral},
        ],
    }
    result = translate(payload, source="anthropic", target="azure")
    assert result.payload["messages"][0]["content"] == [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR"}}
    ]
    changes = {(change.kind, change.path): change.target_path for change in result.changes}
    assert changes[("converted", "/messages/0/content/1")] == "/messages/0/content/0"
    assert ("dropped", "/messages/0/content/1/cache_control") in changes
    assert ("dropped", "/tools/1/cache_control") in changes
    assert ("dropped", "/tools/0") in changes


@pytest.mark.parametrize("target", ["openai", "azure"])
def test_an_empty_tool_list_is_dropped_with_a_record(target: str) -> None:
    """OpenAI answers 400 to "tools": [] ("[] is too short"), and Azure has done the same."""
    for source in ("generic", target):
        result = translate(request(tools=[]), source=source, target=target)
        assert "tools" not in result.payload
        assert [(c.kind, c.path) for c in result.changes] == [("dropped", "/tools")]
        assert "empty" in result.changes[0].reason


def test_a_tool_list_is_kept_where_empty_is_not_refused() -> None:
    assert translate(request(tools=[]), source="generic", target="generic").payload["tools"] == []


VIDEO = {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4"}}
AUDIO = {"type": "audio_url", "audio_url": {"url": "data:audio/wav;base64,UklGRg=="}}


def test_generic_carries_the_media_parts_of_openai_compatible_servers() -> None:
    """vLLM and SGLang take video_url and audio_url parts ({"url"} objects) in OpenAI's format."""
    message = {"role": "user", "content": [{"type": "text", "text": "Describe."}, VIDEO, AUDIO]}
    result = translate(request(messages=[message]), source="generic", target="generic")
    assert result.payload["messages"] == [message]
    assert result.changes == ()


@pytest.mark.parametrize("target", ["openai", "azure", "watsonx", "atoma", "anthropic", "bedrock", "gemini"])
def test_other_targets_drop_media_parts_with_a_record(target: str) -> None:
    message = {"role": "user", "content": [{"type": "text", "text": "Describe."}, VIDEO, AUDIO]}
    result = translate(request(messages=[message]), source="generic", target=target)
    dropped = [c for c in result.changes if c.kind == "dropped"]
    assert [c.path for c in dropped] == ["/messages/0/content/1", "/messages/0/content/2"]
    assert "video" in dropped[0].reason and "audio" in dropped[1].reason
    assert "video_url" not in str(result.payload) and "audio_url" not in str(result.payload)


def test_a_media_part_needs_its_url() -> None:
    message = {"role": "user", "content": [{"type": "video_url", "video_url": {}}]}
    with pytest.raises(InvalidRequestError) as caught:
        translate(request(messages=[message]), source="generic", target="generic")
    assert caught.value.errors == (("/messages/0/content/0/video_url/url", "is required"),)
