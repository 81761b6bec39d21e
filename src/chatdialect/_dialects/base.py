"""What a dialect is: a table of the fields its request carries with their rules, the rules on the
request as a whole, its endpoint, and (for a request of another shape) its codec.

A dialect module builds one :class:`Dialect` from rows: :func:`carries` names carried fields, each
with its field rules (``_rules.fields``, ``_rules.containers``), and ``rules`` lists the request-wide rules
(``_rules.request``, ``_rules.messages``, ``_legacy``). The engine and every view iterate these rules;
nothing else holds a rule of any one vendor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from chatdialect._changes import Endpoint
from chatdialect._codec import Codec
from chatdialect._model import CANONICAL_FIELDS, OBJECT_KINDS
from chatdialect._rules.base import DialectRule, FieldRule
from chatdialect._rules.fields import PLAIN
from chatdialect._rules.models import ModelRules
from chatdialect._rules.request import ModelRequired

Rules = tuple[FieldRule, ...]


def carries(*names: str, **special: FieldRule | Rules) -> dict[str, Rules]:
    """The field table: plain carried fields by name, plus fields with rules (one or a tuple)."""
    table: dict[str, Rules] = dict.fromkeys(names, PLAIN)
    for name, rules in special.items():
        table[name] = rules if isinstance(rules, tuple) else (rules,)
    return table


@dataclass(frozen=True, slots=True)
class Dialect:
    """A provider dialect: the fields its request carries, its rules, where it is sent."""

    name: str
    """The registry name (``openai``, ``azure``, ...)."""
    title: str
    """A human name of the vendor API."""
    source: str
    """The vendor documentation the table follows."""
    fields: Mapping[str, Rules]
    """Carried fields beyond ``model`` and ``messages``, by canonical name, with their rules."""
    rules: tuple[DialectRule, ...] = ()
    """Rules on the request as a whole, applied in order (reading and writing)."""
    endpoint: str = "/v1/chat/completions"
    """The request path below the vendor's base URL; ``{model}`` is filled in."""
    stream_endpoint: str | None = None
    """The path of a streamed request, where the vendor streams at another path (``None``: the same)."""
    quote_model: bool = False
    """Percent-encode the model in the path (Bedrock: ``anthropic.claude-...-v1%3A0``)."""
    codec: Codec | None = None
    """The shape codec, for a request that is not OpenAI-shaped."""
    notes: tuple[str, ...] = ()
    """Anything else a user should know, one sentence each (shown in docs)."""

    wire_names: Mapping[str, str] = field(init=False, repr=False, compare=False)
    """Wire name -> canonical name of every carried field."""
    canonical_wire: Mapping[str, str] = field(init=False, repr=False, compare=False)
    """Canonical name -> wire name, for fields whose wire name differs."""
    reads: Mapping[str, DialectRule] = field(init=False, repr=False, compare=False)
    """Wire keys read by a request-wide rule (the legacy fields), with that rule."""
    checked: Mapping[str, Rules] = field(init=False, repr=False, compare=False)
    """Fields with a rule that checks or maps the source value, in table order."""
    checked_names: frozenset[str] = field(init=False, repr=False, compare=False)
    """:attr:`checked`'s fields, as a set (``checked_names.isdisjoint(request)``: no view made)."""
    checked_order: Mapping[str, int] = field(init=False, repr=False, compare=False)
    """Each of :attr:`checked`'s fields, with its place in the table."""
    defaults: Mapping[str, Any] = field(init=False, repr=False, compare=False)
    """Fields the vendor requires, with their documented default."""
    not_carried: frozenset[str] = field(init=False, repr=False, compare=False)
    """Canonical fields a translation to this dialect drops."""
    model_rules: ModelRules | None = field(init=False, repr=False, compare=False)
    """The model rules of the dialect (``ModelRules`` in ``rules``), applied before the field loop."""
    model_required: bool = field(init=False, repr=False, compare=False)
    """Whether a request must name its ``model``."""
    upgrades: tuple[DialectRule, ...] = field(init=False, repr=False, compare=False)
    """The request-wide rules that read (the legacy upgrades), in order."""
    unkeyed_upgrades: tuple[DialectRule, ...] = field(init=False, repr=False, compare=False)
    """Those of :attr:`upgrades` that read no wire key of their own (function-call history): all a
    request with none of the legacy keys needs."""
    checks: tuple[tuple[DialectRule, str | None, bool], ...] = field(init=False, repr=False, compare=False)
    """The request-wide rules that check a valid canonical request read in this dialect."""
    writes: tuple[tuple[DialectRule, str | None, bool], ...] = field(init=False, repr=False, compare=False)
    """The request-wide rules that adjust the output, in order, with the wire field each watches and
    whether it acts when that field is present (``None``: always called)."""
    writes_clean: tuple[tuple[DialectRule, str | None, bool], ...] = field(
        init=False, repr=False, compare=False
    )
    """:attr:`writes` for a request that passed the target's narrowed validator."""
    fields_clean: Mapping[str, Rules] = field(init=False, repr=False, compare=False)
    """:attr:`fields` for a request that passed the target's narrowed validator: the rules the
    narrowing covers left out (a row left with none is carried as it is)."""
    narrowing: frozenset[tuple[type, frozenset[str] | None]] = field(init=False, repr=False, compare=False)
    """What the rules narrow inside messages, by model class (for the target's validator)."""
    by_content: frozenset[str] = field(init=False, repr=False, compare=False)
    """Fields whose rules are all ``by_content``: their verdicts on remembered content are kept
    (``_verdicts``)."""
    _endpoints: dict[tuple[str | None, bool], Endpoint] = field(init=False, repr=False, compare=False)
    """:meth:`endpoint_for`'s answers, by model and stream (bounded: see there)."""

    def __post_init__(self) -> None:
        wire: dict[str, str] = {}
        renamed: dict[str, str] = {}
        for name, rules in self.fields.items():
            spelled = next((w for w in (rule.wire(name) for rule in rules) if w), name)
            wire[spelled] = name
            if spelled != name:
                renamed[name] = spelled
        found = {
            name: rules
            for name, rules in self.fields.items()
            if any(type(rule).read is not FieldRule.read for rule in rules)
        }
        defaults = {}
        for name, rules in self.fields.items():
            for rule in rules:
                required, value = rule.default()
                if required:
                    defaults[name] = value
        object.__setattr__(self, "wire_names", wire)
        object.__setattr__(self, "_endpoints", {})  # endpoint_for's, by (model, stream): immutable
        object.__setattr__(self, "canonical_wire", renamed)
        object.__setattr__(self, "reads", {key: rule for rule in self.rules for key in rule.reads})
        object.__setattr__(self, "checked", found)
        object.__setattr__(self, "checked_names", frozenset(found))
        object.__setattr__(self, "checked_order", {name: index for index, name in enumerate(found)})
        object.__setattr__(self, "defaults", defaults)
        carried = {"model", "messages", *self.fields}
        object.__setattr__(self, "not_carried", frozenset(CANONICAL_FIELDS) - carried)
        object.__setattr__(self, "model_required", any(isinstance(r, ModelRequired) for r in self.rules))
        found_rules = [rule for rule in self.rules if isinstance(rule, ModelRules)]
        object.__setattr__(self, "model_rules", found_rules[0] if found_rules else None)
        object.__setattr__(self, "upgrades", _overriding(self.rules, "read"))
        object.__setattr__(self, "unkeyed_upgrades", tuple(rule for rule in self.upgrades if not rule.reads))
        checks = self._watching(_overriding(self.rules, "check"), clean=False, wire=False)
        object.__setattr__(self, "checks", checks)
        writers = _overriding(self.rules, "write")
        object.__setattr__(self, "writes", self._watching(writers, clean=False))
        object.__setattr__(self, "writes_clean", self._watching(writers, clean=True))
        narrowed: dict[str, frozenset[str] | None] = {}
        statements = [rule.narrows() for rule in self.rules]
        statements += [rule.narrows() for rules in self.fields.values() for rule in rules]
        for statement in statements:
            for kind, keys in statement.items():
                narrowed[kind] = None if keys is None or narrowed.get(kind, ...) is None else keys
        classes = frozenset((OBJECT_KINDS[kind], keys) for kind, keys in narrowed.items())
        object.__setattr__(self, "narrowing", classes)
        clean: dict[str, Rules] = {}
        for name, rules in self.fields.items():
            kept = tuple(rule for rule in rules if not rule.covered_when_clean)
            clean[name] = rules if len(kept) == len(rules) else (kept or PLAIN)
        object.__setattr__(self, "fields_clean", clean)
        fields = self.fields.items()
        every = frozenset(name for name, rules in fields if all(rule.by_content for rule in rules))
        object.__setattr__(self, "by_content", every)

    def _watching(
        self, rules: tuple[DialectRule, ...], clean: bool, wire: bool = True
    ) -> tuple[tuple[DialectRule, str | None, bool], ...]:
        """Each rule with the field it watches (by its wire name, or canonical with ``wire=False``);
        rules that are never to be called are left out."""
        found: list[tuple[DialectRule, str | None, bool]] = []
        for rule in rules:
            watch = rule.watches_when_clean() if clean else rule.watches()
            if watch is None:
                found.append((rule, None, True))
            elif watch.field:
                name = self.wire_name(watch.field) if wire else watch.field
                found.append((rule, name, watch.present))
        return tuple(found)

    def wire_name(self, name: str) -> str:
        """The dialect's wire name of a canonical field."""
        return self.canonical_wire.get(name, name)

    def endpoint_for(self, model: str | None, stream: bool) -> Endpoint:
        """Where a request for ``model`` is sent (``{model}`` left as is when there is none)."""
        known = self._endpoints.get((model, stream))
        if known is not None:
            return known
        path = self.stream_endpoint if stream and self.stream_endpoint is not None else self.endpoint
        if model is not None and "{" in path:
            path = path.replace("{model}", quote(model, safe="") if self.quote_model else model)
        made = Endpoint("POST", path, model, stream)
        if type(model) is str or model is None:
            if len(self._endpoints) >= 4096:  # bounded: model ids are few, but a caller may send many
                self._endpoints.clear()
            self._endpoints[(model, stream)] = made
        return made


def _overriding(rules: tuple[DialectRule, ...], hook: str) -> tuple[DialectRule, ...]:
    """The rules whose class overrides ``hook`` (the others would do nothing there)."""
    return tuple(rule for rule in rules if getattr(type(rule), hook) is not getattr(DialectRule, hook))
