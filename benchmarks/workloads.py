"""The benchmark workloads: realistic request payloads of known shape and size, built in code.

Each builder returns a fresh ``Workload`` (source dialect + payload), deterministic, valid in its source
dialect, and translatable to every built-in dialect (each carries ``model``):

* ``small``  - 1 user message, two sampling options.
* ``medium`` - 10 messages including an assistant tool call and its tool result, 3 tools.
* ``large``  - 100 messages (several tool calls and results), 20 tools with nested JSON-Schema
  parameters (objects in arrays in objects, enums, ``$defs`` + ``$ref``), about 32 KB of JSON.
* ``legacy`` - OpenAI's deprecated shape: ``functions`` + ``function_call`` + ``max_tokens`` and a
  function-call history (assistant ``function_call`` + ``role: "function"`` reply).
* ``azure``  - Azure On Your Data: ``data_sources`` (azure_search) + ``enhancements`` + ``max_tokens``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MODEL = "gpt-4o-2024-08-06"


@dataclass(frozen=True)
class Workload:
    """A named payload and the dialect it is written in."""

    name: str
    source: str
    payload: dict[str, Any]
    description: str

    @property
    def size(self) -> int:
        """The payload's size as compact JSON, in bytes."""
        return len(json.dumps(self.payload, separators=(",", ":")).encode())


def _tool(index: int, *, nested: bool) -> dict[str, Any]:
    """A function tool; ``nested`` gives it a deep schema (array of objects with an object inside)."""
    properties: dict[str, Any] = {
        "query": {"type": "string", "description": f"What to look for with tool {index}."},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
        "sort": {"type": "string", "enum": ["relevance", "newest"]},
    }
    if nested:
        properties["filters"] = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "enum": ["status", "region", "owner"]},
                    "operator": {"type": "string", "enum": ["eq", "ne", "lt", "gt", "in"]},
                    "value": {
                        "anyOf": [
                            {"type": "string"},
                            {"type": "number"},
                            {"type": "array", "items": {"type": "string"}, "maxItems": 20},
                        ]
                    },
                    "range": {"$ref": "#/$defs/range"},
                },
                "required": ["field", "operator", "value"],
                "additionalProperties": False,
            },
        }
        properties["options"] = {
            "type": "object",
            "properties": {
                "locale": {"type": "string", "pattern": "^[a-z]{2}-[A-Z]{2}$"},
                "cursor": {"type": ["string", "null"]},
            },
        }
    parameters: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": ["query"],
        "additionalProperties": False,
    }
    if nested:
        parameters["$defs"] = {
            "range": {
                "type": "object",
                "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
            }
        }
    return {
        "type": "function",
        "function": {
            "name": f"search_records_{index}",
            "description": f"Search the records of system {index}.",
            "parameters": parameters,
        },
    }


def _call(call_id: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}


def small() -> Workload:
    payload = {
        "model": MODEL,
        "messages": [{"role": "user", "content": "What is the capital of France?"}],
        "temperature": 0.2,
        "max_completion_tokens": 256,
    }
    return Workload("small", "openai", payload, "1 message, 2 options")


def medium() -> Workload:
    tools = [_tool(index, nested=False) for index in range(3)]
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are a support assistant for an online store. Be brief."},
        {"role": "user", "content": "Hi, I ordered a pair of headphones last week."},
        {"role": "assistant", "content": "Hello! I can help with that. What is your order number?"},
        {"role": "user", "content": "It is ORD-482913. Where is it now?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [_call("call_abc123", "search_records_0", {"query": "ORD-482913", "limit": 1})],
        },
        {
            "role": "tool",
            "tool_call_id": "call_abc123",
            "content": json.dumps({"order": "ORD-482913", "status": "in_transit", "eta": "2024-09-14"}),
        },
        {"role": "assistant", "content": "Your order is in transit and expected on 14 September."},
        {"role": "user", "content": "Can I change the delivery address?"},
        {"role": "assistant", "content": "Yes, while it is in transit you can redirect it. To where?"},
        {"role": "user", "content": "To 12 Rue de Rivoli, Paris, please."},
    ]
    payload = {
        "model": MODEL,
        "messages": messages,
        "tools": tools,
        "tool_choice": "auto",
        "temperature": 0.3,
        "max_completion_tokens": 512,
    }
    return Workload("medium", "openai", payload, "10 messages incl. tool call + result, 3 tools")


