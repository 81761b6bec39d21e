"""Round trips through the ``anthropic`` dialect (engine v2 acceptance: "a property test shows openai ->
anthropic -> openai keeps every field SPEC does not list as lossy for Anthropic").

The lossy points are those of ``vendors/anthropic_messages.md`` ("Lossy points (OpenAI -> Anthropic ->
OpenAI)") and SPEC 8's decisions for ``anthropic``. Each property states exactly what comes back:

* openai -> anthropic -> openai: every top-level field comes back as ``expected_fields`` says (equal,
  but for the listed lossy points, each of which the first leg records), and every message as it was,
  up to the lossy points of messages, each recorded by the first leg (``check_messages``);
* anthropic -> anthropic is the identity on generated Anthropic payloads, and so is render(parse(x))
  (everything Anthropic holds has a canonical place, thinking blocks and Anthropic-only blocks and
  tools included);
* anthropic -> openai (or generic) -> anthropic gives back the payload without what the middle leg
  records as lost (``without``): server tools and blocks, thinking and its blocks, ``cache_control``,
  ``container``, ``mcp_servers``, ... do not survive an OpenAI-shaped leg; messages, custom tools, tool
  choice, system, stop sequences, the token cap, sampling, user id and structured output do (and
  ``top_k`` through ``generic``).

Every leg: SPEC 6 conservation (``laws.assert_conserved``), the input never mutated.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from tests.laws import assert_conserved
from tests.strategies import (
    LinedUp,
    differences,
    escape,
    legacy_requests,
    related,
    resolve,
    snapshot,
    tokens,
    valid_requests,
)

from chatdialect import InvalidRequestError, Translation, parse, render, translate
from chatdialect._dialects import REGISTRY

ANTHROPIC = REGISTRY["anthropic"]
CARRIED = {"model", "messages", *ANTHROPIC.fields}
"""The canonical fields the anthropic dialect carries."""
EFFORTS = ("low", "medium", "high", "xhigh", "max")
"""``output_config.effort`` values (vendors/anthropic_messages.md section 1)."""
TIERS = ("auto", "default")
"""The canonical ``service_tier`` values Anthropic has (``auto``, ``standard_only``)."""
EMPTY_SCHEMA = {"type": "object", "properties": {}}
"""What a function tool without ``parameters`` gets as ``input_schema`` (recorded ``defaulted``)."""

# A share of the profile's budget per property ("ci": 150 -> 37; "deep": 5000 -> 1250).
EXAMPLES = settings(max_examples=max(10, settings().max_examples // 4))


def leg(payload: dict[str, Any], source: str, target: str) -> Translation:
    """One translation: the input is not mutated, conservation (SPEC 6) holds."""
    before = snapshot(payload)
    result = translate(payload, source=source, target=target)
    assert snapshot(payload) == before, f"{source} -> {target} mutated its input"
    assert_conserved(payload, result)
    return result


def canonical(payload: dict[str, Any], dialect: str) -> dict[str, Any]:
    return parse(payload, dialect=dialect).model_dump(by_alias=True, exclude_none=True)


# --- openai -> anthropic -> openai -------------------------------------------------------------------


def expected_fields(before: dict[str, Any]) -> dict[str, Any]:
    """The top-level fields (all but ``messages``) an openai request in canonical form gets back from
    an anthropic leg. Not carried (``n``, ``logprobs``, penalties, ``seed``, ``metadata``,
    ``safety_identifier``, ...): gone. The lossy points: ``temperature`` clamped to 1; ``stop`` as a
    list; ``service_tier`` beyond auto/default and ``reasoning_effort`` beyond low..max gone;
    ``response_format`` only json_schema with a schema, named ``response`` without description and
    strict; an ``allowed_tools`` choice gone; ``parallel_tool_calls`` held by a ``tool_choice`` (an
    explicit ``auto`` written for it), gone beside ``none``. Defaulted: ``max_completion_tokens``
    4096, a missing ``parameters`` as an empty object schema."""
    out = copy.deepcopy({key: value for key, value in before.items() if key in CARRIED and key != "messages"})
    if "temperature" in out:
        out["temperature"] = min(out["temperature"], 1)
    if isinstance(out.get("stop"), str):
        out["stop"] = [out["stop"]]
    out.setdefault("max_completion_tokens", 4096)
    for name, allowed in (("service_tier", TIERS), ("reasoning_effort", EFFORTS)):
        if name in out and out[name] not in allowed:
            del out[name]
    given_format = out.pop("response_format", None)
    if given_format is not None and "schema" in given_format.get("json_schema", {}):
        schema = given_format["json_schema"]["schema"]
        out["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "response", "schema": schema},
        }
    choice = out.pop("tool_choice", None)
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        choice = None
    if choice is None and "parallel_tool_calls" in out:
        choice = "auto"
    if choice == "none":
        out.pop("parallel_tool_calls", None)
    if choice is not None:
        out["tool_choice"] = choice
    for tool in out.get("tools", ()):
        tool["function"].setdefault("parameters", EMPTY_SCHEMA)
    return out


def recorded(changes: Any, field: str, kinds: tuple[str, ...]) -> bool:
    """Whether a change of one of ``kinds`` is recorded at or under top-level ``field`` (by its
    input pointer, or by its output pointer for a value written without one)."""
    pointer = "/" + escape(field)
    wire = "/" + escape(ANTHROPIC.wire_name(field))
    return any(
        change.kind in kinds
        and (
            (change.path is not None and related(change.path, pointer))
            or (change.path is None and change.target_path is not None and related(change.target_path, wire))
        )
        for change in changes
    )


def check_fields(before: dict[str, Any], after: dict[str, Any], there: Translation) -> None:
    """Top-level fields: as ``expected_fields``; every field that changed has a record of the first
    leg (lossy or converted; defaulted for a value written where there was none)."""
    expected = expected_fields(before)
    got = {key: value for key, value in after.items() if key != "messages"}
    assert got == expected
    for field in sorted((set(before) | set(got)) - {"messages"}):
        if before.get(field) == got.get(field):
            continue
        if field not in CARRIED:
            assert recorded(there.changes, field, ("dropped",)), f"/{field} vanished without a drop"
        else:
            kinds = ("dropped", "clamped", "converted", "defaulted")
            assert recorded(there.changes, field, kinds), f"/{field} changed without a record"


def normal_message(message: dict[str, Any]) -> dict[str, Any]:
    """A message with its lossless differences taken out: ``developer`` as ``system`` (both become
    Anthropic's system), tool-call arguments as the JSON they encode (only JSON equality survives)."""
    message = copy.deepcopy(message)
    if message["role"] == "developer":
        message["role"] = "system"
    for call in message.get("tool_calls") or ():
        call["function"]["arguments"] = json.loads(call["function"]["arguments"])
    return message


def check_messages(before: dict[str, Any], after: dict[str, Any], there: Translation) -> None:
    """Messages come back as they were, lined up (``LinedUp``: messages the first leg dropped left
    out; a leading run of system/developer messages as the one system message of text parts it is
    read back as), but for differences at or under a ``dropped`` change of the first leg (names,
    refusals, image detail, audio and file-id parts, a PDF's filename) and for these recorded
    conversions: string content written as a text block (a user message merged into a turn of tool
    results, an assistant message with tool calls); an empty text beside tool calls left out."""
    view = LinedUp(before, there.changes, merges_leading_instructions=True)
    left = [normal_message(message) for message in view.document["messages"]]
    right = [normal_message(message) for message in after["messages"]]
    if view.lead:
        assert left[0] == right[0], "the leading run is read back as one system message of text parts"
    lost = [mapped for c in there.changes if c.lossy and c.path for mapped in [view.map(c.path)] if mapped]
    lost += [mapped for parent in view.emptied for mapped in [view.map(parent)] if mapped is not None]
    converted = {view.map(c.path) for c in there.changes if c.kind == "converted" and c.path}
    for _side, where in differences({"messages": left}, {"messages": right}):
        if any(related(pointer, where) for pointer in lost):
            continue
        parts = tokens(where)
        assert len(parts) == 3 and parts[2] == "content", f"{where} did not come back"
        mine, theirs = left[int(parts[1])], right[int(parts[1])]
        assert where in converted, f"{where} changed without a record"
        if "content" not in theirs:  # an empty text beside tool calls, left out
            assert mine.get("content") == "" and mine.get("tool_calls"), f"{where} vanished"
        else:  # string content written as one text block
            assert isinstance(mine.get("content"), str), f"{where} changed"
            assert theirs["content"] == [{"type": "text", "text": mine["content"]}], f"{where} changed"


@EXAMPLES
@given(data=st.data())
def test_openai_anthropic_openai_keeps_what_is_not_lossy(data: st.DataObject) -> None:
    """The acceptance property: a valid openai request (tool-call arguments JSON objects, SPEC 8)
    comes back from anthropic with every top-level field as ``expected_fields`` says and every
    message as ``check_messages`` says; each lossy point is recorded by the first leg."""
    drawn = data.draw(valid_requests("openai", "anthropic"), label="payload")
    # as openai itself writes it: the model rules of its family applied (a gpt-4o-mini request has no
    # reasoning_effort when it comes back to openai, SPEC 10), so only the anthropic legs differ
    payload = translate(drawn, source="openai", target="openai").payload
    there = leg(payload, "openai", "anthropic")
    back = leg(there.payload, "anthropic", "openai")
    before, after = canonical(payload, "openai"), canonical(back.payload, "openai")
    check_fields(before, after, there)
    check_messages(before, after, there)


@EXAMPLES
@given(data=st.data())
def test_legacy_openai_requests_come_back_upgraded(data: st.DataObject) -> None:
    """Legacy forms (``functions``, ``function_call``, ``max_tokens``, function-call histories) go
    through anthropic as their canonical upgrade: what comes back is the upgraded request."""
    payload = data.draw(legacy_requests("openai", "anthropic"), label="payload")
    there = leg(payload, "openai", "anthropic")
    back = leg(there.payload, "anthropic", "openai")
    upgraded = translate(payload, source="openai", target="openai").payload
    assert canonical(back.payload, "openai") == canonical(
        leg(leg(upgraded, "openai", "anthropic").payload, "anthropic", "openai").payload, "openai"
    )


# --- anthropic -> anthropic, and through the canonical model ------------------------------------------


def without_nulls(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if value is not None}


@EXAMPLES
@given(data=st.data())
def test_anthropic_to_anthropic_is_the_identity(data: st.DataObject) -> None:
    """SPEC 6, same-dialect identity, at its strongest (as for the fixtures): a valid Anthropic
    payload comes back as it is (explicit nulls, "not set", left out), with no change recorded; and
    so does render(parse(x)): thinking blocks, Anthropic blocks and tools, cache_control, container,
    mcp_servers, ... all have their place in the canonical request."""
    payload = data.draw(valid_requests("anthropic"), label="payload")
    result = leg(payload, "anthropic", "anthropic")
    assert result.payload == without_nulls(payload)
    assert result.changes == ()
    via = render(parse(payload, dialect="anthropic"), dialect="anthropic")
    assert via.payload == result.payload


# --- anthropic -> an OpenAI-shaped dialect -> anthropic ---------------------------------------------------


def without(payload: dict[str, Any], changes: Any) -> tuple[dict[str, Any], list[str]]:
    """``payload`` without what ``dropped`` changes name (list items removed, keys deleted; a
    top-level list left empty goes too), and the pointers no longer comparable: ``clamped``
    values, and lists left empty by the removals (a message's content: the middle writes ``""``)."""
    result = copy.deepcopy(payload)
    doomed = sorted(
        (tokens(change.path) for change in changes if change.kind == "dropped" and change.path),
        key=lambda parts: (len(parts), [int(p) if p.isdigit() else -1 for p in parts]),
        reverse=True,  # deepest first, then the last item of a list first
    )
    emptied: list[str] = []
    for parts in doomed:
        at = "".join("/" + escape(part) for part in parts[:-1])
        parent = resolve(result, at)
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)
        elif isinstance(parent, list) and parts[-1].isdigit() and int(parts[-1]) < len(parent):
            del parent[int(parts[-1])]
        if parent in ([], {}):
            emptied.append(at)
    for at in emptied:
        if at.count("/") == 1 and resolve(result, at) in ([], {}):
            result.pop(tokens(at)[0], None)
    clamped = [change.path for change in changes if change.kind == "clamped" and change.path]
    return result, clamped + emptied


