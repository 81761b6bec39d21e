"""Rows per second and CPU-seconds per million rows of chatdialect.arrow, in one process and on engines.

    python benchmarks/bench_arrow.py --rows 200000                      # one process: loop, batch, CLI
    python benchmarks/bench_arrow.py --rows 200000 --engine spark --engine ray --engine dask

A Parquet log of ``--rows`` rows (``benchmarks/logs.py``: varied OpenAI requests, Batch lines, 1% bad)
is converted openai -> azure, Parquet in and Parquet out, by:

* ``loop``: ``json.loads`` + ``translate`` (the body of a Batch line) + ``json.dumps`` per row, errors
  caught: the loop a user would write, JSON text in and out, without the Arrow columns;
* ``batch``: ``translate_batch`` over the file's record batches, written to Parquet;
* ``cli``: ``chatdialect convert --format parquet`` in a subprocess;
* each ``--engine`` (spark, ray, dask, polars, daft, beam) in a subprocess running the docs recipe's
  shape on 2 cores, start-up included; CPU is summed over the job's whole process tree (JVM, workers).

Every engine's output is checked against the one-process result by a hash over every row. Figures
are wall time (rows/s) and CPU time (CPU-s per million rows); the machine's load changes both.
Needs pyarrow; ``--engine`` runs also need psutil (the CPU of the job's process tree) and the engine
(``pip install '.[spark,ray]' psutil``; dask, polars, daft, apache-beam by hand).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SOURCE, TARGET = "openai", "azure"
RESULT = ("payload string, changes array<struct<kind:string,path:string,target_path:string,reason:string>>, "
          "error struct<kind:string,problems:array<struct<pointer:string,message:string>>>")


def tree_cpu() -> float:
    """CPU seconds of this process and every process below it (live ones, and reaped children)."""
    try:
        import psutil
    except ImportError:  # checked before the job starts, not after it has run
        raise SystemExit("engine runs need psutil: pip install psutil") from None

    total = 0.0
    me = psutil.Process()
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def engine_job(name: str, logs: str, out: str) -> None:
    """Run one engine's job (in its own process) and print its figures as JSON."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from chatdialect.arrow import translate_batch

    started = time.perf_counter()
    tree_cpu()  # psutil is there
    options = {"source": SOURCE, "target": TARGET}
    if name == "spark":
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
        ready = time.perf_counter()

        def convert(batches: Any) -> Any:
            for batch in batches:
                yield translate_batch(batch, **options)

        frame = spark.read.parquet(logs)
        schema = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in frame.schema) + ", " + RESULT
        frame.mapInArrow(convert, schema).write.mode("overwrite").parquet(out)
        cpu = tree_cpu()
        spark.stop()
    elif name == "ray":
        import ray

        import chatdialect

        ray.init(num_cpus=2, include_dashboard=False, runtime_env={"py_modules": [chatdialect]})
        ready = time.perf_counter()
        ray.data.read_parquet(logs).map_batches(
            translate_batch, batch_format="pyarrow", fn_kwargs=options).write_parquet(out)
        cpu = tree_cpu()
        ray.shutdown()
    elif name == "dask":
        import dask
        from dask import delayed

        def convert_file(path: Path, index: int) -> None:
            pq.write_table(translate_batch(pq.read_table(path), **options), f"{out}/part-{index}.parquet")

        os.makedirs(out, exist_ok=True)
        ready = time.perf_counter()
        files = sorted(Path(logs).glob("*.parquet"))
        jobs = [delayed(convert_file)(path, index) for index, path in enumerate(files)]
        dask.compute(*jobs, scheduler="processes", num_workers=2)
        cpu = tree_cpu()
    elif name == "polars":
        import polars as pl

        ready = time.perf_counter()
        frame = pl.read_parquet(logs)
        converted = pl.from_arrow(translate_batch(frame.to_arrow(), **options))
        os.makedirs(out, exist_ok=True)
        converted.write_parquet(f"{out}/part-0.parquet")  # type: ignore[union-attr]
        cpu = tree_cpu()
    elif name == "beam":
        import apache_beam as beam
        from apache_beam.options.pipeline_options import PipelineOptions

        ready = time.perf_counter()
        table = pq.read_table(Path(logs) / "part-0.parquet")
        schema = translate_batch(table.slice(0, 0), **options).schema
        pipeline_options = PipelineOptions(direct_num_workers=2, direct_running_mode="multi_processing")
        with beam.Pipeline(options=pipeline_options) as pipeline:
            _ = (pipeline
                 | beam.io.ReadFromParquetBatched(f"{logs}/*.parquet")
                 | beam.Map(lambda batch: translate_batch(batch, **options))
                 | beam.io.WriteToParquetBatched(f"{out}/part", schema=schema, file_name_suffix=".parquet"))
        cpu = tree_cpu()
    elif name == "daft":
        import daft

        from chatdialect.arrow import RESULT_TYPE, translate_arrow

        result_type = daft.DataType.from_arrow_type(RESULT_TYPE)

        @daft.func.batch(return_dtype=result_type, unnest=True, use_process=True)
        def to_azure(requests: daft.Series) -> Any:
            return translate_arrow(requests.to_arrow(), **options)

        ready = time.perf_counter()
        frame = daft.read_parquet(f"{logs}/*.parquet")
        frame.select(daft.col("*"), to_azure(frame["request"])).write_parquet(out)
        cpu = tree_cpu()
    else:
        raise SystemExit(f"unknown engine {name}")
    done = time.perf_counter()
    rows = pq.read_table(out).num_rows if name != "beam" else sum(
        pq.read_metadata(path).num_rows for path in Path(out).parent.glob(Path(out).name + "*/**/*.parquet"))
    print(json.dumps({"engine": name, "wall": done - started, "start": ready - started, "cpu": cpu,
                      "rows": rows, "pa": pa.__version__}))


