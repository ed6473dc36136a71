"""Jinja2 templates as Flask's `render_template` renders them, on a safe evaluator.

What tutorials use: `{{ expr }}` with attribute and item access, filters and tests;
`{% if/elif/else %}`, `{% for %}` (with `else`, a filter `if`, `loop.index` and friends),
`{% set %}`, `{% extends %}` with `{% block %}` and `super()`, `{% include %}`, `{% raw %}`,
comments and `-` whitespace control. Flask's settings: autoescape for `.html`, `.htm`,
`.xml`, `.xhtml` and `.svg`; one trailing newline of each template dropped. Errors carry
Jinja's exception name and sentence. Output, loop steps and nesting are bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MappingView
from typing import Any

from dockersim.engine.programs import jinja_filters
from dockersim.engine.programs.jinja_expr import Expr, Markup, TemplateError, Undefined, escape
from dockersim.engine.programs.jinja_parse import Node, parse_template
from dockersim.engine.programs.jinja_values import Loop, binary, compare, get_attr, get_item

Loader = Callable[[str], str | None]
MAX_OUTPUT = 1_000_000
MAX_STEPS = 100_000
MAX_DEPTH = 20
AUTOESCAPE = (".html", ".htm", ".xml", ".xhtml", ".svg")


class Renderer:
    """Renders one template, with what it extends and includes, into text."""

    def __init__(self, loader: Loader, functions: Mapping[str, Callable[..., object]]) -> None:
        self.loader = loader
        self.functions = dict(functions)
        self.out: list[str] = []
        self.size = 0
        self.steps = 0
        self.cache: dict[str, list[Node]] = {}

    def load(self, name: object) -> list[Node]:
        if isinstance(name, Undefined):
            raise name.fail()
        key = str(name)
        if key not in self.cache:
            parts = key.split("/")
            source = None if ".." in parts else self.loader(key)
            if source is None:
                raise TemplateError("jinja2.exceptions.TemplateNotFound", key)
            self.cache[key] = parse_template(source)
        return self.cache[key]

    def render(self, name: str, context: Mapping[str, object], depth: int = 0) -> str:
        nodes = self.load(name)
        if depth > MAX_DEPTH:
            raise TemplateError("RecursionError", "maximum recursion depth exceeded")
        chain, blocks = [nodes], _blocks(nodes, {})
        env = {"_escape": name.endswith(AUTOESCAPE), **context}
        scope: dict[str, object] = dict(env)
        while True:
            extends = next((n for n in chain[-1] if n[0] == "extends"), None)
            if extends is None:
                break
            if len(chain) > MAX_DEPTH:
                raise TemplateError("RecursionError", "maximum recursion depth exceeded")
            parent = self.load(self.value(extends[1], scope))
            chain.append(parent)
            _blocks(parent, blocks)
        out: list[str] = []
        for node in chain[0]:
            if len(chain) > 1 and node[0] == "extends":
                break
            self.node(node, scope, out, blocks, depth)
        if len(chain) > 1:
            for node in chain[0]:
                if node[0] == "set":
                    self.node(node, scope, [], blocks, depth)
            self.nodes(chain[-1], scope, out, blocks, depth)
        return "".join(out)

    def nodes(
        self, nodes: list[Node], scope: dict[str, object], out: list[str],
        blocks: dict[str, list[list[Node]]], depth: int,
    ) -> None:  # fmt: skip
        for node in nodes:
            self.node(node, scope, out, blocks, depth)

    def emit(self, out: list[str], text: str) -> None:
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise TemplateError("dockersim", "not simulated: a template output over 1 MB")
        out.append(text)

    def node(
        self, node: Node, scope: dict[str, object], out: list[str],
        blocks: dict[str, list[list[Node]]], depth: int,
    ) -> None:  # fmt: skip
        kind = node[0]
        if kind == "text":
            self.emit(out, node[1])
        elif kind == "out":
            value = self.value(node[1], scope)
            if isinstance(value, Undefined):
                return
            self.emit(out, escape(value) if scope.get("_escape") else str(value))
        elif kind == "if":
            for test, body in node[1]:
                if self.value(test, scope):
                    self.nodes(body, scope, out, blocks, depth)
                    return
            self.nodes(node[2], scope, out, blocks, depth)
        elif kind == "for":
            self.loop(node, scope, out, blocks, depth)
        elif kind == "set":
            value = self.value(node[2], scope)
            _assign(scope, node[1], value)
        elif kind == "block":
            self.block(node[1], 0, scope, out, blocks, depth)
        elif kind == "include":
            try:
                name = self.value(node[1], scope)
                text = self.render(str(name), {**scope, "_escape": scope["_escape"]}, depth + 1)
            except TemplateError as exc:
                if node[2] and exc.kind.endswith("TemplateNotFound"):
                    return
                raise
            self.emit(out, text)

    def block(
        self, name: str, level: int, scope: dict[str, object], out: list[str],
        blocks: dict[str, list[list[Node]]], depth: int,
    ) -> None:  # fmt: skip
        bodies = blocks.get(name, [])
        if level >= len(bodies):
            return
        inner = dict(scope)
        if level + 1 < len(bodies):

            def parent() -> Markup:
                text: list[str] = []
                self.block(name, level + 1, scope, text, blocks, depth)
                return Markup("".join(text))

            inner["super"] = parent
        self.nodes(bodies[level], inner, out, blocks, depth)

    def loop(
        self, node: Node, scope: dict[str, object], out: list[str],
        blocks: dict[str, list[list[Node]]], depth: int,
    ) -> None:  # fmt: skip
        _, targets, iterable, condition, body, other = node
        items = self.value(iterable, scope)
        if isinstance(items, Mapping):
            items = list(items)
        if not isinstance(items, (list, tuple, str, range, Undefined, MappingView)):
            raise TemplateError("TypeError", f"'{type(items).__name__}' object is not iterable")
        values = list(items)  # type: ignore[arg-type]
        if condition is not None:
            kept = []
            for value in values:
                inner = dict(scope)
                _assign(inner, targets, value)
                if self.value(condition, inner):
                    kept.append(value)
            values = kept
        if not values:
            self.nodes(other, dict(scope), out, blocks, depth)
            return
        for index, value in enumerate(values):
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TemplateError("dockersim", "not simulated: over 100000 loop steps")
            inner = dict(scope)
            _assign(inner, targets, value)
            inner["loop"] = Loop(index, len(values))
            self.nodes(body, inner, out, blocks, depth)

    def value(self, expr: Expr, scope: Mapping[str, object]) -> Any:
        kind = expr[0]
        if kind == "const":
            return expr[1]
        if kind == "name":
            name = expr[1]
            if name in scope and not name.startswith("_"):
                return scope[name]
            return self.functions.get(name, Undefined(name))
        if kind == "attr":
            return get_attr(self.value(expr[1], scope), expr[2])
        if kind == "item":
            return get_item(self.value(expr[1], scope), self.value(expr[2], scope))
        if kind in ("list", "tuple"):
            items = [self.value(item, scope) for item in expr[1]]
            return items if kind == "list" else tuple(items)
        if kind == "dict":
            return {self.value(k, scope): self.value(v, scope) for k, v in expr[1]}
        if kind == "or":
            return self.value(expr[1], scope) or self.value(expr[2], scope)
        if kind == "and":
            return self.value(expr[1], scope) and self.value(expr[2], scope)
        if kind == "not":
            return not self.value(expr[1], scope)
        if kind == "cond":
            branch = expr[2] if self.value(expr[1], scope) else expr[3]
            return self.value(branch, scope)
        if kind == "cmp":
            return compare(expr[1], self.value(expr[2], scope), self.value(expr[3], scope))
        if kind == "bin":
            return binary(expr[1], self.value(expr[2], scope), self.value(expr[3], scope))
        if kind in ("neg", "pos"):
            operand = self.value(expr[1], scope)
            return binary("-", 0, operand) if kind == "neg" else binary("+", 0, operand)
        if kind == "call":
            return self.call(expr, scope)
        args = [self.value(a, scope) for a in expr[3]]
        if kind == "filter":
            kwargs = {k: self.value(v, scope) for k, v in expr[4]}
            value = self.value(expr[2], scope)
            return jinja_filters.apply_filter(expr[1], value, args, kwargs, bool(scope["_escape"]))
        value = self.value(expr[2], scope)
        return jinja_filters.apply_test(expr[1], value, args)

    def call(self, expr: Expr, scope: Mapping[str, object]) -> Any:
        function = self.value(expr[1], scope)
        args = [self.value(a, scope) for a in expr[2]]
        kwargs = {k: self.value(v, scope) for k, v in expr[3]}
        if isinstance(function, Undefined):
            raise function.fail()
        if not callable(function):
            raise TemplateError("TypeError", f"'{type(function).__name__}' object is not callable")
        try:
            return function(*args, **kwargs)
        except TypeError as exc:
            raise TemplateError("TypeError", str(exc)) from None


def _assign(scope: dict[str, object], targets: tuple[str, ...], value: object) -> None:
    if len(targets) == 1:
        scope[targets[0]] = value
        return
    items = list(value) if isinstance(value, (list, tuple, str)) else []
    if len(items) != len(targets):
        raise TemplateError(
            "ValueError", f"not enough values to unpack (expected {len(targets)}, got "
            f"{len(items)})" if len(items) < len(targets) else
            f"too many values to unpack (expected {len(targets)})",
        )  # fmt: skip
    for target, item in zip(targets, items, strict=True):
        scope[target] = item


def _blocks(nodes: list[Node], into: dict[str, list[list[Node]]]) -> dict[str, list[list[Node]]]:
    for node in nodes:
        if node[0] == "block":
            into.setdefault(node[1], []).append(node[2])
            _blocks(node[2], into)
        elif node[0] == "if":
            for _, body in node[1]:
                _blocks(body, into)
            _blocks(node[2], into)
        elif node[0] == "for":
            _blocks(node[4], into)
            _blocks(node[5], into)
    return into


def _range(*args: int) -> range:
    """Jinja's `range` global, bounded as its sandbox bounds it."""
    numbers = range(*args)
    if len(numbers) > MAX_STEPS:
        raise TemplateError("OverflowError", "Range too big. The sandbox blocks ranges larger "
                            f"than MAX_RANGE ({MAX_STEPS}).")  # fmt: skip
    return numbers


def render(
    name: str, context: Mapping[str, object], loader: Loader,
    functions: Mapping[str, Callable[..., object]],
) -> str:  # fmt: skip
    """`render_template(name, **context)` with `loader` reading the templates folder."""
    globals_: dict[str, Callable[..., object]] = {"range": _range, "dict": dict, **functions}
    try:
        return Renderer(loader, globals_).render(name, context)
    except RecursionError:
        raise TemplateError("RecursionError", "maximum recursion depth exceeded") from None
