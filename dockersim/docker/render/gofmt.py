"""Go's ``fmt`` formatting of single values (``%v``, ``%d``, ``%q`` ...) and ``strconv`` quoting.

Facts from Go's ``fmt/print.go``, ``fmt/format.go`` and ``strconv/{quote,ftoa}.go`` (Go 1.25):
slices print ``[a b]``, maps ``map[k:v]`` with sorted keys, structs ``{v1 v2}`` (``%+v``:
``{Name:v1}``), nil ``<nil>``; a wrong verb prints ``%!d(string=x)``; floats use the shortest
representation with an exponent when it is below -4 or at least 6 (``1e+06``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dockersim.docker.render.govalues import (
    MISSING,
    NIL_MAP,
    NIL_SLICE,
    GoDuration,
    GoNil,
    GoStruct,
    type_name,
)

FAKE_ADDRESS = "0xc000010000"  # nested non-nil pointers print an address in Go


class Spec:
    """The flags, width and precision of one ``%`` verb."""

    __slots__ = ("minus", "plus", "plus_v", "prec", "sharp", "sharp_v", "space", "width", "zero")

    def __init__(self) -> None:
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.width: int | None = None
        self.prec: int | None = None


PLAIN = Spec()


def _is_print(c: str) -> bool:
    return c == " " or (c.isprintable() and c != "\u00a0")


_ESCAPES = {7: r"\a", 8: r"\b", 12: r"\f", 10: r"\n", 13: r"\r", 9: r"\t", 11: r"\v"}


def _escape_rune(c: str, quote: str, ascii_only: bool) -> str:
    if c == quote or c == "\\":
        return "\\" + c
    r = ord(c)
    if (r < 0x80 or not ascii_only) and _is_print(c) and not 0xD800 <= r <= 0xDFFF:
        return c
    if r in _ESCAPES:
        return _ESCAPES[r]
    if r < 0x20 or r == 0x7F:
        return f"\\x{r:02x}"
    if 0xD800 <= r <= 0xDFFF:
        return "\\ufffd"
    return f"\\u{r:04x}" if r < 0x10000 else f"\\U{r:08x}"


def go_quote(s: str, ascii_only: bool = False) -> str:
    """``strconv.Quote`` (or ``QuoteToASCII``): a double-quoted Go string literal."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return f'"{s}"'
    return '"' + "".join(_escape_rune(c, '"', ascii_only) for c in s) + '"'


def go_quote_rune(r: int, ascii_only: bool = False) -> str:
    """``strconv.QuoteRune``: a single-quoted Go character literal."""
    if r < 0 or r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        r = 0xFFFD
    return "'" + _escape_rune(chr(r), "'", ascii_only) + "'"


def utf8_len(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))


# ---- floats (strconv.FormatFloat) -------------------------------------------------------


def shortest_digits(f: float) -> tuple[str, int]:
    """The shortest decimal digits of ``abs(f)`` and the decimal point position."""
    if f == 0:
        return "0", 1
    text = repr(abs(f))
    mant, _, exp = text.partition("e")
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0")
    dp = len(whole) + int(exp or 0) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    return digits.rstrip("0") or "0", dp


def _exp_form(neg: bool, digits: str, dp: int, e: str) -> str:
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    x = dp - 1 if digits != "0" else 0
    return ("-" if neg else "") + f"{mant}{e}{'-' if x < 0 else '+'}{abs(x):02d}"


def _fixed_form(neg: bool, digits: str, dp: int) -> str:
    if digits == "0":
        body = "0"
    elif dp <= 0:
        body = "0." + "0" * -dp + digits
    elif dp >= len(digits):
        body = digits + "0" * (dp - len(digits))
    else:
        body = digits[:dp] + "." + digits[dp:]
    return ("-" if neg else "") + body


