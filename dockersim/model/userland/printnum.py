"""Numbers as C reads and prints them, for printf: strtoimax/strtoumax/strtod prefixes, binary
rounding (double, x87 long double), and glibc's %d %o %x %f %e %g %a, computed exactly with
fractions so the digits are C's, not Python's.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import attrs


@attrs.frozen
class Real:
    """A C floating value: its sign (kept for -0 and -nan) and magnitude, inf or nan."""

    negative: bool
    magnitude: Fraction | str  # "inf" or "nan" when not finite


ZERO = Real(False, Fraction(0))

_SPACE = " \t\n\v\f\r"
_C_INT = re.compile(rf"[{_SPACE}]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_C_REAL = re.compile(
    rf"""[{_SPACE}]*([+-]?)(?:
        0x(?P<hex>[0-9a-f]+(?:\.[0-9a-f]*)?|\.[0-9a-f]+)(?:p(?P<hexp>[+-]?[0-9]+))?
      | (?P<dec>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e(?P<exp>[+-]?[0-9]+))?
      | (?P<inf>inf(?:inity)?)
      | (?P<nan>nan(?:\([0-9a-z_]*\))?)
    )""",
    re.X | re.I,
)
#: Significand bits and the smallest normal exponent: IEEE double and the x87 long double.
_FORMATS = {53: -1022, 64: -16382}
#: Beyond this decimal exponent any value overflows (or underflows) both formats.
_EXP_LIMIT = 5000


def c_integer(text: str, unsigned: bool) -> tuple[int, int, bool]:
    """strtoimax/strtoumax(text, &end, 0): (value, characters read, out of range)."""
    match = _C_INT.match(text)
    if match is None:
        return 0, 0, False
    sign, digits = match.groups()
    if digits[:2] in ("0x", "0X"):
        magnitude = int(digits[2:], 16)
    elif digits.startswith("0"):
        magnitude = int(digits, 8)
    else:
        magnitude = int(digits) if len(digits) <= 40 else 2**140
    if unsigned:
        if magnitude > 2**64 - 1:
            return 2**64 - 1, match.end(), True
        return (-magnitude if sign == "-" else magnitude) % 2**64, match.end(), False
    value = -magnitude if sign == "-" else magnitude
    if value > 2**63 - 1:
        return 2**63 - 1, match.end(), True
    if value < -(2**63):
        return -(2**63), match.end(), True
    return value, match.end(), False


def c_real(text: str, bits: int) -> tuple[Real, int, bool]:
    """strtod (bits 53) or strtold (bits 64): (value, characters read, out of range)."""
    match = _C_REAL.match(text)
    if match is None:
        return ZERO, 0, False
    negative = match.group(1) == "-"
    if match.group("inf"):
        return Real(negative, "inf"), match.end(), False
    if match.group("nan"):
        return Real(negative, "nan"), match.end(), False
    if match.group("hex") is not None:
        exact = _scaled(match.group("hex"), match.group("hexp"), 16, 2)
    else:
        exact = _scaled(match.group("dec"), match.group("exp"), 10, 10)
    if isinstance(exact, str):
        return Real(negative, "inf"), match.end(), True
    rounded = round_binary(exact, bits)
    if isinstance(rounded, str):
        return Real(negative, rounded), match.end(), True
    # glibc also sets ERANGE when a subnormal (or zero) result lost digits
    tiny = rounded < Fraction(2) ** _FORMATS[bits] and rounded != exact
    return Real(negative, rounded), match.end(), tiny


def _scaled(mantissa: str, exponent: str | None, base: int, radix: int) -> Fraction | str:
    """`mantissa` (digits of `base`, maybe a point) times `radix ** exponent`, exactly enough
    to round to 64 bits: long mantissas keep 40 digits and a sticky one."""
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    shift = -len(fraction) * (4 if base == 16 else 1)
    if len(digits) > 40:
        sticky = "1" if digits[40:].strip("0") else "0"
        shift += (len(digits) - 41) * (4 if base == 16 else 1)
        digits = digits[:40] + sticky
    if not digits:
        return Fraction(0)
    exp_text = (exponent or "0").lstrip("+")
    power = (
        int(exp_text)
        if len(exp_text.lstrip("-").lstrip("0")) <= 6
        else (-(10**7) if exp_text.startswith("-") else 10**7)
    )
    power += shift
    leading = power + len(digits) * (4 if base == 16 else 1)
    scale = _EXP_LIMIT * (4 if radix == 2 else 1)
    if leading > scale:
        return "inf"
    if leading < -scale - 100:
        return Fraction(0)
    value = Fraction(int(digits, base))
    return value * Fraction(radix) ** power


def round_binary(value: Fraction, bits: int) -> Fraction | str:
    """The nearest double (bits 53) or x87 long double (bits 64), ties to even; or "inf"."""
    if value == 0:
        return value
    emin = _FORMATS[bits]
    exponent = value.numerator.bit_length() - value.denominator.bit_length()
    if Fraction(2) ** exponent > value:
        exponent -= 1
    ulp = max(exponent, emin) - (bits - 1)
    scaled = value / Fraction(2) ** ulp
    units = round(scaled)  # Fraction rounds half to even
    result = units * Fraction(2) ** ulp
    if result >= Fraction(2) ** (-emin + 2):  # past the largest finite value
        return "inf"
    return result


# --- printing -----------------------------------------------------------------------------------


def pad(text: str, flags: str, width: int | None, zero: bool = False, head: str = "") -> str:
    """`head` + `text` in a field of `width` (negative or `-`: left-justified); `zero` pads
    with zeros between the head (sign, 0x) and the text, as C's `0` flag does."""
    if width is None:
        return head + text
    left = width < 0 or "-" in flags
    room = abs(width) - len(head) - len(text)
    if room <= 0:
        return head + text
    if left:
        return head + text + " " * room
    if zero:
        return head + "0" * room + text
    return " " * room + head + text


