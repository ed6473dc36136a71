"""The values pyeval computes with, how CPython shows them, and pyeval's exceptions.

Plain values are Python's own (None, bool, int, float, str, list, range); the others stand in
for what pyeval does not build: `Sized` (a `bytearray(n)` of which only the length is kept),
`Module`, `Func` (a function called by name), `Environ` (`os.environ`). `py_str` and `py_repr`
show them as CPython does, within the memory left (`room`), and `cost` is what they hold.
"""

from __future__ import annotations

import ast
import collections
import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

#: how deeply expressions may nest while evaluated: past it, RecursionError
MAX_DEPTH = 200
#: what a list costs per item (a pointer), and what an int object costs, besides its digits
POINTER_BYTES = 8
INT_BYTES = 28

#: when and how the images' CPython was built, as `sys.version` and the REPL's banner say
BUILD = "main, Jun  4 2025, 04:38:41"
COMPILER = "GCC 12.2.0"


def banner(version: str) -> str:
    """The two lines CPython's REPL prints when it opens."""
    return (
        f"Python {version} ({BUILD}) [{COMPILER}] on linux\n"
        'Type "help", "copyright", "credits" or "license" for more information.\n'
    )


class Unsupported(Exception):
    """Code outside the subset; str() says what, as a phrase ("'for' loops")."""


#: what each construct pyeval does not run is called when it says so
_CONSTRUCTS = {
    "For": "'for' loops", "AsyncFor": "'async for' loops", "While": "'while' loops",
    "If": "'if' statements", "FunctionDef": "function definitions ('def')",
    "AsyncFunctionDef": "function definitions ('async def')", "ClassDef": "classes",
    "Try": "'try' statements", "TryStar": "'try' statements", "With": "'with' statements",
    "AsyncWith": "'async with' statements", "Match": "'match' statements",
    "ImportFrom": "'from ... import'", "Delete": "'del'", "Global": "'global'",
    "Nonlocal": "'nonlocal'", "Assert": "'assert'", "Raise": "'raise'",
    "Return": "'return'", "Break": "'break'", "Continue": "'continue'",
    "AnnAssign": "annotated assignments", "AugAssign": "this augmented assignment",
    "Assign": "assignments to anything but names", "TypeAlias": "'type' statements",
    "Lambda": "lambda", "IfExp": "conditional expressions ('x if c else y')",
    "BoolOp": "'and' and 'or'", "NamedExpr": "':='", "Dict": "dictionaries", "Set": "sets",
    "Tuple": "tuples", "ListComp": "list comprehensions", "SetComp": "set comprehensions",
    "DictComp": "dict comprehensions", "GeneratorExp": "generator expressions",
    "Await": "'await'", "Yield": "'yield'", "YieldFrom": "'yield from'", "Slice": "slices",
    "Starred": "'*' unpacking", "Compare": "this comparison", "UnaryOp": "this operator",
    "BinOp": "this operator",
}  # fmt: skip


def describe(node: ast.AST) -> str:
    """What `node` is, for the note saying it is not simulated."""
    name = type(node).__name__
    return _CONSTRUCTS.get(name, f"this construct ({name})")


