"""Azure OpenAI chat completions, 2024 preview shape (On Your Data ``data_sources``, ``enhancements``).

Source: seed 002 (``ChatCompletionsOptions``), Azure/azure-rest-api-specs inference 2024-10-21 and the
2024-02-15-preview TypeSpec (``top_logprobs`` 0..5; ``stop`` a list). The deployment is in the URL, so
``model`` is optional. Azure rejects ``max_completion_tokens`` together with ``data_sources``.
"""

from chatdialect._dialects.azure_versions import SEED_SOURCES
from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.shapes import OPENAI_TOOL_NAMES, openai_objects
from chatdialect._legacy import OPENAI_LEGACY
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, NotEmpty, ObjectTypes
from chatdialect._rules.data_sources import DataSources
from chatdialect._rules.fields import Range
from chatdialect._rules.messages import ContentParts, NoDeveloperRole
from chatdialect._rules.models import ModelRules
from chatdialect._rules.request import COMMON_CONSTRAINTS, PARALLEL_NEEDS_TOOLS, CapAsMaxTokensWith

DIALECT = Dialect(
    name="azure",
    title="Azure OpenAI (2024 preview)",
    source="Azure OpenAI inference API, ChatCompletionsOptions (Azure/azure-rest-api-specs)",
    endpoint="/openai/deployments/{model}/chat/completions",
    fields=carries(
        "temperature", "top_p", "stream", "stream_options", "max_completion_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "user", "logprobs",
        "response_format", "parallel_tool_calls", "enhancements",
        n=Range(1, 128),  # the 2024-10-21 schema: 1..128, as OpenAI
        stop=(ListOnly(), MaxItems(4)),
        seed=Range(-(2**63), 2**63 - 1),  # int64
        top_logprobs=Range(0, 5),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function"), NotEmpty()),  # OpenAI answers 400 to "tools": []
        tool_choice=ObjectTypes("function"),  # no allowed_tools in the 2024-10-21 schema
        data_sources=DataSources(SEED_SOURCES, "2024-05-01-preview"),  # the 2024 previews' source types
    ),
    rules=(
        ModelRules(),  # first: canonical -> model rules -> dialect rules (SPEC 10)
        *OPENAI_LEGACY,
        CapAsMaxTokensWith("data_sources"),
        NoDeveloperRole(),
        openai_objects(assistant_without=frozenset({"audio"})),  # before ContentParts: pointers as read
        ContentParts("text", "image_url", "refusal"),
        PARALLEL_NEEDS_TOOLS,
        *COMMON_CONSTRAINTS,
    ),
)
