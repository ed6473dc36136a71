"""Date in a realm (jsdate's values): the constructor and Date.prototype's methods, getters
and setters, local (UTC in a container) and UTC alike, and the texts (`toISOString`,
`toString`, `toLocaleDateString`, ...)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsdate import (
    DateState,
    _check_zone,
    date_text,
    fields_of,
    iso_text,
    json_of,
    locale_date,
    locale_time,
    make_time_value,
    now_ms,
    parse_date,
    time_clip,
    time_of,
    time_text,
    utc_text,
)
from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    to_number,
    to_primitive,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

Method = Callable[[Any, list[Any]], Any]
#: getter name -> index in jsdate.fields_of
_GETTERS = {"FullYear": 0, "Month": 1, "Date": 2, "Hours": 3, "Minutes": 4, "Seconds": 5,
            "Milliseconds": 6, "Day": 7}  # fmt: skip
#: setter name -> (first field it sets, how many arguments it takes at most)
_SETTERS = {"FullYear": (0, 3), "Month": (1, 2), "Date": (2, 1), "Hours": (3, 4),
            "Minutes": (4, 3), "Seconds": (5, 2), "Milliseconds": (6, 1)}  # fmt: skip


def _this_time(this: Any, name: str) -> float:
    t = time_of(this)
    if t is None:
        raise JSThrow("TypeError", "this is not a Date object.")
    return t


def _locale_args(args: list[Any], what: str) -> None:
    locale = args[0] if args else UNDEFINED
    if (locale is not UNDEFINED and locale != "en-US") or len(args) > 1:
        raise Unsupported(f"Date.prototype.{what} with locales or options other than 'en-US'")


def date_methods(realm: Interpreter, make: Callable[[float], JSObject]) -> dict[str, Method]:
    """Date.prototype's methods by name."""
    out: dict[str, Method] = {}

    def getter(index: int, utc: bool) -> Method:
        def get(this: Any, args: list[Any]) -> Any:
            t = _this_time(this, "get")
            if not utc:
                _check_zone(realm)
            return math.nan if math.isnan(t) else float(fields_of(t)[index])

        return get

    def setter(first: int, most: int, utc: bool) -> Method:
        def set_(this: Any, args: list[Any]) -> Any:
            t = _this_time(this, "set")
            if not utc:
                _check_zone(realm)
            if math.isnan(t):
                if first != 0:
                    return math.nan
                t = 0.0
            fields: list[float] = [float(f) for f in fields_of(t)[:7]]
            given = [to_number(a) for a in args[:most]] or [math.nan]
            fields[first : first + len(given)] = given
            new = make_time_value(fields)
            this.internal.time = new
            return new

        return set_

    for name, index in _GETTERS.items():
        out[f"get{name}"] = getter(index, False)
        out[f"getUTC{name}"] = getter(index, True)
    for name, (first, most) in _SETTERS.items():
        out[f"set{name}"] = setter(first, most, False)
        out[f"setUTC{name}"] = setter(first, most, True)

    def set_time(this: Any, args: list[Any]) -> Any:
        _this_time(this, "setTime")
        this.internal.time = time_clip(to_number(args[0] if args else UNDEFINED))
        return this.internal.time

    def text(fn: Callable[[float], str], invalid: str = "Invalid Date", local: bool = True,
             locale: str = "") -> Method:  # fmt: skip
        def show(this: Any, args: list[Any]) -> Any:
            t = _this_time(this, "toString")
            if locale:
                _locale_args(args, locale)
            if local:
                _check_zone(realm)
            if math.isnan(t):
                if not invalid:
                    raise JSThrow("RangeError", "Invalid time value")
                return invalid
            return fn(t)

        return show

    def offset(this: Any, args: list[Any]) -> Any:
        t = _this_time(this, "getTimezoneOffset")
        _check_zone(realm)
        return math.nan if math.isnan(t) else 0.0

    out.update(
        getTime=lambda this, args: _this_time(this, "getTime"),
        valueOf=lambda this, args: _this_time(this, "valueOf"),
        getTimezoneOffset=offset,
        setTime=set_time,
        toISOString=text(iso_text, "", False),
        toJSON=lambda this, args: json_of(_this_time(this, "toJSON")),
        toString=text(lambda t: f"{date_text(t)} {time_text(t)}"),
        toDateString=text(date_text),
        toTimeString=text(time_text),
        toUTCString=text(utc_text, local=False),
        toGMTString=text(utc_text, local=False),
        toLocaleDateString=text(locale_date, locale="toLocaleDateString"),
        toLocaleTimeString=text(locale_time, locale="toLocaleTimeString"),
        toLocaleString=text(
            lambda t: f"{locale_date(t)}, {locale_time(t)}", locale="toLocaleString"
        ),
    )
    del make
    return out


def install_date(realm: Interpreter) -> None:
    """Date and Date.prototype in a realm."""
    proto = JSObject({}, cls="<prototype>")
    realm.protos["Date"] = proto

    def make(t: float) -> JSObject:
        return JSObject({}, proto=proto, cls="Date", internal=DateState(time_clip(t)))

    def construct(this: Any, args: list[Any]) -> Any:
        if not (isinstance(this, JSObject) and this.cls):  # called, not constructed
            t = now_ms(realm)
            return "Invalid Date" if math.isnan(t) else f"{date_text(t)} {time_text(t)}"
        if not args:
            t = now_ms(realm)
        elif len(args) == 1:
            given = time_of(args[0])
            if given is not None:
                t = given
            else:
                value = to_primitive(args[0])
                t = parse_date(value) if isinstance(value, str) else to_number(value)
        else:
            t = local_fields(realm, args)
        this.internal = DateState(time_clip(t))
        return this

    def local_fields(realm: Interpreter, args: list[Any]) -> float:
        _check_zone(realm)
        fields = [to_number(a) for a in args[:7]]
        fields += [1.0 if len(fields) == 2 else 0.0] * (7 - len(fields))
        if len(args) < 3:
            fields[2] = 1.0
        year = fields[0]
        if not math.isnan(year) and 0 <= math.trunc(year) <= 99:
            fields[0] = 1900.0 + math.trunc(year)
        return make_time_value(fields)

    ctor = JSFunction("Date", lambda args: construct(UNDEFINED, args), method=construct,
                      props={"prototype": proto})  # fmt: skip
    proto.props["constructor"] = ctor
    ctor.props["now"] = JSFunction("now", lambda args: now_ms(realm))
    ctor.props["parse"] = JSFunction("parse", lambda args: parse_date(
        to_string(args[0] if args else UNDEFINED)))  # fmt: skip
    ctor.props["UTC"] = JSFunction("UTC", lambda args: local_fields(realm, args) if args
                                   else math.nan)  # fmt: skip
    for name, fn in date_methods(realm, make).items():
        proto.props[name] = JSFunction(name, method=fn)
    realm.builtins["Date"] = ctor
