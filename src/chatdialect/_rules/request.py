"""Rules on the request as a whole: ``model`` required, cross-field constraints (requires, conflicts,
must-not-be), and the token cap written as ``max_tokens`` beside some field."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Change, Trace
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join
from chatdialect._rules.base import Cell, DialectRule, Schema, Watch, Writing
from chatdialect._rules.schema import NOT_NULL, TRUTHY, present

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect


class ModelRequired(DialectRule):
    """The request must name its ``model`` (every dialect but ``azure``, whose deployment is in the
    URL, and those that keep the model in the URL and take it from ``model=``)."""

    def check(self, canonical: dict[str, Any], trace: Trace, dialect: Dialect) -> None:
        if "model" not in canonical:
            trace.problem("/model", f"is required by the {dialect.name} dialect")

    def watches(self) -> Watch | None:
        return Watch("model", present=False)

    def write(self, out: dict[str, Any], context: Writing) -> None:
        if "model" not in out:
            raise InvalidRequestError(
                [("/model", f"is required by the {context.target} dialect")], dialect=context.target
            )

    def schema(self, schema: Schema, defs: Schema, dialect: Dialect) -> None:
        if dialect.codec is not None and "model" in dialect.codec.writes:
            return  # the codec states where the vendor keeps the model
        schema["required"] = ["model", *schema["required"]]
        schema["properties"]["model"] = {"type": "string", "title": "Model", "description": _MODEL}

    def doc(self) -> str | None:
        return "model is required; a request without one cannot be written to this dialect."


_MODEL = "The model id."


class Constraint(DialectRule):
    """A rule across fields, checked on the written payload: when it is broken, ``field`` is dropped
    for the reason given. Subclasses say when it is broken and how to state that in JSON Schema."""

    relation = ""

    def __init__(self, field: str, other: str, value: Any, reason: str) -> None:
        self.field, self.other, self.value, self.reason = field, other, value, reason

    def broken(self, out: dict[str, Any], dialect: Dialect) -> bool:
        """Whether the written payload (wire names) breaks this rule."""
        raise NotImplementedError

    def watches(self) -> Watch | None:
        return Watch(self.field)

    def condition(self, field: str, other: str) -> Schema:
        """The rule as a JSON Schema condition on the wire names."""
        raise NotImplementedError

    def when(self) -> str:
        """When the rule applies, as a phrase."""
        raise NotImplementedError

    def write(self, out: dict[str, Any], context: Writing) -> None:
        wire = context.dialect.canonical_wire.get(self.field, self.field)
        if wire in out and self.broken(out, context.dialect):
            del out[wire]
            context.trace.on_write(_dropped(self.field, self.reason))

    def schema(self, schema: Schema, defs: Schema, dialect: Dialect) -> None:
        field, other = dialect.wire_name(self.field), dialect.wire_name(self.other)
        rule = {"description": self.reason, **json.loads(json.dumps(self.condition(field, other)))}
        schema.setdefault("allOf", []).append(rule)

    def doc(self) -> str | None:
        return f"{self.when()}; otherwise {self.field} is dropped."

    def info(self) -> dict[str, Any]:
        """The rule as data (the matrix's JSON form)."""
        return {
            "kind": type(self).__name__,
            "field": self.field,
            "relation": self.relation,
            "other": self.other,
            "value": self.value,
            "reason": self.reason,
            "text": self.doc(),
        }


@cache
def _dropped(field: str, reason: str) -> Change:
    return Change("dropped", join(field), None, reason)


class Requires(Constraint):
    """``field`` is only valid with ``other`` set (to ``value`` when given)."""

    relation = "requires"

    def __init__(self, field: str, other: str, value: Any = None, *, reason: str) -> None:
        super().__init__(field, other, value, reason)

    def broken(self, out: dict[str, Any], dialect: Dialect) -> bool:
        if out.get(dialect.wire_name(self.field)) is None:
            return False
        theirs = out.get(dialect.wire_name(self.other))
        return theirs is None or (self.value is not None and theirs != self.value)

    def condition(self, field: str, other: str) -> Schema:
        need = NOT_NULL if self.value is None else {"const": self.value}
        return {"if": present(field, NOT_NULL), "then": present(other, need)}

    def when(self) -> str:
        need = self.other if self.value is None else f"{self.other} = {json.dumps(self.value)}"
        return f"{self.field} needs {need}"


class Conflicts(Constraint):
    """``field`` (truthy) is not valid together with ``other`` (truthy); ``field`` gives way."""

    relation = "conflicts"

    def __init__(self, field: str, other: str, *, reason: str) -> None:
        super().__init__(field, other, None, reason)

    def broken(self, out: dict[str, Any], dialect: Dialect) -> bool:
        return bool(out.get(dialect.wire_name(self.field))) and bool(out.get(dialect.wire_name(self.other)))

    def condition(self, field: str, other: str) -> Schema:
        return {"not": {"required": [field, other], "properties": {field: TRUTHY, other: TRUTHY}}}

    def when(self) -> str:
        return f"{self.field} cannot go with {self.other}"


class MustNotBe(Constraint):
    """``field`` may not hold ``value``."""

    relation = "must_not_be"

    def __init__(self, field: str, value: Any, *, reason: str) -> None:
        super().__init__(field, field, value, reason)

    def broken(self, out: dict[str, Any], dialect: Dialect) -> bool:
        return bool(out.get(dialect.wire_name(self.field)) == self.value)

    def condition(self, field: str, other: str) -> Schema:
        return {"properties": {field: {"not": {"const": self.value}}}}

    def when(self) -> str:
        return f"{self.field} must not be {json.dumps(self.value)}"


COMMON_CONSTRAINTS: tuple[Constraint, ...] = (
    Requires(
        "stream_options", "stream", True, reason="stream_options is only valid with stream set to true."
    ),
    Requires(
        "top_logprobs", "logprobs", True, reason="top_logprobs is only valid with logprobs set to true."
    ),
)
"""Rules every vendor shares; dialect tables list them with their own."""

PARALLEL_NEEDS_TOOLS = Requires(
    "parallel_tool_calls", "tools", reason="parallel_tool_calls is only valid with tools."
)
"""``parallel_tool_calls`` without ``tools``: OpenAI and Azure OpenAI answer 400 "Invalid value for
'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified."
(``invalid_request_error``, param ``parallel_tool_calls``; reported for OpenAI in Upsonic/Upsonic#323,
for Azure OpenAI in openai/openai-agents-python#4326; OpenAI's own openai/swarm#32 drops the field
without tools for this reason). Checked after the field rules, so ``"tools": []`` dropped by
``NotEmpty`` counts as no tools."""


class CapAsMaxTokensWith(DialectRule):
    """The token cap goes out as ``max_tokens`` when one of ``others`` is set, although the newer
    name is carried (Azure rejects ``max_completion_tokens`` beside ``data_sources``)."""

    def __init__(self, *others: str) -> None:
        self.others = others

    def watches(self) -> Watch | None:
        return Watch("max_completion_tokens")

    def write(self, out: dict[str, Any], context: Writing) -> None:
        if "max_completion_tokens" not in out:
            return
        for other in self.others:
            if other in out:
                family = context.family
                if family is not None and "max_tokens" in family.rejects.value:
                    where = context.trace.to_input("/" + other)
                    message = (
                        f"cannot be sent with a token cap to a model of the {family.name} family: "
                        f"{context.target} takes the cap only as max_tokens beside {other}, which "
                        "the family rejects"
                    )
                    raise InvalidRequestError([(where, message)], dialect=context.target)
                out["max_tokens"] = out.pop("max_completion_tokens")
                context.trace.on_write(_cap_with(context.target, other))
                return

    def cell(self, name: str, cell: Cell) -> None:
        if name == "max_completion_tokens":
            cell.notes.append(f"as max_tokens with {', '.join(self.others)}")

    def doc(self) -> str | None:
        return f"With {', '.join(self.others)} the token cap is written as max_tokens."


@cache
def _cap_with(target: str, other: str) -> Change:
    reason = f"The {target} dialect takes the token cap as max_tokens when {other} is set."
    return Change("renamed", "/max_completion_tokens", "/max_tokens", reason)
