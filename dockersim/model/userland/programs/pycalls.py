"""What pyeval's interpreter does with values: attributes, subscripts and calls.

The interpreter (pyeval.Interpreter) evaluates statements and expressions; this mixin holds
what it does once it has a value: `owner.attr` (a module's names, a class's own, the methods
pyobjects allows on CPython's own objects, pathlib's paths), `owner[key]`, and calls (the
standard library's functions through their `impl`, the builtins pyeval knows by name), each
with CPython's errors.
"""

from __future__ import annotations

import ast
import collections
import re
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.pymodnames import module_names
from dockersim.model.userland.programs.pynames import suggestion
from dockersim.model.userland.programs.pyobjects import PyPath, growth, member
from dockersim.model.userland.programs.pysite import version_warning
from dockersim.model.userland.programs.pyvalues import (
    INT_BYTES,
    POINTER_BYTES,
    Environ,
    Exit,
    Func,
    Module,
    PyError,
    Sized,
    Unsupported,
    cost,
    is_pure,
    py_repr,
    py_str,
    type_name,
)

#: a `range` longer than this is not materialised (`len(range(10**12))` still works)
MAX_ITEMS = 1_000_000


class Calls:
    """The interpreter's half that acts on values (mixed into pyeval.Interpreter)."""

    heap: Heap
    env: Mapping[str, str]
    version: str
    filename: str
    warn: Callable[[str], None] | None
    write: Callable[[str], None]
    hostname: str
    pid: int

    def need(self, size: int) -> None:
        raise NotImplementedError

    def expr(self, node: ast.expr) -> Any:
        raise NotImplementedError

    def collect(self, value: Any, limit: int = MAX_ITEMS, unpack: bool = False) -> list[Any]:
        raise NotImplementedError

    def truth(self, value: Any) -> bool:
        if isinstance(value, (Func, Module, PyPath)):
            return True
        return bool(value)

    def attribute(self, owner: Any, attr: str) -> Any:
        """`owner.attr`: a module's name, a class's own, a method of a value pyeval holds."""
        if isinstance(owner, Module):
            if attr in owner.attrs:
                if attr == "__version__" and owner.site and self.warn is not None:
                    self.warn(version_warning(owner, self.filename))
                return owner.attrs[attr]
            if owner.site or owner.name == "stdout" or has_attribute(owner.name, attr):
                raise Unsupported(f"{owner.name}.{attr}")
            message = f"module '{owner.name}' has no attribute '{attr}'"
            found = suggestion(attr, module_names(owner.name))
            raise PyError(
                "AttributeError", message + (f". Did you mean: '{found}'?" if found else "")
            )
        if isinstance(owner, Func):
            if attr in owner.attrs:
                return owner.attrs[attr]
            raise Unsupported(f"{owner.name}.{attr}")
        if isinstance(owner, Environ):
            if attr == "get":
                return Func("dict.get", None, owner)
            raise Unsupported(f"os.environ.{attr}")
        if isinstance(owner, PyPath):
            return owner.attribute(attr)
        if isinstance(owner, Sized):
            raise Unsupported(f"{owner.kind}.{attr}")
        return member(owner, attr)

    def item(self, owner: Any, key: Any) -> Any:
        """`owner[key]`, with CPython's errors."""
        if isinstance(owner, (Func, Module, Sized, PyPath)) or not (
            isinstance(key, slice) or is_pure(key)
        ):
            if isinstance(owner, Func) and owner.shown and owner.shown.startswith("<class"):
                raise Unsupported(f"subscripting the class {owner.name}")
            if isinstance(owner, (Func, Module, PyPath)):
                kind = type_name(owner)
                raise PyError("TypeError", f"'{kind}' object is not subscriptable")
            raise Unsupported(f"indexing a {type_name(owner)}")
        if isinstance(owner, dict):
            if isinstance(owner, Environ) and not isinstance(key, str):
                raise PyError("TypeError", f"str expected, not {type_name(key)}")
            try:
                hash(key)
            except TypeError:
                raise PyError("TypeError", f"unhashable type: '{type_name(key)}'") from None
            if key not in owner and not hasattr(owner, "__missing__"):
                raise PyError("KeyError", py_repr(key, self.heap.room))
            return owner[key]
        if isinstance(key, slice):
            if not isinstance(owner, (str, list, tuple, range, bytes)):
                raise PyError("TypeError", f"'{type_name(owner)}' object is not subscriptable")
            return owner[key]
        if isinstance(owner, (str, list, tuple, range, collections.deque, re.Match)):
            if isinstance(key, bool) or not isinstance(key, int):
                if isinstance(owner, re.Match):
                    return owner[key]
                kind = _SEQUENCES.get(type(owner), type_name(owner))
                raise PyError(
                    "TypeError", f"{kind} indices must be integers or slices, not {type_name(key)}"
                )
            try:
                return owner[key]
            except IndexError:
                kind = _SEQUENCES.get(type(owner), type_name(owner))
                if isinstance(owner, collections.deque):
                    raise PyError("IndexError", "deque index out of range") from None
                raise PyError("IndexError", f"{kind} index out of range") from None
        try:
            return owner[key]
        except TypeError:
            raise PyError(
                "TypeError", f"'{type_name(owner)}' object is not subscriptable"
            ) from None

    def call(self, node: ast.Call) -> Any:
        called = self.expr(node.func)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise Unsupported("'*' and '**' arguments")
        if not isinstance(called, Func):
            kind = "module" if isinstance(called, Module) else type_name(called)
            raise PyError("TypeError", f"'{kind}' object is not callable")
        args = [self.expr(a) for a in node.args]
        kwargs = {k.arg: self.expr(k.value) for k in node.keywords if k.arg}
        return self.call_value(node, called, args, kwargs)

    def call_value(
        self, node: ast.Call, called: Func, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        function = called.name
        if called.impl is not None:
            if called.owner is not None and not isinstance(called.owner, PyPath):
                attr = function.rsplit(".", 1)[-1]
                self.need(growth(called.owner, attr, tuple(args)))
            try:
                result = called.impl(*args, **kwargs)
            except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
                raise PyError(type(exc).__name__, message(exc)) from None
            except OverflowError as exc:
                raise PyError("OverflowError", str(exc)) from None
            except RecursionError:
                raise Unsupported(f"{function}() on values this deep") from None
            self.need(cost(result))
            return result
        if kwargs and (
            function not in ("print", "sorted") or set(kwargs) - {"sep", "end", "flush"}
        ):
            raise Unsupported(f"keyword arguments to {function}()")
        return self.builtin(called, function, args, kwargs)

    def builtin(self, called: Func, function: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if function == "dict.get" and 1 <= len(args) <= 2:
            return called.owner.get(*args)
        if function == "print":
            sep = kwargs.get("sep", " ")
            end = kwargs.get("end", "\n")
            room = self.heap.room
            text = str(sep).join(py_str(a, room) for a in args) + str(end)
            if len(text) > room:
                raise PyError("MemoryError", "")
            self.write(text)
            return None
        if function in ("sys.exit", "exit", "quit"):
            code = args[0] if args else 0
            code = 0 if code is None else code
            if isinstance(code, int):
                raise Exit(code)
            raise Exit(1, py_str(code, self.heap.room) + "\n")
        simple: dict[str, Callable[..., Any]] = {
            "os.getenv": lambda name, default=None: self.env.get(name, default),
            "os.getpid": lambda: self.pid,
            "platform.python_version": lambda: self.version,
            "platform.system": lambda: "Linux",
            "socket.gethostname": lambda: self.hostname,
        }
        if function in simple:
            try:
                return simple[function](*args)
            except TypeError:
                raise Unsupported(f"these arguments to {function}()") from None
        if function in ("bytearray", "bytes") and len(args) == 1 and isinstance(args[0], int):
            return Sized(function, args[0])
        if function == "range":
            values = range(*args)
            if len(values) > MAX_ITEMS:
                return Sized("range", len(values))
            return values
        if function == "list" and len(args) == 1:
            if isinstance(args[0], Sized):
                return args[0]
            if isinstance(args[0], range):
                self.need((POINTER_BYTES + INT_BYTES) * len(args[0]))
                return list(args[0])
            return self.collect(args[0])
        if function in ("tuple", "set", "sorted", "reversed", "any", "all") and len(args) == 1:
            if isinstance(args[0], Sized):
                raise Unsupported(f"{function}() of a {args[0].kind} this large")
            items = self.collect(args[0])
            if function in ("any", "all"):
                return (any if function == "any" else all)(self.truth(i) for i in items)
            if set(kwargs) - {"reverse"}:
                raise Unsupported("sorted() with key=")
            if function == "set":
                hashable(items)
            maker: Any = {"tuple": tuple, "set": set, "reversed": reversed}.get(function)
            return maker(items) if maker else sorted(items, reverse=bool(kwargs.get("reverse")))
        if function in ("dict", "set", "tuple") and not args:
            return {"dict": dict, "set": set, "tuple": tuple}[function]()
        if function == "dict" and len(args) == 1 and is_pure(args[0]):
            pairs = self.collect(args[0].items() if isinstance(args[0], dict) else args[0])
            return dict(pairs)
        if function in ("zip", "enumerate") and args and all(is_pure(a) for a in args):
            lists = [self.collect(a) for a in args]
            if function == "zip":
                return zip(*lists, strict=False)
            return enumerate(lists[0], *args[1:2])
        if function == "repr" and len(args) == 1:
            return py_repr(args[0], self.heap.room)
        if function == "bool" and len(args) <= 1:
            return self.truth(args[0]) if args else False
        if function == "len" and len(args) == 1:
            if isinstance(args[0], (Func, Module, PyPath)):
                kind = type_name(args[0])
                raise PyError("TypeError", f"object of type '{kind}' has no len()")
            try:
                return len(args[0])
            except TypeError:
                kind = type_name(args[0])
                raise PyError("TypeError", f"object of type '{kind}' has no len()") from None
        if function == "sum" and len(args) == 1 and isinstance(args[0], range):
            return sum(args[0])
        if function in ("sum", "min", "max") and len(args) == 1 and not isinstance(args[0], Sized):
            items = self.collect(args[0])
            if any(isinstance(a, (Func, Module, Sized, Environ)) for a in items):
                raise Unsupported(f"these arguments to {function}()")
            return _BUILTINS[function](items)
        if function == "str" and len(args) == 1:
            return py_str(args[0], self.heap.room)
        if function in _BUILTINS and function not in ("print", "range", "list", "len"):
            if any(isinstance(a, (Func, Module, Sized, Environ)) for a in args):
                raise Unsupported(f"these arguments to {function}()")
            try:
                return _BUILTINS[function](*args)
            except ValueError as exc:
                raise PyError("ValueError", str(exc)) from None
            except TypeError as exc:
                raise PyError("TypeError", str(exc)) from None
        raise Unsupported(f"these arguments to {function}()")


_BUILTINS: dict[str, Callable[..., Any]] = {
    "print": print,
    "len": len,
    "range": range,
    "list": list,
    "bytearray": bytearray,
    "bytes": bytes,
    "sum": sum,
    "str": py_str,
    "int": int,
    "float": float,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
}


#: how CPython names a sequence in its index errors
_SEQUENCES: dict[type, str] = {str: "string", list: "list", tuple: "tuple"}


def hashable(items: list[Any]) -> None:
    """CPython's TypeError for a dict key or set item it cannot hash."""
    for item in items:
        try:
            hash(item)
        except TypeError:
            raise PyError("TypeError", f"unhashable type: '{type_name(item)}'") from None


def has_attribute(module: str, attr: str) -> bool:
    """True if CPython's module has that attribute (pyeval does not simulate it)."""
    return attr in module_names(module)


def minor(version: str) -> tuple[int, ...]:
    """`3.12.11` -> (3, 12)."""
    return tuple(int(p) for p in version.split(".")[:2] if p.isdigit())


def message(exc: Exception) -> str:
    """The words after `Kind: ` on a traceback's last line (a KeyError shows the key's repr)."""
    if isinstance(exc, KeyError) and exc.args:
        return repr(exc.args[0])
    return str(exc)
