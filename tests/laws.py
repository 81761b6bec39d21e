"""Laws every translation obeys (SPEC section 6), as assertions shared by example and property tests."""

from __future__ import annotations

import copy
import json
from typing import Any

from chatdialect import Translation
from strategies import resolves

PREVIEW_ONLY_AZURE_FIELDS = ("enhancements", "stream_options", "model")
"""2024-preview Azure fields the GA 2024-10-21 schema does not list (vendor-schemas/SOURCES.md 2b)."""


def assert_conserved(payload: dict[str, Any], result: Translation) -> None:
    """Every non-null input key is in the output or the path (or a prefix) of a change; every new
    output key is the target_path (or a prefix of it) of a change."""
    paths = {change.path for change in result.changes if change.path is not None}
    targets = {change.target_path for change in result.changes if change.target_path}
    for key, value in payload.items():
        if value is None or key in result.payload:
            continue
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        assert any(path == pointer or path.startswith(pointer + "/") for path in paths), (
            f"{pointer} vanished without a change record"
        )
    for key in result.payload:
        if key not in payload or payload[key] is None:
            pointer = "/" + key.replace("~", "~0").replace("/", "~1")
            assert any(target == pointer or target.startswith(pointer + "/") for target in targets), (
                f"{pointer} appeared without a change record"
            )


def assert_pointers_resolve(payload: dict[str, Any], result: Translation) -> None:
    """Every change's pointers name something (SPEC 6): ``path`` a value in the caller's payload,
    ``target_path`` a value in the output. Only a value the caller did not give has no ``path`` (a
    ``defaulted`` one, always so, or one ``moved`` in from ``model=``/``stream=``); a ``dropped`` one
    has no ``target_path``."""
    for change in result.changes:
        if change.path is None:
            assert change.kind in ("defaulted", "moved"), f"{change} names no input field"
        else:
            assert change.kind != "defaulted", f"{change}: a defaulted value has no input pointer"
            assert resolves(payload, change.path), f"{change}: its path is not in the input"
        if change.target_path is not None:
            assert change.kind != "dropped", f"{change}: a dropped value has no output pointer"
            found = resolves(result.payload, change.target_path)
            assert found, f"{change}: its target_path is not in the output"


def assert_json_ready(result: Translation) -> None:
    """The output is plain JSON: it survives a strict dumps/loads round trip unchanged."""
    text = json.dumps(result.payload, allow_nan=False)
    assert json.loads(text) == result.payload


def strict_vendor_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The vendor schema rejecting top-level keys the vendor does not declare."""
    strict = copy.deepcopy(schema)
    strict["unevaluatedProperties"] = False
    return strict


def azure_conformance_view(payload: dict[str, Any]) -> dict[str, Any]:
    """What of an azure payload the GA schema can judge: without the 2024-preview-only fields."""
    return {key: value for key, value in payload.items() if key not in PREVIEW_ONLY_AZURE_FIELDS}


def fix_azure_json_schema_bug(schema: dict[str, Any]) -> dict[str, Any]:
    """Azure 2024-10-21 requires ``json_schema.type``, which is not a property (SOURCES.md 4)."""
    fixed = copy.deepcopy(schema)
    inner = fixed["$defs"]["ResponseFormatJsonSchema"]["properties"]["json_schema"]
    inner["required"] = [name for name in inner.get("required", []) if name != "type"]
    return fixed
