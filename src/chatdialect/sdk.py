"""Send a translated payload with the openai SDK: ``client.chat.completions.create(**create_kwargs(t))``,
or for a ``responses`` translation ``client.responses.create(**create_kwargs(t))``.

The openai SDK's ``create`` takes the parameters it knows as keywords and refuses any other keyword;
fields it does not know (``data_sources``, ``enhancements``, ``top_k``, ``cache``, ``router``,
passthrough fields) must go in ``extra_body``, which the SDK merges into the JSON body. So
:func:`create_kwargs` splits a payload in two, and the body the SDK sends is the translated payload.

This module does not import openai. The names the SDK knows come from, in this order: the signature
of the client you pass; else the signature of ``Completions.create`` of the openai package when it is
already imported (it is, once you have a client), so an SDK older or newer than chatdialect still gets
keywords it takes; else :data:`SDK_PARAMETERS`, a static table of those parameters checked against
the installed SDK by a test.

``OpenAI`` and ``AzureOpenAI`` clients take the same keywords. For ``AzureOpenAI``, ``model`` is the
deployment name: the client sends the request to ``/deployments/{model}/chat/completions`` unless
it was created with ``azure_deployment``, and ``model`` is in the body too. An ``azure`` payload may
lack ``model`` (the deployment lives in the URL), but the SDK requires it: pass ``model=`` with the
deployment name, or :func:`create_kwargs` raises ``ChatDialectError``.

A ``responses`` translation (or a payload with ``input`` and no ``messages``) is split with the
parameters of ``Responses.create`` (:data:`RESPONSES_SDK_PARAMETERS`, or the client's or imported
SDK's ``responses.create``), for ``client.responses.create``.
"""

from __future__ import annotations

import copy
import functools
import inspect
import sys
from collections.abc import Mapping
from typing import Any

from chatdialect._changes import Translation
from chatdialect._errors import ChatDialectError

__all__ = ["RESPONSES_SDK_PARAMETERS", "SDK_PARAMETERS", "create_kwargs", "sdk_parameters"]

SDK_PARAMETERS: frozenset[str] = frozenset(
    {
        "messages", "model", "audio", "frequency_penalty", "function_call", "functions", "logit_bias",
        "logprobs", "max_completion_tokens", "max_tokens", "metadata", "modalities", "moderation", "n",
        "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key",
        "prompt_cache_options", "prompt_cache_retention", "reasoning_effort", "response_format",
        "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options",
        "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user", "verbosity",
        "web_search_options",
    }
)  # fmt: skip
"""The request parameters of ``openai.resources.chat.completions.Completions.create`` (openai 3.54),
without the request options ``extra_headers``, ``extra_query``, ``extra_body`` and ``timeout``."""

RESPONSES_SDK_PARAMETERS: frozenset[str] = frozenset(
    {
        "input", "model", "background", "conversation", "include", "instructions", "max_output_tokens",
        "max_tool_calls", "metadata", "moderation", "parallel_tool_calls", "previous_response_id",
        "prompt", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "reasoning",
        "safety_identifier", "service_tier", "store", "stream", "stream_options", "temperature", "text",
        "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
    }
)  # fmt: skip
"""The request parameters of ``openai.resources.responses.Responses.create`` (openai 3.57) that a
``responses`` payload can hold."""

_REQUEST_OPTIONS = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})


def sdk_parameters(create: Any) -> frozenset[str]:
    """The body parameters a ``create`` method takes, from its signature (request options left out)."""
    parameters = inspect.signature(create).parameters.values()
    return frozenset(
        p.name for p in parameters if p.kind is not p.VAR_KEYWORD and p.name not in _REQUEST_OPTIONS
    )


def _imported_sdk(responses: bool = False) -> frozenset[str]:
    """The parameters of the imported openai SDK's ``Completions.create`` (``Responses.create``);
    the table if none is imported."""
    try:
        if responses:
            create = sys.modules["openai.resources.responses"].Responses.create
        else:
            module = sys.modules.get("openai")
            create = module.resources.chat.completions.Completions.create  # type: ignore[union-attr]
    except (AttributeError, KeyError):
        return RESPONSES_SDK_PARAMETERS if responses else SDK_PARAMETERS
    return _signature_names(create)


@functools.lru_cache(maxsize=8)
def _signature_names(create: Any) -> frozenset[str]:
    return sdk_parameters(create)


def create_kwargs(
    translation: Translation | Mapping[str, Any],
    *,
    model: str | None = None,
    client: Any = None,
) -> dict[str, Any]:
    """Keyword arguments for ``client.chat.completions.create`` (for a ``responses`` translation or
    payload: ``client.responses.create``) that send exactly this payload.

    ``translation`` is a :class:`Translation` (its ``payload`` is used) or a payload dict. Fields the
    SDK knows are keywords; the others are in ``extra_body`` (left out when there are none). Values
    are copies, so the SDK never holds the translation's objects.

    ``model`` sets the ``model`` keyword (for ``AzureOpenAI``: the deployment name), replacing the
    payload's. Without it the payload's ``model`` is used; ``ChatDialectError`` if there is none.

    ``client`` (an ``OpenAI`` or ``AzureOpenAI`` client, optional): take the known names from its
    ``chat.completions.create`` (``responses.create``) signature. Without it they come from the
    imported openai package's ``Completions.create`` (``Responses.create``), or from
    :data:`SDK_PARAMETERS` (:data:`RESPONSES_SDK_PARAMETERS`) when openai is not imported.
    """
    payload = translation.payload if isinstance(translation, Translation) else translation
    if not isinstance(payload, Mapping):
        raise ChatDialectError(
            f"create_kwargs() takes a Translation or a payload dict, not {type(payload).__name__}"
        )
    if isinstance(translation, Translation):
        responses = translation.target == "responses"
    else:
        responses = "input" in payload and "messages" not in payload
    if client is not None:
        known = sdk_parameters(client.responses.create if responses else client.chat.completions.create)
    else:
        known = _imported_sdk(responses)
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in payload.items():
        (kwargs if name in known else extra)[name] = copy.deepcopy(value)
    if model is not None:
        if not isinstance(model, str) or not model:
            raise ChatDialectError("model must be a non-empty string (for AzureOpenAI: the deployment name)")
        kwargs["model"] = model
    if kwargs.get("model") is None:
        raise ChatDialectError(
            "the payload has no model, which the openai SDK requires (an azure payload keeps the "
            "deployment in the URL): pass model='<model or Azure deployment name>'"
        )
    if extra:
        kwargs["extra_body"] = extra
    return kwargs
