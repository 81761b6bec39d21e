"""The floors under a warm ``translate``: the work every correct translation does, beside LiteLLM's step.

    python benchmarks/floors.py                       # every workload -> azure (LiteLLM's quickest path)
    python benchmarks/floors.py --target openai --repeat 15

Issue 15 asks for a warm ``translate`` at least 10x quicker than LiteLLM's step (5x for ``legacy``).
This measures, in one process with the contenders in turns (``run.measure``), the parts of a warm
translation that no rule, trace or dialect adds to, for the request as the engine reads it:

* **validate**: the canonical request checked and copied by the canonical model's compiled validator,
  the fields clients repeat (tools, data sources) taken from their remembered, already-checked form
  (``_dictmodel.validate``, as ``translate`` calls it on this request: one pydantic-core pass, plus a
  ``marshal.loads`` per remembered field, the cheapest deep copy there is of plain data);
* **limits**: the size limits and the plain-JSON check of the caller's objects (``_limits.check_payload``
  with the remembered fields' figures, ``_contents.recall``);
* **key**: the content keys of the repeated fields (``marshal.dumps``: what a remembered field is
  looked up by).

The sum is a floor for any translation that keeps chatdialect's guarantees (a validated canonical
request; the limits; output sharing nothing with the input). ``budget`` is LiteLLM's step divided by
the issue's factor: where the floor is above it, the target cannot be met by taking work out of the
engine's own Python, only by doing the guarantees' work in less time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import litellm_step  # noqa: E402
import workloads  # noqa: E402
from run import Series, measure  # noqa: E402

import chatdialect  # noqa: E402
from chatdialect._changes import Trace  # noqa: E402
from chatdialect._contents import recall  # noqa: E402
from chatdialect._dialects import REGISTRY  # noqa: E402
from chatdialect._dictmodel import validate  # noqa: E402
from chatdialect._limits import DEFAULT_LIMITS, check_payload, content_keys  # noqa: E402
from chatdialect._reading import REPEATED, gather  # noqa: E402

FACTOR = {"small": 10.0, "medium": 10.0, "large": 10.0, "azure": 10.0, "legacy": 5.0}
"""Issue 15's warm targets: how many times quicker than LiteLLM's step."""


def floors(name: str, target: str, repeat: int, min_time: float, litellm: object) -> dict[str, float]:
    """Minimum microseconds per call of ``translate``, each floor, and LiteLLM's step."""
    work = getattr(workloads, name)()
    payload, source = work.payload, work.source
    reading, writing = REGISTRY[source], REGISTRY[target]
    for _ in range(3):  # remembered fields are remembered from their second sighting
        chatdialect.translate(payload, source=source, target=target)
    for _ in range(3):  # the records as translate finds them (with the validated forms learnt)
        canonical, remembered = gather(payload, reading, DEFAULT_LIMITS, Trace())
        validate(canonical, remembered, writing.not_carried, writing.narrowing)
    recalled = recall(content_keys(payload, REPEATED))
    series = [
        Series("translate", lambda: chatdialect.translate(payload, source=source, target=target)),
        Series("validate", lambda: validate(canonical, remembered, writing.not_carried, writing.narrowing)),
        Series("limits", lambda: check_payload(payload, DEFAULT_LIMITS, recalled)),
        Series("key", lambda: content_keys(payload, REPEATED)),
    ]
    if litellm is not None:
        series.append(Series("litellm", litellm_step.make_step(litellm, payload, target)))
    measure(series, repeat, min_time)
    return {item.label: item.min for item in series}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="azure", choices=sorted(REGISTRY))
    parser.add_argument("--workload", action="append", choices=sorted(FACTOR))
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--min-time", type=float, default=0.01)
    args = parser.parse_args(argv)
    loaded = litellm_step.load()
    litellm = loaded[0] if loaded is not None else None
    print(f"# Floors of a warm translate -> {args.target} (microseconds, min of {args.repeat} samples)\n")
    head = ("workload", "translate", "validate", "limits", "key", "floor (sum)")
    head += ("LiteLLM", "budget", "floor / budget")
    print("| " + " | ".join(head) + " |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name in args.workload or list(FACTOR):
        got = floors(name, args.target, args.repeat, args.min_time, litellm)
        floor = got["validate"] + got["limits"] + got["key"]
        theirs = got.get("litellm")
        budget = theirs / FACTOR[name] if theirs is not None else None
        cells = [f"{got[label]:,.1f}" for label in ("translate", "validate", "limits", "key")]
        tail = ["-", "-", "-"]
        if theirs is not None and budget is not None:
            tail = [f"{theirs:,.1f}", f"{budget:,.1f}", f"{floor / budget:.2f}"]
        print(f"| {name} | " + " | ".join([*cells, f"{floor:,.1f}", *tail]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
