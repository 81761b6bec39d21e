"""The dict-form validator agrees with ``ChatRequest``: same output for every valid request, and
it never accepts what the model refuses (that would write an invalid payload)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.conftest import fixture_id, fixture_paths, load_fixture
from tests.strategies import CORE, mutable_ids, requests, snapshot

from chatdialect import _contents as contents
from chatdialect import _dialects as dialects
from chatdialect import _dictmodel as dictmodel
from chatdialect import translate
from chatdialect._changes import Trace
from chatdialect._dictmodel import validate
from chatdialect._errors import ChatDialectError
from chatdialect._limits import DEFAULT_LIMITS
from chatdialect._memo import ENTRY_OVERHEAD, Memo
from chatdialect._model import ChatRequest
from chatdialect._reading import gather, read
from chatdialect._typeddict import Narrowing

PER_SOURCE = settings(max_examples=max(10, settings().max_examples // 2))


def by_model(canonical: dict[str, Any]) -> dict[str, Any] | None:
    """The model's round trip of a canonical request (``None``: the model refuses it)."""
    try:
        request = ChatRequest.model_validate(canonical)
    except ValidationError:
        return None
    return request.model_dump(by_alias=True, exclude_none=True)


def by_dict(canonical: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return validate(canonical)
    except ValidationError:
        return None


def check_agreement(payload: Any, source: str) -> None:
    try:
        canonical, _ = gather(payload, dialects.get(source), DEFAULT_LIMITS, Trace())
    except ChatDialectError:
        return  # refused before validation (not an object, over the limits)
    before = snapshot(canonical)
    expected = by_model(canonical)
    got = by_dict(canonical)
    assert snapshot(canonical) == before, "validation changed its input"
    for dropped in DROPPED:
        check_dropped_form(canonical, expected, dropped)
    for dropped, narrow in TARGETS:
        check_fitted_form(canonical, dropped, narrow)
    if expected is None:
        assert got is None, "the dict validator accepted a request the model refuses"
        return
    if got is None:
        # refused by the dict validator, accepted by the model: read() takes the model's way (this
        # happens for what the dict form does not copy alike: a null undeclared key, a subclass)
        try:
            got, _ = read(payload, dialects.get(source), DEFAULT_LIMITS, Trace())
        except ChatDialectError:
            return  # refused across fields (after validation)
    assert got == expected
    assert list(got) == list(expected), "keys are in another order than the model dump's"
    assert not mutable_ids(got) & mutable_ids(canonical), "the output shares an object with the input"
    assert len(mutable_ids(got)) == _containers(got), "the output holds one container twice"


DROPPED = sorted({dialects.get(name).not_carried for name in CORE}, key=sorted)
"""The fields each target drops: validated but not copied by ``validate(..., dropped=...)``."""


def check_dropped_form(
    canonical: dict[str, Any], expected: dict[str, Any] | None, dropped: frozenset[str]
) -> None:
    """The form for a target that drops some fields: the same verdict, the same carried fields."""
    try:
        got = validate(canonical, None, dropped)
    except ValidationError:
        return  # refused: read() then takes the model's way
    assert expected is not None, "the dropped form accepted a request the model refuses"
    carried = {key: value for key, value in got.items() if key not in dropped}
    assert carried == {key: value for key, value in expected.items() if key not in dropped}
    assert list(got) == [key for key in expected if key in got], "keys are in another order"
    assert not mutable_ids(carried) & mutable_ids(canonical), "a carried field shares the input"


TARGETS = sorted(
    {(frozenset[str](), frozenset())}
    | {(dialects.get(name).not_carried, dialects.get(name).narrowing) for name in CORE},
    key=repr,
)
"""What each target's validators drop and narrow (and neither: ``check_canonical``'s)."""


def check_fitted_form(canonical: dict[str, Any], dropped: frozenset[str], narrow: Narrowing) -> None:
    """A validator fitted to the request's shape gives what the target's validator gives: the same
    output in the same order, or a refusal (``validate`` uses it from the shape's second sighting)."""
    outputs = []
    for checker in (
        dictmodel.validator(dropped, narrow),
        dictmodel.fit(frozenset(canonical), dropped, narrow),
    ):
        try:
            outputs.append(checker.validate_python(canonical))
        except ValidationError:
            outputs.append(None)
    full, fitted = outputs
    assert fitted == full, "the fitted validator disagrees with the target's"
    assert list(fitted or ()) == list(full or ()), "the fitted validator's keys are in another order"


def _containers(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_containers(item) for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_containers(item) for item in value)
    return 0


@pytest.mark.parametrize("path", fixture_paths(), ids=fixture_id)
def test_fixtures_agree(path: Path) -> None:
    check_agreement(load_fixture(path), path.parent.name)


@pytest.mark.parametrize("source", CORE)
@PER_SOURCE
@given(data=st.data())
def test_generated_requests_agree(source: str, data: st.DataObject) -> None:
    check_agreement(data.draw(requests(source), label="payload"), source)


def request(**fields: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], **fields}


