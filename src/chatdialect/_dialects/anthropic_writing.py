"""Writing canonical requests in Anthropic's shape (``AnthropicCodec.encode``): the leading system
run as ``system`` and messages as turns (``anthropic_writing_turns``), function tools as custom tools,
and ``tool_choice`` (with ``parallel_tool_calls``), ``user``, ``response_format`` and
``reasoning_effort`` into Anthropic's objects; every step recorded (``chatdialect._codec`` states the
contract).
"""

from __future__ import annotations

from chatdialect._changes import Trace
from chatdialect._dialects.anthropic_blocks import (
    CHOICE_READ,
    CUSTOM_TOOL_KEYS,
    Json,
    with_cache,
)
from chatdialect._dialects.anthropic_writing_turns import TurnWriter
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join


def write_payload(data: Json, trace: Trace) -> Json:
    """The Anthropic payload, keys in the order model, max_tokens, system, messages, then the rest
    in ``data``'s order; ``InvalidRequestError`` for tool-call arguments that are not a JSON object.
    Objects inside ``data`` may be reused in the payload but are never changed."""
    writer = _Writer(trace)
    out: Json = {key: data[key] for key in ("model", "max_tokens") if key in data}
    system = writer.conversation(data.get("messages") or [])
    if system is not None:
        out["system"] = system
    out["messages"] = writer.out
    done: set[str] = set()
    for key, value in data.items():
        group = _GROUPS.get(key)
        if group is None and key not in ("model", "max_tokens", "messages"):
            out[key] = value
        elif group is not None and group not in done:
            done.add(group)
            getattr(writer, group)(data, out)
    if writer.errors:
        raise InvalidRequestError(writer.errors, dialect="anthropic")
    return out


_GROUPS = {"tools": "tools"} | dict.fromkeys(("tool_choice", "parallel_tool_calls"), "tool_choice")
_GROUPS |= dict.fromkeys(("user", "metadata"), "metadata")
_GROUPS |= dict.fromkeys(("response_format", "reasoning_effort", "output_config"), "output_config")
"""Which ``_Writer`` method writes each canonical key (and the Anthropic key it merges into)."""
_CHOICE_WRITE = {value: key for key, value in CHOICE_READ.items()}


class _Writer(TurnWriter):
    """Writes the turns (``TurnWriter``) and the structural fields into the payload."""

    __slots__ = ()

    def tools(self, data: Json, out: Json) -> None:
        """Function tools as custom tools, anthropic tools as the tools they hold."""
        out["tools"] = [self.tool(tool, join("tools", index)) for index, tool in enumerate(data["tools"])]
        if any(tool.get("type") != "anthropic" for tool in data["tools"]):
            self.record("converted", "/tools", "/tools", "Function tools became Anthropic custom tools.")

    def tool(self, tool: Json, at: str) -> Json:
        """An anthropic tool as the tool it holds; a function tool as a custom tool, parameters as
        input_schema (an empty object schema, recorded defaulted, when absent)."""
        if tool.get("type") == "anthropic":
            self.drop(tool, ("type", "anthropic"), at, "Anthropic tools")
            held: Json = tool["anthropic"]
            return held
        function = tool.get("function") or {}
        self.drop(function, CUSTOM_TOOL_KEYS | {"parameters"}, f"{at}/function", "Anthropic custom tools")
        self.drop(tool, ("type", "function", "cache_control"), at, "Anthropic custom tools")
        entry = {key: value for key, value in function.items() if key in CUSTOM_TOOL_KEYS}
        entry["input_schema"] = function.get("parameters", {"type": "object", "properties": {}})
        self.trace.place(f"{at}/function/parameters", f"{at}/input_schema")
        self.trace.place(f"{at}/function", at)
        if "parameters" not in function:
            reason = "Anthropic custom tools require input_schema, so an empty object schema was written."
            self.record("defaulted", None, f"{at}/input_schema", reason)
        return with_cache(entry, tool)

    def tool_choice(self, data: Json, out: Json) -> None:
        """tool_choice in Anthropic's object form, holding parallel_tool_calls (inverted) as
        disable_parallel_tool_use; an auto choice is written (defaulted) to hold it if needed."""
        choice, parallel = data.get("tool_choice"), data.get("parallel_tool_calls")
        written: Json | None = None
        if isinstance(choice, str) and choice in _CHOICE_WRITE:
            written = {"type": _CHOICE_WRITE[choice]}
        elif isinstance(choice, dict) and choice.get("type") == "function":
            written = {"type": "tool", "name": (choice.get("function") or {}).get("name")}
        elif choice is not None:
            self.record("dropped", "/tool_choice", None, "Anthropic's tool_choice cannot say this.")
        if written is not None:
            self.record("converted", "/tool_choice", "/tool_choice", "tool_choice took Anthropic's form.")
        if parallel is not None and written is not None and written["type"] == "none":
            self.record("dropped", "/parallel_tool_calls", None, "tool_choice none has no parallel setting.")
        elif parallel is not None:
            if written is None:
                written = {"type": "auto"}
                self.record("defaulted", None, "/tool_choice", _AUTO_FOR_PARALLEL)
            written["disable_parallel_tool_use"] = not parallel
            to = "/tool_choice/disable_parallel_tool_use"
            self.record("converted", "/parallel_tool_calls", to, "parallel_tool_calls went into tool_choice.")
        if written is not None:
            out["tool_choice"] = written

    def metadata(self, data: Json, out: Json) -> None:
        """user as metadata.user_id (merged into a metadata object the rule table let through)."""
        metadata: Json = dict(data["metadata"]) if isinstance(data.get("metadata"), dict) else {}
        if data.get("user") is not None:
            metadata["user_id"] = data["user"]
            self.record("converted", "/user", "/metadata/user_id", "user became metadata.user_id.")
        if metadata:
            out["metadata"] = metadata

    def output_config(self, data: Json, out: Json) -> None:
        """A json_schema response_format as output_config.format, reasoning_effort as its effort
        (merged into an output_config object the rule table let through)."""
        config: Json = dict(data["output_config"]) if isinstance(data.get("output_config"), dict) else {}
        if data.get("response_format") is not None:
            written = self.output_format(data["response_format"])
            config.update({"format": written} if written is not None else {})
        if data.get("reasoning_effort") is not None:
            config["effort"] = data["reasoning_effort"]
            reason = "reasoning_effort became output_config.effort."
            self.record("converted", "/reasoning_effort", "/output_config/effort", reason)
        if config:
            out["output_config"] = config

    def output_format(self, given: Json) -> Json | None:
        """output_config.format for a json_schema response_format with a schema (its name,
        description and strict dropped); None, recorded dropped, for any other response_format."""
        named = given.get("json_schema") if given.get("type") == "json_schema" else None
        if not isinstance(named, dict) or "schema" not in named:
            reason = "Anthropic's structured output takes only a json_schema response_format with a schema."
            self.record("dropped", "/response_format", None, reason)
            return None
        self.drop(given, ("type", "json_schema"), "/response_format", "Anthropic's output_config.format")
        self.drop(named, ("schema",), "/response_format/json_schema", "Anthropic's output_config.format")
        reason = "response_format became output_config.format."
        self.record("converted", "/response_format", "/output_config/format", reason)
        self.trace.place("/response_format/json_schema", "/output_config/format")
        return {"type": "json_schema", "schema": named["schema"]}


_AUTO_FOR_PARALLEL = "Anthropic keeps parallel_tool_calls in tool_choice, so an auto tool_choice was written."
