"""Date in the node evaluator, on the container's virtual clock.

A Date is its time value (milliseconds since the epoch, NaN when invalid), computed with
ECMAScript's day arithmetic (MakeDay, MakeTime, TimeClip) so any year V8 accepts works. Local
time is UTC, as in a container without TZ (or with TZ=UTC); another TZ is not simulated for
what depends on it. `Date.now()` is the process's virtual wall clock: the epoch of the
program's Recorder (reached through the event loop's `advance`, which the node program sets)
and, in a realm without one (tests), 2025-06-01T00:00:00Z plus the loop's own clock.
toLocale*String speak en-US as node's full ICU does (`1/15/2024, 10:30:00 AM`, a narrow
no-break space before AM/PM since ICU 72); other locales or options are not simulated.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    NULL,
    JSObject,
    Unsupported,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

MS_PER_DAY = 86_400_000
#: the clock of a realm whose program gave none: 2025-06-01T00:00:00Z
DEFAULT_EPOCH_MS = 1_748_736_000_000.0
DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UTC_ZONES = frozenset(["", "UTC", "Etc/UTC", "UTC0", "GMT", "Etc/GMT", "Universal", "Zulu"])
_ISO = re.compile(
    r"([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?"
    r"(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d:\d\d)?)?"
)
_LEGACY_MONTHS = {m.lower(): i for i, m in enumerate(MONTHS)}


class DateState:
    """What a Date keeps: its time value."""

    __slots__ = ("time",)

    def __init__(self, time: float) -> None:
        self.time = time


# --- ECMAScript's day arithmetic ------------------------------------------------------------
def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (m 1-12)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def make_time_value(fields: list[float]) -> float:
    """MakeDate(MakeDay(y, m, d), MakeTime(h, min, s, ms)) then TimeClip; fields are
    year, month (0-11), day, hours, minutes, seconds, ms."""
    if any(math.isnan(f) or math.isinf(f) for f in fields):
        return math.nan
    y, mo, d, h, mi, s, ms = (math.trunc(f) for f in fields)
    year = y + mo // 12
    month = mo % 12
    if abs(year) > 400_000:
        return math.nan
    day = days_from_civil(year, month + 1, 1) + d - 1
    return time_clip(float(day * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + ms))


def time_clip(t: float) -> float:
    if math.isnan(t) or abs(t) > 8.64e15:
        return math.nan
    return float(math.trunc(t)) + 0.0


def fields_of(t: float) -> list[int]:
    """year, month (0-11), day, hours, minutes, seconds, ms, weekday of a valid time value."""
    ms = int(t)
    days, rest = divmod(ms, MS_PER_DAY)
    y, m, d = civil_from_days(days)
    return [y, m - 1, d, rest // 3_600_000, rest // 60_000 % 60, rest // 1000 % 60, rest % 1000,
            (days + 4) % 7]  # fmt: skip


# --- texts ----------------------------------------------------------------------------------
def _year(y: int) -> str:
    return f"{y:04d}" if y >= 0 else f"-{-y:06d}"


def iso_text(t: float) -> str:
    y, mo, d, h, mi, s, ms, _ = fields_of(t)
    year = f"{y:04d}" if 0 <= y <= 9999 else (f"+{y:06d}" if y > 0 else f"-{-y:06d}")
    return f"{year}-{mo + 1:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z"


def date_text(t: float) -> str:
    y, mo, d, _, _, _, _, wd = fields_of(t)
    return f"{DAYS[wd]} {MONTHS[mo]} {d:02d} {_year(y)}"


def time_text(t: float) -> str:
    _, _, _, h, mi, s, _, _ = fields_of(t)
    return f"{h:02d}:{mi:02d}:{s:02d} GMT+0000 (Coordinated Universal Time)"


def utc_text(t: float) -> str:
    y, mo, d, h, mi, s, _, wd = fields_of(t)
    return f"{DAYS[wd]}, {d:02d} {MONTHS[mo]} {_year(y)} {h:02d}:{mi:02d}:{s:02d} GMT"


def locale_date(t: float) -> str:
    y, mo, d, *_ = fields_of(t)
    return f"{mo + 1}/{d}/{y}"


def locale_time(t: float) -> str:
    _, _, _, h, mi, s, _, _ = fields_of(t)
    return f"{(h % 12) or 12}:{mi:02d}:{s:02d}\u202f{'AM' if h < 12 else 'PM'}"


# --- parsing ---------------------------------------------------------------------------------
def parse_date(text: str) -> float:
    """Date.parse: the ISO format (date-only forms are UTC; date-times without an offset
    local), and the common forms of V8's legacy parser; other text with digits is not
    simulated."""
    text = text.strip()
    found = _ISO.fullmatch(text)
    if found is not None:
        year, month, day, hour, minute, sec, frac, zone = found.groups()
        if year == "-000000":
            return math.nan
        ms = int((frac or "0")[:3].ljust(3, "0"))
        values = [int(year), int(month or 1) - 1, int(day or 1), int(hour or 0),
                  int(minute or 0), int(sec or 0), ms]  # fmt: skip
        if not (0 <= values[1] <= 11 and 1 <= values[2] <= 31 and values[3] <= 24
                and values[4] <= 59 and values[5] <= 59):  # fmt: skip
            return math.nan
        if values[3] == 24 and any(values[4:]):
            return math.nan
        t = make_time_value([float(v) for v in values])
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            t -= sign * (int(zone[1:3]) * 3_600_000 + int(zone[4:6]) * 60_000)
        return time_clip(t)
    return _legacy(text)


_LEGACY = re.compile(
    r"(?:(?:sun|mon|tue|wed|thu|fri|sat)[a-z]*,?\s+)?"
    r"(?:(?P<mon>[a-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})\s+(?P<mon2>[a-z]{3})[a-z]*\.?\s+(?P<year2>\d{4})"
    r"|(?P<y3>\d{4})[/-](?P<m3>\d{1,2})[/-](?P<d3>\d{1,2})"
    r"|(?P<m4>\d{1,2})/(?P<d4>\d{1,2})/(?P<y4>\d{4}))"
    r"(?:[\sT,]+(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d)(?:\.(?P<ms>\d{1,3}))?)?"
    r"(?:\s*(?P<ampm>am|pm))?)?"
    r"(?:\s*(?:gmt|utc|z)?(?P<off>[+-]\d\d:?\d\d)?(?:\s*\([^)]*\))?)?",
    re.IGNORECASE,
)


def _legacy(text: str) -> float:
    found = _LEGACY.fullmatch(text)
    if found is None:
        if not any(c.isdigit() for c in text):
            return math.nan
        raise Unsupported(f"Date.parse of {text[:40]!r} (only ISO and common forms)")
    g = found.groupdict()
    month_name = g["mon"] or g["mon2"]
    if month_name is not None:
        if month_name.lower() not in _LEGACY_MONTHS:
            return math.nan
        month = _LEGACY_MONTHS[month_name.lower()]
        day, year = int(g["day"] or g["day2"]), int(g["year"] or g["year2"])
    elif g["y3"] is not None:
        year, month, day = int(g["y3"]), int(g["m3"]) - 1, int(g["d3"])
    else:
        year, month, day = int(g["y4"]), int(g["m4"]) - 1, int(g["d4"])
    hour = int(g["h"] or 0)
    if g["ampm"]:
        hour = hour % 12 + (12 if g["ampm"].lower() == "pm" else 0)
    if not (0 <= month <= 11 and 1 <= day <= 31 and hour <= 24):
        return math.nan
    t = make_time_value([float(year), float(month), float(day), float(hour),
                         float(g["mi"] or 0), float(g["s"] or 0), float(g["ms"] or 0)])  # fmt: skip
    offset = g["off"]
    if offset:
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        t -= (1 if offset[0] == "+" else -1) * minutes * 60_000
    return time_clip(t)


# --- the realm's clock ----------------------------------------------------------------------
def now_ms(realm: Interpreter) -> float:
    """The virtual wall clock in milliseconds."""
    recorder = getattr(realm.loop.advance, "__self__", None)
    epoch = getattr(recorder, "epoch", None)
    if callable(epoch):
        return float(math.floor(float(epoch()) * 1000))
    return DEFAULT_EPOCH_MS + math.floor(realm.loop.now)


def time_of(value: Any) -> float | None:
    if isinstance(value, JSObject) and isinstance(value.internal, DateState):
        return value.internal.time
    return None


def _check_zone(realm: Interpreter) -> None:
    env = realm.builtins["process"].props.get("env")
    zone = env.props.get("TZ", "") if isinstance(env, JSObject) else ""
    if isinstance(zone, str) and zone.lstrip(":") not in _UTC_ZONES:
        raise Unsupported(f"Date in the time zone TZ={zone} (containers here run in UTC)")


def json_of(t: float) -> Any:
    return NULL if math.isnan(t) else iso_text(t)
