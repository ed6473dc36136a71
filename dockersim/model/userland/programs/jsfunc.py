"""Scripts' own functions and the scopes they close over (the node evaluator, jseval).

A `Scope` is one environment record: its bindings (name -> [value, is_const]; a `let`/`const`
not yet run holds TDZ), the scope around it, and for a function's own scope its `this`. The
realm's global scope has the realm's `lexical` dict as its bindings; names not found there
are the global object's (jseval's `lookup`).

A `JSClosure` is a function a script wrote: its syntax (`node`, a jsparse `function` node),
the scope it was made in, and for a class constructor the class's fields and its parent.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.userland.programs.jssyntax import Node, pattern_names
from dockersim.model.userland.programs.jsvalues import UNDEFINED, JSFunction, JSObject


@attrs.define
class Frame:
    """One call on the JavaScript stack: what V8 names it, its module, where it is now."""

    name: str
    module: Any
    at: int = 0


class Scope:
    """One environment record."""

    __slots__ = ("function", "has_this", "parent", "this", "vars")

    def __init__(
        self,
        parent: Scope | None,
        function: JSClosure | None = None,
        this: Any = UNDEFINED,
        has_this: bool = False,
    ) -> None:
        self.vars: dict[str, list[Any]] = {}
        self.parent = parent
        #: the function whose body this scope is (None for blocks and the global scope)
        self.function = function
        self.this = this
        self.has_this = has_this

    def function_scope(self) -> Scope:
        """Where `var` declares: the nearest function's scope (or the global one)."""
        scope = self
        while scope.function is None and scope.parent is not None:
            scope = scope.parent
        return scope

    def this_scope(self) -> Scope:
        """Where `this` comes from: arrows see their maker's."""
        scope = self
        while not scope.has_this and scope.parent is not None:
            scope = scope.parent
        return scope


class Accessor:
    """A property defined by a getter and/or a setter (`get x() {}`)."""

    __slots__ = ("getter", "setter")

    def __init__(self, getter: Any = None, setter: Any = None) -> None:
        self.getter = getter
        self.setter = setter


class JSClosure(JSFunction):
    """A function a script wrote."""

    __slots__ = ("fields", "flags", "home", "kind", "node", "parent", "realm", "scope", "source")

    def __init__(
        self, name: str, node: Node, scope: Scope, source: Any, realm: Any, kind: str = ""
    ) -> None:
        super().__init__(name, lambda args: realm.call_sync(self, UNDEFINED, args))
        #: the Interpreter that runs it (a host function calling it back goes through it)
        self.realm = realm
        self.node = node
        self.scope = scope
        #: the module it was written in (file name and text: where its errors point)
        self.source = source
        self.flags: frozenset[str] = node.d if node.kind == "function" else frozenset()
        #: "" a function, "class" a class constructor, "derived" one that extends another
        self.kind = kind
        #: a class's instance fields: (key, initialiser or None)
        self.fields: list[tuple[str, Node | None, Scope]] = []
        #: the class it extends (super), and the object a method was defined on
        self.parent: Any = None
        self.home: JSObject | None = None

    def invoke(self, this: Any, args: list[Any]) -> Any:
        return self.realm.call_sync(self, this, args)

    @property
    def is_async(self) -> bool:
        return "async" in self.flags

    @property
    def is_arrow(self) -> bool:
        return "arrow" in self.flags

    @property
    def constructible(self) -> bool:
        return not (self.is_arrow or self.is_async or "method" in self.flags)


#: id(a function's body) -> (the body, the names `var` declares in it): a body is a frozen
#: tuple of the parse cache's, asked at every call of its function
_VAR_NAMES: dict[int, tuple[tuple[Any, ...], list[str]]] = {}


def function_var_names(body: tuple[Any, ...]) -> list[str]:
    """`var_names` of a function's body, worked out once (callers only read the list)."""
    found = _VAR_NAMES.get(id(body))
    if found is None or found[0] is not body:
        if len(_VAR_NAMES) >= 20_000:
            _VAR_NAMES.clear()
        found = _VAR_NAMES[id(body)] = (body, var_names(body))
    return found[1]


def var_names(body: Any) -> list[str]:
    """The names `var` declares in statements (into blocks and loops, not functions)."""
    out: list[str] = []
    stack = list(body) if isinstance(body, tuple | list) else [body]
    while stack:
        node = stack.pop()
        if not isinstance(node, Node):
            continue
        kind = node.kind
        if kind == "decl":
            if node.a == "var":
                for target, _, _ in node.b:
                    out.extend(pattern_names(target))
        elif kind in ("block",):
            stack.extend(node.a)
        elif kind == "if":
            stack.extend((node.b, node.c))
        elif kind == "for":
            stack.extend((node.a, node.d))
        elif kind in ("forof", "forin"):
            if node.a == "var":
                out.extend(pattern_names(node.b))
            stack.append(node.d)
        elif kind == "while":
            stack.append(node.b)
        elif kind == "dowhile":
            stack.append(node.a)
        elif kind == "label":
            stack.append(node.b)
        elif kind == "try":
            stack.extend((node.a, node.c, node.d))
        elif kind == "switch":
            for _, statements in node.b:
                stack.extend(statements)
    return out
