"""LiteLLM's own request-translation step, as a baseline (used only when LiteLLM is importable).

The step is what ``litellm.completion`` does to a request before it sends it, without any network:
``litellm.utils.get_optional_params`` (map and filter the OpenAI parameters for the provider) and then
the provider config's ``transform_request`` (build the body). The provider config is looked up once,
outside the timed call, so the figure is if anything a little flattering to LiteLLM. LiteLLM works on
a private copy of the payload, since it edits some parts of its input in place.

chatdialect's dialects map to these LiteLLM providers: ``openai`` -> ``openai``, ``azure`` -> ``azure``,
``generic`` -> ``hosted_vllm`` (an OpenAI-compatible server with ``top_k``), ``watsonx`` -> ``watsonx``,
``atoma`` -> ``custom_openai`` (LiteLLM has no Atoma provider; this is its generic OpenAI-like one),
``anthropic`` -> ``anthropic`` (with model ``claude-sonnet-4-5``: its config reads the model's limits).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Any

PROVIDERS = {
    "openai": "openai",
    "azure": "azure",
    "generic": "hosted_vllm",
    "watsonx": "watsonx",
    "atoma": "custom_openai",
    "anthropic": "anthropic",
}
"""chatdialect dialect -> LiteLLM provider."""

MODELS = {"anthropic": "claude-sonnet-4-5"}
"""The model LiteLLM is given for a provider whose config depends on it (else the payload's)."""


def load() -> tuple[Any, str] | None:
    """``(litellm, version)`` if LiteLLM is installed, else ``None``; never touches the network."""
    # LiteLLM fetches a model price map at import time unless told to use its bundled copy.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    from importlib.metadata import version

    return litellm, version("litellm")


def make_step(litellm: Any, payload: dict[str, Any], target: str) -> Callable[[], dict[str, Any]]:
    """A zero-argument callable that runs LiteLLM's translation of ``payload`` for ``target``."""
    from litellm.types.utils import LlmProviders  # type: ignore[import-not-found, unused-ignore]
    from litellm.utils import (  # type: ignore[import-not-found, unused-ignore]
        ProviderConfigManager,
        get_optional_params,
    )

    # LiteLLM edits some inputs in place (it strips ``additionalProperties`` from tool schemas for some
    # providers), so it gets a private copy, made once and untimed; the edit is idempotent.
    payload = copy.deepcopy(payload)
    provider = PROVIDERS[target]
    model = MODELS.get(target) or payload.get("model") or "gpt-4o"
    messages = payload["messages"]
    params = {key: value for key, value in payload.items() if key not in ("model", "messages")}
    config = ProviderConfigManager.get_provider_chat_config(model=model, provider=LlmProviders(provider))
    if config is None:
        raise RuntimeError(f"LiteLLM has no chat config for provider {provider!r}")
    litellm_params = {"custom_llm_provider": provider}

    def step() -> dict[str, Any]:
        optional = get_optional_params(
            model=model, custom_llm_provider=provider, messages=messages, drop_params=True, **params
        )
        body: dict[str, Any] = config.transform_request(model, messages, optional, litellm_params, {})
        return body

    return step
