"""The ``anthropic`` shape codec: Anthropic Messages API structure <-> the canonical request.

Structure only (SPEC section 8, "Decisions fixed for anthropic"): the system prompt and turns, tools,
``tool_choice`` with ``parallel_tool_calls``, ``user`` and ``metadata.user_id``, ``response_format`` /
``reasoning_effort`` and ``output_config``. Renames, ranges, defaults and unknown fields belong to the
dialect's rule table. Reading lives in ``anthropic_blocks``; writing is here. Neither mutates its
input nor fetches anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from chatdialect._changes import Change, Problems, Trace
from chatdialect._codec import Codec
from chatdialect._dialects.anthropic_blocks import (
    CHOICE_READ,
    IMAGE_MEDIA_TYPES,
    TEXT_KEYS,
    THINKING_TYPES,
    TOOL_RESULT_KEYS,
    TOOL_USE_KEYS,
    Json,
    Steps,
    drop_keys,
    is_web_url,
    parse_data_url,
    read_payload,
    with_cache,
)
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join

CUSTOM_TOOL_KEYS = frozenset(
    {
        "name",
        "description",
        "strict",
        "defer_loading",
        "input_examples",
        "allowed_callers",
        "eager_input_streaming",
    }
)
"""The keys of an Anthropic custom tool besides ``type``, ``input_schema`` and ``cache_control``."""


class AnthropicCodec(Codec):
    """Anthropic Messages API requests (``POST /v1/messages``) <-> canonical requests."""

    handles = ("system", "messages", "tools", "tool_choice", "metadata", "output_config")
    writes = (
        "messages",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "user",
        "response_format",
        "reasoning_effort",
    )
    notes = (
        "Leading system and developer messages become the system field (a string for one string message, "
        "else text blocks); later ones become system-role turns.",
        "Tool messages and the user message right after them form one user turn, tool_result blocks first.",
        "An assistant turn is thinking blocks, then content, then tool_use blocks; tool-call arguments must "
        "be a JSON object, written as the tool_use input.",
        "Images become base64 or url image blocks and PDF file data a document block; other files, audio, "
        "image detail and refusals have no Anthropic form and are dropped.",
        "Anthropic blocks and tools without a canonical form are kept as anthropic parts and tools.",
        "Function tools become custom tools (parameters as input_schema, an empty object schema if absent).",
        "tool_choice required becomes any and a named function a tool choice; parallel_tool_calls becomes "
        "disable_parallel_tool_use inside tool_choice.",
        "user becomes metadata.user_id.",
        "A json_schema response_format becomes output_config.format without its name, description and strict; "
        "reasoning_effort becomes output_config.effort.",
        "String and block forms of message content are kept both ways.",
    )

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """A new dict in canonical shape (``anthropic_blocks.read_payload``)."""
        return read_payload(payload, trace)

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """The Anthropic payload, keys in the order model, max_tokens, system, messages, then the rest
        in ``data``'s order; ``InvalidRequestError`` for tool-call arguments that are not a JSON object.
        Nested objects of ``data`` are reused but never changed."""
        writer = _Writer(trace)
        out: Json = {key: data[key] for key in ("model", "max_tokens") if key in data}
        system = writer.conversation(data.get("messages") or [])
        if system is not None:
            out["system"] = system
        out["messages"] = writer.out
        done: set[str] = set()
        for key, value in data.items():
            group = _GROUPS.get(key)
            if group is None:
                if key not in ("model", "max_tokens", "messages"):
                    out[key] = value
            elif group not in done:
                done.add(group)
                getattr(writer, group)(data, out)
        if writer.errors:
            raise InvalidRequestError(writer.errors, dialect="anthropic")
        return out


_GROUPS = {
    "tools": "tools",
    "tool_choice": "tool_choice",
    "parallel_tool_calls": "tool_choice",
    "user": "metadata",
    "metadata": "metadata",
    "response_format": "output_config",
    "reasoning_effort": "output_config",
    "output_config": "output_config",
}
"""The canonical keys each top-level writer of ``_Writer`` turns into Anthropic fields."""
_CHOICE_WRITE = {value: key for key, value in CHOICE_READ.items()}
PartWriter = Callable[[Json, str, str], "Json | None"]


class _Writer(Steps):
    """Writes canonical messages into ``out`` and the structural fields into the payload; changes
    go to the trace, arguments that are not a JSON object to ``errors``."""

    __slots__ = ("errors", "open")

    def __init__(self, trace: Trace) -> None:
        super().__init__(trace)
        self.errors: Problems = []
        self.open: int | None = None
        """The index of the user turn gathering tool results, while one is open."""

    def note(self, change: Change) -> None:
        self.trace.on_write(change)

    def drop(self, obj: Json, keep: Iterable[str], at: str, what: str) -> None:
        drop_keys(self.note, obj, keep, at, what)

    # --- messages ------------------------------------------------------------------------------

    def conversation(self, messages: list[Json]) -> Any:
        """The turns of ``messages`` into ``out``; returns the system field (None without one)."""
        lead = 0
        while lead < len(messages) and messages[lead].get("role") in ("system", "developer"):
            lead += 1
        system = self.system(messages[:lead]) if lead else None
        for k in range(lead, len(messages)):
            self.message(k, messages[k])
        return system

    def system(self, lead: list[Json]) -> Any:
        """The leading system/developer run as the system field: a string for one message with
        string content and no cache_control, else text blocks (cache_control on a message's last)."""
        for k, message in enumerate(lead):
            self.drop(message, _INSTRUCTION_KEYS, join("messages", k), "Anthropic's system prompt")
        first = lead[0]
        if len(lead) == 1 and isinstance(first.get("content"), str) and "cache_control" not in first:
            self.record("converted", "/messages/0", "/system", _HOISTED)
            return first["content"]
        blocks: list[Json] = []
        for k, message in enumerate(lead):
            self.record(
                "converted",
                join("messages", k),
                "/system" if len(lead) == 1 else f"/system/{len(blocks)}",
                _HOISTED,
            )
            blocks += self.blocks(message, join("messages", k), "/system", len(blocks), self.text)
        return blocks

    def message(self, k: int, message: Json) -> None:
        """Message ``k`` after the leading system run, by role."""
        role = message.get("role")
        if role == "tool":
            self.tool_result(k, message)
            return
        opened, self.open = self.open, None
        if role == "user":
            self.user(k, message, opened)
        elif role == "assistant":
            self.assistant(k, message)
        else:
            self.instruction(k, message)

    def tool_result(self, k: int, message: Json) -> None:
        """A tool message as a ``tool_result`` block of the open user turn (opened if needed)."""
        if self.open is None:
            self.open = len(self.out)
            self.out.append({"role": "user", "content": []})
        turn = self.out[self.open]["content"]
        at, to = join("messages", k), join("messages", self.open, "content", len(turn))
        block: Json = {"type": "tool_result", "tool_use_id": message.get("tool_call_id")}
        content = message.get("content")
        if content == "":
            self.record(
                "converted", f"{at}/content", None, "An empty tool result was written without content."
            )
        elif isinstance(content, list):
            block["content"] = self.parts(content, f"{at}/content", f"{to}/content", 0, self.kept_or_text)
        else:
            block["content"] = content
        block.update((key, value) for key, value in message.items() if key in TOOL_RESULT_KEYS)
        self.drop(message, _TOOL_MESSAGE_KEYS, at, "Anthropic tool_result blocks")
        turn.append(block)
        self.record("converted", at, to, "A tool message became a tool_result block of a user turn.")

    def user(self, k: int, message: Json, opened: int | None) -> None:
        """A user message as its own turn, or merged into the turn of the tool results before it."""
        at = join("messages", k)
        self.drop(message, _INSTRUCTION_KEYS, at, "Anthropic user turns")
        if opened is None and isinstance(message.get("content"), str) and "cache_control" not in message:
            self.out.append({"role": "user", "content": message["content"]})
            return
        turn: list[Json] = self.out[opened]["content"] if opened is not None else []
        dst = join("messages", len(self.out) if opened is None else opened, "content")
        blocks = self.blocks(message, at, dst, len(turn), self.user_part)
        if opened is not None:
            turn += blocks
        elif blocks:
            self.out.append({"role": "user", "content": blocks})
        else:
            self.record("dropped", at, None, "The user message holds nothing Anthropic can carry.")

    def assistant(self, k: int, message: Json) -> None:
        """An assistant message: string content stays a string; otherwise thinking blocks, then
        content, then tool_use blocks."""
        at, dst = join("messages", k), join("messages", len(self.out), "content")
        self.drop(message, _ASSISTANT_KEYS, at, "Anthropic assistant turns")
        content, thinking, calls = (
            message.get("content"),
            message.get("thinking_blocks"),
            message.get("tool_calls"),
        )
        if isinstance(content, str) and not thinking and not calls and "cache_control" not in message:
            self.out.append({"role": "assistant", "content": content})
            return
        blocks: list[Json] = []
        for b, block in enumerate(thinking or ()):
            self.record("converted", f"{at}/thinking_blocks/{b}", f"{dst}/{len(blocks)}", _THINKING)
            blocks.append(block)
        if content == "":
            self.record("converted", f"{at}/content", None, "An empty assistant text was left out.")
        elif content is not None:
            blocks += self.parts(content, f"{at}/content", dst, len(blocks), self.assistant_part)
        for c, call in enumerate(calls or ()):
            written = self.tool_use(call, f"{at}/tool_calls/{c}", f"{dst}/{len(blocks)}")
            blocks += [written] if written is not None else []
        self.cache(blocks, message, at, dst, 0)
        if blocks:
            self.out.append({"role": "assistant", "content": blocks})
        else:
            self.record("dropped", at, None, "The assistant message holds nothing Anthropic can carry.")

    def instruction(self, k: int, message: Json) -> None:
        """A later system or developer message as a system-role turn (string form kept)."""
        at, t = join("messages", k), len(self.out)
        self.drop(message, _INSTRUCTION_KEYS, at, "Anthropic system messages")
        if message.get("role") == "developer":
            reason = "Anthropic has no developer role, so the developer message became a system message."
            self.record("converted", f"{at}/role", join("messages", t, "role"), reason)
        content = message.get("content")
        if not isinstance(content, str) or "cache_control" in message:
            content = self.blocks(message, at, join("messages", t, "content"), 0, self.text)
        self.out.append({"role": "system", "content": content})

    def tool_use(self, call: Json, src: str, dst: str) -> Json | None:
        """A tool call as a ``tool_use`` block; None (an error) if its arguments are not a JSON object."""
        function = call.get("function") or {}
        arguments = _json_object(function.get("arguments"))
        if arguments is None:
            self.errors.append((self.trace.to_input(f"{src}/function/arguments"), _NOT_OBJECT))
            return None
        block = {"type": "tool_use", "id": call.get("id"), "name": function.get("name"), "input": arguments}
        block.update((key, value) for key, value in call.items() if key in TOOL_USE_KEYS)
        self.drop(call, _CALL_KEYS, src, "Anthropic tool_use blocks")
        self.drop(function, ("name", "arguments"), f"{src}/function", "Anthropic tool_use blocks")
        self.record("converted", src, dst, "A tool call became a tool_use block.")
        return block

    # --- blocks --------------------------------------------------------------------------------

    def blocks(self, message: Json, at: str, dst: str, start: int, write: PartWriter) -> list[Json]:
        """A message's content as blocks from index ``start`` of ``dst``, its cache_control on the last."""
        blocks = self.parts(message.get("content"), f"{at}/content", dst, start, write)
        self.cache(blocks, message, at, dst, start)
        return blocks

    def parts(self, content: Any, src: str, dst: str, start: int, write: PartWriter) -> list[Json]:
        """Content as blocks: a string as one text block (recorded), each part through ``write``."""
        if isinstance(content, str):
            self.record("converted", src, f"{dst}/{start}", "The string content became a text block.")
            return [{"type": "text", "text": content}]
        blocks: list[Json] = []
        for p, part in enumerate(content or ()):
            block = write(part, f"{src}/{p}", f"{dst}/{start + len(blocks)}")
            blocks += [block] if block is not None else []
        return blocks

    def cache(self, blocks: list[Json], message: Json, at: str, dst: str, start: int) -> None:
        """A message's ``cache_control`` on its last block (a new dict), when that block can take it."""
        if "cache_control" not in message:
            return
        last = len(blocks) - 1
        if last < 0 or blocks[last].get("type") in THINKING_TYPES or "cache_control" in blocks[last]:
            self.record(
                "dropped", f"{at}/cache_control", None, "The message's cache_control has no block to go on."
            )
            return
        blocks[last] = {**blocks[last], "cache_control": message["cache_control"]}
        target = f"{dst}/{start + last}/cache_control"
        self.record(
            "converted", f"{at}/cache_control", target, "The message's cache_control went on its last block."
        )

    def text(self, part: Json, src: str, dst: str) -> Json:
        """A text part as a text block (a new dict without the keys Anthropic lacks)."""
        self.drop(part, TEXT_KEYS, src, "Anthropic text blocks")
        return {key: value for key, value in part.items() if key in TEXT_KEYS}

    def kept_or_text(self, part: Json, src: str, dst: str) -> Json:
        """A kept Anthropic part as its block; any other part as a text block."""
        if part.get("type") != "anthropic":
            return self.text(part, src, dst)
        self.drop(part, ("type", "anthropic"), src, "Anthropic blocks")
        self.record("converted", src, dst, "An anthropic part was written back as its Anthropic block.")
        block: Json = part["anthropic"]
        return block

    def assistant_part(self, part: Json, src: str, dst: str) -> Json | None:
        """An assistant part: text and kept Anthropic blocks; a refusal is dropped."""
        if part.get("type") == "refusal":
            self.record("dropped", src, None, "Anthropic assistant turns have no refusal blocks.")
            return None
        return self.kept_or_text(part, src, dst)

    def user_part(self, part: Json, src: str, dst: str) -> Json | None:
        """A user part: text, image, PDF file and kept Anthropic blocks; audio and others dropped."""
        kind = part.get("type")
        if kind == "image_url":
            return self.image(part, src, dst)
        if kind == "file":
            return self.document(part, src, dst)
        if kind in ("text", "anthropic"):
            return self.kept_or_text(part, src, dst)
        what = "audio" if kind == "input_audio" else "such"
        self.record("dropped", src, None, f"Anthropic user turns have no {what} content blocks.")
        return None

    def image(self, part: Json, src: str, dst: str) -> Json | None:
        """An image_url part as an image block: base64 for a JPEG/PNG/GIF/WebP data URL, a url source
        for an http(s) URL (never fetched); any other URL is dropped, and so is ``detail``."""
        image = part.get("image_url") or {}
        source = _image_source(image.get("url"))
        if source is None:
            reason = "Anthropic images take only base64 JPEG, PNG, GIF or WebP data or an http(s) URL."
            self.record("dropped", src, None, reason)
            return None
        self.drop(image, ("url",), f"{src}/image_url", "Anthropic image blocks")
        self.drop(part, ("type", "image_url", "cache_control"), src, "Anthropic image blocks")
        self.record("converted", src, dst, "An image_url part became an Anthropic image block.")
        return with_cache({"type": "image", "source": source}, part)

    def document(self, part: Json, src: str, dst: str) -> Json | None:
        """A file part with PDF file_data as a base64 document block; any other file is dropped."""
        file = part.get("file") or {}
        parsed = parse_data_url(file.get("file_data"))
        if parsed is None or parsed[0] != "application/pdf":
            reason = "Anthropic documents take only PDF data given inline, not file ids or other file types."
            self.record("dropped", src, None, reason)
            return None
        self.drop(file, ("file_data",), f"{src}/file", "Anthropic document blocks")
        self.drop(part, ("type", "file", "cache_control"), src, "Anthropic document blocks")
        self.record("converted", src, dst, "A file part became an Anthropic document block.")
        source = {"type": "base64", "media_type": "application/pdf", "data": parsed[1]}
        return with_cache({"type": "document", "source": source}, part)

    # --- top-level fields ----------------------------------------------------------------------

    def tools(self, data: Json, out: Json) -> None:
        """Function tools as custom tools, anthropic tools as the tools they hold."""
        tools: list[Json] = []
        for index, tool in enumerate(data["tools"]):
            at = join("tools", index)
            if tool.get("type") == "anthropic":
                self.drop(tool, ("type", "anthropic"), at, "Anthropic tools")
                tools.append(tool["anthropic"])
            else:
                tools.append(self.custom_tool(tool, at))
        if any(tool.get("type") != "anthropic" for tool in data["tools"]):
            self.record("converted", "/tools", "/tools", "Function tools became Anthropic custom tools.")
        out["tools"] = tools

    def custom_tool(self, tool: Json, at: str) -> Json:
        """A function tool as a custom tool: parameters as input_schema (an empty object schema,
        recorded defaulted, when absent); the function keys a custom tool lacks are dropped."""
        function = tool.get("function") or {}
        self.drop(function, CUSTOM_TOOL_KEYS | {"parameters"}, f"{at}/function", "Anthropic custom tools")
        entry = {key: value for key, value in function.items() if key in CUSTOM_TOOL_KEYS}
        if "parameters" in function:
            entry["input_schema"] = function["parameters"]
        else:
            entry["input_schema"] = {"type": "object", "properties": {}}
            reason = "Anthropic custom tools require input_schema, so an empty object schema was written."
            self.record("defaulted", None, f"{at}/input_schema", reason)
        self.drop(tool, ("type", "function", "cache_control"), at, "Anthropic custom tools")
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
            self.record(
                "dropped",
                "/tool_choice",
                None,
                "Anthropic takes only auto, required, none or one named tool.",
            )
        if written is not None:
            self.record(
                "converted", "/tool_choice", "/tool_choice", "tool_choice was written in Anthropic's form."
            )
        if parallel is not None and written is not None and written["type"] == "none":
            self.record(
                "dropped",
                "/parallel_tool_calls",
                None,
                "Anthropic's none tool_choice has no parallel setting.",
            )
        elif parallel is not None:
            if written is None:
                written = {"type": "auto"}
                reason = (
                    "Anthropic keeps parallel_tool_calls in tool_choice, so an auto tool_choice was written."
                )
                self.record("defaulted", None, "/tool_choice", reason)
            written["disable_parallel_tool_use"] = not parallel
            target = "/tool_choice/disable_parallel_tool_use"
            self.record(
                "converted",
                "/parallel_tool_calls",
                target,
                "parallel_tool_calls became disable_parallel_tool_use.",
            )
        if written is not None:
            out["tool_choice"] = written

    def metadata(self, data: Json, out: Json) -> None:
        """user as metadata.user_id (merged into a metadata object the rule table let through)."""
        given = data.get("metadata")
        metadata: Json = dict(given) if isinstance(given, dict) else {}
        if data.get("user") is not None:
            metadata["user_id"] = data["user"]
            self.record("converted", "/user", "/metadata/user_id", "user became metadata.user_id.")
        if metadata:
            out["metadata"] = metadata

    def output_config(self, data: Json, out: Json) -> None:
        """A json_schema response_format as output_config.format, reasoning_effort as output_config.effort."""
        given = data.get("output_config")
        config: Json = dict(given) if isinstance(given, dict) else {}
        if data.get("response_format") is not None:
            written = self.output_format(data["response_format"])
            config.update({"format": written} if written is not None else {})
        if data.get("reasoning_effort") is not None:
            config["effort"] = data["reasoning_effort"]
            self.record(
                "converted",
                "/reasoning_effort",
                "/output_config/effort",
                "reasoning_effort became output_config.effort.",
            )
        if config:
            out["output_config"] = config

    def output_format(self, given: Json) -> Json | None:
        """output_config.format for a json_schema response_format with a schema (its name,
        description and strict dropped); None, recorded dropped, for any other response_format."""
        schema_format = given.get("json_schema") if given.get("type") == "json_schema" else None
        if not isinstance(schema_format, dict) or "schema" not in schema_format:
            reason = "Anthropic's structured output takes only a json_schema response_format with a schema."
            self.record("dropped", "/response_format", None, reason)
            return None
        self.drop(given, ("type", "json_schema"), "/response_format", "Anthropic's output_config.format")
        self.drop(
            schema_format, ("schema",), "/response_format/json_schema", "Anthropic's output_config.format"
        )
        self.record(
            "converted",
            "/response_format",
            "/output_config/format",
            "response_format became output_config.format.",
        )
        return {"type": "json_schema", "schema": schema_format["schema"]}


def _image_source(url: Any) -> Json | None:
    """The Anthropic image source for an image URL; None when Anthropic cannot take the URL."""
    parsed = parse_data_url(url)
    if parsed is not None:
        media_type, data = parsed
        return (
            {"type": "base64", "media_type": media_type, "data": data}
            if media_type in IMAGE_MEDIA_TYPES
            else None
        )
    return {"type": "url", "url": url} if is_web_url(url) else None


def _json_object(text: Any) -> Json | None:
    """The JSON object ``text`` encodes; None when it is not a string holding one."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


_HOISTED = "A leading system or developer message became part of the top-level system field."
_THINKING = "A thinking block was written at the start of the assistant turn."
_NOT_OBJECT = "should be a JSON object: Anthropic takes a tool_use input only as an object."
_INSTRUCTION_KEYS = frozenset({"role", "content", "cache_control"})
_ASSISTANT_KEYS = frozenset({"role", "content", "tool_calls", "thinking_blocks", "cache_control"})
_TOOL_MESSAGE_KEYS = frozenset({"role", "tool_call_id", "content"}) | TOOL_RESULT_KEYS
_CALL_KEYS = frozenset({"id", "type", "function"}) | TOOL_USE_KEYS
