"""Cold and mixed traffic: requests whose tool schemas chatdialect has not seen before.

A client that sends the same tool list with every request meets chatdialect warm (its schema verdicts,
validated tool lists and limits figures are remembered by content). A log of many applications'
requests, or the first request of each, is cold. Two streams of payloads model that:

* **cold**: every request carries new tool schemas (each tool's ``parameters``, each legacy
  function's, a ``response_format`` schema: a ``$comment`` with a counter makes them new content);
* **mixed**: 7 requests in 10 repeat the workload's payload as it is, 3 in 10 are new as above.

Both contenders get the same stream: the new payload is built inside the timed call (shallow copies
down to each schema, a few microseconds; ``run.py`` reports the cost of building alone), since a
pre-built pool would be seen again, and warm, by the time the samples wrap around. LiteLLM builds its
own stream from a private copy of the payload (it edits some inputs in place).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

MODES = {"cold": 10, "mixed": 3}
"""New payloads per 10 requests, by mode."""

_STAMPS = itertools.count()
"""One count for every stream of the process: a new payload is never one another stream made."""


def renewed(payload: dict[str, Any], stamp: int) -> dict[str, Any]:
    """``payload`` with every tool, function and response-format schema made new content (the
    containers down to each schema are new; everything else is shared with ``payload``)."""
    new = dict(payload)
    if isinstance(payload.get("tools"), list):
        new["tools"] = [
            {**tool, "function": {**tool["function"], "parameters": _stamped(tool["function"], stamp)}}
            if isinstance(tool.get("function"), dict) and "parameters" in tool["function"]
            else tool
            for tool in payload["tools"]
        ]
    if isinstance(payload.get("functions"), list):
        new["functions"] = [
            {**function, "parameters": _stamped(function, stamp)} if "parameters" in function else function
            for function in payload["functions"]
        ]
    response_format = payload.get("response_format")
    if isinstance(response_format, dict) and isinstance(response_format.get("json_schema"), dict):
        json_schema = response_format["json_schema"]
        new["response_format"] = {
            **response_format,
            "json_schema": {**json_schema, "schema": {**json_schema["schema"], "$comment": f"v{stamp}"}},
        }
    return new


def _stamped(holder: dict[str, Any], stamp: int) -> dict[str, Any]:
    return {**holder["parameters"], "$comment": f"v{stamp}"}


def has_schemas(payload: dict[str, Any]) -> bool:
    """Whether the payload carries any schema a stream can renew."""
    return renewed(payload, 0) != payload


def stream(payload: dict[str, Any], mode: str) -> Callable[[], dict[str, Any]]:
    """A callable giving the next payload of the ``mode`` stream (each new one never seen before)."""
    new_per_ten = MODES[mode]
    counter = itertools.count()

    def next_payload() -> dict[str, Any]:
        index = next(counter)
        return renewed(payload, next(_STAMPS)) if index % 10 < new_per_ten else payload

    return next_payload


def ours(payload: dict[str, Any], source: str, target: str, mode: str) -> Callable[[], object]:
    """chatdialect's ``translate`` over the ``mode`` stream."""
    import chatdialect

    payloads = stream(payload, mode)
    translate = chatdialect.translate
    return lambda: translate(payloads(), source=source, target=target)


def theirs(litellm: Any, payload: dict[str, Any], target: str, mode: str) -> Callable[[], object]:
    """LiteLLM's step (``litellm_step``) over the ``mode`` stream, from a private copy."""
    import litellm_step

    step = litellm_step.make_step_for(litellm, target)
    payloads = stream(copy.deepcopy(payload), mode)
    return lambda: step(payloads())


def building(payload: dict[str, Any], mode: str) -> Callable[[], object]:
    """Only the building of the ``mode`` stream's payloads (what both contenders pay on top)."""
    return stream(payload, mode)
