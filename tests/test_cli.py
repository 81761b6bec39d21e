"""The command line on real files: each command run in-process with pipes for stdio (``cli_support``),
the console script itself run as a process where only a process can show it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chatdialect import ChatDialectError, dialect_names, translate
from chatdialect._capabilities import LEGACY_ROWS, matrix
from chatdialect._model import CANONICAL_FIELDS
from chatdialect._schema_export import export_schema
from cli_support import run, run_console, run_line
from conftest import REQUESTS, fixture_paths, load_fixture

CANARY = "CANARY-SECRET-7f3a9c"


def jsonl(path: Path, lines: list[Any]) -> Path:
    """Write records (or raw strings, written as they are) as JSON Lines."""
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


def change_line(change: Any, prefix: str = "", base: str = "") -> str:
    arrow = ""
    if change.target_path is not None and change.target_path != change.path:
        arrow = f" -> {base}{change.target_path}"
    return f"{prefix}{change.kind} {base}{change.path}{arrow}: {change.reason}"


def request(i: int = 0, **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"hi {i}"}], **extra}


def batch_line(i: int, body: Any) -> dict[str, Any]:
    return {"custom_id": f"req-{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}


LEGACY = REQUESTS / "openai" / "legacy_functions_log.json"


# --- convert: one payload ----------------------------------------------------------------------


def test_the_console_script_runs_main_and_exits_with_its_status() -> None:
    """The installed ``chatdialect`` program (the tests below call its ``main`` in-process): its
    version, and its exit status is main's (1 for bad input, 2 for a usage error)."""
    from importlib.metadata import version

    result = run_console("--version")
    assert result.code == 0
    assert result.out.strip() == f"chatdialect {version('chatdialect')}"
    assert result.out == run("--version").out
    broken = run_console("convert", "--from", "openai", "--to", "azure", stdin='{"model": ')
    assert broken.code == 1
    assert broken.err_lines == ["error: the input is not valid JSON: Expecting value at line 1 column 11"]
    usage = run_console("convert", "--from", "openai")
    assert usage.code == 2 and usage.out == "" and "required: --to" in usage.err


def test_convert_single_payload_file() -> None:
    expected = translate(load_fixture(LEGACY), source="openai", target="azure")
    result = run("convert", "--from", "openai", "--to", "azure", LEGACY)
    assert result.code == 0
    assert result.out == json.dumps(expected.payload, indent=2, ensure_ascii=False) + "\n"
    assert result.err_lines == [change_line(change) for change in expected.changes]
    assert expected.changes  # the fixture upgrades legacy fields


def test_convert_reads_stdin_with_and_without_dash() -> None:
    payload = load_fixture(LEGACY)
    expected = translate(payload, source="openai", target="generic").payload
    for args in (("-",), ()):
        result = run("convert", "--from", "openai", "--to", "generic", *args, stdin=json.dumps(payload))
        assert result.code == 0
        assert json.loads(result.out) == expected


def test_convert_compact_indent_and_output_file(tmp_path: Path) -> None:
    payload = load_fixture(LEGACY)
    expected = translate(payload, source="openai", target="watsonx").payload
    compact = run("convert", "--from", "openai", "--to", "watsonx", "--compact", LEGACY)
    assert compact.out == json.dumps(expected, separators=(",", ":"), ensure_ascii=False) + "\n"
    wide = run("convert", "--from", "openai", "--to", "watsonx", "--indent", "4", LEGACY)
    assert wide.out == json.dumps(expected, indent=4, ensure_ascii=False) + "\n"
    target = tmp_path / "out.json"
    written = run("convert", "--from", "openai", "--to", "watsonx", "-o", target, LEGACY)
    assert written.code == 0 and written.out == ""
    assert json.loads(target.read_text()) == expected


def test_report_json_and_none() -> None:
    expected = translate(load_fixture(LEGACY), source="openai", target="azure")
    as_json = run("convert", "--from", "openai", "--to", "azure", "--report", "json", LEGACY)
    assert [json.loads(line) for line in as_json.err_lines] == [c.as_dict() for c in expected.changes]
    silent = run("convert", "--from", "openai", "--to", "azure", "--report", "none", LEGACY)
    assert silent.code == 0 and silent.err == ""
    assert json.loads(silent.out) == expected.payload


