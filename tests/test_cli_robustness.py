"""The command line under interruption, a closed pipe, odd batch lines and usage mistakes (issue 16).

Most run ``main`` in this process (quicker than the console script); the closed pipe needs a real
process and a real pipe.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from chatdialect import dialect_names, translate
from chatdialect._cli import commands, main
from chatdialect._cli.report import Progress

SCRIPT = Path(sys.executable).with_name("chatdialect")


def request(i: int = 0, **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"hi {i}"}], **extra}


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


class CtrlCMidWrite(io.BytesIO):
    """An output whose second write is interrupted by Ctrl-C halfway through, as a real SIGINT."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data: Any) -> int:
        self.writes += 1
        if self.writes != 2:
            return super().write(data)
        half = len(data) // 2
        super().write(data[:half])
        os.kill(os.getpid(), signal.SIGINT)  # the handler runs here, before the rest is written
        return half + super().write(data[half:])


def test_an_interrupted_conversion_ends_on_whole_records_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [request(i) for i in range(3000)]  # more than two 64 KiB blocks of output
    path = jsonl(tmp_path / "big.jsonl", records)
    sink = CtrlCMidWrite()

    @contextmanager
    def output(_: str | None) -> Iterator[CtrlCMidWrite]:
        yield sink

    monkeypatch.setattr(commands, "open_output", output)
    status = main(["convert", "--from", "openai", "--to", "azure", "--report", "none", str(path)])
    assert status == 130
    written = sink.getvalue()
    assert written.endswith(b"\n")
    lines = written.split(b"\n")[:-1]
    expected = [
        json.dumps(translate(r, source="openai", target="azure").payload, separators=(",", ":")).encode()
        for r in records[: len(lines)]
    ]
    assert lines == expected  # whole records, in order, none twice
    assert 0 < len(lines) < len(records)
    summary = capsys.readouterr().err.splitlines()[-1]
    assert f", {len(lines)} written," in summary
    assert "interrupted at line" in summary


def test_a_closed_pipe_stops_quietly_as_sigpipe_would(tmp_path: Path) -> None:
    """`chatdialect convert ... | head -n 1`: no traceback, no error line, no summary; the process
    ends as one killed by SIGPIPE (not with status 1, which means bad input)."""
    path = jsonl(tmp_path / "big.jsonl", [request(i, top_k=5) for i in range(3000)])
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "chatdialect"]
    args = [*command, "convert", "--from", "openai", "--to", "azure", str(path)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read().decode()
        child.wait(timeout=120)
    assert child.returncode == -signal.SIGPIPE
    assert "Traceback" not in err and "error" not in err and "summary" not in err


def test_python_dash_m_ends_the_same_way_on_a_closed_pipe(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "big.jsonl", [request(i) for i in range(3000)])
    args = [sys.executable, "-m", "chatdialect", "convert", "--from", "openai", "--to", "generic", str(path)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read().decode()
        child.wait(timeout=120)
    assert child.returncode == -signal.SIGPIPE and err == ""


def test_warn_does_not_blame_the_target_for_fields_the_source_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(request(top_k=5, foo=1)))  # both unknown to openai, the source
    assert (
        main(["convert", "--from", "openai", "--to", "azure", "--warn", "--report", "none", str(path)]) == 0
    )
    assert capsys.readouterr().err.splitlines() == ["warning: dropped or clamped: /top_k, /foo"]


def test_an_embeddings_line_is_not_a_chat_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    embedding = {
        "custom_id": "emb-1",
        "method": "POST",
        "url": "/v1/embeddings",
        "body": {"model": "text-embedding-3-small", "input": "The food was delicious."},
    }
    chat = {"custom_id": "chat-1", "method": "POST", "url": "/v1/chat/completions", "body": request()}
    path = jsonl(tmp_path / "batch.jsonl", [embedding, chat])
    status = main(["convert", "--from", "openai", "--to", "azure", "--report", "none", "-q", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert len(out.splitlines()) == 1 and "chat-1" in out
    assert err.splitlines() == [
        "line 1 [emb-1]: /url: names another endpoint than chat completions (/chat/completions): "
        "this line is not a chat request"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "--from", "openai", "--to", "azure", "x.json", "--bogus"),
        ("convert", "--from", "openai", "--to", "azure", "--indent", "x"),
        ("convert", "--from", "bogus", "--to", "azure"),
    ],
)
def test_every_convert_usage_error_names_the_command(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(list(args)) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("chatdialect convert: error: ")


def test_help_shows_debug_the_dialect_names_and_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    names = dialect_names()
    for command in ("convert", "validate", "dialects", "schema"):
        assert main([command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "--debug show tracebacks of internal errors" in text, command
        if command in ("convert", "validate", "schema"):
            assert ", ".join(names) in text, command
    main(["dialects", "--help"])
    assert "a text table, a Markdown table or JSON" in " ".join(capsys.readouterr().out.split())
    main(["schema", "--help"])
    assert "--dialect D the dialect whose request is described" in " ".join(capsys.readouterr().out.split())


class Terminal(io.StringIO):
    """stderr as a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_and_quiet_silences_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live counter (every 1024 lines, at most every INTERVAL seconds) is drawn in place on a
    terminal and erased before the summary; --quiet silences both. In this process, with no
    interval, so that a small file shows it (the console script needs a file that takes seconds)."""
    path = jsonl(tmp_path / "p.jsonl", [request(i) for i in range(2100)])
    monkeypatch.setattr(Progress, "INTERVAL", 0.0)
    for extra, expected in (((), True), (("--quiet",), False)):
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        args = ["convert", "--from", "openai", "--to", "azure", "-o", os.devnull, *extra, str(path)]
        assert main(args) == 0
        shown = terminal.getvalue()
        if expected:
            counter, _, summary = shown.partition("summary:")
            assert "\r\x1b[K1,024 lines" in counter and "2,048 lines" in counter and "lines/s" in counter
            assert counter.endswith("\r\x1b[K")  # erased before the summary
            assert summary.startswith(" 2100 lines read")
        else:
            assert shown == ""
