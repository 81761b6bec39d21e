"""JSON Pointers (RFC 6901): building them from keys and mapping them back to the caller's payload."""

from __future__ import annotations

from collections.abc import Iterable


def escape(token: str | int) -> str:
    """One reference token, escaped per RFC 6901 (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    text = str(token)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return text


def join(*tokens: str | int) -> str:
    """The pointer made of ``tokens`` (``join("messages", 3)`` -> ``/messages/3``)."""
    if len(tokens) == 1:  # a top-level field: the common case
        return "/" + escape(tokens[0])
    return "".join("/" + escape(token) for token in tokens)


def from_parts(tokens: Iterable[str | int]) -> str:
    """The pointer made of an iterable of tokens."""
    return join(*tokens)
