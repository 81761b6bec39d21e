"""One record of a command-line run: a request payload, or a vendor's batch line around one.

A batch line (:mod:`chatdialect._cli.envelopes`) has its request translated and is written in the
target dialect's envelope: the line is kept as it is (request replaced) when both dialects use the
same envelope, else a new line of the target's envelope is built around the same id. Every record
ends in one :class:`Outcome`: an output, or problems. Problems and changes name JSON Pointers and
never carry values from the payload.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from chatdialect._api import Policy, translated
from chatdialect._changes import Change, Translation
from chatdialect._cli.envelopes import Envelope, envelope_of, names_another_api, recognise
from chatdialect._errors import InvalidRequestError, UnsupportedFieldError
from chatdialect._pointer import escape

Problem = tuple[str | None, str]
"""``(pointer, message)``; the pointer is ``None`` when the problem is not at a place in the record."""

ErrorKind = Literal["invalid_json", "invalid_request", "unsupported", "too_long", "internal"]

CUSTOM_ID_MAX = 128
"""Longest ``custom_id`` shown in reports; longer or unprintable ids are left out."""


@dataclass(slots=True)
class Outcome:
    """What became of one record: its output, its changes, or (on failure) its problems."""

    output: Any = None
    """The translated record, or ``None`` when it failed or when nothing is written (validate)."""
    changes: tuple[Change, ...] = ()
    """The request's changes, pointers relative to the request (see :attr:`base`, :attr:`target_base`)."""
    line_changes: tuple[Change, ...] = ()
    """Changes of the batch line around the request (a key the target's envelope lacks), pointers
    into the line."""
    problems: list[Problem] = field(default_factory=list)
    """Why the record failed; pointers into the record as read (a batch line's start with its base)."""
    error: ErrorKind | None = None
    base: str = ""
    """Where the request is in the input record (``/body`` for an OpenAI batch line), ``""`` for a
    bare payload: the prefix of every change ``path``."""
    target_base: str = ""
    """Where the request is in the output record (``/params`` for an Anthropic batch line): the
    prefix of every change ``target_path``."""
    custom_id: str | None = None
    """The batch line's id, when it is safe to show."""
    warned: bool = False
    """A ``ChatDialectWarning`` was emitted, or the line lost a key (``--warn``)."""

    @property
    def ok(self) -> bool:
        """Whether the record was processed without a problem."""
        return self.error is None

    def fail(self, kind: ErrorKind, problems: Iterable[Problem]) -> Outcome:
        """Mark the record failed with ``problems`` (pointers into the record); returns itself."""
        self.error = kind
        self.problems.extend(problems)
        return self

    def located(self) -> Iterator[tuple[Change, str | None, str | None]]:
        """Every change with its pointers into the input and the output records: line changes first."""
        for change in self.line_changes:
            yield change, change.path, change.target_path
        base, target_base = self.base, self.target_base
        for change in self.changes:
            path, target = change.path, change.target_path
            yield (
                change,
                None if path is None else base + path,
                None if target is None else target_base + target,
            )


def failed(kind: ErrorKind, message: str) -> Outcome:
    """An outcome for a record that could not even be read (no pointer applies)."""
    return Outcome().fail(kind, [(None, message)])


