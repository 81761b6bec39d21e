"""LiteLLM's own request-translation step, as a baseline (used only when LiteLLM is importable).

The step is what ``litellm.completion`` does to a request before it sends it, without any network, in
its order: the message and tool checks (``validate_and_fix_openai_messages``,
``validate_and_fix_openai_tools``, ``validate_chat_completion_tool_choice``), the copy of the
messages (``get_completion_messages``), the provider lookup (``get_llm_provider``), the parameter
mapping (``litellm.utils.get_optional_params``), the provider config's ``transform_request`` (build the
body), and the ``extra_body`` merge into the body (what the OpenAI client does for the openai and
azure paths). The provider config is looked up once, outside the timed call (``completion`` looks it
up per call), so the figure is if anything a little flattering to LiteLLM. Left out: logging and
callback set-up, model-cost lookups, the HTTP client. LiteLLM works on a private copy of the payload,
since it edits some parts of its input in place. (``litellm.utils.return_raw_request`` gives the
real body of a ``completion`` call too, but through an exception that costs LiteLLM ~40 ms a call:
not a fair figure.)

chatdialect's dialects map to these LiteLLM providers: ``openai`` -> ``openai``, ``azure`` -> ``azure``,
``generic`` -> ``hosted_vllm`` (an OpenAI-compatible server with ``top_k``), ``watsonx`` -> ``watsonx``,
``atoma`` -> ``custom_openai`` (LiteLLM has no Atoma provider; this is its generic OpenAI-like one),
``anthropic`` -> ``anthropic`` (with model ``claude-sonnet-4-5``: its config reads the model's limits),
``bedrock`` -> ``bedrock`` (the Converse config, with a Claude model id: its rules depend on the family),
``gemini`` -> ``gemini`` (Google AI Studio, with model ``gemini-2.5-flash``; its body is built by
``_transform_request_body``, the path ``completion`` takes: the config's ``transform_request`` raises for it).
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
    "bedrock": "bedrock",
    "gemini": "gemini",
}
"""chatdialect dialect -> LiteLLM provider."""

MODELS = {
    "anthropic": "claude-sonnet-4-5",
    "bedrock": "converse/anthropic.claude-sonnet-4-5-20250929-v1:0",
    "gemini": "gemini-2.5-flash",
}
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
    step = make_step_for(litellm, target)
    # LiteLLM edits some inputs in place (it strips ``additionalProperties`` from tool schemas for some
    # providers, fills in roles), so it gets a private copy, made once and untimed; the edits are
    # idempotent.
    private = copy.deepcopy(payload)
    return lambda: step(private)


def make_step_for(litellm: Any, target: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """LiteLLM's translation for ``target`` as a function of the payload (which it may edit in place)."""
    from litellm.litellm_core_utils.prompt_templates.common_utils import (  # type: ignore[import-not-found, unused-ignore]
        get_completion_messages,
    )
    from litellm.types.utils import LlmProviders  # type: ignore[import-not-found, unused-ignore]
    from litellm.utils import (  # type: ignore[import-not-found, unused-ignore]
        ProviderConfigManager,
        get_llm_provider,
        get_optional_params,
        validate_and_fix_openai_messages,
        validate_and_fix_openai_tools,
        validate_chat_completion_tool_choice,
    )

    provider = PROVIDERS[target]
    litellm_params = {"custom_llm_provider": provider}
    configs: dict[str, Any] = {}
    gemini_body = None
    if provider == "gemini":
        from litellm.llms.vertex_ai.gemini.transformation import (  # type: ignore[import-not-found, unused-ignore]
            _transform_request_body as gemini_body,
        )

    def step(payload: dict[str, Any]) -> dict[str, Any]:
        model = MODELS.get(target) or payload.get("model") or "gpt-4o"
        config = configs.get(model)
        if config is None:
            config = ProviderConfigManager.get_provider_chat_config(
                model=model, provider=LlmProviders(provider)
            )
            if config is None:
                raise RuntimeError(f"LiteLLM has no chat config for provider {provider!r}")
            configs[model] = config
        params = {key: value for key, value in payload.items() if key not in ("model", "messages")}
        messages = validate_and_fix_openai_messages(messages=payload["messages"])
        if "tools" in params:
            params["tools"] = validate_and_fix_openai_tools(tools=params["tools"])
        if "tool_choice" in params:
            params["tool_choice"] = validate_chat_completion_tool_choice(
                tool_choice=params["tool_choice"], model=model
            )
        messages = get_completion_messages(
            messages=messages,
            ensure_alternating_roles=False,
            user_continue_message=None,
            assistant_continue_message=None,
        )
        get_llm_provider(model=model, custom_llm_provider=provider, api_base=API_BASE.get(target))
        optional = get_optional_params(
            model=model, custom_llm_provider=provider, messages=messages, drop_params=True, **params
        )
        if gemini_body is not None:
            return dict(gemini_body(messages, model, optional, "gemini", litellm_params, None))
        body: dict[str, Any] = config.transform_request(model, messages, optional, litellm_params, {})
        extra = body.pop("extra_body", None)
        if extra:
            body.update(extra)
        return body

    return step


API_BASE = {"generic": "http://localhost:8000/v1", "atoma": "http://localhost:8000/v1"}
"""The base URL LiteLLM is given where its provider lookup needs one (no request is made)."""
