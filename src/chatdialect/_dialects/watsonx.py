"""IBM watsonx.ai Model Gateway chat completions (Node SDK params, snake_case on the wire).

Source: seed 001. Adds ``cache`` (non-streaming requests only) and ``router``; ``stop`` is a list.
The SDK-only ``headers`` and ``signal`` options are not part of the payload.
"""

from chatdialect._dialects.base import COMMON_CONSTRAINTS, LEGACY_FIELDS, Dialect, carries, conflicts

DIALECT = Dialect(
    name="watsonx",
    title="IBM watsonx.ai Model Gateway",
    source="IBM watsonx.ai Node SDK, Model Gateway chat completion params (seed 001)",
    fields=carries(
        "temperature", "top_p", "n", "stop", "stream", "stream_options", "max_completion_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs",
        "response_format", "seed", "tools", "tool_choice", "parallel_tool_calls", "user",
        "metadata", "modalities", "audio", "prediction", "reasoning_effort", "service_tier",
        "store", "cache", "router",
    ),
    legacy=LEGACY_FIELDS,
    stop_list_only=True,
    constraints=(
        conflicts("cache", "stream", reason="cache is only supported for non-streaming requests."),
        *COMMON_CONSTRAINTS,
    ),
)
