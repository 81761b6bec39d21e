"""The model table (chatdialect.models) and the model rules applied when writing (SPEC section 10)."""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any

import pytest

from chatdialect import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnsupportedFieldError,
    render,
    translate,
)
from chatdialect._cli import main
from chatdialect.models import DEFAULT, FACT_NAMES, Fact, ModelFamily, ModelTable, normalise

USER = {"role": "user", "content": "Hi"}


def payload(model: str, **fields: Any) -> dict[str, Any]:
    return {"model": model, "messages": [USER], **fields}


def by_path(result: Any) -> dict[str, Any]:
    return {change.path: change for change in result.changes}


# --- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("o3-mini", "o3, o4-mini"),
        ("O3-MINI-2025-01-31", "o3, o4-mini"),
        ("ft:o4-mini-2025-04-16:org::x", "o3, o4-mini"),
        ("openai/o3-mini", "o3, o4-mini"),
        ("azure/openai/o4-mini", "o3, o4-mini"),
        ("o5-mini", "o3, o4-mini"),  # a forward rule: a version not seen yet
        ("o1-mini-2024-09-12", "o1-preview, o1-mini"),
        ("o1", "o1"),
        ("o3-pro", "o3-pro, codex-mini"),
        ("gpt-5-mini-2025-08-07", "gpt-5"),
        ("gpt-5-chat-latest", "gpt-5 chat"),
        ("gpt-5.1", "gpt-5.1"),
        ("gpt-5.3", "gpt-5.2+"),  # forward
        ("gpt-5.1-codex-max", "gpt-5 codex"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-4.1-nano", "gpt-4.1"),
        ("gpt-3.5-turbo-0613", "gpt-4, gpt-3.5"),
        ("my-reasoning-model", None),
        ("llama-3.3-70b", None),
        ("gpt-6", None),  # no rule guesses a new major version
    ],
)
def test_family_of_normalised_ids(model: str, family: str | None) -> None:
    assert DEFAULT.family_of(model) == family


def test_normalise() -> None:
    assert normalise(" OpenAI/ft:GPT-4o-mini-2024-07-18:acme::abc ") == "gpt-4o-mini"
    assert normalise("gpt-4-0613") == "gpt-4"


def test_every_stated_fact_has_a_source_and_a_date() -> None:
    for row in DEFAULT:
        assert row.ids, row.name
        for name, fact in row.facts():
            assert name in FACT_NAMES
            if fact.checked:
                assert fact.source and len(fact.checked) == 10, (row.name, name)
    assert any(fact.community for row in DEFAULT for _, fact in row.facts())
    assert any(not fact.community and fact.checked for row in DEFAULT for _, fact in row.facts())


def test_first_match_wins() -> None:
    """gpt-5.1-codex matches the codex row, which comes before gpt-5.1's forward patterns."""
    names = [row.name for row in DEFAULT]
    assert names.index("gpt-5 codex") < names.index("gpt-5.2+")
    assert DEFAULT.family_of("gpt-5.1-codex") == "gpt-5 codex"


# --- the rules when writing -------------------------------------------------------------------


def test_o3_mini_drops_what_the_api_refuses_once_each_naming_the_family() -> None:
    given = payload("o3-mini", temperature=0.2, top_p=0.5, logit_bias={"50256": -100}, max_tokens=50)
    before = copy.deepcopy(given)
    result = translate(given, source="openai", target="openai")
    assert given == before
    assert result.payload == {"model": "o3-mini", "messages": [USER], "max_completion_tokens": 50}
    changes = by_path(result)
    assert len(changes) == len(result.changes)  # one net change per field
    assert changes["/temperature"].kind == "dropped"
    assert changes["/temperature"].reason == "The o3, o4-mini family accepts temperature only at 1."
    for field in ("top_p", "logit_bias"):
        assert changes[f"/{field}"].kind == "dropped"
        assert "o3, o4-mini" in changes[f"/{field}"].reason


def test_the_one_accepted_value_is_kept() -> None:
    result = translate(payload("o3-mini", temperature=1), source="openai", target="openai")
    assert result.payload["temperature"] == 1 and result.changes == ()


def test_a_reasoning_effort_the_family_lacks_is_dropped_never_mapped() -> None:
    result = translate(payload("o3-mini", reasoning_effort="minimal"), source="openai", target="openai")
    assert "reasoning_effort" not in result.payload
    assert "low, medium, high" in by_path(result)["/reasoning_effort"].reason
    kept = translate(payload("gpt-5", reasoning_effort="minimal"), source="openai", target="openai")
    assert kept.payload["reasoning_effort"] == "minimal"


