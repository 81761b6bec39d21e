"""The documentation runs: every Python example executes, generated pages are current, the site builds.

Markers (an HTML comment on the line before a fenced block) tell this test what a block is:

- no marker, a ``python`` block: executed, in page order, in one namespace per page, in a fresh folder;
- ``<!-- file: PATH -->``: the block is written to ``PATH`` in that folder (test modules, data files);
- ``<!-- run -->``: a ``sh`` block whose ``pytest ...`` and ``chatdialect ...`` lines (``> FILE`` allowed)
  are run there, and must pass (in this process: pytest in a session of its own, ``chatdialect`` with
  pipes for stdio);
- ``<!-- expect-file: PATH -->``: the file at ``PATH`` must hold exactly the block's text;
- ``<!-- skip -->``: not run.

Other ``sh``/``text``/``json`` blocks are illustrations and are not run. The openai SDK examples talk
to a local HTTP server standing in for OpenAI and Azure (``OPENAI_BASE_URL``, ``AZURE_OPENAI_ENDPOINT``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from chatdialect import dialect_names
from chatdialect._dialects import REGISTRY
from cli_support import run

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]

BLOCK = re.compile(
    r"(?:^<!--\s*(?P<marker>[^\n]*?)\s*-->[ \t]*\n)?^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$",
    re.S | re.M,
)


@dataclass
class Block:
    marker: str
    lang: str
    body: str
    line: int


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    return [
        Block((m["marker"] or "").strip(), m["lang"], m["body"], text.count("\n", 0, m.start("body")))
        for m in BLOCK.finditer(text)
    ]


def runnable(page: Path) -> bool:
    return any(b.marker or b.lang == "python" for b in blocks(page))


def load_gen() -> Any:
    spec = importlib.util.spec_from_file_location("docs_gen", DOCS / "gen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- a local stand-in for the OpenAI and Azure endpoints -------------------------------------


class FakeOpenAI(ThreadingHTTPServer):
    requests: list[tuple[str, dict[str, Any]]]


class Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body))
        answer = {
            "id": "chatcmpl-docs",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Seven."},
                    "finish_reason": "stop",
                }
            ],
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "FAKE-KEY-0000")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "FAKE-KEY-0000")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", url)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- the examples -----------------------------------------------------------------------------


def run_commands(block: Block, where: Path, label: str, pytester: pytest.Pytester) -> None:
    """Run each ``pytest ...`` / ``chatdialect ...`` line (with an optional ``> FILE``); each must pass.

    Both run in this process, as their own programs would in ``where``: pytest in a session of its
    own (``pytester.runpytest_inprocess``: its imports and ``sys.path`` are undone after it), the
    command line with pipes for stdio (``cli_support.run``)."""
    for command in block.body.splitlines():
        argv = shlex.split(command, comments=True)
        if not argv:
            continue
        assert argv[0] in ("pytest", "chatdialect"), (
            f"{label}: a run block runs pytest or chatdialect, not {argv[0]!r}"
        )
        redirect = None
        if ">" in argv:
            at = argv.index(">")
            argv, redirect = argv[:at], argv[at + 1]
        if argv[0] == "pytest":
            session = pytester.runpytest_inprocess(*argv[1:])
            code, out = int(session.ret), "\n".join(session.outlines) + "\n"
            err = "\n".join(session.errlines)
        else:
            done = run(*argv[1:], cwd=where)
            code, out, err = done.code, done.out, done.err
        assert code == 0, f"{label}: `{command}` failed:\n{out}\n{err}"
        if redirect:
            (where / redirect).write_text(out, encoding="utf-8")


@pytest.mark.parametrize(
    "page", [p for p in PAGES if runnable(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_examples_run(page: Path, pytester: pytest.Pytester, fake_openai: FakeOpenAI) -> None:
    """Each page's examples, in page order, in a fresh folder (``pytester.path``, the working directory)."""
    tmp_path = pytester.path
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    ran = 0
    for block in blocks(page):
        label = f"{page.relative_to(ROOT)}:{block.line}"
        marker, _, argument = block.marker.partition(":")
        argument = argument.strip()
        if marker == "skip":
            continue
        if marker == "file":
            target = tmp_path / argument
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
        elif marker == "run":
            run_commands(block, tmp_path, label, pytester)
            ran += 1
        elif marker == "expect-file":
            written = (tmp_path / argument).read_text(encoding="utf-8")
            assert written == block.body, f"{label}: {argument} differs from the page"
        elif block.lang == "python":
            if "openai" in block.body and importlib.util.find_spec("openai") is None:
                pytest.skip("the openai SDK is not installed")
            exec(compile(block.body, label, "exec"), namespace)
            ran += 1
    assert ran, f"{page}: nothing ran"
    if page.name == "recipes.md":
        paths = [path for path, _ in fake_openai.requests]
        assert paths == [
            "/v1/chat/completions",
            "/openai/deployments/my-gpt-4o-deployment/chat/completions?api-version=2024-10-21",
        ]
        generic, azure = (body for _, body in fake_openai.requests)
        assert generic["top_k"] == 40 and generic["max_completion_tokens"] == 20
        assert azure["model"] == "my-gpt-4o-deployment" and azure["max_tokens"] == 300


