"""A generic OpenAI-compatible server with ``top_k`` (r9s ``ChatCompletionRequest``).

Source: seed 003. No ``functions``/``function_call``; ``logprobs: true`` needs ``stream`` false
("OpenAI constraint"); ``parallel_tool_calls`` only with ``tools``; reasoning effort low/medium/high.
The media parts of OpenAI-compatible servers, ``video_url`` and ``audio_url`` (vLLM's and SGLang's
chat requests: ``{"type": "video_url", "video_url": {"url": ...}}``), are carried.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.shapes import OPENAI_PARTS, OPENAI_TOOL_NAMES, SERVER_PARTS, openai_objects
from chatdialect._legacy import LegacyMaxTokens
from chatdialect._rules.containers import ItemTypes, MaxItems, ObjectTypes
from chatdialect._rules.fields import OneOf
from chatdialect._rules.messages import ContentParts, NoDeveloperRole
from chatdialect._rules.models import ModelRules
from chatdialect._rules.request import COMMON_CONSTRAINTS, PARALLEL_NEEDS_TOOLS, Conflicts, ModelRequired

DIALECT = Dialect(
    name="generic",
    title="Generic OpenAI-compatible server",
    source="r9s ChatCompletionRequest (seed 003)",
    fields=carries(
        "temperature", "top_p", "top_k", "n", "stream", "stream_options",
        "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias",
        "logprobs", "top_logprobs", "response_format", "seed",
        "parallel_tool_calls", "user", "modalities", "audio", "service_tier", "store", "metadata",
        stop=MaxItems(4),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function")),
        tool_choice=ObjectTypes("function", "allowed_tools"),
        reasoning_effort=OneOf("low", "medium", "high"),
    ),
    rules=(
        ModelRules(named_only=True),  # first: canonical -> model rules -> dialect rules (SPEC 10)
        ModelRequired(),
        LegacyMaxTokens(),
        NoDeveloperRole(),
        # before ContentParts: its pointers are those of the parts as read
        openai_objects(parts=OPENAI_PARTS + SERVER_PARTS),
        ContentParts(*OPENAI_PARTS, *SERVER_PARTS),
        Conflicts("logprobs", "stream", reason="logprobs is only valid when stream is false."),
        PARALLEL_NEEDS_TOOLS,
        *COMMON_CONSTRAINTS,
    ),
)
