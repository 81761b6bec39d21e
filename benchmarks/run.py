"""One command for every chatdialect benchmark: ``python benchmarks/run.py`` (``--help`` for options).

Reports, in microseconds per request (min and median over repeats), ``chatdialect.translate`` of each
workload (``workloads.py``) to every dialect, beside baselines measured in the same run on the same
payload: ``copy.deepcopy``, a ``json.loads(json.dumps(...))`` round trip and, when LiteLLM is importable
in this interpreter, LiteLLM's own translation step (``litellm_step.py``). Then the cost of
``import chatdialect`` in fresh interpreters (wall time and peak RSS) and the JSONL throughput of the
command line (``bench_jsonl.py``). It ends with the issue-5 targets, each marked met or missed.

Timing follows ``timeit``: each sample is one batch of calls (sized so a batch takes at least
``--min-time`` seconds) with the garbage collector off, divided by the batch's size. The samples of the
contenders of one workload are taken in turns (round robin), so load on the machine hits them alike.
Figures are for this machine only; ratios are what to compare.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_cold  # noqa: E402
import litellm_step  # noqa: E402
import workloads  # noqa: E402

import chatdialect  # noqa: E402

TARGETS = {
    "litellm_small": 10.0,
    "litellm_medium": 10.0,
    "litellm_legacy": 5.0,
    "litellm_azure": 10.0,
    "litellm_large": 10.0,
    "cold_vs_litellm": 1.0,
    "large_cold_us": 3000.0,
    "import_wall_s": 0.3,
    "import_rss_mib": 40.0,
    "jsonl_vs_floor": 1.5,
    "batch_vs_jsonl": 1.1,
}
"""Issue 15's targets: warm speed-ups over LiteLLM (x); cold: no slower than LiteLLM, large cold <= 3 ms;
import; JSON Lines <= 1.5x the json.loads + json.dumps floor, a batch file within 10% of that."""


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Series:
    """The per-call samples of one contender, in microseconds."""

    label: str
    func: Callable[[], object]
    loops: int = 1
    samples: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def _batch(func: Callable[[], object], loops: int) -> float:
    """Seconds for ``loops`` calls, with the garbage collector off (as ``timeit`` does)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(loops):
            func()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def _calibrate(func: Callable[[], object], min_time: float) -> int:
    """The number of calls for one batch to take at least ``min_time`` seconds."""
    func()  # warm caches, imports and lazy builds before anything is timed
    loops = 1
    while True:
        elapsed = _batch(func, loops)
        if elapsed >= min_time:
            return loops
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9) * 1.1))


def measure(series: Sequence[Series], repeat: int, min_time: float) -> None:
    """Fill each series' samples: ``repeat`` batches each, taken in turns."""
    for item in series:
        item.loops = _calibrate(item.func, min_time)
    for _ in range(repeat):
        gc.collect()
        for item in series:
            item.samples.append(_batch(item.func, item.loops) / item.loops * 1e6)


# --- the per-request benchmark ------------------------------------------------------------------


@dataclass
class Row:
    workload: str
    target: str
    size: int
    ours: Series
    deepcopy: Series
    json_rt: Series
    litellm: Series | None
    mode: str = "warm"
    """``warm`` (the same payload again), ``cold`` or ``mixed`` (``bench_cold``: new tool schemas)."""
    build: Series | None = None
    """The cost of building the cold or mixed stream's payloads alone (in both contenders' figures)."""


