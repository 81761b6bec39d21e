"""The records of repeated content (``_contents``): remembered from the second sighting, one record per
content key, immutable (what a request learns is a new record), counted in bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import chatdialect
from chatdialect import _contents
from chatdialect._contents import learn, recall
from chatdialect._limits import content_keys
from chatdialect._memo import ENTRY_OVERHEAD, clear_all
from chatdialect._reading import REPEATED

TOOL = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}
PAYLOAD = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tools": [TOOL]}


@pytest.fixture(autouse=True)
def empty() -> Iterator[None]:
    clear_all()
    yield
    clear_all()


def test_content_is_recalled_from_its_second_sighting() -> None:
    keys = content_keys(PAYLOAD, REPEATED)
    assert recall(keys) == {}  # first sighting: only marked
    (key, record) = recall(keys)["tools"]
    assert key == keys["tools"] and record.figures is None and not record.forms and not record.passed


def test_a_warm_request_finds_everything_its_content_taught() -> None:
    for _ in range(3):
        chatdialect.translate(PAYLOAD, source="openai", target="azure")
    (_, record) = recall(content_keys(PAYLOAD, REPEATED))["tools"]
    # four levels of containers; the characters of every key and string; the values of each container
    strings = ("type", "function", "function", "name", "lookup", "parameters", "type", "object")
    assert record.figures == (4, sum(map(len, strings)), 1 + 2 + 2 + 1)
    assert [wire for wire, _ in record.forms] == ["tools"]  # the validated form, for azure's narrowing
    assert {(step, wire) for step, wire, _ in record.passed} == {("read", "tools"), ("write", "tools")}


def test_learning_makes_a_new_record_and_leaves_the_one_seen() -> None:
    key = b"test-contents-key"
    learn(key, figures=(1, 2, 3))
    seen = _contents._held.get(key)
    assert seen is not None
    learn(key, form=(("tools", frozenset()), b"form"))
    learn(key, passed=("read", "tools", ()))
    now = _contents._held.get(key)
    assert now is not None and now is not seen
    assert seen.forms == {} and seen.passed == frozenset()  # what a request saw never changes
    assert now.figures == (1, 2, 3) and now.forms == {("tools", frozenset()): b"form"}
    assert now.passed == {("read", "tools", ())}
    assert _contents._held.stats().bytes == now.size + ENTRY_OVERHEAD  # one entry, counted once
    assert now.size > seen.size


def test_a_fact_learnt_twice_is_kept_once() -> None:
    key = b"test-contents-twice"
    for _ in range(3):
        learn(key, form=(("tools", frozenset()), b"form"), passed=("write", "tools", ()))
    record = _contents._held.get(key)
    assert record is not None and len(record.forms) == 1 and len(record.passed) == 1
    learn(key)
    assert _contents._held.get(key).size == record.size  # type: ignore[union-attr]
