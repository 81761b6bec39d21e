"""Thread safety: translating from 8 threads at once gives exactly the serial results.

The work mixes every fixture to every target under ``drop`` and ``error``, legacy upgrades, invalid
payloads and 64 distinct tool schemas each shared by several items, so the threads race on the same
entries of the schema-verdict cache (cleared before each run, so they race on the misses too). The
threads start together, with a tiny switch interval, each on its share of the list in its own order:
every item is run by ``COPIES`` threads at once, two in the default run, all eight under the
"thorough" and "deep" Hypothesis profiles (``.ci/run`` runs this file under "thorough").
"""

from __future__ import annotations

import copy
import json
import random
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings
from tests.conftest import fixture_paths, load_fixture

from chatdialect import ChatDialectError, InvalidRequestError, UnsupportedFieldError, translate
from chatdialect import _schemacheck as schemacheck
from chatdialect._dialects import REGISTRY
from chatdialect._memo import clear_all

THREADS = 8
COPIES = THREADS if settings().max_examples >= 300 else 2
"""How many of the threads run each item (each thread runs ``COPIES / THREADS`` of the list)."""
TARGETS = sorted(REGISTRY)
Item = tuple[str, str, str, dict[str, Any]]  # source, target, policy, payload


def schema(index: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f"field_{index}": {"type": "string"}, "n": {"type": "integer", "minimum": index}},
        "required": [f"field_{index}"],
    }


def work() -> list[Item]:
    items: list[Item] = []
    for path in fixture_paths():
        source = path.parent.name
        payload = load_fixture(path)
        for target in TARGETS:
            for policy in ("drop", "error"):
                items.append((source, target, policy, payload))
        broken = copy.deepcopy(payload)
        broken["temperature"] = 7
        items.append((source, "openai", "drop", broken))
    for index in range(64):
        tools = [{"type": "function", "function": {"name": f"t{index}", "parameters": schema(index)}}]
        legacy = {"name": f"f{index}", "parameters": schema(index)}  # the same schema, via functions
        bad = {"type": "function", "function": {"name": f"b{index}", "parameters": {"type": index}}}
        base = {"model": "m", "messages": [{"role": "user", "content": f"hi {index}"}]}
        for target in TARGETS:
            items.append(("openai", target, "drop", {**base, "tools": tools}))
            items.append(("atoma", target, "drop", {**base, "functions": [legacy], "max_tokens": index + 1}))
        items.append(("generic", "openai", "drop", {**base, "tools": [bad]}))
    return items


def outcome(item: Item) -> tuple[Any, ...]:
    source, target, policy, payload = item
    try:
        result = translate(payload, source=source, target=target, on_unsupported=policy)  # type: ignore[arg-type]
    except InvalidRequestError as error:
        return ("invalid", error.errors)
    except UnsupportedFieldError as error:
        return ("unsupported", error.changes)
    except ChatDialectError as error:  # pragma: no cover - not expected here
        return ("error", type(error).__name__, str(error))
    return ("ok", json.dumps(result.payload), result.changes)


def clear_caches() -> None:
    clear_all()


def run_threads(items: list[Item], worker: Callable[[list[Item]], list[tuple[Any, ...]]]) -> list[list[Any]]:
    """Per item, the results of the ``COPIES`` threads that ran it (item ``i`` runs in threads
    ``i % THREADS`` and the next ``COPIES - 1``, each thread in its own shuffled order)."""
    results: list[list[Any]] = [[] for _ in items]
    failures: list[BaseException] = []
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()

    def body(slot: int) -> None:
        order = [i for i in range(len(items)) if (slot - i) % THREADS < COPIES]
        random.Random(slot).shuffle(order)
        try:
            barrier.wait()
            done = worker([items[i] for i in order])
            with lock:
                for index, result in zip(order, done, strict=True):
                    results[index].append(result)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=body, args=(slot,)) for slot in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    assert not any(thread.is_alive() for thread in threads)
    assert all(len(ran) == COPIES for ran in results), "every item ran in COPIES threads"
    return results


@pytest.fixture
def busy_switching() -> Any:
    """Switch threads every 10 microseconds, so they interleave inside translate."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def test_threads_give_the_serial_results(busy_switching: None) -> None:
    items = work()
    clear_caches()
    serial = [outcome(item) for item in items]
    kinds = {result[0] for result in serial}
    assert {"ok", "invalid", "unsupported"} <= kinds, kinds

    clear_caches()
    before = [copy.deepcopy(item[3]) for item in items]
    raced = run_threads(items, lambda mine: [outcome(item) for item in mine])
    mismatches = [i for i, results in enumerate(raced) if any(result != serial[i] for result in results)]
    assert not mismatches, f"threads differ from serial on items {mismatches[:5]}"
    assert [item[3] for item in items] == before, "no thread mutated a shared input"


def test_the_schema_cache_holds_one_verdict_per_schema_after_a_race(busy_switching: None) -> None:
    """Racing threads may each compute a verdict, but the cache ends as a serial run leaves it: one
    entry per distinct schema, and the same verdicts."""
    items = [item for item in work() if "tools" in item[3] or "functions" in item[3]]
    clear_caches()
    serial = [outcome(item) for item in items]
    entries = schemacheck.cache_info().entries
    assert entries >= 128, "the items hold 64 valid and 64 invalid distinct schemas at least"

    clear_caches()
    run_threads(items, lambda mine: [outcome(item) for item in mine])
    assert schemacheck.cache_info().entries == entries
    assert [outcome(item) for item in items] == serial, "the raced cache gives the serial verdicts"


def test_the_cli_warn_flag_is_per_record_under_threads(busy_switching: None) -> None:
    """``--warn`` marks exactly the records that lost something, from 8 threads at once, and no
    warning escapes to the process (the flag is read off each record's own changes)."""
    from chatdialect._cli.records import Translator

    items = [item for item in work() if item[2] == "drop"][::3]
    translators = {(s, t): Translator(s, t, policy="warn") for s, t, _, _ in items}

    def expected(item: Item) -> tuple[Any, ...]:
        source, target, _, payload = item
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                translate(payload, source=source, target=target, on_unsupported="warn")
            except InvalidRequestError:
                return (False, "invalid_request")
        return (bool(caught), None)

    def worker(todo: list[Item]) -> list[tuple[Any, ...]]:
        done = []
        for source, target, _, payload in todo:
            result = translators[source, target](payload)
            done.append((result.warned, result.error))
        return done

    serial = [expected(item) for item in items]
    assert {True, False} <= {warned for warned, _ in serial}
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        raced = run_threads(items, worker)
    assert not leaked
    assert raced == [[one] * COPIES for one in serial]
