"""The field x dialect capability matrix, generated from the dialect tables (never written by hand).

Rows are every canonical field plus the legacy wire names ``functions``, ``function_call`` and
``max_tokens``; columns are the registered dialects. A canonical row says what writing that field to the
dialect does; a legacy row says what reading that wire field from the dialect does (legacy fields are
never canonical, so they are never written).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, Literal

from chatdialect import _dialects as dialects
from chatdialect._dialects.base import Constraint, Dialect
from chatdialect._model import CANONICAL_FIELDS, ROLES

LEGACY_ROWS = ("functions", "function_call", "max_tokens")
"""Deprecated wire fields shown below the canonical ones."""

_UPGRADES = {"functions": "tools", "function_call": "tool_choice", "max_tokens": "max_completion_tokens"}
"""Where each legacy field goes when a dialect reads it."""

Format = Literal["text", "markdown", "json"]

LEGEND = (
    "Canonical rows: what writing the field to the dialect does. Legacy rows: what reading the wire "
    "field from the dialect does. carried = kept as is; renamed/converted (-> name) = written under "
    "another name or shape; dropped = the dialect cannot carry it (recorded as a change). Ranges and "
    "value lists are the dialect's own, on top of the universal checks (e.g. temperature 0..2)."
)


def matrix() -> dict[str, Any]:
    """The capability matrix as JSON-ready data: ``{"dialects": {...}, "fields": {...}}``.

    ``fields[name]["cells"][dialect]`` holds ``status``, ``target``, ``range``, ``values``, ``notes``.
    """
    table = [dialects.get(name) for name in dialects.names()]
    rows: dict[str, Any] = {}
    for name in (*CANONICAL_FIELDS, *LEGACY_ROWS):
        legacy = name in LEGACY_ROWS
        rows[name] = {
            "legacy": legacy,
            "cells": {d.name: (_legacy_cell if legacy else _cell)(name, d) for d in table},
        }
    return {"legend": LEGEND, "dialects": {d.name: _dialect_info(d) for d in table}, "fields": rows}


def render_matrix(fmt: Format = "text") -> str:
    """The matrix as an aligned text table, a Markdown fragment (table + rules), or JSON."""
    data = matrix()
    if fmt == "json":
        return json.dumps(data, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(data)
    if fmt == "text":
        return _text(data)
    raise ValueError(f"unknown matrix format {fmt!r}; use text, markdown or json")


def cell_text(cell: dict[str, Any]) -> str:
    """One cell as a short phrase: ``carried 0..5``, ``renamed (-> max_tokens)``, ``dropped``."""
    parts = [cell["status"]]
    if cell["target"]:
        parts.append(f"(-> {cell['target']})")
    if cell["range"]:
        parts.append(cell["range"])
    if cell["values"]:
        parts.append("/".join(cell["values"]))
    if cell["notes"]:
        parts.append(f"({'; '.join(cell['notes'])})")
    return " ".join(parts)


# --- cells -----------------------------------------------------------------------------------


def _new(status: str, target: str | None = None, notes: list[str] | None = None) -> dict[str, Any]:
    return {"status": status, "target": target, "range": None, "values": None, "notes": notes or []}


def _cell(name: str, dialect: Dialect) -> dict[str, Any]:
    """What writing canonical field ``name`` to ``dialect`` does."""
    if name == "model":
        return _new("carried", notes=[] if dialect.model_required else ["optional"])
    if name == "messages":
        missing = [role for role in ROLES if role not in dialect.roles]
        notes = [f"{role} -> system" for role in missing]
        if dialect.content_parts is not None:
            notes.append(f"content parts {'/'.join(sorted(dialect.content_parts))} only")
        return _new("carried", notes=notes)
    rule = dialect.fields.get(name)
    if rule is None:
        if name == "max_completion_tokens" and dialect.writes_max_tokens:
            return _new("renamed", "max_tokens")
        return _new("dropped")
    renamed = rule.wire is not None and rule.wire != name
    cell = _new("renamed" if renamed else "carried", rule.wire if renamed else None)
    cell["range"] = _range(rule.minimum, rule.maximum)
    cell["values"] = list(rule.values) if rule.values is not None else None
    if rule.string_values:
        cell["notes"].append("string values")
    if rule.object_types is not None:
        cell["notes"].append(f"objects of type {'/'.join(rule.object_types)} only")
    if name == "stop" and dialect.stop_list_only:
        cell["notes"].append("string -> list")
    if name == "max_completion_tokens" and dialect.max_tokens_with:
        cell["notes"].append(f"as max_tokens with {', '.join(dialect.max_tokens_with)}")
    return cell


def _legacy_cell(name: str, dialect: Dialect) -> dict[str, Any]:
    """What reading legacy wire field ``name`` from ``dialect`` does."""
    if name not in dialect.legacy:
        return _new("dropped")
    if name == "max_tokens":
        if dialect.writes_max_tokens:
            return _new("carried")
        return _new("renamed", _UPGRADES[name])
    return _new("converted", _UPGRADES[name])


def _range(minimum: float | None, maximum: float | None) -> str | None:
    """``0..5``, ``>= 1``, ``<= 20``, or ``None`` for no bound."""
    if minimum is not None and maximum is not None:
        return f"{_number(minimum)}..{_number(maximum)}"
    if minimum is not None:
        return f">= {_number(minimum)}"
    if maximum is not None:
        return f"<= {_number(maximum)}"
    return None


_POWERS = {-(2**63): "-2^63", 2**63 - 1: "2^63-1", -(2**31): "-2^31", 2**31 - 1: "2^31-1"}


def _number(value: float) -> str:
    """A bound as written in vendor docs: exact integers, the int64/int32 limits as powers of two."""
    if isinstance(value, int) and value in _POWERS:
        return _POWERS[value]
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:g}"


def _dialect_info(dialect: Dialect) -> dict[str, Any]:
    return {
        "title": dialect.title,
        "source": dialect.source,
        "model_required": dialect.model_required,
        "roles": [role for role in ROLES if role in dialect.roles],
        "content_parts": None if dialect.content_parts is None else sorted(dialect.content_parts),
        "stop_list_only": dialect.stop_list_only,
        "rules": [_rule(constraint) for constraint in dialect.constraints],
        "notes": list(dialect.notes),
    }


def _rule(constraint: Constraint) -> dict[str, Any]:
    """A constraint row as data plus a short sentence: when it applies, and that the field goes."""
    value = json.dumps(constraint.value)
    if constraint.relation == "requires":
        need = constraint.other if constraint.value is None else f"{constraint.other} = {value}"
        when = f"{constraint.field} needs {need}"
    elif constraint.relation == "conflicts":
        when = f"{constraint.field} cannot go with {constraint.other}"
    else:
        when = f"{constraint.field} must not be {value}"
    return {
        "field": constraint.field,
        "relation": constraint.relation,
        "other": constraint.other,
        "value": constraint.value,
        "reason": constraint.reason,
        "text": f"{when}; otherwise {constraint.field} is dropped.",
    }


# --- renderings ------------------------------------------------------------------------------


def _grid(data: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of plain cell texts."""
    names = list(data["dialects"])
    rows = []
    for field, row in data["fields"].items():
        label = f"{field} (legacy)" if row["legacy"] else field
        rows.append([label, *(cell_text(row["cells"][name]) for name in names)])
    return ["field", *names], rows


def _footer(data: dict[str, Any], bullet: str, code: str) -> list[str]:
    """Rules and notes, each once, with the dialects it applies to."""
    holders: dict[str, list[str]] = {}
    for name, info in data["dialects"].items():
        for sentence in (*(rule["text"] for rule in info["rules"]), *info["notes"]):
            holders.setdefault(sentence, []).append(name)
    every = len(data["dialects"])
    lines = []
    for sentence, names in holders.items():
        who = "all dialects" if len(names) == every else ", ".join(f"{code}{n}{code}" for n in names)
        lines.append(f"{bullet}{who}: {sentence}")
    return lines


def _text(data: dict[str, Any]) -> str:
    header, rows = _grid(data)
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)]
    out += ["", "Rules and notes:", *_footer(data, "  ", "")]
    out += ["", *textwrap.wrap(LEGEND, width=100)]
    return "\n".join(out) + "\n"


def _markdown(data: dict[str, Any]) -> str:
    header, rows = _grid(data)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    out = [LEGEND, "", line(header), "|" + "---|" * len(header)]
    out += [line([f"`{row[0]}`", *row[1:]]) for row in rows]
    out += ["", "Rules and notes by dialect:", "", *_footer(data, "- ", "`")]
    return "\n".join(out) + "\n"