def without_placeholders(back: dict[str, Any], expected: dict[str, Any], payload: dict[str, Any]) -> None:
    """``back`` (in place) without the empty text block that stands for a user message the middle
    leg emptied: an OpenAI-shaped dialect keeps a message whose every part it drops with ``content:
    ""`` (``ContentParts``), and anthropic writes that into the turn of tool results it belongs to."""
    for k, (mine, theirs) in enumerate(zip(expected["messages"], back["messages"], strict=False)):
        content, original = mine.get("content"), payload["messages"][k].get("content")
        if (
            isinstance(content, list)
            and len(content) < len(original)
            and all(block.get("type") == "tool_result" for block in content)
            and theirs.get("content") == [*content, {"type": "text", "text": ""}]
        ):
            theirs["content"] = content


ERASED_BY_AN_OPENAI_LEG = ("thinking", "top_k", "cache_control", "container", "mcp_servers")
ERASED_BY_AN_OPENAI_LEG += ("context_management", "inference_geo")
"""Anthropic-only top-level fields: an OpenAI-shaped middle that does not carry one drops it."""


@pytest.mark.parametrize("middle", ["openai", "generic"])
@EXAMPLES
@given(data=st.data())
def test_anthropic_through_an_openai_shaped_dialect_and_back(middle: str, data: st.DataObject) -> None:
    """anthropic -> middle -> anthropic gives back the payload without what the middle leg records
    as lost, and nothing else changes: messages (text, images, PDF documents, tool use and results,
    system turns), custom tools, tool_choice with its parallel flag, system, stop_sequences (at most
    4 in openai: clamped), max_tokens, temperature, top_p, stream, metadata.user_id, service_tier,
    output_config survive; top_k survives generic only. Server tools and blocks, thinking and
    thinking blocks, cache_control, container, mcp_servers, context_management, inference_geo,
    citations, is_error do not: each is recorded dropped by the first leg."""
    payload = data.draw(valid_requests("anthropic"), label="payload")
    there = leg(payload, "anthropic", middle)
    back = leg(there.payload, middle, "anthropic")
    expected, incomparable = without(without_nulls(payload), there.changes)
    note(f"clamped or emptied: {incomparable}")
    without_placeholders(back.payload, expected, payload)
    for where in [where for _side, where in differences(expected, back.payload)]:
        assert any(related(pointer, where) for pointer in incomparable), f"{where} did not come back"
    for field in ERASED_BY_AN_OPENAI_LEG:
        if payload.get(field) is not None and field not in REGISTRY[middle].fields:
            assert field not in back.payload
            assert any(change.path == f"/{field}" and change.kind == "dropped" for change in there.changes)
    if payload.get("top_k") is not None and middle == "generic":
        assert back.payload["top_k"] == payload["top_k"]


