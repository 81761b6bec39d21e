"""Reading Bedrock Converse requests into canonical form (``BedrockCodec.decode``).

:func:`read_payload` reads ``system`` and the turns into canonical messages (``bedrock_reading_turns``),
``inferenceConfig`` into its canonical fields, ``toolConfig`` into ``tools`` (a ``cachePoint`` as the
previous tool's ``cache_control``) and ``tool_choice``, and ``requestMetadata``, ``serviceTier`` and
``outputConfig`` into theirs; ``modelId`` (the boto3 form) is the model. The model-family fields of
``additionalModelRequestFields`` are read once the model is known (``bedrock_families.resolve``).
Every step is recorded on the trace (``chatdialect._codec`` states the contract); the payload is never
mutated (its objects may be shared into the result) and nothing is fetched.
"""

from __future__ import annotations

import json
from typing import Any

from chatdialect._changes import Trace
from chatdialect._dialects.bedrock_blocks import (
    CHOICES,
    INFERENCE,
    TOOL_SPEC_KEYS,
    TOP_LEVEL,
    Json,
    block_kind,
    compact,
)
from chatdialect._dialects.bedrock_reading_turns import Reading, TurnReader
from chatdialect._pointer import join, show_key

_KEPT_AS_IS = frozenset(TOP_LEVEL) - {
    "messages",
    "system",
    "inferenceConfig",
    "toolConfig",
    "requestMetadata",
    "serviceTier",
    "outputConfig",
}
"""Top-level members the dialect's table carries under a canonical name (renamed by the engine)."""


def read_payload(payload: Json, trace: Trace) -> Json:
    """A new dict in canonical shape: the structural keys replaced where they were, the members the
    table renames copied, every other key dropped with a record (Converse has no other member)."""
    reader, turns = _Reader(trace), TurnReader(trace)
    out: Json = {}
    for key, value in payload.items():
        if key in ("system", "messages"):
            turns.conversation(payload, key, out)
        elif key in _FIELDS:
            if value is not None:
                getattr(reader, _FIELDS[key])(value, out)
        elif key in _KEPT_AS_IS:
            out[key] = value
        elif key == "modelId":
            out["model"] = value
            trace.origin("/model", "/modelId")
            reason = "modelId (the boto3 form) is the model, which Bedrock sends in the URL path."
            reader.record("moved", "/modelId", "/model", reason)
        elif value is not None:
            reader.record(
                "dropped", join(key), None, f"{show_key(key)} is not a field of the bedrock dialect."
            )
    return out


