"""The ``bedrock`` shape codec: Amazon Bedrock Converse request structure <-> the canonical request.

Structure only (SPEC section 8, "Decisions fixed for bedrock"): system blocks and turns, content
blocks, ``inferenceConfig``, ``toolConfig``, ``requestMetadata``, ``serviceTier``, ``outputConfig``, the
model family's fields in ``additionalModelRequestFields``, and ``model`` / ``stream`` moved to the
endpoint. Ranges, value lists and the members kept under a canonical name belong to the dialect's
rule table. The codec is split by job: reading in ``bedrock_reading`` (turns in
``bedrock_reading_turns``), writing in ``bedrock_writing`` (turns in ``bedrock_writing_turns``, the
blocks inside them in ``bedrock_writing_blocks``), the family table in ``bedrock_families``, the wire
shape as JSON Schema in ``bedrock_schema``, what they share in ``bedrock_blocks``; none mutates its
input or fetches anything.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace
from chatdialect._codec import Codec, Schema
from chatdialect._dialects import bedrock_schema
from chatdialect._dialects.bedrock_families import resolve
from chatdialect._dialects.bedrock_reading import read_payload
from chatdialect._dialects.bedrock_writing import write_payload


class BedrockCodec(Codec):
    """Bedrock Converse requests (``POST /model/{modelId}/converse``) <-> canonical requests."""

    handles: tuple[str, ...] = ("system", "messages", "inferenceConfig", "toolConfig", "requestMetadata")
    handles += ("serviceTier",)
    handles += ("outputConfig", "modelId")
    writes: tuple[str, ...] = ("model", "messages", "stream", "temperature", "top_p", "stop")
    writes += ("max_completion_tokens", "tools", "tool_choice", "metadata", "service_tier")
    writes += ("response_format", "reasoning_effort", "top_k", "thinking")
    notes = (
        "model and stream go to the endpoint: /model/{model}/converse (the model id percent-encoded), "
        "/converse-stream when streaming; reading takes them from model= and stream= (or modelId, the "
        "boto3 form).",
        "Every system and developer message becomes a block of the top-level system field, in order.",
        "Consecutive messages of one role are merged into one turn; tool messages become toolResult blocks "
        "of the user turn right after the assistant turn with their calls.",
        "A conversation that starts with an assistant turn, a user message right after tool results, a "
        "tool result that answers no call of the turn before, an empty turn and a document without text "
        "beside it are errors (Bedrock rejects them, and writing them would need invented content).",
        "An assistant turn is written as reasoningContent (thinking_blocks, signatures replayed), then "
        "content, then toolUse blocks; tool-call arguments become the toolUse input object.",
        "Images become image blocks (base64 PNG, JPEG, GIF, WebP; remote URLs are dropped, never "
        "fetched); inline documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md) document blocks "
        "named after the filename; other parts are dropped; bedrock parts and tools are written back.",
        "A cache_control on a part, message or tool becomes a cachePoint block after it.",
        "temperature, top_p, stop and the token cap go into inferenceConfig; tools and tool_choice into "
        "toolConfig (required -> any, a named function -> tool; none leaves the tools out, or drops the "
        "choice when the conversation holds tool blocks).",
        "metadata becomes requestMetadata (pairs outside its pattern dropped), service_tier "
        "serviceTier.type, "
        "a json_schema response_format outputConfig.textFormat (schema as compact JSON text), "
        "reasoning_effort outputConfig.effort.",
        "top_k and thinking go into additionalModelRequestFields for Anthropic Claude (top_k, thinking) "
        "and Amazon Nova (inferenceConfig.topK) models, and are dropped for other models.",
        "Reading, one text block becomes string content; other content stays a list of parts.",
    )

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """A new dict in canonical shape (``bedrock_reading.read_payload``)."""
        return read_payload(payload, trace)

    def resolve(self, canonical: dict[str, Any], trace: Trace) -> None:
        """The model family's fields out of ``additionalModelRequestFields`` (``bedrock_families``)."""
        resolve(canonical, trace)

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """The Bedrock HTTP body (``bedrock_writing.write_payload``); ``InvalidRequestError`` for what
        Bedrock would reject and cannot be written without inventing content."""
        return write_payload(data, trace)

    def schema(self, schema: Schema, defs: Schema) -> None:
        """Bedrock's wire properties in place of the canonical ones (``bedrock_schema.state``)."""
        bedrock_schema.state(schema, defs, self.writes)