# --- examples --------------------------------------------------------------------------------------------


def test_arguments_that_are_not_a_json_object_cannot_be_written() -> None:
    """SPEC 8: the canonical arguments are a string; Anthropic's input is an object."""
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "not json"}}
    payload = {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "tool_calls": [call]}],
    }
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="anthropic")
    assert caught.value.pointers == ("/messages/1/tool_calls/0/function/arguments",)


def test_the_lossy_points_are_recorded() -> None:
    """One request holding every lossy point of the vendors' table: each is recorded by the first
    leg, and what comes back is ``expected_fields`` of it."""
    payload = {
        "model": "m",
        "messages": [
            {"role": "developer", "content": "Be brief.", "name": "ops"},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "https://x.org/a.png", "detail": "low"}}
                ],
            },
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{ "a": 1 }'}}
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "2"},
            {"role": "user", "content": "Thanks"},
        ],
        "temperature": 1.5,
        "stop": "END",
        "n": 2,
        "seed": 7,
        "metadata": {"k": "v"},
        "safety_identifier": "h1",
        "service_tier": "flex",
        "reasoning_effort": "minimal",
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "x", "strict": True, "schema": {"type": "object"}},
        },
        "parallel_tool_calls": True,
        "tools": [{"type": "function", "function": {"name": "f"}}],
    }
    there = leg(payload, "openai", "anthropic")
    back = leg(there.payload, "anthropic", "openai")
    before, after = canonical(payload, "openai"), canonical(back.payload, "openai")
    check_fields(before, after, there)
    check_messages(before, after, there)
    assert after["temperature"] == 1 and after["stop"] == ["END"] and after["tool_choice"] == "auto"
    assert after["messages"][1]["content"] == [
        {"type": "image_url", "image_url": {"url": "https://x.org/a.png"}}
    ]
    assert after["messages"][2]["tool_calls"][0]["function"]["arguments"] == '{"a":1}'
    assert after["messages"][4]["content"] == [{"type": "text", "text": "Thanks"}]
    lossy = {change.path for change in there.changes if change.lossy}
    assert {"/n", "/seed", "/metadata", "/safety_identifier", "/service_tier", "/reasoning_effort"} <= lossy
    assert {"/temperature", "/messages/0/name", "/messages/1/content/0/image_url/detail"} <= lossy


