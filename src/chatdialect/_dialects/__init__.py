"""The registry of built-in dialects: adding one is a new module here plus one line below."""

from __future__ import annotations

from chatdialect._dialects import (
    anthropic,
    atoma,
    azure,
    bedrock,
    gemini,
    generic,
    openai,
    responses,
    watsonx,
)
from chatdialect._dialects.azure_versions import VERSIONS
from chatdialect._dialects.base import Dialect
from chatdialect._errors import ChatDialectError, UnknownDialectError

REGISTRY: dict[str, Dialect] = {
    module.DIALECT.name: module.DIALECT
    for module in (anthropic, atoma, azure, bedrock, gemini, generic, openai, responses, watsonx)
}


def get(name: object) -> Dialect:
    """The dialect registered as ``name``; ``UnknownDialectError`` if there is none."""
    dialect = REGISTRY.get(name) if isinstance(name, str) else None
    if dialect is None:
        raise UnknownDialectError(name, sorted(REGISTRY))
    return dialect


def versioned(dialect: Dialect, api_version: object) -> Dialect:
    """``dialect`` at an API version (only ``azure`` has versions); ``None``: the dialect as registered."""
    if api_version is None:
        return dialect
    if dialect.name != "azure":
        return dialect
    found = VERSIONS.get(api_version) if isinstance(api_version, str) else None
    if found is None:
        raise ChatDialectError(f"api_version must be one of the Azure API versions: {', '.join(VERSIONS)}")
    return found


def names() -> tuple[str, ...]:
    """The registered dialect names, sorted."""
    return tuple(sorted(REGISTRY))
