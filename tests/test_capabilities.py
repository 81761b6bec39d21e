"""The capability matrix: its shape, its renderings, and that every cell says what the engine does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chatdialect import ChatRequest, dialect_names, render, translate
from chatdialect._capabilities import LEGACY_ROWS, cell_text, matrix, render_matrix
from chatdialect._dialects import REGISTRY
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._rules.request import Constraint

TOOL = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}

SAMPLES: dict[str, Any] = {
    "temperature": 1,
    "top_p": 0.5,
    "top_k": 5,
    "n": 2,
    "stop": ["END"],
    "stream": False,
    "stream_options": {"include_usage": True},
    "max_completion_tokens": 100,
    "frequency_penalty": 0.5,
    "presence_penalty": 0.5,
    "logit_bias": {"50256": -100},
    "logprobs": True,
    "top_logprobs": 2,
    "response_format": {"type": "json_object"},
    "seed": 7,
    "tools": [TOOL],
    "tool_choice": {"type": "function", "function": {"name": "lookup"}},
    "parallel_tool_calls": True,
    "user": "user-1",
    "metadata": {"team": "search"},
    "modalities": ["text"],
    "audio": {"voice": "alloy", "format": "wav"},
    "prediction": {"type": "content", "content": "x"},
    "reasoning_effort": "low",
    "verbosity": "low",
    "service_tier": "auto",
    "store": True,
    "web_search_options": {"search_context_size": "low"},
    "prompt_cache_key": "key-1",
    "prompt_cache_retention": "24h",
    "prompt_cache_options": {"ttl": "1h"},
    "safety_identifier": "hash-1",
    "moderation": {"mode": "strict"},
    "data_sources": [
        {
            "type": "azure_search",
            "parameters": {
                "endpoint": "https://x",
                "index_name": "docs",
                "authentication": {"type": "system_assigned_managed_identity"},
            },
        }
    ],
    "enhancements": {"grounding": {"enabled": True}},
    "cache": {"enabled": True},
    "router": {"strategy": "cost"},
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "cache_control": {"type": "ephemeral"},
    "container": "container_011CPR5CNjB747bTd36fQLFk",
    "mcp_servers": [{"type": "url", "name": "docs", "url": "https://mcp.example.com/sse"}],
    "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
    "inference_geo": "us",
    "guardrail_config": {"guardrailIdentifier": "gr-abc123", "guardrailVersion": "1"},
    "performance_config": {"latency": "optimized"},
    "prompt_variables": {"topic": {"text": "billing"}},
    "additional_model_request_fields": {"anthropic_beta": ["context-1m-2025-08-07"]},
    "additional_model_response_field_paths": ["/stop_sequence"],
    "safety_settings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}],
    "cached_content": "cachedContents/abc123",
    "labels": {"team": "search"},
    "generation_config": {"responseModalities": ["TEXT"]},
    "tool_config": {"retrievalConfig": {"languageCode": "en"}},
    "instructions": "Be brief.",
    "reasoning": {"summary": "auto"},
    "include": ["reasoning.encrypted_content"],
    "previous_response_id": "resp_1",
    "conversation": "conv_1",
    "truncation": "auto",
    "background": True,
    "max_tool_calls": 3,
    "prompt": {"id": "pmpt_1"},
}
"""One valid value per canonical field (a field added to the model needs a sample here)."""

PREREQUISITES: dict[str, dict[str, Any]] = {
    "stream_options": {"stream": True},
    "top_logprobs": {"logprobs": True},
    "parallel_tool_calls": {"tools": [TOOL]},
    "tool_choice": {"tools": [TOOL]},
}
"""Fields a rule makes depend on another: set together so that only the row itself is tested."""

MESSAGES = [{"role": "user", "content": "hi"}]


def test_rows_and_columns() -> None:
    data = matrix()
    assert list(data["dialects"]) == list(dialect_names())
    assert list(data["fields"]) == [*CANONICAL_FIELDS, *LEGACY_ROWS]
    for row in data["fields"].values():
        assert list(row["cells"]) == list(dialect_names())
        for cell in row["cells"].values():
            assert cell["status"] in ("carried", "renamed", "converted", "dropped")
            assert set(cell) == {"status", "target", "range", "values", "notes"}


def test_every_canonical_field_has_a_sample() -> None:
    missing = [name for name in CANONICAL_FIELDS if name not in ("model", "messages") and name not in SAMPLES]
    assert not missing, f"add sample values for {missing} to SAMPLES"


@pytest.mark.parametrize("dialect", dialect_names())
@pytest.mark.parametrize("field", [name for name in CANONICAL_FIELDS if name not in ("model", "messages")])
def test_canonical_cells_match_the_writer(field: str, dialect: str) -> None:
    """Writing a request with just that field set does what the cell says."""
    cell = matrix()["fields"][field]["cells"][dialect]
    request = ChatRequest.model_validate(
        {"model": "m", "messages": MESSAGES, **PREREQUISITES.get(field, {}), field: SAMPLES[field]}
    )
    result = render(request, dialect=dialect)
    mine = [change for change in result.changes if change.path == f"/{field}"]
    if cell["status"] == "carried":
        assert result.payload[field] == SAMPLES[field]
        assert not mine
    elif cell["status"] == "converted":  # reshaped by the dialect's codec
        assert field not in result.payload or result.payload[field] != SAMPLES[field]
        if any(note.endswith(" only") for note in cell["notes"]) and [c.kind for c in mine] == ["dropped"]:
            return  # a value the cell's note excludes (a json_object response_format to anthropic)
        # a field reshaped member by member (generation_config) is recorded at its members
        mine = mine or [c for c in result.changes if c.path and c.path.startswith(f"/{field}/")]
        assert mine and all(c.kind in ("converted", "defaulted", "moved", "renamed") for c in mine), mine
    elif cell["status"] == "renamed":
        assert field not in result.payload
        assert result.payload[cell["target"]] == SAMPLES[field]
        assert [(c.kind, c.target_path) for c in mine] == [("renamed", f"/{cell['target']}")]
    else:
        assert cell["status"] == "dropped"
        assert field not in result.payload
        assert [c.kind for c in mine] == ["dropped"]


LEGACY_PAYLOADS: dict[str, dict[str, Any]] = {
    "functions": {"functions": [TOOL["function"]]},
    "function_call": {"functions": [TOOL["function"]], "function_call": "auto"},
    "max_tokens": {"max_tokens": 10},
}


@pytest.mark.parametrize("dialect", dialect_names())
@pytest.mark.parametrize("field", LEGACY_ROWS)
def test_legacy_cells_match_the_reader(field: str, dialect: str) -> None:
    """Reading the legacy wire field from the dialect (and writing it back) does what the cell says."""
    cell = matrix()["fields"][field]["cells"][dialect]
    if dialect == "bedrock":  # the model in the URL, content as blocks
        payload = {"messages": [{"role": "user", "content": [{"text": "hi"}]}], **LEGACY_PAYLOADS[field]}
        result = translate(payload, source=dialect, target=dialect, model="m")
    else:
        base = translate({"model": "m", "messages": MESSAGES}, source="openai", target=dialect).payload
        payload = {**base, **LEGACY_PAYLOADS[field]}  # in the dialect's own shape
        result = translate(payload, source=dialect, target=dialect, model=None if "model" in base else "m")
    mine = [change for change in result.changes if change.path == f"/{field}"]
    if cell["status"] == "carried":
        assert result.payload[field] == payload[field] and not mine
    elif cell["status"] == "dropped":
        assert field not in result.payload
        assert [c.kind for c in mine] == ["dropped"]
    else:
        assert [(c.kind, c.target_path) for c in mine] == [(cell["status"], f"/{cell['target']}")]
        assert cell["target"] in result.payload


def test_cells_follow_the_tables() -> None:
    data = matrix()["fields"]
    assert data["top_logprobs"]["cells"]["azure"]["range"] == "0..5"
    assert data["n"]["cells"]["openai"]["range"] == "1..128"
    assert data["reasoning_effort"]["cells"]["generic"]["values"] == ["low", "medium", "high"]
    assert data["metadata"]["cells"]["openai"]["notes"] == ["string values"]
    assert data["stop"]["cells"]["watsonx"]["notes"] == ["string -> list", "at most 4"]
    assert data["model"]["cells"]["azure"]["notes"] == ["optional"]
    assert "developer -> system" in data["messages"]["cells"]["atoma"]["notes"]
    assert "developer -> system" not in data["messages"]["cells"]["openai"]["notes"]
    assert data["max_completion_tokens"]["cells"]["atoma"] == {
        "status": "renamed", "target": "max_tokens", "range": None, "values": None, "notes": [],
    }


def test_dialect_rules_come_from_the_constraints() -> None:
    data = matrix()["dialects"]
    for name, info in data.items():
        constraints = [rule for rule in REGISTRY[name].rules if isinstance(rule, Constraint)]
        listed = [rule for rule in info["rules"] if "field" in rule]
        assert [rule["field"] for rule in listed] == [c.field for c in constraints]
        assert [rule["reason"] for rule in listed] == [c.reason for c in constraints]
        assert [rule["text"] for rule in info["rules"]] == [r.doc() for r in REGISTRY[name].rules if r.doc()]
    texts = [rule["text"] for rule in data["generic"]["rules"]]
    assert "logprobs cannot go with stream; otherwise logprobs is dropped." in texts


def test_cell_text() -> None:
    cell = {"status": "carried", "target": None, "range": "0..5", "values": None, "notes": []}
    assert cell_text(cell) == "carried 0..5"
    cell = {"status": "renamed", "target": "max_tokens", "range": None, "values": None, "notes": ["x"]}
    assert cell_text(cell) == "renamed (-> max_tokens) (x)"
    cell = {"status": "carried", "target": None, "range": None, "values": ["a", "b"], "notes": []}
    assert cell_text(cell) == "carried a/b"


def test_renderings() -> None:
    assert json.loads(render_matrix("json")) == json.loads(json.dumps(matrix()))
    text = render_matrix("text").splitlines()
    header, rule = text[0], text[1]
    assert header.split() == ["field", *dialect_names()]
    starts = [i for i, char in enumerate(rule) if char == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == len(dialect_names()) + 1
    for line in text[2 : 2 + len(CANONICAL_FIELDS) + len(LEGACY_ROWS)]:
        for start in starts[1:]:
            assert line[start - 2 : start] == "  " and line[start] != " "  # every column aligned
    markdown = render_matrix("markdown")
    assert "| `max_tokens (legacy)` |" in markdown
    assert render_matrix() == render_matrix("text")
    with pytest.raises(ValueError, match="unknown matrix format"):
        render_matrix("html")  # type: ignore[arg-type]
