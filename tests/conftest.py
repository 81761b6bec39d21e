"""Shared test set-up: the request fixtures, the vendor schemas, and hypothesis profiles."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REQUESTS = FIXTURES / "requests"
VENDOR_SCHEMAS = FIXTURES / "vendor-schemas"

# "ci": a fixed example budget, derandomized so CI is repeatable, sized so the default `pytest -q`
# stays under two minutes on a 2-core machine; "thorough": three times that, run by .ci/run after
# the default suite; "deep": by hand, e.g. HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py
settings.register_profile(
    "ci",
    max_examples=50,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def fixture_paths() -> list[Path]:
    """Every request fixture, sorted: ``fixtures/requests/<dialect>/<name>.json``."""
    return sorted(REQUESTS.glob("*/*.json"))


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


URL_MODELS: dict[str, str] = {"gemini": "gemini-2.5-flash"}
"""The model given as ``model=`` to fixtures of dialects that keep the model in the URL (their
bodies have none, SPEC section 8)."""


def source_options(path: Path) -> dict[str, Any]:
    """The keyword arguments a fixture of ``path``'s dialect is translated with (``model=``)."""
    model = URL_MODELS.get(path.parent.name)
    return {} if model is None else {"model": model}


def load_fixture(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@pytest.fixture(scope="session")
def vendor_schema() -> Any:
    """``vendor_schema("openai")`` / ``"azure"`` / ``"responses"``: a Draft 2020-12 validator."""
    from jsonschema import Draft202012Validator

    files = {
        "openai": "openai_create_chat_completion_request.json",
        "azure": "azure_create_chat_completion_request.json",
        "responses": "openai_create_response_request.json",
    }
    cache: dict[str, Any] = {}

    def get(name: str) -> Any:
        if name not in cache:
            schema = json.loads((VENDOR_SCHEMAS / files[name]).read_text())
            cache[name] = Draft202012Validator(schema)
        return cache[name]

    return get
