"""The command line's arguments: the argparse parser of every command, and its value checks.

A usage error (bad flag, unknown dialect) is one line and a :class:`UsageError`, never argparse's
own ``sys.exit``; dialect names are checked against the registry when the command line is read,
so a newly registered dialect is accepted without a change here.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from chatdialect._api import dialect_names
from chatdialect._errors import UnknownDialectError


class UsageError(Exception):
    """The command line itself is wrong (bad flag, unknown dialect, unreadable file): exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and an exception main() turns into exit status 2).

    Abbreviated long options are off, so that adding an option never breaks a script.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """As argparse, but arguments no command knows are reported by the command given
        (``chatdialect convert: error: unrecognized arguments: ...``), like its other errors."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            prog = f"{self.prog} {command}" if command else self.prog
            unknown = " ".join(extras)
            raise UsageError(f"{prog}: error: unrecognized arguments: {unknown} (see '{prog} --help')")
        return parsed


def build_parser(version: str) -> argparse.ArgumentParser:
    """The argument parser of every command; ``args.command`` names the command given (or is None)."""
    parser = _Parser(
        prog="chatdialect",
        description="Translate chat-completion request payloads between provider dialects.",
        epilog="Exit status: 0 success, 1 bad input or strict failure, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"chatdialect {version}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks of internal errors")
    names = ", ".join(dialect_names())

    convert = commands.add_parser(
        "convert", parents=[common], help="translate a payload or a JSON Lines / batch file",
        description="Translate a request payload (or JSON Lines: one request or vendor batch line "
        "each) from one dialect to another; batch lines are written in the target's batch format. "
        "Output goes to stdout, changes and errors to stderr.",
    )
    convert.add_argument("--from", dest="source", required=True, type=_dialect, metavar="SRC",
                         help=f"the dialect of the input: {names}")
    convert.add_argument("--to", dest="target", required=True, type=_dialect, metavar="DST",
                         help=f"the dialect to write: {names}")
    _add_input(convert)
    convert.add_argument("--format", choices=("json", "jsonl", "parquet"), default=None,
                         help="the input's format (default: from the file name: .jsonl/.ndjson JSON Lines, "
                         ".parquet Parquet, else one JSON document); Parquet needs pyarrow and -o FILE")
    convert.add_argument("--column", default="request", metavar="NAME",
                         help="the Parquet column of JSON text to translate (default: request)")
    convert.add_argument("-o", "--output", metavar="FILE", help="write the output here instead of stdout")
    convert.add_argument("--report", choices=("text", "json", "none"), default="text",
                         help="how changes are reported on stderr (default: text)")
    policy = convert.add_mutually_exclusive_group()
    policy.add_argument("--strict", action="store_true",
                        help="fail instead of dropping or clamping anything (on_unsupported=error)")
    policy.add_argument("--warn", action="store_true",
                        help="also warn about every record that lost or clamped something")
    _add_passthrough(convert)
    _add_model_flags(convert)
    layout = convert.add_mutually_exclusive_group()
    layout.add_argument("--compact", action="store_true", help="write a single payload on one line")
    layout.add_argument("--indent", type=_indent, metavar="N",
                        help="indent a single payload by N spaces (default: 2)")
    _add_run_flags(convert)

    validate = commands.add_parser(
        "validate", parents=[common], help="check payloads against a dialect's rules",
        description="Check a payload (or JSON Lines) against a dialect's rules: it is valid when "
        "translating it to the same dialect in strict mode loses nothing. Problems go to stdout.",
    )
    validate.add_argument("--dialect", required=True, type=_dialect, metavar="D",
                          help=f"the dialect to check against: {names}")
    _add_input(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="problem lines as text or JSON Lines (default: text)")
    _add_passthrough(validate)
    _add_model_flags(validate)
    _add_run_flags(validate)

    dialects = commands.add_parser(
        "dialects", parents=[common], help="show the field x dialect capability matrix",
        description="The capability matrix, generated from the dialect tables.",
    )
    dialects.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                          help="a text table, a Markdown table or JSON (default: text)")

    schema = commands.add_parser(
        "schema", parents=[common], help="print the JSON Schema of a dialect's request",
        description="The JSON Schema (Draft 2020-12) of a dialect's request as chatdialect reads it.",
    )
    schema.add_argument("--dialect", required=True, type=_dialect, metavar="D",
                        help=f"the dialect whose request is described: {names}")
    schema.add_argument("--compact", action="store_true", help="on one line")

    models = commands.add_parser(
        "models", parents=[common], help="show the model table with sources and dates",
        description="The model table (chatdialect.models.DEFAULT): each family, what it rejects or "
        "takes only at one value, its reasoning_effort values, roles, and each fact's source and "
        "the date it was checked.",
    )
    models.add_argument("--format", choices=("text", "json"), default="text",
                        help="a text table or JSON (default: text)")
    return parser


def _add_input(parser: argparse.ArgumentParser) -> None:
    """FILE (or stdin) and ``--jsonl``."""
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="input file, or - for stdin (default)")
    parser.add_argument("--jsonl", action="store_true",
                        help="read JSON Lines (implied by a .jsonl or .ndjson file)")


def _add_passthrough(parser: argparse.ArgumentParser) -> None:
    """``--passthrough FIELD``, repeatable."""
    parser.add_argument("--passthrough", action="append", metavar="FIELD", default=None,
                        help="copy this unknown top-level field unchanged (repeatable)")


def _add_model_flags(parser: argparse.ArgumentParser) -> None:
    """``--model-family``: the model table's family, for a deployment named otherwise; ``--model``
    and ``--envelope``: the model of a request (or batch) whose body has none, and the batch format."""
    parser.add_argument("--model-family", metavar="NAME", default=None,
                        help="apply this model family's rules (see 'chatdialect models')")
    parser.add_argument("--api-version", metavar="V", default=None, type=_api_version,
                        help="the Azure API version of an azure side (FROM:TO for two versions)")
    parser.add_argument("--model", metavar="ID", default=None,
                        help="the model, where the body has none (gemini: the batch's model)")
    parser.add_argument("--envelope", choices=("vertex",), default=None,
                        help="batch lines in this format: vertex = Vertex AI {request} lines (gemini)")


def _add_run_flags(parser: argparse.ArgumentParser) -> None:
    """Flags of a JSON Lines run: ``--fail-fast`` and ``--quiet``."""
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first bad JSON Lines line")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary line")


def _dialect(text: str) -> str:
    """A registered dialect name (any case); an unknown one is a usage error listing the known."""
    name = text.strip().lower()
    known = dialect_names()
    if name not in known:
        raise argparse.ArgumentTypeError(str(UnknownDialectError(text, known)))
    return name


def _api_version(text: str) -> str | tuple[str | None, str | None]:
    """An Azure API version, or ``FROM:TO`` (either side may be empty: the seed shape)."""
    from chatdialect._dialects.azure_versions import VERSIONS

    sides = text.split(":") if ":" in text else [text]
    if len(sides) > 2 or not all(side in VERSIONS or (side == "" and len(sides) == 2) for side in sides):
        raise argparse.ArgumentTypeError(f"must be one of the Azure API versions: {', '.join(VERSIONS)}")
    if len(sides) == 1:
        return text
    return (sides[0] or None, sides[1] or None)


def _indent(text: str) -> int:
    """An indent of 0 to 16 spaces."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number of spaces") from None
    if not 0 <= value <= 16:
        raise argparse.ArgumentTypeError("must be between 0 and 16")
    return value
