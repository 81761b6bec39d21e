"""JSON Pointers (RFC 6901): building them from keys and mapping them back to the caller's payload."""

from __future__ import annotations

import json
from collections.abc import Iterable


def escape(token: str | int) -> str:
    """One reference token, escaped per RFC 6901 (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    text = str(token)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return text


def show_key(key: str) -> str:
    """A caller's key fit for a one-line reason: as it is when short and printable, else
    JSON-quoted (control characters escaped) and cut to 64 characters."""
    if 0 < len(key) <= 64 and key.isprintable() and key.strip() == key:
        return key
    return json.dumps(key if len(key) <= 64 else key[:64] + "...")


def join(*tokens: str | int) -> str:
    """The pointer made of ``tokens`` (``join("messages", 3)`` -> ``/messages/3``)."""
    if len(tokens) == 1:  # a top-level field: the common case
        return "/" + escape(tokens[0])
    return "".join("/" + escape(token) for token in tokens)


def from_parts(tokens: Iterable[str | int]) -> str:
    """The pointer made of an iterable of tokens."""
    return join(*tokens)


def remap(pointer: str, table: dict[str, str]) -> str:
    """``pointer`` with its longest prefix found in ``table`` (whole tokens) replaced by that prefix's
    value; ``pointer`` itself when no prefix is in ``table``."""
    probe = pointer
    while True:
        found = table.get(probe)
        if found is not None:
            return found + pointer[len(probe) :]
        cut = probe.rfind("/")
        if cut <= 0:
            return pointer
        probe = probe[:cut]