def test_invalid_single_payload_names_every_pointer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(request(temperature=9, n=0)))
    result = run("convert", "--from", "openai", "--to", "azure", "-o", tmp_path / "out.json", bad)
    assert result.code == 1
    assert result.out == ""
    assert not (tmp_path / "out.json").exists()  # nothing is written for a failed payload
    assert sorted(line.split(": ")[1] for line in result.err_lines) == ["/n", "/temperature"]
    assert all(line.startswith("error: ") for line in result.err_lines)


def test_not_json_and_empty_input() -> None:
    broken = run("convert", "--from", "openai", "--to", "azure", stdin='{"model": ')
    assert broken.code == 1
    assert broken.err_lines == ["error: the input is not valid JSON: Expecting value at line 1 column 11"]
    empty = run("convert", "--from", "openai", "--to", "azure", stdin="")
    assert empty.code == 1 and empty.err_lines == ["error: the input is empty"]
    lines = run("convert", "--from", "openai", "--to", "azure", stdin='{"a": 1}\n{"b": 2}\n')
    assert lines.code == 1 and "use --jsonl" in lines.err


def test_strict_single_payload() -> None:
    path = REQUESTS / "generic" / "top_k_streaming.json"
    loose = run("convert", "--from", "generic", "--to", "openai", path)
    assert loose.code == 0 and "dropped /top_k" in loose.err
    strict = run("convert", "--from", "generic", "--to", "openai", "--strict", path)
    assert strict.code == 1 and strict.out == ""
    assert strict.err_lines == [
        "error: /top_k: would be dropped: top_k is not carried by the openai dialect."
    ]


def test_warn_and_passthrough() -> None:
    path = REQUESTS / "generic" / "top_k_streaming.json"
    warned = run("convert", "--from", "generic", "--to", "openai", "--warn", "--report", "none", path)
    assert warned.code == 0
    assert warned.err_lines == ["warning: dropped or clamped: /top_k"]
    kept = run("convert", "--from", "generic", "--to", "openai", "--passthrough", "top_k", "--strict", path)
    assert kept.code == 0
    assert json.loads(kept.out)["top_k"] == load_fixture(path)["top_k"]


def test_non_ascii_and_lone_surrogates_survive(tmp_path: Path) -> None:
    path = tmp_path / "text.json"
    head = '{"model": "m", "messages": [{"role": "user", "content": '
    path.write_text(head + '"h\\u00e9llo \\ud800 \\u4e16"}]}')
    result = run("convert", "--from", "openai", "--to", "azure", "--compact", path)
    assert result.code == 0
    assert json.loads(result.out)["messages"][0]["content"] == "h\u00e9llo \ud800 \u4e16"


# --- convert: JSON Lines -----------------------------------------------------------------------


def mixed_lines() -> list[Any]:
    return [
        request(1, max_tokens=5),  # 1 valid, one rename
        request(2, temperature=7),  # 2 invalid field
        "",  # 3 blank
        "{not json",  # 4 invalid JSON
        request(5, top_k=3),  # 5 valid, top_k dropped for openai -> azure
        "[1, 2]",  # 6 not an object
        "   ",  # 7 blank (whitespace only)
        request(8),  # 8 valid, no change
    ]


def test_mixed_validity_jsonl(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "mixed.jsonl", mixed_lines())
    result = run("convert", "--from", "openai", "--to", "azure", path)
    assert result.code == 1
    outputs = [json.loads(line) for line in result.out_lines]
    for i in (1, 5, 8):
        assert translate(mixed_lines()[i - 1], source="openai", target="azure").payload in outputs
    assert len(outputs) == 3
    errors = [line for line in result.err_lines if not line.startswith(("summary:", "line 1: renamed"))]
    assert errors == [
        "line 2: /temperature: should be less than or equal to 2",
        "line 4: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        "line 5: dropped /top_k: top_k is not a field of the openai dialect.",
        "line 6: (root): the request must be a JSON object",
    ]
    assert result.err_lines[0] == (
        "line 1: renamed /max_tokens -> /max_completion_tokens: "
        "max_tokens is deprecated in favour of max_completion_tokens."
    )
    summary = result.err_lines[-1]
    assert summary.startswith(
        "summary: 8 lines read, 3 written, 3 failed, 2 blank; "
        "changes: 1 renamed, 0 converted, 1 dropped, 0 clamped, 0 defaulted, 0 moved; "
    )


