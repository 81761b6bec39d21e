"""chatdialect.arrow: Arrow batches of JSON text, row for row equal to ``translate`` and byte for byte
equal to ``chatdialect convert`` on the same lines; bad rows are data, bad arguments raise first."""

from __future__ import annotations

import copy
import io
import json
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

from chatdialect import (  # noqa: E402
    ChatDialectError,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
    translate,
)
from chatdialect._cli import main  # noqa: E402
from chatdialect.arrow import RESULT_TYPE, translate_arrow, translate_batch, translate_text  # noqa: E402
from conftest import FIXTURES, fixture_paths  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import logs  # noqa: E402

COMPACT = {"separators": (",", ":"), "ensure_ascii": False}
OA = {"source": "openai", "target": "azure"}


def expected(text: str, source: str, target: str, policy: str = "drop") -> dict[str, Any]:
    """What a row must give, from ``translate`` on the parsed payload (bare payloads only)."""
    try:
        payload = json.loads(text)
    except ValueError:
        return {"kind": "invalid_json"}
    try:
        result = translate(payload, source=source, target=target, on_unsupported=policy)  # type: ignore[arg-type]
    except InvalidRequestError as error:
        return {"kind": "invalid_request", "pointers": list(error.pointers)}
    except UnsupportedFieldError as error:
        return {"kind": "unsupported", "pointers": [change.path for change in error.changes]}
    try:
        text_out = json.dumps(result.payload, **COMPACT)  # type: ignore[arg-type]
        text_out.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate stays escaped, as the CLI writes it
        text_out = json.dumps(result.payload, separators=(",", ":"))
    return {"payload": text_out, "changes": [change.as_dict() for change in result.changes]}


def got(row: dict[str, Any]) -> dict[str, Any]:
    if row["error"] is None:
        return {"payload": row["payload"], "changes": row["changes"]}
    assert row["payload"] is None and row["changes"] is None
    kind = row["error"]["kind"]
    if kind == "invalid_json":
        return {"kind": kind}
    return {"kind": kind, "pointers": [problem["pointer"] for problem in row["error"]["problems"]]}


FIXTURE_TEXTS = [(path.parent.name, path.read_text()) for path in fixture_paths()]


@pytest.mark.parametrize("target", ["openai", "azure", "anthropic", "generic"])
def test_fixtures_row_by_row_equal_translate(target: str) -> None:
    for source in sorted({source for source, _ in FIXTURE_TEXTS}):
        texts = [text for name, text in FIXTURE_TEXTS if name == source]
        rows = translate_arrow(pa.array(texts), source=source, target=target).to_pylist()
        assert [got(row) for row in rows] == [expected(text, source, target) for text in texts]


@pytest.mark.parametrize("policy", ["drop", "error"])
def test_generated_rows_equal_translate(policy: str) -> None:
    texts = [text for text in logs.rows(800) if '"custom_id"' not in text]
    rows = translate_arrow(pa.array(texts), source="openai", target="azure", on_unsupported=policy)  # type: ignore[arg-type]
    results = [got(row) for row in rows.to_pylist()]
    assert results == [expected(text, "openai", "azure", policy) for text in texts]
    kinds = {result.get("kind") for result in results}
    assert {None, "invalid_json", "invalid_request"} <= kinds
    assert ("unsupported" in kinds) == (policy == "error")


def _cli_lines(tmp_path: Path, lines: list[bytes], *args: str) -> tuple[list[bytes], int]:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    code = main(["convert", *args, "--report", "none", "-q", "-o", str(out), str(source)])
    return out.read_bytes().splitlines(), code


def test_payloads_are_byte_identical_to_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [text.encode() for text in logs.rows(600)]
    lines += (FIXTURES / "batches" / "openai_batch.jsonl").read_bytes().splitlines()
    lines += [b'{"model": "m", "messages": [{"role": "user", "content": "h\\ud800 \\u00e9"}]}',
              b'{"model": "m", "messages": [{"role": "user", "content": "\xff\xfe"}]}']
    for target in ("azure", "anthropic"):
        written, code = _cli_lines(tmp_path, lines, "--from", "openai", "--to", target)
        assert code == 1  # some rows are bad
        result = translate_arrow(pa.array(lines, type=pa.binary()), source="openai", target=target)
        payloads = [text.encode() for text in result.field("payload").to_pylist() if text is not None]
        assert payloads == written
        assert len(written) > 500
    capsys.readouterr()


def test_batch_lines_keep_their_envelope_and_point_under_body() -> None:
    lines = (FIXTURES / "batches" / "openai_batch.jsonl").read_text().splitlines()
    rows = translate_arrow(pa.array(lines), source="openai", target="azure").to_pylist()
    assert [row["error"]["kind"] for row in rows if row["error"]] == ["invalid_request", "invalid_json"]
    for line, row in zip(lines, rows, strict=True):
        if row["error"]:
            continue
        original = json.loads(line)
        payload = json.loads(row["payload"])
        assert payload["custom_id"] == original["custom_id"]
        assert payload["body"] == translate(original["body"], source="openai", target="azure").payload
        assert all(change["path"].startswith("/body/") for change in row["changes"])
    bad = json.dumps({"custom_id": "x", "method": "POST", "url": "/v1/chat/completions",
                      "body": {"model": "m", "messages": [{"role": "robot", "content": "secret-value"}]}})
    (row,) = translate_arrow(pa.array([bad]), source="openai", target="azure").to_pylist()
    assert row["error"]["kind"] == "invalid_request"
    assert [problem["pointer"] for problem in row["error"]["problems"]] == ["/body/messages/0/role"]
    assert "secret-value" not in json.dumps(row)


