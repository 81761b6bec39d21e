"""Each dialect table says what SPEC section 3 says its vendor carries."""

from __future__ import annotations

import pytest

from chatdialect._dialects import REGISTRY
from chatdialect._model import CANONICAL_FIELDS

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
    "atoma": "temperature top_p n stop stream presence_penalty frequency_penalty logit_bias "
    "response_format seed tools tool_choice user",
}
OPENAI_ONLY_NEWER = {"verbosity", "prompt_cache_key", "prompt_cache_retention", "safety_identifier"}
NOT_OPENAI = {"top_k", "data_sources", "enhancements", "cache", "router"}


@pytest.mark.parametrize("name", sorted(SPEC_CARRIES))
def test_carried_fields_match_the_spec(name: str) -> None:
    assert set(REGISTRY[name].fields) == set(SPEC_CARRIES[name].split())


def test_openai_carries_every_canonical_field_but_the_other_vendors_extensions() -> None:
    carried = set(REGISTRY["openai"].fields) | {"model", "messages"}
    assert carried == set(CANONICAL_FIELDS) - NOT_OPENAI
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
        ("atoma", {"functions", "function_call", "max_tokens"}),
    ],
)
def test_legacy_fields_read(name: str, legacy: set[str]) -> None:
    assert REGISTRY[name].legacy == legacy


def test_dialect_specific_rules() -> None:
    assert not REGISTRY["azure"].model_required
    assert all(d.model_required for n, d in REGISTRY.items() if n != "azure")
    assert REGISTRY["atoma"].writes_max_tokens
    assert not any(d.writes_max_tokens for n, d in REGISTRY.items() if n != "atoma")
    assert {n for n, d in REGISTRY.items() if d.stop_list_only} == {"azure", "watsonx", "atoma"}
    assert {n for n, d in REGISTRY.items() if "developer" in d.roles} == {"openai", "watsonx"}
    assert REGISTRY["azure"].fields["top_logprobs"].maximum == 5
    assert REGISTRY["openai"].fields["n"].maximum == 128
