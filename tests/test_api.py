"""The public functions (SPEC sections 1 and 6): net changes, policies, passthrough, errors."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import pytest

from chatdialect import (
    Change,
    ChatDialectError,
    ChatDialectWarning,
    ChatRequest,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
    dialect_names,
    normalize,
    parse,
    render,
    translate,
)

USER = {"role": "user", "content": "Draft a reply to this email."}


def request(**fields: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [USER], **fields}


def test_dialect_names() -> None:
    assert dialect_names() == (
        "anthropic", "atoma", "azure", "bedrock", "gemini", "generic", "openai", "responses", "watsonx"
    )


def test_translation_carries_its_dialects() -> None:
    result = translate(request(), source="generic", target="watsonx")
    assert (result.source, result.target) == ("generic", "watsonx")


def test_unknown_dialect_lists_the_known_names() -> None:
    with pytest.raises(UnknownDialectError) as caught:
        translate(request(), source="openai", target="gemini-1.0")
    assert isinstance(caught.value, ChatDialectError) and isinstance(caught.value, ValueError)
    for name in dialect_names():
        assert name in str(caught.value)
    with pytest.raises(UnknownDialectError):
        parse(request(), dialect="OpenAI")
    with pytest.raises(UnknownDialectError):
        render(ChatRequest.model_validate(request()), dialect=None)  # type: ignore[arg-type]


def test_a_read_step_undone_by_the_write_step_records_nothing() -> None:
    payload = request(max_tokens=64)
    result = translate(payload, source="atoma", target="atoma")
    assert result.payload == payload
    assert result.changes == ()


def test_read_and_write_steps_net_into_one_change() -> None:
    """atoma max_tokens -> canonical max_completion_tokens -> openai: one rename, input to output."""
    result = translate(request(max_tokens=64), source="atoma", target="openai")
    assert result.changes == (
        Change(
            "renamed",
            "/max_tokens",
            "/max_completion_tokens",
            "max_tokens is called max_completion_tokens canonically.",
        ),
    )


def test_a_converted_field_dropped_by_the_target_is_recorded_at_its_input_path() -> None:
    function = {"name": "f", "parameters": {"type": "object"}}
    result = translate(request(functions=[function]), source="atoma", target="atoma")
    assert result.payload["tools"] == [{"type": "function", "function": function}]
    result = translate(request(max_tokens=9, stream=True), source="atoma", target="openai")
    assert {c.path for c in result.changes} == {"/max_tokens"}


def test_write_changes_point_into_the_callers_payload() -> None:
    """A legacy function's parameters dropped nowhere, but errors point at /functions/0/..."""
    bad = {"name": "f", "parameters": {"type": "objekt"}}
    with pytest.raises(InvalidRequestError) as caught:
        translate(request(functions=[bad]), source="openai", target="azure")
    assert caught.value.pointers == ("/functions/0/parameters",)
    with pytest.raises(InvalidRequestError) as caught:
        translate(request(functions=[{"name": "no spaces allowed"}]), source="openai", target="azure")
    assert caught.value.pointers == ("/functions/0/name",)


def test_errors_inside_a_converted_function_call_point_at_the_legacy_field() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        normalize(request(functions=[{"name": "f"}], function_call={"name": "bad name"}))
    assert caught.value.pointers == ("/function_call/name",)


def test_unsupported_error_policy_lists_every_lossy_change() -> None:
    payload = request(top_k=3, n=300, cache={"enabled": True}, temperature=0.5)
    with pytest.raises(UnsupportedFieldError) as caught:
        translate(payload, source="watsonx", target="openai", on_unsupported="error")
    paths = {change.path for change in caught.value.changes}
    assert paths == {"/top_k", "/n", "/cache"}
    assert all(change.kind in ("dropped", "clamped") for change in caught.value.changes)


def test_error_policy_allows_lossless_changes() -> None:
    result = translate(request(max_tokens=5), source="atoma", target="openai", on_unsupported="error")
    assert result.payload["max_completion_tokens"] == 5