class PyError(Exception):
    """A Python exception the code raises: `kind: message` on the traceback's last line.
    `node` is the expression that raised it (where a traceback points), once known."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        self.node: ast.AST | None = None


class Exit(Exception):
    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = message


class Sized:
    """`bytearray(n)`: its length, never its bytes."""

    def __init__(self, kind: str, size: int) -> None:
        self.kind = kind
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __str__(self) -> str:
        if self.size > 64 or self.kind == "range":
            raise Unsupported(f"showing a {self.kind} this large")
        inner = "b'" + "\\x00" * self.size + "'"
        return inner if self.kind == "bytes" else f"bytearray({inner})"


def cost(value: Any) -> int:
    """What a value occupies, as far as the memory cap goes (shared items counted once)."""
    total = 0
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            total += INT_BYTES + item.bit_length() // 8
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += POINTER_BYTES * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 * POINTER_BYTES * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, range):
            total += 48
    return total


class Module:
    def __init__(self, name: str, attrs: Mapping[str, Any], shown: str = "(built-in)") -> None:
        self.name = name
        self.attrs = dict(attrs)
        #: how its repr ends: `(built-in)`, `(frozen)`, `from '/usr/local/lib/...'`
        self.shown = shown
        #: a package pip installed (pysite): pyeval knows its version, not its code
        self.site = False


class Func:
    """A function pyeval calls by `name` ("print", "sys.exit"); `shown` is its repr in CPython
    (None where that holds a memory address: showing it is not simulated)."""

    def __init__(
        self,
        name: str,
        shown: str | None,
        owner: Any = None,
        impl: Callable[..., Any] | None = None,
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.shown = shown
        #: what a method is bound to (`os.environ.get`)
        self.owner = owner
        #: what calling it does (the standard library's functions and methods), on pyeval's
        #: values; None for the builtins pyeval's `call` knows by name
        self.impl = impl
        #: a class's own attributes (`datetime.now`, `Path.cwd`)
        self.attrs = dict(attrs) if attrs is not None else {}


class Environ(dict[str, str]):
    """`os.environ`, shown as CPython shows it."""

    def __str__(self) -> str:
        return f"environ({dict.__repr__(self)})"


def type_name(value: Any) -> str:
    """The name CPython gives the type of a value pyeval holds."""
    if isinstance(value, Func):
        return "type" if value.name in _CLASSES else "builtin_function_or_method"
    if isinstance(value, Sized):
        return value.kind
    names = {Module: "module", Environ: "_Environ", type(None): "NoneType"}
    return names.get(type(value), type(value).__name__)


_CLASSES = (
    "int", "float", "str", "list", "range", "bytes", "bytearray", "dict", "tuple", "set",
    "bool", "zip", "enumerate", "reversed",
)  # fmt: skip
_EXIT_TEXT = "Use exit() or Ctrl-D (i.e. EOF) to exit"
#: the builtins pyeval calls, as values (one object each, so `print is print`)
FUNCS = {
    name: Func(name, f"<class '{name}'>" if name in _CLASSES else f"<built-in function {name}>")
    for name in (
        *_CLASSES,
        "print",
        "len",
        "sum",
        "abs",
        "min",
        "max",
        "round",
        "sorted",
        "any",
        "all",
        "repr",
    )
} | {"exit": Func("exit", _EXIT_TEXT), "quit": Func("quit", _EXIT_TEXT)}


def py_str(value: Any, room: int = 1 << 62, depth: int = 0) -> str:
    """`str(value)`; a text longer than `room` is a MemoryError, a list nested deeper than
    MAX_DEPTH a RecursionError (as CPython's repr)."""
    return _text(value, room, depth, False, {})


def py_repr(value: Any, room: int = 1 << 62, depth: int = 0) -> str:
    return _text(value, room, depth, True, {})


def _text(value: Any, room: int, depth: int, as_repr: bool, seen: dict[int, str]) -> str:
    """str() or repr(); `seen` keeps the repr of each list already shown (a list repeated
    many times is worked out once)."""
    if value is True:
        return "True"
    if value is False:
        return "False"
    if value is None:
        return "None"
    if isinstance(value, str):
        if not as_repr:
            return value
        if len(value) * 4 > room and len(repr(value)) > room:
            raise PyError("MemoryError", "")
        return repr(value)
    if isinstance(value, list):
        known = seen.get(id(value))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise PyError(
                "RecursionError", "maximum recursion depth exceeded while getting the repr"
            )
        parts: list[str] = []
        size = 2
        for item in value:
            part = _text(item, room - size, depth + 1, True, seen)
            size += len(part) + 2
            if size > room:
                raise PyError("MemoryError", "")
            parts.append(part)
        text = "[" + ", ".join(parts) + "]"
        seen[id(value)] = text
        return text
    if isinstance(value, Module):
        if value.shown.startswith("<"):  # an object shown as itself (`sys.stdout`)
            return value.shown
        return f"<module '{value.name}' {value.shown}>"
    if isinstance(value, Func):
        if value.shown is None:
            raise Unsupported(f"showing the function {value.name}")
        return value.shown
    if isinstance(value, (Sized, range, Environ, bool, int, float)):
        return str(value)
    if is_pure(value):  # dict, tuple, Counter, datetime ...: CPython's own repr
        text = repr(value) if as_repr else str(value)
        if len(text) > room:
            raise PyError("MemoryError", "")
        return text
    raise Unsupported(f"showing a {type(value).__name__}")


#: the plain values CPython's own repr shows exactly (with only such values inside)
_LEAVES = (str, bytes, int, float, complex, bool, type(None), range)
_CONTAINERS = (list, tuple, dict, set, frozenset, collections.deque)
_OPAQUE = (datetime.date, datetime.timedelta, re.Match, re.Pattern)
_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))


def is_pure(value: Any, depth: int = 0) -> bool:
    """True if the value and all it holds are CPython's own (shown by their own repr)."""
    if depth > 50:
        return False
    if isinstance(value, (*_LEAVES, *_OPAQUE)) or getattr(type(value), "pure", False):
        return True
    if isinstance(value, (Func, Module, Sized, Environ)):
        return False
    if isinstance(value, dict):
        return all(is_pure(k, depth + 1) and is_pure(v, depth + 1) for k, v in value.items())
    if isinstance(value, (*_CONTAINERS, *_VIEWS)):
        items: Any = value
        return all(is_pure(item, depth + 1) for item in items)
    return False
