"""Running the ``chatdialect`` command line in tests: in this process (``run``), as the installed
console script (``run_console``), and a documented shell line (``run_line``).

In-process runs call :func:`chatdialect._cli.main` with stdin, stdout and stderr set up as a process
started with pipes has them (none a terminal, UTF-8, stdout block-buffered, stderr line-buffered), so
what they print, in what order, is what the program prints; they save the ~0.4 s of CPU an interpreter
start and the library's import cost per command. What only a process shows (the console script's exit
status, ``python -m``, SIGPIPE on a closed pipe) is tested with ``run_console`` and in
``test_cli_robustness.py``.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from chatdialect._cli import main

SCRIPT = Path(sys.executable).with_name("chatdialect")
"""The installed console script (``python -m chatdialect`` stands in when it is missing)."""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    @property
    def out_lines(self) -> list[str]:
        return self.out.splitlines()


class _Pipe(io.RawIOBase):
    """The reading end of a pipe, as bytes in the order they were written (stdout and stderr may
    share one, as ``2>&1`` makes them)."""

    def __init__(self, into: bytearray) -> None:
        self.into = into

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.into += data
        return len(data)


@contextmanager
def _stdio(stdin: bytes, out: bytearray, err: bytearray) -> Iterator[None]:
    """``sys.stdin``/``stdout``/``stderr`` as in a process whose three streams are pipes; flushed at
    the end, stdout first, as the interpreter does on exit."""
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Pipe(out)), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(
        io.BufferedWriter(_Pipe(err)), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved


@contextmanager
def _cwd(path: Path | None) -> Iterator[None]:
    before = os.getcwd()
    if path is not None:
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _main(args: list[str], stdin: bytes, out: bytearray, err: bytearray, cwd: Path | None) -> int:
    with _cwd(cwd), _stdio(stdin, out, err):
        return main(args)


def _checked(result: Result) -> Result:
    assert "Traceback" not in result.err, result.err
    return result


def run(*args: str | Path, stdin: bytes | str | None = None, cwd: Path | None = None) -> Result:
    """``chatdialect ARGS`` in this process (stdin empty unless given)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    out, err = bytearray(), bytearray()
    code = _main([str(arg) for arg in args], data, out, err, cwd)
    return _checked(Result(code, out.decode(), err.decode()))


def run_console(*args: str | Path, stdin: bytes | str | None = None, cwd: Path | None = None) -> Result:
    """``chatdialect ARGS`` as a process: the installed console script (``python -m chatdialect`` if
    it is missing)."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "chatdialect"]
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*command, *map(str, args)], input=data, capture_output=True, cwd=cwd, timeout=300
    )
    return _checked(Result(done.returncode, done.stdout.decode(), done.stderr.decode()))


_OPERATORS = ";|&<>()"


def _pipelines(command: str) -> list[list[list[str]]] | None:
    """``a | b; c`` as ``[[a, b], [c]]`` (each a list of words), or None for a line that uses more of
    the shell than ``;``, ``|`` and ``$?`` (redirections, ``&&``, other expansions)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=_OPERATORS)
    lexer.whitespace_split, lexer.commenters = True, ""
    lines: list[list[list[str]]] = [[[]]]
    for token in lexer:
        if token == ";":
            lines.append([[]])
        elif token == "|":
            lines[-1].append([])
        elif token[0] in _OPERATORS or "$" in token.replace("$?", "") or token.startswith(("~", "#")):
            return None
        else:
            lines[-1][-1].append(token)
    if any(not words for pipeline in lines for words in pipeline):
        return None
    return lines


def run_line(command: str, cwd: Path) -> list[str]:
    """The lines a shell line prints, stderr with stdout (``2>&1``) as a terminal shows them.

    ``;``, ``|``, ``echo`` and ``$?`` are done here as ``sh`` does them; each ``chatdialect`` command
    runs in this process, with stdin, stdout and stderr as pipes; other programs (``cat``, ``head``,
    ``python``, found first beside this interpreter) run as processes. A line that uses more of the
    shell runs in ``sh``, ``chatdialect`` then as the console script.
    """
    path = f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    pipelines = _pipelines(command)
    if pipelines is None:
        done = subprocess.run(
            ["sh", "-c", "exec 2>&1; " + command],
            cwd=cwd, env=dict(os.environ, PATH=path), capture_output=True, timeout=120,
        )
        return done.stdout.decode().splitlines()
    shown, status = bytearray(), 0
    for pipeline in pipelines:
        data = b""
        for index, words in enumerate(pipeline):
            words = [word.replace("$?", str(status)) for word in words]
            last = index == len(pipeline) - 1
            out = shown if last else bytearray()
            if words[0] == "chatdialect":
                status = _main(words[1:], data, out, shown, cwd)
            elif words[0] == "echo":
                out += (" ".join(words[1:]) + "\n").encode()
                status = 0
            else:
                program = shutil.which(words[0], path=path) or words[0]
                done = subprocess.run(
                    [program, *words[1:]], input=data, cwd=cwd, capture_output=True, timeout=120
                )
                out += done.stdout
                shown += done.stderr
                status = done.returncode
            data = bytes(out)
    return shown.decode().splitlines()
