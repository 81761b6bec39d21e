"""The objects inside the canonical request: messages, tools, formats and options (their content parts
are in ``_parts``).

Pydantic v2 models in OpenAI's current vocabulary; nested objects accept keys they do not declare and
keep them, as the vendors' own schemas do (each target's rules say which keys its objects define).
``_model`` builds the request from these. Field facts follow OpenAI's API reference (seed 000,
``vendor-schemas/openai_*``) unless noted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, Field

from chatdialect._kept import (
    AnthropicTool,
    BedrockTool,
    GeminiTool,
    ResponsesTool,
    ResponsesToolChoice,
)
from chatdialect._parts import (
    AssistantContentPart,
    CacheControl,
    Open,
    SystemContent,
    TextContent,
    ToolContentPart,
    UserContentPart,
)
from chatdialect._schemacheck import check_json_schema

Number = Union[int, float]
"""A JSON number; ints stay ints so payloads round-trip byte for byte."""

TOOL_NAME_PATTERN = r"^[a-zA-Z0-9_.:-]{1,128}$"
"""Function names any dialect allows (SPEC 2): letters, digits, ``_``, ``-`` (OpenAI, at most 64;
Anthropic, at most 128), ``.`` and ``:`` (Gemini). Each dialect's ``ToolNames`` rule narrows it."""
FORMAT_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"
"""Names of response formats, per OpenAI's Structured Outputs reference."""

ToolName = Annotated[str, Field(pattern=TOOL_NAME_PATTERN)]
FormatName = Annotated[str, Field(pattern=FORMAT_NAME_PATTERN)]
JsonSchema = Annotated[dict[str, Any], AfterValidator(check_json_schema)]


# --- messages --------------------------------------------------------------------------------


class SystemMessage(Open):
    """Instructions from the application, for models before the reasoning series."""

    role: Literal["system"]
    content: SystemContent
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class DeveloperMessage(Open):
    """Instructions from the application; replaces ``system`` for reasoning models (OpenAI only)."""

    role: Literal["developer"]
    content: TextContent
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class UserMessage(Open):
    """A message from the end user: text or content parts (text, image, audio, file)."""

    role: Literal["user"]
    content: Union[str, Annotated[list[UserContentPart], Field(min_length=1)]]
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class FunctionCall(Open):
    """The function a tool call invokes and its JSON-encoded arguments."""

    name: str
    arguments: str
    """The arguments as a JSON string, as the model produced them."""


class ToolCall(Open):
    """A call of a function tool made by the assistant."""

    id: str
    """The id a later ``tool`` message answers with ``tool_call_id``."""
    type: Literal["function"]
    function: FunctionCall


class AssistantAudioRef(Open):
    """A reference to an earlier audio response of the assistant."""

    id: str


class AssistantMessage(Open):
    """A message the assistant sent earlier: text, a refusal, or tool calls."""

    role: Literal["assistant"]
    content: Union[str, Annotated[list[AssistantContentPart], Field(min_length=1)], None] = None
    """Text or content parts; may be null when ``tool_calls`` is set."""
    refusal: str | None = None
    """The refusal message of the assistant."""
    name: str | None = None
    """An optional name for the participant."""
    tool_calls: list[ToolCall] | None = None
    """The tool calls the assistant made (legacy ``function_call`` is upgraded to one of these)."""
    audio: AssistantAudioRef | None = None
    """A previous audio response of the assistant."""
    thinking_blocks: list[dict[str, Any]] | None = None
    """The assistant's reasoning as the vendor returned it (Anthropic ``thinking`` and
    ``redacted_thinking`` blocks with their signatures), replayed unchanged."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class ToolMessage(Open):
    """The result of a tool call (legacy ``function`` messages are upgraded to these)."""

    role: Literal["tool"]
    content: Union[str, Annotated[list[ToolContentPart], Field(min_length=1)]]
    tool_call_id: str
    """The id of the tool call this message answers."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


Message = Annotated[
    Union[SystemMessage, DeveloperMessage, UserMessage, AssistantMessage, ToolMessage],
    Field(discriminator="role"),
]
ROLES = ("system", "developer", "user", "assistant", "tool")


# --- tools, formats, options -----------------------------------------------------------------


