"""Batch files of every vendor in ``chatdialect convert`` (SPEC section 9): envelopes, ids, pointers.

Three layers: the envelope table itself (no dialect involved); the record translator and the command
in-process, with ``anthropic`` registered (the real dialect once it is in the registry, else a
stand-in: the ``openai`` table under the name ``anthropic``, enough to exercise the envelopes, since
expected payloads are computed with ``translate`` either way); and the command line as a user runs it
(``cli_support.run``: stdio as pipes) on the fixtures in ``fixtures/batches/``, which needs the real
``anthropic`` dialect and is skipped without it.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chatdialect import ChatDialectError, dialect_names, translate
from chatdialect._changes import Change
from chatdialect._cli import main
from chatdialect._cli.envelopes import (
    ANTHROPIC_BATCH,
    ENVELOPES,
    GEMINI_BATCH,
    OPENAI_BATCH,
    OPENAI_BATCH_URLS,
    VERTEX_BATCH,
    envelope_of,
    recognise,
)
from chatdialect._cli.records import Outcome, Translator
from chatdialect._cli.report import Reporter
from cli_support import run
from conftest import FIXTURES
from test_cli import CANARY, jsonl

BATCHES = FIXTURES / "batches"
OPENAI_FILE = BATCHES / "openai_batch.jsonl"
ANTHROPIC_FILE = BATCHES / "anthropic_batch.jsonl"
REAL_ANTHROPIC = "anthropic" in dialect_names()
"""Whether the real ``anthropic`` dialect is registered (checked before any test patches the registry)."""
SEED = ("openai", "azure", "generic", "watsonx", "atoma")


def request(i: int = 0, **extra: Any) -> dict[str, Any]:
    """A request both the real ``anthropic`` dialect and the ``openai`` stand-in read."""
    return {"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": f"hi {i}"}], **extra}


def openai_line(line_id: Any, body: Any, **extra: Any) -> dict[str, Any]:
    return {"custom_id": line_id, "method": "POST", "url": "/v1/chat/completions", "body": body, **extra}


def anthropic_line(line_id: Any, params: Any, **extra: Any) -> dict[str, Any]:
    return {"custom_id": line_id, "params": params, **extra}


def _register(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Register a copy of the ``openai`` table as ``name`` for this test (skip if that is not possible)."""
    try:
        from chatdialect._dialects import REGISTRY

        monkeypatch.setitem(REGISTRY, name, dataclasses.replace(REGISTRY["openai"], name=name))
    except Exception as error:  # the registry or the Dialect class changed shape
        pytest.skip(f"cannot register a stand-in {name} dialect ({type(error).__name__}); "
                    "the envelope functions are still tested directly")
    if name not in dialect_names():
        pytest.skip(f"the stand-in {name} dialect did not reach dialect_names()")


