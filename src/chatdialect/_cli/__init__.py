"""The ``chatdialect`` command line: ``convert``, ``validate``, ``dialects``, ``schema`` (SPEC sections 7, 9).

Exit status: 0 success, 1 bad input or a strict failure, 2 usage error, 130 interrupted (Ctrl-C:
the summary says at which line; the output ends on a whole record); when the reader of the output
goes away (``| head``) the program stops quietly, as a process killed by SIGPIPE. Every error is one
line on stderr, naming the line and the JSON Pointer, never a payload value; ``--debug`` shows
tracebacks.

The package: :mod:`~chatdialect._cli.parser` (the arguments), :mod:`~chatdialect._cli.commands`
(what each command does), :mod:`~chatdialect._cli.records` (one record: payload or batch line),
:mod:`~chatdialect._cli.envelopes` (each vendor's batch line), :mod:`~chatdialect._cli.stream`
(reading JSON Lines, writing JSON), :mod:`~chatdialect._cli.report` (what the user is told) and
:mod:`~chatdialect._cli.files` (input and output streams).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence

from chatdialect._cli import commands
from chatdialect._cli.commands import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from chatdialect._cli.files import say, silence_stdout
from chatdialect._cli.parser import UsageError, build_parser

__all__ = ["console", "main"]

_RUN: dict[str, Callable[[argparse.Namespace], int]] = {
    "convert": commands.convert,
    "validate": commands.validate,
    "dialects": commands.dialects,
    "schema": commands.schema,
    "models": commands.models,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``, else ``sys.argv[1:]``); returns the exit status.

    Run as the program (no ``argv``), a closed output (``| head``) ends the process as one killed
    by SIGPIPE, as Unix filters do; called with ``argv``, it returns 141 (128 + SIGPIPE) instead.
    """
    status = _run(argv)
    if argv is None and status == EXIT_BROKEN_PIPE and hasattr(signal, "SIGPIPE"):
        sys.stderr.flush()
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    return status


def _run(argv: Sequence[str] | None) -> int:
    """:func:`main`'s work: parse, run the command, turn failures into exit statuses."""
    try:
        args = build_parser(_version()).parse_args(argv)
    except UsageError as error:
        say(str(error))
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    run = _RUN.get(args.command) if args.command is not None else None
    if run is None:
        say("chatdialect: error: a command is required: convert, validate, dialects, schema or models "
            "(see 'chatdialect --help')")
        return EXIT_USAGE
    try:
        return run(args)
    except UsageError as error:
        say(f"chatdialect {args.command}: error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("chatdialect: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()  # the reader went away (e.g. `| head`): stop quietly, as a Unix filter
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if args.debug:
            raise
        say(f"chatdialect: internal error ({type(error).__name__}); rerun with --debug for a traceback")
        return EXIT_BAD_INPUT


def console() -> None:
    """The ``chatdialect`` program: :func:`main`, then exit with its status."""
    sys.exit(main())


def _version() -> str:
    """The installed distribution's version."""
    try:
        from importlib.metadata import version

        return version("chatdialect")
    except Exception:
        return "unknown"
