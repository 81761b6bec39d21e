"""OpenAI Chat Completions (``POST /v1/chat/completions``), the canonical vocabulary.

Source: seed 000 and OpenAI's OpenAPI document (``vendor-schemas/openai_create_chat_completion_request.json``,
openai/openai-openapi @ f85dbe2): ``n`` 1..128, ``metadata`` values are strings, and the enums below.
"""

from chatdialect._dialects.base import COMMON_CONSTRAINTS, LEGACY_FIELDS, Dialect, Field, carries

DIALECT = Dialect(
    name="openai",
    title="OpenAI Chat Completions",
    source="OpenAI API reference, CreateChatCompletionRequest (openai/openai-openapi)",
    fields=carries(
        "temperature", "top_p", "stop", "stream", "stream_options", "max_completion_tokens",
        "frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "top_logprobs",
        "response_format", "tools", "tool_choice", "parallel_tool_calls", "user",
        "modalities", "audio", "prediction", "store", "web_search_options",
        "prompt_cache_key", "prompt_cache_options", "safety_identifier", "moderation",
        n=Field(minimum=1, maximum=128),
        seed=Field(minimum=-(2**63), maximum=2**63 - 1),  # int64, as the vendor schema
        metadata=Field(string_values=True),
        reasoning_effort=Field(values=("none", "minimal", "low", "medium", "high", "xhigh", "max")),
        service_tier=Field(values=("auto", "default", "flex", "scale", "priority", "fast")),
        verbosity=Field(values=("low", "medium", "high")),
        prompt_cache_retention=Field(values=("in_memory", "24h")),
    ),
    legacy=LEGACY_FIELDS,
    constraints=COMMON_CONSTRAINTS,
    notes=(
        "functions, function_call and max_tokens are read and upgraded, never written.",
    ),
)
