"""Values in Jinja2 expressions: attribute and item access, operators, comparisons and the
`loop` variable, with Jinja's and Python's error sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dockersim.engine.programs.jinja_expr import MAX_SIZE, SAFE_METHODS, TemplateError, Undefined


class Loop:
    """The `loop` variable inside `{% for %}`."""

    def __init__(self, index0: int, length: int) -> None:
        self.index0 = index0
        self.length = length

    def attribute(self, name: str) -> object:
        i, n = self.index0, self.length
        values = {"index": i + 1, "index0": i, "revindex": n - i, "revindex0": n - i - 1,
                  "first": i == 0, "last": i == n - 1, "length": n}  # fmt: skip
        if name == "cycle":
            return lambda *items: items[i % len(items)] if items else Undefined("cycle")
        if name in values:
            return values[name]
        return Undefined(name, self, True)


# -- values ----------------------------------------------------------------------------------


def get_attr(obj: object, name: object) -> object:
    """`obj.name`: an attribute (a harmless method), else the item, else Undefined."""
    if isinstance(obj, Undefined):
        raise obj.fail()
    if isinstance(obj, Loop) and isinstance(name, str):
        return obj.attribute(name)
    if isinstance(name, str):
        for kind, names in SAFE_METHODS.items():
            if isinstance(obj, kind) and name in names:
                return getattr(obj, name)
    return get_item(obj, name, attribute=False)


def get_item(obj: object, key: object, attribute: bool = True) -> object:
    """`obj[key]`: the item, else (for a string key) the attribute, else Undefined."""
    if isinstance(obj, Undefined):
        raise obj.fail()
    try:
        if isinstance(obj, Mapping) or (
            isinstance(obj, (list, tuple, str)) and isinstance(key, (int, slice))
        ):
            return obj[key]  # type: ignore[index, call-overload]
    except (KeyError, IndexError, TypeError):
        pass
    if attribute and isinstance(key, str) and not isinstance(obj, Mapping):
        return get_attr(obj, key)
    return Undefined(key, obj, True)


def binary(op: str, left: object, right: object) -> object:
    for side in (left, right):
        if isinstance(side, Undefined):
            raise side.fail()
    if op == "~":
        return f"{left}{right}"
    if op in ("*", "**"):
        size = right if isinstance(right, int) else left if isinstance(left, int) else 0
        big = isinstance(left, (str, list)) or isinstance(right, (str, list)) or op == "**"
        if big and isinstance(size, int) and abs(size) > (64 if op == "**" else MAX_SIZE):
            raise TemplateError("dockersim", "not simulated: a value this large in a template")
    functions: dict[str, Callable[[Any, Any], object]] = {
        "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
        "**": lambda a, b: a**b,
    }  # fmt: skip
    return python_op(functions[op], left, right)


def compare(op: str, left: object, right: object) -> bool:
    if op == "in":
        return bool(python_op(lambda a, b: a in b, left, _iterable(right)))
    if op == "not in":
        return not compare("in", left, right)
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    for side in (left, right):
        if isinstance(side, Undefined):
            raise side.fail()
    functions: dict[str, Callable[[Any, Any], object]] = {
        "<": lambda a, b: a < b, ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
    }  # fmt: skip
    return bool(python_op(functions[op], left, right))


def _iterable(value: object) -> object:
    return () if isinstance(value, Undefined) else value


def python_op(function: Callable[[Any, Any], object], left: object, right: object) -> object:
    """A Python operation on two plain values; Python's own error as the template's."""
    try:
        return function(left, right)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise TemplateError(type(exc).__name__, str(exc)) from None