class Translator:
    """Translates records from ``source`` to ``target``; ``validate`` is the same with source == target.

    A batch line must be in the source dialect's envelope (a line in another vendor's envelope is
    reported: its request is in that vendor's dialect, so reading it as ``source`` would be wrong)
    and is written in the target's. Its id is kept, and must be one the target's vendor accepts.
    """

    def __init__(
        self,
        source: str,
        target: str,
        *,
        policy: Policy = "drop",
        passthrough: Iterable[str] = (),
        keep_output: bool = True,
        options: Mapping[str, Any] | None = None,
        envelope: str | None = None,
    ) -> None:
        self.source = source
        self.target = target
        self.policy: Policy = policy
        self.passthrough = tuple(passthrough)
        self.keep_output = keep_output
        self.options: dict[str, Any] = dict(options or {})
        """More keywords for :func:`~chatdialect.translate` (``model_family``, ``limits``, ``model``, ...)."""
        self._fixed = _fixed_arguments(source, target, policy, self.passthrough, self.options)
        self.reads: Envelope | None = envelope_of(source, envelope)
        self.writes: Envelope | None = envelope_of(target, envelope)
        self.line = 0
        """The line number of the record being translated (set by the stream), the id of a line
        whose envelope has none (Vertex AI)."""

    def __call__(self, record: Any, proven: bool = False) -> Outcome:
        """Translate one record (a payload or a batch line); ``proven``: the record was read from text
        proven within the default limits' sizes (``_limits.proven_by_parse``), so no walk checks them."""
        envelope = recognise(record, self.reads)
        if envelope is None:
            outcome = Outcome()
            result = self._run(record, outcome, (), (), proven)
            if result is not None and self.keep_output:
                outcome.output = result.payload
            return outcome
        return self._line(record, envelope, proven)

    def _line(self, line: dict[str, Any], envelope: Envelope, proven: bool) -> Outcome:
        """Translate the request of a batch line and write it in the target's envelope."""
        line_id = line.get(envelope.id_key) if envelope.id_key is not None else str(self.line)
        outcome = Outcome(base=envelope.base, custom_id=_safe_id(line_id))
        if envelope is not self.reads:
            return outcome.fail("invalid_request", [("", self._foreign(envelope))])
        other = envelope.not_chat(line, self.source)
        if other is not None:
            return outcome.fail("invalid_request", [("/" + escape(str(envelope.endpoint_key)), other)])
        request = line.get(envelope.request_key)
        if not isinstance(request, dict):
            problem = f"should be the request object of {envelope.title}"
            return outcome.fail("invalid_request", [(envelope.base, problem)])
        writes = self.writes
        if writes is None:
            problem = f"chatdialect writes no batch lines of the {self.target} dialect"
            return outcome.fail("invalid_request", [("", problem)])
        outcome.target_base = writes.base
        problems: Sequence[Problem] = ()
        wrong_id = writes.ids.problem(line_id) if writes.id_key is not None else None
        if wrong_id is not None:
            where = "" if envelope.id_key is None else "/" + escape(envelope.id_key)
            problems = [(where, f"{wrong_id} (the id of {writes.title})")]
        lost: tuple[Change, ...] = ()
        if writes is not envelope:
            lost = tuple(
                Change("dropped", "/" + escape(key), None, f"The key is not part of {writes.title}.")
                for key in line
                if key not in envelope.keys or (key == envelope.id_key and writes.id_key is None)
            )
        result = self._run(request, outcome, problems, lost, proven)
        if result is not None and self.keep_output:
            url = writes.written[self.target].get("url")
            if writes is envelope and url is not None and names_another_api(line.get("url"), url):
                outcome.output = {**line, "url": url, envelope.request_key: result.payload}
                reason = f"The url names the API of the {self.target} dialect."
                outcome.line_changes = (*outcome.line_changes, Change("converted", "/url", "/url", reason))
            elif writes is envelope:
                outcome.output = {**line, envelope.request_key: result.payload}
            else:
                outcome.output = writes.build(self.target, line_id, result.payload)
        return outcome

    def _run(
        self,
        request: Any,
        outcome: Outcome,
        problems: Sequence[Problem],
        lost: tuple[Change, ...],
        proven: bool = False,
    ) -> Translation | None:
        """Translate ``request`` into ``outcome``: its changes, or its failure; the translation or ``None``.

        ``problems`` are the line's own (its id); ``lost`` the line's keys the output drops, which
        fail the line under ``--strict`` and warn under ``--warn``.
        """
        base = outcome.base
        try:
            result = self._translate(request, proven)
        except InvalidRequestError as error:
            outcome.fail("invalid_request", problems)
            outcome.fail("invalid_request", [(base + pointer, message) for pointer, message in error.errors])
            return None
        except UnsupportedFieldError as error:
            lossy = [*_would_lose(lost, ""), *_would_lose(error.changes, base)]
            outcome.fail("invalid_request" if problems else "unsupported", [*problems, *lossy])
            return None
        if problems:
            outcome.fail("invalid_request", problems)
            return None
        if lost and self.policy == "error":
            outcome.fail("unsupported", _would_lose(lost, ""))
            return None
        outcome.changes = result.changes
        outcome.line_changes = lost
        if self.policy == "warn":
            outcome.warned = bool(lost) or any(change.lossy for change in result.changes)
        return result

    def _translate(self, payload: Any, proven: bool = False) -> Translation:
        # "warn" is translated as "drop" and the record's lossy changes read off its own result:
        # translate() would warn exactly when there are some, and catching that warning needs the
        # process-global warnings filters, which threads running records at once would race on.
        fixed = self._fixed
        if fixed is not None:  # positional: the per-line call builds no keyword dict
            return translated(payload, proven, *fixed)
        return translated(
            payload,
            proven,
            source=self.source,
            target=self.target,
            on_unsupported="error" if self.policy == "error" else "drop",
            passthrough=self.passthrough,
            **self.options,
        )

    def _foreign(self, envelope: Envelope) -> str:
        """Why a line in another dialect's envelope is refused (naming the envelope expected)."""
        if self.reads is None:
            expected = f"chatdialect reads no batch lines of the {self.source} dialect"
        else:
            expected = f"a batch line of the {self.source} dialect is {self.reads.title} {self.reads.shape}"
        return f"is {envelope.title} {envelope.shape}; {expected}"


_PARAMETERS = tuple(inspect.signature(translated).parameters.values())[2:]
"""``translated``'s parameters after the payload and ``proven``."""


def _fixed_arguments(
    source: str, target: str, policy: Policy, passthrough: tuple[str, ...], options: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    """``translated``'s arguments after the payload and ``proven``, in its order, the same for every
    record of a run; ``None`` when ``options`` holds a keyword it does not take (the keyword call then
    reports it)."""
    given: dict[str, Any] = {
        **options,
        "source": source,
        "target": target,
        "on_unsupported": "error" if policy == "error" else "drop",
        "passthrough": passthrough,
    }
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if any(parameter.kind is not positional for parameter in _PARAMETERS) or not set(given) <= {
        parameter.name for parameter in _PARAMETERS
    }:
        return None
    return tuple(given.get(parameter.name, parameter.default) for parameter in _PARAMETERS)


def _would_lose(changes: Iterable[Change], base: str) -> list[Problem]:
    """Strict-mode problems: each lossy change at its input pointer under ``base``."""
    return [
        (None if change.path is None else base + change.path, f"would be {change.kind}: {change.reason}")
        for change in changes
        if change.lossy
    ]


def _safe_id(value: Any) -> str | None:
    """A line's id fit to print: a short, printable string; anything else is not shown."""
    if isinstance(value, str) and 0 < len(value) <= CUSTOM_ID_MAX and value.isprintable():
        return value
    return None
