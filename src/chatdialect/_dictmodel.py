"""The canonical model as validators of plain dicts: the engine's fast way through a request.

``ChatRequest`` validates into model instances that must then be serialised into the output: two
full passes. The validators here are built from its core schema turned into typed dicts
(``_typeddict``), so that one pass in pydantic-core both checks a canonical request and builds the
fresh containers of the output: one validator per target (what it drops and narrows), fitted to the
shape of the request where that shape recurs, and the validated forms of repeated fields kept.
"""

from __future__ import annotations

import marshal
import sys
import threading
from collections.abc import Collection, Hashable, Mapping
from typing import Any

import orjson
from pydantic_core import SchemaValidator

from chatdialect._contents import VALID, Form, Recalled, learn
from chatdialect._memo import ENTRY_OVERHEAD, FirstMemo, Memo
from chatdialect._model import ChatRequest
from chatdialect._typeddict import NARROW_NOTHING, Narrowing, convert

_SCHEMA = convert(ChatRequest.__pydantic_core_schema__)
VALIDATOR = SchemaValidator(_SCHEMA)
"""Validates a canonical request (a dict) into a new dict: the output-to-be of ``translate``."""

_validators: dict[tuple[frozenset[str], Narrowing], tuple[SchemaValidator, dict[str, Any]]] = {
    (frozenset(), NARROW_NOTHING): (VALIDATOR, _SCHEMA)
}
_validators_lock = threading.Lock()


def validator(dropped: frozenset[str], narrow: Narrowing = NARROW_NOTHING) -> SchemaValidator:
    """``VALIDATOR``, except that the ``dropped`` fields are checked but not copied (their values
    in its output may be the caller's own objects, fit only for dropping), and that the ``narrow``
    objects are refused where they hold what the target does not define. Built on first use (a
    few milliseconds) and kept: these are chosen by the target dialect, one per target."""
    return _made(dropped, narrow)[0]


def _made(dropped: frozenset[str], narrow: Narrowing) -> tuple[SchemaValidator, dict[str, Any]]:
    """:func:`validator` with the schema it was built from."""
    known = _validators.get((dropped, narrow))
    if known is None:
        schema = convert(ChatRequest.__pydantic_core_schema__, dropped=dropped, narrow=dict(narrow))
        made = SchemaValidator(schema), schema
        with _validators_lock:
            known = _validators.setdefault((dropped, narrow), made)
    return known


Shape = tuple[tuple[str, ...], frozenset[str], Narrowing]
"""A request's top-level keys in their order (a tuple of the model's own field names hashes and
compares quicker than a set), with the ``dropped`` fields and ``narrow`` objects of its target."""

_FITTED_BYTES = 128 * 1024
"""What a fitted validator holds, as its memo counts it: 85-120 KiB of pydantic-core's structures for
the benchmarks' shapes (resident memory over 200 copies; most of it is the messages' validator)."""

_fitted: FirstMemo[Shape, SchemaValidator] = FirstMemo(
    "request_validators", 48 * (_FITTED_BYTES + ENTRY_OVERHEAD)
)
"""Validators of one shape of request each (:func:`fitted`): the first 48 shapes met twice."""
_fitted_seen: Memo[Shape, bool] = Memo("request_shapes_seen", 2**18)
"""The shapes met once (a shape gets its validator from its second sighting on)."""


def fitted(
    canonical: Mapping[str, Any], dropped: frozenset[str], narrow: Narrowing = NARROW_NOTHING
) -> SchemaValidator:
    """A validator that gives for ``canonical`` what :func:`validator` gives: the same output, in the
    same order, or a ``ValidationError``.

    pydantic-core's typed dict looks up each field of its schema in every request (about 140
    instructions a field absent), and the canonical request has 64 fields where a usual request gives
    four to ten. So a shape of request (its keys, for a target) met twice gets a validator of only
    the fields it gives, and the required ones (their absence is reported as before); any other key
    is undeclared to both validators. Building one takes 0.1-0.5 ms, so a shape is fitted from its
    second sighting, and only the first 48 shapes are: a stream of ever new shapes must not pay a
    build per request (it keeps the full validator, as before; ``clear_caches()`` starts again).
    """
    shape: Shape = (tuple(canonical), dropped, narrow)
    known = _fitted.get(shape)
    if known is not None:
        return known
    full = validator(dropped, narrow)
    if _fitted_seen.get(shape) is None:
        # the target's dropped and narrow are its own objects, and the keys the model's names: shared
        _fitted_seen.put(shape, True, sys.getsizeof(shape) + sys.getsizeof(shape[0]))
        return full
    if not _fitted.room(_FITTED_BYTES):
        return full
    known = fit(shape[0], dropped, narrow)
    _fitted.put(shape, known, _FITTED_BYTES)
    return known