def test_json_errors_read_as_one_sentence() -> None:
    from chatdialect._cli.stream import load

    with pytest.raises(ValueError, match=r"^not valid JSON: Unterminated string starting at column 11$"):
        load(b'{"model": "gpt', first=False)
    with pytest.raises(ValueError, match=r"^not valid JSON: Expecting value at column 11$"):
        load(b'{"model": }', first=False)


def test_every_non_blank_line_yields_one_output_or_one_error(tmp_path: Path) -> None:
    lines = mixed_lines() * 20
    path = jsonl(tmp_path / "many.jsonl", lines)
    result = run("convert", "--from", "openai", "--to", "azure", "--report", "none", "-q", path)
    non_blank = [n for n, line in enumerate(lines, 1) if not (isinstance(line, str) and not line.strip())]
    failed = [int(line.split(":")[0].removeprefix("line ")) for line in result.err_lines]
    assert len(result.out_lines) + len(failed) == len(non_blank)
    assert sorted(failed) == failed and set(failed) <= set(non_blank)


def test_report_json_for_jsonl(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "mixed.jsonl", mixed_lines())
    result = run("convert", "--from", "openai", "--to", "azure", "--report", "json", path)
    records = [json.loads(line) for line in result.err_lines]
    assert records[0] == {
        "line": 1,
        "kind": "renamed",
        "path": "/max_tokens",
        "target_path": "/max_completion_tokens",
        "reason": "max_tokens is deprecated in favour of max_completion_tokens.",
    }
    assert records[1] == {
        "line": 2,
        "error": "invalid_request",
        "problems": [{"pointer": "/temperature", "message": "should be less than or equal to 2"}],
    }
    assert records[2]["error"] == "invalid_json" and records[2]["problems"][0]["pointer"] is None
    summary = records[-1]["summary"]
    assert {k: summary[k] for k in ("read", "written", "failed", "blank")} == {
        "read": 8, "written": 3, "failed": 3, "blank": 2,
    }
    assert summary["changes"] == {
        "renamed": 1, "converted": 0, "dropped": 1, "clamped": 0, "defaulted": 0, "moved": 0,
    }


def test_jsonl_from_stdin_needs_the_flag(tmp_path: Path) -> None:
    text = "".join(json.dumps(request(i, max_tokens=3)) + "\n" for i in range(3))
    result = run("convert", "--from", "openai", "--to", "atoma", "--jsonl", "-q", stdin=text)
    assert result.code == 0
    assert [json.loads(line) for line in result.out_lines] == [request(i, max_tokens=3) for i in range(3)]
    assert result.err == ""  # atoma takes max_tokens back: no net change


def test_ndjson_suffix_and_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "data.ndjson"
    one, two = (json.dumps(request(i)).encode() for i in (1, 2))
    path.write_bytes(b"\xef\xbb\xbf" + one + b"\r\n" + two)
    result = run("convert", "--from", "openai", "--to", "generic", "-q", path)
    assert result.code == 0
    assert [json.loads(line) for line in result.out_lines] == [request(1), request(2)]


def test_batch_api_file(tmp_path: Path) -> None:
    bodies = [
        request(0, max_tokens=10),
        load_fixture(LEGACY),
        request(2, temperature=5),
        request(3, reasoning_effort="high"),
    ]
    path = jsonl(tmp_path / "batch.jsonl", [batch_line(i, body) for i, body in enumerate(bodies)])
    result = run("convert", "--from", "openai", "--to", "azure", path)
    assert result.code == 1
    out = [json.loads(line) for line in result.out_lines]
    assert [record["custom_id"] for record in out] == ["req-0", "req-1", "req-3"]
    for record in out:
        index = int(record["custom_id"].removeprefix("req-"))
        assert record == {**batch_line(index, None), "body": record["body"]}  # envelope kept, url untouched
        assert record["body"] == translate(bodies[index], source="openai", target="azure").payload
    first = translate(bodies[0], source="openai", target="azure").changes
    assert result.err_lines[0] == change_line(first[0], "line 1 [req-0]: ", "/body")
    assert "line 3 [req-2]: /body/temperature: should be less than or equal to 2" in result.err_lines
    assert "line 4 [req-3]: dropped /body/reasoning_effort: " in result.err


