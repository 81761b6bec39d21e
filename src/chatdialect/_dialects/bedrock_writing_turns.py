"""Writing canonical messages as Bedrock Converse turns (part of ``BedrockCodec.encode``).

Every system and developer message goes into the top-level ``system`` blocks (a later one's move is
recorded); the others become alternating ``user`` / ``assistant`` turns of content blocks: consecutive
same-role messages are merged, tool messages become ``toolResult`` blocks of the user turn right after
the assistant turn that made the calls, an assistant turn is written as ``reasoningContent``, then
content, then ``toolUse`` blocks, and a ``cache_control`` becomes a ``cachePoint`` block after what holds
it. What Bedrock would reject and cannot be written without inventing content (a conversation that
starts with an assistant turn, a user message right after tool results, a tool result that answers no
call of the turn before, an empty turn, a document without text beside it) is an error naming the
input pointer. Every step is recorded (``chatdialect._codec`` states the contract).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatdialect._changes import Problems
from chatdialect._dialects.anthropic_blocks import WriteSteps
from chatdialect._dialects.bedrock_blocks import (
    DOCUMENT_MEDIA,
    IMAGE_FORMATS,
    TOOL_USE_ID,
    Json,
    cache_point_of,
    document_name,
    json_object,
    parse_data_url,
    result_status,
)

PartWriter = Callable[[Json, str, str], "list[Json]"]
_RANK = {"reasoningContent": 0, "toolUse": 2}


class TurnWriter(WriteSteps[PartWriter]):
    """Writes canonical messages as turns into ``out`` and system blocks into ``system``; changes go to
    the trace, what cannot be written to ``errors`` (input pointers). Pointers are built with f-strings
    from indexes and fixed names, which need no RFC 6901 escaping."""

    __slots__ = ("documents", "errors", "failed", "kinds", "system", "tool_at")

    def __init__(self, trace: Any) -> None:
        super().__init__(trace)
        self.errors: Problems = []
        self.system: list[Json] = []
        self.kinds: list[str] = []
        """Per turn: ``user``, ``results`` (a user turn of tool results) or ``assistant``."""
        self.tool_at: str | None = None
        """The input pointer of the first tool call or result (they need ``toolConfig``)."""
        self.documents: dict[int, str] = {}
        """Turns holding a document, with the input pointer of the first."""
        self.failed: set[str] = set()
        """The ids of tool calls that are errors (their results are not errors again)."""

    def error(self, pointer: str, message: str) -> None:
        self.errors.append((self.trace.to_input(pointer), message))

    def conversation(self, messages: list[Json]) -> None:
        """The messages as turns and system blocks; then the rules on the whole conversation."""
        alone = sum(message["role"] in ("system", "developer") for message in messages) == 1
        for k, message in enumerate(messages):
            role = message["role"]
            if role in ("system", "developer"):
                self.instruction(k, message, alone)
            elif role == "tool":
                self.result(k, message)
            elif role == "user":
                self.user(k, message)
            else:
                self.assistant(k, message)
        if not self.out and not self.errors:
            self.error("/messages", "holds no user turn besides system messages, and Bedrock needs one.")
        for t, at in self.documents.items():
            if not any("text" in block for block in self.out[t]["content"]):
                self.error(
                    at, "needs a text block in the same turn: Bedrock takes documents only beside text."
                )

    # --- messages ------------------------------------------------------------------------------

    def instruction(self, k: int, message: Json, alone: bool) -> None:
        """A system or developer message as system blocks (string content as one text block)."""
        at = f"/messages/{k}"
        target: str | None = "/system" if alone else f"/system/{len(self.system)}"
        what = "A developer message" if message["role"] == "developer" else "A system message"
        where = "leading" if not self.out else "later"
        reason = f"{what} became part of the top-level system field ({where} in the conversation)."
        if _blank(message.get("content")):  # no block comes of it: nothing is written at the target
            target, reason = None, f"{what} held only empty text, which Bedrock rejects: none was written."
        self.record("converted", at, target, reason)
        self.drop(message, ("role", "content", "cache_control"), at, "Bedrock system blocks")
        start = len(self.system)
        self.trace.place(at, "/system")
        self.system += self.blocks(message, at, "/system", start, self.instruction_part)

    def user(self, k: int, message: Json) -> None:
        """A user message as a turn, or merged into the user turn before it."""
        at = f"/messages/{k}"
        last = self.kinds[-1] if self.kinds else None
        if last == "results":
            self.error(at, _AFTER_RESULTS)
            return
        self.drop(message, ("role", "content", "cache_control"), at, "Bedrock user turns")
        written = self.into(last == "user", "user", k, message, self.user_part)
        if not written:
            self.error(at, _EMPTY)

    def assistant(self, k: int, message: Json) -> None:
        """An assistant message as a turn (merged into one before it): reasoning, content, toolUse."""
        at = f"/messages/{k}"
        if not self.out:
            self.error(at, "comes first, but a Bedrock conversation starts with a user turn.")
            return
        self.drop(message, _ASSISTANT_KEYS, at, "Bedrock assistant turns")
        problems = len(self.errors)
        merge = self.kinds[-1] == "assistant"
        turn = len(self.out) - 1 if merge else len(self.out)
        dst = f"/messages/{turn}/content"
        start = len(self.out[turn]["content"]) if merge else 0
        written: list[Json] = []
        for b, block in enumerate(message.get("thinking_blocks") or ()):
            written += self.reasoning(block, f"{at}/thinking_blocks/{b}", f"{dst}/{start + len(written)}")
        content = message.get("content")
        if content is not None:
            written += self.parts(content, f"{at}/content", dst, start + len(written), self.assistant_part)
        for c, call in enumerate(message.get("tool_calls") or ()):
            written += self.tool_use(call, f"{at}/tool_calls/{c}", f"{dst}/{start + len(written)}")
        self.cache(written, message, at, dst, start)
        if not written:
            if len(self.errors) == problems:  # (not when its parts are errors already)
                self.error(at, _EMPTY)
            return
        self.trace.place(at, f"/messages/{turn}")
        if merge:
            self.record("converted", at, f"/messages/{turn}", _MERGED)
            blocks = self.out[turn]["content"] + written
            ranks = [_RANK.get(next(iter(block)), 1) for block in blocks]
            if ranks != sorted(ranks):  # text after a toolUse is rejected: keep Bedrock's order
                order = sorted(range(len(blocks)), key=ranks.__getitem__)
                blocks = [blocks[index] for index in order]
                self.trace.reordered(dst, order)
                self.record("converted", at, f"/messages/{turn}", _REORDERED)
            self.out[turn]["content"] = blocks
        else:
            self.out.append({"role": "assistant", "content": written})
            self.kinds.append("assistant")

    def result(self, k: int, message: Json) -> None:
        """A tool message as a ``toolResult`` block of the user turn after the calls' assistant turn."""
        at = f"/messages/{k}"
        last = self.kinds[-1] if self.kinds else None
        calls = (
            self.out[-1 if last == "assistant" else -2]["content"] if last in ("assistant", "results") else []
        )
        ident = message.get("tool_call_id")
        if ident in self.failed:
            return  # its call is an error already
        if last not in ("assistant", "results") or not any(
            block.get("toolUse", {}).get("toolUseId") == ident for block in calls
        ):
            self.error(at, _UNANSWERED)
            return
        if not TOOL_USE_ID.fullmatch(str(ident)):
            self.error(f"{at}/tool_call_id", _BAD_ID)
            return
        if last == "assistant":
            self.out.append({"role": "user", "content": []})
            self.kinds.append("results")
        turn = self.out[-1]["content"]
        dst = f"/messages/{len(self.out) - 1}/content/{len(turn)}"
        self.drop(message, _TOOL_KEYS, at, "Bedrock toolResult blocks")
        inner: Json = {"toolUseId": ident}
        content = message.get("content")
        if content == "":
            self.record("converted", f"{at}/content", f"{dst}/toolResult/content", _EMPTY_RESULT)
            inner["content"] = []
        else:
            inner["content"] = self.parts(
                content, f"{at}/content", f"{dst}/toolResult/content", 0, self.result_part
            )
        status, records = result_status(message, at, f"{dst}/toolResult/status", not inner["content"])
        for kind, path, target, reason in records:
            self.record(kind, path, target, reason)
        if status is not None:
            inner["status"] = status
        self.record("converted", at, dst, "A tool message became a toolResult block of a user turn.")
        self.trace.place(at, f"{dst}/toolResult")
        self.trace.place(f"{at}/tool_call_id", f"{dst}/toolResult/toolUseId")
        written = [{"toolResult": inner}]
        self.cache(written, message, at, f"/messages/{len(self.out) - 1}/content", len(turn))
        turn += written
        self.tool_at = self.tool_at or self.trace.to_input(at)

    def into(self, merge: bool, role: str, k: int, message: Json, write: PartWriter) -> list[Json]:
        """The message's blocks as a new turn of ``role``, or merged into the last turn."""
        at = f"/messages/{k}"
        turn = len(self.out) - 1 if merge else len(self.out)
        start = len(self.out[turn]["content"]) if merge else 0
        written = self.blocks(message, at, f"/messages/{turn}/content", start, write)
        if not written:
            return written
        self.trace.place(at, f"/messages/{turn}")
        if merge:
            self.record("converted", at, f"/messages/{turn}", _MERGED)
            self.out[turn]["content"] += written
        else:
            self.out.append({"role": role, "content": written})
            self.kinds.append(role)
        return written

    # --- content -------------------------------------------------------------------------------

    def parts(self, content: Any, src: str, dst: str, start: int, write: PartWriter) -> list[Json]:
        """Content as blocks: a string as one text block (recorded; empty text left out)."""
        if isinstance(content, str):
            if not content:
                self.record("converted", src, None, _EMPTY_TEXT)
                return []
            self.record("converted", src, f"{dst}/{start}", "The string content became a text block.")
            self.trace.place(src, f"{dst}/{start}/text")
            return [{"text": content}]
        written: list[Json] = []
        for p, part in enumerate(content or ()):
            made = write(part, f"{src}/{p}", f"{dst}/{start + len(written)}")
            if made:
                self.trace.place(f"{src}/{p}", f"{dst}/{start + len(written)}")
            written += made
        return written

    def cache(self, written: list[Json], holder: Json, at: str, dst: str, start: int) -> None:
        """A ``cache_control`` of ``holder`` as a ``cachePoint`` block after ``written`` (appended)."""
        control = holder.get("cache_control")
        if control is None:
            return
        point = cache_point_of(control)
        if point is None or not written:
            self.record("dropped", f"{at}/cache_control", None, _NO_POINT)
            return
        to = f"{dst}/{start + len(written)}"
        self.record("converted", f"{at}/cache_control", to, "The cache_control became a cachePoint block.")
        self.trace.place(f"{at}/cache_control", to)
        written.append(point)

    def kept(self, part: Json, src: str, dst: str) -> list[Json]:
        """A bedrock part as its block (with a cache point after it, if it has cache_control)."""
        self.drop(part, ("type", "bedrock", "cache_control"), src, "Bedrock blocks")
        self.record("converted", src, dst, "A bedrock part was written back as its Bedrock block.")
        written: list[Json] = [part["bedrock"]]
        self.cache(written, part, src, dst.rsplit("/", 1)[0], int(dst.rsplit("/", 1)[1]))
        return written

    def text(self, part: Json, src: str, dst: str) -> list[Json]:
        """A text part as a text block (empty text left out: Bedrock rejects it)."""
        self.drop(part, ("type", "text", "cache_control"), src, "Bedrock text blocks")
        if not part["text"]:
            self.record("converted", src, None, _EMPTY_TEXT)
            return []
        written: list[Json] = [{"text": part["text"]}]
        self.cache(written, part, src, dst.rsplit("/", 1)[0], int(dst.rsplit("/", 1)[1]))
        return written

    def by_type(self, part: Json, src: str, dst: str, accepted: str) -> list[Json]:
        """Text and bedrock parts; any other part type is dropped (``accepted`` names the others)."""
        kind = part.get("type")
        if kind == "text":
            return self.text(part, src, dst)
        if kind == "bedrock":
            return self.kept(part, src, dst)
        self.record("dropped", src, None, f"Bedrock has no {kind} block here ({accepted}).")
        return []

    def instruction_part(self, part: Json, src: str, dst: str) -> list[Json]:
        return self.by_type(part, src, dst, "system blocks are text, guardContent and cachePoint")

    def result_part(self, part: Json, src: str, dst: str) -> list[Json]:
        return self.by_type(part, src, dst, "tool results hold text and Bedrock blocks")

    def assistant_part(self, part: Json, src: str, dst: str) -> list[Json]:
        return self.by_type(part, src, dst, "assistant turns hold text and Bedrock blocks")

    def user_part(self, part: Json, src: str, dst: str) -> list[Json]:
        """A user part: text, image, document and bedrock blocks; other parts are dropped."""
        kind = part.get("type")
        made = (
            self.image(part, src)
            if kind == "image_url"
            else self.document(part, src, dst)
            if kind == "file"
            else None
        )
        if made is None:
            return (
                []
                if kind in ("image_url", "file")
                else self.by_type(part, src, dst, "no audio or other parts")
            )
        self.record("converted", src, dst, f"A {kind} part became a Bedrock {next(iter(made))} block.")
        written = [made]
        self.cache(written, part, src, dst.rsplit("/", 1)[0], int(dst.rsplit("/", 1)[1]))
        return written

    def image(self, part: Json, src: str) -> Json | None:
        """An image_url part with base64 PNG, JPEG, GIF or WebP data as an image block (``detail``
        dropped); any other image, remote URLs included (never fetched), is dropped."""
        image = part.get("image_url") or {}
        parsed = parse_data_url(image.get("url"))
        kind = parsed[0].removeprefix("image/") if parsed and parsed[0].startswith("image/") else None
        if parsed is None or kind not in IMAGE_FORMATS:
            self.record("dropped", src, None, _IMAGES)
            return None
        self.drop(image, ("url",), f"{src}/image_url", "Bedrock image blocks")
        self.drop(part, ("type", "image_url", "cache_control"), src, "Bedrock image blocks")
        return {"image": {"format": kind, "source": {"bytes": parsed[1]}}}

    def document(self, part: Json, src: str, dst: str) -> Json | None:
        """A file part with inline data of a document format as a document block, named after its
        filename (made to fit Bedrock's name rule, recorded) or ``document-N`` (recorded defaulted)."""
        file = part.get("file") or {}
        parsed = parse_data_url(file.get("file_data"))
        kind = DOCUMENT_MEDIA.get(parsed[0]) if parsed else None
        if parsed is None or kind is None:
            self.record("dropped", src, None, _DOCUMENTS)
            return None
        self.drop(file, ("file_data", "filename"), f"{src}/file", "Bedrock document blocks")
        self.drop(part, ("type", "file", "cache_control"), src, "Bedrock document blocks")
        name = document_name(file.get("filename"))
        if name is None:
            name = f"document-{len(self.documents) + 1}"
            self.record(
                "defaulted", None, f"{dst}/document/name", "Bedrock documents need a name; one was made."
            )
        elif name != file.get("filename"):
            self.record("converted", f"{src}/file/filename", f"{dst}/document/name", _NAME)
        turn = int(dst.split("/")[2])
        self.documents.setdefault(turn, self.trace.to_input(src))
        return {"document": {"format": kind, "name": name, "source": {"bytes": parsed[1]}}}

    def reasoning(self, block: Json, src: str, dst: str) -> list[Json]:
        """A thinking block as ``reasoningContent`` (text and signature; redacted data as bytes)."""
        kind = block.get("type")
        if kind == "thinking" and isinstance(block.get("thinking"), str):
            self.drop(block, ("type", "thinking", "signature"), src, "Bedrock reasoningText blocks")
            text = {
                "text": block["thinking"],
                **({"signature": block["signature"]} if "signature" in block else {}),
            }
            made: Json = {"reasoningText": text}
        elif kind == "redacted_thinking" and isinstance(block.get("data"), str):
            self.drop(block, ("type", "data"), src, "Bedrock redactedContent blocks")
            made = {"redactedContent": block["data"]}
        else:
            self.record(
                "dropped", src, None, "Bedrock reasoning holds only thinking and redacted_thinking blocks."
            )
            return []
        self.record("converted", src, dst, "A thinking block became a reasoningContent block.")
        return [{"reasoningContent": made}]

    def tool_use(self, call: Json, src: str, dst: str) -> list[Json]:
        """A tool call as a ``toolUse`` block (arguments as its input object)."""
        function = call["function"]
        arguments = json_object(function["arguments"])
        if arguments is None or not TOOL_USE_ID.fullmatch(call["id"]):
            self.failed.add(call["id"])
            if arguments is None:
                self.error(f"{src}/function/arguments", _NOT_OBJECT)
            else:
                self.error(f"{src}/id", _BAD_ID)
            return []
        self.drop(call, ("id", "type", "function"), src, "Bedrock toolUse blocks")
        self.drop(function, ("name", "arguments"), f"{src}/function", "Bedrock toolUse blocks")
        self.record("converted", src, dst, "A tool call became a toolUse block.")
        for given, written in _TOOL_USE_PLACES:
            self.trace.place(src + given, f"{dst}/toolUse{written}")
        self.tool_at = self.tool_at or self.trace.to_input(src)
        return [{"toolUse": {"toolUseId": call["id"], "name": function["name"], "input": arguments}}]


