"""chatdialect: translate chat-completion request payloads between provider dialects, losing nothing."""

from chatdialect._api import dialect_names, normalize, parse, render, translate, translate_json
from chatdialect._changes import Change, Endpoint, JsonTranslation, Translation
from chatdialect._errors import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
)
from chatdialect._limits import Limits
from chatdialect._memo import MemoStats as CacheStats
from chatdialect._memo import clear_all, stats_all
from chatdialect._model import ChatRequest
from chatdialect.models import ModelTable


def cache_stats() -> list[CacheStats]:
    """Figures of every cache chatdialect keeps by content (entries, bytes, budget, hits, misses,
    evictions), sorted by name. All of them together stay within 64 MiB."""
    return stats_all()


def clear_caches() -> None:
    """Forget everything chatdialect remembers by content (schema verdicts, validated tool lists,
    limits figures); later calls do the work again."""
    clear_all()


__all__ = [
    "CacheStats",
    "Change",
    "ChatDialectError",
    "ChatDialectWarning",
    "ChatRequest",
    "Endpoint",
    "InvalidRequestError",
    "JsonTranslation",
    "Limits",
    "ModelTable",
    "Translation",
    "UnknownDialectError",
    "UnsupportedFieldError",
    "cache_stats",
    "clear_caches",
    "dialect_names",
    "normalize",
    "parse",
    "render",
    "translate",
    "translate_json",
]
