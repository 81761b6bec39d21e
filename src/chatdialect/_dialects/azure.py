"""Azure OpenAI chat completions, 2024 preview shape (On Your Data ``data_sources``, ``enhancements``).

Source: seed 002 (``ChatCompletionsOptions``), Azure/azure-rest-api-specs inference 2024-10-21 and the
2024-02-15-preview TypeSpec (``top_logprobs`` 0..5; ``stop`` a list). The deployment is in the URL, so
``model`` is optional. Azure rejects ``max_completion_tokens`` together with ``data_sources``.
"""

from chatdialect._dialects.base import COMMON_CONSTRAINTS, LEGACY_FIELDS, Dialect, Field, carries

DIALECT = Dialect(
    name="azure",
    title="Azure OpenAI (2024 preview)",
    source="Azure OpenAI inference API, ChatCompletionsOptions (Azure/azure-rest-api-specs)",
    fields=carries(
        "temperature", "top_p", "stop", "stream", "stream_options", "max_completion_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "user", "logprobs",
        "response_format", "tools", "parallel_tool_calls",
        "data_sources", "enhancements",
        n=Field(minimum=1, maximum=128),  # the 2024-10-21 schema: 1..128, as OpenAI
        seed=Field(minimum=-(2**63), maximum=2**63 - 1),  # int64
        top_logprobs=Field(minimum=0, maximum=5),
        tool_choice=Field(object_types=("function",)),  # no allowed_tools in the 2024-10-21 schema
    ),
    legacy=LEGACY_FIELDS,
    model_required=False,
    roles=frozenset({"system", "user", "assistant", "tool"}),
    content_parts=frozenset({"text", "image_url", "refusal"}),
    stop_list_only=True,
    max_tokens_with=("data_sources",),
    constraints=COMMON_CONSTRAINTS,
    notes=("With data_sources the token cap is written as max_tokens.",),
)