_TOOL_USE_PLACES = (
    ("", ""), ("/id", "/toolUseId"), ("/function/name", "/name"), ("/function/arguments", "/input"),
)
"""Where a tool call and its members are in the toolUse block written for it (under ``toolUse``)."""
_ASSISTANT_KEYS = ("role", "content", "tool_calls", "thinking_blocks", "cache_control")
_TOOL_KEYS = ("role", "content", "tool_call_id", "status", "is_error", "cache_control")
_AFTER_RESULTS = (
    "follows tool results, but Bedrock holds tool results and other content in separate user turns that "
    "must alternate with assistant turns: an assistant message is needed between them."
)
_UNANSWERED = "should come right after the assistant turn whose toolUse it answers, as Bedrock requires."
_NOT_OBJECT = "should be a JSON object: Bedrock takes toolUse input as one."
_BAD_ID = "should match [a-zA-Z0-9_.:-]{1,64}, the pattern of Bedrock toolUseId values."
_EMPTY = "holds nothing Bedrock can carry (Bedrock rejects empty turns and empty text)."
_EMPTY_TEXT = "Empty text was left out: Bedrock rejects empty text blocks."


def _blank(content: Any) -> bool:
    """Whether message content is empty text only (string or text parts), of which no block is written."""
    if isinstance(content, str):
        return not content
    return isinstance(content, list) and all(
        isinstance(part, dict) and part.get("type") == "text" and not part.get("text") for part in content
    )
_EMPTY_RESULT = "Empty tool result content became an empty content list."
_MERGED = "Consecutive messages of one role were merged into one turn: Bedrock turns alternate."
_REORDERED = "The merged turn's blocks were put in Bedrock's order: reasoning, content, then toolUse."
_NO_POINT = "Bedrock's cachePoint takes only an ephemeral cache_control with a 5m or 1h ttl, after a block."
_IMAGES = "Bedrock takes images only as base64 PNG, JPEG, GIF or WebP data; remote URLs are never fetched."
_DOCUMENTS = "Bedrock documents take only inline data of pdf, csv, doc(x), xls(x), html, txt or md files."
_NAME = "Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and brackets."
