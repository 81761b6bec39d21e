"""The rows of the built-in model table (``chatdialect.models.DEFAULT``), most specific first.

Each fact names its source and the date it was checked; ``community=True`` marks a fact only
community reports state (an issue quoting the API's error, a forum answer), no vendor document.
Vendor documents first: OpenAI's OpenAPI spec and SDK docstrings, Azure's reasoning-models page.
"""

from __future__ import annotations

from chatdialect.models import Fact, ModelFamily

CHECKED = "2026-11-29"

AZURE = (
    "Azure OpenAI reasoning models page, API & feature support and Not Supported "
    "(MicrosoftDocs/azure-ai-docs articles/ai-foundry/openai/how-to/reasoning.md @ 04973be, "
    "ms.date 2025-08-15)"
)
SDK = (
    "OpenAI SDK ReasoningEffort docstring, generated from OpenAI's OpenAPI spec "
    "(openai/openai-ruby lib/openai/models/reasoning_effort.rb; the same text in Azure's "
    "@azure/ai-projects ReasoningEffort reference)"
)
SPEC = (
    "OpenAI OpenAPI spec, CreateChatCompletionRequest: reasoning_effort and verbosity are for "
    "reasoning models (openai/openai-openapi @ f85dbe2)"
)
TEMPERATURE = (
    "the API's own error quoted in community reports (\"Unsupported value: 'temperature' does not "
    "support 0.2 with this model. Only the default (1) value is supported.\")"
)
NONE_UNLOCKS = (
    "vercel/ai#10932, citing OpenAI's GPT-5.1 guide (sampling and logprobs with reasoning_effort none)"
)
GPT51_EFFORTS = (
    "openai/openai-agents-python#2089 quoting the API's error (\"Supported values are: 'none', "
    "'low', 'medium', and 'high'\" for gpt-5.1)"
)
RESPONSES_ONLY = (
    "OpenAI model pages (\"available in the Responses API only\"), as quoted in community reports"
)
CHAT_LATEST = "community reports of the API's error for gpt-5.x chat-latest (reasoning_effort: only medium)"
FALLBACK = (
    "chatdialect's choice: an instruction the model cannot take as system or developer is kept "
    "as a user message"
)
SYSTEM_AS_DEVELOPER = AZURE + ": a system message is treated as developer"


def vendor(value: object, source: str = AZURE) -> Fact:  # type: ignore[type-arg]
    """A fact read in a vendor document."""
    return Fact(value, source, CHECKED)


def community(value: object, source: str) -> Fact:  # type: ignore[type-arg]
    """A fact only community reports state."""
    return Fact(value, source, CHECKED, community=True)


