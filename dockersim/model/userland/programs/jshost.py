"""What node puts around the evaluator's code: `console`, `Math`, `process` and a few global
functions, and the names of what it has but dockersim does not simulate.

A name in UNSUPPORTED_GLOBALS, or a member of a built-in prototype (`'abc'.toUpperCase`,
`[1].map`), is real in node: using it says it is not simulated instead of answering
`undefined` or `x is not defined`, which would be a lie.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.userland.programs.jsinspect import format_args
from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    parse_float,
    parse_int,
    power,
    to_number,
    to_string,
    truthy,
    words,
)

OBJECT_METHODS = words(
    """constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString
    valueOf __proto__ __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__"""
)
STRING_METHODS = OBJECT_METHODS | words(
    """at charAt charCodeAt codePointAt concat endsWith includes indexOf isWellFormed
    lastIndexOf localeCompare match matchAll normalize padEnd padStart repeat replace replaceAll
    search slice split startsWith substr substring toLocaleLowerCase toLocaleUpperCase
    toLowerCase toUpperCase toWellFormed trim trimEnd trimLeft trimRight trimStart anchor big
    blink bold fixed fontcolor fontsize italics link small strike sub sup"""
)
ARRAY_METHODS = OBJECT_METHODS | words(
    """at concat copyWithin entries every fill filter find findIndex findLast findLastIndex
    flat flatMap forEach includes indexOf join keys lastIndexOf map pop push reduce reduceRight
    reverse shift slice some sort splice toReversed toSorted toSpliced unshift values
    with"""
)
NUMBER_METHODS = OBJECT_METHODS | words("toExponential toFixed toPrecision")
MATH_MEMBERS = words(
    """abs acos acosh asin asinh atan atanh atan2 ceil cbrt expm1 clz32 cos cosh exp floor
    fround hypot imul log log1p log2 log10 max min pow random round sign sin sinh sqrt tan
    tanh trunc E LN10 LN2 LOG10E LOG2E PI SQRT1_2 SQRT2"""
)
#: node's globals (and the REPL's built-in modules) that dockersim does not simulate
UNSUPPORTED_GLOBALS = words(
    """require module exports __dirname __filename Object Array Function Symbol Date RegExp
    Error TypeError RangeError SyntaxError ReferenceError EvalError URIError AggregateError
    Promise Map Set WeakMap WeakSet WeakRef FinalizationRegistry Proxy Reflect JSON BigInt
    Intl ArrayBuffer SharedArrayBuffer DataView Int8Array Uint8Array Uint8ClampedArray
    Int16Array Uint16Array Int32Array Uint32Array Float32Array Float64Array BigInt64Array
    BigUint64Array Atomics WebAssembly globalThis global setTimeout setInterval setImmediate
    clearTimeout clearInterval clearImmediate queueMicrotask structuredClone fetch Buffer URL
    URLSearchParams TextEncoder TextDecoder AbortController AbortSignal EventTarget Event
    MessageChannel MessagePort BroadcastChannel Blob File FormData Headers Request Response
    WebSocket performance crypto navigator atob btoa encodeURI encodeURIComponent decodeURI
    decodeURIComponent escape unescape eval Iterator assert async_hooks buffer child_process
    cluster constants dgram diagnostics_channel dns domain events fs http http2 https inspector
    net os path perf_hooks punycode querystring readline repl stream string_decoder sys timers
    tls trace_events tty url util v8 vm wasi worker_threads zlib"""
)


class JSExit(Exception):
    """process.exit(code)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def _extreme(args: list[Any], biggest: bool) -> float:
    """Math.max / Math.min: NaN if any is NaN; +0 is above -0."""
    best = -math.inf if biggest else math.inf
    numbers = [to_number(a) for a in args]
    for x in numbers:
        if math.isnan(x):
            return math.nan
        if x == best == 0:
            keep = (math.copysign(1, x) > 0) == biggest
            best = x if keep else best
        elif (x > best) == biggest and x != best:
            best = x
    return best


def _round(x: float) -> float:
    if math.isnan(x) or math.isinf(x):
        return x
    result = float(math.floor(x))
    if x - result >= 0.5:
        result += 1.0
    return math.copysign(0.0, x) if result == 0 else result


