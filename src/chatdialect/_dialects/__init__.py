"""The registry of built-in dialects: adding one is a new module here plus one line below."""

from __future__ import annotations

from chatdialect._dialects import anthropic, atoma, azure, bedrock, generic, openai, watsonx
from chatdialect._dialects.base import Dialect
from chatdialect._errors import UnknownDialectError

REGISTRY: dict[str, Dialect] = {
    module.DIALECT.name: module.DIALECT
    for module in (anthropic, atoma, azure, bedrock, generic, openai, watsonx)
}


def get(name: object) -> Dialect:
    """The dialect registered as ``name``; ``UnknownDialectError`` if there is none."""
    dialect = REGISTRY.get(name) if isinstance(name, str) else None
    if dialect is None:
        raise UnknownDialectError(name, sorted(REGISTRY))
    return dialect


def names() -> tuple[str, ...]:
    """The registered dialect names, sorted."""
    return tuple(sorted(REGISTRY))
