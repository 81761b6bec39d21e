"""Round trips through the ``bedrock`` dialect (issue 12 acceptance: "openai -> bedrock -> openai keeps
every field SPEC does not list as lossy"; "bedrock -> bedrock loses nothing").

The lossy points are those of ``vendors/bedrock_converse.md`` ("Lossy points (OpenAI -> Converse ->
OpenAI)") and SPEC 8's decisions for ``bedrock``, plus those ``docs/decisions.md`` lists (a json
tool-result block read as text). Generated openai requests are made into conversations Bedrock's
turn rules take (``strategies.bedrock_ready``: what breaks them is an error, tested in
``tests/dialects/test_bedrock_codec.py``). Each property states what comes back:

* openai -> bedrock -> openai: every top-level field as ``expected_fields`` says, each change recorded
  by the first leg; the conversation's text in order (system texts hoisted, same-role turns merged),
  tool calls (ids, names, arguments as JSON), tool results, data-URL images and documents; every
  part the first leg loses recorded ``dropped`` at its pointer;
* bedrock -> bedrock is the identity on generated Bedrock payloads (Bedrock-only members, kept
  blocks, reasoning, cache points and system tools included), with ``moved`` for ``modelId`` alone;
  and so is render(parse(x)).

Every leg: SPEC 6 conservation (``laws.assert_conserved``), the input never mutated.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.laws import assert_conserved
from tests.strategies import bedrock_extras, escape, related, snapshot, valid_requests

from chatdialect import Translation, parse, render, translate
from chatdialect._dialects import REGISTRY
from chatdialect._dialects.bedrock_blocks import IMAGE_FORMATS, METADATA_TEXT

BEDROCK = REGISTRY["bedrock"]
CARRIED = {"model", "messages", *BEDROCK.fields}
EFFORTS = ("low", "medium", "high", "xhigh", "max")
TIERS = {"auto": "default", "default": "default", "flex": "flex", "priority": "priority"}
EMPTY_SCHEMA = {"type": "object", "properties": {}}
WIRE = {
    "temperature": "/inferenceConfig", "top_p": "/inferenceConfig", "stop": "/inferenceConfig",
    "max_completion_tokens": "/inferenceConfig", "tools": "/toolConfig", "tool_choice": "/toolConfig",
    "metadata": "/requestMetadata", "service_tier": "/serviceTier", "response_format": "/outputConfig",
    "reasoning_effort": "/outputConfig",
}  # fmt: skip
"""Where each reshaped canonical field goes on the wire."""

EXAMPLES = settings(max_examples=max(10, settings().max_examples // 3))


def leg(payload: dict[str, Any], source: str, target: str, **options: Any) -> Translation:
    before = snapshot(payload)
    result = translate(payload, source=source, target=target, **options)
    assert snapshot(payload) == before, f"{source} -> {target} mutated its input"
    assert_conserved(payload, result)
    return result


def canonical(payload: dict[str, Any], dialect: str, **options: Any) -> dict[str, Any]:
    return parse(payload, dialect=dialect, **options).model_dump(by_alias=True, exclude_none=True)


def there_and_back(payload: dict[str, Any]) -> tuple[Translation, dict[str, Any]]:
    """The first leg, and what the second reads back (the canonical request: writing ``openai`` then
    applies the model table's rules of the model, which are not the bedrock dialect's business)."""
    there = leg(payload, "openai", "bedrock")
    outside = {"model": there.endpoint.model, "stream": there.endpoint.stream or None}
    leg(there.payload, "bedrock", "openai", **outside)
    return there, canonical(there.payload, "bedrock", **outside)


# --- openai -> bedrock -> openai: top-level fields -------------------------------------------------


def tool_blocks(messages: list[dict[str, Any]]) -> bool:
    return any(message.get("tool_calls") or message["role"] == "tool" for message in messages)


def fits_metadata(key: str, value: Any) -> bool:
    return (
        isinstance(value, str)
        and 1 <= len(key) <= 256
        and len(value) <= 256
        and METADATA_TEXT.fullmatch(key) is not None
        and METADATA_TEXT.fullmatch(value) is not None
    )


def expected_fields(before: dict[str, Any]) -> dict[str, Any]:
    """The top-level fields (all but ``messages``) an openai request in canonical form gets back from
    a bedrock leg. Not carried (``n``, ``seed``, penalties, ``logprobs``, ``user``,
    ``parallel_tool_calls``, ``stream_options``, ...): gone. The lossy points: ``temperature``
    clamped to 1; ``stop`` as a list; ``stream`` false is the default; ``service_tier`` auto as
    default, beyond auto/default/flex/priority gone; ``reasoning_effort`` beyond low..max gone;
    ``response_format`` only json_schema with a schema, without ``strict``; metadata pairs outside
    Bedrock's pattern gone; ``tool_choice`` none without tool blocks takes the tools with it, with
    them it goes alone; an ``allowed_tools`` choice gone; an empty tool description gone. Defaulted:
    a missing ``parameters`` as an empty object schema."""
    out = copy.deepcopy({key: value for key, value in before.items() if key in CARRIED and key != "messages"})
    if "temperature" in out:
        out["temperature"] = min(out["temperature"], 1)
    if isinstance(out.get("stop"), str):
        out["stop"] = [out["stop"]]
    if out.get("stream") is False:
        del out["stream"]
    if out.get("service_tier") is not None:
        tier = TIERS.get(out.pop("service_tier"))
        out.update({"service_tier": tier} if tier else {})
    if out.get("reasoning_effort") not in (None, *EFFORTS):
        del out["reasoning_effort"]
    given_format = out.pop("response_format", None)
    named = given_format.get("json_schema") if given_format else None
    if named is not None and "schema" in named:
        named.pop("strict", None)
        out["response_format"] = {"type": "json_schema", "json_schema": named}
    if "metadata" in out:
        out["metadata"] = {key: value for key, value in out["metadata"].items() if fits_metadata(key, value)}
        if not out["metadata"]:
            del out["metadata"]
    choice = out.pop("tool_choice", None)
    if choice == "none" and not tool_blocks(before["messages"]):
        out.pop("tools", None)
    elif out.get("tools") and (choice in ("auto", "required") or _named(choice)):
        out["tool_choice"] = choice
    for tool in out.get("tools", ()):
        function = tool["function"]
        function.setdefault("parameters", EMPTY_SCHEMA)
        if function.get("description") == "":
            del function["description"]
    return out


def _named(choice: Any) -> bool:
    return isinstance(choice, dict) and choice["type"] == "function"


def recorded(changes: Any, field: str) -> bool:
    """Whether a change is recorded at or under top-level ``field`` (by its input pointer), or, for a
    value written without one, at or under its place on the wire."""
    pointer, wire = "/" + escape(field), WIRE.get(field, "/" + escape(field))
    return any(
        (change.path is not None and related(change.path, pointer))
        or (change.path is None and change.target_path is not None and related(change.target_path, wire))
        for change in changes
    )


def check_fields(before: dict[str, Any], after: dict[str, Any], there: Translation) -> None:
    expected = expected_fields(before)
    got = {key: value for key, value in after.items() if key != "messages"}
    assert got == expected
    for field in sorted((set(before) | set(got)) - {"messages", "model", "stream"}):
        if before.get(field) != got.get(field):
            assert recorded(there.changes, field), f"/{field} changed without a record"


# --- openai -> bedrock -> openai: the conversation ---------------------------------------------------


def texts_of(content: Any) -> list[str]:
    """The non-empty texts of a message's content (a string, or its text parts)."""
    if isinstance(content, str):
        return [content] if content else []
    return [part["text"] for part in content or () if part.get("type") == "text" and part["text"]]


