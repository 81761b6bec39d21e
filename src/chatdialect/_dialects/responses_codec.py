"""The ``responses`` shape codec: OpenAI Responses API structure <-> the canonical request.

Structure only (SPEC section 8, "Decisions fixed for responses"): ``input`` items and messages, flat
tools, ``tool_choice``, ``text`` (``response_format``, ``verbosity``), ``reasoning``
(``reasoning_effort``) and ``include`` (``logprobs``). Renames, ranges and unknown fields belong to the
dialect's rule table. Reading is in ``responses_reading``, writing in ``responses_writing``, the wire
shape as JSON Schema in ``responses_schema``, the key sets they share in ``responses_items``; none
mutates its input or fetches anything.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace
from chatdialect._codec import Codec, Schema
from chatdialect._dialects import responses_schema
from chatdialect._dialects.responses_reading import read_payload
from chatdialect._dialects.responses_writing import write_payload


class ResponsesCodec(Codec):
    """OpenAI Responses API requests (``POST /v1/responses``) <-> canonical requests."""

    handles = ("input", "tools", "tool_choice", "text", "reasoning", "include")
    writes: tuple[str, ...] = ("messages", "tools", "tool_choice", "response_format", "verbosity")
    writes += ("reasoning_effort", "logprobs")
    notes = (
        "Messages become input items (system and developer messages stay role items); one user message "
        "of text alone is written as the input string.",
        "Tool calls become function_call items and tool messages function_call_output items, matched by "
        "call_id; reading, the items of one model turn (reasoning, message, calls) form one assistant "
        "message.",
        "Items with no chat form (reasoning with encrypted_content, hosted tools' calls, item references) "
        "are kept as responses parts and written back in place by responses alone.",
        "Function tools are flattened (strict: false and empty parameters written when absent); built-in "
        "tools and tool choices are kept for responses alone.",
        "response_format becomes text.format, verbosity text.verbosity, reasoning_effort reasoning.effort, "
        "logprobs the message.output_text.logprobs entry of include.",
        "Image parts without detail get detail auto; audio parts are dropped (Responses input has none); "
        "an assistant message's text is a string unless it is an output message with id and status.",
    )

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """A new dict in canonical shape (``responses_reading.read_payload``)."""
        return read_payload(payload, trace)

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """The Responses payload (``responses_writing.write_payload``), keys in ``data``'s order;
        ``data``'s objects are never changed."""
        return write_payload(data, trace)

    def schema(self, schema: Schema, defs: Schema) -> None:
        """The Responses wire properties in place of the canonical ones (``responses_schema.state``)."""
        responses_schema.state(schema, defs, self.writes)
