"""Evaluation of pipelines, commands, fields and function calls in Go templates.

Facts from Go 1.25 ``text/template/exec.go``: a missing map key is the invalid value (printed
``<no value>``; its fields are invalid too); a nil ``interface{}`` ending a pipeline becomes the
invalid value; methods are called with the command's arguments; ``and``/``or`` short-circuit
and return the deciding value; functions check argument counts and types (``wrong number of
args for upper: want 1 got 2``, ``wrong type for value; expected string; got float64``); errors
read ``template: :<line>:<col>: executing "<name>" at <<node>>: <message>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NoReturn

from dockersim.docker.render.gofmt import go_quote
from dockersim.docker.render.govalues import (
    MISSING,
    NIL_SLICE,
    GoNil,
    GoStruct,
    is_true,
    static_type,
    type_name,
)
from dockersim.docker.render.template_errors import ExecError
from dockersim.docker.render.template_funcs import BUILTINS, GO_TYPES, Func, FuncError
from dockersim.docker.render.template_nodes import (
    BOOL,
    CHAIN,
    DOT,
    FIELD,
    IDENTIFIER,
    NIL,
    NUMBER,
    PIPE,
    STRING,
    VARIABLE,
)

N = Any  # a parse node; the executor dispatches on ``node.kind``
_NOFINAL: Any = object()  # Go's ``missingVal``: no value piped in from a previous command
_NOATTR = object()
_ANNOTATIONS = {"str": "string", "int": "int", "bool": "bool", str: "string", int: "int"}


@lru_cache(maxsize=256)
def _signature(fn: Callable[..., object]) -> tuple[tuple[str, ...], bool]:
    import inspect

    params: list[str] = []
    variadic = False
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return ("any",), True
    for p in signature.parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            variadic = True
            params.append("any")
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            params.append(_ANNOTATIONS.get(p.annotation, "any"))
    return tuple(params), variadic


def _method(fn: Callable[..., object]) -> Func:
    func = getattr(fn, "__func__", fn)
    try:
        params, variadic = _signature(func)
    except TypeError:  # an unhashable callable
        params, variadic = ("any",), True
    if func is not fn:
        params = params[1:]
    return Func(params, variadic, fn)


def _is_hex_int(s: str) -> bool:
    return len(s) > 2 and s[0] == "0" and s[1] in "xX" and "p" not in s and "P" not in s


class Evaluator:
    """The state of one execution and the evaluation of expressions."""

    def __init__(
        self,
        trees: Mapping[str, N],
        text: str,
        funcs: Mapping[str, Func],
        missing_key_error: bool,
    ) -> None:
        self.trees = trees
        self.text = text
        self.funcs = funcs
        self.missing_error = missing_key_error
        self.out: list[str] = []
        self.node: N = None
        self.vars: list[list[Any]] = []
        self.holder: object = None  # where dot came from (for "interface {}" in errors)
        self.name = ""

    # ---- errors ----

    def errorf(self, msg: str) -> NoReturn:
        node = self.node
        if node is None:
            text = f"template: : {msg}"
        else:
            pos, src = node.pos, self.text
            start = src.rfind("\n", 0, pos) + 1
            col = len(src[start:pos].encode("utf-8", "surrogatepass"))
            line = src.count("\n", 0, pos) + 1
            where = f":{line}:{col}"
            text = f"template: {where}: executing {go_quote(self.name)} at <{node}>: {msg}"
        raise ExecError(text, "".join(self.out))

    # ---- variables ----

    def set_var(self, name: str, value: object, holder: object = None) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1:] = [value, holder]
                return
        self.errorf(f"undefined variable: {name}")

    def eval_pipeline(self, dot: object, pipe: N) -> object:
        if pipe is None:
            return MISSING
        self.node = pipe
        value = _NOFINAL
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
            if value is None:
                value = MISSING
        for var in pipe.decl:
            if pipe.is_assign:
                self.set_var(var.ident[0], value)
            else:
                self.vars.append([var.ident[0], value, None])
        return value

    def not_a_function(self, args: list[N] | None, final: object) -> None:
        if (args is not None and len(args) > 1) or final is not _NOFINAL:
            self.errorf(f"can't give argument to non-function {args[0] if args else ''}")

    def eval_command(self, dot: object, cmd: N, final: object) -> object:
        first = cmd.args[0]
        k = first.kind
        if k == FIELD:
            self.node = first
            return self.field_chain(dot, dot, self.holder, first, first.ident, cmd.args, final)
        if k == CHAIN:
            return self.eval_chain(dot, first, cmd.args, final)
        if k == IDENTIFIER:
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if k == PIPE:
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if k == VARIABLE:
            return self.eval_variable(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if k == BOOL:
            return first.value
        if k == DOT:
            return dot
        if k == NIL:
            self.errorf("nil is not a command")
        if k == NUMBER:
            return self.ideal_constant(first)
        if k == STRING:
            return first.text
        self.errorf(f"can't evaluate command {go_quote(str(first))}")

    def ideal_constant(self, n: N) -> object:
        self.node = n
        text = n.text
        if n.is_complex:
            return n.complex_val
        floaty = any(c in text for c in ".eEpP")
        if n.is_float and floaty and not _is_hex_int(text) and text[0] != "'":
            return n.float_val
        if n.is_int:
            return n.int_val
        if n.is_uint:
            self.errorf(f"{text} overflows int")
        return MISSING

    def eval_chain(self, dot: object, chain: N, args: list[N] | None, final: object) -> object:
        self.node = chain
        if chain.node.kind == NIL:
            self.errorf(f"indirection through explicit nil in {chain}")
        receiver = self.eval_arg(dot, None, chain.node)
        return self.field_chain(dot, receiver, None, chain, chain.field, args, final)

    def eval_variable(self, dot: object, var: N, args: list[N] | None, final: object) -> object:
        self.node = var
        name = var.ident[0]
        for entry in reversed(self.vars):
            if entry[0] == name:
                value, holder = entry[1], entry[2]
                break
        else:
            self.errorf(f"undefined variable: {name}")
        if len(var.ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.field_chain(dot, value, holder, var, var.ident[1:], args, final)

    def field_chain(
        self,
        dot: object,
        receiver: object,
        holder: object,
        node: N,
        idents: list[str],
        args: list[N] | None,
        final: object,
    ) -> object:
        last = len(idents) - 1
        for i in range(last):
            receiver, holder = self.eval_field(
                dot, idents[i], node, None, _NOFINAL, receiver, holder
            )
        return self.eval_field(dot, idents[last], node, args, final, receiver, holder)[0]

    def eval_field(
        self,
        dot: object,
        name: str,
        node: N,
        args: list[N] | None,
        final: object,
        receiver: object,
        holder: object,
    ) -> tuple[object, object]:
        has_args = (args is not None and len(args) > 1) or final is not _NOFINAL
        if type(receiver) is dict or (
            isinstance(receiver, Mapping) and not isinstance(receiver, GoStruct)
        ):
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            v = receiver.get(name, MISSING)
            if v is MISSING and self.missing_error:
                self.errorf(f"map has no entry for key {go_quote(name)}")
            return v, receiver
        if receiver is MISSING:
            if self.missing_error:
                self.errorf(f"nil data; no entry for key {go_quote(name)}")
            return MISSING, None
        if receiver is None:
            self.errorf(f"nil pointer evaluating {static_type(None, holder)}.{name}")
        if isinstance(receiver, GoNil):
            self.errorf(f"nil pointer evaluating {receiver.go_type}.{name}")
        if isinstance(receiver, GoStruct):
            if name in receiver:
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                return receiver[name], None
        elif not isinstance(receiver, (str, int, float, complex, list, tuple)):
            attr = getattr(receiver, name, _NOATTR) if name[:1] != "_" else _NOATTR
            if attr is not _NOATTR:
                if callable(attr):
                    return self.eval_call(dot, _method(attr), False, node, name, args, final), None
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                return attr, None
        self.errorf(f"can't evaluate field {name} in type {static_type(receiver, holder)}")

    def eval_function(
        self, dot: object, ident: N, cmd: N, args: list[N] | None, final: object
    ) -> object:
        self.node = ident
        name = ident.ident
        fn = self.funcs.get(name)
        if fn is None:
            self.errorf(f"{go_quote(name)} is not a defined function")
        return self.eval_call(dot, fn, name in BUILTINS, cmd, name, args, final)

    def eval_call(
        self,
        dot: object,
        fn: Func,
        builtin: bool,
        node: N,
        name: str,
        args: list[N] | None,
        final: object,
    ) -> object:
        argn = args[1:] if args else []
        params = fn.params
        num_in = len(argn) + (final is not _NOFINAL)
        if fn.variadic:
            num_fixed = len(params) - 1
            if num_in < num_fixed:
                self.errorf(
                    f"wrong number of args for {name}: want at least {num_fixed} got {len(argn)}"
                )
        else:
            num_fixed = len(argn)
            if num_in != len(params):
                self.errorf(f"wrong number of args for {name}: want {len(params)} got {num_in}")
        if builtin and (name == "and" or name == "or"):
            v: object = MISSING
            for a in argn:
                v = self.eval_arg(dot, "value", a)
                if is_true(MISSING if v is None else v) == (name == "or"):
                    return v
            return final if final is not _NOFINAL else v
        argv: list[object] = []
        i = 0
        while i < num_fixed and i < len(argn):
            argv.append(self.eval_arg(dot, params[i], argn[i]))
            i += 1
        if fn.variadic:
            while i < len(argn):
                argv.append(self.eval_arg(dot, params[-1], argn[i]))
                i += 1
        if final is not _NOFINAL:
            t = params[-1]
            if fn.variadic and num_in - 1 < num_fixed:
                t = params[num_in - 1]
            argv.append(self.validate_type(final, t))
        if builtin and name == "call":
            argv.insert(0, str(argn[0]) if argn else "")
        try:
            return fn.impl(*argv)
        except FuncError as e:
            self.node = node
            self.errorf(f"error calling {name}: {e}")

    def eval_arg(self, dot: object, typ: str | None, n: N) -> object:
        self.node = n
        k = n.kind
        if k == DOT:
            return self.validate_type(dot, typ)
        if k == NIL:
            if typ is None or typ == "value":
                return MISSING
            if typ == "any":
                return None
            if typ == "[]string":
                return NIL_SLICE
            self.errorf(f"cannot assign nil to {typ}")
        if k == FIELD:
            value = self.field_chain(dot, dot, self.holder, n, n.ident, None, _NOFINAL)
            return self.validate_type(value, typ)
        if k == VARIABLE:
            return self.validate_type(self.eval_variable(dot, n, None, _NOFINAL), typ)
        if k == PIPE:
            return self.validate_type(self.eval_pipeline(dot, n), typ)
        if k == IDENTIFIER:
            return self.validate_type(self.eval_function(dot, n, n, None, _NOFINAL), typ)
        if k == CHAIN:
            return self.validate_type(self.eval_chain(dot, n, None, _NOFINAL), typ)
        if typ == "string":
            if k == STRING:
                return n.text
            self.errorf(f"expected string; found {n}")
        if typ == "int":
            if k == NUMBER and n.is_int:
                return n.int_val
            self.errorf(f"expected integer; found {n}")
        if typ is None or typ == "any" or typ == "value":
            if k == BOOL:
                return n.value
            if k == NUMBER:
                return self.ideal_constant(n)
            if k == STRING:
                return n.text
            self.errorf(f"can't handle assignment of {n} to empty interface argument")
        self.errorf(f"can't handle {n} for arg of type {GO_TYPES.get(typ, typ)}")

    def validate_type(self, value: object, typ: str | None) -> object:
        if value is MISSING:
            if typ is None or typ == "value":
                return MISSING
            if typ == "any":
                return None
            if typ == "[]string":
                return NIL_SLICE
            self.errorf(f"invalid value; expected {typ}")
        if typ is None or typ == "any" or typ == "value":
            return value
        if typ == "string":
            if isinstance(value, str):
                return value
        elif typ == "int":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif typ == "[]string":
            if isinstance(value, (list, tuple)) and all(type(x) is str for x in value):
                return value
        elif typ == "bool" and isinstance(value, bool):
            return value
        self.errorf(f"wrong type for value; expected {typ}; got {type_name(value)}")
