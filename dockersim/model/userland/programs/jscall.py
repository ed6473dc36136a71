"""Calls in the node evaluator (jseval's Interpreter takes them from this mixin): making the
functions and classes a script writes, calling them (a generator: the script's own run inside
it; an async one starts on the job queue), `new`, `instanceof`, and the JavaScript stack of
frames V8 prints under an error.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsfunc import (
    Accessor,
    Frame,
    JSClosure,
    Scope,
    function_var_names,
    var_names,
)
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    property_key,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jsasync import Loop

Gen = Generator[Any, Any, Any]
#: how deeply calls may nest (node's default stack holds about 10 800 simple frames; the
#: simulator's own stack is met first, with the same error)
MAX_DEPTH = 2000
#: a function's prototype object: its `constructor` is not enumerable
_CONSTRUCTOR = frozenset(["constructor"])


class CallMixin:
    """Functions, classes, calls and `new`."""

    module: Any
    frames: list[Any]
    depth: int
    builtins: dict[str, Any]
    loop: Loop
    source: str
    ev: Callable[[Node, Scope], Gen]
    bind: Callable[..., Gen]
    hoist: Callable[..., None]
    run_body: Callable[..., Gen]
    init_fields: Callable[..., Gen]
    tick: Callable[[], None]
    drive: Callable[[Gen], Any]
    shown: Callable[[Any], str]

    def make_function(self, node: Node, scope: Scope) -> JSClosure:
        fn = JSClosure(node.a or "", node, scope, self.module, self)
        if fn.constructible:
            fn.props["prototype"] = JSObject({}, proto=None, cls="<prototype>")
            fn.props["prototype"].props["constructor"] = fn
            fn.props["prototype"].hidden = _CONSTRUCTOR
        return fn

    def make_class(self, node: Node, scope: Scope) -> Gen:
        parent = UNDEFINED if node.b is None else (yield from self.ev(node.b, scope))
        inner = Scope(scope)
        ctor_node = next(
            (value for kind, static, key, value in node.c
             if kind == "method" and not static and key == "constructor"),
            None,
        )  # fmt: skip
        if ctor_node is None:
            ctor_node = Node("function", node.start, node.end, node.a, (), (), frozenset())
        derived = node.b is not None
        kind = "derived" if derived else "class"
        cls = JSClosure(node.a or "", ctor_node, inner, self.module, self, kind)
        cls.flags = frozenset(["default"] if ctor_node.b == () and ctor_node.c == () else [])
        proto_parent = None
        if derived:
            if parent is NULL:
                proto_parent = None
            elif not isinstance(parent, JSFunction) or "prototype" not in parent.props:
                raise JSThrow("TypeError", f"Class extends value {self.shown(parent)} is not a "
                              "constructor or null", node.b.start)  # fmt: skip
            else:
                proto_parent = parent.props["prototype"]
            cls.parent = parent
        prototype = JSObject({"constructor": cls}, proto=proto_parent, cls="<prototype>")
        prototype.hidden = hidden = {"constructor"}  # a class's methods are not enumerable
        cls.props["prototype"] = prototype
        cls.home = prototype
        if node.a:
            inner.vars[node.a] = [cls, True]
        for kind, static, key, value in node.c:
            name = key if isinstance(key, str) else property_key((yield from self.ev(key, inner)))
            if kind == "field":
                if static:
                    this_scope = Scope(inner, this=cls, has_this=True)
                    field = UNDEFINED if value is None else (yield from self.ev(value, this_scope))
                    cls.props[name] = field
                else:
                    cls.fields.append((name, value, inner))
                continue
            if key == "constructor" and not static:
                continue
            method = self.make_function(value, inner)
            method.name = name
            home = cls if static else prototype
            method.home = home if isinstance(home, JSObject) else None
            table = cls.props if static else prototype.props
            if not static:
                hidden.add(name)
            if kind in ("get", "set"):
                found = table.get(name)
                acc = found if isinstance(found, Accessor) else Accessor()
                setattr(acc, "getter" if kind == "get" else "setter", method)
                table[name] = acc
            else:
                table[name] = method
        return cls

    def invoke(
        self, fn: Any, this: Any, args: list[Any], at: int = 0, as_super: bool = False
    ) -> Gen:
        """Call a function (a generator: the script's own functions run inside it)."""
        self.tick()
        if isinstance(fn, JSClosure):
            if fn.kind and not as_super:
                raise JSThrow("TypeError", f"Class constructor {fn.name} cannot be invoked "
                              "without 'new'", at)  # fmt: skip
            if fn.is_async:
                return self.loop.start_async(fn, this, args)
            return (yield from self.call_body(fn, this, args))
        if not isinstance(fn, JSFunction):
            raise JSThrow("TypeError", f"{self.shown(fn)} is not a function", at)
        return fn.invoke(this, args)

    def call_sync(self, fn: Any, this: Any, args: list[Any]) -> Any:
        """Call a function from the host (a callback): it runs to its end now."""
        return self.drive(self.invoke(fn, this, args))

    def call_body(self, fn: JSClosure, this: Any, args: list[Any], tracked: bool = True) -> Gen:
        if tracked:
            self.enter(fn, this)
        try:
            scope = Scope(fn.scope, function=fn, this=this, has_this=not fn.is_arrow)
            node = fn.node
            if not fn.is_arrow:
                scope.vars["arguments"] = [JSArray(list(args)), False]
            for i, param in enumerate(node.b):
                if param.kind == "name":  # (bind's "param" case, without its generator)
                    value = args[i] if i < len(args) else UNDEFINED
                    if isinstance(value, JSClosure) and not value.name:
                        value.name = param.a
                    scope.vars[param.a] = [value, False]
                    continue
                if param.kind == "rest":
                    yield from self.bind(param.a, JSArray(list(args[i:])), scope, "param")
                    break
                yield from self.bind(param, args[i] if i < len(args) else UNDEFINED, scope,
                                     "param")  # fmt: skip
            if fn.kind == "class":
                yield from self.init_fields(fn, this)
            elif (
                fn.kind == "derived" and "default" in fn.flags
            ):  # constructor(...a) { super(...a) }
                if isinstance(fn.parent, JSClosure):
                    yield from self.invoke(fn.parent, this, args, as_super=True)
                elif isinstance(fn.parent, JSFunction):
                    fn.parent.invoke(this, args)
                yield from self.init_fields(fn, this)
                return UNDEFINED
            if "expr" in fn.flags:
                return (yield from self.ev(node.c, scope))
            names = function_var_names(node.c) if isinstance(node.c, tuple) else var_names(node.c)
            for name in names:
                scope.vars.setdefault(name, [UNDEFINED, False])
            self.hoist(node.c, scope)
            done = yield from self.run_body(node.c, scope)
            return done[1] if done is not None and done[0] == "return" else UNDEFINED
        finally:
            if tracked:
                self.leave()

    def enter(self, fn: JSClosure, this: Any) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.depth -= 1
            raise JSThrow("RangeError", "Maximum call stack size exceeded")
        name = fn.name
        if fn.kind:
            name = f"new {name}"
        elif isinstance(this, JSObject) and name and "method" in fn.flags:
            name = f"{this.cls or 'Object'}.{name}"
        self.frames.append(Frame(name, fn.source))

    def leave(self) -> None:
        self.depth -= 1
        self.frames.pop()

    def construct(self, callee: Any, args: list[Any], node: Node, scope: Scope) -> Gen:
        from dockersim.model.userland.programs.jsprops import callee_text

        constructible = isinstance(callee, JSFunction) and "prototype" in callee.props
        if isinstance(callee, JSClosure):
            constructible = bool(callee.kind) or callee.constructible
        if not constructible:
            name = callee_text(node.a, self.source)
            raise JSThrow("TypeError", f"{name} is not a constructor", node.at)
        proto = callee.props.get("prototype")
        root: Any = callee
        while isinstance(root, JSClosure) and root.kind == "derived":
            root = root.parent
        cls = callee.name
        this = JSObject({}, proto=proto if isinstance(proto, JSObject) else None, cls=cls)
        if isinstance(root, JSFunction) and not isinstance(root, JSClosure):
            made = root.invoke(this, args)  # a built-in at the root (Error, EventEmitter)
            if isinstance(made, JSArray | JSFunction):
                return made
            if isinstance(made, JSObject) and made is not this:
                made.proto, made.cls = this.proto, cls
                this = made
            if root is callee:
                return this
        self.tick()
        self.enter(callee, this) if isinstance(callee, JSClosure) else None
        try:
            result = yield from self.call_body(callee, this, args, tracked=False)
        finally:
            if isinstance(callee, JSClosure):
                self.leave()
        if isinstance(result, JSObject | JSArray | JSFunction):
            return result
        return this

    def instance_of(self, value: Any, cls: JSFunction) -> bool:
        proto = cls.props.get("prototype")
        if isinstance(value, JSArray):
            return cls is self.builtins.get("Array") or cls is self.builtins.get("Object")
        if isinstance(value, JSFunction):
            return cls is self.builtins.get("Function") or cls is self.builtins.get("Object")
        if not isinstance(value, JSObject):
            return False
        if cls is self.builtins.get("Object"):
            return True
        obj = value.proto
        while obj is not None:
            if obj is proto:
                return True
            obj = obj.proto
        return False
