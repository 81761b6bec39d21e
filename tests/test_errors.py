"""The error tree: every error survives pickle and copy with its fields (engines ship errors that way)."""

from __future__ import annotations

import copy
import pickle

import pytest

import chatdialect
from chatdialect import (
    Change,
    ChatDialectError,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
)


def _raised(call: object) -> ChatDialectError:
    with pytest.raises(ChatDialectError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def _real_errors() -> list[ChatDialectError]:
    """Errors as the library raises them, not built by hand."""
    return [
        _raised(lambda: chatdialect.translate({"model": "m", "messages": [{"role": "bogus"}], "n": 0},
                                              source="openai", target="azure")),
        _raised(lambda: chatdialect.translate({"model": "m", "messages": []}, source="nope", target="azure")),
        _raised(lambda: chatdialect.translate(
            {"model": "m", "messages": [{"role": "user", "content": "hi"}], "top_k": 3},
            source="generic", target="azure", on_unsupported="error")),
        _raised(lambda: chatdialect.translate({"model": "m", "messages": []}, source="openai", target="azure",
                                              on_unsupported="sometimes")),  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize("dump", [pickle.dumps, lambda e: pickle.dumps(e, protocol=2)], ids=["default", "v2"])
def test_every_raised_error_survives_pickle_with_its_fields(dump: object) -> None:
    errors = _real_errors()
    assert {type(error) for error in errors} == {
        InvalidRequestError, UnknownDialectError, UnsupportedFieldError, ChatDialectError,
    }
    for error in errors:
        back = pickle.loads(dump(error))  # type: ignore[operator]
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert back.args == error.args
        assert vars(back) == vars(error)


def test_invalid_request_error_keeps_every_pointer_and_its_dialect() -> None:
    error = InvalidRequestError([("/messages/0/role", "should be one of ..."), ("/n", "is too small")],
                                dialect="openai")
    back = pickle.loads(pickle.dumps(error))
    assert back.errors == error.errors
    assert back.pointers == ("/messages/0/role", "/n")
    assert back.dialect == "openai"


def test_unsupported_field_error_keeps_its_changes_and_target() -> None:
    change = Change("dropped", "/top_k", None, "The azure dialect has no top_k.")
    back = pickle.loads(pickle.dumps(UnsupportedFieldError([change], target="azure")))
    assert back.changes == (change,)
    assert back.target == "azure"


def test_unknown_dialect_error_keeps_the_known_names_and_hides_long_names() -> None:
    error = UnknownDialectError("x" * 500, ["azure", "openai"])
    back = pickle.loads(pickle.dumps(error))
    assert back.known == ("azure", "openai")
    assert str(back) == str(error)
    assert "x" * 65 not in str(back)


def test_notes_and_added_attributes_survive_and_copies_are_equal() -> None:
    error = InvalidRequestError([("/model", "is required")])
    error.add_note("while reading line 7")
    error.line = 7  # type: ignore[attr-defined]
    for back in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert back.__notes__ == ["while reading line 7"]
        assert back.line == 7  # type: ignore[attr-defined]
        assert back.errors == error.errors


def test_a_subclass_made_by_a_caller_survives_pickle() -> None:
    back = pickle.loads(pickle.dumps(_Mine([("/model", "is required")], dialect="azure")))
    assert type(back) is _Mine
    assert back.dialect == "azure"


class _Mine(InvalidRequestError):
    pass
