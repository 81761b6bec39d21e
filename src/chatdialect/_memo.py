"""One memo type for everything chatdialect remembers by content, bounded by a byte budget.

Clients send the same tool list with every request, so some work is remembered by the content it was
done on (see STYLE.md, "Keeping hot paths fast"). Every such cache is a :class:`Memo`: bounded by
bytes, not entries (a key may be a megabyte), least recently used first out, safe to share between
threads; a :class:`FirstMemo` keeps its first entries instead, for values too costly to rebuild.
Caches keyed on configuration (a finite set chosen by code) are plain dicts, not memos.

The built-in memos and their budgets, 61.2 MiB in all (``tests/test_memo.py`` keeps it <= 64 MiB):

- ``schema_verdicts`` (8 MiB) and ``schema_explanations`` (8 MiB): ``_schemacheck``'s verdicts
  on tool schemas by marshal bytes, and ``jsonschema``'s explanations of refused ones by canonical JSON;
- ``repeated_content`` (38 MiB): ``_contents``' records of repeated fields' content (tool lists, data
  sources): their limits figures, validated forms and the rule rows that passed them;
- ``repeated_seen`` (1 MiB): the hashes of those fields' content met once (remembered from the
  second sighting on);
- ``request_validators`` (6 MiB, 48 entries of 128 KiB; a :class:`FirstMemo`) and
  ``request_shapes_seen`` (256 KiB): ``_dictmodel``'s validators fitted to one shape of request (its
  keys, for a target), and the shapes met once.

:func:`stats_all` and :func:`clear_all` cover every memo alive. A hit (``get`` of a present key whose
hash is known) costs about 0.28 microseconds, a miss 0.25 (``timeit``, CPython 3.11; ``dict.get``:
0.02): the lock and the move to most recent. A key made afresh is hashed first, as a dict hashes it
(about 1 microsecond per 4 KB). A warm request with a remembered tool list makes one get.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

ENTRY_OVERHEAD = 200
"""Bytes counted per entry beyond the sizes given to :meth:`Memo.put`: the dict slot, its order
links and the entry's own tuple (measured with tracemalloc: about 190)."""


def sizeof(*objects: object) -> int:
    """Bytes of keys and values as a memo counts them: ``sys.getsizeof`` of each object (exact for
    ``bytes``, ``str`` and numbers, headers included), plus that of a tuple's items, recursively.
    Other containers count only their own object: store their marshal bytes instead."""
    total = 0
    for item in objects:
        total += sys.getsizeof(item)
        if type(item) is tuple:
            total += sizeof(*item)
    return total


@dataclass(frozen=True, slots=True)
class MemoStats:
    """A memo's figures at one moment (counters start again at :meth:`Memo.clear`)."""

    name: str
    entries: int
    bytes: int
    """Sizes given to ``put`` of the entries held, plus ``ENTRY_OVERHEAD`` each; never above ``budget``."""
    budget: int
    hits: int
    misses: int
    evictions: int
    """Entries dropped to make room (not those replaced, refused or cleared)."""


