"""Writing canonical messages as Bedrock Converse turns (part of ``BedrockCodec.encode``; the blocks
inside them are ``bedrock_writing_blocks``'s).

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

from typing import Any

from chatdialect._dialects.bedrock_blocks import TOOL_USE_ID, Json, result_status
from chatdialect._dialects.bedrock_writing_blocks import BAD_ID, BlockWriter, PartWriter

_RANK = {"reasoningContent": 0, "toolUse": 2}


class TurnWriter(BlockWriter):
    """Writes canonical messages as turns into ``out`` and system blocks into ``system``; changes go to
    the trace, what cannot be written to ``errors`` (input pointers)."""

    __slots__ = ("kinds", "system")

    def __init__(self, trace: Any) -> None:
        super().__init__(trace)
        self.system: list[Json] = []
        self.kinds: list[str] = []
        """Per turn: ``user``, ``results`` (a user turn of tool results) or ``assistant``."""

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
            self.error(f"{at}/tool_call_id", BAD_ID)
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


_ASSISTANT_KEYS = ("role", "content", "tool_calls", "thinking_blocks", "cache_control")
_TOOL_KEYS = ("role", "content", "tool_call_id", "status", "is_error", "cache_control")
_AFTER_RESULTS = (
    "follows tool results, but Bedrock holds tool results and other content in separate user turns that "
    "must alternate with assistant turns: an assistant message is needed between them."
)
_UNANSWERED = "should come right after the assistant turn whose toolUse it answers, as Bedrock requires."
_EMPTY = "holds nothing Bedrock can carry (Bedrock rejects empty turns and empty text)."
_EMPTY_RESULT = "Empty tool result content became an empty content list."
_MERGED = "Consecutive messages of one role were merged into one turn: Bedrock turns alternate."
_REORDERED = "The merged turn's blocks were put in Bedrock's order: reasoning, content, then toolUse."


def _blank(content: Any) -> bool:
    """Whether message content is empty text only (string or text parts), of which no block is written."""
    if isinstance(content, str):
        return not content
    return isinstance(content, list) and all(
        isinstance(part, dict) and part.get("type") == "text" and not part.get("text") for part in content
    )
