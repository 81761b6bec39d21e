"""The rule on function tool names: each dialect's own pattern (SPEC 2).

The canonical model takes every name some dialect allows; each dialect's ``tools`` row says which
of those it takes. A name the source cannot hold is a problem of the payload; a name the target
cannot take is an ``InvalidRequestError`` at the name, never a rename: renaming a tool would break
the calls to it in the conversation's history.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from chatdialect._changes import Trace
from chatdialect._errors import InvalidRequestError
from chatdialect._objects import TOOL_NAME_PATTERN
from chatdialect._pointer import join
from chatdialect._rules.base import Cell, FieldRule, Schema, Writing

if TYPE_CHECKING:
    from chatdialect._dialects.base import Dialect


_canonical = re.compile(TOOL_NAME_PATTERN).fullmatch


class ToolNames(FieldRule):
    """Function tool names match ``pattern`` (a regular expression over the whole name), which
    ``says`` in words ("1 to 64 letters, digits, _ or -"), ``longest`` characters at most."""

    by_content = True

    def __init__(self, pattern: str, says: str, longest: int) -> None:
        self.pattern = pattern
        self.says = says
        self.longest = longest
        self._match = re.compile(pattern).fullmatch

    def _refused(self, tools: Any) -> list[int]:
        """The indices of the function tools whose name this dialect cannot take."""
        refused = []
        for index, tool in enumerate(tools if isinstance(tools, list) else ()):
            function = tool.get("function") if isinstance(tool, dict) else None
            name = function.get("name") if isinstance(function, dict) else None
            if isinstance(name, str) and self._match(name) is None:
                refused.append(index)
        return refused

    def read(self, name: str, value: Any, dialect: Dialect, trace: Trace, pointer: str) -> Any:
        tools = value if isinstance(value, list) else []
        for index in self._refused(value):
            if _canonical(tools[index]["function"]["name"]) is not None:  # else the model says so
                where = trace.to_input(join(name, index, "function", "name"))
                trace.problem(where, f"should be {self.says} in the {dialect.name} dialect")
        return value

    def write(self, name: str, value: Any, context: Writing) -> Any:
        refused = self._refused(value)
        if refused:
            why = f"should be {self.says}: the {context.target} dialect takes no other tool name"
            at = context.trace.to_input
            problems = [(at(join(name, index, "function", "name")), why) for index in refused]
            raise InvalidRequestError(problems, dialect=context.target)
        return value

    def cell(self, name: str, cell: Cell) -> None:
        cell.notes.append(f"names up to {self.longest}")

    def schema(self, name: str, prop: Schema, defs: Schema) -> Schema:
        for definition in ("FunctionDefinition", "NamedFunction"):
            names = defs.get(definition, {}).get("properties", {}).get("name")
            if isinstance(names, dict):
                names["pattern"] = self.pattern
        return prop

    def doc(self, name: str) -> str | None:
        return (
            f"function names {self.says} (another name cannot be written: renaming a tool would break "
            "the calls to it)"
        )