def test_every_python_block_is_covered() -> None:
    """Every ```python block of the docs and README is run or written as a file (none is silently inert)."""
    for page in PAGES:
        for block in blocks(page):
            if block.lang == "python":
                kind = block.marker.split(":")[0]
                assert kind in ("", "file", "skip"), (page, block.line)


# --- generated pages and the site -------------------------------------------------------------


def test_generated_pages_are_current() -> None:
    stale = [
        relative
        for relative, text in load_gen().pages().items()
        if not (DOCS / relative).exists() or (DOCS / relative).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale generated docs, run `python docs/gen.py`: {stale}"


def test_dialect_pages_show_every_rule() -> None:
    """Every rule of a dialect states its docs line, and the dialect's page shows it: the page is
    made by iterating rules (docs/gen.py decodes none)."""
    gen = load_gen()
    for name in dialect_names():
        dialect = REGISTRY[name]
        page = gen.dialect_page(dialect)
        for rule in dialect.rules:
            text = rule.doc()
            assert text, f"{type(rule).__name__} has no docs line"
            assert text in page, f"{name}: {type(rule).__name__}'s line is not on its page"
        for field, rules in dialect.fields.items():
            for rule in rules:
                line = rule.doc(field)
                assert line is None or line in page, f"{name}.{field}: {type(rule).__name__}"


@pytest.mark.parametrize(
    ("dialect", "said", "not_said"),
    [
        ("gemini", "(the model is named in the URL path)", "deployment"),
        ("azure", "(the deployment is named in the URL path)", None),
        ("openai", "`model` is **required**", "optional"),
    ],
)
def test_dialect_pages_say_where_the_model_goes(dialect: str, said: str, not_said: str | None) -> None:
    """The page's model line is true of its dialect: Gemini names the model in the URL path, Azure the
    deployment, OpenAI needs it in the body."""
    page = load_gen().dialect_page(REGISTRY[dialect])
    line = next(line for line in page.splitlines() if line.startswith("- `model` is"))
    assert said in line
    assert not_said is None or not_said not in line


def test_every_page_is_in_the_nav() -> None:
    listed = nav_pages()
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages <= listed, f"pages missing from the mkdocs.yml nav: {sorted(pages - listed)}"


def nav_pages() -> set[str]:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").partition("\nnav:")[2]
    return set(re.findall(r"([\w/.-]+\.md)\s*$", nav, re.M))


def test_site_builds_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    missing = sorted(page for page in nav_pages() if not (DOCS / page).exists())
    if missing:  # pages other work streams own, not written yet
        pytest.skip(f"the nav lists pages that do not exist yet: {', '.join(missing)}")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "dialects" / "azure" / "index.html").exists()
    assert (tmp_path / "site" / "matrix" / "index.html").exists()


# --- a new user's first hour (issue 16) ---------------------------------------------------------

USER_PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", USER_PAGES, ids=[page.name for page in USER_PAGES])
def test_install_instructions_work_without_a_published_package(page: Path) -> None:
    """chatdialect is not on PyPI: `pip install chatdialect` (or `chatdialect[extra]`) fails for a
    new user, so the docs install from a clone (`pip install .`) or from the repository (git+)."""
    text = page.read_text(encoding="utf-8")
    package = r"['\"]?chatdialect(?:\[[\w,]+\])?['\"]?(?=[\s`]|$)(?!\s*@)"  # not "chatdialect @ git+..."
    unpublished = re.findall(r"pip install (?:-\S+ )*" + package, text)
    assert not unpublished, f"{page.name} installs the unpublished package: {unpublished}"


def test_the_quick_start_installs_from_a_clone_and_says_how_long_the_tests_take() -> None:
    start = (DOCS / "index.md").read_text(encoding="utf-8").partition("### 2.")[0]
    assert "pip install . pytest syrupy" in start
    assert "not published on PyPI" in start and "70 seconds on a 2-core machine" in start
    readme = (ROOT / "README.md").read_text(encoding="utf-8").partition("<!-- test-command -->")[0]
    assert "70 s on a 2-core machine" in readme.rstrip().rsplit("\n\n", 1)[-1]


def test_every_documented_mkdocs_command_silences_the_theme_banner() -> None:
    """mkdocs-material prints a seven-line end-of-life banner on every build unless
    NO_MKDOCS_2_WARNING is set: every mkdocs command a contributor is told to run sets it."""
    sources = {page.name: page.read_text(encoding="utf-8") for page in USER_PAGES}
    sources[".ci/run"] = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    found = 0
    for name, text in sources.items():
        for command in re.findall(r"[^\n`(]*\bmkdocs (?:build|serve)\b[^\n`)]*", text):
            found += 1
            assert "NO_MKDOCS_2_WARNING=1" in command, f"{name}: {command.strip()}"
    assert found >= 2
