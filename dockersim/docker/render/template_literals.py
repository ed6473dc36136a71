"""Literals in templates: Go's ``strconv.Unquote``/``UnquoteChar`` and number constants.

Facts from Go's ``strconv/quote.go``, ``strconv/atoi.go`` and ``text/template/parse/node.go``
``newNumber``: a bad escape is ``invalid syntax``; ``'ab'`` is ``malformed character constant:
'ab'``; an integer too big for uint64 is ``integer overflow: "…"``; anything else that is no
number is ``illegal number syntax: "…"``. ``017`` is octal, ``1_000`` is 1000.
"""

from __future__ import annotations

import math

from dockersim.docker.render.gofmt import go_quote
from dockersim.docker.render.template_nodes import NumberNode

_SIMPLE = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_HEX = "0123456789abcdefABCDEF"


def unquote_char(s: str, quote: str) -> tuple[int, bool, str]:
    """``strconv.UnquoteChar``: (value, is a whole rune, rest); ValueError when invalid."""
    if not s:
        raise ValueError("invalid syntax")
    c = s[0]
    if c == quote and quote in "'\"":
        raise ValueError("invalid syntax")
    if c != "\\":
        return ord(c), ord(c) >= 0x80, s[1:]
    if len(s) <= 1:
        raise ValueError("invalid syntax")
    c, s = s[1], s[2:]
    if c in _SIMPLE:
        return _SIMPLE[c], False, s
    if c in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[c]
        if len(s) < n or any(h not in _HEX for h in s[:n]):
            raise ValueError("invalid syntax")
        v = int(s[:n], 16)
        if c != "x" and (v > 0x10FFFF or 0xD800 <= v <= 0xDFFF):
            raise ValueError("invalid syntax")
        return v, c != "x", s[n:]
    if "0" <= c <= "7":
        if len(s) < 2 or any(not "0" <= d <= "7" for d in s[:2]):
            raise ValueError("invalid syntax")
        v = int(c + s[:2], 8)
        if v > 255:
            raise ValueError("invalid syntax")
        return v, False, s[2:]
    if c in "'\"" and c == quote:
        return ord(c), False, s
    raise ValueError("invalid syntax")


def unquote(s: str) -> str:
    """``strconv.Unquote`` of a ``"..."`` or ````...```` literal; ValueError when invalid."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in '"`':
        raise ValueError("invalid syntax")
    body = s[1:-1]
    if s[0] == "`":
        if "`" in body:
            raise ValueError("invalid syntax")
        return body.replace("\r", "")
    if "\n" in body:
        raise ValueError("invalid syntax")
    if "\\" not in body and '"' not in body:
        return body
    out = bytearray()
    while body:
        v, whole, body = unquote_char(body, '"')
        if v < 0x80 or not whole:
            out.append(v)
        else:
            out.extend(chr(v).encode("utf-8", "surrogatepass"))
    return out.decode("utf-8", "replace")


def _underscore_ok(s: str) -> bool:
    saw, i = "^", 0
    if s[:1] in ("-", "+"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i, saw, hexa = 2, "0", s[1].lower() == "x"
    for c in s[i:]:
        if "0" <= c <= "9" or (hexa and "a" <= c.lower() <= "f"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


_BASES = {"x": (16, _HEX), "o": (8, "01234567"), "b": (2, "01")}


def parse_int(s: str, signed: bool) -> int | None:
    """``strconv.ParseInt(s, 0, 64)`` (or ``ParseUint``); None when it fails."""
    if "_" in s and not _underscore_ok(s):
        return None
    neg = False
    if signed and s[:1] in ("+", "-"):
        neg, s = s[0] == "-", s[1:]
    t = s.replace("_", "")
    base, digits = 10, "0123456789"
    if len(t) > 1 and t[0] == "0":
        if t[1].lower() in _BASES:
            (base, digits), t = _BASES[t[1].lower()], t[2:]
        else:
            base, digits, t = 8, "01234567", t[1:]
    if not t or any(c not in digits for c in t):
        return None
    v = -int(t, base) if neg else int(t, base)
    if signed:
        return v if -(1 << 63) <= v < (1 << 63) else None
    return v if v < (1 << 64) else None


_DEC_FLOAT = r"[+-]?(?=\.?[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?\Z"
_HEX_FLOAT = r"[+-]?0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?[pP][+-]?[0-9_]+\Z"


def parse_float(s: str) -> float | None:
    """``strconv.ParseFloat(s, 64)``; None when it fails (out of range included)."""
    import re

    if "_" in s and not _underscore_ok(s):
        return None
    try:
        if re.match(_DEC_FLOAT, s):
            f = float(s.replace("_", ""))
        elif re.match(_HEX_FLOAT, s):
            f = float.fromhex(s.replace("_", ""))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return None if math.isinf(f) else f


def _set_from_float(n: NumberNode, f: float) -> None:
    n.is_float, n.float_val = True, f
    if not n.is_int and f == int(f) and -(2.0**63) <= f < 2.0**63:
        n.is_int, n.int_val = True, int(f)
    if not n.is_uint and f == int(f) and 0 <= f < 2.0**64:
        n.is_uint = True


def new_number(pos: int, text: str, is_char: bool, is_complex: bool) -> NumberNode:
    """``newNumber``: a number node holding every Go type the constant fits; ValueError."""
    n = NumberNode(pos, text)
    if is_char:
        rune, _, tail = unquote_char(text[1:], text[0])
        if tail != "'":
            raise ValueError(f"malformed character constant: {text}")
        n.is_int = n.is_uint = n.is_float = True
        n.int_val, n.float_val = rune, float(rune)
        return n
    if is_complex or text.endswith("i"):
        if is_complex:
            c = complex(text.replace("_", "").replace("i", "j"))
        else:
            f = parse_float(text[:-1])
            if f is None:
                raise ValueError(f"illegal number syntax: {go_quote(text)}")
            c = complex(0, f)
        n.is_complex, n.complex_val = True, c
        if c.imag == 0:
            _set_from_float(n, c.real)
        return n
    u = parse_int(text, signed=False)
    i = parse_int(text, signed=True)
    if u is not None:
        n.is_uint = True
    if i is not None:
        n.is_int, n.int_val = True, i
        n.is_uint = n.is_uint or i == 0
    if n.is_int or n.is_uint:
        n.is_float = True
        n.float_val = float(i if i is not None else u or 0)
        return n
    f = parse_float(text)
    if f is not None:
        if not any(c in text for c in ".eEpP"):
            raise ValueError(f"integer overflow: {go_quote(text)}")
        _set_from_float(n, f)
        return n
    raise ValueError(f"illegal number syntax: {go_quote(text)}")