def _rounding(op: Callable[[float], int]) -> Callable[[float], float]:
    def rounded(x: float) -> float:
        if math.isnan(x) or math.isinf(x):
            return x
        result = float(op(x))
        return math.copysign(0.0, x) if result == 0 else result

    return rounded


def _sqrt(x: float) -> float:
    if math.isnan(x) or x < 0:
        return math.nan
    return x if x == 0 else math.sqrt(x)


def _sign(x: float) -> float:
    return x if math.isnan(x) or x == 0 else math.copysign(1.0, x)


def _math() -> JSObject:
    unary: dict[str, Callable[[float], float]] = {
        "abs": abs, "floor": _rounding(math.floor), "ceil": _rounding(math.ceil),
        "trunc": _rounding(math.trunc), "round": _round, "sqrt": _sqrt, "sign": _sign,
    }  # fmt: skip

    def one(name: str, fn: Callable[[float], float]) -> JSFunction:
        return JSFunction(name, lambda args: fn(to_number(_arg(args, 0))))

    props: dict[str, Any] = {name: one(name, fn) for name, fn in unary.items()}
    props["max"] = JSFunction("max", lambda args: _extreme(args, True))
    props["min"] = JSFunction("min", lambda args: _extreme(args, False))
    props["pow"] = JSFunction(
        "pow", lambda args: power(to_number(_arg(args, 0)), to_number(_arg(args, 1)))
    )
    props["PI"] = math.pi
    props["E"] = math.e
    return JSObject(props, tag="Math", known=MATH_MEMBERS)


def _exit_status(value: Any, otherwise: int) -> int:
    if value is UNDEFINED:
        return otherwise
    number = to_number(value)
    return 0 if math.isnan(number) or math.isinf(number) else int(number) & 0xFF


def host_globals(
    env: Mapping[str, str],
    version: str,
    argv: list[str],
    pid: int,
    cwd: str,
    arch: str,
    write: Callable[[str, str], None],
    room: Callable[[], int],
) -> dict[str, Any]:
    """The globals node gives a script: name -> value."""

    def printer(stream: str) -> Callable[[list[Any]], Any]:
        def show(args: list[Any]) -> Any:
            write(stream, format_args(args, room()) + "\n")
            return UNDEFINED

        return show

    console = JSObject(
        {name: JSFunction(name, printer(stream)) for name, stream in
         (("log", "stdout"), ("info", "stdout"), ("debug", "stdout"), ("error", "stderr"),
          ("warn", "stderr"))},
        tag="console", opaque=True,
    )  # fmt: skip
    process = JSObject(tag="process", opaque=True)

    def exit_(args: list[Any]) -> Any:
        code = process.props.get("exitCode", UNDEFINED)
        raise JSExit(_exit_status(_arg(args, 0), _exit_status(code, 0)))

    process.props.update(
        version=f"v{version}",
        env=JSObject(dict(env), coerce=True),
        argv=JSArray(list(argv)),
        platform="linux",
        arch=arch,
        pid=float(pid),
        exitCode=UNDEFINED,
        exit=JSFunction("exit", exit_),
        cwd=JSFunction("wrappedCwd", lambda args: cwd),
    )

    def number_of(args: list[Any]) -> float:
        return to_number(args[0]) if args else 0.0

    return {
        "undefined": UNDEFINED,
        "NaN": math.nan,
        "Infinity": math.inf,
        "console": console,
        "Math": _math(),
        "process": process,
        "Number": JSFunction("Number", number_of),
        "String": JSFunction("String", lambda args: to_string(args[0]) if args else ""),
        "Boolean": JSFunction("Boolean", lambda args: truthy(_arg(args, 0))),
        "parseInt": JSFunction(
            "parseInt", lambda args: parse_int(to_string(_arg(args, 0)), _arg(args, 1))
        ),
        "parseFloat": JSFunction("parseFloat", lambda args: parse_float(to_string(_arg(args, 0)))),
        "isNaN": JSFunction("isNaN", lambda args: math.isnan(to_number(_arg(args, 0)))),
        "isFinite": JSFunction("isFinite", lambda args: math.isfinite(to_number(_arg(args, 0)))),
    }


def exit_status(process: Any) -> int:
    """The status node ends with when nothing called process.exit (process.exitCode)."""
    if isinstance(process, JSObject):
        return _exit_status(process.props.get("exitCode", UNDEFINED), 0)
    return 0
