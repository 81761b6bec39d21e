"""The record of a translation: what changed (``Change``) and the result (``Translation``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ChangeKind = Literal["renamed", "converted", "dropped", "clamped"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("renamed", "converted", "dropped", "clamped")
LOSSY_KINDS = frozenset({"dropped", "clamped"})


@dataclass(frozen=True, slots=True)
class Change:
    """One field that did not arrive in the output as it was in the input.

    ``path`` points into the caller's payload, ``target_path`` into the output (``None`` when the
    field is gone). ``reason`` is one sentence; it names fields and never echoes values.
    """

    kind: ChangeKind
    path: str
    target_path: str | None
    reason: str

    @property
    def lossy(self) -> bool:
        """True for changes that lose information: ``dropped`` and ``clamped``."""
        return self.kind in LOSSY_KINDS

    def as_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {
            "kind": self.kind,
            "path": self.path,
            "target_path": self.target_path,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Translation:
    """A translated payload (a new JSON-ready dict) and every change made on the way."""

    payload: dict[str, Any]
    changes: tuple[Change, ...]
    source: str
    target: str

    def lossy_changes(self) -> tuple[Change, ...]:
        """The changes that lost information (``dropped`` and ``clamped``)."""
        return tuple(change for change in self.changes if change.lossy)
