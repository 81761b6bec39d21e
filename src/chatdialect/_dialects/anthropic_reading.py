"""Reading Anthropic Messages requests into canonical form (``AnthropicCodec.decode``).

:func:`read_payload` turns ``system`` and the turns into canonical messages (a user turn's
``tool_result`` blocks become tool messages, ``tool_use`` blocks tool calls, thinking blocks
``thinking_blocks``, blocks without a canonical form ``anthropic`` parts), custom tools into function
tools, and ``tool_choice``, ``metadata`` and ``output_config`` into their canonical fields. Every step
is recorded on the trace (``chatdialect._codec`` states the contract). The payload is never mutated
(its objects may be shared into the result) and nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chatdialect._changes import Trace
from chatdialect._dialects.anthropic_blocks import (
    CHOICE_KEYS,
    CHOICE_READ,
    IMAGE_MEDIA_TYPES,
    PRODUCED,
    THINKING_TYPES,
    Json,
    ReadSteps,
    block_type,
    is_web_url,
    with_cache,
)
from chatdialect._pointer import join


def read_payload(payload: Json, trace: Trace) -> Json:
    """A new dict in canonical shape: the structural keys replaced where they were, every other key
    copied in payload order (a wire key named like a canonical field made here is dropped)."""
    reader = _Reader(trace)
    out: Json = {}
    for key, value in payload.items():
        if key in ("system", "messages"):
            reader.conversation(payload, key, out)
        elif key in _FIELDS:
            if value is not None:
                getattr(reader, key)(value, out)
        elif key in PRODUCED:
            reader.record("dropped", join(key), None, f"Anthropic requests have no top-level {key} field.")
        else:
            out[key] = value
    return out


class _Reader(ReadSteps):
    """Reads turns into ``out`` and the structural fields into the result; changes, origins and
    problems go to the trace."""

    __slots__ = ()

    def not_anthropic(self, obj: Json, made: tuple[str, ...], at: str, what: str) -> None:
        """Record ``dropped`` for each key of ``obj`` named like a canonical key that reading makes
        there: it is not Anthropic's, and kept it would take that key's place."""
        self.drop({key: obj[key] for key in made if key in obj}, (), at, what)

    # --- turns ---------------------------------------------------------------------------------

    def conversation(self, payload: Json, key: str, out: Json) -> None:
        """``system`` and ``messages`` as one canonical ``messages``, where the first of them was."""
        messages = payload.get("messages")
        if not isinstance(messages, list):
            if key == "messages":
                out["messages"] = messages  # validation reports it; system waits for a valid list
            return
        if "messages" in out:
            return
        if payload.get("system") is not None:
            self.system(payload["system"])
        for index, message in enumerate(messages):
            self.message(index, message)
        out["messages"] = self.out

    def system(self, value: Any) -> None:
        """The top-level ``system`` (a string or text blocks) as the first message."""
        if isinstance(value, list) and not value:
            self.record("converted", "/system", None, "An empty system list holds nothing and was left out.")
            return
        self.out.append({"role": "system", "content": value})
        self.record("converted", "/system", "/messages/0", "The system field became the first message.")
        self.trace.origin("/messages/0/content", "/system")

    def message(self, index: int, message: Any) -> None:
        """Wire turn ``index``: checked, then read by role (string content is kept as it is)."""
        at = join("messages", index)
        if not isinstance(message, dict):
            self.trace.problem(at, "A message should be an object with a role and content.")
            return
        role = message.get("role")
        if role not in ("user", "assistant", "system"):
            self.trace.problem(f"{at}/role", "The role should be user, assistant or system.")
            return
        self.drop(message, ("role", "content"), at, "Anthropic messages")
        content = message.get("content")
        if role == "system" or not isinstance(content, list):
            self.moved(at, join("messages", len(self.out)))
            self.out.append({key: message[key] for key in ("role", "content") if key in message})
        elif role == "user":
            self.user(at, content)
        else:
            self.assistant(at, content)

    def user(self, at: str, blocks: list[Any]) -> None:
        """A user turn: its ``tool_result`` blocks as tool messages, then a user message of the rest."""
        results = [j for j, block in enumerate(blocks) if block_type(block) == "tool_result"]
        for j in results:
            self.tool_result(f"{at}/content/{j}", blocks[j])
        taken = set(results)
        rest = [j for j in range(len(blocks)) if j not in taken]
        if results and not rest:
            return
        to = join("messages", len(self.out))
        parts = self.parts(at, to, blocks, rest, True)
        moved = "The turn's tool_result blocks were moved before its other blocks."
        self.moved(at, to, moved if results and rest[0] < results[-1] else None)
        self.out.append({"role": "user", "content": parts})

    def tool_result(self, at: str, block: Json) -> None:
        """A ``tool_result`` block as a tool message; its other Anthropic keys stay on the message."""
        to = join("messages", len(self.out))
        message: Json = {"role": "tool"}
        if "tool_use_id" in block:
            message["tool_call_id"] = block["tool_use_id"]
        message["content"] = self.result_content(f"{at}/content", f"{to}/content", block.get("content"))
        self.not_anthropic(block, _RESULT_MADE, at, "Anthropic tool_result blocks")
        message.update((key, value) for key, value in block.items() if key not in _RESULT_MAPPED)
        self.out.append(message)
        self.trace.origin(f"{to}/tool_call_id", f"{at}/tool_use_id")
        self.moved(at, to, "A tool_result block of a user turn became a tool message.")

    def result_content(self, at: str, to: str, content: Any) -> Any:
        """A tool result's content: a string kept, text blocks kept as parts, other blocks wrapped;
        no content or an empty list becomes empty text."""
        self.moved(at, to)
        if content is None:
            reason = "A tool_result without content became a tool message with empty content."
            self.record("defaulted", None, to, reason)
            return ""
        if content == []:
            self.record("converted", at, to, "An empty tool_result content list became empty text.")
            return ""
        if not isinstance(content, list):
            return content
        return [self.part(f"{at}/{c}", f"{to}/{c}", block, False) for c, block in enumerate(content)]

    def parts(self, at: str, to: str, blocks: list[Any], indices: list[int], user: bool) -> list[Any]:
        """The blocks of turn ``at`` at ``indices`` as the parts of canonical message ``to``."""
        src, dst = f"{at}/content", f"{to}/content"
        return [self.part(f"{src}/{j}", f"{dst}/{p}", blocks[j], user) for p, j in enumerate(indices)]

    def part(self, at: str, to: str, block: Any, user: bool) -> Any:
        """The block at ``at`` as the part at ``to``: text as it is, user images and plain PDF
        documents in canonical form, any other block wrapped as an anthropic part."""
        self.moved(at, to)
        kind = block_type(block)
        if kind in (None, "text"):
            return block  # not a block, or a text block (already a text part): validation checks it
        convert = _USER_PARTS.get(kind) if user else None
        part = convert(block) if convert is not None else None
        if part is None:
            self.record("converted", at, to, _KEPT)
            return {"type": "anthropic", "anthropic": block}
        self.record("converted", at, to, f"An Anthropic {kind} block became a canonical {part['type']} part.")
        return part

    def assistant(self, at: str, blocks: list[Any]) -> None:
        """An assistant turn: thinking blocks to ``thinking_blocks``, ``tool_use`` to ``tool_calls``,
        the rest to ``content``; blocks out of that order are recorded as reordered."""
        to = join("messages", len(self.out))
        groups: tuple[list[int], list[int], list[int]] = ([], [], [])
        ranks: list[int] = []
        for j, block in enumerate(blocks):
            kind = block_type(block)
            if kind == "tool_result":
                self.trace.problem(f"{at}/content/{j}", "A tool_result block belongs in a user turn.")
                continue
            ranks.append(0 if kind in THINKING_TYPES else 2 if kind == "tool_use" else 1)
            groups[ranks[-1]].append(j)
        thinking, content, calls = groups
        message: Json = {"role": "assistant"}
        if content or not blocks:
            message["content"] = self.parts(at, to, blocks, content, False)
        tool_calls: list[Json] = []
        for j in calls:
            call = self.tool_call(f"{at}/content/{j}", f"{to}/tool_calls/{len(tool_calls)}", blocks[j])
            tool_calls += [call] if call is not None else []
        message.update({"tool_calls": tool_calls} if tool_calls else {})
        for b, j in enumerate(thinking):
            self.moved(f"{at}/content/{j}", f"{to}/thinking_blocks/{b}", _THINKING)
        message.update({"thinking_blocks": [blocks[j] for j in thinking]} if thinking else {})
        reordered = "The turn's blocks were reordered: thinking, then content, then tool_use."
        self.moved(at, to, reordered if ranks != sorted(ranks) else None)
        self.out.append(message)

    def tool_call(self, at: str, to: str, block: Json) -> Json | None:
        """A ``tool_use`` block as a function tool call (arguments: compact JSON of ``input``);
        None, with a problem recorded, for a block without a string id and name or an object input."""
        ident, name, given = block.get("id"), block.get("name"), block.get("input")
        if not isinstance(ident, str) or not isinstance(name, str):
            self.trace.problem(at, "A tool_use block needs a string id and a string name.")
            return None
        if not isinstance(given, dict):
            self.trace.problem(f"{at}/input", "The input of a tool_use block should be a JSON object.")
            return None
        arguments = json.dumps(given, separators=(",", ":"), ensure_ascii=False)
        call: Json = {"id": ident, "type": "function", "function": {"name": name, "arguments": arguments}}
        self.not_anthropic(block, _USE_MADE, at, "Anthropic tool_use blocks")
        call.update((key, value) for key, value in block.items() if key not in _USE_MAPPED)
        self.trace.origin(f"{to}/function/name", f"{at}/name")
        self.trace.origin(f"{to}/function/arguments", f"{at}/input")
        self.moved(at, to, "A tool_use block became a tool call.")
        return call

    # --- the other structural fields -----------------------------------------------------------

    def tools(self, tools: Any, out: Json) -> None:
        """Custom tools as function tools; every Anthropic-defined tool kept as an anthropic tool."""
        if not isinstance(tools, list):
            out["tools"] = tools  # validation reports it
            return
        out["tools"] = [self.tool(join("tools", index), tool) for index, tool in enumerate(tools)]
        if any(isinstance(tool, dict) and tool.get("type") in (None, "custom") for tool in tools):
            self.record("converted", "/tools", "/tools", "Anthropic custom tools became function tools.")

    def tool(self, at: str, tool: Any) -> Any:
        """A custom tool as a function tool (input_schema as parameters, its other keys kept on the
        function; a wire parameters key, not Anthropic's, dropped), any other tool wrapped as an
        anthropic tool."""
        if not isinstance(tool, dict):
            return tool
        if tool.get("type") not in (None, "custom"):
            self.trace.origin(f"{at}/anthropic", at)
            return {"type": "anthropic", "anthropic": tool}
        self.not_anthropic(tool, ("parameters",), at, "Anthropic custom tools")
        function = {
            "parameters" if key == "input_schema" else key: value
            for key, value in tool.items()
            if key not in ("type", "cache_control", "parameters")
        }
        if "type" in tool:
            self.record("converted", f"{at}/type", at, "A custom tool's type is implied by a function tool.")
        self.trace.origin(f"{at}/function", at)
        self.trace.origin(f"{at}/function/parameters", f"{at}/input_schema")
        return with_cache({"type": "function", "function": function}, tool)

    def tool_choice(self, choice: Any, out: Json) -> None:
        """auto, any, none and tool choices in canonical form; disable_parallel_tool_use, inverted,
        as parallel_tool_calls; other keys dropped."""
        kind = block_type(choice)
        if kind == "tool" and isinstance(choice.get("name"), str):
            out["tool_choice"] = {"type": "function", "function": {"name": choice["name"]}}
            self.trace.origin("/tool_choice/function/name", "/tool_choice/name")
        elif kind in CHOICE_READ:
            out["tool_choice"] = CHOICE_READ[kind]
        else:
            self.trace.problem("/tool_choice", _BAD_CHOICE)
            return
        self.record("converted", "/tool_choice", "/tool_choice", "Anthropic's tool_choice was read.")
        keep = CHOICE_KEYS | {"name"} if kind == "tool" else CHOICE_KEYS
        self.drop(choice, keep, "/tool_choice", f"Anthropic {kind} tool choices")
        at, disable = "/tool_choice/disable_parallel_tool_use", choice.get("disable_parallel_tool_use")
        if disable is not None and not isinstance(disable, bool):
            self.trace.problem(at, "disable_parallel_tool_use should be true or false.")
        elif disable is not None:
            out["parallel_tool_calls"] = not disable
            self.moved(at, "/parallel_tool_calls", "disable_parallel_tool_use became parallel_tool_calls.")

    def metadata(self, metadata: Any, out: Json) -> None:
        """metadata.user_id as user; Anthropic defines no other metadata key."""
        if not isinstance(metadata, dict):
            self.trace.problem("/metadata", "metadata should be an object with an optional user_id.")
            return
        self.drop(metadata, ("user_id",), "/metadata", "Anthropic metadata objects")
        if metadata.get("user_id") is not None:
            out["user"] = metadata["user_id"]
            self.moved("/metadata/user_id", "/user", "metadata.user_id became user.")
        elif not metadata.keys() - {"user_id"}:
            self.record("converted", "/metadata", None, "An empty metadata object was left out.")

    def output_config(self, config: Any, out: Json) -> None:
        """output_config.format as a json_schema response_format, output_config.effort as
        reasoning_effort; the other output_config keys dropped."""
        if not isinstance(config, dict):
            self.trace.problem("/output_config", "output_config should be an object.")
            return
        self.drop(config, ("format", "effort"), "/output_config", "Canonical requests")
        if config.get("format") is not None:
            self.output_format(config["format"], out)
        if config.get("effort") is not None:
            out["reasoning_effort"] = config["effort"]
            reason = "output_config.effort became reasoning_effort."
            self.moved("/output_config/effort", "/reasoning_effort", reason)
        if all(value is None for value in config.values()):
            self.record("converted", "/output_config", None, "An empty output_config object was left out.")

    def output_format(self, given: Any, out: Json) -> None:
        """output_config.format as a json_schema response_format named ``response`` (recorded defaulted)."""
        at, schema = "/output_config/format", given.get("schema") if isinstance(given, dict) else None
        if block_type(given) != "json_schema" or not isinstance(schema, dict):
            self.trace.problem(at, "output_config.format should be of type json_schema with a schema object.")
            return
        self.drop(given, ("type", "schema"), at, "Canonical json_schema formats")
        named = {"name": "response", "schema": schema}
        out["response_format"] = {"type": "json_schema", "json_schema": named}
        self.trace.origin("/response_format/json_schema/schema", f"{at}/schema")
        self.moved(at, "/response_format", "output_config.format became response_format.")
        reason = "A json_schema response_format needs a name, and one was written."
        self.record("defaulted", None, "/response_format/json_schema/name", reason)


_FIELDS = frozenset({"tools", "tool_choice", "metadata", "output_config"})
"""The structural fields other than the conversation, each read by the ``_Reader`` method of its name."""
_KEPT = "An Anthropic block with no canonical form became an anthropic part."
_THINKING = "A thinking block became an entry of thinking_blocks."
_BAD_CHOICE = "tool_choice should be of type auto, any, none, or tool with a name."
_RESULT_MADE = ("role", "tool_call_id")
_USE_MADE = ("function",)
"""Canonical keys reading makes for a tool message or a tool call (``not_anthropic``)."""
_RESULT_MAPPED = frozenset({"type", "tool_use_id", "content", *_RESULT_MADE})
_USE_MAPPED = frozenset({"type", "id", "name", "input", *_USE_MADE})


_PLAIN_BLOCK_KEYS = frozenset({"type", "source", "cache_control"})


def _plain_source(block: Json, *keys: str) -> Json | None:
    """The block's source when the block holds only type, source and cache_control and the source
    exactly type and ``keys``; else None (the canonical part could not carry the rest back)."""
    source = block.get("source")
    if not isinstance(source, dict) or source.keys() != {"type", *keys}:
        return None
    return source if _PLAIN_BLOCK_KEYS.issuperset(block) else None


def _image_part(block: Json) -> Json | None:
    """An image block of a plain base64 (JPEG, PNG, GIF, WebP) or http(s) source as an image_url part."""
    inline, remote = _plain_source(block, "media_type", "data"), _plain_source(block, "url")
    if inline and inline["type"] == "base64" and inline["media_type"] in IMAGE_MEDIA_TYPES:
        url = f"data:{inline['media_type']};base64,{inline['data']}"
    elif remote and remote["type"] == "url" and is_web_url(remote["url"]):
        url = remote["url"]
    else:
        return None
    return with_cache({"type": "image_url", "image_url": {"url": url}}, block)


def _document_part(block: Json) -> Json | None:
    """A document block of a base64 PDF source and nothing more as a file part."""
    source = _plain_source(block, "media_type", "data")
    if not source or source["type"] != "base64" or source["media_type"] != "application/pdf":
        return None
    file = {"file_data": f"data:application/pdf;base64,{source['data']}"}
    return with_cache({"type": "file", "file": file}, block)


_USER_PARTS: dict[str, Callable[[Json], Json | None]] = {"image": _image_part, "document": _document_part}
"""The user blocks that have a canonical part, and how to make it (None when the block holds more)."""
