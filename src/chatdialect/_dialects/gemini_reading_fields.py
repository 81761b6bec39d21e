"""Reading Gemini's tools, ``toolConfig`` and ``generationConfig`` (``GeminiCodec.decode``; the
conversation is ``gemini_reading``'s): function declarations as function tools (Google's built-in
tools kept as gemini tools), ``functionCallingConfig`` as ``tool_choice``, and the generation fields
as the canonical sampling, output and thinking fields; every step recorded on the trace.
"""

from __future__ import annotations

from typing import Any

from chatdialect._dialects.gemini_openapi import to_json_schema
from chatdialect._dialects.gemini_parts import (
    GENERATION_FIELDS,
    MODES_READ,
    RESPONSE_KEYS,
    Json,
    Steps,
    google_extra,
)
from chatdialect._pointer import escape, join


class FieldsReader(Steps):
    """The structural fields besides the conversation, read into the canonical result ``out``."""

    __slots__ = ("validated",)

    def moved(self, at: str, to: str, reason: str | None = None) -> None:
        raise NotImplementedError

    def problem(self, at: str, message: str) -> None:
        raise NotImplementedError

    def tools(self, tools: Any, out: Json) -> None:
        """Function declarations as function tools; Google's built-in tools kept as gemini tools."""
        if not isinstance(tools, list):
            self.problem("/tools", "tools should be a list of Tool objects.")
            return
        written: list[Json] = []
        for index, tool in enumerate(tools):
            at = f"/tools/{index}"
            if not isinstance(tool, dict):
                self.problem(at, "A Tool should be an object.")
                continue
            declarations = tool.get("functionDeclarations") or []
            for d, declaration in enumerate(declarations if isinstance(declarations, list) else ()):
                function = self.declaration(
                    f"{at}/functionDeclarations/{d}", f"/tools/{len(written)}", declaration
                )
                written += [function] if function is not None else []
            rest = {key: value for key, value in tool.items() if key != "functionDeclarations"}
            if rest:
                self.trace.origin(f"/tools/{len(written)}", self.wire(at))  # the whole tool, if dropped
                self.trace.origin(f"/tools/{len(written)}/gemini", self.wire(at))
                if "functionDeclarations" in tool:
                    self.record("converted", at, f"/tools/{len(written)}", _SPLIT)
                written.append({"type": "gemini", "gemini": rest})
        out["tools"] = written
        if any(tool.get("type") == "function" for tool in written):
            self.record(
                "converted", "/tools", "/tools", "Gemini function declarations became function tools."
            )

    def declaration(self, at: str, to: str, declaration: Any) -> Json | None:
        """A function declaration as a function tool (parameters as JSON Schema)."""
        if not isinstance(declaration, dict) or not isinstance(declaration.get("name"), str):
            self.problem(at, "A function declaration needs a name.")
            return None
        self.drop(declaration, _DECLARATION_KEYS, at, "Gemini function declarations")
        function: Json = {key: declaration[key] for key in ("name", "description") if key in declaration}
        if "parametersJsonSchema" in declaration:
            function["parameters"] = declaration["parametersJsonSchema"]
            where = f"{at}/parametersJsonSchema"
            self.moved(where, f"{to}/function/parameters", "parametersJsonSchema became parameters.")
        elif "parameters" in declaration:
            function["parameters"] = to_json_schema(declaration["parameters"])
            self.trace.origin(f"{to}/function/parameters", self.wire(f"{at}/parameters"))
            self.record("converted", f"{at}/parameters", f"{to}/function/parameters", _OPENAPI)
        extra = google_extra(declaration, ("response", "responseJsonSchema", "behavior"))
        if extra is not None:
            function["extra_content"] = extra
        self.trace.origin(to, self.wire(at))  # the whole tool, if a target drops it
        self.trace.origin(f"{to}/function", self.wire(at))
        return {"type": "function", "function": function}

    def toolConfig(self, config: Any, out: Json) -> None:
        """functionCallingConfig as tool_choice; the other toolConfig keys kept as tool_config."""
        if not isinstance(config, dict):
            self.problem("/toolConfig", "toolConfig should be an object.")
            return
        rest = {key: value for key, value in config.items() if key != "functionCallingConfig"}
        if rest:
            out["tool_config"] = rest
            self.moved(
                "/toolConfig",
                "/tool_config",
                "toolConfig's keys besides functionCallingConfig became tool_config.",
            )
        calling = config.get("functionCallingConfig")
        if calling is None:
            return
        at = "/toolConfig/functionCallingConfig"
        if not isinstance(calling, dict):
            self.problem(at, "functionCallingConfig should be an object.")
            return
        self.drop(calling, ("mode", "allowedFunctionNames"), at, "Gemini functionCallingConfig objects")
        mode, names = calling.get("mode", "AUTO"), calling.get("allowedFunctionNames")
        if mode not in MODES_READ:
            self.problem(f"{at}/mode", "mode should be AUTO, ANY, NONE or VALIDATED.")
            return
        if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            self.problem(f"{at}/allowedFunctionNames", "allowedFunctionNames should be a list of names.")
            return
        choice: Any = MODES_READ[mode]
        if names and mode == "ANY" and len(names) == 1:
            choice = {"type": "function", "function": {"name": names[0]}}
        elif names and mode != "NONE":
            functions = [{"type": "function", "function": {"name": name}} for name in names]
            choice = {"type": "allowed_tools", "allowed_tools": {"mode": choice, "tools": functions}}
        elif names:
            self.record("dropped", f"{at}/allowedFunctionNames", None, "Mode NONE allows no function names.")
        out["tool_choice"] = choice
        self.validated = mode == "VALIDATED"
        reason = "functionCallingConfig became tool_choice."
        if "mode" not in calling:
            reason = "functionCallingConfig without a mode (AUTO, Gemini's default) became tool_choice."
        self.record("converted", at, "/tool_choice", reason)

    def generationConfig(self, config: Any, out: Json) -> None:
        """The generationConfig fields as canonical fields; those with no counterpart as generation_config."""
        at = "/generationConfig"
        if not isinstance(config, dict):
            self.problem(at, "generationConfig should be an object.")
            return
        rest: Json = {}
        for key, value in config.items():
            if key in GENERATION_FIELDS:
                name = GENERATION_FIELDS[key]
                out[name] = value
                self.trace.origin(join(name), self.wire(f"{at}/{key}"))
                self.record("converted", f"{at}/{key}", join(name), f"generationConfig.{key} became {name}.")
            elif key == "thinkingConfig" and isinstance(value, dict):
                kept = self.thinking(value, out)
                rest.update({"thinkingConfig": kept} if kept else {})
            elif key not in RESPONSE_KEYS:
                rest[key] = value
        mime = config.get("responseMimeType")
        if any(key in config for key in RESPONSE_KEYS) and not self.response_format(config, out):
            rest.update((key, config[key]) for key in RESPONSE_KEYS if key in config)
        if rest:
            out["generation_config"] = rest
            for key in rest:
                self.moved(f"{at}/{escape(key)}", f"/generation_config/{escape(key)}", _REST)
        del mime

    def thinking(self, config: Json, out: Json) -> Json:
        """thinkingBudget as thinking, thinkingLevel as reasoning_effort; returns the other keys."""
        at = "/generationConfig/thinkingConfig"
        budget, level = config.get("thinkingBudget"), config.get("thinkingLevel")
        if budget is not None:
            if type(budget) is not int or budget < -1:
                self.problem(f"{at}/thinkingBudget", "thinkingBudget should be an integer, -1 or more.")
            else:
                kind = {0: {"type": "disabled"}, -1: {"type": "adaptive"}}.get(budget)
                out["thinking"] = kind or {"type": "enabled", "budget_tokens": budget}
                self.record("converted", f"{at}/thinkingBudget", "/thinking", _BUDGET)
        if level is not None:
            if not isinstance(level, str):
                self.problem(f"{at}/thinkingLevel", "thinkingLevel should be MINIMAL, LOW, MEDIUM or HIGH.")
            else:
                out["reasoning_effort"] = level.lower()
                self.record(
                    "converted",
                    f"{at}/thinkingLevel",
                    "/reasoning_effort",
                    "thinkingLevel became reasoning_effort.",
                )
        return {key: value for key, value in config.items() if key not in ("thinkingBudget", "thinkingLevel")}

    def response_format(self, config: Json, out: Json) -> bool:
        """responseMimeType with its schema as response_format; False when it has no canonical form."""
        at = "/generationConfig"
        mime = config.get("responseMimeType")
        schema_key = next((key for key in ("responseJsonSchema", "responseSchema") if key in config), None)
        if mime == "application/json" and schema_key is not None and isinstance(config[schema_key], dict):
            if schema_key == "responseSchema":
                schema = to_json_schema(config[schema_key])
                self.record(
                    "converted", f"{at}/responseSchema", "/response_format/json_schema/schema", _OPENAPI
                )
            else:
                schema = config[schema_key]
                reason = "responseJsonSchema became the response_format's schema."
                self.moved(f"{at}/{schema_key}", "/response_format/json_schema/schema", reason)
            if "responseJsonSchema" in config and "responseSchema" in config:
                return False
            out["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "response", "schema": schema},
            }
            reason = "A json_schema response_format needs a name, and one was written."
            self.record("defaulted", None, "/response_format/json_schema/name", reason)
        elif schema_key is None and mime in ("application/json", "text/plain"):
            out["response_format"] = {"type": "json_object" if mime == "application/json" else "text"}
        else:
            return False
        self.record(
            "converted",
            f"{at}/responseMimeType",
            "/response_format",
            "responseMimeType became response_format.",
        )
        return True

    def finish(self, out: Json) -> None:
        """Mode VALIDATED as strict on every function tool."""
        if not self.validated:
            return
        for index, tool in enumerate(out.get("tools") or ()):
            if tool.get("type") == "function":
                tool["function"] = {**tool["function"], "strict": True}
                reason = "Mode VALIDATED (schema-checked calls) became strict on every function."
                self.record(
                    "converted",
                    "/toolConfig/functionCallingConfig/mode",
                    f"/tools/{index}/function/strict",
                    reason,
                )


_SPLIT = "The Tool's function declarations and built-in tools became separate tools."
_OPENAPI = "The OpenAPI-subset schema became JSON Schema (lower-case types, nullable as a null type)."
_BUDGET = "thinkingBudget became thinking (0: disabled, -1: adaptive, else a budget)."
_REST = "A generationConfig key with no canonical counterpart was kept in generation_config."
_DECLARATION_KEYS = (
    "name",
    "description",
    "parameters",
    "parametersJsonSchema",
    "response",
    "responseJsonSchema",
    "behavior",
)