def format_int(value: int, flags: str, width: int | None, precision: int | None, conv: str) -> str:
    """C's %d (%i, %u), %o, %x, %X of a value already in range."""
    magnitude = abs(value)
    digits = format(magnitude, {"o": "o", "x": "x", "X": "X"}.get(conv, "d"))
    if precision is not None:
        digits = "" if precision == 0 and magnitude == 0 else digits.rjust(precision, "0")
    head = ""
    if conv == "d":
        head = "-" if value < 0 else "+" if "+" in flags else " " if " " in flags else ""
    elif "#" in flags and conv == "o" and not digits.startswith("0"):
        digits = "0" + digits
    elif "#" in flags and conv in "xX" and magnitude:
        head = "0" + conv
    zero = "0" in flags and precision is None
    return pad(digits, flags, width, zero, head)


def format_real(
    value: Real, flags: str, width: int | None, precision: int | None, conv: str, bits: int
) -> str:
    """C's %f %F %e %E %g %G %a %A (long double when bits is 64)."""
    sign = "-" if value.negative else "+" if "+" in flags else " " if " " in flags else ""
    magnitude = value.magnitude
    if isinstance(magnitude, str):
        text = magnitude.upper() if conv.isupper() else magnitude
        return pad(text, flags, width, False, sign)
    kind = conv.lower()
    alternate = "#" in flags
    head = sign
    if kind == "a":
        body = _hex_float(magnitude, precision, alternate, bits)
        head += "0x"
    elif kind == "f":
        body = _fixed(magnitude, 6 if precision is None else precision, alternate)
    elif kind == "e":
        body = _scientific(magnitude, 6 if precision is None else precision, alternate)
    else:
        body = _general(magnitude, 6 if precision is None else precision, alternate)
    if conv.isupper():
        body, head = body.upper(), head.upper()
    return pad(body, flags, width, "0" in flags, head)


#: Digits past these places are zeros for any double or long double (2**-16445 has 16445).
_EXACT_PLACES = 16500


def _decimal(number: int) -> str:
    """`str(number)` without Python's 4300-digit limit on int-to-text conversion."""
    return str(number) if number < 10**4000 else str(Decimal(number))


def _fixed(value: Fraction, precision: int, alternate: bool) -> str:
    places = min(precision, _EXACT_PLACES)
    units = round(value * 10**places)
    text = _decimal(units).rjust(places + 1, "0")
    whole, fraction = text[: len(text) - places], text[len(text) - places :]
    fraction += "0" * (precision - places)
    if precision:
        return f"{whole}.{fraction}"
    return whole + ("." if alternate else "")


def _decimal_exponent(value: Fraction) -> int:
    """X with 10**X <= value < 10**(X+1), for value > 0."""
    exponent = int((value.numerator.bit_length() - value.denominator.bit_length()) * 0.30103)
    while Fraction(10) ** exponent > value:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= value:
        exponent += 1
    return exponent


