"""JavaScript values for the node evaluator (jseval), and the conversions the language defines.

A number is a Python float (never an int: JavaScript has one number type), a string a str, a
boolean a bool; `undefined` and `null` are the singletons UNDEFINED and NULL. Arrays and plain
objects are `JSArray` and `JSObject`, compared by identity as JavaScript compares them. The
host's objects (`Math`, `console`, `process`) are `JSObject`s with a `tag`; its functions are
`JSFunction`s. The conversions follow ECMAScript's abstract operations (ToString, ToNumber,
ToBoolean, IsLooselyEqual, IsLessThan); numbers print as Number::toString prints them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any


class _Singleton:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNDEFINED: Any = _Singleton("undefined")
NULL: Any = _Singleton("null")
#: an array's empty slot (`[1, , 2]`, or past its end after `a[5] = 1`): reads as undefined
HOLE: Any = _Singleton("<empty>")
#: a `let`/`const` binding not yet initialised (the temporal dead zone)
TDZ: Any = _Singleton("<tdz>")

#: V8's longest string (String::kMaxLength on 64-bit hosts)
MAX_STRING = (1 << 29) - 24


class JSArray:
    """An array: its elements (HOLE where a slot is empty)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items


class ExtraArray(JSArray):
    """An array with named properties of its own too (a RegExp match's `index`, `input`,
    `groups`)."""

    __slots__ = ("props",)

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self.props: dict[str, Any] = {}


class JSObject:
    """An object: its own properties in insertion order, and its prototype (None: a plain
    object's, Object.prototype). `tag` names a host object (`Math`); `opaque` ones cannot be
    shown (`console`, `process`: not simulated). `cls` is the constructor's name inspect
    shows (`Foo { a: 1 }`), `internal` what a built-in keeps inside (a promise's state, an
    error's stack). `hidden` are own keys that are not enumerable (a class's methods, the
    built-in prototypes' members, `constructor`)."""

    __slots__ = (
        "cls", "coerce", "hidden", "internal", "known", "opaque", "props", "proto", "tag",
    )  # fmt: skip

    def __init__(
        self,
        props: dict[str, Any] | None = None,
        tag: str = "",
        opaque: bool = False,
        known: frozenset[str] = frozenset(),
        coerce: bool = False,
        proto: JSObject | None = None,
        cls: str = "",
        internal: Any = None,
    ) -> None:
        self.props = props if props is not None else {}
        self.tag = tag
        self.opaque = opaque
        #: the host object's real members that are not simulated
        self.known = known
        #: `process.env`: what is stored in it becomes a string
        self.coerce = coerce
        self.proto = proto
        self.cls = cls
        self.internal = internal
        self.hidden: frozenset[str] | set[str] = _NO_KEYS

    def ordered_keys(self) -> list[str]:
        """Own enumerable keys in JavaScript's order: integer keys ascending, then the rest as
        added."""
        hidden = self.hidden
        keys = [k for k in self.props if k not in hidden] if hidden else list(self.props)
        index = sorted((k for k in keys if is_index(k)), key=int)
        return index + [k for k in keys if not is_index(k)]

    def hide(self, *keys: str) -> None:
        """Make own keys not enumerable."""
        self.hidden = set(self.hidden) | set(keys)


_NO_KEYS: frozenset[str] = frozenset()


