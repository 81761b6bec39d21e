"""The model rules: what the request's model family accepts, applied before the dialect's own rules
(SPEC section 10: canonical -> model rules -> dialect rules).

:class:`ModelRules` is listed in a dialect's ``rules`` like any request-wide rule; the engine calls
its :meth:`~ModelRules.apply` on the canonical request before the field loop, so a field the family
rejects is dropped once, for the family's reason, and the dialect's rules never see it. The facts
come from a :class:`~chatdialect.models.ModelTable` row (``chatdialect.models``).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from chatdialect._changes import Change
from chatdialect._errors import ChatDialectError
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._rules.base import DialectRule, Writing
from chatdialect.models import DEFAULT, INSTRUCTION_ROLES, ModelFamily, ModelTable, is_prefixed

_MISSING = object()
_ORDER = {name: index for index, name in enumerate(CANONICAL_FIELDS)}


class ModelRules(DialectRule):
    """Apply the model family's facts when writing this dialect.

    ``named_only``: only for a family named with ``model_family=`` or a provider-prefixed id
    (``openai/o3-mini``), as for ``generic`` servers whose ids name other vendors' models.
    ``chat``: the dialect is a chat-completions API, so a Responses-only family gets a warning.
    """

    def __init__(self, *, named_only: bool = False, chat: bool = True) -> None:
        self.named_only, self.chat = named_only, chat
        self._usual: dict[str, ModelFamily | None] = {}

    def usual(self, model: Any) -> ModelFamily | None:
        """:meth:`resolve` of ``model`` in the default table, with no ``model_family=``: the call
        every translation makes, answered once per model id (bounded: ids are few, but a caller may
        send many; the default table never changes)."""
        found = self._usual.get(model, _MISSING) if type(model) is str else None
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        row = self.resolve(model, None, None)
        if len(self._usual) >= 4096:
            self._usual.clear()
        self._usual[model] = row
        return row

    def resolve(self, model: Any, family: str | None, table: ModelTable | None) -> ModelFamily | None:
        """The row that applies to a request for ``model`` (``family``: ``model_family=``)."""
        table = DEFAULT if table is None else table
        if family is not None:
            row = table.family(family)
            if row is None:
                known = ", ".join(each.name for each in table)
                raise ChatDialectError(f"model_family names no family of the model table; known: {known}")
            return row
        if type(model) is not str or (self.named_only and not is_prefixed(model)):
            return None
        return table.find(model)

    def apply(self, data: dict[str, Any], context: Writing) -> None:
        """Drop or convert what the family does not accept, in the canonical request (recorded)."""
        family = context.family
        if family is None:
            return
        name = family.name
        effort = data.get("reasoning_effort")
        if effort is not None:
            efforts = family.efforts.value
            if efforts is None:
                del data["reasoning_effort"]
                reason = f"The {name} family takes no reasoning_effort."
                context.trace.on_write(_dropped("reasoning_effort", reason))
                effort = None
            elif effort not in efforts:
                del data["reasoning_effort"]
                allowed = ", ".join(efforts)
                reason = f"The {name} family does not take this reasoning_effort value (it takes {allowed})."
                context.trace.on_write(_dropped("reasoning_effort", reason))
                effort = None
        unlocked: frozenset[str] = frozenset()
        by_effort: frozenset[str] = frozenset()
        if effort is not None:
            unlocked = family.unlocks.value.get(effort, unlocked)
            by_effort = family.effort_rejects.value.get(effort, by_effort)
        rejected = family.rejects.value | by_effort
        if not family.verbosity.value:
            rejected = rejected | {"verbosity"}
        if not family.tools.value:
            rejected = rejected | {"tools", "tool_choice", "parallel_tool_calls"}
        if not family.parallel_tool_calls.value:
            rejected = rejected | {"parallel_tool_calls"}
        for field in sorted((f for f in rejected if f in data and f not in unlocked), key=_ORDER.__getitem__):
            del data[field]
            unless = next((value for value, fields in family.unlocks.value.items() if field in fields), None)
            reason = _rejects(name, field, effort if field in by_effort else None, unless)
            context.trace.on_write(_dropped(field, reason))
        for field, value in family.only_at.value.items():
            if field in data and field not in unlocked and data[field] != value:
                del data[field]
                unless = next((v for v, fields in family.unlocks.value.items() if field in fields), None)
                also = f" (or with reasoning_effort {unless})" if unless is not None else ""
                reason = f"The {name} family accepts {field} only at {json.dumps(value)}{also}."
                context.trace.on_write(_dropped(field, reason))
        self._roles(data, family, context)

    @staticmethod
    def _roles(data: dict[str, Any], family: ModelFamily, context: Writing) -> None:
        accepted = family.roles.value
        if accepted.issuperset(INSTRUCTION_ROLES):
            return
        fallback = family.fallback.value
        for index, message in enumerate(data.get("messages", ())):
            role = message.get("role")
            if role in INSTRUCTION_ROLES and role not in accepted:
                message["role"] = fallback
                pointer = f"/messages/{index}/role"
                reason = (
                    f"The {family.name} family does not accept {role} messages; "
                    f"the message became a {fallback} message."
                )
                context.record("converted", pointer, pointer, reason)

    def doc(self) -> str | None:
        which = (
            "for a family named with `model_family=` or a provider-prefixed id (`openai/o3-mini`)"
            if self.named_only
            else "for the request's model (or `model_family=`)"
        )
        return (
            f"Model rules (the model table, `chatdialect models`) apply first, {which}: what the "
            "family rejects is dropped, an instruction role it lacks is converted."
        )


def _rejects(family: str, field: str, effort: str | None, unless: str | None) -> str:
    if effort is not None:
        return f"The {family} family does not accept {field} with reasoning_effort {effort}."
    if unless is not None:
        return f"The {family} family accepts {field} only with reasoning_effort {unless}."
    return f"The {family} family does not accept {field}."


@cache  # changes are immutable, and these depend only on a field and a reason
def _dropped(field: str, reason: str) -> Change:
    return Change("dropped", "/" + field, None, reason)


RESPONSES_MODEL_RULES = ModelRules(chat=False)
"""The hook for the ``responses`` dialect (issue 13): listed first in its ``rules``, the model
table's rows apply to Responses requests as to chat ones (on the canonical request, before the
codec gives it the Responses shape), and a Responses-only family gets no warning there."""