def test_batch_line_without_an_object_body(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "batch.jsonl", [{"custom_id": "x", "body": "nope"}, {"custom_id": "y"}])
    result = run("convert", "--from", "openai", "--to", "azure", "-q", path)
    assert result.code == 1 and result.out == ""
    assert result.err_lines == [
        "line 1 [x]: /body: should be the request object of an OpenAI / Azure Batch API line",
        "line 2 [y]: /body: should be the request object of an OpenAI / Azure Batch API line",
    ]


def test_strict_jsonl(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "s.jsonl", [request(1), request(2, top_k=4), request(3)])
    result = run("convert", "--from", "openai", "--to", "azure", "--strict", path)
    assert result.code == 1
    assert len(result.out_lines) == 2
    assert result.err_lines[0] == (
        "line 2: /top_k: would be dropped: top_k is not a field of the openai dialect."
    )
    assert result.err_lines[-1].startswith("summary: 3 lines read, 2 written, 1 failed, 0 blank")


def test_fail_fast(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "f.jsonl", [request(1), "oops", request(3), "{}"])
    result = run("convert", "--from", "openai", "--to", "azure", "--fail-fast", path)
    assert result.code == 1
    assert len(result.out_lines) == 1
    assert result.err_lines[0].startswith("line 2: not valid JSON")
    assert result.err_lines[-1].startswith("summary: 2 lines read, 1 written, 1 failed, 0 blank")
    assert "stopped at line 2 (--fail-fast)" in result.err_lines[-1]


def test_warn_jsonl_and_quiet(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "w.jsonl", [batch_line(1, request(1, top_k=2)), batch_line(2, request(2))])
    result = run("convert", "--from", "openai", "--to", "azure", "--warn", "--report", "none", "-q", path)
    assert result.code == 0
    assert result.err_lines == ["line 1 [req-1]: warning: dropped or clamped: /body/top_k"]


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "p.jsonl", [request(i) for i in range(3000)])
    result = run("convert", "--from", "openai", "--to", "azure", path)
    assert "\r" not in result.err and len(result.err_lines) == 1


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_output_is_never_written_over_the_input(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "same.jsonl", [request(1)])
    before = path.read_text()
    result = run("convert", "--from", "openai", "--to", "azure", "-o", path, path)
    assert result.code == 2 and "the output file is the input file" in result.err
    assert path.read_text() == before


