"""The model table as people read it: ``chatdialect models`` (text or JSON) and the docs page.

Both iterate :class:`~chatdialect.models.ModelTable` rows and their facts; nothing here knows a family.
"""

from __future__ import annotations

import json
from typing import Any

from chatdialect.models import DEFAULT, INSTRUCTION_ROLES, Fact, ModelFamily, ModelTable

_TITLES = {
    "rejects": "rejects (dropped)",
    "only_at": "accepts only at one value",
    "unlocks": "accepted only with reasoning_effort",
    "effort_rejects": "rejected with reasoning_effort",
    "efforts": "reasoning_effort values",
    "verbosity": "verbosity",
    "parallel_tool_calls": "parallel_tool_calls",
    "tools": "tools",
    "roles": "instruction roles accepted",
    "fallback": "an unaccepted instruction role becomes",
    "responses_only": "served only by the Responses API",
}


def show_value(name: str, value: Any) -> str:
    """A fact's value in words."""
    if value is None:
        return "none (the field is dropped)" if name == "efforts" else "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (frozenset, set, tuple, list)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else list(value)
        return ", ".join(str(item) for item in items) if items else "none"
    if isinstance(value, dict):
        if not value:
            return "-"
        return "; ".join(f"{key}: {show_value(name, item)}" for key, item in value.items())
    return json.dumps(value) if not isinstance(value, str) else value


def _stated(fact: Fact[Any]) -> bool:
    return bool(fact.checked)


def render_models(fmt: str = "text", table: ModelTable = DEFAULT) -> str:
    """The table as text (one block per family) or JSON (``--format json``)."""
    if fmt == "json":
        return json.dumps({"families": [row.as_dict() for row in table]}, indent=2) + "\n"
    lines: list[str] = []
    for row in table:
        lines.append(f"{row.name}")
        lines.append(f"  ids: {', '.join(row.ids) or '-'}")
        if row.forward:
            lines.append(f"  forward: {', '.join(row.forward)}")
        for name, fact in row.facts():
            if not _stated(fact):
                continue
            mark = " [community]" if fact.community else ""
            lines.append(f"  {_TITLES[name]}: {show_value(name, fact.value)}{mark}")
            lines.append(f"      source: {fact.source}; checked {fact.checked}")
        lines.append("")
    return "\n".join(lines)


def models_page(table: ModelTable = DEFAULT) -> str:
    """The docs page of the model table (``docs/models.md``)."""
    out = [
        "# Model table",
        "",
        "What a request may hold depends on the model. When writing `openai`, `azure`, `responses`",
        "(and `generic`",
        "for a family named with `model_family=` or a provider-prefixed id such as `openai/o3-mini`),",
        "the model's family is looked up in `chatdialect.models.DEFAULT`: rows in order, the first",
        "match wins, on the normalised id (lower case, `openai/` / `azure/` prefixes and `ft:`",
        "wrappers removed, a date suffix optional). Forward patterns take versions not seen yet; an id",
        "no row matches gets no model rules. Model rules apply before the dialect's own, so a field",
        "is changed once, for the family's reason. `chatdialect models` prints the same table.",
        "",
        "Facts marked **community** are stated only by community reports (an issue quoting the API's",
        "error), no vendor document; correct them with `ModelTable.override(...)`:",
        "",
        "```python",
        "from chatdialect import translate",
        "from chatdialect.models import DEFAULT",
        "",
        'payload = {"model": "o3-mini", "messages": [{"role": "user", "content": "Hi"}], "temperature": 0.2}',
        'table = DEFAULT.override({"o3-mini": {"rejects": {"+": ["stop"]}}})',
        'translate(payload, source="openai", target="openai", models=table)',
        'translate(payload, source="openai", target="azure", model_family="o3, o4-mini")  # a deployment id',
        "```",
        "",
    ]
    for row in table:
        out += [f"## {row.name}", "", f"Ids: {', '.join(f'`{i}`' for i in row.ids)}."]
        if row.forward:
            out[-1] += f" Forward patterns: {', '.join(f'`{p}`' for p in row.forward)}."
        out += ["", "| fact | value | source | checked |", "|---|---|---|---|"]
        for name, fact in row.facts():
            if not _stated(fact):
                continue
            value = show_value(name, fact.value).replace("|", "\\|")
            mark = " (**community**)" if fact.community else ""
            source = fact.source.replace("|", "\\|")
            out.append(f"| {_TITLES[name]} | {value}{mark} | {source} | {fact.checked} |")
        out += ["", _dropped_sentence(row), ""]
    return "\n".join(out)


def _dropped_sentence(row: ModelFamily) -> str:
    """What a translation drops for this family, and why, in one paragraph."""
    parts = []
    rejects = sorted(row.rejects.value)
    if rejects:
        parts.append(f"drops {', '.join(f'`{r}`' for r in rejects)} (the family rejects them)")
    for field, value in row.only_at.value.items():
        parts.append(f"drops `{field}` unless it is {json.dumps(value)}")
    for effort, fields in row.unlocks.value.items():
        parts.append(f"keeps {', '.join(f'`{f}`' for f in sorted(fields))} with `reasoning_effort: {effort}`")
    efforts = row.efforts.value
    if efforts is None:
        parts.append("drops `reasoning_effort` (not a reasoning family)")
    else:
        parts.append(f"drops a `reasoning_effort` other than {', '.join(f'`{e}`' for e in efforts)}")
    if not row.verbosity.value:
        parts.append("drops `verbosity`")
    if not row.tools.value:
        parts.append("drops `tools`, `tool_choice`, `parallel_tool_calls`")
    elif not row.parallel_tool_calls.value:
        parts.append("drops `parallel_tool_calls`")
    missing = sorted(INSTRUCTION_ROLES - row.roles.value)
    if missing:
        parts.append(f"turns {' and '.join(missing)} messages into {row.fallback.value} messages")
    text = "Writing a request for this family " + "; ".join(parts) + "."
    if row.responses_only.value:
        text += " Written to a chat dialect, it warns: use the `responses` dialect."
    return text
