"""Azure OpenAI chat completions per API version (``api_version=``, SPEC section 10).

Each version is one row of :data:`VERSIONS`: a :class:`~chatdialect._dialects.base.Dialect` built
from that version's own request schema (Azure/azure-rest-api-specs,
``specification/cognitiveservices/data-plane/AzureOpenAI/inference/``): the fields it carries and
their names, its On Your Data source types (:data:`SOURCES`), whether it has the ``developer`` role.
Without ``api_version=`` the ``azure`` dialect is the seed's 2024 preview shape (``azure.py``).
Adding a version is one row. Where a version's schema was not read field by field, the row carries
less, never more: a field left out is dropped with a record, never sent to be refused.
"""

from __future__ import annotations

from chatdialect._dialects.base import Dialect, Rules, carries
from chatdialect._dialects.shapes import OPENAI_TOOL_NAMES, openai_objects
from chatdialect._legacy import LegacyFunctionCall, LegacyFunctions, LegacyHistory, LegacyMaxTokens
from chatdialect._rules.base import DialectRule, FieldRule
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, NotEmpty, ObjectTypes
from chatdialect._rules.data_sources import DataSources, SourceTable, SourceType
from chatdialect._rules.fields import OneOf, Range, Rename
from chatdialect._rules.messages import ContentParts, NoDeveloperRole, TextContentOnly
from chatdialect._rules.models import ModelRules
from chatdialect._rules.request import COMMON_CONSTRAINTS, PARALLEL_NEEDS_TOOLS, CapAsMaxTokensWith

SPECS = "Azure/azure-rest-api-specs specification/cognitiveservices/data-plane/AzureOpenAI/inference/"
LEARN = "Microsoft Learn, Azure OpenAI On Your Data reference (data source pages)"

# --- On Your Data source types -----------------------------------------------------------------

SEARCH = ("api_key", "system_assigned_managed_identity", "user_assigned_managed_identity")
AZURE_SEARCH = SourceType("azure_search", ("endpoint", "index_name", "authentication"), SEARCH)
AZURE_SEARCH_TOKEN = SourceType(
    "azure_search", ("endpoint", "index_name", "authentication"), (*SEARCH, "access_token")
)
COSMOS = SourceType(
    "azure_cosmos_db",
    (
        "authentication", "database_name", "container_name", "index_name", "fields_mapping",
        "embedding_dependency",
    ),
    ("connection_string",),
)
ELASTICSEARCH = SourceType(
    "elasticsearch", ("endpoint", "index_name", "authentication"), ("key_and_key_id", "encoded_api_key")
)
PINECONE = SourceType(
    "pinecone",
    ("environment", "index_name", "fields_mapping", "embedding_dependency", "authentication"),
    ("api_key",),
)
ML_INDEX = SourceType(
    "azure_ml_index",
    ("project_resource_id", "name", "version", "authentication"),
    ("access_token", "system_assigned_managed_identity", "user_assigned_managed_identity"),
)
MONGO = SourceType(
    "mongo_db",
    (
        "authentication", "app_name", "collection_name", "database_name", "endpoint",
        "embedding_dependency", "fields_mapping", "index_name",
    ),
    ("username_and_password",),
)

