"""The canonical model's core schema as typed dicts: what the engine's validators are built from.

``ChatRequest`` validates into model instances that must then be serialised into the output: two
full passes. The validators of ``_dictmodel`` are built from the model's own core schema (one
source of truth), with every model turned into a typed dict here, so that one pass in pydantic-core
both checks a canonical request and builds the fresh containers of the output. Each reproduces what
a model round trip (``model_validate`` then ``model_dump(by_alias=True, exclude_none=True)``) gives
for every valid request: nested nulls are left out (in pydantic-core), free-form values (``Any``:
tool schemas, metadata, undeclared keys of nested objects) are copied, aliases are the keys. Their
errors are not the model's, so a request they refuse goes the model's way, which reports the problems.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Mapping
from typing import Any, Literal, cast

from pydantic_core import core_schema as cs

from chatdialect._model import ChatRequest
from chatdialect._schemacheck import check_json_schema

_BOUNDS = {
    "greater_than_or_equal_validator": "ge",
    "less_than_or_equal_validator": "le",
    "greater_than_validator": "gt",
    "less_than_validator": "lt",
}
"""pydantic's Python validators of number bounds on unions (``int | float``), by bound keyword."""

_FREE_FORM_OBJECT = {"type": "dict", "keys_schema": {"type": "str"}, "values_schema": {"type": "any"}}
"""``dict[str, Any]``'s core schema."""


def fresh(value: Any) -> Any:
    """A free-form JSON value as a new object (containers copied, scalars as they are).

    marshal is the quickest deep copy of plain data; version 2 writes no back-references, so a
    container the value holds twice becomes two containers, as a model dump makes it. Anything but
    exact JSON types is refused (marshal refuses subclasses too): the model's way copes with those.
    """
    kind = type(value)
    if kind is dict or kind is list:
        return marshal.loads(marshal.dumps(value, 2))
    if kind in _SCALARS:
        return value
    raise ValueError("not a plain JSON value")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def fresh_object(value: Any) -> dict[str, Any]:
    """A free-form JSON object (``dict[str, Any]``) as a new object, in one step."""
    if type(value) is not dict:
        raise ValueError("should be an object")  # only the model's message is shown to callers
    copy: dict[str, Any] = fresh(value)
    return copy


