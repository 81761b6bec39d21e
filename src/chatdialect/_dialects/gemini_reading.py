"""Reading Gemini ``generateContent`` requests into canonical form (``GeminiCodec.decode``).

:func:`read_payload` first puts the payload in Gemini's documented spelling (``gemini_spelling``),
then turns ``systemInstruction`` and ``contents`` into canonical messages (a user turn's
``functionResponse`` parts become tool messages, a model turn's ``functionCall`` parts tool calls,
parts with no canonical form ``gemini`` parts), function declarations into function tools (Google's
built-in tools into ``gemini`` tools), ``toolConfig`` into ``tool_choice`` and ``generationConfig``
into the canonical sampling, output and thinking fields. Every step is recorded on the trace
(``chatdialect._codec`` states the contract). The payload is never mutated and nothing is fetched.
"""

from __future__ import annotations

import json
from typing import Any

from chatdialect._changes import ChangeKind, Trace
from chatdialect._dialects.gemini_parts import (
    AUDIO_FORMATS,
    RENAMED,
    TIERS_READ,
    Json,
    extension_type,
    google_extra,
)
from chatdialect._dialects.gemini_reading_fields import FieldsReader
from chatdialect._dialects.gemini_spelling import REQUEST, normalise
from chatdialect._pointer import join

_TOP = frozenset(REQUEST)
_STRUCTURE = ("contents", "systemInstruction", "tools", "toolConfig", "generationConfig")


def read_payload(payload: Json, trace: Trace) -> Json:
    """A new dict in canonical shape: the structural keys replaced where they were, Gemini's other
    fields left for the rule table (renamed there), every key Gemini's request lacks dropped."""
    given, spelling = normalise(payload, trace)
    reader = _Reader(trace, spelling.wire)
    out: Json = {}
    for key, value in given.items():
        if key in ("contents", "systemInstruction"):
            if "messages" not in out:
                reader.conversation(given, out)
        elif key in _STRUCTURE:
            if value is not None:
                getattr(reader, key)(value, out)
        elif key in RENAMED:
            if value is None:  # null is "not set": nothing is read, nothing renamed
                continue
            name = RENAMED[key]
            tier = key == "serviceTier" and isinstance(value, str)
            out[name] = TIERS_READ.get(value, value) if tier else value
            reader.moved(join(key), join(name), None)
            kind: ChangeKind = "renamed" if out[name] == value else "converted"
            reader.record(kind, join(key), join(name), f"{key} is {name} canonically.")
        elif key in _TOP:
            out[key] = value
        else:
            shown = key if key.isidentifier() else "such"
            reader.record("dropped", join(key), None, f"The gemini dialect has no {shown} field.")
    reader.finish(out)
    return out