SOURCES: dict[str, SourceTable] = {
    "2023-12-01-preview": SourceTable(
        (
            SourceType("azure_search", ("endpoint", "index_name"), (*SEARCH, "access_token")),
            SourceType("azure_ml_index", ("project_resource_id", "name", "version"), ML_INDEX.auth),
            SourceType("azure_cosmos_db", COSMOS.required[1:], COSMOS.auth),
            SourceType("elasticsearch", ("endpoint", "index_name"), ELASTICSEARCH.auth),
            SourceType("pinecone", PINECONE.required[:-1], PINECONE.auth),
        ),
        camel=True,
        source=SPECS + "preview/2023-12-01-preview examples (extensions_chat_completions_*.json)",
    ),
    "2024-02-15-preview": SourceTable(
        (AZURE_SEARCH_TOKEN, ML_INDEX, COSMOS, ELASTICSEARCH, PINECONE),
        source=SPECS + "preview/2024-02-15-preview examples; " + LEARN,
    ),
    "2024-05-01-preview": SourceTable(
        (AZURE_SEARCH_TOKEN, ML_INDEX, COSMOS, ELASTICSEARCH, PINECONE),
        source=SPECS + "preview/2024-05-01-preview examples (chat_completions_*.json); " + LEARN,
    ),
    "2024-10-21": SourceTable(
        (AZURE_SEARCH, COSMOS),
        source=SPECS + "stable/2024-10-21/inference.json @ 132b90d (azureChatExtensionType)",
    ),
    "2024-12-01-preview": SourceTable(
        (AZURE_SEARCH_TOKEN, COSMOS, ELASTICSEARCH, MONGO, PINECONE),
        source=SPECS + "preview/2024-12-01-preview/inference.json @ 219805c (x-ms-examples, "
        "elasticsearch/mongoDB ChatExtensionParameters)",
    ),
    "2025-04-01-preview": SourceTable(
        (AZURE_SEARCH_TOKEN, COSMOS, ELASTICSEARCH, MONGO, PINECONE),
        source=SPECS + "preview/2025-04-01-preview examples (chat_completions_*.yaml)",
    ),
}
"""Each version's On Your Data source types; ``SEED_SOURCES`` is the seed dialect's."""

SEED_SOURCES = SOURCES["2024-05-01-preview"]

# --- the versions -------------------------------------------------------------------------------

INT64 = Range(-(2**63), 2**63 - 1)
TOOLS: Rules = (OPENAI_TOOL_NAMES, ItemTypes("function"), NotEmpty())  # Azure answers 400 to "tools": []
ENDPOINT = "/openai/deployments/{model}/chat/completions"
LEGACY_CALLS: tuple[DialectRule, ...] = (LegacyFunctions(), LegacyFunctionCall(), LegacyHistory())


def _data_sources(version: str, *wire: FieldRule) -> Rules:
    return (*wire, DataSources(SOURCES[version], version))


def _version(
    name: str,
    source: str,
    fields: dict[str, Rules],
    *,
    developer: bool = False,
    parts: tuple[str, ...] = ("text", "image_url", "refusal"),
    legacy: tuple[DialectRule, ...] = (LegacyMaxTokens(), *LEGACY_CALLS),
    endpoint: str = ENDPOINT,
    notes: tuple[str, ...] = (),
    text_only: bool = False,
    assistant_without: frozenset[str] = frozenset({"audio"}),
) -> Dialect:
    """The ``azure`` dialect of one API version (the same rule order as the seed's table)."""
    # where the version has max_completion_tokens, Azure still takes only max_tokens beside data_sources
    cap_rules = fields.get("max_completion_tokens", ())
    renamed = any(isinstance(rule, Rename) for rule in cap_rules)
    cap = (CapAsMaxTokensWith("data_sources"),) if cap_rules and not renamed else ()
    return Dialect(
        name="azure",
        title=f"Azure OpenAI (api-version {name})",
        source=source,
        endpoint=endpoint,
        fields=fields,
        rules=(
            ModelRules(),
            *legacy,
            *cap,
            *(() if developer else (NoDeveloperRole(),)),
            openai_objects(assistant_without=assistant_without),
            ContentParts(*parts),
            *((TextContentOnly(),) if text_only else ()),
            *((PARALLEL_NEEDS_TOOLS,) if "parallel_tool_calls" in fields else ()),
            *COMMON_CONSTRAINTS,
        ),
        notes=notes,
    )


_GA_FIELDS = (
    "temperature", "top_p", "stream", "max_completion_tokens", "presence_penalty", "frequency_penalty",
    "logit_bias", "user", "logprobs", "response_format", "parallel_tool_calls",
)

