"""Google Gemini ``generateContent`` (Gemini API and Vertex AI bodies), both ways.

Source: googleapis/python-genai 2.19.0 (``_GenerateContentParameters_to_mldev`` and the ``types``
it maps) and Google's Gemini API docs, as collected in ``vendors/gemini_generate_content.md``. The
model and streaming are in the URL (``models/{model}:generateContent``, or
``:streamGenerateContent?alt=sse``): ``model`` and ``stream`` are ``moved`` to the endpoint, and read
from ``model=`` / ``stream=``. ``stopSequences`` takes up to 5; ``thinkingConfig.thinkingLevel``
takes minimal..high; ``serviceTier`` calls OpenAI's ``default`` ``standard``. ``safetySettings``,
``cachedContent`` and ``labels`` have no counterpart elsewhere and are kept for ``gemini`` alone, as
are the ``generationConfig`` and ``toolConfig`` keys with no canonical field. The request's
structure (contents and parts, ``systemInstruction``, function declarations, ``toolConfig``,
``generationConfig``, the spellings clients send) is the codec's.
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.gemini_codec import GeminiCodec
from chatdialect._dialects.gemini_schema import GEMINI_TOOL_NAMES
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, ObjectTypes
from chatdialect._rules.fields import OneOf

DIALECT = Dialect(
    name="gemini",
    title="Google Gemini generateContent",
    source="Gemini API GenerateContentRequest (googleapis/python-genai 2.19.0, ai.google.dev/api)",
    endpoint="/v1beta/models/{model}:generateContent",
    stream_endpoint="/v1beta/models/{model}:streamGenerateContent?alt=sse",
    fields=carries(
        "stream",
        "temperature",
        "top_p",
        "top_k",
        "n",
        "max_completion_tokens",
        "presence_penalty",
        "frequency_penalty",
        "seed",
        "logprobs",
        "top_logprobs",
        "response_format",
        "labels",
        "safety_settings",
        "cached_content",
        "thinking",
        "generation_config",
        "tool_config",
        stop=(ListOnly(), MaxItems(5)),
        tool_choice=ObjectTypes("function", "allowed_tools"),  # a Responses hosted tool choice: dropped
        tools=(GEMINI_TOOL_NAMES, ItemTypes("function", "gemini")),
        reasoning_effort=OneOf("minimal", "low", "medium", "high"),
        service_tier=OneOf("auto", "default", "flex", "priority"),
    ),
    codec=GeminiCodec(),
)
