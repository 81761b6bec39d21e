"""``chatdialect convert --format parquet``: the same rows as chatdialect.arrow and as JSON Lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from chatdialect._cli import main  # noqa: E402
from chatdialect.arrow import translate_batch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import logs  # noqa: E402


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.parquet"
    logs.write_parquet(path, 400, row_group=150)
    return path


def test_parquet_in_parquet_out_equals_translate_batch_and_json_lines(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    args = ["--from", "openai", "--to", "azure", "--report", "none", "-o", str(out), str(log)]
    code = main(["convert", *args])
    err = capsys.readouterr().err
    assert code == 1  # 1% of the log is bad: reported, and kept in the output as data
    table = pq.read_table(out)
    failed = table.column("error").drop_null()
    assert len(failed) == 3
    assert "summary: 400 lines read, 397 written, 3 failed" in err
    expected = translate_batch(pq.read_table(log), source="openai", target="azure")
    assert table.to_pylist() == expected.to_pylist()
    lines = tmp_path / "log.jsonl"
    lines.write_text("\n".join(pq.read_table(log).column("request").to_pylist()) + "\n")
    jsonl_out = tmp_path / "out.jsonl"
    main(["convert", "--from", "openai", "--to", "azure", "--report", "none", "-q", "-o", str(jsonl_out),
          str(lines)])
    written = [text for text in table.column("payload").to_pylist() if text is not None]
    assert jsonl_out.read_text().splitlines() == written


def test_column_format_strict_and_fail_fast(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = tmp_path / "renamed.data"
    pq.write_table(pq.read_table(log).rename_columns(["id", "app", "body"]), renamed)
    out = tmp_path / "out.parquet"
    assert main(["convert", "--from", "openai", "--to", "azure", "--format", "parquet", "--column", "body",
                 "--strict", "--report", "none", "-q", "-o", str(out), str(renamed)]) == 1
    table = pq.read_table(out)
    kinds = {row["kind"] for row in table.column("error").to_pylist() if row}
    assert "unsupported" in kinds  # top_k cannot go to azure under --strict
    assert main(["convert", "--from", "openai", "--to", "azure", "--fail-fast", "--report", "none",
                 "-o", str(out), str(log)]) == 1
    err = capsys.readouterr().err
    assert "stopped at line 100 (--fail-fast)" in err
    assert pq.read_table(out).num_rows == 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--column", "nope"], "has no column 'nope'; its columns: id, app, request"),
        (["--column", "id"], "must be JSON text (a string or binary column), not int64"),
        (["--jsonl"], "do not apply to Parquet"),
    ],
)
def test_usage_errors(log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                      message: str) -> None:
    out = tmp_path / "out.parquet"
    code = main(["convert", "--from", "openai", "--to", "azure", *args, "-o", str(out), str(log)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_parquet_needs_a_file_and_an_output(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--from", "openai", "--to", "azure", str(log)]) == 2
    assert "give -o FILE" in capsys.readouterr().err
    not_parquet = log.with_suffix(".txt")
    not_parquet.write_text(json.dumps({"model": "m"}))
    assert main(["convert", "--from", "openai", "--to", "azure", "--format", "parquet", "-o",
                 str(log.with_name("o.parquet")), str(not_parquet)]) == 2
    assert "as Parquet" in capsys.readouterr().err
