"""Go's time.ParseDuration and Duration.String, for HEALTHCHECK options and their history text."""

from __future__ import annotations

import re

from dockersim.build.errors import DockerfileError

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


def parse_duration(text: str) -> int:
    """Nanoseconds of a Go duration (`5s`, `1m30s`, `1.5h`, `100ms`)."""
    quoted = '"' + text + '"'
    s = text
    negative = False
    if s and s[0] in "+-":
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise DockerfileError(f"time: invalid duration {quoted}")
    total = 0.0
    while s:
        match = _PART.match(s)
        if match is None or match.group(1) in ("", "."):
            raise DockerfileError(f"time: invalid duration {quoted}")
        number, unit = match.group(1), match.group(2)
        if not unit:
            raise DockerfileError(f"time: missing unit in duration {quoted}")
        if unit not in _UNITS:
            raise DockerfileError(f'time: unknown unit "{unit}" in duration {quoted}')
        total += float(number) * _UNITS[unit]
        s = s[match.end() :]
    value = round(total)
    return -value if negative else value


def duration_string(ns: int) -> str:
    """time.Duration.String: `1m30s`, `100ms`, `0s`, `1h0m0s`."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _frac(ns, size) + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    seconds = _frac(rest, 1_000_000_000) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return sign + seconds


def _frac(value: int, unit: int) -> str:
    whole, rest = divmod(value, unit)
    if not rest:
        return str(whole)
    digits = f"{rest:0{len(str(unit)) - 1}d}".rstrip("0")
    return f"{whole}.{digits}"
