"""One record of a command-line run: a request payload, or an OpenAI/Azure Batch API line around one.

A Batch API line (``{"custom_id", "method", "url", "body"}``) keeps its envelope; only ``body`` is
translated, and every pointer reported for it starts with ``/body``. Problems name pointers and
never carry values from the payload.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from chatdialect._api import Policy, translate
from chatdialect._changes import Change
from chatdialect._errors import ChatDialectWarning, InvalidRequestError, UnsupportedFieldError

Problem = tuple[str | None, str]
"""``(pointer, message)``; the pointer is ``None`` when the problem is not at a place in the record."""

ErrorKind = Literal["invalid_json", "invalid_request", "unsupported", "too_long", "internal"]

CUSTOM_ID_MAX = 128
"""Longest ``custom_id`` shown in reports; longer or unprintable ids are left out."""


@dataclass(slots=True)
class Outcome:
    """What became of one record: its output, its changes, or (on failure) its problems."""

    output: Any = None
    """The translated record, or ``None`` when it failed or when nothing is written (validate)."""
    changes: tuple[Change, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    error: ErrorKind | None = None
    base: str = ""
    """Prefix of every pointer of this record: ``/body`` for a Batch API line."""
    custom_id: str | None = None
    """The Batch API line's ``custom_id``, when it is safe to show."""
    warned: bool = False
    """A ``ChatDialectWarning`` was emitted (``--warn``)."""

    @property
    def ok(self) -> bool:
        """Whether the record was processed without a problem."""
        return self.error is None

    def fail(self, kind: ErrorKind, problems: Iterable[Problem]) -> Outcome:
        """Mark the record failed with ``problems``; returns itself."""
        self.error = kind
        self.problems.extend(problems)
        return self


def failed(kind: ErrorKind, message: str) -> Outcome:
    """An outcome for a record that could not even be read (no pointer applies)."""
    return Outcome().fail(kind, [(None, message)])


class Translator:
    """Translates records from ``source`` to ``target``; ``validate`` is the same with source == target."""

    def __init__(
        self,
        source: str,
        target: str,
        *,
        policy: Policy = "drop",
        passthrough: Iterable[str] = (),
        keep_output: bool = True,
    ) -> None:
        self.source = source
        self.target = target
        self.policy: Policy = policy
        self.passthrough = tuple(passthrough)
        self.keep_output = keep_output

    def __call__(self, record: Any) -> Outcome:
        """Translate one record (a payload or a Batch API line)."""
        outcome = Outcome()
        payload = record
        envelope = type(record) is dict and ("custom_id" in record or "body" in record)
        if envelope:
            outcome.base = "/body"
            outcome.custom_id = _safe_id(record.get("custom_id"))
            payload = record.get("body")
            if not isinstance(payload, dict):
                return outcome.fail(
                    "invalid_request", [("", "should be the request object of a Batch API line")]
                )
        try:
            if self.policy == "warn":
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ChatDialectWarning)
                    result = self._translate(payload)
                outcome.warned = any(issubclass(w.category, ChatDialectWarning) for w in caught)
            else:
                result = self._translate(payload)
        except InvalidRequestError as error:
            return outcome.fail("invalid_request", error.errors)
        except UnsupportedFieldError as error:
            return outcome.fail(
                "unsupported", [(c.path, f"would be {c.kind}: {c.reason}") for c in error.changes]
            )
        outcome.changes = result.changes
        if self.keep_output:
            outcome.output = {**record, "body": result.payload} if envelope else result.payload
        return outcome

    def _translate(self, payload: Any) -> Any:
        return translate(
            payload,
            source=self.source,
            target=self.target,
            on_unsupported=self.policy,
            passthrough=self.passthrough,
        )


def _safe_id(value: Any) -> str | None:
    """A ``custom_id`` fit to print: a short, printable string; anything else is not shown."""
    if isinstance(value, str) and 0 < len(value) <= CUSTOM_ID_MAX and value.isprintable():
        return value
    return None
