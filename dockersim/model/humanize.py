"""Human durations and sizes as Docker prints and parses them.

Behaviour follows docker/go-units v0.5.0 (the version docker/cli 29 vendors): `duration.go`
(`HumanDuration`) and `size.go` (`HumanSizeWithPrecision`, `HumanSize`, `BytesSize`,
`FromHumanSize`, `RAMInBytes`). Two pieces of Go's standard library they lean on are rebuilt
here too, because their output reaches the user: `fmt`'s `%.*g` (via `strconv.FormatFloat`) and
`strconv.ParseFloat` / `strconv.Quote` (the text of a ParseFloat error).
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal
from functools import lru_cache

__all__ = [
    "InvalidSize",
    "InvalidSuffix",
    "ParseFloatError",
    "bytes_size",
    "created_since",
    "from_human_size",
    "go_format_g",
    "go_parse_float",
    "go_quote",
    "human_duration",
    "human_duration_ns",
    "human_size",
    "human_size_with_precision",
    "ram_in_bytes",
]

_SECOND = 1_000_000_000
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1

_DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
_DECIMAL_MULTIPLIERS = {"k": 1000**1, "m": 1000**2, "g": 1000**3, "t": 1000**4, "p": 1000**5}
_BINARY_MULTIPLIERS = {"k": 1024**1, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}


class InvalidSize(ValueError):
    """A size go-units rejects; `str()` is the exact error text (`invalid size: '<text>'`)."""


class InvalidSuffix(InvalidSize):
    """A size with a unit go-units does not know: `invalid suffix: '<suffix>'`."""


class ParseFloatError(InvalidSize):
    """strconv.ParseFloat's error: `strconv.ParseFloat: parsing "1.2.3": invalid syntax`."""


# ---------------------------------------------------------------------------------------------
# Durations


def _go_div(value: int, unit: int) -> tuple[int, int]:
    """Go's integer `/` and `%` (truncated toward zero, remainder takes the dividend's sign)."""
    quotient = abs(value) // unit
    if value < 0:
        quotient = -quotient
    return quotient, value - quotient * unit


def _in_units(ns: int, unit: int) -> float:
    """time.Duration's Seconds()/Minutes()/Hours(): whole units plus the fraction, as float64."""
    whole, rest = _go_div(ns, unit)
    return float(whole) + float(rest) / float(unit)