def test_bytes_that_are_not_utf8_and_lone_surrogates() -> None:
    good = b'{"model": "m", "messages": [{"role": "user", "content": "h\\ud800"}]}'
    rows = translate_arrow(pa.array([b"\xff{}", b'{"a": "\xc3"}', good], type=pa.binary()),
                           source="openai", target="openai").to_pylist()
    assert [row["error"]["problems"][0]["message"] for row in rows[:2]] == [
        "not UTF-8 text (bad byte at offset 0)", "not UTF-8 text (bad byte at offset 7)"]
    assert rows[2]["payload"] == '{"model":"m","messages":[{"role":"user","content":"h\\ud800"}]}'
    assert translate_text("\ud800", source="openai", target="openai")["error"]["kind"] == "invalid_json"


def test_null_empty_and_non_object_rows_are_errors_not_exceptions() -> None:
    rows = translate_arrow(pa.array([None, "", "  ", "[1]", "{"]), **OA).to_pylist()
    kinds = [row["error"]["kind"] for row in rows]
    assert kinds == ["invalid_json", "invalid_json", "invalid_json", "invalid_request", "invalid_json"]
    assert rows[0]["error"]["problems"] == [{"pointer": None, "message": "the row is null, not a JSON text"}]


def test_translate_batch_keeps_every_column_and_the_type() -> None:
    texts = logs.rows(300)
    schema = pa.schema([("id", pa.int64()), ("request", pa.large_string())], metadata={b"k": b"v"})
    table = pa.Table.from_batches(
        [pa.record_batch([pa.array(range(i, i + 100)), pa.array(texts[i:i + 100], pa.large_string())],
                         schema=schema) for i in (0, 100, 200)])
    out = translate_batch(table, source="openai", target="azure")
    assert isinstance(out, pa.Table)
    assert out.schema.names == ["id", "request", "payload", "changes", "error"]
    assert out.schema.metadata == {b"k": b"v"}
    assert [len(chunk) for chunk in out.column("payload").chunks] == [100, 100, 100]
    assert out.select(["id", "request"]).equals(table)
    direct = translate_arrow(pa.array(texts), source="openai", target="azure")
    assert out.select(["payload", "changes", "error"]).to_pylist() == direct.to_pylist()
    batch = translate_batch(table.to_batches()[1], source="openai", target="azure")
    assert isinstance(batch, pa.RecordBatch)
    assert batch.column("payload").to_pylist() == direct.field("payload").to_pylist()[100:200]


def test_result_type_and_translate_text() -> None:
    text = json.dumps({"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5})
    result = translate_arrow(pa.array([text]), source="openai", target="azure")
    assert result.type == RESULT_TYPE
    assert translate_text(text, source="openai", target="azure") == result.to_pylist()[0]
    assert translate_text(text.encode(), source="openai", target="azure") == result.to_pylist()[0]


def test_options_are_those_of_translate() -> None:
    text = json.dumps({"messages": [{"role": "user", "content": "hi"}], "top_k": 2})
    row = translate_text(text, source="generic", target="openai", model="gpt-4o", passthrough=["top_k"])
    assert json.loads(row["payload"]) == translate(
        json.loads(text), source="generic", target="openai", model="gpt-4o", passthrough=["top_k"]).payload
    strict = translate_text(text, source="generic", target="openai", model="gpt-4o", on_unsupported="error")
    assert strict["error"]["kind"] == "unsupported"
    assert [problem["pointer"] for problem in strict["error"]["problems"]] == ["/top_k"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda v: translate_arrow(v, source="nope", target="azure"), UnknownDialectError),
        (lambda v: translate_arrow(v, **OA, on_unsupported="warn"), ChatDialectError),
        (lambda v: translate_arrow(v, **OA, passthrough=[1]), ChatDialectError),
        (lambda v: translate_arrow(v, **OA, defaults={"nope": 1}), ChatDialectError),
        (lambda v: translate_arrow(v, **OA, model=5), ChatDialectError),
        (lambda v: translate_arrow(v, **OA, model_family=5), ChatDialectError),
        (lambda v: translate_arrow(v, **OA, nope=1), ChatDialectError),
        (lambda v: translate_arrow(pa.array([1]), **OA), ChatDialectError),
        (lambda v: translate_arrow(["{}"], **OA), ChatDialectError),
        (lambda v: translate_batch(pa.record_batch({"x": v}), **OA), ChatDialectError),
        (lambda v: translate_batch(pa.record_batch({"request": v, "error": v}), **OA), ChatDialectError),
        (lambda v: translate_batch({"request": v}, **OA), ChatDialectError),
        (lambda v: translate_text(5, **OA), ChatDialectError),
    ],
)
def test_bad_arguments_raise_before_any_row(call: Any, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        call(pa.array(["{}"]))
    assert "\n" not in str(raised.value)
    pickle.loads(pickle.dumps(raised.value))


def test_input_is_not_mutated_and_threads_get_the_serial_results() -> None:
    texts = logs.rows(200)
    batch = pa.record_batch({"request": texts})
    before = copy.deepcopy(batch.to_pylist())
    serial = translate_batch(batch, source="openai", target="anthropic")
    results: list[Any] = [None] * 6

    def run(slot: int) -> None:
        results[slot] = translate_batch(batch, source="openai", target="anthropic")

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result.equals(serial) for result in results)
    assert batch.to_pylist() == before
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, serial.schema) as writer:  # the results are plain Arrow data
        writer.write_batch(serial)
