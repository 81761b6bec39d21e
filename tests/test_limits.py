"""Limits: hostile sizes fail with a clean ``InvalidRequestError`` and a pointer, never a crash.

Nesting (10,000 levels in a tool schema, in content, anywhere), long strings, too many messages, too
many values, shared sub-objects and cycles; every default can be changed with ``limits=`` on
``translate``/``normalize``/``parse``. And cost stays linear in size (a generous ratio, the only timing
assertion of the suite; ``benchmarks/bench_linear.py`` reports the same dimensions at full size).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.strategies import is_pointer, resolves, tokens

from chatdialect import InvalidRequestError, Limits, dialect_names, normalize, parse, translate

ROOT = Path(__file__).resolve().parent.parent
USER = {"role": "user", "content": "Hello"}
DEFAULTS = Limits()


def nested_object(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"type": "object", "properties": {"a": value}}
    return value


def nested_list(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def tool(parameters: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": "f", "parameters": parameters}}


DEEP = 10_000

# (name, source, payload builder, the pointer prefix the error must be under)
DEEP_CASES: list[tuple[str, str, Any, str]] = [
    (
        "tool schema",
        "openai",
        lambda d: {"model": "m", "messages": [USER], "tools": [tool(nested_object(d, {}))]},
        "/tools/0/function/parameters/properties/a",
    ),
    (
        "legacy function schema",
        "azure",
        lambda d: {"messages": [USER], "functions": [{"name": "f", "parameters": nested_object(d, {})}]},
        "/functions/0/parameters/properties/a",
    ),
    (
        "response schema",
        "watsonx",
        lambda d: {
            "model": "m",
            "messages": [USER],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "r", "schema": nested_object(d, {})},
            },
        },
        "/response_format/json_schema/schema/properties/a",
    ),
    (
        "content as nested lists",
        "openai",
        lambda d: {"model": "m", "messages": [{"role": "user", "content": nested_list(d, "x")}]},
        "/messages/0/content/0/0",
    ),
    (
        "content part extra",
        "generic",
        lambda d: {
            "model": "m",
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "x", "extra": nested_object(d, 1)}]}
            ],
        },
        "/messages/0/content/0/extra/properties/a",
    ),
    (
        "messages themselves",
        "atoma",
        lambda d: {"model": "m", "messages": nested_list(d, USER)},
        "/messages/0/0",
    ),
    (
        "unknown field",
        "openai",
        lambda d: {"model": "m", "messages": [USER], "x_deep": nested_list(d, 1)},
        "/x_deep/0/0",
    ),
    (
        "metadata value",
        "generic",
        lambda d: {"model": "m", "messages": [USER], "metadata": {"k": nested_object(d, 1)}},
        "/metadata/k/properties",
    ),
    (
        "data source",
        "azure",
        lambda d: {
            "messages": [USER],
            "data_sources": [{"type": "azure_search", "parameters": nested_object(d, 1)}],
        },
        "/data_sources/0/parameters",
    ),
]


@pytest.mark.parametrize(("name", "source", "build", "prefix"), DEEP_CASES, ids=[c[0] for c in DEEP_CASES])
def test_ten_thousand_levels_fail_cleanly_with_a_pointer(
    name: str, source: str, build: Any, prefix: str
) -> None:
    payload = build(DEEP)
    for target in dialect_names():
        with pytest.raises(InvalidRequestError) as caught:
            translate(payload, source=source, target=target)
        ((pointer, message),) = caught.value.errors
        assert is_pointer(pointer) and pointer.startswith(prefix), pointer
        assert resolves(payload, pointer), "the pointer names a place in the caller's payload"
        assert len(tokens(pointer)) == DEFAULTS.max_depth, "it names where the limit is crossed"
        assert f"deeper than {DEFAULTS.max_depth} levels" in message
        assert len(str(caught.value)) < 2_000
    with pytest.raises(InvalidRequestError):
        parse(payload, dialect=source)


def test_the_depth_check_does_not_recurse() -> None:
    """With the interpreter's recursion limit far below the nesting, the error is still clean."""
    payload = DEEP_CASES[0][2](DEEP)
    translate({"model": "m", "messages": [USER]}, source="openai", target="openai")  # warm up
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)
    try:
        with pytest.raises(InvalidRequestError):
            translate(payload, source="openai", target="openai")
    finally:
        sys.setrecursionlimit(limit)


