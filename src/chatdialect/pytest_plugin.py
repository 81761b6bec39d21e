"""pytest plugin: the ``dialect_snapshot`` fixture, snapshot tests of translated payloads (needs syrupy).

Installed with chatdialect and registered through the ``pytest11`` entry point, so after
``pip install chatdialect syrupy`` any test can ask for the fixture::

    def test_my_request(dialect_snapshot):
        dialect_snapshot(payload, source="openai", targets=["azure", "watsonx"])

Each target dialect is one snapshot file, ``__snapshots__/<test module>/<test>[<target>].json``: the
translated ``payload`` and every ``change`` as pretty-printed JSON (sorted keys, 2-space indent), so a
changed rule or vendor payload shows as a line diff. ``pytest --snapshot-update`` writes or updates them.

Nothing here is imported at pytest start-up beyond this module and ``pytest``; chatdialect's engine and
syrupy are imported when a test first uses the fixture. Without syrupy the fixture fails with a message
saying how to install it; other tests are not affected.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from syrupy.assertion import SnapshotAssertion
    from syrupy.extensions.json import JSONSnapshotExtension

    from chatdialect._api import Policy
    from chatdialect._changes import Translation
    from chatdialect._model import ChatRequest

__all__ = ["DialectSnapshot", "dialect_snapshot", "snapshot_document", "snapshot_extension"]

_NO_SYRUPY = (
    "the dialect_snapshot fixture needs syrupy, which is not installed: "
    "pip install syrupy"
)


def snapshot_document(translation: Translation) -> dict[str, Any]:
    """What a snapshot file holds for one translation: dialects, payload and changes (JSON-ready)."""
    return {
        "source": translation.source,
        "target": translation.target,
        "payload": translation.payload,
        "changes": [change.as_dict() for change in translation.changes],
    }


def dumps(document: Any) -> str:
    """The stable text of a snapshot: sorted keys, 2-space indent, UTF-8 as is, a final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@functools.lru_cache(maxsize=1)
def snapshot_extension() -> type[JSONSnapshotExtension]:
    """The syrupy extension class: one ``.json`` file per snapshot, written by :func:`dumps`.

    Built on first use so that syrupy is imported only by tests that snapshot.
    """
    from syrupy.extensions.json import JSONSnapshotExtension

    class DialectJSONExtension(JSONSnapshotExtension):
        """Single-file JSON snapshots with sorted keys and a 2-space indent."""

        def serialize(self, data: Any, **options: Any) -> str:
            return data if isinstance(data, str) else dumps(data)

    return DialectJSONExtension


class DialectSnapshot:
    """Translates a request into dialects and compares each result with its snapshot file.

    Call it once per request in a test; give ``name`` to tell several requests in one test apart.
    """

    def __init__(self, snapshot: SnapshotAssertion) -> None:
        self._snapshot = snapshot.use_extension(snapshot_extension())
        self._seen: set[str] = set()

    def __call__(
        self,
        request: Mapping[str, Any] | ChatRequest,
        *,
        source: str | None = None,
        targets: str | Iterable[str] | None = None,
        name: str | None = None,
        on_unsupported: Policy = "drop",
        passthrough: Iterable[str] = (),
    ) -> dict[str, Translation]:
        """Snapshot ``request`` rendered into each of ``targets`` (default: every dialect).

        ``request`` is a wire payload in the ``source`` dialect, or a ``ChatRequest`` (then ``source``
        is not needed). Returns the translations by target. Fails the test, with a line diff for
        each target whose payload or changes differ from the stored snapshot.
        """
        __tracebackhide__ = True
        from chatdialect._api import dialect_names, render, translate
        from chatdialect._model import ChatRequest

        if targets is None:
            names: tuple[str, ...] = dialect_names()
        elif isinstance(targets, str):
            names = (targets,)
        else:
            names = tuple(targets)
        if not names:
            raise ValueError("dialect_snapshot: targets is empty; name at least one dialect")
        translations: dict[str, Translation] = {}
        for target in names:
            if isinstance(request, ChatRequest):
                translations[target] = render(
                    request, dialect=target, on_unsupported=on_unsupported, passthrough=passthrough
                )
            elif source is None:
                raise TypeError(
                    "dialect_snapshot: a payload needs source='<dialect>' (or pass a ChatRequest)"
                )
            else:
                translations[target] = translate(
                    request,
                    source=source,
                    target=target,
                    on_unsupported=on_unsupported,
                    passthrough=passthrough,
                )
        failures: list[str] = []
        for target, translation in translations.items():
            index = f"{name}-{target}" if name else target
            if index in self._seen:
                raise ValueError(
                    f"dialect_snapshot: snapshot {index!r} is already taken in this test; "
                    "pass name='...' to tell the requests apart"
                )
            self._seen.add(index)
            text = dumps(snapshot_document(translation))
            if self._snapshot(name=index) != text:
                failures.append(self._explain(index, text))
        if failures:
            raise AssertionError(
                f"dialect_snapshot: {len(failures)} of {len(translations)} snapshots do not match the "
                "stored files (run pytest --snapshot-update to accept the new ones)\n\n" + "\n".join(failures)
            )
        return translations

    def _explain(self, index: str, text: str) -> str:
        """A unified diff from the stored snapshot file to the received text."""
        location = Path(
            self._snapshot.extension.get_location(test_location=self._snapshot.test_location, index=index)
        )
        try:
            shown: Path | str = location.relative_to(Path.cwd())
        except ValueError:
            shown = location
        try:
            stored = location.read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"{shown}: no such snapshot yet\n"
        diff = difflib.unified_diff(
            stored.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{shown} (stored)",
            tofile=f"{shown} (received)",
        )
        return "".join(diff)


@pytest.fixture
def dialect_snapshot(request: pytest.FixtureRequest) -> DialectSnapshot:
    """Snapshot a request's translation into one or more dialects (payload and changes, JSON files)."""
    try:
        import syrupy  # noqa: F401
    except ImportError:
        missing = _NO_SYRUPY
    else:
        try:
            snapshot = request.getfixturevalue("snapshot")
        except LookupError:  # pytest.FixtureLookupError
            missing = (
                "the dialect_snapshot fixture needs syrupy's snapshot fixture, which is not available "
                "(is the syrupy plugin disabled with -p no:syrupy?)"
            )
        else:
            return DialectSnapshot(snapshot)
    pytest.fail(missing, pytrace=False)