def _preview_2024(version: str) -> dict[str, Rules]:
    """The fields of the 2024 previews (2024-02-15 and 2024-05-01: the same request schema)."""
    return carries(
        "temperature", "top_p", "stream", "presence_penalty", "frequency_penalty", "logit_bias",
        "user", "logprobs", "response_format", "enhancements",
        n=Range(1, 128),
        stop=(ListOnly(), MaxItems(4)),
        seed=INT64,
        top_logprobs=Range(0, 5),
        tools=TOOLS,
        tool_choice=ObjectTypes("function"),
        max_completion_tokens=Rename("max_tokens"),
        data_sources=_data_sources(version),
    )


def _reasoning_preview(version: str) -> dict[str, Rules]:
    """The fields of the previews with reasoning models (2024-12-01 and 2025-04-01: the same request
    schema, the developer role)."""
    return carries(
        *_GA_FIELDS, "stream_options",
        n=Range(1, 128),
        stop=MaxItems(4),
        seed=INT64,
        top_logprobs=Range(0, 20),
        tools=TOOLS,
        tool_choice=ObjectTypes("function"),
        reasoning_effort=OneOf("low", "medium", "high"),
        data_sources=_data_sources(version),
    )


VERSIONS: dict[str, Dialect] = {
    "2023-12-01-preview": _version(
        "2023-12-01-preview",
        SPECS + "preview/2023-12-01-preview/inference.json @ 0ca0d58, extensionsChatCompletionsRequest",
        carries(
            "temperature", "top_p", "stream", "presence_penalty", "frequency_penalty", "logit_bias",
            "user", "enhancements",
            stop=MaxItems(4),
            max_completion_tokens=Rename("max_tokens"),
            data_sources=_data_sources("2023-12-01-preview", Rename("dataSources")),
        ),
        parts=("text",),
        text_only=True,
        assistant_without=frozenset({"audio", "tool_calls", "refusal"}),  # no tools in this API
        legacy=(),
        endpoint="/openai/deployments/{model}/extensions/chat/completions",
        notes=(
            "The extensions API: dataSources and enhancements, camelCase source parameters; messages "
            "hold text only; no tools, n, seed, response_format or max_completion_tokens.",
        ),
    ),
    "2024-02-15-preview": _version(
        "2024-02-15-preview",
        SPECS + "preview/2024-02-15-preview (TypeSpec ChatCompletionsOptions: data_sources and "
        "enhancements added in this version; top_logprobs 0..5)",
        _preview_2024("2024-02-15-preview"),
        legacy=LEGACY_CALLS,
    ),
    "2024-05-01-preview": _version(
        "2024-05-01-preview",
        SPECS + "preview/2024-05-01-preview (as 2024-02-15-preview; its examples for the source types)",
        _preview_2024("2024-05-01-preview"),
        legacy=LEGACY_CALLS,
    ),
    "2024-10-21": _version(
        "2024-10-21",
        SPECS + "stable/2024-10-21/inference.json @ 132b90d "
        "(vendor-schemas/azure_create_chat_completion_request.json)",
        carries(
            *_GA_FIELDS,
            n=Range(1, 128),
            stop=MaxItems(4),
            seed=INT64,
            top_logprobs=Range(0, 20),
            tools=TOOLS,
            tool_choice=ObjectTypes("function"),
            data_sources=_data_sources("2024-10-21"),
        ),
    ),
    "2024-12-01-preview": _version(
        "2024-12-01-preview",
        SPECS + "preview/2024-12-01-preview/inference.json @ 219805c, createChatCompletionRequest",
        _reasoning_preview("2024-12-01-preview"),
        developer=True,
    ),
    "2025-04-01-preview": _version(
        "2025-04-01-preview",
        SPECS + "preview/2025-04-01-preview (as 2024-12-01-preview; its examples for the source types)",
        _reasoning_preview("2025-04-01-preview"),
        developer=True,
    ),
}
"""The Azure API versions chatdialect writes and reads, by ``api-version``."""
