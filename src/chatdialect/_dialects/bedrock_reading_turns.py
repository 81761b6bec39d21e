"""Reading Bedrock Converse turns into canonical messages (part of ``BedrockCodec.decode``).

``system`` becomes the first message; a user turn's ``toolResult`` blocks become tool messages (before
a user message of its other blocks), ``toolUse`` blocks tool calls, ``reasoningContent``
``thinking_blocks``, a ``cachePoint`` the ``cache_control`` of what precedes it, images and plain
documents canonical parts, other blocks ``bedrock`` parts; one text block becomes string content.
Every step is recorded on the trace (``chatdialect._codec`` states the contract); the payload is
never mutated and nothing is fetched.
"""

from __future__ import annotations

from typing import Any

from chatdialect._dialects.anthropic_blocks import ReadSteps
from chatdialect._dialects.bedrock_blocks import (
    Json,
    block_kind,
    cache_control_of,
    compact,
    document_part,
    image_part,
    is_result,
    thinking_block,
)
from chatdialect._pointer import join


class Reading(ReadSteps):
    """What the readers of turns and of fields share: read-step records and origins."""

    __slots__ = ()

    def cache_point(self, at: str, block: Json, obj: Json, pointer: str) -> bool:
        """A ``cachePoint`` as the ``cache_control`` of ``obj``, the object before it (canonical
        ``pointer``); False when it cannot be one (then it is kept as a bedrock part)."""
        control = cache_control_of(block["cachePoint"])
        if control is None or "cache_control" in obj:
            return False
        obj["cache_control"] = control
        reason = "A cachePoint became the cache_control of what precedes it."
        self.record("converted", at, f"{pointer}/cache_control", reason)
        return True


