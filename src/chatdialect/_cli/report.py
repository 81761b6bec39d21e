"""What the command line tells the user: change, problem, warning and summary lines, and progress.

Lines are plain text (``line 7 [req-7]: renamed /max_tokens -> /max_completion_tokens: reason``) or
JSON Lines (``--report json``). They name fields by JSON Pointer and never echo payload values.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

from chatdialect._changes import CHANGE_KINDS, Change
from chatdialect._cli.records import Outcome, Problem

ReportFormat = Literal["text", "json"]


@dataclass(slots=True)
class Tally:
    """Counts of one run over a JSON Lines stream (for the summary line)."""

    read: int = 0
    """Lines read, blank ones included."""
    written: int = 0
    """Records that succeeded (written, or valid for ``validate``)."""
    failed: int = 0
    blank: int = 0
    warned: int = 0
    changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))
    stopped_at: int | None = None
    """The line ``--fail-fast`` stopped at."""
    at: int = 0
    """The line being handled (the last one whose record was written or reported)."""
    interrupted: bool = False
    """The run was stopped by Ctrl-C at line :attr:`at` (every record written before is whole)."""
    started: float = field(default_factory=time.monotonic)

    def count_changes(self, changes: Iterable[Change]) -> None:
        """Add one record's changes to the counts by kind."""
        counts = self.changes
        for change in changes:
            counts[change.kind] += 1

    def as_dict(self, ok_label: str, failed_label: str, *, changes: bool = True) -> dict[str, Any]:
        """The counts as JSON-ready data (``changes`` by kind unless told not to)."""
        seconds = time.monotonic() - self.started
        data: dict[str, Any] = {
            "read": self.read,
            ok_label: self.written,
            failed_label: self.failed,
            "blank": self.blank,
            "seconds": round(seconds, 3),
            "lines_per_second": round(self.read / seconds) if seconds > 0 else None,
        }
        if changes:
            data["changes"] = dict(self.changes)
        if self.warned:
            data["warned"] = self.warned
        if self.stopped_at is not None:
            data["stopped_at"] = self.stopped_at
        if self.interrupted:
            data["interrupted_at"] = self.at
        return data


class Progress:
    """A one-line counter redrawn in place on a terminal (lines so far and lines per second)."""

    INTERVAL = 0.5

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = self.last = time.monotonic()
        self.shown = False

    def tick(self, count: int) -> None:
        """Redraw if the last drawing is older than ``INTERVAL`` seconds."""
        now = time.monotonic()
        if now - self.last < self.INTERVAL:
            return
        self.last = now
        rate = count / (now - self.started)
        self.stream.write(f"\r\x1b[K{count:,} lines, {rate:,.0f} lines/s")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the counter so that another line can be written."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False