def format_float(f: float, fmt: str, prec: int | None = None) -> str:
    """``strconv.FormatFloat(f, fmt, prec, 64)``; ``prec=None`` means -1 (shortest)."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    if fmt in "xX":
        return _hex_float(f, fmt)
    if prec is not None:
        return format(f, f".{prec}{fmt}")
    digits, dp = shortest_digits(f)
    if fmt in "eE":
        return _exp_form(neg, digits, dp, fmt)
    if fmt in "fF":
        return _fixed_form(neg, digits, dp)
    x = dp - 1
    if digits != "0" and (x < -4 or x >= 6):
        return _exp_form(neg, digits, dp, "e" if fmt == "g" else "E")
    return _fixed_form(neg, digits, dp)


def _hex_float(f: float, fmt: str) -> str:
    text = float.hex(f)
    neg = text.startswith("-")
    mant, _, exp = text.lstrip("-").partition("p")
    whole, _, frac = mant[2:].partition(".")
    frac = frac.rstrip("0")
    e = int(exp)
    body = f"0x{whole}{'.' + frac if frac else ''}p{'-' if e < 0 else '+'}{abs(e):02d}"
    if fmt == "X":
        body = body.upper()
    return ("-" if neg else "") + body


# ---- single values ----------------------------------------------------------------------


def pad(s: str, spec: Spec) -> str:
    w = spec.width
    if w is None or len(s) >= w:
        return s
    if spec.minus:
        return s + " " * (w - len(s))
    return ("0" if spec.zero else " ") * (w - len(s)) + s


def bad_verb(v: object, verb: str, spec: Spec) -> str:
    if v is None or v is MISSING or isinstance(v, GoNil):
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({type_name(v)}={format_value(v, 'v', spec)})"


def format_value(v: object, verb: str = "v", spec: Spec = PLAIN, depth: int = 0) -> str:
    """``fmt.Sprintf("%<verb>", v)`` with the given flags."""
    t = type(v)
    if t is str and verb in "vs" and not spec.sharp_v and spec.prec is None:
        return pad(v, spec)  # type: ignore[arg-type]
    if verb == "T":
        return pad("<nil>" if v is None or v is MISSING else type_name(v), spec)
    if v is None or v is MISSING or isinstance(v, GoNil):
        if verb == "v" and spec.sharp_v and isinstance(v, GoNil):
            return f"({v.go_type})(nil)"
        return pad("<nil>", spec) if verb == "v" else bad_verb(v, verb, spec)
    if isinstance(v, bool):
        return pad("true" if v else "false", spec) if verb in "vt" else bad_verb(v, verb, spec)
    if isinstance(v, GoDuration) and verb in "vs" and not spec.sharp_v:
        return pad(v.text, spec)
    if isinstance(v, int):
        return _format_int(v, verb, spec)
    if isinstance(v, float):
        return _format_float(v, verb, spec)
    if isinstance(v, str):
        return _format_str(v, verb, spec)
    if isinstance(v, GoStruct):
        return _format_struct(v, verb, spec, depth)
    if isinstance(v, (list, tuple)):
        if spec.sharp_v:
            if v is NIL_SLICE:
                return "[]string(nil)"
            inner = ", ".join(format_value(x, verb, spec, depth + 1) for x in v)
            return f"{type_name(v)}{{{inner}}}"
        return "[" + " ".join(format_value(x, verb, spec, depth + 1) for x in v) + "]"
    if isinstance(v, Mapping):
        return _format_map(v, verb, spec, depth)
    if isinstance(v, complex):
        if verb not in "vbgGxXfFeE":
            return bad_verb(v, verb, spec)
        re = _format_float(v.real, verb, spec)
        im = _format_float(v.imag, verb, _with_plus(spec))
        return f"({re}{im}i)"
    return _format_str(str(v), verb, spec)


def _with_plus(spec: Spec) -> Spec:
    s = Spec()
    s.plus, s.prec, s.width = True, spec.prec, spec.width
    return s


def sort_keys(m: Mapping[Any, object]) -> list[Any]:
    """Map keys in Go's order (``internal/fmtsort``): numbers by value, strings by bytes."""
    try:
        return sorted(m)
    except TypeError:
        return sorted(m, key=str)


def _format_map(v: Mapping[object, object], verb: str, spec: Spec, depth: int) -> str:
    keys = sort_keys(v)
    if spec.sharp_v:
        if v is NIL_MAP:
            return "map[string]string(nil)"
        items = ", ".join(
            f"{format_value(k, verb, spec, depth + 1)}:{format_value(v[k], verb, spec, depth + 1)}"
            for k in keys
        )
        return f"{type_name(v)}{{{items}}}"
    items = " ".join(
        f"{format_value(k, verb, spec, depth + 1)}:{format_value(v[k], verb, spec, depth + 1)}"
        for k in keys
    )
    return f"map[{items}]"


