"""chatdialect.sdk with the real openai SDK: the JSON body the SDK sends is the translated payload
(``client.chat.completions.create``, and ``client.responses.create`` for ``responses``).

No network: the clients get an HTTP client whose mock transport records each request and answers
with a minimal chat completion or response (or an empty event stream for ``stream: true``).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from chatdialect import ChatDialectError, InvalidRequestError, dialect_names, translate
from chatdialect import _dialects as dialects
from chatdialect.sdk import RESPONSES_SDK_PARAMETERS, SDK_PARAMETERS, create_kwargs, sdk_parameters
from conftest import REQUESTS, fixture_id, fixture_paths, load_fixture, source_options
from strategies import MODEL_IN_URL

openai = pytest.importorskip("openai")

DEPLOYMENT = "my-deployment"
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 0,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
}
RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 0,
    "model": "m",
    "status": "completed",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "ok", "annotations": []}],
        }
    ],
}


class Capture:
    """The requests the SDK sent, through the HTTP library the installed openai uses."""

    def __init__(self) -> None:
        # openai 1.x/2.x build on httpx, 3.x on httpx2: take the one behind DefaultHttpxClient.
        base = next(c for c in openai.DefaultHttpxClient.__mro__[1:] if c.__name__ == "Client")
        self.http = importlib.import_module(base.__module__.split(".")[0])
        self.requests: list[Any] = []

    def handler(self, request: Any) -> Any:
        self.requests.append(request)
        body = json.loads(request.content)
        if body.get("stream"):
            return self.http.Response(
                200, headers={"content-type": "text/event-stream"}, content=b"data: [DONE]\n\n"
            )
        if request.url.path.endswith("/responses"):
            return self.http.Response(200, json=RESPONSE)
        return self.http.Response(200, json=COMPLETION)

    def client(self) -> Any:
        return self.http.Client(transport=self.http.MockTransport(self.handler))

    def last_body(self) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.requests[-1].content)
        return body


@pytest.fixture(scope="module")
def capture() -> Capture:
    return Capture()


@pytest.fixture(scope="module")
def openai_client(capture: Capture) -> Any:
    return openai.OpenAI(api_key="FAKE-KEY-0000", http_client=capture.client(), max_retries=0)


@pytest.fixture(scope="module")
def azure_client(capture: Capture) -> Any:
    return openai.AzureOpenAI(
        api_key="FAKE-KEY-0000",
        api_version="2024-10-21",
        azure_endpoint="https://example-resource.openai.azure.com",
        http_client=capture.client(),
        max_retries=0,
    )


def send(client: Any, kwargs: dict[str, Any]) -> None:
    result = client.chat.completions.create(**kwargs)
    if kwargs.get("stream"):
        assert list(result) == []
    else:
        assert result.choices[0].message.content == "ok"


def send_response(client: Any, kwargs: dict[str, Any]) -> None:
    result = client.responses.create(**kwargs)
    if kwargs.get("stream"):
        assert list(result) == []
    else:
        assert result.output_text == "ok"


def cases(targets: tuple[str, ...] | None = None) -> list[Any]:
    """Every fixture translated to every chat dialect that can take it (or to ``targets``): a payload
    without a model (an azure payload) only to azure, since every other dialect requires one (bedrock's
    fixtures name it in ``modelId``); and not a conversation Bedrock's turn rules refuse to bedrock."""
    params = []
    chat = tuple(name for name in dialect_names() if name != "responses")
    for path in fixture_paths():
        payload = load_fixture(path)
        has_model = "model" in payload or "modelId" in payload or bool(source_options(path))
        for target in targets or chat:
            if target in MODEL_IN_URL:
                continue  # a body with no messages and no model (Gemini's) is no chat.completions call
            if target == "bedrock" and refused(path, target):
                continue
            if has_model or target == "azure":
                params.append(pytest.param(path, target, id=f"{fixture_id(path)}->{target}"))
    return params


def refused(path: Path, target: str) -> bool:
    try:
        translated(path, target)
    except InvalidRequestError:
        return True
    return False


def translated(path: Path, target: str) -> Any:
    return translate(load_fixture(path), source=path.parent.name, target=target, **source_options(path))