class TurnReader(Reading):
    """Reads ``system`` and the turns into ``out`` (the canonical messages)."""

    __slots__ = ()

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

    def system(self, blocks: Any) -> None:
        """The ``system`` blocks as the first message (one plain text block as string content)."""
        if not isinstance(blocks, list):
            self.trace.problem("/system", "system should be a list of system content blocks.")
            return
        if not blocks:
            self.record("converted", "/system", None, "An empty system list holds nothing and was left out.")
            return
        parts: list[Any] = []
        for j, block in enumerate(blocks):
            at, to = f"/system/{j}", f"/messages/0/content/{len(parts)}"
            before = f"/messages/0/content/{len(parts) - 1}"
            if block_kind(block) == "cachePoint" and parts and self.cache_point(at, block, parts[-1], before):
                continue
            part = self.text_or_kept(at, to, block, "system")
            parts += [part] if part is not None else []
        self.record("converted", "/system", "/messages/0", "The system field became the first message.")
        self.out.append({"role": "system", "content": self.content(parts, "/system", "/messages/0")})

    def message(self, index: int, message: Any) -> None:
        """Wire turn ``index``: checked, then read by role."""
        at = join("messages", index)
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            self.trace.problem(at, "A message should be an object with the role user or assistant.")
            return
        content = message.get("content")
        if not isinstance(content, list) or not content:
            self.trace.problem(f"{at}/content", "content should be a non-empty list of content blocks.")
            return
        self.drop(message, ("role", "content"), at, "Bedrock messages")
        if message["role"] == "user":
            self.user(at, content)
        else:
            self.assistant(at, content)

    def user(self, at: str, blocks: list[Any]) -> None:
        """A user turn: its ``toolResult`` blocks as tool messages, then a user message of the rest."""
        to = join("messages", len(self.out) + sum(is_result(b) for b in blocks))
        parts: list[Any] = []
        last: tuple[Json, str] | None = None  # what a cachePoint right after would go on, and where
        for j, block in enumerate(blocks):
            src, kind = f"{at}/content/{j}", block_kind(block)
            if kind == "cachePoint" and last is not None and self.cache_point(src, block, *last):
                continue
            if is_result(block):
                made = self.tool_result(src, block["toolResult"])
                last = (made, join("messages", len(self.out) - 1)) if made is not None else None
                continue
            dst = f"{to}/content/{len(parts)}"
            made = self.part(src, dst, block, True)
            parts += [made] if made is not None else []
            last = (made, dst) if made is not None else None
        if parts:
            self.moved(at, to)
            self.out.append({"role": "user", "content": self.content(parts, f"{at}/content", to)})

    def tool_result(self, at: str, result: Json) -> Json | None:
        """A ``toolResult`` block as a tool message; ``status`` ``success`` / ``error`` as the canonical
        ``is_error`` (``false`` / ``true``, Anthropic's form, which the codecs share), another status
        kept under Bedrock's name."""
        ident, content = result.get("toolUseId"), result.get("content")
        if not isinstance(ident, str) or not isinstance(content, list):
            self.trace.problem(at, "A toolResult needs a string toolUseId and a content list.")
            return None
        to = join("messages", len(self.out))
        self.drop(result, ("toolUseId", "content", "status"), f"{at}/toolResult", "Bedrock toolResult blocks")
        message: Json = {"role": "tool", "tool_call_id": ident}
        src, dst = f"{at}/toolResult/content", f"{to}/content"
        self.trace.origin(dst, src)
        alone = len(content) == 1  # a lone json block is read as string content: its record says so
        parts = [
            self.result_part(f"{src}/{c}", f"{dst}/{c}", block, alone) for c, block in enumerate(content)
        ]
        message["content"] = self.content([p for p in parts if p is not None], src, to)
        if content == []:
            self.record("converted", src, dst, "An empty toolResult content list became empty text.")
        status = result.get("status")
        if status == "success" or status == "error":
            message["is_error"] = status == "error"
            self.record("converted", f"{at}/toolResult/status", f"{to}/is_error", _STATUS)
        elif "status" in result:
            message["status"] = status
        self.trace.origin(f"{to}/tool_call_id", f"{at}/toolResult/toolUseId")
        self.moved(at, to, "A toolResult block of a user turn became a tool message.")
        self.out.append(message)
        return message

    def result_part(self, at: str, to: str, block: Any, alone: bool = False) -> Json | None:
        """A tool result's block: text as a text part, json as compact JSON text, others kept."""
        if block_kind(block) == "json":
            target = to.rsplit("/", 1)[0] if alone else to
            self.record("converted", at, target, "A json tool-result block became its compact JSON text.")
            return {"type": "text", "text": compact(block["json"])}
        return self.text_or_kept(at, to, block, "toolResult")

    def assistant(self, at: str, blocks: list[Any]) -> None:
        """An assistant turn: ``reasoningContent`` as ``thinking_blocks``, ``toolUse`` as ``tool_calls``,
        the rest as content; blocks out of that order are recorded as reordered."""
        to = join("messages", len(self.out))
        message: Json = {"role": "assistant"}
        parts: list[Any] = []
        calls: list[Json] = []
        thinking: list[Json] = []
        ranks: list[int] = []
        last: tuple[Json, str] | None = None
        for j, block in enumerate(blocks):
            src, kind = f"{at}/content/{j}", block_kind(block)
            if kind == "cachePoint" and last is not None and self.cache_point(src, block, *last):
                continue
            value = block[kind] if kind is not None else None
            last = None
            if kind == "toolResult":
                self.trace.problem(src, "A toolResult block belongs in a user turn.")
            elif kind == "reasoningContent" and (made := thinking_block(value)) is not None:
                self.moved(src, f"{to}/thinking_blocks/{len(thinking)}", _THINKING)
                thinking.append(made)
                ranks.append(0)
            elif kind == "toolUse" and isinstance(value, dict) and "type" not in value:
                call = self.tool_call(src, f"{to}/tool_calls/{len(calls)}", value)
                calls += [call] if call is not None else []
                ranks.append(2)
                if call is not None and j == len(blocks) - 2:  # a cachePoint closing the turn
                    last = (message, to)
            else:
                dst = f"{to}/content/{len(parts)}"
                made = self.part(src, dst, block, False)
                parts += [made] if made is not None else []
                ranks.append(1)
                last = (made, dst) if made is not None else None
        if parts or not (calls or thinking):
            message["content"] = self.content(parts, f"{at}/content", to) if parts else ""
        message.update({"tool_calls": calls} if calls else {})
        message.update({"thinking_blocks": thinking} if thinking else {})
        reordered = "The turn's blocks were reordered: reasoning, then content, then toolUse."
        self.moved(at, to, reordered if ranks != sorted(ranks) else None)
        self.out.append(message)

    def tool_call(self, at: str, to: str, use: Json) -> Json | None:
        """A ``toolUse`` block as a function tool call (arguments: compact JSON of ``input``)."""
        ident, name, given = use.get("toolUseId"), use.get("name"), use.get("input")
        if not isinstance(ident, str) or not isinstance(name, str):
            self.trace.problem(at, "A toolUse block needs a string toolUseId and a string name.")
            return None
        if not isinstance(given, dict):
            self.trace.problem(f"{at}/toolUse/input", "The input of a toolUse block should be a JSON object.")
            return None
        self.drop(use, ("toolUseId", "name", "input"), f"{at}/toolUse", "Bedrock toolUse blocks")
        function = {"name": name, "arguments": compact(given)}
        self.trace.origin(f"{to}/id", f"{at}/toolUse/toolUseId")
        self.trace.origin(f"{to}/function/name", f"{at}/toolUse/name")
        self.trace.origin(f"{to}/function/arguments", f"{at}/toolUse/input")
        self.moved(at, to, "A toolUse block became a tool call.")
        return {"id": ident, "type": "function", "function": function}

    # --- content -------------------------------------------------------------------------------

    def content(self, parts: list[Any], blocks: str, to: str) -> Any:
        """Parts (read from the blocks at ``blocks``) as the content of canonical message ``to``: one
        plain text part as a string (recorded), else the list."""
        one = parts[0] if len(parts) == 1 else None
        if isinstance(one, dict) and one.keys() == {"type", "text"} and one["type"] == "text":
            block = self.trace.origins.get(f"{to}/content/0", f"{blocks}/0")
            self.record("converted", block, f"{to}/content", _ONE_TEXT)
            self.trace.origin(f"{to}/content", f"{block}/text")
            return one["text"]
        return parts if parts else ""

    def part(self, at: str, to: str, block: Any, user: bool) -> Json | None:
        """A content block as the part at ``to``: text, user images and plain documents in canonical
        form, any other block kept as a bedrock part."""
        kind = block_kind(block)
        made = _USER_PARTS[kind](block[kind]) if user and kind in _USER_PARTS else None
        if made is None:
            return self.text_or_kept(at, to, block, "message")
        self.moved(at, to, f"A Bedrock {kind} block became a canonical {made['type']} part.")
        if kind == "document":  # its file's members come from the document's
            self.trace.origin(f"{to}/file/filename", f"{at}/document/name")
            self.trace.origin(f"{to}/file/file_data", f"{at}/document/source/bytes")
        return made

    def text_or_kept(self, at: str, to: str, block: Any, where: str) -> Json | None:
        """A text block as a text part, any other one-member block kept as a bedrock part."""
        kind = block_kind(block)
        if kind is None:
            self.trace.problem(at, f"A {where} content block should be an object with exactly one member.")
            return None
        if kind == "text" and isinstance(block["text"], str):
            self.moved(at, to)
            return {"type": "text", "text": block["text"]}
        self.moved(at, f"{to}/bedrock", None)
        self.record("converted", at, to, _KEPT)
        return {"type": "bedrock", "bedrock": block}


_KEPT = "A Bedrock block with no canonical form became a bedrock part."
_THINKING = "A reasoningContent block became an entry of thinking_blocks."
_ONE_TEXT = "Content of one text block became string content."
_STATUS = "A toolResult status became is_error (error: true, success: false)."
_USER_PARTS = {"image": image_part, "document": document_part}
"""The user blocks that have a canonical part, and how to make it (None when the block holds more)."""
