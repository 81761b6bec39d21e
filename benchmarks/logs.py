"""A generated log of chat requests, as people keep them in Parquet: the rows engines convert at scale.

    python benchmarks/logs.py OUT.parquet --rows 1000000     # write a log (needs pyarrow)

``rows(count)`` is deterministic. The mix, by row: OpenAI requests in the shapes of the benchmark
workloads (one message with options, ten messages with tool calls and three tools, the legacy
``functions`` shape, ``max_tokens`` to rename, fields another vendor lacks), every text varied by row;
one row in 25 an OpenAI Batch API line; and 1% bad rows: not JSON, a JSON value that is not an
object, a request that is not valid (wrong role, temperature out of range). Tool schemas repeat
across rows, as they do in an application's traffic.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import legacy, medium, small

SHAPES = (small().payload, medium().payload, legacy().payload)


def request(index: int, rng: random.Random) -> dict[str, Any]:
    """One valid OpenAI request, its texts varied by ``index``."""
    payload = copy.deepcopy(SHAPES[index % len(SHAPES)])
    for message in payload["messages"]:
        if isinstance(message.get("content"), str):
            message["content"] = f"{message['content']} (request {index})"
    pick = rng.random()
    if pick < 0.3:
        payload["max_tokens"] = rng.randint(16, 4096)
    elif pick < 0.4:
        payload["top_k"] = rng.randint(1, 50)  # not carried by Azure: dropped with a record
    if rng.random() < 0.2:
        payload["user"] = f"user-{index % 977}"
    if rng.random() < 0.1:
        payload["messages"][-1]["content"] = f"caf\u00e9 \u4e16\u754c \U0001f600 {index}"
    return payload


def bad_row(index: int) -> str:
    """One of the bad rows (1% of a log)."""
    kind = index % 4
    if kind == 0:
        return '{"model": "gpt-4o", "messages": [' + f'{{"role": "user", "content": "cut {index}"'
    if kind == 1:
        return json.dumps(["not", "an", "object", index])
    if kind == 2:
        return json.dumps({"model": "gpt-4o", "messages": [{"role": "robot", "content": str(index)}]})
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "temperature": 9})


def rows(count: int, *, seed: int = 17) -> list[str]:
    """``count`` rows of JSON text: requests, Batch API lines and 1% bad rows."""
    rng = random.Random(seed)
    out: list[str] = []
    for index in range(count):
        if index % 100 == 99:
            out.append(bad_row(index // 100))
        elif index % 25 == 3:
            line = {"custom_id": f"req-{index}", "method": "POST", "url": "/v1/chat/completions",
                    "body": request(index, rng)}
            out.append(json.dumps(line, ensure_ascii=False))
        else:
            out.append(json.dumps(request(index, rng), ensure_ascii=False))
    return out


def write_parquet(path: str | Path, count: int, *, row_group: int = 50_000) -> None:
    """A Parquet log of ``count`` rows: ``id`` (int64), ``app`` (string) and ``request`` (JSON text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.int64()), ("app", pa.string()), ("request", pa.string())])
    with pq.ParquetWriter(str(path), schema) as writer:
        for start in range(0, count, row_group):
            texts = rows(min(row_group, count - start), seed=start)
            ids = list(range(start, start + len(texts)))
            writer.write_table(pa.table({"id": ids, "app": [f"app-{i % 7}" for i in ids], "request": texts},
                                        schema=schema))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write_parquet(args.out, args.rows)


if __name__ == "__main__":
    main()
