"""The canonical rule for ``instructions`` (the Responses API's system prompt): to a dialect without
an ``instructions`` field it is the conversation's first message, a system message (SPEC section 8,
"Decisions fixed for responses")."""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Change, Trace
from chatdialect._dialects.base import Dialect

LOWERED = {"instructions": "the first message, a system message"}
"""Canonical fields that a dialect without them gets inside its messages, and where (the matrix)."""


def lower(data: dict[str, Any], trace: Trace, target: Dialect) -> None:
    """Put ``data``'s instructions first in its messages as a system message, when ``target`` has no
    instructions field (recorded ``converted``; later messages' pointers follow). ``data`` is owned
    canonical data: changed in place."""
    if "instructions" not in data or "instructions" in target.fields:
        return
    text = data.pop("instructions")
    messages: list[dict[str, Any]] = data["messages"]
    trace.insert_first("/messages", len(messages), "/instructions")
    trace.origin("/messages/0/content", "/instructions")  # the text is the field itself, not a member
    messages.insert(0, {"role": "system", "content": text})
    reason = f"The {target.name} dialect has no instructions field: they became the first (system) message."
    trace.on_read(Change("converted", "/instructions", "/messages/0", reason))
