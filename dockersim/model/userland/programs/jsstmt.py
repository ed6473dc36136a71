"""Statements in the node evaluator (jseval's Interpreter takes them from this mixin).

`run_body(statements, scope)` runs statements and gives their completion: None when they ran
to the end, or ("return", value), ("break", label) or ("continue", label) (label None when
there is none). A thrown JavaScript value is a JSThrow exception. Like expressions, every
statement is a generator that yields only at `await`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from dockersim.model.userland.programs.jsexpr import SIMPLE
from dockersim.model.userland.programs.jsfunc import JSClosure, Scope
from dockersim.model.userland.programs.jssyntax import Node, pattern_names
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
    strict_equals,
    truthy,
)

Gen = Generator[Any, Any, Any]
Completion = tuple[str, Any] | None
#: statement kinds that declare in the block they are in
LEXICAL = frozenset(["decl", "classdecl", "funcdecl"])


class StmtMixin:
    """Statements, blocks, loops and binding patterns."""

    ev: Callable[[Node, Scope], Gen]
    ev_simple: Callable[[Node, Scope], Any]
    get: Callable[[Any, str, int], Any]
    lookup_in: Callable[..., Any]
    assign_in: Callable[..., None]
    reference_put: Callable[..., Gen]
    iterate: Callable[[Any, int], list[Any]]
    make_function: Callable[[Node, Scope], JSClosure]
    make_class: Callable[[Node, Scope], Gen]
    thrown_value: Callable[[BaseException], Any]
    tick: Callable[[], None]
    frames: list[Any]

    # --- declarations --------------------------------------------------------------------
    def hoist(self, body: tuple[Node, ...] | list[Node], scope: Scope) -> None:
        """A block's own declarations: let/const/class uninitialised, functions made."""
        for node in body:
            if node.kind == "decl" and node.a != "var":
                for target, _, _ in node.b:
                    for name in pattern_names(target):
                        scope.vars[name] = [TDZ, node.a == "const"]
            elif node.kind == "classdecl":
                scope.vars[node.a.a] = [TDZ, False]
        for node in body:
            if node.kind == "funcdecl":
                scope.vars[node.a.a] = [self.make_function(node.a, scope), False]

    def initialize(self, scope: Scope, name: str, value: Any) -> None:
        """Give a let/const/class its value where it was declared."""
        found: Scope | None = scope
        while found is not None:
            binding = found.vars.get(name)
            if binding is not None:
                binding[0] = value
                return
            found = found.parent
        scope.vars[name] = [value, False]

    def bind_name(self, target: str | Node, value: Any, scope: Scope, kind: str | None) -> None:
        """`bind` to a plain name (no generator: most bindings are these)."""
        name = target if isinstance(target, str) else target.a
        if isinstance(value, JSClosure) and not value.name:
            value.name = name
        if kind == "param":
            scope.vars[name] = [value, False]
        elif kind in ("let", "const", "class"):
            self.initialize(scope, name, value)
        else:
            self.assign_in(scope, name, value, getattr(target, "start", 0))

    def bind(self, target: Any, value: Any, scope: Scope, kind: str | None) -> Gen:
        """Bind a pattern to a value: `kind` let/const/class (initialise), var (assign),
        param (a new binding here), None (an assignment's target)."""
        if isinstance(target, str) or target.kind == "name":
            self.bind_name(target, value, scope, kind)
            return
        if target.kind == "default":
            if value is UNDEFINED:
                value = yield from self.ev(target.b, scope)
                if isinstance(value, JSClosure) and not value.name and target.a.kind == "name":
                    value.name = target.a.a
            yield from self.bind(target.a, value, scope, kind)
            return
        if target.kind == "member":
            yield from self.reference_put(target, value, target.start, scope)
            return
        if target.kind == "arraypat":
            items = self.iterate(value, target.start)
            for i, element in enumerate(target.a):
                if element is None:
                    continue
                if element.kind == "rest":
                    yield from self.bind(element.a, JSArray(items[i:]), scope, kind)
                    break
                yield from self.bind(element, items[i] if i < len(items) else UNDEFINED,
                                     scope, kind)  # fmt: skip
            return
        if target.kind == "objpat":
            if value is UNDEFINED or value is NULL:
                raise JSThrow("TypeError", f"Cannot destructure '{value!r}' as it is "
                              f"{value!r}.", target.start)  # fmt: skip
            used = []
            for key, element in target.a:
                name = key
                if isinstance(key, Node):
                    from dockersim.model.userland.programs.jsvalues import property_key

                    name = property_key((yield from self.ev(key, scope)))
                used.append(name)
                yield from self.bind(element, self.get(value, name, target.start), scope, kind)
            if target.b is not None:
                rest = JSObject()
                if isinstance(value, JSObject):
                    rest.props = {k: value.props[k] for k in value.ordered_keys()
                                  if k not in used}  # fmt: skip
                yield from self.bind(target.b, rest, scope, kind)
            return
        raise Unsupported(f"binding to {target.kind}")

    # --- statements ----------------------------------------------------------------------
    def run_body(self, body: tuple[Node, ...] | list[Node], scope: Scope) -> Gen:
        for node in body:
            done = yield from self.exec(node, scope)
            if done is not None:
                return done
        return None

    def block(self, body: tuple[Node, ...], scope: Scope) -> Gen:
        if any(node.kind in LEXICAL for node in body):
            scope = Scope(scope)
            self.hoist(body, scope)
        return (yield from self.run_body(body, scope))

    def exec(self, node: Node, scope: Scope, labels: tuple[str, ...] = ()) -> Gen:
        self.tick()
        kind = node.kind
        if kind == "expr":
            self.last = yield from self.ev(node.a, scope)
            return None
        if kind == "decl":
            for target, _, init in node.b:
                if init is None:
                    if node.a != "var":
                        yield from self.bind(target, UNDEFINED, scope, node.a)
                    continue
                if init.kind in SIMPLE:
                    value = self.ev_simple(init, scope)
                else:
                    value = yield from self.ev(init, scope)
                if isinstance(target, str) or target.kind == "name":
                    self.bind_name(target, value, scope, node.a)
                else:
                    yield from self.bind(target, value, scope, node.a)
            return None
        if kind == "if":
            test = yield from self.ev(node.a, scope)
            branch = node.b if truthy(test) else node.c
            return None if branch is None else (yield from self.exec(branch, scope))
        if kind == "block":
            return (yield from self.block(node.a, scope))
        if kind == "return":
            if node.a is None:
                value = UNDEFINED
            elif node.a.kind in SIMPLE:
                value = self.ev_simple(node.a, scope)
            else:
                value = yield from self.ev(node.a, scope)
            return ("return", value)
        if kind in ("break", "continue"):
            return (kind, node.a)
        if kind in ("funcdecl", "empty"):
            return None
        if kind == "classdecl":
            cls = yield from self.make_class(node.a, scope)
            self.initialize(scope, node.a.a, cls)
            return None
        if kind == "throw":
            value = yield from self.ev(node.a, scope)
            thrown = JSThrow("", "", node.at, value)
            thrown.module = self.frames[-1].module if self.frames else None
            from dockersim.model.userland.programs.jsvalues import ErrorInfo

            info = getattr(value, "internal", None)
            if isinstance(info, ErrorInfo) and info.thrown is None:
                info.thrown = (thrown.module, node.at)
            raise thrown
        if kind == "try":
            return (yield from self.try_statement(node, scope))
        if kind in ("for", "forof", "forin", "while", "dowhile"):
            return (yield from self.iteration(node, scope, labels))
        if kind == "switch":
            return (yield from self.switch(node, scope, labels))
        if kind == "label":
            done = yield from self.exec(node.b, scope, (*labels, node.a))
            if done is not None and done[0] == "break" and done[1] == node.a:
                return None
            return done
        raise Unsupported(kind)

    def try_statement(self, node: Node, scope: Scope) -> Gen:
        done: Completion = None
        try:
            try:
                done = yield from self.block(node.a.a, scope)
            except (JSThrow, RecursionError) as exc:
                if node.c is None:
                    raise
                inner = Scope(scope)
                if node.b is not None:
                    from dockersim.model.userland.programs.jssyntax import pattern_names

                    for name in pattern_names(node.b):
                        inner.vars[name] = [UNDEFINED, False]
                    yield from self.bind(node.b, self.thrown_value(exc), inner, "param")
                done = yield from self.block(node.c.a, inner)
        finally:
            if node.d is not None:
                final = yield from self.block(node.d.a, scope)
                if final is not None:
                    return final  # noqa: B012
        return done

    def switch(self, node: Node, scope: Scope, labels: tuple[str, ...]) -> Gen:
        value = yield from self.ev(node.a, scope)
        inner = Scope(scope)
        for _, body in node.b:
            self.hoist(body, inner)
        start = None
        for index, (test, _) in enumerate(node.b):
            if test is not None and strict_equals(value, (yield from self.ev(test, inner))):
                start = index
                break
        if start is None:
            start = next((i for i, (test, _) in enumerate(node.b) if test is None), None)
        if start is None:
            return None
        for _, body in node.b[start:]:
            done = yield from self.run_body(body, inner)
            if done is not None:
                if done[0] == "break" and (done[1] is None or done[1] in labels):
                    return None
                return done
        return None

    def iteration(self, node: Node, scope: Scope, labels: tuple[str, ...]) -> Gen:
        kind = node.kind
        if kind == "while":
            while truthy((yield from self.ev(node.a, scope))):
                self.tick()
                done = yield from self.exec(node.b, scope)
                if _ends(done, labels):
                    return _outcome(done, labels)
            return None
        if kind == "dowhile":
            while True:
                self.tick()
                done = yield from self.exec(node.a, scope)
                if _ends(done, labels):
                    return _outcome(done, labels)
                if not truthy((yield from self.ev(node.b, scope))):
                    return None
        if kind == "for":
            outer = Scope(scope)
            init = node.a
            per_iteration = init is not None and init.kind == "decl" and init.a != "var"
            if init is not None:
                if per_iteration:
                    self.hoist((init,), outer)
                yield from self.exec(init, outer)
            loop_scope = outer
            if per_iteration:  # each turn has its own copy of the loop's let bindings
                loop_scope = _copy(outer, scope)
            while True:
                if node.b is not None and not truthy((yield from self.ev(node.b, loop_scope))):
                    return None
                self.tick()
                done = yield from self.exec(node.d, loop_scope)
                if _ends(done, labels):
                    return _outcome(done, labels)
                if per_iteration:
                    loop_scope = _copy(loop_scope, scope)
                if node.c is not None:
                    yield from self.ev(node.c, loop_scope)
        # for-of / for-in
        subject = yield from self.ev(node.c, scope)
        items = self.iterate(subject, node.c.start) if kind == "forof" else self.keys(subject)
        for item in items:
            self.tick()
            inner = Scope(scope)
            if node.a in ("let", "const"):
                from dockersim.model.userland.programs.jssyntax import pattern_names

                for name in pattern_names(node.b):
                    inner.vars[name] = [TDZ, node.a == "const"]
            target = node.b
            yield from self.bind(target, item, inner, node.a)
            done = yield from self.exec(node.d, inner)
            if _ends(done, labels):
                return _outcome(done, labels)
        return None

    def keys(self, subject: Any) -> list[str]:
        """What for-in goes through: enumerable keys, own then inherited (a key seen once,
        enumerable or not, is not gone through again)."""
        from dockersim.model.userland.programs.jsprotos import function_keys, inherited_keys

        out: list[str]
        seen: set[str]
        if isinstance(subject, JSArray):
            out = [str(i) for i, v in enumerate(subject.items) if v is not HOLE]
        elif isinstance(subject, str):
            out = [str(i) for i in range(len(subject))]
        elif isinstance(subject, JSFunction):
            return function_keys(subject) + inherited_keys(self, subject)  # type: ignore[arg-type]
        elif isinstance(subject, JSObject):
            out, seen = [], set()
            obj: JSObject | None = subject
            while obj is not None and not obj.tag:
                out += [k for k in obj.ordered_keys() if k not in seen]
                seen.update(obj.props)
                obj = obj.proto
            return out + [k for k in inherited_keys(self, subject) if k not in seen]  # type: ignore[arg-type]
        else:
            return []
        return out + inherited_keys(self, subject)  # type: ignore[arg-type]

    last: Any


def _copy(scope: Scope, parent: Scope) -> Scope:
    fresh = Scope(parent)
    fresh.vars = {k: list(v) for k, v in scope.vars.items()}
    return fresh


def _ends(done: Completion, labels: tuple[str, ...]) -> bool:
    """Whether a loop stops after its body's completion (else it goes on)."""
    if done is None:
        return False
    return not (done[0] == "continue" and (done[1] is None or done[1] in labels))


def _outcome(done: Completion, labels: tuple[str, ...]) -> Completion:
    if done is not None and done[0] == "break" and (done[1] is None or done[1] in labels):
        return None
    return done
