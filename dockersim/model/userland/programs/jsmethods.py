"""The methods of arrays, strings, numbers and functions in the node evaluator (jseval), as
`method_table(realm, kind)` gives them by name (jsprotos looks a property up through them).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSThrow,
    Unsupported,
    less_than,
    number_text,
    strict_equals,
    to_number,
    to_string,
    truthy,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

Method = Callable[[Any, list[Any]], Any]


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def _index(value: Any, size: int, default: int) -> int:
    """A relative index (negative from the end), clamped to 0..size."""
    if value is UNDEFINED:
        return default
    n = to_number(value)
    if math.isnan(n):
        return 0
    i = int(n) if not math.isinf(n) else (size if n > 0 else -size)
    return max(0, size + i) if i < 0 else min(i, size)


def _same_value_zero(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return strict_equals(a, b)


def _callback(realm: Interpreter, fn: Any, name: str) -> Any:
    if not isinstance(fn, JSFunction):
        raise JSThrow("TypeError", f"{realm.shown(fn)} is not a function")
    return fn


def _sort_key(realm: Interpreter, compare: Any) -> Any:
    def default(a: Any, b: Any) -> int:
        if a is UNDEFINED or b is UNDEFINED:
            return (a is UNDEFINED) - (b is UNDEFINED)
        x, y = to_string(a), to_string(b)
        return -1 if less_than(x, y) else (1 if less_than(y, x) else 0)

    if compare is UNDEFINED:
        return functools.cmp_to_key(default)

    def custom(a: Any, b: Any) -> int:
        if a is UNDEFINED or b is UNDEFINED:
            return (a is UNDEFINED) - (b is UNDEFINED)
        n = to_number(realm.call_sync(compare, UNDEFINED, [a, b]))
        return 0 if math.isnan(n) or n == 0 else (1 if n > 0 else -1)

    return functools.cmp_to_key(custom)


def _array_methods(realm: Interpreter) -> dict[str, Method]:
    call = realm.call_sync

    def each(arr: JSArray, args: list[Any], name: str) -> Any:
        fn = _callback(realm, _arg(args, 0), name)
        this = _arg(args, 1)
        for i, item in enumerate(list(arr.items)):
            if item is not HOLE:
                yield i, item, call(fn, this, [item, float(i), arr])

    def map_(arr: JSArray, args: list[Any]) -> Any:
        out: list[Any] = [HOLE] * len(arr.items)
        for i, _, value in each(arr, args, "map"):
            out[i] = value
        return JSArray(out)

    def find(arr: JSArray, args: list[Any], want: str) -> Any:
        fn = _callback(realm, _arg(args, 0), "find")
        items = list(arr.items)
        order = range(len(items) - 1, -1, -1) if want.endswith("last") else range(len(items))
        for i in order:
            item = UNDEFINED if items[i] is HOLE else items[i]
            if truthy(call(fn, _arg(args, 1), [item, float(i), arr])):
                return item if not want.startswith("index") else float(i)
        return UNDEFINED if not want.startswith("index") else -1.0

    def reduce(arr: JSArray, args: list[Any], right: bool = False) -> Any:
        fn = _callback(realm, _arg(args, 0), "reduce")
        items = [(i, v) for i, v in enumerate(arr.items) if v is not HOLE]
        if right:
            items.reverse()
        if len(args) > 1:
            acc = args[1]
        elif items:
            acc = items.pop(0)[1]
        else:
            raise JSThrow("TypeError", "Reduce of empty array with no initial value")
        for i, item in items:
            acc = call(fn, UNDEFINED, [acc, item, float(i), arr])
        return acc

    def push(arr: JSArray, args: list[Any]) -> Any:
        realm.grow(len(args))
        arr.items.extend(args)
        return float(len(arr.items))

    def splice(arr: JSArray, args: list[Any]) -> Any:
        size = len(arr.items)
        start = _index(_arg(args, 0), size, 0)
        count = (
            size - start
            if len(args) < 2
            else max(0, min(int(to_number(args[1]) or 0), size - start))
        )
        removed = arr.items[start : start + count]
        arr.items[start : start + count] = list(args[2:])
        return JSArray(removed)

    def join(arr: JSArray, args: list[Any]) -> Any:
        sep = "," if _arg(args, 0) is UNDEFINED else to_string(args[0])
        parts = ["" if v in (UNDEFINED, NULL, HOLE) else to_string(v) for v in arr.items]
        return realm.string(sep.join(parts))

    def index_of(arr: JSArray, args: list[Any], last: bool = False) -> Any:
        target = _arg(args, 0)
        indices = range(len(arr.items) - 1, -1, -1) if last else range(
            _index(_arg(args, 1), len(arr.items), 0), len(arr.items))  # fmt: skip
        for i in indices:
            if arr.items[i] is not HOLE and strict_equals(arr.items[i], target):
                return float(i)
        return -1.0

    def concat(arr: JSArray, args: list[Any]) -> Any:
        out = list(arr.items)
        for arg in args:
            out.extend(arg.items if isinstance(arg, JSArray) else [arg])
        realm.grow(len(out))
        return JSArray(out)

    def flat(arr: JSArray, args: list[Any]) -> Any:
        wanted = 1.0 if _arg(args, 0) is UNDEFINED else to_number(args[0])
        depth = 0 if math.isnan(wanted) else int(min(wanted, 10_000))

        def go(items: list[Any], level: int) -> list[Any]:
            out: list[Any] = []
            for item in items:
                if isinstance(item, JSArray) and level > 0:
                    out += go(item.items, level - 1)
                elif item is not HOLE:
                    out.append(item)
            return out

        return JSArray(go(arr.items, depth))

    def sort(arr: JSArray, args: list[Any]) -> Any:
        present = [v for v in arr.items if v is not HOLE]
        holes = len(arr.items) - len(present)
        arr.items[:] = sorted(present, key=_sort_key(realm, _arg(args, 0))) + [HOLE] * holes
        return arr

    def fill(arr: JSArray, args: list[Any]) -> Any:
        size = len(arr.items)
        for i in range(_index(_arg(args, 1), size, 0), _index(_arg(args, 2), size, size)):
            arr.items[i] = _arg(args, 0)
        return arr

    def at(arr: JSArray, args: list[Any]) -> Any:
        i = int(to_number(_arg(args, 0)) or 0)
        i = i + len(arr.items) if i < 0 else i
        return arr.items[i] if 0 <= i < len(arr.items) and arr.items[i] is not HOLE else UNDEFINED

    def slice_(arr: JSArray, args: list[Any]) -> Any:
        size = len(arr.items)
        return JSArray(
            arr.items[_index(_arg(args, 0), size, 0) : _index(_arg(args, 1), size, size)]
        )

    def unshift(arr: JSArray, args: list[Any]) -> Any:
        arr.items[0:0] = args
        return float(len(arr.items))

    return {
        "map": map_,
        "forEach": lambda arr, args: [None for _ in each(arr, args, "forEach")] and UNDEFINED,
        "filter": lambda arr, args: JSArray([item for _, item, keep in each(arr, args, "filter")
                                             if truthy(keep)]),
        "some": lambda arr, args: any(truthy(k) for _, _, k in each(arr, args, "some")),
        "every": lambda arr, args: all(truthy(k) for _, _, k in each(arr, args, "every")),
        "find": lambda arr, args: find(arr, args, "item"),
        "findIndex": lambda arr, args: find(arr, args, "index"),
        "findLast": lambda arr, args: find(arr, args, "itemlast"),
        "findLastIndex": lambda arr, args: find(arr, args, "indexlast"),
        "reduce": reduce,
        "reduceRight": lambda arr, args: reduce(arr, args, True),
        "push": push,
        "pop": lambda arr, args: arr.items.pop() if arr.items else UNDEFINED,
        "shift": lambda arr, args: arr.items.pop(0) if arr.items else UNDEFINED,
        "unshift": unshift,
        "slice": slice_,
        "splice": splice,
        "join": join,
        "toString": lambda arr, args: join(arr, []),
        "includes": lambda arr, args: any(_same_value_zero(v, _arg(args, 0)) for v in arr.items),
        "indexOf": index_of,
        "lastIndexOf": lambda arr, args: index_of(arr, args, True),
        "concat": concat,
        "reverse": lambda arr, args: (arr.items.reverse(), arr)[1],
        "sort": sort,
        "flat": flat,
        "flatMap": lambda arr, args: flat(map_(arr, args), []),
        "fill": fill,
        "at": at,
        "keys": lambda arr, args: JSArray([float(i) for i in range(len(arr.items))]),
        "values": lambda arr, args: JSArray(list(arr.items)),
        "entries": lambda arr, args: JSArray(
            [JSArray([float(i), v]) for i, v in enumerate(arr.items)]),
        "toSorted": lambda arr, args: sort(JSArray(list(arr.items)), args),
        "toReversed": lambda arr, args: JSArray(arr.items[::-1]),
    }  # fmt: skip


def _string_methods(realm: Interpreter) -> dict[str, Method]:
    def pad(text: str, args: list[Any], start: bool) -> str:
        width = int(to_number(_arg(args, 0)) or 0)
        filler = " " if _arg(args, 1) is UNDEFINED else to_string(args[1])
        if width <= len(text) or not filler:
            return text
        need = width - len(text)
        fill = realm.string((filler * (need // len(filler) + 1))[:need])
        return fill + text if start else text + fill

    def split(text: str, args: list[Any]) -> Any:
        sep, limit = _arg(args, 0), _arg(args, 1)
        if sep is UNDEFINED:
            parts = [text]
        elif not isinstance(sep, str):
            from dockersim.model.userland.programs.jsregexp import regexp_split, state_of

            rx = state_of(sep)
            if rx is not None:
                return regexp_split(realm, text, rx, limit)
            return split(text, [to_string(sep), limit])
        elif sep == "":
            parts = list(text)
        else:
            parts = text.split(sep)
        if limit is not UNDEFINED:
            parts = parts[: int(to_number(limit))]
        return JSArray(list(parts))

    def replace(text: str, args: list[Any], every: bool) -> str:
        pattern, value = _arg(args, 0), _arg(args, 1)
        from dockersim.model.userland.programs.jsregexp import regexp_replace, state_of

        rx = state_of(pattern)
        if rx is not None:
            return regexp_replace(realm, text, rx, value, every)
        pattern_text = to_string(pattern)

        def swap(found: int) -> str:
            if isinstance(value, JSFunction):
                return to_string(
                    realm.call_sync(value, UNDEFINED, [pattern_text, float(found), text])
                )
            from dockersim.model.userland.programs.jsregexp import substitute

            return substitute(to_string(value), pattern_text, text, found, [], UNDEFINED)

        if not every:
            at = text.find(pattern_text)
            return text if at < 0 else text[:at] + swap(at) + text[at + len(pattern_text) :]
        out, start = [], 0
        while True:
            at = text.find(pattern_text, start)
            if at < 0 or (not pattern_text and start > len(text)):
                break
            out += [text[start:at], swap(at)]
            start = at + max(len(pattern_text), 1)
        return realm.string("".join(out) + text[start:])

    def slice_(text: str, args: list[Any]) -> str:
        size = len(text)
        return text[_index(_arg(args, 0), size, 0) : _index(_arg(args, 1), size, size)]

    def substring(text: str, args: list[Any]) -> str:
        size = len(text)
        a = max(0, min(size, int(to_number(_arg(args, 0)) or 0)))
        b = size if _arg(args, 1) is UNDEFINED else max(0, min(size, int(to_number(args[1]) or 0)))
        return text[min(a, b) : max(a, b)]

    from dockersim.model.userland.programs.jsvalues import SPACES

    return {
        "toUpperCase": lambda s, a: s.upper(),
        "toLowerCase": lambda s, a: s.lower(),
        "trim": lambda s, a: s.strip(SPACES),
        "trimStart": lambda s, a: s.lstrip(SPACES),
        "trimEnd": lambda s, a: s.rstrip(SPACES),
        "split": split,
        "includes": lambda s, a: to_string(_arg(a, 0)) in s,
        "startsWith": lambda s, a: s.startswith(
            to_string(_arg(a, 0)), _index(_arg(a, 1), len(s), 0)),
        "endsWith": lambda s, a: s.endswith(to_string(_arg(a, 0))),
        "indexOf": lambda s, a: float(s.find(to_string(_arg(a, 0)), _index(_arg(a, 1), len(s), 0))),
        "lastIndexOf": lambda s, a: float(s.rfind(to_string(_arg(a, 0)))),
        "slice": slice_,
        "substring": substring,
        "replace": lambda s, a: replace(s, a, False),
        "replaceAll": lambda s, a: replace(s, a, True),
        "padStart": lambda s, a: pad(s, a, True),
        "padEnd": lambda s, a: pad(s, a, False),
        "repeat": lambda s, a: realm.string(s * max(0, int(to_number(_arg(a, 0)) or 0))),
        "charAt": lambda s, a: _char(s, a) or "",
        "charCodeAt": lambda s, a: float(ord(_char(s, a))) if _char(s, a) else math.nan,
        "at": lambda s, a: JSArray(list(s)) and _string_at(s, a),
        "concat": lambda s, a: realm.string(s + "".join(to_string(x) for x in a)),
        "toString": lambda s, a: s,
        "valueOf": lambda s, a: s,
        "localeCompare": lambda s, a: _compare(s, to_string(_arg(a, 0))),
        **_regexp_methods(realm),
    }  # fmt: skip


def _regexp_methods(realm: Interpreter) -> dict[str, Method]:
    from dockersim.model.userland.programs.jsregexp import string_regexp_methods

    return string_regexp_methods(realm)


def _char(text: str, args: list[Any]) -> str:
    """The character at an index argument, or ''."""
    n = to_number(_arg(args, 0))
    i = 0 if math.isnan(n) else int(n)
    return text[i] if 0 <= i < len(text) else ""


def _compare(a: str, b: str) -> float:
    return float((a > b) - (a < b))


def _string_at(text: str, args: list[Any]) -> Any:
    i = int(to_number(_arg(args, 0)) or 0)
    i = i + len(text) if i < 0 else i
    return text[i] if 0 <= i < len(text) else UNDEFINED


def _to_fixed(x: float, args: list[Any]) -> str:
    digits = int(to_number(_arg(args, 0)) or 0)
    if not 0 <= digits <= 100:
        raise JSThrow("RangeError", "toFixed() digits argument must be between 0 and 100")
    if math.isnan(x) or abs(x) >= 1e21:
        return number_text(x)
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{exact:f}"
    return "0" + text[2:] if text.startswith("-0") and float(exact) == 0 and x > -0.5 else text


def _number_string(x: float, args: list[Any]) -> str:
    radix = _arg(args, 0)
    if radix is UNDEFINED or to_number(radix) == 10:
        return number_text(x)
    base = int(to_number(radix))
    if not 2 <= base <= 36:
        raise JSThrow("RangeError", "toString() radix must be between 2 and 36")
    if x != int(x):
        from dockersim.model.userland.programs.jsvalues import Unsupported

        raise Unsupported("Number.prototype.toString of a fraction in another radix")
    n, digits, out = int(abs(x)), "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while True:
        n, r = divmod(n, base)
        out = digits[r] + out
        if n == 0:
            break
    return ("-" if x < 0 else "") + out


def _function_methods(realm: Interpreter) -> dict[str, Method]:
    def bind(fn: Any, args: list[Any]) -> Any:
        this, bound = _arg(args, 0), list(args[1:])
        return JSFunction(
            f"bound {fn.name}", method=lambda _, more: realm.call_sync(fn, this, bound + more)
        )

    def apply(fn: Any, args: list[Any]) -> Any:
        extra = _arg(args, 1)
        return realm.call_sync(
            fn, _arg(args, 0), list(extra.items) if isinstance(extra, JSArray) else []
        )

    return {
        "call": lambda fn, args: realm.call_sync(fn, _arg(args, 0), list(args[1:])),
        "apply": apply,
        "bind": bind,
        "toString": lambda fn, args: realm.source_of(fn),
    }


def method_table(realm: Interpreter, kind: str) -> dict[str, Method]:
    """The built-in methods of a kind of value ("array", "string", "number", "function",
    "object") by name, each called with its `this` first; made once a realm."""
    cache = realm.method_tables
    table = cache.get(kind)
    if table is None:
        table = cache[kind] = _TABLES[kind](realm)
    return table


def _number_methods(realm: Interpreter) -> dict[str, Method]:
    return {"toFixed": _to_fixed, "toString": _number_string, "valueOf": lambda x, a: x}


def _object_methods(realm: Interpreter) -> dict[str, Method]:
    def to_text(o: Any, args: list[Any]) -> str:
        if o.internal is not None:  # [object Date], [object Map], ...
            raise Unsupported("Object.prototype.toString of a built-in object")
        return "[object Object]"

    return {"hasOwnProperty": lambda o, a: to_string(_arg(a, 0)) in o.props, "toString": to_text}


_TABLES: dict[str, Callable[[Interpreter], dict[str, Method]]] = {
    "array": _array_methods,
    "string": _string_methods,
    "number": _number_methods,
    "function": _function_methods,
    "object": _object_methods,
}
