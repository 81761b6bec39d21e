"""Rules on the objects inside a request: the roles a dialect has, the content parts it accepts, and
the keys each of its objects defines (conservation one level down, SPEC section 6)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Change
from chatdialect._model import OBJECT_KINDS
from chatdialect._pointer import join, show_key
from chatdialect._rules.base import NEVER, Cell, DialectRule, Schema, Watch, Writing
from chatdialect._rules.schema import only_types, walk

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect

_role = itemgetter("role")
_superset = frozenset.issuperset
_function = itemgetter("function")


class NoDeveloperRole(DialectRule):
    """The dialect has no ``developer`` role: a developer message is written as a system message."""

    def narrows(self) -> dict[str, frozenset[str] | None]:
        return {"message:developer": None}  # the target's validator takes no developer message

    def watches_when_clean(self) -> Watch | None:
        return NEVER  # a clean request holds no developer message

    def write(self, out: dict[str, Any], context: Writing) -> None:
        messages = out.get("messages")
        if messages is None or "developer" not in map(_role, messages):  # a scan in C: most have none
            return
        for index, message in enumerate(messages):
            if message["role"] == "developer":
                message["role"] = "system"
                context.trace.on_write(_developer(index, context.target))

    def cell(self, name: str, cell: Cell) -> None:
        if name == "messages":
            cell.notes.append("developer -> system")

    def doc(self) -> str | None:
        return "No developer role: a developer message is written as a system message (converted)."


@cache
def _developer(index: int, target: str) -> Change:
    pointer = f"/messages/{index}/role"
    reason = f"The {target} dialect has no developer role; the message became a system message."
    return Change("converted", pointer, pointer, reason)


class ContentParts(DialectRule):
    """Only these content-part types are accepted in messages: another part is dropped at its own
    pointer, and a message left with no part gets ``content: ""``."""

    def __init__(self, *types: str) -> None:
        self.types = frozenset(types)

    def narrows(self) -> dict[str, frozenset[str] | None]:
        return {
            kind: None for kind in OBJECT_KINDS if kind.startswith("part:") and kind[5:] not in self.types
        }

    def watches_when_clean(self) -> Watch | None:
        return NEVER  # every part of a clean request is accepted

    def write(self, out: dict[str, Any], context: Writing) -> None:
        messages = out.get("messages")
        if context.clean or messages is None:
            return
        if list not in map(type, map(dict.get, messages, repeat("content"))):
            return  # no message has parts: a scan in C
        accepted = self.types
        for index, message in enumerate(messages):
            content = message.get("content")
            if type(content) is not list:
                continue
            kept = [part for part in content if part["type"] in accepted]
            if len(kept) == len(content):
                continue
            for position, part in enumerate(content):
                if part["type"] not in accepted:
                    reason = f"The {context.target} dialect does not accept {part['type']} content parts."
                    context.record("dropped", f"/messages/{index}/content/{position}", None, reason)
            message["content"] = kept or ""
            positions = [position for position, part in enumerate(content) if part["type"] in accepted]
            context.trace.compacted(f"/messages/{index}/content", positions)

    def cell(self, name: str, cell: Cell) -> None:
        if name == "messages":
            cell.notes.append(f"content parts {'/'.join(sorted(self.types))} only")

    def schema(self, schema: Schema, defs: Schema, dialect: Dialect) -> None:
        def visit(node: Schema) -> None:
            only_types(node, defs, self.types, suffix="Part")

        walk(schema, visit)
        for definition in defs.values():
            walk(definition, visit)

    def doc(self) -> str | None:
        parts = ", ".join(f"`{part}`" for part in sorted(self.types))
        return (
            f"Content parts: {parts} only. Another part is dropped at its pointer, "
            '`/messages/I/content/J`; a message left with no part gets `content: ""`.'
        )


class ObjectKeys(DialectRule):
    """The keys each object of the dialect defines (messages by role, content parts by type, tools,
    their functions, tool calls). A key the dialect's object does not define is dropped with a
    record at its own pointer, never passed on silently."""

    def __init__(
        self,
        messages: Mapping[str, frozenset[str]],
        parts: Mapping[str, frozenset[str]],
        tool: frozenset[str],
        function: frozenset[str],
        call: frozenset[str],
    ) -> None:
        self.messages, self.parts = dict(messages), dict(parts)
        self.tool, self.function, self.call = tool, function, call

    def narrows(self) -> dict[str, frozenset[str] | None]:
        found: dict[str, frozenset[str] | None] = {
            f"message:{role}": keys for role, keys in self.messages.items()
        }
        found.update((f"part:{kind}", keys) for kind, keys in self.parts.items())
        found["call"] = self.call
        found["tool:function"] = self.tool
        found["function"] = self.function
        return found

    def watches_when_clean(self) -> Watch | None:
        return NEVER  # the target's validator refused every key this rule would drop

    def write(self, out: dict[str, Any], context: Writing) -> None:
        messages = out.get("messages")
        if messages is not None and not context.clean:
            self._messages(messages, context)
        tools = out.get("tools")
        if tools is not None and not self._plain_tools(tools):
            for index, tool in enumerate(tools):
                if tool.get("type") != "function":
                    continue
                if not self.tool.issuperset(tool):
                    self._drop(tool, self.tool, ("tools", index), context, "tool")
                function = tool["function"]
                if not self.function.issuperset(function):
                    self._drop(function, self.function, ("tools", index, "function"), context, "function")

    def _plain_tools(self, tools: list[dict[str, Any]]) -> bool:
        """Whether every tool is a function tool with only defined keys (scans in C)."""
        try:
            return all(map(_superset, repeat(self.tool), tools)) and all(
                map(_superset, repeat(self.function), map(_function, tools))
            )
        except KeyError:  # a tool with no function: the slow walk decides
            return False

    def _messages(self, messages: list[dict[str, Any]], context: Writing) -> None:
        allowed = self.messages
        # scans in C first: most messages hold only defined keys, and most have no parts or calls
        if not all(map(_superset, map(allowed.__getitem__, map(_role, messages)), messages)):
            for index, message in enumerate(messages):
                keys = allowed[message["role"]]
                if not keys.issuperset(message):
                    self._drop(message, keys, ("messages", index), context, f"{message['role']} message")
        if list in map(type, map(dict.get, messages, repeat("content"))):
            for index, message in enumerate(messages):
                content = message.get("content")
                if type(content) is list:
                    self._parts(content, index, context)
        if any(map(dict.get, messages, repeat("tool_calls"))):
            for index, message in enumerate(messages):
                calls = message.get("tool_calls")
                if calls:
                    self._calls(calls, index, context)

    def _parts(self, content: list[dict[str, Any]], index: int, context: Writing) -> None:
        for position, part in enumerate(content):
            keys = self.parts.get(part["type"])
            if keys is not None and not keys.issuperset(part):
                where = ("messages", index, "content", position)
                self._drop(part, keys, where, context, f"{part['type']} content part")

    def _calls(self, calls: list[dict[str, Any]], index: int, context: Writing) -> None:
        for position, call in enumerate(calls):
            if not self.call.issuperset(call):
                self._drop(call, self.call, ("messages", index, "tool_calls", position), context, "tool call")

    @staticmethod
    def _drop(
        node: dict[str, Any], keys: frozenset[str], where: tuple[str | int, ...], context: Writing, what: str
    ) -> None:
        for key in [key for key in node if key not in keys]:
            del node[key]
            article = "an" if what[0] in "aeiou" else "a"
            reason = f"The {context.target} dialect does not define {show_key(key)} in {article} {what}."
            context.record("dropped", join(*where, key), None, reason)

    def doc(self) -> str | None:
        return (
            "A key this dialect's messages, content parts, tools or tool calls do not define is "
            "dropped at its own pointer (e.g. `/messages/2/cache_control`)."
        )


class TextContentOnly(DialectRule):
    """Message content is a required string (the 2023 previews' extensions API): a list of text
    parts is joined into one string, parts separated by a line break (``converted``); a message
    without content gets ``""`` (``defaulted``)."""

    def write(self, out: dict[str, Any], context: Writing) -> None:
        messages = out.get("messages")
        if messages is None:
            return
        kinds = set(map(type, map(dict.get, messages, repeat("content"))))  # a scan in C
        if list not in kinds and type(None) not in kinds:
            return
        for index, message in enumerate(messages):
            content = message.get("content")
            if content is None:  # an assistant turn that only called tools
                message["content"] = ""
                reason = f"The {context.target} dialect requires message content; an empty one was written."
                context.record("defaulted", None, f"/messages/{index}/content", reason)
            elif type(content) is list:
                message["content"] = "\n".join(part.get("text", "") for part in content)
                pointer = f"/messages/{index}/content"
                reason = (
                    f"The {context.target} dialect takes message content only as a string; "
                    "its text parts were joined."
                )
                context.record("converted", pointer, pointer, reason)

    def cell(self, name: str, cell: Cell) -> None:
        if name == "messages":
            cell.notes.append("content a string")

    def doc(self) -> str | None:
        return "Message content is a string: a list of text parts is joined, one line each (converted)."
