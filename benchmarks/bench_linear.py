"""Cost stays linear in payload size: 10x the payload must not take ~100x the time.

``python benchmarks/bench_linear.py`` grows each dimension of a request by 10x (``--factor``) and
reports the time ratio per dimension; it exits with status 1 when a ratio is above ``--max-ratio``
(default 40: linear cost gives about 10, quadratic about 100). ``tests/test_limits.py`` runs the same
dimensions at a smaller size with the same generous bound.

Dimensions (each one grows while the others stay small):

* ``messages``   - conversation length (user/assistant turns with tool calls and tool results);
* ``legacy``     - legacy function-call history (assistant ``function_call`` + ``role: "function"``
  replies, upgraded to tool calls with generated ids) and legacy ``functions``;
* ``tools``      - number of distinct tools (each schema checked once: cache misses);
* ``schema``     - width of one tool's JSON Schema (properties);
* ``depth``      - depth of nesting inside a content part (within the default depth limit);
* ``string``     - length of one message's text;
* ``metadata``   - metadata values converted for openai (numbers to strings);
* ``unknown``    - unknown top-level fields, each dropped and recorded;
* ``invalid``    - invalid messages, each reported in the ``InvalidRequestError``;
* ``not_json``   - the error path of a payload whose last value is not JSON (pointer search).

Each sample is the minimum over ``--repeat`` runs with the garbage collector off; the payload is built
before timing. Schema verdict caches are cleared before each run so cache misses are measured.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from chatdialect import (  # noqa: E402
    ChatDialectError,
    Limits,
    translate,
)
from chatdialect import _schemacheck as schemacheck  # noqa: E402

Builder = Callable[[int], tuple[str, str, dict[str, Any]]]
"""size -> (source, target, payload)"""


def _tool(index: int, width: int = 4) -> dict[str, Any]:
    properties = {
        f"p{index}_{k}": {"type": "string", "description": f"Parameter {k} of tool {index}."}
        for k in range(width)
    }
    return {
        "type": "function",
        "function": {
            "name": f"tool_{index}",
            "description": f"Tool number {index}.",
            "parameters": {"type": "object", "properties": properties, "required": sorted(properties)},
        },
    }


def messages(size: int) -> tuple[str, str, dict[str, Any]]:
    turns: list[dict[str, Any]] = [{"role": "developer", "content": "Be brief."}]
    for i in range(size):
        turns.append({"role": "user", "content": f"Question {i}?"})
        call = {"id": f"call_{i}", "type": "function", "function": {"name": "tool_0", "arguments": "{}"}}
        turns.append({"role": "assistant", "content": None, "tool_calls": [call]})
        turns.append({"role": "tool", "tool_call_id": f"call_{i}", "content": f"Result {i}."})
    return "openai", "azure", {"model": "m", "messages": turns, "tools": [_tool(0)]}


def legacy(size: int) -> tuple[str, str, dict[str, Any]]:
    turns: list[dict[str, Any]] = [{"role": "system", "content": "Use the functions."}]
    for i in range(size):
        name = f"fn_{i % 7}"
        turns.append({"role": "user", "content": f"Do {i}."})
        turns.append(
            {"role": "assistant", "content": None, "function_call": {"name": name, "arguments": "{}"}}
        )
        turns.append({"role": "function", "name": name, "content": f"done {i}"})
    functions = [{"name": f"fn_{i}", "parameters": {"type": "object"}} for i in range(7)]
    return "openai", "openai", {"model": "m", "messages": turns, "functions": functions, "max_tokens": 9}


def tools(size: int) -> tuple[str, str, dict[str, Any]]:
    payload = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    return "openai", "generic", {**payload, "tools": [_tool(i) for i in range(size)]}


def schema(size: int) -> tuple[str, str, dict[str, Any]]:
    payload = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    return "openai", "watsonx", {**payload, "tools": [_tool(0, width=size)]}


def depth(size: int) -> tuple[str, str, dict[str, Any]]:
    # Many parts, each nested a little: total nesting grows with size but stays under the limit.
    part: dict[str, Any] = {"type": "text", "text": "x"}
    for _ in range(min(size, 40)):
        part = {"type": "text", "text": "x", "extra": part}
    parts = [part] * max(1, size // 40)
    return "openai", "openai", {"model": "m", "messages": [{"role": "user", "content": parts}]}


def string(size: int) -> tuple[str, str, dict[str, Any]]:
    text = "lorem ipsum " * (1000 * size)
    return "generic", "openai", {"model": "m", "messages": [{"role": "user", "content": text}]}


def metadata(size: int) -> tuple[str, str, dict[str, Any]]:
    # metadata is capped at 16 keys, so grow the number of requests' worth: many keys would be
    # invalid; instead grow messages beside a converted metadata map.
    _, _, payload = messages(size)
    payload["metadata"] = {f"k{i}": i for i in range(16)}
    return "watsonx", "openai", payload


def unknown(size: int) -> tuple[str, str, dict[str, Any]]:
    payload: dict[str, Any] = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    payload.update({f"x_field_{i}": {"v": i} for i in range(size)})
    return "openai", "atoma", payload


def invalid(size: int) -> tuple[str, str, dict[str, Any]]:
    turns = [{"role": "user", "content": 5} for _ in range(size)]
    return "openai", "openai", {"model": "m", "messages": turns}


def not_json(size: int) -> tuple[str, str, dict[str, Any]]:
    _, _, payload = messages(size)
    payload["messages"][-1]["content"] = float("nan")
    return "openai", "openai", payload


DIMENSIONS: dict[str, tuple[Builder, int]] = {
    # name: (builder, base size for the benchmark; the test divides it)
    "messages": (messages, 200),
    "legacy": (legacy, 200),
    "tools": (tools, 20),
    "schema": (schema, 200),
    "depth": (depth, 400),
    "string": (string, 20),
    "metadata": (metadata, 200),
    "unknown": (unknown, 200),
    "invalid": (invalid, 200),
    "not_json": (not_json, 200),
}


def run_once(source: str, target: str, payload: dict[str, Any]) -> float:
    """CPU seconds of this process for one translate (errors count: they are part of the cost).
    CPU time, not wall time: on a shared machine the wait for a core is not the translation's cost
    (with wall time, tests/test_limits.py's linearity check failed at load 7-13 on 2 cores: 54x for
    10x the size, where a quiet run gives about 10x)."""
    schemacheck_clear()
    started = time.process_time()
    with contextlib.suppress(ChatDialectError):
        translate(payload, source=source, target=target, limits=Limits(max_messages=10**7))
    return time.process_time() - started


def schemacheck_clear() -> None:
    schemacheck.cache_clear()


def best_time(builder: Builder, size: int, repeat: int) -> float:
    source, target, payload = builder(size)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return min(run_once(source, target, payload) for _ in range(repeat))
    finally:
        if enabled:
            gc.enable()


def ratio(builder: Builder, size: int, factor: int, repeat: int) -> tuple[float, float, float]:
    """(time at size, time at factor x size, their ratio)."""
    best_time(builder, size, 1)  # warm up: imports, caches of pydantic and jsonschema
    small = best_time(builder, size, repeat)
    large = best_time(builder, size * factor, repeat)
    return small, large, large / small if small > 0 else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10, help="growth factor (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per sample, the minimum is kept")
    parser.add_argument("--max-ratio", type=float, default=40.0, help="fail above this ratio (default 40)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument("dimensions", nargs="*", help=f"some of {', '.join(DIMENSIONS)} (default: all)")
    args = parser.parse_args(argv)
    names = args.dimensions or list(DIMENSIONS)
    unknown_names = sorted(set(names) - set(DIMENSIONS))
    if unknown_names:
        parser.error(f"unknown dimension(s): {', '.join(unknown_names)}")
    print(f"{'dimension':<10} {'size':>7} {'time':>10} {'x' + str(args.factor) + ' time':>10} {'ratio':>7}")
    worst = 0.0
    for name in names:
        builder, base = DIMENSIONS[name]
        size = max(1, int(base * args.scale))
        small, large, r = ratio(builder, size, args.factor, args.repeat)
        worst = max(worst, r)
        flag = "" if r <= args.max_ratio else "  <-- not linear"
        print(f"{name:<10} {size:>7} {small * 1e3:>8.2f}ms {large * 1e3:>8.1f}ms {r:>7.1f}{flag}")
    print(
        f"worst ratio {worst:.1f} (linear ~ {args.factor}, quadratic ~ {args.factor**2}; "
        f"limit {args.max_ratio:g})"
    )
    return 0 if worst <= args.max_ratio else 1


if __name__ == "__main__":
    raise SystemExit(main())
