"""The ``chatdialect`` command line: ``convert``, ``validate``, ``dialects``, ``schema`` (SPEC section 7).

Exit status: 0 success, 1 bad input or a strict failure, 2 usage error. Every error is one line on
stderr, naming the line and the JSON Pointer, never a payload value; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, NoReturn

from chatdialect._api import Policy, dialect_names
from chatdialect._capabilities import render_matrix
from chatdialect._cli.records import Outcome, Translator
from chatdialect._cli.report import Progress, Reporter, Tally
from chatdialect._cli.stream import JsonWriter, process_raw, run_lines
from chatdialect._errors import UnknownDialectError
from chatdialect._schema_export import export_schema

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Input files read as JSON Lines without ``--jsonl``."""


class UsageError(Exception):
    """The command line itself is wrong (bad flag, unknown dialect, unreadable file): exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and an exception main() turns into exit status 2).

    Abbreviated long options are off, so that adding an option never breaks a script.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        _say(str(error))
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        _say("chatdialect: error: a command is required: convert, validate, dialects or schema "
             "(see 'chatdialect --help')")
        return EXIT_USAGE
    try:
        return run(args)
    except UsageError as error:
        _say(f"chatdialect {args.command}: error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("chatdialect: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (e.g. `| head`): stop quietly
        return EXIT_BAD_INPUT
    except Exception as error:
        if args.debug:
            raise
        _say(f"chatdialect: internal error ({type(error).__name__}); rerun with --debug for a traceback")
        return EXIT_BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="chatdialect",
        description="Translate chat-completion request payloads between provider dialects.",
        epilog="Exit status: 0 success, 1 bad input or strict failure, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"chatdialect {_version()}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    convert = commands.add_parser(
        "convert", parents=[common], help="translate a payload or a JSON Lines / Batch API file",
        description="Translate a request payload (or JSON Lines, one request or Batch API line each) "
        "from one dialect to another. Output goes to stdout, changes and errors to stderr.",
    )
    convert.add_argument("--from", dest="source", required=True, type=_dialect, metavar="SRC",
                         help="the dialect of the input")
    convert.add_argument("--to", dest="target", required=True, type=_dialect, metavar="DST",
                         help="the dialect to write")
    _add_input(convert)
    convert.add_argument("-o", "--output", metavar="FILE", help="write the output here instead of stdout")
    convert.add_argument("--report", choices=("text", "json", "none"), default="text",
                         help="how changes are reported on stderr (default: text)")
    policy = convert.add_mutually_exclusive_group()
    policy.add_argument("--strict", action="store_true",
                        help="fail instead of dropping or clamping anything (on_unsupported=error)")
    policy.add_argument("--warn", action="store_true",
                        help="also warn about every record that lost or clamped something")
    _add_passthrough(convert)
    layout = convert.add_mutually_exclusive_group()
    layout.add_argument("--compact", action="store_true", help="write a single payload on one line")
    layout.add_argument("--indent", type=_indent, metavar="N",
                        help="indent a single payload by N spaces (default: 2)")
    _add_run_flags(convert)
    convert.set_defaults(run=_convert)

    validate = commands.add_parser(
        "validate", parents=[common], help="check payloads against a dialect's rules",
        description="Check a payload (or JSON Lines) against a dialect's rules: it is valid when "
        "translating it to the same dialect in strict mode loses nothing. Problems go to stdout.",
    )
    validate.add_argument("--dialect", required=True, type=_dialect, metavar="D",
                          help="the dialect to check against")
    _add_input(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="problem lines as text or JSON Lines (default: text)")
    _add_passthrough(validate)
    _add_run_flags(validate)
    validate.set_defaults(run=_validate)

    dialects = commands.add_parser(
        "dialects", parents=[common], help="show the field x dialect capability matrix",
        description="The capability matrix, generated from the dialect tables.",
    )
    dialects.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    dialects.set_defaults(run=_dialects)

    schema = commands.add_parser(
        "schema", parents=[common], help="print the JSON Schema of a dialect's request",
        description="The JSON Schema (Draft 2020-12) of a dialect's request as chatdialect reads it.",
    )
    schema.add_argument("--dialect", required=True, type=_dialect, metavar="D")
    schema.add_argument("--compact", action="store_true", help="on one line")
    schema.set_defaults(run=_schema)
    return parser


def _add_input(parser: argparse.ArgumentParser) -> None:
    """FILE (or stdin) and ``--jsonl``."""
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="input file, or - for stdin (default)")
    parser.add_argument("--jsonl", action="store_true",
                        help="read JSON Lines (implied by a .jsonl or .ndjson file)")


def _add_passthrough(parser: argparse.ArgumentParser) -> None:
    """``--passthrough FIELD``, repeatable."""
    parser.add_argument("--passthrough", action="append", metavar="FIELD", default=None,
                        help="copy this unknown top-level field unchanged (repeatable)")


def _add_run_flags(parser: argparse.ArgumentParser) -> None:
    """Flags of a JSON Lines run: ``--fail-fast`` and ``--quiet``."""
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first bad JSON Lines line")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary line")


def _dialect(text: str) -> str:
    """A registered dialect name (any case); an unknown one is a usage error listing the known."""
    name = text.strip().lower()
    known = dialect_names()
    if name not in known:
        raise argparse.ArgumentTypeError(str(UnknownDialectError(text, known)))
    return name


def _indent(text: str) -> int:
    """An indent of 0 to 16 spaces."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number of spaces") from None
    if not 0 <= value <= 16:
        raise argparse.ArgumentTypeError("must be between 0 and 16")
    return value