def bench_requests(
    names: Sequence[str],
    targets: Sequence[str],
    repeat: int,
    min_time: float,
    litellm: Any,
    log: Callable[[str], None],
    cold: bool = True,
) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        work = workloads.BUILDERS[name]()
        payload = work.payload
        log(f"  {name}: {work.size} bytes, {len(payload['messages'])} messages")
        deep = Series("deepcopy", lambda p=payload: copy.deepcopy(p))
        round_trip = Series("json", lambda p=payload: json.loads(json.dumps(p)))
        series: list[Series] = [deep, round_trip]
        cells: list[tuple[str, Series, Series | None]] = []
        for target in targets:
            try:
                chatdialect.translate(payload, source=work.source, target=target)
            except chatdialect.InvalidRequestError as error:
                # bedrock's turn rules refuse a user message right after tool results (large)
                log(f"    not writable to {target}: {len(error.errors)} problems, skipped")
                continue
            ours = Series(
                f"chatdialect->{target}",
                lambda p=payload, s=work.source, t=target: chatdialect.translate(p, source=s, target=t),
            )
            theirs = None
            if litellm is not None and target in litellm_step.PROVIDERS:  # responses: no LiteLLM step
                theirs = Series(f"litellm->{target}", litellm_step.make_step(litellm, payload, target))
            cells.append((target, ours, theirs))
            series.append(ours)
            if theirs is not None:
                series.append(theirs)
        before = json.dumps(payload, sort_keys=True)
        measure(series, repeat, min_time)
        if json.dumps(payload, sort_keys=True) != before:
            raise RuntimeError(f"the {name} payload was mutated while benchmarking")
        for target, ours, theirs in cells:
            rows.append(Row(name, target, work.size, ours, deep, round_trip, theirs))
        if cold and bench_cold.has_schemas(payload):
            rows += _cold_rows(work, targets, repeat, min_time, litellm, deep, round_trip)
    return rows


def _cold_rows(
    work: workloads.Workload,
    targets: Sequence[str],
    repeat: int,
    min_time: float,
    litellm: Any,
    deep: Series,
    round_trip: Series,
) -> list[Row]:
    """The cold and mixed streams of one workload (``bench_cold``), each contender in turns."""
    rows: list[Row] = []
    payload = work.payload
    for mode in bench_cold.MODES:
        build = Series(f"build {mode}", bench_cold.building(payload, mode))
        series: list[Series] = [build]
        cells: list[tuple[str, Series, Series | None]] = []
        for target in targets:
            try:
                chatdialect.translate(payload, source=work.source, target=target)
            except chatdialect.InvalidRequestError:
                continue  # not writable to this target (as in the warm rows)
            ours = Series(f"chatdialect {mode}", bench_cold.ours(payload, work.source, target, mode))
            theirs = None
            if litellm is not None and target in litellm_step.PROVIDERS:
                theirs = Series(f"litellm {mode}", bench_cold.theirs(litellm, payload, target, mode))
            cells.append((target, ours, theirs))
            series += [ours] if theirs is None else [ours, theirs]
        measure(series, repeat, min_time)
        for target, ours, theirs in cells:
            rows.append(Row(work.name, target, work.size, ours, deep, round_trip, theirs, mode, build))
    return rows


# --- import cost ----------------------------------------------------------------------------------


@dataclass
class ImportCost:
    label: str
    wall: list[float]
    rss_mib: list[float]
    inner: list[float]


_CHILD = """\
import time as _t
_s = _t.perf_counter()
{statement}
_e = _t.perf_counter() - _s
_hwm = 0.0
try:
    with open("/proc/self/status") as _f:
        for _line in _f:
            if _line.startswith("VmHWM:"):
                _hwm = int(_line.split()[1]) / 1024
except OSError:
    import resource
    _hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(_e, _hwm)
"""
"""Times a statement and reports the peak RSS of this process image (VmHWM: exec resets it, unlike
``ru_maxrss``, which a forked child inherits from the benchmark process)."""