@pytest.fixture
def anthropic(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``anthropic`` in the registry: the real dialect, or the stand-in until it lands."""
    if not REAL_ANTHROPIC:
        _register("anthropic", monkeypatch)
    yield "anthropic"


def expected_or_none(body: Any, source: str, target: str, **options: Any) -> Any:
    """``translate``'s result, or None where it raises (the line is then reported, not written)."""
    try:
        return translate(body, source=source, target=target, **options)
    except ChatDialectError:
        return None


# --- the envelope table, without any dialect ----------------------------------------------------


def test_each_envelope_knows_its_keys_base_and_shape() -> None:
    openai, anthropic = OPENAI_BATCH, ANTHROPIC_BATCH
    assert (openai.id_key, openai.request_key, openai.base) == ("custom_id", "body", "/body")
    assert (anthropic.id_key, anthropic.request_key, anthropic.base) == ("custom_id", "params", "/params")
    assert OPENAI_BATCH.shape == "{custom_id, method, url, body}"
    assert ANTHROPIC_BATCH.shape == "{custom_id, params}"
    for envelope in ENVELOPES:
        assert envelope.id_key in envelope.keys and envelope.request_key in envelope.keys
        for written in envelope.written.values():  # the fixed keys are the envelope's own
            assert set(written) <= set(envelope.keys) - {envelope.id_key, envelope.request_key}
    request_keys = [envelope.request_key for envelope in ENVELOPES]
    assert len(set(request_keys)) == len(request_keys), "recognition needs one request key per envelope"


def test_envelope_of_each_dialect() -> None:
    for name in SEED:
        assert envelope_of(name) is OPENAI_BATCH, name
    assert envelope_of("anthropic") is ANTHROPIC_BATCH
    assert envelope_of("no-such-dialect") is None
    assert set(OPENAI_BATCH_URLS) == {*SEED, "responses"}


def test_recognise_by_key_names_only() -> None:
    assert recognise(openai_line("a", request()), OPENAI_BATCH) is OPENAI_BATCH
    assert recognise(anthropic_line("a", request()), OPENAI_BATCH) is ANTHROPIC_BATCH
    assert recognise(openai_line("a", request()), ANTHROPIC_BATCH) is OPENAI_BATCH
    assert recognise({"body": "not an object"}, None) is OPENAI_BATCH  # values are never looked at
    assert recognise(request(), OPENAI_BATCH) is None  # a bare payload
    for other in ([1, 2], "text", 3, None):
        assert recognise(other, OPENAI_BATCH) is None
    both = {"custom_id": "a", "body": request(), "params": request()}
    assert recognise(both, ANTHROPIC_BATCH) is ANTHROPIC_BATCH  # the dialect being read wins
    assert recognise(both, OPENAI_BATCH) is OPENAI_BATCH
    assert recognise({"custom_id": "a"}, ANTHROPIC_BATCH) is ANTHROPIC_BATCH  # a batch line, request missing
    assert recognise({"custom_id": "a"}, None) is None


def test_build_writes_the_vendor_keys_in_order() -> None:
    body = request()
    assert list(OPENAI_BATCH.build("openai", "x", body)) == ["custom_id", "method", "url", "body"]
    assert OPENAI_BATCH.build("openai", "x", body) == openai_line("x", body)
    assert OPENAI_BATCH.build("azure", "x", body)["url"] == "/chat/completions"
    for name in ("generic", "watsonx", "atoma"):
        assert OPENAI_BATCH.build(name, "x", body)["url"] == "/v1/chat/completions"
    assert ANTHROPIC_BATCH.build("anthropic", "x", body) == {"custom_id": "x", "params": body}
    assert OPENAI_BATCH.build("openai", "x", body)["body"] is body  # the request is not copied again


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("review-001", None),
        ("A_z-09", None),
        ("x" * 64, None),
        ("x" * 65, "should be 1 to 64 letters, digits, _ or -"),
        ("order 1/2", "should be 1 to 64 letters, digits, _ or -"),
        ("réponse", "should be 1 to 64 letters, digits, _ or -"),
        ("", "should be 1 to 64 letters, digits, _ or -"),
        (7, "should be 1 to 64 letters, digits, _ or -"),
        (None, "is missing"),
    ],
)
def test_anthropic_ids(value: Any, problem: str | None) -> None:
    assert ANTHROPIC_BATCH.ids.problem(value) == problem


def test_openai_ids_are_any_non_empty_string() -> None:
    assert OPENAI_BATCH.ids.problem("order 1/2 (retry)") is None
    assert OPENAI_BATCH.ids.problem("") == "should be a non-empty string"
    assert OPENAI_BATCH.ids.problem(None) == "is missing"


# --- the record translator -----------------------------------------------------------------------


def test_openai_line_to_anthropic_line(anthropic: str) -> None:
    body = request(1, temperature=0.5)
    expected = translate(body, source="openai", target=anthropic)
    outcome = Translator("openai", anthropic)(openai_line("req-1", body))
    assert outcome.ok, outcome.problems
    assert outcome.output == {"custom_id": "req-1", "params": expected.payload}
    assert list(outcome.output) == ["custom_id", "params"]
    assert (outcome.base, outcome.target_base, outcome.custom_id) == ("/body", "/params", "req-1")
    assert outcome.changes == expected.changes
    for change, path, target in outcome.located():  # input pointers under /body, output under /params
        assert path is None or path == "/body" + str(change.path)
        assert target is None or target == "/params" + str(change.target_path)