# --- convert ---------------------------------------------------------------------------------


def _convert(args: argparse.Namespace) -> int:
    """``chatdialect convert``: one payload, or a JSON Lines stream."""
    jsonl = _is_jsonl(args)
    if jsonl and args.indent is not None:
        raise UsageError("--indent does not apply to JSON Lines output (always one compact line per record)")
    policy: Policy = "error" if args.strict else "warn" if args.warn else "drop"
    translate = Translator(args.source, args.target, policy=policy, passthrough=args.passthrough or ())
    progress = _progress(args) if jsonl else None
    reporter = Reporter(sys.stderr, "json" if args.report == "json" else "text", progress=progress)
    try:
        with _input(args.file) as source:
            _check_not_same(args.file, args.output)
            if jsonl:
                return _convert_lines(args, source, translate, reporter, progress)
            outcome = process_raw(source.read(), translate, first=True, whole=True, debug=args.debug)
            if not outcome.ok:
                reporter.failure(None, outcome, joined=False)
                return EXIT_BAD_INPUT
            indent = None if args.compact else (2 if args.indent is None else args.indent)
            with _output(args.output) as out:
                writer = JsonWriter(out, indent=indent)
                writer.write(outcome.output)
                writer.flush()
            _report_success(reporter, args, None, outcome)
            return EXIT_OK
    finally:
        reporter.flush()


def _convert_lines(
    args: argparse.Namespace,
    source: IO[bytes],
    translate: Translator,
    reporter: Reporter,
    progress: Progress | None,
) -> int:
    """Convert a JSON Lines stream record by record; the exit status."""
    tally = Tally()

    def emit(number: int, outcome: Outcome) -> bool:
        if outcome.ok:
            writer.write(outcome.output)
            tally.written += 1
            tally.count_changes(outcome.changes)
            tally.warned += outcome.warned
            _report_success(reporter, args, number, outcome)
            return True
        tally.failed += 1
        reporter.failure(number, outcome, joined=True)
        if args.fail_fast:
            tally.stopped_at = number
        return not args.fail_fast

    tick = progress.tick if progress is not None else None
    with _output(args.output) as out:
        writer = JsonWriter(out)
        try:
            tally.read, tally.blank = run_lines(source, translate, emit, debug=args.debug, tick=tick)
        finally:
            writer.flush()
    if progress is not None:
        progress.clear()
    if not args.quiet:
        reporter.summary(tally, ok_label="written", failed_label="failed")
    return EXIT_BAD_INPUT if tally.failed else EXIT_OK


def _report_success(reporter: Reporter, args: argparse.Namespace, line: int | None, outcome: Outcome) -> None:
    """The change lines (unless ``--report none``) and the ``--warn`` line of a converted record."""
    if args.report != "none" and outcome.changes:
        reporter.changes(line, outcome)
    if outcome.warned:
        reporter.warning(line, outcome, args.target)


