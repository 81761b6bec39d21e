"""Spark smoke tests: the recipe of docs/scale.md, run as written on a small Parquet log, gives the
one-process results row for row (a hash over every row) on ``local[2]`` with the wheel-as-zip shipping,
and on a one-machine cluster with the packed-venv ``--archives`` shipping (its shell lines as written:
they install the wheel, pandas and venv-pack from the package index into a fresh venv, about 1-3 min).

Marked ``engines`` (a JVM start takes 10-20 s here): not in the default run; ``.ci/run`` runs it with
``pytest -m engines``, with CHATDIALECT_ENGINES=required so that a missing engine fails instead of skipping.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.engines
WHEEL = re.compile(r"chatdialect-[^-/\s']+-py3-none-any\.whl")
"""A chatdialect wheel's file name, whatever its version (docs/scale.md names one in its recipe)."""
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


def spark_home(where: Path) -> Path:
    """A SPARK_HOME for a one-machine cluster: the installed pyspark's files, a ``conf`` of our own
    (``spark-defaults.conf``: the master ``local-cluster[1,2,1024]``, one executor of two cores in
    its own JVM and working directory, as on a cluster), and the executors' work folder in ``where``."""
    import pyspark

    installed = Path(pyspark.__file__).parent
    home = where / "spark-home"
    home.mkdir()
    for name in ("bin", "jars", "python", "sbin"):
        if (installed / name).exists():
            (home / name).symlink_to(installed / name)
    (home / "conf").mkdir()
    (home / "conf" / "spark-defaults.conf").write_text(
        "spark.master local-cluster[1,2,1024]\nspark.ui.enabled false\n"
    )
    return home


def test_the_packed_venv_recipe_runs_the_job_with_the_archives_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/scale.md's ``--archives`` recipe, its shell lines run as written: a venv with the wheel,
    packed by venv-pack, shipped to a real executor, whose Python (the archive's) runs the job."""
    import subprocess

    (tmp_path / "logs").mkdir()
    for part in range(2):
        logs.write_parquet(tmp_path / "logs" / f"part-{part}.parquet", 500, row_group=250)
    source = pq.read_table(tmp_path / "logs")
    clone = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(clone), "-w",
                    str(tmp_path / "dist")], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("chatdialect-*.whl")  # named for the project's version
    shell = recipe("spark archives", "sh")
    named = WHEEL.findall(shell)
    assert len(named) == 1, "the recipe installs one chatdialect wheel from dist/"
    shell = shell.replace(named[0], wheel.name)  # the docs' example version is not the test's concern
    job = recipe("spark")
    assert '.master("local[2]")' in job  # spark-submit: left out, as the recipe says
    check = (  # which Python the executor ran
        'ran = spark.sparkContext.parallelize(range(2), 2).map(lambda _: __import__("sys").executable)\n'
        'open("workers.txt", "w").write("\\n".join(ran.collect()))\n'
    )
    job = job.replace('.master("local[2]")', "").replace("spark.stop()", check + "spark.stop()")
    (tmp_path / "job.py").write_text(job)
    env = {**os.environ, "SPARK_HOME": str(spark_home(tmp_path)), "PIP_QUIET": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # python: this one
    env.pop("PYSPARK_PYTHON", None)
    env.pop("PYSPARK_SUBMIT_ARGS", None)
    ran = subprocess.run(["bash", "-euo", "pipefail", "-c", shell], cwd=tmp_path,
                         env=env, capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr[-3000:]

    workers = (tmp_path / "workers.txt").read_text().split("\n")
    assert workers and all(path.endswith("/env/bin/python") and "/spark-home/work/" in path
                           for path in workers), workers  # the archive unpacked in the executor's folder
    converted = pq.read_table(tmp_path / "converted").to_pylist()
    assert len(converted) == 1000
    assert digest(converted) == digest(one_process(source))
    assert len(list((tmp_path / "azure-batch").glob("part-*"))) > 0
