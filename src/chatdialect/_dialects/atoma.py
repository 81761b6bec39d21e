"""Atoma chat completions: OpenAI-compatible, still ``functions``/``function_call`` and ``max_tokens``.

Source: seed 004 (``CreateChatCompletionRequest``). No ``max_completion_tokens`` (the cap is written
as ``max_tokens``); ``stream`` must be false; ``stop`` is a list; nulls are allowed.
"""

from chatdialect._dialects.base import COMMON_CONSTRAINTS, LEGACY_FIELDS, Dialect, carries, must_not_be

DIALECT = Dialect(
    name="atoma",
    title="Atoma",
    source="Atoma CreateChatCompletionRequest (seed 004)",
    fields=carries(
        "temperature", "top_p", "n", "stop", "stream", "presence_penalty", "frequency_penalty",
        "logit_bias", "response_format", "seed", "tools", "tool_choice", "user",
    ),
    legacy=LEGACY_FIELDS,
    roles=frozenset({"system", "user", "assistant", "tool"}),
    stop_list_only=True,
    constraints=(
        must_not_be("stream", True, reason="stream must be false for this request type."),
        *COMMON_CONSTRAINTS,
    ),
)
