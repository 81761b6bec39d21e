"""OpenAI Responses API (``POST /v1/responses``), both ways.

Source: OpenAI's OpenAPI document, ``CreateResponse`` (openai/openai-openapi @ f85dbe2,
``vendor-schemas/openai_create_response_request.json``). ``max_completion_tokens`` is
``max_output_tokens``, at least 16 (a smaller cap is clamped); ``metadata`` values are strings; there
is no ``stop``, ``n``, ``seed``, ``logit_bias`` or penalty. What Responses holds with no chat
counterpart (``instructions``, ``previous_response_id``, ``conversation``, ``include``, ``truncation``,
``background``, ``max_tool_calls``, ``prompt``, reasoning options, built-in tools and kept items) is
carried under its own name and written back by this dialect alone; a stored response or conversation
is never expanded. The request's structure is the codec's.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.responses_codec import ResponsesCodec
from chatdialect._rules.containers import KeysOnly, StringValues
from chatdialect._rules.fields import OneOf, Range, Rename
from chatdialect._rules.models import RESPONSES_MODEL_RULES
from chatdialect._rules.request import COMMON_CONSTRAINTS, ModelRequired

DIALECT = Dialect(
    name="responses",
    title="OpenAI Responses",
    source="OpenAI API reference, CreateResponse (openai/openai-openapi)",
    endpoint="/v1/responses",
    fields=carries(
        "instructions", "temperature", "top_p", "stream", "top_logprobs", "logprobs", "response_format",
        "tools", "tool_choice", "parallel_tool_calls", "user", "store", "prompt_cache_key",
        "prompt_cache_options", "safety_identifier", "moderation", "reasoning", "include",
        "previous_response_id", "conversation", "background", "max_tool_calls", "prompt",
        max_completion_tokens=(Rename("max_output_tokens"), Range(16, None)),
        metadata=StringValues(),
        stream_options=KeysOnly("include_obfuscation"),  # Responses streams always report usage
        reasoning_effort=OneOf("none", "minimal", "low", "medium", "high", "xhigh", "max"),
        verbosity=OneOf("low", "medium", "high"),
        service_tier=OneOf("auto", "default", "flex", "scale", "priority", "fast", "ultrafast"),
        prompt_cache_retention=OneOf("in_memory", "24h"),
        truncation=OneOf("auto", "disabled"),
    ),
    # the model's family first (SPEC 10); stream_options needs stream: true
    rules=(RESPONSES_MODEL_RULES, ModelRequired(), COMMON_CONSTRAINTS[0]),
    codec=ResponsesCodec(),
)
