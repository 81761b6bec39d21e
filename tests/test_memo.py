"""The memo type: bounded by bytes, least recently used out first, safe under threads; and everything
chatdialect remembers by content stays within the memos' budgets."""

from __future__ import annotations

import gc
import random
import sys
import threading
import tracemalloc
from typing import Any

import chatdialect
from chatdialect import _contents, _dictmodel, _schemacheck
from chatdialect._memo import ENTRY_OVERHEAD, FirstMemo, Memo, MemoStats, clear_all, memos, sizeof, stats_all

MiB = 2**20


def test_entries_are_evicted_by_bytes_least_recently_used_first() -> None:
    memo: Memo[str, bytes] = Memo("test_lru", 3 * (ENTRY_OVERHEAD + 100))
    for key in "abc":
        memo.put(key, b"x" * 100, 100)
    assert memo.get("a") == b"x" * 100  # "a" is now the most recently used: "b" goes first
    memo.put("d", b"y" * 100, 100)
    assert "b" not in memo and all(key in memo for key in "acd")
    memo.put("e", b"z" * 150, 150)  # 50 bytes more than the one it displaces: two go
    assert "c" not in memo and "a" not in memo and list(memo._entries) == ["d", "e"]
    assert memo.stats() == MemoStats(
        "test_lru", 2, 2 * ENTRY_OVERHEAD + 250, 3 * (ENTRY_OVERHEAD + 100), 1, 0, 3
    )


def test_a_first_memo_keeps_the_first_entries_that_fit_and_never_evicts() -> None:
    memo: FirstMemo[str, bytes] = FirstMemo("test_first", 3 * (ENTRY_OVERHEAD + 100))
    for key in "abc":
        assert memo.room(100)
        memo.put(key, key.encode() * 100, 100)
    assert memo.get("a") == b"a" * 100 and list(memo._entries) == ["a", "b", "c"]  # no reordering
    assert not memo.room(1)
    memo.put("d", b"d", 1)  # no room: refused, nothing evicted
    memo.put("a", b"new", 100)  # held: kept as it was
    assert "d" not in memo and memo.get("a") == b"a" * 100
    assert memo.stats() == MemoStats("test_first", 3, 3 * (ENTRY_OVERHEAD + 100), memo.budget, 2, 0, 0)
    memo.clear()
    assert memo.room(100) and memo.get("a") is None
    memo.put("d", b"d", 1)
    assert memo.get("d") == b"d"


def test_an_entry_larger_than_the_budget_is_not_stored() -> None:
    memo: Memo[str, str] = Memo("test_large", 1000)
    memo.put("small", "v", 10)
    memo.put("large", "v", 1000 - ENTRY_OVERHEAD + 1)
    assert "large" not in memo and "small" in memo
    memo.put("exact", "v", 1000 - ENTRY_OVERHEAD)  # fits alone: everything else goes
    assert list(memo._entries) == ["exact"] and memo.stats().bytes == 1000


def test_a_key_put_again_is_replaced_not_duplicated() -> None:
    memo: Memo[str, str] = Memo("test_replace", 10_000)
    memo.put("k", "old", 100)
    memo.put("other", "v", 10)
    memo.put("k", "new", 50)
    assert memo.get("k") == "new" and len(memo) == 2
    assert list(memo._entries) == ["other", "k"]
    assert memo.stats().bytes == 2 * ENTRY_OVERHEAD + 60 and memo.stats().evictions == 0


def test_stats_count_hits_and_misses_and_clear_starts_again() -> None:
    memo: Memo[bytes, str] = Memo("test_stats", 10_000)
    assert memo.get(b"k") is None
    memo.put(b"k", "v", sizeof(b"k", "v"))
    assert memo.get(b"k") == "v" and memo.get(b"k") == "v"
    stats = memo.stats()
    assert (stats.entries, stats.hits, stats.misses, stats.evictions) == (1, 2, 1, 0)
    assert stats.bytes == ENTRY_OVERHEAD + sys.getsizeof(b"k") + sys.getsizeof("v")
    memo.clear()
    assert memo.stats() == MemoStats("test_stats", 0, 0, 10_000, 0, 0, 0)
    assert memo.get(b"k") is None


def test_sizeof_counts_tuples_items() -> None:
    key = ("tools", b"x" * 1000)
    assert sizeof(key) == sys.getsizeof(key) + sys.getsizeof("tools") + sys.getsizeof(key[1])
    assert sizeof(b"a", "b") == sys.getsizeof(b"a") + sys.getsizeof("b")


def test_the_registry_holds_every_memo_alive_and_clears_them_all() -> None:
    memo: Memo[str, str] = Memo("test_registry", 10_000)
    memo.put("k", "v", 1)
    assert memo in memos() and memo.stats() in stats_all()
    clear_all()
    assert len(memo) == 0
    del memo
    gc.collect()
    assert "test_registry" not in {stats.name for stats in stats_all()}