def _scientific_parts(value: Fraction, precision: int) -> tuple[str, int]:
    """The precision+1 significant digits of `value` and its decimal exponent, rounded."""
    if value == 0:
        return "0" * (precision + 1), 0
    places = min(precision, _EXACT_PLACES)
    exponent = _decimal_exponent(value)
    units = round(value * Fraction(10) ** (places - exponent))
    if units >= 10 ** (places + 1):
        exponent += 1
        units = round(value * Fraction(10) ** (places - exponent))
    return _decimal(units) + "0" * (precision - places), exponent


def _scientific(value: Fraction, precision: int, alternate: bool) -> str:
    digits, exponent = _scientific_parts(value, precision)
    point = "." if precision or alternate else ""
    mark = "-" if exponent < 0 else "+"
    return f"{digits[0]}{point}{digits[1:]}e{mark}{abs(exponent):02d}"


def _general(value: Fraction, precision: int, alternate: bool) -> str:
    significant = precision or 1
    _, exponent = _scientific_parts(value, significant - 1)
    if significant > exponent >= -4:
        text = _fixed(value, significant - 1 - exponent, alternate)
    else:
        text = _scientific(value, significant - 1, alternate)
    if alternate:
        return text
    mantissa, e, rest = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return mantissa + e + rest


def _hex_float(value: Fraction, precision: int | None, alternate: bool, bits: int) -> str:
    """glibc's %a: double as 0x1.hhhp+e; x87 long double as 0xh.hhhp+e (8 <= h < 16)."""
    if value == 0:
        digits, exponent = "0", 0
        fraction = "0" * (precision or 0)
    else:
        emin = _FORMATS[bits]
        lead_bits = 1 if bits == 53 else 4
        exponent = value.numerator.bit_length() - value.denominator.bit_length()
        if Fraction(2) ** exponent > value:
            exponent -= 1
        if bits == 53 and exponent < emin:
            exponent = emin  # subnormal: 0x0.hhhp-1022
        exponent -= lead_bits - 1
        mantissa = value / Fraction(2) ** exponent  # lead_bits integer bits
        frac_digits = (bits - lead_bits + 3) // 4
        units = round(mantissa * 16**frac_digits)
        if precision is not None and precision < frac_digits:
            units = round(Fraction(units, 16 ** (frac_digits - precision)))
            frac_digits = precision
        whole, rest = divmod(units, 16**frac_digits)
        digits = format(whole, "x")
        fraction = format(rest, "x").rjust(frac_digits, "0") if frac_digits else ""
        if precision is None:
            fraction = fraction.rstrip("0")
        else:
            fraction = fraction.ljust(precision, "0")
    point = "." if fraction or alternate else ""
    mark = "-" if exponent < 0 else "+"
    return f"{digits}{point}{fraction}p{mark}{abs(exponent)}"


# --- quoting ------------------------------------------------------------------------------------

_BASH_SPECIAL = frozenset(" \t\n'\"\\|&;()<>!{}*[?]^$`,")
_ANSI = {"\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n", "\r": "\\r",
         "\t": "\\t", "\v": "\\v", "\\": "\\\\", "'": "\\'"}  # fmt: skip


def _unprintable(char: str) -> bool:
    return ord(char) < 32 or ord(char) == 127


def bash_quote(text: str) -> str:
    """bash's `printf %q`: backslashes before special characters, `$'...'` for control
    characters, `''` for the empty string (lib/sh/shquote.c)."""
    if not text:
        return "''"
    if any(_unprintable(c) for c in text):
        inner = "".join(_ANSI.get(c, f"\\{ord(c):03o}" if _unprintable(c) else c) for c in text)
        return f"$'{inner}'"
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        if (
            char in _BASH_SPECIAL
            or (char == "~" and before in ("", "=", ":"))
            or (char == "#" and not index)
        ):
            out.append("\\")
        out.append(char)
    return "".join(out)


_GNU_SAFE = re.compile(r"[A-Za-z0-9_%+,./:=@^-]+")


def gnu_quote(text: str) -> str:
    """coreutils' `printf %q` (gnulib shell-escape style): as is when safe, else quoted."""
    if not text:
        return "''"
    if _GNU_SAFE.fullmatch(text) and text[0] not in "~#":
        return text
    if any(_unprintable(c) for c in text):
        inner = "".join(_ANSI.get(c, f"\\{ord(c):03o}" if _unprintable(c) else c) for c in text)
        return f"$'{inner}'"
    if "'" in text and not any(c in text for c in '$`"\\!'):
        return f'"{text}"'
    return "'" + text.replace("'", "'\\''") + "'"
