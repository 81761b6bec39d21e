"""The ``gemini`` codec's part of ``chatdialect schema``: Gemini's wire shape as JSON Schema.

Built from the same table the codec reads with (``gemini_spelling.REQUEST``), so it states exactly
what reading accepts: every key in lowerCamelCase and in its snake_case spelling, a list or a single
item where Gemini takes a list, enum values in any case. The objects the codec maps key by key
(``Content``, ``functionCall``, ``functionResponse``, function declarations,
``functionCallingConfig``, ``systemInstruction``) are closed, as reading drops any other key; the
objects it keeps as they are (parts with no canonical form, built-in tools, ``generationConfig``
and ``toolConfig`` keys with no canonical field) stay open, as Google's types evolve. Values the
field rules narrowed (temperature, stopSequences, thinkingLevel, serviceTier, ...) are reused where
they go on the wire.
"""

from __future__ import annotations

from typing import Any

from chatdialect._dialects.gemini_parts import GENERATION_FIELDS, MODES_READ, THINKING_LEVELS
from chatdialect._dialects.gemini_spelling import (
    DECLARATION,
    ENUM,
    GENERATION,
    PART,
    SCHEMA,
    TOOL,
    TOOL_CONFIG,
    Many,
    snake,
)
from chatdialect._rules.names import ToolNames

Schema = dict[str, Any]

_NULL: Schema = {"type": "null"}
_STRING: Schema = {"type": "string"}
_OBJECT: Schema = {"type": "object"}

GEMINI_TOOL_NAMES = ToolNames(
    r"^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$", "a letter or _ then letters, digits, _, ., : or -, 128 at most", 128
)
"""FunctionDeclaration.name: "Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain
underscores, dots, colons and dashes, with a maximum length of 128" (vendors/gemini_generate_content.md)."""


def _any_case(values: list[str]) -> Schema:
    """A string equal to one of ``values`` in any letter case (what reading accepts)."""
    spelled = ["".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in value) for value in values]
    return {"type": "string", "pattern": "^(?:" + "|".join(spelled) + ")$"}


def _value(prop: Schema) -> Schema:
    """A property's value schema without its null branch, title, description and default."""
    branches = [b for b in prop.get("anyOf", [prop]) if b != _NULL]
    value = branches[0] if len(branches) == 1 else {"anyOf": branches}
    return {key: each for key, each in value.items() if key not in ("title", "description", "default")}


def _many(item: Schema, **limits: int) -> Schema:
    """A list of ``item`` (``limits`` on its length), or one ``item`` alone."""
    return {"anyOf": [{"type": "array", "items": item, **limits}, item]}


def _object(properties: Schema, closed: bool, required: tuple[str, ...] = ()) -> Schema:
    """An object with ``properties`` under both spellings (camelCase and snake_case)."""
    spelled = dict(properties)
    for key, value in properties.items():
        if snake(key) != key:
            spelled[snake(key)] = value
    found: Schema = {"type": "object", "properties": spelled}
    if required:
        found["anyOf"] = [{"required": [key]} for key in required]
        found["anyOf"] += [{"required": [snake(key)]} for key in required if snake(key) != key]
    if closed:
        found["additionalProperties"] = False
    return found


def _build(spec: Any, closed: bool = False) -> Schema:
    """The schema of a node of the spelling table (values: any JSON; enums: strings)."""
    if spec is None:
        return {}
    if spec == ENUM:
        return _STRING
    if spec == SCHEMA:
        return _OBJECT
    if isinstance(spec, Many):
        return _many(_build(spec.item))
    return _object({key: _build(child) for key, child in spec.items()}, closed)