def test_nested_nulls_are_left_out_and_top_level_order_is_the_models() -> None:
    canonical = request(
        temperature=1,
        messages=[{"role": "assistant", "content": None, "name": None, "tool_calls": None}],
    )
    canonical = {"temperature": 1, **canonical}
    assert validate(canonical) == {
        "model": "m",
        "messages": [{"role": "assistant"}],
        "temperature": 1,
    }
    assert list(validate(canonical)) == ["model", "messages", "temperature"]


@pytest.mark.parametrize("value", [3, True, {"text": "hi"}, [None]])
def test_an_optional_field_that_is_neither_valid_nor_null_is_refused_not_left_out(value: Any) -> None:
    # a null is left out inside pydantic-core; any other value the field does not take must still fail
    canonical = request(messages=[{"role": "assistant", "content": value, "name": "a"}])
    with pytest.raises(ValidationError):
        validate(canonical)
    with pytest.raises(ValidationError):
        validate({**canonical, "messages": [{"role": "user", "content": "hi", "name": value}]})


def test_free_form_values_are_copied_into_a_tree() -> None:
    shared = {"deep": [1, {"x": None}]}
    canonical = request(metadata={"a": "b"}, web_search_options={"one": shared, "two": shared})
    canonical["messages"][0]["extra"] = shared
    out = validate(canonical)
    assert out == canonical | {"messages": [{"role": "user", "content": "hi", "extra": shared}]}
    options = out["web_search_options"]
    assert options["one"] is not options["two"] and options["one"]["deep"] is not shared["deep"]
    assert out["messages"][0]["extra"] is not shared
    assert not mutable_ids(out) & mutable_ids(canonical)


def test_number_bounds_are_kept() -> None:
    """pydantic's Python bound validators become pydantic-core constraints: same verdicts."""
    for value, ok in ((0, True), (2, True), (2.0, True), (2.01, False), (-1, False), (True, False)):
        canonical = request(temperature=value)
        assert (by_dict(canonical) is not None) is ok, value
        assert (by_model(canonical) is not None) is ok, value


def tools(*names: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": name, "parameters": {"type": "object", "properties": {}}},
        }
        for name in names
    ]


def recalled(**keys: bytes) -> dict[str, contents.Recalled]:
    """Canonical fields (read from the wire field of the same name) with the record their content
    key has now, as a request that began now would see them."""
    held = contents._held
    return {name: (name, key, held.get(key) or contents._EMPTY) for name, key in keys.items()}


def test_remembered_tools_come_back_as_fresh_copies() -> None:
    canonical = request(tools=tools("a", "b"), temperature=1)
    first = validate(canonical, recalled(tools=b"test-remembered"))
    second = validate(canonical, recalled(tools=b"test-remembered"))
    assert first == second == by_model(canonical)
    assert list(second) == ["model", "messages", "temperature", "tools"]
    assert not mutable_ids(first["tools"]) & mutable_ids(second["tools"])
    assert not mutable_ids(second) & mutable_ids(canonical)
    second["tools"][0]["function"]["name"] = "changed"  # the caller owns the output
    assert validate(canonical, recalled(tools=b"test-remembered"))["tools"] == first["tools"]


def test_invalid_tools_are_not_remembered() -> None:
    bad = request(tools=[{"type": "function", "function": {"name": "no spaces allowed"}}])
    with pytest.raises(ValidationError):
        validate(bad, recalled(tools=b"test-invalid"))
    assert b"test-invalid" not in contents._held