@lru_cache(maxsize=4096)  # a table shows the same few durations on many rows
def human_duration_ns(ns: int) -> str:
    """go-units `HumanDuration` of a time.Duration given in nanoseconds.

    Seconds and minutes are truncated, hours are rounded (`int(d.Hours() + 0.5)`); so
    60-119 s is "About a minute", 60-89 min "About an hour", 47 h 30 min already "2 days".
    """
    ns = max(_INT64_MIN, min(_INT64_MAX, ns))
    seconds = int(_in_units(ns, _SECOND))
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = int(_in_units(ns, _MINUTE))
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(_in_units(ns, _HOUR) + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(_in_units(ns, _HOUR)) // 24 // 365} years"


@lru_cache(maxsize=4096)  # a table's rows repeat the same few durations
def human_duration(seconds: float) -> str:
    """go-units `HumanDuration` of a duration in seconds (saturating like Go's `time.Sub`)."""
    if math.isnan(seconds):
        raise ValueError("duration is NaN")
    if math.isinf(seconds):
        return human_duration_ns(_INT64_MAX if seconds > 0 else _INT64_MIN)
    return human_duration_ns(round(seconds * _SECOND))


def created_since(now: float, created: float) -> str:
    """docker/cli's `CreatedSince` / `RunningFor`: `HumanDuration(now - created) + " ago"`."""
    return human_duration(now - created) + " ago"


# ---------------------------------------------------------------------------------------------
# Go's %g


def _digits(value: float, significant: int | None) -> tuple[str, int]:
    """Decimal digits of abs(value) without trailing zeros, and the decimal point position.

    `significant=None` gives the shortest digits that round-trip (Go's shortest mode); otherwise
    the value correctly rounded (half to even on exact ties, like Go) to that many digits.
    0.0 has no digits and dp 0, as in strconv.
    """
    if value == 0:
        return "", 0
    text = repr(abs(value)) if significant is None else f"{abs(value):.{significant - 1}e}"
    number = Decimal(text).as_tuple()
    digits = "".join(map(str, number.digits))
    exponent = number.exponent
    assert isinstance(exponent, int)
    stripped = digits.rstrip("0")
    return stripped, len(digits) + exponent


def _format_e(digits: str, dp: int, frac: int) -> str:
    text = digits[:1] or "0"
    if frac > 0:
        text += "." + digits[1 : frac + 1].ljust(frac, "0")
    exp = dp - 1 if digits else 0
    sign = "-" if exp < 0 else "+"
    return f"{text}e{sign}{abs(exp):02d}"


def _format_f(digits: str, dp: int, frac: int) -> str:
    text = (digits[:dp].ljust(dp, "0")) if dp > 0 else "0"
    if frac > 0:
        text += "." + "".join(
            digits[dp + i] if 0 <= dp + i < len(digits) else "0" for i in range(frac)
        )
    return text


def go_format_g(value: float, precision: int = -1) -> str:
    """Go's `fmt.Sprintf("%.*g", precision, value)`; a negative precision is plain `%g`.

    %e form when the exponent is < -4 or >= the precision, with at least two exponent digits
    (`1e+06`); no trailing zeros; `+Inf`, `-Inf`, `NaN`; `-0` for negative zero.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if precision < 0:
        digits, dp = _digits(value, None)
        prec = len(digits)
        eprec = 6
    else:
        prec = max(precision, 1)
        digits, dp = _digits(value, prec)
        eprec = prec
        if eprec > len(digits) >= dp:
            eprec = len(digits)
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        return sign + _format_e(digits, dp, min(prec, len(digits)) - 1)
    if prec > dp:
        prec = len(digits)
    return sign + _format_f(digits, dp, max(prec - dp, 0))


# ---------------------------------------------------------------------------------------------
# Sizes out


def _scale(size: float, base: float, units: tuple[str, ...]) -> tuple[float, str]:
    index = 0
    while size >= base and index < len(units) - 1:
        size /= base
        index += 1
    return size, units[index]


def human_size_with_precision(size: float, precision: int) -> str:
    """go-units `HumanSizeWithPrecision`: decimal units, `%.*g`, no space (`1.25MB`, `0B`)."""
    scaled, unit = _scale(float(size), 1000.0, _DECIMAL_UNITS)
    return go_format_g(scaled, precision) + unit


def human_size(size: float) -> str:
    """go-units `HumanSize`: `HumanSizeWithPrecision(size, 4)`."""
    return human_size_with_precision(size, 4)


def bytes_size(size: float) -> str:
    """go-units `BytesSize`: binary units with `%.4g` (`1KiB`, `3.42GiB`)."""
    scaled, unit = _scale(float(size), 1024.0, _BINARY_UNITS)
    return go_format_g(scaled, 4) + unit


# ---------------------------------------------------------------------------------------------
# strconv.Quote and strconv.ParseFloat

_QUOTE_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


# Graphic characters of Unicode 15.0 (Go's `unicode` tables) that this Python's Unicode 14 data
# does not assign yet.
_GO_PRINT_EXTRA = (
    (0xCF3, 0xCF3), (0xECE, 0xECE), (0x10EFD, 0x10EFF), (0x1123F, 0x11241), (0x11B00, 0x11B09),
    (0x11F00, 0x11F10), (0x11F12, 0x11F3A), (0x11F3E, 0x11F59), (0x1342F, 0x1342F),
    (0x13440, 0x13455), (0x1B132, 0x1B132), (0x1B155, 0x1B155), (0x1D2C0, 0x1D2D3),
    (0x1DF25, 0x1DF2A), (0x1E030, 0x1E06D), (0x1E08F, 0x1E08F), (0x1E4D0, 0x1E4F9),
    (0x1F6DC, 0x1F6DC), (0x1F774, 0x1F776), (0x1F77B, 0x1F77F), (0x1F7D9, 0x1F7D9),
    (0x1FA75, 0x1FA77), (0x1FA87, 0x1FA88), (0x1FAAD, 0x1FAAF), (0x1FABB, 0x1FABD),
    (0x1FABF, 0x1FABF), (0x1FACE, 0x1FACF), (0x1FADA, 0x1FADB), (0x1FAE8, 0x1FAE8),
    (0x1FAF7, 0x1FAF8), (0x2B739, 0x2B739), (0x31350, 0x323AF),
)  # fmt: skip


def _go_is_print(char: str) -> bool:
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    if char == " " or unicodedata.category(char)[0] in "LMNPS":
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _GO_PRINT_EXTRA)


def go_quote(text: str) -> str:
    """Go's `strconv.Quote`: a double-quoted literal with Go escapes.

    Printable runes (non-ASCII included) stay as they are; `\\a \\b \\f \\n \\r \\t \\v` and
    `\\\\ \\"` are escaped; other control bytes become `\\x..`, other non-printable runes
    `\\u....` or `\\U........` (lower-case hex). Lone surrogates stand for bytes that are not
    UTF-8: U+DC80..U+DCFF (Python's surrogateescape) print as the byte they carry, `\\x..`.
    """
    plain = text.replace("…", "")  # what docker ps truncates ends in "…", printable too
    if plain.isascii() and plain.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # nothing to escape (the common case)
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0xD800 <= code <= 0xDFFF:
            if 0xDC80 <= code <= 0xDCFF:
                out.append(f"\\x{code - 0xDC00:02x}")
            else:  # the three bytes of a UTF-8-encoded surrogate, each invalid on its own
                raw = (0xE0 | code >> 12, 0x80 | (code >> 6) & 0x3F, 0x80 | code & 0x3F)
                out.extend(f"\\x{byte:02x}" for byte in raw)
        elif _go_is_print(char):
            out.append(char)
        elif char in _QUOTE_ESCAPES:
            out.append("\\" + _QUOTE_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _underscores_ok(text: str) -> bool:
    """strconv's rule: `_` only between digits, or between a base prefix and a digit."""
    body = text[1:] if text[:1] in ("+", "-") else text
    saw = "^"  # ^ start, 0 digit or base prefix, _ underscore, ! anything else
    hexa = len(body) >= 2 and body[0] == "0" and body[1] in "bBoOxX"
    if hexa:
        hexa = body[1] in "xX"
        body, saw = body[2:], "0"
    for char in body:
        if char.isascii() and (char.isdigit() or (hexa and char.lower() in "abcdef")):
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _float_syntax_ok(text: str) -> bool:
    """Whether all of `text` is a Go floating-point literal as ParseFloat reads it."""
    i = 1 if text[:1] in ("+", "-") else 0
    hexa = len(text) > i + 2 and text[i] == "0" and text[i + 1] in "xX"
    if hexa:
        i += 2
    digit_chars = "0123456789abcdefABCDEF" if hexa else "0123456789"
    seen_dot = seen_digit = False
    while i < len(text):
        char = text[i]
        if char == "_" or char in digit_chars:
            seen_digit = seen_digit or char != "_"
        elif char == "." and not seen_dot:
            seen_dot = True
        else:
            break
        i += 1
    if not seen_digit:
        return False
    if i < len(text) and text[i] in ("pP" if hexa else "eE"):
        i += 1
        if i < len(text) and text[i] in "+-":
            i += 1
        if i >= len(text) or text[i] not in "0123456789":
            return False
        while i < len(text) and text[i] in "0123456789_":
            i += 1
    elif hexa:
        return False  # a hexadecimal mantissa needs a p exponent
    return i == len(text) and ("_" not in text or _underscores_ok(text))


def _special_float(text: str) -> float | None:
    """ParseFloat's inf/infinity (optionally signed) and nan, any letter case, whole string."""
    lowered = text.lower()
    unsigned = lowered.lstrip("+-") if lowered[:1] in ("+", "-") else lowered
    if len(lowered) - len(unsigned) <= 1 and unsigned in ("inf", "infinity"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == "nan":
        return math.nan
    return None


def go_parse_float(text: str) -> float:
    """Go's `strconv.ParseFloat(text, 64)`; errors carry Go's exact text."""
    special = _special_float(text)
    if special is not None:
        return special
    if not _float_syntax_ok(text):
        raise ParseFloatError(f"strconv.ParseFloat: parsing {go_quote(text)}: invalid syntax")
    clean = text.replace("_", "")
    try:
        hexa = clean.lstrip("+-")[:2] in ("0x", "0X")
        value = float.fromhex(clean) if hexa else float(clean)
    except OverflowError:
        value = math.inf
    if math.isinf(value):
        raise ParseFloatError(f"strconv.ParseFloat: parsing {go_quote(text)}: value out of range")
    return value


# ---------------------------------------------------------------------------------------------
# Sizes in


def _go_int64(value: float) -> int:
    """Go's `int64(f)` on amd64: truncation; NaN and out-of-range give the minimum int64."""
    if math.isnan(value) or not -(2.0**63) <= value < 2.0**63:
        return _INT64_MIN
    return int(value)


def _lower(suffix: str) -> str:
    """strings.ToLower (simple case mapping, so U+0130 becomes a plain `i`)."""
    return "".join("i" if c == "\u0130" else c.lower() for c in suffix)


def _parse_size(text: str, multipliers: dict[str, int]) -> int:
    """go-units v0.5.0 `parseSize`.

    Grammar: number [" "] [unit] where the number runs up to the last digit, "." or space,
    number is a Go float literal (so `1e3` and `0x1p4` parse), unit is one of b, k, m, g, t, p
    optionally followed by "b" or "ib", any letter case.
    """
    sep = max(text.rfind(char) for char in "0123456789. ")
    if sep == -1:
        raise InvalidSize(f"invalid size: '{text}'")
    number = text[:sep] if text[sep] == " " else text[: sep + 1]
    suffix = text[sep + 1 :]
    size = go_parse_float(number)
    if size < 0:
        raise InvalidSize(f"invalid size: '{text}'")
    if not suffix:
        return _go_int64(size)
    if len(suffix.encode("utf-8", "surrogatepass")) > 3:
        raise InvalidSuffix(f"invalid suffix: '{suffix}'")
    suffix = _lower(suffix)
    if suffix[0] == "b":
        if len(suffix) > 1:
            raise InvalidSuffix(f"invalid suffix: '{suffix}'")
        return _go_int64(size)
    if suffix[0] not in multipliers or suffix[1:] not in ("", "b", "ib"):
        raise InvalidSuffix(f"invalid suffix: '{suffix}'")
    return _go_int64(size * float(multipliers[suffix[0]]))


def from_human_size(text: str) -> int:
    """go-units `FromHumanSize`: decimal units (`32kB` is 32000)."""
    return _parse_size(text, _DECIMAL_MULTIPLIERS)


def ram_in_bytes(text: str) -> int:
    """go-units `RAMInBytes` (`--memory 512m`): binary units (`32k` is 32768)."""
    return _parse_size(text, _BINARY_MULTIPLIERS)
