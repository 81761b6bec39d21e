"""Field rules' verdicts on remembered content: a row of rules that let a field's content through
unchanged, with nothing recorded, is not run on that content again.

Clients send the same tool list (and On Your Data sources) with every request, and the rules on those
rows (tool names, item types, data source tables) would check it again each time. A row whose rules
all declare ``by_content`` (their read and write depend on the value and their own settings alone) is
run as usual the first time; when it passes the content as it is, the verdict is kept in the
content's record (``_contents``), by step, wire field and row, and later requests with the same
content skip the row. A row that changed the value, recorded a change or found a problem is never
skipped: it runs every time, so its records and pointers are always the request's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chatdialect._contents import Recalled, learn


def passed(step: str, rules: Sequence[Any], recalled: Recalled) -> bool:
    """Whether the ``step`` of ``rules`` let the ``recalled`` content through before, unchanged and
    unrecorded."""
    wire, _, record = recalled
    return (step, wire, rules) in record.passed


def remember(step: str, rules: Sequence[Any], recalled: Recalled) -> None:
    """Keep that the ``step`` of ``rules`` let the ``recalled`` content through unchanged, with
    nothing recorded."""
    wire, key, _ = recalled
    learn(key, passed=(step, wire, rules))
