"""The ``gemini`` shape codec: Gemini ``generateContent`` structure <-> the canonical request.

Structure only (SPEC section 8, "Decisions fixed for gemini"): the spellings clients send, the
system instruction and turns, function declarations and built-in tools, ``toolConfig``, and the
``generationConfig`` fields. Renames of top-level fields, ranges and value maps belong to the
dialect's rule table. The codec is split by job (``gemini_parts`` names the modules); none mutates
its input or fetches anything.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace
from chatdialect._codec import Codec, Schema
from chatdialect._dialects import gemini_schema
from chatdialect._dialects.gemini_reading import read_payload
from chatdialect._dialects.gemini_writing import write_payload


class GeminiCodec(Codec):
    """Gemini ``generateContent`` requests <-> canonical requests."""

    handles: tuple[str, ...] = (
        "contents",
        "systemInstruction",
        "tools",
        "toolConfig",
        "generationConfig",
        "serviceTier",
    )
    handles += ("safetySettings", "cachedContent")
    aliases: tuple[str, ...] = ("system_instruction", "tool_config", "generation_config", "service_tier")
    aliases += ("safety_settings", "cached_content")
    writes: tuple[str, ...] = ("model", "stream", "messages", "tools", "tool_choice", "tool_config")
    writes += ("temperature", "top_p", "top_k", "n", "max_completion_tokens", "stop", "presence_penalty")
    writes += ("frequency_penalty", "seed", "logprobs", "top_logprobs", "response_format", "thinking")
    writes += ("reasoning_effort", "generation_config", "service_tier", "safety_settings", "cached_content")
    notes = (
        "snake_case keys, a single object where Gemini takes a list, lower-case enum values and role "
        "function are read in Gemini's documented form, each recorded.",
        "model and stream go to the endpoint (models/{model}:generateContent or :streamGenerateContent).",
        "Every system and developer message becomes text of systemInstruction, in order.",
        "Turns alternate user / model: same-role neighbours are merged; tool messages become "
        "functionResponse parts (response {output}) of the user turn right after their call's turn, "
        "else the request is an error.",
        "Tool calls become functionCall parts (id, args as an object, thoughtSignature from "
        "extra_content.google.thought_signature); arguments that are not a JSON object are an error.",
        "Images become inlineData (data URLs) or fileData (URLs whose extension names an image type), "
        "audio and file data inlineData; image detail, file ids and refusals are dropped; parts with no "
        "canonical form (thoughts, code execution, fileData) are kept as gemini parts.",
        "Function tools become functionDeclarations with parametersJsonSchema (OpenAPI-subset parameters "
        "are read as JSON Schema); Google's built-in tools are kept as gemini tools.",
        "tool_choice becomes functionCallingConfig (required: ANY, a named function: ANY with its name, "
        "allowed_tools: allowedFunctionNames); strict on every function becomes mode VALIDATED.",
        "Sampling fields, the token cap, stop, logprobs, response_format (responseMimeType and "
        "responseJsonSchema), thinking (thinkingBudget) and reasoning_effort (thinkingLevel) go into "
        "generationConfig.",
    )

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """A new dict in canonical shape (``gemini_reading.read_payload``)."""
        return read_payload(payload, trace)

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """The Gemini body (``gemini_writing.write_payload``); ``InvalidRequestError`` for what Gemini
        cannot take without invented content. ``data``'s objects are never changed."""
        return write_payload(data, trace)

    def schema(self, schema: Schema, defs: Schema) -> None:
        """Gemini's wire properties in place of the canonical ones (``gemini_schema.state``)."""
        gemini_schema.state(schema, defs, self.writes)