def test_reasoning_effort_none_unlocks_sampling_on_gpt_5_1() -> None:
    def to_openai(given: dict[str, Any]) -> Any:
        return translate(given, source="openai", target="openai")

    unlocked = to_openai(payload("gpt-5.1", temperature=0.2, top_p=0.9, reasoning_effort="none"))
    assert unlocked.payload["temperature"] == 0.2 and unlocked.payload["top_p"] == 0.9
    assert unlocked.changes == ()
    locked = to_openai(payload("gpt-5.1", temperature=0.2, reasoning_effort="low"))
    assert "temperature" not in locked.payload
    assert "reasoning_effort none" in by_path(locked)["/temperature"].reason
    # gpt-5 has no "none": the value is dropped, and so sampling stays locked
    older = to_openai(payload("gpt-5", temperature=0.2, reasoning_effort="none"))
    assert "temperature" not in older.payload and "reasoning_effort" not in older.payload


def test_gpt_5_takes_no_parallel_tool_calls_with_minimal_effort() -> None:
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    given = payload("gpt-5", tools=tools, parallel_tool_calls=False, reasoning_effort="minimal")
    result = translate(given, source="openai", target="openai")
    assert "parallel_tool_calls" not in result.payload
    assert "with reasoning_effort minimal" in by_path(result)["/parallel_tool_calls"].reason
    given["reasoning_effort"] = "low"
    assert translate(given, source="openai", target="openai").payload["parallel_tool_calls"] is False


def test_instruction_roles() -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "developer", "content": "JSON."}, USER]
    kept = translate({"model": "o3-mini", "messages": messages}, source="openai", target="openai")
    assert [m["role"] for m in kept.payload["messages"]] == ["system", "developer", "user"]  # accepted
    o1_mini = translate({"model": "o1-mini", "messages": messages}, source="openai", target="openai")
    assert [m["role"] for m in o1_mini.payload["messages"]] == ["user", "user", "user"]
    change = by_path(o1_mini)["/messages/0/role"]
    assert change.kind == "converted" and "o1-preview, o1-mini" in change.reason


def test_non_reasoning_families_drop_reasoning_effort_and_verbosity() -> None:
    result = translate(
        payload("gpt-4o-mini", reasoning_effort="low", verbosity="low"), source="openai", target="openai"
    )
    assert set(result.payload) == {"model", "messages"}
    assert "gpt-4o" in by_path(result)["/verbosity"].reason


def test_unknown_ids_get_no_model_rules() -> None:
    given = payload("my-reasoning-model", temperature=0.2, reasoning_effort="low")
    assert translate(given, source="openai", target="openai").changes == ()


def test_model_family_names_the_family_of_a_deployment() -> None:
    given = {"messages": [USER], "temperature": 0.2}
    plain = translate(given, source="azure", target="azure", model="prod-chat")
    assert plain.payload["temperature"] == 0.2
    named = translate(given, source="azure", target="azure", model="prod-chat", model_family="o3, o4-mini")
    assert "temperature" not in named.payload
    with pytest.raises(ChatDialectError, match="model_family names no family"):
        translate(given, source="azure", target="azure", model_family="o9000")


def test_generic_applies_model_rules_only_when_named() -> None:
    plain = translate(payload("o3-mini", temperature=0.2), source="generic", target="generic")
    assert plain.payload["temperature"] == 0.2  # a generic server's "o3-mini" may be anything
    prefixed = translate(payload("openai/o3-mini", temperature=0.2), source="generic", target="generic")
    assert "temperature" not in prefixed.payload
    named = translate(
        payload("o3-mini", temperature=0.2), source="generic", target="generic", model_family="o3, o4-mini"
    )
    assert "temperature" not in named.payload


def test_dialects_without_model_rules_ignore_them() -> None:
    result = translate(payload("o3-mini", temperature=0.2), source="openai", target="watsonx")
    assert result.payload["temperature"] == 0.2


def test_a_responses_only_family_warns_and_fails_strictly() -> None:
    with pytest.warns(ChatDialectWarning, match="responses dialect"):
        translate(payload("o3-pro"), source="openai", target="openai")
    with pytest.raises(UnsupportedFieldError, match="Responses API"):
        translate(payload("o3-pro"), source="openai", target="openai", on_unsupported="error")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        translate(payload("o3-pro", top_p=0.5), source="openai", target="openai", on_unsupported="warn")
    assert len(caught) == 1 and "top_p" in str(caught[0].message)  # one warning per translation


