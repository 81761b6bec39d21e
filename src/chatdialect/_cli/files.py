"""Where a command reads and writes: the input file or stdin, the output file or stdout, stderr.

An input that cannot be opened, or an output that would overwrite the input, is a usage error
(:class:`~chatdialect._cli.parser.UsageError`); the output file is opened only when the first
record is about to be written, so a usage error never leaves an empty file behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from chatdialect._cli.parser import UsageError

JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Input files read as JSON Lines without ``--jsonl``."""


def is_jsonl(path: str, flag: bool) -> bool:
    """``--jsonl`` given, or an input file named ``*.jsonl`` / ``*.ndjson``."""
    return flag or path.lower().endswith(JSONL_SUFFIXES)


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """The input as a binary stream; a file that cannot be opened is a usage error."""
    if path == "-":
        if sys.stdin.isatty():
            say("chatdialect: reading from the terminal; end the input with Ctrl-D")
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or type(error).__name__}") from None
    with stream:
        yield stream


@contextmanager
def open_output(path: str | None) -> Iterator[IO[bytes]]:
    """The output as a binary stream (stdout, or a file opened only now); flushed at the end."""
    if path is None or path == "-":
        out = sys.stdout.buffer
        try:
            yield out
        finally:
            out.flush()
        return
    try:
        stream = open(path, "wb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or type(error).__name__}") from None
    with stream:
        yield stream


def check_not_same(source: str, output: str | None) -> None:
    """Refuse to write the output over the input (opening it for writing would empty it first)."""
    if source == "-" or output is None or output == "-" or not os.path.exists(output):
        return
    if os.path.samefile(source, output):
        raise UsageError("the output file is the input file")


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def say(text: str) -> None:
    """One line on stderr, now."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