def test_remembered_fields_are_bounded_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    memo: Memo[Any, contents.Content] = Memo("test_repeated_content", 4096)
    monkeypatch.setattr(contents, "_held", memo)
    canonical = request(tools=tools("a"))
    for index in range(64):
        validate(copy.deepcopy(canonical), recalled(tools=b"test-bound-%d" % index))
    stats = memo.stats()
    assert 0 < stats.bytes <= stats.budget and stats.evictions > 0
    assert b"test-bound-0" not in memo
    assert b"test-bound-63" in memo


def test_null_undeclared_keys_are_left_out_and_their_object_kept() -> None:
    """The model dump leaves out an undeclared key that is null; the object itself stays."""
    payload = request(messages=[{"role": "user", "content": "hi", "x": None, "y": [None]}])
    result = translate(payload, source="openai", target="openai")
    assert result.payload["messages"] == [{"role": "user", "content": "hi"}]
    assert [c.path for c in result.changes] == ["/messages/0/y"]  # OpenAI defines no such key


def test_fields_the_target_drops_are_checked_but_not_copied() -> None:
    auth = {"type": "system_assigned_managed_identity"}
    source = {
        "type": "azure_search",
        "parameters": {
            "endpoint": "https://x", "index_name": "i", "authentication": auth, "nested": {"a": [1]}
        },
    }
    canonical = request(data_sources=[source], metadata={"k": "v"})
    dropped = dialects.get("openai").not_carried
    assert "data_sources" in dropped and "metadata" not in dropped
    out = validate(canonical, None, dropped)
    parameters = out["data_sources"][0]["parameters"]
    assert parameters["nested"] is source["parameters"]["nested"]  # not copied: to be dropped
    assert out["metadata"] == {"k": "v"} and out["metadata"] is not canonical["metadata"]
    with pytest.raises(ValidationError):  # still checked
        validate(request(data_sources=[{"parameters": {}}]), None, dropped)
    result = translate(request(data_sources=[source]), source="azure", target="openai")
    assert "data_sources" not in result.payload
    assert [change.path for change in result.changes] == ["/data_sources"]


def test_an_empty_list_stands_in_for_every_remembered_field() -> None:
    """A remembered field is validated as ``[]`` (its content is known valid): that must be valid
    for each field a payload's remembered content can become."""
    from chatdialect._reading import REPEATED

    for wire in REPEATED:
        name = "tools" if wire == "functions" else wire
        assert by_model(request(**{name: []})) is not None, name


def test_remembered_data_sources_come_back_as_fresh_copies() -> None:
    source = {"type": "azure_search", "parameters": {"endpoint": "https://x", "top_n_documents": 5}}
    canonical = request(data_sources=[source], tools=tools("a"))
    first = validate(canonical, recalled(data_sources=b"test-sources", tools=b"test-sources"))
    second = validate(canonical, recalled(data_sources=b"test-sources", tools=b"test-sources"))
    assert first == second == by_model(canonical)
    assert list(second) == list(first) == ["model", "messages", "tools", "data_sources"]
    assert not mutable_ids(second) & (mutable_ids(first) | mutable_ids(canonical))


@pytest.mark.parametrize(
    "tools_value",
    [{"not": "a list"}, [{"type": "function", "function": {"name": "big", "description": "x" * 300_000}}]],
    ids=["invalid tools", "tools too large to remember"],
)
def test_functions_remembered_alone_never_stand_for_tools_given_beside_them(tools_value: Any) -> None:
    """Once ``functions`` alone were remembered, a request with the same functions and its own
    ``tools`` (invalid, or too large to have a key) is not answered with the remembered tools: the
    invalid tools are refused, the large ones kept. Both were once lost."""
    function = {"name": "f", "parameters": {"type": "object", "properties": {}}}
    legacy = request(functions=[function])
    translate(legacy, source="openai", target="openai")
    payload = {**legacy, "tools": tools_value}
    if isinstance(tools_value, dict):
        with pytest.raises(ChatDialectError) as caught:
            translate(payload, source="openai", target="openai")
        assert [pointer for pointer, _ in caught.value.errors] == ["/tools"]  # type: ignore[attr-defined]
    else:
        out = translate(payload, source="openai", target="openai").payload
        assert [tool["function"]["name"] for tool in out["tools"]] == ["big", "f"]


