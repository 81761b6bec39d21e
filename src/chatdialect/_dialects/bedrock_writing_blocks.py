"""Writing canonical content as Bedrock Converse content blocks (part of ``BedrockCodec.encode``; the
turns are ``bedrock_writing_turns``'s).

:class:`BlockWriter` writes parts as blocks: text (empty text left out: Bedrock rejects it), base64
images as ``image`` blocks, inline documents as ``document`` blocks (named to fit Bedrock's name rule),
``bedrock`` parts as the block they hold, thinking blocks as ``reasoningContent``, tool calls as
``toolUse`` blocks, and a ``cache_control`` as a ``cachePoint`` block after what holds it; any other part
is dropped with a record. What Bedrock would reject and cannot be written (tool-call arguments that are
not a JSON object, a tool-call id outside Bedrock's pattern) is an error naming the input pointer.
Every step is recorded (``chatdialect._codec`` states the contract); nothing is fetched.
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
)

PartWriter = Callable[[Json, str, str], "list[Json]"]
"""Writes one part (at its input pointer, to its output pointer) as the blocks made of it."""


class BlockWriter(WriteSteps[PartWriter]):
    """Writes canonical parts, thinking blocks and tool calls as Bedrock content blocks; changes go to
    the trace, what cannot be written to ``errors`` (input pointers). Pointers are built with f-strings
    from indexes and fixed names, which need no RFC 6901 escaping."""

    __slots__ = ("documents", "errors", "failed", "tool_at")

    def __init__(self, trace: Any) -> None:
        super().__init__(trace)
        self.errors: Problems = []
        self.tool_at: str | None = None
        """The input pointer of the first tool call or result (they need ``toolConfig``)."""
        self.documents: dict[int, str] = {}
        """Turns holding a document, with the input pointer of the first."""
        self.failed: set[str] = set()
        """The ids of tool calls that are errors (their results are not errors again)."""

    def error(self, pointer: str, message: str) -> None:
        self.errors.append((self.trace.to_input(pointer), message))

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
                self.error(f"{src}/id", BAD_ID)
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
BAD_ID = "should match [a-zA-Z0-9_.:-]{1,64}, the pattern of Bedrock toolUseId values."
_EMPTY_TEXT = "Empty text was left out: Bedrock rejects empty text blocks."
_NOT_OBJECT = "should be a JSON object: Bedrock takes toolUse input as one."
_NO_POINT = "Bedrock's cachePoint takes only an ephemeral cache_control with a 5m or 1h ttl, after a block."
_IMAGES = "Bedrock takes images only as base64 PNG, JPEG, GIF or WebP data; remote URLs are never fetched."
_DOCUMENTS = "Bedrock documents take only inline data of pdf, csv, doc(x), xls(x), html, txt or md files."
_NAME = "Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and brackets."