def test_on_your_data_with_a_family_that_rejects_max_tokens_is_an_error() -> None:
    auth = {"type": "system_assigned_managed_identity"}
    parameters = {"endpoint": "https://s", "index_name": "i", "authentication": auth}
    source = {"type": "azure_search", "parameters": parameters}
    given = {"messages": [USER], "data_sources": [source], "max_completion_tokens": 100}
    assert translate(given, source="azure", target="azure").payload["max_tokens"] == 100
    with pytest.raises(InvalidRequestError) as raised:
        translate(given, source="azure", target="azure", model="o3-mini")
    assert raised.value.pointers == ("/data_sources",)


def test_render_takes_the_same_options() -> None:
    from chatdialect import parse

    request = parse(payload("prod", temperature=0.2), dialect="openai")
    assert "temperature" not in render(request, dialect="openai", model_family="gpt-5").payload


# --- the caller's corrections -----------------------------------------------------------------


def test_override_by_model_id_puts_a_row_first_for_that_id_alone() -> None:
    table = DEFAULT.override({"o3-mini": {"rejects": {"+": ["stop"]}}})
    assert table.rows[0].name == "o3-mini" and table.family_of("o3-mini-2025-01-31") == "o3-mini"
    assert table.family_of("o4-mini") == "o3, o4-mini"
    assert DEFAULT.family_of("o3-mini") == "o3, o4-mini"  # the built-in table is unchanged
    given = payload("o3-mini", stop=["END"], temperature=0.2)
    result = translate(given, source="openai", target="openai", models=table)
    assert "stop" not in result.payload and "temperature" not in result.payload  # copied facts kept
    assert table.rows[0].rejects.source == "caller override"
    assert "stop" in translate(given, source="openai", target="openai").payload


def test_override_by_family_changes_it_in_place() -> None:
    table = DEFAULT.override({"gpt-4o": {"verbosity": True}})
    assert [row.name for row in table] == [row.name for row in DEFAULT]
    result = translate(payload("gpt-4o", verbosity="low"), source="openai", target="openai", models=table)
    assert result.payload["verbosity"] == "low"


def test_override_refuses_unknown_facts() -> None:
    with pytest.raises(ChatDialectError, match="knows no model fact"):
        DEFAULT.override({"gpt-4o": {"temperature": 1}})
    with pytest.raises(ChatDialectError, match="models must be a ModelTable"):
        translate(payload("gpt-4o"), source="openai", target="openai", models={"gpt-4o": {}})  # type: ignore[arg-type]


def test_a_new_family_is_one_row() -> None:
    """Adding a model family is one row: matched, applied, listed by `chatdialect models` and in the docs."""
    row = ModelFamily(
        name="acme-think",
        ids=("acme-think",),
        forward=(r"acme-think-\d+",),
        rejects=Fact(frozenset({"seed"}), "Acme API reference", "2026-11-29"),
        efforts=Fact(("low", "high"), "Acme API reference", "2026-11-29"),
    )
    table = ModelTable((row, *DEFAULT.rows))
    assert table.family_of("acme-think-2") == "acme-think"
    given = payload("acme-think-2", seed=7, reasoning_effort="medium")
    result = translate(given, source="openai", target="openai", models=table)
    assert set(result.payload) == {"model", "messages"}
    assert {change.path for change in result.changes} == {"/seed", "/reasoning_effort"}
    from chatdialect._model_view import models_page, render_models

    assert "acme-think" in render_models("text", table) and "## acme-think" in models_page(table)


# --- the command ------------------------------------------------------------------------------


def test_models_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    text = capsys.readouterr().out
    assert "o3, o4-mini" in text and "[community]" in text and "checked 2026-" in text
    assert main(["models", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [family["family"] for family in data["families"]] == [row.name for row in DEFAULT]
    efforts = data["families"][0]["facts"]["efforts"]
    assert set(efforts) == {"value", "source", "checked", "community"}


def test_the_responses_hook_applies_the_rules_without_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialect listing RESPONSES_MODEL_RULES (the responses dialect's hook) drops what the family
    rejects and does not warn for a Responses-only family."""
    from chatdialect._dialects import REGISTRY
    from chatdialect._dialects.base import Dialect, carries
    from chatdialect._rules.models import RESPONSES_MODEL_RULES
    from chatdialect._rules.request import ModelRequired

    toy = Dialect(
        name="responses-like",
        title="A Responses-shaped toy",
        source="this test",
        fields=carries("temperature", "top_p"),
        rules=(RESPONSES_MODEL_RULES, ModelRequired()),
    )
    monkeypatch.setitem(REGISTRY, "responses-like", toy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = translate(payload("o3-pro", top_p=0.5), source="openai", target="responses-like")
    assert "top_p" not in result.payload and "o3-pro, codex-mini" in by_path(result)["/top_p"].reason