@pytest.mark.parametrize("target", SEED)
def test_anthropic_line_to_openai_style_lines(anthropic: str, target: str) -> None:
    params = request(2)
    expected = translate(params, source=anthropic, target=target).payload
    outcome = Translator(anthropic, target)(anthropic_line("req-2", params))
    assert outcome.ok, outcome.problems
    assert outcome.output == {
        "custom_id": "req-2",
        "method": "POST",
        "url": "/chat/completions" if target == "azure" else "/v1/chat/completions",
        "body": expected,
    }
    assert (outcome.base, outcome.target_base) == ("/params", "/body")


def test_same_envelope_keeps_the_line(anthropic: str) -> None:
    line = openai_line("k", request(3), url="/v1/custom/route", note="kept")
    out = Translator("openai", "azure")(line).output
    assert out == {**line, "body": translate(request(3), source="openai", target="azure").payload}
    kept = anthropic_line("k", request(3), note="kept")
    out = Translator(anthropic, anthropic)(kept).output
    assert out == {**kept, "params": translate(request(3), source=anthropic, target=anthropic).payload}


def test_keys_outside_the_envelope_are_dropped_with_a_record(anthropic: str) -> None:
    line = openai_line("k", request(4), metadata={"batch": CANARY}, **{"a/b": 1})
    outcome = Translator("openai", anthropic)(line)
    assert outcome.ok
    assert set(outcome.output) == {"custom_id", "params"}  # method and url belong to the old envelope
    assert [(c.kind, c.path, c.target_path) for c in outcome.line_changes] == [
        ("dropped", "/metadata", None),
        ("dropped", "/a~1b", None),
    ]
    assert all(CANARY not in c.reason for c in outcome.line_changes)
    strict = Translator("openai", anthropic, policy="error")(line)
    assert strict.error == "unsupported" and strict.output is None
    assert [pointer for pointer, _ in strict.problems] == ["/metadata", "/a~1b"]
    warned = Translator("openai", anthropic, policy="warn")(line)
    assert warned.ok and warned.warned


def test_a_line_of_another_vendor_is_reported_naming_the_expected_envelope(anthropic: str) -> None:
    outcome = Translator("openai", "azure")(anthropic_line("a-1", request()))
    assert outcome.error == "invalid_request" and outcome.custom_id == "a-1"
    assert outcome.problems == [(
        "",
        "is an Anthropic Message Batches line {custom_id, params}; a batch line of the openai dialect "
        "is an OpenAI / Azure Batch API line {custom_id, method, url, body}",
    )]
    reverse = Translator(anthropic, "openai")(openai_line("o-1", request()))
    assert reverse.problems[0][1].startswith("is an OpenAI / Azure Batch API line {custom_id, method, url, ")


def test_the_target_vendor_must_accept_the_id(anthropic: str) -> None:
    bad = Translator("openai", anthropic)(openai_line("order 1/2", request()))
    assert bad.error == "invalid_request" and bad.output is None
    rule = "should be 1 to 64 letters, digits, _ or -"
    assert bad.problems == [("/custom_id", f"{rule} (the id of an Anthropic Message Batches line)")]
    missing = Translator("openai", anthropic)({"method": "POST", "body": request()})
    assert missing.problems == [("/custom_id", "is missing (the id of an Anthropic Message Batches line)")]
    both = Translator("openai", anthropic)(openai_line("a b", request(temperature=9)))
    assert [pointer for pointer, _ in both.problems] == ["/custom_id", "/body/temperature"]
    assert Translator("openai", "azure")(openai_line("order 1/2", request())).ok  # OpenAI takes any string


def test_a_dialect_without_a_batch_format(monkeypatch: pytest.MonkeyPatch) -> None:
    _register("nobatch", monkeypatch)
    written = Translator("openai", "nobatch")(openai_line("k", request()))
    assert written.problems == [("", "chatdialect writes no batch lines of the nobatch dialect")]
    read = Translator("nobatch", "openai")(openai_line("k", request()))
    assert read.problems[0][1].endswith("; chatdialect reads no batch lines of the nobatch dialect")
    assert Translator("nobatch", "openai")(request()).ok  # bare payloads are still fine


def test_a_line_without_a_request_object(anthropic: str) -> None:
    for line in (anthropic_line("k", "text"), {"custom_id": "k"}):
        outcome = Translator(anthropic, "openai")(line)
        assert outcome.problems == [
            ("/params", "should be the request object of an Anthropic Message Batches line")
        ]