def fit(
    keys: Collection[str], dropped: frozenset[str], narrow: Narrowing = NARROW_NOTHING
) -> SchemaValidator:
    """:func:`validator`, built with only the fields among ``keys`` and the required ones."""
    schema = _made(dropped, narrow)[1]
    fields = {
        key: field for key, field in schema["fields"].items() if key in keys or field.get("required", True)
    }
    return SchemaValidator({**schema, "fields": fields})


def _interned(tree: Any) -> Any:
    """``tree`` (a fresh tree of plain JSON, changed in place) with its keys and short strings
    interned: marshal then writes each such string once and refers back to it, so loading a copy
    makes far fewer string objects (a fifth to two fifths less time for tool lists). Loading never
    shares containers: each is written once, as the tree holds each once."""
    intern = sys.intern
    stack = [tree]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            items = list(node.items())
            node.clear()
            for key, value in items:
                if type(value) is str and len(value) <= _INTERNED_MAX:
                    value = intern(value)
                elif type(value) is dict or type(value) is list:
                    stack.append(value)
                node[intern(key)] = value
        else:
            for index, value in enumerate(node):
                if type(value) is str and len(value) <= _INTERNED_MAX:
                    node[index] = intern(value)
                elif type(value) is dict or type(value) is list:
                    stack.append(value)
    return tree


_INTERNED_MAX = 64
"""Longer strings are seldom repeated: they are left as they are."""


def validate(
    canonical: dict[str, Any],
    remembered: Mapping[str, Recalled] | None = None,
    dropped: frozenset[str] = frozenset(),
    narrow: Narrowing = NARROW_NOTHING,
) -> dict[str, Any]:
    """``canonical`` validated into a new dict (``ValidationError`` if it is not valid).

    ``remembered`` maps list fields (``tools``, ``data_sources``) to the record of the content they
    were read from (``_contents``). Clients send the same tool list with every request, so a field's
    validated form is kept in that record, and later requests get a fresh copy of it instead of
    checking it again. ``dropped`` fields are checked but not copied, ``narrow`` objects narrowed
    (see :func:`validator`); a field validated narrowed is remembered for that narrowing only.
    """
    checker = fitted(canonical, dropped, narrow)
    data: dict[str, Any]
    if not remembered:
        data = checker.validate_python(canonical)
        return data
    hits: dict[str, Form] = {}
    learnt: list[tuple[str, bytes, Hashable]] = []
    for name, (wire, key, record) in remembered.items():
        # a field the target drops is checked, not copied: whether its content was valid is all it
        # needs; a field validated narrowed is remembered for that narrowing only
        slot: Hashable = (wire, VALID) if name in dropped else (wire, narrow)
        known = record.forms.get(slot)
        if known is None:
            learnt.append((name, key, slot))
        else:
            hits[name] = known
    if hits:
        # an empty list keeps the field's place among the keys, and is valid
        canonical = canonical.copy()
        for name in hits:
            canonical[name] = []
    data = checker.validate_python(canonical)
    for name, known in hits.items():
        if known is not VALID:
            data[name] = known[0](known[1])
    for name, key, slot in learnt:
        learn(key, form=(slot, VALID if name in dropped else _form(data[name])))
    return data


def _form(tree: Any) -> Form:
    """How a validated tree is kept, to be loaded as a fresh copy by each later request: as orjson
    text up to ``_JSON_MAX`` bytes (it loads in 60-90% of the time marshal takes there), else as
    marshal bytes of the tree with its strings interned (repeated keys then load as references:
    5-10% quicker than orjson from ~7 KB on, tool lists of the large benchmark measured); marshal
    too for what orjson does not write (an integer past 64 bits)."""
    try:
        text = orjson.dumps(tree)
    except orjson.JSONEncodeError:
        text = None
    if text is not None and len(text) <= _JSON_MAX:
        return orjson.loads, text
    return marshal.loads, marshal.dumps(_interned(tree))  # a tree, as are its copies


_JSON_MAX = 6 * 1024
