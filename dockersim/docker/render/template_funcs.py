"""The functions a docker ``--format`` template can call.

Go's builtins (``text/template/funcs.go``, Go 1.25) and docker's own (docker/cli
``templates/templates.go``): ``json`` (``encoding/json`` with HTML escaping off, trailing
newline trimmed), ``split`` (``strings.Split``), ``join``, ``title`` (``strings.Title``),
``lower``, ``upper``, ``pad`` (spaces around a non-empty string) and ``truncate`` (the first n
bytes). ``HEADER_FUNCS`` are docker's ``HeaderFunctions``: for table headers they return their
first argument unchanged.

Parameter kinds: ``any`` (``interface{}``), ``value`` (``reflect.Value``: the raw value, nil
included), ``string``, ``int``, ``[]string``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from dockersim.docker.render.gofmt_printf import sprint, sprintf, sprintln
from dockersim.docker.render.gojson import UnsupportedValue, go_json
from dockersim.docker.render.govalues import (
    MISSING,
    NIL_MAP,
    NIL_SLICE,
    GoNil,
    GoStruct,
    elem_zero,
    is_true,
    type_name,
)


class FuncError(Exception):
    """An error a function returns: printed ``error calling <name>: <message>``."""


class Func(NamedTuple):
    params: tuple[str, ...]
    variadic: bool
    impl: Callable[..., object]


GO_TYPES = {"any": "interface {}", "value": "reflect.Value"}


def _iface(v: object) -> object:
    """Go's ``indirectInterface``: a nil interface becomes the invalid value."""
    return MISSING if v is None else v


def _truth(v: object) -> bool:
    return is_true(_iface(v))


def _index_arg(index: object, cap: int) -> int:
    if type(index) is int:
        x = index
    elif index is MISSING:
        raise FuncError("cannot index slice/array with nil")
    else:
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    if x < 0 or x > cap:
        raise FuncError(f"index out of range: {x}")
    return x


def _index(item: object, *indexes: object) -> object:
    item = _iface(item)
    if item is MISSING:
        raise FuncError("index of untyped nil")
    for raw in indexes:
        index = _iface(raw)
        if isinstance(item, GoNil):
            raise FuncError("index of nil pointer")
        if isinstance(item, str):
            data = item.encode()
            x = _index_arg(index, len(data))
            if x == len(data):
                raise FuncError("reflect: string index out of range")
            item = data[x]
        elif isinstance(item, (list, tuple)):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise FuncError("reflect: slice index out of range")
            item = item[x]
        elif isinstance(item, Mapping) and not isinstance(item, GoStruct):
            key_type = type(next(iter(item))) if item else str
            if index is MISSING:
                raise FuncError(f"value is nil; should be of type {type_name(key_type())}")
            if type(index) is not key_type:
                want = type_name(key_type())
                raise FuncError(f"value has type {type_name(index)}; should be {want}")
            item = item[index] if index in item else elem_zero(item)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def _slice(item: object, *indexes: object) -> object:
    item = _iface(item)
    if item is MISSING:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data: bytes | tuple[object, ...] | list[object] = item.encode()
    elif isinstance(item, (list, tuple)):
        data = item
    else:
        raise FuncError(f"can't slice item of type {type_name(item)}")
    idx = [0, len(data), 0]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(_iface(index), len(data))
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    part = data[idx[0] : idx[1]]
    if isinstance(part, bytes):
        return part.decode("utf-8", "replace")
    return NIL_SLICE if item is NIL_SLICE else list(part)


def _len(item: object) -> int:
    if item is None or isinstance(item, GoNil):
        raise FuncError("len of nil pointer")
    if item is MISSING:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogatepass"))
    if isinstance(item, (list, tuple)) or (
        isinstance(item, Mapping) and not isinstance(item, GoStruct)
    ):
        return len(item)
    raise FuncError(f"len of type {type_name(item)}")


