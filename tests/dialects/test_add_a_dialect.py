"""Adding a dialect is one table: a small dialect defined here (a renamed field, a value map, a
range) is read, written, shown in the matrix, exported as a schema and documented, with no other
edit than registering it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from chatdialect import InvalidRequestError, translate
from chatdialect._capabilities import matrix
from chatdialect._dialects import REGISTRY
from chatdialect._dialects.base import Dialect, carries
from chatdialect._rules.fields import Range, Rename, ValueMap
from chatdialect._rules.messages import NoDeveloperRole
from chatdialect._rules.request import ModelRequired
from chatdialect._schema_export import export_schema

TOY = Dialect(
    name="toy",
    title="Toy Chat",
    source="this test",
    endpoint="/toy/{model}/chat",
    fields=carries(
        "top_p",
        temperature=Range(0, 1),
        stop=Rename("halt"),
        tool_choice=ValueMap({"auto": "auto", "required": "any", "none": "none"}),
    ),
    rules=(ModelRequired(), NoDeveloperRole()),
)

MESSAGES = [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "hi"}]


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(REGISTRY, "toy", TOY)  # the one registry line
    yield


def test_reading_follows_the_table() -> None:
    payload = {"model": "m", "messages": MESSAGES, "halt": ["END"], "tool_choice": "any", "top_k": 3}
    result = translate(payload, source="toy", target="openai")
    assert result.payload["stop"] == ["END"] and result.payload["tool_choice"] == "required"
    kinds = {(c.kind, c.path, c.target_path) for c in result.changes}
    assert ("renamed", "/halt", "/stop") in kinds
    assert ("converted", "/tool_choice", "/tool_choice") in kinds
    assert ("dropped", "/top_k", None) in kinds  # not a field of the toy dialect
    with pytest.raises(InvalidRequestError) as error:
        translate({**payload, "temperature": 1.5}, source="toy", target="openai")
    assert error.value.pointers == ("/temperature",)


def test_writing_follows_the_table() -> None:
    payload = {
        "model": "m",
        "messages": MESSAGES,
        "stop": "END",
        "tool_choice": "required",
        "temperature": 1.7,
    }
    result = translate(payload, source="openai", target="toy")
    assert result.payload == {
        "model": "m",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}],
        "temperature": 1,
        "halt": "END",
        "tool_choice": "any",
    }
    kinds = {(c.kind, c.path, c.target_path) for c in result.changes}
    assert kinds == {
        ("clamped", "/temperature", "/temperature"),
        ("renamed", "/stop", "/halt"),
        ("converted", "/tool_choice", "/tool_choice"),
        ("converted", "/messages/0/role", "/messages/0/role"),
    }
    assert result.endpoint.path == "/toy/m/chat"
    back = translate(result.payload, source="toy", target="toy")
    assert back.payload == result.payload and back.changes == ()  # same-dialect identity


def test_the_matrix_follows_the_table() -> None:
    cells = {name: row["cells"]["toy"] for name, row in matrix()["fields"].items()}
    assert cells["stop"]["status"] == "renamed" and cells["stop"]["target"] == "halt"
    assert cells["temperature"]["range"] == "0..1"
    assert cells["tool_choice"]["values"] == ["auto", "required->any", "none"]
    assert cells["messages"]["notes"] == ["developer -> system"]
    assert cells["top_k"]["status"] == "dropped"
    assert cells["functions"]["status"] == "dropped"  # no legacy rule: not read


def test_the_schema_follows_the_table() -> None:
    schema = export_schema("toy")
    properties = schema["properties"]
    assert set(properties) == {"model", "messages", "top_p", "temperature", "halt", "tool_choice"}
    assert schema["required"] == ["model", "messages"]
    assert properties["temperature"]["anyOf"][0]["maximum"] == 1
    enums = [b["enum"] for b in properties["tool_choice"]["anyOf"] if "enum" in b]
    assert enums == [["auto", "any", "none"]]


def _gen() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "docs" / "gen.py"
    spec = importlib.util.spec_from_file_location("docs_gen_toy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_follow_the_table() -> None:
    page = _gen().dialect_page(TOY)
    assert "| `stop` | sent as `halt` |" in page
    assert "0 to 1 (clamped)" in page
    assert "`required` as `any`" in page
    assert "No developer role" in page
    assert "`POST /toy/{model}/chat`" in page
