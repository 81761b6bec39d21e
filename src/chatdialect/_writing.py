"""Writing: the canonical request -> a new wire payload in a target dialect, every step recorded.

The engine walks the request's set fields and looks each up in the target's table: a carried field
goes through its row's rules (renamed, clamped, mapped, or dropped), a field the table lacks is
dropped; then the fields the target requires and the request lacks are defaulted, the request-wide
rules run in the table's order, and the codec (if any) gives the payload its shape. Change paths
here are canonical pointers; the trace maps them back to the caller's payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from chatdialect._changes import Change, Trace
from chatdialect._contents import Recalled
from chatdialect._dialects.base import Dialect
from chatdialect._pointer import join
from chatdialect._rules.base import DROP, Writing
from chatdialect._rules.fields import PLAIN
from chatdialect._verdicts import passed, remember
from chatdialect.models import ModelFamily

_NOTHING: dict[str, Recalled] = {}


def write(
    data: dict[str, Any],
    dialect: Dialect,
    trace: Trace,
    defaults: dict[str, Any] | None = None,
    clean: bool = False,
    family: ModelFamily | None = None,
    remembered: Mapping[str, Recalled] = _NOTHING,
) -> dict[str, Any]:
    """Render a canonical request for ``dialect``: a JSON-ready dict (changes go to ``trace``).

    ``data`` is a valid canonical request as plain JSON (aliases as keys, no nulls) that the caller
    owns: its values go into the output as they are and may be changed there. ``clean``: it passed
    the target's narrowed validator (see ``DialectRule.narrows``). ``family``: the model table's row
    of the request's model, whose rules apply first (SPEC 10: canonical -> model -> dialect).
    ``remembered``: fields whose value was made from remembered content, with its record (a row that
    let that content through before is not run on it again: ``_verdicts``).
    """
    # the context is made for the first rule that runs (most requests run none: 0.17 us saved)
    context: Writing | None = None
    # the model rules have nothing to do unless the request holds a field the row watches (a check
    # in C: most requests hold none), or the row lacks an instruction role
    fields_of_row = None if family is None else family.watched
    if family is not None and dialect.model_rules is not None and (
        fields_of_row is None or not fields_of_row.isdisjoint(data)
    ):
        context = Writing(dialect, trace, defaults, clean, family)
        dialect.model_rules.apply(data, context)
    out: dict[str, Any] = {}
    fields = dialect.fields_clean if clean else dialect.fields
    target = dialect.name
    for name, value in data.items():  # exclude_none: every value here is set
        if name == "model" or name == "messages":
            out[name] = value
            continue
        rules = fields.get(name)
        if rules is PLAIN:  # the plain row: written as it is, under its own name
            out[name] = value
            continue
        if rules is None:
            trace.on_write(_not_carried(name, target))
            continue
        known = remembered.get(name) if remembered else None
        if known is not None and name in dialect.by_content:
            if passed("write", rules, known):
                out[dialect.canonical_wire.get(name, name)] = value
                continue
            given, count = value, len(trace.written)
        else:
            known = None
        if context is None:
            context = Writing(dialect, trace, defaults, clean, family)
        for rule in rules:
            value = rule.write(name, value, context)
            if value is DROP:
                break
        else:
            out[dialect.canonical_wire.get(name, name)] = value
            if known is not None and value is given and len(trace.written) == count:
                remember("write", rules, known)
    if dialect.defaults:
        context = context or Writing(dialect, trace, defaults, clean, family)
        _defaults(data, out, context)
    for each, watched, present in dialect.writes_clean if clean else dialect.writes:
        # a rule that watches a field has nothing to do unless it is (or is not) written
        if watched is None or (watched in out) is present:
            context = context or Writing(dialect, trace, defaults, clean, family)
            each.write(out, context)
    if dialect.codec is not None:
        out = dialect.codec.encode(out, trace)
    return out


@cache  # changes are immutable, and these depend only on a canonical field and a dialect
def _not_carried(name: str, target: str) -> Change:
    return Change("dropped", join(name), None, f"{name} is not carried by the {target} dialect.")


def _defaults(data: dict[str, Any], out: dict[str, Any], context: Writing) -> None:
    """Write what the target requires and the request lacks: ``defaults=``'s value, else the
    dialect's documented default (recorded ``defaulted``)."""
    dialect = context.dialect
    for name, default in dialect.defaults.items():
        if name in data:
            continue
        wire = dialect.wire_name(name)
        given = name in context.defaults
        out[wire] = context.defaults[name] if given else default
        source = "the value given in defaults=" if given else "its documented default"
        reason = f"The {context.target} dialect requires {wire}; {source} was written."
        context.record("defaulted", None, join(wire), reason)
