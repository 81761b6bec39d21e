"""Verdicts on remembered content (``_verdicts``): a row of ``by_content`` rules that let a repeated
field's content through unchanged is not run on that content again, and nothing else is skipped:
a row that refused, changed or recorded anything runs on every request, with the request's own
records and pointers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chatdialect import InvalidRequestError, _contents, translate
from chatdialect._changes import Trace
from chatdialect._dialects import REGISTRY
from chatdialect._dialects.base import Dialect, carries
from chatdialect._memo import clear_all
from chatdialect._rules.base import FieldRule, Writing

MESSAGES = [{"role": "user", "content": "What is the weather in Paris?"}]


def _tools(name: str = "get_weather") -> list[dict[str, Any]]:
    parameters = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    return [{"type": "function", "function": {"name": name, "parameters": parameters}}]


class Counted(FieldRule):
    """A by-content rule that counts its calls and refuses a tool named ``refused``."""

    by_content = True

    def __init__(self) -> None:
        self.reads = self.writes = 0

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        self.reads += 1
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        self.writes += 1
        if any(tool["function"]["name"] == "refused" for tool in value):
            raise InvalidRequestError([("/tools/0/function/name", "is refused")], dialect=context.target)
        return value


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counted]:
    rule = Counted()
    dialect = Dialect(
        name="counted", title="Counted", source="this test", endpoint="/c", fields=carries(tools=rule)
    )
    monkeypatch.setitem(REGISTRY, "counted", dialect)
    clear_all()
    yield rule
    clear_all()


def test_a_row_that_passed_the_content_is_not_run_on_it_again(counted: Counted) -> None:
    payload = {"model": "m", "messages": MESSAGES, "tools": _tools()}
    outputs = [translate(payload, source="counted", target="counted").payload for _ in range(5)]
    assert all(out == payload for out in outputs)
    # first sighting: not remembered; second: run and remembered; then skipped, on both steps
    assert (counted.reads, counted.writes) == (2, 2)
    (record,) = (record for record, _ in _contents._held._entries.values())
    assert {(step, wire) for step, wire, _ in record.passed} == {("read", "tools"), ("write", "tools")}


def test_other_content_runs_the_row(counted: Counted) -> None:
    for name in ("a", "b", "c"):
        payload = {"model": "m", "messages": MESSAGES, "tools": _tools(name)}
        translate(payload, source="counted", target="counted")
    assert (counted.reads, counted.writes) == (3, 3)


def test_a_refusal_is_never_remembered(counted: Counted) -> None:
    payload = {"model": "m", "messages": MESSAGES, "tools": _tools("refused")}
    for _ in range(4):
        with pytest.raises(InvalidRequestError) as error:
            translate(payload, source="counted", target="counted")
        assert error.value.pointers == ("/tools/0/function/name",)
    assert counted.writes == 4


def test_tool_names_a_target_cannot_take_fail_every_time() -> None:
    payload = {"model": "gpt-4o", "messages": MESSAGES, "tools": _tools("lookup.weather")}
    for _ in range(4):  # the name is one anthropic takes and openai does not
        assert translate(payload, source="anthropic", target="anthropic").payload is not None
        with pytest.raises(InvalidRequestError) as error:
            translate(payload, source="openai", target="openai")
        assert error.value.pointers == ("/tools/0/function/name",)


def test_a_row_that_records_runs_every_time() -> None:
    tools = [
        *_tools(),
        {"type": "anthropic", "anthropic": {"type": "web_search_20250305", "name": "web_search"}},
    ]
    payload = {"model": "m", "messages": MESSAGES, "tools": tools}
    seen = [translate(payload, source="openai", target="atoma").changes for _ in range(4)]
    assert all(changes == seen[0] for changes in seen)
    assert ("dropped", "/tools/1") in {(c.kind, c.path) for c in seen[0]}


def test_a_dropped_repeated_field_is_still_checked() -> None:
    auth = {"type": "api_key", "key": "k"}
    endpoint = "https://x.search.windows.net"
    source = {
        "type": "azure_search",
        "parameters": {"endpoint": endpoint, "index_name": "i", "authentication": auth},
    }
    good = {"model": "gpt-4o", "messages": MESSAGES, "data_sources": [source]}
    for _ in range(4):
        result = translate(good, source="azure", target="openai")
        assert ("dropped", "/data_sources") in {(c.kind, c.path) for c in result.changes}
    bad = {
        **good,
        "data_sources": [{"type": "azure_search", "parameters": {"index_name": "i", "authentication": auth}}],
    }
    for _ in range(4):
        with pytest.raises(InvalidRequestError) as error:
            translate(bad, source="azure", target="openai")
        assert error.value.pointers == ("/data_sources/0/parameters/endpoint",)
