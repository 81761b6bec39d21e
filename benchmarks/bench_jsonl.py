"""JSON Lines throughput and memory of ``chatdialect convert`` on a generated Batch API file.

    python benchmarks/bench_jsonl.py                          # 1,000,000 lines
    python benchmarks/bench_jsonl.py --lines 100000 --lines 1000000
    python benchmarks/bench_jsonl.py --lines 20000 --profile  # where the time goes (in-process)

For each size it writes a Batch API file of small OpenAI requests (``max_tokens`` included, so every
line has one change to report) in a temporary directory, runs the real console script on it in a
subprocess (``--from openai --to azure -o OUT``, changes reported as text to a file) and reports
lines/s (wall time of the child, start-up included) and the child's peak RSS (``os.wait4``'s
``ru_maxrss``, which is that one child's; ``resource.getrusage(RUSAGE_CHILDREN)`` where there is no
``wait4``), cross-checked with the child's own ``VmHWM`` on Linux. Peak RSS that does not grow with
the file size shows the stream is never held whole. ``measure()`` is what ``run.py`` reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_LINES = 1_000_000


def batch_line(index: int) -> str:
    """One small Batch API request line (the shape of OpenAI's Batch guide example)."""
    body = {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": f"Hello world! This is request number {index}."},
        ],
        "max_tokens": 1000,
    }
    line = {"custom_id": f"request-{index}", "method": "POST", "url": "/v1/chat/completions", "body": body}
    return json.dumps(line, separators=(",", ":")) + "\n"


def bare_line(index: int) -> str:
    """The request of :func:`batch_line` alone, as a line of a plain JSON Lines file."""
    return json.dumps(json.loads(batch_line(index))["body"], separators=(",", ":")) + "\n"


FLOOR = """
import json, sys
encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
with open(sys.argv[1], "rb") as source, open(sys.argv[2], "wb") as out:
    for line in source:
        out.write(encode(json.loads(line)).encode() + b"\\n")
"""
"""The floor: each line read, parsed with ``json.loads`` and written with ``json.dumps`` (the command's
output format), nothing else; run like the command, in a fresh interpreter."""


def generate(path: Path, lines: int, *, bare: bool = False) -> int:
    """Write ``lines`` Batch API lines (``bare``: their requests alone) to ``path``; returns the size."""
    make = bare_line if bare else batch_line
    with path.open("w", encoding="utf-8") as out:
        chunk: list[str] = []
        for index in range(lines):
            chunk.append(make(index))
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
    return path.stat().st_size


def command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m chatdialect``."""
    script = Path(sys.executable).with_name("chatdialect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chatdialect"]


def run_child(args: list[str], stderr_path: Path) -> tuple[int, float, int, int]:
    """Run the CLI; returns (exit status, wall seconds, peak RSS, VmHWM), sizes in bytes.

    Peak RSS is the child's ``ru_maxrss``. On Linux that figure also folds in the high-water mark of
    the memory the child started from (its parent's, up to ``exec``), so the child's own high-water
    mark is read from ``/proc/PID/status`` (``VmHWM``) while it runs, as a cross-check (0 elsewhere).
    """
    with stderr_path.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        hwm = 0
        if hasattr(os, "wait4"):
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                hwm = max(hwm, _vm_hwm(child.pid))
                time.sleep(0.05)
            child.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss
        else:  # pragma: no cover - no wait4: the largest of all children so far
            child.wait()
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds = time.perf_counter() - started
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return child.returncode, seconds, peak * scale, hwm


def _vm_hwm(pid: int) -> int:
    """The process's own peak resident set (``VmHWM``) in bytes, or 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(
    lines: int = DEFAULT_LINES,
    *,
    source: str = "openai",
    target: str = "azure",
    report: str = "text",
    workdir: str | None = None,
    shape: str = "batch",
) -> dict[str, Any]:
    """Generate, convert and check one file; the figures as a dict (``lines_per_s``, ``peak_rss_mib``).

    ``shape``: ``batch`` (Batch API lines), ``bare`` (their requests alone), or ``floor`` (the bare
    file through :data:`FLOOR` instead of the command)."""
    with tempfile.TemporaryDirectory(prefix="chatdialect-bench-", dir=workdir) as tmp:
        folder = Path(tmp)
        data, out, err = folder / "batch.jsonl", folder / "out.jsonl", folder / "stderr.txt"
        size = generate(data, lines, bare=shape != "batch")
        args = [*command(), "convert", "--from", source, "--to", target, "--report", report]
        args += ["-o", str(out), str(data)]
        if shape == "floor":
            args = [sys.executable, "-c", FLOOR, str(data), str(out)]
        status, seconds, peak, hwm = run_child(args, err)
        written = _count_lines(out)
        summary = _last_line(err) if shape != "floor" else "json.loads + json.dumps floor"
    if status != 0 or written != lines:
        raise RuntimeError(f"convert failed: exit {status}, {written} of {lines} lines written; {summary}")
    return {
        "lines": lines,
        "input_mib": round(size / 2**20, 1),
        "seconds": round(seconds, 2),
        "lines_per_s": round(lines / seconds),
        "peak_rss_mib": round(peak / 2**20, 1),
        "vm_hwm_mib": round(hwm / 2**20, 1),
        "parent_rss_mib": round(_own_peak() / 2**20, 1),
        "report": report,
        "summary": summary,
        "shape": shape,
    }


def _own_peak() -> int:
    """This process's peak RSS in bytes (to show the child's figure is not inherited from it)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            count += block.count(b"\n")
    return count


def _last_line(path: Path) -> str:
    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - 4096))
        tail = stream.read().decode("utf-8", "replace").strip().splitlines()
    return tail[-1] if tail else ""


def profile(lines: int, top: int = 25) -> None:
    """Run the CLI in-process under cProfile on ``lines`` lines and print the costliest functions."""
    import cProfile
    import pstats

    from chatdialect._cli import main

    with tempfile.TemporaryDirectory(prefix="chatdialect-profile-") as tmp:
        data, out = Path(tmp) / "batch.jsonl", Path(tmp) / "out.jsonl"
        generate(data, lines)
        args = ["convert", "--from", "openai", "--to", "azure", "--report", "none", "-q"]
        args += ["-o", str(out), str(data)]
        profiler = cProfile.Profile()
        profiler.runcall(main, args)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--lines", type=int, action="append", help=f"lines per file (repeatable; default {DEFAULT_LINES:,})"
    )
    parser.add_argument("--from", dest="source", default="openai")
    parser.add_argument("--to", dest="target", default="azure")
    parser.add_argument("--report", choices=("text", "json", "none"), default="text")
    parser.add_argument("--shape", choices=("batch", "bare", "floor"), default="batch")
    parser.add_argument("--workdir", help="where the temporary files go (default: the system temp dir)")
    parser.add_argument("--profile", action="store_true", help="profile in-process instead of measuring")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    sizes = args.lines or [DEFAULT_LINES]
    if args.profile:
        profile(sizes[0])
        return 0
    results = []
    for lines in sizes:
        result = measure(
            lines,
            source=args.source,
            target=args.target,
            report=args.report,
            workdir=args.workdir,
            shape=args.shape,
        )
        results.append(result)
        if not args.json:
            print(
                f"{result['lines']:>10,} lines ({result['input_mib']:,} MiB): {result['seconds']:.1f} s, "
                f"{result['lines_per_s']:,} lines/s, peak RSS {result['peak_rss_mib']} MiB "
                f"(own VmHWM {result['vm_hwm_mib']} MiB; this process {result['parent_rss_mib']} MiB)",
                flush=True,
            )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
