"""The public surface: exactly the names of SPEC section 1 (plus ``Limits`` and the cache figures),
nothing leaking."""

from __future__ import annotations

import chatdialect

SPEC_NAMES = {
    "translate",
    "normalize",
    "parse",
    "render",
    "dialect_names",
    "ChatRequest",
    "Translation",
    "Endpoint",
    "Change",
    "ChatDialectError",
    "UnknownDialectError",
    "InvalidRequestError",
    "UnsupportedFieldError",
    "ChatDialectWarning",
    "ModelTable",  # section 10 (chatdialect.models holds DEFAULT)
}


def test_all_is_pinned() -> None:
    assert set(chatdialect.__all__) == SPEC_NAMES | {
        "Limits",
        "CacheStats",
        "cache_stats",
        "clear_caches",
        "translate_json",
        "JsonTranslation",
    }
    assert chatdialect.__all__ == sorted(chatdialect.__all__)


def test_every_exported_name_imports() -> None:
    for name in chatdialect.__all__:
        assert getattr(chatdialect, name) is not None


def test_error_tree() -> None:
    base = chatdialect.ChatDialectError
    assert issubclass(base, ValueError)
    for name in ("UnknownDialectError", "InvalidRequestError", "UnsupportedFieldError"):
        assert issubclass(getattr(chatdialect, name), base)
    assert issubclass(chatdialect.ChatDialectWarning, UserWarning)


def test_package_ships_py_typed() -> None:
    from importlib.resources import files

    assert files("chatdialect").joinpath("py.typed").is_file()
