"""Gemini's JSON as clients write it, normalised before reading (``GeminiCodec.decode``).

Google's JSON parser (proto3 JSON) accepts a field's snake_case name beside its lowerCamelCase one,
and real clients send both (LiteLLM and Portkey mix them); clients also send a single object where
Gemini defines a list (``contents``, ``parts``), enum values in lower case (``"mode": "any"``) and
the legacy ``role: "function"``. :func:`normalise` gives the payload in the documented form:
camelCase keys, lists, upper-case enum values, ``user`` for ``function``; each step is recorded at
the caller's pointer. Keys inside user data (function arguments and responses, JSON Schemas,
labels) are never re-cased. The payload is never mutated: an object that changes is a new one,
an object that does not is shared.

:class:`Spelling` maps a pointer into the normalised payload back to the caller's pointer.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from chatdialect._changes import Change, Trace
from chatdialect._pointer import escape, remap

Json = dict[str, Any]


class Many(NamedTuple):
    """A repeated field whose items are ``item``; a single item given alone is wrapped."""

    item: Any


ENUM = "enum"
"""A field whose value is one of a Gemini enum's (upper-case) names."""
SCHEMA = "schema"
"""An OpenAPI-subset ``Schema`` object (``parameters``, ``responseSchema``): its own keys may be
snake_case, the names under its ``properties`` are the user's."""

_BLOB = {"mimeType": None, "data": None, "displayName": None}
_FILE = {"mimeType": None, "fileUri": None, "displayName": None}
PART: Json = {
    "text": None,
    "thought": None,
    "thoughtSignature": None,
    "inlineData": _BLOB,
    "fileData": _FILE,
    "functionCall": {"id": None, "name": None, "args": None},
    "functionResponse": {
        "id": None,
        "name": None,
        "response": None,
        "parts": Many({"inlineData": _BLOB, "fileData": _FILE}),
        "willContinue": None,
        "scheduling": ENUM,
    },
    "executableCode": {"language": ENUM, "code": None},
    "codeExecutionResult": {"outcome": ENUM, "output": None},
    "videoMetadata": {"startOffset": None, "endOffset": None, "fps": None},
    "mediaResolution": {"level": ENUM},
    "partMetadata": None,
}
CONTENT = {"role": None, "parts": Many(PART)}
DECLARATION = {
    "name": None,
    "description": None,
    "parameters": SCHEMA,
    "parametersJsonSchema": None,
    "response": SCHEMA,
    "responseJsonSchema": None,
    "behavior": ENUM,
}
SERVER_TOOLS = (
    "googleSearch", "googleSearchRetrieval", "codeExecution", "urlContext", "fileSearch", "googleMaps",
    "computerUse", "mcpServers", "retrieval", "enterpriseWebSearch",
)  # fmt: skip
"""Google's built-in tools (``Tool`` fields beside ``functionDeclarations``; SDK ``types.Tool``)."""
TOOL: Json = {"functionDeclarations": Many(DECLARATION), **dict.fromkeys(SERVER_TOOLS)}
THINKING = {"includeThoughts": None, "thinkingBudget": None, "thinkingLevel": ENUM}
GENERATION = {
    **dict.fromkeys(
        (
            "temperature",
            "topP",
            "topK",
            "candidateCount",
            "maxOutputTokens",
            "presencePenalty",
            "frequencyPenalty",
            "seed",
            "responseLogprobs",
            "logprobs",
            "responseMimeType",
            "responseJsonSchema",
            "speechConfig",
            "enableEnhancedCivicAnswers",
            "audioTimestamp",
        )
    ),
    "stopSequences": Many(None),
    "responseSchema": SCHEMA,
    "thinkingConfig": THINKING,
    "responseModalities": Many(ENUM),
    "mediaResolution": ENUM,
    "imageConfig": {"aspectRatio": None, "imageSize": None},
}
TOOL_CONFIG = {
    "functionCallingConfig": {"mode": ENUM, "allowedFunctionNames": Many(None)},
    "retrievalConfig": {"latLng": {"latitude": None, "longitude": None}, "languageCode": None},
    "includeServerSideToolInvocations": None,
}
REQUEST = {
    "contents": Many(CONTENT),
    "systemInstruction": CONTENT,
    "tools": Many(TOOL),
    "toolConfig": TOOL_CONFIG,
    "safetySettings": Many({"category": ENUM, "threshold": ENUM, "method": ENUM}),
    "cachedContent": None,
    "serviceTier": None,
    "labels": None,
    "generationConfig": GENERATION,
}
"""The request body of ``generateContent`` (SDK 2.19.0 ``_GenerateContentParameters_to_mldev``)."""

_SCHEMA_KEYS = frozenset(
    {"anyOf", "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength",
     "propertyOrdering", "additionalProperties"}
)  # fmt: skip
"""The keys of Gemini's ``Schema`` spelt differently in snake_case."""
_SNAKE = re.compile(r"_([a-z0-9])")