class _Reader(FieldsReader):
    """Reads contents into messages and the structural fields into the result."""

    __slots__ = ("messages", "pending")

    def __init__(self, trace: Trace, wire: Any) -> None:
        super().__init__(trace, trace.on_read, wire)
        self.messages: list[Json] = []
        self.pending: list[tuple[str, str]] = []
        """(name, id) of the calls of the last model turn not yet answered."""
        self.validated = False

    def moved(self, at: str, to: str, reason: str | None = None) -> None:
        """Canonical ``to`` was read from ``at`` (a normalised pointer): its origin, and a record."""
        if self.wire(at) != to:
            self.trace.origin(to, self.wire(at))
        if reason is not None:
            self.record("converted", at, to, reason)

    def problem(self, at: str, message: str) -> None:
        self.trace.problem(self.wire(at), message)

    # --- the conversation ----------------------------------------------------------------------

    def conversation(self, given: Json, out: Json) -> None:
        """systemInstruction and contents as one canonical ``messages``."""
        contents = given.get("contents")
        if not isinstance(contents, list):
            self.problem("/contents", "contents should be a list of Content objects.")
            return
        if given.get("systemInstruction") is not None:
            self.system(given["systemInstruction"])
        for index, content in enumerate(contents):
            self.content(f"/contents/{index}", content)
        out["messages"] = self.messages
        if not self.messages:  # no message to point into: the empty list is the caller's contents
            self.trace.origin("/messages", self.wire("/contents"))
        self.record("converted", "/contents", "/messages", "Gemini's contents became messages.")

    def system(self, instruction: Any) -> None:
        """systemInstruction (text parts only) as the first message."""
        at = "/systemInstruction"
        if not isinstance(instruction, dict) or not isinstance(instruction.get("parts"), list):
            self.problem(at, "systemInstruction should be a Content object with text parts.")
            return
        self.drop(instruction, ("parts", "role"), at, "Gemini systemInstruction objects")
        if "role" in instruction:
            self.record("converted", f"{at}/role", None, "Gemini ignores the role of systemInstruction.")
        parts = instruction["parts"]
        for j, part in enumerate(parts):
            if not isinstance(part, dict) or not isinstance(part.get("text"), str):
                self.problem(f"{at}/parts/{j}", "systemInstruction takes only text parts.")
                return
            self.drop(part, ("text",), f"{at}/parts/{j}", "Gemini systemInstruction parts")
        texts = [{"type": "text", "text": part["text"]} for part in parts]
        self.messages.append({"role": "system", "content": _text_content(texts)})
        # at its first part: where writing puts the first system message back
        where = f"{at}/parts/0" if parts else at
        self.record("converted", where, "/messages/0", "systemInstruction became the first message.")
        if len(texts) == 1:
            self.trace.origin("/messages/0/content", self.wire(f"{at}/parts/0/text"))
        else:  # each text part is one of systemInstruction's
            self.trace.origin("/messages/0/content", self.wire(f"{at}/parts"))

    def content(self, at: str, content: Any) -> None:
        """One Content: its role checked, its parts read by role."""
        if (
            not isinstance(content, dict)
            or not isinstance(content.get("parts"), list)
            or not content["parts"]
        ):
            self.problem(at, "A Content should be an object with a role and a list of parts.")
            return
        self.drop(content, ("role", "parts"), at, "Gemini Content objects")
        role = content.get("role", "user")
        if "role" not in content:
            self.record("converted", at, None, "A Content without a role is a user turn (Gemini's default).")
        if role == "model":
            self.model(at, content["parts"])
        elif role == "user":
            self.user(at, content["parts"])
        else:
            self.problem(f"{at}/role", "The role should be user or model.")

    def user(self, at: str, parts: list[Any]) -> None:
        """A user turn: its functionResponse parts as tool messages, then a user message of the rest."""
        answers = [j for j, part in enumerate(parts) if isinstance(part, dict) and "functionResponse" in part]
        for j in answers:
            self.response(f"{at}/parts/{j}", parts[j])
        self.pending = []
        rest = [j for j in range(len(parts)) if j not in answers]
        if not rest:
            return
        to = join("messages", len(self.messages))
        written = [
            self.part(f"{at}/parts/{j}", f"{to}/content/{p}", parts[j], True) for p, j in enumerate(rest)
        ]
        reason = None
        if answers:
            reason = "The turn's other parts became a user message after its tool messages."
            if rest[0] < answers[-1]:
                reason = "The turn's functionResponse parts were moved before its other parts."
        self.moved(at, to, reason)
        self.trace.origin(f"{to}/content", self.wire(f"{at}/parts"))
        self.messages.append(
            {"role": "user", "content": self.collapsed(written, f"{at}/parts/{rest[0]}", to)}
        )

    def response(self, at: str, part: Json) -> None:
        """A functionResponse part as a tool message answering the call it names."""
        given = part["functionResponse"]
        if not isinstance(given, dict) or not isinstance(given.get("name"), str):
            self.problem(f"{at}/functionResponse", "A functionResponse needs a name and a response object.")
            return
        self.drop(part, ("functionResponse",), at, "Gemini functionResponse parts")
        self.drop(given, _RESPONSE_KEYS, f"{at}/functionResponse", "Gemini functionResponse objects")
        ident = given.get("id")
        match = next(
            (n for n, (name, i) in enumerate(self.pending) if name == given["name"] and ident in (None, i)),
            None,
        )
        if match is None:
            self.problem(f"{at}/functionResponse", _UNANSWERED)
            return
        ident = self.pending.pop(match)[1]
        response = given.get("response", {})
        to = join("messages", len(self.messages))
        output = (
            response.get("output") if isinstance(response, dict) and response.keys() == {"output"} else None
        )
        if isinstance(output, str):
            content: Any = output
            self.trace.origin(f"{to}/content", self.wire(f"{at}/functionResponse/response/output"))
        else:
            content = json.dumps(response, separators=(",", ":"), ensure_ascii=False)
            self.record("converted", f"{at}/functionResponse/response", f"{to}/content", _AS_JSON)
        message: Json = {"role": "tool", "content": content, "tool_call_id": ident}
        extra = google_extra(given, ("parts", "willContinue", "scheduling"))
        if extra is not None:
            message["extra_content"] = extra
        self.messages.append(message)
        where = at if "id" in given else f"{at}/functionResponse"
        self.moved(where, to, "A functionResponse part became a tool message.")

    def model(self, at: str, parts: list[Any]) -> None:
        """A model turn: functionCall parts as tool calls, the other parts as content."""
        to = join("messages", len(self.messages))
        message: Json = {"role": "assistant"}
        written: list[Json] = []
        calls: list[Json] = []
        order: list[int] = []
        for j, part in enumerate(parts):
            if isinstance(part, dict) and "functionCall" in part:
                call = self.call(f"{at}/parts/{j}", f"{to}/tool_calls/{len(calls)}", part, at)
                calls += [call] if call is not None else []
                order.append(1)
            elif isinstance(part, dict) and "functionResponse" in part:
                self.problem(f"{at}/parts/{j}", "A functionResponse part belongs in a user turn.")
            else:
                written.append(self.part(f"{at}/parts/{j}", f"{to}/content/{len(written)}", part, False))
                order.append(0)
        if written:
            first = order.index(0)
            self.trace.origin(f"{to}/content", self.wire(f"{at}/parts"))
            message["content"] = self.collapsed(written, f"{at}/parts/{first}", to)
        if calls:
            message["tool_calls"] = calls
        self.pending = [(call["function"]["name"], call["id"]) for call in calls]
        reordered = "The turn's functionCall parts were moved after its other parts."
        self.moved(at, to, reordered if order != sorted(order) else None)
        self.messages.append(message)

    def call(self, at: str, to: str, part: Json, turn: str) -> Json | None:
        """A functionCall part as a tool call (arguments: compact JSON of ``args``)."""
        given = part["functionCall"]
        if not isinstance(given, dict) or not isinstance(given.get("name"), str):
            self.problem(f"{at}/functionCall", "A functionCall needs a name.")
            return None
        args = given.get("args", {})
        if not isinstance(args, dict):
            self.problem(f"{at}/functionCall/args", "The args of a functionCall should be a JSON object.")
            return None
        self.drop(part, ("functionCall", "thoughtSignature"), at, "Gemini functionCall parts")
        self.drop(given, ("id", "name", "args"), f"{at}/functionCall", "Gemini functionCall objects")
        ident = given.get("id")
        if not isinstance(ident, str):
            ident = "call_" + at.replace("/contents/", "").replace("/parts/", "_")
            self.record(
                "defaulted", None, f"{to}/id", "A functionCall without an id got one (by its position)."
            )
        arguments = json.dumps(args, separators=(",", ":"), ensure_ascii=False)
        call: Json = {
            "id": ident,
            "type": "function",
            "function": {"name": given["name"], "arguments": arguments},
        }
        extra = google_extra(part, ("thoughtSignature",))
        if extra is not None:
            call["extra_content"] = extra
            self.trace.origin(f"{to}/extra_content", self.wire(f"{at}/thoughtSignature"))
        if "args" not in given:
            self.record(
                "converted",
                f"{at}/functionCall",
                f"{to}/function/arguments",
                "A functionCall without args has empty arguments.",
            )
        self.trace.origin(f"{to}/function/name", self.wire(f"{at}/functionCall/name"))
        self.trace.origin(f"{to}/function/arguments", self.wire(f"{at}/functionCall/args"))
        # without an id, one is written back: the record is on the call, so the difference lies under it
        self.moved(
            at if "id" in given else f"{at}/functionCall", to, "A functionCall part became a tool call."
        )
        return call

    def part(self, at: str, to: str, part: Any, user: bool) -> Any:
        """A part in canonical form where one means the same (text, images, audio, files), else kept
        as a gemini part."""
        self.moved(at, to)
        if not isinstance(part, dict):
            return part  # validation reports it
        if isinstance(part.get("text"), str) and part.keys() <= {"text", "thoughtSignature"}:
            text: Json = {"type": "text", "text": part["text"]}
            extra = google_extra(part, ("thoughtSignature",))
            self.trace.origin(to, self.wire(at))
            if extra is not None:
                text["extra_content"] = extra
                self.trace.origin(f"{to}/extra_content", self.wire(f"{at}/thoughtSignature"))
            return text
        made = _user_part(part) if user else None
        if made is not None:
            self.record(
                "converted",
                at,
                to,
                f"A Gemini {next(iter(part))} part became a canonical {made['type']} part.",
            )
            return made
        self.record("converted", at, to, "A Gemini part with no canonical form became a gemini part.")
        self.trace.origin(f"{to}/gemini", self.wire(at))
        return {"type": "gemini", "gemini": part}

    def collapsed(self, parts: list[Any], first: str, to: str) -> Any:
        """A message's content: one plain text part as a string (recorded), else the parts."""
        content = _text_content(parts)
        if isinstance(content, str):
            self.trace.origin(f"{to}/content", self.wire(f"{first}/text"))
            self.record("converted", first, f"{to}/content", "A lone text part became string content.")
        return content


