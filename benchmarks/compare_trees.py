"""Warm ``translate`` of the benchmark workloads in several source trees (commits), timed in turns.

usage: python benchmarks/compare_trees.py [--fixed-layout] ROUNDS NAME=SRC_DIR [NAME=SRC_DIR ...] --
       WORKLOAD:TARGET ...

Each round runs one fresh process per tree (``PYTHONPATH=SRC_DIR``, ``PYTHONHASHSEED=0``); a process
times every pair: 300 warm-up calls, then 9 batches of 1,000 calls (100 for ``large``) with the garbage
collector off, CPU time of the process; the least per call over all rounds is reported, in microseconds,
with each tree's ratio to the first, and the median over the rounds of each round's ratio (on a machine
whose speed comes and goes, the least time of one tree may come from a quiet spell the others missed).
Trees taking turns share the machine's load alike; CPU time leaves out the wait for a core.

Each process also starts from a layout of its own: a seeded random ballast of objects on the heap
before the import, and a random-length variable in its environment (which moves the stack). On this
machine one layout of a tree can be 5-9% faster or slower than another of the same tree, half the
10% budget, so a comparison of one layout per tree measures partly luck (see docs/performance.md,
"Layout"; Mytkowicz et al., "Producing Wrong Data Without Doing Anything Obviously Wrong!",
ASPLOS 2009). Use enough rounds (9 or more) for the median to average over layouts;
``--fixed-layout`` (before ROUNDS) leaves the processes as they are.
Make a tree of a commit with ``git archive COMMIT src | tar -x -C DIR``
(``SRC_DIR`` is then ``DIR/src``). The workloads are this checkout's ``workloads.py``.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


_BALLAST = "CHATDIALECT_BENCH_BALLAST"
_PAD = "CHATDIALECT_BENCH_PAD"


def _child(pairs: list[str]) -> None:
    count = int(os.environ.get(_BALLAST, "0"))  # held to the end: it moves what the import allocates
    ballast = [bytes(size % 509) for size in range(count)] + [[] for _ in range(count // 3)]
    sys.path.insert(0, str(HERE))
    import workloads

    from chatdialect import translate

    gc.disable()
    out: dict[str, float] = {}
    for pair in pairs:
        name, target = pair.split(":")
        work = getattr(workloads, name)()
        payload, source = work.payload, work.source
        for _ in range(300):
            translate(payload, source=source, target=target)
        calls, best = (100 if name == "large" else 1000), float("inf")
        for _ in range(9):
            started = time.process_time()
            for _ in range(calls):
                translate(payload, source=source, target=target)
            best = min(best, time.process_time() - started)
        out[pair] = best / calls * 1e6
    print(json.dumps(out))
    del ballast


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1:])
        return 0
    fixed = argv[:1] == ["--fixed-layout"]
    argv = argv[1:] if fixed else argv
    split = argv.index("--")
    rounds, trees, pairs = int(argv[0]), dict(a.split("=", 1) for a in argv[1:split]), argv[split + 1 :]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    layouts = random.Random(20261130)  # seeded: a rerun draws the same layouts
    for _ in range(rounds):
        for name, src in trees.items():
            env = {**os.environ, "PYTHONPATH": src, "PYTHONHASHSEED": "0"}
            if not fixed:
                env[_BALLAST] = str(layouts.randrange(0, 40_000))
                env[_PAD] = "x" * layouts.randrange(0, 8192)
            command = [sys.executable, __file__, "--child", *pairs]
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            runs[name].append(json.loads(done.stdout))
    names = list(trees)
    first, others = names[0], names[1:]
    print(
        "| pair | "
        + " | ".join(names)
        + " | "
        + " | ".join(f"{n} / {first}" for n in others)
        + " | "
        + " | ".join(f"{n} / {first}, median" for n in others)
        + " |"
    )
    print("|---|" + "--:|" * (len(names) + 2 * len(others)))
    for pair in pairs:
        best = [min(run[pair] for run in runs[n]) for n in names]
        # the ratio within each round (the trees ran back to back there), its median over the rounds:
        # unlike the least time, it is not moved by one process that met a quiet spell alone
        medians = [
            statistics.median(a[pair] / b[pair] for a, b in zip(runs[n], runs[first], strict=True))
            for n in others
        ]
        cells = [f"{v:.2f}" for v in best] + [f"{v / best[0]:.3f}" for v in best[1:]]
        cells += [f"{v:.3f}" for v in medians]
        print(f"| {pair} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