# --- validate --------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    """``chatdialect validate``: strict same-dialect translation of each record; problems to stdout."""
    dialect = args.dialect
    passthrough = args.passthrough or ()
    check = Translator(dialect, dialect, policy="error", passthrough=passthrough, keep_output=False)
    jsonl = _is_jsonl(args)
    progress = _progress(args) if jsonl else None
    problems = Reporter(sys.stdout, args.format, lead="", progress=progress)
    status = Reporter(sys.stderr, args.format, progress=progress)
    try:
        with _input(args.file) as source:
            if jsonl:
                return _validate_lines(args, source, check, problems, status, progress)
            outcome = process_raw(source.read(), check, first=True, whole=True, debug=args.debug)
            if args.format == "json":
                problems.record({"valid": outcome.ok, "dialect": dialect, "error": outcome.error,
                                 "problems": _listed(outcome)})
            elif not outcome.ok:
                problems.failure(None, outcome, joined=False)
            problems.flush()
            if not args.quiet and args.format == "text":
                count = len(outcome.problems)
                verdict = (f"valid {dialect} request" if outcome.ok
                           else f"invalid {dialect} request: {count} problem{'s' * (count != 1)}")
                status.note(verdict)
            return EXIT_OK if outcome.ok else EXIT_BAD_INPUT
    finally:
        problems.flush()
        status.flush()


def _validate_lines(
    args: argparse.Namespace,
    source: IO[bytes],
    check: Translator,
    problems: Reporter,
    status: Reporter,
    progress: Progress | None,
) -> int:
    """Check a JSON Lines stream record by record; the exit status."""
    tally = Tally()

    def emit(number: int, outcome: Outcome) -> bool:
        if outcome.ok:
            tally.written += 1
            return True
        tally.failed += 1
        problems.failure(number, outcome, joined=False, valid=False)
        if args.fail_fast:
            tally.stopped_at = number
        return not args.fail_fast

    tick = progress.tick if progress is not None else None
    tally.read, tally.blank = run_lines(source, check, emit, debug=args.debug, tick=tick)
    problems.flush()
    if progress is not None:
        progress.clear()
    if not args.quiet:
        status.summary(tally, ok_label="valid", failed_label="invalid", changes=False)
    return EXIT_BAD_INPUT if tally.failed else EXIT_OK


def _listed(outcome: Outcome) -> list[dict[str, Any]]:
    """A record's problems as JSON-ready dicts, pointers into the record."""
    base = outcome.base
    return [
        {"pointer": None if pointer is None else base + pointer, "message": message}
        for pointer, message in outcome.problems
    ]


# --- dialects, schema ------------------------------------------------------------------------


def _dialects(args: argparse.Namespace) -> int:
    """``chatdialect dialects``: the capability matrix."""
    sys.stdout.write(render_matrix(args.format))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    """``chatdialect schema``: the exported JSON Schema of one dialect."""
    schema = export_schema(args.dialect)
    sys.stdout.write(json.dumps(schema, indent=None if args.compact else 2) + "\n")
    return EXIT_OK


# --- streams ---------------------------------------------------------------------------------


def _is_jsonl(args: argparse.Namespace) -> bool:
    """``--jsonl``, or an input file named ``*.jsonl`` / ``*.ndjson``."""
    return bool(args.jsonl) or str(args.file).lower().endswith(JSONL_SUFFIXES)


def _progress(args: argparse.Namespace) -> Progress | None:
    """A progress counter when stderr is a terminal and ``--quiet`` is not given."""
    if args.quiet or not sys.stderr.isatty():
        return None
    return Progress(sys.stderr)


@contextmanager
def _input(path: str) -> Iterator[IO[bytes]]:
    """The input as a binary stream; a file that cannot be opened is a usage error."""
    if path == "-":
        if sys.stdin.isatty():
            _say("chatdialect: reading from the terminal; end the input with Ctrl-D")
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or type(error).__name__}") from None
    with stream:
        yield stream


@contextmanager
def _output(path: str | None) -> Iterator[IO[bytes]]:
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


def _check_not_same(source: str, output: str | None) -> None:
    """Refuse to write the output over the input (opening it for writing would empty it first)."""
    if source == "-" or output is None or output == "-" or not os.path.exists(output):
        return
    if os.path.samefile(source, output):
        raise UsageError("the output file is the input file")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _say(text: str) -> None:
    """One line on stderr, now."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _version() -> str:
    """The installed distribution's version."""
    try:
        from importlib.metadata import version

        return version("chatdialect")
    except Exception:
        return "unknown"
