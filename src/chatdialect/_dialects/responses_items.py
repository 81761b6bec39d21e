"""What reading, writing and the schema of the ``responses`` codec share: the keys of the Responses
API objects the codec maps key by key (OpenAI's ``CreateResponse`` schema, openai/openai-openapi @
f85dbe2; ``vendor-schemas/openai_create_response_request.json``).

Keys a Responses object has and its canonical counterpart lacks (an item's ``id`` and ``status``, an
output text's ``annotations``) are kept under ``responses`` on the canonical object: the ``responses``
dialect writes them back, every other dialect drops them with a record (they name no canonical key).
"""

from __future__ import annotations

ROLES = ("user", "assistant", "system", "developer")
"""The roles of a Responses input message."""
MESSAGE_KEYS = ("id", "status", "phase")
"""Input and output message keys without a canonical field."""
ASSISTANT_OUTPUT_KEYS = ("id", "status", "phase")
"""An output message (an assistant message given back with its ``id`` and ``status``)."""
EASY_KEYS = {"user": ("status",), "system": ("status",), "developer": ("status",), "assistant": ("phase",)}
"""The extra keys a message written without ``id`` may carry, by role (``status`` makes a user, system
or developer message an ``InputMessage``; ``phase`` is an assistant's)."""
PART_KEYS = frozenset({"annotations", "logprobs", "prompt_cache_breakpoint"})
"""Content-part keys without a canonical field (an output text's annotations and logprobs, a cache
breakpoint)."""
CALL_KEYS = ("id", "status", "namespace", "caller")
"""``function_call`` item keys without a canonical field."""
OUTPUT_KEYS = ("id", "status", "name", "namespace", "caller")
"""``function_call_output`` item keys without a canonical field."""
FUNCTION_KEYS: tuple[str, ...] = ("name", "description", "parameters", "strict", "output_schema")
FUNCTION_KEYS += ("defer_loading", "allowed_callers")
"""The keys of a flat function tool besides ``type`` (all kept on the canonical function)."""
SCHEMA_FORMAT_KEYS = ("name", "description", "schema", "strict")
"""The keys of a ``json_schema`` text format besides ``type``."""
LOGPROBS = "message.output_text.logprobs"
"""The ``include`` entry that asks for output log probabilities (``logprobs`` canonically)."""
PRODUCED = ("messages", "response_format", "verbosity", "reasoning_effort", "logprobs")
"""Canonical fields reading makes from other wire fields: a wire key of such a name is not a
Responses field."""
EMPTY_PARAMETERS = {"type": "object", "properties": {}}
"""What a function tool without ``parameters`` gets (Responses requires the key)."""
