"""Atoma chat completions: OpenAI-compatible, still ``functions``/``function_call`` and ``max_tokens``.

Source: seed 004 (``CreateChatCompletionRequest``). No ``max_completion_tokens`` (the cap is written
as ``max_tokens``); ``stream`` must be false; ``stop`` is a list; nulls are allowed.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.shapes import OPENAI_OBJECTS, OPENAI_PARTS, OPENAI_TOOL_NAMES
from chatdialect._legacy import LegacyFunctionCall, LegacyFunctions, LegacyHistory
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, ObjectTypes
from chatdialect._rules.fields import Rename
from chatdialect._rules.messages import ContentParts, NoDeveloperRole
from chatdialect._rules.request import COMMON_CONSTRAINTS, ModelRequired, MustNotBe

DIALECT = Dialect(
    name="atoma",
    title="Atoma",
    source="Atoma CreateChatCompletionRequest (seed 004)",
    fields=carries(
        "temperature", "top_p", "n", "stream", "presence_penalty", "frequency_penalty",
        "logit_bias", "response_format", "seed", "user",
        max_completion_tokens=Rename("max_tokens"),
        stop=(ListOnly(), MaxItems(4)),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function")),
        tool_choice=ObjectTypes("function", "allowed_tools"),
    ),
    rules=(
        ModelRequired(),
        LegacyFunctions(),
        LegacyFunctionCall(),
        LegacyHistory(),
        NoDeveloperRole(),
        OPENAI_OBJECTS,  # before ContentParts: its pointers are those of the parts as read
        ContentParts(*OPENAI_PARTS),
        MustNotBe("stream", True, reason="stream must be false for this request type."),
        *COMMON_CONSTRAINTS,
    ),
)
