"""Every fixture x every target: snapshots of payload + changes, the conservation law, no mutation,
and conformance with the vendors' own request schemas."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from syrupy.assertion import SnapshotAssertion

from chatdialect import ChatDialectError, InvalidRequestError, dialect_names, translate
from conftest import VENDOR_SCHEMAS, fixture_id, fixture_paths, load_fixture, source_options
from laws import (
    assert_conserved,
    assert_json_ready,
    assert_pointers_resolve,
    azure_conformance_view,
    fix_azure_json_schema_bug,
    strict_vendor_schema,
)

PATHS = fixture_paths()
CASES = [(path, target) for path in PATHS for target in dialect_names()]
IDS = [f"{fixture_id(path)}->{target}" for path, target in CASES]


def outcome(path: Path, target: str) -> dict[str, Any]:
    """The translation as a JSON-ready record: payload and changes, or the error."""
    payload = load_fixture(path)
    try:
        result = translate(payload, source=path.parent.name, target=target, **source_options(path))
    except ChatDialectError as error:
        return {"error": type(error).__name__, "message": str(error)}
    return {"payload": result.payload, "changes": [change.as_dict() for change in result.changes]}


def test_there_are_enough_fixtures() -> None:
    assert len(PATHS) >= 30
    assert {path.parent.name for path in PATHS} == set(dialect_names())


@pytest.mark.parametrize("path", PATHS, ids=[fixture_id(p) for p in PATHS])
def test_every_fixture_is_valid_in_its_own_dialect(path: Path) -> None:
    translate(load_fixture(path), source=path.parent.name, target=path.parent.name, **source_options(path))


@pytest.mark.parametrize(("path", "target"), CASES, ids=IDS)
def test_snapshot(path: Path, target: str, snapshot: SnapshotAssertion) -> None:
    assert outcome(path, target) == snapshot


@pytest.mark.parametrize(("path", "target"), CASES, ids=IDS)
def test_conservation_pointers_and_no_mutation(path: Path, target: str) -> None:
    """Nothing is lost unrecorded, every change's pointers resolve (a user follows them), the input
    is left as it was and the output is plain JSON."""
    payload = load_fixture(path)
    before = copy.deepcopy(payload)
    try:
        result = translate(payload, source=path.parent.name, target=target, **source_options(path))
    except ChatDialectError as error:
        # The expected failures: a model-less azure request sent where model is required, and a
        # conversation Bedrock's turn rules reject that could only be written by inventing a turn.
        model_less = path.parent.name == "azure" and "model" not in payload
        assert model_less or (target == "bedrock" and isinstance(error, InvalidRequestError)), error
        return
    assert payload == before
    assert_conserved(payload, result)
    assert_pointers_resolve(payload, result)
    assert_json_ready(result)


@pytest.fixture(scope="module")
def vendor_validators() -> dict[str, Draft202012Validator]:
    openai = json.loads((VENDOR_SCHEMAS / "openai_create_chat_completion_request.json").read_text())
    azure = json.loads((VENDOR_SCHEMAS / "azure_create_chat_completion_request.json").read_text())
    responses = json.loads((VENDOR_SCHEMAS / "openai_create_response_request.json").read_text())
    return {
        "openai": Draft202012Validator(strict_vendor_schema(openai)),
        "azure": Draft202012Validator(strict_vendor_schema(fix_azure_json_schema_bug(azure))),
        "responses": Draft202012Validator(strict_vendor_schema(responses)),
    }


VENDOR_CASES = [
    (case, i) for case, i in zip(CASES, IDS, strict=True) if case[1] in ("openai", "azure", "responses")
]


@pytest.mark.parametrize(("path", "target"), [c for c, _ in VENDOR_CASES], ids=[i for _, i in VENDOR_CASES])
def test_output_passes_the_vendor_schema(
    path: Path, target: str, vendor_validators: dict[str, Draft202012Validator]
) -> None:
    payload = load_fixture(path)
    try:
        result = translate(payload, source=path.parent.name, target=target, **source_options(path))
    except ChatDialectError:
        pytest.skip("the translation is rejected (model-less azure request)")
    written = azure_conformance_view(result.payload) if target == "azure" else result.payload
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in vendor_validators[target].iter_errors(written)
    ]
    assert errors == []


def test_the_azure_json_schema_exception_is_the_only_one_needed(
    vendor_validators: dict[str, Draft202012Validator],
) -> None:
    """The unpatched Azure schema rejects a correct structured-output payload: the documented spec bug."""
    azure = json.loads((VENDOR_SCHEMAS / "azure_create_chat_completion_request.json").read_text())
    raw = Draft202012Validator(azure)
    payload = {
        "messages": [{"role": "user", "content": "hi"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
    }
    assert not raw.is_valid(payload)
    assert vendor_validators["azure"].is_valid(payload)
