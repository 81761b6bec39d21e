"""The canonical request: one pydantic v2 model in OpenAI's current vocabulary.

Every field any built-in dialect can carry lives here under its OpenAI (snake_case) name; no deprecated
field does (``functions``, ``function_call`` and ``max_tokens`` are upgraded while reading). Nested
objects accept keys they do not declare and keep them, as the vendors' own schemas do; the request's
top level does not (unknown top-level fields are the engine's business, not the model's).
Field facts follow OpenAI's API reference (seed 000, ``vendor-schemas/openai_*``) unless noted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from chatdialect._schemacheck import check_json_schema

Number = Union[int, float]
"""A JSON number; ints stay ints so payloads round-trip byte for byte."""

TOOL_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"
"""Tool and function names, per OpenAI's function-calling reference."""

ToolName = Annotated[str, Field(pattern=TOOL_NAME_PATTERN)]
JsonSchema = Annotated[dict[str, Any], AfterValidator(check_json_schema)]


class _Open(BaseModel):
    """A nested object: typed where we know the field, undeclared keys kept as they are."""

    model_config = ConfigDict(strict=True, extra="allow", use_attribute_docstrings=True)


# --- content parts ---------------------------------------------------------------------------


CacheControl = dict[str, Any]
"""A prompt-cache breakpoint (Anthropic ``cache_control``, e.g. ``{"type": "ephemeral"}``; Bedrock
``cachePoint``): the prefix up to and including the object that holds it is cached."""


class TextPart(_Open):
    """A text content part."""

    type: Literal["text"]
    text: str
    """The text."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class ImageURL(_Open):
    """Where an image is and how closely to look at it."""

    url: str
    """An http(s) URL or a ``data:`` URL with base64 image data."""
    detail: Literal["auto", "low", "high"] | None = None
    """The detail level of the image."""


class ImagePart(_Open):
    """An image content part (user messages)."""

    type: Literal["image_url"]
    image_url: ImageURL
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class InputAudio(_Open):
    """Base64 audio data and its encoding."""

    data: str
    """Base64-encoded audio data."""
    format: Literal["wav", "mp3"]
    """The encoding of the audio data."""


class AudioPart(_Open):
    """An audio content part (user messages)."""

    type: Literal["input_audio"]
    input_audio: InputAudio


class FilePart(_Open):
    """A file content part (user messages): ``file`` holds ``file_id`` or ``file_data`` + ``filename``."""

    type: Literal["file"]
    file: dict[str, Any]
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class RefusalPart(_Open):
    """A refusal content part (assistant messages)."""

    type: Literal["refusal"]
    refusal: str


class AnthropicPart(_Open):
    """An Anthropic content block with no canonical counterpart (a server tool's use or result, a
    search result, a text document, ...), kept as it is for ``anthropic`` and dropped elsewhere."""

    type: Literal["anthropic"]
    anthropic: dict[str, Any]
    """The Anthropic block, unchanged."""


TextContent = Union[str, Annotated[list[TextPart], Field(min_length=1)]]
UserContentPart = Annotated[
    Union[TextPart, ImagePart, AudioPart, FilePart, AnthropicPart], Field(discriminator="type")
]
AssistantContentPart = Annotated[Union[TextPart, RefusalPart, AnthropicPart], Field(discriminator="type")]
ToolContentPart = Annotated[Union[TextPart, AnthropicPart], Field(discriminator="type")]


# --- messages --------------------------------------------------------------------------------


class SystemMessage(_Open):
    """Instructions from the application, for models before the reasoning series."""

    role: Literal["system"]
    content: TextContent
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class DeveloperMessage(_Open):
    """Instructions from the application; replaces ``system`` for reasoning models (OpenAI only)."""

    role: Literal["developer"]
    content: TextContent
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class UserMessage(_Open):
    """A message from the end user: text or content parts (text, image, audio, file)."""

    role: Literal["user"]
    content: Union[str, Annotated[list[UserContentPart], Field(min_length=1)]]
    name: str | None = None
    """An optional name for the participant."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this message (Anthropic, Bedrock)."""


