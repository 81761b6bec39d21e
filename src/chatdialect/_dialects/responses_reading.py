"""Reading OpenAI Responses API requests into canonical form (``ResponsesCodec.decode``).

:func:`read_payload` turns ``input`` into canonical messages (role messages as messages,
``function_call`` items as tool calls of an assistant message, ``function_call_output`` items as tool
messages, any other item as a ``responses`` part of the assistant turn it belongs to), flat function
tools into function tools, and ``tool_choice``, ``text``, ``reasoning`` and ``include`` into their
canonical fields. Every step is recorded on the trace (``chatdialect._codec`` states the contract).
The payload is never mutated (its objects may be shared into the result) and nothing is fetched.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace
from chatdialect._dialects.anthropic_blocks import Json, ReadSteps, block_type
from chatdialect._dialects.responses_items import (
    CALL_KEYS,
    FUNCTION_KEYS,
    LOGPROBS,
    MESSAGE_KEYS,
    OUTPUT_KEYS,
    PART_KEYS,
    PRODUCED,
    ROLES,
    SCHEMA_FORMAT_KEYS,
)
from chatdialect._pointer import join


def read_payload(payload: Json, trace: Trace) -> Json:
    """A new dict in canonical shape: the structural keys replaced where they were, every other key
    copied in payload order (a wire key named like a canonical field made here is dropped)."""
    reader = _Reader(trace)
    out: Json = {}
    for key, value in payload.items():
        if key in _FIELDS:
            if value is not None:
                getattr(reader, key)(value, out)
        elif key in PRODUCED:
            reader.record("dropped", join(key), None, f"Responses requests have no top-level {key} field.")
        else:
            out[key] = value
    if payload.get("input") is None:
        trace.origin("/messages", "/input")  # a missing input is reported where the caller looks
    if payload.get("top_logprobs") is not None and "logprobs" not in out:
        out["logprobs"] = True
        reason = "top_logprobs asks for log probabilities, so logprobs was set."
        reader.record("defaulted", None, "/logprobs", reason)
    return out


class _Reader(ReadSteps):
    """Reads input items into canonical messages and the structural fields into the result."""

    __slots__ = ("group", "texted")

    def __init__(self, trace: Trace) -> None:
        super().__init__(trace)
        self.group: Json | None = None
        """The assistant message that later items of the same turn join, while one is open (always
        the last message)."""
        self.texted = False
        """Whether the open turn holds a message item already (another one starts a new turn)."""


    # --- input ---------------------------------------------------------------------------------

    def input(self, value: Any, out: Json) -> None:
        """A string as one user message; a list item by item."""
        if isinstance(value, str):
            out["messages"] = [{"role": "user", "content": value}]
            self.moved("/input", "/messages/0", "The input string became a user message.")
            self.trace.origin("/messages/0/content", "/input")
            self.trace.origin("/messages/0", "/input")  # the one message, and the list, are the string too
            self.trace.origin("/messages", "/input")
            return
        if not isinstance(value, list):
            out["messages"] = value  # validation reports it
            self.trace.origin("/messages", "/input")
            return
        self.moved("/input", "/messages", "The input items became messages.")
        for index, item in enumerate(value):
            self.item(join("input", index), item)
        out["messages"] = self.out

    def item(self, at: str, item: Any) -> None:
        """One input item, by its type (a role message has type ``message`` or none)."""
        kind = block_type(item)
        if not isinstance(item, dict) or (kind is None and "type" in item):
            self.trace.problem(at, "An input item should be an object with a role or a type.")
        elif kind in (None, "message"):
            self.message(at, item)
        elif kind == "function_call":
            self.function_call(at, item)
        elif kind == "function_call_output":
            self.function_output(at, item)
        else:
            self.kept_item(at, item)

    def message(self, at: str, item: Json) -> None:
        """A role message; an assistant one joins the open turn when only kept items came before."""
        role = item.get("role")
        if role not in ROLES:
            self.trace.problem(f"{at}/role", "The role should be user, assistant, system or developer.")
            return
        extras = {key: item[key] for key in MESSAGE_KEYS if item.get(key) is not None}
        output_form = role == "assistant" and "id" in extras and "status" in extras
        if "type" in item and not output_form:
            self.record("converted", f"{at}/type", None, "An input message's type is implied by its role.")
        if role == "assistant" and not output_form and isinstance(item.get("content"), list):
            reason = "An assistant message's parts are read as text, written back as one string."
            self.record("converted", f"{at}/content", None, reason)
        self.drop(item, {"role", "content", "type", *MESSAGE_KEYS}, at, "Responses input messages")
        group, content = self.group, item.get("content")
        if role == "assistant" and group is not None and not self.texted and not group.get("tool_calls"):
            to = join("messages", len(self.out) - 1)  # the open turn is the last message
            parts = group["content"]
            parts += self.parts(f"{at}/content", f"{to}/content", content, len(parts), as_list=True)
        else:
            to = join("messages", len(self.out))
            group = {"role": role}
            self.moved(at, to)
            self.out.append(group)
            group["content"] = self.parts(f"{at}/content", f"{to}/content", content, 0)
        if extras:
            group["responses"] = extras
            self.trace.origin(f"{to}/responses", at)
        # an empty assistant text opens no turn for the items after it: the writer writes one only for
        # an assistant message without calls (it leaves the empty text of one with calls out), so the
        # calls after it are another message, and the payload reads back as it was written
        empty = content == "" and group.get("content") == ""
        self.group = group if role == "assistant" and not empty else None
        self.texted = role == "assistant"

    def parts(
        self, src: str, dst: str, content: Any, start: int, as_list: bool = False, tool: bool = False
    ) -> Any:
        """Message content: a string kept (or, ``as_list``, one text part), each part read (a tool
        output's parts other than text kept as ``responses`` parts)."""
        self.moved(src, dst)
        if isinstance(content, str) and as_list:
            self.moved(src, f"{dst}/{start}")
            return [{"type": "text", "text": content}] if content else []
        if not isinstance(content, list):
            return content  # a string, or validation reports it
        return [self.part(f"{src}/{p}", f"{dst}/{start + p}", part, tool) for p, part in enumerate(content)]

    def part(self, at: str, to: str, part: Any, tool: bool = False) -> Any:
        """A content part in canonical form; one with no canonical form as a ``responses`` part."""
        self.moved(at, to)
        kind = block_type(part)
        if tool and kind != "input_text":
            return {"type": "responses", "responses": part} if isinstance(part, dict) else part
        key = _STRINGS.get(kind or "")
        if key is not None and not isinstance(part.get(key), str):
            self.trace.problem(f"{at}/{key}", f"A {kind} part needs {key} as a string.")
            return part
        if kind in ("input_text", "output_text"):
            made: Json = {"type": "text", "text": part["text"]}
        elif kind == "refusal":
            made = {"type": "refusal", "refusal": part["refusal"]}
        elif kind == "input_image" and _plain_image(part):
            image = {"url": part["image_url"]} | ({"detail": part["detail"]} if "detail" in part else {})
            made = {"type": "image_url", "image_url": image}
            self.trace.origin(f"{to}/image_url/url", f"{at}/image_url")
            self.trace.origin(f"{to}/image_url/detail", f"{at}/detail")
        elif kind == "input_file" and _plain_file(part):
            made = {"type": "file", "file": {key: part[key] for key in _FILE_KEYS if key in part}}
            self.trace.origin(f"{to}/file", at)
        elif isinstance(part, dict):
            return {"type": "responses", "responses": part}
        else:
            return part  # validation reports it
        extras = {key: part[key] for key in PART_KEYS if key in part}
        if extras:
            made["responses"] = extras
            self.trace.origin(f"{to}/responses", at)  # kept keys of the part itself
        mapped = _MAPPED.get(kind or "", frozenset())
        self.drop(part, mapped | PART_KEYS, at, f"Responses {kind} parts")
        return made

    def function_call(self, at: str, item: Json) -> None:
        """A ``function_call`` item as a tool call of the open assistant turn (opened if needed)."""
        call_id, name, arguments = item.get("call_id"), item.get("name"), item.get("arguments")
        if not all(isinstance(value, str) for value in (call_id, name, arguments)):
            self.trace.problem(at, "A function_call item needs a string call_id, name and arguments.")
            return
        group = self.open_group()
        to_message = join("messages", len(self.out) - 1)
        calls = group.setdefault("tool_calls", [])
        to = f"{to_message}/tool_calls/{len(calls)}"
        call: Json = {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
        extras = {key: item[key] for key in CALL_KEYS if item.get(key) is not None}
        if extras:
            call["responses"] = extras
            self.trace.origin(f"{to}/responses", at)
        mapped = {"type", "call_id", "name", "arguments", *CALL_KEYS}
        self.drop(item, mapped, at, "Responses function_call items")
        calls.append(call)
        self.trace.origin(f"{to}/id", f"{at}/call_id")
        self.trace.origin(f"{to}/function/name", f"{at}/name")
        self.trace.origin(f"{to}/function/arguments", f"{at}/arguments")
        self.moved(at, to, "A function_call item became a tool call.")

    def function_output(self, at: str, item: Json) -> None:
        """A ``function_call_output`` item as a tool message."""
        self.group = None
        to = join("messages", len(self.out))
        message: Json = {"role": "tool"}
        if item.get("call_id") is not None:
            message["tool_call_id"] = item["call_id"]
        self.trace.origin(f"{to}/tool_call_id", f"{at}/call_id")
        message["content"] = self.parts(f"{at}/output", f"{to}/content", item.get("output"), 0, tool=True)
        extras = {key: item[key] for key in OUTPUT_KEYS if item.get(key) is not None}
        if extras:
            message["responses"] = extras
            self.trace.origin(f"{to}/responses", at)
        mapped = {"type", "call_id", "output", *OUTPUT_KEYS}
        self.drop(item, mapped, at, "Responses function_call_output items")
        self.out.append(message)
        self.moved(at, to, "A function_call_output item became a tool message.")

    def kept_item(self, at: str, item: Json) -> None:
        """An item with no canonical form (a reasoning item, a hosted tool's call, ...) as a
        ``responses`` part of the open assistant turn (opened if needed)."""
        group = self.open_group()
        if group.get("tool_calls") or not isinstance(group.setdefault("content", []), list):
            self.group = None  # calls come last in a turn; string content stays a string
            group = self.open_group()
        parts = group.setdefault("content", [])
        to = join("messages", len(self.out) - 1, "content", len(parts))
        parts.append({"type": "responses", "responses": item})
        self.trace.origin(f"{to}/responses", at)
        self.trace.origin(to, at)

    def open_group(self) -> Json:
        """The open assistant turn, or a new one."""
        if self.group is None:
            self.group = {"role": "assistant"}
            self.texted = False
            self.out.append(self.group)
        return self.group

    # --- the other structural fields -----------------------------------------------------------

    def tools(self, tools: Any, out: Json) -> None:
        """Flat function tools as function tools; every other tool kept as a ``responses`` tool."""
        if not isinstance(tools, list):
            out["tools"] = tools  # validation reports it
            return
        out["tools"] = [self.tool(join("tools", index), tool) for index, tool in enumerate(tools)]
        if any(block_type(tool) == "function" for tool in tools):
            self.record("converted", "/tools", "/tools", "Responses function tools became function tools.")

    def tool(self, at: str, tool: Any) -> Any:
        if block_type(tool) != "function":
            self.trace.origin(f"{at}/responses", at)
            return {"type": "responses", "responses": tool} if isinstance(tool, dict) else tool
        function = {key: value for key, value in tool.items() if key in FUNCTION_KEYS}
        self.drop(tool, {"type", *FUNCTION_KEYS}, at, "Responses function tools")
        self.trace.origin(f"{at}/function", at)
        return {"type": "function", "function": function}

    def tool_choice(self, choice: Any, out: Json) -> None:
        """A named function and allowed tools in canonical form; other objects kept as they are."""
        kind = block_type(choice)
        if not isinstance(choice, dict):
            out["tool_choice"] = choice  # a mode string (validation checks it)
            return
        if kind == "function" and isinstance(choice.get("name"), str):
            out["tool_choice"] = {"type": "function", "function": {"name": choice["name"]}}
            self.trace.origin("/tool_choice/function/name", "/tool_choice/name")
            self.drop(choice, ("type", "name"), "/tool_choice", "Responses function tool choices")
        elif kind == "allowed_tools" and isinstance(choice.get("tools"), list):
            tools = [_allowed(tool) for tool in choice["tools"]]
            allowed = {"mode": choice.get("mode"), "tools": tools}
            out["tool_choice"] = {"type": "allowed_tools", "allowed_tools": allowed}
            self.trace.origin("/tool_choice/allowed_tools", "/tool_choice")
            self.drop(choice, ("type", "mode", "tools"), "/tool_choice", "Responses allowed_tools choices")
        else:
            out["tool_choice"] = {"type": "responses", "responses": choice}
            self.trace.origin("/tool_choice/responses", "/tool_choice")
            return
        self.record("converted", "/tool_choice", "/tool_choice", "The Responses tool_choice was read.")

    def text(self, text: Any, out: Json) -> None:
        """text.format as response_format, text.verbosity as verbosity."""
        if not isinstance(text, dict):
            self.trace.problem("/text", "text should be an object with format and verbosity.")
            return
        self.drop(text, ("format", "verbosity"), "/text", "Responses text options")
        given = text.get("format")
        if given is not None:
            out["response_format"] = self.text_format(given)
        if text.get("verbosity") is not None:
            out["verbosity"] = text["verbosity"]
            self.moved("/text/verbosity", "/verbosity", "text.verbosity became verbosity.")
        if all(value is None for value in text.values()):
            self.record("converted", "/text", None, "An empty text object was left out.")

    def text_format(self, given: Any) -> Any:
        at = "/text/format"
        if block_type(given) != "json_schema":
            self.moved(at, "/response_format", "text.format became response_format.")
            return given
        self.drop(given, ("type", *SCHEMA_FORMAT_KEYS), at, "Responses json_schema formats")
        named = {key: given[key] for key in SCHEMA_FORMAT_KEYS if key in given}
        self.trace.origin("/response_format/json_schema", at)
        self.moved(at, "/response_format", "text.format became response_format.")
        return {"type": "json_schema", "json_schema": named}

    def reasoning(self, reasoning: Any, out: Json) -> None:
        """reasoning.effort as reasoning_effort; the other reasoning options kept as reasoning."""
        if not isinstance(reasoning, dict):
            self.trace.problem("/reasoning", "reasoning should be an object.")
            return
        if reasoning.get("effort") is not None:
            out["reasoning_effort"] = reasoning["effort"]
            self.moved("/reasoning/effort", "/reasoning_effort", "reasoning.effort became reasoning_effort.")
        rest = {key: value for key, value in reasoning.items() if key != "effort" and value is not None}
        if rest:
            out["reasoning"] = rest
        elif reasoning.get("effort") is None:
            self.record("converted", "/reasoning", None, "An empty reasoning object was left out.")

    def include(self, include: Any, out: Json) -> None:
        """The logprobs entry as logprobs: true; the other entries kept as include."""
        if not isinstance(include, list) or LOGPROBS not in include:
            out["include"] = include
            return
        index = include.index(LOGPROBS)
        out["logprobs"] = True
        reason = "The include entry that asks for output log probabilities became logprobs."
        self.moved(f"/include/{index}", "/logprobs", reason)
        rest = [entry for entry in include if entry != LOGPROBS]
        if rest:
            out["include"] = rest
            for k in range(index + 1, len(include)):
                self.trace.origin(f"/include/{k - 1}", f"/include/{k}")


_FIELDS = frozenset({"input", "tools", "tool_choice", "text", "reasoning", "include"})
"""The structural fields, each read by the ``_Reader`` method of its name."""
_FILE_KEYS = ("file_id", "file_data", "filename")
_STRINGS = {"input_text": "text", "output_text": "text", "refusal": "refusal"}
"""Parts that are nothing without one string key (a problem, not a kept part, when it is missing)."""
_MAPPED = {
    "input_text": frozenset({"type", "text"}),
    "output_text": frozenset({"type", "text"}),
    "refusal": frozenset({"type", "refusal"}),
    "input_image": frozenset({"type", "image_url", "detail"}),
    "input_file": frozenset({"type", "file_id", "file_data", "filename"}),
}


def _plain_image(part: Json) -> bool:
    """An input_image by URL with a canonical detail (else kept as a ``responses`` part)."""
    return (
        isinstance(part.get("image_url"), str)
        and part.get("file_id") is None
        and part.get("detail", "auto") in ("auto", "low", "high")
    )


def _plain_file(part: Json) -> bool:
    """An input_file by id or by data (else kept as a ``responses`` part: a file URL, a detail)."""
    return "file_url" not in part and "detail" not in part and ("file_id" in part or "file_data" in part)


def _allowed(tool: Any) -> Any:
    """An allowed_tools entry: a function by name in canonical form, any other kept."""
    if block_type(tool) == "function" and set(tool) == {"type", "name"}:
        return {"type": "function", "function": {"name": tool["name"]}}
    return tool
