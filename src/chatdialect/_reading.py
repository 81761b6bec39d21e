"""Reading: a wire payload in a source dialect -> the validated canonical request.

The engine walks the *payload's* keys (after the dialect's codec, if it has one, reshaped it), so
every key lands somewhere: in the canonical request (renamed by its row if need be), in a
request-wide rule that reads it (the legacy upgrades), or in the unknown fields (recorded as
dropped). It never mutates the payload: anything it rewrites is a new object. Every step goes to
the one :class:`~chatdialect._changes.Trace` of the translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from functools import cache
from typing import Any, NoReturn

from pydantic import ValidationError

from chatdialect._changes import Change, Trace
from chatdialect._contents import Content, Recalled, recall
from chatdialect._dialects.base import Dialect
from chatdialect._dictmodel import validate
from chatdialect._errors import InvalidRequestError
from chatdialect._limits import Limits, check_messages, check_payload, content_keys
from chatdialect._model import ChatRequest, dump
from chatdialect._pointer import join, show_key
from chatdialect._typeddict import Narrowing
from chatdialect._validation import CROSS_FIELD, canonical_problems, pydantic_problems
from chatdialect._verdicts import passed, remember

REPEATED = ("tools", "functions", "data_sources")
"""Top-level fields whose content usually repeats from request to request: an application sends
the same tool list, and the same On Your Data source configuration, with every request. The limits
walk and the validator remember their figures and validated form by content."""

_REPEATED_NAMES = frozenset(REPEATED)

_NOTHING: dict[str, Recalled] = {}
_RECALLED_NONE: dict[str, tuple[bytes, Content]] = {}
_REVALIDATE = ChatRequest.__pydantic_validator__.validate_python


def read(
    payload: Any,
    dialect: Dialect,
    limits: Limits,
    trace: Trace,
    dropped: frozenset[str] = frozenset(),
    model: str | None = None,
    stream: bool | None = None,
    narrow: Narrowing = frozenset(),
    proven: bool = False,
    target: Dialect | None = None,
) -> tuple[dict[str, Any], bool, Mapping[str, Recalled]]:
    """Read ``payload`` as a request in ``dialect``; ``InvalidRequestError`` lists every problem.

    Returns the validated canonical request as new plain JSON (aliases as keys, nulls left out:
    what ``model_dump(by_alias=True, exclude_none=True)`` of the ``ChatRequest`` would give). It is
    validated into plain dicts (``_dictmodel``) in one pass; a request that validator refuses is
    validated by ``ChatRequest`` itself, which names the problems. The ``dropped`` fields (those the
    caller will drop) are checked but not copied: they may hold the caller's own objects.
    The second value is whether the request passed the ``narrow``ed validator of its target (its
    messages hold nothing the target's rules would drop: see ``DialectRule.narrows``). ``proven``:
    the payload was read from JSON text already proven within the size limits
    (``_limits.proven_by_parse``), so no walk checks them again. A request that is invalid also
    names what the ``target`` would refuse to write for lack of it (a ``model``), so that one error
    lists every problem. The third value maps the request's remembered fields to the record of the
    content their value was made from (see :func:`gather`), for the write step's verdicts.
    """
    canonical, remembered = gather(payload, dialect, limits, trace, model, stream, proven)
    if not trace.problems:
        try:
            data = validate(canonical, remembered, dropped, narrow)
            clean = True
        except ValidationError:
            data, clean = None, False
        if data is None and narrow:  # refused narrowed: it may still be valid, holding what the target drops
            with suppress(ValidationError):
                data = validate(canonical, remembered, dropped)
        if data is not None:
            # most requests set none of the fields canonical rules relate (a scan in C), and most
            # dialects have no checks of their own
            if dialect.checks or not CROSS_FIELD.isdisjoint(canonical):
                finish(canonical, dialect, trace, target)
            return data, clean, remembered
    return dump(model_of(canonical, dialect, trace, target)), False, _NOTHING


def read_request(
    payload: Any, dialect: Dialect, limits: Limits, model: str | None = None, stream: bool | None = None
) -> ChatRequest:
    """Read ``payload`` as a request in ``dialect`` into the canonical ``ChatRequest``."""
    trace = Trace()
    return model_of(gather(payload, dialect, limits, trace, model, stream)[0], dialect, trace)


def gather(
    payload: Any,
    dialect: Dialect,
    limits: Limits,
    trace: Trace,
    model: str | None = None,
    stream: bool | None = None,
    proven: bool = False,
) -> tuple[dict[str, Any], dict[str, Recalled]]:
    """Check the payload's limits and sort its keys: canonical, read by a rule, or unknown.

    Returns the canonical fields as read (not yet validated; values are the caller's objects) and
    the remembered fields: canonical fields that are exactly one wire field's content, with that
    content's record (see :func:`_remembered`).
    """
    if type(payload) is not dict:
        if not isinstance(payload, Mapping):
            raise InvalidRequestError([("", "the request must be a JSON object")], dialect=dialect.name)
        payload = dict(payload)
    # most requests carry no repeated field: a scan in C says so
    keys = None if _REPEATED_NAMES.isdisjoint(payload) else content_keys(payload, REPEATED)
    recalled = recall(keys) if keys else _RECALLED_NONE
    fatal = check_messages(payload, limits) if proven else check_payload(payload, limits, recalled)
    if fatal:
        raise InvalidRequestError(fatal, dialect=dialect.name)
    wire = payload if dialect.codec is None else dialect.codec.decode(payload, trace)

    canonical: dict[str, Any] = {}
    taken: dict[str, Any] = {}
    wire_names, reads = dialect.wire_names, dialect.reads
    for key, value in wire.items():
        if value is None:
            continue
        if key == "model" or key == "messages":
            canonical[key] = value
        elif key in wire_names:
            name = wire_names[key]
            canonical[name] = value
            if name != key:
                trace.origin(join(name), join(key))
                trace.on_read(_renamed(key, name))
        elif key in reads:
            taken[key] = value
        else:
            trace.on_read(_unknown(key, dialect.name))
    for rule in dialect.upgrades if taken else dialect.unkeyed_upgrades:
        # a rule that reads wire keys (one or two) has nothing to do without one of them
        for key in rule.reads:
            if key in taken:
                break
        else:
            if rule.reads:
                continue
        rule.read(taken, canonical, trace, dialect)
    if model is not None or stream is not None:
        _outside(canonical, model, stream, trace)
    if dialect.codec is not None:
        dialect.codec.resolve(canonical, trace)
    by_content = recalled and dialect.codec is None
    remembered = _remembered(recalled, payload, canonical, dialect) if by_content else _NOTHING
    if not dialect.checked_names.isdisjoint(canonical):  # a scan in C: most requests set none
        _check_fields(canonical, dialect, trace, remembered)
    return canonical, remembered


def _check_fields(
    canonical: dict[str, Any], dialect: Dialect, trace: Trace, remembered: dict[str, Recalled]
) -> None:
    """The source dialect's own ranges, value lists and value maps, on the fields it sets (a row
    that passed a remembered field's content before is not run on it again: ``_verdicts``)."""
    checked = dialect.checked
    names: Any = dialect.checked_names.intersection(canonical)  # in C; table order when it matters:
    if len(names) > 1:
        names = sorted(names, key=dialect.checked_order.__getitem__)  # problems come in that order
    for name in names:
        rules = checked[name]
        known = remembered.get(name) if remembered else None
        if known is not None and name in dialect.by_content:
            if passed("read", rules, known):
                continue
        else:
            known = None
        given = value = canonical[name]
        counts = len(trace.read), len(trace.problems)
        pointer = trace.to_input(join(name))
        for rule in rules:
            value = rule.read(name, value, dialect, trace, pointer)
        canonical[name] = value
        if known is not None and value is given and counts == (len(trace.read), len(trace.problems)):
            remember("read", rules, known)


def _outside(canonical: dict[str, Any], model: str | None, stream: bool | None, trace: Trace) -> None:
    """Take ``model=`` and ``stream=`` where the payload lacks them (``moved``); a payload that
    carries another value is a problem."""
    for name, given in (("model", model), ("stream", stream)):
        if given is None:
            continue
        if name not in canonical:
            canonical[name] = given
            reason = f"The {name} was given outside the payload (the {name}= argument)."
            trace.on_read(Change("moved", None, join(name), reason))
        elif canonical[name] != given:
            trace.problem(trace.to_input(join(name)), f"differs from the {name} given outside the payload")


def _remembered(
    recalled: dict[str, tuple[bytes, Content]],
    payload: dict[str, Any],
    canonical: dict[str, Any],
    dialect: Dialect,
) -> dict[str, Recalled]:
    """Canonical fields that are exactly one wire field's content, with that content's record: a
    field read as it is (``tools``, ``data_sources``), or ``tools`` upgraded from ``functions``
    alone. Canonical tools that merge given tools and functions have none."""
    found: dict[str, Recalled] = {}
    legacy_functions = "functions" in dialect.reads
    for wire, (key, record) in recalled.items():
        if wire == "functions":
            alone = payload.get("tools") is None and dialect.wire_names.get("tools") == "tools"
            if legacy_functions and alone and "tools" in canonical:
                found["tools"] = ("functions", key, record)
        elif (
            wire in canonical
            and dialect.wire_names.get(wire) == wire
            and not (wire == "tools" and legacy_functions and payload.get("functions") is not None)
        ):
            found[wire] = (wire, key, record)
    return found


def model_of(
    canonical: dict[str, Any], dialect: Dialect, trace: Trace, target: Dialect | None = None
) -> ChatRequest:
    """The ``ChatRequest`` of gathered fields, or ``InvalidRequestError`` naming every problem."""
    try:
        # model_validate, minus its Python wrapper
        request: ChatRequest = ChatRequest.__pydantic_validator__.validate_python(canonical)
    except ValidationError as error:
        known = {pointer for pointer, _ in trace.problems}
        found = pydantic_problems(error, canonical, trace.to_input, _REVALIDATE)
        # a problem a rule or codec found (a function message answering no call, a turn with an
        # unknown role) covers the model's there, below it, and about the field that holds it
        trace.problems.extend(problem for problem in found if not _covered(problem[0], known))
        trace.problems.extend(canonical_problems(canonical, trace.to_input))
        for rule, field, present in dialect.checks:  # (the rule's watch is on canonical names)
            if field is None or (field in canonical) is present:
                rule.check(canonical, trace, dialect)
        _fail(canonical, dialect, trace, target)
    finish(canonical, dialect, trace, target)
    return request


def finish(canonical: dict[str, Any], dialect: Dialect, trace: Trace, target: Dialect | None = None) -> None:
    """The checks after a valid model: the canonical rules across fields, then the dialect's."""
    if not CROSS_FIELD.isdisjoint(canonical):  # a scan in C: most requests set none of them
        trace.problems.extend(canonical_problems(canonical, trace.to_input))
    for rule, field, present in dialect.checks:  # (the rule's watch is on canonical names)
        if field is None or (field in canonical) is present:
            rule.check(canonical, trace, dialect)
    if trace.problems:
        _fail(canonical, dialect, trace, target)


def _fail(canonical: dict[str, Any], dialect: Dialect, trace: Trace, target: Dialect | None) -> NoReturn:
    """Raise the problems found reading, with what writing to ``target`` would refuse for lack of
    it: a ``model`` the target requires (``azure`` reads without one)."""
    problems = trace.problems
    missing = target is not None and target.model_required and "model" not in canonical
    if missing and target is not None and all(pointer != "/model" for pointer, _ in problems):
        problems.append(("/model", f"is required by the {target.name} dialect"))
    raise InvalidRequestError(_unique(problems), dialect=dialect.name) from None


def check_canonical(data: dict[str, Any], trace: Trace) -> dict[str, Any]:
    """A canonical request (``ChatRequest`` dumped: canonical pointers) checked with the canonical
    rules ``translate`` applies, validated into new plain JSON; ``InvalidRequestError`` otherwise."""
    try:
        checked = validate(data)
    except ValidationError:
        try:
            ChatRequest.__pydantic_validator__.validate_python(data)
        except ValidationError as error:
            trace.problems.extend(pydantic_problems(error, data, trace.to_input, _REVALIDATE))
        checked = data
    trace.problems.extend(canonical_problems(checked, trace.to_input))
    if trace.problems:
        raise InvalidRequestError(_unique(trace.problems), dialect="canonical")
    return checked


@cache  # changes are immutable; a dialect's wire names are a fixed set
def _renamed(key: str, name: str) -> Change:
    return Change("renamed", join(key), join(name), f"{key} is called {name} canonically.")


def _unknown(key: str, dialect: str) -> Change:
    return Change("dropped", join(key), None, f"{show_key(key)} is not a field of the {dialect} dialect.")


def _covered(pointer: str, known: set[str]) -> bool:
    """Whether ``pointer`` is one of ``known``, lies under one, or holds one. A codec leaves out an
    item it found a problem in (a turn with a role it does not know), so the model's complaint about
    the field that holds it (``/messages`` should not be empty) follows from that problem: only the
    problem itself is reported."""
    if not known:
        return False
    if pointer and any(other.startswith(pointer + "/") for other in known):
        return True
    while pointer:
        if pointer in known:
            return True
        pointer = pointer[: pointer.rfind("/")]
    return "" in known


def _unique(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems without repeats, in the order found."""
    return list(dict.fromkeys(problems))
