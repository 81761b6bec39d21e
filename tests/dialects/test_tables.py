"""Each dialect table says what SPEC section 3 says its vendor carries."""

from __future__ import annotations

import pytest

from chatdialect._dialects import REGISTRY
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._rules.containers import ListOnly
from chatdialect._rules.fields import Range
from chatdialect._rules.messages import NoDeveloperRole

SPEC_CARRIES = {
    "azure": "temperature top_p n stop stream stream_options max_completion_tokens presence_penalty "
    "frequency_penalty logit_bias user seed logprobs top_logprobs response_format tools tool_choice "
    "parallel_tool_calls data_sources enhancements",
    "generic": "temperature top_p top_k n stop stream stream_options max_completion_tokens "
    "presence_penalty frequency_penalty logit_bias logprobs top_logprobs response_format seed tools "
    "tool_choice parallel_tool_calls user modalities audio service_tier reasoning_effort store metadata",
    "watsonx": "temperature top_p n stop stream stream_options max_completion_tokens presence_penalty "
    "frequency_penalty logit_bias logprobs top_logprobs response_format seed tools tool_choice "
    "parallel_tool_calls user metadata modalities audio prediction reasoning_effort service_tier store "
    "cache router",
    "atoma": "temperature top_p n stop stream max_tokens presence_penalty frequency_penalty "
    "logit_bias "
    "response_format seed tools tool_choice user",
}
OPENAI_ONLY_NEWER = {"verbosity", "prompt_cache_key", "prompt_cache_retention", "safety_identifier"}
NOT_OPENAI = {"top_k", "data_sources", "enhancements", "cache", "router"}
ANTHROPIC_ONLY = {
    "thinking",
    "cache_control",
    "container",
    "mcp_servers",
    "context_management",
    "inference_geo",
}
BEDROCK_ONLY = {
    "guardrail_config",
    "performance_config",
    "prompt_variables",
    "additional_model_request_fields",
    "additional_model_response_field_paths",
}
GEMINI_ONLY = {"safety_settings", "cached_content", "labels", "generation_config", "tool_config"}
RESPONSES_ONLY = {
    "instructions",
    "reasoning",
    "include",
    "previous_response_id",
    "conversation",
    "truncation",
    "background",
    "max_tool_calls",
    "prompt",
}


@pytest.mark.parametrize("name", sorted(SPEC_CARRIES))
def test_carried_fields_match_the_spec(name: str) -> None:
    assert set(REGISTRY[name].wire_names) == set(SPEC_CARRIES[name].split())


def test_openai_carries_every_canonical_field_but_the_other_vendors_extensions() -> None:
    carried = set(REGISTRY["openai"].fields) | {"model", "messages"}
    assert carried == (
        set(CANONICAL_FIELDS) - NOT_OPENAI - ANTHROPIC_ONLY - BEDROCK_ONLY - GEMINI_ONLY - RESPONSES_ONLY
    )
    assert carried >= OPENAI_ONLY_NEWER


def test_every_carried_field_is_canonical() -> None:
    for dialect in REGISTRY.values():
        assert set(dialect.fields) <= set(CANONICAL_FIELDS), dialect.name


@pytest.mark.parametrize(
    ("name", "legacy"),
    [
        ("openai", {"functions", "function_call", "max_tokens"}),
        ("azure", {"functions", "function_call", "max_tokens"}),
        ("generic", {"max_tokens"}),
        ("watsonx", {"functions", "function_call", "max_tokens"}),
        ("atoma", {"functions", "function_call"}),  # max_tokens is atoma's own name of the cap
    ],
)
def test_legacy_fields_read(name: str, legacy: set[str]) -> None:
    assert set(REGISTRY[name].reads) == legacy


def _has(name: str, field: str, kind: type) -> bool:
    return any(isinstance(rule, kind) for rule in REGISTRY[name].fields.get(field, ()))


def test_dialect_specific_rules() -> None:
    assert not REGISTRY["azure"].model_required
    assert all(d.model_required for n, d in REGISTRY.items() if n not in ("azure", "gemini"))
    assert not REGISTRY["gemini"].model_required  # in the URL: model= gives it (SPEC 8)
    assert REGISTRY["atoma"].wire_name("max_completion_tokens") == "max_tokens"
    renaming = ("atoma", "anthropic", "bedrock", "gemini", "responses")
    assert not any(d.canonical_wire for n, d in REGISTRY.items() if n not in renaming)
    listed = {"azure", "watsonx", "atoma", "anthropic", "bedrock", "gemini"}
    assert {n for n in REGISTRY if _has(n, "stop", ListOnly)} == listed
    roles = {n for n, d in REGISTRY.items() if not any(isinstance(r, NoDeveloperRole) for r in d.rules)}
    # codecs: developer -> system; responses keeps developer messages as role items
    assert roles == {"openai", "watsonx", "anthropic", "bedrock", "gemini", "responses"}
    assert [r.maximum for r in REGISTRY["azure"].fields["top_logprobs"] if isinstance(r, Range)] == [5]
    assert [r.maximum for r in REGISTRY["openai"].fields["n"] if isinstance(r, Range)] == [128]


def test_responses_carries_the_chat_fields_it_has_and_its_own() -> None:
    """SPEC 8: Responses lacks stop, n, seed, logit_bias and the penalties; what it holds with no chat
    counterpart is carried under its own name by it alone."""
    carried = set(REGISTRY["responses"].fields)
    assert carried >= RESPONSES_ONLY
    assert not carried & {"stop", "n", "seed", "logit_bias", "frequency_penalty", "presence_penalty"}
    others = {name for dialect in REGISTRY.values() if dialect.name != "responses" for name in dialect.fields}
    assert not others & RESPONSES_ONLY
    assert REGISTRY["responses"].wire_name("max_completion_tokens") == "max_output_tokens"