_BOOL, _INT, _FLOAT, _COMPLEX, _STRING = range(1, 6)


def _kind(v: object) -> int:
    t = type(v)
    if t is bool:
        return _BOOL
    if t is int:
        return _INT
    if t is float:
        return _FLOAT
    if t is str:
        return _STRING
    if t is complex:
        return _COMPLEX
    return 0


def _go_kind(v: object) -> str:
    if v is MISSING:
        return "invalid"
    if isinstance(v, GoNil):
        return "ptr"
    if isinstance(v, (list, tuple)):
        return "slice"
    if isinstance(v, Mapping) and not isinstance(v, GoStruct):
        return "map"
    return "struct"


def _nil(v: object) -> bool:
    return v is MISSING or v is NIL_SLICE or v is NIL_MAP or isinstance(v, GoNil)


def _eq(arg1: object, *rest: object) -> bool:
    from dockersim.docker.render.gofmt import format_value

    arg1 = _iface(arg1)
    if not rest:
        raise FuncError("missing argument for comparison")
    k1 = _kind(arg1)
    for raw in rest:
        arg = _iface(raw)
        k2 = _kind(arg)
        if k1 != k2:
            if arg1 is not MISSING and arg is not MISSING:
                t1, t2 = type_name(arg1), type_name(arg)
                raise FuncError(f"incompatible types for comparison: {t1} and {t2}")
            continue
        if k1:
            if arg1 == arg:
                return True
            continue
        g1, g2 = _go_kind(arg1), _go_kind(arg)
        if g1 != g2 and "invalid" not in (g1, g2):
            a1, a2 = format_value(arg1, "s"), format_value(arg)
            raise FuncError(f"non-comparable types {a1}: {type_name(arg1)}, {type_name(arg)}: {a2}")
        if _nil(arg1) or _nil(arg):
            if _nil(arg1) == _nil(arg):
                return True
            continue
        if g2 in ("slice", "map"):
            raise FuncError(f"non-comparable type {format_value(arg, 's')}: {type_name(arg)}")
        if arg1 == arg:
            return True
    return False


def _lt(a: object, b: object) -> bool:
    a, b = _iface(a), _iface(b)
    k1, k2 = _kind(a), _kind(b)
    if not k1 or not k2:
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError(f"incompatible types for comparison: {type_name(a)} and {type_name(b)}")
    if k1 in (_BOOL, _COMPLEX):
        raise FuncError("invalid type for comparison")
    return bool(a < b)  # type: ignore[operator]


def _le(a: object, b: object) -> bool:
    return _lt(a, b) or _eq(a, b)


def _eval_args(args: tuple[object, ...]) -> str:
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(["<no value>" if a is None or a is MISSING else a for a in args])


def _html(*args: object) -> str:
    s = _eval_args(args)
    for c, e in (("&", "&amp;"), ("'", "&#39;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;")):
        s = s.replace(c, e)
    return s.replace("\0", "\ufffd")


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026"}


def _js(*args: object) -> str:
    out = []
    for c in _eval_args(args):
        if c in _JS:
            out.append(_JS[c])
        elif c == "=":
            out.append("\\u003D")
        elif c < " ":
            out.append(f"\\u00{ord(c):02X}")
        elif ord(c) >= 0x80 and not c.isprintable():
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def _urlquery(*args: object) -> str:
    from urllib.parse import quote_plus

    return quote_plus(_eval_args(args), safe="")


def _call(name: str, fn: object, *args: object) -> object:
    fn = _iface(fn)
    if fn is MISSING:
        raise FuncError("call of nil")
    if not callable(fn):
        raise FuncError(f"non-function {name} of type {type_name(fn)}")
    return fn(*args)


# ---- docker's functions ----


def _json(v: object) -> str:
    try:
        return go_json(v, escape_html=False)
    except UnsupportedValue:
        return ""


def _split(s: str, sep: str) -> list[str]:
    return list(s) if sep == "" else s.split(sep)