class _Reader(Reading):
    """Reads the top-level members besides the conversation into their canonical fields."""

    __slots__ = ()

    def inference(self, config: Any, out: Json) -> None:
        """``inferenceConfig`` members as their canonical fields; any other key dropped."""
        if not isinstance(config, dict):
            self.trace.problem("/inferenceConfig", "inferenceConfig should be an object.")
            return
        self.drop(config, INFERENCE, "/inferenceConfig", "Bedrock's inferenceConfig objects")
        for key, name in INFERENCE.items():
            if config.get(key) is not None:
                out[name] = config[key]
                at = f"/inferenceConfig/{key}"
                self.trace.origin(join(name), at)
                self.record("converted", at, join(name), f"inferenceConfig.{key} is {name} canonically.")
        if not any(value is not None for value in config.values()):
            self.record("converted", "/inferenceConfig", None, "An empty inferenceConfig was left out.")

    def tool_config(self, config: Any, out: Json) -> None:
        """``toolConfig.tools`` as tools (``toolSpec`` as function tools, ``cachePoint`` as the previous
        tool's cache_control, others kept as bedrock tools), ``toolChoice`` as tool_choice."""
        if not isinstance(config, dict) or not isinstance(config.get("tools"), list):
            self.trace.problem("/toolConfig", "toolConfig should be an object with a tools list.")
            return
        self.drop(config, ("tools", "toolChoice"), "/toolConfig", "Bedrock's toolConfig objects")
        tools: list[Any] = []
        for m, entry in enumerate(config["tools"]):
            at, kind = f"/toolConfig/tools/{m}", block_kind(entry)
            before = join("tools", len(tools) - 1)
            if kind == "cachePoint" and tools and self.cache_point(at, entry, tools[-1], before):
                continue
            tools.append(self.tool(at, join("tools", len(tools)), entry))
        out["tools"] = tools
        self.record("converted", "/toolConfig/tools", "/tools", "Bedrock's toolConfig.tools became tools.")
        if config.get("toolChoice") is not None:
            self.tool_choice(config["toolChoice"], out)

    def tool(self, at: str, to: str, entry: Any) -> Any:
        """A ``toolSpec`` as a function tool; any other tool kept as a bedrock tool."""
        spec = entry.get("toolSpec") if block_kind(entry) == "toolSpec" else None
        if block_kind(entry) is None:
            self.trace.problem(at, "A tool should be an object with exactly one member (toolSpec, ...).")
            return entry
        self.trace.origin(to, at)  # a change of the whole tool (a target without it drops it) points here
        if not isinstance(spec, dict):
            self.trace.origin(f"{to}/bedrock", at)
            return {"type": "bedrock", "bedrock": entry}
        src = f"{at}/toolSpec"
        self.drop(spec, TOOL_SPEC_KEYS, src, "Bedrock toolSpec objects")
        schema = spec.get("inputSchema")
        if not isinstance(schema, dict) or block_kind(schema) != "json":
            self.trace.problem(f"{src}/inputSchema", "inputSchema should be an object with a json schema.")
            return {"type": "function", "function": {"name": spec.get("name")}}
        function = {key: spec[key] for key in ("name", "description") if key in spec}
        function["parameters"] = schema["json"]
        function.update({"strict": spec["strict"]} if "strict" in spec else {})
        self.trace.origin(f"{to}/function", src)
        self.trace.origin(f"{to}/function/parameters", f"{src}/inputSchema/json")
        return {"type": "function", "function": function}

    def tool_choice(self, choice: Any, out: Json) -> None:
        """``auto`` / ``any`` / ``tool`` as auto / required / a named function."""
        kind, at = block_kind(choice), "/toolConfig/toolChoice"
        named = choice.get("tool") if kind == "tool" else None
        if isinstance(named, dict) and isinstance(named.get("name"), str):
            out["tool_choice"] = {"type": "function", "function": {"name": named["name"]}}
            self.drop(named, ("name",), f"{at}/tool", "Bedrock tool choices")
            self.trace.origin("/tool_choice/function/name", f"{at}/tool/name")
        elif kind in CHOICES and isinstance(choice[kind], dict):
            out["tool_choice"] = CHOICES[kind]
            self.drop(choice[kind], (), f"{at}/{kind}", f"Bedrock {kind} tool choices")
        else:
            self.trace.problem(at, "toolChoice should hold one of auto, any, or tool with a name.")
            return
        self.record("converted", at, "/tool_choice", "Bedrock's toolChoice became tool_choice.")

    def request_metadata(self, metadata: Any, out: Json) -> None:
        """``requestMetadata`` as metadata."""
        out["metadata"] = metadata
        self.moved("/requestMetadata", "/metadata", "requestMetadata became metadata.")

    def service_tier(self, tier: Any, out: Json) -> None:
        """``serviceTier.type`` as service_tier."""
        if not isinstance(tier, dict) or not isinstance(tier.get("type"), str):
            self.trace.problem("/serviceTier", "serviceTier should be an object with a type.")
            return
        self.drop(tier, ("type",), "/serviceTier", "Bedrock serviceTier objects")
        out["service_tier"] = tier["type"]
        self.trace.origin("/service_tier", "/serviceTier/type")
        self.record("converted", "/serviceTier", "/service_tier", "serviceTier.type became service_tier.")

    def output_config(self, config: Any, out: Json) -> None:
        """``outputConfig.textFormat`` as a json_schema response_format, ``effort`` as reasoning_effort."""
        if not isinstance(config, dict):
            self.trace.problem("/outputConfig", "outputConfig should be an object.")
            return
        self.drop(config, ("textFormat", "effort"), "/outputConfig", "Bedrock outputConfig objects")
        if config.get("textFormat") is not None:
            self.text_format(config["textFormat"], out)
        if config.get("effort") is not None:
            out["reasoning_effort"] = config["effort"]
            self.trace.origin("/reasoning_effort", "/outputConfig/effort")
            self.record("converted", "/outputConfig/effort", "/reasoning_effort", _EFFORT)

    def text_format(self, given: Any, out: Json) -> None:
        """A json_schema ``textFormat`` as response_format (its schema string parsed; a missing name
        written as ``response``, recorded defaulted)."""
        at = "/outputConfig/textFormat"
        structure = given.get("structure") if isinstance(given, dict) else None
        named = structure.get("jsonSchema") if isinstance(structure, dict) and len(structure) == 1 else None
        text = named.get("schema") if isinstance(named, dict) else None
        try:
            schema = (
                json.loads(text) if isinstance(text, str) and given.get("type") == "json_schema" else None
            )
        except ValueError:
            schema = None
        if not isinstance(schema, dict) or not isinstance(named, dict):
            self.trace.problem(
                at, "textFormat should be of type json_schema with a JSON object schema string."
            )
            return
        inner = f"{at}/structure/jsonSchema"
        self.drop(given, ("type", "structure"), at, "Bedrock textFormat objects")
        self.drop(named, ("schema", "name", "description"), inner, "Bedrock jsonSchema objects")
        made: Json = {"name": named.get("name", "response"), "schema": schema}
        made.update({"description": named["description"]} if "description" in named else {})
        out["response_format"] = {"type": "json_schema", "json_schema": made}
        self.trace.origin("/response_format/json_schema", inner)
        self.record("converted", at, "/response_format", "outputConfig.textFormat became response_format.")
        if "name" not in named:
            reason = "A json_schema response_format needs a name, and one was written."
            self.record("defaulted", None, "/response_format/json_schema/name", reason)
        if compact(schema) != text:
            reason = "The schema string is written back as compact JSON."
            self.record("converted", f"{inner}/schema", "/response_format/json_schema/schema", reason)


_FIELDS = {
    "inferenceConfig": "inference",
    "toolConfig": "tool_config",
    "requestMetadata": "request_metadata",
    "serviceTier": "service_tier",
    "outputConfig": "output_config",
}
"""The structural members besides the conversation, and the ``_Reader`` method that reads each."""
_EFFORT = "outputConfig.effort is reasoning_effort canonically."
