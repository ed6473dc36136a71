"""A safe JavaScript evaluator for `node`: scripts, functions, classes, promises and timers.

It walks jsparse's tree; nothing is ever run by a real JavaScript engine. One `Interpreter` is
one realm: a script's `let`/`const` names stay for the next script (the REPL's inputs), `var`
and assignments to undeclared names become globals (sloppy mode). Before a script runs its
declarations are checked and created (`let`/`const` uninitialised until their line runs), so
`let a = 1; let a = 2` fails before anything runs, as in V8.

Expressions are in jsexpr, statements in jsstmt, the built-in objects in jsbuiltins and
jsmethods, promises and timers in jsasync. What a script can do is bounded: every statement
and call is a step (`tick`: the process's step budget), calls nest at most jscall.MAX_DEPTH deep
(and never deeper than the simulator's own stack: V8's `RangeError: Maximum call stack size
exceeded` either way), and the strings and arrays it builds are charged to the process tree's
memory (caps.Heap): past it, V8's `RangeError: Invalid string length` / `Invalid array
length`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any

from dockersim.model.userland.caps import MAX_MEMORY, Heap
from dockersim.model.userland.programs.jscall import CallMixin
from dockersim.model.userland.programs.jsexpr import ExprMixin
from dockersim.model.userland.programs.jsfunc import Accessor, Frame, JSClosure, Scope, var_names
from dockersim.model.userland.programs.jshost import (
    UNSUPPORTED_GLOBALS,
    exit_status,
    host_globals,
)
from dockersim.model.userland.programs.jsparsed import parse
from dockersim.model.userland.programs.jsprops import get as get_property
from dockersim.model.userland.programs.jsprops import put as put_property
from dockersim.model.userland.programs.jsprotos import (
    CONVERSIONS,
    NULL_PROTO,
    builtin_method,
    guard_conversion,
    prototype_member,
)
from dockersim.model.userland.programs.jsstmt import StmtMixin
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    TDZ,
    UNDEFINED,
    ExtraArray,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
)
from dockersim.model.userland.types import MemoryExhausted, StepLimit

Gen = Generator[Any, Any, Any]
#: the longest string a script may build (the process tree's memory cap; V8's is 2**29-24)
MAX_STRING_CHARS = MAX_MEMORY
#: the steps a script takes when its program gives no budget (each REPL input has its own)
DEFAULT_STEPS = 200_000
#: globals that cannot be declared again (non-configurable) nor changed (non-writable)
FROZEN = frozenset(["undefined", "NaN", "Infinity"])
_EMPTY: Any = object()


class Interpreter(CallMixin, ExprMixin, StmtMixin):
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
        tick: Callable[[], None] | None = None,
    ) -> None:
        from dockersim.model.userland.programs.jsasync import Loop
        from dockersim.model.userland.programs.jsbuiltins import install

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
        self._source = ""
        self.module: Any = ("[eval]", "")
        self.scope = Scope(None, this=UNDEFINED, has_this=True)
        self.scope.vars = self.lexical
        self.frames: list[Frame] = []
        self.depth = 0
        self.steps = 0
        self._tick = tick
        self.last: Any = _EMPTY
        self.loop = Loop(self)
        self.protos: dict[str, JSObject] = {}
        #: the prototype of each kind of primitive value and of arrays (jsprotos)
        self.primitive_protos: dict[type, JSObject] = {}
        #: the built-in prototypes whose members are jsmethods' (by id), and their kind
        self.proto_kinds: dict[int, str] = {}
        #: each kind's built-in methods (jsprotos): the method, and it unbound (`this` checked)
        self.unbound: dict[str, dict[str, tuple[Any, JSFunction]]] = {}
        #: the methods of each kind of value (jsmethods), made once
        self.method_tables: dict[str, dict[str, Any]] = {}
        #: the frames node's own code adds under a script's (set by the program)
        self.stack_tail = ""
        #: the program is being run again to rebuild its memory (engine/programs/node_http.py):
        #: clients of other servers send nothing
        self.replaying = False
        install(self)

    @property
    def source(self) -> str:
        """The text of the module running now (V8 names what it calls by its source)."""
        return str(self.frames[-1].module[1]) if self.frames else self._source

    @source.setter
    def source(self, text: str) -> None:
        self._source = text

    @property
    def exit_code(self) -> int:
        """process.exitCode, as node ends with it."""
        return exit_status(self.builtins["process"])

    def tick(self) -> None:
        if self._tick is not None:
            self._tick()
            return
        self.steps += 1
        if self.steps > DEFAULT_STEPS:
            raise StepLimit()

    # --- scripts -------------------------------------------------------------------------------
    def run(self, source: str) -> Any:
        """Parse and run a script; its completion value (undefined when no expression gave
        one). Raises JSSyntaxError, JSThrow, Unsupported or JSExit."""
        return self.execute(parse(source), source)

    def execute(self, body: list[Node], source: str) -> Any:
        """Run a parsed script (see `run`)."""
        self.source = source
        self.module = ("[eval]", source)
        self.steps = 0
        self.declare(body)
        value = _EMPTY
        self.frames.append(Frame("", self.module))
        try:
            for statement in body:
                self.last = _EMPTY
                done = self.drive(self.exec(statement, self.scope))
                if self.last is not _EMPTY and statement.kind not in ("decl", "classdecl"):
                    value = self.last
                if done is not None:
                    break
        finally:
            self.frames.pop()
        self.loop.microtasks()
        return UNDEFINED if value is _EMPTY else value

    def declare(self, body: list[Node]) -> None:
        """GlobalDeclarationInstantiation: a name an earlier script declared cannot be
        declared again (a SyntaxError without a place; jsparse finds those within one
        script); then the names are created."""
        from dockersim.model.userland.programs.jssyntax import pattern_names

        kinds: dict[str, str] = {}
        for statement in body:
            if statement.kind == "decl" and statement.a != "var":
                for target, _, _ in statement.b:
                    kinds.update(dict.fromkeys(pattern_names(target), statement.a))
            elif statement.kind == "classdecl":
                kinds[statement.a.a] = "let"
            elif statement.kind == "funcdecl":
                kinds[statement.a.a] = "var"
        kinds.update(dict.fromkeys(var_names(body), "var"))
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
        for statement in body:
            if statement.kind == "funcdecl":
                self.globals[statement.a.a] = self.make_function(statement.a, self.scope)

    def drive(self, gen: Gen) -> Any:
        """Run a generator that must not wait (a sync function, a script) to its end."""
        try:
            gen.send(None)
        except StopIteration as stop:
            return stop.value
        gen.close()
        raise JSThrow("SyntaxError", "await is only valid in async functions and the top "
                      "level bodies of modules")  # fmt: skip

    # --- names -----------------------------------------------------------------------------------
    def lookup_in(self, scope: Scope, name: str, at: int, typeof: bool = False) -> Any:
        found: Scope | None = scope
        while found is not None and found.parent is not None:
            binding = found.vars.get(name)
            if binding is not None:
                if binding[0] is TDZ:
                    raise JSThrow("ReferenceError", f"Cannot access '{name}' before "
                                  "initialization", at)  # fmt: skip
                return binding[0]
            found = found.parent
        return self.lookup(name, at, typeof)

    def assign_in(self, scope: Scope, name: str, value: Any, at: int) -> None:
        found: Scope | None = scope
        while found is not None and found.parent is not None:
            binding = found.vars.get(name)
            if binding is not None:
                if binding[0] is TDZ:
                    raise JSThrow("ReferenceError", f"Cannot access '{name}' before "
                                  "initialization", at)  # fmt: skip
                if binding[1]:
                    raise JSThrow("TypeError", "Assignment to constant variable.", at)
                binding[0] = value
                return
            found = found.parent
        self.assign_name(name, value, at)

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

    # --- properties --------------------------------------------------------------------------
    def get(self, target: Any, key: str, at: int) -> Any:
        """target[key]: own properties, the prototype chain, then the built-in prototypes
        (jsprotos: what a script put on them wins over a built-in member)."""
        if isinstance(target, JSObject):
            obj = target
            while True:
                if key in obj.props:
                    return self.read(obj.props[key], target)
                if obj.proto is None:
                    break
                obj = obj.proto
            if target.cls == "<prototype>":  # Array.prototype.map
                member = prototype_member(self, target, key)
                if member is not None:
                    return member
            if obj.cls != NULL_PROTO:
                base = self.protos["Object"].props
                if key in base:
                    return self.read(base[key], target)
        elif isinstance(target, JSFunction):
            fn: Any = target
            while isinstance(fn, JSFunction):
                if key in fn.props:
                    return fn.props[key]
                fn = fn.parent if isinstance(fn, JSClosure) else None
        else:
            if key == "length" or key.isdigit():  # an array's or a string's own
                kind = type(target)
                if kind is str or kind is JSArray or kind is ExtraArray:
                    return get_property(target, key, at)
            proto = self.primitive_protos.get(type(target))
            if proto is not None and key in proto.props:
                return self.read(proto.props[key], target)
        found = builtin_method(self, target, key)
        if found is not None:
            return found
        if not isinstance(target, JSObject):
            base = self.protos["Object"].props
            if key in base and target is not UNDEFINED and target is not NULL:
                return self.read(base[key], target)
        return get_property(target, key, at)

    def read(self, value: Any, this: Any) -> Any:
        """A property's value (a getter's answer)."""
        if isinstance(value, Accessor):
            if value.getter is None:
                return UNDEFINED
            return self.call_sync(value.getter, this, [])
        return value

    def put(self, target: Any, key: str, value: Any, at: int) -> None:
        if isinstance(target, JSObject) and not target.tag:
            obj: JSObject | None = target
            while obj is not None:  # a setter up the prototype chain
                found = obj.props.get(key)
                if isinstance(found, Accessor):
                    if found.setter is not None:
                        self.call_sync(found.setter, target, [value])
                    return
                obj = obj.proto
            if key == "__proto__":
                raise Unsupported("__proto__")
            if key in CONVERSIONS and target.cls == "<prototype>":
                guard_conversion(self, target, key)
            target.props[key] = value
            return
        if isinstance(target, JSFunction):
            target.props[key] = value
            return
        if isinstance(target, JSArray) and key == "length":
            from dockersim.model.userland.programs.jsvalues import to_number

            size = int(to_number(value))
            del target.items[size:]
            return
        put_property(target, key, value, at, self.string)

    def delete(self, target: Any, key: str) -> bool:
        if (isinstance(target, JSObject) and not target.tag) or isinstance(target, JSFunction):
            target.props.pop(key, None)
        elif isinstance(target, JSArray) and key.isdigit() and int(key) < len(target.items):
            from dockersim.model.userland.programs.jsvalues import HOLE

            target.items[int(key)] = HOLE
        return True

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

    def grow(self, items: int) -> None:
        """Room for `items` more array elements (8 bytes each), or V8's RangeError."""
        try:
            self.heap.need(8 * items)
        except MemoryExhausted:
            raise JSThrow("RangeError", "Invalid array length") from None
        self.heap.charge(8 * items)

    # --- functions ---------------------------------------------------------------------------
    def source_of(self, fn: Any) -> str:
        """Function.prototype.toString: a script's function as written."""
        if isinstance(fn, JSClosure):
            return str(fn.source[1][fn.node.start : fn.node.end])
        return f"function {fn.name}() {{ [native code] }}"

    def shown(self, value: Any) -> str:
        from dockersim.model.userland.programs.jsinspect import inspect

        try:
            return inspect(value, 0)
        except Unsupported:
            return "[object]"

    # --- errors ------------------------------------------------------------------------------
    def thrown_value(self, exc: BaseException) -> Any:
        """The JavaScript value of an error as a `catch` sees it."""
        if isinstance(exc, RecursionError):
            return self.make_error("RangeError", "Maximum call stack size exceeded")
        assert isinstance(exc, JSThrow)
        if exc.value is None:
            exc.value = self.make_error(exc.name, exc.message)
        return exc.value

    def make_error(self, name: str, message: str) -> JSObject:
        from dockersim.model.userland.programs.jsbuiltins import new_error

        return new_error(self, name, message)

    def stack_text(self) -> str:
        """The `    at ...` lines V8 captures for an error made now."""
        from dockersim.model.userland.programs.jsbuiltins import frames_text

        return frames_text(self)


def excerpt(source: str, start: int, end: int) -> tuple[int, str, str]:
    """Where V8 points in the source: the line number, that line, and the carets under
    `start`..`end` (cut at the line's end)."""
    first = source.rfind("\n", 0, start) + 1
    last = source.find("\n", start)
    last = len(source) if last < 0 else last
    width = max(min(end, last) - start, 0)
    return source.count("\n", 0, start) + 1, source[first:last], " " * (start - first) + "^" * width
