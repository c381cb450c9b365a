"""Canonical JSON for ledger leaves: RFC 8785 (JCS) for the values leaves hold.

Keys sorted by their UTF-16 code units, no insignificant white space, strings escaped as JCS says (only ``"``,
``\\``, and control characters; everything else as UTF-8), integers in decimal. Leaves hold no floating-point
numbers (coordinates and counts are not hashed as floats), so a float is refused rather than risk a second,
differently rounded encoding of the same leaf.
"""

from __future__ import annotations

from typing import Any

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Integers beyond 2^53 are not safe in JavaScript, so JCS serialises them like IEEE doubles would: refuse them.
MAX_SAFE_INTEGER = 2**53 - 1


def _string(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"integer {value} is beyond what canonical JSON carries exactly")
        out.append(str(value))
    elif isinstance(value, float):
        raise TypeError("ledger leaves hold no floating-point numbers")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        for i, key in enumerate(keys):
            if not isinstance(key, str):
                raise TypeError("object keys must be strings")
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _encode(value[key], out)
        out.append("}")
    else:
        raise TypeError(f"cannot put {type(value).__name__} in a ledger leaf")


def dumps(value: Any) -> str:
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def dumpb(value: Any) -> bytes:
    return dumps(value).encode("utf-8")
