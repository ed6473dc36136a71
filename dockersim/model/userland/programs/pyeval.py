"""`python -c CODE`: a small, safe evaluator for the one-liners lessons type.

The code is parsed with `ast` and walked here; nothing is ever executed by the real Python.
Supported: assignments to names, `print(...)` (with `sep`/`end`), `import` of sys, os, platform
and socket, arithmetic, comparisons, f-strings, `len/str/int/float/abs/min/max/sum/range/list`,
`bytearray(n)`/`bytes(n)` (sized, never allocated), `sys.version`, `sys.platform`,
`sys.exit(n)`, `os.getenv`, `os.environ[...]`, `os.getpid()`, `platform.python_version()`,
`socket.gethostname()`. Errors print Python's traceback for `<string>` and exit 1. Code outside
this subset prints nothing and exits 0 (a simplification, documented in docs/architecture.md).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

#: values larger than this are not materialised (a `'x' * 10**9` stays unevaluated)
MAX_ITEMS = 1_000_000


class Unsupported(Exception):
    """Code outside the subset: the program prints nothing."""


class PyError(Exception):
    """A Python exception the code raises: `kind: message` on the traceback's last line."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind


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
        if self.size > 64:
            raise Unsupported("too large to print")
        inner = "b'" + "\\x00" * self.size + "'"
        return inner if self.kind == "bytes" else f"bytearray({inner})"


class Module:
    def __init__(self, name: str, attrs: Mapping[str, Any]) -> None:
        self.name = name
        self.attrs = dict(attrs)


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


def py_str(value: Any) -> str:
    if value is True:
        return "True"
    if value is False:
        return "False"
    if value is None:
        return "None"
    if isinstance(value, list):
        return "[" + ", ".join(py_repr(v) for v in value) + "]"
    if isinstance(value, Module):
        return f"<module '{value.name}' (built-in)>"
    return str(value)