def digest(table: Any) -> str:
    """A hash over every row, in id order."""
    hashed = hashlib.sha256()
    for row in sorted(table.to_pylist(), key=lambda row: row["id"]):
        hashed.update(json.dumps(row, sort_keys=True).encode())
    return hashed.hexdigest()


def one_process(logs: Path, out: Path, rows: int) -> tuple[dict[str, Any], str]:
    """The loop, translate_batch and the CLI; figures, and the hash of the batch result.

    The loop and ``translate_batch`` take turns, one record batch of 8192 rows each, so that a change
    of the machine's load hits both alike. The batch's figures include reading its rows from Parquet
    and writing its results to Parquet; the loop's start from the rows as Python text (a loop over
    JSON text, as a user writes one) and end with the JSON text of each output.
    """
    import pyarrow.parquet as pq

    from chatdialect import ChatDialectError, translate
    from chatdialect.arrow import translate_batch

    def loop(texts: list[str]) -> None:
        for text in texts:
            try:
                record = json.loads(text)
                if isinstance(record, dict) and "body" in record:
                    body = translate(record["body"], source=SOURCE, target=TARGET).payload
                    record = {**record, "body": body}
                else:
                    record = translate(record, source=SOURCE, target=TARGET).payload
                json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            except (ValueError, ChatDialectError):
                pass

    spent = {"loop": [0.0, 0.0], "batch": [0.0, 0.0]}

    def timed(name: str, started: tuple[float, float]) -> None:
        spent[name][0] += time.perf_counter() - started[0]
        spent[name][1] += time.process_time() - started[1]

    source = pq.ParquetFile(logs)
    batches = source.iter_batches(batch_size=8192)
    with pq.ParquetWriter(out / "batch.parquet", translate_batch(
            source.schema_arrow.empty_table(), source=SOURCE, target=TARGET).schema) as writer:
        while True:
            started = time.perf_counter(), time.process_time()
            batch = next(batches, None)
            timed("batch", started)
            if batch is None:
                break
            texts = batch.column("request").to_pylist()  # not timed: the loop's input as Python text
            started = time.perf_counter(), time.process_time()
            loop(texts)
            timed("loop", started)
            started = time.perf_counter(), time.process_time()
            writer.write_batch(translate_batch(batch, source=SOURCE, target=TARGET))
            timed("batch", started)
    figures: dict[str, Any] = {name: tuple(pair) for name, pair in spent.items()}

    before = os.times()
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "chatdialect", "convert", "--from", SOURCE, "--to", TARGET,
                    "--report", "none", "-q", "-o", str(out / "cli.parquet"), str(logs)],
                   stderr=subprocess.DEVNULL, check=False)  # stderr: its bad rows, one line each
    after = os.times()
    children = after.children_user + after.children_system - before.children_user - before.children_system
    figures["cli"] = (time.perf_counter() - wall, children)
    batch = pq.read_table(out / "batch.parquet")
    assert pq.read_table(out / "cli.parquet").equals(batch)
    return figures, digest(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--engine", action="append", default=[])
    parser.add_argument("--job", nargs=3, metavar=("ENGINE", "LOGS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--python", default=sys.executable, help="the Python that runs the engine jobs")
    parser.add_argument("--skip-one-process", action="store_true")
    args = parser.parse_args()
    if args.job:
        engine_job(*args.job)
        return
    import logs as log_maker
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / "logs").mkdir()
        files = 4
        for index in range(files):
            log_maker.write_parquet(where / "logs" / f"part-{index}.parquet", args.rows // files)
        print(f"{args.rows:,} rows, {sum(p.stat().st_size for p in (where / 'logs').iterdir()) / 1e6:.0f} MB "
              f"of Parquet, {SOURCE} -> {TARGET}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        table = pq.read_table(where / "logs")
        pq.write_table(table, where / "all.parquet")
        expected = None
        if not args.skip_one_process:
            figures, expected = one_process(where / "all.parquet", where, args.rows)
            for name, (wall, cpu) in figures.items():
                rate, per_million = args.rows / wall, cpu / args.rows * 1e6
                print(f"{name:8} {rate:10,.0f} rows/s  {per_million:8,.0f} CPU-s per million")
        for engine in args.engine:
            out = where / f"out-{engine}"
            result = subprocess.run([args.python, __file__, "--job", engine, str(where / "logs"), str(out)],
                                    capture_output=True, text=True, check=False)
            lines = [line for line in result.stdout.splitlines() if line.startswith('{"engine"')]
            if not lines:
                print(f"{engine:8} failed:\n{result.stderr[-2000:]}")
                continue
            data = json.loads(lines[-1])
            got = pq.read_table(out) if engine != "beam" else _beam_table(out)
            same = "" if expected is None else ("same rows" if digest(got) == expected else "DIFFERENT ROWS")
            print(f"{engine:8} {args.rows / data['wall']:10,.0f} rows/s  "
                  f"{data['cpu'] / args.rows * 1e6:8,.0f} CPU-s per million  "
                  f"(start {data['start']:.1f} s, {data['rows']:,} rows, {same})")
            print(f"  load {os.getloadavg()[0]:.1f}")


def _beam_table(out: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = sorted(out.parent.glob(out.name + "*/**/*.parquet"))
    return pa.concat_tables(pq.read_table(path) for path in paths)


if __name__ == "__main__":
    main()
