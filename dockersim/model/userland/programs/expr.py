"""expr: GNU coreutils' grammar (| & comparisons + - * / % : and the keywords match,
substr, index, length, +) with busybox's shorter error texts."""

from __future__ import annotations

import re

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx, busybox_usage
from dockersim.model.userland.programs.search import to_python

_INT = re.compile(r"-?[0-9]+")
Value = int | str


class _ExprError(Exception):
    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _null(v: Value) -> bool:
    if isinstance(v, int):
        return v == 0
    return v == "" or re.fullmatch(r"-?0+", v) is not None


def _text(v: Value) -> str:
    return str(v)


def _num(v: Value, busybox: bool) -> int:
    if isinstance(v, int):
        return v
    if _INT.fullmatch(v):
        return int(v)
    raise _ExprError("non-numeric argument" if busybox else "non-integer argument")


class _Parser:
    def __init__(self, args: list[str], busybox: bool) -> None:
        self.args = args
        self.pos = 0
        self.busybox = busybox

    def _syntax(self, detail: str) -> _ExprError:
        return _ExprError("syntax error" if self.busybox else f"syntax error: {detail}")

    def peek(self, *tokens: str) -> str | None:
        if self.pos < len(self.args) and self.args[self.pos] in tokens:
            self.pos += 1
            return self.args[self.pos - 1]
        return None

    def need(self) -> None:
        if self.pos >= len(self.args):
            raise self._syntax(f"missing argument after '{self.args[self.pos - 1]}'")

    def parse(self) -> Value:
        value = self.alt()
        if self.pos < len(self.args):
            raise self._syntax(f"unexpected argument '{self.args[self.pos]}'")
        return value

    def alt(self) -> Value:
        left = self.conj()
        while self.peek("|"):
            right = self.conj()
            if _null(left):
                left = 0 if _null(right) else right
        return left

    def conj(self) -> Value:
        left = self.compare()
        while self.peek("&"):
            right = self.compare()
            if _null(left) or _null(right):
                left = 0
        return left

    def compare(self) -> Value:
        left = self.sum()
        while op := self.peek("<", "<=", "=", "==", "!=", ">=", ">"):
            right = self.sum()
            a, b = _text(left), _text(right)
            if _INT.fullmatch(a) and _INT.fullmatch(b):
                cmp = (int(a) > int(b)) - (int(a) < int(b))
            else:
                cmp = (a > b) - (a < b)
            left = int(
                {
                    "<": cmp < 0,
                    "<=": cmp <= 0,
                    "=": cmp == 0,
                    "==": cmp == 0,
                    "!=": cmp != 0,
                    ">=": cmp >= 0,
                    ">": cmp > 0,
                }[op]
            )
        return left

    def sum(self) -> Value:
        left = self.product()
        while op := self.peek("+", "-"):
            right = self.product()
            a, b = _num(left, self.busybox), _num(right, self.busybox)
            left = a + b if op == "+" else a - b
        return left

    def product(self) -> Value:
        left = self.match()
        while op := self.peek("*", "/", "%"):
            right = self.match()
            a, b = _num(left, self.busybox), _num(right, self.busybox)
            if op != "*" and b == 0:
                raise _ExprError("division by zero")
            if op == "*":
                left = a * b
            else:  # C truncates toward zero
                q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
                left = q if op == "/" else a - b * q
        return left

    def match(self) -> Value:
        left = self.primary()
        while self.peek(":"):
            right = self.primary()
            left = _regex_match(_text(left), _text(right))
        return left

    def primary(self) -> Value:
        self.need()
        if self.peek("+"):
            self.need()
            self.pos += 1
            return self.args[self.pos - 1]
        if self.peek("length"):
            return len(_text(self.primary()))
        if self.peek("match"):
            s = self.primary()
            return _regex_match(_text(s), _text(self.primary()))
        if self.peek("index"):
            s, chars = _text(self.primary()), _text(self.primary())
            return next((i + 1 for i, c in enumerate(s) if c in chars), 0)
        if self.peek("substr"):
            s = _text(self.primary())
            start, length = self.primary(), self.primary()
            p, n = _text(start), _text(length)
            if not (_INT.fullmatch(p) and _INT.fullmatch(n)) or int(p) < 1 or int(n) < 1:
                return ""
            return s[int(p) - 1 : int(p) - 1 + int(n)]
        if self.peek("("):
            value = self.alt()
            if self.pos >= len(self.args):
                raise self._syntax(f"expecting ')' after '{self.args[self.pos - 1]}'")
            if not self.peek(")"):
                raise self._syntax(f"expecting ')' instead of '{self.args[self.pos]}'")
            return value
        if self.args[self.pos] == ")":
            raise self._syntax("unexpected ')'")
        self.pos += 1
        return self.args[self.pos - 1]


def _regex_match(text: str, pattern: str) -> Value:
    try:
        found = re.match(to_python(pattern, extended=False), text)
    except re.error:
        raise _ExprError("Invalid regular expression", status=2) from None
    if re.search(r"\\\(", pattern):
        return (found.group(1) or "") if found and found.re.groups else ""
    return len(found[0]) if found else 0


@register("expr")
def expr(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    elif args in (["--help"], ["--version"]) and not ctx.busybox:
        raise ctx.not_simulated(f"option {args[0]}")
    if not args:
        if ctx.busybox:
            ctx.err.write(busybox_usage("expr"))
            return 1
        ctx.error("missing operand")
        ctx.err.write("Try 'expr --help' for more information.\n")
        return 2
    try:
        value = _Parser(args, ctx.busybox).parse()
    except _ExprError as exc:
        ctx.error(str(exc))
        return exc.status
    ctx.write(f"{value}\n")
    return 1 if _null(value) else 0
