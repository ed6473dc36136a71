"""Virtual-time durations as course authors write them: `30s`, `1m30s`, `500ms`, `2h`, or seconds.

Grammar (Go's `time.ParseDuration` without signs): one or more `number unit`, where number is
`digits[.digits]` and unit is one of `ms s m h d`; or a bare number of seconds (YAML int or
float). `0` alone is allowed. The longest step is a day of virtual time (`MAX_SECONDS`).
"""

from __future__ import annotations

import re

UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
MAX_SECONDS = 86400.0
PATTERN = r"^(?:0|(?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d))+)$"
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)")


class InvalidDuration(ValueError):
    """`str()` is the sentence shown to the author."""


def parse_duration(value: object) -> float:
    """Seconds in `value` (`"1m30s"` -> 90.0); raises `InvalidDuration`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidDuration("a duration is a number of seconds or text such as 30s or 1m30s")
    if isinstance(value, (int, float)):
        seconds = float(value)
        if seconds != seconds or seconds < 0:
            raise InvalidDuration(f"{value!r} is not a duration: time only moves forward")
    else:
        text = value.strip()
        if not re.fullmatch(PATTERN, text):
            raise InvalidDuration(
                f"'{value}' is not a duration (write e.g. 30s, 1m30s, 500ms, 2h, 1d)"
            )
        seconds = sum(float(n) * UNITS[u] for n, u in _PART.findall(text))
    if seconds > MAX_SECONDS:
        raise InvalidDuration(f"{value!r} is longer than a day of virtual time")
    return seconds


def format_duration(seconds: float) -> str:
    """`90.0` -> `1m30s`, `0.5` -> `500ms` (the shortest faithful spelling)."""
    if seconds <= 0:
        return "0s"
    millis = round(seconds * 1000)
    parts = []
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        count, millis = divmod(millis, size)
        if count:
            parts.append(f"{count}{unit}")
    if millis:
        parts.append(f"{millis}ms")
    return "".join(parts)