def _format_struct(v: GoStruct, verb: str, spec: Spec, depth: int) -> str:
    pointer = v.go_type.startswith("*")
    if pointer and depth > 0:
        return f"({v.go_type})({FAKE_ADDRESS})" if spec.sharp_v else FAKE_ADDRESS
    named = spec.plus_v or spec.sharp_v
    sep = ", " if spec.sharp_v else " "
    body = sep.join(
        (f"{k}:" if named else "") + format_value(x, verb, spec, depth + 1) for k, x in v.items()
    )
    prefix = "&" if pointer else ""
    if spec.sharp_v:
        return f"{prefix}{v.go_type.lstrip('*')}{{{body}}}"
    return f"{prefix}{{{body}}}"


def _format_str(s: str, verb: str, spec: Spec) -> str:
    if spec.prec is not None and verb in "vsqxX":
        s = s[: spec.prec]
    if verb == "v" and spec.sharp_v:
        return pad(go_quote(s), spec)
    if verb in "vs":
        return pad(s, spec)
    if verb == "q":
        if spec.sharp and "`" not in s and all(c == "\t" or _is_print(c) for c in s):
            return pad(f"`{s}`", spec)
        return pad(go_quote(s, ascii_only=spec.plus), spec)
    if verb in "xX":
        data = s.encode("utf-8", "surrogatepass")
        prefix = ("0x" if verb == "x" else "0X") if spec.sharp else ""
        hexed = [format(b, "02x" if verb == "x" else "02X") for b in data]
        text = " ".join(prefix + h for h in hexed) if spec.space else prefix + "".join(hexed)
        return pad(text, spec)
    return bad_verb(s, verb, spec)


_INT_BASES = {"v": "d", "d": "d", "b": "b", "o": "o", "O": "o", "x": "x", "X": "X"}


def _format_int(n: int, verb: str, spec: Spec) -> str:
    if verb == "c":
        return pad(chr(n) if 0 <= n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else "\ufffd", spec)
    if verb == "q":
        return pad(go_quote_rune(n, ascii_only=spec.plus), spec)
    if verb == "U":
        text = f"U+{n:04X}"
        if spec.sharp and 0 <= n <= 0x10FFFF and _is_print(chr(n)):
            text += f" '{chr(n)}'"
        return pad(text, spec)
    base = _INT_BASES.get(verb)
    if base is None:
        return bad_verb(n, verb, spec)
    body = format(abs(n), base)
    sign = "-" if n < 0 else "+" if spec.plus else " " if spec.space else ""
    if spec.prec is not None:
        body = "" if spec.prec == 0 and n == 0 else body.rjust(spec.prec, "0")
    elif spec.zero and spec.width is not None and not spec.minus:
        body = body.rjust(spec.width - len(sign), "0")
    prefix = ""
    if spec.sharp:
        prefix = {"b": "0b", "x": "0x", "X": "0X"}.get(base, "")
        if base == "o" and not body.startswith("0"):
            prefix = "0"
    if verb == "O":
        prefix = "0o"
    no_zero = Spec()
    no_zero.width, no_zero.minus = spec.width, spec.minus
    return pad(sign + prefix + body, no_zero)


def _format_float(f: float, verb: str, spec: Spec) -> str:
    if verb not in "vbgGxXfFeE":
        return bad_verb(f, verb, spec)
    if verb == "b":
        m, e = math.frexp(abs(f))
        num = ("-" if f < 0 else "") + f"{int(m * (1 << 53))}p{e - 53:+d}" if f else "0p-1074"
    else:
        prec = spec.prec
        if prec is None and verb in "eEfF":
            prec = 6
        num = format_float(f, "g" if verb == "v" else verb, prec)
    if num[0] not in "+-":
        num = "+" + num
    if spec.space and num[0] == "+" and not spec.plus:
        num = " " + num[1:]
    if num[1] in "IN":
        if num[1] == "N" and not spec.space and not spec.plus:
            num = num[1:]
        plain = Spec()
        plain.width, plain.minus = spec.width, spec.minus
        return pad(num, plain)
    if spec.plus or num[0] != "+":
        w = spec.width
        if spec.zero and not spec.minus and w is not None and w > len(num):
            return num[0] + "0" * (w - len(num)) + num[1:]
        return pad(num, spec)
    return pad(num[1:], spec)