def test_warn_policy_warns_once_naming_the_fields() -> None:
    payload = request(top_k=3, x_custom=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = translate(payload, source="generic", target="openai", on_unsupported="warn")
    assert len(caught) == 1
    assert issubclass(caught[0].category, ChatDialectWarning)
    assert "/top_k" in str(caught[0].message) and "/x_custom" in str(caught[0].message)
    assert "top_k" not in result.payload


def test_no_warning_when_nothing_is_lost() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        translate(request(max_tokens=5), source="atoma", target="openai", on_unsupported="warn")


def test_passthrough_copies_unknown_and_uncarried_fields() -> None:
    payload = request(x_trace_id="abc", top_k=20, seed=4)
    result = translate(payload, source="generic", target="openai", passthrough=["x_trace_id", "top_k"])
    assert result.payload["x_trace_id"] == "abc"
    assert result.payload["top_k"] == 20
    assert {c.path for c in result.changes} == set()


def test_passthrough_values_are_copies() -> None:
    payload = request(x_extra={"nested": [1, 2]})
    result = translate(payload, source="openai", target="openai", passthrough=["x_extra"])
    result.payload["x_extra"]["nested"].append(3)
    assert payload["x_extra"] == {"nested": [1, 2]}


def test_strict_policy_accepts_passthrough_fields() -> None:
    result = translate(
        request(x_trace_id="abc"),
        source="openai",
        target="openai",
        passthrough=["x_trace_id"],
        on_unsupported="error",
    )
    assert result.payload["x_trace_id"] == "abc"


@pytest.mark.parametrize("policy", ["ignore", "", None, 1])
def test_bad_policy_is_a_chatdialect_error(policy: Any) -> None:
    with pytest.raises(ChatDialectError, match="on_unsupported"):
        translate(request(), source="openai", target="openai", on_unsupported=policy)


def test_bad_passthrough_is_a_chatdialect_error() -> None:
    with pytest.raises(ChatDialectError, match="passthrough"):
        translate(request(), source="openai", target="openai", passthrough=5)  # type: ignore[arg-type]
    with pytest.raises(ChatDialectError, match="passthrough"):
        translate(request(), source="openai", target="openai", passthrough=[1])  # type: ignore[list-item]


@pytest.mark.parametrize("payload", [None, "{}", 42, [request()], b"{}"])
def test_a_payload_that_is_not_an_object_is_invalid(payload: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert caught.value.pointers == ("",)


def test_the_input_is_never_mutated_and_the_output_shares_nothing() -> None:
    payload = request(
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        metadata={"k": "v"},
        stop="END",
        functions=[{"name": "g", "parameters": {"type": "object", "properties": {}}}],
        max_tokens=5,
    )
    payload["messages"] = [{"role": "developer", "content": "Be brief."}, USER]
    before = copy.deepcopy(payload)
    result = translate(payload, source="watsonx", target="azure")
    assert payload == before
    result.payload["messages"][0]["content"] = "changed"
    result.payload["tools"][0]["function"]["parameters"]["type"] = "array"
    assert payload == before


def test_normalize_is_translate_openai_to_openai() -> None:
    payload = request(max_tokens=5, functions=[{"name": "f"}], function_call="auto")
    assert normalize(payload) == translate(payload, source="openai", target="openai")


def test_normalize_is_idempotent() -> None:
    payload = request(max_tokens=5, functions=[{"name": "f"}], function_call="auto")
    once = normalize(payload)
    twice = normalize(once.payload)
    assert twice.payload == once.payload
    assert twice.changes == ()


def test_parse_then_render_equals_translate() -> None:
    payload = request(temperature=0.3, stop="x", max_tokens=9)
    via_model = render(parse(payload, dialect="openai"), dialect="watsonx")
    direct = translate(payload, source="openai", target="watsonx")
    assert via_model.payload == direct.payload


def test_render_rejects_a_plain_dict() -> None:
    with pytest.raises(ChatDialectError, match="ChatRequest"):
        render(request(), dialect="openai")  # type: ignore[arg-type]


def test_invalid_request_collects_every_problem() -> None:
    payload = {
        "model": 7,
        "messages": [{"role": "wizard", "content": "hi"}, {"role": "user"}],
        "temperature": 2.5,
        "top_p": -0.1,
        "presence_penalty": 3,
        "logit_bias": {"50256": -101},
        "n": 0,
        "stop": ["a", "b", "c", "d", "e"],
        "top_logprobs": 3,
        "tools": [{"type": "function", "function": {"name": "has space"}}],
    }
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert set(caught.value.pointers) == {
        "/model",
        "/messages/0/role",
        "/messages/1/content",
        "/temperature",
        "/top_p",
        "/presence_penalty",
        "/logit_bias/50256",
        "/n",
        "/stop",
        "/top_logprobs",
        "/tools/0/function/name",
    }
    for pointer in caught.value.pointers:
        assert pointer in str(caught.value)
