"""Anthropic Messages API (``POST /v1/messages``), both ways.

Source: anthropics/anthropic-sdk-python 0.121.0 ``MessageCreateParams`` (generated from Anthropic's
OpenAPI spec) and Anthropic's docs, as collected in ``vendors/anthropic_messages.md``. ``max_tokens``
is required (4096 written when absent, the figure LiteLLM falls back to for unknown models);
``temperature`` is 0..1 (clamped, as Anthropic's own OpenAI-compatibility layer does); ``stop`` is
``stop_sequences``; ``service_tier`` is ``auto`` or ``standard_only``; ``output_config.effort`` takes
low..max. The request's structure (system hoisting, content blocks, tool use and results, tool
choice with the parallel flag, ``metadata.user_id``, ``output_config``) is the codec's.
"""

from chatdialect._dialects.anthropic_blocks import TOOL_NAME_PATTERN
from chatdialect._dialects.anthropic_codec import AnthropicCodec
from chatdialect._dialects.base import Dialect, carries
from chatdialect._rules.containers import ItemTypes, ListOnly, ObjectTypes
from chatdialect._rules.fields import Default, OneOf, Range, Rename, ValueMap
from chatdialect._rules.names import ToolNames
from chatdialect._rules.request import PARALLEL_NEEDS_TOOLS, ModelRequired

DIALECT = Dialect(
    name="anthropic",
    title="Anthropic Messages",
    source="Anthropic Messages API, MessageCreateParams (anthropic-sdk-python 0.121.0)",
    endpoint="/v1/messages",
    fields=carries(
        "top_p", "top_k", "stream", "thinking", "parallel_tool_calls", "user",
        "cache_control", "container", "mcp_servers", "context_management", "inference_geo",
        temperature=Range(0, 1),
        stop=(Rename("stop_sequences"), ListOnly()),
        max_completion_tokens=(Rename("max_tokens"), Default(4096, "LiteLLM's fallback for unknown models")),
        service_tier=ValueMap({"auto": "auto", "default": "standard_only"}),
        reasoning_effort=OneOf("low", "medium", "high", "xhigh", "max"),
        response_format=ObjectTypes("json_schema"),
        tool_choice=ObjectTypes("function"),
        tools=(
            ToolNames(TOOL_NAME_PATTERN, "1 to 128 letters, digits, _ or -", 128),
            ItemTypes("function", "anthropic"),
        ),
    ),
    # without tools, parallel_tool_calls asks for nothing; written, it would need an invented tool_choice
    rules=(ModelRequired(), PARALLEL_NEEDS_TOOLS),
    codec=AnthropicCodec(),
)
