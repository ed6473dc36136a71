"""Jinja2's built-in filters and tests that templates use, on plain values.

Each does what Jinja 3.1's does (and Flask's `tojson`); a built-in one not written here says
it is not simulated; a name Jinja does not know fails as Jinja words it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, MappingView
from typing import Any

from dockersim.engine.programs.jinja_expr import Markup, TemplateError, Undefined, escape
from dockersim.engine.programs.jinja_values import compare, python_op

FILTER_NAMES = frozenset(
    {
     "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e",
     "escape", "filesizeformat", "first", "float", "forceescape", "format", "groupby", "indent",
     "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "pprint",
     "random", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select",
     "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim",
     "truncate", "unique", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr",
    }
)  # fmt: skip
TEST_NAMES = frozenset(
    {
     "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped", "even",
     "false", "filter", "float", "ge", "gt", "greaterthan", "in", "integer", "iterable", "le",
     "lower", "lessthan", "lt", "mapping", "ne", "none", "number", "odd", "sameas", "sequence",
     "string", "test", "true", "undefined", "upper",
    }
)  # fmt: skip
WORD_START = re.compile(r"([-\s({\[<]+)")


def _text(value: object) -> str:
    return "" if isinstance(value, Undefined) else str(value)


def _keep(value: object, result: str) -> str:
    return Markup(result) if isinstance(value, Markup) else result


def _items(value: object) -> list[Any]:
    if isinstance(value, Undefined):
        return []
    if isinstance(value, Mapping):
        return list(value)
    if isinstance(value, (list, tuple, str, range, MappingView)):
        return list(value)  # type: ignore[arg-type]
    raise TemplateError("TypeError", f"'{type(value).__name__}' object is not iterable")


def _title(value: object) -> str:
    words = WORD_START.split(_text(value))
    return _keep(value, "".join(w[0].upper() + w[1:].lower() for w in words if w))


def _default(value: object, default: object = "", boolean: bool = False) -> object:
    if isinstance(value, Undefined) or (boolean and not value):
        return default
    return value


def _length(value: object) -> int:
    if isinstance(value, Undefined):
        return 0
    try:
        return len(value)  # type: ignore[arg-type]
    except TypeError as exc:
        raise TemplateError("TypeError", str(exc)) from None


def _join(value: object, d: object = "", attribute: object = None, *, html: bool = False) -> str:
    items = _items(value)
    if attribute is not None:
        items = [item.get(attribute) if isinstance(item, Mapping) else item for item in items]
    if html and (isinstance(d, Markup) or any(isinstance(i, Markup) for i in items)):
        return Markup(escape(d).join(escape(i) for i in items))
    return str(d).join(_text(i) for i in items)


def _first(value: object) -> object:
    items = _items(value)
    return items[0] if items else Undefined("first")


def _last(value: object) -> object:
    items = _items(value)
    return items[-1] if items else Undefined("last")


def _int(value: object, default: int = 0, base: int = 10) -> int:
    try:
        if isinstance(value, str):
            return int(value, base)
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        try:
            return int(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return default


def _float(value: object, default: float = 0.0) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _round(value: object, precision: int = 0, method: str = "common") -> object:
    if method not in ("common", "ceil", "floor"):
        raise TemplateError("FilterArgumentError", "method must be common, ceil or floor")
    number = _float(value)
    if method == "common":
        return round(number, precision)
    import math

    function = math.ceil if method == "ceil" else math.floor
    return function(number * (10**precision)) / (10**precision)


def _sort(value: object, reverse: bool = False, case_sensitive: bool = False,
          attribute: object = None) -> list[Any]:  # fmt: skip
    def key(item: Any) -> Any:
        if attribute is not None and isinstance(item, Mapping):
            item = item.get(attribute)
        return item.lower() if isinstance(item, str) and not case_sensitive else item

    return sorted(_items(value), key=key, reverse=reverse)


def _reverse(value: object) -> object:
    if isinstance(value, str):
        return value[::-1]
    return list(reversed(_items(value)))


def _truncate(value: object, length: int = 255, killwords: bool = False, end: str = "...",
              leeway: int = 5) -> str:  # fmt: skip
    text = _text(value)
    if len(text) <= length + leeway:
        return text
    if killwords:
        return text[: length - len(end)] + end
    return text[: length - len(end)].rsplit(" ", 1)[0] + end


def tojson(value: object, indent: object = None) -> Markup:
    """Flask's `tojson`: its JSON (keys sorted) made safe inside HTML."""
    text = json.dumps(value, sort_keys=True, indent=indent if isinstance(indent, int) else None)
    for raw, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(raw, code)
    return Markup(text)


def _sum(value: object, attribute: object = None, start: object = 0) -> object:
    total = start
    for item in _items(value):
        if attribute is not None and isinstance(item, Mapping):
            item = item.get(attribute)
        total = python_op(lambda a, b: a + b, total, item)
    return total