class FunctionDefinition(Open):
    """A function the model may call."""

    name: ToolName
    """The function's name: letters, digits, ``_``, ``-``, ``.`` and ``:``, at most 128 characters
    (each dialect takes a part of that: OpenAI's ``^[a-zA-Z0-9_-]{1,64}$``)."""
    description: str | None = None
    """What the function does, for the model to choose when to call it."""
    parameters: JsonSchema | None = None
    """The arguments as a JSON Schema object (checked as a schema; remote ``$ref`` never fetched)."""
    strict: bool | None = None
    """Whether the model must follow the schema exactly (Structured Outputs)."""


class FunctionTool(Open):
    """A function tool (legacy ``functions`` entries are upgraded to these)."""

    type: Literal["function"]
    function: FunctionDefinition
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this tool (Anthropic, Bedrock)."""


Tool = Annotated[
    Union[FunctionTool, AnthropicTool, BedrockTool, GeminiTool, ResponsesTool], Field(discriminator="type")
]


class NamedFunction(Open):
    """The name of the function to call."""

    name: ToolName


class NamedToolChoice(Open):
    """Force a call of one function tool."""

    type: Literal["function"]
    function: NamedFunction


class AllowedTools(Open):
    """A subset of the tools the model may use, and whether it must use one."""

    mode: Literal["auto", "required"]
    tools: list[dict[str, Any]]


class AllowedToolsChoice(Open):
    """Restrict the model to a subset of the tools."""

    type: Literal["allowed_tools"]
    allowed_tools: AllowedTools


ToolChoice = Union[
    Literal["none", "auto", "required"],
    Annotated[Union[NamedToolChoice, AllowedToolsChoice, ResponsesToolChoice], Field(discriminator="type")],
]


class JsonSchemaFormat(Open):
    """A named JSON Schema the response must match (Structured Outputs)."""

    name: FormatName
    """The name of the response format."""
    description: str | None = None
    schema_: JsonSchema | None = Field(default=None, alias="schema")
    """The JSON Schema of the response."""
    strict: bool | None = None
    """Whether the response must follow the schema exactly."""


class TextFormat(Open):
    """Plain text responses (the default)."""

    type: Literal["text"]


class JsonObjectFormat(Open):
    """JSON mode: the response is a JSON object."""

    type: Literal["json_object"]


class JsonSchemaResponseFormat(Open):
    """Structured Outputs: the response matches a JSON Schema."""

    type: Literal["json_schema"]
    json_schema: JsonSchemaFormat


ResponseFormat = Annotated[
    Union[TextFormat, JsonObjectFormat, JsonSchemaResponseFormat], Field(discriminator="type")
]


class StreamOptions(Open):
    """Options of a streamed response; only meaningful with ``stream: true``."""

    include_usage: bool | None = None
    """Send a final chunk with the token usage of the whole request."""
    include_obfuscation: bool | None = None
    """Pad stream events to normalise their sizes."""


class AudioOutput(Open):
    """Voice and format of audio output; needed when ``modalities`` includes ``audio``."""

    voice: Union[str, dict[str, Any]]
    """A built-in voice name or ``{"id": ...}`` of a custom voice."""
    format: Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]


class Prediction(Open):
    """Predicted output: content the response is expected to largely repeat."""

    type: Literal["content"]
    content: TextContent


class DataSource(Open):
    """An Azure OpenAI On Your Data source (``azure_search``, ``azure_cosmos_db``, ...)."""

    type: str
    """The kind of data source, e.g. ``azure_search``."""
    parameters: dict[str, Any]
    """The source's settings, including its authentication (never echoed in changes or errors)."""


class ThinkingEnabled(Open):
    """Extended thinking with a budget of tokens."""

    type: Literal["enabled"]
    budget_tokens: Annotated[int, Field(ge=1)]
    """How many tokens the model may think for (Anthropic: at least 1024, below ``max_tokens``)."""


class ThinkingDisabled(Open):
    """No extended thinking."""

    type: Literal["disabled"]


class ThinkingAdaptive(Open):
    """The model decides how much to think (Anthropic's newer models)."""

    type: Literal["adaptive"]


Thinking = Annotated[Union[ThinkingEnabled, ThinkingDisabled, ThinkingAdaptive], Field(discriminator="type")]


Stop = Union[str, Annotated[list[str], Field(min_length=1)]]