def _text_content(parts: list[Any]) -> Any:
    """One plain text part as a string; anything else as the parts list."""
    if (
        len(parts) == 1
        and isinstance(parts[0], dict)
        and parts[0].keys() == {"type", "text"}
        and parts[0]["type"] == "text"
    ):
        return parts[0]["text"]
    return parts


def _user_part(part: Json) -> Json | None:
    """An inline-data or file-data part as a canonical image, audio or file part (None: no form)."""
    inline, remote = part.get("inlineData"), part.get("fileData")
    if part.keys() == {"inlineData"} and isinstance(inline, dict) and inline.keys() == {"mimeType", "data"}:
        mime, data = inline["mimeType"], inline["data"]
        if not isinstance(mime, str) or not isinstance(data, str):
            return None
        if mime.startswith("image/"):
            return {"type": "image_url", "image_url": {"url": f"data:{mime};base64,{data}"}}
        if mime in AUDIO_FORMATS:
            return {"type": "input_audio", "input_audio": {"data": data, "format": AUDIO_FORMATS[mime]}}
        return {"type": "file", "file": {"file_data": f"data:{mime};base64,{data}"}}
    if part.keys() == {"fileData"} and isinstance(remote, dict) and remote.keys() == {"mimeType", "fileUri"}:
        uri = remote["fileUri"]
        if extension_type(uri) == remote["mimeType"] and uri.startswith(("https://", "http://")):
            return {"type": "image_url", "image_url": {"url": uri}}
    return None


_RESPONSE_KEYS = ("id", "name", "response", "parts", "willContinue", "scheduling")
_UNANSWERED = (
    "A functionResponse should answer a functionCall of the model turn right before it (by id, or by name)."
)
_AS_JSON = "The functionResponse's response object became the tool message's content as JSON."
