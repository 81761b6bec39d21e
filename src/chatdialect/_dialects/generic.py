"""A generic OpenAI-compatible server with ``top_k`` (r9s ``ChatCompletionRequest``).

Source: seed 003. No ``functions``/``function_call``; ``logprobs: true`` needs ``stream`` false
("OpenAI constraint"); ``parallel_tool_calls`` only with ``tools``; reasoning effort low/medium/high.
"""

from chatdialect._dialects.base import (
    COMMON_CONSTRAINTS,
    Dialect,
    Field,
    carries,
    conflicts,
    requires,
)

DIALECT = Dialect(
    name="generic",
    title="Generic OpenAI-compatible server",
    source="r9s ChatCompletionRequest (seed 003)",
    fields=carries(
        "temperature", "top_p", "top_k", "n", "stop", "stream", "stream_options",
        "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias",
        "logprobs", "top_logprobs", "response_format", "seed", "tools", "tool_choice",
        "parallel_tool_calls", "user", "modalities", "audio", "service_tier", "store", "metadata",
        reasoning_effort=Field(values=("low", "medium", "high")),
    ),
    legacy=frozenset({"max_tokens"}),
    roles=frozenset({"system", "user", "assistant", "tool"}),
    constraints=(
        conflicts("logprobs", "stream", reason="logprobs is only valid when stream is false."),
        requires("parallel_tool_calls", "tools", reason="parallel_tool_calls is only valid with tools."),
        *COMMON_CONSTRAINTS,
    ),
)
