"""Hypothesis strategies for request payloads, per source dialect.

The strategies read the dialect tables (``chatdialect._dialects.REGISTRY``): a dialect's valid requests use
only the fields it carries, with values inside its own ranges and enums, so a fix to a table changes what
is generated with it. Four families, each a strategy of ``payload`` for a given dialect:

* ``valid_requests(d)``   - requests valid in ``d`` (SPEC 2 and 3), no deprecated forms;
* ``legacy_requests(d)``  - valid requests plus the deprecated forms ``d`` accepts: ``functions``,
  ``function_call``, ``max_tokens`` and assistant ``function_call`` / ``role: "function"`` histories;
* ``unknown_requests(d)`` - valid or legacy requests plus top-level fields ``d`` does not define
  (other dialects' fields, camelCase, keys with ``/`` and ``~``);
* ``broken_requests(d)``  - any of the above with 1 to 3 hostile edits: wrong types, out-of-range
  numbers, NaN and infinities, Python values that are not JSON (sets, bytes, tuples, objects),
  non-string keys, nesting beyond the depth limit, over-long strings (with small ``Limits``), broken
  messages, tools and schemas, and payloads that are not objects at all.

``requests(d)`` is any of the four. Everything is built fresh per example, so a test may hand it to the
library and then check that nothing was mutated.

A dialect of another shape (a codec: ``anthropic``, ``bedrock``, ``gemini``, ``responses``) has no
OpenAI-shaped payload under its wire names: its valid requests (``codec_requests``) are openai requests
restricted to what it can express, translated by the library, plus its own wire features drawn directly
(``CODEC_EXTRAS``); its broken
ones use its own shapes (``BROKEN_SHAPES``, ``OUT_OF_RANGE_CODEC``). With a ``target``, the valid,
legacy and unknown families draw only what the target can write without inventing content (SPEC 8):
for ``bedrock`` and ``gemini`` (``TURN_RULES``), conversations in the turn order they take.

Below the strategies: helpers for the checks (pointers, differences, ``LinedUp``). No example is
skipped for a known engine bug: the pairs a property does not pass yet are skipped whole, in sight
(``tests/test_properties.KNOWN_GAPS``).
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType
from typing import Any, TypeVar

from hypothesis import assume
from hypothesis import strategies as st

from chatdialect import Change, ChatRequest, InvalidRequestError, Limits, dialect_names, translate
from chatdialect._dialects import REGISTRY
from chatdialect._dialects.base import Dialect
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._rules.containers import StringValues
from chatdialect._rules.fields import OneOf, Range, ValueMap

R = TypeVar("R")
S = TypeVar("S")


def per_dialect(build: Callable[..., S]) -> Callable[..., S]:
    """``build(dialect, ...)`` made once per dialect object and arguments: a strategy built per
    example is new to Hypothesis each time, which then checks it again before drawing (most of a
    draw's cost here); the same object is checked once. (Keyed by the dialect objects, held so their
    ids stay theirs: a dialect registered in another's place, as some tests do, gets its own.)"""
    made: dict[tuple[Any, ...], tuple[tuple[Any, ...], S]] = {}

    def token(value: Any) -> Any:
        return id(value) if isinstance(value, Dialect) else value

    @functools.wraps(build)
    def cached(*args: Any, **options: Any) -> S:
        key = (*map(token, args), *sorted((name, token(value)) for name, value in options.items()))
        if key not in made:
            made[key] = ((*args, *options.values()), build(*args, **options))
        return made[key][1]

    return cached

MODEL_IN_URL: dict[str, str] = {"gemini": "gemini-2.5-flash"}
"""Dialects whose body holds no model (it is in the URL, SPEC 8), with the model their requests are
read with (``model=``: ``url_model``)."""
DIALECTS: tuple[str, ...] = tuple(dialect_names())
"""The dialects the generic properties run over: all of them. The shape dialects (a codec) draw their
valid requests as translated openai requests plus their own wire features (``CODEC_EXTRAS``), made
into what the target can write without inventing content (``codec_requests``)."""
CORE: tuple[str, ...] = tuple(name for name in DIALECTS if name not in ("bedrock", "gemini", "responses"))
"""The OpenAI-shaped dialects and anthropic: the pairs among them take the whole per-pair budget; a
pair with bedrock, gemini or responses takes a smaller one in the default run (``tests/test_properties``)."""


def url_model(name: str) -> dict[str, str]:
    """The keyword arguments a request of dialect ``name`` is read with: ``model=`` where the model
    is in the URL (its body has none), else none."""
    model = MODEL_IN_URL.get(name)
    return {} if model is None else {"model": model}


POLICIES: tuple[str, ...] = ("drop", "warn", "error")
PAIRS: tuple[tuple[str, str], ...] = tuple((a, b) for a in DIALECTS for b in DIALECTS)

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
LEGACY = ("functions", "function_call", "max_tokens")

# --- scalars and JSON values ------------------------------------------------------------------

texts = st.text(max_size=24)
"""Free text: any Unicode (no lone surrogates), often not ASCII."""
non_empty_texts = st.text(min_size=1, max_size=24)
names = st.builds(
    str.__add__, st.sampled_from(NAME_CHARS[:52] + "_"), st.text(alphabet=NAME_CHARS, max_size=19)
)
"""Tool and function names every dialect takes (``^[a-zA-Z0-9_-]{1,64}$``, starting with a letter or
``_`` as Gemini's must); names only some dialects take are tested in tests/rules/test_names.py."""
keys = st.text(max_size=12)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
json_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63) | finite_floats | texts
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
non_null_json = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    finite_floats,
    texts,
    st.lists(json_values, max_size=4),
    st.dictionaries(keys, json_values, max_size=4),
)


@functools.cache
def number_in(low: float, high: float) -> st.SearchStrategy[int | float]:
    """An int or a float in ``[low, high]`` (JSON numbers of both kinds)."""
    return st.integers(math.ceil(low), math.floor(high)) | st.floats(low, high)


# --- JSON Schemas -------------------------------------------------------------------------------

_schema_leaves = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer", "minimum": 0},
        {"type": "number"},
        {"type": "boolean"},
        {"type": ["string", "null"]},
        {"type": "string", "format": "date-time"},
    ]
) | st.builds(
    lambda values: {"type": "string", "enum": values}, st.lists(texts, min_size=1, max_size=3, unique=True)
)


