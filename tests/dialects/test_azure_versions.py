"""Azure API versions (``api_version=``): each version's own fields, names and On Your Data sources;
outputs pass that version's request schema; data sources are checked per type and version."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from chatdialect import ChatDialectError, InvalidRequestError, dialect_names, parse, translate
from chatdialect._dialects import azure_versions
from chatdialect._dialects.azure_versions import VERSIONS, _version
from chatdialect._dialects.base import carries
from chatdialect._rules.data_sources import DataSources, SourceTable, SourceType
from conftest import REQUESTS, VENDOR_SCHEMAS, fixture_id, fixture_paths, load_fixture
from laws import assert_conserved, fix_azure_json_schema_bug, strict_vendor_schema
from strategies import valid_requests

USER = {"role": "user", "content": "Hi"}
CANARY = "sk-CANARY-0123456789"
AUTH = {"type": "system_assigned_managed_identity"}
SEARCH = {
    "type": "azure_search",
    "parameters": {"endpoint": "https://s", "index_name": "docs", "authentication": AUTH},
}

SCHEMAS = {
    "2023-12-01-preview": "azure_2023-12-01-preview_extensions_chat_completions_request.json",
    "2024-10-21": "azure_create_chat_completion_request.json",
    "2024-12-01-preview": "azure_2024-12-01-preview_create_chat_completion_request.json",
}
"""The versions whose request schema is in the conformance fixtures (SOURCES.md)."""


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    found = {}
    for version, name in SCHEMAS.items():
        schema = json.loads((VENDOR_SCHEMAS / name).read_text())
        if "ResponseFormatJsonSchema" in schema.get("$defs", {}):
            schema = fix_azure_json_schema_bug(schema)
        found[version] = Draft202012Validator(strict_vendor_schema(schema))
    return found


def errors_of(validator: Draft202012Validator, payload: dict[str, Any]) -> list[str]:
    found = validator.iter_errors(payload)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in found]


CASES = [(path, version) for path in fixture_paths() for version in SCHEMAS]


@pytest.mark.parametrize(("path", "version"), CASES, ids=[f"{fixture_id(p)}->azure@{v}" for p, v in CASES])
def test_every_fixture_written_for_a_version_passes_its_schema(
    path: Path, version: str, validators: dict[str, Draft202012Validator]
) -> None:
    payload = load_fixture(path)
    before = copy.deepcopy(payload)
    try:
        result = translate(payload, source=path.parent.name, target="azure", api_version=(None, version))
    except InvalidRequestError as error:
        # only a data source type the version lacks (none of the fixtures' types is missing from these)
        pytest.fail(f"rejected: {error}")
    assert payload == before
    assert_conserved(payload, result)
    written = {key: value for key, value in result.payload.items() if key != "model"}  # in the URL
    assert errors_of(validators[version], written) == []


@pytest.mark.parametrize("version", list(SCHEMAS))
@settings(max_examples=25)
@given(data=st.data())
def test_generated_requests_written_for_a_version_pass_its_schema(
    version: str, data: st.DataObject, validators: dict[str, Draft202012Validator]
) -> None:
    source = data.draw(st.sampled_from(["openai", "azure", "generic"]))
    payload = data.draw(valid_requests(source, target="azure"))
    try:
        result = translate(payload, source=source, target="azure", api_version=(None, version))
    except InvalidRequestError as error:
        assert all("data source type" in message for _, message in error.errors), error
        return
    written = {key: value for key, value in result.payload.items() if key != "model"}
    assert errors_of(validators[version], written) == []


def test_every_version_reads_what_it_writes() -> None:
    """Same-version identity: a payload written for a version reads back in it losing nothing."""
    for version in VERSIONS:
        written = translate(
            load_fixture(REQUESTS / "azure" / "on_your_data_azure_search.json"),
            source="azure", target="azure", api_version=(None, version),
        ).payload
        again = translate(written, source="azure", target="azure", api_version=version)
        assert again.payload == written, version
        assert not [change for change in again.changes if change.lossy], version


# --- names and fields per version ---------------------------------------------------------------


def test_the_2023_previews_spell_data_sources_in_camel_case_and_a_translation_records_it() -> None:
    new = {"messages": [USER], "data_sources": [SEARCH], "enhancements": {"ocr": {"enabled": True}}}
    versions = ("2024-05-01-preview", "2023-12-01-preview")
    old = translate(new, source="azure", target="azure", api_version=versions)
    assert old.payload["dataSources"] == [
        {
            "type": "AzureCognitiveSearch",
            "parameters": {
                "endpoint": "https://s",
                "indexName": "docs",
                "authentication": {"type": "SystemAssignedManagedIdentity"},
            },
        }
    ]
    assert old.payload["enhancements"] == {"ocr": {"enabled": True}}
    assert old.endpoint.path == "/openai/deployments/{model}/extensions/chat/completions"
    kinds = {change.path: (change.kind, change.target_path) for change in old.changes}
    assert kinds["/data_sources"] == ("renamed", "/dataSources")
    assert kinds["/data_sources/0"] == ("converted", "/dataSources/0")
    # and back to GA: camelCase converted, enhancements (not in GA) dropped with a record
    versions = ("2023-12-01-preview", "2024-10-21")
    ga = translate(old.payload, source="azure", target="azure", api_version=versions)
    assert ga.payload["data_sources"] == [SEARCH]
    kinds = {change.path: (change.kind, change.target_path) for change in ga.changes}
    assert kinds["/dataSources"] == ("renamed", "/data_sources")
    assert kinds["/dataSources/0"] == ("converted", "/data_sources/0")
    assert kinds["/enhancements"] == ("dropped", None)


def test_roles_reasoning_effort_and_the_token_cap_follow_the_version() -> None:
    payload = {
        "model": "chat-model",  # no model-table family: the version's rules alone
        "messages": [{"role": "developer", "content": "Be brief."}, USER],
        "reasoning_effort": "low",
        "max_completion_tokens": 50,
    }
    late = translate(payload, source="openai", target="azure", api_version="2024-12-01-preview")
    assert late.payload["messages"][0]["role"] == "developer"
    assert late.payload["reasoning_effort"] == "low" and late.payload["max_completion_tokens"] == 50
    ga = translate(payload, source="openai", target="azure", api_version="2024-10-21")
    assert ga.payload["messages"][0]["role"] == "system" and "reasoning_effort" not in ga.payload
    early = translate(payload, source="openai", target="azure", api_version="2024-02-15-preview")
    assert early.payload["max_tokens"] == 50 and "max_completion_tokens" not in early.payload


def test_without_api_version_the_seed_shape_is_unchanged() -> None:
    payload = {"messages": [USER], "data_sources": [SEARCH], "enhancements": {"grounding": {"enabled": True}}}
    assert translate(payload, source="azure", target="azure").payload == payload


def test_bad_api_versions_are_argument_errors() -> None:
    with pytest.raises(ChatDialectError, match="2024-10-21"):
        translate({"messages": [USER]}, source="azure", target="azure", api_version="2099-01-01")
    with pytest.raises(ChatDialectError, match="azure dialect only"):
        translate({"model": "m", "messages": [USER]}, source="openai", target="openai", api_version="2024-10-21")  # noqa: E501
    assert parse({"messages": [USER]}, dialect="azure", api_version="2024-10-21").messages


# --- data sources checked per type and version ----------------------------------------------------


def problems(payload: dict[str, Any], **options: Any) -> dict[str, str]:
    with pytest.raises(InvalidRequestError) as raised:
        translate(payload, source="azure", target="azure", **options)
    assert CANARY not in str(raised.value) and CANARY not in repr(raised.value.errors)  # never echoed
    return dict(raised.value.errors)


def test_a_search_source_without_an_index_or_a_key_is_refused_with_pointers() -> None:
    parameters = {"endpoint": "https://s", "authentication": {"type": "api_key"}}
    source = {"type": "azure_search", "parameters": parameters}
    found = problems({"messages": [USER], "data_sources": [source]})
    assert set(found) == {
        "/data_sources/0/parameters/index_name",
        "/data_sources/0/parameters/authentication/key",
    }
    assert "required" in found["/data_sources/0/parameters/index_name"]


def test_a_key_that_is_not_a_string_is_refused_without_echoing_it() -> None:
    source = copy.deepcopy(SEARCH)
    source["parameters"]["authentication"] = {"type": "api_key", "key": 12345, "note": CANARY}
    found = problems({"messages": [USER], "data_sources": [source]})
    assert found == {"/data_sources/0/parameters/authentication/key": "should be a non-empty string"}


def test_a_wrong_authentication_shape_is_refused() -> None:
    source = copy.deepcopy(SEARCH)
    source["parameters"]["authentication"] = {"type": "connection_string", "connection_string": CANARY}
    found = problems({"messages": [USER], "data_sources": [source]})
    assert list(found) == ["/data_sources/0/parameters/authentication/type"]


def test_a_type_the_version_lacks_is_refused_when_reading_and_when_writing() -> None:
    mongo = {
        "type": "mongo_db",
        "parameters": {
            "authentication": {"type": "username_and_password", "username": "u", "password": CANARY},
            "app_name": "a", "collection_name": "c", "database_name": "d", "endpoint": "e",
            "embedding_dependency": {"type": "deployment_name", "deployment_name": "emb"},
            "fields_mapping": {"content_fields": ["c"], "vector_fields": ["v"]}, "index_name": "i",
        },
    }
    payload = {"messages": [USER], "data_sources": [mongo]}
    ok = translate(payload, source="azure", target="azure", api_version="2024-12-01-preview")
    assert ok.payload["data_sources"] == [mongo]
    assert list(problems(payload, api_version="2024-10-21")) == ["/data_sources/0/type"]
    found = problems(payload, api_version=("2024-12-01-preview", "2024-10-21"))  # written: still its pointer
    assert list(found) == ["/data_sources/0/type"]


def test_camel_case_problems_point_into_the_payload_as_written() -> None:
    source = {"type": "AzureCognitiveSearch", "parameters": {"endpoint": "https://s"}}
    found = problems({"messages": [USER], "dataSources": [source]}, api_version="2023-12-01-preview")
    assert list(found) == ["/dataSources/0/parameters/indexName"]


# --- an API version is one row --------------------------------------------------------------------


def test_a_new_api_version_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a version: one row (its fields and its source types); read, written, validated."""
    table = SourceTable((SourceType("vector_db", ("url", "authentication"), ("api_key",)),))
    row = _version(
        "2099-01-01",
        "a future inference.json",
        carries("temperature", data_sources=DataSources(table, "2099-01-01")),
        developer=True,
    )
    monkeypatch.setitem(VERSIONS, "2099-01-01", row)
    auth = {"type": "api_key", "key": "k"}
    source = {"type": "vector_db", "parameters": {"url": "u", "authentication": auth}}
    developer = {"role": "developer", "content": "x"}
    payload = {"messages": [developer, USER], "data_sources": [source], "top_p": 0.5}
    result = translate(payload, source="azure", target="azure", api_version="2099-01-01")
    assert result.payload == {k: v for k, v in payload.items() if k != "top_p"}
    assert [change.path for change in result.changes] == ["/top_p"]
    found = problems({"messages": [USER], "data_sources": [SEARCH]}, api_version=(None, "2099-01-01"))
    assert list(found) == ["/data_sources/0/type"]
    assert azure_versions.VERSIONS is VERSIONS and "azure" in dialect_names()


@pytest.mark.parametrize("version", [v for v in VERSIONS if "tools" in VERSIONS[v].fields])
def test_every_version_with_tools_refuses_a_tool_name_azure_cannot_take(version: str) -> None:
    """Azure takes OpenAI's tool names (1 to 64 of a-z, A-Z, 0-9, _ and -) in every version that has
    tools; a name another dialect allows (a dot, as Gemini takes) is an error at the name, never
    sent to be refused."""
    declaration = {"name": "lookup.weather", "parameters": {"type": "object"}}
    contents = [{"role": "user", "parts": [{"text": "hi"}]}]
    payload = {"contents": contents, "tools": [{"functionDeclarations": [declaration]}]}
    with pytest.raises(InvalidRequestError) as error:
        translate(payload, source="gemini", target="azure", model="gpt-4o", api_version=(None, version))
    assert error.value.pointers == ("/tools/0/functionDeclarations/0/name",)