def large() -> Workload:
    tools = [_tool(index, nested=True) for index in range(20)]
    messages: list[dict[str, Any]] = [
        {
            "role": "system",
            "content": "You are an operations assistant. Use the search tools; cite record ids.",
        }
    ]
    turn = 0
    while len(messages) < 100:
        if turn % 4 == 3 and len(messages) <= 96:
            call_id = f"call_{turn:04d}"
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        _call(
                            call_id,
                            f"search_records_{turn % 20}",
                            {
                                "query": f"incident {turn}",
                                "limit": 5,
                                "filters": [{"field": "status", "operator": "eq", "value": "open"}],
                            },
                        )
                    ],
                }
            )
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": call_id,
                    "content": json.dumps(
                        {
                            "results": [
                                {"id": f"INC-{turn}{k}", "status": "open", "owner": "ops"} for k in range(3)
                            ]
                        }
                    ),
                }
            )
        else:
            messages.append(
                {
                    "role": "user",
                    "content": f"Turn {turn}: which incidents are open in eu-west-{turn % 3}?",
                }
            )
            messages.append(
                {
                    "role": "assistant",
                    "content": f"Three incidents are open in eu-west-{turn % 3}; ops owns them.",
                }
            )
        turn += 1
    messages = messages[:100]
    payload = {
        "model": MODEL,
        "messages": messages,
        "tools": tools,
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "temperature": 0.1,
        "top_p": 0.9,
        "max_completion_tokens": 2048,
        "seed": 42,
        "user": "user-8d2f",
    }
    return Workload("large", "openai", payload, "100 messages, 20 tools with nested schemas")


def legacy() -> Workload:
    functions = [_tool(index, nested=False)["function"] for index in range(3)]
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are a helpful assistant for an online electronics store."},
        {"role": "user", "content": "Where is my order ORD-482913? It was supposed to arrive yesterday."},
        {
            "role": "assistant",
            "content": None,
            "function_call": {"name": "search_records_0", "arguments": json.dumps({"query": "ORD-482913"})},
        },
        {
            "role": "function",
            "name": "search_records_0",
            "content": json.dumps({"order": "ORD-482913", "status": "in_transit", "carrier": "DHL"}),
        },
        {"role": "assistant", "content": "Your order is in transit with DHL, expected on 14 September."},
        {"role": "user", "content": "That's too late. Please refund the headphones."},
    ]
    payload = {
        "model": "gpt-3.5-turbo-0613",
        "messages": messages,
        "functions": functions,
        "function_call": {"name": "search_records_1"},
        "max_tokens": 300,
        "temperature": 0,
    }
    return Workload("legacy", "openai", payload, "functions + function_call + max_tokens + history")


def azure() -> Workload:
    payload = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You answer using only the retrieved Contoso policy documents."},
            {"role": "user", "content": "What is the travel reimbursement limit for hotel stays in London?"},
        ],
        "data_sources": [
            {
                "type": "azure_search",
                "parameters": {
                    "endpoint": "https://contoso-policies.search.windows.net",
                    "index_name": "hr-policies-2024",
                    "authentication": {"type": "api_key", "key": "FAKE-KEY-0000"},
                    "query_type": "vector_semantic_hybrid",
                    "semantic_configuration": "default",
                    "embedding_dependency": {
                        "type": "deployment_name",
                        "deployment_name": "text-embedding-3-large",
                    },
                    "fields_mapping": {
                        "content_fields": ["content"],
                        "title_field": "title",
                        "url_field": "url",
                        "vector_fields": ["contentVector"],
                    },
                    "in_scope": True,
                    "strictness": 3,
                    "top_n_documents": 5,
                },
            }
        ],
        "enhancements": {"grounding": {"enabled": True}, "ocr": {"enabled": True}},
        "max_tokens": 800,
        "temperature": 0,
        "top_p": 1,
    }
    return Workload("azure", "azure", payload, "data_sources + enhancements")


BUILDERS: dict[str, Callable[[], Workload]] = {
    "small": small,
    "medium": medium,
    "large": large,
    "legacy": legacy,
    "azure": azure,
}
"""Every workload builder, by name, in report order."""


def all_workloads() -> list[Workload]:
    """A fresh instance of every workload."""
    return [build() for build in BUILDERS.values()]