class Memo(Generic[K, V]):
    """A bounded, thread-safe map of content keys to values, least recently used out first.

    Guarantees: ``stats().bytes <= budget`` at every moment another thread can see; an entry larger
    than the budget is never stored; ``get`` gives back the very object ``put`` stored, so values
    must be immutable (``bytes``, ``str``, tuples of those), never handed out to be mutated. ``None``
    means "absent", so it is not a value to store. Values are computed outside the lock: two threads
    that miss together both compute, and the later ``put`` replaces the earlier (one entry per key).
    """

    __slots__ = (
        "__weakref__",
        "_bytes",
        "_entries",
        "_evictions",
        "_hits",
        "_lock",
        "_misses",
        "budget",
        "name",
    )

    def __init__(self, name: str, budget: int) -> None:
        self.name = name
        self.budget = budget
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes = self._hits = self._misses = self._evictions = 0
        with _registry_lock:
            _registry.add(self)

    def get(self, key: K) -> V | None:
        """The value stored under ``key`` (now the most recently used), or ``None``.

        No lock: a lookup and a move to the end are each one atomic step of the C ``OrderedDict``
        (a request makes several gets, and the lock cost more than the lookup). A key evicted
        between the two is simply not moved. The hit and miss counts are figures for people, not
        for logic: under threads an increment may be lost."""
        entry = self._entries.get(key)
        if entry is None:
            self._misses += 1
            return None
        try:  # noqa: SIM105 (contextlib.suppress costs three Python calls on this hot path)
            self._entries.move_to_end(key)
        except KeyError:
            pass  # evicted by another thread since the lookup: the value is still good to use
        self._hits += 1
        return entry[0]

    def put(self, key: K, value: V, size: int) -> None:
        """Store ``value`` under ``key`` as the most recently used entry, dropping the least recently
        used until the memo is within budget. ``size`` is the bytes of key and value (see
        :func:`sizeof`); with ``ENTRY_OVERHEAD`` it must fit the budget, else nothing is stored."""
        size += ENTRY_OVERHEAD
        if size > self.budget:
            return
        dropped: list[tuple[V, int]] = []  # freed after the lock is let go: large values take time
        with self._lock:
            entries = self._entries
            old = entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
                dropped.append(old)
            entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.budget:
                entry = entries.popitem(last=False)[1]
                self._bytes -= entry[1]
                self._evictions += 1
                dropped.append(entry)

    def clear(self) -> None:
        """Drop every entry and start the counters again."""
        with self._lock:
            entries, self._entries = self._entries, OrderedDict()
            self._bytes = self._hits = self._misses = self._evictions = 0
        del entries  # the entries are freed here, after the lock is let go

    def stats(self) -> MemoStats:
        """The memo's figures, read at one moment."""
        with self._lock:
            return MemoStats(
                self.name,
                len(self._entries),
                self._bytes,
                self.budget,
                self._hits,
                self._misses,
                self._evictions,
            )

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is held (neither a hit nor a use: for tests)."""
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Memo {self.name!r}: {len(self._entries)} entries, budget {self.budget} bytes>"


class FirstMemo(Memo[K, V]):
    """A :class:`Memo` that keeps the first entries that fit its budget and never evicts one.

    For values that are costly to build and whose keys may never end (a validator per shape of
    request): under LRU, a stream of more keys than fit would rebuild on every use. Here what does
    not fit is refused (:meth:`room` says so before the value is built), and a lookup does not
    reorder the entries. ``clear`` empties it for new keys."""

    __slots__ = ()

    def get(self, key: K) -> V | None:
        """The value stored under ``key``, or ``None`` (no recency: entries are never evicted)."""
        entry = self._entries.get(key)
        if entry is None:
            self._misses += 1
            return None
        self._hits += 1
        return entry[0]

    def room(self, size: int) -> bool:
        """Whether an entry of ``size`` bytes (as given to :meth:`put`) would be stored."""
        return self._bytes + size + ENTRY_OVERHEAD <= self.budget

    def put(self, key: K, value: V, size: int) -> None:
        """Store ``value`` under ``key`` if it fits in what the budget has left; else nothing."""
        with self._lock:
            if key in self._entries or self._bytes + size + ENTRY_OVERHEAD > self.budget:
                return
            self._entries[key] = (value, size + ENTRY_OVERHEAD)
            self._bytes += size + ENTRY_OVERHEAD


_registry: weakref.WeakSet[Memo[Any, Any]] = weakref.WeakSet()
_registry_lock = threading.Lock()


def memos() -> list[Memo[Any, Any]]:
    """Every memo alive, by name."""
    with _registry_lock:
        alive = list(_registry)
    return sorted(alive, key=lambda memo: memo.name)


def stats_all() -> list[MemoStats]:
    """The figures of every memo alive, by name (what ``chatdialect.cache_stats()`` returns)."""
    return [memo.stats() for memo in memos()]


def clear_all() -> None:
    """Empty every memo (what ``chatdialect.clear_caches()`` does): later calls do the work again."""
    for memo in memos():
        memo.clear()
