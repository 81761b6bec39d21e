"""Problems of invalid requests: the pointer of each offending field and one plain sentence saying
what is expected (issue 16: pointers, wording, a complete list)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chatdialect import InvalidRequestError, parse, translate, translate_json

USER = {"role": "user", "content": "hi"}

VALIDATOR_WORDING = (
    "valid dictionary",
    "extract fields",
    "discriminator",
    "instance of",
    "after validation",
    "accepted values",
    "meta-schema",
    "should match pattern",
    "tagged-union",
    "Input should",
    "Field required",
)


def problems(
    payload: dict[str, Any], source: str = "openai", target: str = "openai"
) -> tuple[tuple[str, str], ...]:
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source=source, target=target)
    return caught.value.errors


def request(**fields: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [USER], **fields}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        # the missing field has the same name as the object's type tag
        (request(response_format={"type": "json_schema"}), ("/response_format/json_schema", "is required")),
        (request(tools=[{"type": "function"}]), ("/tools/0/function", "is required")),
        (request(tool_choice={"type": "function"}), ("/tool_choice/function", "is required")),
        (request(prediction={"type": "content"}), ("/prediction/content", "is required")),
        (
            {"model": "m", "messages": [{"role": "user", "content": [{"type": "text"}]}]},
            ("/messages/0/content/0/text", "is required"),
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}],
            },
            ("/messages/0/content/0/image_url/url", "is required"),
        ),
    ],
)
def test_a_missing_field_named_like_its_type_is_pointed_at(payload: dict[str, Any], expected: Any) -> None:
    assert problems(payload) == (expected,)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"model": "m", "messages": ["hi"]},
            ("/messages/0", "should be an object"),
        ),
        (
            {"model": "m", "messages": [{"content": "x"}]},
            (
                "/messages/0/role",
                "is required and should be 'system', 'developer', 'user', 'assistant' or 'tool'",
            ),
        ),
        (
            {"model": "m", "messages": [{"role": "wizard", "content": "x"}]},
            ("/messages/0/role", "should be 'system', 'developer', 'user', 'assistant' or 'tool'"),
        ),
        (
            {"model": "m", "messages": [{"role": "assistant", "content": [{"type": "image_url"}]}]},
            (
                "/messages/0/content/0/type",
                "should be 'text', 'refusal', 'anthropic', 'bedrock', 'gemini' or 'responses'",
            ),
        ),
        (
            {"model": "m", "messages": [{"role": "user", "content": [{"text": "x"}]}]},
            (
                "/messages/0/content/0/type",
                "is required and should be 'text', 'image_url', 'input_audio', "
                "'file', 'video_url', 'audio_url', 'anthropic', 'bedrock', 'gemini' or 'responses'",
            ),
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": "x"}]}],
            },
            ("/messages/0/content/0/image_url", "should be an object"),
        ),
        ({"model": "m", "messages": []}, ("/messages", "should not be empty")),
        (request(stop=[]), ("/stop", "should not be empty")),
        (request(stop=5), ("/stop", "should be a string or a list")),
        (
            request(tool_choice="maybe"),
            ("/tool_choice", "should be 'none', 'auto' or 'required', or an object"),
        ),
        (
            request(tool_choice={}),
            ("/tool_choice/type", "is required and should be 'function', 'allowed_tools' or 'responses'"),
        ),
        (request(response_format="json"), ("/response_format", "should be an object")),
        (request(stream="yes"), ("/stream", "should be true or false")),
        (request(max_completion_tokens=1.5), ("/max_completion_tokens", "should be an integer")),
        (request(safety_identifier="x" * 65), ("/safety_identifier", "should be at most 64 characters long")),
        (
            request(tools=[{"type": "function", "function": {"name": "has space"}}]),
            ("/tools/0/function/name", "should be 1 to 64 letters, digits, underscores or hyphens"),
        ),
        (
            request(tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "bogus"}}}]),
            (
                "/tools/0/function/parameters",
                "is not a valid JSON Schema: the value at /type should be a type name (string, number, "
                "integer, boolean, object, array or null) or a list of them",
            ),
        ),
        (
            request(tools=[{"type": "function", "function": {"name": "f", "parameters": {"required": "a"}}}]),
            (
                "/tools/0/function/parameters",
                "is not a valid JSON Schema: the value at /required should be a list",
            ),
        ),
    ],
)
def test_each_problem_is_one_plain_sentence_naming_what_is_expected(
    payload: dict[str, Any], expected: tuple[str, str]
) -> None:
    found = problems(payload)
    assert found == (expected,)
    for _, message in found:
        assert not any(jargon in message for jargon in VALIDATOR_WORDING), message


def test_a_wrong_role_or_type_is_not_echoed() -> None:
    secret = "sk-proj-abcdefghijklmnop"
    payload = {
        "model": "m",
        "messages": [{"role": secret, "content": "x"}, {"role": "user", "content": [{"type": secret}]}],
    }
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert secret not in str(caught.value)
    assert caught.value.pointers == ("/messages/0/role", "/messages/1/content/0/type")


@pytest.mark.parametrize("source", ["azure", "openai"])
def test_every_problem_is_listed_with_the_missing_model_the_target_requires(source: str) -> None:
    """azure reads a request without a model; writing it to openai needs one: one error names both."""
    payload = {"messages": [{"role": "user"}, {"role": "wizard", "content": "x"}]}
    assert problems(payload, source=source, target="openai") == (
        ("/messages/0/content", "is required"),
        ("/messages/1/role", "should be 'system', 'developer', 'user', 'assistant' or 'tool'"),
        ("/model", "is required by the openai dialect"),
    )


def test_a_request_valid_but_for_the_model_the_target_requires_is_still_refused() -> None:
    assert problems({"messages": [USER]}, source="azure", target="openai") == (
        ("/model", "is required by the openai dialect"),
    )


def test_parse_names_the_same_pointers() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        parse(
            {"model": "m", "messages": [USER], "response_format": {"type": "json_schema"}}, dialect="openai"
        )
    assert caught.value.pointers == ("/response_format/json_schema",)


@pytest.mark.parametrize("seed", [-(2**63), 2**63 - 1])
@pytest.mark.parametrize("source", ["openai", "azure", "generic"])
@pytest.mark.parametrize("target", ["openai", "azure"])
def test_a_seed_at_an_int64_bound_is_within_the_range(seed: int, source: str, target: str) -> None:
    """-2^63 and 2^63-1 are int64 values: neither is below the minimum or above the maximum, read
    from a dict or from JSON text, and neither is clamped."""
    payload = request(seed=seed)
    result = translate(payload, source=source, target=target)
    assert result.payload["seed"] == seed and type(result.payload["seed"]) is int
    assert result.changes == ()
    text = translate_json(json.dumps(payload), source=source, target=target)
    assert json.loads(text.payload)["seed"] == seed and text.changes == ()


@pytest.mark.parametrize("seed", [-(2**63) - 1, 2**63])
def test_a_seed_past_an_int64_bound_is_refused_by_openai(seed: int) -> None:
    edge = "below -9223372036854775808, the openai minimum" if seed < 0 else "above"
    ((pointer, message),) = problems(request(seed=seed))
    assert pointer == "/seed" and edge in message
