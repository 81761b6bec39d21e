"""Rows of JSON text translated exactly as ``chatdialect convert`` translates JSON Lines lines.

The one code path behind :mod:`chatdialect.arrow` and ``chatdialect convert --format parquet``: a
row is parsed by the CLI's :func:`~chatdialect._cli.stream.process_raw`, translated by its
:class:`~chatdialect._cli.records.Translator` (a bare payload or a Batch API line) and written by
its :class:`~chatdialect._cli.stream.JsonWriter`, so a row's payload is byte for byte the line
``convert`` writes for it. A row never raises: what goes wrong is its ``error``; only bad arguments
raise, when a :class:`RowTranslator` is made, before any row is read. Needs no pyarrow.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Iterable, Sequence
from typing import Any

from chatdialect import _dialects as dialects
from chatdialect._api import translate
from chatdialect._cli.records import Outcome, Translator, failed
from chatdialect._cli.stream import JsonWriter, process_raw
from chatdialect._errors import ChatDialectError
from chatdialect._limits import Limits
from chatdialect._options import check_options, checked_defaults
from chatdialect.models import ModelTable

OPTIONS = frozenset(inspect.signature(translate).parameters) - {
    "payload", "source", "target", "on_unsupported", "passthrough"}
"""The other keywords of :func:`~chatdialect.translate`, taken by every row function as they are."""

_CHECKS: tuple[tuple[str, type | tuple[type, ...], str], ...] = (
    ("limits", Limits, "a chatdialect.Limits"),
    ("model", str, "a string"),
    ("stream", bool, "true or false"),
    ("model_family", str, "a family name of the model table"),
    ("models", ModelTable, "a ModelTable"),
    ("api_version", (str, tuple), "an Azure API version or a (source, target) pair"),
)
"""Options checked before any row is read (a wrong one would otherwise fail every row)."""

Row = dict[str, Any]
"""``{"payload": str | None, "changes": [change, ...] | None, "error": {...} | None}``."""


class RowTranslator:
    """Translates rows of JSON text (UTF-8 bytes, or ``None`` for a null row) from ``source`` to ``target``.

    ``on_unsupported`` is ``"drop"`` (lossy changes listed in the row's ``changes``) or ``"error"``
    (such a row fails with kind ``unsupported``); ``"warn"`` is refused, since a row's lossy changes
    are already data. The other keywords are :func:`~chatdialect.translate`'s (:data:`OPTIONS`).
    Bad arguments raise :class:`~chatdialect.ChatDialectError` here; rows never raise.
    """

    def __init__(
        self,
        source: str,
        target: str,
        *,
        on_unsupported: str = "drop",
        passthrough: Iterable[str] = (),
        **options: Any,
    ) -> None:
        source = dialects.get(source).name  # UnknownDialectError
        target = dialects.get(target).name
        if on_unsupported == "warn":
            raise ChatDialectError(
                "on_unsupported='warn' does not apply to rows: each row's lossy changes are in its "
                "changes; use 'drop', or 'error' to fail such rows"
            )
        names = check_options(on_unsupported, passthrough)
        unknown = sorted(set(options) - OPTIONS)
        if unknown:
            known = ", ".join(sorted(OPTIONS))
            raise ChatDialectError(f"unknown option {unknown[0]!r}; the options are: {known}")
        options = {name: value for name, value in options.items() if value is not None}
        for name, kinds, expected in _CHECKS:
            if name in options and not isinstance(options[name], kinds):
                raise ChatDialectError(f"{name} must be {expected}")
        if "defaults" in options:
            options["defaults"] = checked_defaults(options["defaults"])
        self._translate = Translator(
            source,
            target,
            policy="error" if on_unsupported == "error" else "drop",
            passthrough=sorted(names),
            options=options,
        )

    def outcomes(self, rows: Sequence[bytes | None]) -> tuple[list[Outcome], list[bytes | None]]:
        """Each row's outcome, and its output as the CLI writes it (compact JSON, no newline) or ``None``."""
        translate = self._translate
        buffer = io.BytesIO()
        writer = JsonWriter(buffer)  # the CLI's own writer, so the bytes are the same by construction
        write = writer.write
        outcomes: list[Outcome] = []
        written = 0
        for raw in rows:
            outcome = _outcome(raw, translate)
            if outcome.ok:
                write(outcome.output)
                outcome.output = None  # written: not kept alive for the batch (less for the GC to scan)
                written += 1
            outcomes.append(outcome)
        writer.flush()
        lines = iter(buffer.getvalue().split(b"\n", written)) if written else iter(())
        return outcomes, [next(lines) if outcome.ok else None for outcome in outcomes]

    def rows(self, rows: Sequence[bytes | None]) -> list[Row]:
        """Each row's result as plain data (the payload as text)."""
        outcomes, outputs = self.outcomes(rows)
        return [
            row_of(outcome, None if output is None else output.decode("utf-8"))
            for outcome, output in zip(outcomes, outputs, strict=True)
        ]


def _outcome(raw: bytes | None, translate: Translator) -> Outcome:
    """One row through the CLI's path for a JSON Lines line (never raises)."""
    if raw is None:
        return failed("invalid_json", "the row is null, not a JSON text")
    if not raw.strip():
        return failed("invalid_json", "the row is empty")
    return process_raw(raw, translate, first=False, whole=False, debug=False)


def as_utf8(text: str | bytes | bytearray | memoryview | None) -> bytes | None:
    """A row given as text or bytes, as the bytes the CLI would read.

    A ``str`` holding a lone surrogate cannot be UTF-8: it is passed as its surrogate code units,
    which the reader reports as not UTF-8, as it does for such bytes in a file.
    """
    if text is None or isinstance(text, bytes):
        return text
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    raise ChatDialectError(f"a row must be JSON text (str or bytes), not {type(text).__name__}")


def changes_of(outcome: Outcome) -> list[dict[str, Any]] | None:
    """The row's changes with pointers into the input and output rows (``None`` when it failed)."""
    if not outcome.ok:
        return None
    return [
        {"kind": change.kind, "path": path, "target_path": target, "reason": change.reason}
        for change, path, target in outcome.located()
    ]


def error_of(outcome: Outcome) -> dict[str, Any] | None:
    """The row's error: its kind and every problem's pointer and message (``None`` when it succeeded)."""
    if outcome.ok:
        return None
    problems = [{"pointer": pointer, "message": message} for pointer, message in outcome.problems]
    return {"kind": outcome.error, "problems": problems}


def row_of(outcome: Outcome, payload: str | None) -> Row:
    """A row's result as plain data."""
    return {"payload": payload, "changes": changes_of(outcome), "error": error_of(outcome)}
