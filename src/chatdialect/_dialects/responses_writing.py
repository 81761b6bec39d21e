"""Writing canonical requests in the Responses API's shape (``ResponsesCodec.encode``): messages as
``input`` items, function tools flattened, ``tool_choice`` in Responses' forms, ``response_format`` /
``verbosity`` as ``text``, ``reasoning_effort`` in ``reasoning``, ``logprobs`` as an ``include``
entry; every step recorded (``chatdialect._codec`` states the contract).
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Change, Trace
from chatdialect._dialects.anthropic_blocks import Json, Steps
from chatdialect._dialects.responses_items import (
    ASSISTANT_OUTPUT_KEYS,
    CALL_KEYS,
    EASY_KEYS,
    EMPTY_PARAMETERS,
    FUNCTION_KEYS,
    LOGPROBS,
    OUTPUT_KEYS,
    PART_KEYS,
    SCHEMA_FORMAT_KEYS,
)
from chatdialect._pointer import join
from chatdialect._rules.containers import every_item_dropped


def write_payload(data: Json, trace: Trace) -> Json:
    """The Responses payload, keys in ``data``'s order (``messages`` as ``input`` where it was, the
    fields merged into ``text``, ``reasoning`` and ``include`` where the first of them was).
    Objects inside ``data`` may be reused in the payload but are never changed."""
    writer = _Writer(trace)
    out: Json = {}
    done: set[str] = set()
    for key, value in data.items():
        group = _GROUPS.get(key)
        if group is None:
            out[key] = value
        elif group not in done:
            done.add(group)
            getattr(writer, group)(data, out)
    return out


_GROUPS = {"messages": "input", "tools": "tools", "tool_choice": "tool_choice"}
_GROUPS |= dict.fromkeys(("response_format", "verbosity"), "text")
_GROUPS |= dict.fromkeys(("reasoning_effort", "reasoning"), "reasoning")
_GROUPS |= dict.fromkeys(("logprobs", "include"), "include")
"""Which ``_Writer`` method writes each canonical key (and the Responses key it merges into)."""


class _Writer(Steps):
    """Writes canonical messages as input items and the structural fields into the payload."""

    __slots__ = ()

    def note(self, change: Change) -> None:
        self.trace.on_write(change)

    # --- input ---------------------------------------------------------------------------------

    def input(self, data: Json, out: Json) -> None:
        """One user message of text alone as the input string; any other conversation as items."""
        messages: list[Json] = data["messages"]
        only = messages[0] if len(messages) == 1 else None
        if only is not None and only["role"] == "user" and isinstance(only["content"], str):
            # what the item would hold besides role and content (a name, kept keys) is dropped there
            # too: an item of role and text content alone would read back as the input string
            held = only.get("responses")
            if not (isinstance(held, dict) and held.keys() & set(EASY_KEYS["user"])):
                self.extras(only, (), "/messages/0", "Responses user messages")
                self.drop(only, ("role", "content", "responses"), "/messages/0", "Responses user messages")
                out["input"] = only["content"]
                self.record("converted", "/messages/0", "/input", _STRING)
                self.trace.place("/messages/0/content", "/input")
                self.trace.place("/messages", "/input")
                return
        self.record("converted", "/messages", "/input", "The messages became input items.")
        self.trace.place("/messages", "/input")
        for m, message in enumerate(messages):
            at = join("messages", m)
            self.trace.place(at, join("input", len(self.out)))
            role = message["role"]
            if role == "assistant":
                self.assistant(at, message)
            elif role == "tool":
                self.tool_output(at, message)
            else:
                self.instruction_or_user(at, message)
        out["input"] = self.out

    def extras(self, obj: Json, keys: tuple[str, ...] | frozenset[str], at: str, what: str) -> Json:
        """The kept Responses keys of ``obj`` (under ``responses``) that ``keys`` allows; the others
        dropped at their pointers."""
        held = obj.get("responses")
        if not isinstance(held, dict):
            return {}
        self.drop(held, keys, f"{at}/responses", what)
        return {key: value for key, value in held.items() if key in keys}

    def instruction_or_user(self, at: str, message: Json) -> None:
        role = message["role"]
        item: Json = {"role": role}
        dst = join("input", len(self.out), "content")
        item["content"] = self.content(message["content"], f"{at}/content", dst)
        item |= self.extras(message, EASY_KEYS[role], at, f"Responses {role} messages")
        self.drop(message, ("role", "content", "responses"), at, f"Responses {role} messages")
        self.out.append(item)

    def content(self, content: Any, src: str, dst: str) -> Any:
        """User, system or developer content: a string as it is, parts as input parts."""
        if isinstance(content, str):
            return content
        written: list[Json] = []
        for p, part in enumerate(content):
            self.trace.place(f"{src}/{p}", f"{dst}/{len(written)}")
            made = self.input_part(part, f"{src}/{p}", f"{dst}/{len(written)}")
            written += [made] if made is not None else []
        if not written:
            self.record("converted", src, dst, "No part was left, so the content became empty text.")
            return ""
        return written

    def input_part(self, part: Json, src: str, dst: str) -> Json | None:
        kind = part["type"]
        if kind == "responses":
            self.drop(part, ("type", "responses"), src, "Kept Responses parts")
            held: Json = part["responses"]
            return held
        if kind == "text":
            made: Json = {"type": "input_text", "text": part["text"]}
        elif kind == "image_url":
            image = part["image_url"]
            made = {"type": "input_image", "image_url": image["url"], "detail": image.get("detail", "auto")}
            self.drop(image, ("url", "detail"), f"{src}/image_url", "Responses input images")
            if "detail" not in image:
                reason = "Responses input images require detail, so auto (the chat default) was written."
                self.record("defaulted", None, f"{dst}/detail", reason)
        elif kind == "file":
            file = part["file"]
            made = {"type": "input_file"} | {key: file[key] for key in _FILE_KEYS if key in file}
            self.drop(file, _FILE_KEYS, f"{src}/file", "Responses input files")
        else:
            what = "audio" if kind == "input_audio" else "such"
            self.record("dropped", src, None, f"Responses input messages have no {what} content parts.")
            return None
        made |= self.extras(part, PART_KEYS - {"annotations", "logprobs"}, src, "Responses input parts")
        self.drop(part, ("type", kind, "responses"), src, f"Responses {made['type']} parts")
        return made

    def assistant(self, at: str, message: Json) -> None:
        """An assistant message: kept items and message items in content order, then one
        ``function_call`` item per tool call."""
        self.drop(message, _ASSISTANT_KEYS, at, "Responses assistant messages")
        start = len(self.out)
        content = message.get("content")
        output = self.extras(message, ASSISTANT_OUTPUT_KEYS, at, "Responses assistant messages")
        if not ("id" in output and "status" in output):
            output = {key: value for key, value in output.items() if key in EASY_KEYS["assistant"]}
            dropped = [key for key in ("id", "status") if key in (message.get("responses") or {})]
            for key in dropped:
                reason = f"An assistant message written without both id and status cannot keep its {key}."
                self.record("dropped", f"{at}/responses/{key}", None, reason)
        if isinstance(content, str):
            if content or not message.get("tool_calls"):
                self.out.append(self.message_item([(-1, {"type": "text", "text": content})], output, at))
            else:
                self.record("converted", f"{at}/content", None, "An empty assistant text was left out.")
        elif content:
            run: list[tuple[int, Json]] = []
            for p, part in enumerate(content):
                if part["type"] == "responses":
                    self.flush(run, output, at)
                    self.drop(part, ("type", "responses"), f"{at}/content/{p}", "Kept Responses parts")
                    self.out.append(part["responses"])
                elif part["type"] in ("text", "refusal"):
                    run.append((p, part))
                else:  # a part kept for another vendor
                    reason = f"Responses assistant messages have no {part['type']} parts."
                    self.record("dropped", f"{at}/content/{p}", None, reason)
            self.flush(run, output, at)
        for c, call in enumerate(message.get("tool_calls") or ()):
            self.function_call(call, f"{at}/tool_calls/{c}")
        if len(self.out) == start:  # nothing of it was written: the turn itself stays
            self.out.append({"role": "assistant", "content": ""})
            reason = "An assistant message with nothing Responses carries became an empty assistant message."
            self.record("converted", at, join("input", start), reason)

    def flush(self, run: list[tuple[int, Json]], output: Json, at: str) -> None:
        """A run of text and refusal parts as one message item."""
        if run:
            self.out.append(self.message_item(list(run), output, at))
            run.clear()

    def message_item(self, parts: list[tuple[int, Json]], output: Json, at: str) -> Json:
        """An assistant message item of ``parts`` (with their positions in the content; -1 for a
        string content): an output message with id and status, else text as a string."""
        string = parts[0][0] < 0
        to = join("input", len(self.out), "content")
        self.trace.place(f"{at}/content", to)
        if "id" in output and "status" in output:
            item: Json = {"id": output["id"], "type": "message", "role": "assistant"}
            item["status"] = output["status"]
            written = [self.output_part(part, at, p, string) for p, part in parts]
            item["content"] = [part for part in written if part is not None]
            item |= {key: value for key, value in output.items() if key == "phase"}
            return item
        texts: list[str] = []
        for p, part in parts:
            src = f"{at}/content" if string else f"{at}/content/{p}"
            if part["type"] == "refusal":
                reason = "A Responses assistant message without id and status takes no refusal parts."
                self.record("dropped", src, None, reason)
                continue
            self.drop(part, ("type", "text"), src, "Responses assistant text")
            texts.append(part["text"])
        if len(parts) > 1:
            reason = "The assistant's text parts became one string (Responses takes output parts only "
            reason += "in an output message with id and status)."
            self.record("converted", f"{at}/content", join("input", len(self.out), "content"), reason)
        return {"role": "assistant", "content": "".join(texts)} | output

    def output_part(self, part: Json, at: str, p: int, string: bool) -> Json | None:
        src = f"{at}/content" if string else f"{at}/content/{p}"
        kept = self.extras(part, PART_KEYS, src, "Responses output parts")
        if part["type"] == "refusal":
            self.drop(part, ("type", "refusal", "responses"), src, "Responses refusal parts")
            return {"type": "refusal", "refusal": part["refusal"]}
        self.drop(part, ("type", "text", "responses"), src, "Responses output text")
        made: Json = {"type": "output_text", "text": part["text"]}
        for key in ("annotations", "logprobs"):
            made[key] = kept.pop(key, [])
            if key not in (part.get("responses") or {}):
                reason = f"Responses output text requires {key}, so an empty list was written."
                self.record("defaulted", None, f"{src}/{key}", reason)
        return made | kept

    def function_call(self, call: Json, at: str) -> None:
        function = call["function"]
        item: Json = {"type": "function_call", "call_id": call["id"], "name": function["name"]}
        item["arguments"] = function["arguments"]
        item |= self.extras(call, CALL_KEYS, at, "Responses function_call items")
        to = join("input", len(self.out))
        for src, dst in (("", ""), ("/id", "/call_id"), ("/function/name", "/name"), ("/function", "")):
            self.trace.place(at + src, to + dst)
        self.trace.place(f"{at}/function/arguments", f"{to}/arguments")
        self.drop(call, ("id", "type", "function", "responses"), at, "Responses function_call items")
        self.drop(function, ("name", "arguments"), f"{at}/function", "Responses function_call items")
        self.record("converted", at, join("input", len(self.out)), "A tool call became a function_call item.")
        self.out.append(item)

    def tool_output(self, at: str, message: Json) -> None:
        to = join("input", len(self.out))
        self.trace.place(f"{at}/content", f"{to}/output")
        self.trace.place(f"{at}/tool_call_id", f"{to}/call_id")
        item: Json = {"type": "function_call_output", "call_id": message["tool_call_id"]}
        content = message["content"]
        if isinstance(content, list):
            content = [self.output_content(part, f"{at}/content/{p}") for p, part in enumerate(content)]
            content = [part for part in content if part is not None]
        item["output"] = content
        item |= self.extras(message, OUTPUT_KEYS, at, "Responses function_call_output items")
        mapped = ("role", "tool_call_id", "content", "responses")
        self.drop(message, mapped, at, "Responses function_call_output items")
        self.record("converted", at, to, "A tool message became a function_call_output item.")
        self.out.append(item)

    def output_content(self, part: Json, src: str) -> Json | None:
        if part["type"] == "responses":
            held: Json = part["responses"]
            return held
        if part["type"] != "text":
            self.record("dropped", src, None, "Responses function outputs take text, images and files only.")
            return None
        self.drop(part, ("type", "text", "responses"), src, "Responses input text")
        made: Json = {"type": "input_text", "text": part["text"]}
        return made | self.extras(part, ("prompt_cache_breakpoint",), src, "Responses input text")

    # --- the other structural fields -----------------------------------------------------------

    def tools(self, data: Json, out: Json) -> None:
        """Function tools flattened (``strict: false`` and empty parameters written when absent);
        kept Responses tools as they were; Anthropic tools dropped."""
        written: list[Json] = []
        for index, tool in enumerate(data["tools"]):
            at = join("tools", index)
            if tool["type"] == "responses":
                self.drop(tool, ("type", "responses"), at, "Kept Responses tools")
                self.trace.place(at, join("tools", len(written)))
                written.append(tool["responses"])
            elif tool["type"] == "function":
                written.append(self.function_tool(tool, at, join("tools", len(written))))
            else:
                self.record("dropped", at, None, f"Responses requests have no {tool['type']} tools.")
        if any(tool["type"] == "function" for tool in data["tools"]):
            self.record("converted", "/tools", "/tools", "Function tools became flat Responses tools.")
        if written:
            out["tools"] = written
        else:  # the field goes too, at its own pointer (where reading may have put it)
            self.record("converted", "/tools", None, every_item_dropped("tools"))

    def function_tool(self, tool: Json, at: str, to: str) -> Json:
        function = tool["function"]
        self.drop(tool, ("type", "function"), at, "Responses function tools")
        self.drop(function, FUNCTION_KEYS, f"{at}/function", "Responses function tools")
        made: Json = {"type": "function"} | {key: function[key] for key in FUNCTION_KEYS if key in function}
        self.trace.place(at, to)
        self.trace.place(f"{at}/function", to)
        if "parameters" not in made:
            made["parameters"] = dict(EMPTY_PARAMETERS)
            reason = "Responses function tools require parameters, so an empty object schema was written."
            self.record("defaulted", None, f"{to}/parameters", reason)
        if "strict" not in made:
            made["strict"] = False
            reason = "Responses function tools are strict by default: strict false keeps the chat meaning."
            self.record("defaulted", None, f"{to}/strict", reason)
        return made

    def tool_choice(self, data: Json, out: Json) -> None:
        choice = data["tool_choice"]
        if isinstance(choice, str):
            out["tool_choice"] = choice
            return
        kind = choice["type"]
        if kind == "responses":
            self.drop(choice, ("type", "responses"), "/tool_choice", "Kept Responses tool choices")
            out["tool_choice"] = choice["responses"]
            return
        if kind == "function":
            self.drop(choice, ("type", "function"), "/tool_choice", "Responses function tool choices")
            out["tool_choice"] = {"type": "function", "name": choice["function"]["name"]}
        else:
            allowed = choice["allowed_tools"]
            tools = [_flat(tool) for tool in allowed["tools"]]
            out["tool_choice"] = {"type": "allowed_tools", "mode": allowed["mode"], "tools": tools}
        self.record("converted", "/tool_choice", "/tool_choice", "tool_choice took the Responses form.")

    def text(self, data: Json, out: Json) -> None:
        """response_format as text.format, verbosity as text.verbosity."""
        text: Json = {}
        given = data.get("response_format")
        if given is not None:
            text["format"] = self.text_format(given)
            reason = "response_format became text.format."
            self.record("converted", "/response_format", "/text/format", reason)
        if data.get("verbosity") is not None:
            text["verbosity"] = data["verbosity"]
            self.record("converted", "/verbosity", "/text/verbosity", "verbosity became text.verbosity.")
        out["text"] = text

    def text_format(self, given: Json) -> Json:
        if given["type"] != "json_schema":
            self.drop(given, ("type",), "/response_format", "Responses text formats")
            return {"type": given["type"]}
        named = given["json_schema"]
        self.drop(given, ("type", "json_schema"), "/response_format", "Responses text formats")
        self.drop(named, SCHEMA_FORMAT_KEYS, "/response_format/json_schema", "Responses json_schema formats")
        made: Json = {"type": "json_schema"} | {key: named[key] for key in SCHEMA_FORMAT_KEYS if key in named}
        self.trace.place("/response_format/json_schema", "/text/format")
        if "schema" not in made:
            made["schema"] = {}
            reason = "Responses json_schema formats require a schema: an empty one (any JSON) was written."
            self.record("defaulted", None, "/text/format/schema", reason)
        return made

    def reasoning(self, data: Json, out: Json) -> None:
        """reasoning_effort as reasoning.effort, beside the kept reasoning options."""
        reasoning: Json = dict(data.get("reasoning") or {})
        if data.get("reasoning_effort") is not None:
            reasoning["effort"] = data["reasoning_effort"]
            reason = "reasoning_effort became reasoning.effort."
            self.record("converted", "/reasoning_effort", "/reasoning/effort", reason)
        out["reasoning"] = reasoning

    def include(self, data: Json, out: Json) -> None:
        """logprobs: true as the include entry that asks for output log probabilities."""
        include: list[str] = list(data.get("include") or [])
        logprobs = data.get("logprobs")
        if logprobs is True and LOGPROBS not in include:
            reason = "logprobs became the include entry that asks for output log probabilities."
            self.record("converted", "/logprobs", f"/include/{len(include)}", reason)
            include.append(LOGPROBS)
        elif logprobs is False:
            reason = "logprobs: false is the Responses default (no include entry), so it was left out."
            self.record("converted", "/logprobs", None, reason)
        if include or "include" in data:
            out["include"] = include


_STRING = "A conversation of one user message with text content is written as the input string."
_FILE_KEYS = ("file_id", "file_data", "filename")
_ASSISTANT_KEYS = frozenset({"role", "content", "tool_calls", "responses"})


def _flat(tool: Any) -> Any:
    """An allowed_tools entry in Responses' flat form (a canonical function entry by name)."""
    if isinstance(tool, dict) and tool.get("type") == "function" and isinstance(tool.get("function"), dict):
        return {"type": "function", "name": tool["function"].get("name")}
    return tool
