"""Properties of translate/parse/render over generated payloads, for every source x target pair.

Each property runs once per (source, target) pair or once per source, with a share of the profile's
example budget: ``max_examples // 8`` per pair of the OpenAI-shaped dialects and anthropic (36 pairs),
``max_examples // 16`` per pair with bedrock, gemini or responses (45 pairs: ``PER_SHAPE_PAIR``) and
``max_examples // 3`` per source ("ci": 70, so 10, 4 and 23; "thorough": 300, so 37, 18 and 100;
"deep": 5000). The policy (drop/warn/error), ``passthrough`` names and sometimes tight ``Limits`` are
drawn per example. A pair a property does not pass yet would be in ``KNOWN_GAPS``, run as a skip.
Payload families are described in ``tests/strategies.py``.

Across shapes (a dialect with a codec, SPEC 8) some statements are adapted to what SPEC says there:
conservation lets a new top-level key hold what moved into it; "nothing silent" is checked on the
wire for the keys no codec reshapes and in canonical form for the others
(``check_nothing_silent_across_shapes``); the round trip compares in ``same_meaning`` form.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st
from tests.strategies import (
    CORE,
    DIALECTS,
    PAIRS,
    POLICIES,
    LinedUp,
    differences,
    echoed_values,
    escape,
    has_codec,
    is_pointer,
    json_problems,
    legacy_requests,
    limits_or_default,
    lowered,
    mutable_ids,
    related,
    requests,
    resolve,
    resolves,
    snapshot,
    tokens,
    unknown_requests,
    url_model,
    valid_requests,
    without_dropped_items,
)

from chatdialect import (
    Change,
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    Translation,
    UnsupportedFieldError,
    normalize,
    parse,
    render,
    translate,
)
from chatdialect._changes import CHANGE_KINDS
from chatdialect._dialects import REGISTRY
from chatdialect._rules.request import CapAsMaxTokensWith
from chatdialect.models import DEFAULT

BUDGET = settings().max_examples
PER_PAIR = settings(max_examples=max(10, BUDGET // 8))
PER_SHAPE_PAIR = settings(max_examples=max(4, BUDGET // 16))
"""A pair with bedrock, gemini or responses (45 of the 81): half a core pair's budget, so the default
run stays under two minutes ("ci": 4 examples; "thorough": 18; "deep": 312)."""
PER_SOURCE = settings(max_examples=max(10, BUDGET // 3))

sources = pytest.mark.parametrize("source", DIALECTS)

KNOWN_GAPS: dict[str, dict[tuple[str, str], str]] = {}
"""Per pair property, the pairs it does not pass yet, each with the first failure found there (run as
skips, so they stay in sight; docs/decisions.md, "Pair properties"). None now: the translation
contract and the round trip run on all 81 pairs."""


def pair_property(test: Callable[[str, str, st.DataObject], None]) -> Any:
    """``test(source, target, data)`` as a test of every pair, each with its pair's budget (a core
    pair: ``PER_PAIR``; one with a shape dialect outside ``CORE``: ``PER_SHAPE_PAIR``); the pairs in
    ``KNOWN_GAPS[test name]`` are skipped with their reason."""
    gaps = KNOWN_GAPS.get(test.__name__, {})
    core, shape = PER_PAIR(given(data=st.data())(test)), PER_SHAPE_PAIR(given(data=st.data())(test))

    def run(source: str, target: str) -> None:
        (core if source in CORE and target in CORE else shape)(source, target)

    run.__name__, run.__qualname__, run.__doc__ = test.__name__, test.__qualname__, test.__doc__
    skips = {pair: [pytest.mark.skip(reason=reason)] for pair, reason in gaps.items()}
    params = [pytest.param(a, b, id=f"{a}-{b}", marks=skips.get((a, b), [])) for a, b in PAIRS]
    return pytest.mark.parametrize(("source", "target"), params)(run)


def sound_requests(source: str, target: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads the source dialect accepts (valid, legacy, or with unknown fields) and, given a
    target, that it can write without inventing content (SPEC 8)."""
    return st.one_of(
        valid_requests(source, target), legacy_requests(source, target), unknown_requests(source, target)
    )


def across_shapes(source: str, target: str) -> bool:
    """Whether a translation changes the request's shape: two dialects, one with a codec."""
    return source != target and (has_codec(source) or has_codec(target))


def reshaped_keys(*names: str) -> frozenset[str]:
    """The top-level keys (wire and canonical) whose structure the codecs of ``names`` convert."""
    return frozenset(
        key
        for name in names
        if has_codec(name)
        for key in (*REGISTRY[name].codec.handles, *REGISTRY[name].codec.writes)
    )


def head(change: Change) -> str | None:
    """The top-level field a change is about in the input (None for a value the input lacked)."""
    return tokens(change.path)[0] if change.path else None