class FunctionCall(_Open):
    """The function a tool call invokes and its JSON-encoded arguments."""

    name: str
    arguments: str
    """The arguments as a JSON string, as the model produced them."""


class ToolCall(_Open):
    """A call of a function tool made by the assistant."""

    id: str
    """The id a later ``tool`` message answers with ``tool_call_id``."""
    type: Literal["function"]
    function: FunctionCall


class AssistantAudioRef(_Open):
    """A reference to an earlier audio response of the assistant."""

    id: str


class AssistantMessage(_Open):
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


class ToolMessage(_Open):
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


class FunctionDefinition(_Open):
    """A function the model may call."""

    name: ToolName
    """The function's name: letters, digits, ``_`` and ``-``, at most 64 characters."""
    description: str | None = None
    """What the function does, for the model to choose when to call it."""
    parameters: JsonSchema | None = None
    """The arguments as a JSON Schema object (checked as a schema; remote ``$ref`` never fetched)."""
    strict: bool | None = None
    """Whether the model must follow the schema exactly (Structured Outputs)."""


class FunctionTool(_Open):
    """A function tool (legacy ``functions`` entries are upgraded to these)."""

    type: Literal["function"]
    function: FunctionDefinition
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this tool (Anthropic, Bedrock)."""


class AnthropicTool(_Open):
    """An Anthropic-defined tool (web search, code execution, bash, ...), kept as it is for
    ``anthropic`` and dropped elsewhere."""

    type: Literal["anthropic"]
    anthropic: dict[str, Any]
    """The Anthropic tool definition, unchanged."""


Tool = Annotated[Union[FunctionTool, AnthropicTool], Field(discriminator="type")]


class NamedFunction(_Open):
    """The name of the function to call."""

    name: ToolName


class NamedToolChoice(_Open):
    """Force a call of one function tool."""

    type: Literal["function"]
    function: NamedFunction


class AllowedTools(_Open):
    """A subset of the tools the model may use, and whether it must use one."""

    mode: Literal["auto", "required"]
    tools: list[dict[str, Any]]


class AllowedToolsChoice(_Open):
    """Restrict the model to a subset of the tools."""

    type: Literal["allowed_tools"]
    allowed_tools: AllowedTools


ToolChoice = Union[
    Literal["none", "auto", "required"],
    Annotated[Union[NamedToolChoice, AllowedToolsChoice], Field(discriminator="type")],
]


class JsonSchemaFormat(_Open):
    """A named JSON Schema the response must match (Structured Outputs)."""

    name: ToolName
    """The name of the response format."""
    description: str | None = None
    schema_: JsonSchema | None = Field(default=None, alias="schema")
    """The JSON Schema of the response."""
    strict: bool | None = None
    """Whether the response must follow the schema exactly."""


class TextFormat(_Open):
    """Plain text responses (the default)."""

    type: Literal["text"]


class JsonObjectFormat(_Open):
    """JSON mode: the response is a JSON object."""

    type: Literal["json_object"]


class JsonSchemaResponseFormat(_Open):
    """Structured Outputs: the response matches a JSON Schema."""

    type: Literal["json_schema"]
    json_schema: JsonSchemaFormat


ResponseFormat = Annotated[
    Union[TextFormat, JsonObjectFormat, JsonSchemaResponseFormat], Field(discriminator="type")
]


class StreamOptions(_Open):
    """Options of a streamed response; only meaningful with ``stream: true``."""

    include_usage: bool | None = None
    """Send a final chunk with the token usage of the whole request."""
    include_obfuscation: bool | None = None
    """Pad stream events to normalise their sizes."""


class AudioOutput(_Open):
    """Voice and format of audio output; needed when ``modalities`` includes ``audio``."""

    voice: Union[str, dict[str, Any]]
    """A built-in voice name or ``{"id": ...}`` of a custom voice."""
    format: Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]


class Prediction(_Open):
    """Predicted output: content the response is expected to largely repeat."""

    type: Literal["content"]
    content: TextContent


class DataSource(_Open):
    """An Azure OpenAI On Your Data source (``azure_search``, ``azure_cosmos_db``, ...)."""

    type: str
    """The kind of data source, e.g. ``azure_search``."""
    parameters: dict[str, Any]
    """The source's settings, including its authentication (never echoed in changes or errors)."""


