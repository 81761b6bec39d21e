"""Security properties: no network, no evaluation of payload content, no secret echo.

* **No network.** JSON Schema checks of tool parameters and response formats never retrieve a remote
  ``$ref``/``$schema``/``$id``. Proven with a local listening socket that must receive no connection
  while schemas pointing at it are translated, and with an audit hook that sees no socket or URL
  opening at all.
* **No evaluation.** Payload content is data: strings that would do something if evaluated or
  formatted come out verbatim, and the audit hook sees no ``exec``/``compile``/process/file event.
* **No secret echo.** A canary inside ``data_sources`` authentication and inside ``metadata`` values
  never appears in a ``Change.reason``, ``repr(change)``, an error's ``str``/``repr``/``.errors``/
  ``.changes``, or a warning, whatever goes wrong next to it.
"""

from __future__ import annotations

import copy
import itertools
import json
import socket
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest

from chatdialect import (
    ChatDialectError,
    ChatDialectWarning,
    InvalidRequestError,
    UnsupportedFieldError,
    dialect_names,
    normalize,
    parse,
    render,
    translate,
)
from chatdialect._dialects import REGISTRY

DIALECTS = dialect_names()
USER = {"role": "user", "content": "What is our travel policy?"}


# --- an audit hook, recording while switched on -------------------------------------------------

_RECORDED: list[tuple[str, str]] | None = None
_WATCHED_PREFIXES = (
    "socket.",
    "urllib.",
    "http.",
    "ftplib.",
    "smtplib.",
    "subprocess.",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "ctypes.",
    "exec",
    "compile",
    "open",
    "import",
    "builtins.input",
    "pickle.",
)
# (``marshal.dumps``/``loads`` of the schema itself is allowed: schemacheck keys its cache by the
# marshal bytes of the JSON value, which holds no code.)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _RECORDED is not None and event.startswith(_WATCHED_PREFIXES):
        _RECORDED.append((event, repr(args)[:200]))


sys.addaudithook(_hook)  # audit hooks cannot be removed; it only records inside ``audited()``


@contextmanager
def audited() -> Iterator[list[tuple[str, str]]]:
    """Record the watched audit events raised inside the block."""
    global _RECORDED
    events: list[tuple[str, str]] = []
    _RECORDED = events
    try:
        yield events
    finally:
        _RECORDED = None


def _warm_up() -> None:
    """Import everything translation imports lazily, so only translation itself is audited."""
    schema = {"type": "object", "properties": {"x": {"type": "string"}}}
    payload = {
        "model": "m",
        "messages": [USER],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": schema}}],
    }
    for target in DIALECTS:
        translate(payload, source="openai", target=target)
    with pytest.raises(InvalidRequestError):
        translate(
            {
                **payload,
                "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": 1}}}],
            },
            source="openai",
            target="openai",
        )


# --- no network ---------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A local TCP socket listening on a free port, non-blocking, and its ``http://`` base URL."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    host, port = server.getsockname()
    try:
        yield server, f"http://{host}:{port}"
    finally:
        server.close()


def connections(server: socket.socket) -> int:
    """How many connections are waiting on ``server`` (accepting and closing them)."""
    count = 0
    while True:
        try:
            conn, _ = server.accept()
        except (BlockingIOError, InterruptedError):
            return count
        conn.close()
        count += 1


def test_the_listener_notices_a_connection(listener: tuple[socket.socket, str]) -> None:
    """The detector works: a real connection to the listener is seen."""
    server, _base = listener
    host, port = server.getsockname()
    with socket.create_connection((host, port), timeout=5):
        pass
    for _ in range(100):  # the connection is queued at once on loopback; allow a little slack
        if connections(server):
            return
        time.sleep(0.01)
    pytest.fail("the listener did not see a connection")