def test_the_built_in_memos_budget_at_most_64_mib_in_all() -> None:
    built_in = [
        _schemacheck._by_marshal,
        _schemacheck._by_canonical,
        _contents._held,
        _contents._seen,
        _dictmodel._fitted,
        _dictmodel._fitted_seen,
    ]
    assert sum(memo.budget for memo in built_in) <= 64 * MiB
    assert {memo.name for memo in built_in} <= {stats.name for stats in stats_all()}


def test_eight_threads_keep_the_budget_and_the_books() -> None:
    """Racing gets and puts (a budget that forces evictions, a tiny switch interval): every value got
    is the one put under its key, and afterwards the books agree with the entries held."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    memo: Memo[int, tuple[int, bytes]] = Memo("test_threads", 64 * 1024)
    gets = [0] * 8
    wrong: list[Any] = []
    barrier = threading.Barrier(8)

    def hammer(slot: int) -> None:
        rng = random.Random(slot)
        barrier.wait()
        for _ in range(20_000):
            key = rng.randrange(500)
            if rng.random() < 0.5:
                gets[slot] += 1
                value = memo.get(key)
                if value is not None and value[0] != key:
                    wrong.append((key, value[0]))
            else:
                value = (key, b"v" * rng.randrange(2000))
                memo.put(key, value, sizeof(key, value))

    try:
        threads = [threading.Thread(target=hammer, args=(slot,)) for slot in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert not wrong
    stats = memo.stats()
    assert stats.evictions > 0 and stats.bytes <= stats.budget
    assert stats.hits + stats.misses <= sum(gets)  # counts are figures: an increment may be lost
    assert stats.entries == len(memo._entries)
    assert stats.bytes == sum(size for _, size in memo._entries.values())
    assert all(size == ENTRY_OVERHEAD + sizeof(key, value) for key, (value, size) in memo._entries.items())


def one_tool_request(index: int, size: int) -> dict[str, Any]:
    """A request whose one tool's parameters is a distinct valid JSON Schema of about ``size`` bytes,
    cheap to check (its bulk is one description)."""
    schema = {
        "type": "object",
        "description": f"Schema {index}: " + "lorem ipsum " * (size // 12),
        "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1}},
        "required": ["city"],
    }
    tool = {"type": "function", "function": {"name": f"tool_{index}", "parameters": schema}}
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tools": [tool]}


def test_distinct_large_schemas_are_remembered_within_the_budgets() -> None:
    """200 requests with distinct 1 MB tool schemas: the memos end within 64 MiB in all, and so does
    what the library keeps (traced memory after the loop; once it kept ~386 MiB)."""
    clear_all()
    chatdialect.translate(one_tool_request(-1, 1000), source="openai", target="azure")  # lazy imports
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for index in range(200):
            result = chatdialect.translate(one_tool_request(index, MiB), source="openai", target="azure")
            assert result.payload["tools"][0]["function"]["parameters"]["required"] == ["city"]
        del result
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        if not tracing:
            tracemalloc.stop()
    try:
        assert kept <= 64 * MiB + 8 * MiB, f"the library kept {kept / MiB:.0f} MiB"
        figures = stats_all()
        assert sum(stats.bytes for stats in figures) <= 64 * MiB
        verdicts = [stats for stats in figures if stats.name == "schema_verdicts"]
        assert verdicts and verdicts[0].entries > 0 and verdicts[0].evictions > 0  # remembered, made room
    finally:
        clear_all()


def test_a_repeated_field_is_remembered_from_its_second_sighting() -> None:
    """Traffic with a new tool list on every request does not pay for remembering it: the validated
    form and the limits figures are kept the second time a content is met, and used from the third."""
    tool = {"type": "function", "function": {"name": "only_in_this_test", "parameters": {"type": "object"}}}
    payload = {"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [tool]}
    clear_all()
    figures = {stats.name: stats for stats in stats_all()}
    assert figures["repeated_content"].entries == 0
    first = chatdialect.translate(payload, source="openai", target="azure")
    figures = {stats.name: stats for stats in stats_all()}
    assert figures["repeated_content"].entries == 0 and figures["repeated_seen"].entries == 1
    second = chatdialect.translate(payload, source="openai", target="azure")
    figures = {stats.name: stats for stats in stats_all()}
    assert figures["repeated_content"].entries == 1
    (record,) = (record for _, (record, _) in _contents._held._entries.items())
    assert record.figures and record.forms  # the walk's figures and the validated form
    third = chatdialect.translate(payload, source="openai", target="azure")
    figures = {stats.name: stats for stats in stats_all()}
    assert figures["repeated_content"].hits >= 1
    assert first.payload == second.payload == third.payload
    assert third.payload["tools"] is not second.payload["tools"]
