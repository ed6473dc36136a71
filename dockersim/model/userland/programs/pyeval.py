"""`python -c CODE`: a small, safe evaluator for the one-liners lessons type.

The code is parsed with `ast` and walked here; nothing is ever executed by the real Python.
Supported: assignments to names, `print(...)` (with `sep`/`end`), `import` of sys, os, platform
and socket, arithmetic, comparisons, f-strings, `len/str/int/float/abs/min/max/sum/range/list`,
`bytearray(n)`/`bytes(n)` (sized, never allocated), `sys.version`, `sys.platform`,
`sys.exit(n)`, `os.getenv`, `os.environ[...]`, `os.getpid()`, `platform.python_version()`,
`socket.gethostname()`, `exit()`. Errors print Python's traceback for `<string>` and exit 1.
Code outside this subset raises `Unsupported`, which names what is not simulated: `python -c`
then prints nothing and exits 0 (a simplification, documented in docs/architecture.md); the
REPL (engine/programs/python_repl.py) says so on stderr. A name CPython has but pyeval does not
simulate (`type`, `input`, `os.listdir`, `'a'.upper`) is such code, never a NameError.

What the code builds is charged against the process tree's memory (caps.Heap): a string,
list or integer that would not fit raises `MemoryError` (integers past MAX_INT_BITS too, so
arithmetic stays fast), and nesting deeper than MAX_DEPTH raises `RecursionError`, each with
Python's traceback.
"""

from __future__ import annotations

import ast
import itertools
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.userland.caps import Heap, too_deep
from dockersim.model.userland.programs.pycalls import (
    MAX_ITEMS,
    Calls,
    has_attribute,
    hashable,
    message,
    minor,
)
from dockersim.model.userland.programs.pymodnames import module_names
from dockersim.model.userland.programs.pynames import BUILTINS, STDLIB, name_error, suggestion
from dockersim.model.userland.programs.pyobjects import PyPath
from dockersim.model.userland.programs.pysite import site_module
from dockersim.model.userland.programs.pystdlib import PyHost, build
from dockersim.model.userland.programs.pyvalues import (
    FUNCS,
    INT_BYTES,
    MAX_DEPTH,
    POINTER_BYTES,
    Environ,
    Exit,
    Func,
    Module,
    PyError,
    Sized,
    Unsupported,
    cost,
    describe,
    py_repr,
    py_str,
    type_name,
)
from dockersim.model.userland.types import MemoryExhausted

#: the largest integer the evaluator computes (bits): past it, MemoryError
MAX_INT_BITS = 1 << 20
#: `%` formats with a wider field or precision than this are not built (MemoryError)
_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d*))?")


_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _plain(node: ast.AST, *values: Any) -> None:
    """Operators work on plain values only (not on functions, modules, sized buffers)."""
    for value in values:
        if isinstance(value, (Func, Module, Sized, Environ)):
            raise Unsupported(f"{describe(node)} on a {type_name(value)}")


