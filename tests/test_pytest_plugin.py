"""The ``dialect_snapshot`` fixture, run the way users run it: in a pytest session of its own (pytester)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from chatdialect import parse, translate

pytest_plugins = ["pytester"]

PAYLOAD = {
    "model": "gpt-4o",
    "messages": [
        {"role": "developer", "content": "Answer in French."},
        {"role": "user", "content": "Hello"},
    ],
    "max_tokens": 100,
    "temperature": 0.5,
    "stop": "END",
    "top_k": 40,
}

TEST_FILE = """
PAYLOAD = {payload!r}

def test_greeting(dialect_snapshot):
    translations = dialect_snapshot(PAYLOAD, source="openai", targets=["azure", "atoma"])
    assert set(translations) == {{"azure", "atoma"}}
"""


def write_test(pytester: pytest.Pytester, payload: dict[str, object]) -> None:
    pytester.makepyfile(test_payloads=TEST_FILE.format(payload=payload))


def snapshot_file(pytester: pytest.Pytester, target: str) -> Path:
    return pytester.path / "__snapshots__" / "test_payloads" / f"test_greeting[{target}].json"


@pytest.fixture(autouse=True)
def _not_an_xdist_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inner pytest runs in this process: it must not take itself for an xdist worker (syrupy
    then leaves its report to a controller that is not there)."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)


def test_write_pass_fail_update(pytester: pytest.Pytester) -> None:
    write_test(pytester, PAYLOAD)

    # 1. Without snapshots the test fails and says how to write them.
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*dialect_snapshot: 2 of 2 snapshots do not match the stored files*--snapshot-update*",
            "*__snapshots__/test_payloads/test_greeting[[]azure].json: no such snapshot yet*",
        ]
    )

    # 2. --snapshot-update writes one readable, stable JSON file per dialect.
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*2 snapshots generated*"])
    for target in ("azure", "atoma"):
        text = snapshot_file(pytester, target).read_text(encoding="utf-8")
        translation = translate(PAYLOAD, source="openai", target=target)
        document = json.loads(text)
        assert document == {
            "source": "openai",
            "target": target,
            "payload": translation.payload,
            "changes": [change.as_dict() for change in translation.changes],
        }
        assert text == json.dumps(document, indent=2, sort_keys=True) + "\n"
    azure = json.loads(snapshot_file(pytester, "azure").read_text())
    assert azure["payload"]["stop"] == ["END"]
    assert {c["path"] for c in azure["changes"]} == {"/top_k", "/max_tokens", "/messages/0/role", "/stop"}

    # 3. The second run passes against the stored files.
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*2 snapshots passed*"])

    # 4. A different payload fails with a line diff of each file that differs.
    write_test(pytester, {**PAYLOAD, "temperature": 0.7})
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*dialect_snapshot: 2 of 2 snapshots do not match*--snapshot-update*",
            "*--- __snapshots__/test_payloads/test_greeting[[]azure].json (stored)",
            "*+++ __snapshots__/test_payloads/test_greeting[[]azure].json (received)",
            '*-    "temperature": 0.5',
            '*+    "temperature": 0.7',
        ]
    )
    assert "test_payloads.py:4: AssertionError" in result.stdout.str()  # points at the user's line

    # 5. --snapshot-update accepts the new payloads; then the run passes again.
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*2 snapshots updated*"])
    assert json.loads(snapshot_file(pytester, "atoma").read_text())["payload"]["temperature"] == 0.7
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_changed_rule_shows_as_a_diff(pytester: pytest.Pytester) -> None:
    """A dialect rule that changes (here: azure stops carrying seed) fails only that dialect's file."""
    pytester.makepyfile(
        test_payloads="""
        PAYLOAD = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "seed": 7}

        def test_greeting(dialect_snapshot):
            dialect_snapshot(PAYLOAD, source="openai", targets=["azure", "openai"])
        """
    )
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=1)
    pytester.makeconftest(
        """
        import dataclasses
        from chatdialect import _dialects as dialects

        azure = dialects.REGISTRY["azure"]
        fields = {k: v for k, v in azure.fields.items() if k != "seed"}
        dialects.REGISTRY["azure"] = dataclasses.replace(azure, fields=fields)
        """
    )
    result = pytester.runpytest_subprocess()  # the patched registry must not leak into this process
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "1 of 2 snapshots do not match" in output
    assert "test_greeting[azure].json (stored)" in output
    assert "test_greeting[openai].json" not in output
    result.stdout.fnmatch_lines(
        [
            "*-  \"changes\": [],",
            "*+  \"changes\": [[]",
            '*+      "kind": "dropped",',
            '*+      "path": "/seed",',
            '*-    "seed": 7',
        ]
    )


