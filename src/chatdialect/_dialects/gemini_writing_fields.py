"""Writing the canonical tools, ``tool_choice`` and generation fields in Gemini's shape
(``GeminiCodec.encode``; the conversation is ``gemini_writing``'s): function tools as function
declarations, ``tool_choice`` and ``strict`` as ``toolConfig.functionCallingConfig``, and the
sampling, output and thinking fields in ``generationConfig``; every step recorded.
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import ChangeKind
from chatdialect._dialects.gemini_parts import GENERATION_WRITTEN, Json, Steps
from chatdialect._pointer import escape, join


class FieldsWriter(Steps):
    """The structural fields besides the conversation, written into the Gemini body."""

    __slots__ = ()

    def google(self, obj: Json, keys: tuple[str, ...], at: str) -> Json:
        raise NotImplementedError

    def tools(self, data: Json, body: Json) -> None:
        """Function tools as function declarations (neighbours in one Tool), gemini tools as they
        were; tool_choice and strict as functionCallingConfig, tool_config merged in."""
        tools = data.get("tools")
        written: list[Json] = []
        strict: list[bool] = []
        for index, tool in enumerate(tools or ()):
            at = join("tools", index)
            if tool["type"] == "gemini":
                self.drop(tool, ("type", "gemini"), at, "Gemini tools")
                written.append(tool["gemini"])
                continue
            function = tool["function"]
            self.drop(tool, ("type", "function"), at, "Gemini function declarations")
            self.drop(
                function,
                ("name", "description", "parameters", "strict", "extra_content"),
                f"{at}/function",
                "Gemini function declarations",
            )
            declaration = {key: function[key] for key in ("name", "description") if key in function}
            extra = self.google(function, ("response", "responseJsonSchema", "behavior"), f"{at}/function")
            strict.append(function.get("strict") is True)
            joined = (
                bool(written)
                and "functionDeclarations" in written[-1]
                and tools[index - 1]["type"] == "function"  # type: ignore[index]  # tools is set here
            )
            if not joined:
                written.append({"functionDeclarations": []})
            declarations = written[-1]["functionDeclarations"]
            if "parameters" in function:
                declaration["parametersJsonSchema"] = function["parameters"]
                to = (
                    f"/tools/{len(written) - 1}/functionDeclarations/{len(declarations)}/parametersJsonSchema"
                )
                self.record(
                    "converted", f"{at}/function/parameters", to, "parameters became parametersJsonSchema."
                )
            declarations.append({**declaration, **extra})
        if written:
            body["tools"] = written
            if strict:
                self.record(
                    "converted", "/tools", "/tools", "Function tools became Gemini function declarations."
                )
        self.tool_config(data, body, tools or [], strict)

    def tool_config(self, data: Json, body: Json, tools: list[Json], strict: list[bool]) -> None:
        choice = data.get("tool_choice")
        validated = bool(strict) and all(strict) and (choice in (None, "auto") or _allowed(choice, "auto"))
        for index, tool in enumerate(tools):
            given = tool.get("function", {}).get("strict")
            if given is not None and not validated:
                kind: ChangeKind = "dropped" if given else "converted"
                reason = _NO_STRICT if given else _NOT_STRICT
                self.record(kind, f"/tools/{index}/function/strict", None, reason)
            elif given is not None:
                self.record(
                    "converted",
                    f"/tools/{index}/function/strict",
                    "/toolConfig/functionCallingConfig/mode",
                    _VALIDATED,
                )
        config: Json = {}
        calling: Json | None = None
        if validated:
            calling = {"mode": "VALIDATED"}
        elif isinstance(choice, str):
            calling = {"mode": {"auto": "AUTO", "none": "NONE", "required": "ANY"}[choice]}
        elif isinstance(choice, dict) and choice["type"] == "function":
            calling = {"mode": "ANY", "allowedFunctionNames": [choice["function"]["name"]]}
        elif isinstance(choice, dict):
            calling = {"mode": "ANY" if choice["allowed_tools"]["mode"] == "required" else "AUTO"}
        if isinstance(choice, dict) and choice["type"] == "allowed_tools" and calling is not None:
            calling["allowedFunctionNames"] = self.allowed(choice)
        if calling is not None:
            config["functionCallingConfig"] = calling
            if choice is not None:
                self.record(
                    "converted",
                    "/tool_choice",
                    "/toolConfig/functionCallingConfig",
                    "tool_choice became functionCallingConfig.",
                )
        if "tool_config" in data:
            config.update(data["tool_config"])
            self.record("converted", "/tool_config", "/toolConfig", "tool_config went into toolConfig.")
        if config:
            body["toolConfig"] = config

    def allowed(self, choice: Json) -> list[str]:
        names: list[str] = []
        for index, tool in enumerate(choice["allowed_tools"]["tools"]):
            function = tool.get("function") if tool.get("type") == "function" else None
            name = function.get("name") if isinstance(function, dict) else None
            if isinstance(name, str):
                names.append(name)
            else:
                self.record(
                    "dropped",
                    f"/tool_choice/allowed_tools/tools/{index}",
                    None,
                    "Gemini allows functions by name only.",
                )
        return names

    def generation(self, data: Json, body: Json) -> None:
        """The sampling, output and thinking fields in generationConfig, generation_config merged in."""
        config: Json = {}
        for name, key in GENERATION_WRITTEN.items():
            if name in data:
                config[key] = data[name]
                self.record(
                    "converted", join(name), f"/generationConfig/{key}", f"{name} went into generationConfig."
                )
        given = data.get("response_format")
        if given is not None:
            self.response_format(given, config)
        thinking: Json = {}
        if "thinking" in data:
            kind = data["thinking"]["type"]
            budgets = {"disabled": 0, "adaptive": -1}
            thinking["thinkingBudget"] = budgets.get(kind, data["thinking"].get("budget_tokens"))
            self.drop(data["thinking"], ("type", "budget_tokens"), "/thinking", "Gemini thinkingConfig")
            self.record(
                "converted",
                "/thinking",
                "/generationConfig/thinkingConfig/thinkingBudget",
                "thinking became thinkingBudget.",
            )
        if "reasoning_effort" in data:
            thinking["thinkingLevel"] = data["reasoning_effort"].upper()
            self.record(
                "converted",
                "/reasoning_effort",
                "/generationConfig/thinkingConfig/thinkingLevel",
                "reasoning_effort became thinkingLevel.",
            )
        kept = data.get("generation_config") or {}
        rest = dict(kept)
        if isinstance(rest.get("thinkingConfig"), dict):
            thinking = {**rest.pop("thinkingConfig"), **thinking}
        if thinking:
            config["thinkingConfig"] = thinking
        config.update(rest)
        # recorded key by key, where reading put each (generationConfig keys with no canonical
        # counterpart): written back to the caller's own place, they net to no change at all
        for key in kept:
            at = f"/generation_config/{escape(key)}"
            self.record("converted", at, f"/generationConfig/{escape(key)}", _KEPT)
        if "generation_config" in data and not kept:
            self.record("converted", "/generation_config", None, "An empty generation_config was left out.")
        if config:
            body["generationConfig"] = config

    def response_format(self, given: Json, config: Json) -> None:
        kind = given["type"]
        if kind == "json_schema":
            named = given["json_schema"]
            self.drop(named, ("schema",), "/response_format/json_schema", "Gemini's responseJsonSchema")
            config["responseMimeType"] = "application/json"
            if "schema" in named:
                config["responseJsonSchema"] = named["schema"]
                to = "/generationConfig/responseJsonSchema"
                self.record(
                    "converted",
                    "/response_format/json_schema/schema",
                    to,
                    "The schema became responseJsonSchema.",
                )
        else:
            config["responseMimeType"] = "application/json" if kind == "json_object" else "text/plain"
        self.drop(given, ("type", "json_schema"), "/response_format", "Gemini's responseMimeType")
        self.record(
            "converted",
            "/response_format",
            "/generationConfig/responseMimeType",
            "response_format became responseMimeType.",
        )


def _allowed(choice: Any, mode: str) -> bool:
    return (
        isinstance(choice, dict)
        and choice.get("type") == "allowed_tools"
        and choice["allowed_tools"]["mode"] == mode
    )


_NO_STRICT = "Gemini has no per-function strict flag (mode VALIDATED needs every function strict)."
_NOT_STRICT = "strict false is Gemini's default, so it was left out."
_KEPT = "A generationConfig key kept in generation_config went back into generationConfig."
_VALIDATED = "strict on every function became mode VALIDATED."