def test_constructs_the_fast_validator_cannot_mirror_are_refused_at_build_time() -> None:
    """A model construct the typed-dict form cannot reproduce fails when the validator is built
    (at import for ChatRequest), with a message naming it, never later inside translate()."""
    from pydantic import BaseModel, ConfigDict, field_validator, model_validator

    from chatdialect._typeddict import convert as _convert

    class WithModelValidator(BaseModel):
        model_config = ConfigDict(strict=True)
        a: int | None = None

        @model_validator(mode="after")
        def check(self) -> WithModelValidator:
            return self

    class WithDefault(BaseModel):
        a: int = 3

    class WithBefore(BaseModel):
        a: str | None = None

        @field_validator("a", mode="before")
        @classmethod
        def lower(cls, value: object) -> object:
            return value

    for model, named in (
        (WithModelValidator, "check"),
        (WithDefault, "WithDefault.a"),
        (WithBefore, "lower"),
    ):
        with pytest.raises(TypeError, match="the fast validator cannot mirror") as error:
            _convert(model.__pydantic_core_schema__)
        assert named in str(error.value)


@pytest.mark.parametrize(
    "tree",
    [
        [{"name": "f", "parameters": {"type": "object", "default": 0.1 + 0.2, "maximum": 2**63 - 1}}],
        [{"name": "big", "parameters": {"maximum": 2**70}}],  # past 64 bits: orjson does not write it
        [{"name": "lone \ud800 surrogate"}],  # not UTF-8: orjson does not write it
        [{"description": "x" * 10_000}],  # past the JSON size: marshal
    ],
    ids=["json", "big integer", "lone surrogate", "large"],
)
def test_a_kept_form_loads_as_an_equal_fresh_copy(tree: list[Any]) -> None:
    load, raw = dictmodel._form(copy.deepcopy(tree))
    first, second = load(raw), load(raw)
    assert first == second == tree
    assert repr(first) == repr(tree)  # exact values: floats, integer sizes, strings
    assert not mutable_ids(first) & mutable_ids(second)


@pytest.fixture
def no_fitted() -> Any:
    """The fitted validators and the shapes met, empty before and after the test."""
    for memo in (dictmodel._fitted, dictmodel._fitted_seen):
        memo.clear()
    yield
    for memo in (dictmodel._fitted, dictmodel._fitted_seen):
        memo.clear()


def test_a_shape_met_twice_is_validated_by_a_validator_fitted_to_it(no_fitted: None) -> None:
    tools = [{"type": "function", "function": {"name": "f"}}]
    canonical = request(temperature=0.5, metadata={"a": "b"}, tools=tools)
    shape = (tuple(canonical), frozenset(), frozenset())
    full = dictmodel.VALIDATOR.validate_python(canonical)
    first = validate(canonical)
    assert shape in dictmodel._fitted_seen and shape not in dictmodel._fitted
    second, third = validate(canonical), validate(canonical)
    assert shape in dictmodel._fitted
    assert first == second == third == full
    assert list(first) == list(second) == list(full)
    assert not mutable_ids(second) & mutable_ids(third), "two validations share an object"


def test_a_fitted_validator_refuses_what_the_full_one_refuses(no_fitted: None) -> None:
    for _ in range(2):
        validate(request(temperature=0.5))
    with pytest.raises(ValidationError):
        validate(request(temperature="warm"))
    missing = {"model": "m", "temperature": 0.5}  # messages are required, in every fitted validator
    for _ in range(3):
        with pytest.raises(ValidationError):
            validate(missing)
    assert (tuple(missing), frozenset(), frozenset()) in dictmodel._fitted
    unknown = request(temperature=0.5, colour="red")  # an undeclared key is refused by both
    for _ in range(3):
        with pytest.raises(ValidationError):
            validate(unknown)


def test_only_the_first_shapes_are_fitted_so_new_shapes_never_cost_a_build(no_fitted: None) -> None:
    most = dictmodel._fitted.budget // (dictmodel._FITTED_BYTES + ENTRY_OVERHEAD)
    names = [name for name in ChatRequest.model_fields if name not in ("model", "messages")]
    shapes = [request(**{name: None}) for name in names[: most + 3]]  # null: left out, valid
    for canonical in shapes:
        validate(canonical)
        validate(canonical)
    assert len(dictmodel._fitted) == most and dictmodel._fitted.stats().evictions == 0
    late = shapes[-1]
    assert (tuple(late), frozenset(), frozenset()) not in dictmodel._fitted
    assert validate(late) == dictmodel.VALIDATOR.validate_python(late)
    assert dictmodel.fitted(late, frozenset()) is dictmodel.VALIDATOR
