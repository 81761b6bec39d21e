"""Ray Data local smoke test: the recipe of docs/scale.md, run as written on a small Parquet log, gives
the one-process results row for row (a hash over every row), with chatdialect shipped by ``py_modules``.

Marked ``engines`` (a Ray start takes 10-20 s here): not in the default run; ``.ci/run`` runs it with
``pytest -m engines``, with CHATDIALECT_ENGINES=required so that a missing engine fails instead of skipping.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engines
if os.environ.get("CHATDIALECT_ENGINES") != "required":
    pytest.importorskip("ray.data")
pq = pytest.importorskip("pyarrow.parquet")

from engine_support import digest, logs, one_process, recipe  # noqa: E402


def test_the_ray_recipe_gives_the_one_process_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    (tmp_path / "logs").mkdir()
    for part in range(3):
        logs.write_parquet(tmp_path / "logs" / f"part-{part}.parquet", 700, row_group=350)
    source = pq.read_table(tmp_path / "logs")
    import ray

    try:
        exec(compile(recipe("ray").replace("ray.shutdown()", ""), "docs/scale.md (ray recipe)", "exec"), {})

        @ray.remote
        def where() -> str:
            return str(__import__("chatdialect").__file__)

        assert "runtime_resources" in ray.get(where.remote())  # the shipped copy, not the installed one
    finally:
        ray.shutdown()
    converted = pq.read_table(tmp_path / "converted-ray").to_pylist()
    expected = one_process(source)
    assert len(converted) == len(expected) == 2100
    assert digest(converted) == digest(expected)
    assert sys.modules["chatdialect"].__file__  # the driver's own copy is untouched