def remote_schemas(base: str, tag: str) -> list[dict[str, Any]]:
    """JSON Schemas that reference ``base`` every way a schema can; each is new (no cache hit)."""
    return [
        {"$ref": f"{base}/{tag}/root.json"},
        {"type": "object", "properties": {"x": {"$ref": f"{base}/{tag}/x.json#/definitions/x"}}},
        {"$schema": f"{base}/{tag}/meta-schema", "type": "object"},
        {"$id": f"{base}/{tag}/id.json", "type": "object", "properties": {"y": {"$ref": "other.json"}}},
        {"type": "object", "allOf": [{"$ref": f"{base}/{tag}/all.json"}], "anyOf": [{"$ref": f"{base}/a"}]},
        {"$dynamicRef": f"{base}/{tag}/dyn.json#node", "type": "object"},
        {"$defs": {"d": {"$ref": f"{base}/{tag}/defs.json"}}, "$ref": "#/$defs/d"},
        {"type": "object", "properties": {"z": {"$ref": f"//{base.split('//')[1]}/{tag}/z.json"}}},
        {"$vocabulary": {f"{base}/{tag}/vocab": True}, "type": "object"},
        {"$ref": f"{base}/{tag}/bad.json", "type": 5},  # invalid too: checked without fetching
    ]


def schema_payloads(base: str, tag: str) -> list[tuple[str, dict[str, Any]]]:
    """(source, payload) pairs carrying the remote schemas in tools, functions and response_format."""
    found: list[tuple[str, dict[str, Any]]] = []
    for index, schema in enumerate(remote_schemas(base, tag)):
        tool = {"type": "function", "function": {"name": f"f{index}", "parameters": schema}}
        found.append(("openai", {"model": "m", "messages": [USER], "tools": [tool]}))
        found.append(
            (
                "azure",
                {
                    "model": "m",
                    "messages": [USER],
                    "functions": [{"name": f"g{index}", "parameters": schema}],
                },
            )
        )
        response_format = {"type": "json_schema", "json_schema": {"name": f"r{index}", "schema": schema}}
        found.append(("watsonx", {"model": "m", "messages": [USER], "response_format": response_format}))
    return found


def test_schema_checks_never_fetch_a_remote_reference(listener: tuple[socket.socket, str]) -> None:
    server, base = listener
    _warm_up()
    outcomes = {"ok": 0, "invalid": 0}
    with audited() as events:
        for tag in ("first", "second"):  # twice: the second pass hits the schema cache
            for source, payload in schema_payloads(base, tag):
                for target in DIALECTS:
                    try:
                        result = translate(payload, source=source, target=target)
                    except InvalidRequestError as error:
                        assert all(
                            pointer.startswith(
                                (
                                    "/tools/0/function/parameters",
                                    "/functions/0/parameters",
                                    "/response_format/json_schema/schema",
                                )
                            )
                            for pointer in error.pointers
                        ), error
                        outcomes["invalid"] += 1
                    else:
                        assert base.split("//")[1] in repr(result.payload), "the reference is carried as is"
                        outcomes["ok"] += 1
                with suppress(InvalidRequestError):
                    parse(payload, dialect=source)
    assert connections(server) == 0, "a schema check connected to the address in a $ref"
    assert "jsonschema_rs" in sys.modules, "the compiled validator checked them (it has a network client)"
    assert not [event for event in events if event[0].startswith(("socket.", "urllib.", "http."))]
    assert outcomes["ok"] and outcomes["invalid"], outcomes


# --- no evaluation ------------------------------------------------------------------------------

HOSTILE_STRINGS = [
    "__import__('os').system('touch /tmp/chatdialect-pwned')",
    "eval(compile('1/0', 'x', 'eval'))",
    "{0.__class__.__mro__[1].__subclasses__()}",
    "{payload.__init__.__globals__}",
    "%(secret)s %s %d",
    "${jndi:ldap://127.0.0.1:1/a}",
    "{{7*7}} <% 7*7 %> #{7*7}",
    "!!python/object/apply:os.system ['true']",
    "`rm -rf /` $(rm -rf /)",
    "\x00\x1b[31m\u202e\ufeff",
]


