"""Memory that ``chatdialect.translate`` keeps after translating requests with large, distinct tool schemas.

    python benchmarks/bench_memory.py                    # 200 requests, ~1 MB schema each
    python benchmarks/bench_memory.py --json out/memory.json

Each request has one function tool whose ``parameters`` is a distinct valid JSON Schema of about
``--schema-bytes`` bytes (an object schema with many string properties with long descriptions; every
property name and description carries the request's number, so no two schemas are alike). Each one is
translated from openai to azure with the public ``chatdialect.translate`` only, so the script runs on
any version of the project. Requests are built one at a time and dropped (payload and result) right
after their translation, so what is left after ``gc.collect()`` is what the library keeps: caches and
anything else that outlives a call.

Reported: the process's RSS growth (``VmRSS`` of ``/proc/self/status`` after the loop minus before
it, after a warm-up translation that loads everything built on first use) and tracemalloc's current
traced memory after the loop (Python allocations still alive; RSS rarely shrinks, so this is the
sharper figure). Both in MiB. tracemalloc is on during the loop, which slows it down.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import chatdialect

DEFAULT_REQUESTS = 200
DEFAULT_SCHEMA_BYTES = 1_000_000
PROPERTIES = 1000
"""Properties per schema; the descriptions are sized so the schema reaches the wanted size."""

_FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "


def build_schema(index: int, schema_bytes: int) -> dict[str, Any]:
    """A valid JSON Schema (an object with ``PROPERTIES`` string properties) of about ``schema_bytes``."""
    per_property = max(schema_bytes // PROPERTIES - 50, 16)
    properties: dict[str, Any] = {}
    for number in range(PROPERTIES):
        head = f"Request {index}, property {number}: "
        repeats = per_property // len(_FILLER) + 1
        description = (head + _FILLER * repeats)[:per_property]
        properties[f"r{index}_p{number}"] = {"type": "string", "description": description}
    return {
        "type": "object",
        "properties": properties,
        "required": [f"r{index}_p0"],
        "additionalProperties": False,
    }


def build_request(index: int, schema_bytes: int) -> dict[str, Any]:
    """An OpenAI chat request with one function tool whose parameters are ``build_schema(index)``."""
    return {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": f"Call the tool for request {index}."}],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": f"tool_{index}",
                    "description": f"The tool of request {index}.",
                    "parameters": build_schema(index, schema_bytes),
                },
            }
        ],
    }


def rss_mib() -> float:
    """The process's resident set size (``VmRSS``) in MiB, from ``/proc/self/status``."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def translate_one(index: int, schema_bytes: int) -> int:
    """Build request ``index``, translate it to azure and return its schema's size in bytes.

    The payload and the result go out of scope when this returns.
    """
    payload = build_request(index, schema_bytes)
    size = len(json.dumps(payload["tools"][0]["function"]["parameters"]))
    result = chatdialect.translate(payload, source="openai", target="azure")
    carried = result.payload["tools"][0]["function"]["parameters"]["properties"]
    if len(carried) != PROPERTIES:
        raise RuntimeError(f"request {index}: the translated tool lost properties")
    return size


def measure(requests: int, schema_bytes: int) -> dict[str, Any]:
    """Translate ``requests`` requests one by one and return the memory figures."""
    translate_one(-1, 4096)  # warm up: lazy imports, validators built on first use
    gc.collect()
    tracemalloc.start()
    rss_before = rss_mib()
    start = time.perf_counter()
    sizes = [translate_one(index, schema_bytes) for index in range(requests)]
    seconds = time.perf_counter() - start
    gc.collect()
    traced_after, traced_peak = tracemalloc.get_traced_memory()
    rss_after = rss_mib()
    tracemalloc.stop()
    return {
        "rss_growth_mib": round(rss_after - rss_before, 1),
        "traced_after_mib": round(traced_after / 2**20, 1),
        "requests": requests,
        "schema_bytes": round(sum(sizes) / len(sizes)),
        "_rss_before_mib": rss_before,
        "_rss_after_mib": rss_after,
        "_traced_peak_mib": traced_peak / 2**20,
        "_seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS, help="requests to translate")
    parser.add_argument("--schema-bytes", type=int, default=DEFAULT_SCHEMA_BYTES, help="size of each schema")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    figures = measure(args.requests, args.schema_bytes)
    print(
        f"chatdialect from {Path(chatdialect.__file__).parent}\n"
        f"{figures['requests']} requests, one tool each with a distinct {figures['schema_bytes']:,}-byte "
        f"schema, openai -> azure in {figures['_seconds']:.1f} s (tracemalloc on)\n"
        f"RSS: {figures['_rss_before_mib']:.1f} -> {figures['_rss_after_mib']:.1f} MiB, "
        f"growth {figures['rss_growth_mib']:.1f} MiB\n"
        f"tracemalloc after gc.collect(): {figures['traced_after_mib']:.1f} MiB still allocated "
        f"(peak during the loop {figures['_traced_peak_mib']:.1f} MiB)"
    )
    if args.json:
        record = {key: value for key, value in figures.items() if not key.startswith("_")}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1) + "\n")
        print(f"figures written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