@pytest.mark.parametrize(("path", "target"), cases())
def test_openai_client_sends_the_translated_payload(
    path: Path, target: str, capture: Capture, openai_client: Any
) -> None:
    translation = translated(path, target)
    expected = dict(translation.payload)
    if "model" in expected:
        kwargs = create_kwargs(translation)
    else:
        kwargs = create_kwargs(translation, model="gpt-4o")
        expected["model"] = "gpt-4o"
    send(openai_client, kwargs)
    request = capture.requests[-1]
    assert request.method == "POST"
    assert request.url.path == "/v1/chat/completions"
    assert capture.last_body() == expected


@pytest.mark.parametrize(("path", "target"), cases())
def test_azure_client_sends_the_translated_payload(
    path: Path, target: str, capture: Capture, azure_client: Any
) -> None:
    translation = translated(path, target)
    expected = dict(translation.payload)
    if "model" not in expected:
        kwargs = create_kwargs(translation, model=DEPLOYMENT)
        expected["model"] = DEPLOYMENT  # the SDK requires model; for Azure it is the deployment
        deployment = DEPLOYMENT
    else:
        kwargs = create_kwargs(translation)
        deployment = expected["model"]
    send(azure_client, kwargs)
    request = capture.requests[-1]
    assert request.url.path == f"/openai/deployments/{deployment}/chat/completions"
    assert request.url.params["api-version"] == "2024-10-21"
    assert capture.last_body() == expected


@pytest.mark.parametrize(("path", "target"), cases(("responses",)))
def test_responses_create_sends_the_translated_payload(
    path: Path, target: str, capture: Capture, openai_client: Any
) -> None:
    """``client.responses.create(**create_kwargs(t))`` for a responses translation of every fixture:
    POST /v1/responses with exactly the payload (fields the SDK lacks in extra_body)."""
    translation = translated(path, target)
    kwargs = create_kwargs(translation)
    assert set(kwargs) - {"extra_body"} <= RESPONSES_SDK_PARAMETERS
    send_response(openai_client, kwargs)
    request = capture.requests[-1]
    assert (request.method, request.url.path) == ("POST", "/v1/responses")
    assert capture.last_body() == translation.payload


def test_responses_kwargs_follow_the_client_and_the_payload(openai_client: Any) -> None:
    """A responses payload dict (input, no messages) is split for Responses.create too; the client's
    own signature decides; a chat payload is still split for chat completions."""
    payload = {"model": "m", "input": "hi", "max_output_tokens": 64, "text": {"verbosity": "low"}, "x_tag": 1}
    kwargs = create_kwargs(payload, client=openai_client)
    assert kwargs["extra_body"] == {"x_tag": 1}
    assert kwargs["max_output_tokens"] == 64 and kwargs["text"] == {"verbosity": "low"}
    chat = create_kwargs({"model": "m", "messages": [], "max_output_tokens": 64})
    assert chat["extra_body"] == {"max_output_tokens": 64}


def test_responses_table_matches_the_installed_sdk(openai_client: Any) -> None:
    """Every name in the Responses table is a keyword of the installed SDK's responses.create, and
    every field the responses dialect can write that the SDK takes is in the table."""
    installed = sdk_parameters(openai_client.responses.create)
    assert not RESPONSES_SDK_PARAMETERS - installed, f"not parameters of openai {openai.__version__}"
    dialect = dialects.REGISTRY["responses"]
    assert dialect.codec is not None
    writable = {"model", *dialect.wire_names, *dialect.codec.handles}
    assert not (installed & writable) - RESPONSES_SDK_PARAMETERS


def test_azure_on_your_data_goes_in_extra_body(capture: Capture, azure_client: Any) -> None:
    payload = load_fixture(REQUESTS / "azure" / "on_your_data_azure_search.json")
    translation = translate(payload, source="azure", target="azure")
    kwargs = create_kwargs(translation, model=DEPLOYMENT)
    assert set(kwargs["extra_body"]) == {"data_sources", "enhancements"}
    assert kwargs["max_tokens"] == translation.payload["max_tokens"]
    send(azure_client, kwargs)
    assert capture.last_body() == {**translation.payload, "model": DEPLOYMENT}
    assert capture.requests[-1].url.path == f"/openai/deployments/{DEPLOYMENT}/chat/completions"


