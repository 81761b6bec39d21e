"""What the engine smoke tests share: docs/scale.md's recipes, a hash over rows, the one-process result."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from chatdialect.arrow import translate_batch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import logs  # noqa: E402, F401 - the log maker, for the tests


def recipe(name: str, lang: str = "python") -> str:
    """The block of docs/scale.md after the marker ``<!-- skip: engines NAME recipe ... -->``, unindented."""
    text = (ROOT / "docs" / "scale.md").read_text()
    found = re.search(
        rf"^( *)<!-- skip: engines {name} recipe[^>]*-->\n *```{lang}\n(.*?)^ *```", text, re.S | re.M
    )
    assert found, f"no {name} recipe in docs/scale.md"
    indent = len(found.group(1))
    return "".join(line[indent:] for line in found.group(2).splitlines(keepends=True))


def digest(rows: list[dict[str, Any]]) -> str:
    """A hash over every row, in id order."""
    hashed = hashlib.sha256()
    for row in sorted(rows, key=lambda row: row["id"]):
        hashed.update(json.dumps(row, sort_keys=True).encode())
    return hashed.hexdigest()


def one_process(table: Any, **kwargs: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = translate_batch(table, source="openai", target="azure", **kwargs).to_pylist()
    return rows
