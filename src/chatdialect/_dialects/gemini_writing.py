"""Writing canonical requests in Gemini's shape (``GeminiCodec.encode``): system and developer
messages as ``systemInstruction``, the turns as ``contents`` (same-role neighbours merged, tool
messages as ``functionResponse`` parts of a user turn), function tools as function declarations,
``tool_choice`` as ``toolConfig.functionCallingConfig`` and the sampling, output and thinking fields
in ``generationConfig``; ``model`` and ``stream`` leave the body for the endpoint. Every step is
recorded (``chatdialect._codec`` states the contract).
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import ChangeKind, Problems, Trace
from chatdialect._dialects.anthropic_blocks import json_object, parse_data_url
from chatdialect._dialects.gemini_parts import (
    RENAMED,
    TIERS_WRITTEN,
    Json,
    extension_type,
    from_google,
)
from chatdialect._dialects.gemini_writing_fields import FieldsWriter
from chatdialect._errors import InvalidRequestError
from chatdialect._pointer import join

_ORDER = ("systemInstruction", "contents", "tools", "toolConfig", "generationConfig")


def write_payload(data: Json, trace: Trace) -> Json:
    """The Gemini payload; ``InvalidRequestError`` for what Gemini cannot take without invented
    content (arguments that are not an object, a tool result not right after its call).
    Objects inside ``data`` may be reused in the payload but are never changed."""
    writer = _Writer(trace)
    body: Json = {}
    for name in ("model", "stream"):
        if name in data:
            writer.record(
                "moved", join(name), None, f"The gemini dialect sends the {name} in the URL (endpoint)."
            )
    writer.conversation(data["messages"], body)
    writer.tools(data, body)
    writer.generation(data, body)
    if writer.errors:
        raise InvalidRequestError(writer.errors, dialect="gemini")
    out = {key: body[key] for key in _ORDER if key in body}
    for key, name in RENAMED.items():
        if name in data:
            out[key] = TIERS_WRITTEN[data[name]] if key == "serviceTier" else data[name]
            kind: ChangeKind = "renamed" if out[key] == data[name] else "converted"
            writer.record(kind, join(name), join(key), f"{name} is {key} in Gemini.")
    if "labels" in data:
        out["labels"] = data["labels"]
    return out


class _Writer(FieldsWriter):
    """Writes canonical messages as contents and the structural fields into the body."""

    __slots__ = ("calls", "contents", "errors", "system")

    def __init__(self, trace: Trace) -> None:
        super().__init__(trace, trace.on_write, lambda pointer: pointer)
        self.errors: Problems = []
        self.contents: list[Json] = []
        self.system: list[Json] = []
        self.calls: dict[str, tuple[str, int]] = {}
        """The calls of the last model turn: id -> (function name, index of that turn's content)."""

    def error(self, pointer: str, message: str) -> None:
        self.errors.append((self.trace.to_input(pointer), message))

    # --- turns ---------------------------------------------------------------------------------

    def conversation(self, messages: list[Json], body: Json) -> None:
        for k, message in enumerate(messages):
            role = message["role"]
            if role in ("system", "developer"):
                self.instruction(k, message, bool(self.contents))
            elif role == "assistant":
                self.assistant(k, message)
            elif role == "tool":
                self.tool_result(k, message)
            else:
                self.user(k, message)
        if self.system:
            body["systemInstruction"] = {"parts": self.system}
        if not self.contents:
            self.error("/messages", "needs a user or assistant message: Gemini requests need contents.")
        body["contents"] = self.contents
        self.record("converted", "/messages", "/contents", "messages became Gemini's contents.")

    def instruction(self, k: int, message: Json, later: bool) -> None:
        """A system or developer message as text parts of systemInstruction."""
        at = join("messages", k)
        self.drop(message, ("role", "content"), at, "Gemini systemInstruction")
        content = message["content"]
        texts = [content] if isinstance(content, str) else []
        for p, part in enumerate([] if isinstance(content, str) else content):
            if part["type"] != "text":  # a block kept for another vendor (Bedrock's guardContent)
                self.record("dropped", f"{at}/content/{p}", None, "systemInstruction takes text parts only.")
                continue
            self.drop(part, ("type", "text"), f"{at}/content/{p}", "Gemini text parts")
            texts.append(part["text"])
        first = len(self.system)
        self.trace.place(at, f"/systemInstruction/parts/{first}")
        if isinstance(content, str):
            self.trace.place(f"{at}/content", f"/systemInstruction/parts/{first}/text")
        else:
            texts_at = [p for p, part in enumerate(content) if part["type"] == "text"]
            for n, p in enumerate(texts_at):
                self.trace.place(f"{at}/content/{p}", f"/systemInstruction/parts/{first + n}")
        reason = "A system message became text of systemInstruction."
        if later:
            reason = "A system message after the conversation began was moved to systemInstruction."
        if message["role"] == "developer":
            reason += " Gemini has no developer role."
        self.record("converted", at, f"/systemInstruction/parts/{len(self.system)}", reason)
        self.system += [{"text": text} for text in texts]

    def turn(self, role: str, k: int) -> tuple[list[Json], int]:
        """The parts of the turn message ``k`` goes into: the last content when it has ``role``
        (merged, recorded), else a new one."""
        if self.contents and self.contents[-1]["role"] == role:
            reason = "Gemini turns alternate, so the message was merged into the turn before it."
            self.record("converted", join("messages", k), join("contents", len(self.contents) - 1), reason)
        else:
            self.contents.append({"role": role, "parts": []})
        self.trace.place(join("messages", k), join("contents", len(self.contents) - 1))
        return self.contents[-1]["parts"], len(self.contents) - 1

    def user(self, k: int, message: Json) -> None:
        at = join("messages", k)
        self.drop(message, ("role", "content"), at, "Gemini user turns")
        parts, c = self.turn("user", k)
        self.parts(message["content"], f"{at}/content", c, parts, self.user_part)

    def assistant(self, k: int, message: Json) -> None:
        at = join("messages", k)
        self.drop(message, ("role", "content", "tool_calls"), at, "Gemini model turns")
        parts, c = self.turn("model", k)
        start = len(parts)
        content = message.get("content")
        if content == "":
            self.record("converted", f"{at}/content", None, "An empty assistant text was left out.")
        elif content is not None:
            self.parts(content, f"{at}/content", c, parts, self.assistant_part)
        if start == 0:
            self.calls = {}  # a new model turn: the calls a tool message may answer are its own
        for j, call in enumerate(message.get("tool_calls") or ()):
            self.function_call(call, f"{at}/tool_calls/{j}", c, parts)
        if not parts:
            self.contents.pop()
            self.record("dropped", at, None, "The assistant message holds nothing Gemini can carry.")
        elif start:
            self.calls_last(at, c, parts)

    def calls_last(self, at: str, c: int, parts: list[Json]) -> None:
        """A merged model turn with its functionCall parts after the others, as Gemini's reader
        takes a turn (so what is written reads back as it is): the move is recorded."""
        ranks = ["functionCall" in part for part in parts]
        if ranks == sorted(ranks):
            return
        order = sorted(range(len(parts)), key=ranks.__getitem__)
        parts[:] = [parts[index] for index in order]
        self.trace.reordered(f"/contents/{c}/parts", order)
        self.record("converted", at, f"/contents/{c}", _CALLS_LAST)

    def function_call(self, call: Json, src: str, c: int, parts: list[Json]) -> None:
        function = call["function"]
        args = json_object(function["arguments"])
        self.calls[call["id"]] = (function["name"], c)  # its results are placed even if it fails
        if args is None:
            self.error(
                f"{src}/function/arguments",
                "should be a JSON object: Gemini takes functionCall args only as an object.",
            )
            return
        self.drop(call, ("id", "type", "function", "extra_content"), src, "Gemini functionCall parts")
        self.drop(function, ("name", "arguments"), f"{src}/function", "Gemini functionCall parts")
        part: Json = {"functionCall": {"id": call["id"], "name": function["name"], "args": args}}
        part.update(self.google(call, ("thoughtSignature",), src))
        dst = f"/contents/{c}/parts/{len(parts)}"
        self.trace.place(src, f"{dst}/functionCall")
        self.trace.place(f"{src}/function/name", f"{dst}/functionCall/name")
        self.trace.place(f"{src}/function/arguments", f"{dst}/functionCall/args")
        self.trace.place(f"{src}/extra_content", dst)
        self.record(
            "converted", src, f"/contents/{c}/parts/{len(parts)}", "A tool call became a functionCall part."
        )
        parts.append(part)

    def tool_result(self, k: int, message: Json) -> None:
        """A tool message as a functionResponse part of the user turn right after its call's turn."""
        at = join("messages", k)
        called = self.calls.get(message["tool_call_id"])
        if (
            called is None
            or called[1] < len(self.contents) - 2
            or (called[1] != len(self.contents) - 1 and self.contents[-1]["role"] == "model")
        ):
            self.error(f"{at}/tool_call_id", _NOT_AFTER)
            return
        self.drop(
            message, ("role", "content", "tool_call_id", "extra_content"), at, "Gemini functionResponse parts"
        )
        parts, c = self.turn("user", k)
        content = message["content"]
        if not isinstance(content, str):
            for p, part in enumerate(content):
                if part.get("type") != "text":
                    self.record(
                        "dropped", f"{at}/content/{p}", None, "A Gemini function response holds text only."
                    )
            content = "".join(part["text"] for part in content if part.get("type") == "text")
            self.record(
                "converted",
                f"{at}/content",
                None,
                "The tool message's text parts were joined into one output.",
            )
        response: Json = {"id": message["tool_call_id"], "name": called[0], "response": {"output": content}}
        dst = f"/contents/{c}/parts/{len(parts)}"
        self.trace.place(at, f"{dst}/functionResponse")
        self.trace.place(f"{at}/content", f"{dst}/functionResponse/response/output")
        self.trace.place(f"{at}/tool_call_id", f"{dst}/functionResponse/id")
        self.trace.place(f"{at}/extra_content", f"{dst}/functionResponse")
        response.update(self.google(message, ("parts", "willContinue", "scheduling"), at))
        self.record(
            "converted",
            at,
            f"/contents/{c}/parts/{len(parts)}",
            "A tool message became a functionResponse part.",
        )
        parts.append({"functionResponse": response})

    # --- content -------------------------------------------------------------------------------

    def parts(self, content: Any, src: str, c: int, parts: list[Json], write: Any) -> None:
        if isinstance(content, str):
            dst = f"/contents/{c}/parts/{len(parts)}"
            self.record("converted", src, dst, "The string content became a text part.")
            self.trace.place(src, f"{dst}/text")
            parts.append({"text": content})
            return
        for p, part in enumerate(content):
            dst = f"/contents/{c}/parts/{len(parts)}"
            written = write(part, f"{src}/{p}", dst)
            if written is not None:
                self.trace.place(f"{src}/{p}", dst)
                parts.append(written)

    def text(self, part: Json, src: str, dst: str) -> Json:
        self.drop(part, ("type", "text", "extra_content"), src, "Gemini text parts")
        written: Json = {"text": part["text"]}
        written.update(self.google(part, ("thoughtSignature",), src))
        return written

    def kept(self, part: Json, src: str, dst: str) -> Json | None:
        kind = part["type"]
        if kind == "text":
            return self.text(part, src, dst)
        if kind == "gemini":
            self.drop(part, ("type", "gemini"), src, "Gemini parts")
            self.record("converted", src, dst, "A gemini part was written back as its Gemini part.")
            kept: Json = part["gemini"]
            return kept
        self.record("dropped", src, None, f"Gemini has no part for a {kind} part.")
        return None

    def assistant_part(self, part: Json, src: str, dst: str) -> Json | None:
        return self.kept(part, src, dst)

    def user_part(self, part: Json, src: str, dst: str) -> Json | None:
        kind = part["type"]
        if kind == "image_url":
            return self.image(part, src, dst)
        if kind == "input_audio":
            audio = part["input_audio"]
            self.drop(part, ("type", "input_audio"), src, "Gemini inline data")
            self.drop(audio, ("data", "format"), f"{src}/input_audio", "Gemini inline data")
            self.record("converted", src, dst, "An input_audio part became a Gemini inlineData part.")
            return {"inlineData": {"mimeType": f"audio/{audio['format']}", "data": audio["data"]}}
        if kind == "file":
            return self.file(part, src, dst)
        return self.kept(part, src, dst)

    def image(self, part: Json, src: str, dst: str) -> Json | None:
        image = part["image_url"]
        parsed, mime = parse_data_url(image["url"]), extension_type(image["url"])
        if parsed is None and mime is None:
            reason = (
                "Gemini takes images as base64 data, or as a URL whose file extension names an image type."
            )
            self.record("dropped", src, None, reason)
            return None
        self.drop(part, ("type", "image_url"), src, "Gemini image parts")
        self.drop(image, ("url",), f"{src}/image_url", "Gemini image parts")
        self.record("converted", src, dst, "An image_url part became a Gemini inlineData or fileData part.")
        if parsed is not None:
            return {"inlineData": {"mimeType": parsed[0], "data": parsed[1]}}
        return {"fileData": {"mimeType": mime, "fileUri": image["url"]}}

    def file(self, part: Json, src: str, dst: str) -> Json | None:
        file = part["file"]
        parsed = parse_data_url(file.get("file_data"))
        if parsed is None:
            self.record("dropped", src, None, "Gemini takes files only as inline data, not by file id.")
            return None
        self.drop(part, ("type", "file"), src, "Gemini inline data")
        self.drop(file, ("file_data",), f"{src}/file", "Gemini inline data")
        self.record("converted", src, dst, "A file part became a Gemini inlineData part.")
        return {"inlineData": {"mimeType": parsed[0], "data": parsed[1]}}

    def google(self, obj: Json, keys: tuple[str, ...], at: str) -> Json:
        """The Gemini keys kept in ``obj``'s ``extra_content.google``; any other kept key dropped."""
        found = from_google(obj)
        for key in [key for key in found if key not in keys]:
            self.record(
                "dropped", f"{at}/extra_content/google", None, "Gemini has no place for such a key here."
            )
            del found[key]
        extra = obj.get("extra_content")
        if isinstance(extra, dict) and extra.keys() - {"google"}:
            self.drop(extra, ("google",), f"{at}/extra_content", "Gemini's extra_content")
        return found


_CALLS_LAST = (
    "The message was merged into the model turn before it, its parts before that turn's functionCall parts."
)
_NOT_AFTER = (
    "should answer a tool call of the assistant turn right before it: Gemini needs each function "
    "response in the user turn after its call, and the function's name from that call."
)