def test_non_sdk_fields_go_in_extra_body() -> None:
    payload = {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.2,
        "top_k": 40,
        "cache": {"enabled": True},
        "router": {"strategy": "cost"},
        "data_sources": [],
        "enhancements": {"grounding": {"enabled": True}},
        "timeout": 3,  # a payload field, not the SDK's request option
    }
    kwargs = create_kwargs(payload)
    assert kwargs["extra_body"] == {
        "top_k": 40,
        "cache": {"enabled": True},
        "router": {"strategy": "cost"},
        "data_sources": [],
        "enhancements": {"grounding": {"enabled": True}},
        "timeout": 3,
    }
    assert {k: v for k, v in kwargs.items() if k != "extra_body"} == {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.2,
    }
    assert kwargs["messages"] is not payload["messages"]  # copies, not the caller's objects


def test_no_extra_body_when_everything_is_known() -> None:
    kwargs = create_kwargs({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    assert kwargs == {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def test_passthrough_fields_reach_the_body(capture: Capture, openai_client: Any) -> None:
    payload = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x_trace_id": "abc"}
    translation = translate(payload, source="openai", target="generic", passthrough=["x_trace_id"])
    assert translation.payload["x_trace_id"] == "abc"
    kwargs = create_kwargs(translation)
    assert kwargs["extra_body"] == {"x_trace_id": "abc"}
    send(openai_client, kwargs)
    assert capture.last_body() == translation.payload


def test_model_keyword_replaces_the_payload_model() -> None:
    kwargs = create_kwargs({"model": "gpt-4o", "messages": []}, model=DEPLOYMENT)
    assert kwargs["model"] == DEPLOYMENT


def test_missing_model_is_a_clear_error() -> None:
    translation = translate({"messages": [{"role": "user", "content": "hi"}]}, source="azure", target="azure")
    with pytest.raises(ChatDialectError, match="pass model="):
        create_kwargs(translation)
    with pytest.raises(ChatDialectError, match="non-empty string"):
        create_kwargs(translation, model="")


def test_rejects_what_is_not_a_payload() -> None:
    with pytest.raises(ChatDialectError, match="Translation or a payload dict"):
        create_kwargs(["model"])  # type: ignore[arg-type]


def test_static_table_matches_the_installed_sdk() -> None:
    """Every name in the table is a keyword the installed SDK takes (else create() raises TypeError),
    and every field a dialect can write that the SDK takes is in the table (else it would travel in
    extra_body: still sent, but the table is stale). Other new SDK parameters need no entry."""
    installed = sdk_parameters(openai.resources.chat.completions.Completions.create)
    assert not SDK_PARAMETERS - installed, f"not parameters of openai {openai.__version__}"
    writable = {"model", "messages"}
    for dialect in dialects.REGISTRY.values():
        writable |= set(dialect.wire_names) | set(dialect.reads)
    stale = (installed & writable) - SDK_PARAMETERS
    assert not stale, f"openai {openai.__version__} takes these as keywords; add them to SDK_PARAMETERS"


def test_client_signature_can_replace_the_table(openai_client: Any) -> None:
    class OldCompletions:
        def create(
            self, *, messages: Any, model: Any, temperature: Any = None, extra_body: Any = None
        ) -> None:
            raise AssertionError("not called")

    class OldClient:
        class chat:  # the SDK attribute name
            completions = OldCompletions()

    payload = {"model": "m", "messages": [], "temperature": 1, "verbosity": "low"}
    assert create_kwargs(payload, client=OldClient())["extra_body"] == {"verbosity": "low"}
    assert "verbosity" not in create_kwargs(payload, client=openai_client).get("extra_body", {})


def test_imported_sdk_decides_without_a_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """With openai imported, its own signature decides (an older SDK without verbosity gets it in
    extra_body); with openai not imported, the static table does."""

    class OldCompletions:
        def create(self, *, messages: Any, model: Any, temperature: Any = None) -> None:
            raise AssertionError("not called")

    chat = types.SimpleNamespace(completions=types.SimpleNamespace(Completions=OldCompletions))
    old_sdk = types.SimpleNamespace(resources=types.SimpleNamespace(chat=chat))
    payload = {"model": "m", "messages": [], "temperature": 1, "verbosity": "low"}
    monkeypatch.setitem(sys.modules, "openai", old_sdk)
    assert create_kwargs(payload)["extra_body"] == {"verbosity": "low"}
    monkeypatch.delitem(sys.modules, "openai")
    assert "extra_body" not in create_kwargs(payload)  # SDK_PARAMETERS has verbosity


def test_module_does_not_import_openai() -> None:
    code = "import sys, chatdialect.sdk; print('openai' in sys.modules, 'httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
