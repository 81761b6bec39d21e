"""Azure On Your Data ``data_sources``, checked per source type and API version (SPEC section 10).

A version's table is a tuple of :class:`SourceType` rows: the type's wire name, the parameters it
requires, the authentication types it takes. :class:`DataSources` is the field rule that checks a
source dialect's entries on read (problems at the entry's pointers, never a value: the entries
carry keys) and the target's on write, and that converts the camelCase shape of the 2023 previews'
extensions API (``AzureCognitiveSearch``, ``indexName``) to the canonical snake_case shape and back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Change, Trace
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join
from chatdialect._rules.base import Cell, FieldRule, Schema, Writing, value_branches

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect

AUTH_KEYS: Mapping[str, tuple[str, ...]] = {
    "api_key": ("key",),
    "connection_string": ("connection_string",),
    "system_assigned_managed_identity": (),
    "user_assigned_managed_identity": ("managed_identity_resource_id",),
    "access_token": ("access_token",),
    "key_and_key_id": ("key", "key_id"),
    "encoded_api_key": ("encoded_api_key",),
    "username_and_password": ("username", "password"),
}
"""The keys each authentication type requires (snake_case; strings, never echoed)."""

CAMEL_TYPES: Mapping[str, str] = {
    # source types
    "azure_search": "AzureCognitiveSearch",
    "azure_ml_index": "AzureMLIndex",
    "azure_cosmos_db": "AzureCosmosDB",
    "elasticsearch": "Elasticsearch",
    "pinecone": "Pinecone",
    # authentication types
    "api_key": "APIKey",
    "connection_string": "ConnectionString",
    "system_assigned_managed_identity": "SystemAssignedManagedIdentity",
    "user_assigned_managed_identity": "UserAssignedManagedIdentity",
    "access_token": "AccessToken",
    "key_and_key_id": "KeyAndKeyId",
    "encoded_api_key": "EncodedAPIKey",
    # embedding dependencies
    "deployment_name": "DeploymentName",
    "endpoint": "Endpoint",
    "model_id": "ModelId",
}
"""The 2023 previews' spelling of type values (their examples: ``AzureCognitiveSearch``,
``UserAssignedManagedIdentity``, ``DeploymentName``, ``KeyAndKeyId``)."""
_SNAKE_TYPES = {camel: snake for snake, camel in CAMEL_TYPES.items()}


@dataclass(frozen=True, slots=True)
class SourceType:
    """One On Your Data source type of an API version: what its ``parameters`` require."""

    name: str
    """The canonical (snake_case) type name, ``azure_search``."""
    required: tuple[str, ...]
    """Parameters every entry of this type must hold (snake_case names)."""
    auth: tuple[str, ...]
    """The authentication types it takes (snake_case)."""


@dataclass(frozen=True, slots=True)
class SourceTable:
    """The data sources of one API version."""

    types: tuple[SourceType, ...]
    camel: bool = False
    """True for the 2023 previews' extensions API: camelCase keys and type values on the wire."""
    source: str = ""
    """Where the table was read."""

    def get(self, name: str) -> SourceType | None:
        return next((kind for kind in self.types if kind.name == name), None)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
"""Where a camelCase word starts: after a lower-case letter or digit, or inside an acronym
(``topNDocuments`` -> ``top_n_documents``)."""


def _snake(name: str) -> str:
    return _UPPER.sub("_", name).lower()


def _recase(value: Any, key: Any, type_values: Mapping[str, str]) -> Any:
    """A new copy of an entry with its keys in the other casing and its ``type`` values respelled."""
    if isinstance(value, dict):
        out = {}
        for name, item in value.items():
            if name == "type" and isinstance(item, str):
                out[key(name)] = type_values.get(item, item)
            else:
                out[key(name)] = _recase(item, key, type_values)
        return out
    if isinstance(value, list):
        return [_recase(item, key, type_values) for item in value]
    return value


def to_camel(entry: Any) -> Any:
    """A canonical entry in the 2023 previews' shape (a new object)."""
    out = _recase(entry, _camel, CAMEL_TYPES)
    params = out.get("parameters") if isinstance(out, dict) else None
    if isinstance(params, dict) and isinstance(params.get("queryType"), str):
        params["queryType"] = _camel(params["queryType"])
    return out


def to_snake(entry: Any) -> Any:
    """A 2023 previews' entry in the canonical shape (a new object)."""
    out = _recase(entry, _snake, _SNAKE_TYPES)
    params = out.get("parameters") if isinstance(out, dict) else None
    if isinstance(params, dict) and isinstance(params.get("query_type"), str):
        params["query_type"] = _snake(params["query_type"])
    return out