def _run_child(code: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall seconds and stdout of ``python -c code`` in a fresh interpreter."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"python -c {code!r} failed: {proc.stderr.strip()[-500:]}")
    return wall, proc.stdout


def bench_import(runs: int) -> list[ImportCost]:
    """``python -c "import chatdialect"`` in fresh interpreters, beside the bare interpreter.

    Measured with bytecode caches (``__pycache__``) as an installed package has them: the children run
    without ``PYTHONDONTWRITEBYTECODE``, and an unmeasured first run writes the caches.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    results = []
    cases = (("python -c pass", "pass"), ('python -c "import chatdialect"', "import chatdialect"))
    for label, statement in cases:
        code = _CHILD.format(statement=statement)
        _run_child(code, env)  # warm the OS file cache and write the bytecode caches
        cost = ImportCost(label, [], [], [])
        for _ in range(runs):
            wall, out = _run_child(code, env)
            inner, rss = (float(part) for part in out.split())
            cost.wall.append(wall)
            cost.rss_mib.append(rss)
            if statement != "pass":
                cost.inner.append(inner)
        results.append(cost)
    return results


def modules_after_import() -> dict[str, bool]:
    """Which heavy optional modules ``import chatdialect`` pulls in (each should be False)."""
    names = ["jsonschema", "referencing", "rpds", "chatdialect._cli"]
    code = f"import sys, chatdialect, json; print(json.dumps({{m: m in sys.modules for m in {names!r}}}))"
    _, out = _run_child(code)
    loaded: dict[str, bool] = json.loads(out)
    return loaded


def import_profile(top: int) -> list[tuple[int, int, str]]:
    """The ``top`` most expensive imports under ``python -X importtime -c "import chatdialect"``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import chatdialect"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(self_us), int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


# --- JSONL throughput -------------------------------------------------------------------------


def bench_jsonl(lines: int, runs: int, log: Callable[[str], None]) -> dict[str, Any] | None:
    """The CLI's JSONL throughput, measured by ``bench_jsonl.py`` (owned by the CLI's authors).

    It runs as its own small process, so the child it measures is forked from that process and not
    from this one (which may hold LiteLLM): a forked child's ``ru_maxrss`` starts at its parent's.
    """
    script = HERE / "bench_jsonl.py"
    if not script.exists():
        log("  JSONL: skipped, benchmarks/bench_jsonl.py does not exist")
        return None
    best: dict[str, Any] = {}
    for shape in ("batch", "bare", "floor"):  # each a best of ``runs``
        proc = subprocess.run(
            [sys.executable, str(script), *(["--lines", str(lines)] * runs), "--json", "--shape", shape],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            log(f"  JSONL: bench_jsonl.py failed: {proc.stderr.strip()[-500:]}")
            return None
        results: list[dict[str, Any]] = json.loads(proc.stdout)
        fastest = max(results, key=lambda result: float(result["lines_per_s"]))
        if shape == "batch":
            best = fastest
            best["runs"] = len(results)
        else:
            best[f"{shape}_per_s"] = fastest["lines_per_s"]
    return best


# --- report -----------------------------------------------------------------------------------


def _us(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _pair(series: Series | None) -> str:
    return "skipped" if series is None else f"{_us(series.min)} / {_us(series.median)}"


def _ratio(theirs: Series | None, ours: Series) -> str:
    if theirs is None:
        return "-"
    return f"{theirs.min / ours.min:.1f}x / {theirs.median / ours.median:.1f}x"


def request_table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| workload | target | chatdialect min / med (us) | deepcopy min / med | json round trip min / med "
        "| LiteLLM min / med | LiteLLM / chatdialect (min / med) | chatdialect / json (min) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        mode = "" if row.mode == "warm" else f" {row.mode}"
        lines.append(
            f"| {row.workload}{mode} ({row.size:,} B) | {row.target} | {_pair(row.ours)} "
            f"| {_pair(row.deepcopy)} "
            f"| {_pair(row.json_rt)} | {_pair(row.litellm)} | {_ratio(row.litellm, row.ours)} "
            f"| {row.ours.min / row.json_rt.min:.2f}x |"
        )
    return lines


def verdicts(
    rows: Sequence[Row], imports: list[ImportCost] | None, jsonl: dict[str, Any] | None
) -> list[tuple[str, str, str, bool | None]]:
    """(target, wanted, measured, met) for each issue-15 target; ``met`` is None when not measured."""
    found: list[tuple[str, str, str, bool | None]] = []
    warm = [row for row in rows if row.mode == "warm"]
    for name in ("small", "medium", "legacy", "azure", "large"):
        mine = [row for row in warm if row.workload == name]
        want = TARGETS[f"litellm_{name}"]
        if not mine:
            continue
        found.append(_worst(f"{name}: warm, faster than LiteLLM, every target", f">= {want:g}x", mine, want))
    cold = [row for row in rows if row.mode != "warm"]
    for mode in bench_cold.MODES:
        mine = [row for row in cold if row.mode == mode]
        if mine:
            want = TARGETS["cold_vs_litellm"]
            what = f"{mode}: no slower than LiteLLM, every workload and target"
            found.append(_worst(what, ">= 1x", mine, want))
    large_cold = [row for row in cold if row.workload == "large" and row.mode == "cold"]
    if large_cold:
        slowest = max(large_cold, key=lambda row: row.ours.min)
        text = f"worst target {slowest.target}: {slowest.ours.min:,.0f} us (min)"
        found.append(("large cold (20 unseen schemas)", "<= 3,000 us", text, slowest.ours.min <= 3000))
    if imports:
        ours = imports[-1]
        wall = min(ours.wall)
        rss = max(ours.rss_mib)
        found.append(("import chatdialect: wall", "<= 0.3 s", f"{wall:.3f} s (min)", wall <= 0.3))
        found.append(("import chatdialect: peak RSS", "<= 40 MiB", f"{rss:.1f} MiB (max)", rss <= 40.0))
    if jsonl is not None and "floor_per_s" in jsonl:
        factor = jsonl["floor_per_s"] / jsonl["bare_per_s"]
        text = f"{factor:.2f}x ({jsonl['bare_per_s']:,} against {jsonl['floor_per_s']:,} lines/s)"
        found.append(("JSON Lines vs the json floor", "<= 1.5x", text, factor <= TARGETS["jsonl_vs_floor"]))
        batch = jsonl["bare_per_s"] / jsonl["lines_per_s"]
        text = f"{batch:.2f}x ({jsonl['lines_per_s']:,} lines/s)"
        found.append(("batch file vs JSON Lines", "<= 1.1x", text, batch <= TARGETS["batch_vs_jsonl"]))
    return found


def _worst(what: str, wanted: str, rows: Sequence[Row], want: float) -> tuple[str, str, str, bool | None]:
    measured = [row for row in rows if row.litellm is not None]
    if not measured:
        return (what, wanted, "LiteLLM not installed", None)
    worst = min(measured, key=lambda row: row.litellm.min / row.ours.min)  # type: ignore[union-attr]
    assert worst.litellm is not None
    worst_min = worst.litellm.min / worst.ours.min
    worst_median = min(row.litellm.median / row.ours.median for row in measured)  # type: ignore[union-attr]
    text = f"worst {worst.workload} -> {worst.target}: {worst_min:.1f}x (min), {worst_median:.1f}x (median)"
    return (what, wanted, text, worst_min >= want)


def _environment(litellm_version: str | None) -> list[str]:
    from importlib.metadata import version

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    return [
        f"- python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        f"- chatdialect {version('chatdialect')} at commit {commit or '?'}; pydantic {version('pydantic')}, "
        f"pydantic-core {version('pydantic-core')}, jsonschema {version('jsonschema')}",
        "- LiteLLM: "
        + (f"{litellm_version}" if litellm_version else "not importable here: its column is skipped"),
    ]


# --- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter samples (a smoke run)")
    parser.add_argument("--repeat", type=int, help="samples per contender (default 25, quick 3)")
    parser.add_argument("--min-time", type=float, help="seconds per sample batch (default 0.01)")
    parser.add_argument("--workload", action="append", choices=list(workloads.BUILDERS))
    parser.add_argument("--target", action="append", choices=list(chatdialect.dialect_names()))
    parser.add_argument("--no-litellm", action="store_true", help="skip LiteLLM even if it is installed")
    parser.add_argument("--import-runs", type=int, help="fresh interpreters per import figure (default 7)")
    parser.add_argument("--importtime", type=int, default=0, metavar="N", help="list the N costliest imports")
    parser.add_argument(
        "--jsonl-lines", type=int, help="JSONL lines to convert (default 100000, quick 10000)"
    )
    parser.add_argument("--skip", action="append", default=[], choices=["requests", "import", "jsonl"])
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    repeat = args.repeat or (3 if args.quick else 25)
    min_time = args.min_time or (0.005 if args.quick else 0.01)
    import_runs = args.import_runs or (2 if args.quick else 7)
    jsonl_lines = args.jsonl_lines or (10_000 if args.quick else 100_000)
    names = args.workload or list(workloads.BUILDERS)
    targets = args.target or list(chatdialect.dialect_names())

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    loaded = None if args.no_litellm else litellm_step.load()
    litellm, litellm_version = loaded if loaded else (None, None)
    if litellm is None:
        log("LiteLLM: skipped (" + ("--no-litellm" if args.no_litellm else "not importable here") + ")")

    out: list[str] = ["# chatdialect benchmarks", "", *_environment(litellm_version), ""]
    record: dict[str, Any] = {"litellm": litellm_version, "requests": [], "import": None, "jsonl": None}

    rows: list[Row] = []
    if "requests" not in args.skip:
        log(f"per-request: {repeat} samples of >= {min_time * 1000:g} ms each")
        rows = bench_requests(names, targets, repeat, min_time, litellm, log)
        out += ["## Per request (microseconds; min / median of the samples)", "", *request_table(rows), ""]
        built = {(row.workload, row.mode): row.build for row in rows if row.build is not None}
        if built:
            out += [
                "Cold and mixed rows include building each stream's payloads, which cost alone (min, us): "
                + ", ".join(f"{name} {mode} {series.min:.1f}" for (name, mode), series in built.items())
                + ".",
                "",
            ]
        record["requests"] = [
            {
                "workload": row.workload,
                "target": row.target,
                "bytes": row.size,
                "chatdialect": row.ours.samples,
                "deepcopy": row.deepcopy.samples,
                "json": row.json_rt.samples,
                "litellm": None if row.litellm is None else row.litellm.samples,
            }
            for row in rows
        ]

    imports: list[ImportCost] | None = None
    if "import" not in args.skip:
        log(f"import: {import_runs} fresh interpreters each")
        imports = bench_import(import_runs)
        out += [
            "## Import (fresh interpreter each run)",
            "",
            "| command | wall min / median (s) | in-process import min / median (s) | peak RSS max (MiB) |",
            "|---|---:|---:|---:|",
        ]
        for cost in imports:
            inner = f"{min(cost.inner):.3f} / {statistics.median(cost.inner):.3f}" if cost.inner else "-"
            out.append(
                f"| `{cost.label}` | {min(cost.wall):.3f} / {statistics.median(cost.wall):.3f} "
                f"| {inner} | {max(cost.rss_mib):.1f} |"
            )
        loaded_modules = modules_after_import()
        listed = ", ".join(
            f"{name}: {'loaded' if flag else 'not loaded'}" for name, flag in loaded_modules.items()
        )
        out += ["", f"After `import chatdialect`: {listed}."]
        if litellm is not None:
            env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
            wall, text = _run_child(_CHILD.format(statement="import litellm"), env)
            rss = float(text.split()[-1])
            out.append(f"`import litellm` for comparison: {wall:.2f} s wall, {rss:.0f} MiB peak RSS.")
        if args.importtime:
            out += ["", "Costliest imports (`python -X importtime`, self / cumulative us):", ""]
            out += [
                f"- {name.strip()}: {own:,} / {total:,}"
                for own, total, name in import_profile(args.importtime)
            ]
        out.append("")
        record["import"] = [vars(cost) for cost in imports]

    jsonl: dict[str, Any] | None = None
    if "jsonl" not in args.skip:
        jsonl_runs = 1 if args.quick else 3
        log(f"JSONL: {jsonl_runs} x {jsonl_lines} lines")
        jsonl = bench_jsonl(jsonl_lines, jsonl_runs, log)
        if jsonl is None:
            out += ["## JSONL", "", "Skipped: `benchmarks/bench_jsonl.py` is not available.", ""]
        else:
            out += [
                "## JSONL (`chatdialect convert` on a Batch API file, `bench_jsonl.py`)",
                "",
                f"- {jsonl['lines']:,} small requests ({jsonl['input_mib']} MiB) from openai to azure in "
                f"{jsonl['seconds']} s wall (best of {jsonl['runs']} runs), interpreter start-up included: "
                f"**{jsonl['lines_per_s']:,} requests/s**, peak RSS {jsonl['peak_rss_mib']} MiB",
                f"- the command's own {jsonl['summary']}",
                f"- the same requests as bare JSON Lines: {jsonl['bare_per_s']:,} requests/s; the floor "
                f"(`json.loads` + `json.dumps` of each line, nothing else, in a fresh interpreter): "
                f"{jsonl['floor_per_s']:,} lines/s",
                "",
            ]
        record["jsonl"] = jsonl

    found = verdicts(rows, imports, jsonl)
    if found:
        out += ["## Issue 15 targets", "", "| target | wanted | measured | met |", "|---|---|---|---|"]
        for what, wanted, measured, met in found:
            mark = "not measured" if met is None else ("yes" if met else "**no**")
            out.append(f"| {what} | {wanted} | {measured} | {mark} |")
        out.append("")
    print("\n".join(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1))
        log(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