def py_repr(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    return py_str(value)


class Interpreter:
    def __init__(self, env: Mapping[str, str], version: str, hostname: str, pid: int) -> None:
        self.env = env
        self.version = version
        self.names: dict[str, Any] = {}
        self.out: list[str] = []
        sys_version = f"{version} (main, Jun  4 2025, 04:38:41) \n[GCC 12.2.0]"
        self.modules = {
            "sys": Module(
                "sys",
                {"version": sys_version, "platform": "linux", "argv": ["-c"], "exit": "sys.exit"},
            ),
            "os": Module(
                "os",
                {
                    "getenv": "os.getenv",
                    "getpid": "os.getpid",
                    "environ": dict(env),
                    "name": "posix",
                    "sep": "/",
                },
            ),
            "platform": Module(
                "platform", {"python_version": "platform.python_version", "system": "p.system"}
            ),
            "socket": Module("socket", {"gethostname": "socket.gethostname"}),
        }
        self.hostname = hostname
        self.pid = pid

    # --- statements ------------------------------------------------------------------------
    def run(self, code: str) -> None:
        try:
            tree = ast.parse(code, "<string>", "exec")
        except SyntaxError as exc:
            raise PyError("SyntaxError", exc.msg) from None
        for statement in tree.body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Expr):
            self.expr(node.value)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            value = self.expr(node.value)
            for target in node.targets:
                assert isinstance(target, ast.Name)
                self.names[target.id] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module = self.modules.get(alias.name)
                if module is None:
                    raise PyError("ModuleNotFoundError", f"No module named '{alias.name}'")
                self.names[alias.asname or alias.name] = module
        elif isinstance(node, ast.Pass):
            return
        else:
            raise Unsupported(type(node).__name__)

    # --- expressions -----------------------------------------------------------------------
    def expr(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.id]
            if node.id in _BUILTINS:
                return node.id
            raise PyError("NameError", f"name '{node.id}' is not defined")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return self.binop(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.expr(node.operand)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            return _COMPARE[type(node.ops[0])](self.expr(node.left), self.expr(node.comparators[0]))
        if isinstance(node, ast.JoinedStr):
            return "".join(self.fpart(part) for part in node.values)
        if isinstance(node, ast.List):
            return [self.expr(item) for item in node.elts]
        if isinstance(node, ast.Attribute):
            owner = self.expr(node.value)
            if isinstance(owner, Module) and node.attr in owner.attrs:
                return owner.attrs[node.attr]
            if isinstance(owner, dict) and node.attr == "get":
                return ("dict.get", owner)
            name = owner.name if isinstance(owner, Module) else type(owner).__name__
            raise PyError("AttributeError", f"module '{name}' has no attribute '{node.attr}'")
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
            raise Unsupported("subscript")
        if isinstance(node, ast.Call):
            return self.call(node)
        raise Unsupported(type(node).__name__)

    def fpart(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.FormattedValue) and node.format_spec is None:
            value = self.expr(node.value)
            return py_repr(value) if node.conversion == ord("r") else py_str(value)
        raise Unsupported("format spec")

    def binop(self, node: ast.BinOp) -> Any:
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.op, ast.Pow) and isinstance(right, int) and abs(right) > 10_000:
            raise Unsupported("huge power")
        if isinstance(node.op, ast.Mult) and any(isinstance(v, (str, list)) for v in (left, right)):
            count = right if isinstance(left, (str, list)) else left
            item = left if isinstance(left, (str, list)) else right
            if isinstance(count, int) and count * max(len(item), 1) > MAX_ITEMS:
                raise Unsupported("huge sequence")
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

    def call(self, node: ast.Call) -> Any:
        function = self.expr(node.func)
        args = [self.expr(a) for a in node.args]
        kwargs = {k.arg: self.expr(k.value) for k in node.keywords if k.arg}
        if isinstance(function, tuple) and function[0] == "dict.get":
            return function[1].get(*args)
        if function == "print":
            sep = kwargs.get("sep", " ")
            end = kwargs.get("end", "\n")
            self.out.append(str(sep).join(py_str(a) for a in args) + str(end))
            return None
        if function == "sys.exit":
            code = args[0] if args else 0
            if isinstance(code, int):
                raise Exit(code)
            raise Exit(1, py_str(code) + "\n")
        simple: dict[str, Callable[..., Any]] = {
            "os.getenv": lambda name, default=None: self.env.get(name, default),
            "os.getpid": lambda: self.pid,
            "platform.python_version": lambda: self.version,
            "p.system": lambda: "Linux",
            "socket.gethostname": lambda: self.hostname,
        }
        if function in simple:
            return simple[function](*args)
        if function in ("bytearray", "bytes") and len(args) == 1 and isinstance(args[0], int):
            return Sized(str(function), args[0])
        if function == "range":
            values = range(*args)
            if len(values) > MAX_ITEMS:
                return Sized("range", len(values))
            return values
        if function == "list" and len(args) == 1:
            if isinstance(args[0], Sized):
                return args[0]
            return list(args[0])
        if function == "len" and len(args) == 1:
            try:
                return len(args[0])
            except TypeError:
                kind = type(args[0]).__name__
                raise PyError("TypeError", f"object of type '{kind}' has no len()") from None
        if function == "sum" and len(args) == 1 and isinstance(args[0], range):
            return sum(args[0])
        if function in _BUILTINS and function not in ("print", "range", "list", "len"):
            try:
                return _BUILTINS[str(function)](*args)
            except ValueError as exc:
                raise PyError("ValueError", str(exc)) from None
            except TypeError as exc:
                raise PyError("TypeError", str(exc)) from None
        raise Unsupported(f"call {function!r}")


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
    code: str, env: Mapping[str, str], version: str, hostname: str, pid: int
) -> tuple[str, str, int]:
    """Run `python -c code`: (stdout, stderr, exit status)."""
    interpreter = Interpreter(env, version, hostname, pid)
    try:
        interpreter.run(code)
    except (Unsupported, RecursionError, MemoryError, OverflowError, ValueError):
        return "".join(interpreter.out), "", 0
    except Exit as exc:
        return "".join(interpreter.out), exc.message, exc.code
    except PyError as exc:
        if exc.kind == "SyntaxError":
            text = f'  File "<string>", line 1\n    {code.strip()}\n{exc}\n'
            return "".join(interpreter.out), text, 1
        trace = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
        return "".join(interpreter.out), f"{trace}{exc}\n", 1
    return "".join(interpreter.out), "", 0
