"""Spark ``local[2]`` smoke test: the recipe of docs/scale.md, run as written on a small Parquet log, gives
the one-process results row for row (a hash over every row), and the wheel-as-zip shipping works.

Marked ``engines`` (a JVM start takes 10-20 s here): not in the default run; ``.ci/run`` runs it with
``pytest -m engines``, with CHATDIALECT_ENGINES=required so that a missing engine fails instead of skipping.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.engines
REQUIRED = os.environ.get("CHATDIALECT_ENGINES") == "required"
if not REQUIRED:
    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import chatdialect  # noqa: E402
from engine_support import digest, logs, one_process, recipe  # noqa: E402


def wheel_zip(where: Path) -> Path:
    """The package laid out as its wheel is (chatdialect/ at the root), as a .zip."""
    package = Path(chatdialect.__file__).parent
    path = where / "chatdialect.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in package.rglob("*.py"):
            archive.write(file, Path("chatdialect") / file.relative_to(package))
    return path


def test_the_spark_recipe_gives_the_one_process_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    for part in range(3):  # three files: several tasks on two cores
        logs.write_parquet(tmp_path / "logs" / f"part-{part}.parquet", 700, row_group=350)
    source = pq.read_table(tmp_path / "logs")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    # spark-submit --py-files chatdialect.zip: the workers import chatdialect from the zip
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", f"--py-files {wheel_zip(tmp_path)} pyspark-shell")
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    try:
        where = spark.sparkContext.parallelize(range(2), 2).map(lambda _: __import__("chatdialect").__file__)
        assert all("chatdialect.zip" in path for path in where.collect())
        exec(compile(recipe("spark"), "docs/scale.md (spark recipe)", "exec"), {})
    finally:
        spark.stop()

    converted = pq.read_table(tmp_path / "converted").to_pylist()
    expected = one_process(source)
    assert len(converted) == len(expected) == 2100
    assert digest(converted) == digest(expected)
    assert {row["error"]["kind"] for row in converted if row["error"]} >= {"invalid_json", "invalid_request"}

    wrapped = [f'{{"custom_id": "log-{row["id"]}", "method": "POST", "url": "/v1/chat/completions", '
               f'"body": {row["request"]}}}' for row in source.to_pylist()]
    lines = pa.table({"id": source.column("id"), "request": wrapped})
    expected_lines = sorted(row["payload"] for row in one_process(lines) if row["error"] is None)
    written = sorted(
        line for part in sorted((tmp_path / "azure-batch").glob("part-*"))
        for line in part.read_text(encoding="utf-8").splitlines()
    )
    assert len(written) > 1800
    assert written == expected_lines