def test_thinking_blocks_dropped_by_an_openai_shaped_target_are_recorded_where_they_were() -> None:
    """Each replayed thinking block an OpenAI-shaped target cannot carry is one ``dropped`` change at
    its own block in the input — not at canonical pointers that are in neither payload."""
    payload = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [
            {"role": "user", "content": "Hi"},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "Greeting.", "signature": "c2ln"},
                    {"type": "redacted_thinking", "data": "ZGF0YQ=="},
                    {"type": "text", "text": "Hello."},
                ],
            },
            {"role": "user", "content": "Bye"},
        ],
    }
    for target in ("openai", "azure", "generic"):
        result = translate(payload, source="anthropic", target=target)
        assert result.payload["messages"][1]["content"] == [{"type": "text", "text": "Hello."}]
        about = {change.path: change for change in result.changes if "/messages/1" in (change.path or "")}
        assert set(about) == {"/messages/1/content/0", "/messages/1/content/1"}
        assert {change.kind for change in about.values()} == {"dropped"}
        assert all("thinking_blocks" in change.reason for change in about.values())


def test_parallel_tool_calls_without_tools_is_dropped_not_held_in_an_invented_tool_choice() -> None:
    """Without tools, parallel_tool_calls asks for nothing (OpenAI refuses it there, SPEC's
    PARALLEL_NEEDS_TOOLS): it is dropped with a record, and no auto tool_choice is made up to hold it,
    so a round trip through anthropic comes back as openai -> openai writes the request."""
    messages = [{"role": "user", "content": "hi"}]
    payload = {"model": "gpt-4o-mini", "messages": messages, "parallel_tool_calls": False}
    result = translate(payload, source="openai", target="anthropic")
    assert "tool_choice" not in result.payload
    assert ("dropped", "/parallel_tool_calls") in {(c.kind, c.path) for c in result.changes}
    back = translate(result.payload, source="anthropic", target="openai").payload
    assert "tool_choice" not in back
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    written = translate({**payload, "tools": tools}, source="openai", target="anthropic").payload
    assert written["tool_choice"] == {"type": "auto", "disable_parallel_tool_use": True}