def test_reports_put_each_pointer_under_its_own_base() -> None:
    """Input paths under the input line's base, output paths under the output's; a defaulted value
    (no input path) is ``KIND -> TARGET``; line-level changes are not rebased."""
    outcome = Outcome(
        changes=(
            Change("renamed", "/stop", "/stop_sequences", "stop became stop_sequences."),
            Change("defaulted", None, "/max_tokens", "max_tokens is required."),
            Change("moved", "/stream", None, "stream went to the endpoint."),
        ),
        line_changes=(Change("dropped", "/note", None, "The key is not part of a line."),),
        base="/body",
        target_base="/params",
        custom_id="r-1",
    )
    text, data = io.StringIO(), io.StringIO()
    as_text, as_json = Reporter(text), Reporter(data, "json")
    as_text.changes(3, outcome)
    as_text.warning(3, outcome, "anthropic")
    as_json.changes(3, outcome)
    as_text.flush()
    as_json.flush()
    assert text.getvalue().splitlines() == [
        "line 3 [r-1]: dropped /note: The key is not part of a line.",
        "line 3 [r-1]: renamed /body/stop -> /params/stop_sequences: stop became stop_sequences.",
        "line 3 [r-1]: defaulted -> /params/max_tokens: max_tokens is required.",
        "line 3 [r-1]: moved /body/stream: stream went to the endpoint.",
        "line 3 [r-1]: warning: dropped or clamped: /note",
    ]
    records = [json.loads(line) for line in data.getvalue().splitlines()]
    assert [(r["path"], r["target_path"]) for r in records] == [
        ("/note", None),
        ("/body/stop", "/params/stop_sequences"),
        (None, "/params/max_tokens"),
        ("/body/stream", None),
    ]
    assert all(r["line"] == 3 and r["custom_id"] == "r-1" for r in records)


# --- the command, in-process ----------------------------------------------------------------------


def convert(tmp_path: Path, *args: str | Path) -> tuple[int, list[Any]]:
    """``chatdialect convert ARGS -o FILE`` in-process: the exit status and the output records."""
    out = tmp_path / "out.jsonl"
    out.unlink(missing_ok=True)
    code = main(["convert", *map(str, args), "-o", str(out)])
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return code, records


def lines_of(path: Path) -> list[Any]:
    """A JSON Lines file's records (``None`` for a line that is not JSON)."""
    found: list[Any] = []
    for text in path.read_text().splitlines():
        try:
            found.append(json.loads(text))
        except ValueError:
            found.append(None)
    return found