def test_chat_request_named_snapshots_and_every_dialect(pytester: pytest.Pytester) -> None:
    request = parse(PAYLOAD, dialect="openai")
    pytester.makepyfile(
        test_payloads=f"""
        from chatdialect import parse

        def test_greeting(dialect_snapshot):
            request = parse({PAYLOAD!r}, dialect="openai")
            dialect_snapshot(request, name="canonical")
            dialect_snapshot({PAYLOAD!r}, source="openai", targets="generic", name="wire")
        """
    )
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=1)
    folder = pytester.path / "__snapshots__" / "test_payloads"
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "test_greeting[canonical-anthropic].json",
        "test_greeting[canonical-atoma].json",
        "test_greeting[canonical-azure].json",
        "test_greeting[canonical-bedrock].json",
        "test_greeting[canonical-gemini].json",
        "test_greeting[canonical-generic].json",
        "test_greeting[canonical-openai].json",
        "test_greeting[canonical-responses].json",
        "test_greeting[canonical-watsonx].json",
        "test_greeting[wire-generic].json",
    ]
    document = json.loads((folder / "test_greeting[canonical-watsonx].json").read_text())
    assert document["source"] == "canonical"
    assert document["payload"] == request.model_dump(by_alias=True, exclude_none=True) | {"stop": ["END"]}
    pytester.runpytest().assert_outcomes(passed=1)


def test_misuse_is_explained(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_misuse="""
        PAYLOAD = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}

        def test_no_source(dialect_snapshot):
            dialect_snapshot(PAYLOAD, targets=["openai"])

        def test_same_snapshot_twice(dialect_snapshot):
            dialect_snapshot(PAYLOAD, source="openai", targets=["openai"])
            dialect_snapshot(PAYLOAD, source="openai", targets=["openai"])

        def test_no_targets(dialect_snapshot):
            dialect_snapshot(PAYLOAD, source="openai", targets=[])
        """
    )
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines_random(
        [
            "*TypeError: dialect_snapshot: a payload needs source='<dialect>'*",
            "*ValueError: dialect_snapshot: snapshot 'openai' is already taken in this test; pass name=*",
            "*ValueError: dialect_snapshot: targets is empty*",
        ]
    )


def test_without_syrupy_only_the_fixture_fails(pytester: pytest.Pytester) -> None:
    # syrupy made unimportable, as if not installed (first on sys.meta_path, before pytest's
    # assertion-rewriting importer), and its plugin not loaded.
    pytester.makeconftest(
        """
        import sys

        class BlockSyrupy:
            def find_spec(self, name, path=None, target=None):
                if name == "syrupy" or name.startswith("syrupy."):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, BlockSyrupy())
        """
    )
    pytester.makepyfile(
        test_plain="""
        def test_unrelated():
            assert 1 + 1 == 2

        def test_snapshot(dialect_snapshot):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:syrupy")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*the dialect_snapshot fixture needs syrupy, which is not installed: pip install syrupy*"]
    )
    assert "During handling" not in result.stdout.str()


def test_plugin_start_up_imports_nothing_heavy() -> None:
    """Loading the plugin adds no module beyond itself to what ``import chatdialect`` and pytest load."""
    code = textwrap.dedent(
        """
        import sys, pytest, chatdialect
        before = set(sys.modules)
        import chatdialect.pytest_plugin
        print(sorted(set(sys.modules) - before))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    added = set(eval(out.stdout))
    assert added <= {"chatdialect.pytest_plugin", "difflib"}, added
