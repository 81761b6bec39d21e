"""The field x dialect capability matrix, generated from the dialect tables (never written by hand).

Rows are every canonical field plus the legacy wire names ``functions``, ``function_call`` and
``max_tokens``; columns are the registered dialects. A canonical row says what writing that field to the
dialect does; a legacy row says what reading that wire field from the dialect does (legacy fields are
never canonical, so they are never written). Every cell is filled in by the dialect's rules: this
module decodes no rule itself.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, Literal

from chatdialect import _dialects as dialects
from chatdialect._dialects.base import Dialect
from chatdialect._instructions import LOWERED
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._rules.base import Cell

LEGACY_ROWS = ("functions", "function_call", "max_tokens")
"""Deprecated wire fields shown below the canonical ones."""

Format = Literal["text", "markdown", "json"]

LEGEND = (
    "Canonical rows: what writing the field to the dialect does. Legacy rows: what reading the wire "
    "field from the dialect does. carried = kept as is; renamed/converted (-> name) = written under "
    "another name or shape; dropped = the dialect cannot carry it (recorded as a change). Ranges and "
    "value lists are the dialect's own, on top of the universal checks (e.g. temperature 0..2)."
)


def matrix() -> dict[str, Any]:
    """The capability matrix as JSON-ready data: ``{"dialects": {...}, "fields": {...}}``.

    ``fields[name]["cells"][dialect]`` holds ``status``, ``target``, ``range``, ``values``, ``notes``:
    each cell is what the dialect's rules say of the field (every rule fills in its own part).
    """
    table = [dialects.get(name) for name in dialects.names()]
    rows: dict[str, Any] = {}
    for name in CANONICAL_FIELDS:
        rows[name] = {"legacy": False, "cells": {d.name: field_cell(name, d).as_dict() for d in table}}
    for name in LEGACY_ROWS:
        rows[name] = {"legacy": True, "cells": {d.name: legacy_cell(name, d).as_dict() for d in table}}
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


def field_cell(name: str, dialect: Dialect) -> Cell:
    """What writing canonical field ``name`` to ``dialect`` does, as its rules state it."""
    if name == "model":
        cell = Cell(notes=[] if dialect.model_required else ["optional"])
    elif name == "messages":
        cell = Cell()
    else:
        rules = dialect.fields.get(name)
        if rules is None and name in LOWERED:
            return Cell("converted", notes=[LOWERED[name]])
        if rules is None:
            return Cell("dropped")
        cell = Cell()
        for rule in rules:
            rule.cell(name, cell)
    codec = dialect.codec
    if codec is not None and name in codec.writes and cell.status == "carried":
        cell.status = "converted"
    for each in dialect.rules:
        each.cell(name, cell)
    return cell


def legacy_cell(name: str, dialect: Dialect) -> Cell:
    """What reading deprecated wire field ``name`` from ``dialect`` does."""
    for rule in dialect.rules:
        row = rule.legacy_rows().get(name)
        if row is not None:
            return row
    if name in dialect.wire_names:  # the dialect's own name of a canonical field: read and written back
        return Cell()
    return Cell("dropped")


def _dialect_info(dialect: Dialect) -> dict[str, Any]:
    return {
        "title": dialect.title,
        "source": dialect.source,
        "endpoint": dialect.endpoint,
        "model_required": dialect.model_required,
        "rules": [rule.info() for rule in dialect.rules if rule.doc()],
        "notes": [*(dialect.codec.notes if dialect.codec else ()), *dialect.notes],
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