@pytest.mark.parametrize(
    ("path", "source", "target"),
    [
        (OPENAI_FILE, "openai", "anthropic"),
        (OPENAI_FILE, "openai", "azure"),
        (ANTHROPIC_FILE, "anthropic", "openai"),
        (ANTHROPIC_FILE, "anthropic", "azure"),
        (ANTHROPIC_FILE, "anthropic", "anthropic"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_batch_fixture_files(
    anthropic: str, path: Path, source: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every line is one output line in the target's envelope, or one error line with its id and number."""
    reads, writes = envelope_of(source), envelope_of(target)
    assert reads is not None and writes is not None
    code, out = convert(tmp_path, "--from", source, "--to", target, "--report", "json", path)
    reports = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    summary = reports.pop()["summary"]
    errors = {report["line"]: report for report in reports if "error" in report}
    records = lines_of(path)
    written = iter(out)
    for number, record in enumerate(records, 1):
        expected = None if record is None else expected_or_none(record[reads.request_key], source, target)
        if expected is None:
            assert number in errors, number
            if record is not None:
                assert errors[number]["custom_id"] == record["custom_id"]
                assert all(p["pointer"].startswith(reads.base) for p in errors[number]["problems"])
            continue
        line = next(written)
        assert line[writes.id_key] == record[reads.id_key]
        assert line[writes.request_key] == expected.payload
        assert set(line) == set(writes.keys) | (set(record) if reads is writes else set())
    assert next(written, None) is None
    assert (summary["written"], summary["failed"]) == (len(out), len(errors))
    assert code == (1 if errors else 0)
    assert len(errors) >= 1  # each fixture holds a deliberately bad line
    for report in reports:
        if "kind" in report:
            assert report["path"] is None or report["path"].startswith(reads.base)
            assert report["target_path"] is None or report["target_path"].startswith(writes.base)


def test_text_report_names_line_id_and_both_bases(
    anthropic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path / "b.jsonl", [
        openai_line("r-1", request(1)),
        openai_line("r-2", request(2, temperature=7)),
        anthropic_line("r-3", request(3)),
        "",
        openai_line("r 5", request(5)),
    ])
    code, out = convert(tmp_path, "--from", "openai", "--to", anthropic, path)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert [line["custom_id"] for line in out] == ["r-1"]
    first = translate(request(1), source="openai", target=anthropic).changes
    expected = []
    for change in first:
        source = f"/body{change.path}" if change.path is not None else None
        target = f"/params{change.target_path}" if change.target_path is not None else None
        if source is None:
            expected.append(f"line 1 [r-1]: {change.kind} -> {target}: {change.reason}")
        else:
            arrow = f" -> {target}" if target is not None and target != source else ""
            expected.append(f"line 1 [r-1]: {change.kind} {source}{arrow}: {change.reason}")
    assert err[: len(expected)] == expected
    rest = err[len(expected):]
    assert rest[0] == "line 2 [r-2]: /body/temperature: should be less than or equal to 2"
    assert rest[1].startswith("line 3 [r-3]: (root): is an Anthropic Message Batches line {custom_id, ")
    assert rest[2] == (
        "line 5 [r 5]: /custom_id: should be 1 to 64 letters, digits, _ or - "
        "(the id of an Anthropic Message Batches line)"
    )
    assert rest[3].startswith("summary: 5 lines read, 1 written, 3 failed, 1 blank; ")


def test_dropped_line_keys_in_reports_warn_and_strict(
    anthropic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path / "k.jsonl", [openai_line("r-1", request(1), metadata={"team": "x"})])
    code, out = convert(tmp_path, "--from", "openai", "--to", anthropic, "--warn", "-q", path)
    err = capsys.readouterr().err.splitlines()
    assert code == 0 and list(out[0]) == ["custom_id", "params"]
    assert "line 1 [r-1]: dropped /metadata: The key is not part of an Anthropic Message Batches line." in err
    assert err[-1].startswith("line 1 [r-1]: warning: dropped or clamped: /metadata")
    code, out = convert(tmp_path, "--from", "openai", "--to", anthropic, "--strict", "-q", path)
    err = capsys.readouterr().err.splitlines()
    assert (code, out) == (1, [])
    assert err[0].startswith("line 1 [r-1]: /metadata: would be dropped: The key is not part of ")


def test_validate_checks_the_envelope_and_the_id(
    anthropic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path / "v.jsonl", [
        anthropic_line("ok-1", request(1)),
        openai_line("o-2", request(2)),
        anthropic_line("bad id", request(3)),
    ])
    assert main(["validate", "--dialect", anthropic, "-q", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["line 2 [o-2]", "line 3 [bad id]"]
    assert "/custom_id: should be 1 to 64" in out[1]


def test_unprintable_or_secret_ids_are_never_echoed(
    anthropic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path / "s.jsonl", [
        openai_line(CANARY + "\n", request(1)),
        openai_line(CANARY + " ", request(2)),
        openai_line(CANARY, {"messages": CANARY}),
    ])
    convert(tmp_path, "--from", "openai", "--to", anthropic, "--report", "json", path)
    err = capsys.readouterr().err
    reports = [json.loads(line) for line in err.splitlines()[:-1]]
    assert [r.get("custom_id") for r in reports] == [None, CANARY + " ", CANARY]  # the label, as today
    for report in reports:
        assert all(CANARY not in problem["message"] for problem in report["problems"])


def test_to_anthropic_is_accepted_once_registered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line checks dialect names against the registry when it runs."""
    from chatdialect._dialects import REGISTRY

    path = jsonl(tmp_path / "a.jsonl", [openai_line("r-1", request(1))])
    if REAL_ANTHROPIC:
        monkeypatch.delitem(REGISTRY, "anthropic")
    assert main(["convert", "--from", "openai", "--to", "anthropic", str(path)]) == 2
    assert "unknown dialect 'anthropic'" in capsys.readouterr().err
    if REAL_ANTHROPIC:
        monkeypatch.undo()
    else:
        _register("anthropic", monkeypatch)
    out = str(tmp_path / "o")
    assert main(["convert", "--from", "openai", "--to", "anthropic", "-q", "-o", out, str(path)]) == 0


# --- the console script, with the real anthropic dialect ------------------------------------------

needs_anthropic = pytest.mark.skipif(
    not REAL_ANTHROPIC, reason="the anthropic dialect is not registered yet (chatdialect.dialect_names())"
)


@needs_anthropic
def test_the_command_line_converts_both_fixture_files(tmp_path: Path) -> None:
    quiet = ("-q", "--report", "none")
    to_anthropic = run("convert", "--from", "openai", "--to", "anthropic", *quiet, OPENAI_FILE)
    assert to_anthropic.code == 1  # the fixture's invalid and non-JSON lines
    assert all(list(json.loads(line)) == ["custom_id", "params"] for line in to_anthropic.out_lines)
    assert [line.split(":")[0] for line in to_anthropic.err_lines] == ["line 6 [ticket-0006]", "line 7"]
    to_openai = run("convert", "--from", "anthropic", "--to", "openai", *quiet, ANTHROPIC_FILE)
    assert to_openai.code == 1
    assert [line.split(":")[0] for line in to_openai.err_lines] == ["line 6 [review-006]"]
    assert "/params/messages" in to_openai.err
    for line in to_openai.out_lines:
        record = json.loads(line)
        assert list(record) == ["custom_id", "method", "url", "body"]
        assert record["url"] == "/v1/chat/completions"


@needs_anthropic
def test_anthropic_fixture_is_valid_but_its_bad_line() -> None:
    result = run("validate", "--dialect", "anthropic", "-q", ANTHROPIC_FILE)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.out_lines] == ["line 6 [review-006]"]


# --- Gemini API and Vertex AI batch files (SPEC 9; the model is the batch's: --model) ---------------

GEMINI_MODEL = "gemini-2.5-flash"


def gemini_request(text: str = "hi") -> dict[str, Any]:
    return {
        "contents": [{"role": "user", "parts": [{"text": text}]}],
        "generationConfig": {"temperature": 0.2},
    }


def test_gemini_and_vertex_envelopes() -> None:
    assert (GEMINI_BATCH.id_key, GEMINI_BATCH.request_key, GEMINI_BATCH.shape) == (
        "key",
        "request",
        "{key, request}",
    )
    assert (VERTEX_BATCH.id_key, VERTEX_BATCH.shape) == (None, "{request}")
    assert envelope_of("gemini") is GEMINI_BATCH
    assert envelope_of("gemini", "vertex") is VERTEX_BATCH
    assert envelope_of("openai", "vertex") is OPENAI_BATCH  # the choice is for gemini lines only
    assert recognise({"key": "a", "request": gemini_request()}, OPENAI_BATCH) is GEMINI_BATCH
    assert recognise({"request": gemini_request()}, VERTEX_BATCH) is VERTEX_BATCH
    assert VERTEX_BATCH.build("gemini", "7", gemini_request()) == {"request": gemini_request()}


def test_openai_lines_to_gemini_and_back_with_the_batch_model() -> None:
    body = {
        "model": GEMINI_MODEL,
        "messages": [{"role": "user", "content": "hi"}],
        "max_completion_tokens": 9,
    }
    written = Translator("openai", "gemini")(openai_line("req-1", body))
    expected = translate(body, source="openai", target="gemini").payload
    assert written.ok and written.output == {"key": "req-1", "request": expected}
    assert ("/body/model", "moved") in [(c.path, c.kind) for c in written.changes] or any(
        c.kind == "moved" for c in written.changes
    )
    back = Translator("gemini", "openai", options={"model": GEMINI_MODEL})(written.output)
    assert back.ok and back.output == openai_line("req-1", body)
    without = Translator("gemini", "openai")(written.output)  # no --model: openai needs one
    assert [pointer for pointer, _ in without.problems] == ["/request/model"]


def test_vertex_lines_take_their_line_number_as_id() -> None:
    read = Translator("gemini", "openai", options={"model": GEMINI_MODEL}, envelope="vertex")
    read.line = 12
    outcome = read({"request": gemini_request()})
    assert outcome.ok and outcome.output["custom_id"] == "12" and outcome.custom_id == "12"
    assert outcome.output["body"]["model"] == GEMINI_MODEL
    write = Translator("openai", "gemini", envelope="vertex")
    body = {"model": GEMINI_MODEL, "messages": [{"role": "user", "content": "hi"}]}
    line = write(openai_line("req-9", body))
    assert line.ok and line.output == {"request": translate(body, source="openai", target="gemini").payload}
    assert {change.path for change in line.line_changes} == {"/custom_id"}  # Vertex lines have no id


def test_gemini_batch_files_through_the_command_line(tmp_path: Path) -> None:
    lines = [
        {"key": "a", "request": gemini_request("one")},
        {
            "key": "b",
            "request": {
                "contents": [{"role": "user", "parts": [{"text": "x"}]}],
                "generationConfig": {"temperature": 9},
            },
        },
        {"key": "c", "request": gemini_request("three")},
    ]
    source = jsonl(tmp_path / "gemini.jsonl", lines)
    result = run("convert", "--from", "gemini", "--to", "openai", "--model", GEMINI_MODEL, source)
    assert result.code == 1  # one bad line, reported with its key and line number, never dropped silently
    written = [json.loads(line) for line in result.out.splitlines()]
    assert [line["custom_id"] for line in written] == ["a", "c"]
    assert all(line["body"]["model"] == GEMINI_MODEL for line in written)
    assert "line 2 [b]: /request/generationConfig/temperature" in result.err
    vertex = jsonl(
        tmp_path / "vertex.jsonl", [{"request": gemini_request("one")}, "", {"request": gemini_request()}]
    )
    result = run(
        "convert",
        "--from",
        "gemini",
        "--to",
        "openai",
        "--envelope",
        "vertex",
        "--model",
        GEMINI_MODEL,
        vertex,
    )
    assert result.code == 0
    assert [json.loads(line)["custom_id"] for line in result.out.splitlines()] == ["1", "3"]


# --- the Responses API in OpenAI batch files (url /v1/responses) -----------------------------------


def test_openai_line_to_responses_line_names_the_responses_api() -> None:
    """A chat completions batch line translated to responses keeps its id and method, gets the body
    in the Responses shape and the url /v1/responses (recorded on the line); and back."""
    messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "hi"}]
    body = {"model": "gpt-4.1", "messages": messages}
    outcome = Translator("openai", "responses")(openai_line("req-7", body))
    assert outcome.ok, outcome.problems
    expected = translate(body, source="openai", target="responses").payload
    assert outcome.output == openai_line("req-7", expected) | {"url": "/v1/responses"}
    assert [(c.kind, c.path) for c in outcome.line_changes] == [("converted", "/url")]
    back = Translator("responses", "openai")(outcome.output)
    assert back.ok, back.problems
    assert back.output is not None and back.output["url"] == "/v1/chat/completions"
    assert back.output["body"]["messages"] == body["messages"]


def test_a_responses_line_to_responses_is_kept_as_it_is() -> None:
    line = openai_line("r-1", {"model": "m", "input": "hi"}) | {"url": "/v1/responses"}
    outcome = Translator("responses", "responses")(line)
    assert outcome.ok and outcome.output == line and outcome.line_changes == ()
    assert envelope_of("responses") is OPENAI_BATCH
    assert OPENAI_BATCH_URLS["responses"] == "/v1/responses"


def test_responses_batch_file_through_the_cli(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """``chatdialect convert --from responses --to openai`` on a Responses batch file: one chat
    completions line per request, a bad line reported with its id and line number."""
    lines = [
        {"custom_id": "a", "method": "POST", "url": "/v1/responses", "body": {"model": "m", "input": "hi"}},
        {"custom_id": "b", "method": "POST", "url": "/v1/responses", "body": {"model": "m", "input": 5}},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code = main(["convert", "--from", "responses", "--to", "openai", str(path)])
    out, err = capsys.readouterr()
    written = [json.loads(text) for text in out.splitlines()]
    assert code == 1
    assert written == [
        {
            "custom_id": "a",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
        }
    ]
    assert "line 2" in err and "b" in err and "/body/input" in err