class ThinkingEnabled(_Open):
    """Extended thinking with a budget of tokens."""

    type: Literal["enabled"]
    budget_tokens: Annotated[int, Field(ge=1)]
    """How many tokens the model may think for (Anthropic: at least 1024, below ``max_tokens``)."""


class ThinkingDisabled(_Open):
    """No extended thinking."""

    type: Literal["disabled"]


class ThinkingAdaptive(_Open):
    """The model decides how much to think (Anthropic's newer models)."""

    type: Literal["adaptive"]


Thinking = Annotated[Union[ThinkingEnabled, ThinkingDisabled, ThinkingAdaptive], Field(discriminator="type")]


Stop = Union[str, Annotated[list[str], Field(min_length=1)]]


class ChatRequest(BaseModel):
    """A chat-completion request in chatdialect's canonical form (OpenAI's current vocabulary).

    Build one with :func:`chatdialect.parse` from a wire payload, or directly with keyword arguments.
    Unset and ``None`` both mean "not set"; only set fields are written.
    """

    model_config = ConfigDict(
        strict=True, extra="forbid", use_attribute_docstrings=True, populate_by_name=True
    )

    model: str | None = None
    """The model id (required by every dialect but ``azure``, where the deployment is in the URL)."""
    messages: Annotated[list[Message], Field(min_length=1)]
    """The conversation so far, oldest first."""
    temperature: Annotated[Number, Field(ge=0, le=2)] | None = None
    """Sampling temperature, 0 to 2; higher is more random."""
    top_p: Annotated[Number, Field(ge=0, le=1)] | None = None
    """Nucleus sampling: only tokens within this probability mass are considered, 0 to 1."""
    top_k: int | None = None
    """Top-k sampling: only the k most likely tokens are considered (generic servers only)."""
    n: Annotated[int, Field(ge=1)] | None = None
    """How many choices to generate."""
    stop: Stop | None = None
    """Up to 4 sequences where generation stops."""
    stream: bool | None = None
    """Stream the response as server-sent events."""
    stream_options: StreamOptions | None = None
    """Options of a streamed response; only with ``stream: true``."""
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    """Upper bound of generated tokens, reasoning tokens included (replaces deprecated ``max_tokens``)."""
    frequency_penalty: Annotated[Number, Field(ge=-2, le=2)] | None = None
    """Penalty for tokens by how often they already appeared, -2 to 2."""
    presence_penalty: Annotated[Number, Field(ge=-2, le=2)] | None = None
    """Penalty for tokens that already appeared at all, -2 to 2."""
    logit_bias: dict[str, Annotated[int, Field(ge=-100, le=100)]] | None = None
    """Bias per token id, -100 (ban) to 100 (exclusive selection)."""
    logprobs: bool | None = None
    """Return the log probabilities of the output tokens."""
    top_logprobs: Annotated[int, Field(ge=0, le=20)] | None = None
    """How many most likely tokens to return per position, 0 to 20; needs ``logprobs: true``."""
    response_format: ResponseFormat | None = None
    """The format of the response: text, a JSON object, or a JSON Schema."""
    seed: int | None = None
    """Seed for best-effort deterministic sampling."""
    tools: Annotated[list[Tool], Field(max_length=128)] | None = None
    """Tools the model may call, at most 128 (legacy ``functions`` are upgraded to these)."""
    tool_choice: ToolChoice | None = None
    """Which tool the model calls: ``none``, ``auto``, ``required``, one named function, or a subset."""
    parallel_tool_calls: bool | None = None
    """Allow several tool calls in one response."""
    user: str | None = None
    """An id of the end user, for abuse monitoring (OpenAI: being replaced by ``safety_identifier``)."""
    metadata: dict[str, Any] | None = None
    """Tags for the stored completion: at most 16 keys of up to 64 characters, values up to 512."""
    modalities: list[Literal["text", "audio"]] | None = None
    """Output types to generate: ``["text"]`` or ``["text", "audio"]``."""
    audio: AudioOutput | None = None
    """Voice and format of audio output."""
    prediction: Prediction | None = None
    """Predicted output, to speed up responses that mostly repeat known content."""
    reasoning_effort: str | None = None
    """How hard a reasoning model thinks (``low``, ``medium``, ``high``, ...; values per dialect)."""
    verbosity: str | None = None
    """How verbose the answer is: ``low``, ``medium`` or ``high``."""
    service_tier: str | None = None
    """The processing tier (``auto``, ``default``, ``flex``, ...; values per dialect)."""
    store: bool | None = None
    """Store the completion for distillation or evals."""
    web_search_options: dict[str, Any] | None = None
    """Options of the web search tool (user location, search context size)."""
    prompt_cache_key: str | None = None
    """A key to bucket similar requests for prompt-cache hits."""
    prompt_cache_retention: str | None = None
    """How long cached prompt prefixes are kept (``in_memory`` or ``24h``)."""
    prompt_cache_options: dict[str, Any] | None = None
    """Prompt-cache settings (replaces ``prompt_cache_retention``)."""
    safety_identifier: Annotated[str, Field(max_length=64)] | None = None
    """A stable, hashed id of the end user for abuse detection, at most 64 characters."""
    moderation: dict[str, Any] | None = None
    """Moderation settings applied to the request."""
    data_sources: list[DataSource] | None = None
    """Azure OpenAI On Your Data sources the model grounds its answer on (Azure only)."""
    enhancements: dict[str, Any] | None = None
    """Azure OpenAI enhancements (``grounding``, ``ocr``), 2024 previews only."""
    cache: dict[str, Any] | None = None
    """watsonx.ai Model Gateway response caching; only for non-streaming requests."""
    router: dict[str, Any] | None = None
    """watsonx.ai Model Gateway model-routing configuration."""
    thinking: Thinking | None = None
    """Extended thinking: ``{"type": "enabled", "budget_tokens": N}``, ``{"type": "disabled"}`` or
    ``{"type": "adaptive"}`` (Anthropic ``thinking``, Gemini ``thinkingConfig``)."""
    cache_control: CacheControl | None = None
    """Automatic prompt caching of the whole request (Anthropic top-level ``cache_control``)."""
    container: Union[str, dict[str, Any]] | None = None
    """An Anthropic code-execution container to reuse (Anthropic only)."""
    mcp_servers: list[dict[str, Any]] | None = None
    """Remote MCP servers the model may call (Anthropic only)."""
    context_management: dict[str, Any] | None = None
    """How the conversation's context is edited when it grows (Anthropic only)."""
    inference_geo: str | None = None
    """Where the request is processed (Anthropic only)."""


