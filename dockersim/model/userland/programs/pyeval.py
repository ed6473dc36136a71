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
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.userland.caps import Heap, too_deep
from dockersim.model.userland.programs.pynames import BUILTINS, name_error
from dockersim.model.userland.programs.pyvalues import (
    BUILD,
    COMPILER,
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

#: a `range` longer than this is not materialised (`len(range(10**12))` still works)
MAX_ITEMS = 1_000_000
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


class Interpreter:
    def __init__(
        self,
        env: Mapping[str, str],
        version: str,
        hostname: str,
        pid: int,
        heap: Heap,
        write: Callable[[str], None] | None = None,
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
        sys_version = f"{version} ({BUILD}) \n[{COMPILER}]"
        lib = "/usr/local/lib/python" + ".".join(version.split(".")[:2])
        builtin = "<built-in function {}>".format
        self.modules = {
            "sys": Module(
                "sys",
                {
                    "version": sys_version,
                    "platform": "linux",
                    "argv": ["-c"],
                    "exit": Func("sys.exit", builtin("exit")),
                },
            ),
            "os": Module(
                "os",
                {
                    "getenv": Func("os.getenv", None),
                    "getpid": Func("os.getpid", builtin("getpid")),
                    "environ": Environ(env),
                    "name": "posix",
                    "sep": "/",
                },
                "(frozen)",
            ),
            "platform": Module(
                "platform",
                {
                    "python_version": Func("platform.python_version", None),
                    "system": Func("platform.system", None),
                },
                f"from '{lib}/platform.py'",
            ),
            "socket": Module(
                "socket",
                {"gethostname": Func("socket.gethostname", builtin("gethostname"))},
                f"from '{lib}/socket.py'",
            ),
        }
        self.hostname = hostname
        self.pid = pid

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
                module = self.modules.get(alias.name)
                if module is None:
                    raise PyError("ModuleNotFoundError", f"No module named '{alias.name}'")
                self.bind(alias.asname or alias.name, module)
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and type(node.op) in _BINOPS
        ):
            target = ast.Name(node.target.id, ast.Load())
            self.bind(node.target.id, self.expr(ast.copy_location(
                ast.BinOp(ast.copy_location(target, node.target), node.op, node.value), node
            )))  # fmt: skip
        elif isinstance(node, ast.Pass):
            return
        else:
            raise Unsupported(describe(node))

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
            raise PyError(type(exc).__name__, _message(exc)) from None
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
            owner = self.expr(node.value)
            if isinstance(owner, Module) and node.attr in owner.attrs:
                return owner.attrs[node.attr]
            if isinstance(owner, Environ) and node.attr == "get":
                return Func("dict.get", None, owner)
            name = owner.name if isinstance(owner, Module) else type(owner).__name__
            raise Unsupported(f"{name}.{node.attr}")
        if isinstance(node, ast.Subscript):
            owner = self.expr(node.value)
            key = self.expr(node.slice)
            if isinstance(owner, dict):
                if key not in owner:
                    raise PyError("KeyError", repr(key))
                return owner[key]
            if isinstance(owner, (str, list)) and isinstance(key, int):
                try:
                    return owner[key]
                except IndexError:
                    kind = "string" if isinstance(owner, str) else "list"
                    raise PyError("IndexError", f"{kind} index out of range") from None
            raise Unsupported(describe(node.slice) if isinstance(node.slice, ast.Slice) else
                              f"indexing a {type(owner).__name__}")  # fmt: skip
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

    def call(self, node: ast.Call) -> Any:
        called = self.expr(node.func)
        if not isinstance(called, Func):
            kind = "module" if isinstance(called, Module) else type_name(called)
            raise PyError("TypeError", f"'{kind}' object is not callable")
        function = called.name
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise Unsupported("'*' and '**' arguments")
        args = [self.expr(a) for a in node.args]
        kwargs = {k.arg: self.expr(k.value) for k in node.keywords if k.arg}
        if kwargs and (function != "print" or set(kwargs) - {"sep", "end", "flush"}):
            raise Unsupported(f"keyword arguments to {function}()")
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
            elif isinstance(args[0], (str, bytes, list)):
                self.need(POINTER_BYTES * len(args[0]))
            return list(args[0])
        if function == "len" and len(args) == 1:
            try:
                return len(args[0])
            except TypeError:
                kind = type_name(args[0])
                raise PyError("TypeError", f"object of type '{kind}' has no len()") from None
        if function == "sum" and len(args) == 1 and isinstance(args[0], range):
            return sum(args[0])
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


def run_code(
    code: str,
    env: Mapping[str, str],
    version: str,
    hostname: str,
    pid: int,
    heap: Heap | None = None,
    write: Callable[[str], None] | None = None,
) -> tuple[str, str, int]:
    """Run `python -c code`: (stdout, stderr, exit status). What it builds is charged to
    `heap` (the process tree's memory; a fresh one when None) while it runs. With `write`,
    what it prints goes there at once (and stdout is returned empty)."""
    heap = heap if heap is not None else Heap()
    interpreter = Interpreter(env, version, hostname, pid, heap, write)
    try:
        interpreter.run(code)
    except (Unsupported, OverflowError, ValueError):
        return "".join(interpreter.out), "", 0
    except Exit as exc:
        return "".join(interpreter.out), exc.message, exc.code
    except PyError as exc:
        if exc.kind == "MemoryError":
            heap.exhausted = True
        if exc.kind == "SyntaxError":
            text = f'  File "<string>", line 1\n    {code.strip()}\n{exc}\n'
            return "".join(interpreter.out), text, 1
        trace = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
        return "".join(interpreter.out), f"{trace}{exc}\n", 1
    finally:
        interpreter.release()
    return "".join(interpreter.out), "", 0


def _message(exc: Exception) -> str:
    """The words after `Kind: ` on a traceback's last line (a KeyError shows the key's repr)."""
    if isinstance(exc, KeyError) and exc.args:
        return repr(exc.args[0])
    return str(exc)
