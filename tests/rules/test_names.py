"""Function tool names: each dialect's own pattern (SPEC 2), checked when read and when written."""

from __future__ import annotations

from typing import Any

import pytest

from chatdialect import ChatRequest, InvalidRequestError, parse, render, translate
from chatdialect._capabilities import field_cell
from chatdialect._dialects import REGISTRY
from chatdialect._schema_export import export_schema

LONG = "lookup_" + "x" * 93  # 100 characters: Anthropic's names, not OpenAI's


def anthropic_request(name: str) -> dict[str, Any]:
    return {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Hi"}],
        "tools": [{"name": name, "input_schema": {"type": "object"}}],
    }


def openai_request(name: str) -> dict[str, Any]:
    tool = {"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "tools": [tool]}


def test_a_long_anthropic_name_stays_within_anthropic() -> None:
    result = translate(anthropic_request(LONG), source="anthropic", target="anthropic")
    assert result.payload["tools"][0]["name"] == LONG
    assert result.changes == ()


@pytest.mark.parametrize("target", ["openai", "azure", "generic", "watsonx", "atoma"])
def test_a_name_the_target_cannot_take_is_an_error_at_the_name_in_the_input(target: str) -> None:
    """Renaming would break the calls to the tool in the history: the translation is refused."""
    with pytest.raises(InvalidRequestError) as caught:
        translate(anthropic_request(LONG), source="anthropic", target=target)
    assert caught.value.pointers == ("/tools/0/name",)
    assert "1 to 64 letters, digits, _ or -" in str(caught.value)
    assert LONG not in str(caught.value)


@pytest.mark.parametrize("name", [LONG, "weather.lookup", "ns:tool", "bad name"])
def test_an_openai_shaped_source_refuses_names_openai_does_not_allow(name: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        parse(openai_request(name), dialect="openai")
    assert caught.value.pointers == ("/tools/0/function/name",)


def test_names_beyond_anthropic_pattern_are_refused_when_written_to_anthropic() -> None:
    """A name with a dot (Gemini's) can be canonical but not Anthropic's."""
    request = ChatRequest.model_validate(openai_request("weather.lookup"))
    with pytest.raises(InvalidRequestError) as caught:
        render(request, dialect="anthropic")
    assert caught.value.pointers == ("/tools/0/function/name",)


def test_the_rule_is_in_the_matrix_and_the_schema_of_each_dialect() -> None:
    cell = field_cell("tools", REGISTRY["openai"])
    assert "names up to 64" in cell.notes
    defs = export_schema("openai")["$defs"]
    assert defs["FunctionDefinition"]["properties"]["name"]["pattern"] == "^[a-zA-Z0-9_-]{1,64}$"


@pytest.mark.parametrize("name", ["0lookup", "-x"])
def test_gemini_names_start_with_a_letter_or_an_underscore(name: str) -> None:
    """OpenAI takes a name starting with a digit or a dash; Gemini does not."""
    with pytest.raises(InvalidRequestError) as caught:
        translate(openai_request(name), source="openai", target="gemini")
    assert caught.value.pointers == ("/tools/0/function/name",)


def test_gemini_takes_dots_and_colons_that_openai_does_not() -> None:
    request = ChatRequest.model_validate(openai_request("weather.lookup:v2"))
    assert render(request, dialect="gemini").payload["tools"][0]["functionDeclarations"][0]["name"] == (
        "weather.lookup:v2"
    )