def problems(entries: Any, table: SourceTable, version: str, at: str) -> list[tuple[str, str]]:
    """What is wrong with canonical entries under ``table``: (pointer, plain sentence) pairs."""
    found: list[tuple[str, str]] = []
    if not isinstance(entries, list):
        return found  # the canonical model names a value of the wrong shape
    name_of = _camel if table.camel else str
    for index, entry in enumerate(entries):
        here = f"{at}/{index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
            continue  # the canonical model reports it
        kind = table.get(entry["type"])
        if kind is None:
            accepted = ", ".join(_spell(t.name, table) for t in table.types)
            message = f"is not a data source type of api-version {version} (it takes {accepted})"
            found.append((here + "/type", message))
            continue
        params = entry.get("parameters")
        if not isinstance(params, dict):
            continue
        for required in kind.required:
            if params.get(required) is None:
                where = f"{here}/parameters/{name_of(required)}"
                found.append((where, f"is required in {_spell(kind.name, table)} data sources"))
        auth = params.get("authentication")
        if auth is None:
            continue
        where = f"{here}/parameters/authentication"
        if not isinstance(auth, dict) or not isinstance(auth.get("type"), str):
            found.append((where, "should be an object with a type"))
            continue
        if auth["type"] not in kind.auth:
            accepted = ", ".join(_spell(a, table) for a in kind.auth)
            message = f"is not an authentication type of {_spell(kind.name, table)} (it takes {accepted})"
            found.append((where + "/type", message))
            continue
        for key in AUTH_KEYS.get(auth["type"], ()):
            value = auth.get(key)
            if value is None:
                message = f"is required with {_spell(auth['type'], table)} authentication"
                found.append((f"{where}/{name_of(key)}", message))
            elif not isinstance(value, str) or not value:
                found.append((f"{where}/{name_of(key)}", "should be a non-empty string"))
    return found


def _spell(name: str, table: SourceTable) -> str:
    return CAMEL_TYPES.get(name, name) if table.camel else name


_SECRET: Schema = {"type": "string", "minLength": 1}


class DataSources(FieldRule):
    """On Your Data entries checked against one API version's source types; the 2023 previews'
    camelCase shape converted to canonical on read and back on write (each entry ``converted``)."""

    by_content = True

    def __init__(self, table: SourceTable, version: str) -> None:
        self.table, self.version = table, version

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        if not isinstance(value, list):
            return value
        if self.table.camel:
            value = [to_snake(entry) for entry in value]
            reason = (
                f"api-version {self.version} spells data sources in camelCase; "
                "they are snake_case canonically."
            )
            for index in range(len(value)):
                trace.on_read(_converted(f"{pointer}/{index}", join(name, index), reason))
        for where, message in problems(value, self.table, self.version, pointer):
            trace.problem(where, message)
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        found = problems(value, self.table, self.version, join(name))
        if found:
            mapped = [(context.trace.to_input(where), message) for where, message in found]
            raise InvalidRequestError(mapped, dialect=context.target)
        if not self.table.camel:
            return value
        wire = context.dialect.wire_name(name)
        reason = f"api-version {self.version} spells data sources in camelCase."
        for index in range(len(value)):
            context.record("converted", join(name, index), join(wire, index), reason)
        return [to_camel(entry) for entry in value]

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append("types " + "/".join(_spell(t.name, self.table) for t in self.table.types))

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        table = self.table
        spell = (lambda key: _camel(key)) if table.camel else (lambda key: key)
        rules: list[Schema] = [
            {"properties": {"type": {"enum": [_spell(kind.name, table) for kind in table.types]}}}
        ]
        for kind in table.types:
            auth: Schema = {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": [_spell(a, table) for a in kind.auth]}},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": _spell(a, table)}}},
                        "then": {
                            "required": [spell(key) for key in AUTH_KEYS[a]],
                            "properties": {spell(key): _SECRET for key in AUTH_KEYS[a]},
                        },
                    }
                    for a in kind.auth
                    if AUTH_KEYS[a]
                ],
            }
            parameters: Schema = {
                "type": "object",
                "required": [spell(key) for key in kind.required],
                "properties": {spell("authentication"): auth},
            }
            rules.append(
                {
                    "if": {"properties": {"type": {"const": _spell(kind.name, table)}}, "required": ["type"]},
                    "then": {"required": ["parameters"], "properties": {"parameters": parameters}},
                }
            )
        for branch in value_branches(prop):
            if branch.get("type") == "array":
                branch["items"] = {"allOf": [branch.get("items", {}), *rules]}
        return prop

    def doc(self, name: str) -> str | None:
        kinds = ", ".join(f"`{_spell(t.name, self.table)}`" for t in self.table.types)
        shape = " in camelCase (converted)" if self.table.camel else ""
        return f"source types {kinds}{shape}; required parameters and authentication checked"


def _converted(path: str, target: str, reason: str) -> Change:
    return Change("converted", path, target, reason)