def test_nesting_within_the_limit_is_fine_and_the_limit_can_be_raised() -> None:
    shallow = {"model": "m", "messages": [USER], "tools": [tool(nested_object(25, {}))]}  # 53 levels
    assert translate(shallow, source="openai", target="generic").payload["tools"] == shallow["tools"]
    deeper = {"model": "m", "messages": [USER], "x_deep": nested_list(200, 1)}
    with pytest.raises(InvalidRequestError):
        translate(deeper, source="openai", target="openai")
    result = translate(deeper, source="openai", target="openai", limits=Limits(max_depth=500))
    assert [change.path for change in result.changes] == ["/x_deep"]
    with pytest.raises(InvalidRequestError) as caught:
        translate(shallow, source="openai", target="openai", limits=Limits(max_depth=10))
    assert "deeper than 10 levels" in str(caught.value)


def laughs() -> Any:
    """A 'billion laughs' value: 2**40 values through shared lists, within the depth limit."""
    layer: Any = ["lol"]
    for _ in range(40):
        layer = [layer, layer]
    return layer


def wide() -> Any:
    """One list of 50,000 strings, shared 50,000 times: 2.5e9 values in two levels. The count is
    checked at each list before its values are looked at, so this fails after about 2e6 values
    (the walk once counted per level, and looked at all 2.5e9 first: minutes)."""
    return [["x"] * 50_000] * 50_000


@pytest.mark.parametrize("shared", [laughs, wide], ids=["deep", "wide"])
def test_shared_sub_objects_cannot_blow_up(shared: Any) -> None:
    payload = {"model": "m", "messages": [USER], "x_shared": shared()}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert f"more than {DEFAULTS.max_items} values" in str(caught.value)
    ((pointer, _),) = caught.value.errors
    assert pointer.startswith("/x_shared/") and resolves(payload, pointer)


def test_a_cycle_is_an_error_not_a_hang() -> None:
    loop: dict[str, Any] = {"type": "object"}
    loop["properties"] = {"self": loop}
    payload = {"model": "m", "messages": [USER], "tools": [tool(loop)]}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert "deeper than" in str(caught.value)


# Each field whose figures are remembered by content (reading.REPEATED), as the azure dialect reads it.
REMEMBERED = {
    "tools": lambda inner: [tool({"type": "object", "properties": {"a": inner}})],
    "functions": lambda inner: [{"name": "f", "parameters": {"type": "object", "properties": {"a": inner}}}],
    "data_sources": lambda inner: [
        {
            "type": "azure_search",
            "parameters": {
                "endpoint": "https://s",
                "index_name": "i",
                "authentication": {"type": "system_assigned_managed_identity"},
                "a": inner,
            },
        }
    ],
}


@pytest.mark.parametrize("name", sorted(REMEMBERED))
def test_remembered_fields_meet_each_calls_limits(name: str) -> None:
    """A field walked once per content (its figures remembered) still meets the limits of every
    call: the same content passes under the defaults and fails, with its pointer, under smaller
    limits, whichever call saw it first."""
    from chatdialect._reading import REPEATED

    assert set(REPEATED) == set(REMEMBERED)
    payload = {"messages": [USER], name: REMEMBERED[name]({"b": ["x" * 40, 1.5, None, True]})}
    for _ in range(2):  # the second round is answered from what the first remembered
        translate(payload, source="azure", target="azure")
        for limits, words in [
            (Limits(max_depth=4), "deeper than 4 levels"),
            (Limits(max_string_length=39), "longer than 39 characters"),
            (Limits(max_total_length=40), "larger than 40 characters"),
            (Limits(max_items=8), "more than 8 values"),
        ]:
            with pytest.raises(InvalidRequestError) as caught:
                translate(payload, source="azure", target="azure", limits=limits)
            ((pointer, message),) = caught.value.errors
            assert words in message
            assert pointer.startswith(f"/{name}") and resolves(payload, pointer)


@pytest.mark.parametrize("name", sorted(REMEMBERED))
def test_remembered_fields_are_checked_for_plain_json(name: str) -> None:
    """Content marshal can write but JSON cannot hold (a tuple, NaN) is refused with its pointer,
    the first time and the second."""
    for bad, words in [(("x",), "not a JSON value"), (float("nan"), "not a finite number")]:
        payload = {"messages": [USER], name: REMEMBERED[name]({"b": bad})}
        for _ in range(2):
            with pytest.raises(InvalidRequestError) as caught:
                translate(payload, source="azure", target="azure")
            ((pointer, message),) = caught.value.errors
            assert words in message and pointer.endswith("/a/b") and resolves(payload, pointer)


# --- strings, messages, values ------------------------------------------------------------------


def test_a_long_string_is_fine_up_to_the_limit() -> None:
    image = "data:image/png;base64," + "A" * (8 * 1024 * 1024)  # an 8 MiB image, as users send them
    part = {"type": "image_url", "image_url": {"url": image}}
    payload = {"model": "m", "messages": [{"role": "user", "content": [part]}]}
    result = translate(payload, source="openai", target="azure")
    assert result.payload["messages"][0]["content"][0]["image_url"]["url"] == image