class JSFunction:
    """A host function (`console.log`, `Math.max`): called with its arguments (`method`:
    with `this` first). `props` are its own properties (a constructor's `prototype`)."""

    __slots__ = ("call", "method", "name", "props")

    def __init__(
        self,
        name: str,
        call: Callable[[list[Any]], Any] | None = None,
        method: Callable[[Any, list[Any]], Any] | None = None,
        props: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.call = call if call is not None else (lambda args: self.invoke(UNDEFINED, args))
        self.method = method
        self.props = props if props is not None else {}

    def invoke(self, this: Any, args: list[Any]) -> Any:
        """Call it with `this` (host functions only; jseval calls scripts' own)."""
        if self.method is not None:
            return self.method(this, args)
        return self.call(args)


class ErrorInfo:
    """What an error keeps: the stack frames captured when it was made."""

    __slots__ = ("frames", "thrown")

    def __init__(self, frames: str) -> None:
        self.frames = frames
        #: where a `throw` first threw it: (module, offset), for node's report of it
        self.thrown: Any = None


class JSThrow(Exception):
    """A JavaScript error thrown and not caught: its constructor's name, its message, and
    where in the source V8 reports it (an offset; None: no place)."""

    def __init__(self, name: str, message: str, at: int | None = None, value: Any = None) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.at = at
        #: the value a script threw (None: an error the evaluator raised, made on catching)
        self.value = value
        #: the module (file name, text) `at` is in
        self.module: Any = None


class JSSyntaxError(Exception):
    """Source V8 does not parse: its message and the span it marks. `at_end` when it ran out
    of input (the REPL then reads another line)."""

    def __init__(self, message: str, start: int, end: int, at_end: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.at_end = at_end


class Unsupported(Exception):
    """Code outside the subset; str() says what ("functions", "String.prototype.trim")."""


def words(text: str) -> frozenset[str]:
    """The words of a list written as text."""
    return frozenset(text.split())


def is_index(key: str) -> bool:
    """An array index as a property key: a canonical non-negative integer below 2**32-1."""
    canonical = key.isdigit() and key.isascii() and (key == "0" or key[0] != "0")
    return canonical and int(key) < 2**32 - 1


# --- types and conversions -------------------------------------------------------------------
def type_of(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, JSFunction):
        return "function"
    return "object"  # null, arrays, objects


def number_text(x: float) -> str:
    """Number::toString(10): the shortest digits that read back as x, positioned as
    ECMAScript says (no exponent from 1e-6 up to 1e21)."""
    if math.isnan(x):
        return "NaN"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + number_text(-x)
    if math.isinf(x):
        return "Infinity"
    mantissa, _, exp = repr(x).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    # x = 0.DIGITS * 10**n
    n = len(whole) + (int(exp) if exp else 0)
    n -= len(digits) - len(digits.lstrip("0"))
    digits = digits.strip("0")
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    sign = "+" if e >= 0 else "-"
    head = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{head}e{sign}{abs(e)}"


def to_string(value: Any, depth: int = 0, seen: tuple[int, ...] = ()) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if value is UNDEFINED:
        return "undefined"
    if value is NULL:
        return "null"
    if isinstance(value, JSArray):
        if id(value) in seen:  # Array.prototype.join skips what is being joined already
            return ""
        if depth > 200:
            raise JSThrow("RangeError", "Maximum call stack size exceeded")
        inner = (*seen, id(value))
        return ",".join(
            "" if item is UNDEFINED or item is NULL or item is HOLE
            else to_string(item, depth + 1, inner)
            for item in value.items
        )  # fmt: skip
    if isinstance(value, JSFunction):
        return f"function {value.name}() {{ [native code] }}"
    if isinstance(value, JSObject):
        owner: JSObject | None = value
        while owner is not None and not value.tag:  # a class's toString, an error's
            method = owner.props.get("toString")
            if isinstance(method, JSFunction):
                result = method.invoke(value, [])
                if isinstance(result, JSArray | JSObject | JSFunction):
                    return f"[object {value.tag or 'Object'}]"
                return to_string(result)
            owner = owner.proto
        return f"[object {value.tag or 'Object'}]"
    raise TypeError(value)


_DECIMAL = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Infinity)")
#: what String.prototype.trim removes (WhiteSpace and LineTerminator)
SPACES = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # noqa: E501


def string_number(text: str) -> float:
    """StringToNumber: `'  42 '` is 42, `''` is 0, `'0x1F'` 31, anything else NaN."""
    text = text.strip(SPACES)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    for prefix, base, digits in (("0x", 16, "0123456789abcdef"), ("0o", 8, "01234567"),
                                 ("0b", 2, "01")):  # fmt: skip
        if text[:2].lower() == prefix and text[2:] and all(c in digits for c in text[2:].lower()):
            return float(int(text[2:], base))
    return math.nan


def to_number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return string_number(value)
    if value is UNDEFINED:
        return math.nan
    if value is NULL:
        return 0.0
    if isinstance(value, JSFunction):
        return math.nan
    time = _date_time(value)
    if time is not None:
        return time
    return string_number(to_string(value))


def _date_time(value: Any) -> float | None:
    """A Date's time value (its valueOf), or None for other values."""
    if isinstance(value, JSObject) and type(value.internal).__name__ == "DateState":
        return float(value.internal.time)
    return None


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return value is not UNDEFINED and value is not NULL


def to_primitive(value: Any) -> Any:
    """ToPrimitive with no hint: an object's valueOf is itself, so its toString (a class's
    own, an error's; a plain object's `[object Object]`)."""
    if isinstance(value, (JSArray, JSObject, JSFunction)):
        return to_string(value)
    return value


def property_key(value: Any) -> str:
    return to_string(to_primitive(value))


def strict_equals(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a is b


def _is_object(value: Any) -> bool:
    return isinstance(value, (JSArray, JSObject, JSFunction))


def loose_equals(a: Any, b: Any) -> bool:
    """IsLooselyEqual (`==`)."""
    if type_of(a) == type_of(b) and (a is NULL) == (b is NULL):
        return strict_equals(a, b)
    nullish = (UNDEFINED, NULL)
    if a in nullish or b in nullish:
        return a in nullish and b in nullish
    if isinstance(a, bool):
        return loose_equals(to_number(a), b)
    if isinstance(b, bool):
        return loose_equals(a, to_number(b))
    if isinstance(a, float) and isinstance(b, str):
        return a == string_number(b)
    if isinstance(a, str) and isinstance(b, float):
        return string_number(a) == b
    if _is_object(a) and not _is_object(b):
        return loose_equals(to_primitive(a), b)
    if _is_object(b) and not _is_object(a):
        return loose_equals(a, to_primitive(b))
    return False


def utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(utf16(text)) // 2


def utf16_at(text: str, index: int) -> str | None:
    """The code unit at `index` (None past the end)."""
    if text.isascii():
        return text[index] if 0 <= index < len(text) else None
    units = utf16(text)
    if not 0 <= index < len(units) // 2:
        return None
    return units[2 * index : 2 * index + 2].decode("utf-16-be", "surrogatepass")


def less_than(a: Any, b: Any) -> bool | None:
    """IsLessThan (`a < b`); None when a NaN makes it undefined."""
    a = _date_time(a) if _date_time(a) is not None else to_primitive(a)
    b = _date_time(b) if _date_time(b) is not None else to_primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return utf16(a) < utf16(b)
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return None
    return x < y


def parse_int(text: str, radix: Any) -> float:
    """parseInt(text, radix)."""
    text = text.lstrip(SPACES)
    sign = -1.0 if text[:1] == "-" else 1.0
    text = text[1:] if text[:1] in "+-" else text
    base = int(to_number(radix)) if radix is not UNDEFINED else 0
    if base == 0 or math.isnan(to_number(radix)):
        base = 10
        if text[:2].lower() == "0x":
            base, text = 16, text[2:]
    elif base == 16 and text[:2].lower() == "0x":
        text = text[2:]
    if not 2 <= base <= 36:
        return math.nan
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    end = 0
    while end < len(text) and text[end].lower() in digits:
        end += 1
    if end == 0:
        return math.nan
    return sign * float(int(text[:end], base))


def parse_float(text: str) -> float:
    """parseFloat(text): the longest decimal prefix."""
    text = text.lstrip(SPACES)
    found = re.match(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)", text)
    if found is None:
        return math.nan
    return float(found.group(0).replace("Infinity", "inf"))


# --- arithmetic --------------------------------------------------------------------------------
def divide(x: float, y: float) -> float:
    if y == 0:
        if x == 0 or math.isnan(x):
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def remainder(x: float, y: float) -> float:
    if y == 0 or math.isinf(x) or math.isnan(x) or math.isnan(y):
        return math.nan
    if math.isinf(y):
        return x
    return math.fmod(x, y)


def _odd_integer(y: float) -> bool:
    return y.is_integer() and abs(y) < 2**53 and int(y) % 2 == 1


def power(x: float, y: float) -> float:
    """Number::exponentiate (`**`, Math.pow)."""
    if math.isnan(y):
        return math.nan
    if y == 0:
        return 1.0
    if math.isnan(x) or (abs(x) == 1 and math.isinf(y)):
        return math.nan
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0 and _odd_integer(y) else math.inf
    except ValueError:  # 0 to a negative power, or a negative base to a fraction
        if x == 0:
            negative = math.copysign(1.0, x) < 0 and _odd_integer(y)
            return -math.inf if negative else math.inf
        return math.nan
