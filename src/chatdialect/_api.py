"""The public functions: ``translate``, ``translate_json``, ``normalize``, ``parse``, ``render``,
``dialect_names``.

``translate`` = read (source -> canonical) + write (canonical -> target), with the two steps' changes
netted into one record whose pointers refer to the caller's payload and the output (SPEC section 6).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from chatdialect import _dialects as dialects
from chatdialect import _jsonbytes
from chatdialect._changes import Change, JsonTranslation, Trace, Translation, make_translation
from chatdialect._dialects.base import Dialect
from chatdialect._errors import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnsupportedFieldError,
)
from chatdialect._instructions import lower as lower_instructions
from chatdialect._limits import DEFAULT_LIMITS, Limits, proven_by_parse
from chatdialect._model import ChatRequest, dump
from chatdialect._options import NO_NAMES, check_options, checked_defaults, family_row, pass_through, versions
from chatdialect._reading import check_canonical, read, read_request
from chatdialect._writing import write
from chatdialect.models import ModelFamily, ModelTable

Policy = Literal["drop", "warn", "error"]
ApiVersion = str | tuple[str | None, str | None] | None
"""An Azure API version for both sides of a translation, or a ``(source, target)`` pair."""
_REGISTRY = dialects.REGISTRY


def translate(
    payload: Mapping[str, Any],
    *,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
    model: str | None = None,
    stream: bool | None = None,
    defaults: Mapping[str, Any] | None = None,
    model_family: str | None = None,
    models: ModelTable | None = None,
    api_version: ApiVersion = None,
) -> Translation:
    """Translate a request payload from the ``source`` dialect to the ``target`` dialect.

    The payload is not mutated; the result's ``payload`` is a new JSON-ready dict and its
    ``changes`` name every field that did not arrive as it was. ``model=`` and ``stream=`` give what
    the source keeps outside the payload; ``defaults=`` (canonical names) what the target requires
    and the request lacks. ``model_family=`` names the model family when the id does not (an Azure
    deployment called ``prod-chat``); ``models=`` is the model table (``chatdialect.models``).
    ``api_version=`` is the Azure API version of an ``azure`` side (one version for both sides, or a
    ``(source, target)`` pair; ``None`` in a pair: the seed shape).
    """
    # positional: passing twelve keywords costs more, on every request
    return translated(
        payload,
        False,
        source,
        target,
        on_unsupported,
        passthrough,
        limits,
        model,
        stream,
        defaults,
        model_family,
        models,
        api_version,
    )


def translated(
    payload: Mapping[str, Any],
    proven: bool,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
    model: str | None = None,
    stream: bool | None = None,
    defaults: Mapping[str, Any] | None = None,
    model_family: str | None = None,
    models: ModelTable | None = None,
    api_version: ApiVersion = None,
) -> Translation:
    """``translate`` (its options, its result), for the bytes paths too: ``proven`` is true for a
    payload the compiled parser read from text within ``limits``' sizes (``_limits.proven_by_parse``),
    which no walk then checks again."""
    try:  # a dict lookup, no checks: free when the names are known (the usual call)
        source_dialect, target_dialect = _REGISTRY[source], _REGISTRY[target]
    except (KeyError, TypeError):
        source_dialect, target_dialect = dialects.get(source), dialects.get(target)  # UnknownDialectError
    if api_version is not None:
        source_dialect, target_dialect = versions(api_version, source_dialect, target_dialect)
    keep = NO_NAMES if on_unsupported == "drop" and passthrough == () else check_options(
        on_unsupported, passthrough
    )
    trace = Trace()
    data, clean, remembered = read(
        payload,
        source_dialect,
        limits or DEFAULT_LIMITS,
        trace,
        target_dialect.not_carried,
        model,
        stream,
        target_dialect.narrowing,
        proven,
        target_dialect,
    )
    if "instructions" in data:
        lower_instructions(data, trace, target_dialect)
    rules = target_dialect.model_rules
    if model_family is None and models is None:  # the usual call: family_row's first case, one call less
        family = None if rules is None else rules.usual(data.get("model"))
    else:
        family = family_row(target_dialect, data, model_family, models)
    given = None if defaults is None else checked_defaults(defaults)
    out = write(data, target_dialect, trace, given, clean, family, remembered)
    changes = trace.net(payload if type(payload) is dict else dict(payload))
    if keep:
        changes = pass_through(payload, out, changes, keep)
    if on_unsupported != "drop" or (family is not None and family.responses_only.value):  # else no-op
        _policy(changes, target_dialect, on_unsupported, family)
    endpoint = target_dialect.endpoint_for(data.get("model"), data.get("stream") is True)
    return make_translation(out, tuple(changes), source_dialect.name, target_dialect.name, endpoint)


def translate_json(
    data: bytes | bytearray | memoryview | str,
    *,
    source: str,
    target: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
    model: str | None = None,
    stream: bool | None = None,
    defaults: Mapping[str, Any] | None = None,
    model_family: str | None = None,
    models: ModelTable | None = None,
    api_version: ApiVersion = None,
) -> JsonTranslation:
    """``translate`` from JSON text to JSON text: bytes in (UTF-8; ``str`` is taken too), bytes out.

    The output is byte for byte ``json.dumps(translate(json.loads(data), ...).payload,
    ensure_ascii=False, separators=(",", ":")).encode()`` (compact, UTF-8, no newline; a lone
    surrogate from a ``\\ud800`` escape stays escaped), and the changes, dialects and endpoint are
    ``translate``'s; it parses and writes with a compiled codec (orjson) where that gives the same
    result, so it is quicker. Text that is not JSON raises ``InvalidRequestError`` at the root
    pointer, saying why (never quoting the text); the other errors are ``translate``'s.
    """
    payload, proven = _read_json(data, source, limits or DEFAULT_LIMITS)
    result = translated(
        payload,
        proven,
        source=source,
        target=target,
        on_unsupported=on_unsupported,
        passthrough=passthrough,
        limits=limits,
        model=model,
        stream=stream,
        defaults=defaults,
        model_family=model_family,
        models=models,
        api_version=api_version,
    )
    return JsonTranslation(
        _jsonbytes.dumps(result.payload), result.changes, result.source, result.target, result.endpoint
    )


def _read_json(data: bytes | bytearray | memoryview | str, dialect: str, limits: Limits) -> tuple[Any, bool]:
    """The JSON value of ``data`` and whether its reading proved it within ``limits``' sizes, or
    ``InvalidRequestError`` saying why it is not JSON."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        value = _jsonbytes.loads(raw)
        if value is not None:
            return value, proven_by_parse(raw, limits)
        try:
            text: str = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = f"is not UTF-8 text (bad byte at offset {error.start})"
            raise InvalidRequestError([("", problem)], dialect=dialect) from None
    elif isinstance(data, str):
        text = data
    else:
        raise ChatDialectError(f"translate_json() takes bytes or str, not {type(data).__name__}")
    try:
        return json.loads(text), False
    except json.JSONDecodeError as error:
        at = " " if error.msg.endswith(" at") else " at "  # "Unterminated string starting at"
        problem = f"is not valid JSON: {error.msg}{at}line {error.lineno} column {error.colno}"
    except RecursionError:
        problem = "is not readable JSON: it is nested too deeply"
    except ValueError:
        problem = "is not readable JSON: a number has too many digits"
    raise InvalidRequestError([("", problem)], dialect=dialect) from None