@contextmanager
def caught_warnings() -> Iterator[list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def model_missing(payload: Any, source: str, target: str) -> bool:
    """SPEC 5: an azure request without ``model`` cannot go to a dialect that requires one."""
    return (
        source == "azure"
        and REGISTRY[target].model_required
        and isinstance(payload, dict)
        and payload.get("model") is None
    )


def cap_refused(payload: Any, target: str) -> bool:
    """A token cap beside ``data_sources`` for a model whose family rejects ``max_tokens``: Azure
    takes the cap only as ``max_tokens`` there (``CapAsMaxTokensWith``), so no azure request can
    carry it. (Hypothesis draws model ids from the library's own constants, such as the table's.)"""
    if not isinstance(payload, dict) or "data_sources" not in payload:
        return False
    if not any(isinstance(rule, CapAsMaxTokensWith) for rule in REGISTRY[target].rules):
        return False
    if payload.get("max_tokens") is None and payload.get("max_completion_tokens") is None:
        return False
    model = payload.get("model")
    family = DEFAULT.find(model) if isinstance(model, str) else None
    return family is not None and "max_tokens" in family.rejects.value


def translate_sound(payload: dict[str, Any], source: str, target: str, **options: Any) -> Translation:
    """``translate`` of a payload the source accepts: it must not raise ``InvalidRequestError``,
    except for the missing ``model`` of SPEC 5 and a cap azure cannot carry (``cap_refused``): then
    the example is skipped."""
    try:
        return translate(payload, source=source, target=target, **{**url_model(source), **options})
    except InvalidRequestError as error:
        if model_missing(payload, source, target):
            assert error.pointers == ("/model",)
            assume(False)
        if cap_refused(payload, target):
            assert error.pointers == ("/data_sources",)
            assume(False)
        raise


def read_back(result: Translation) -> dict[str, Any]:
    """The keyword arguments an output is read back with in its own dialect: what the translation
    moved to the endpoint (SPEC 8: Gemini's and Bedrock's body hold no model, Gemini's no stream)."""
    codec, options = REGISTRY[result.target].codec, {}
    moves = codec.writes if codec is not None else ()
    if "model" in moves and "model" not in result.payload and result.endpoint.model is not None:
        options["model"] = result.endpoint.model
    if "stream" in moves and "stream" not in result.payload:
        # SPEC 8: stream is on the endpoint, read back from stream= (false too, if it was given)
        moved = [c for c in result.changes if c.kind == "moved" and c.path == "/stream"]
        if result.endpoint.stream or any(c.target_path is None for c in moved):
            options["stream"] = result.endpoint.stream
    return options


def error_pointers(error: ChatDialectError) -> list[str]:
    if isinstance(error, InvalidRequestError):
        return list(error.pointers)
    if isinstance(error, UnsupportedFieldError):
        return [p for change in error.changes for p in (change.path, change.target_path) if p]
    return []


def check_error(error: ChatDialectError, payload: Any) -> None:
    """An error names its fields by valid pointers and echoes no value of the payload."""
    text = f"{error} {error!r}"
    pointers = error_pointers(error)
    if isinstance(error, InvalidRequestError):
        assert error.errors, "an InvalidRequestError lists at least one problem"
        for pointer, message in error.errors:
            assert is_pointer(pointer), pointer
            assert isinstance(message, str) and message
        for pointer in error.pointers[:20]:
            assert (pointer or "(root)") in str(error), "the message names every pointer"
        text += " " + " ".join(message for _, message in error.errors)
    if isinstance(error, UnsupportedFieldError):
        assert error.changes and all(change.lossy for change in error.changes)
        text += " " + " ".join(f"{change.reason} {change!r}" for change in error.changes)
    assert not echoed_values(text, payload, pointers)


# --- 1. hostile input: only ChatDialectError escapes, nothing is mutated or shared ---------------


@pair_property
def test_hostile_input(source: str, target: str, data: st.DataObject) -> None:
    """On any input (valid, legacy, unknown fields, broken) and any policy and limits: translate,
    parse and render raise nothing but ChatDialectError subclasses, whose messages name pointers and
    echo no value; the input is never mutated; the output shares no mutable object with it."""
    payload = data.draw(requests(source), label="payload")
    policy = data.draw(st.sampled_from(POLICIES), label="policy")
    limits = data.draw(limits_or_default, label="limits")
    before = snapshot(payload)
    url = url_model(source)
    result = None
    with caught_warnings():
        try:
            result = translate(
                payload, source=source, target=target, on_unsupported=policy, limits=limits, **url
            )
        except ChatDialectError as error:
            check_error(error, payload)
        assert snapshot(payload) == before, "translate mutated its input"
        try:
            request = parse(payload, dialect=source, limits=limits, **url)
        except ChatDialectError as error:
            check_error(error, payload)
        else:
            assert snapshot(payload) == before, "parse mutated its input"
            try:
                render(request, dialect=target, on_unsupported=policy)
            except ChatDialectError as error:
                check_error(error, payload)
    if result is not None:
        assert not mutable_ids(result.payload) & mutable_ids(payload), "output shares an object with input"
        mine = snapshot(result.payload)
        result.payload.clear()  # the caller owns the output: a second translation is unaffected
        with caught_warnings():
            again = translate(
                payload, source=source, target=target, on_unsupported=policy, limits=limits, **url
            )
        assert snapshot(again.payload) == mine


@sources
@PER_SOURCE
@given(data=st.data())
def test_parse_and_render_do_not_mutate_or_share(source: str, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(DIALECTS), label="target")
    payload = data.draw(sound_requests(source, target), label="payload")
    before = snapshot(payload)
    request = parse(payload, dialect=source, **url_model(source))
    assert snapshot(payload) == before
    dumped = snapshot(request.model_dump())
    try:
        first = render(request, dialect=target)
    except InvalidRequestError:
        assume(not model_missing(payload, source, target))
        raise
    assert snapshot(request.model_dump()) == dumped, "render mutated the request"
    assert not mutable_ids(first.payload) & mutable_ids(payload)
    first.payload.clear()
    assert render(request, dialect=target).payload, "rendering again is unaffected"


# --- 2. the translation contract on accepted input ----------------------------------------------


def check_conservation(payload: dict[str, Any], result: Translation, reshaped: bool = False) -> None:
    """SPEC 6, as written: top-level keys vanish or appear only on the path of a change. Across
    shapes (SPEC 8) a new top-level key may hold what changes moved *into* it (``/system/1``,
    ``/metadata/user_id``): it is then the prefix of their target paths."""
    out = result.payload
    paths = [change.path for change in result.changes if change.path is not None]
    targets = [change.target_path for change in result.changes if change.target_path is not None]
    for key, value in payload.items():
        if value is None or key in out:
            continue
        pointer = "/" + escape(key)
        assert any(tokens(path)[:1] == [key] for path in paths), (
            f"input field {pointer} vanished without a change"
        )
    for key in out:
        if payload.get(key) is None:
            pointer = "/" + escape(key)
            assert pointer in targets or (reshaped and any(tokens(t)[:1] == [key] for t in targets)), (
                f"output field {pointer} appeared without a change"
            )


def check_nothing_silent(
    payload: dict[str, Any], result: Translation, skip: frozenset[str] = frozenset()
) -> None:
    """Finer than SPEC 6's top-level rule: every difference between input and output lies on the
    path of a change; input-side differences on a ``path``, output-side ones on a ``target_path``.
    (``skip``: top-level keys left to ``check_nothing_silent_across_shapes``.)"""
    clean = {key: value for key, value in payload.items() if value is not None and key not in skip}
    out = {key: value for key, value in result.payload.items() if key not in skip}
    for side, where in differences(without_dropped_items(clean, result.changes), out):
        covering = [
            pointer
            for change in result.changes
            for pointer in (
                [change.path]
                if side == "in"
                else [change.target_path]
                if side == "out"
                else [change.path, change.target_path]
            )
            if pointer
        ]
        assert any(related(pointer, where) for pointer in covering), (
            f"{where} differs ({side}) with no change recorded there"
        )


def check_nothing_silent_across_shapes(
    payload: dict[str, Any], source: str, target: str, result: Translation
) -> None:
    """``check_nothing_silent`` where a codec reshapes the request (SPEC 8: structure is converted and
    recorded), compared in canonical form: the request as read and the output read back in the
    target differ only at or under a change that ``render(parse(x))`` records (canonical pointers),
    once what the target's structure removes or merges is lined up (``LinedUp``)."""
    request = lowered(parse(payload, dialect=source, **url_model(source)), target)
    written = render(request, dialect=target)
    assert written.payload == result.payload
    before = request.model_dump(by_alias=True, exclude_none=True)
    after = parse(written.payload, dialect=target, **read_back(written))
    after = after.model_dump(by_alias=True, exclude_none=True)
    view = LinedUp(
        before, written.changes, merges_leading_instructions=has_codec(target), alternates=target == "bedrock"
    )
    covering = view.covering(written.changes, target)
    for side, where in differences(chosen(view.document), chosen(after)):
        assert any(related(pointer, where) for pointer in covering), (
            f"{where} differs ({side}) in canonical form with no change recorded there"
        )


def chosen(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` with the ``tool_choice`` it means: ``"auto"`` where it has tools and no choice (the
    chat API's default). Gemini's mode VALIDATED stands for strict tools with either, and reads back as
    ``"auto"`` (vendors/gemini_generate_content.md, the ``tools[].function.strict`` row and "VALIDATED
    -> auto + strict: true on every function")."""
    if request.get("tools") and "tool_choice" not in request:
        return {**request, "tool_choice": "auto"}
    return request


def check_changes(payload: dict[str, Any], result: Translation) -> None:
    """Change pointers are JSON Pointers into the input (``path``) and the output (``target_path``);
    reasons are one sentence that echoes no value."""
    for change in result.changes:
        assert isinstance(change, Change) and change.kind in CHANGE_KINDS
        if change.path is None:  # SPEC 6: a value the caller did not give (defaulted, or moved in)
            assert change.kind in ("defaulted", "moved") and change.target_path is not None, change
        else:
            assert is_pointer(change.path) and change.path, change
            assert resolves(payload, change.path), f"{change.path} is not in the input"
        if change.target_path is not None:
            assert is_pointer(change.target_path) and change.target_path, change
            assert resolves(result.payload, change.target_path), f"{change.target_path} is not in the output"
        if change.kind == "dropped":
            assert change.target_path is None
        assert change.reason and change.reason.endswith("."), "one sentence"
        assert change.reason.isprintable(), "one line of printable text"
        pointers = [change.path, change.target_path]
        assert not echoed_values(f"{change.reason} {change!r}", payload, pointers), change


def check_policies(payload: dict[str, Any], source: str, target: str, dropped: Translation) -> None:
    """warn = drop + one warning naming the lossy fields; error raises iff drop records a loss,
    listing every lossy change at once."""
    lossy = [change for change in dropped.changes if change.lossy]
    with caught_warnings() as caught:
        warned = translate(payload, source=source, target=target, on_unsupported="warn", **url_model(source))
    ours = [w for w in caught if issubclass(w.category, ChatDialectWarning)]
    assert warned == dropped
    assert len(ours) == (1 if lossy else 0)
    if lossy:
        text = str(ours[0].message)
        assert all(change.path in text for change in lossy)
        assert not echoed_values(text, payload, [c.path for c in lossy])
        with pytest.raises(UnsupportedFieldError) as raised:
            translate(payload, source=source, target=target, on_unsupported="error", **url_model(source))
        assert list(raised.value.changes) == lossy
        assert raised.value.target == target
    else:
        strict = translate(payload, source=source, target=target, on_unsupported="error", **url_model(source))
        assert strict == dropped


@pair_property
def test_translation_contract(source: str, target: str, data: st.DataObject) -> None:
    """On input the source accepts (valid, legacy, unknown fields; random ``passthrough``):

    * conservation (SPEC 6) holds, and nothing changes anywhere without a change on its path;
    * the output is plain JSON (``json.dumps(allow_nan=False)``) and ``render(parse(x))`` writes it too;
    * the same input gives the same output (key order included) and the same changes;
    * change pointers resolve in the input/output, reasons are one sentence with no value in them;
    * warn/error agree with drop;
    * the output is valid in the target and a fixed point of it (read back: no change, same payload).
    """
    payload = data.draw(sound_requests(source, target), label="payload")
    keep = data.draw(st.lists(st.sampled_from(sorted(payload)), max_size=2), label="passthrough")
    reshaped = across_shapes(source, target)
    skip = reshaped_keys(source, target) if reshaped else frozenset()
    result = translate_sound(payload, source, target)
    check_conservation(payload, result, reshaped)
    check_nothing_silent(payload, result, skip)
    if reshaped:
        check_nothing_silent_across_shapes(payload, source, target, result)

    kept = translate_sound(payload, source, target, passthrough=keep)
    check_conservation(payload, kept, reshaped)
    check_nothing_silent(payload, kept, skip)
    for change in result.changes:
        name = head(change)
        if (
            change.kind == "dropped"
            and name is not None
            and change.path == "/" + escape(name)
            and name in keep
            and name not in result.payload  # (not when the translation writes that name itself)
        ):
            assert change not in kept.changes
            assert kept.payload[name] == payload[name], "passthrough copies the field unchanged"
            assert not mutable_ids(kept.payload[name]) & mutable_ids(payload)
    assert [c for c in kept.changes if head(c) not in keep] == [
        c for c in result.changes if head(c) not in keep
    ]

    check_changes(payload, result)
    assert not json_problems(result.payload)
    text = json.dumps(result.payload, allow_nan=False)
    assert json.loads(text) == result.payload
    assert (result.source, result.target) == (source, target)
    second = translate_sound(copy.deepcopy(payload), source, target)
    assert json.dumps(second.payload, allow_nan=False) == text, "same input, same output"
    assert second.changes == result.changes
    rendered = render(parse(payload, dialect=source, **url_model(source)), dialect=target)
    assert rendered.payload == result.payload, "render(parse(x)) writes what translate(x) writes"
    check_policies(payload, source, target, result)

    again = translate(result.payload, source=target, target=target, **read_back(result))
    assert again.changes == (), "the output reads back in its target with no change"
    assert again.payload == result.payload


@sources
@PER_SOURCE
@given(data=st.data())
def test_normalize_is_idempotent(source: str, data: st.DataObject) -> None:
    """normalize(normalize(x)) records no change and yields the same payload (x: an openai payload,
    or another dialect's payload first translated to openai)."""
    payload = data.draw(sound_requests(source), label="payload")
    if source != "openai":
        payload = translate_sound(payload, source, "openai").payload
    once = normalize(payload)
    twice = normalize(once.payload)
    assert twice.changes == ()
    assert twice.payload == once.payload


# --- 8. round trip ------------------------------------------------------------------------------


def shared_fields(one: str, two: str) -> set[str]:
    """Canonical fields both dialects carry (the token cap counts, under either wire name)."""

    def carried(name: str) -> set[str]:
        dialect = REGISTRY[name]
        return {"model", "messages", *dialect.fields}

    return carried(one) & carried(two)


def excuses(change: Change) -> bool:
    """Changes of the first leg that legitimately alter a value: losses, in-place conversions, and
    values the target left out with a record (``converted`` with no target: an empty metadata
    object Bedrock's ``requestMetadata`` cannot hold, empty text Bedrock rejects)."""
    if change.kind == "converted":
        return change.path == change.target_path or change.target_path is None
    return change.lossy


def converts_a_value(change: Change, request: dict[str, Any], written: dict[str, Any]) -> bool:
    """Whether ``change`` (``render``'s) records a value it changed where the target keeps it
    elsewhere (a Bedrock document name made to fit its pattern, a metadata value made a string in
    ``requestMetadata``): a ``converted`` change from a scalar to a different scalar."""
    if change.kind != "converted" or change.path is None or change.target_path is None:
        return False
    old, new = resolve(request, change.path), resolve(written, change.target_path)
    scalars = (str, int, float, bool)
    return isinstance(old, scalars) and isinstance(new, scalars) and (type(old), old) != (type(new), new)


def same_meaning(request: dict[str, Any]) -> dict[str, Any]:
    """A canonical request in the form a round trip across shapes keeps (SPEC 8 and the vendors'
    lossy points): ``developer`` as ``system``; string content as one text part (a turn holding tool
    results or tool calls is written as blocks); tool-call arguments as the JSON they encode (only
    JSON equality survives an object form); a ``stop`` string as a list of one."""
    request = copy.deepcopy(request)
    for message in request.get("messages", ()):
        if message.get("role") == "developer":
            message["role"] = "system"
        if message.get("content") == "" and message.get("tool_calls"):
            del message["content"]  # no text beside the calls (the writer records leaving it out)
        if isinstance(message.get("content"), str):
            message["content"] = [{"type": "text", "text": message["content"]}]
        for call in message.get("tool_calls") or ():
            call["function"]["arguments"] = json.loads(call["function"]["arguments"])
    if isinstance(request.get("stop"), str):
        request["stop"] = [request["stop"]]
    for tool in request.get("tools") or ():
        function = tool.get("function") if tool.get("type") == "function" else None
        if function is not None:  # SPEC 8, "a value the target requires" (Anthropic's input_schema,
            # Bedrock's inputSchema, Responses' parameters): none is an empty object schema; and
            # strict false is the chat default Responses is given (its own default is true)
            function.setdefault("parameters", {"type": "object", "properties": {}})
            if function.get("strict") is False:
                del function["strict"]
    return request


def through(request: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """``request`` (canonical, ``same_meaning`` form) with what a round trip source -> target ->
    source cannot tell apart made one, as the dialects' lossy points state (each cited)."""
    request = copy.deepcopy(request)
    if target == "bedrock" and request.get("service_tier") == "auto":
        # vendors/bedrock_converse.md, lossy points: "service_tier: auto | becomes default"
        request["service_tier"] = "default"
    given = request.get("response_format")
    schemaless = given is not None and given["type"] == "json_schema" and "schema" not in given["json_schema"]
    if target == "gemini" and schemaless:
        # vendors/gemini_generate_content.md rows response_format json_object / json_schema (197-198)
        # and "responseMimeType alone -> json_object" (230): a json_schema without a schema is one
        request["response_format"] = {"type": "json_object"}
    choice = request.get("tool_choice")
    if target == "gemini" and isinstance(choice, dict) and choice["type"] == "allowed_tools":
        allowed = choice["allowed_tools"]
        if allowed.get("mode") == "required" and len(allowed.get("tools", ())) == 1:
            # vendors/gemini_generate_content.md (186, 235): a named choice is mode ANY with one
            # allowed name, and ANY with one name reads back as that named function
            request["tool_choice"] = {"type": "function", "function": allowed["tools"][0]["function"]}
    if target == "responses" and schemaless:
        # SPEC 8, responses: a schema-required value the request lacks is defaulted; Responses
        # json_schema formats require a schema, and the empty one (any JSON) is what none means
        request["response_format"] = {**given, "json_schema": {**given["json_schema"], "schema": {}}}
    if target == "responses":
        # SPEC 8, responses: "a schema-required value the request lacks (input_image.detail) is
        # defaulted" to "auto", the chat API's own default
        for message in request.get("messages", ()):
            for part in message.get("content") if isinstance(message.get("content"), list) else ():
                if part.get("type") == "image_url":
                    part["image_url"].setdefault("detail", "auto")
    if "responses" in (source, target):
        # docs/decisions.md, Responses: "Assistant text is written as a string (text parts joined,
        # recorded)" (on the way there, or back: the first leg cannot know Bedrock merged turns)
        for message in request.get("messages", ()):
            content = message.get("content")
            texts = isinstance(content, list) and len(content) > 1
            texts = texts and all(part["type"] == "text" for part in content)  # (their other keys
            # dropped with records: the translation contract checks those)
            if message["role"] == "assistant" and texts:
                message["content"] = [{"type": "text", "text": "".join(p["text"] for p in content)}]
        if "messages" in request:
            request["messages"], _ = calls_joined(request["messages"])
    return request


def calls_joined(messages: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[int, tuple[int, bool]]]:
    """The messages as Responses reads them back (``responses_reading.function_call``: function_call
    items join the open assistant turn): an assistant message of calls alone joins the assistant
    message before it. Also where each message went: index -> (new index, whether it was joined)."""
    joined: list[dict[str, Any]] = []
    where: dict[int, tuple[int, bool]] = {}
    for index, message in enumerate(messages):
        alone = message["role"] == "assistant" and message.get("tool_calls") and not message.get("content")
        if alone and joined and joined[-1]["role"] == "assistant":
            joined[-1]["tool_calls"] = joined[-1].get("tool_calls", []) + message["tool_calls"]
            where[index] = (len(joined) - 1, True)
        else:
            where[index] = (len(joined), False)
            joined.append(message)
    return joined, where


def moved_by(pointer: str, where: dict[int, tuple[int, bool]]) -> str:
    """``pointer`` where ``calls_joined`` put its message (a joined message's: the whole turn)."""
    parts = tokens(pointer)
    if len(parts) < 2 or parts[0] != "messages" or not parts[1].isdigit() or int(parts[1]) not in where:
        return pointer
    at, whole = where[int(parts[1])]
    return "/" + "/".join(["messages", str(at), *([] if whole else (escape(p) for p in parts[2:]))])


@pair_property
def test_round_trip_keeps_the_fields_both_dialects_carry(
    source: str, target: str, data: st.DataObject
) -> None:
    """source -> target -> source keeps every field both carry, but where the first leg records a
    loss or an in-place conversion. Across shapes the request is compared in ``same_meaning`` form,
    lined up with what the target's structure merges (``LinedUp``), against the first leg's changes
    as ``render`` records them (canonical pointers); a top-level value the target had to default
    (Anthropic's ``max_tokens``, the ``tool_choice`` that holds ``parallel_tool_calls``) excuses its
    field."""
    payload = data.draw(sound_requests(source, target), label="payload")
    first = translate_sound(payload, source, source)
    start = first.payload
    there = translate_sound(start, source, target, **read_back(first))
    request = lowered(parse(start, dialect=source, **read_back(first)), target)
    back = translate(there.payload, source=target, target=source, **read_back(there))
    fields = shared_fields(source, target)
    note(f"shared fields: {sorted(fields)}")
    after = parse(back.payload, dialect=source, **read_back(back)).model_dump(
        by_alias=True, exclude_none=True
    )
    if not across_shapes(source, target):
        before = without_dropped_items(request.model_dump(by_alias=True, exclude_none=True), there.changes)
        covering = [change.path for change in there.changes if excuses(change) and change.path]
    else:
        written = render(request, dialect=target)
        assert written.payload == there.payload
        view = LinedUp(
            request.model_dump(by_alias=True, exclude_none=True),
            written.changes,
            merges_leading_instructions=target == "anthropic",  # Responses keeps system items (SPEC 8)
            alternates=target in ("bedrock", "gemini"),
        )
        before = through(same_meaning(chosen(view.document)), source, target)
        after = through(same_meaning(chosen(after)), source, target)
        canonical = request.model_dump(by_alias=True, exclude_none=True)
        excusing = [
            change
            for change in written.changes
            if excuses(change) or change.path is None or converts_a_value(change, canonical, written.payload)
        ]
        covering = view.covering(excusing, target)
        if "responses" in (source, target):  # the messages as ``through`` joined them
            _, where = calls_joined(same_meaning(chosen(view.document)).get("messages", []))
            covering = [moved_by(pointer, where) for pointer in covering]
    left = {key: value for key, value in before.items() if key in fields}
    right = {key: value for key, value in after.items() if key in fields}
    for _side, where in differences(left, right):
        assert any(related(pointer, where) for pointer in covering), (
            f"{where} did not survive {source} -> {target} -> {source}"
        )


# --- 9. vendor schemas --------------------------------------------------------------------------


def _without_azure_spec_bug(schema: dict[str, Any]) -> dict[str, Any]:
    """The Azure GA schema without its documented ``json_schema.required = ["type", "name"]`` bug
    (SOURCES.md section 4): a correct structured-output payload has no ``json_schema.type``."""
    fixed = copy.deepcopy(schema)
    inner = fixed["$defs"]["ResponseFormatJsonSchema"]["properties"]["json_schema"]
    assert inner["required"] == ["type", "name"], "the Azure spec bug is gone: drop this work-around"
    inner["required"] = ["name"]
    return fixed


@pytest.fixture(scope="module")
def vendor_validators(vendor_schema: Any) -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from tests.laws import strict_vendor_schema

    azure = Draft202012Validator(_without_azure_spec_bug(vendor_schema("azure").schema))
    responses = Draft202012Validator(strict_vendor_schema(vendor_schema("responses").schema))
    return {"openai": vendor_schema("openai"), "azure": azure, "responses": responses}


def vendor_errors(validator: Any, payload: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}"
        for error in validator.iter_errors(payload)
    ]


@pytest.mark.parametrize("target", ["openai", "azure", "responses"])
@sources
@PER_SOURCE
@given(data=st.data())
def test_output_passes_the_vendor_schema(
    source: str, target: str, data: st.DataObject, vendor_validators: dict[str, Any]
) -> None:
    """What is written for openai/azure/responses passes that vendor's own request schema (Responses':
    with the fixes SOURCES.md names, as the fixtures' conformance test). (The Azure GA schema
    lacks the 2024-preview fields ``enhancements``, ``stream_options`` and ``model``; it has no
    ``additionalProperties: false``, so they pass: SOURCES.md.)"""
    payload = data.draw(sound_requests(source), label="payload")
    out = translate_sound(payload, source, target).payload
    problems = vendor_errors(vendor_validators[target], out)
    assert not problems


# --- regression examples: the defects these properties found --------------------------------------

USER = {"role": "user", "content": "Hello"}


@pytest.mark.parametrize("key", ["line\nbreak", "\x1b[31mred", "tab\there", "x" * 10_000, "", " padded "])
def test_unknown_field_names_are_shown_on_one_printable_line(key: str) -> None:
    """Found by test_translation_contract: an unknown field's raw name went into the reason, so a
    name with a newline or escape code broke the one-line reason (and the CLI's one line per change)."""
    result = translate({"model": "m", "messages": [USER], key: 1}, source="openai", target="openai")
    (change,) = result.changes
    assert change.path == "/" + escape(key)
    assert change.reason.isprintable() and len(change.reason) < 200
    assert change.reason.endswith("is not a field of the openai dialect.")


@pytest.mark.parametrize("source", ["generic", "watsonx", "atoma"])
def test_azure_clamps_n_to_its_schema_maximum(source: str) -> None:
    """Found by test_output_passes_the_vendor_schema: n above 128 went to azure as it was, which the
    Azure 2024-10-21 schema rejects (n 1..128)."""
    payload = {"model": "m", "messages": [USER], "n": 300}
    result = translate(payload, source=source, target="azure")
    assert result.payload["n"] == 128
    assert [(c.kind, c.path, c.target_path) for c in result.changes] == [("clamped", "/n", "/n")]
    with pytest.raises(InvalidRequestError) as caught:
        translate({**payload, "n": 129}, source="azure", target="openai")
    assert caught.value.pointers == ("/n",)


def test_azure_drops_an_allowed_tools_choice() -> None:
    """Found by test_output_passes_the_vendor_schema: an OpenAI ``allowed_tools`` tool_choice went to
    azure as it was; the Azure 2024-10-21 schema has only the string modes and a named function."""
    tool = {"type": "function", "function": {"name": "f"}}
    choice = {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [tool]}}
    payload = {"model": "m", "messages": [USER], "tools": [tool], "tool_choice": choice}
    result = translate(payload, source="openai", target="azure")
    assert "tool_choice" not in result.payload
    assert [(c.kind, c.path) for c in result.changes] == [("dropped", "/tool_choice")]
    named = {"type": "function", "function": {"name": "f"}}
    for kept in ("required", named):
        assert translate({**payload, "tool_choice": kept}, source="openai", target="azure").changes == ()


@pytest.mark.parametrize("key", ["a/b", "~", "x~1y", "/", "~0/~1"])
def test_passthrough_keeps_a_field_whose_name_needs_escaping(key: str) -> None:
    """Found by test_translation_contract: passthrough compared the change's escaped pointer token
    (``~1`` for ``/``) with the field name, so a listed field with ``/`` or ``~`` in its name was
    dropped anyway."""
    payload = {"model": "m", "messages": [USER], key: {"v": [1]}}
    result = translate(payload, source="openai", target="generic", passthrough=[key])
    assert result.payload[key] == {"v": [1]}
    assert result.changes == ()
    assert result.payload[key] is not payload[key]


@pytest.mark.parametrize("target", ["openai", "azure"])
@pytest.mark.parametrize("seed", [2**64, -(2**70)])
def test_seeds_beyond_int64_are_clamped_for_openai_and_azure(seed: int, target: str) -> None:
    """Found by test_output_passes_the_vendor_schema: a seed beyond int64 from a dialect without a
    seed range (generic) was written as it was; the OpenAI and Azure schemas bound it to int64."""
    result = translate({"model": "m", "messages": [USER], "seed": seed}, source="generic", target=target)
    assert result.payload["seed"] == (2**63 - 1 if seed > 0 else -(2**63))
    assert type(result.payload["seed"]) is int
    assert [(c.kind, c.path) for c in result.changes] == [("clamped", "/seed")]
    with pytest.raises(InvalidRequestError):
        translate({"model": "m", "messages": [USER], "seed": seed}, source=target, target="generic")


NESTED_NULLS = [
    ("message name", {"messages": [{"role": "user", "content": "x", "name": None}]}),
    (
        "image detail",
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image_url",
                            "image_url": {"url": "https://example.com/a.png", "detail": None},
                        }
                    ],
                }
            ]
        },
    ),
    (
        "function description",
        {"messages": [USER], "tools": [{"type": "function", "function": {"name": "f", "description": None}}]},
    ),
    ("include_usage", {"messages": [USER], "stream": True, "stream_options": {"include_usage": None}}),
]
NESTED_NULL_CASES = [
    (name, target, fields)
    for name, fields in NESTED_NULLS
    for target in ("openai", "azure")
    if not (name == "include_usage" and target == "azure")  # not in the Azure GA schema at all
]


@pytest.mark.parametrize(
    ("name", "target", "fields"), NESTED_NULL_CASES, ids=[f"{c[0]}-{c[1]}" for c in NESTED_NULL_CASES]
)
def test_nested_nulls_are_not_written_where_the_vendor_rejects_them(
    name: str, fields: dict[str, Any], target: str, vendor_validators: dict[str, Any]
) -> None:
    """Found by probing the vendor-schema property with nested nulls (the strategies leave them out).

    Null means "not set" at every level of the declared model (docs/decisions.md), so it is not written.
    """
    out = translate({"model": "m", **fields}, source="openai", target=target).payload
    problems = vendor_errors(vendor_validators[target], out)
    assert not problems


UNHASHABLE = [
    ("function name", {"functions": [{"name": ["f"]}]}),
    (
        "tool name beside functions",
        {"tools": [{"type": "function", "function": {"name": {"a": 1}}}], "functions": [{"name": "f"}]},
    ),
    (
        "tool call id beside a legacy call",
        {
            "messages": [
                {
                    "role": "assistant",
                    "function_call": {"name": "f", "arguments": "{}"},
                    "tool_calls": [
                        {"id": ["x"], "type": "function", "function": {"name": "a", "arguments": "{}"}}
                    ],
                },
                {"role": "function", "name": "f", "content": "r"},
            ]
        },
    ),
]


@pytest.mark.parametrize(("name", "fields"), UNHASHABLE, ids=[case[0] for case in UNHASHABLE])
def test_unhashable_names_and_ids_in_legacy_upgrades_are_invalid_not_type_errors(
    name: str, fields: dict[str, Any]
) -> None:
    """Found by test_hostile_input (a wider run): the legacy upgrade put function names and tool-call
    ids into sets, so a list or object there raised TypeError instead of InvalidRequestError."""
    payload = {"model": "m", "messages": [USER], **fields}
    with pytest.raises(InvalidRequestError) as caught:
        translate(payload, source="openai", target="atoma")
    assert all(resolves(payload, pointer) for pointer in caught.value.pointers)