def test_hostile_lines_fail_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(
        b"\xff\xfe not utf-8\n"
        + b"[" * 100_000 + b"]" * 100_000 + b"\n"
        + b'{"model": "m", "messages": [{"role": "user", "content": "x"}], "seed": ' + b"9" * 5000 + b"}\n"
        + b'{"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": NaN}\n'
        + json.dumps(request(5)).encode() + b"\n"
    )
    result = run("convert", "--from", "openai", "--to", "azure", "-q", path)
    assert result.code == 1
    assert len(result.out_lines) == 1
    assert [line.split(":")[0] for line in result.err_lines] == ["line 1", "line 2", "line 3", "line 4"]
    assert "not UTF-8" in result.err_lines[0]
    assert "nested too deeply" in result.err_lines[1]
    assert "/temperature" in result.err_lines[3]


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("convert", "--from", "bogus", "--to", "azure"),
         "unknown dialect 'bogus'; known dialects: " + ", ".join(dialect_names())),
        (("convert", "--from", "openai"), "the following arguments are required: --to"),
        (("convert", "--from", "openai", "--to", "azure", "--strict", "--warn"), "not allowed with"),
        (("convert", "--from", "openai", "--to", "azure", "--bogus"), "unrecognized arguments: --bogus"),
        (("convert", "--from", "openai", "--to", "azure", "--indent", "x"), "must be a whole number"),
        (("convert", "--from", "openai", "--to", "azure", "--jsonl", "--indent", "2"), "does not apply"),
        (("convert", "--from", "openai", "--to", "azure", "missing.json"), "cannot read missing.json"),
        (("validate", "--dialect", "nope"), "unknown dialect 'nope'"),
        (("schema", "--dialect", "nope"), "unknown dialect 'nope'"),
        (("dialects", "--format", "html"), "invalid choice: 'html'"),
        ((), "a command is required"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    result = run(*args, stdin="{}", cwd=tmp_path)
    assert result.code == 2
    assert len(result.err_lines) == 1, result.err
    assert message in result.err
    assert result.out == ""


def test_dialect_names_are_case_insensitive() -> None:
    result = run("convert", "--from", "OpenAI", "--to", " Azure", "--report", "none", LEGACY)
    assert result.code == 0


def test_help_exits_0() -> None:
    for args in (("--help",), ("convert", "--help"), ("validate", "--help")):
        result = run(*args)
        assert result.code == 0 and "usage:" in result.out


# --- validate ----------------------------------------------------------------------------------


def test_validate_single_payloads() -> None:
    ok = run("validate", "--dialect", "azure", REQUESTS / "azure" / "on_your_data_azure_search.json")
    assert (ok.code, ok.out, ok.err) == (0, "", "valid azure request\n")
    bad = run("validate", "--dialect", "openai", REQUESTS / "openai" / "unknown_fields_camelcase.json")
    assert bad.code == 1
    assert bad.out_lines == [
        "/maxTokens: would be dropped: maxTokens is not a field of the openai dialect.",
        "/top_k: would be dropped: top_k is not a field of the openai dialect.",
        "/x_trace_id: would be dropped: x_trace_id is not a field of the openai dialect.",
    ]
    assert bad.err == "invalid openai request: 3 problems\n"
    quiet = run("validate", "--dialect", "openai", "-q", stdin=json.dumps(request(temperature=3)))
    assert (quiet.code, quiet.out, quiet.err) == (1, "/temperature: should be less than or equal to 2\n", "")


def test_validate_passthrough_and_fail_fast(tmp_path: Path) -> None:
    payload = request(x_trace_id="abc")
    assert run("validate", "--dialect", "openai", "-q", stdin=json.dumps(payload)).code == 1
    allowed = run("validate", "--dialect", "openai", "--passthrough", "x_trace_id", stdin=json.dumps(payload))
    assert (allowed.code, allowed.out) == (0, "")
    path = jsonl(tmp_path / "v.jsonl", [request(1), request(2, n=0), request(3, n=0)])
    result = run("validate", "--dialect", "openai", "--fail-fast", path)
    assert result.code == 1 and len(result.out_lines) == 1 and result.out_lines[0].startswith("line 2: /n")
    assert "stopped at line 2 (--fail-fast)" in result.err


def test_validate_json_format() -> None:
    ok = run("validate", "--dialect", "openai", "--format", "json", LEGACY)
    assert ok.code == 0
    assert json.loads(ok.out) == {"valid": True, "dialect": "openai", "error": None, "problems": []}
    bad = run("validate", "--dialect", "atoma", "--format", "json", stdin=json.dumps(request(stream=True)))
    assert bad.code == 1
    assert json.loads(bad.out) == {
        "valid": False,
        "dialect": "atoma",
        "error": "unsupported",
        "problems": [
            {"pointer": "/stream", "message": "would be dropped: stream must be false for this request type."}
        ],
    }


@pytest.mark.parametrize("dialect", dialect_names())
def test_validate_every_fixture_as_jsonl(dialect: str, tmp_path: Path) -> None:
    """One run per dialect over all fixtures: invalid exactly where strict same-dialect translation fails."""
    paths = fixture_paths()
    payloads = [load_fixture(path) for path in paths]
    path = jsonl(tmp_path / "fixtures.jsonl", payloads)
    expected_bad = []
    for number, payload in enumerate(payloads, 1):
        try:
            translate(payload, source=dialect, target=dialect, on_unsupported="error")
        except ChatDialectError:
            expected_bad.append(number)
    result = run("validate", "--dialect", dialect, "--format", "json", path)
    reported = [json.loads(line) for line in result.out_lines]
    assert [record["line"] for record in reported] == expected_bad
    assert all(record["problems"] and not record["valid"] for record in reported)
    assert result.code == (1 if expected_bad else 0)
    summary = json.loads(result.err_lines[-1])["summary"]
    assert (summary["valid"], summary["invalid"]) == (len(paths) - len(expected_bad), len(expected_bad))
    for number in expected_bad:  # a dialect's own fixtures are valid, but for deliberate problems
        path = paths[number - 1]
        if path.parent.name == dialect:
            assert "unknown_fields" in path.stem or path.stem == "both_token_caps", path


def test_validate_jsonl_text_lines(tmp_path: Path) -> None:
    lines = [batch_line(1, request(1)), batch_line(2, request(2, n=0, top_p=3)), ""]
    path = jsonl(tmp_path / "v.jsonl", lines)
    result = run("validate", "--dialect", "openai", path)
    assert result.code == 1
    assert sorted(result.out_lines) == [
        "line 2 [req-2]: /body/n: is below 1, the openai minimum",
        "line 2 [req-2]: /body/top_p: should be less than or equal to 1",
    ]
    assert result.err_lines[-1].startswith("summary: 3 lines read, 1 valid, 1 invalid, 1 blank; ")


# --- dialects, schema --------------------------------------------------------------------------


def test_dialects_text() -> None:
    result = run("dialects")
    assert result.code == 0
    header = result.out_lines[0].split()
    assert header == ["field", *dialect_names()]
    rows = {line.split()[0] for line in result.out_lines[2:] if line and not line.startswith(" ")}
    assert set(CANONICAL_FIELDS) | set(LEGACY_ROWS) <= rows


def test_dialects_markdown_is_a_table() -> None:
    result = run("dialects", "--format", "markdown")
    assert result.code == 0
    table = [line for line in result.out_lines if line.startswith("|")]
    width = len(dialect_names()) + 1
    assert table[1] == "|" + "---|" * width
    del table[1]
    cells = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table]
    assert all(len(row) == width for row in cells), cells
    assert cells[0] == ["field", *dialect_names()]
    names = [row[0].strip("`").removesuffix(" (legacy)").strip("`") for row in cells[1:]]
    assert names == [*CANONICAL_FIELDS, *LEGACY_ROWS]
    atoma = cells[1:][names.index("max_completion_tokens")][cells[0].index("atoma")]
    assert atoma == "renamed (-> max_tokens)"


