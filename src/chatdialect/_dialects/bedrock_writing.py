"""Writing canonical requests in Bedrock Converse's shape (``BedrockCodec.encode``): the turns and
system blocks (``bedrock_writing_turns``), the sampling fields in ``inferenceConfig``, tools and
``tool_choice`` in ``toolConfig``, ``metadata`` as ``requestMetadata``, ``service_tier`` as ``serviceTier``,
``response_format`` and ``reasoning_effort`` in ``outputConfig``, the model family's fields in
``additionalModelRequestFields`` (``bedrock_families``), and ``model`` and ``stream`` moved to the
endpoint. Every step is recorded (``chatdialect._codec`` states the contract).
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Change, Trace
from chatdialect._dialects.anthropic_blocks import Steps
from chatdialect._dialects.bedrock_blocks import (
    INFERENCE,
    METADATA_TEXT,
    TOP_LEVEL,
    Json,
    cache_point_of,
    compact,
    raise_errors,
)
from chatdialect._dialects.bedrock_families import family_of, place
from chatdialect._dialects.bedrock_writing_turns import TurnWriter
from chatdialect._pointer import join

_INFERENCE_WIRE = {name: key for key, name in INFERENCE.items()}
_CHOICE_WRITE: dict[str, Json] = {"auto": {"auto": {}}, "required": {"any": {}}}


def write_payload(data: Json, trace: Trace) -> Json:
    """The Bedrock HTTP body, members in the service model's order; ``InvalidRequestError`` for what
    Bedrock would reject and cannot be written without inventing content. Objects inside ``data``
    may be reused in the payload but are never changed."""
    turns = TurnWriter(trace)
    turns.conversation(data.get("messages") or [])
    fields = _Fields(trace, turns)
    out: Json = {"messages": turns.out}
    if turns.system:
        out["system"] = turns.system
    for key, value in data.items():
        if key in _INFERENCE_WIRE:
            fields.inference(key, value, out)
        elif key in _WRITERS:
            getattr(fields, _WRITERS[key])(data, out)
        elif key not in ("messages", "tools", "tool_choice", "top_k", "thinking"):
            out[key] = value  # the members the table renamed (guardrailConfig, ...)
    fields.tool_config(data, out)
    place(data, out, family_of(data.get("model")), fields.record)
    if turns.tool_at is not None and "toolConfig" not in out:
        turns.errors.append((turns.tool_at, _NEEDS_TOOLS))
    raise_errors(turns.errors)
    ordered = {key: out[key] for key in TOP_LEVEL if key in out}
    ordered.update((key, value) for key, value in out.items() if key not in ordered)
    return ordered


class _Fields(Steps):
    """Writes the top-level fields besides the conversation into the payload."""

    __slots__ = ("turns",)

    def __init__(self, trace: Trace, turns: TurnWriter) -> None:
        super().__init__(trace)
        self.turns = turns

    def note(self, change: Change) -> None:
        self.trace.on_write(change)

    def model(self, data: Json, out: Json) -> None:
        reason = "Bedrock takes the model id in the URL path (see Translation.endpoint)."
        self.record("moved", "/model", None, reason)

    def stream(self, data: Json, out: Json) -> None:
        reason = "Bedrock streams through the converse-stream operation (see Translation.endpoint)."
        self.record("moved", "/stream", None, reason)

    def inference(self, name: str, value: Any, out: Json) -> None:
        """A sampling field as its ``inferenceConfig`` member."""
        key = _INFERENCE_WIRE[name]
        out.setdefault("inferenceConfig", {})[key] = value
        self.record(
            "converted", join(name), f"/inferenceConfig/{key}", f"Bedrock keeps {name} in inferenceConfig."
        )

    def tool_config(self, data: Json, out: Json) -> None:
        """tools as ``toolConfig.tools`` (a cache_control as a ``cachePoint`` entry after its tool),
        tool_choice as ``toolChoice``; tool_choice none leaves the tools out when the conversation
        holds no tool block, else keeps them and drops the choice (Bedrock has no none)."""
        tools, choice = data.get("tools"), data.get("tool_choice")
        if choice == "none" and tools:
            if self.turns.tool_at is None:
                self.record("dropped", "/tools", None, _NONE_TOOLS)
                self.record("converted", "/tool_choice", None, _NONE_CHOICE)
                return
            self.record("dropped", "/tool_choice", None, _NONE_KEPT)
            choice = None
        elif choice is not None and not tools:
            self.record("dropped", "/tool_choice", None, "Bedrock's toolChoice needs tools beside it.")
            choice = None
        if not tools:
            return
        entries: list[Json] = []
        for index, tool in enumerate(tools):
            entries += self.tool(tool, join("tools", index), len(entries))
        config: Json = {"tools": entries}
        self.record("converted", "/tools", "/toolConfig/tools", "tools became Bedrock's toolConfig.tools.")
        if isinstance(choice, str) and choice in _CHOICE_WRITE:
            config["toolChoice"] = _CHOICE_WRITE[choice]
        elif isinstance(choice, dict):
            config["toolChoice"] = {"tool": {"name": choice["function"]["name"]}}
        if "toolChoice" in config:
            self.record(
                "converted", "/tool_choice", "/toolConfig/toolChoice", "tool_choice became toolChoice."
            )
        out["toolConfig"] = config

    def tool(self, tool: Json, at: str, position: int) -> list[Json]:
        """A function tool as a ``toolSpec`` (parameters as ``inputSchema.json``; an empty object
        schema, recorded defaulted, when absent), a bedrock tool as what it holds."""
        self.trace.place(at, f"/toolConfig/tools/{position}")  # a change of the whole tool points here
        if tool["type"] == "bedrock":
            self.drop(tool, ("type", "bedrock", "cache_control"), at, "Bedrock tools")
            self.trace.place(f"{at}/bedrock", f"/toolConfig/tools/{position}")
            written = [tool["bedrock"]]
        else:
            function = tool["function"]
            self.drop(tool, ("type", "function", "cache_control"), at, "Bedrock tools")
            self.drop(function, ("name", "description", "parameters", "strict"), f"{at}/function", "toolSpec")
            spec: Json = {"name": function["name"]}
            if function.get("description"):
                spec["description"] = function["description"]
            elif "description" in function:
                reason = "Bedrock rejects an empty tool description."
                self.record("dropped", f"{at}/function/description", None, reason)
            spec["inputSchema"] = {"json": function.get("parameters", {"type": "object", "properties": {}})}
            self.trace.place(f"{at}/function", f"/toolConfig/tools/{position}/toolSpec")
            schema = f"/toolConfig/tools/{position}/toolSpec/inputSchema/json"
            self.trace.place(f"{at}/function/parameters", schema)
            if "parameters" not in function:
                reason = "Bedrock requires inputSchema, so an empty object schema was written."
                self.record("defaulted", None, f"/toolConfig/tools/{position}/toolSpec/inputSchema", reason)
            spec.update({"strict": function["strict"]} if "strict" in function else {})
            written = [{"toolSpec": spec}]
        control = tool.get("cache_control")
        point = cache_point_of(control) if control is not None else None
        if point is not None:
            to = f"/toolConfig/tools/{position + 1}"
            self.record("converted", f"{at}/cache_control", to, "The cache_control became a cachePoint tool.")
            written.append(point)
        elif control is not None:
            self.record("dropped", f"{at}/cache_control", None, "Bedrock's cachePoint cannot say this.")
        return written

    def metadata(self, data: Json, out: Json) -> None:
        """metadata as ``requestMetadata``; a pair outside Bedrock's pattern is dropped."""
        kept: Json = {}
        for key, value in data["metadata"].items():
            if _metadata_text(key, 1) and isinstance(value, str) and _metadata_text(value, 0):
                kept[key] = value
            else:
                self.record("dropped", join("metadata", key), None, _METADATA)
        if kept:
            out["requestMetadata"] = kept
            self.trace.renamed("/metadata", "/requestMetadata")  # values a rule made strings
            self.record("converted", "/metadata", "/requestMetadata", "metadata became requestMetadata.")
        elif not data["metadata"]:
            reason = "An empty metadata object was left out: Bedrock's requestMetadata holds 1 to 16 pairs."
            self.record("converted", "/metadata", None, reason)

    def service_tier(self, data: Json, out: Json) -> None:
        out["serviceTier"] = {"type": data["service_tier"]}
        self.record("converted", "/service_tier", "/serviceTier", "service_tier became serviceTier.type.")

    def response_format(self, data: Json, out: Json) -> None:
        """A json_schema response_format with a schema as ``outputConfig.textFormat`` (the schema as
        compact JSON text; ``strict`` dropped); any other is dropped."""
        named = data["response_format"].get("json_schema")
        if not isinstance(named, dict) or "schema" not in named:
            reason = "Bedrock's structured output takes only a json_schema response_format with a schema."
            self.record("dropped", "/response_format", None, reason)
            return
        at = "/response_format/json_schema"
        self.drop(named, ("name", "description", "schema", "strict"), at, "Bedrock jsonSchema objects")
        if "strict" in named:
            self.record("dropped", f"{at}/strict", None, "Bedrock's jsonSchema has no strict field.")
        inner: Json = {"schema": compact(named["schema"]), "name": named["name"]}
        inner.update({"description": named["description"]} if "description" in named else {})
        text_format = {"type": "json_schema", "structure": {"jsonSchema": inner}}
        out.setdefault("outputConfig", {})["textFormat"] = text_format
        self.trace.place(at, "/outputConfig/textFormat/structure/jsonSchema")
        reason = "response_format became outputConfig.textFormat (its schema as a JSON string)."
        self.record("converted", "/response_format", "/outputConfig/textFormat", reason)

    def reasoning_effort(self, data: Json, out: Json) -> None:
        out.setdefault("outputConfig", {})["effort"] = data["reasoning_effort"]
        reason = "Bedrock keeps reasoning_effort in outputConfig."
        self.record("converted", "/reasoning_effort", "/outputConfig/effort", reason)


def _metadata_text(text: str, shortest: int) -> bool:
    return shortest <= len(text) <= 256 and METADATA_TEXT.fullmatch(text) is not None


_WRITERS = {
    "model": "model",
    "stream": "stream",
    "metadata": "metadata",
    "service_tier": "service_tier",
    "response_format": "response_format",
    "reasoning_effort": "reasoning_effort",
}
"""Canonical fields written into a Bedrock member of another shape, and the ``_Fields`` method."""
_NEEDS_TOOLS = "holds a tool call or result, and Bedrock then needs toolConfig, but the request has no tools."
_NONE_TOOLS = "tool_choice none: Bedrock has no none choice, so the tools were left out."
_NONE_CHOICE = "Bedrock has no none tool choice; leaving the tools out says it."
_NONE_KEPT = (
    "Bedrock has no none tool choice, and the tools stay: Bedrock needs toolConfig when the conversation "
    "holds tool calls or results."
)
_METADATA = (
    "Bedrock requestMetadata keys and values are strings of at most 256 letters, digits, spaces "
    "or :_@$#=/+,.-."
)
