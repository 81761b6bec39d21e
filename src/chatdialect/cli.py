"""The ``chatdialect`` command line (placeholder until the CLI lands)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    raise SystemExit("chatdialect: the command line is not built yet")
