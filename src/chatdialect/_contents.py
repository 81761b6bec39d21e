"""What is remembered about the content of a repeated field: one record per content.

Clients send the same tool list (and the same On Your Data sources) with every request. A repeated
field's content is found by its key (its marshal bytes: ``_limits.content_keys``) in one memo,
``repeated_content``, from its second sighting on: the first is only marked, by hash, in
``repeated_seen``, so traffic with a new tool list on every request does not pay for remembering it.
The record holds what translating that content taught, so a later request with the same content does
none of that work again:

- ``figures``: the limits walk's figures of the content (levels, characters, values), ``()`` when it
  is past the default limits (``_limits``);
- ``forms``: the field's validated form (its bytes and how to load them) by wire field and
  narrowing, or, for a field the target drops, that it was valid (``_dictmodel``);
- ``passed``: the rows of ``by_content`` rules that let the content through unchanged, by step and
  wire field (``_verdicts``).

A record is immutable: what a request learns is put as a new record, made from the one held at that
moment. Two threads learning at once may lose one fact (it is learnt again later); no fact is wrong.
A warm request makes one memo lookup per repeated field, whatever its steps learn from the record.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from typing import Any

from chatdialect._memo import Memo, sizeof

Figures = tuple[int, int, int] | tuple[()]


class Content:
    """The facts known about one content (immutable: see :func:`learn`)."""

    __slots__ = ("figures", "forms", "passed", "size")

    def __init__(
        self,
        figures: Figures | None,
        forms: dict[Hashable, Form],
        passed: frozenset[Hashable],
        size: int,
    ) -> None:
        self.figures = figures
        """The limits walk's figures, ``None`` until computed."""
        self.forms = forms
        """Validated forms (or :data:`VALID`) by ``(wire field, narrowing)``; never changed once held."""
        self.passed = passed
        """``(step, wire field, row of rules)`` of the rows that let the content through."""
        self.size = size
        """Bytes as the memo counts them, the key included."""


Form = tuple[Callable[[bytes], Any], bytes]
"""A validated value kept: its bytes, and the function that loads a fresh copy of it from them."""


def _refuse(raw: bytes) -> Any:
    raise AssertionError("VALID is a verdict, not a value to load")


VALID: Form = (_refuse, b"")
"""The form kept for content a request dropped: it was valid (the request it came with validated)."""

Recalled = tuple[str, bytes, Content]
"""A repeated field of one request: the wire field it was read from, its content key, its record
(as it was when the request began)."""

_EMPTY = Content(None, {}, frozenset(), 0)

_SLOT = 120
"""Bytes counted per fact beyond its own objects: its dict or set slot and tuple."""

_held: Memo[bytes, Content] = Memo("repeated_content", 38 * 2**20)
"""The records, by content key."""

_seen: Memo[int, bool] = Memo("repeated_seen", 2**20)
"""The hashes of content keys met once (a few dozen bytes each)."""


def recall(keys: dict[str, bytes]) -> dict[str, tuple[bytes, Content]]:
    """The record of each wire field's content key, for those met before (an empty record for one
    met once before and not yet learnt from); a first sighting is marked and left out. A hash
    collision in the marks only admits a content early."""
    found: dict[str, tuple[bytes, Content]] = {}
    for name, key in keys.items():
        record = _held.get(key)
        if record is None:
            mark = hash(key)  # cached on the bytes: the lookups by this key reuse it
            if _seen.get(mark) is None:
                _seen.put(mark, True, sizeof(mark, True))
                continue
            record = _EMPTY
        found[name] = (key, record)
    return found


def learn(
    key: bytes,
    figures: Figures | None = None,
    form: tuple[Hashable, Form] | None = None,
    passed: Hashable | None = None,
) -> None:
    """Keep one more fact about the content of ``key``: its ``figures``, a ``form`` (slot, form)
    or a row that ``passed`` it; put as a new record made from the one held now."""
    held = _held.get(key) or _EMPTY
    size = held.size or sys.getsizeof(key)
    forms, verdicts = held.forms, held.passed
    if figures is not None:
        size += sizeof(figures) if held.figures is None else 0
    else:
        figures = held.figures
    if form is not None and form[0] not in forms:
        forms = {**forms, form[0]: form[1]}
        size += _SLOT + sys.getsizeof(form[1][1])
    if passed is not None and passed not in verdicts:
        verdicts = verdicts | {passed}
        size += _SLOT
    _held.put(key, Content(figures, forms, verdicts, size), size)