def dump(request: ChatRequest) -> dict[str, Any]:
    """The request as new plain JSON: set fields only, aliases as keys (``model_dump(by_alias=True,
    exclude_none=True)`` without its Python wrapper, as the engine calls it once per request)."""
    data: dict[str, Any] = request.__pydantic_serializer__.to_python(
        request, by_alias=True, exclude_none=True
    )
    return data


CANONICAL_FIELDS: tuple[str, ...] = tuple(ChatRequest.model_fields)

OBJECT_KINDS: dict[str, type[BaseModel]] = {
    "message:system": SystemMessage,
    "message:developer": DeveloperMessage,
    "message:user": UserMessage,
    "message:assistant": AssistantMessage,
    "message:tool": ToolMessage,
    "part:text": TextPart,
    "part:image_url": ImagePart,
    "part:input_audio": AudioPart,
    "part:file": FilePart,
    "part:refusal": RefusalPart,
    "part:anthropic": AnthropicPart,
    "call": ToolCall,
    "tool:function": FunctionTool,
    "tool:anthropic": AnthropicTool,
    "function": FunctionDefinition,
}
"""The objects inside a request by kind (a message by role, a content part or a tool by type, a
function, a tool call): what a dialect's rules may narrow (``narrows``)."""
"""Every canonical field name, in model order."""
