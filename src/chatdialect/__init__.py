"""chatdialect: translate chat-completion request payloads between provider dialects, losing nothing."""

from chatdialect._api import dialect_names, normalize, parse, render, translate
from chatdialect._changes import Change, Translation
from chatdialect._errors import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnknownDialectError,
    UnsupportedFieldError,
)
from chatdialect._limits import Limits
from chatdialect._model import ChatRequest

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
