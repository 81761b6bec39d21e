"""``chatdialect convert --format parquet``: a Parquet file of requests to a Parquet file of results.

The input's ``--column`` holds JSON text (a bare payload or a Batch API line per row); the output
keeps every input column and adds ``payload``, ``changes`` and ``error`` (``RESULT_TYPE``) row for
row, as :func:`chatdialect.arrow.translate_batch` does, through the same per-row path as JSON Lines.
It is read and written a batch of rows at a time, so memory stays flat. Rows are numbered from 1 in
reports (``line N`` is row N). Needs pyarrow (the ``arrow`` extra).
"""

from __future__ import annotations

import argparse
from typing import Any

from chatdialect._cli.files import check_not_same
from chatdialect._cli.parser import UsageError
from chatdialect._cli.report import Reporter, Tally
from chatdialect._errors import ChatDialectError

BATCH_ROWS = 8192
"""Rows translated and written at a time."""


def convert_parquet(
    args: argparse.Namespace, reporter: Reporter, report: Any, options: dict[str, Any]
) -> int:
    """Convert ``args.file`` (Parquet) into ``args.output``; the exit status (1 if any row failed).

    ``options`` are the translate options of the command line, as for JSON Lines.
    ``report(reporter, args, row, outcome)`` writes a converted row's change and warning lines.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from chatdialect import arrow
        from chatdialect._rows import RowTranslator
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'chatdialect[arrow]'") from None
    if args.file == "-":
        raise UsageError("Parquet input is read from a file, not from stdin")
    if args.output is None or args.output == "-":
        raise UsageError("Parquet output is written to a file: give -o FILE")
    check_not_same(args.file, args.output)
    try:
        source = pq.ParquetFile(args.file)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {args.file} as Parquet: {_first_line(error)}") from None
    schema = source.schema_arrow
    column = args.column
    if column not in schema.names:
        raise UsageError(f"{args.file} has no column {column!r}; its columns: {', '.join(schema.names)}")
    taken = [name for name in arrow.RESULT_COLUMNS if name in schema.names]
    if taken:
        raise UsageError(f"{args.file} already has a column named {', '.join(map(repr, taken))}")
    try:
        rows = RowTranslator(args.source, args.target, on_unsupported="error" if args.strict else "drop",
                             passthrough=args.passthrough or (), **options)
        arrow.raw_rows(pa.array([], type=schema.field(column).type))  # the type, before any row
    except ChatDialectError as error:
        raise UsageError(str(error)) from None
    out_schema = schema
    for field in arrow.RESULT_TYPE:
        out_schema = out_schema.append(field)
    tally = Tally()
    number = 0
    with pq.ParquetWriter(args.output, out_schema) as writer:
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            outcomes, outputs = rows.outcomes(arrow.raw_rows(batch.column(column)))
            if args.fail_fast:  # rows after the first failure are not written, as for JSON Lines
                failed = next((index for index, outcome in enumerate(outcomes) if not outcome.ok), None)
                if failed is not None:
                    tally.stopped_at = number + failed + 1
                    kept = failed + 1
                    batch, outcomes, outputs = batch.slice(0, kept), outcomes[:kept], outputs[:kept]
            results = arrow.results_of(outcomes, outputs)
            columns = [*batch.columns, *results.flatten()]
            writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=out_schema))
            for outcome in outcomes:
                number += 1
                if outcome.ok:
                    tally.written += 1
                    tally.count_changes(outcome.changes)
                    tally.count_changes(outcome.line_changes)
                    if args.warn:
                        outcome.warned = any(change.lossy for change, _, _ in outcome.located())
                        tally.warned += outcome.warned
                    report(reporter, args, number, outcome)
                else:
                    tally.failed += 1
                    reporter.failure(number, outcome, joined=True)
            tally.read = number
            if tally.stopped_at is not None:
                break
    if not args.quiet:
        reporter.summary(tally, ok_label="written", failed_label="failed")
    return 1 if tally.failed else 0


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