def camel(key: str) -> str:
    """``max_output_tokens`` -> ``maxOutputTokens``."""
    return _SNAKE.sub(lambda match: match.group(1).upper(), key)


def snake(key: str) -> str:
    """``thoughtSignature`` -> ``thought_signature``."""
    return re.sub(r"([A-Z])", lambda match: "_" + match.group(1).lower(), key)


class Spelling:
    """Pointers into the normalised payload -> the caller's pointers (longest recorded prefix)."""

    __slots__ = ("map",)

    def __init__(self) -> None:
        self.map: dict[str, str] = {}

    def wire(self, pointer: str) -> str:
        """The caller's pointer of ``pointer`` (a pointer into the normalised payload)."""
        return remap(pointer, self.map) if self.map else pointer


def normalise(payload: Json, trace: Trace) -> tuple[Json, Spelling]:
    """The payload in Gemini's documented spelling (see the module docstring) and its pointer map."""
    spelling = Spelling()
    walker = _Walker(trace, spelling)
    return walker.object(payload, REQUEST, "", ""), spelling


class _Walker:
    __slots__ = ("spelling", "trace")

    def __init__(self, trace: Trace, spelling: Spelling) -> None:
        self.trace, self.spelling = trace, spelling

    def value(self, value: Any, spec: Any, at: str, now: str) -> Any:
        """``value`` (caller's pointer ``at``, normalised pointer ``now``) in documented form."""
        if spec is None:
            return value
        if spec == ENUM:
            if isinstance(value, str) and value != value.upper():
                reason = (
                    "Gemini's enum values are upper case; a value in another case was read in upper case."
                )
                self.trace.on_read(Change("converted", at, None, reason))
                return value.upper()
            return value
        if spec == SCHEMA:
            return self.schema(value, at, now)
        if isinstance(spec, Many):
            return self.many(value, spec.item, at, now)
        return self.object(value, spec, at, now)

    def many(self, value: Any, item: Any, at: str, now: str) -> Any:
        if isinstance(value, (dict, str)) and (isinstance(value, str) == (item is None or item == ENUM)):
            reason = "Gemini takes a list here; the single value given was read as a list of one."
            self.trace.on_read(Change("converted", at, None, reason))
            self.spelling.map[f"{now}/0"] = at
            return [self.value(value, item, at, f"{now}/0")]
        if not isinstance(value, list):
            return value  # reading reports it
        out = value
        for index, each in enumerate(value):
            done = self.value(each, item, f"{at}/{index}", f"{now}/{index}")
            if done is not each:
                out = list(value) if out is value else out
                out[index] = done
        return out

    def object(self, value: Any, spec: Json, at: str, now: str) -> Any:
        if not isinstance(value, dict):
            return value
        out: Json = value
        for key, each in value.items():
            name = key
            if "_" in key and camel(key) in spec:
                name = camel(key)
                if name in value:
                    self.trace.problem(f"{at}/{escape(key)}", f"is given twice, also as {name}.")
                    continue
                # recorded at the object holding the key, so that both spellings lie under the record
                if at:  # a top-level key's record is the codec's, at the key as the caller spelt it
                    reason = f"Gemini's JSON spells {key} as {name}; it was read as {name}."
                    self.trace.on_read(Change("renamed", at, None, reason))
                self.spelling.map[f"{now}/{escape(name)}"] = f"{at}/{escape(key)}"
            if name == "role" and each == "function" and spec is CONTENT:
                reason = "The legacy role function was read as user, the role of function responses."
                self.trace.on_read(Change("converted", f"{at}/role", None, reason))
                each_done: Any = "user"
            else:
                each_done = self.value(each, spec.get(name), f"{at}/{escape(key)}", f"{now}/{escape(name)}")
            if name != key or each_done is not each:
                if out is value:
                    out = {}
                    for before in value:
                        if before == key:
                            break
                        out[before] = value[before]
                out[name] = each_done
            elif out is not value:
                out[name] = each_done
        return out

    def schema(self, value: Any, at: str, now: str) -> Any:
        """An OpenAPI ``Schema``: its own keys in camelCase, recursively; property names as given."""
        if isinstance(value, list):
            return self.many(value, SCHEMA, at, now)
        if not isinstance(value, dict):
            return value
        spec: Json = {key: SCHEMA for key in ("items", "anyOf")}
        spec |= dict.fromkeys(_SCHEMA_KEYS - {"anyOf"})
        spec["properties"] = _PROPERTIES
        return self.object(value, spec, at, now)


class _Properties(dict[str, Any]):
    """The ``properties`` of a Schema: every name is the user's, every value a Schema."""

    def get(self, key: str, default: Any = None) -> Any:
        return SCHEMA

    def __contains__(self, key: object) -> bool:
        return False


_PROPERTIES = _Properties()
