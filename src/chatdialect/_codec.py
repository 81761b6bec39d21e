"""Shape codecs: between a dialect's wire structure and the canonical (OpenAI-shaped) request.

A dialect whose request has the OpenAI shape needs no codec: its rule table alone reads and writes it.
A dialect of another shape (``anthropic``; SPEC section 8) adds a codec, and the engine runs:

    read:  wire payload --codec.decode--> canonical-shaped dict --rules read--> canonical request
    write: canonical request --rules write--> dict --codec.encode--> wire payload

The contract every codec keeps:

``decode(payload, trace)``
    ``payload`` is the caller's (never mutated; sub-objects may be shared into the result, which the
    validator copies). Returns a new top-level dict: the wire keys the codec handles are replaced by
    their canonical form (``system`` -> leading system messages, blocks -> parts, ...); every other
    key is left as it is, for the dialect's rule table to read (renames, ranges, unknown fields).
    Every structural step is recorded with ``trace.on_read(Change(kind, wire_pointer,
    canonical_pointer, reason))``; every canonical subtree whose pointer differs from its wire
    pointer gets ``trace.origin(canonical_pointer, wire_pointer)``, so that validation errors point
    into the caller's payload. Shape problems found on the way: ``trace.problem(wire_pointer,
    message)``. A value invented while reading (a name the canonical form requires) is recorded
    ``defaulted`` with ``path=None``.

``resolve(canonical, trace)``
    Called once the whole request is read (after ``model=`` / ``stream=`` were taken), before the
    source's field rules check it: the steps that need another field, such as the model (Bedrock's
    model-family fields in ``additionalModelRequestFields``). ``canonical`` is the gathered dict (its
    values may be the caller's objects: replace them, never change them). The default does nothing.

``encode(data, trace)``
    ``data`` is a valid canonical request after the rule table's write step (rule-managed top-level
    fields already under the target's wire names), owned by the codec (it may be changed and reused).
    Returns the wire payload. Every structural step is recorded with ``trace.on_write(Change(kind,
    canonical_pointer, wire_pointer, reason))``. What cannot be written without inventing content is
    an ``InvalidRequestError`` whose pointers are ``trace.to_input(canonical_pointer)``.

``schema(schema, defs)``
    The codec's part of ``chatdialect schema`` (``_schema_export``), called after the field rules and
    before the request-wide rules: ``schema`` is the dialect's JSON Schema, its ``properties`` the
    carried fields under their wire names as the field rules narrowed them, and ``defs`` the
    definitions it may refer to. The codec replaces, in place, the properties of the canonical
    fields it ``writes`` by the wire properties it ``handles``, stated in the vendor's shape (its
    own definitions go into ``defs`` under names of their own: ``Anthropic...``); a property a field
    rule narrowed may be reused where its value goes on the wire (``reasoning_effort``'s values as
    Anthropic's ``output_config.effort``). A payload valid under the result is one ``decode``
    reads without problems and ``encode`` writes back without a ``dropped`` change, as far as JSON
    Schema can say.

Changes name fields, never values. Every key of an object the codec reads or writes is either mapped
or recorded as ``dropped`` at its own pointer (conservation one level down, SPEC section 6).
"""

from __future__ import annotations

from typing import Any

from chatdialect._changes import Trace

Schema = dict[str, Any]


class Codec:
    """Base class of shape codecs (see the module docstring for the contract)."""

    handles: tuple[str, ...] = ()
    """The wire keys ``decode`` replaces (shown in the docs; the properties ``schema`` states)."""
    writes: tuple[str, ...] = ()
    """The canonical fields ``encode`` reshapes (the matrix shows them as ``converted``; ``schema``
    replaces their properties)."""
    aliases: tuple[str, ...] = ()
    """Other spellings of the wire keys that ``decode`` reads (Gemini's snake_case ones), which
    ``schema`` states too."""
    notes: tuple[str, ...] = ()
    """One sentence per structural rule, for the docs and the matrix footer."""

    def decode(self, payload: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """Wire payload -> canonical-shaped dict (see the module docstring)."""
        raise NotImplementedError

    def resolve(self, canonical: dict[str, Any], trace: Trace) -> None:
        """Steps that need the whole request read, the model included (see the module docstring)."""

    def encode(self, data: dict[str, Any], trace: Trace) -> dict[str, Any]:
        """Canonical data after the rule table's write -> wire payload (see the module docstring)."""
        raise NotImplementedError

    def schema(self, schema: Schema, defs: Schema) -> None:
        """State the wire shape in the dialect's JSON Schema, in place (see the module docstring)."""
        raise NotImplementedError
