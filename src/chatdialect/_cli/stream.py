"""Reading JSON records (one document, or JSON Lines streamed line by line) and writing JSON output.

JSON Lines are never read whole: one line is in memory at a time (at most ``MAX_LINE_BYTES``), so
memory stays flat whatever the file size. Every non-blank line ends in exactly one outcome.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from chatdialect import _jsonbytes
from chatdialect._cli.records import Outcome, failed
from chatdialect._limits import DEFAULT_LIMITS, proven_by_parse

MAX_LINE_BYTES = 512 * 1024 * 1024
"""Longest JSON Lines line read; a longer line is skipped (without being held) and reported."""

_SKIP_CHUNK = 1024 * 1024

Process = Callable[[Any, bool], Outcome]
"""Processes one record; the flag says it was read from text proven within the default limits' sizes."""
Emit = Callable[[int, Outcome], bool]
"""Handles a line's outcome; returns False to stop the run (``--fail-fast``)."""


def numbered_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` for each line, from 1; ``None`` for a line longer than ``limit``."""
    number = 0
    readline = stream.readline
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, raw


def load(raw: bytes, *, first: bool, whole: bool = False) -> Any:
    """Parse one JSON document from UTF-8 bytes; ``ValueError`` saying why, echoing nothing of it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (bad byte at offset {error.start})") from None
    if first and text.startswith("\ufeff"):
        text = text[1:]
    if not whole:
        text = text.rstrip()  # so that an error's column is on this line, not after its newline
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}" if whole else f"column {error.colno}"
        hint = "; use --jsonl for JSON Lines" if whole and error.msg == "Extra data" else ""
        at = " " if error.msg.endswith(" at") else " at "  # "Unterminated string starting at"
        raise ValueError(f"not valid JSON: {error.msg}{at}{where}{hint}") from None
    except RecursionError:
        raise ValueError("not readable JSON: nested too deeply") from None
    except ValueError:
        raise ValueError("not readable JSON: a number has too many digits") from None


def process_raw(raw: bytes, process: Process, first: bool, whole: bool, debug: bool) -> Outcome:
    """Parse and process one record; any failure becomes the record's outcome (unless ``debug``)."""
    if whole and not raw.strip():
        return failed("invalid_json", "the input is empty")
    # the compiled reader where it gives json.loads's result (and proves the sizes); else load() as
    # before, with its errors (a byte-order mark, long numbers, bad JSON)
    record = _jsonbytes.loads(raw)
    proven = record is not None and proven_by_parse(raw, DEFAULT_LIMITS)
    if record is None:
        try:
            record = load(raw, first=first, whole=whole)
        except ValueError as error:
            return failed("invalid_json", f"the input is {error}" if whole else str(error))
    try:
        return process(record, proven)
    except Exception as error:
        if debug:
            raise
        return failed(
            "internal",
            f"internal error ({type(error).__name__}) on this record; rerun with --debug for a traceback",
        )


def run_lines(
    stream: IO[bytes],
    process: Process,
    emit: Emit,
    *,
    debug: bool = False,
    tick: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Process every non-blank line; returns ``(lines read, blank lines)``.

    ``emit`` sees each outcome in order and may stop the run. ``tick`` is called every 1024 lines.
    """
    read = blank = 0
    numbered = hasattr(process, "line")  # a Translator: a Vertex AI line's id is its line number
    for number, raw in numbered_lines(stream):
        read = number
        if raw is None:
            outcome = failed("too_long", f"longer than {MAX_LINE_BYTES} bytes; the line was skipped")
        elif raw.isspace():
            blank += 1
            continue
        else:
            if numbered:
                process.line = number  # type: ignore[attr-defined]
            outcome = process_raw(raw, process, number == 1, False, debug)
        if not emit(number, outcome):
            break
        if tick is not None and not number & 1023:
            tick(number)
    return read, blank


class JsonWriter:
    """Writes JSON documents to a binary stream as UTF-8: compact one per line, or indented.

    Output is gathered into blocks of ``BLOCK`` bytes (stdout may be unbuffered, e.g. under
    ``PYTHONUNBUFFERED``); call :meth:`flush` at the end. Each block is taken from the buffer
    before it is written, so no document is ever written twice, even when a write fails and
    ``flush`` runs again; with ``whole_lines`` a Ctrl-C during a write is held until the block is
    out (then ``KeyboardInterrupt`` is raised), so the output always ends on a whole line.
    """

    BLOCK = 64 * 1024

    def __init__(self, stream: IO[bytes], *, indent: int | None = None, whole_lines: bool = False) -> None:
        self.stream = stream
        self._pending: list[bytes] = []
        self._size = 0
        self._flushed = 0
        self._whole_lines = whole_lines
        self._compact = indent is None
        separators = (",", ":") if indent is None else (",", ": ")
        self._encode = json.JSONEncoder(
            ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
        ).encode
        self._encode_ascii = json.JSONEncoder(
            ensure_ascii=True, allow_nan=False, indent=indent, separators=separators
        ).encode

    @property
    def written(self) -> int:
        """Documents handed to the stream, or taken to be written (every one of them whole)."""
        return self._flushed + len(self._pending)

    def write(self, document: Any) -> None:
        """Write one document and a newline."""
        # compact: the bytes path's writer (the same bytes as the encoder, quicker)
        data = _jsonbytes.dumps(document) if self._compact else self._indented(document)
        self._pending.append(data)
        self._size += len(data) + 1
        if self._size >= self.BLOCK:
            self.flush()

    def _indented(self, document: Any) -> bytes:
        try:
            data = self._encode(document).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a \\ud800 escape: keep it escaped
            data = self._encode_ascii(document).encode("ascii")
        return data

    def flush(self) -> None:
        """Write out what is gathered (taken first: a failed write is never repeated)."""
        with held_interrupt(self._whole_lines):
            if self._pending:
                pending = self._pending
                pending.append(b"")
                self._pending, self._size = [], 0
                self._flushed += len(pending) - 1
                self.stream.write(b"\n".join(pending))
            self.stream.flush()


@contextmanager
def held_interrupt(hold: bool = True) -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) for the duration of the block, then raise ``KeyboardInterrupt``.

    Only the main thread receives signals and may set a handler; elsewhere (or with ``hold``
    false) the block runs as it is.
    """
    if not hold or threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
