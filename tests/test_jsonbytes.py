"""The bytes path: ``translate_json`` and the compiled codec give exactly the standard library's
results (``json.loads``, and ``json.dumps`` with the command line's formatting), whatever the input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatdialect import (
    ChatDialectError,
    InvalidRequestError,
    JsonTranslation,
    dialect_names,
    translate,
    translate_json,
)
from chatdialect._jsonbytes import dumps, loads
from conftest import fixture_id, fixture_paths


def reference(document: Any) -> bytes:
    """What the command line wrote before the bytes path (``JsonWriter``'s compact form)."""
    try:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except UnicodeEncodeError:
        return json.dumps(document, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode()


AWKWARD_FLOATS = [
    0.0, -0.0, 1e-05, 2.5e-05, 9.99e-05, 0.0001, 0.00012, 1e15, 1e16, 1.5e16, 1e22, 1e300, 5e-324,
    1.7976931348623157e308, 0.1, 1 / 3, 123456789.123,
]
AWKWARD_INTS = [0, -1, 2**53, 2**63 - 1, -(2**63), 2**63, 2**64 - 1, 2**64, -(2**63) - 1, 10**30, -(10**40)]
AWKWARD_STRINGS = ["", "\x00\x01\x1f\x7f", "\b\f\n\r\t\"\\/", "\u2028\u2029", "é😀", "\ud800", "a\udfffb",
                   "null", "1e5", "0.00001", "x" * 1000]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(AWKWARD_FLOATS)
    | st.text()
    | st.sampled_from(AWKWARD_STRINGS),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@pytest.mark.parametrize("value", [*AWKWARD_FLOATS, *AWKWARD_INTS, *AWKWARD_STRINGS, None, True, [], {}])
def test_dumps_is_json_dumps_on_awkward_values(value: Any) -> None:
    assert dumps(value) == reference(value)
    assert dumps({"k": [value]}) == reference({"k": [value]})


@given(json_values)
def test_dumps_is_json_dumps(value: Any) -> None:
    assert dumps(value) == reference(value)


def test_dumps_refuses_what_json_refuses() -> None:
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            dumps({"x": bad})  # orjson would write null: never silently
    with pytest.raises(TypeError):
        dumps({"x": {1, 2}})


@given(json_values)
def test_loads_is_json_loads(value: Any) -> None:
    text = reference(value)
    parsed = loads(text)
    if parsed is None:  # the standard library's turn (an error, a long number, a surrogate, null)
        return
    assert parsed == json.loads(text)
    assert reference(parsed) == text  # the same types too (an int stays an int)


@pytest.mark.parametrize(
    "text",
    [b"18446744073709551616", b"-9223372036854775809", b"[123456789012345678901234567890]", b"NaN",
     b'{"a": Infinity}', b'"\\ud800"', b"1E400", b"\xef\xbb\xbf{}", b'{"a":', b"\xff", b"null"],
)
def test_loads_leaves_what_orjson_reads_otherwise_to_json(text: bytes) -> None:
    assert loads(text) is None


def test_loads_keeps_the_last_of_repeated_keys_as_json_does() -> None:
    text = b'{"a":1,"b":2,"a":3}'
    assert loads(text) == json.loads(text)
    assert list(loads(text)) == list(json.loads(text))


CASES = [(path, target) for path in fixture_paths() for target in dialect_names()]


@pytest.mark.parametrize(("path", "target"), CASES, ids=[f"{fixture_id(p)}->{t}" for p, t in CASES])
def test_translate_json_is_translate_byte_for_byte(path: Path, target: str) -> None:
    data = path.read_bytes()
    source = path.parent.name
    try:
        expected = translate(json.loads(data), source=source, target=target)
    except ChatDialectError as error:
        with pytest.raises(type(error)) as raised:
            translate_json(data, source=source, target=target)
        assert str(raised.value) == str(error)
        return
    result = translate_json(data, source=source, target=target)
    assert isinstance(result, JsonTranslation)
    assert result.payload == reference(expected.payload)
    assert (result.changes, result.source, result.target, result.endpoint) == (
        expected.changes,
        expected.source,
        expected.target,
        expected.endpoint,
    )
    assert translate_json(data.decode(), source=source, target=target) == result  # str is taken too


def test_translate_json_keeps_awkward_numbers_and_strings_as_json_would() -> None:
    payload = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "caf\u00e9 \ud800 \u2028"}],
        "temperature": 1e-05,
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "f",
                    "parameters": {"type": "integer", "maximum": 10**30, "minimum": 1e16, "default": None},
                },
            }
        ],
    }
    data = json.dumps(payload).encode()
    result = translate_json(data, source="openai", target="azure")
    assert result.payload == reference(translate(json.loads(data), source="openai", target="azure").payload)
    assert json.loads(result.payload)["tools"][0]["function"]["parameters"]["maximum"] == 10**30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"model": "gpt-4o", "messages": [', "is not valid JSON: Expecting value at line 1 column 34"),
        (b"\xff{}", "is not UTF-8 text (bad byte at offset 0)"),
        (b'{"model": "secret-value"', "is not valid JSON: Expecting ',' delimiter at line 1 column 25"),
    ],
)
def test_text_that_is_not_json_is_an_invalid_request_naming_no_value(data: bytes, message: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        translate_json(data, source="openai", target="azure")
    assert raised.value.errors == (("", message),)
    assert "secret" not in str(raised.value)


def test_a_payload_that_is_not_an_object_is_refused_as_translate_refuses_it() -> None:
    with pytest.raises(InvalidRequestError) as raised:
        translate_json(b"[1, 2]", source="openai", target="azure")
    assert raised.value.pointers == ("",)


def test_translate_json_takes_bytes_or_text_only() -> None:
    with pytest.raises(ChatDialectError, match="bytes or str"):
        translate_json({"model": "x"}, source="openai", target="azure")  # type: ignore[arg-type]


def test_the_command_line_writes_json_lines_as_json_dumps_would(tmp_path: Path) -> None:
    """The JSON Lines and batch paths read and write through the same codec: the output lines are the
    standard library's bytes, awkward numbers and strings included."""
    awkward = {"temperature": 1e-05, "metadata": {"n": "10e5 null 0.00001", "s": "\u2028 caf\u00e9"}}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"maximum": 10**30, "minimum": 1e16}}}
    bodies = [
        {"model": "gpt-4o", "messages": [{"role": "user", "content": f"hi {i} \ud800"}], **awkward}
        for i in range(3)
    ]
    bodies.append({"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}], "tools": [tool]})
    lines = [*bodies, *({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
                        "body": body} for i, body in enumerate(bodies))]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "chatdialect", "convert", "--from", "openai", "--to", "openai",
         "--report", "none", "-q", "-o", str(out), str(source)],
        capture_output=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = []
    for line in lines:
        if "body" in line:
            body = translate(line["body"], source="openai", target="openai").payload
            expected.append(reference({**line, "body": body}))
        else:
            expected.append(reference(translate(line, source="openai", target="openai").payload))
    assert out.read_bytes() == b"".join(line + b"\n" for line in expected)