def _checked_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema, checked (the verdict is cached by content) and copied."""
    copy: dict[str, Any] = fresh(check_json_schema(schema))
    return copy


def _fresh_extra(value: Any) -> Any:
    """An undeclared key's value, copied. A null one is refused, so that the model takes the request
    and leaves the key out (``PydanticOmit`` here would drop the whole object from its list)."""
    if value is None:
        raise ValueError("a null undeclared key")
    return fresh(value)


_OMIT_NULL = cs.chain_schema(
    [cs.none_schema(), cs.with_default_schema(cs.int_schema(strict=True), on_error="omit")]
)
"""A null, left out: the step after ``none`` refuses it, and a refusal there means "omit". All in
pydantic-core: a Python function raising ``PydanticOmit`` cost about 1.4 microseconds a null (an
assistant message's ``content`` beside its tool calls), a third of that with its exception."""


def _optional(inner: cs.CoreSchema) -> cs.CoreSchema:
    """``inner``, or null: then the key is left out, as ``exclude_none`` leaves it out."""
    return cs.union_schema([inner, _OMIT_NULL], mode="left_to_right")


def _bounded(schema: dict[str, Any]) -> dict[str, Any] | None:
    """A number-bound ``function-after`` turned into constraints of pydantic-core's own (``None``:
    not one of those)."""
    function = schema.get("function", {}).get("function")
    if not isinstance(function, functools.partial):
        return None
    bound = _BOUNDS.get(getattr(function.func, "__name__", ""))
    if bound is None or set(function.keywords) != {bound}:
        return None
    inner = convert(schema["schema"])
    choices = inner["choices"] if inner.get("type") == "union" else [inner]
    if not all(choice.get("type") in ("int", "float") for choice in choices):
        return None
    for choice in choices:
        choice[bound] = function.keywords[bound]
    result: dict[str, Any] = inner
    return result


Narrowing = frozenset[tuple[type, "frozenset[str] | None"]]
"""Objects a target narrows: a model class with the keys the target defines for it (extras refused),
or with ``None`` where the target takes no such object at all (the union loses that branch)."""

NARROW_NOTHING: Narrowing = frozenset()


def convert(
    schema: Any,
    copy: bool = True,
    dropped: frozenset[str] = frozenset(),
    narrow: Mapping[type, frozenset[str] | None] | None = None,
) -> Any:
    """The dict-form copy of a core schema node (and everything below it).

    ``copy``: free-form values are copied (``False``: checked, and kept as they are). ``dropped``:
    fields of the request that are not copied, as the target of the translation drops them.
    ``narrow``: the objects a target narrows (see :data:`Narrowing`). A construct the dict form
    cannot mirror (a validator function it does not know) is refused with a ``TypeError``.
    """
    if isinstance(schema, list):
        return [convert(item, copy, dropped, narrow) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        own = dropped if schema.get("cls") is ChatRequest else frozenset()
        return _typed_dict(schema, copy, own, narrow)
    if kind == "tagged-union" and narrow:
        choices = {
            tag: choice
            for tag, choice in schema["choices"].items()
            if not (
                isinstance(choice, dict) and choice.get("cls") in narrow and narrow[choice["cls"]] is None
            )
        }
        schema = {**schema, "choices": choices}
    if kind == "any":
        return cs.no_info_plain_validator_function(fresh) if copy else cs.any_schema()
    if kind == "dict" and schema == _FREE_FORM_OBJECT and copy:
        # keys were proven strings and values plain JSON by the limits walk: copy it whole
        return cs.no_info_plain_validator_function(fresh_object)
    if kind == "function-after":
        if schema["function"].get("function") is check_json_schema:
            # checked and copied in one step (the inner dict schema only checks the keys)
            check = _checked_schema if copy else check_json_schema
            return cs.no_info_after_validator_function(check, schema["schema"])
        bounded = _bounded(schema)
        if bounded is not None:
            return bounded
        raise TypeError(f"the fast validator cannot mirror {_what(schema)}: {_MIRROR}")
    if kind in ("function-before", "function-wrap", "function-plain"):
        raise TypeError(f"the fast validator cannot mirror {_what(schema)}: {_MIRROR}")
    return {
        key: value if key in ("metadata", "cls", "config", "ref") else convert(value, copy, dropped, narrow)
        for key, value in schema.items()
    }


_MIRROR = (
    "chatdialect._dictmodel turns ChatRequest's core schema into typed dicts, and knows only "
    "check_json_schema and number bounds among validator functions; state the rule as a field "
    "constraint, or as a rule in chatdialect._validation (canonical rules) or chatdialect._rules"
)


def _what(schema: dict[str, Any]) -> str:
    """A validator function node, named for the message."""
    function = schema.get("function", {}).get("function")
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", None) or "a function"
    return f"a {schema['type']} validator ({name})"


def _typed_dict(
    model: dict[str, Any],
    copy: bool,
    dropped: frozenset[str],
    narrow: Mapping[type, frozenset[str] | None] | None = None,
) -> cs.CoreSchema:
    """A ``model`` node as a typed dict: keys by alias, unset fields left out, extras copied (when
    ``copy``), the request's ``dropped`` fields not copied; a narrowed object only with the keys
    the target defines (others refused)."""
    if model.get("custom_init") or model.get("root_model"):
        raise TypeError(f"the fast validator cannot mirror {model['cls'].__name__}: {_MIRROR}")
    config = model.get("config") or {}
    keep = narrow.get(model["cls"]) if narrow else None
    fields: dict[str, cs.TypedDictField] = {}
    for name, field in model["schema"]["fields"].items():
        inner = field["schema"]
        required = inner.get("type") != "default"
        if not required:
            if inner.get("default", ...) is not None:  # a default dumped as set: not expressible here
                raise TypeError(
                    f"the fast validator cannot mirror {model['cls'].__name__}.{name}: only None "
                    "defaults have a dict form (a default would be written as if the caller set it)"
                )
            inner = inner["schema"]
        key = field.get("validation_alias") or field.get("serialization_alias") or name
        if keep is not None and key not in keep:
            continue  # the target does not define it: its presence is refused (extras forbidden)
        field_copy = copy and name not in dropped
        if inner.get("type") == "nullable":  # null is "not set": the key is left out
            converted = _optional(convert(inner["schema"], field_copy, narrow=narrow))
        else:
            converted = convert(inner, field_copy, narrow=narrow)
        fields[key] = cs.typed_dict_field(converted, required=required)
    extra: Literal["allow", "forbid", "ignore"] = (
        "forbid" if keep is not None else config.get("extra_fields_behavior", "ignore")
    )
    extras = cs.no_info_plain_validator_function(_fresh_extra) if copy else cs.any_schema()
    return cs.typed_dict_schema(
        fields,
        extra_behavior=extra,
        extras_schema=extras if extra == "allow" else None,
        strict=config.get("strict"),
        config=cast(cs.CoreConfig, config),  # its strictness holds for all below, as in the model
    )
