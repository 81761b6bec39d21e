"""Field rules' verdicts on remembered content: a row of rules that let a field's content through
unchanged, with nothing recorded, is not run on that content again.

Clients send the same tool list (and On Your Data sources) with every request, and the rules on those
rows (tool names, item types, data source tables) would check it again each time. A row whose rules
all declare ``by_content`` (their read and write depend on the value and their own settings alone) is
run as usual the first time; when it passes the content as it is, the verdict is kept by the row and
the content's key (``_limits.content_keys``), and later requests with the same content skip the row.
A row that changed the value, recorded a change or found a problem is never skipped: it runs every
time, so its records and pointers are always the request's own.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from chatdialect._memo import Memo, sizeof

_passed: Memo[tuple[str, Sequence[Any], Hashable], bool] = Memo("rule_verdicts", 4 * 2**20)
"""The step (``read`` or ``write``), the row of rules (the dialect's own tuple, by identity) and the
key of content the row passed."""


def passed(step: str, rules: Sequence[Any], key: Hashable) -> bool:
    """Whether the ``step`` of ``rules`` let the content of ``key`` through before, unchanged and
    unrecorded."""
    return _passed.get((step, rules, key)) is not None


def remember(step: str, rules: Sequence[Any], key: Hashable) -> None:
    """Keep that the ``step`` of ``rules`` let the content of ``key`` through unchanged, with
    nothing recorded."""
    _passed.put((step, rules, key), True, sizeof(key, True))