def media_of(content: Any) -> list[str]:
    """The data URLs of a user message's images (PNG, JPEG, GIF, WebP) and documents, in order."""
    found = []
    for part in content if isinstance(content, list) else ():
        url = part.get("image_url", {}).get("url", "") if part["type"] == "image_url" else ""
        data = part.get("file", {}).get("file_data", "") if part["type"] == "file" else ""
        if any(url.startswith(f"data:image/{kind};base64,") for kind in IMAGE_FORMATS):
            found.append(url)
        elif data.startswith("data:application/pdf;base64,"):
            found.append(data)
    return found


def conversation(messages: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """What a conversation says, as Bedrock keeps it: system texts in order; the text of the turns as
    (role, text) in order (merging turns keeps it); tool calls; tool results; media."""
    view: dict[str, list[Any]] = {"system": [], "turns": [], "calls": [], "results": [], "media": []}
    for message in messages:
        role, content = message["role"], message.get("content")
        if role in ("system", "developer"):
            view["system"] += texts_of(content)
        elif role == "tool":
            view["results"].append((message["tool_call_id"], texts_of(content)))
        else:
            view["turns"] += [(role, text) for text in texts_of(content)]
            view["media"] += media_of(content) if role == "user" else []
            for call in message.get("tool_calls") or ():
                function = call["function"]
                view["calls"].append((call["id"], function["name"], json.loads(function["arguments"])))
    return view


LOST_PARTS = ("input_audio", "refusal")


def check_lost_parts(before: dict[str, Any], there: Translation) -> None:
    """Every part the first leg cannot carry (audio, refusals, remote or other images, files that are
    not inline documents) is recorded ``dropped`` at its own pointer."""
    dropped = [change.path for change in there.changes if change.kind == "dropped" and change.path]
    for k, message in enumerate(before["messages"]):
        content = message.get("content")
        for p, part in enumerate(content if isinstance(content, list) else ()):
            if part["type"] not in LOST_PARTS and (part["type"] == "text" or media_of([part])):
                continue
            at = f"/messages/{k}/content/{p}"
            assert any(related(path, at) for path in dropped), f"{at} was lost without a record"


@EXAMPLES
@given(data=st.data())
def test_openai_bedrock_openai_keeps_what_is_not_lossy(data: st.DataObject) -> None:
    """The acceptance property: a valid openai request Bedrock's turn rules take comes back from
    bedrock with every top-level field as ``expected_fields`` says and the conversation as it was
    (``conversation``), every lost part recorded."""
    payload = data.draw(valid_requests("openai", "bedrock"), label="payload")
    there, after = there_and_back(payload)
    before = canonical(payload, "openai")
    check_fields(before, after, there)
    assert conversation(after["messages"]) == conversation(before["messages"])
    check_lost_parts(payload, there)


# --- bedrock -> bedrock ----------------------------------------------------------------------------------


@st.composite
def bedrock_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Bedrock payload (the boto3 form, with ``modelId``): a bedrock-ready openai request
    translated, plus Bedrock's own features (``strategies.bedrock_extras``)."""
    base = draw(valid_requests("openai", "bedrock"), label="openai base")
    written = translate(base, source="openai", target="bedrock")
    payload = {"modelId": written.endpoint.model, **written.payload}
    draw(bedrock_extras(payload))
    return copy.deepcopy(payload)


@EXAMPLES
@given(payload=bedrock_payloads())
def test_bedrock_to_bedrock_is_the_identity(payload: dict[str, Any]) -> None:
    """SPEC 6, same-dialect identity: the body comes back as it was; the one change is ``modelId``
    moved to the endpoint; render(parse(x)) gives the same."""
    result = leg(payload, "bedrock", "bedrock")
    assert result.payload == {key: value for key, value in payload.items() if key != "modelId"}
    assert [(c.kind, c.path, c.target_path) for c in result.changes] == [("moved", "/modelId", None)]
    assert result.endpoint.model == payload["modelId"]
    assert render(parse(payload, dialect="bedrock"), dialect="bedrock").payload == result.payload
