"""The errors chatdialect raises on bad input, as one tree callers can catch by level.

    ValueError
    └── ChatDialectError              every error raised on bad input or bad arguments
        ├── UnknownDialectError       a dialect name that is not registered
        ├── InvalidRequestError       the payload is not a valid request in its dialect (.errors)
        └── UnsupportedFieldError     on_unsupported="error" and something could not be carried (.changes)

    UserWarning
    └── ChatDialectWarning            on_unsupported="warn": one per translation, naming the fields

Messages name fields by JSON Pointer and never echo values: payloads can carry credentials.
Every error survives ``pickle`` (and ``copy``) with its fields: engines such as Dask, Ray and Spark
ship a worker's exception to the driver that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chatdialect._changes import Change


class ChatDialectError(ValueError):
    """Base class of every error chatdialect raises on bad input or bad arguments."""

    def _rebuilt_from(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The constructor's positional and keyword arguments that rebuild this error."""
        return self.args, {}

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls cls(*self.args), and args is the message alone for the
        # subclasses whose constructor takes fields: rebuild from the fields instead, then restore
        # anything set afterwards (__notes__, attributes callers added).
        args, kwargs = self._rebuilt_from()
        return _rebuild, (type(self), args, kwargs), dict(self.__dict__)


def _rebuild(cls: type[ChatDialectError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> ChatDialectError:
    """Unpickling: the error made again by its constructor."""
    return cls(*args, **kwargs)


class UnknownDialectError(ChatDialectError):
    """A dialect name that is not registered; the message lists the known names."""

    def __init__(self, name: object, known: Iterable[str]) -> None:
        self.known = tuple(known)
        shown = name if isinstance(name, str) and len(name) <= 64 else "<given value>"
        self._name = shown
        super().__init__(f"unknown dialect {shown!r}; known dialects: {', '.join(self.known)}")

    def _rebuilt_from(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self._name, self.known), {}


class InvalidRequestError(ChatDialectError):
    """The payload is not a valid request in its dialect.

    ``errors`` holds every problem found, as ``(json_pointer, message)`` pairs, pointers into the
    payload as the caller wrote it.
    """

    def __init__(self, errors: Sequence[tuple[str, str]], *, dialect: str | None = None) -> None:
        self.errors: tuple[tuple[str, str], ...] = tuple(errors)
        self.dialect = dialect
        where = f" for dialect {dialect!r}" if dialect else ""
        lines = "; ".join(f"{pointer or '(root)'}: {message}" for pointer, message in self.errors[:20])
        more = f"; and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid request{where} ({count} {noun}): {lines}{more}")

    def _rebuilt_from(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.errors,), {"dialect": self.dialect}

    @property
    def pointers(self) -> tuple[str, ...]:
        """The JSON Pointers of the offending fields, in the order found."""
        return tuple(pointer for pointer, _ in self.errors)


class UnsupportedFieldError(ChatDialectError):
    """The target cannot carry part of the request and the policy is ``on_unsupported="error"``.

    ``changes`` lists every lossy change (dropped or clamped) of the translation at once.
    """

    def __init__(self, changes: Sequence[Change], *, target: str, note: str | None = None) -> None:
        self.changes: tuple[Change, ...] = tuple(changes)
        self.target = target
        self.note = note
        """What else the target cannot serve (a Responses-only model written to a chat dialect)."""
        fields = ", ".join(change.path or "(none)" for change in self.changes)
        # not "the target cannot carry": a field may be dropped as unknown to the source
        text = f"translating to {target!r} would drop or clamp: {fields}" if self.changes else ""
        if note:
            text = f"{text}; {note}" if text else f"the {target!r} dialect cannot serve this request: {note}"
        super().__init__(text)

    def _rebuilt_from(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.changes,), {"target": self.target}


class ChatDialectWarning(UserWarning):
    """Emitted once per translation under ``on_unsupported="warn"``, naming the lossy fields."""
