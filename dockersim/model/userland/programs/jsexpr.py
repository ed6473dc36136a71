"""Expressions in the node evaluator (jseval's Interpreter takes them from this mixin).

Every evaluation is a generator: it yields only at `await` (the promise, or value, awaited;
what is sent back is its result, or an error thrown in), so an async function's body can stop
there and go on later from the job queue. A sync function's body never yields.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import Any

from dockersim.model.userland.programs.jsfunc import JSClosure, Scope
from dockersim.model.userland.programs.jsprops import callee_text
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
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

Gen = Generator[Any, Any, Any]
#: the kinds of expression whose value needs no generator (ExprMixin._simple)
SIMPLE = frozenset(["name", "literal", "function", "this"])


class Short(Exception):
    """`a?.b` met null or undefined: the whole chain is undefined."""


def to_int32(x: float) -> int:
    if math.isnan(x) or math.isinf(x):
        return 0
    n = int(x) & 0xFFFFFFFF
    return n - (1 << 32) if n & 0x80000000 else n


def _bitwise(op: str, x: float, y: float) -> float:
    a, b = to_int32(x), to_int32(y)
    if op == "|":
        return float(a | b)
    if op == "&":
        return float(a & b)
    if op == "^":
        return float(a ^ b)
    if op == "<<":
        return float(to_int32(float((a << (b & 31)) & 0xFFFFFFFF)))
    if op == ">>":
        return float(a >> (b & 31))
    return float((a & 0xFFFFFFFF) >> (b & 31))  # >>>


class ExprMixin:
    """`ev(node, scope)`: an expression's value (a generator)."""

    source: str
    lookup_in: Callable[..., Any]
    assign_in: Callable[..., None]
    get: Callable[[Any, str, int], Any]
    put: Callable[[Any, str, Any, int], None]
    string: Callable[[str], str]
    invoke: Callable[..., Gen]
    construct: Callable[..., Gen]
    make_function: Callable[[Node, Scope], JSClosure]
    make_class: Callable[[Node, Scope], Gen]
    bind: Callable[..., Gen]
    instance_of: Callable[[Any, Any], bool]
    delete: Callable[[Any, str], bool]
    frames: list[Any]
    make_error: Callable[[str, str], JSObject]
    protos: dict[str, JSObject]

    def ev(self, node: Node, scope: Scope) -> Gen:
        kind = node.kind
        try:
            if kind in SIMPLE:  # (no generator of their own: most nodes are these)
                return self._simple(node, scope)
            return (yield from self._ev(node, scope))
        except JSThrow as exc:
            self.located(exc, node)
            raise

    def _simple(self, node: Node, scope: Scope) -> Any:
        """The value of a node of a SIMPLE kind (what `ev` gives, without a generator)."""
        kind = node.kind
        if kind == "name":
            return self.lookup_in(scope, node.a, node.start)
        if kind == "literal":
            return NULL if node.a is None else node.a
        if kind == "function":
            return self.make_function(node, scope)
        return scope.this_scope().this

    def ev_simple(self, node: Node, scope: Scope) -> Any:
        """`_simple`, with the error located as `ev` locates it (for callers that check
        `node.kind in SIMPLE` first and skip the generator)."""
        try:
            return self._simple(node, scope)
        except JSThrow as exc:
            self.located(exc, node)
            raise

    def located(self, exc: JSThrow, node: Node) -> None:
        """Where an error thrown inside `node` happened, and its value with the stack as it
        is now (once: the innermost expression that threw)."""
        if exc.at is None:  # V8 points at the innermost expression that threw
            exc.at = node.start
        if exc.module is None and self.frames:
            exc.module = self.frames[-1].module
            if exc.value is None and exc.name:  # the error, with the stack as it is now
                self.frames[-1].at = exc.at
                exc.value = self.make_error(exc.name, exc.message)

    def _ev(self, node: Node, scope: Scope) -> Gen:
        kind = node.kind
        if kind == "member":
            if node.a.kind in SIMPLE:
                target = self.ev_simple(node.a, scope)
            else:
                target = yield from self.ev(node.a, scope)
            if node.d and (target is UNDEFINED or target is NULL):
                raise Short()
            key = yield from self.key_of(node, scope)
            return self.get(target, key, node.at)
        if kind == "call":
            return (yield from self.call(node, scope))
        if kind == "paren":
            return (yield from self.ev(node.a, scope))
        if kind == "binary":
            return (yield from self.binary(node, scope))
        if kind == "assign":
            return (yield from self.assign(node, scope))
        if kind == "template":
            parts = [node.a[0]]
            for expr, text in zip(node.b, node.a[1:], strict=True):
                value = yield from self.ev(expr, scope)
                parts += [to_string(to_primitive(value)), text]
            return self.string("".join(parts))
        if kind == "array":
            items: list[Any] = []
            for item in node.a:
                if item is None:
                    items.append(HOLE)
                elif item.kind == "spread":
                    items.extend(self.iterate((yield from self.ev(item.a, scope)), item.start))
                else:
                    items.append((yield from self.ev(item, scope)))
            return JSArray(items)
        if kind == "object":
            return (yield from self.object_literal(node, scope))
        if kind == "class":
            return (yield from self.make_class(node, scope))
        if kind == "chain":
            try:
                return (yield from self.ev(node.a, scope))
            except Short:
                return UNDEFINED
        if kind == "unary":
            return (yield from self.unary(node, scope))
        if kind == "update":
            old = to_number((yield from self.reference_get(node.b, scope)))
            new = old + 1 if node.a == "++" else old - 1
            yield from self.reference_put(node.b, new, node.at, scope)
            return new if node.d == "prefix" else old
        if kind == "conditional":
            test = yield from self.ev(node.a, scope)
            return (yield from self.ev(node.b if truthy(test) else node.c, scope))
        if kind == "sequence":
            value = UNDEFINED
            for item in node.a:
                value = yield from self.ev(item, scope)
            return value
        if kind == "new":
            callee = yield from self.ev(node.a, scope)
            args = yield from self.arguments(node.b, scope)
            if self.frames:
                self.frames[-1].at = node.start
            return (yield from self.construct(callee, args, node, scope))
        if kind == "await":
            value = yield from self.ev(node.a, scope)
            return (yield value)
        if kind == "supercall":
            return (yield from self.super_call(node, scope))
        if kind == "supermember":
            home = self.home_of(scope)
            return self.get(home, node.a, node.at)
        if kind == "regex":  # a new RegExp each time the literal is evaluated
            from dockersim.model.userland.programs.jsregexp import regexp_literal

            return regexp_literal(self, node)  # type: ignore[arg-type]
        raise Unsupported(kind)

    def home_of(self, scope: Scope) -> Any:
        """What `super.x` reads from: the prototype above the method's home object."""
        fscope: Scope | None = scope
        while fscope is not None and (fscope.function is None or fscope.function.is_arrow):
            fscope = fscope.parent
        fn = fscope.function if fscope is not None else None
        home = fn.home if fn is not None else None
        if home is None:
            raise JSThrow("SyntaxError", "'super' keyword unexpected here")
        return home.proto if home.proto is not None else self.protos["Object"]

    def super_call(self, node: Node, scope: Scope) -> Gen:
        fscope = scope
        while fscope.parent is not None and (fscope.function is None or fscope.function.is_arrow):
            fscope = fscope.parent
        fn = fscope.function
        if fn is None or fn.kind != "derived":
            raise JSThrow("SyntaxError", "'super' keyword unexpected here")
        args = yield from self.arguments(node.a, scope)
        if self.frames:
            self.frames[-1].at = node.start
        this = fscope.this
        parent = fn.parent
        if isinstance(parent, JSClosure):
            yield from self.invoke(parent, this, args, node.at, as_super=True)
        elif isinstance(parent, JSFunction):
            parent.invoke(this, args)
        yield from self.init_fields(fn, this)
        return UNDEFINED

    def init_fields(self, fn: JSClosure, this: Any) -> Gen:
        for key, init, fscope in fn.fields:
            inner = Scope(fscope, this=this, has_this=True)
            value = UNDEFINED if init is None else (yield from self.ev(init, inner))
            self.put(this, key, value, 0)

    def object_literal(self, node: Node, scope: Scope) -> Gen:
        from dockersim.model.userland.programs.jsfunc import Accessor

        obj = JSObject()
        props = obj.props
        for key, value, kind in node.a:
            if kind == "spread":
                source = yield from self.ev(value.a, scope)
                props.update(self.own_entries(source))
                continue
            name = key if isinstance(key, str) else property_key((yield from self.ev(key, scope)))
            if name == "__proto__" and isinstance(key, str):
                raise Unsupported("__proto__ in object literals")
            item = yield from self.ev(value, scope)
            if isinstance(item, JSClosure):
                if value.kind == "function" and "method" in value.d:
                    item.home = obj
                if not item.name and value.kind in ("function", "class"):
                    item.name = name
            if kind in ("get", "set"):
                found = props.get(name)
                acc = found if isinstance(found, Accessor) else Accessor()
                setattr(acc, "getter" if kind == "get" else "setter", item)
                props[name] = acc
            else:
                props[name] = item
        return obj

    def own_entries(self, source: Any) -> dict[str, Any]:
        """What `{...source}` copies: its own enumerable properties."""
        if isinstance(source, JSObject):
            return {k: self.get(source, k, 0) for k in source.ordered_keys()}
        if isinstance(source, JSArray):
            return {str(i): v for i, v in enumerate(source.items) if v is not HOLE}
        if isinstance(source, str):
            return {str(i): c for i, c in enumerate(source)}
        return {}

    def iterate(self, value: Any, at: int) -> list[Any]:
        """What a for-of loop or a spread goes through (arrays, strings, Maps and Sets)."""
        if isinstance(value, JSArray):
            return [UNDEFINED if v is HOLE else v for v in value.items]
        if isinstance(value, str):
            return list(value)
        if isinstance(value, JSObject) and value.internal is not None:
            from dockersim.model.userland.programs.jsiter import iterate_host

            found = iterate_host(value)
            if found is not None:
                return found
        if isinstance(value, JSObject) and isinstance(value.internal, dict | list):
            inner = value.internal
            if isinstance(inner, dict):
                if value.cls == "Set":
                    return list(inner.values())
                return [JSArray([k, v]) for k, v in inner.values()]
            return list(inner)
        shown = "undefined" if value is UNDEFINED else type_of(value)
        if value is NULL:
            shown = "null"
        if isinstance(value, JSObject | JSFunction):
            shown = "object" if isinstance(value, JSObject) else "function"
            raise JSThrow("TypeError", f"{shown} is not iterable", at)
        raise JSThrow(
            "TypeError", f"{to_string(value) if shown == 'number' else shown} is not iterable", at
        )

    def key_of(self, node: Node, scope: Scope) -> Gen:
        if node.c:
            return property_key((yield from self.ev(node.b, scope)))
        return str(node.b)

    def arguments(self, nodes: tuple[Node, ...], scope: Scope) -> Gen:
        args: list[Any] = []
        for arg in nodes:
            if arg.kind == "spread":
                args.extend(self.iterate((yield from self.ev(arg.a, scope)), arg.start))
            elif arg.kind in SIMPLE:
                args.append(self.ev_simple(arg, scope))
            else:
                args.append((yield from self.ev(arg, scope)))
        return args

    def call(self, node: Node, scope: Scope) -> Gen:
        callee_node = node.a
        this: Any = UNDEFINED
        if callee_node.kind == "member":
            if callee_node.a.kind in SIMPLE:
                target = self.ev_simple(callee_node.a, scope)
            else:
                target = yield from self.ev(callee_node.a, scope)
            if callee_node.d and (target is UNDEFINED or target is NULL):
                raise Short()
            key = yield from self.key_of(callee_node, scope)
            callee = self.get(target, key, callee_node.at)
            this = target
        elif callee_node.kind == "supermember":
            callee = yield from self.ev(callee_node, scope)
            this = scope.this_scope().this
        elif callee_node.kind in SIMPLE:
            callee = self.ev_simple(callee_node, scope)
        else:
            callee = yield from self.ev(callee_node, scope)
        if node.c and (callee is UNDEFINED or callee is NULL):  # f?.()
            raise Short()
        args = yield from self.arguments(node.b, scope)
        if not isinstance(callee, JSFunction):
            at = callee_node.start if callee_node.kind == "name" else node.at
            if callee_node.kind == "member" and not callee_node.c:
                at = callee_node.at
            raise JSThrow(
                "TypeError", f"{callee_text(callee_node, self.source)} is not a function", at
            )
        if self.frames:
            self.frames[-1].at = callee_node.at if callee_node.kind == "member" else node.start
        return (yield from self.invoke(callee, this, args, node.at))

    def unary(self, node: Node, scope: Scope) -> Gen:
        op, arg = node.a, node.b
        if op == "typeof":
            if arg.kind == "name":
                return type_of(self.lookup_in(scope, arg.a, arg.start, True))
            return type_of((yield from self.ev(arg, scope)))
        if op == "delete":
            if arg.kind != "member":
                return True
            target = yield from self.ev(arg.a, scope)
            key = yield from self.key_of(arg, scope)
            return self.delete(target, key)
        value = yield from self.ev(arg, scope)
        if op == "!":
            return not truthy(value)
        if op == "-":
            return -to_number(value)
        if op == "+":
            return to_number(value)
        if op == "~":
            return float(~to_int32(to_number(value)))
        return UNDEFINED  # void

    def reference_get(self, target: Node, scope: Scope) -> Gen:
        if target.kind == "name":
            return self.lookup_in(scope, target.a, target.start)
        obj = yield from self.ev(target.a, scope)
        return self.get(obj, (yield from self.key_of(target, scope)), target.at)

    def reference_put(self, target: Node, value: Any, at: int, scope: Scope) -> Gen:
        if target.kind == "name":
            self.assign_in(scope, target.a, value, at)
        else:
            obj = yield from self.ev(target.a, scope)
            self.put(obj, (yield from self.key_of(target, scope)), value, at)

    def assign(self, node: Node, scope: Scope) -> Gen:
        op, target = node.a, node.b
        if target.kind in ("arraypat", "objpat"):
            value = yield from self.ev(node.c, scope)
            yield from self.bind(target, value, scope, None)
            return value
        if target.kind == "member":  # the object and key are worked out once, first
            obj = yield from self.ev(target.a, scope)
            key = yield from self.key_of(target, scope)
            read: Callable[[], Any] = lambda: self.get(obj, key, target.at)  # noqa: E731
            write: Callable[[Any], None] = lambda v: self.put(obj, key, v, node.at)  # noqa: E731
        else:
            read = lambda: self.lookup_in(scope, target.a, target.start)  # noqa: E731
            write = lambda v: self.assign_in(scope, target.a, v, node.at)  # noqa: E731
        if op == "=":
            value = yield from self.ev(node.c, scope)
            if (
                isinstance(value, JSClosure)
                and not value.name
                and node.c.kind in ("function", "class")
                and target.kind == "name"
            ):
                value.name = target.a
        elif op in ("&&=", "||=", "??="):
            current = read()
            keep = {"&&=": not truthy(current), "||=": truthy(current),
                    "??=": current is not UNDEFINED and current is not NULL}[op]  # fmt: skip
            if keep:
                return current
            value = yield from self.ev(node.c, scope)
        else:
            current = read()
            value = self.operate(op[:-1], current, (yield from self.ev(node.c, scope)))
        write(value)
        return value

    def binary(self, node: Node, scope: Scope) -> Gen:
        op = node.a
        left = (self.ev_simple(node.b, scope) if node.b.kind in SIMPLE
                else (yield from self.ev(node.b, scope)))  # fmt: skip
        if op == "&&":
            return (yield from self.ev(node.c, scope)) if truthy(left) else left
        if op == "||":
            return left if truthy(left) else (yield from self.ev(node.c, scope))
        if op == "??":
            if left is UNDEFINED or left is NULL:
                return (yield from self.ev(node.c, scope))
            return left
        right = (self.ev_simple(node.c, scope) if node.c.kind in SIMPLE
                 else (yield from self.ev(node.c, scope)))  # fmt: skip
        if op == "instanceof":
            if not isinstance(right, JSFunction):
                raise JSThrow("TypeError", "Right-hand side of 'instanceof' is not callable",
                              node.at)  # fmt: skip
            return self.instance_of(left, right)
        if op == "in":
            if not isinstance(right, JSObject | JSArray | JSFunction):
                raise JSThrow("TypeError", f"Cannot use 'in' operator to search for "
                              f"'{to_string(left)}' in {to_string(right)}", node.at)  # fmt: skip
            return self.has_property(right, property_key(left))
        return self.operate(op, left, right)

    def has_property(self, target: Any, key: str) -> bool:
        from dockersim.model.userland.programs.jsprotos import has_inherited

        if isinstance(target, JSArray):
            if key == "length" or (key.isdigit() and int(key) < len(target.items)):
                return target.items[int(key)] is not HOLE if key.isdigit() else True
        elif isinstance(target, JSFunction):
            if key in target.props:
                return True
        else:
            obj: JSObject | None = target
            while obj is not None:
                if key in obj.props:
                    return True
                obj = obj.proto
        return has_inherited(self, target, key)  # type: ignore[arg-type]

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
        if op == "**":
            return power(x, y)
        return _bitwise(op, x, y)
