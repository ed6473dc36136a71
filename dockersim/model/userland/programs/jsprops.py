"""Properties in the node evaluator (jseval): reading and writing them, and how V8 names
what a script called when it is not a function.

A property a value does not have is `undefined`, unless it is a real member of a built-in
prototype (`'abc'.toUpperCase`): then it is not simulated, never a silent `undefined`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dockersim.model.userland.programs.jshost import (
    ARRAY_METHODS,
    NUMBER_METHODS,
    OBJECT_METHODS,
    STRING_METHODS,
)
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    UNDEFINED,
    ExtraArray,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    divide,
    is_index,
    number_text,
    power,
    remainder,
    to_string,
    utf16_at,
    utf16_length,
)

#: how far past an array's end an assignment may reach (V8 then makes it sparse)
MAX_GAP = 10_000


def get(target: Any, key: str, at: int) -> Any:
    """target[key] (`at`: where V8 reports an error)."""
    if target is UNDEFINED or target is NULL:
        raise JSThrow("TypeError", f"Cannot read properties of {target!r} (reading '{key}')", at)
    if isinstance(target, str):
        if key == "length":
            return float(utf16_length(target))
        if is_index(key):
            found = utf16_at(target, int(key))
            return UNDEFINED if found is None else found
        return _known(key, STRING_METHODS, "String.prototype")
    if isinstance(target, JSArray):
        if key == "length":
            return float(len(target.items))
        if is_index(key):
            index = int(key)
            item = target.items[index] if index < len(target.items) else UNDEFINED
            return UNDEFINED if item is HOLE else item
        if isinstance(target, ExtraArray) and key in target.props:
            return target.props[key]
        return _known(key, ARRAY_METHODS, "Array.prototype")
    if isinstance(target, JSObject):
        if key in target.props:
            return target.props[key]
        if target.tag and (target.opaque or key in target.known):
            raise Unsupported(f"{target.tag}.{key}")
        return _known(key, OBJECT_METHODS, "Object.prototype")
    if isinstance(target, JSFunction):
        raise Unsupported("the properties of functions")
    if isinstance(target, float):
        return _known(key, NUMBER_METHODS, "Number.prototype")
    return _known(key, OBJECT_METHODS, "Boolean.prototype")


def put(target: Any, key: str, value: Any, at: int, string: Callable[[str], str]) -> None:
    """target[key] = value; `string` keeps a string the script built (process.env's)."""
    if target is UNDEFINED or target is NULL:
        raise JSThrow("TypeError", f"Cannot set properties of {target!r} (setting '{key}')", at)
    if isinstance(target, JSArray):
        if not is_index(key):
            raise Unsupported(f"setting an array's '{key}'")
        index, items = int(key), target.items
        if index - len(items) > MAX_GAP:
            raise Unsupported("sparse arrays (an index far past the end)")
        items.extend([HOLE] * (index + 1 - len(items)))
        items[index] = value
    elif isinstance(target, JSObject):
        if target.tag and not (target.tag == "process" and key == "exitCode"):
            raise Unsupported(f"changing {target.tag}.{key}")
        if key == "__proto__":
            raise Unsupported("__proto__")
        target.props[key] = string(to_string(value)) if target.coerce else value
    elif isinstance(target, JSFunction):
        raise Unsupported("the properties of functions")
    # a primitive's property: sloppy mode drops the write


def callee_text(node: Node, source: str) -> str:
    """How V8 names what was called (its CallPrinter), for the simple shapes."""
    if node.kind == "name":
        return str(node.a)
    if node.kind == "literal":
        if isinstance(node.a, str):
            return '"' + node.a + '"'
        return "null" if node.a is None else to_string(node.a)
    if node.kind == "template" and not node.b:
        return f'"{node.a[0]}"'
    if node.kind == "member":
        base = callee_text(node.a, source)
        if not node.c:
            return f"{base}.{node.b}"
        key = node.b
        if key.kind == "literal" and isinstance(key.a, str):
            return f"{base}.{key.a}"
        folded = _folded(key)
        if folded is not None:
            return f"{base}[{number_text(folded)}]"
        return f"{base}[{source[key.start : key.end]}]"
    if node.kind == "paren":
        inner = node.a
        if inner.kind in ("binary", "conditional", "assign", "sequence"):
            return f"({source[inner.start : inner.end]})"
        return callee_text(inner, source)
    return source[node.start : node.end]


def _folded(node: Node) -> float | None:
    """A number V8's parser works out from literals (`1+1` is 2), or None."""
    if node.kind == "literal":
        return node.a if isinstance(node.a, float) else None
    if node.kind == "paren":
        return _folded(node.a)
    if node.kind == "unary" and node.a in ("-", "+"):
        inner = _folded(node.b)
        return None if inner is None else (-inner if node.a == "-" else inner)
    if node.kind == "binary" and node.a in ("+", "-", "*", "/", "%", "**"):
        left, right = _folded(node.b), _folded(node.c)
        if left is None or right is None:
            return None
        ops: dict[str, Callable[[float, float], float]] = {
            "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
            "/": divide, "%": remainder, "**": power,
        }  # fmt: skip
        return ops[node.a](left, right)
    return None


def _known(key: str, members: frozenset[str], owner: str) -> Any:
    """A property a value does not have: not simulated if it is a real member, else undefined."""
    if key in members:
        raise Unsupported(f"{owner}.{key}")
    return UNDEFINED
