"""The model families whose native parameters Bedrock passes in ``additionalModelRequestFields``: which
canonical field goes where there (Anthropic Claude ``top_k`` and ``thinking``, Amazon Nova
``inferenceConfig.topK``), how a model id names its family, reading those fields out once the model is
known (:func:`resolve`) and writing them in (:func:`place`).

Facts: ``vendors/bedrock_converse.md`` section 4 (LiteLLM 1.106.2, ran: Anthropic ``top_k``, Nova
``inferenceConfig.topK``; Anthropic ``thinking`` is the Messages API's own). A family not listed here
gets no such field: ``top_k`` and ``thinking`` are dropped with a record (an application inference
profile ARN names no family).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chatdialect._changes import Change, Trace
from chatdialect._pointer import join
from chatdialect._rules.base import Cell, FieldRule

Json = dict[str, Any]
Recorder = Callable[[Any, "str | None", "str | None", str], None]


@dataclass(frozen=True, slots=True)
class Family:
    """A model family whose native parameters Bedrock passes in ``additionalModelRequestFields``:
    where each canonical field goes there (a path of keys), with the vendor source."""

    name: str
    prefixes: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    source: str


FAMILIES = (
    Family(
        "Anthropic Claude",
        ("anthropic.",),
        {"top_k": ("top_k",), "thinking": ("thinking",)},
        "Anthropic Claude Messages parameters on Bedrock (top_k, thinking); LiteLLM 1.106.2 (ran)",
    ),
    Family(
        "Amazon Nova",
        ("amazon.nova",),
        {"top_k": ("inferenceConfig", "topK")},
        "Amazon Nova request schema (inferenceConfig.topK); LiteLLM 1.106.2 (ran)",
    ),
)
"""The families the dialect knows; another model's ``top_k`` and ``thinking`` are dropped with a record."""

_REGION = re.compile(r"(?:us|eu|apac|global|us-gov|jp|au|ca)\.")
_ARN = re.compile(r"arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)/(.+)")


def family_of(model: Any) -> Family | None:
    """The family of a Bedrock model id, cross-region inference profile id (``us.anthropic...``) or
    foundation-model / inference-profile ARN; None for any other id (an application inference
    profile, a provisioned model, a prompt ARN)."""
    if not isinstance(model, str):
        return None
    arn = _ARN.fullmatch(model)
    name = arn.group(1) if arn else model
    region = _REGION.match(name)
    name = name[region.end() :] if region else name
    return next((family for family in FAMILIES if name.startswith(family.prefixes)), None)


def resolve(canonical: Json, trace: Trace) -> None:
    """The model family's fields of ``additional_model_request_fields`` (Anthropic ``top_k`` and
    ``thinking``, Nova ``inferenceConfig.topK``) as their canonical fields; the rest stays there."""
    extra = canonical.get("additional_model_request_fields")
    family = family_of(canonical.get("model"))
    if not isinstance(extra, dict) or family is None:
        return
    rest, taken = extra, False
    for name, path in family.fields.items():
        value, left = _take(rest, path)
        if value is None or not _fits(name, value):
            continue  # a value the canonical field cannot hold stays where it is
        rest, taken = left, True
        canonical[name] = value
        wire = "/additionalModelRequestFields/" + "/".join(path)
        trace.origin(join(name), wire)
        reason = f"{family.name} models take {name} in additionalModelRequestFields."
        trace.on_read(Change("converted", wire, join(name), reason))
    if not taken:
        return
    if rest:
        canonical["additional_model_request_fields"] = rest
        return
    del canonical["additional_model_request_fields"]  # it held only family fields: nothing left
    trace.read[:] = [c for c in trace.read if c.target_path != "/additional_model_request_fields"]


def _take(obj: Json, path: tuple[str, ...]) -> tuple[Any, Json]:
    """The value at ``path`` in ``obj`` and a copy of ``obj`` without it (emptied objects left out)."""
    head, *tail = path
    if head not in obj:
        return None, obj
    if not tail:
        return obj[head], {key: value for key, value in obj.items() if key != head}
    inner = obj[head]
    if not isinstance(inner, dict):
        return None, obj
    value, left = _take(inner, tuple(tail))
    rest = {key: item for key, item in obj.items() if key != head}
    if left:
        rest[head] = left
    return value, rest


def _fits(name: str, value: Any) -> bool:
    """Whether a family field's value is one the canonical field holds (else it stays where it is)."""
    if name == "top_k":
        return type(value) is int
    if not isinstance(value, dict) or value.get("type") not in ("enabled", "disabled", "adaptive"):
        return False
    return value["type"] != "enabled" or type(value.get("budget_tokens")) is int


def place(data: Json, out: Json, family: Family | None, record: Recorder) -> None:
    """Write the canonical fields a family takes in ``additionalModelRequestFields`` (a new object,
    merged with what the request keeps there); drop them, recorded, for a model of no known family."""
    for name in ("top_k", "thinking"):
        if name not in data:
            continue
        path = family.fields.get(name) if family is not None else None
        if path is None:
            whose = f"{family.name} models" if family is not None else "a model of a family it does not know"
            reason = (
                f"Bedrock takes {name} only in additionalModelRequestFields, and not for {whose} ({_KNOWN})."
            )
            record("dropped", join(name), None, reason)
            continue
        given = out.get("additionalModelRequestFields")
        extra: Json = dict(given) if isinstance(given, dict) else {}
        node = extra
        for key in path[:-1]:
            node[key] = dict(node[key]) if isinstance(node.get(key), dict) else {}
            node = node[key]
        if path[-1] in node:
            where = "/".join(path)
            record("dropped", f"/additional_model_request_fields/{where}", None, f"{name} takes its place.")
        node[path[-1]] = data[name]
        out["additionalModelRequestFields"] = extra
        to = "/additionalModelRequestFields/" + "/".join(path)
        whose = family.name if family is not None else ""
        record("converted", join(name), to, f"{whose} models take {name} in additionalModelRequestFields.")


_KNOWN = "; ".join(
    f"{family.name} models take " + ", ".join(f"{'.'.join(path)}" for path in family.fields.values())
    for family in FAMILIES
)


class FamilyField(FieldRule):
    """A canonical field Bedrock takes only in ``additionalModelRequestFields``, for the model families
    of :data:`FAMILIES` (the codec places it: :func:`place`); for other models it is dropped."""

    def cell(self, name: str, cell: Cell) -> None:
        names = [family.name for family in FAMILIES if name in family.fields]
        cell.notes.append(f"in additionalModelRequestFields, {' and '.join(names)} models only")

    def doc(self, name: str) -> str | None:
        places = [
            f"{family.name} `{'.'.join(family.fields[name])}`" for family in FAMILIES if name in family.fields
        ]
        return f"in `additionalModelRequestFields` for {', '.join(places)} models; dropped for others"
