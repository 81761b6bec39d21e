"""The content parts of canonical messages: text, images, audio, video, files, refusals, and the content
unions each role takes (with the parts kept for one vendor, ``_kept``).

Pydantic v2 models in OpenAI's current vocabulary; nested objects accept keys they do not declare and
keep them, as the vendors' own schemas do (each target's rules say which keys its objects define).
``_objects`` builds the messages from these. Field facts follow OpenAI's API reference (seed 000,
``vendor-schemas/openai_*``) unless noted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from chatdialect._kept import AnthropicPart, BedrockPart, GeminiPart, ResponsesPart


class Open(BaseModel):
    """A nested object: typed where we know the field, undeclared keys kept as they are."""

    model_config = ConfigDict(strict=True, extra="allow", use_attribute_docstrings=True)


CacheControl = dict[str, Any]
"""A prompt-cache breakpoint (Anthropic ``cache_control``, e.g. ``{"type": "ephemeral"}``; Bedrock
``cachePoint``): the prefix up to and including the object that holds it is cached."""


class TextPart(Open):
    """A text content part."""

    type: Literal["text"]
    text: str
    """The text."""
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class ImageURL(Open):
    """Where an image is and how closely to look at it."""

    url: str
    """An http(s) URL or a ``data:`` URL with base64 image data."""
    detail: Literal["auto", "low", "high"] | None = None
    """The detail level of the image."""


class ImagePart(Open):
    """An image content part (user messages)."""

    type: Literal["image_url"]
    image_url: ImageURL
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class InputAudio(Open):
    """Base64 audio data and its encoding."""

    data: str
    """Base64-encoded audio data."""
    format: Literal["wav", "mp3"]
    """The encoding of the audio data."""


class AudioPart(Open):
    """An audio content part (user messages)."""

    type: Literal["input_audio"]
    input_audio: InputAudio


class MediaURL(Open):
    """Where a video or an audio clip is: an http(s) URL or a ``data:`` URL with base64 data."""

    url: str
    """An http(s) URL or a ``data:`` URL with base64 data."""


class VideoURLPart(Open):
    """A video content part of OpenAI-compatible servers (vLLM, SGLang): ``{"type": "video_url",
    "video_url": {"url": ...}}``; OpenAI itself has none."""

    type: Literal["video_url"]
    video_url: MediaURL


class AudioURLPart(Open):
    """An audio content part by URL of OpenAI-compatible servers (vLLM, SGLang): ``{"type":
    "audio_url", "audio_url": {"url": ...}}``; OpenAI's own audio part is ``input_audio``."""

    type: Literal["audio_url"]
    audio_url: MediaURL


class FilePart(Open):
    """A file content part (user messages): ``file`` holds ``file_id`` or ``file_data`` + ``filename``."""

    type: Literal["file"]
    file: dict[str, Any]
    cache_control: CacheControl | None = None
    """A prompt-cache breakpoint after this part (Anthropic, Bedrock)."""


class RefusalPart(Open):
    """A refusal content part (assistant messages)."""

    type: Literal["refusal"]
    refusal: str


TextContent = Union[str, Annotated[list[TextPart], Field(min_length=1)]]
SystemContentPart = Annotated[Union[TextPart, BedrockPart], Field(discriminator="type")]
SystemContent = Union[str, Annotated[list[SystemContentPart], Field(min_length=1)]]
"""A system message's content: text, or text parts and kept Bedrock system blocks (``guardContent``)."""
UserContentPart = Annotated[
    Union[
        TextPart, ImagePart, AudioPart, FilePart, VideoURLPart, AudioURLPart,
        AnthropicPart, BedrockPart, GeminiPart, ResponsesPart,
    ],
    Field(discriminator="type"),
]
AssistantContentPart = Annotated[
    Union[TextPart, RefusalPart, AnthropicPart, BedrockPart, GeminiPart, ResponsesPart],
    Field(discriminator="type"),
]
ToolContentPart = Annotated[
    Union[TextPart, AnthropicPart, BedrockPart, ResponsesPart], Field(discriminator="type")
]