def hostile_payload() -> dict[str, Any]:
    parameters = {
        "type": "object",
        "description": HOSTILE_STRINGS[0],
        "properties": {text: {"type": "string", "description": text} for text in HOSTILE_STRINGS},
        "pattern": "(a+)+$",
        "default": HOSTILE_STRINGS[1],
    }
    return {
        "model": HOSTILE_STRINGS[2],
        "messages": [
            {"role": "system", "content": HOSTILE_STRINGS[3]},
            *({"role": "user", "content": text, "name": "u"} for text in HOSTILE_STRINGS),
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": HOSTILE_STRINGS[4],
                        "type": "function",
                        "function": {"name": "run", "arguments": HOSTILE_STRINGS[0]},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": HOSTILE_STRINGS[4], "content": HOSTILE_STRINGS[5]},
        ],
        "tools": [
            {
                "type": "function",
                "function": {"name": "run", "description": HOSTILE_STRINGS[6], "parameters": parameters},
            }
        ],
        "stop": [HOSTILE_STRINGS[4], HOSTILE_STRINGS[7]],
        "user": HOSTILE_STRINGS[8],
        "metadata": {"k": HOSTILE_STRINGS[9]},
        HOSTILE_STRINGS[2]: HOSTILE_STRINGS[1],  # an unknown field named like a format string
        "{0}": "{0}",
        "%s": "%s",
    }


def test_payload_content_is_never_evaluated() -> None:
    """Every hostile string arrives verbatim; nothing is compiled, executed, opened or spawned."""
    _warm_up()
    payload = hostile_payload()
    expected = copy.deepcopy(payload)
    # responses keeps tool-call arguments as a string, as the chat dialects do
    openai_shaped = [target for target in DIALECTS if REGISTRY[target].codec is None or target == "responses"]
    reshaped = [target for target in DIALECTS if target not in openai_shaped]
    with audited() as events:
        results = {target: translate(payload, source="openai", target=target) for target in openai_shaped}
        normalize(payload)
        for target in openai_shaped:
            render(parse(payload, dialect="openai"), dialect=target)
        for target in reshaped:  # arguments that are not a JSON object cannot become a tool input
            with pytest.raises(InvalidRequestError) as error:
                translate(payload, source="openai", target=target)
            assert error.value.pointers == (
                f"/messages/{len(HOSTILE_STRINGS) + 1}/tool_calls/0/function/arguments",
            )
    assert not events, f"translation raised audit events: {events[:5]}"
    assert payload == expected
    for target, result in results.items():
        if target == "responses":  # another shape: read back, every string arrived verbatim
            back = translate(result.payload, source="responses", target="openai").payload
            unnamed = [{k: v for k, v in m.items() if k != "name"} for m in expected["messages"]]
            assert back["messages"] == unnamed
            function = {**expected["tools"][0]["function"], "strict": False}  # written for responses
            assert back["tools"] == [{**expected["tools"][0], "function": function}]
        else:
            assert result.payload["messages"] == expected["messages"], target
            assert result.payload["tools"] == expected["tools"], target
        assert result.payload["model"] == expected["model"], target
        for key in (HOSTILE_STRINGS[2], "{0}", "%s"):
            assert key not in result.payload
            assert any(
                change.path == "/" + key.replace("~", "~0").replace("/", "~1") for change in result.changes
            )


def test_the_audit_hook_would_notice_evaluation() -> None:
    """The detector works: an ``eval`` of a string is an audited ``compile`` event."""
    with audited() as events:
        eval(compile("1 + 1", "<test>", "eval"))
    assert any(name == "compile" for name, _ in events)


# --- no secret echo -----------------------------------------------------------------------------

CANARY = "k3y-ZQXW7f3a9c-CANARY"
CANARY_FRAGMENTS = ("ZQXW", "7f3a9c", "CANARY", "k3y-")


def leaks(text: str) -> list[str]:
    return [fragment for fragment in CANARY_FRAGMENTS if fragment in text]


def on_your_data(**extra: Any) -> dict[str, Any]:
    """An Azure On Your Data request with the canary as the search key."""
    return {
        "messages": [USER],
        "data_sources": [
            {
                "type": "azure_search",
                "parameters": {
                    "endpoint": "https://contoso.search.windows.net",
                    "index_name": "policies",
                    "authentication": {"type": "api_key", "key": CANARY},
                },
            },
            {
                "type": "azure_cosmos_db",
                "parameters": {
                    "authentication": {"type": "connection_string", "connection_string": CANARY},
                    "database_name": "db",
                    "container_name": "c",
                    "index_name": "i",
                    "fields_mapping": {},
                    "embedding_dependency": {"type": "deployment_name", "deployment_name": "ada"},
                },
            },
        ],
        **extra,
    }


