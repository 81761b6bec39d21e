"""Arrow batches of requests, for engines (SPEC 11): Spark ``mapInArrow``, Ray Data ``map_batches``,
Daft, Polars, Dask, Beam — anything that moves Arrow data. Needs the ``arrow`` extra (pyarrow).

A row is JSON text (a string or binary value): a bare payload, or a Batch API line (its envelope
kept, pointers under ``/body``). Each row's result is a :data:`RESULT_TYPE` struct:

- ``payload``: the translated row as compact JSON, byte for byte the line ``chatdialect convert``
  writes for it (the whole line for a Batch line); null when the row failed;
- ``changes``: every change, pointers into the input row (``path``) and the output (``target_path``);
  null when the row failed;
- ``error``: null, or the row's ``kind`` (``invalid_json``, ``invalid_request``, ``unsupported``,
  ``internal``) and every problem's ``pointer`` and ``message`` (messages never echo values).

A bad row never raises. Only bad arguments raise :class:`~chatdialect.ChatDialectError`, before any
row is read. Every function here runs the CLI's own per-record path (:mod:`chatdialect._rows`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeVar, Union

try:
    import pyarrow as pa
except ImportError as error:  # pragma: no cover - the extra is installed in the tests
    raise ImportError(
        "chatdialect.arrow needs pyarrow; install it with: pip install 'chatdialect[arrow]'"
    ) from error

from chatdialect._cli.records import Outcome
from chatdialect._errors import ChatDialectError
from chatdialect._rows import Row, RowTranslator, as_utf8, changes_of, error_of

__all__ = ["CHANGE_TYPE", "ERROR_TYPE", "PROBLEM_TYPE", "RESULT_TYPE", "translate_arrow",
           "translate_batch", "translate_text"]

CHANGE_TYPE = pa.struct(
    [("kind", pa.string()), ("path", pa.string()), ("target_path", pa.string()), ("reason", pa.string())]
)
"""One change: its kind, the pointers into the input and output rows, the reason."""
PROBLEM_TYPE = pa.struct([("pointer", pa.string()), ("message", pa.string())])
"""One problem of a failed row: the JSON Pointer into the row (null when none applies), the message."""
ERROR_TYPE = pa.struct([("kind", pa.string()), ("problems", pa.list_(PROBLEM_TYPE))])
"""Why a row failed (``invalid_json``, ``invalid_request``, ``unsupported``, ``internal``); its problems."""
RESULT_TYPE = pa.struct(
    [("payload", pa.string()), ("changes", pa.list_(CHANGE_TYPE)), ("error", ERROR_TYPE)]
)
"""The type of each row's result (see the module's docstring)."""

RESULT_COLUMNS = tuple(field.name for field in RESULT_TYPE)
"""The columns :func:`translate_batch` adds: ``payload``, ``changes``, ``error``."""

Policy = Literal["drop", "error"]
Values = Union[pa.Array, pa.ChunkedArray]
Batch = TypeVar("Batch", pa.RecordBatch, pa.Table)

_AS_BINARY = {
    pa.string(): pa.binary(),
    pa.large_string(): pa.large_binary(),
    pa.binary(): pa.binary(),
    pa.large_binary(): pa.large_binary(),
}
if hasattr(pa, "string_view"):
    _AS_BINARY[pa.string_view()] = pa.binary()
    _AS_BINARY[pa.binary_view()] = pa.binary()


def translate_arrow(
    values: Values,
    *,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    **options: Any,
) -> pa.StructArray:
    """Translate every row of ``values`` (an array of JSON text, string or binary); one result per row.

    Returns a :data:`RESULT_TYPE` array as long as ``values``, in the same order. Keywords are
    :func:`~chatdialect.translate`'s (``limits``, ``model``, ``stream``, ``defaults``,
    ``model_family``, ``models``, ``api_version``); ``on_unsupported`` is ``"drop"`` or ``"error"``.
    """
    rows = RowTranslator(source, target, on_unsupported=on_unsupported, passthrough=passthrough, **options)
    return _results(rows, raw_rows(values))


def translate_batch(
    batch: Batch,
    *,
    source: str,
    target: str,
    column: str = "request",
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    **options: Any,
) -> Batch:
    """Translate the JSON text in ``column`` of a ``pa.RecordBatch`` or ``pa.Table``.

    Returns the same type with every input column kept (and the schema's metadata) plus
    ``payload``, ``changes`` and ``error`` (the fields of :data:`RESULT_TYPE`), row for row. A table
    keeps its chunks. Fits Spark ``mapInArrow`` and Ray Data ``map_batches(batch_format="pyarrow")``.
    """
    if not isinstance(batch, (pa.RecordBatch, pa.Table)):
        kind = type(batch).__name__
        raise ChatDialectError(f"translate_batch takes a pyarrow RecordBatch or Table, not {kind}")
    names = batch.schema.names
    if column not in names:
        raise ChatDialectError(f"the batch has no column {column!r}; its columns: {', '.join(names)}")
    taken = [name for name in RESULT_COLUMNS if name in names]
    if taken:
        raise ChatDialectError(
            f"the batch already has a column named {', '.join(map(repr, taken))}; "
            "rename it before translating (the results are written there)"
        )
    rows = RowTranslator(source, target, on_unsupported=on_unsupported, passthrough=passthrough, **options)
    values = batch.column(column)
    _check_type(values.type)
    schema = batch.schema
    for field in RESULT_TYPE:
        schema = schema.append(field)
    if isinstance(batch, pa.RecordBatch):
        results: pa.StructArray = _results(rows, raw_rows(values))
        return pa.RecordBatch.from_arrays([*batch.columns, *results.flatten()], schema=schema)
    chunks = [_results(rows, raw_rows(chunk)) for chunk in values.chunks]
    added: list[pa.ChunkedArray] = [
        pa.chunked_array([chunk.field(index) for chunk in chunks], type=field.type)
        for index, field in enumerate(RESULT_TYPE)
    ]
    return pa.Table.from_arrays([*batch.columns, *added], schema=schema)


def translate_text(
    text: str | bytes,
    *,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    **options: Any,
) -> Row:
    """Translate one row of JSON text, for row-wise engines: ``{"payload", "changes", "error"}``.

    The same result as one row of :func:`translate_arrow` (``payload`` a ``str``, ``changes`` a
    list of dicts, ``error`` a dict or ``None``).
    """
    rows = RowTranslator(source, target, on_unsupported=on_unsupported, passthrough=passthrough, **options)
    return rows.rows([as_utf8(text)])[0]


def _check_type(kind: pa.DataType) -> None:
    if kind not in _AS_BINARY:
        raise ChatDialectError(f"the requests must be JSON text (a string or binary column), not {kind}")


def raw_rows(values: Values) -> list[bytes | None]:
    """The rows as the bytes the CLI would read (text columns are viewed as binary, not copied)."""
    if not isinstance(values, (pa.Array, pa.ChunkedArray)):
        kind = type(values).__name__
        raise ChatDialectError(f"the requests must be a pyarrow Array or ChunkedArray, not {kind}")
    _check_type(values.type)
    raw: list[bytes | None] = values.cast(_AS_BINARY[values.type]).to_pylist()
    return raw


def _results(rows: RowTranslator, raw: list[bytes | None]) -> pa.StructArray:
    """The :data:`RESULT_TYPE` array of the rows."""
    return results_of(*rows.outcomes(raw))


def results_of(outcomes: list[Outcome], outputs: list[bytes | None]) -> pa.StructArray:
    """The :data:`RESULT_TYPE` array of rows already translated (the CLI's Parquet path), column by column."""
    payload = pa.array(outputs, type=pa.binary()).cast(pa.string())
    changes = pa.array([changes_of(outcome) for outcome in outcomes], type=RESULT_TYPE.field("changes").type)
    errors = pa.array([error_of(outcome) for outcome in outcomes], type=ERROR_TYPE)
    return pa.StructArray.from_arrays([payload, changes, errors], fields=list(RESULT_TYPE))
