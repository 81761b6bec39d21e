"""The commands: ``convert``, ``validate``, ``dialects``, ``schema``; each returns its exit status.

Exit status: 0 success, 1 bad input or a strict failure (some record failed), 2 usage error
(raised as :class:`~chatdialect._cli.parser.UsageError`). Every non-blank JSON Lines line ends in
exactly one output line or one error line, and a run ends with a summary unless ``--quiet``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from chatdialect._api import Policy
from chatdialect._capabilities import render_matrix
from chatdialect._cli.files import check_not_same, is_jsonl, open_input, open_output
from chatdialect._cli.parser import UsageError
from chatdialect._cli.records import Outcome, Translator
from chatdialect._cli.report import Progress, Reporter, Tally
from chatdialect._cli.stream import JsonWriter, process_raw, run_lines
from chatdialect._model_view import render_models
from chatdialect._schema_export import export_schema

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 128 + 13
"""The status of a process killed by SIGPIPE, as the shell reports it: the output was closed."""


# --- convert ---------------------------------------------------------------------------------


def convert(args: argparse.Namespace) -> int:
    """``chatdialect convert``: one payload, or a JSON Lines stream (batch lines in the target's envelope)."""
    if args.format == "parquet" or (args.format is None and args.file.lower().endswith(".parquet")):
        return _convert_parquet(args)
    jsonl = is_jsonl(args.file, args.jsonl) or args.format == "jsonl"
    if jsonl and args.indent is not None:
        raise UsageError("--indent does not apply to JSON Lines output (always one compact line per record)")
    policy: Policy = "error" if args.strict else "warn" if args.warn else "drop"
    translate = Translator(
        args.source,
        args.target,
        policy=policy,
        passthrough=args.passthrough or (),
        options=_options(args),
        envelope=args.envelope,
    )
    progress = _progress(args) if jsonl else None
    reporter = Reporter(sys.stderr, "json" if args.report == "json" else "text", progress=progress)
    try:
        with open_input(args.file) as source:
            check_not_same(args.file, args.output)
            if jsonl:
                return _convert_lines(args, source, translate, reporter, progress)
            outcome = process_raw(source.read(), translate, first=True, whole=True, debug=args.debug)
            if not outcome.ok:
                reporter.failure(None, outcome, joined=False)
                return EXIT_BAD_INPUT
            indent = None if args.compact else (2 if args.indent is None else args.indent)
            with open_output(args.output) as out:
                writer = JsonWriter(out, indent=indent, whole_lines=True)
                writer.write(outcome.output)
                writer.flush()
            _report_success(reporter, args, None, outcome)
            return EXIT_OK
    except BrokenPipeError:
        reporter.discard()  # the reader of the output went away: stop quietly (see main)
        raise
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
    counts = tally.changes
    report_changes = args.report != "none"

    # once per line: what _report_success does, inline (the common line has changes, no warning)
    def emit(number: int, outcome: Outcome) -> bool:
        tally.at = number
        if outcome.ok:
            write(outcome.output)
            tally.written += 1
            changes = outcome.changes
            for change in changes:
                counts[change.kind] += 1
            if outcome.line_changes:
                tally.count_changes(outcome.line_changes)
                changes = changes or outcome.line_changes
            if changes and report_changes:
                reporter.changes(number, outcome)
            if outcome.warned:
                tally.warned += 1
                reporter.warning(number, outcome, args.target)
            return True
        tally.failed += 1
        reporter.failure(number, outcome, joined=True)
        if args.fail_fast:
            tally.stopped_at = number
        return not args.fail_fast

    tick = progress.tick if progress is not None else None
    with open_output(args.output) as out:
        writer = JsonWriter(out, whole_lines=True)
        write = writer.write
        try:
            tally.read, tally.blank = run_lines(source, translate, emit, debug=args.debug, tick=tick)
        except KeyboardInterrupt:
            tally.interrupted = True  # the records converted so far are still written, whole
            tally.read = tally.at
        finally:
            writer.flush()
            tally.written = writer.written
    if progress is not None:
        progress.clear()
    if not args.quiet:
        reporter.summary(tally, ok_label="written", failed_label="failed")
    if tally.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_BAD_INPUT if tally.failed else EXIT_OK


def _convert_parquet(args: argparse.Namespace) -> int:
    """``--format parquet``: a Parquet file in, a Parquet file out (see :mod:`chatdialect._cli.parquet`)."""
    from chatdialect._cli.parquet import convert_parquet

    if args.jsonl or args.indent is not None or args.compact:
        raise UsageError("--jsonl, --indent and --compact do not apply to Parquet")
    reporter = Reporter(sys.stderr, "json" if args.report == "json" else "text")
    try:
        return convert_parquet(args, reporter, _report_success, _options(args))
    finally:
        reporter.flush()


def _report_success(reporter: Reporter, args: argparse.Namespace, line: int | None, outcome: Outcome) -> None:
    """The change lines (unless ``--report none``) and the ``--warn`` line of a converted record."""
    if args.report != "none" and (outcome.changes or outcome.line_changes):
        reporter.changes(line, outcome)
    if outcome.warned:
        reporter.warning(line, outcome, args.target)


# --- validate --------------------------------------------------------------------------------


def validate(args: argparse.Namespace) -> int:
    """``chatdialect validate``: strict same-dialect translation of each record; problems to stdout."""
    dialect = args.dialect
    passthrough = args.passthrough or ()
    check = Translator(
        dialect,
        dialect,
        policy="error",
        passthrough=passthrough,
        keep_output=False,
        options=_options(args),
        envelope=args.envelope,
    )
    jsonl = is_jsonl(args.file, args.jsonl)
    progress = _progress(args) if jsonl else None
    problems = Reporter(sys.stdout, args.format, lead="", progress=progress)
    status = Reporter(sys.stderr, args.format, progress=progress)
    try:
        with open_input(args.file) as source:
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
    return [{"pointer": pointer, "message": message} for pointer, message in outcome.problems]


def _progress(args: argparse.Namespace) -> Progress | None:
    """A progress counter when stderr is a terminal and ``--quiet`` is not given."""
    if args.quiet or not sys.stderr.isatty():
        return None
    return Progress(sys.stderr)


# --- dialects, schema ------------------------------------------------------------------------


def dialects(args: argparse.Namespace) -> int:
    """``chatdialect dialects``: the capability matrix."""
    sys.stdout.write(render_matrix(args.format))
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    """``chatdialect schema``: the exported JSON Schema of one dialect."""
    exported = export_schema(args.dialect)
    sys.stdout.write(json.dumps(exported, indent=None if args.compact else 2) + "\n")
    return EXIT_OK


def models(args: argparse.Namespace) -> int:
    """``chatdialect models``: the model table with sources and dates."""
    sys.stdout.write(render_models(args.format))
    return EXIT_OK


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The translate options given on the command line (model family, API version)."""
    options: dict[str, Any] = {}
    if getattr(args, "model_family", None) is not None:
        options["model_family"] = args.model_family
    if getattr(args, "api_version", None) is not None:
        options["api_version"] = args.api_version
    if getattr(args, "model", None) is not None:
        options["model"] = args.model
    return options
