"""Round trips through the ``responses`` dialect (issue 13: "openai -> responses -> openai keeps every
field SPEC does not list as lossy").

The lossy points are SPEC 8's for ``responses`` ("fields Responses lacks (``stop``, ``n``, ``seed``,
``logit_bias``, penalties, ``stream_options.include_usage``) are dropped with records") and the vendor
schema's: no ``name`` on messages, no audio input parts, assistant text as a string (refusal parts and
the assistant's ``refusal``/``audio`` dropped), a token cap of at least 16. What Responses requires is
written and comes back (``strict: false`` on tools, empty ``parameters``, image ``detail: auto``). The
property states exactly what comes back (``expected_fields``, ``events``) and that every loss is recorded
by the first leg. Every leg: SPEC 6 conservation, the input never mutated.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.laws import assert_conserved
from tests.strategies import snapshot, valid_requests

from chatdialect import Translation, parse, translate
from chatdialect._dialects import REGISTRY

RESPONSES = REGISTRY["responses"]
CARRIED = {"model", "messages", *RESPONSES.fields}
EMPTY_PARAMETERS = {"type": "object", "properties": {}}

# A share of the profile's budget ("ci": 70 -> 17; "thorough": 300 -> 75).
EXAMPLES = settings(max_examples=max(10, settings().max_examples // 4))


def leg(payload: dict[str, Any], source: str, target: str) -> Translation:
    before = snapshot(payload)
    result = translate(payload, source=source, target=target)
    assert snapshot(payload) == before, f"{source} -> {target} mutated its input"
    assert_conserved(payload, result)
    return result


def canonical(payload: dict[str, Any], dialect: str) -> dict[str, Any]:
    return parse(payload, dialect=dialect).model_dump(by_alias=True, exclude_none=True)


def expected_fields(before: dict[str, Any]) -> dict[str, Any]:
    """The top-level fields but ``messages`` that an openai request (canonical form) gets back."""
    out: dict[str, Any] = {}
    for name, value in before.items():
        if name == "messages" or name not in CARRIED:
            continue
        if name == "max_completion_tokens":
            value = max(value, 16)
        elif name == "logprobs" and value is False:
            continue
        elif name == "stream_options" and value:
            value = {key: item for key, item in value.items() if key == "include_obfuscation"}
            if not value:
                continue  # include_usage alone: the object goes
        elif name == "tools":
            value = [
                {**tool, "function": {"parameters": EMPTY_PARAMETERS, "strict": False, **tool["function"]}}
                for tool in value
            ]
        elif name == "response_format" and value["type"] == "json_schema":
            value = {**value, "json_schema": {"schema": {}, **value["json_schema"]}}
        out[name] = value
    return out


def _part(part: dict[str, Any]) -> dict[str, Any] | None:
    """A user content part as it comes back (None: dropped, audio)."""
    if part["type"] == "input_audio":
        return None
    if part["type"] == "image_url":
        return {**part, "image_url": {"detail": "auto", **part["image_url"]}}
    return part


def events(messages: list[dict[str, Any]], lossy: bool) -> list[tuple[Any, ...]]:
    """The conversation as what a round trip keeps, in order: each non-assistant message (with the
    ``lossy`` points applied: no ``name``, no audio parts), and per assistant message its text (a
    string: parts joined, refusals left out) and its tool calls. Consecutive assistant messages that
    come back merged (text, then the next one's calls) give the same events."""
    found: list[tuple[Any, ...]] = []
    for message in messages:
        message = copy.deepcopy(message)
        if lossy:
            message.pop("name", None)
        role, content = message["role"], message.get("content")
        if role != "assistant":
            if lossy and role == "user" and isinstance(content, list):
                parts = [made for made in map(_part, content) if made is not None]
                message["content"] = parts or ""
            found.append(("message", message))
            continue
        calls = message.get("tool_calls") or []
        if isinstance(content, list):
            content = "".join(part["text"] for part in content if part["type"] == "text")
            texted = any(part["type"] == "text" for part in message["content"])
        else:
            texted = isinstance(content, str)
        if (texted and (content or not calls)) or (not texted and not calls):
            found.append(("text", content or ""))
        found.extend(("call", call) for call in calls)
    return found


@EXAMPLES
@given(data=st.data())
def test_openai_to_responses_and_back_keeps_what_spec_does_not_list_as_lossy(data: st.DataObject) -> None:
    payload = data.draw(valid_requests("openai", "responses"), label="payload")
    start = translate(payload, source="openai", target="openai").payload
    there = leg(start, "openai", "responses")
    back = leg(there.payload, "responses", "openai")
    before, after = canonical(start, "openai"), canonical(back.payload, "openai")
    dropped = {change.path for change in there.changes if change.kind == "dropped"}
    for name in before:
        if name not in CARRIED:
            assert f"/{name}" in dropped, f"{name} was lost without a record"
    assert {k: v for k, v in after.items() if k != "messages"} == expected_fields(before)
    assert events(after["messages"], lossy=False) == events(before["messages"], lossy=True)
    lossy = {change.path for change in there.changes if change.lossy}
    for index, message in enumerate(before["messages"]):
        if message.get("name") is not None:
            assert f"/messages/{index}/name" in lossy
        if message.get("refusal") is not None:
            assert f"/messages/{index}/refusal" in lossy


@EXAMPLES
@given(data=st.data())
def test_responses_to_responses_is_the_identity_on_generated_payloads(data: st.DataObject) -> None:
    """Everything a Responses request holds has a canonical place (kept items, built-in tools,
    Responses-only fields included): nothing is lost, and what changes is recorded."""
    payload = data.draw(valid_requests("responses"), label="payload")
    result = leg(payload, "responses", "responses")
    assert not result.lossy_changes()
    again = leg(result.payload, "responses", "responses")
    assert again.payload == result.payload and again.changes == ()
