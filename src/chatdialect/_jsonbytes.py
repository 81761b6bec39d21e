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
import re
from typing import Any

import orjson

_LONG_DIGITS = re.compile(rb"\d{19}")
"""Nineteen digits in a row: possibly an integer orjson reads as a float (past -2**63 or 2**64 - 1)."""

_MAYBE_OTHER = re.compile(rb"(?:^|[:,\[])-?(?:\d+(?:\.\d+)?e|0\.0000|null)")
"""What orjson may have written otherwise than ``json``: a float in another form (an exponent, or a
number under 1e-4 written out), or ``null`` (orjson's NaN and infinity, which ``json`` refuses), each
as a bare value (compact output puts one only at the start or after ``:``, ``,`` or ``[``; inside a
string such as ``"null"`` it follows a quote). A string holding ``,1e5`` or ``:null``, or a real null
(translated payloads leave nulls out), is written again by ``json`` (rarely)."""

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
    if _LONG_DIGITS.search(data) is not None:
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
        if _MAYBE_OTHER.search(data) is None:
            return data
    try:
        return _ENCODE(document).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \\ud800 escape: keep it escaped
        return _ENCODE_ASCII(document).encode("ascii")