def test_a_string_over_the_default_limit_fails_fast_with_its_pointer() -> None:
    huge = "x" * (DEFAULTS.max_string_length + 1)
    payload = {"model": "m", "messages": [USER, {"role": "assistant", "content": huge}]}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert caught.value.errors == (
        ("/messages/1/content", f"is longer than {DEFAULTS.max_string_length} characters"),
    )
    assert len(str(caught.value)) < 300, "the message does not echo the string"


@pytest.mark.parametrize(
    ("limits", "payload", "pointer", "words"),
    [
        (
            Limits(max_string_length=10),
            {"model": "m", "messages": [{"role": "user", "content": "x" * 11}]},
            "/messages/0/content",
            "longer than 10 characters",
        ),
        (
            Limits(max_total_length=100),
            {"model": "m", "messages": [{"role": "user", "content": "0123456789"} for _ in range(12)]},
            "/messages",
            "larger than 100",
        ),
        (Limits(max_items=50), {"model": "m", "messages": [USER] * 30}, "/messages", "more than 50 values"),
        (Limits(max_messages=3), {"model": "m", "messages": [USER] * 4}, "/messages", "more than 3 messages"),
        (
            Limits(max_depth=3),
            {"model": "m", "messages": [USER], "tools": [tool({"type": "object"})]},
            "/tools/0/function",
            "deeper than 3 levels",
        ),
    ],
    ids=["string", "total", "items", "messages", "depth"],
)
def test_custom_limits_apply_to_translate_normalize_and_parse(
    limits: Limits, payload: dict[str, Any], pointer: str, words: str | None
) -> None:
    calls = [
        lambda lim: translate(payload, source="openai", target="generic", limits=lim),
        lambda lim: normalize(payload, limits=lim),
        lambda lim: parse(payload, dialect="openai", limits=lim),
    ]
    for call in calls:
        with pytest.raises(InvalidRequestError) as caught:
            call(limits)
        ((where, message),) = caught.value.errors
        assert where.startswith(pointer) and resolves(payload, where), where
        if words:
            assert words in message
        call(None)  # the defaults accept the same payload
        call(DEFAULTS)


def test_too_many_messages_by_default() -> None:
    payload = {"model": "m", "messages": [USER] * (DEFAULTS.max_messages + 1)}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert caught.value.errors == (("/messages", f"has more than {DEFAULTS.max_messages} messages"),)


def test_too_many_tools() -> None:
    tools = [tool({"type": "object"}) for _ in range(129)]
    for index, item in enumerate(tools):
        item["function"]["name"] = f"f{index}"
    with pytest.raises(InvalidRequestError) as caught:
        translate({"model": "m", "messages": [USER], "tools": tools}, source="openai", target="openai")
    assert caught.value.pointers == ("/tools",)


def test_many_problems_are_all_listed_but_the_message_stays_short() -> None:
    payload = {"model": "m", "messages": [{"role": "user", "content": 5} for _ in range(1000)]}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="openai")
    assert len(caught.value.errors) == 1000
    assert caught.value.pointers[999] == "/messages/999/content"
    assert "and 980 more" in str(caught.value) and len(str(caught.value)) < 3_000


def test_limits_are_a_frozen_dataclass_with_the_documented_defaults() -> None:
    """docs/reliability.md lists every limit with its default; they must agree."""
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for item in dataclasses.fields(Limits):
        default = getattr(DEFAULTS, item.name)
        row = re.search(rf"^\| `{item.name}` \| ([^|]+) \|", text, re.MULTILINE)
        assert row, f"docs/reliability.md has no row for {item.name}"
        documented = int(row.group(1).split("(")[0].replace(",", "").replace("_", "").strip())
        assert documented == default, item.name
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.max_depth = 1  # type: ignore[misc]


# --- linear cost ----------------------------------------------------------------------------------


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_linear", ROOT / "benchmarks" / "bench_linear.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
MAX_RATIO = 40.0
"""10x the payload may take at most 40x the time: linear is about 10, quadratic about 100."""


@pytest.mark.parametrize("dimension", ["messages", "legacy", "unknown", "invalid", "not_json", "schema"])
def test_cost_is_linear(dimension: str) -> None:
    """A generous ratio, on the minimum of several runs (found: the error path of many invalid
    messages was quadratic)."""
    builder, base = BENCH.DIMENSIONS[dimension]
    size = max(1, base // 4)
    ratios = []
    for _ in range(3):  # a noisy machine gets three chances; a quadratic path fails all of them
        _small, _large, ratio = BENCH.ratio(builder, size, 10, 3)
        ratios.append(ratio)
        if ratio <= MAX_RATIO:
            break
    assert min(ratios) <= MAX_RATIO, f"{dimension}: 10x the size took {min(ratios):.0f}x the time"
