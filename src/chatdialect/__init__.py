"""chatdialect: translate chat-completion request payloads between provider dialects, losing nothing."""

from chatdialect.api import dialect_names, normalize, parse, render, translate
from chatdialect.changes import Change, Translation
from chatdialect.errors import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
)
from chatdialect.limits import Limits
from chatdialect.model import ChatRequest

__all__ = [
    "Change",
    "ChatDialectError",
    "ChatDialectWarning",
    "ChatRequest",
    "InvalidRequestError",
    "Limits",
    "Translation",
    "UnknownDialectError",
    "UnsupportedFieldError",
    "dialect_names",
    "normalize",
    "parse",
    "render",
    "translate",
]