def normalize(
    payload: Mapping[str, Any],
    *,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    limits: Limits | None = None,
) -> Translation:
    """Upgrade an OpenAI payload to OpenAI's current form (``translate`` from and to ``openai``)."""
    return translate(
        payload,
        source="openai",
        target="openai",
        on_unsupported=on_unsupported,
        passthrough=passthrough,
        limits=limits,
    )


def parse(
    payload: Mapping[str, Any],
    *,
    dialect: str,
    limits: Limits | None = None,
    model: str | None = None,
    stream: bool | None = None,
    api_version: str | None = None,
) -> ChatRequest:
    """Read a wire payload in ``dialect`` into the canonical ``ChatRequest`` (unknown fields are left
    out); ``api_version=``: the Azure API version of an ``azure`` payload."""
    found = dialects.get(dialect)
    if api_version is not None:
        found = versions(api_version, found, found)[0]
    return read_request(payload, found, limits or DEFAULT_LIMITS, model, stream)


def render(
    request: ChatRequest,
    *,
    dialect: str,
    on_unsupported: Policy = "drop",
    passthrough: Iterable[str] = (),
    defaults: Mapping[str, Any] | None = None,
    model_family: str | None = None,
    models: ModelTable | None = None,
    api_version: str | None = None,
) -> Translation:
    """Write a canonical ``ChatRequest`` as a ``dialect`` payload; change paths are canonical pointers.

    The request is checked with the same canonical rules as ``translate`` (a request built or
    changed with ``model_copy`` is not trusted): what ``translate`` refuses, ``render`` refuses.
    ``passthrough`` names fields the target does not carry that are written anyway.
    """
    target = dialects.get(dialect)
    if api_version is not None:
        target = versions(api_version, target, target)[1]
    keep = check_options(on_unsupported, passthrough)
    if not isinstance(request, ChatRequest):
        raise ChatDialectError(
            f"render() takes a ChatRequest, not {type(request).__name__}; use translate() for payloads"
        )
    trace = Trace()
    data = check_canonical(dump(request), trace)
    lower_instructions(data, trace, target)
    family = family_row(target, data, model_family, models)
    out = write(data, target, trace, checked_defaults(defaults), family=family)
    changes = trace.net()
    if keep:
        changes = pass_through(dump(request), out, changes, keep)
    _policy(changes, target, on_unsupported, family)
    endpoint = target.endpoint_for(data.get("model"), data.get("stream") is True)
    return make_translation(out, tuple(changes), "canonical", target.name, endpoint)


def dialect_names() -> tuple[str, ...]:
    """The names of the registered dialects, sorted."""
    return dialects.names()


def _policy(changes: list[Change], dialect: Dialect, policy: str, family: ModelFamily | None) -> None:
    """Apply the ``on_unsupported`` policy to the net ``changes`` (``"drop"`` with no Responses-only
    family has nothing to do: ``translate`` skips the call then). A Responses-only family written to a
    chat dialect is one warning naming the ``responses`` dialect (an error under
    ``on_unsupported="error"``)."""
    target = dialect.name
    notice = None
    rules = dialect.model_rules
    if family is not None and family.responses_only.value and rules is not None and rules.chat:
        notice = (
            f"models of the {family.name} family are served only by the Responses API; "
            "translate to the responses dialect"
        )
    if policy != "drop" or notice is not None:
        lossy = [change for change in changes if change.lossy]
        if policy == "error" and (lossy or notice):
            raise UnsupportedFieldError(lossy, target=target, note=notice)
        texts = []
        if lossy and policy == "warn":
            fields = ", ".join(change.path or "(none)" for change in lossy)
            texts.append(f"translating to {target!r} lost or clamped: {fields}")
        if notice is not None:
            texts.append(notice)
        if texts:
            # the caller of translate (or translate_json), above translated
            warnings.warn(ChatDialectWarning("; ".join(texts)), stacklevel=4)
