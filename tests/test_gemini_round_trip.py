"""Round trips through the ``gemini`` dialect (issue 12 acceptance: "openai -> gemini -> openai keeps
every field SPEC does not list as lossy", "gemini -> gemini loses nothing and records every
difference").

The lossy points are those of ``vendors/gemini_generate_content.md`` ("Lossy points") and SPEC 8's
decisions for ``gemini``; ``expected_fields`` states each. Conversations are drawn in the form
Gemini keeps as it is (a leading system message, alternating turns, tool results right after
their calls): how other conversations are reshaped (system messages hoisted, turns merged) is
pinned by ``tests/dialects/test_gemini_codec.py``. Every leg: conservation (SPEC 6), the input never
mutated; hostile Gemini payloads raise only ``ChatDialectError``.
"""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import given, note, settings
from hypothesis import strategies as st

from chatdialect import ChatDialectError, Translation, translate
from chatdialect._dialects import REGISTRY
from laws import assert_conserved
from strategies import (
    OBJECT_ARGUMENTS,
    _fix_up,
    differences,
    field_strategies,
    function_tools,
    non_empty_texts,
    non_null_json,
    related,
    snapshot,
    texts,
    tool_choices,
)

MODEL = "gemini-2.5-flash"
EXAMPLES = settings(max_examples=max(10, settings().max_examples // 3))
CARRIED = (
    "temperature", "top_p", "n", "stop", "stream", "max_completion_tokens", "frequency_penalty",
    "presence_penalty", "logprobs", "top_logprobs", "response_format", "seed", "reasoning_effort",
    "service_tier",
)  # fmt: skip
"""The openai fields gemini carries (tools and tool_choice are drawn together below)."""
LEVELS = ("minimal", "low", "medium", "high")
TIERS = ("auto", "default", "flex", "priority")


def leg(payload: dict[str, Any], source: str, target: str, **options: Any) -> Translation:
    before = snapshot(payload)
    result = translate(payload, source=source, target=target, **options)
    assert snapshot(payload) == before, f"{source} -> {target} mutated its input"
    assert_conserved(payload, result)
    return result


# --- conversations in the form Gemini keeps -------------------------------------------------------

user_parts = st.lists(
    st.one_of(
        st.builds(lambda text: {"type": "text", "text": text}, texts),
        st.sampled_from(
            [
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                {"type": "input_audio", "input_audio": {"data": "UklGR", "format": "mp3"}},
            ]
        ),
    ),
    min_size=2,
    max_size=3,
)


@st.composite
def conversations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A leading system message (maybe), then user / assistant turns; an assistant's tool calls are
    answered by tool messages right after it, in order."""
    messages: list[dict[str, Any]] = []
    if draw(st.booleans()):
        messages.append({"role": "system", "content": draw(texts)})
    calls = 0
    for _ in range(draw(st.integers(1, 3))):
        if not messages or messages[-1]["role"] != "user":
            messages.append({"role": "user", "content": draw(texts | user_parts)})
        if draw(st.booleans()):
            message: dict[str, Any] = {"role": "assistant"}
            if draw(st.booleans()):
                message["content"] = draw(non_empty_texts)
            count = draw(st.integers(0 if "content" in message else 1, 2))
            made = []
            for _ in range(count):
                calls += 1
                arguments = draw(st.sampled_from(OBJECT_ARGUMENTS))
                function = {
                    "name": draw(st.sampled_from(["get_weather", "search", "f-1"])),
                    "arguments": arguments,
                }
                made.append({"id": f"call_{calls}", "type": "function", "function": function})
            if made:
                message["tool_calls"] = made
            messages.append(message)
            for call in made:
                messages.append({"role": "tool", "tool_call_id": call["id"], "content": draw(texts)})
    return messages


@st.composite
def openai_requests(draw: st.DrawFn) -> dict[str, Any]:
    fields = field_strategies(REGISTRY["openai"])
    optional = {name: fields[name] for name in CARRIED}
    payload: dict[str, Any] = {"model": MODEL, "messages": draw(conversations())}
    payload.update(draw(st.fixed_dictionaries({}, optional=optional)))
    if draw(st.booleans()):
        payload["tools"] = draw(function_tools)
        if draw(st.booleans()):
            payload["tool_choice"] = draw(tool_choices)
    return _fix_up(payload)


def expected_fields(before: dict[str, Any]) -> dict[str, Any]:
    """The top-level fields (all but messages) an openai request gets back from a gemini leg. The
    lossy points: ``stop`` as a list; ``stream: false`` (the endpoint says only whether it streams);
    ``top_logprobs`` without ``logprobs``; ``reasoning_effort`` beyond minimal..high and
    ``service_tier`` beyond auto/default/flex/priority; a json_schema ``response_format`` named
    ``response`` without description and strict (without a schema: JSON mode); ``strict``, kept only
    when every function is strict and the choice is auto or absent (mode VALIDATED: read back with an
    explicit ``auto``)."""
    out = copy.deepcopy({key: value for key, value in before.items() if key != "messages"})
    if isinstance(out.get("stop"), str):
        out["stop"] = [out["stop"]]
    if out.get("stream") is False:
        del out["stream"]
    if "top_logprobs" in out and out.get("logprobs") is not True:
        del out["top_logprobs"]
    if out.get("reasoning_effort") not in (None, *LEVELS):
        del out["reasoning_effort"]
    if out.get("service_tier") not in (None, *TIERS):
        del out["service_tier"]
    given_format = out.get("response_format")
    if given_format is not None and given_format["type"] == "json_schema":
        schema = given_format["json_schema"].get("schema")
        named = {"name": "response", "schema": schema}
        out["response_format"] = (
            {"type": "json_object"} if schema is None else {"type": "json_schema", "json_schema": named}
        )
    tools = out.get("tools")
    if tools:
        strict = [tool["function"].get("strict") is True for tool in tools]
        validated = all(strict) and out.get("tool_choice") in (None, "auto")
        for tool in tools:
            tool["function"].pop("strict", None)
            if validated:
                tool["function"]["strict"] = True
        if validated:
            out["tool_choice"] = "auto"
    return out


def same_messages(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """Messages come back as they were, tool-call arguments up to JSON equality (args is an object)."""
    assert len(after) == len(before)
    for one, two in zip(before, after, strict=True):
        one, two = copy.deepcopy(one), copy.deepcopy(two)
        for message in (one, two):
            for call in message.get("tool_calls", ()):
                call["function"]["arguments"] = json.loads(call["function"]["arguments"])
        assert two == one


@EXAMPLES
@given(payload=openai_requests())
def test_openai_to_gemini_to_openai_keeps_what_spec_does_not_list_as_lossy(payload: dict[str, Any]) -> None:
    there = leg(payload, "openai", "gemini")
    assert "model" not in there.payload and there.endpoint.model == MODEL
    note(json.dumps(there.payload))
    stream = True if there.endpoint.stream else None
    back = leg(there.payload, "gemini", "openai", model=there.endpoint.model, stream=stream)
    after = back.payload
    assert {
        key: value for key, value in after.items() if key not in ("model", "messages")
    } == expected_fields({key: value for key, value in payload.items() if key != "model"})
    same_messages(payload["messages"], after["messages"])
    for field in set(payload) - {"model", "messages"}:
        if payload[field] != after.get(field):  # every field that changed has a record of the first leg
            assert any(c.path is not None and related(c.path, f"/{field}") for c in there.changes), field


# --- gemini -> gemini: the identity, with what clients send ------------------------------------------

GEMINI_EXTRAS = {
    "safetySettings": st.just([{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}]),
    "cachedContent": st.just("cachedContents/abc"),
    "labels": st.just({"team": "a"}),
}


def respell(value: Any, draw: st.DrawFn, depth: int = 0) -> Any:
    """``value`` with some camelCase keys of Gemini's own objects in snake_case (never under user
    data: args, response, schemas, labels) and some one-item lists given as the item alone."""
    if isinstance(value, dict):
        out = {}
        for key, each in value.items():
            if key in ("args", "response", "parametersJsonSchema", "responseJsonSchema", "labels"):
                out[key] = each
                continue
            name = "".join("_" + c.lower() if c.isupper() else c for c in key) if draw(st.booleans()) else key
            out[name] = respell(each, draw, depth + 1)
        return out
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) and draw(st.booleans()):
        return respell(value[0], draw, depth + 1)
    if isinstance(value, list):
        return [respell(each, draw, depth + 1) for each in value]
    return value


@st.composite
def gemini_requests(draw: st.DrawFn) -> dict[str, Any]:
    payload = translate(draw(openai_requests()), source="openai", target="gemini").payload
    payload.update(draw(st.fixed_dictionaries({}, optional=GEMINI_EXTRAS)))
    if draw(st.booleans()):
        payload.setdefault("tools", []).append({"googleSearch": {}})
    for content in payload["contents"]:
        if content["role"] == "model" and draw(st.booleans()):
            content["parts"].insert(0, {"text": draw(texts), "thought": True})
    if draw(st.booleans()):
        payload = respell(payload, draw)
    return payload


@EXAMPLES
@given(payload=gemini_requests())
def test_gemini_to_gemini_loses_nothing_and_records_every_difference(payload: dict[str, Any]) -> None:
    result = leg(payload, "gemini", "gemini", model=MODEL)
    assert [change for change in result.changes if change.lossy] == []
    pointers = [p for change in result.changes for p in (change.path, change.target_path) if p]
    for side, pointer in differences(payload, result.payload):
        assert any(related(pointer, recorded) for recorded in pointers), (side, pointer)
    again = leg(result.payload, "gemini", "gemini", model=MODEL)
    assert again.payload == result.payload and again.changes == ()


# --- hostile gemini payloads ------------------------------------------------------------------------


def _sites(value: Any) -> list[Any]:
    found, queue = [], [value]
    while queue:
        node = queue.pop(0)
        if isinstance(node, (dict, list)):
            found.append(node)
            queue.extend(node.values() if isinstance(node, dict) else node)
    return found


@EXAMPLES
@given(data=st.data())
def test_hostile_gemini_payloads_raise_only_chatdialect_errors(data: st.DataObject) -> None:
    payload = data.draw(gemini_requests())
    for _ in range(data.draw(st.integers(1, 3))):
        site = data.draw(st.sampled_from(_sites(payload)))
        value = data.draw(non_null_json | st.none())
        if isinstance(site, dict) and site:
            site[data.draw(st.sampled_from(sorted(site)))] = value
        elif isinstance(site, list) and site:
            site[data.draw(st.integers(0, len(site) - 1))] = value
    before = snapshot(payload)
    for target in ("gemini", "openai", "anthropic"):
        with contextlib.suppress(ChatDialectError):
            translate(payload, source="gemini", target=target, model=MODEL)
        assert snapshot(payload) == before
