"""JSON text in and out, through a compiled codec, with the standard library's exact results.

``orjson`` parses and serialises about five and fifteen times faster than ``json``, but it is not the
same function everywhere: it reads integers past 64 bits as floats, refuses ``NaN``/``Infinity``,
lone surrogate escapes and a byte-order mark (which ``json`` reads), writes NaN as ``null`` (``json``
refuses it), and writes floats below 1e-4 and from 1e16 up in another form (``0.00001``, ``1e16``
where ``json`` writes ``1e-05``, ``1e+16``). So
each function here takes orjson's answer only where it is provably the standard library's, and
otherwise asks the standard library: the results are ``json.loads`` / ``json.dumps(...,
ensure_ascii=False, separators=(",", ":"), allow_nan=False)`` byte for byte, always.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
"""``bytes.translate`` table: every digit becomes ``0``, everything else a space."""

_LONG_DIGITS = b"0" * 19
"""Nineteen digits in a row (in the translated text): possibly an integer orjson reads as a float
(past -2**63 or 2**64 - 1)."""


def _number_shapes() -> bytes:
    table = bytearray(b" " * 256)
    for byte in b"0123456789":
        table[byte] = 0x30
    for byte in b":,[":
        table[byte] = ord(":")
    for byte in b"eE":
        table[byte] = ord("e")
    for byte in b"-+":
        table[byte] = ord("-")
    for byte in b".nul":
        table[byte] = byte
    return bytes(table)


_NUMBER_SHAPES = _number_shapes()
"""``bytes.translate`` table that keeps the shape of numbers and bare nulls: digits become ``0``,
``:``, ``,`` and ``[`` become ``:``, ``e``/``E`` become ``e``, ``+`` becomes ``-``; ``.``, ``n``,
``u``, ``l`` stay; everything else is a space."""

# What dumps() looks for in orjson's output so translated (b"0e0", b"0e-", b"0.0000", b":null", or
# b"null" at the start): what it may have written otherwise than ``json``: a float in
# another form (an exponent, or a number under 1e-4 written out) or null (orjson's NaN and infinity,
# which json refuses) as a value (compact output puts one after ":", "," or "[", or at the start).
# Text that merely looks so (a hex id such as 4e2a, ",null" in a string, a real null: translated
# payloads leave nulls out) is written again by json: slower, never different. These are substring
# searches in C; a regular expression over the output cost more than json.dumps itself.

_EXACT_TYPES = (
    orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
)
"""Values orjson would write and ``json`` refuses (or writes otherwise) go to ``json``, which decides."""

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_ENCODE_ASCII = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode


def loads(data: bytes) -> Any:
    """``json.loads(data)`` (UTF-8 bytes), quicker; ``None`` where orjson cannot answer exactly (an
    error, a long number, a byte-order mark): the caller then reads ``data`` the standard way and so
    gets its errors and its results."""
    if _LONG_DIGITS in data.translate(_DIGITS_AS_ZERO):
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None


def dumps(document: Any) -> bytes:
    """``document`` (plain JSON data: ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``,
    ``None``, as ``translate`` makes it) as compact UTF-8 JSON, byte for byte what
    ``json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()`` gives;
    a string with a lone surrogate (which UTF-8 cannot hold) is written with ``\\u`` escapes
    instead (``ensure_ascii=True``).

    ``ValueError`` for NaN or infinity, ``TypeError`` for a value that is not JSON, as ``json`` raises.
    """
    try:
        data = orjson.dumps(document, option=_EXACT_TYPES)
    except TypeError:  # (JSONEncodeError too) past 64 bits, a surrogate, a subclass, too deep: json decides
        pass
    else:
        shapes = data.translate(_NUMBER_SHAPES)
        if not (
            b"0e0" in shapes
            or b"0e-" in shapes
            or b"0.0000" in shapes
            or b":null" in shapes
            or shapes.startswith(b"null")
        ):
            return data
    try:
        return _ENCODE(document).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \\ud800 escape: keep it escaped
        return _ENCODE_ASCII(document).encode("ascii")
