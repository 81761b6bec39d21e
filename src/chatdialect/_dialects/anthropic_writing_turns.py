"""Writing canonical messages as Anthropic turns (part of ``AnthropicCodec.encode``).

The leading system/developer run becomes the top-level ``system`` field; the other messages become
alternating ``user`` / ``assistant`` turns of content blocks: tool messages become ``tool_result``
blocks of one user turn, tool calls ``tool_use`` blocks, thinking blocks lead their assistant turn, and
parts become text, image and document blocks (``cache_control`` kept on the block that holds it).
Every step is recorded (``chatdialect._codec`` states the contract).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatdialect._changes import Problems, Trace
from chatdialect._dialects.anthropic_blocks import (
    TEXT_KEYS,
    THINKING_TYPES,
    TOOL_RESULT_KEYS,
    TOOL_USE_KEYS,
    Json,
    WriteSteps,
    image_source,
    json_object,
    message_carried,
    pdf_data,
    with_cache,
)
from chatdialect._pointer import join

PartWriter = Callable[[Json, str, str], "Json | None"]


class TurnWriter(WriteSteps[PartWriter]):
    """Writes canonical messages as turns into ``out`` and the leading system run as the system field;
    changes go to the trace, tool-call arguments that are not a JSON object to ``errors``."""

    __slots__ = ("errors", "open")

    def __init__(self, trace: Trace) -> None:
        super().__init__(trace)
        self.errors: Problems = []
        self.open: int | None = None
        """The index of the user turn gathering tool results, while one is open."""

    # --- turns ---------------------------------------------------------------------------------

    def conversation(self, messages: list[Json]) -> Any:
        """The turns of ``messages`` into ``out``; returns the system field (None without one).
        Messages holding nothing Anthropic can carry are dropped first, so the turns are laid out
        on what is written; with no turn left, the request cannot be written (an error)."""
        kept = []
        for k, message in enumerate(messages):
            if message_carried(message):
                kept.append((k, message))
            else:
                role = message.get("role")
                self.record("dropped", join("messages", k), None, f"The {role} message {_NOTHING}")
        lead = 0
        while lead < len(kept) and kept[lead][1].get("role") in ("system", "developer"):
            lead += 1
        if messages and lead == len(kept):
            self.errors.append((self.trace.to_input("/messages"), _NO_TURN))
        system = self.system(kept[:lead]) if lead else None
        for k, message in kept[lead:]:
            self.message(k, message)
        return system

    def system(self, lead: list[tuple[int, Json]]) -> Any:
        """The leading system/developer run (``(index, message)`` pairs) as the system field: a
        string for one message with string content and no cache_control, else text blocks
        (cache_control on a message's last)."""
        for k, message in lead:
            self.drop(message, _INSTRUCTION_KEYS, join("messages", k), "Anthropic's system prompt")
        (first, only), single = lead[0], len(lead) == 1
        if single and isinstance(only.get("content"), str) and "cache_control" not in only:
            self.record("converted", join("messages", first), "/system", _HOISTED)
            self.trace.place(join("messages", first), "/system")
            self.trace.place(join("messages", first, "content"), "/system")
            return only["content"]
        written: list[Json] = []
        for k, message in lead:
            target = "/system" if single else f"/system/{len(written)}"
            self.record("converted", join("messages", k), target, _HOISTED)
            self.trace.place(join("messages", k), "/system")
            written += self.blocks(message, join("messages", k), "/system", len(written), self.text)
        return written

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
        self.trace.place(at, to)
        self.trace.place(f"{at}/tool_call_id", f"{to}/tool_use_id")
        block: Json = {"type": "tool_result", "tool_use_id": message.get("tool_call_id")}
        content = message.get("content")
        if content == "":
            self.record("converted", f"{at}/content", None, "Empty tool result content was left out.")
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
        self.trace.place(at, join("messages", len(self.out) if opened is None else opened))
        self.drop(message, _INSTRUCTION_KEYS, at, "Anthropic user turns")
        if opened is None and isinstance(message.get("content"), str) and "cache_control" not in message:
            self.out.append({"role": "user", "content": message["content"]})
            return
        turn: list[Json] = self.out[opened]["content"] if opened is not None else []
        dst = join("messages", len(self.out) if opened is None else opened, "content")
        written = self.blocks(message, at, dst, len(turn), self.user_part)
        if opened is not None:
            turn += written
        else:  # not empty: message_carried
            self.out.append({"role": "user", "content": written})

    def assistant(self, k: int, message: Json) -> None:
        """An assistant message: string content alone stays a string; otherwise thinking blocks,
        then content, then tool_use blocks."""
        at, dst = join("messages", k), join("messages", len(self.out), "content")
        self.trace.place(at, join("messages", len(self.out)))
        self.drop(message, _ASSISTANT_KEYS, at, "Anthropic assistant turns")
        content, thinking, calls = (message.get(key) for key in ("content", "thinking_blocks", "tool_calls"))
        if isinstance(content, str) and not thinking and not calls and "cache_control" not in message:
            self.out.append({"role": "assistant", "content": content})
            return
        written: list[Json] = []
        for b, block in enumerate(thinking or ()):
            self.record("converted", f"{at}/thinking_blocks/{b}", f"{dst}/{len(written)}", _THINKING)
            written.append(block)
        if content == "":
            self.record("converted", f"{at}/content", None, "An empty assistant text was left out.")
        elif content is not None:
            written += self.parts(content, f"{at}/content", dst, len(written), self.assistant_part)
        for c, call in enumerate(calls or ()):
            block = self.tool_use(call, f"{at}/tool_calls/{c}", f"{dst}/{len(written)}")
            written += [block] if block is not None else []
        self.cache(written, message, at, dst, 0)
        self.out.append({"role": "assistant", "content": written})  # not empty: message_carried

    def instruction(self, k: int, message: Json) -> None:
        """A later system or developer message as a system-role turn (string form kept)."""
        at, t = join("messages", k), len(self.out)
        self.trace.place(at, join("messages", t))
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
        arguments = json_object(function.get("arguments"))
        if arguments is None:
            self.errors.append((self.trace.to_input(f"{src}/function/arguments"), _NOT_OBJECT))
            return None
        block = {"type": "tool_use", "id": call.get("id"), "name": function.get("name"), "input": arguments}
        block.update((key, value) for key, value in call.items() if key in TOOL_USE_KEYS)
        self.drop(call, _CALL_KEYS, src, "Anthropic tool_use blocks")
        self.drop(function, ("name", "arguments"), f"{src}/function", "Anthropic tool_use blocks")
        self.record("converted", src, dst, "A tool call became a tool_use block.")
        self.trace.place(src, dst)
        self.trace.place(f"{src}/function/name", f"{dst}/name")
        self.trace.place(f"{src}/function/arguments", f"{dst}/input")
        return block

    # --- content -------------------------------------------------------------------------------

    def parts(self, content: Any, src: str, dst: str, start: int, write: PartWriter) -> list[Json]:
        """Content as blocks: a string as one text block (recorded), each part through ``write``."""
        if isinstance(content, str):
            self.record("converted", src, f"{dst}/{start}", "The string content became a text block.")
            self.trace.place(src, f"{dst}/{start}/text")
            return [{"type": "text", "text": content}]
        written: list[Json] = []
        for p, part in enumerate(content or ()):
            block = write(part, f"{src}/{p}", f"{dst}/{start + len(written)}")
            if block is not None:
                self.trace.place(f"{src}/{p}", f"{dst}/{start + len(written)}")
                written.append(block)
        return written

    def cache(self, written: list[Json], message: Json, at: str, dst: str, start: int) -> None:
        """A message's ``cache_control`` on its last block (a new dict), when that block can take one."""
        if "cache_control" not in message:
            return
        last = len(written) - 1
        if last < 0 or written[last].get("type") in THINKING_TYPES or "cache_control" in written[last]:
            self.record("dropped", f"{at}/cache_control", None, "The cache_control has no block to go on.")
            return
        written[last] = {**written[last], "cache_control": message["cache_control"]}
        to = f"{dst}/{start + last}/cache_control"
        self.record("converted", f"{at}/cache_control", to, "The cache_control went on the last block.")

    def text(self, part: Json, src: str, dst: str) -> Json | None:
        """A text part as a text block (a new dict without the keys Anthropic lacks); a part kept
        for another vendor (a Bedrock system block) is dropped."""
        if part.get("type") != "text":
            self.record("dropped", src, None, f"Anthropic has no block for a {part.get('type')} part.")
            return None
        self.drop(part, TEXT_KEYS, src, "Anthropic text blocks")
        return {key: value for key, value in part.items() if key in TEXT_KEYS}

    def kept_or_text(self, part: Json, src: str, dst: str) -> Json | None:
        """A kept Anthropic part as its block, a text part as a text block; a part kept for another
        vendor is dropped."""
        if part.get("type") == "text":
            return self.text(part, src, dst)
        if part.get("type") != "anthropic":
            self.record("dropped", src, None, f"Anthropic has no block for a {part.get('type')} part.")
            return None
        self.drop(part, ("type", "anthropic"), src, "Anthropic blocks")
        self.record("converted", src, dst, "An anthropic part was written back as its Anthropic block.")
        block: Json = part["anthropic"]
        return block

    def assistant_part(self, part: Json, src: str, dst: str) -> Json | None:
        """An assistant part: text and kept Anthropic blocks; a refusal is dropped, and empty text is
        left out (recorded) as empty string content is: Anthropic rejects empty text blocks, and
        ``message_carried`` counts no such part."""
        if part.get("type") == "refusal":
            self.record("dropped", src, None, "Anthropic assistant turns have no refusal blocks.")
            return None
        if part.get("type") == "text" and not part.get("text"):
            self.record("converted", src, None, _EMPTY_TEXT)
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
        what = _MEDIA.get(str(kind), "such")
        self.record("dropped", src, None, f"Anthropic user turns have no {what} content blocks.")
        return None

    def image(self, part: Json, src: str, dst: str) -> Json | None:
        """An image_url part as an image block (``image_source``); ``detail`` is dropped."""
        image = part.get("image_url") or {}
        source = image_source(image.get("url"))
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
        data = pdf_data(part)
        if data is None:
            reason = "Anthropic documents take only PDF data given inline, not file ids or other file types."
            self.record("dropped", src, None, reason)
            return None
        self.drop(part["file"], ("file_data",), f"{src}/file", "Anthropic document blocks")
        self.drop(part, ("type", "file", "cache_control"), src, "Anthropic document blocks")
        self.record("converted", src, dst, "A file part became an Anthropic document block.")
        source = {"type": "base64", "media_type": "application/pdf", "data": data}
        return with_cache({"type": "document", "source": source}, part)


_NOTHING = "holds nothing Anthropic can carry (only parts or forms it has no blocks for)."
_NO_TURN = (
    "should hold a user or assistant message Anthropic can carry: the request would have no turn, "
    "and a turn is not invented."
)
_HOISTED = "A leading system or developer message became part of the top-level system field."
_THINKING = "A thinking block was written at the start of the assistant turn."
_EMPTY_TEXT = "An empty assistant text was left out: Anthropic rejects empty text blocks."
_NOT_OBJECT = "should be a JSON object: Anthropic takes a tool_use input only as an object."
_INSTRUCTION_KEYS = frozenset({"role", "content", "cache_control"})
_ASSISTANT_KEYS = frozenset({"role", "content", "tool_calls", "thinking_blocks", "cache_control"})
_TOOL_MESSAGE_KEYS = frozenset({"role", "tool_call_id", "content"}) | TOOL_RESULT_KEYS
_CALL_KEYS = frozenset({"id", "type", "function"}) | TOOL_USE_KEYS


_MEDIA = {"input_audio": "audio", "audio_url": "audio", "video_url": "video"}
"""Content parts Anthropic has no block for, in words."""