def _extreme(pick: Callable[..., object]) -> Callable[..., object]:
    def run(value: object, case_sensitive: bool = False, attribute: object = None) -> object:
        items = _sort(value, False, case_sensitive, attribute)
        return pick(items) if items else Undefined("min")

    return run


FILTERS: dict[str, Callable[..., object]] = {
    "upper": lambda v: _keep(v, _text(v).upper()),
    "lower": lambda v: _keep(v, _text(v).lower()),
    "capitalize": lambda v: _keep(v, _text(v).capitalize()),
    "title": _title,
    "trim": lambda v, chars=None: _keep(v, _text(v).strip(chars)),
    "length": _length, "count": _length,
    "default": _default, "d": _default,
    "safe": lambda v: Markup(_text(v)),
    "escape": escape, "e": escape, "forceescape": lambda v: escape(_text(v)),
    "string": lambda v: v if isinstance(v, str) else _text(v),
    "first": _first, "last": _last, "int": _int, "float": _float, "round": _round,
    "list": _items, "sort": _sort, "reverse": _reverse, "sum": _sum,
    "min": _extreme(lambda items: items[0]), "max": _extreme(lambda items: items[-1]),
    "abs": lambda v: python_op(lambda a, _: abs(a), v, None),
    "replace": lambda v, old, new, count=-1: _keep(v, _text(v).replace(old, new, count)),
    "truncate": _truncate, "tojson": tojson,
    "wordcount": lambda v: len(re.findall(r"\w+", _text(v))),
    "items": lambda v: [] if isinstance(v, Undefined) else list(v.items()),
    "dictsort": lambda v: sorted(v.items(), key=lambda kv: str(kv[0]).lower()),
}  # fmt: skip


def apply_filter(
    name: str, value: object, args: list[object], kwargs: dict[str, object], html: bool
) -> object:
    """`value|name(*args, **kwargs)`."""
    if name not in FILTER_NAMES:
        raise TemplateError(
            "jinja2.exceptions.TemplateAssertionError", f"No filter named {name!r}."
        )
    if name == "join":
        return _join(value, *args, **kwargs, html=html)
    function = FILTERS.get(name)
    if function is None:
        raise TemplateError("dockersim", f"not simulated: the Jinja filter '{name}'")
    try:
        return function(value, *args, **kwargs)
    except (TypeError, AttributeError) as exc:
        raise TemplateError("TypeError", str(exc)) from None


def _number(value: object) -> bool:
    return isinstance(value, (int, float))


TESTS: dict[str, Callable[..., bool]] = {
    "defined": lambda v: not isinstance(v, Undefined),
    "undefined": lambda v: isinstance(v, Undefined),
    "none": lambda v: v is None,
    "true": lambda v: v is True, "false": lambda v: v is False,
    "boolean": lambda v: isinstance(v, bool),
    "even": lambda v: python_op(lambda a, _: a % 2 == 0, v, None) is True,
    "odd": lambda v: python_op(lambda a, _: a % 2 == 1, v, None) is True,
    "divisibleby": lambda v, n: python_op(lambda a, b: a % b == 0, v, n) is True,
    "string": lambda v: isinstance(v, str),
    "number": _number,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, float),
    "mapping": lambda v: isinstance(v, Mapping),
    "iterable": lambda v: isinstance(v, (Iterable, Undefined)),
    "sequence": lambda v: isinstance(v, (list, tuple, str, dict)),
    "callable": callable,
    "lower": lambda v: _text(v).islower(), "upper": lambda v: _text(v).isupper(),
    "escaped": lambda v: isinstance(v, Markup),
    "sameas": lambda v, other: v is other,
    "eq": lambda v, o: compare("==", v, o), "equalto": lambda v, o: compare("==", v, o),
    "ne": lambda v, o: compare("!=", v, o),
    "lt": lambda v, o: compare("<", v, o), "lessthan": lambda v, o: compare("<", v, o),
    "le": lambda v, o: compare("<=", v, o),
    "gt": lambda v, o: compare(">", v, o), "greaterthan": lambda v, o: compare(">", v, o),
    "ge": lambda v, o: compare(">=", v, o),
    "in": lambda v, o: compare("in", v, o),
}  # fmt: skip


def apply_test(name: str, value: object, args: list[object]) -> bool:
    """`value is name(*args)`."""
    if name not in TEST_NAMES:
        kind = "jinja2.exceptions.TemplateAssertionError"
        raise TemplateError(kind, f"No test named {name!r}.")
    function = TESTS.get(name)
    if function is None:
        raise TemplateError("dockersim", f"not simulated: the Jinja test '{name}'")
    try:
        return bool(function(value, *args))
    except TypeError as exc:
        raise TemplateError("TypeError", str(exc)) from None