def state(schema: Schema, defs: Schema, replaced: tuple[str, ...]) -> None:
    """Replace the properties of the canonical fields ``replaced`` (the codec's ``writes``) by
    Gemini's wire properties, in place, under both spellings; ``contents`` is required."""
    properties: Schema = schema["properties"]
    narrowed = {name: _value(properties[name]) for name in replaced if name in properties}
    for name in replaced:
        properties.pop(name, None)
    properties.update(_wire(narrowed))
    schema["required"] = ["contents"]
    defs.setdefault("GeminiWirePart", _part())


def _wire(narrowed: Schema) -> Schema:
    """The structural wire properties (both spellings), each nullable ("not set")."""
    text_part = _object({"text": _STRING}, True, ("text",))
    content = _object({"role": {"enum": ["user", "model", "function"]}, "parts": _parts()}, True, ("parts",))
    wire: Schema = {
        "contents": _many(content),
        "systemInstruction": _object({"role": {}, "parts": _many(text_part, minItems=1)}, True, ("parts",)),
        "tools": _many(_tool()),
        "toolConfig": _tool_config(),
        "generationConfig": _generation(narrowed),
        "serviceTier": narrowed.get("service_tier", _STRING),
        "safetySettings": _many(_OBJECT),
        "cachedContent": _STRING,
    }
    found: Schema = {}
    for key, value in wire.items():
        nullable = value if key == "contents" else {"anyOf": [value, _NULL]}
        found[key] = nullable
        if snake(key) != key:
            found[snake(key)] = nullable
    return found


def _parts() -> Schema:
    return _many({"$ref": "#/$defs/GeminiWirePart"}, minItems=1)


def _part() -> Schema:
    """A Part: open (a part with no canonical form is kept as it is); its calls and responses closed."""
    properties = {key: _build(child) for key, child in PART.items()}
    call = _object({"id": _STRING, "name": _STRING, "args": _OBJECT}, True, ("name",))
    response = {key: _build(child) for key, child in PART["functionResponse"].items()}
    response.update(id=_STRING, name=_STRING, response=_OBJECT)
    properties["functionCall"] = call
    properties["functionResponse"] = _object(response, True, ("name",))
    properties["text"] = _STRING
    part = _object(properties, False)
    part["minProperties"] = 1
    return part


def _tool() -> Schema:
    """A Tool: function declarations (closed) beside Google's built-in tools (kept as they are)."""
    declaration = {key: _build(child) for key, child in DECLARATION.items()}
    declaration["name"] = {"type": "string", "pattern": GEMINI_TOOL_NAMES.pattern}
    declaration["description"] = _STRING
    declaration["parametersJsonSchema"] = _OBJECT
    properties = {key: _build(child) for key, child in TOOL.items()}
    properties["functionDeclarations"] = _many(_object(declaration, True, ("name",)))
    return _object(properties, False)


def _tool_config() -> Schema:
    properties = {key: _build(child) for key, child in TOOL_CONFIG.items()}
    calling = {"mode": _any_case(sorted(MODES_READ)), "allowedFunctionNames": _many(_STRING)}
    properties["functionCallingConfig"] = _object(calling, True)
    return _object(properties, False)


def _generation(narrowed: Schema) -> Schema:
    """generationConfig: the canonical fields' narrowed values under their Gemini names; open."""
    properties = {key: _build(child) for key, child in GENERATION.items()}
    for key, name in GENERATION_FIELDS.items():
        if name in narrowed:
            properties[key] = narrowed[name]
    stop = narrowed.get("stop", {})
    lists = [b for b in stop.get("anyOf", [stop]) if b.get("type") == "array"]
    if lists:
        properties["stopSequences"] = {"anyOf": [_STRING, lists[0]]}
    properties["responseMimeType"] = _STRING
    properties["responseJsonSchema"] = _OBJECT
    thinking = {
        "includeThoughts": {"type": "boolean"},
        "thinkingBudget": {"type": "integer", "minimum": -1},
        "thinkingLevel": _any_case([level.upper() for level in THINKING_LEVELS]),
    }
    properties["thinkingConfig"] = _object(thinking, False)
    return _object(properties, False)
