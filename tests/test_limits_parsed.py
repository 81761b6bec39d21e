"""Limits proven by the compiled parser: a payload read from JSON text whose length and bracket count
are within the limits needs no walk, and is exactly one the walk would pass; near and past the limits
the walk decides, with the same errors and pointers as ``translate``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatdialect import InvalidRequestError, Limits, translate, translate_json
from chatdialect._jsonbytes import loads
from chatdialect._limits import check_payload, proven_by_parse

SMALL = Limits(max_depth=4, max_messages=3, max_string_length=24, max_total_length=40, max_items=30)
"""Limits small enough that generated values fall on both sides of each."""

MID = Limits(max_depth=3, max_messages=3, max_string_length=300, max_total_length=300, max_items=300)
"""Text of a few hundred bytes is proven by its length: the depth bound decides."""

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=10), inner, max_size=6),
    max_leaves=40,
)


@given(st.dictionaries(st.text(max_size=6), values, max_size=5), st.sampled_from([SMALL, MID, Limits()]))
def test_what_the_parse_proves_the_walk_passes(payload: dict[str, Any], limits: Limits) -> None:
    text = json.dumps(payload, ensure_ascii=False).encode()
    parsed = loads(text)
    if parsed is None or not proven_by_parse(text, limits):
        return
    assert check_payload(parsed, limits) == []


@pytest.mark.parametrize(
    ("text", "proven"),
    [
        (b'{"a":[1,{"b":2}]}', True),
        (b'{"a":[[[[1]]]]}', False),  # five levels: past max_depth 4
        (b'{"a":"' + b"x" * 40 + b'"}', False),  # past max_string_length and max_total_length
        (b'{"a":"[[[[[[","b":1}', False),  # brackets in a string: only a looser bound
    ],
)
def test_the_bound_is_conservative(text: bytes, proven: bool) -> None:
    assert proven_by_parse(text, SMALL) is proven


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"k": value}
    return value


@pytest.mark.parametrize(
    "payload",
    [
        {"model": "m", "messages": [{"role": "user", "content": "x" * 25}]},
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": nested(5)},
        {"model": "m", "messages": [{"role": "user", "content": "hi"}] * 4},
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], "user": "u" * 20},
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
    ],
)
def test_translate_json_keeps_translates_limits(payload: dict[str, Any]) -> None:
    text = json.dumps(payload).encode()
    try:
        expected = translate(payload, source="openai", target="azure", limits=SMALL)
    except InvalidRequestError as error:
        with pytest.raises(InvalidRequestError) as raised:
            translate_json(text, source="openai", target="azure", limits=SMALL)
        assert raised.value.errors == error.errors
        return
    result = translate_json(text, source="openai", target="azure", limits=SMALL)
    assert json.loads(result.payload) == expected.payload
