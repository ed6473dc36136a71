"""Execution of parsed Go templates: walking text, actions, if/with/range and template calls.

Facts from Go 1.25 ``text/template/exec.go``: ``range`` iterates slices, maps (sorted keys) and
integers (Go 1.22+), runs ``{{else}}`` when there is nothing to iterate (nil and missing
included), and ``{{break}}``/``{{continue}}`` act on the innermost range; ``with`` sets dot;
variables declared in a control structure end at its ``{{end}}``.
"""

from __future__ import annotations

from collections.abc import Mapping

from dockersim.docker.render.gofmt import format_value, go_quote, sort_keys
from dockersim.docker.render.govalues import MISSING, GoNil, GoStruct, is_true
from dockersim.docker.render.template_eval import Evaluator, N
from dockersim.docker.render.template_nodes import (
    ACTION,
    BREAK,
    CONTINUE,
    IF,
    LIST,
    RANGE,
    TEMPLATE,
    TEXT,
    WITH,
)


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Exec(Evaluator):
    """One execution of a template: the output so far, the variables and the current node."""

    def run(self, name: str, data: object) -> str:
        dot = MISSING if data is None else data
        self.name = name
        self.vars = [["$", dot, None]]
        self.walk(dot, self.trees[name])
        return "".join(self.out)

    # ---- walking ----

    def walk(self, dot: object, node: N) -> None:
        self.node = node
        k = node.kind
        if k == TEXT:
            self.out.append(node.text)
        elif k == ACTION:
            pipe = node.pipe
            val = self.eval_pipeline(dot, pipe)
            if not pipe.decl:
                self.print_value(node, val)
        elif k == LIST:
            for n in node.nodes:
                self.walk(dot, n)
        elif k in (IF, WITH):
            self.walk_if_with(dot, node)
        elif k == RANGE:
            self.walk_range(dot, node)
        elif k == BREAK:
            raise _Break
        elif k == CONTINUE:
            raise _Continue
        elif k == TEMPLATE:
            self.walk_template(dot, node)

    def print_value(self, node: N, v: object) -> None:
        self.node = node
        t = type(v)
        if t is str:
            self.out.append(v)  # type: ignore[arg-type]
        elif v is MISSING or v is None:
            self.out.append("<no value>")
        elif isinstance(v, GoNil):
            self.out.append("<nil>")
        elif t is int:
            self.out.append(str(v))
        elif t is bool:
            self.out.append("true" if v else "false")
        elif isinstance(v, GoStruct) and v.go_type.startswith("*"):
            self.out.append(format_value(GoStruct(v.go_type[1:], v)))
        else:
            self.out.append(format_value(v))

    def walk_if_with(self, dot: object, node: N) -> None:
        mark = len(self.vars)
        try:
            val = self.eval_pipeline(dot, node.pipe)
            if is_true(val):
                if node.kind == WITH:
                    saved, self.holder = self.holder, None
                    try:
                        self.walk(val, node.list)
                    finally:
                        self.holder = saved
                else:
                    self.walk(dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot: object, node: N) -> None:
        self.node = node
        mark = len(self.vars)
        saved_holder = self.holder
        try:
            val = self.eval_pipeline(dot, node.pipe)
            items, holder = self._range_items(val, len(node.pipe.decl))
            if items:
                try:
                    for index, elem in items:
                        self._iteration(node, len(self.vars), index, elem, holder)
                except _Break:
                    pass
                return
            if node.else_list is not None:
                self.holder = saved_holder
                self.walk(dot, node.else_list)
        finally:
            self.holder = saved_holder
            del self.vars[mark:]

    def _range_items(self, val: object, ndecl: int) -> tuple[list[tuple[object, object]], object]:
        if isinstance(val, (list, tuple)):
            return list(enumerate(val)), val
        if isinstance(val, Mapping) and not isinstance(val, GoStruct):
            return [(k, val[k]) for k in sort_keys(val)], val
        if type(val) is int:
            if ndecl > 1:
                self.errorf(f"can't use {val} to iterate over more than one variable")
            return [(None, i) for i in range(val)], None
        if val is MISSING:
            return [], None
        self.errorf(f"range can't iterate over {format_value(val)}")

    def _iteration(self, node: N, mark: int, index: object, elem: object, holder: object) -> None:
        pipe = node.pipe
        decl = pipe.decl
        if decl:
            if pipe.is_assign:
                if len(decl) > 1:
                    self.set_var(decl[0].ident[0], index)
                    self.set_var(decl[1].ident[0], elem, holder)
                else:
                    self.set_var(decl[0].ident[0], elem, holder)
            else:
                self.vars[mark - 1][1:] = [elem, holder]
                if len(decl) > 1:
                    self.vars[mark - 2][1:] = [index, None]
        self.holder = holder
        try:
            self.walk(elem, node.list)
        except _Continue:
            pass
        finally:
            del self.vars[mark:]

    def walk_template(self, dot: object, node: N) -> None:
        self.node = node
        tree = self.trees.get(node.name)
        if tree is None:
            self.errorf(f"template {go_quote(node.name)} not defined")
        new_dot = self.eval_pipeline(dot, node.pipe)
        saved = (self.vars, self.holder, self.name)
        self.vars, self.holder, self.name = [["$", new_dot, None]], None, node.name
        try:
            self.walk(new_dot, tree)
        except RecursionError:  # Go stops at a depth of 100000; Python's stack ends sooner
            self.vars, self.holder, self.name = saved
            self.node = node
            self.errorf("exceeded maximum template depth (100000)")
        finally:
            self.vars, self.holder, self.name = saved
