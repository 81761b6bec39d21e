"""The CLI's record translator passes its options to the engine exactly as ``translate`` takes them."""

from __future__ import annotations

import pytest

from chatdialect import translate
from chatdialect._cli.records import Translator


def request() -> dict:
    return {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 10, "temperature": 0.5}


@pytest.mark.parametrize(
    ("policy", "options"),
    [
        ("drop", {}),
        ("drop", {"model": "gpt-4o-mini"}),
        ("warn", {"model": "gpt-4o-mini", "stream": True}),
        ("error", {"model": "o3-mini"}),
    ],
)
def test_each_record_is_translated_as_translate_does(policy: str, options: dict) -> None:
    translator = Translator("openai", "azure", policy=policy, options=options)  # type: ignore[arg-type]
    assert translator._fixed is not None  # every option goes by position, once per run
    on_unsupported = "error" if policy == "error" else "drop"
    try:
        expected = translate(
            request(), source="openai", target="azure", on_unsupported=on_unsupported, **options
        )
    except Exception as error:  # the same refusal, as the record's problems
        outcome = translator(request())
        assert not outcome.ok, error
        return
    outcome = translator(request())
    assert outcome.ok
    assert outcome.output == expected.payload
    assert outcome.changes == expected.changes


def test_an_option_translate_does_not_take_is_refused_by_translate() -> None:
    translator = Translator("openai", "azure", options={"no_such_option": 1})
    assert translator._fixed is None
    with pytest.raises(TypeError):
        translator(request())