def test_dialects_json_is_the_matrix() -> None:
    result = run("dialects", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(json.dumps(matrix()))


@pytest.mark.parametrize("dialect", dialect_names())
def test_schema_command(dialect: str) -> None:
    result = run("schema", "--dialect", dialect)
    assert result.code == 0
    schema = json.loads(result.out)
    Draft202012Validator.check_schema(schema)
    assert schema == export_schema(dialect)
    validator = Draft202012Validator(schema)
    for path in sorted((REQUESTS / dialect).glob("*.json")):
        errors = list(validator.iter_errors(load_fixture(path)))
        if "unknown_fields" in path.stem:
            assert errors, path
        elif path.stem != "both_token_caps":  # max_tokens beside max_completion_tokens is dropped on read
            assert not errors, (path, [e.message for e in errors])


def test_schema_compact() -> None:
    result = run("schema", "--dialect", "azure", "--compact")
    assert result.code == 0 and len(result.out_lines) == 1
    assert json.loads(result.out) == export_schema("azure")


# --- secrets never echoed ----------------------------------------------------------------------


def _with_canary() -> dict[str, Any]:
    payload = load_fixture(REQUESTS / "azure" / "on_your_data_azure_search.json")
    payload["data_sources"][0]["parameters"]["authentication"]["key"] = CANARY
    return payload


def test_failures_never_echo_a_secret(tmp_path: Path) -> None:
    good = _with_canary()
    broken_source = _with_canary()
    broken_source["data_sources"][0]["type"] = 42
    broken_params = _with_canary()
    broken_params["data_sources"][0]["parameters"] = CANARY
    broken_auth = _with_canary()
    broken_auth["temperature"] = CANARY
    single = tmp_path / "one.json"
    single.write_text(json.dumps(good))
    lines = jsonl(
        tmp_path / "secrets.jsonl",
        [
            batch_line(1, good),
            batch_line(2, broken_source),
            batch_line(3, broken_params),
            batch_line(4, broken_auth),
            json.dumps(good)[:-5],  # truncated JSON around the secret
            {"custom_id": CANARY + "\n", "body": broken_source},  # unprintable ids are not shown
        ],
    )
    runs = [
        run("convert", "--from", "azure", "--to", "openai", "--strict", single),  # model + data_sources
        run("convert", "--from", "azure", "--to", "generic", "--strict", "--report", "json", single),
        run("convert", "--from", "azure", "--to", "openai", lines),
        run("convert", "--from", "azure", "--to", "watsonx", "--strict", "--report", "json", lines),
        run("convert", "--from", "azure", "--to", "azure", "--warn", lines),
        run("validate", "--dialect", "openai", single),
        run("validate", "--dialect", "azure", lines),
        run("validate", "--dialect", "azure", "--format", "json", lines),
    ]
    for result in runs:
        assert result.code == 1
        assert CANARY not in result.err
    for result in runs[5:]:  # validate's problem lines are on stdout
        assert CANARY not in result.out
    assert "/body/data_sources/0/type" in runs[2].err


def test_python_dash_m_works_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chatdialect", "convert", "--from", "openai", "--to", "azure", str(LEGACY)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout) == translate(load_fixture(LEGACY), source="openai", target="azure").payload


# --- the examples in docs/cli.md and README.md are real ----------------------------------------

ROOT = REQUESTS.parent.parent
DOCUMENTS = {ROOT / "docs" / "cli.md": "", ROOT / "README.md": "## Command line\n"}
"""Files whose ```console blocks are checked, and the heading their checked part starts at."""
TIMING = re.compile(r"; \d+\.\d+ s(, \d+ lines/s)?$")
VERSION = re.compile(r"^chatdialect \d+(\.\d+)*\S*$")
"""``chatdialect --version``'s line: its version is the project's (``test_version``), not the docs'."""


def run_example(command: str) -> list[str]:
    """Run a documented command in the repository root (stderr with stdout, as a terminal shows it)."""
    return run_line(command, ROOT)


def examples(text: str) -> list[tuple[int, str, list[str]]]:
    """``(line index, command, documented output)`` of every ``$ command`` in ```console blocks."""
    found: list[tuple[int, str, list[str]]] = []
    inside = False
    for index, line in enumerate(text.split("\n")):
        if line.startswith("```console"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line.startswith("$ "):
            found.append((index, line[2:], []))
        elif inside and found:
            found[-1][2].append(line)
    return found


def _normal(lines: list[str]) -> list[str]:
    return [VERSION.sub("chatdialect <version>", TIMING.sub("; <time>", line)) for line in lines]


@pytest.mark.skipif(os.name == "nt", reason="the examples are POSIX shell commands")
@pytest.mark.parametrize("document", list(DOCUMENTS), ids=lambda path: path.name)
def test_documented_examples_are_real_output(document: Path) -> None:
    """Set CHATDIALECT_UPDATE_DOCS=1 to rewrite the documented outputs from real runs."""
    text, heading = document.read_text(), DOCUMENTS[document]
    head, start, checked = text.partition(heading) if heading else ("", "", text)
    found = examples(checked)
    assert found, f"no console examples in {document.name}"
    if os.environ.get("CHATDIALECT_UPDATE_DOCS"):
        lines = checked.split("\n")
        for index, command, documented in reversed(found):
            actual = run_example(command)
            if _normal(actual) != _normal(documented):  # timings, the version alone: no change
                lines[index + 1 : index + 1 + len(documented)] = actual
        document.write_text(head + start + "\n".join(lines))
        return
    for _, command, documented in found:
        actual = run_example(command)
        assert _normal(actual) == _normal(documented), (
            f"{document.name}: the output of `{command}` changed; "
            "rerun with CHATDIALECT_UPDATE_DOCS=1 to update the documentation"
        )


# --- internal errors (a bug in the engine) -----------------------------------------------------


def test_internal_errors_are_one_line_unless_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process: a crash inside translate() fails that record with one line; --debug re-raises."""
    from chatdialect import _cli as cli
    from chatdialect._cli import records as cli_records

    def broken(payload: Any, *_: Any, **__: Any) -> Any:
        if payload.get("temperature") == 1:
            raise RuntimeError(f"boom {CANARY}")
        return translate(payload, source="openai", target="azure")

    monkeypatch.setattr(cli_records, "translated", broken)
    path = jsonl(tmp_path / "crash.jsonl", [request(1), request(2, temperature=1), request(3)])
    args = ["convert", "--from", "openai", "--to", "azure", "-q", "-o", str(tmp_path / "o"), str(path)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err == (
        "line 2: internal error (RuntimeError) on this record; rerun with --debug for a traceback\n"
    )
    assert len((tmp_path / "o").read_text().splitlines()) == 2
    single = tmp_path / "one.json"
    single.write_text(json.dumps(request(temperature=1)))
    assert cli.main(["convert", "--from", "openai", "--to", "azure", str(single)]) == 1
    assert "internal error (RuntimeError)" in capsys.readouterr().err
    with pytest.raises(RuntimeError):
        cli.main(["convert", "--from", "openai", "--to", "azure", "--debug", str(single)])
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "convert", "--from", "openai", "--to", "azure", str(path)])