def tagged(source: str, **extra: Any) -> dict[str, Any]:
    """A request with the canary in every metadata value (a string and not)."""
    metadata: dict[str, Any] = {"ticket": CANARY, "owner": f"{CANARY}@example.com"}
    if source != "openai":  # openai metadata values are strings; others may hold anything
        metadata.update({"list": [CANARY], "nested": {"token": CANARY}, "n": 7})
    return {"model": "m", "messages": [USER], "metadata": metadata, **extra}


# (source, payload) with the canary next to: a lossless translation, a dropped or clamped field, an
# invalid sibling, an invalid value holding the canary itself, and unknown fields.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("ods-plain", "azure", on_your_data()),
    ("ods-clamped", "azure", on_your_data(logprobs=True, top_logprobs=5, max_tokens=50, enhancements={})),
    ("ods-bad-sibling", "azure", on_your_data(temperature=9, n=0)),
    ("ods-bad-top-logprobs", "azure", on_your_data(top_logprobs=7)),
    ("ods-bad-messages", "azure", on_your_data(messages=[{"role": "wizard", "content": CANARY}])),
    (
        "ods-bad-parameters",
        "azure",
        {
            "messages": [USER],
            "data_sources": [
                {"type": "azure_search", "parameters": [CANARY]},
                {"type": CANARY},
                {"type": 5, "parameters": {"authentication": {"key": CANARY}}},
                {"parameters": {"authentication": {"type": "api_key", "key": CANARY}}},
            ],
        },
    ),
    ("ods-not-a-list", "azure", {"messages": [USER], "data_sources": {"key": CANARY}}),
    ("ods-unknown", "azure", on_your_data(dataSources=[{"key": CANARY}], api_key=CANARY)),
    ("ods-stream", "azure", on_your_data(stream=True, stream_options={"include_usage": True})),
    (
        "ods-too-deep",
        "azure",
        on_your_data(enhancements={"a": json.loads("[" * 80 + json.dumps(CANARY) + "]" * 80)}),
    ),
]
for _source in ("openai", "generic", "watsonx"):
    CASES += [
        (f"{_source}-meta-plain", _source, tagged(_source)),
        (f"{_source}-meta-bad-sibling", _source, tagged(_source, temperature=-1, top_p=3, n=0)),
        (f"{_source}-meta-clamped", _source, tagged(_source, logprobs=True, top_logprobs=20, n=5)),
        (f"{_source}-meta-enum", _source, tagged(_source, reasoning_effort="xhigh", service_tier="flex")),
        (
            f"{_source}-meta-too-long",
            _source,
            {"model": "m", "messages": [USER], "metadata": {"k": CANARY * 40}},
        ),
        (
            f"{_source}-meta-too-many",
            _source,
            {"model": "m", "messages": [USER], "metadata": {f"k{i}": CANARY for i in range(17)}},
        ),
        (f"{_source}-meta-wrong-type", _source, {"model": "m", "messages": [USER], "metadata": [CANARY]}),
        (f"{_source}-meta-nan", _source, tagged(_source, temperature=float("nan"))),
        (
            f"{_source}-meta-bad-tool",
            _source,
            tagged(
                _source,
                tools=[{"type": "function", "function": {"name": "bad name", "parameters": {"type": 5}}}],
            ),
        ),
        (f"{_source}-meta-unknown", _source, tagged(_source, api_key=CANARY, password={"v": CANARY})),
    ]
CASES += [
    (
        "openai-bad-values",
        "openai",
        {
            "model": "m",
            "messages": [{"role": "user", "content": 5}],
            "metadata": {"k": CANARY},
            "reasoning_effort": CANARY,
            "service_tier": CANARY,
            "tool_choice": {"type": CANARY},
        },
    ),
    ("watsonx-enum-to-openai", "watsonx", tagged("watsonx", reasoning_effort=CANARY, service_tier=CANARY)),
    (
        "generic-bad-name",
        "generic",
        tagged("generic", tool_choice={"type": "function", "function": {"name": CANARY + " x"}}),
    ),
]


def texts_of(error: BaseException) -> list[str]:
    found = [str(error), repr(error), *map(str, error.args)]
    if isinstance(error, InvalidRequestError):
        found += [f"{pointer} {message}" for pointer, message in error.errors]
        found += [repr(error.errors)]
    if isinstance(error, UnsupportedFieldError):
        found += [f"{change.reason} {change!r} {change.as_dict()}" for change in error.changes]
    return found