class Reporter:
    """Writes report lines for one run to ``stream``, as text or as JSON Lines.

    ``lead`` starts problem lines of a single payload (``error: ``); JSON Lines records start with
    their line number and, for batch lines, their id (``custom_id``). Lines are gathered and written
    in blocks unless the stream is a terminal; call :meth:`flush` at the end.
    """

    BLOCK = 64 * 1024

    def __init__(
        self,
        stream: TextIO,
        fmt: ReportFormat = "text",
        *,
        lead: str = "error: ",
        progress: Progress | None = None,
    ) -> None:
        self.stream = stream
        self.json = fmt == "json"
        self.lead = lead
        self.progress = progress
        self.buffered = not _isatty(stream)
        self._pending: list[str] = []
        self._size = 0

    def changes(self, line: int | None, outcome: Outcome) -> None:
        """One line per change of a record, pointers into the input and output records.

        Text: ``KIND PATH -> TARGET_PATH: reason``; the arrow part only when the pointers differ,
        ``KIND -> TARGET_PATH`` for a value the input did not hold (``defaulted``).
        """
        if self.json:
            for change, path, target in outcome.located():
                reason = change.reason
                self._json(line, outcome, kind=change.kind, path=path, target_path=target, reason=reason)
            return
        # outcome.located(), without a generator per record (this runs for most lines of a file)
        where, write = _where(line, outcome), self._write
        for change in outcome.line_changes:
            write(_change_text(where, change.kind, change.path, change.target_path, change.reason))
        base, target_base = outcome.base, outcome.target_base
        for change in outcome.changes:
            path, target = change.path, change.target_path
            if path is not None:
                path = base + path
            if target is not None:
                target = target_base + target
            write(_change_text(where, change.kind, path, target, change.reason))

    def warning(self, line: int | None, outcome: Outcome, target: str) -> None:
        """The ``--warn`` line of a record that lost or clamped something."""
        paths = [path for change, path, _ in outcome.located() if change.lossy and path is not None]
        if self.json:
            self._json(line, outcome, warning="lossy", target=target, paths=paths)
        else:
            lost = ", ".join(paths)
            # not "the target lost": a field may have been dropped as unknown to the source
            self._text(f"{_where(line, outcome)}warning: dropped or clamped: {lost}")

    def failure(self, line: int | None, outcome: Outcome, *, joined: bool, **extra: Any) -> None:
        """A failed record's problems: one line for all (``joined``) or one line each."""
        problems = outcome.problems
        if self.json:
            listed = [{"pointer": pointer, "message": message} for pointer, message in problems]
            self._json(line, outcome, **extra, error=outcome.error, problems=listed)
            return
        where = _where(line, outcome) if line is not None else self.lead
        texts = [_problem_text(problem) for problem in problems]
        if joined:
            self._text(where + "; ".join(texts))
        else:
            for text in texts:
                self._text(where + text)

    def record(self, data: dict[str, Any]) -> None:
        """A free-form JSON record (``--report json``) or nothing."""
        if self.json:
            self._write(json.dumps(data))

    def note(self, text: str) -> None:
        """A free-form text line, whatever the format."""
        self._text(text)

    def summary(self, tally: Tally, *, ok_label: str, failed_label: str, changes: bool = True) -> None:
        """The end-of-run line: lines read, succeeded, failed, blank, changes by kind, time."""
        data = tally.as_dict(ok_label, failed_label, changes=changes)
        if self.json:
            self._write(json.dumps({"summary": data}))
            return
        text = (
            f"summary: {data['read']} lines read, {data[ok_label]} {ok_label}, "
            f"{data[failed_label]} {failed_label}, {data['blank']} blank"
        )
        if changes:
            text += "; changes: " + ", ".join(f"{n} {kind}" for kind, n in data["changes"].items())
        if tally.warned:
            text += f"; {tally.warned} warned"
        if tally.stopped_at is not None:
            text += f"; stopped at line {tally.stopped_at} (--fail-fast)"
        if tally.interrupted:
            text += f"; interrupted at line {tally.at} (Ctrl-C), every record written is whole"
        rate = data["lines_per_second"]
        text += f"; {data['seconds']:.2f} s" + (f", {rate} lines/s" if rate is not None else "")
        self._write(text)

    def _json(self, line: int | None, outcome: Outcome, **fields: Any) -> None:
        data: dict[str, Any] = {}
        if line is not None:
            data["line"] = line
        if outcome.custom_id is not None:
            data["custom_id"] = outcome.custom_id
        data.update(fields)
        self._write(json.dumps(data))

    def _text(self, text: str) -> None:
        self._write(text)

    def discard(self) -> None:
        """Forget the gathered lines (the output was closed: they are about records it never got)."""
        self._pending.clear()
        self._size = 0

    def flush(self) -> None:
        """Write out the gathered lines."""
        if self._pending:
            self._pending.append("")
            self.stream.write("\n".join(self._pending))
            self._pending.clear()
            self._size = 0
        self.stream.flush()

    def _write(self, text: str) -> None:
        if not self.buffered:
            if self.progress is not None:
                self.progress.clear()
            self.stream.write(text + "\n")
            self.stream.flush()
            return
        self._pending.append(text)
        self._size += len(text) + 1
        if self._size >= self.BLOCK:
            self.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _where(line: int | None, outcome: Outcome) -> str:
    """``line 7: `` or ``line 7 [req-7]: ``; empty for a single payload."""
    if line is None:
        return ""
    if outcome.custom_id is not None:
        return f"line {line} [{outcome.custom_id}]: "
    return f"line {line}: "


def _change_text(where: str, kind: str, path: str | None, target: str | None, reason: str) -> str:
    """``KIND PATH -> TARGET: reason`` after ``where``; the arrow part only when the pointers differ,
    ``KIND -> TARGET`` for a value the input did not hold."""
    if path is None:
        return f"{where}{kind} -> {target}: {reason}"
    if target is not None and target != path:
        return f"{where}{kind} {path} -> {target}: {reason}"
    return f"{where}{kind} {path}: {reason}"


def _problem_text(problem: Problem) -> str:
    pointer, message = problem
    if pointer is None:
        return message
    return f"{pointer or '(root)'}: {message}"
