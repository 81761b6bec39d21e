"""The canonical request: one pydantic v2 model in OpenAI's current vocabulary.

Every field any built-in dialect can carry lives here under its OpenAI (snake_case) name; no deprecated
field does (``functions``, ``function_call`` and ``max_tokens`` are upgraded while reading). Nested
objects accept keys they do not declare and keep them, as the vendors' own schemas do; the request's
top level does not (unknown top-level fields are the engine's business, not the model's).
Field facts follow OpenAI's API reference (seed 000, ``vendor-schemas/openai_*``) unless noted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from chatdialect._kept import AnthropicPart as AnthropicPart
from chatdialect._kept import AnthropicTool as AnthropicTool
from chatdialect._kept import BedrockPart as BedrockPart
from chatdialect._kept import BedrockTool as BedrockTool
from chatdialect._kept import GeminiPart as GeminiPart
from chatdialect._kept import GeminiTool as GeminiTool
from chatdialect._kept import ResponsesPart as ResponsesPart
from chatdialect._kept import ResponsesTool as ResponsesTool
from chatdialect._objects import (
    ROLES as ROLES,
)
from chatdialect._objects import (
    TOOL_NAME_PATTERN as TOOL_NAME_PATTERN,
)
from chatdialect._objects import (
    AssistantMessage as AssistantMessage,
)
from chatdialect._objects import (
    AudioOutput as AudioOutput,
)
from chatdialect._objects import (
    DataSource as DataSource,
)
from chatdialect._objects import (
    DeveloperMessage as DeveloperMessage,
)
from chatdialect._objects import (
    FunctionDefinition as FunctionDefinition,
)
from chatdialect._objects import (
    FunctionTool as FunctionTool,
)
from chatdialect._objects import (
    Message as Message,
)
from chatdialect._objects import (
    Number as Number,
)
from chatdialect._objects import (
    Prediction as Prediction,
)
from chatdialect._objects import (
    ResponseFormat as ResponseFormat,
)
from chatdialect._objects import (
    Stop as Stop,
)
from chatdialect._objects import (
    StreamOptions as StreamOptions,
)
from chatdialect._objects import (
    SystemMessage as SystemMessage,
)
from chatdialect._objects import (
    Thinking as Thinking,
)
from chatdialect._objects import (
    Tool as Tool,
)
from chatdialect._objects import (
    ToolCall as ToolCall,
)
from chatdialect._objects import (
    ToolChoice as ToolChoice,
)
from chatdialect._objects import (
    ToolMessage as ToolMessage,
)
from chatdialect._objects import (
    UserMessage as UserMessage,
)
from chatdialect._parts import (
    AudioPart as AudioPart,
)
from chatdialect._parts import (
    AudioURLPart as AudioURLPart,
)
from chatdialect._parts import (
    CacheControl as CacheControl,
)
from chatdialect._parts import (
    FilePart as FilePart,
)
from chatdialect._parts import (
    ImagePart as ImagePart,
)
from chatdialect._parts import (
    RefusalPart as RefusalPart,
)
from chatdialect._parts import (
    TextPart as TextPart,
)
from chatdialect._parts import (
    VideoURLPart as VideoURLPart,
)


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
    guardrail_config: dict[str, Any] | None = None
    """Bedrock ``guardrailConfig``: the guardrail (identifier, version, trace) that screens the
    request and its ``guardContent`` blocks (Bedrock only)."""
    performance_config: dict[str, Any] | None = None
    """Bedrock ``performanceConfig``: ``{"latency": "standard" | "optimized"}`` (Bedrock only)."""
    prompt_variables: dict[str, Any] | None = None
    """Bedrock ``promptVariables``: values of a Prompt-management prompt's variables (Bedrock only)."""
    additional_model_request_fields: dict[str, Any] | None = None
    """Bedrock ``additionalModelRequestFields``: model-native parameters beyond Converse's own, less
    those with a canonical field for the model's family (``top_k``, ``thinking``; Bedrock only)."""
    additional_model_response_field_paths: list[str] | None = None
    """Bedrock ``additionalModelResponseFieldPaths``: JSON Pointers of model-native response fields
    to return (Bedrock only)."""
    safety_settings: list[dict[str, Any]] | None = None
    """Gemini ``safetySettings``: ``{"category", "threshold"}`` per harm category (Gemini only)."""
    cached_content: str | None = None
    """Gemini ``cachedContent``: the name of a context cache (``cachedContents/...``; Gemini only)."""
    labels: dict[str, str] | None = None
    """Gemini (Vertex AI) ``labels``: billing labels of the request (Gemini only)."""
    generation_config: dict[str, Any] | None = None
    """The Gemini ``generationConfig`` keys with no canonical counterpart (``responseModalities``,
    ``mediaResolution``, ``speechConfig``, ``thinkingConfig.includeThoughts``, ...), in Gemini's
    lowerCamelCase (Gemini only)."""
    tool_config: dict[str, Any] | None = None
    """The Gemini ``toolConfig`` keys besides ``functionCallingConfig`` (``retrievalConfig``, ...),
    in Gemini's lowerCamelCase (Gemini only)."""
    instructions: str | None = None
    """Responses API instructions: a system message before the input (kept under this name for
    ``responses``; written as a leading system message for every other dialect)."""
    reasoning: dict[str, Any] | None = None
    """Responses API reasoning options other than ``effort`` (``summary``, ...; ``responses`` only)."""
    include: list[str] | None = None
    """Responses API extra output data to include (``reasoning.encrypted_content``, ...; the
    ``message.output_text.logprobs`` entry is ``logprobs`` canonically)."""
    previous_response_id: str | None = None
    """A stored Responses API response this one continues (``responses`` only: never expanded)."""
    conversation: Union[str, dict[str, Any]] | None = None
    """A stored Responses API conversation this response belongs to (``responses`` only)."""
    truncation: str | None = None
    """Responses API truncation strategy, ``auto`` or ``disabled`` (``responses`` only)."""
    background: bool | None = None
    """Run the Responses API request in the background (``responses`` only)."""
    max_tool_calls: int | None = None
    """Responses API cap on built-in tool calls in one response (``responses`` only)."""
    prompt: dict[str, Any] | None = None
    """A stored Responses API prompt template with its variables (``responses`` only)."""


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
    "part:video_url": VideoURLPart,
    "part:audio_url": AudioURLPart,
    "part:refusal": RefusalPart,
    "part:anthropic": AnthropicPart,
    "part:bedrock": BedrockPart,
    "part:gemini": GeminiPart,
    "part:responses": ResponsesPart,
    "call": ToolCall,
    "tool:function": FunctionTool,
    "tool:anthropic": AnthropicTool,
    "tool:bedrock": BedrockTool,
    "tool:gemini": GeminiTool,
    "tool:responses": ResponsesTool,
    "function": FunctionDefinition,
}
"""The objects inside a request by kind (a message by role, a content part or a tool by type, a
function, a tool call): what a dialect's rules may narrow (``narrows``)."""
"""Every canonical field name, in model order."""
