"""Objects kept for one vendor: a content part or a tool with no canonical counterpart, held as the
vendor wrote it under the vendor's name, written back by that vendor's dialect alone and dropped with
a record by every other target (SPEC section 6, same-dialect identity).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Kept(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", use_attribute_docstrings=True)


class AnthropicPart(_Kept):
    """An Anthropic content block with no canonical counterpart (a server tool's use or result, a
    search result, a text document, ...), kept as it is for ``anthropic`` and dropped elsewhere."""

    type: Literal["anthropic"]
    anthropic: dict[str, Any]
    """The Anthropic block, unchanged."""


class AnthropicTool(_Kept):
    """An Anthropic-defined tool (web search, code execution, bash, ...), kept as it is for
    ``anthropic`` and dropped elsewhere."""

    type: Literal["anthropic"]
    anthropic: dict[str, Any]
    """The Anthropic tool definition, unchanged."""


class BedrockPart(_Kept):
    """A Bedrock Converse content block with no canonical counterpart (video, S3 sources,
    ``guardContent``, ``citationsContent``, ``searchResult``, a document with citations, ...), kept
    as it is (the union object, e.g. ``{"video": {...}}``) for ``bedrock`` and dropped elsewhere."""

    type: Literal["bedrock"]
    bedrock: dict[str, Any]
    """The Bedrock content block, unchanged."""


class BedrockTool(_Kept):
    """A Bedrock tool entry with no canonical counterpart (``systemTool``), kept as it is for
    ``bedrock`` and dropped elsewhere."""

    type: Literal["bedrock"]
    bedrock: dict[str, Any]
    """The Bedrock ``Tool`` union object, unchanged."""


class GeminiPart(_Kept):
    """A Gemini part with no canonical counterpart (a thought, executable code and its result, a
    ``fileData`` reference, inline data with a media resolution, ...), kept as it is (keys in
    lowerCamelCase) for ``gemini`` and dropped elsewhere."""

    type: Literal["gemini"]
    gemini: dict[str, Any]
    """The Gemini part, unchanged."""


class GeminiTool(_Kept):
    """A Google built-in tool (``googleSearch``, ``codeExecution``, ``urlContext``, ...), kept as its
    ``Tool`` object for ``gemini`` and dropped elsewhere."""

    type: Literal["gemini"]
    gemini: dict[str, Any]
    """The Gemini ``Tool`` object without ``functionDeclarations``, unchanged."""


class ResponsesPart(_Kept):
    """A Responses API input item or content part with no canonical counterpart (a reasoning item
    with its ``encrypted_content``, a hosted tool's call, a file by URL, ...), kept as it is for
    ``responses`` and dropped elsewhere."""

    type: Literal["responses"]
    responses: dict[str, Any]
    """The Responses item or content part, unchanged."""


class ResponsesTool(_Kept):
    """A Responses API tool other than a function (``web_search``, ``file_search``, ``mcp``, a custom
    tool, ...), kept as it is for ``responses`` and dropped elsewhere."""

    type: Literal["responses"]
    responses: dict[str, Any]
    """The Responses tool definition, unchanged."""


class ResponsesToolChoice(_Kept):
    """A Responses API tool choice of a tool other than a function (a hosted tool, an MCP server's
    tool, a custom tool), kept as it is for ``responses`` and dropped elsewhere."""

    type: Literal["responses"]
    responses: dict[str, Any]
    """The Responses tool choice, unchanged."""
