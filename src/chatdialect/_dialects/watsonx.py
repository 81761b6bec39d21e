"""IBM watsonx.ai Model Gateway chat completions (Node SDK params, snake_case on the wire).

Source: seed 001. Adds ``cache`` (non-streaming requests only) and ``router``; ``stop`` is a list.
The SDK-only ``headers`` and ``signal`` options are not part of the payload.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.shapes import OPENAI_OBJECTS, OPENAI_PARTS, OPENAI_TOOL_NAMES
from chatdialect._legacy import OPENAI_LEGACY
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, ObjectTypes
from chatdialect._rules.messages import ContentParts
from chatdialect._rules.request import COMMON_CONSTRAINTS, Conflicts, ModelRequired

DIALECT = Dialect(
    name="watsonx",
    title="IBM watsonx.ai Model Gateway",
    source="IBM watsonx.ai Node SDK, Model Gateway chat completion params (seed 001)",
    endpoint="/ml/gateway/v1/chat/completions",
    fields=carries(
        "temperature", "top_p", "n", "stream", "stream_options", "max_completion_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs",
        "response_format", "seed", "parallel_tool_calls", "user",
        "metadata", "modalities", "audio", "prediction", "reasoning_effort", "service_tier",
        "store", "cache", "router",
        stop=(ListOnly(), MaxItems(4)),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function")),
        tool_choice=ObjectTypes("function", "allowed_tools"),
    ),
    rules=(
        ModelRequired(),
        *OPENAI_LEGACY,
        OPENAI_OBJECTS,  # before ContentParts: its pointers are those of the parts as read
        ContentParts(*OPENAI_PARTS),
        Conflicts("cache", "stream", reason="cache is only supported for non-streaming requests."),
        *COMMON_CONSTRAINTS,
    ),
)
