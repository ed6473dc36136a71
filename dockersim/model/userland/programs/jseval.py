"""A small, safe JavaScript evaluator for `node` at a terminal and `node -e` / `node -p`.

It walks jsparse's tree; nothing is ever run by a real JavaScript engine. One `Interpreter` is
one realm: a script's `let`/`const` names stay for the next script (the REPL's inputs), `var`
and assignments to undeclared names become globals (sloppy mode). Before a script runs its
declarations are checked and created (`let`/`const` uninitialised until their line runs), so
`let a = 1; let a = 2` fails before anything runs, as in V8.

What a script can do is bounded by its source (there are no loops or functions), except the
strings it builds: they are charged to the process tree's memory (caps.Heap); past it, or
past MAX_STRING_CHARS, V8's `RangeError: Invalid string length`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.userland.caps import MAX_MEMORY, Heap
from dockersim.model.userland.programs.jshost import (
    UNSUPPORTED_GLOBALS,
    exit_status,
    host_globals,
)
from dockersim.model.userland.programs.jsparse import parse
from dockersim.model.userland.programs.jsprops import callee_text, get, put
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    TDZ,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    divide,
    less_than,
    loose_equals,
    power,
    property_key,
    remainder,
    strict_equals,
    to_number,
    to_primitive,
    to_string,
    truthy,
    type_of,
)
from dockersim.model.userland.types import MemoryExhausted

#: the longest string a script may build (the process tree's memory cap; V8's is 2**29-24)
MAX_STRING_CHARS = MAX_MEMORY
#: globals that cannot be declared again (non-configurable) nor changed (non-writable)
FROZEN = frozenset(["undefined", "NaN", "Infinity"])
#: statements parsed (to find V8's syntax errors in them) but not run
UNRUN = {"block": "blocks ({ ... } as a statement)", "label": "labels"}
_EMPTY: Any = object()


class _Short(Exception):
    """`a?.b` met null or undefined: the whole chain is undefined."""


class Interpreter:
    """One realm: its globals and the bindings its scripts declared."""

    def __init__(
        self,
        env: Mapping[str, str],
        version: str,
        argv: list[str],
        pid: int,
        cwd: str,
        heap: Heap,
        write: Callable[[str, str], None],
        room: Callable[[], int] = lambda: MAX_STRING_CHARS,
        arch: str = "x64",
    ) -> None:
        self.heap = heap
        self.write = write
        self.builtins = host_globals(env, version, argv, pid, cwd, arch, write, room)
        #: let/const: name -> [value, is_const]
        self.lexical: dict[str, list[Any]] = {}
        #: the global object's own properties the scripts made (var, sloppy assignments)
        self.globals: dict[str, Any] = {}
        self.var_names: set[str] = set()
        #: the REPL's `_` (the last value) until something is assigned to `_`
        self.underscore = False
        #: the script running (V8 names what it calls by its source)
        self.source = ""

    @property
    def exit_code(self) -> int:
        """process.exitCode, as node ends with it."""
        return exit_status(self.builtins["process"])

    # --- scripts -------------------------------------------------------------------------------
    def run(self, source: str) -> Any:
        """Parse and run a script; its completion value (undefined when no expression gave
        one). Raises JSSyntaxError, JSThrow, Unsupported or JSExit."""
        return self.execute(parse(source), source)

    def execute(self, body: list[Node], source: str) -> Any:
        """Run a parsed script (see `run`)."""
        self.source = source
        for statement in body:
            if statement.kind in UNRUN:
                raise Unsupported(UNRUN[statement.kind])
        self.declare(body)
        value = _EMPTY
        for statement in body:
            result = self.statement(statement)
            if result is not _EMPTY:
                value = result
        return UNDEFINED if value is _EMPTY else value

    def declare(self, body: list[Node]) -> None:
        """GlobalDeclarationInstantiation: a name an earlier script declared cannot be
        declared again (a SyntaxError without a place; jsparse finds those within one
        script); then the names are created."""
        kinds = {name: statement.a for statement in body if statement.kind == "decl"
                 for name, _, _ in statement.b}  # fmt: skip
        for name, kind in kinds.items():
            earlier = name in self.lexical or (kind != "var" and name in self.var_names)
            if earlier or (kind != "var" and name in FROZEN):
                raise JSThrow("SyntaxError", f"Identifier '{name}' has already been declared")
        for name, kind in kinds.items():
            if kind != "var":
                self.lexical[name] = [TDZ, kind == "const"]
                continue
            if name not in self.globals and name not in self.builtins:
                self.globals[name] = UNDEFINED
            self.var_names.add(name)

    def statement(self, node: Node) -> Any:
        if node.kind == "expr":
            return self.expr(node.a)
        if node.kind == "decl":
            for name, _, init in node.b:
                if node.a == "var":
                    if init is not None:
                        self.assign_name(name, self.expr(init), init.start)
                    continue
                value = UNDEFINED if init is None else self.expr(init)
                self.lexical[name][0] = value
        return _EMPTY

    # --- names -----------------------------------------------------------------------------------
    def lookup(self, name: str, at: int, typeof: bool = False) -> Any:
        binding = self.lexical.get(name)
        if binding is not None:
            if binding[0] is TDZ:
                raise JSThrow("ReferenceError", f"Cannot access '{name}' before initialization", at)
            return binding[0]
        if name in self.globals:
            return self.globals[name]
        if name in self.builtins:
            return self.builtins[name]
        if name in UNSUPPORTED_GLOBALS:
            raise Unsupported(name)
        if typeof:
            return UNDEFINED
        raise JSThrow("ReferenceError", f"{name} is not defined", at)

    def assign_name(self, name: str, value: Any, at: int) -> None:
        binding = self.lexical.get(name)
        if binding is not None:
            if binding[0] is TDZ:
                raise JSThrow("ReferenceError", f"Cannot access '{name}' before initialization", at)
            if binding[1]:
                raise JSThrow("TypeError", "Assignment to constant variable.", at)
            binding[0] = value
        elif name in FROZEN and name not in self.globals:
            return  # sloppy mode ignores writes to read-only globals
        else:
            if name == "_" and self.underscore:
                self.underscore = False
                self.builtins.pop("_", None)
                self.write("stdout", "Expression assignment to _ now disabled.\n")
            self.globals[name] = value

    # --- expressions -----------------------------------------------------------------------------
    def expr(self, node: Node) -> Any:
        try:
            return self._expr(node)
        except JSThrow as exc:
            if exc.at is None:  # V8 points at the innermost expression that threw
                exc.at = node.start
            raise

    def _expr(self, node: Node) -> Any:
        kind = node.kind
        if kind == "literal":
            return NULL if node.a is None else node.a
        if kind == "name":
            return self.lookup(node.a, node.start)
        if kind == "paren":
            return self.expr(node.a)
        if kind == "template":
            parts = [node.a[0]]
            for expr, text in zip(node.b, node.a[1:], strict=True):
                parts += [to_string(to_primitive(self.expr(expr))), text]
            return self.string("".join(parts))
        if kind == "array":
            return JSArray([HOLE if item is None else self.expr(item) for item in node.a])
        if kind == "object":
            props: dict[str, Any] = {}
            for key, value in node.a:
                name = key if isinstance(key, str) else property_key(self.expr(key))
                if name == "__proto__" and isinstance(key, str):
                    raise Unsupported("__proto__ in object literals")
                props[name] = self.expr(value)
            return JSObject(props)
        if kind == "member":
            return self.member(node)
        if kind == "chain":
            try:
                return self.expr(node.a)
            except _Short:
                return UNDEFINED
        if kind == "call":
            return self.call(node)
        if kind == "unary":
            return self.unary(node)
        if kind == "update":
            return self.update(node)
        if kind == "binary":
            return self.binary(node)
        if kind == "conditional":
            return self.expr(node.b if truthy(self.expr(node.a)) else node.c)
        if kind == "assign":
            return self.assign(node)
        if kind == "sequence":
            value = UNDEFINED
            for item in node.a:
                value = self.expr(item)
            return value
        raise Unsupported(kind)

    def string(self, text: str) -> str:
        """A string the script built: charged to memory, or V8's RangeError."""
        if len(text) > MAX_STRING_CHARS:
            raise JSThrow("RangeError", "Invalid string length")
        try:
            self.heap.need(len(text))
        except MemoryExhausted:
            raise JSThrow("RangeError", "Invalid string length") from None
        self.heap.charge(len(text))
        return text

    def key_of(self, node: Node) -> str:
        return property_key(self.expr(node.b)) if node.c else str(node.b)

    def member(self, node: Node) -> Any:
        target = self.expr(node.a)
        if node.d and (target is UNDEFINED or target is NULL):
            raise _Short()
        return get(target, self.key_of(node), node.at)

    def call(self, node: Node) -> Any:
        callee_node = node.a
        if callee_node.kind == "member":
            target = self.expr(callee_node.a)
            if callee_node.d and (target is UNDEFINED or target is NULL):
                raise _Short()
            callee = get(target, self.key_of(callee_node), callee_node.at)
        else:
            callee = self.expr(callee_node)
        args = [self.expr(arg) for arg in node.b]
        if not isinstance(callee, JSFunction):
            at = callee_node.start if callee_node.kind == "name" else node.at
            if callee_node.kind == "member" and not callee_node.c:
                at = callee_node.at
            raise JSThrow(
                "TypeError", f"{callee_text(callee_node, self.source)} is not a function", at
            )
        return callee.call(args)

    def unary(self, node: Node) -> Any:
        op, arg = node.a, node.b
        if op == "typeof":
            if arg.kind == "name":
                return type_of(self.lookup(arg.a, arg.start, typeof=True))
            return type_of(self.expr(arg))
        value = self.expr(arg)
        if op == "!":
            return not truthy(value)
        if op == "-":
            return -to_number(value)
        if op == "+":
            return to_number(value)
        return UNDEFINED  # void

    def update(self, node: Node) -> Any:
        old = to_number(self.reference_get(node.b))
        new = old + 1 if node.a == "++" else old - 1
        self.reference_put(node.b, new, node.at)
        return new if node.d == "prefix" else old

    def reference_get(self, target: Node) -> Any:
        if target.kind == "name":
            return self.lookup(target.a, target.start)
        return get(self.expr(target.a), self.key_of(target), target.at)

    def reference_put(self, target: Node, value: Any, at: int) -> None:
        if target.kind == "name":
            self.assign_name(target.a, value, at)
        else:
            put(self.expr(target.a), self.key_of(target), value, at, self.string)

    def assign(self, node: Node) -> Any:
        op, target = node.a, node.b
        if target.kind == "member":  # the object and key are worked out once, first
            obj, key = self.expr(target.a), self.key_of(target)
            read: Callable[[], Any] = lambda: get(obj, key, target.at)  # noqa: E731
            write: Callable[[Any], None] = lambda v: put(obj, key, v, node.at, self.string)  # noqa: E731
        else:
            read = lambda: self.lookup(target.a, target.start)  # noqa: E731
            write = lambda v: self.assign_name(target.a, v, node.at)  # noqa: E731
        if op == "=":
            value = self.expr(node.c)
        elif op in ("&&=", "||=", "??="):
            current = read()
            keep = {"&&=": not truthy(current), "||=": truthy(current),
                    "??=": current is not UNDEFINED and current is not NULL}[op]  # fmt: skip
            if keep:
                return current
            value = self.expr(node.c)
        else:
            value = self.operate(op[:-1], read(), self.expr(node.c))
        write(value)
        return value

    def binary(self, node: Node) -> Any:
        op = node.a
        if op in ("&&", "||", "??"):
            left = self.expr(node.b)
            if op == "&&":
                return self.expr(node.c) if truthy(left) else left
            if op == "||":
                return left if truthy(left) else self.expr(node.c)
            return self.expr(node.c) if left is UNDEFINED or left is NULL else left
        return self.operate(op, self.expr(node.b), self.expr(node.c))

    def operate(self, op: str, a: Any, b: Any) -> Any:
        if op == "+":
            a, b = to_primitive(a), to_primitive(b)
            if isinstance(a, str) or isinstance(b, str):
                return self.string(to_string(a) + to_string(b))
            return to_number(a) + to_number(b)
        if op in ("===", "!=="):
            return strict_equals(a, b) == (op == "===")
        if op in ("==", "!="):
            return loose_equals(a, b) == (op == "==")
        if op in ("<", ">", "<=", ">="):
            found = less_than(b, a) if op in (">", "<=") else less_than(a, b)
            if found is None:
                return False
            return found if op in ("<", ">") else not found
        x, y = to_number(a), to_number(b)
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            return divide(x, y)
        if op == "%":
            return remainder(x, y)
        return power(x, y)


def excerpt(source: str, start: int, end: int) -> tuple[int, str, str]:
    """Where V8 points in the source: the line number, that line, and the carets under
    `start`..`end` (cut at the line's end)."""
    first = source.rfind("\n", 0, start) + 1
    last = source.find("\n", start)
    last = len(source) if last < 0 else last
    width = max(min(end, last) - start, 0)
    return source.count("\n", 0, start) + 1, source[first:last], " " * (start - first) + "^" * width
