"""The options of the public functions, checked, and what they select: ``on_unsupported`` and
``passthrough``, ``api_version`` (the Azure dialect at a version), ``model_family`` / ``models`` (the model
table's row), ``defaults``; and the pass-through of named top-level fields that would be dropped.

Each check raises ``ChatDialectError`` with one plain sentence naming the option, never echoing its value.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from chatdialect import _dialects as dialects
from chatdialect._changes import Change
from chatdialect._dialects.base import Dialect
from chatdialect._errors import ChatDialectError
from chatdialect._model import CANONICAL_FIELDS
from chatdialect.models import ModelFamily, ModelTable

POLICIES = ("drop", "warn", "error")
"""The values of ``on_unsupported``."""
NO_NAMES: frozenset[str] = frozenset()
"""No field passed through (the default ``passthrough``)."""


def check_options(on_unsupported: object, passthrough: object) -> frozenset[str]:
    """``on_unsupported`` checked, and ``passthrough`` as a set of field names."""
    if on_unsupported not in POLICIES:
        raise ChatDialectError(f"on_unsupported must be one of {', '.join(POLICIES)}")
    if passthrough.__class__ is tuple and not passthrough:  # the default: nothing to pass through
        return NO_NAMES
    if isinstance(passthrough, str):
        return frozenset((passthrough,))
    try:
        names = frozenset(passthrough)  # type: ignore[call-overload]
    except TypeError:
        raise ChatDialectError("passthrough must be an iterable of field names") from None
    if not all(isinstance(name, str) for name in names):
        raise ChatDialectError("passthrough must be an iterable of field names")
    return frozenset(str(name) for name in names)


def versions(api_version: object, source: Dialect, target: Dialect) -> tuple[Dialect, Dialect]:
    """The source and target dialects at ``api_version`` (one version, or a ``(source, target)`` pair)."""
    if isinstance(api_version, tuple) and len(api_version) == 2:
        reading, writing = api_version
    elif isinstance(api_version, str):
        reading = writing = api_version
    else:
        raise ChatDialectError("api_version must be an Azure API version or a (source, target) pair of them")
    if source.name != "azure" and target.name != "azure":
        raise ChatDialectError("api_version applies to the azure dialect only")
    return dialects.versioned(source, reading), dialects.versioned(target, writing)


def family_row(
    dialect: Dialect, data: dict[str, Any], model_family: object, models: object
) -> ModelFamily | None:
    """The model table's row that applies when writing ``dialect`` (``None``: no model rules)."""
    rules = dialect.model_rules
    if model_family is None and models is None:  # the usual call: the request's model, the default table
        return None if rules is None else rules.usual(data.get("model"))
    if model_family is not None and type(model_family) is not str:
        raise ChatDialectError("model_family must be a family name of the model table")
    if models is not None and not isinstance(models, ModelTable):
        raise ChatDialectError("models must be a ModelTable (chatdialect.models.DEFAULT.override(...))")
    if rules is None:
        return None
    return rules.resolve(data.get("model"), model_family, models)


def checked_defaults(defaults: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``defaults=`` checked: canonical field names to JSON values."""
    if defaults is None:
        return None
    if not isinstance(defaults, Mapping) or not all(name in CANONICAL_FIELDS for name in defaults):
        raise ChatDialectError("defaults must map canonical field names to values")
    return dict(defaults)


def pass_through(
    payload: Mapping[str, Any], out: dict[str, Any], changes: list[Change], keep: frozenset[str]
) -> list[Change]:
    """Copy the named top-level fields that would be dropped to the output unchanged."""
    kept: list[Change] = []
    for change in changes:
        if change.path is None:
            kept.append(change)
            continue
        token = change.path[1:]  # one RFC 6901 token for a top-level field: unescape it
        name = token.replace("~1", "/").replace("~0", "~")
        if (
            change.kind == "dropped"
            and name in keep
            and "/" not in token
            and name not in out
            and payload.get(name) is not None
        ):
            out[name] = copy.deepcopy(payload[name])
        else:
            kept.append(change)
    return kept