class Interpreter(Calls):
    def __init__(
        self,
        env: Mapping[str, str],
        version: str,
        hostname: str,
        pid: int,
        heap: Heap,
        write: Callable[[str], None] | None = None,
        host: PyHost | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.env = env
        self.version = version
        self.heap = heap
        self.names: dict[str, Any] = {}
        #: what each name's value costs (charged to the heap until the program ends)
        self.held: dict[str, int] = {}
        #: names the REPL adds to the builtins (`_`, the last value it showed)
        self.extra: dict[str, Any] = {}
        self.depth = 0
        self.out: list[str] = []
        #: where `print` writes (at once, as CPython's stdout); by default into `out`
        self.write = write if write is not None else self.out.append
        #: where warnings go (stderr), and the file name they cite
        self.warn = warn
        self.filename = "<string>"
        self.host = host if host is not None else PyHost()
        self.hostname = hostname
        self.pid = pid
        #: the modules imported so far (each built once, on its first import)
        self.modules: dict[str, Module] = {}
        self.module("sys").attrs["argv"] = ["-c"]

    def module(self, name: str) -> Module:
        """The module `import name` binds (the standard library's, or what pip installed)."""
        if name in self.modules:
            return self.modules[name]
        found = build(name, self)
        if found is None:
            found = site_module(name, self.host.fs, self.version, self.env.get("HOME", "/root"))
        if found is None:
            top = name.split(".")[0]
            if top in STDLIB:
                raise Unsupported(f"the module {name}")
            raise PyError("ModuleNotFoundError", f"No module named '{name}'")
        self.modules[name] = found
        return found

    # --- statements ------------------------------------------------------------------------
    def run(self, code: str) -> None:
        try:
            tree = ast.parse(code, "<string>", "exec")
        except SyntaxError as exc:
            raise PyError("SyntaxError", exc.msg) from None
        except RecursionError:  # the real compiler's own limit, as CPython reports it
            message = "maximum recursion depth exceeded during compilation"
            raise PyError("RecursionError", message) from None
        except MemoryError:  # "too complex to parse"
            raise PyError("MemoryError", "") from None
        for statement in tree.body:
            self.statement(statement)

    def bind(self, name: str, value: Any) -> None:
        """`name = value`: the value is held (charged) instead of what the name held."""
        size = cost(value)
        delta = size - self.held.get(name, 0)
        self.need(delta)
        self.heap.charge(delta)
        self.held[name] = size
        self.names[name] = value

    def need(self, size: int) -> None:
        try:
            self.heap.need(size)
        except MemoryExhausted:
            raise PyError("MemoryError", "") from None

    def release(self) -> None:
        self.heap.charge(-sum(self.held.values()))
        self.held.clear()

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Expr):
            self.expr(node.value)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            value = self.expr(node.value)
            for target in node.targets:
                assert isinstance(target, ast.Name)
                self.bind(target.id, value)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module = self.module(alias.name)
                if alias.asname is None and "." in alias.name:  # `import os.path` binds os
                    top = alias.name.split(".")[0]
                    self.bind(top, self.module(top))
                else:
                    self.bind(alias.asname or alias.name, module)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            self.import_from(node.module, node.names)
        elif isinstance(node, ast.Assign):
            value = self.expr(node.value)
            for target in node.targets:
                self.assign(target, value)
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, (ast.Name, ast.Subscript))
            and type(node.op) in _BINOPS
        ):
            load = ast.copy_location(_loading(node.target), node.target)
            value = self.expr(ast.copy_location(ast.BinOp(load, node.op, node.value), node))
            self.assign(node.target, value)
        elif isinstance(node, ast.Pass):
            return
        else:
            raise Unsupported(describe(node))

    def assign(self, target: ast.expr, value: Any) -> None:
        """`target = value` for a name, `a, b`, or `owner[key]`."""
        if isinstance(target, ast.Name):
            self.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)) and not any(
            isinstance(t, ast.Starred) for t in target.elts
        ):
            items = self.collect(value, unpack=True)
            if len(items) != len(target.elts):
                more = len(items) > len(target.elts)
                message = (f"too many values to unpack (expected {len(target.elts)})" if more
                           else f"not enough values to unpack (expected {len(target.elts)}, "
                           f"got {len(items)})")  # fmt: skip
                raise PyError("ValueError", message)
            for element, item in zip(target.elts, items, strict=True):
                self.assign(element, item)
        elif isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Slice):
            owner = self.expr(target.value)
            key = self.expr(target.slice)
            if isinstance(owner, (dict, list)) and not isinstance(owner, Environ):
                self.need(cost(value) + cost(key))
                self.heap.charge(cost(value) + cost(key))
                self.held["[]"] = self.held.get("[]", 0) + cost(value) + cost(key)
                try:
                    owner[key] = value
                except IndexError:
                    raise PyError("IndexError", "list assignment index out of range") from None
                return
            if isinstance(owner, (str, tuple)):
                kind = type_name(owner)
                raise PyError("TypeError", f"'{kind}' object does not support item assignment")
            raise Unsupported(f"assigning to an item of a {type_name(owner)}")
        else:
            raise Unsupported(_CONSTRUCTS_ASSIGN)

    def import_from(self, name: str, aliases: list[ast.alias]) -> None:
        module = self.module(name)
        for alias in aliases:
            if alias.name == "*":
                raise Unsupported("'from ... import *'")
            if alias.name in module.attrs:
                self.bind(alias.asname or alias.name, module.attrs[alias.name])
                continue
            if module.site or has_attribute(name, alias.name):
                raise Unsupported(f"{name}.{alias.name}")
            where = module.shown[6:-1] if module.shown.startswith("from") else "unknown location"
            message = f"cannot import name '{alias.name}' from '{name}' ({where})"
            found = suggestion(alias.name, module_names(name))
            if found is not None and minor(self.version) >= (3, 12):
                message += f". Did you mean: '{found}'?"
            raise PyError("ImportError", message)

    def collect(self, value: Any, limit: int = MAX_ITEMS, unpack: bool = False) -> list[Any]:
        """The items of an iterable, charged as a list (an endless one is a MemoryError)."""
        if isinstance(value, (Func, Module, Sized, Environ, int, float)) or value is None:
            if isinstance(value, (int, float, bool)) or value is None:
                kind = type_name(value)
                if unpack:
                    raise PyError("TypeError", f"cannot unpack non-iterable {kind} object")
                raise PyError("TypeError", f"'{kind}' object is not iterable")
            raise Unsupported(f"iterating over a {type_name(value)}")
        if isinstance(value, PyPath):
            raise PyError("TypeError", "'PosixPath' object is not iterable")
        try:
            iterator = iter(value)
        except TypeError:
            raise PyError("TypeError", f"'{type_name(value)}' object is not iterable") from None
        items = list(itertools.islice(iterator, limit + 1))
        if len(items) > limit:
            raise PyError("MemoryError", "")
        self.need(POINTER_BYTES * len(items))
        return items

    def invoke(self, function: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Call a value pyeval holds as a function (for functools' callbacks)."""
        if not isinstance(function, Func):
            raise PyError("TypeError", f"'{type_name(function)}' object is not callable")
        fake = ast.Call(ast.Constant(None), [], [])
        return self.call_value(fake, function, args, kwargs)

    # --- expressions -----------------------------------------------------------------------
    def expr(self, node: ast.expr) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH or too_deep(self.depth):
                raise PyError("RecursionError", "maximum recursion depth exceeded")
            return self._expr(node)
        except PyError as exc:
            exc.node = exc.node or node
            raise
        except (TypeError, ValueError, ZeroDivisionError, KeyError, IndexError) as exc:
            # an operation on values pyeval holds as Python's own (`1 < 'a'`, `list(1)`):
            # CPython raises the same exception, in the same words
            raise PyError(type(exc).__name__, message(exc)) from None
        finally:
            self.depth -= 1

    def _expr(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            for scope in (self.names, self.extra, FUNCS):
                if node.id in scope:
                    return scope[node.id]
            if node.id in BUILTINS:
                raise Unsupported(f"the builtin {node.id}")
            raise PyError("NameError", name_error(node.id, self.names, self.version))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return self.binop(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self.expr(node.operand)
            if not isinstance(value, (int, float)):  # `-list`, `-'a'`: as CPython says
                raise PyError("TypeError", f"bad operand type for unary -: '{type_name(value)}'")
            return -value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self.truth(self.expr(node.operand))
        if isinstance(node, ast.BoolOp):
            value = None
            for item in node.values:
                value = self.expr(item)
                if self.truth(value) != isinstance(node.op, ast.And):
                    return value
            return value
        if isinstance(node, ast.IfExp):
            chosen = node.body if self.truth(self.expr(node.test)) else node.orelse
            return self.expr(chosen)
        if isinstance(node, (ast.Tuple, ast.Set)) and not any(
            isinstance(e, ast.Starred) for e in node.elts
        ):
            items = [self.expr(item) for item in node.elts]
            self.need(POINTER_BYTES * len(items))
            if isinstance(node, ast.Set):
                hashable(items)
                return set(items)
            return tuple(items)
        if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
            pairs = [
                (self.expr(k), self.expr(v))
                for k, v in zip(node.keys, node.values, strict=True)
                if k
            ]
            hashable([k for k, _ in pairs])
            self.need(2 * POINTER_BYTES * len(pairs))
            return dict(pairs)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            left, right = self.expr(node.left), self.expr(node.comparators[0])
            _plain(node, left, right)
            return _COMPARE[type(node.ops[0])](left, right)
        if isinstance(node, ast.JoinedStr):
            parts = [self.fpart(part) for part in node.values]
            self.need(sum(len(p) for p in parts))
            return "".join(parts)
        if isinstance(node, ast.List):
            items = [self.expr(item) for item in node.elts]
            self.need(POINTER_BYTES * len(items))
            return items
        if isinstance(node, ast.Attribute):
            return self.attribute(self.expr(node.value), node.attr)
        if isinstance(node, ast.Subscript):
            owner = self.expr(node.value)
            if isinstance(node.slice, ast.Slice):
                bounds = (node.slice.lower, node.slice.upper, node.slice.step)
                key: Any = slice(*(self.expr(b) if b is not None else None for b in bounds))
            else:
                key = self.expr(node.slice)
            return self.item(owner, key)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise Unsupported(describe(node))

    def fpart(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.FormattedValue) and node.format_spec is None:
            value = self.expr(node.value)
            room = self.heap.room
            return py_repr(value, room) if node.conversion == ord("r") else py_str(value, room)
        raise Unsupported("format specs in f-strings")

    def binop(self, node: ast.BinOp) -> Any:
        left, right = self.expr(node.left), self.expr(node.right)
        _plain(node, left, right)
        self.need(self.result_size(node.op, left, right))
        try:
            return _BINOPS[type(node.op)](left, right)
        except ZeroDivisionError:
            message = {
                ast.Div: "division by zero",
                ast.FloorDiv: "integer division or modulo by zero",
                ast.Mod: "integer modulo by zero",
            }.get(type(node.op), "division by zero")
            if isinstance(left, float) or isinstance(right, float):
                message = "float division by zero" if isinstance(node.op, ast.Div) else message
            raise PyError("ZeroDivisionError", message) from None
        except TypeError as exc:
            raise PyError("TypeError", str(exc)) from None

    @staticmethod
    def result_size(op: ast.operator, left: Any, right: Any) -> int:
        """What the result of `left op right` will occupy, worked out before it is built
        (an upper bound); integers past MAX_INT_BITS count as too large to build."""
        too_big = 1 << 62
        sequences = (str, bytes, list)
        if isinstance(op, ast.Add) and isinstance(left, sequences) and type(left) is type(right):
            width = POINTER_BYTES if isinstance(left, list) else 1
            return width * (len(left) + len(right))
        if isinstance(op, ast.Mult) and any(isinstance(v, sequences) for v in (left, right)):
            count = right if isinstance(left, sequences) else left
            item = left if isinstance(left, sequences) else right
            if isinstance(count, int) and not isinstance(count, bool):
                width = POINTER_BYTES if isinstance(item, list) else 1
                return width * len(item) * max(count, 0)
            return 0
        if isinstance(op, ast.Mod) and isinstance(left, str):
            widths = [int(n) for m in _FORMAT_WIDTH.finditer(left) for n in m.groups() if n]
            return max(widths, default=0) + len(left)
        ints = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
        if len(ints) != 2:
            return 0
        if isinstance(op, ast.Pow):
            if right <= 0 or abs(left) <= 1:
                return 0
            bits = right * left.bit_length() if right < too_big else too_big
        elif isinstance(op, ast.Mult):
            bits = left.bit_length() + right.bit_length()
        else:
            bits = max(left.bit_length(), right.bit_length()) + 1
        return too_big if bits > MAX_INT_BITS else INT_BYTES + bits // 8


def run_code(
    code: str,
    env: Mapping[str, str],
    version: str,
    hostname: str,
    pid: int,
    heap: Heap | None = None,
    write: Callable[[str], None] | None = None,
    host: PyHost | None = None,
    name: str = "python3",
    argv: list[str] | None = None,
    filename: str = "<string>",
) -> tuple[str, str, int]:
    """Run `python -c code`: (stdout, stderr, exit status). What it builds is charged to
    `heap` (the process tree's memory; a fresh one when None) while it runs. With `write`,
    what it prints goes there at once (and stdout is returned empty). Code outside the subset
    says so on stderr (`dockersim: not simulated in python3: ...`) and exits 1.

    `filename` is where the code came from, as tracebacks name it: `<string>` for `-c`,
    `<stdin>` for a script read from standard input, or the script's path (then, as CPython
    reads the file again, a traceback also shows the failing line). `argv` is `sys.argv`
    after its first item (`-c`, `-`/`` or the path)."""
    heap = heap if heap is not None else Heap()
    warnings: list[str] = []
    interpreter = Interpreter(env, version, hostname, pid, heap, write, host, warnings.append)
    first = {"<string>": "-c", "<stdin>": ""}.get(filename, filename)
    interpreter.module("sys").attrs["argv"] = [first, *(argv or [])]
    try:
        interpreter.run(code)
    except Unsupported as exc:
        note = NOTE.format(name=name, what=exc)
        return "".join(interpreter.out), "".join(warnings) + note, 1
    except Exit as exc:
        return "".join(interpreter.out), "".join(warnings) + exc.message, exc.code
    except (OverflowError, ValueError) as exc:
        text = f"{TRACEBACK}{type(exc).__name__}: {exc}\n"
        return "".join(interpreter.out), "".join(warnings) + text, 1
    except PyError as exc:
        if exc.kind == "MemoryError":
            heap.exhausted = True
        if exc.kind == "SyntaxError":
            shown = code.strip() if filename == "<string>" else code.strip().split("\n")[0]
            text = f'  File "{filename}", line 1\n    {shown}\n{exc}\n'
            return "".join(interpreter.out), text, 1
        line = getattr(exc.node, "lineno", 1) if exc.node is not None else 1
        trace = (
            f'Traceback (most recent call last):\n  File "{filename}", line {line}, in <module>\n'
        )
        if not filename.startswith("<"):
            trace += _source_line(code, line, exc.node)
        return "".join(interpreter.out), f"{''.join(warnings)}{trace}{exc}\n", 1
    finally:
        interpreter.release()
    return "".join(interpreter.out), "".join(warnings), 0


def _source_line(code: str, line: int, node: ast.AST | None) -> str:
    """The line a traceback shows under `File "script.py", line N`, with carets under a name
    that is only part of it (CPython 3.11+; other carets are not simulated)."""
    lines = code.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    stripped = text.lstrip()
    out = f"    {stripped}\n"
    if isinstance(node, ast.Name) and len(node.id) < len(stripped.rstrip()):
        column = node.col_offset - (len(text) - len(stripped))
        if column >= 0:
            out += "    " + " " * column + "^" * len(node.id) + "\n"
    return out


NOTE = "dockersim: not simulated in {name}: {what} (dockersim runs a small subset of Python)\n"
TRACEBACK = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'


_CONSTRUCTS_ASSIGN = "assignments to anything but names, tuples of names and items"


def _loading(target: ast.expr) -> ast.expr:
    """The target of `x += 1` read as a value."""
    if isinstance(target, ast.Name):
        return ast.Name(target.id, ast.Load())
    assert isinstance(target, ast.Subscript)
    return ast.Subscript(target.value, target.slice, ast.Load())