@pytest.mark.parametrize("policy", ["drop", "warn", "error"])
@pytest.mark.parametrize("target", DIALECTS)
@pytest.mark.parametrize(("name", "source", "payload"), CASES, ids=[case[0] for case in CASES])
def test_no_secret_echo(name: str, source: str, payload: dict[str, Any], target: str, policy: str) -> None:
    seen: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = translate(payload, source=source, target=target, on_unsupported=policy)  # type: ignore[arg-type]
        except ChatDialectError as error:
            seen += texts_of(error)
        else:
            seen += [f"{change.reason} {change!r} {change.as_dict()}" for change in result.changes]
            seen += [repr(result.changes)]
        try:
            request = parse(payload, dialect=source)
        except ChatDialectError as error:
            seen += texts_of(error)
        else:
            try:
                rendered = render(request, dialect=target, on_unsupported=policy)  # type: ignore[arg-type]
            except ChatDialectError as error:
                seen += texts_of(error)
            else:
                seen += [f"{change.reason} {change!r}" for change in rendered.changes]
    seen += [str(w.message) for w in caught]
    seen += [repr(w.message) for w in caught]
    assert seen, "something was checked"
    for text in seen:
        assert not leaks(text), f"the canary leaked: {text[:300]}"


def test_the_canary_cases_do_reach_errors_and_changes() -> None:
    """The cases above exercise what they claim: errors, strict-mode errors, clamps and drops."""
    kinds: set[str] = set()
    for _name, source, payload in CASES:
        for target, policy in itertools.product(DIALECTS, ("drop", "error")):
            try:
                result = translate(payload, source=source, target=target, on_unsupported=policy)
            except InvalidRequestError:
                kinds.add("invalid")
            except UnsupportedFieldError as error:
                kinds.add("unsupported")
                kinds.update(change.kind for change in error.changes)
            else:
                kinds.update(change.kind for change in result.changes)
    assert {"invalid", "unsupported", "dropped", "clamped", "converted"} <= kinds, kinds


def test_a_warning_names_fields_not_values() -> None:
    with pytest.warns(ChatDialectWarning) as caught:
        translate(on_your_data(model="m"), source="azure", target="openai", on_unsupported="warn")
    (warning,) = caught
    assert "/data_sources" in str(warning.message)
    assert not leaks(str(warning.message))


@pytest.mark.parametrize("target", [name for name in DIALECTS if "data_sources" not in REGISTRY[name].fields])
def test_data_sources_are_dropped_by_name_only(target: str) -> None:
    result = translate({**on_your_data(), "model": "m"}, source="azure", target=target)
    (change,) = [change for change in result.changes if change.path == "/data_sources"]
    assert change.kind == "dropped" and change.target_path is None
    assert "data_sources" in change.reason and not leaks(repr(change))
    assert not leaks(repr(result.changes))


# --- the command line ---------------------------------------------------------------------------

CLI_CASES = [
    ("watsonx", "openai", [], tagged("watsonx")),  # converted and dropped metadata values
    ("watsonx", "azure", ["--strict"], tagged("watsonx")),  # strict: metadata cannot be carried
    ("generic", "openai", [], tagged("generic", temperature=9)),  # invalid sibling
    ("azure", "openai", ["--strict"], on_your_data(model="m")),  # data_sources dropped, strict
    ("azure", "atoma", [], on_your_data(n=0)),  # invalid sibling of the data source
    ("azure", "azure", [], on_your_data(model="m", logprobs=True, top_logprobs=9)),  # out of range
]


@pytest.mark.parametrize(("source", "target", "flags", "payload"), CLI_CASES)
def test_the_command_line_does_not_echo_secrets(
    source: str, target: str, flags: list[str], payload: dict[str, Any], tmp_path: Any
) -> None:
    """CLI stderr (changes and errors, one line each) names fields, never the canary."""
    from cli_support import run

    lines = [json.dumps(payload), json.dumps(payload)]
    path = tmp_path / "requests.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("convert", "--from", source, "--to", target, *flags, path)
    assert result.err, "the case produces changes or errors on stderr"
    assert not leaks(result.err), result.err[:500]
    if result.code != 0:
        assert not leaks(result.out)