def _map_runes(s: str, upper: bool) -> str:
    if s.isascii():
        return s.upper() if upper else s.lower()
    out = []
    for c in s:
        m = c.upper() if upper else c.lower()
        out.append(m if len(m) == 1 else "i" if c == "\u0130" else c)
    return "".join(out)


def _is_separator(c: str) -> bool:
    if c <= "\x7f":
        return not ((c.isascii() and c.isalnum()) or c == "_")
    if c.isalpha() or c.isdecimal():
        return False
    return c.isspace()


def _title(s: str) -> str:
    out, prev = [], " "
    for c in s:
        if _is_separator(prev):
            t = c.title()
            out.append(t if len(t) == 1 else c)
        else:
            out.append(c)
        prev = c
    return "".join(out)


def _pad(s: str, prefix: int, suffix: int) -> str:
    if s == "":
        return s
    if prefix < 0 or suffix < 0:
        raise FuncError("strings: negative Repeat count")
    return " " * prefix + s + " " * suffix


def _truncate(s: str, length: int) -> str:
    data = s.encode()
    if len(data) < length:
        return s
    if length < 0:
        raise FuncError(f"runtime error: slice bounds out of range [:{length}]")
    return data[:length].decode("utf-8", "replace")


_V, _A = ("value",), ("any",)

BUILTINS: dict[str, Func] = {
    "and": Func(_V + _V, True, lambda *a: a[-1]),
    "or": Func(_V + _V, True, lambda *a: a[-1]),
    "call": Func(_V + _V, True, _call),
    "html": Func(_A, True, _html),
    "index": Func(_V + _V, True, _index),
    "slice": Func(_V + _V, True, _slice),
    "js": Func(_A, True, _js),
    "len": Func(_V, False, _len),
    "not": Func(_V, False, lambda a: not _truth(a)),
    "print": Func(_A, True, lambda *a: sprint(a)),
    "printf": Func(("string", "any"), True, lambda f, *a: sprintf(f, a)),
    "println": Func(_A, True, lambda *a: sprintln(a)),
    "urlquery": Func(_A, True, _urlquery),
    "eq": Func(_V + _V, True, _eq),
    "ge": Func(_V + _V, False, lambda a, b: not _lt(a, b)),
    "gt": Func(_V + _V, False, lambda a, b: not _le(a, b)),
    "le": Func(_V + _V, False, _le),
    "lt": Func(_V + _V, False, _lt),
    "ne": Func(_V + _V, False, lambda a, b: not _eq(a, b)),
}

_S = ("string",)

DOCKER_FUNCS: dict[str, Func] = {
    "json": Func(_A, False, _json),
    "split": Func(_S + _S, False, _split),
    "join": Func(("[]string", "string"), False, lambda elems, sep: sep.join(elems)),
    "title": Func(_S, False, _title),
    "lower": Func(_S, False, lambda s: _map_runes(s, upper=False)),
    "upper": Func(_S, False, lambda s: _map_runes(s, upper=True)),
    "pad": Func(("string", "int", "int"), False, _pad),
    "truncate": Func(("string", "int"), False, _truncate),
}

HEADER_FUNCS: dict[str, Func] = {
    **DOCKER_FUNCS,
    "json": Func(_S, False, lambda v: v),
    "split": Func(_S + _S, False, lambda v, _: v),
    "join": Func(_S + _S, False, lambda v, _: v),
    "title": Func(_S, False, lambda v: v),
    "lower": Func(_S, False, lambda v: v),
    "upper": Func(_S, False, lambda v: v),
    "truncate": Func(("string", "int"), False, lambda v, _: v),
}

BASIC_TABLE: dict[str, Func] = {**BUILTINS, **DOCKER_FUNCS}
HEADER_TABLE: dict[str, Func] = {**BUILTINS, **HEADER_FUNCS}
FUNC_NAMES: frozenset[str] = frozenset(BASIC_TABLE)