def _object_schema(properties: dict[str, Any], required: bool, closed: bool, about: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required and properties:
        schema["required"] = sorted(properties)
    if closed:
        schema["additionalProperties"] = False
    if about:
        schema["description"] = about
    return schema


def _nested_schemas(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return (
        st.builds(
            _object_schema, st.dictionaries(names, inner, max_size=4), st.booleans(), st.booleans(), texts
        )
        | st.builds(lambda items: {"type": "array", "items": items}, inner)
        | st.builds(lambda options: {"anyOf": options}, st.lists(inner, min_size=1, max_size=3))
    )


sub_schemas = st.recursive(_schema_leaves, _nested_schemas, max_leaves=8)


@st.composite
def parameter_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """A valid JSON Schema for function parameters: an object, sometimes with ``$defs`` and ``$ref``."""
    properties = draw(st.dictionaries(names, sub_schemas, max_size=4))
    schema = _object_schema(properties, draw(st.booleans()), draw(st.booleans()), "")
    if draw(st.booleans()):
        schema["$defs"] = {"Item": draw(sub_schemas)}
        schema["properties"]["item"] = {"$ref": "#/$defs/Item"}
    if draw(st.integers(0, 5)) == 0:
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


invalid_schemas = st.sampled_from(
    [
        {"type": 12},
        {"type": "object", "properties": []},
        {"type": "object", "required": "name"},
        {"type": "integer", "minimum": "zero"},
        {"type": "widget"},
        {"anyOf": []},
        {"type": "object", "properties": {"x": {"enum": 5}}},
        {"$defs": {"A": {"type": 7}}},
    ]
)


# --- messages -----------------------------------------------------------------------------------

text_parts = st.builds(lambda text: {"type": "text", "text": text}, texts)
text_content = texts | st.lists(text_parts, min_size=1, max_size=3)
image_parts = st.builds(
    lambda url, detail: {"type": "image_url", "image_url": {"url": url, **detail}},
    st.sampled_from(["https://example.com/cat.png", "data:image/png;base64,iVBORw0KGgo="]),
    st.sampled_from([{}, {"detail": "auto"}, {"detail": "low"}, {"detail": "high"}]),
)
audio_parts = st.builds(
    lambda fmt: {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": fmt}},
    st.sampled_from(["wav", "mp3"]),
)
file_parts = st.sampled_from(
    [
        {"type": "file", "file": {"file_id": "file-abc123"}},
        {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBER"}},
    ]
)


server_media_parts = st.sampled_from(
    [
        {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4"}},
        {"type": "audio_url", "audio_url": {"url": "data:audio/wav;base64,UklGRiQAAABXQVZF"}},
    ]
)
"""The media parts of OpenAI-compatible servers (vLLM, SGLang), which ``generic`` carries."""


@functools.cache
def user_content(rich: bool, media: bool = False) -> st.SearchStrategy[Any]:
    """User content: text, or parts (text and images; audio and files too where ``rich``; the
    servers' video and audio URL parts where ``media``)."""
    parts = text_parts | image_parts
    if rich:
        parts = parts | audio_parts | file_parts
    if media:
        parts = parts | server_media_parts
    return texts | st.lists(parts, min_size=1, max_size=4)


def _with_name(message: dict[str, Any], name: str | None) -> dict[str, Any]:
    if name is not None:
        message["name"] = name
    return message


OBJECT_ARGUMENTS = ("{}", '{"city": "Paris"}', '{"q": "caf\\u00e9", "n": 3}', '{ "a" : [1, {"b": null}] }')
"""Tool-call arguments that are JSON objects (some not compact: only JSON equality survives a codec)."""
ANY_ARGUMENTS = (*OBJECT_ARGUMENTS[:3], "not json")
"""Arguments as OpenAI-shaped dialects take them: any string."""


@functools.cache
def tool_calls(arguments: tuple[str, ...] = ANY_ARGUMENTS) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(
        st.builds(
            lambda call_id, name, given: {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": given},
            },
            st.text(alphabet=NAME_CHARS, min_size=1, max_size=16),
            names,
            st.sampled_from(arguments),
        ),
        min_size=1,
        max_size=3,
    )


@st.composite
def assistant_messages(
    draw: st.DrawFn, arguments: tuple[str, ...] = ANY_ARGUMENTS, refusals: bool = True
) -> dict[str, Any]:
    """An assistant message: tool calls (with ``arguments``), or text or parts (refusal parts too
    where ``refusals``)."""
    message: dict[str, Any] = {"role": "assistant"}
    calls = draw(st.none() | tool_calls(arguments))
    if calls is not None:
        message["tool_calls"] = calls
        content = draw(st.none() | texts)
        if content is not None or draw(st.booleans()):
            message["content"] = content
    else:
        message["content"] = draw(
            texts
            | st.lists(
                text_parts | st.builds(lambda r: {"type": "refusal", "refusal": r}, texts)
                if refusals
                else text_parts,
                min_size=1,
                max_size=3,
            )
        )
    if draw(st.integers(0, 5)) == 0:
        message["refusal"] = draw(texts)
    return _with_name(message, draw(st.none() | names))


@per_dialect
def messages_for(
    dialect: Dialect,
    arguments: tuple[str, ...] = ANY_ARGUMENTS,
    parts: st.SearchStrategy[Any] | None = None,
    refusals: bool = True,
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A conversation (1 to 6 messages) of any role, valid on read in every dialect (``parts``:
    the user content, when not the dialect's own; ``refusals``: refusal parts in assistant content)."""
    rich = dialect.name in ("openai", "generic", "watsonx")
    system = st.builds(
        lambda role, content, name: _with_name({"role": role, "content": content}, name),
        st.sampled_from(["system", "developer"]),
        text_content,
        st.none() | names,
    )
    user = st.builds(
        lambda content, name: _with_name({"role": "user", "content": content}, name),
        user_content(rich, media=dialect.name == "generic") if parts is None else parts,
        st.none() | names,
    )
    tool = st.builds(
        lambda content, call_id: {"role": "tool", "content": content, "tool_call_id": call_id},
        text_content,
        st.text(alphabet=NAME_CHARS, min_size=1, max_size=16),
    )
    assistant = assistant_messages(arguments, refusals)
    return st.lists(st.one_of(system, user, user, assistant, tool), min_size=1, max_size=6)


# --- top-level fields ---------------------------------------------------------------------------

REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority", "fast")

function_definitions = st.builds(
    lambda name, about, parameters, strict: {
        "name": name,
        **({"description": about} if about is not None else {}),
        **({"parameters": parameters} if parameters is not None else {}),
        **({"strict": strict} if strict is not None else {}),
    },
    names,
    st.none() | texts,
    st.none() | parameter_schemas(),
    st.none() | st.booleans(),
)


def _unique_names(tools: list[dict[str, Any]]) -> bool:
    seen = [tool["function"]["name"] for tool in tools]
    return len(seen) == len(set(seen))


function_tools = st.lists(
    st.builds(lambda f: {"type": "function", "function": f}, function_definitions), min_size=1, max_size=4
).filter(_unique_names)

response_formats = st.one_of(
    st.just({"type": "text"}),
    st.just({"type": "json_object"}),
    st.builds(
        lambda name, schema, strict, about: {
            "type": "json_schema",
            "json_schema": {
                "name": name,
                **({"schema": schema} if schema is not None else {}),
                **({"strict": strict} if strict is not None else {}),
                **({"description": about} if about is not None else {}),
            },
        },
        names,
        st.none() | parameter_schemas(),
        st.none() | st.booleans(),
        st.none() | texts,
    ),
)

tool_choices = st.one_of(
    st.sampled_from(["none", "auto", "required"]),
    st.builds(lambda name: {"type": "function", "function": {"name": name}}, names),
)
allowed_tools_choices = st.builds(
    lambda mode, chosen: {
        "type": "allowed_tools",
        "allowed_tools": {
            "mode": mode,
            "tools": [{"type": "function", "function": {"name": name}} for name in chosen],
        },
    },
    st.sampled_from(["auto", "required"]),
    st.lists(names, min_size=1, max_size=2),
)

data_sources = st.lists(
    st.one_of(
        st.builds(
            lambda index, key, extra: {
                "type": "azure_search",
                "parameters": {
                    "endpoint": "https://contoso.search.windows.net",
                    "index_name": index,
                    "authentication": {"type": "api_key", "key": key},
                    **extra,
                },
            },
            non_empty_texts,
            non_empty_texts,
            st.fixed_dictionaries(
                {},
                optional={
                    "top_n_documents": st.integers(1, 20),
                    "in_scope": st.booleans(),
                    "strictness": st.integers(1, 5),
                    "query_type": st.sampled_from(["simple", "semantic", "vector"]),
                },
            ),
        ),
        st.builds(
            lambda secret: {
                "type": "azure_cosmos_db",
                "parameters": {
                    "authentication": {"type": "connection_string", "connection_string": secret},
                    "database_name": "catalog",
                    "container_name": "items",
                    "index_name": "by-vector",
                    "fields_mapping": {"content_fields": ["body"], "vector_fields": ["embedding"]},
                    "embedding_dependency": {"type": "deployment_name", "deployment_name": "ada"},
                },
            },
            non_empty_texts,
        ),
    ),
    min_size=1,
    max_size=2,
)

metadata_maps = st.dictionaries(st.text(max_size=64), st.text(max_size=512), max_size=16)
loose_metadata_maps = st.dictionaries(
    st.text(max_size=64),
    st.one_of(st.text(max_size=40), st.integers(), st.booleans(), finite_floats, st.lists(st.integers())),
    max_size=16,
)


# Canonical fields for concepts OpenAI lacks (SPEC 8), in Anthropic's shapes (vendors/anthropic_messages.md).

_displays = st.sampled_from([{}, {}, {"display": "summarized"}, {"display": "omitted"}])
thinking_configs = st.one_of(
    st.builds(
        lambda budget, display: {"type": "enabled", "budget_tokens": budget, **display},
        st.integers(1024, 32_000),
        _displays,
    ),
    st.just({"type": "disabled"}),
    st.builds(lambda display: {"type": "adaptive", **display}, _displays),
)
"""``thinking``: enabled with a budget of at least 1024 tokens, disabled, or adaptive."""
cache_controls = st.sampled_from(
    [
        {"type": "ephemeral"},
        {"type": "ephemeral"},
        {"type": "ephemeral", "ttl": "5m"},
        {"type": "ephemeral", "ttl": "1h"},
    ]
)
"""``cache_control``: an ephemeral breakpoint, sometimes with a ttl."""
containers = st.text(alphabet=NAME_CHARS, min_size=8, max_size=24).map(lambda tail: f"container_{tail}")
mcp_server_lists = st.lists(
    st.builds(
        lambda name, url, extra: {"type": "url", "name": name, "url": url, **extra},
        names,
        st.sampled_from(["https://mcp.example.com/sse", "https://tools.example.org/mcp"]),
        st.sampled_from(
            [
                {},
                {"authorization_token": "FAKE-KEY-0000"},
                {"tool_configuration": {"enabled": True, "allowed_tools": ["get_ticket"]}},
            ]
        ),
    ),
    min_size=1,
    max_size=2,
    unique_by=lambda server: server["name"],
)
context_edits = st.sampled_from(
    [
        {"type": "clear_tool_uses_20250919"},
        {
            "type": "clear_tool_uses_20250919",
            "trigger": {"type": "input_tokens", "value": 30_000},
            "keep": {"type": "tool_uses", "value": 3},
            "exclude_tools": ["memory"],
        },
        {"type": "clear_thinking_20251015", "keep": {"type": "thinking_turns", "value": 2}},
    ]
)
context_managements = st.builds(
    lambda edits: {"edits": edits}, st.lists(context_edits, min_size=1, max_size=2)
)
inference_geos = st.sampled_from(["us", "global"])


def rule_of(dialect: Dialect, name: str, kind: type[R]) -> R | None:
    """The rule of type ``kind`` in the row of ``name``, if the dialect has one."""
    return next((rule for rule in dialect.fields.get(name, ()) if isinstance(rule, kind)), None)


def legacy_of(dialect: Dialect) -> set[str]:
    """The deprecated wire fields ``dialect`` reads (by a legacy rule)."""
    return set(dialect.reads)


def _enum(
    dialect: Dialect, name: str, default: tuple[str, ...], open_: bool = False
) -> st.SearchStrategy[str]:
    rule: OneOf | ValueMap | None = rule_of(dialect, name, OneOf) or rule_of(dialect, name, ValueMap)
    values = (rule.values if isinstance(rule, OneOf) else tuple(rule.back)) if rule is not None else default
    choice: st.SearchStrategy[str] = st.sampled_from(values)  # (a value map's wire spellings)
    if open_ and rule is None:
        choice = choice | non_empty_texts
    return choice


def _ranged(dialect: Dialect, name: str, low: float, high: float, integer: bool) -> st.SearchStrategy[Any]:
    rule = rule_of(dialect, name, Range)
    if rule is not None and rule.minimum is not None:
        low = max(low, rule.minimum)
    if rule is not None and rule.maximum is not None:
        high = min(high, rule.maximum)
    return st.integers(math.ceil(low), math.floor(high)) if integer else number_in(low, high)


@per_dialect
def field_strategies(dialect: Dialect) -> dict[str, st.SearchStrategy[Any]]:
    """A valid-value strategy for every canonical field ``dialect`` carries, by its wire name. (For a
    dialect with a codec these are values, not a payload: ``codec_requests`` builds its payloads.)
    Made once per dialect: callers only read it."""
    openai_like = rule_of(dialect, "metadata", StringValues) is not None
    every: dict[str, st.SearchStrategy[Any]] = {
        "temperature": _ranged(dialect, "temperature", 0, 2, False),
        "top_p": _ranged(dialect, "top_p", 0, 1, False),
        "top_k": st.integers(1, 200),
        "n": _ranged(dialect, "n", 1, 300, True),
        "stop": texts | st.lists(texts, min_size=1, max_size=4),
        "stream": st.booleans(),
        "stream_options": st.fixed_dictionaries(
            {}, optional={"include_usage": st.booleans(), "include_obfuscation": st.booleans()}
        ),
        "max_completion_tokens": st.integers(1, 2**31),
        "frequency_penalty": _ranged(dialect, "frequency_penalty", -2, 2, False),
        "presence_penalty": _ranged(dialect, "presence_penalty", -2, 2, False),
        "logit_bias": st.dictionaries(st.integers(0, 200_000).map(str), st.integers(-100, 100), max_size=4),
        "logprobs": st.booleans(),
        "top_logprobs": _ranged(dialect, "top_logprobs", 0, 20, True),
        "response_format": response_formats,
        "seed": _ranged(dialect, "seed", -(2**70), 2**70, True),
        "tools": function_tools,
        "tool_choice": tool_choices | allowed_tools_choices if dialect.name == "openai" else tool_choices,
        "parallel_tool_calls": st.booleans(),
        "user": texts,
        "metadata": metadata_maps if openai_like else metadata_maps | loose_metadata_maps,
        "modalities": st.sampled_from([["text"], ["text", "audio"], ["audio"]]),
        "audio": st.fixed_dictionaries(
            {
                "voice": st.sampled_from(["alloy", "ash", "coral", "verse"]) | st.just({"id": "voice_1"}),
                "format": st.sampled_from(["wav", "aac", "mp3", "flac", "opus", "pcm16"]),
            }
        ),
        "prediction": st.builds(lambda c: {"type": "content", "content": c}, text_content),
        "reasoning_effort": _enum(dialect, "reasoning_effort", ("low", "medium", "high"), open_=True),
        "verbosity": _enum(dialect, "verbosity", ("low", "medium", "high")),
        "service_tier": _enum(dialect, "service_tier", SERVICE_TIERS, open_=True),
        "store": st.booleans(),
        "web_search_options": st.fixed_dictionaries(
            {},
            optional={
                "search_context_size": st.sampled_from(["low", "medium", "high"]),
                "user_location": st.builds(
                    lambda city: {"type": "approximate", "approximate": {"city": city, "country": "FR"}},
                    texts,
                ),
            },
        ),
        "prompt_cache_key": texts,
        "prompt_cache_retention": _enum(dialect, "prompt_cache_retention", ("in_memory", "24h")),
        "prompt_cache_options": st.fixed_dictionaries(
            {}, optional={"ttl": st.just("30m"), "mode": st.sampled_from(["implicit", "explicit"])}
        ),
        "safety_identifier": st.text(alphabet=NAME_CHARS, max_size=64),
        "moderation": st.just({"model": "omni-moderation-latest"}),
        "data_sources": data_sources,
        "enhancements": st.fixed_dictionaries(
            {},
            optional={
                "grounding": st.builds(lambda e: {"enabled": e}, st.booleans()),
                "ocr": st.builds(lambda e: {"enabled": e}, st.booleans()),
            },
        ),
        "cache": st.fixed_dictionaries({"enabled": st.booleans()}, optional={"ttl": st.integers(1, 3600)}),
        "router": st.fixed_dictionaries(
            {"strategy": st.sampled_from(["cost", "latency"])},
            optional={"models": st.lists(non_empty_texts, min_size=1, max_size=3)},
        ),
        "thinking": thinking_configs,
        "cache_control": cache_controls,
        "container": containers,
        "mcp_servers": mcp_server_lists,
        "context_management": context_managements,
        "inference_geo": inference_geos,
        "instructions": texts,
        "reasoning": st.fixed_dictionaries({"summary": st.sampled_from(["auto", "concise", "detailed"])}),
        "include": st.lists(st.sampled_from(INCLUDES), max_size=2, unique=True),
        "previous_response_id": st.builds(lambda n: f"resp_{n:08x}", st.integers(0, 2**32)),
        "conversation": st.builds(lambda n: f"conv_{n:08x}", st.integers(0, 2**32)),
        "truncation": st.sampled_from(["auto", "disabled"]),
        "background": st.booleans(),
        "max_tool_calls": st.integers(1, 50),
        "prompt": st.builds(lambda v: {"id": "pmpt_abc123", "version": v}, st.sampled_from(["1", "2"])),
    }
    missing = set(dialect.fields) - set(every)
    assert not missing, f"no strategy for {sorted(missing)}: add one to tests/strategies.py"
    return {dialect.wire_name(name): every[name] for name in dialect.fields}


def _plain_turn(message: dict[str, Any]) -> bool:
    """Whether ``message`` is a turn every dialect of another shape writes: a tool result, or a user
    or assistant message with string content (not an empty assistant text)."""
    role, content = message["role"], message.get("content")
    if role in ("user", "assistant") and isinstance(content, str):
        return role == "user" or content != ""
    return role == "tool"


def arguments_for(target: str | None) -> tuple[str, ...]:
    """The tool-call arguments to draw for a request meant for ``target``: JSON objects only for a
    dialect of another shape (SPEC 8: others are an ``InvalidRequestError`` there), else any."""
    return OBJECT_ARGUMENTS if target is not None and REGISTRY[target].codec is not None else ANY_ARGUMENTS


def _fix_up(payload: dict[str, Any]) -> dict[str, Any]:
    """Cross-field rules of SPEC 2: ``top_logprobs`` only with ``logprobs: true``."""
    if "top_logprobs" in payload:
        payload["logprobs"] = True
    return payload


@per_dialect
def optional_fields(dialect: Dialect, only: Dialect | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the fields ``dialect`` carries (of those ``only`` carries too, given ``only``), valid."""
    fields = field_strategies(dialect)
    return st.fixed_dictionaries(
        {}, optional={key: value for key, value in fields.items() if only is None or key in only.fields}
    )


@per_dialect
def nulled_keys(dialect: Dialect, only: Dialect | None = None) -> st.SearchStrategy[list[str]]:
    """Up to three of the keys ``optional_fields(dialect, only)`` draws from, to set to null."""
    keys = sorted(key for key in field_strategies(dialect) if only is None or key in only.fields)
    return st.lists(st.sampled_from(keys), max_size=3)


@st.composite
def valid_requests(draw: st.DrawFn, name: str, target: str | None = None) -> dict[str, Any]:
    """A request valid in dialect ``name``: only fields it carries, values in its ranges (a dialect
    of another shape: ``codec_requests``). With a ``target``: also one the target can write without
    inventing content (SPEC 8: to a dialect of another shape, tool-call arguments are JSON objects)."""
    dialect = REGISTRY[name]
    if dialect.codec is not None:
        return draw(codec_requests(name, target))
    payload: dict[str, Any] = {}
    if dialect.model_required or draw(st.integers(0, 3)) > 0:  # azure: mostly with a model
        payload["model"] = draw(MODELS)
    payload["messages"] = draw(messages_for(dialect, arguments_for(target)))
    if target is not None and has_codec(target) and not any(map(_plain_turn, payload["messages"])):
        payload["messages"].append({"role": "user", "content": draw(texts)})  # SPEC 8: no invented turn
    payload.update(draw(optional_fields(dialect)))
    if target in TURN_RULES:  # its turn rules (what breaks them is an error: the codec tests)
        bedrock_ready(payload)
    if draw(st.integers(0, 4)) == 0:  # explicit nulls are "not set"
        for key in draw(nulled_keys(dialect)):
            payload.setdefault(key, None)
    if draw(st.integers(0, 4)) == 0:  # ... at every level of the declared model
        _nested_nulls(payload)
    return copy.deepcopy(_fix_up(payload))  # fresh: no object shared with a strategy's constants


# --- dialects of another shape (a codec) ----------------------------------------------------------
#
# An OpenAI-shaped payload under a codec dialect's wire names is not a request of that dialect. A valid
# one is an openai request, restricted to what the target can express, translated by the library
# (``assume`` that it translates), plus the target's own wire features drawn directly.

pdf_parts = st.just(
    {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBER"}}
)
codec_user_content = texts | st.lists(text_parts | image_parts | pdf_parts, min_size=1, max_size=4)
"""User content a codec dialect has blocks for: text, images (http(s) or PNG data), PDF data."""
MODELS = st.sampled_from(["gpt-4o-mini", "granite-3-8b", "llama-3.3-70b"]) | texts


def wire_keys(dialect: Dialect) -> set[str]:
    """The top-level keys a request of ``dialect`` defines (a codec's own keys, not the canonical
    fields it makes from them: Anthropic has ``metadata``, not ``user``)."""
    keys = {"model", "messages", *dialect.wire_names, *legacy_of(dialect)}
    if dialect.codec is not None:
        keys -= set(dialect.codec.writes)
        keys |= {"messages", *dialect.codec.handles}
    return keys


@st.composite
def openai_requests_for(draw: st.DrawFn, target: str) -> dict[str, Any]:
    """A valid openai request that uses only fields ``target`` carries, in forms it can express
    (tool-call arguments that are JSON objects; text, image and PDF user parts; no refusal parts)."""
    openai, dialect = REGISTRY["openai"], REGISTRY[target]
    payload: dict[str, Any] = {"model": draw(MODELS)}
    payload["messages"] = draw(messages_for(openai, OBJECT_ARGUMENTS, codec_user_content, refusals=False))
    if all(message["role"] in ("system", "developer") for message in payload["messages"]):
        payload["messages"].append({"role": "user", "content": draw(texts)})  # a turn, not only a prompt
    payload.update(draw(optional_fields(openai, dialect)))
    if draw(st.integers(0, 4)) == 0:
        for key in draw(nulled_keys(openai, dialect)):
            payload.setdefault(key, None)
    if draw(st.integers(0, 4)) == 0:
        _nested_nulls(payload)
    return copy.deepcopy(_fix_up(payload))


TURN_RULES = frozenset({"bedrock", "gemini"})
"""Dialects whose turn rules make an error of what they cannot write without inventing content (a
first assistant turn, a tool result that answers no call of the turn before): requests meant for them
are drawn in the form they take (``bedrock_ready``)."""


def _writes(payload: dict[str, Any], source: str, target: str) -> bool:
    """Whether ``target`` can write ``payload`` of ``source`` (no ``InvalidRequestError``)."""
    try:
        translate(payload, source=source, target=target, **url_model(source))
    except InvalidRequestError:
        return False
    return True


@st.composite
def codec_requests(draw: st.DrawFn, name: str, target: str | None = None) -> dict[str, Any]:
    """A valid request of the codec dialect ``name``: a translated openai request plus ``name``'s
    own wire features (``CODEC_EXTRAS``), sometimes with explicit nulls. For ``bedrock`` (as the
    dialect or the ``target``) the conversation first takes Bedrock's turn rules (``bedrock_ready``:
    what breaks them is an error, not a loss)."""
    base = draw(openai_requests_for(name), label="openai base")
    if name in TURN_RULES or target in TURN_RULES:
        bedrock_ready(base)
    try:
        payload = translate(base, source="openai", target=name).payload
    except InvalidRequestError:
        assume(False)
        raise
    if name == "bedrock":  # the boto3 form names the model in the payload (the HTTP body has none)
        payload = {"modelId": base["model"], **payload}
    extras = CODEC_EXTRAS.get(name)
    if extras is not None:
        draw(extras(payload))
    checks = CODEC_VALID.get(name)
    assume(checks is None or checks(payload))
    if target in TURN_RULES and target != name:  # own items (replayed output first) can break them
        assume(_writes(payload, name, target))
    if draw(st.integers(0, 4)) == 0:  # explicit nulls are "not set"
        optional = sorted(wire_keys(REGISTRY[name]) - {"model", "messages", "max_tokens"})
        for key in draw(st.lists(st.sampled_from(optional), max_size=3)):
            payload.setdefault(key, None)
    return copy.deepcopy(payload)


# Anthropic's own wire features (vendors/anthropic_messages.md; fixtures/requests/anthropic).

SERVER_TOOLS = (
    {"type": "web_search_20250305", "name": "web_search", "max_uses": 3},
    {
        "type": "web_search_20250305",
        "name": "web_search",
        "allowed_domains": ["nrk.no"],
        "user_location": {"type": "approximate", "city": "Oslo", "country": "NO"},
    },
    {"type": "web_fetch_20250910", "name": "web_fetch", "max_uses": 2},
    {"type": "code_execution_20250825", "name": "code_execution"},
    {"type": "memory_20250818", "name": "memory"},
    {"type": "bash_20250124", "name": "bash"},
    {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},
)
"""Anthropic-defined tools (server and client tools), as an application declares them."""
THINKING_BLOCKS = (
    {"type": "thinking", "thinking": "I need the weather first.", "signature": "EqQBCgIYAhIM1gbcFAKE"},
    {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzFAKE"},
)
SERVER_REPLAY = (
    {
        "type": "server_tool_use",
        "id": "srvtoolu_01WYG3ziw5",
        "name": "web_search",
        "input": {"query": "oslo"},
    },
    {
        "type": "web_search_tool_result",
        "tool_use_id": "srvtoolu_01WYG3ziw5",
        "content": [
            {
                "type": "web_search_result",
                "url": "https://www.nrk.no/a",
                "title": "Oslo",
                "encrypted_content": "EqgfCioFAKE",
                "page_age": "2 days ago",
            }
        ],
    },
    {
        "type": "text",
        "text": "NRK reports record participation.",
        "citations": [
            {
                "type": "web_search_result_location",
                "url": "https://www.nrk.no/a",
                "title": "Oslo",
                "encrypted_index": "Eo8BCioFAKE",
                "cited_text": "Over 20 000 runners.",
            }
        ],
    },
)
"""A replayed web search: the server tool's use, its result and text citing it."""
USER_BLOCKS = (
    {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "Meeting notes."},
        "title": "Notes",
        "citations": {"enabled": True},
    },
    {
        "type": "search_result",
        "source": "https://example.com/kb/1",
        "title": "KB 1",
        "content": [{"type": "text", "text": "Reset the router."}],
        "citations": {"enabled": True},
    },
    {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/gif", "data": "R0lGODlhAQABAAAAACw="},
    },
)
"""User blocks beyond text, images and PDF data: a text document and a search result (no
canonical part: kept as anthropic parts), a GIF image."""


def _blocks(message: dict[str, Any]) -> list[Any]:
    """A turn's content as a block list (string content becomes one text block: still valid)."""
    if isinstance(message.get("content"), str):
        message["content"] = [{"type": "text", "text": message["content"]}] if message["content"] else []
    return message["content"] if isinstance(message.get("content"), list) else []


@st.composite
def anthropic_extras(draw: st.DrawFn, payload: dict[str, Any]) -> None:
    """Anthropic-only features added to a valid Anthropic payload, in place: top-level fields,
    Anthropic-defined tools, thinking blocks and server-tool replays in assistant turns, other user
    blocks, ``is_error`` results and ``cache_control`` on blocks and tools."""
    dialect = REGISTRY["anthropic"]
    wire = field_strategies(dialect)
    own = ("thinking", "top_k", "cache_control", "container", "mcp_servers", "context_management")
    optional = {key: wire[key] for key in (*own, "inference_geo", "service_tier")}
    optional["stop_sequences"] = st.lists(texts, min_size=1, max_size=6)  # Anthropic has no maximum of 4
    payload.update(draw(st.fixed_dictionaries({}, optional=optional), label="anthropic fields"))
    thinking = payload.get("thinking")
    if isinstance(thinking, dict) and thinking.get("type") == "enabled":  # budget_tokens < max_tokens
        payload["max_tokens"] = max(payload["max_tokens"], thinking["budget_tokens"] + 1)
    if "metadata" not in payload and draw(st.integers(0, 3)) == 0:
        payload["metadata"] = {"user_id": draw(st.uuids()).hex}
    if draw(st.integers(0, 2)) == 0:  # Anthropic-defined tools beside the custom ones
        taken = {tool.get("name") for tool in payload.get("tools", [])}
        chosen = draw(
            st.lists(st.sampled_from(SERVER_TOOLS), min_size=1, max_size=2, unique_by=lambda t: t["name"])
        )
        payload["tools"] = [*payload.get("tools", []), *(t for t in chosen if t["name"] not in taken)]
    turns = payload["messages"]
    if not turns or draw(st.booleans()):
        return
    assistants = [turn for turn in turns if turn["role"] == "assistant"]
    users = [turn for turn in turns if turn["role"] == "user"]
    for turn in draw(st.lists(st.sampled_from(assistants), max_size=2, unique_by=id)) if assistants else ():
        blocks = _blocks(turn)
        at = next((k for k, block in enumerate(blocks) if block["type"] == "tool_use"), len(blocks))
        if draw(st.booleans()):  # a replayed web search, before the turn's tool_use blocks
            blocks[at:at] = copy.deepcopy(SERVER_REPLAY)
            if not any(tool.get("name") == "web_search" for tool in payload.get("tools", [])):
                payload["tools"] = [*payload.get("tools", []), copy.deepcopy(SERVER_TOOLS[0])]
        thinking_blocks = draw(st.lists(st.sampled_from(THINKING_BLOCKS), max_size=2))
        blocks[0:0] = copy.deepcopy(thinking_blocks)  # thinking first, as Anthropic returns it
        if not blocks:
            turn["content"] = [{"type": "text", "text": "Done."}]
    for turn in draw(st.lists(st.sampled_from(users), max_size=2, unique_by=id)) if users else ():
        blocks = _blocks(turn)
        blocks.append(copy.deepcopy(draw(st.sampled_from(USER_BLOCKS))))
        for block in blocks:
            if block["type"] == "tool_result" and draw(st.integers(0, 3)) == 0:
                block["is_error"] = True
    holders = [
        block
        for turn in turns
        for block in (turn["content"] if isinstance(turn["content"], list) else ())
        if block["type"] not in ("thinking", "redacted_thinking")
    ]
    holders += payload.get("tools", [])
    if isinstance(payload.get("system"), list):
        holders += payload["system"]
    for holder in draw(st.lists(st.sampled_from(holders), max_size=2, unique_by=id)) if holders else ():
        holder["cache_control"] = draw(cache_controls)


# The Responses API's own wire features (vendor-schemas/openai_create_response_request.json;
# fixtures/requests/responses).

INCLUDES = ("reasoning.encrypted_content", "web_search_call.action.sources", "file_search_call.results")
BUILT_IN_TOOLS = (
    {"type": "web_search", "search_context_size": "low"},
    {"type": "file_search", "vector_store_ids": ["vs_1234567890"]},
    {"type": "code_interpreter", "container": {"type": "auto"}},
    {"type": "custom", "name": "code_exec", "description": "Executes Python code."},
)
"""Responses tools other than functions, as an application declares them."""
KEPT_ITEMS = (
    {"type": "reasoning", "id": "rs_68a1", "summary": [], "encrypted_content": "gAAAAABoFAKE=="},
    {
        "type": "reasoning",
        "id": "rs_68a2",
        "summary": [{"type": "summary_text", "text": "**Planning**"}],
    },
    {
        "type": "web_search_call",
        "id": "ws_67c9",
        "status": "completed",
        "action": {"type": "search", "query": "oslo weather"},
    },
    {"type": "item_reference", "id": "msg_67cc"},
)
"""Input items with no chat form (replayed model output, item references)."""
OUTPUT_MESSAGE = {
    "type": "message",
    "id": "msg_682d",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Done.", "annotations": [], "logprobs": []}],
}


@st.composite
def responses_extras(draw: st.DrawFn, payload: dict[str, Any]) -> None:
    """Responses-only features added to a valid Responses payload, in place: top-level fields,
    built-in tools, kept items (reasoning, hosted tool calls, references) and output messages."""
    wire = field_strategies(REGISTRY["responses"])
    own = ("instructions", "reasoning", "include", "truncation", "background", "max_tool_calls", "prompt")
    optional = {key: wire[key] for key in own}
    optional["previous_response_id"] = wire["previous_response_id"] | wire["conversation"]
    fields = draw(st.fixed_dictionaries({}, optional=optional), label="responses fields")
    if "previous_response_id" in fields and fields["previous_response_id"].startswith("conv_"):
        fields["conversation"] = fields.pop("previous_response_id")
    payload.update(fields)
    if draw(st.integers(0, 2)) == 0:
        chosen = draw(st.lists(st.sampled_from(BUILT_IN_TOOLS), min_size=1, max_size=2, unique_by=str))
        payload["tools"] = [*payload.get("tools", []), *copy.deepcopy(chosen)]
    items = payload["input"]
    if isinstance(items, str) or draw(st.booleans()):
        return
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(items)))
        kept = draw(st.sampled_from((*KEPT_ITEMS, OUTPUT_MESSAGE)))
        items.insert(at, copy.deepcopy(kept))


# Gemini's own wire features (vendors/gemini_generate_content.md; fixtures/requests/gemini).

GEMINI_FIELDS = {
    "safetySettings": st.just([{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}]),
    "cachedContent": st.just("cachedContents/abc"),
}
"""Gemini's own top-level members (kept for gemini alone)."""


@st.composite
def gemini_extras(draw: st.DrawFn, payload: dict[str, Any]) -> None:
    """Gemini-only features added to a valid Gemini payload, in place: its own members, a Google
    Search tool beside the functions, thought summaries leading model turns."""
    payload.update(draw(st.fixed_dictionaries({}, optional=GEMINI_FIELDS), label="gemini fields"))
    if draw(st.integers(0, 2)) == 0:
        payload["tools"] = [*payload.get("tools", []), {"googleSearch": {}}]
    for content in payload["contents"]:
        if content["role"] == "model" and draw(st.integers(0, 2)) == 0:
            content["parts"].insert(0, {"text": draw(texts), "thought": True})


CODEC_EXTRAS: dict[str, Any] = {"anthropic": anthropic_extras, "responses": responses_extras}
"""Per codec dialect: a strategy that adds the dialect's own wire features to a valid payload."""


def anthropic_valid(payload: dict[str, Any]) -> bool:
    """Whether the turns are ones Anthropic takes and the library reads back as they are: at least
    one; no ``role: "system"`` turn first (Anthropic places one only after a user turn); no user turn
    right after a turn of tool results only (the API combines them; read back, they are merged).
    The openai -> anthropic translation writes such turns when messages are dropped: ENGINE BUGS 1
    and 3 below."""
    turns = payload["messages"]
    if not turns or turns[0]["role"] == "system":
        return False
    return not any(only_tool_results(one) and two["role"] == "user" for one, two in pairwise(turns))


def only_tool_results(turn: Any) -> bool:
    """Whether an Anthropic turn is a user turn holding tool results and nothing else."""
    content = turn.get("content") if isinstance(turn, dict) else None
    return (
        turn.get("role") == "user"
        and isinstance(content, list)
        and bool(content)
        and all(isinstance(block, dict) and block.get("type") == "tool_result" for block in content)
    )


CODEC_VALID = {"anthropic": anthropic_valid}
"""Per codec dialect: what a valid payload also obeys that the translation does not guarantee."""


def _nested_nulls(payload: dict[str, Any]) -> None:
    """Explicit nulls in declared optional nested fields that are absent (users send these)."""
    for message in payload.get("messages") or []:
        if message.get("role") in ("system", "developer", "user", "assistant"):
            message.setdefault("name", None)
        if message.get("role") == "assistant":
            message.setdefault("refusal", None)
            message.setdefault("tool_calls", None)
        for part in message.get("content") if isinstance(message.get("content"), list) else []:
            if part.get("type") == "image_url":
                part["image_url"].setdefault("detail", None)
    for tool in payload.get("tools") or []:
        tool["function"].setdefault("description", None)
        tool["function"].setdefault("strict", None)
    options = payload.get("stream_options")
    if isinstance(options, dict):
        options.setdefault("include_usage", None)
    response_format = payload.get("response_format")
    if isinstance(response_format, dict) and "json_schema" in response_format:
        response_format["json_schema"].setdefault("strict", None)


# --- legacy forms -----------------------------------------------------------------------------


@st.composite
def function_history(draw: st.DrawFn, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``messages`` with 1 or 2 legacy rounds inserted: assistant ``function_call`` then its answer."""
    result = list(messages)
    for _ in range(draw(st.integers(1, 2))):
        name = draw(names)
        call: dict[str, Any] = {
            "role": "assistant",
            "function_call": {"name": name, "arguments": draw(st.sampled_from(["{}", '{"a": 1}']))},
        }
        if draw(st.integers(0, 3)) == 0:  # beside tool calls, whose ids may look like generated ones
            call["tool_calls"] = [
                {
                    "id": f"call_fn_{draw(st.integers(0, 8))}",
                    "type": "function",
                    "function": {"name": draw(names), "arguments": "{}"},
                }
            ]
        if draw(st.booleans()):
            call["content"] = draw(st.none() | texts)
        answer: dict[str, Any] = {"role": "function", "name": name, "content": draw(texts | st.none())}
        at = draw(st.integers(0, len(result)))
        result[at:at] = [call, answer]
    return result


@st.composite
def legacy_requests(draw: st.DrawFn, name: str, target: str | None = None) -> dict[str, Any]:
    """A valid request plus the deprecated forms ``name`` accepts on read (SPEC 4)."""
    dialect = REGISTRY[name]
    payload = draw(valid_requests(name, target))
    if "max_tokens" in legacy_of(dialect) and draw(st.booleans()):
        payload["max_tokens"] = draw(st.integers(1, 100_000))
    if "functions" in legacy_of(dialect):
        tools = payload.get("tools") or []
        taken = {tool["function"]["name"] for tool in tools}
        functions = draw(
            st.lists(function_definitions, min_size=1, max_size=3).filter(
                lambda fs: len({f["name"] for f in fs} | taken) == len(fs) + len(taken)
            )
        )
        if draw(st.integers(0, 5)) > 0:
            payload["functions"] = functions
        choice = draw(
            st.none()
            | st.sampled_from(["none", "auto"])
            | st.sampled_from(functions).map(lambda f: {"name": f["name"]})
        )
        if choice is not None:
            payload["function_call"] = choice
        if target not in TURN_RULES and draw(st.booleans()):  # (not in the turn order they take)
            payload["messages"] = draw(function_history(payload["messages"]))
    return copy.deepcopy(payload)


# --- unknown fields ---------------------------------------------------------------------------


@per_dialect
def unknown_names(dialect: Dialect) -> st.SearchStrategy[str]:
    """Top-level names ``dialect`` does not define: others' fields, camelCase, odd keys."""
    known = wire_keys(dialect)
    if dialect.name == "gemini":  # it reads the snake_case spellings of its keys too (gemini_spelling)
        known |= {re.sub("([A-Z])", lambda m: "_" + m.group(1).lower(), key) for key in known}
    foreign = sorted({*CANONICAL_FIELDS, *LEGACY} - known)
    camel = ["maxTokens", "topP", "dataSources", "responseFormat", "x_trace_id", "repetition_penalty"]
    odd = ["a/b", "~0", "~1/x", "", " ", "model ", "Messages", "ünïcode", "$ref", "__proto__", "0"]
    return st.one_of(st.sampled_from(foreign), st.sampled_from(camel + odd), keys).filter(
        lambda key: key not in known
    )


@st.composite
def unknown_requests(draw: st.DrawFn, name: str, target: str | None = None) -> dict[str, Any]:
    """A valid or legacy request with 1 to 3 top-level fields ``name`` does not define."""
    dialect = REGISTRY[name]
    payload = draw(st.one_of(valid_requests(name, target), legacy_requests(name, target)))
    for key in draw(st.lists(unknown_names(dialect), min_size=1, max_size=3, unique=True)):
        payload[key] = draw(non_null_json)
    return copy.deepcopy(payload)


# --- broken fields ----------------------------------------------------------------------------


class Opaque:
    """A Python object with no JSON meaning (compared by identity)."""


def _nest(value: Any, depth: int, as_list: bool) -> Any:
    for _ in range(depth):
        value = [value] if as_list else {"x": value}
    return value


NOT_JSON = st.sampled_from(
    [
        "set",
        "frozenset",
        "bytes",
        "bytearray",
        "tuple",
        "complex",
        "decimal",
        "object",
        "range",
        "nan",
        "inf",
        "-inf",
    ]
).map(
    lambda kind: {
        "set": lambda: {1, 2},
        "frozenset": lambda: frozenset({"a"}),
        "bytes": lambda: b"bytes",
        "bytearray": lambda: bytearray(b"ba"),
        "tuple": lambda: ("a", 1),
        "complex": lambda: 1 + 2j,
        "decimal": lambda: Decimal("1.5"),
        "object": Opaque,
        "range": lambda: range(3),
        "nan": lambda: math.nan,
        "inf": lambda: math.inf,
        "-inf": lambda: -math.inf,
    }[kind]()
)
"""Python values that are not JSON (a fresh one per draw)."""

BAD_KEYS = st.sampled_from([1, None, 2.5, True, ("a",), b"k"])

OUT_OF_RANGE = {
    "temperature": st.sampled_from([-0.1, 2.5, 1e308, -5]),
    "top_p": st.sampled_from([-1, 1.01, 7]),
    "n": st.sampled_from([0, -3, 129, 10**6]),
    "frequency_penalty": st.sampled_from([-2.01, 3, 100.0]),
    "presence_penalty": st.sampled_from([-3, 2.5]),
    "top_logprobs": st.sampled_from([-1, 21, 50]),
    "logit_bias": st.sampled_from([{"50256": 101}, {"1": -1000}, {"1": 2.5}]),
    "max_completion_tokens": st.sampled_from([0, -1]),
    "max_tokens": st.sampled_from([0, -10]),
    "stop": st.sampled_from([[], ["a", "b", "c", "d", "e"], [1], [None]]),
    "tools": st.just([{"type": "function", "function": {"name": "f"}}] * 129),
    "metadata": st.sampled_from([{str(i): "v" for i in range(17)}, {"k" * 65: "v"}, {"k": "v" * 513}]),
    "messages": st.sampled_from(
        [
            [],
            {},
            "hello",
            [None],
            [{"role": "wizard", "content": "x"}],
            [{"content": "x"}],
            [{"role": "user"}],
            [{"role": "user", "content": 5}],
            [{"role": "user", "content": []}],
            [{"role": "tool", "content": "x"}],
            [{"role": "function", "name": "f", "content": "x"}],
            [{"role": "assistant", "function_call": "f"}],
        ]
    ),
    "model": st.sampled_from([5, [], {"name": "m"}, True]),
}


BROKEN_SHAPES: dict[str, dict[str, Any]] = {
    "anthropic": {
        "tool": lambda function: {"name": function["name"], "input_schema": function["parameters"]},
        "orphan": {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "nobody", "content": "x"}],
        },
        "messages": [
            {"role": "user", "content": [{"type": "video", "url": "x"}]},
            {"role": "user", "content": [{"text": "no type"}]},
            {"role": "user", "content": [{"type": "image", "source": {"type": "base64"}}]},
            {"role": "user", "content": [{"type": "tool_result"}]},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": 7, "content": [{"type": "x"}]}],
            },
            {"role": "assistant", "content": [{"type": "tool_use", "id": 1, "name": "f", "input": {}}]},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": "{}"}]},
            {"role": "assistant", "content": [{"type": "tool_result", "tool_use_id": "t"}]},
            {"role": "assistant", "content": [{"type": "thinking"}]},
            {"role": "tool", "content": "x"},
            {"role": "developer", "content": "x"},
            {"role": "system", "content": [{"type": "image", "source": {"type": "url", "url": "x"}}]},
        ],
    },
    "responses": {
        "key": "input",
        "tool": lambda function: {"type": "function", **function, "strict": False},
        "orphan": {"type": "function_call_output", "output": "x"},
        "messages": [
            {"role": "tool", "content": "x"},
            {"role": "user", "content": [{"type": "input_text"}]},
            {"role": "user", "content": [{"text": "no type"}]},
            {"type": "function_call", "call_id": 7, "name": "f", "arguments": "{}"},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": {}},
            {"type": 5},
            "just text",
            {"role": "system", "content": [{"type": "input_image", "image_url": "https://x/y.png"}]},
        ],
    },
    "bedrock": {
        "tool": lambda function: {
            "toolSpec": {"name": function["name"], "inputSchema": {"json": function["parameters"]}}
        },
        "orphan": {
            "role": "user",
            "content": [{"toolResult": {"toolUseId": "nobody", "content": [{"text": "x"}]}}],
        },
        "messages": [
            {"role": "user", "content": [{"video": {"format": "mp4"}}]},
            {"role": "user", "content": [{"type": "text", "text": "OpenAI-shaped"}]},
            {"role": "user", "content": "a string"},
            {"role": "user", "content": [{"image": {"format": "bmp", "source": {"bytes": "x"}}}]},
            {"role": "user", "content": [{"toolResult": {"content": [{"text": "x"}]}}]},
            {"role": "assistant", "content": [{"toolUse": {"toolUseId": 1, "name": "f", "input": {}}}]},
            {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t", "name": "f", "input": "{}"}}]},
            {"role": "assistant", "content": []},
            {"role": "system", "content": [{"text": "x"}]},
            {"role": "tool", "content": [{"text": "x"}]},
        ],
    },
    "gemini": {
        "key": "contents",
        "tool": lambda function: {
            "functionDeclarations": [{"name": function["name"], "parameters": function["parameters"]}]
        },
        "orphan": {"role": "user", "parts": [{"functionResponse": {"name": "nobody", "response": {}}}]},
        "messages": [
            {"role": "user", "parts": [{"video": "x"}]},
            {"role": "user", "parts": [{"type": "text", "text": "OpenAI-shaped"}]},
            {"role": "user", "parts": "a string"},
            {"role": "user", "parts": []},
            {"role": "user", "parts": [{"inlineData": {"data": "x"}}]},
            {"role": "model", "parts": [{"functionCall": {"name": 5, "args": {}}}]},
            {"role": "model", "parts": [{"functionCall": {"name": "f", "args": "{}"}}]},
            {"role": "assistant", "parts": [{"text": "x"}]},
            {"role": "system", "parts": [{"text": "x"}]},
            {"parts": [{"text": "no role"}]},
        ],
    },
}
"""Hostile pieces in a codec dialect's own shapes: a tool of a function (name, parameters), a
result answering no call, broken turns."""

OUT_OF_RANGE_CODEC = {
    "anthropic": {
        "stop_sequences": st.sampled_from([[], [1], [None], "x"]),
        "thinking": st.sampled_from([{"type": "enabled", "budget_tokens": 0}, {"type": "sometimes"}, "on"]),
        "top_k": st.sampled_from([1.5, "5", True]),
        "system": st.sampled_from([5, {}, [{"type": "image"}], [None], [{"type": "text"}]]),
        "metadata": st.sampled_from([[], {"user_id": 5}, "u"]),
        "tool_choice": st.sampled_from(
            ["auto", {"type": "tool"}, {"type": "any", "disable_parallel_tool_use": "y"}]
        ),
        "output_config": st.sampled_from([{"format": {"type": "json_schema"}}, {"effort": "extreme"}, []]),
        "service_tier": st.sampled_from(["default", "priority", 1]),
    },
    "responses": {
        "input": st.sampled_from([[], 5, {"role": "user"}, [None], [{"role": "moderator", "content": "x"}]]),
        "max_output_tokens": st.sampled_from([0, 15, -1, "64"]),
        "text": st.sampled_from(["json", {"format": {"type": "yaml"}}, {"verbosity": "loud"}]),
        "reasoning": st.sampled_from(["high", {"effort": "extreme"}, {"effort": 3}]),
        "include": st.sampled_from(["all", [5]]),
        "truncation": st.sampled_from(["never", 1]),
        "tool_choice": st.sampled_from(["always", {"type": "function"}, {"name": "f"}]),
        "service_tier": st.sampled_from(["premium", 1]),
    },
}
"""Out-of-range or wrong-typed values of a codec dialect's own wire keys."""


def _containers(payload: Any) -> list[Any]:
    """Every dict and list in ``payload`` (breadth first), to pick an edit site from."""
    found: list[Any] = []
    queue = [payload]
    while queue and len(found) < 200:
        node = queue.pop(0)
        if isinstance(node, dict):
            found.append(node)
            queue.extend(node.values())
        elif isinstance(node, list):
            found.append(node)
            queue.extend(node)
    return found


@st.composite
def hostile_values(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(NOT_JSON)
    if kind == 1:
        return {draw(BAD_KEYS): draw(json_scalars)}
    if kind == 2:
        return _nest(draw(json_scalars), draw(st.integers(60, 200)), draw(st.booleans()))
    if kind == 3:
        return OrderedDict([("a", draw(non_null_json))])
    return draw(non_null_json)


def _put_tools(payload: dict[str, Any], name: str, tools: list[Any]) -> None:
    """Set the tools of a codec dialect's payload where that dialect keeps them (Bedrock: in
    ``toolConfig``)."""
    if name == "bedrock":
        payload["toolConfig"] = {"tools": tools}
    else:
        payload["tools"] = tools


@st.composite
def _edit(draw: st.DrawFn, payload: dict[str, Any], dialect: Dialect) -> None:
    """One hostile edit of ``payload``, in place."""
    kind = draw(st.integers(0, 7))
    if kind == 7:  # an existing nested field with a value of any JSON type (a name, an id, a role)
        sites = [c for c in _containers(payload)[1:] if isinstance(c, dict) and c]
        if sites:
            site = draw(st.sampled_from(sites))
            site[draw(st.sampled_from(list(site)))] = draw(non_null_json | st.none())
        return
    if kind == 0:  # a known field with an out-of-range or wrong-typed value
        table = {**OUT_OF_RANGE, **OUT_OF_RANGE_CODEC.get(dialect.name, {})}
        name = draw(st.sampled_from(sorted(table)))
        payload[name] = copy.deepcopy(draw(table[name]))
    elif kind == 1:  # a known field with any JSON value
        known = ["model", "messages", *sorted(dialect.fields), *sorted(legacy_of(dialect))]
        if dialect.codec is not None:  # its own wire keys (system, metadata, output_config, ...)
            known = sorted(wire_keys(dialect) | set(known))
        name = draw(st.sampled_from(known))
        payload[name] = draw(non_null_json)
    elif kind == 2:  # a hostile value anywhere
        site = draw(st.sampled_from(_containers(payload)))
        value = copy.deepcopy(draw(hostile_values()))
        if isinstance(site, dict):
            site[draw(st.sampled_from(list(site)) if site and draw(st.booleans()) else keys)] = value
        elif site:
            site[draw(st.integers(0, len(site) - 1))] = value
        else:
            site.append(value)
    elif kind == 3:  # a bad key anywhere
        site = draw(st.sampled_from([c for c in _containers(payload) if isinstance(c, dict)]))
        site[draw(BAD_KEYS)] = draw(json_scalars)
    elif kind == 4:  # a broken tool schema, in tools or in legacy functions
        schema = copy.deepcopy(
            draw(
                invalid_schemas
                | st.builds(lambda d: _nest({"type": "object"}, d, False), st.integers(60, 120))
            )
        )
        function = {"name": draw(names), "parameters": schema}
        if dialect.codec is not None:  # in the codec's own tool shape
            _put_tools(payload, dialect.name, [BROKEN_SHAPES[dialect.name]["tool"](function)])
        elif "functions" in legacy_of(dialect) and draw(st.booleans()):
            payload["functions"] = [function]
        else:
            payload["tools"] = [{"type": "function", "function": function}]
    elif kind == 5 and dialect.codec is not None:  # a duplicate tool name, a result answering no call
        tool = BROKEN_SHAPES[dialect.name]["tool"]({"name": "dup", "parameters": {"type": "object"}})
        _put_tools(payload, dialect.name, [tool, copy.deepcopy(tool)])
        turns = payload.get(BROKEN_SHAPES[dialect.name].get("key", "messages"))
        if isinstance(turns, list):
            turns.append(copy.deepcopy(BROKEN_SHAPES[dialect.name]["orphan"]))
    elif kind == 5:  # a duplicate function name, or an answer to no call
        function = {"name": "dup"}
        payload["tools"] = [{"type": "function", "function": function}]
        payload["functions"] = [dict(function)]
        if isinstance(payload.get("messages"), list):
            payload["messages"].append({"role": "function", "name": "nobody", "content": "x"})
    elif dialect.codec is not None:  # a turn with a wrong block or role, in the codec's shape
        messages = payload.get(BROKEN_SHAPES[dialect.name].get("key", "messages"))
        if isinstance(messages, list):
            messages.append(copy.deepcopy(draw(st.sampled_from(BROKEN_SHAPES[dialect.name]["messages"]))))
    else:  # a message with a wrong part or role
        messages = payload.get("messages")
        if isinstance(messages, list):
            messages.append(
                copy.deepcopy(
                    draw(
                        st.sampled_from(
                            [
                                {"role": "user", "content": [{"type": "video", "url": "x"}]},
                                {"role": "user", "content": [{"text": "no type"}]},
                                {"role": "assistant", "tool_calls": [{"id": 1, "type": "function"}]},
                                {"role": "developer", "content": None},
                                {
                                    "role": "system",
                                    "content": [{"type": "image_url", "image_url": {"url": "x"}}],
                                },
                                {"role": "assistant", "content": "x", "function_call": {"arguments": "{}"}},
                            ]
                        )
                    )
                )
            )


@st.composite
def broken_requests(draw: st.DrawFn, name: str) -> Any:
    """A request of any other family with 1 to 3 hostile edits, or something that is not an object."""
    if draw(st.integers(0, 19)) == 0:
        return copy.deepcopy(draw(st.sampled_from([None, [], "{}", 42, ["model"], b"{}"])))
    dialect = REGISTRY[name]
    payload = copy.deepcopy(
        draw(st.one_of(valid_requests(name), legacy_requests(name), unknown_requests(name)))
    )
    for _ in range(draw(st.integers(1, 3))):
        draw(_edit(payload, dialect))
    if draw(st.integers(0, 9)) == 0:  # a read-only mapping rather than a dict
        return MappingProxyType(payload)
    return payload


def requests(name: str) -> st.SearchStrategy[Any]:
    """Any payload for dialect ``name``: valid, legacy, with unknown fields, or broken."""
    return st.one_of(
        valid_requests(name), legacy_requests(name), unknown_requests(name), broken_requests(name)
    )


small_limits = st.builds(
    Limits,
    max_depth=st.integers(4, 64),
    max_messages=st.integers(1, 8),
    max_string_length=st.integers(0, 64),
    max_total_length=st.integers(0, 2_000),
    max_items=st.integers(1, 400),
)
"""Tight ``Limits``, so that over-long strings and too many messages are cheap to generate."""
limits_or_default = st.none() | small_limits


# --- helpers for the checks -------------------------------------------------------------------

_MUTABLE = (dict, list, set, bytearray)
_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def snapshot(value: Any) -> Any:
    """A hashable, deep picture of ``value`` that any in-place change alters (iterative, cycle-safe).

    Containers are pictured with their exact type and contents; JSON scalars by value (floats by
    ``repr``, so NaN equals NaN); sets, bytes and the like by ``repr``; other objects by identity.
    """
    out: list[Any] = []
    stack: list[tuple[Any, int]] = [(value, 0)]
    seen: dict[int, int] = {}
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if isinstance(node, (Mapping, list)):
            if id(node) in seen and seen[id(node)] < depth:
                out.append(("cycle", kind, id(node)))
                continue
            seen[id(node)] = depth
            if isinstance(node, Mapping):
                out.append((kind, len(node)))
                for key, item in reversed(list(node.items())):
                    stack.append((item, depth + 1))
                    stack.append((key, depth + 1))
            else:
                out.append((kind, len(node)))
                stack.extend((item, depth + 1) for item in reversed(node))
        elif kind is float:
            out.append((kind, repr(node)))
        elif kind in (str, int, bool, type(None)):
            out.append((kind, node))
        elif isinstance(node, (set, frozenset, bytes, bytearray, tuple, complex, Decimal, range)):
            out.append((kind, repr(node)))
        else:
            out.append((kind, id(node)))
    return tuple(out)


def mutable_ids(value: Any) -> set[int]:
    """The ids of every mutable container in ``value``."""
    found: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, _MUTABLE):
            if id(node) in found:
                continue
            found.add(id(node))
        if isinstance(node, Mapping):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return found


def json_problems(value: Any) -> list[str]:
    """Where ``value`` is not plain JSON (exact dict/list/str/int/float/bool/None, string keys)."""
    problems: list[str] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, where = stack.pop()
        kind = type(node)
        if kind not in _JSON_TYPES:
            problems.append(f"{where}: a {kind.__name__}")
        elif kind is float and not math.isfinite(node):
            problems.append(f"{where}: {node!r}")
        elif kind is dict:
            for key, item in node.items():
                if type(key) is not str:
                    problems.append(f"{where}: key of type {type(key).__name__}")
                stack.append((item, f"{where}/{key}"))
        elif kind is list:
            stack.extend((item, f"{where}/{i}") for i, item in enumerate(node))
    return problems


_POINTER = re.compile(r"(/([^~/]|~[01])*)*")


def is_pointer(text: object) -> bool:
    """Whether ``text`` is a JSON Pointer (RFC 6901)."""
    return isinstance(text, str) and _POINTER.fullmatch(text) is not None


def tokens(pointer: str) -> list[str]:
    """The unescaped reference tokens of a pointer."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


_MISSING = object()


def resolve(document: Any, pointer: str) -> Any:
    """The value ``pointer`` names in ``document``, or ``_MISSING``."""
    node = document
    for token in tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif (
            isinstance(node, list)
            and token.isdigit()
            and int(token) < len(node)
            and (token == "0" or not token.startswith("0"))
        ):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def resolves(document: Any, pointer: str) -> bool:
    return resolve(document, pointer) is not _MISSING


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def differences(before: Any, after: Any, at: str = "") -> list[tuple[str, str]]:
    """Where two JSON documents differ, as ``(side, pointer)``; side is ``in``, ``out`` or ``both``.

    Type matters (``1`` differs from ``1.0`` and ``True``). A list whose length changed differs at the
    first index only one of them has.
    """
    if type(before) is not type(after):
        return [("both", at)]
    if isinstance(before, dict):
        found: list[tuple[str, str]] = []
        for key in before:
            here = f"{at}/{escape(key)}"
            if key not in after:
                if before[key] is not None:  # null means "not set" at every level (docs/decisions.md)
                    found.append(("in", here))
            else:
                found.extend(differences(before[key], after[key], here))
        found.extend(("out", f"{at}/{escape(key)}") for key in after if key not in before)
        return found
    if isinstance(before, list):
        found = []
        for index, (one, two) in enumerate(zip(before, after, strict=False)):
            found.extend(differences(one, two, f"{at}/{index}"))
        if len(before) > len(after):
            found.append(("in", f"{at}/{len(after)}"))
        elif len(after) > len(before):
            found.append(("out", f"{at}/{len(before)}"))
        return found
    if isinstance(before, float) and math.isnan(before) and math.isnan(after):
        return []
    return [] if before == after else [("both", at)]


def related(one: str, two: str) -> bool:
    """Whether one pointer is the other or an ancestor of it (token-wise)."""
    a, b = tokens(one), tokens(two)
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def has_codec(name: str) -> bool:
    """Whether dialect ``name`` is of another shape than OpenAI's (SPEC 8: a shape codec)."""
    return REGISTRY[name].codec is not None


INSTRUCTIONS = ("system", "developer")


def lowered(request: ChatRequest, target: str) -> ChatRequest:
    """``request`` as the canonical ``instructions`` rule gives it to ``target`` (SPEC 8: a target
    without an instructions field gets them as the first, system, message), so that ``render``'s
    changes and the output line up with it message by message."""
    data = request.model_dump(by_alias=True, exclude_none=True)
    if "instructions" not in data or "instructions" in REGISTRY[target].fields:
        return request
    data["messages"] = [{"role": "system", "content": data.pop("instructions")}, *data["messages"]]
    return ChatRequest.model_validate(data)


class LinedUp:
    """A canonical request lined up with what a target wrote, and canonical pointers mapped into it:
    list items that ``dropped`` changes name removed, and those the target left out (``converted``
    with no target: Anthropic's empty assistant text parts), and (``merges_leading_instructions``: SPEC 8,
    anthropic) the leading run of system/developer messages as the one message it is read back as;
    (``alternates``: SPEC 8, bedrock) what the target left out removed too, and the messages as a
    target of alternating turns reads them back (``alternated``). A pointer into a removed item maps
    to nothing; one into a merged run or turn to that one message."""

    def __init__(
        self,
        document: dict[str, Any],
        changes: Any,
        merges_leading_instructions: bool,
        alternates: bool = False,
    ) -> None:
        self.removed: dict[str, set[int]] = {}
        self.groups: list[list[int]] = []
        """(``alternates``) per message of the lined-up document, the messages it was made of."""
        self.gone: set[int] = set()
        """(``alternates``) the messages left with no content, which no turn holds."""
        changes = list(changes)
        # what the target left out goes too: list items always (empty assistant text parts), and for a
        # target of alternating turns anything (empty string content, an empty system message)
        changes += [
            Change("dropped", change.path, None, change.reason)
            for change in changes
            if change.kind == "converted"
            and change.target_path is None
            and change.path
            and (alternates or tokens(change.path)[-1].isdigit())
        ]
        for change in changes:
            parts = tokens(change.path) if change.kind == "dropped" and change.path else []
            if parts and parts[-1].isdigit():
                parent = "".join("/" + escape(part) for part in parts[:-1])
                if isinstance(resolve(document, parent), list):
                    self.removed.setdefault(parent, set()).add(int(parts[-1]))
        self.lead = 0
        self.document = without_dropped_items(document, changes)
        lead, written = 0, self.document["messages"]
        while lead < len(written) and written[lead]["role"] in INSTRUCTIONS:  # dropped ones end no run
            lead += 1
        self.emptied = [
            parent for parent in self.removed if resolve(self.document, self.map(parent) or "/-") == []
        ]
        """Lists left empty: the field (or message content) goes with its items' records."""
        messages = self.document["messages"]
        if alternates:
            self.document["messages"] = self.alternated(messages, changes)
            return
        self.lead = lead if merges_leading_instructions and lead > 1 else 0
        if self.lead:
            content = [
                part
                for message in messages[: self.lead]
                for part in (
                    [{"type": "text", "text": message["content"]}]
                    if isinstance(message["content"], str)
                    else message["content"]
                )
            ]
            self.document["messages"] = [{"role": "system", "content": content}, *messages[self.lead :]]

    def map(self, pointer: str) -> str | None:
        """``pointer`` (canonical, before lining up) in the lined-up document; None if removed."""
        parts = tokens(pointer)
        mapped: list[str] = []
        for i, token in enumerate(parts):
            gone = self.removed.get("".join("/" + escape(part) for part in parts[:i]))
            if gone is not None and token.isdigit():
                if int(token) in gone:
                    return None
                token = str(int(token) - sum(1 for index in gone if index < int(token)))
            mapped.append(token)
        if self.groups and mapped[:1] == ["messages"] and len(mapped) > 1 and mapped[1].isdigit():
            index = int(mapped[1])
            if index in self.gone:
                return None
            for at, group in enumerate(self.groups):
                if index in group:
                    whole = len(group) > 1  # a pointer into a merged turn maps to that turn
                    mapped = ["messages", str(at), *([] if whole else mapped[2:])]
                    break
        if self.lead and mapped[:1] == ["messages"] and len(mapped) > 1 and mapped[1].isdigit():
            index = int(mapped[1])
            mapped = (
                ["messages", "0"]
                if index < self.lead
                else ["messages", str(index - self.lead + 1), *mapped[2:]]
            )
        return "".join("/" + escape(part) for part in mapped)

    def alternated(self, messages: list[dict[str, Any]], changes: list[Change]) -> list[dict[str, Any]]:
        """The messages as a target of alternating turns reads them back (SPEC 8, the decisions for
        bedrock; vendors/bedrock_converse.md, section 3 rules 1 and 5, and its lossy points): every
        system or developer message in one leading system message; consecutive user (or assistant)
        messages merged into one turn; a content of exactly one text part as a string."""
        left_out = {c.path for c in changes if c.kind == "converted" and c.target_path is None and c.path}
        system: list[int] = []
        emptied = set(self.emptied)
        for index, message in enumerate(messages):
            role = message["role"]
            if message.keys() == {"role", "content"} and self.pointer_of(index, "content") in emptied:
                self.gone.add(index)  # every part dropped: merged into the turn before, nothing is left
                continue
            if role in INSTRUCTIONS:
                system.append(index)
            elif self.groups and role != "tool" and messages[self.groups[-1][-1]]["role"] == role:
                self.groups[-1].append(index)
            else:
                self.groups.append([index])
        if system:
            self.groups.insert(0, system)
        written = []
        for group in self.groups:
            if messages[group[0]]["role"] == "tool":  # a tool result, never merged: its content as it was
                written.append(messages[group[0]])
                continue
            merged: dict[str, Any] = {"role": "system" if group is system else messages[group[0]]["role"]}
            content: list[Any] = []
            for index in group:
                message = messages[index]
                given = message.get("content")
                if isinstance(given, str):
                    empty = self.pointer_of(index, "content") in left_out  # (Bedrock's empty text)
                    content += [] if empty else [{"type": "text", "text": given}]
                elif given is not None:
                    content += given
                for key, value in message.items():
                    if key in ("tool_calls", "thinking_blocks"):
                        merged[key] = merged.get(key, []) + value
                    elif key not in ("role", "content"):
                        merged.setdefault(key, value)
            if len(content) == 1 and content[0].keys() == {"type", "text"} and content[0]["type"] == "text":
                merged["content"] = content[0]["text"]
            elif content or merged["role"] != "assistant":
                merged["content"] = content
            written.append(merged)
        return written

    def pointer_of(self, index: int, *rest: str) -> str:
        """The canonical pointer (before lining up) of member ``rest`` of lined-up message ``index``
        (before grouping)."""
        gone = sorted(self.removed.get("/messages", ()))
        for removed in gone:
            if removed <= index:
                index += 1
        return "/" + "/".join(["messages", str(index), *rest])

    def covering(self, changes: Any, target: str) -> list[str]:
        """The pointers of ``changes`` (``render``'s, to ``target``) in the lined-up canonical view:
        their paths, and the lists they emptied; their target paths too where the target is
        OpenAI-shaped (its wire pointers are canonical ones but for renamed fields), else only a
        top-level value the target defaulted (under its canonical name)."""
        names, plain = REGISTRY[target].wire_names, not has_codec(target)
        found = [mapped for change in changes if change.path for mapped in [self.map(change.path)] if mapped]
        found += [mapped for parent in self.emptied for mapped in [self.map(parent)] if mapped is not None]
        for change in changes:
            parts = tokens(change.target_path) if change.target_path else []
            if parts and (plain or (change.path is None and len(parts) == 1)):
                found.append(
                    "".join("/" + escape(part) for part in [names.get(parts[0], parts[0]), *parts[1:]])
                )
        return found


_WORDY = re.compile(r"[A-Za-z_ ]*")
VOCABULARY = frozenset({"base64"})
"""Terms of the vendors' APIs with a digit in them, which a reason may name (Anthropic's ``base64``
source type; "Bedrock takes images only as base64 PNG ... data")."""


def payload_strings(payload: Any) -> tuple[set[str], set[str]]:
    """The string values and the string keys found anywhere in ``payload``."""
    values: set[str] = set()
    names_: set[str] = set()
    stack = [payload]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, (Mapping, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
        if isinstance(node, Mapping):
            names_.update(key for key in node if isinstance(key, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            values.add(node)
    return values, names_


def echoed_values(text: str, payload: Any, pointers: Any = ()) -> list[str]:
    """String values of ``payload`` that appear in ``text`` (a message meant to name fields only).

    Only distinctive values count: 6 characters or more, not plain ASCII words (which could be
    field names, enum values or words of the message), not part of a key of the payload. Pointers
    the message may legitimately hold are removed from ``text`` first.
    """
    shown = {form for p in pointers if p for form in (p, repr(p)[1:-1])}  # as str() and repr() show it
    for pointer in sorted(shown, key=len, reverse=True):
        text = text.replace(pointer, " ")
    values, names_ = payload_strings(payload)
    values -= VOCABULARY
    if isinstance(payload, dict):  # a reason may name the model's family (SPEC 10); an id is no secret
        values = [value for value in values if value != payload.get("model")]
    return sorted(
        value
        for value in values
        if len(value) >= 6
        and not _WORDY.fullmatch(value)
        and not any(value in name for name in names_)
        and (value in text or repr(value)[1:-1] in text)
    )


def without_dropped_items(document: Any, changes: Any) -> Any:
    """A copy of ``document`` without the list items that ``dropped`` changes name (content parts a
    target does not take), so that what follows them lines up with the output again."""
    result = copy.deepcopy(document)
    doomed: list[tuple[list[Any], int]] = []
    for change in changes:
        if change.kind != "dropped":
            continue
        parts = tokens(change.path)
        if not parts or not parts[-1].isdigit():
            continue
        parent = resolve(result, "".join("/" + escape(part) for part in parts[:-1]))
        if isinstance(parent, list) and int(parts[-1]) < len(parent):
            doomed.append((parent, int(parts[-1])))
    for parent, index in sorted(doomed, key=lambda item: (id(item[0]), item[1]), reverse=True):
        del parent[index]
    return result


# --- Bedrock's turn rules and own wire features (vendors/bedrock_converse.md; fixtures/requests/bedrock) ---


def bedrock_turns(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A generated conversation made into one Bedrock's turn rules take (a new list): a user turn
    first; tool messages only right after an assistant message with calls (answering one of them),
    an assistant message between tool results and a user message; every user and assistant message
    with non-empty text or calls (Bedrock rejects empty turns; a document needs text beside it)."""
    out: list[dict[str, Any]] = []
    last: str | None = None
    calls: list[str] = []
    answered = 0
    for given in messages:
        message = copy.deepcopy(given)
        role = message["role"]
        if role in INSTRUCTIONS:
            out.append(message)
            continue
        if role == "tool":
            if last not in ("calls", "tool") or answered == len(calls):  # each call answered once
                continue
            message["tool_call_id"] = calls[answered % len(calls)]
            answered += 1
            out.append(message)
            last = "tool"
            continue
        if last is None and role == "assistant":
            out.append({"role": "user", "content": "Hello."})
        if last == "tool" and role == "user":
            out.append({"role": "assistant", "content": "Noted."})
        content = message.get("content")
        if isinstance(content, list):
            if not any(part.get("type") == "text" and part.get("text") for part in content):
                content.append({"type": "text", "text": "Please look."})
        elif not content and not message.get("tool_calls"):
            message["content"] = "Please go on."
        out.append(message)
        calls = [call["id"] for call in message.get("tool_calls") or ()]
        last = "calls" if calls else role
        answered = 0
    if last is None:
        out.append({"role": "user", "content": "Hello."})
    return out


def bedrock_ready(payload: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI-shaped request made into one the bedrock dialect can write (in place): its turns
    (``bedrock_turns``), and a tool when the history holds calls and the request has none."""
    payload["messages"] = bedrock_turns(payload["messages"])
    if any(message.get("tool_calls") for message in payload["messages"]) and not payload.get("tools"):
        payload["tools"] = [{"type": "function", "function": {"name": "lookup"}}]
    return payload


BEDROCK_USER_BLOCKS = (
    {"video": {"format": "mp4", "source": {"s3Location": {"uri": "s3://media-bucket/clip.mp4"}}}},
    {"guardContent": {"text": {"text": "Is this allowed?", "qualifiers": ["query"]}}},
    {"document": {"name": "Notes", "source": {"text": "Meeting notes."}, "citations": {"enabled": True}}},
    {"image": {"format": "png", "source": {"s3Location": {"uri": "s3://media-bucket/a.png"}}}},
)
"""User blocks with no canonical part (kept as bedrock parts)."""
BEDROCK_REASONING = (
    {"reasoningContent": {"reasoningText": {"text": "I need the weather first.", "signature": "EqQBFAKE"}}},
    {"reasoningContent": {"redactedContent": "EmwKAhgBFAKE"}},
)
BEDROCK_FIELDS = {
    "guardrailConfig": st.just(
        {"guardrailIdentifier": "gr-abc123", "guardrailVersion": "2", "trace": "enabled"}
    ),
    "performanceConfig": st.sampled_from([{"latency": "standard"}, {"latency": "optimized"}]),
    "additionalModelResponseFieldPaths": st.just(["/stop_sequence"]),
    "additionalModelRequestFields": st.just({"anthropic_beta": ["context-1m-2025-08-07"]}),
    "promptVariables": st.just({"topic": {"text": "billing"}}),
}
"""Bedrock's own top-level members (kept for bedrock alone)."""


@st.composite
def bedrock_extras(draw: st.DrawFn, payload: dict[str, Any]) -> None:
    """Bedrock-only features added to a valid Bedrock payload, in place: its own members, kept user
    blocks, reasoning at the start of assistant turns, cache points after blocks and tools, a system
    tool."""
    payload.update(draw(st.fixed_dictionaries({}, optional=BEDROCK_FIELDS), label="bedrock fields"))
    turns = payload["messages"]
    for turn in turns:
        blocks = turn["content"]
        if turn["role"] == "assistant" and draw(st.integers(0, 2)) == 0:
            reasoning = draw(st.lists(st.sampled_from(BEDROCK_REASONING), min_size=1, max_size=2))
            blocks[0:0] = copy.deepcopy(reasoning)
        elif turn["role"] == "user" and not any("toolResult" in block for block in blocks):
            if draw(st.integers(0, 2)) == 0:
                blocks.insert(0, copy.deepcopy(draw(st.sampled_from(BEDROCK_USER_BLOCKS))))
            if draw(st.integers(0, 3)) == 0 and "cachePoint" not in blocks[-1]:
                blocks.append({"cachePoint": {"type": "default"}})
    tools = payload.get("toolConfig", {}).get("tools")
    if tools and draw(st.integers(0, 2)) == 0 and "cachePoint" not in tools[-1]:
        tools.append({"cachePoint": {"type": "default", "ttl": "1h"}})
    if tools is not None and draw(st.integers(0, 3)) == 0:
        tools.insert(0, {"systemTool": {"name": "nova_grounding"}})


CODEC_EXTRAS["bedrock"] = bedrock_extras
CODEC_EXTRAS["gemini"] = gemini_extras
