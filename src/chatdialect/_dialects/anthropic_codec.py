"""The ``anthropic`` shape codec: Anthropic Messages API structure <-> the canonical request.

Structure only (SPEC section 8, "Decisions fixed for anthropic"): the system prompt and turns, tools,
``tool_choice`` with ``parallel_tool_calls``, ``user`` (``metadata.user_id``), ``response_format`` and
``reasoning_effort`` (``output_config``). Renames, ranges, defaults and unknown fields belong to the
dialect's rule table. The codec is split by job: reading in ``anthropic_reading``, writing in
``anthropic_writing`` (the turns in ``anthropic_writing_turns``), the wire shape as JSON Schema in
``anthropic_schema``, what they share in ``anthropic_blocks``; none mutates its input or fetches anything.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace
from chatdialect._codec import Codec, Schema
from chatdialect._dialects import anthropic_schema
from chatdialect._dialects.anthropic_reading import read_payload
from chatdialect._dialects.anthropic_writing import write_payload


class AnthropicCodec(Codec):
    """Anthropic Messages API requests (``POST /v1/messages``) <-> canonical requests."""

    handles = ("system", "messages", "tools", "tool_choice", "metadata", "output_config")
    writes: tuple[str, ...] = ("messages", "tools", "tool_choice", "parallel_tool_calls", "user")
    writes += ("response_format", "reasoning_effort")
    notes = (
        "Leading system and developer messages become the system field (a string for one string message, "
        "else text blocks); later ones become system-role turns.",
        "Tool messages and the user message right after them form one user turn, tool_result blocks first.",
        "An assistant turn is written as thinking blocks, then content, then tool_use blocks.",
        "Tool-call arguments become the tool_use input; arguments that are not a JSON object are an error.",
        "Images become image blocks and PDF file data document blocks; other files, audio, image detail "
        "and refusals are dropped; anthropic parts and tools are written back as they were read.",
        "Function tools become custom tools, parameters as input_schema (an empty object schema if absent).",
        "tool_choice required becomes any, a named function a tool choice; parallel_tool_calls becomes "
        "disable_parallel_tool_use inside tool_choice.",
        "user becomes metadata.user_id, a json_schema response_format output_config.format (without name, "
        "description and strict), reasoning_effort output_config.effort.",
        "String and block forms of message content are kept both ways.",
    )

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """A new dict in canonical shape (``anthropic_reading.read_payload``)."""
        return read_payload(payload, trace)

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """The Anthropic payload (``anthropic_writing.write_payload``): keys in the order model,
        max_tokens, system, messages, then the rest in ``data``'s order; ``InvalidRequestError`` for
        tool-call arguments that are not a JSON object. ``data``'s objects are never changed."""
        return write_payload(data, trace)

    def schema(self, schema: Schema, defs: Schema) -> None:
        """Anthropic's wire properties in place of the canonical ones (``anthropic_schema.state``)."""
        anthropic_schema.state(schema, defs, self.writes)
