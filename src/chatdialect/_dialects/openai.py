"""OpenAI Chat Completions (``POST /v1/chat/completions``), the canonical vocabulary.

Source: seed 000 and OpenAI's OpenAPI document (``vendor-schemas/openai_create_chat_completion_request.json``,
openai/openai-openapi @ f85dbe2): ``n`` 1..128, ``stop`` at most 4, ``metadata`` values are strings,
and the enums below.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.shapes import OPENAI_OBJECTS, OPENAI_PARTS, OPENAI_TOOL_NAMES
from chatdialect._legacy import OPENAI_LEGACY
from chatdialect._rules.containers import ItemTypes, MaxItems, NotEmpty, ObjectTypes, StringValues
from chatdialect._rules.fields import OneOf, Range
from chatdialect._rules.messages import ContentParts
from chatdialect._rules.models import ModelRules
from chatdialect._rules.request import COMMON_CONSTRAINTS, PARALLEL_NEEDS_TOOLS, ModelRequired

DIALECT = Dialect(
    name="openai",
    title="OpenAI Chat Completions",
    source="OpenAI API reference, CreateChatCompletionRequest (openai/openai-openapi)",
    fields=carries(
        "temperature", "top_p", "stream", "stream_options", "max_completion_tokens",
        "frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "top_logprobs",
        "response_format", "parallel_tool_calls", "user",
        "modalities", "audio", "prediction", "store", "web_search_options",
        "prompt_cache_key", "prompt_cache_options", "safety_identifier", "moderation",
        n=Range(1, 128),
        stop=MaxItems(4),
        seed=Range(-(2**63), 2**63 - 1),  # int64, as the vendor schema
        metadata=StringValues(),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function"), NotEmpty()),  # OpenAI answers 400 to "tools": []
        tool_choice=ObjectTypes("function", "allowed_tools"),
        reasoning_effort=OneOf("none", "minimal", "low", "medium", "high", "xhigh", "max"),
        service_tier=OneOf("auto", "default", "flex", "scale", "priority", "fast"),
        verbosity=OneOf("low", "medium", "high"),
        prompt_cache_retention=OneOf("in_memory", "24h"),
    ),
    rules=(
        ModelRules(),  # first: canonical -> model rules -> dialect rules (SPEC 10)
        ModelRequired(),
        *OPENAI_LEGACY,
        OPENAI_OBJECTS,  # before ContentParts: its pointers are those of the parts as read
        ContentParts(*OPENAI_PARTS),
        PARALLEL_NEEDS_TOOLS,
        *COMMON_CONSTRAINTS,
    ),
    notes=("functions, function_call and max_tokens are read and upgraded, never written.",),
)