SAMPLING = frozenset(
    {"top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "max_tokens"}
)
"""What Azure's page lists as unsupported with reasoning models (besides temperature, below)."""

AT_ONE = community({"temperature": 1}, TEMPERATURE)
O_EFFORTS = vendor(("low", "medium", "high"))
NO_PARALLEL = vendor(False)
INSTRUCTIONS = vendor(frozenset({"system", "developer"}))
NOT_REASONING = vendor(None, SPEC)
NO_VERBOSITY = vendor(False, AZURE + ": verbosity is new with the GPT-5 series")

ROWS: tuple[ModelFamily, ...] = (
    ModelFamily(
        name="o1-preview, o1-mini",
        ids=("o1-preview", "o1-mini"),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=vendor(None, AZURE + ": reasoning_effort for all reasoning models except o1-mini"),
        parallel_tool_calls=NO_PARALLEL,
        tools=vendor(False),
        roles=vendor(frozenset()),
        fallback=vendor("user", FALLBACK),
    ),
    ModelFamily(
        name="o1-pro",
        ids=("o1-pro",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=O_EFFORTS,
        parallel_tool_calls=NO_PARALLEL,
        roles=INSTRUCTIONS,
        responses_only=community(True, RESPONSES_ONLY),
    ),
    ModelFamily(
        name="o3-pro, codex-mini",
        ids=("o3-pro", "codex-mini", "codex-mini-latest"),
        forward=(r"o\d+-pro",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=O_EFFORTS,
        parallel_tool_calls=NO_PARALLEL,
        roles=INSTRUCTIONS,
        responses_only=vendor(True, AZURE + ": no Chat Completions API"),
    ),
    ModelFamily(
        name="deep research",
        ids=("o3-deep-research", "o4-mini-deep-research"),
        forward=(r"o\d+(-mini)?-deep-research",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=community(("medium",), RESPONSES_ONLY),
        parallel_tool_calls=NO_PARALLEL,
        roles=INSTRUCTIONS,
        responses_only=community(True, RESPONSES_ONLY),
    ),
    ModelFamily(
        name="o1",
        ids=("o1",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=O_EFFORTS,
        parallel_tool_calls=NO_PARALLEL,
        roles=vendor(frozenset({"system", "developer"}), SYSTEM_AS_DEVELOPER),
    ),
    ModelFamily(
        name="o3, o4-mini",
        ids=("o3", "o3-mini", "o4-mini"),
        forward=(r"o([4-9]|\d{2,})(-mini)?",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=O_EFFORTS,
        parallel_tool_calls=NO_PARALLEL,
        roles=vendor(frozenset({"system", "developer"}), SYSTEM_AS_DEVELOPER),
    ),
    ModelFamily(
        name="gpt-5-pro",
        ids=("gpt-5-pro",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=vendor(("high",), SDK + ": gpt-5-pro defaults to (and only supports) high"),
        verbosity=vendor(True),
        roles=INSTRUCTIONS,
        responses_only=community(True, RESPONSES_ONLY),
    ),
    ModelFamily(
        name="gpt-5.x pro",
        ids=("gpt-5.2-pro",),
        forward=(r"gpt-5\.\d+-pro",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=community(("medium", "high", "xhigh"), RESPONSES_ONLY),
        verbosity=vendor(True),
        roles=INSTRUCTIONS,
        responses_only=community(True, RESPONSES_ONLY),
    ),
    ModelFamily(
        name="gpt-5 codex",
        ids=("gpt-5-codex", "gpt-5.1-codex", "gpt-5.1-codex-mini", "gpt-5.1-codex-max"),
        forward=(r"gpt-5(\.\d+)?-codex(-mini|-max)?",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=community(("low", "medium", "high"), RESPONSES_ONLY),
        roles=INSTRUCTIONS,
        responses_only=community(True, RESPONSES_ONLY),
    ),
    ModelFamily(
        name="gpt-5 chat",
        ids=("gpt-5-chat", "gpt-5-chat-latest"),
        efforts=community(None, "community reports: gpt-5-chat-latest is the non-reasoning ChatGPT model"),
        verbosity=community(False, "community reports: gpt-5-chat-latest is the non-reasoning ChatGPT model"),
        roles=INSTRUCTIONS,
    ),
    ModelFamily(
        name="gpt-5.x chat",
        ids=("gpt-5.1-chat", "gpt-5.1-chat-latest", "gpt-5.2-chat", "gpt-5.2-chat-latest"),
        forward=(r"gpt-5\.\d+-chat(-latest)?",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=community(("medium",), CHAT_LATEST),
        verbosity=community(True, CHAT_LATEST),
        roles=INSTRUCTIONS,
    ),
    ModelFamily(
        name="gpt-5",
        ids=("gpt-5", "gpt-5-mini", "gpt-5-nano"),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        efforts=vendor(("minimal", "low", "medium", "high"), AZURE + "; " + SDK + ": no none before gpt-5.1"),
        effort_rejects=vendor(
            {"minimal": frozenset({"parallel_tool_calls"})},
            AZURE + ": parallel tool calls are not supported with reasoning_effort minimal",
        ),
        verbosity=vendor(True),
        roles=vendor(frozenset({"system", "developer"}), AZURE + ": system messages are supported"),
    ),
    ModelFamily(
        name="gpt-5.1",
        ids=("gpt-5.1",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        unlocks=community(
            {"none": frozenset({"temperature", "top_p", "logprobs", "top_logprobs"})}, NONE_UNLOCKS
        ),
        efforts=vendor(("none", "low", "medium", "high"), SDK + "; confirmed by " + GPT51_EFFORTS),
        verbosity=vendor(True),
        roles=INSTRUCTIONS,
    ),
    ModelFamily(
        name="gpt-5.2+",
        ids=("gpt-5.2", "gpt-5.2-mini"),
        forward=(r"gpt-5\.\d+(-mini|-nano)?",),
        rejects=vendor(SAMPLING),
        only_at=AT_ONE,
        unlocks=community(
            {"none": frozenset({"temperature", "top_p", "logprobs", "top_logprobs"})}, NONE_UNLOCKS
        ),
        efforts=vendor(
            ("none", "low", "medium", "high", "xhigh"), SDK + ": xhigh for all models after gpt-5.1-codex-max"
        ),
        verbosity=vendor(True),
        roles=INSTRUCTIONS,
    ),
    ModelFamily(
        name="gpt-4.1",
        ids=("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"),
        efforts=NOT_REASONING,
        verbosity=NO_VERBOSITY,
    ),
    ModelFamily(
        name="gpt-4o",
        ids=(
            "gpt-4o", "gpt-4o-mini", "chatgpt-4o-latest", "gpt-4o-audio-preview", "gpt-4o-mini-audio-preview",
        ),
        efforts=NOT_REASONING,
        verbosity=NO_VERBOSITY,
    ),
    ModelFamily(
        name="gpt-4, gpt-3.5",
        ids=("gpt-4", "gpt-4-turbo", "gpt-4-turbo-preview", "gpt-3.5-turbo", "gpt-3.5-turbo-16k"),
        efforts=NOT_REASONING,
        verbosity=NO_VERBOSITY,
    ),
)
