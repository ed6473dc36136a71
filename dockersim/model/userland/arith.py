"""Shell arithmetic `$(( ... ))`: C integer expressions over shell variables."""

from __future__ import annotations

import re
from collections.abc import Callable

from dockersim.model.userland.caps import ITEM_BYTES, MAX_MEMORY, too_deep
from dockersim.model.userland.types import MemoryExhausted

TOKEN = re.compile(
    r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)|([A-Za-z_][A-Za-z0-9_]*)|"
    r"(\*\*|<<=|>>=|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|[-+*/%<>=!~&|^?:()]))"
)

BINARY = {
    "||": 1,
    "&&": 2,
    "|": 3,
    "^": 4,
    "&": 5,
    "==": 6,
    "!=": 6,
    "<": 7,
    "<=": 7,
    ">": 7,
    ">=": 7,
    "<<": 8,
    ">>": 8,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
    "**": 11,
}


#: How deeply an expression may nest (parentheses, unary operators, `**`, `?:`, variables
#: naming variables); bash's MAX_EXPR_RECURSION_LEVEL is 1024, the simulator stops earlier.
MAX_ARITH_DEPTH = 100
#: The longest expression evaluated: its tokens must fit the memory cap (caps.MAX_MEMORY).
MAX_ARITH_CHARS = MAX_MEMORY // ITEM_BYTES


class ArithError(Exception):
    pass


def _wrap(n: int) -> int:
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def _literal(tok: str) -> int:
    """A number as the shells read it into a 64-bit integer (a long one wraps around)."""
    base = 16 if tok[:2].lower() == "0x" else 8 if tok[0] == "0" and len(tok) > 1 else 10
    digits = tok[2:] if base == 16 else tok
    value = 0
    for i in range(0, len(digits), 15):
        chunk = digits[i : i + 15]
        value = (value * base ** len(chunk) + int(chunk, base)) & ((1 << 64) - 1)
    return _wrap(value)


class Arith:
    def __init__(
        self, text: str, get: Callable[[str], str], set_: Callable[[str, str], None]
    ) -> None:
        self.tokens: list[str] = []
        self.depth = 0
        pos = 0
        text = text.strip()
        if len(text) > MAX_ARITH_CHARS:
            raise MemoryExhausted(len(text) * ITEM_BYTES)
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ArithError(f'arithmetic expression: expecting primary: "{text}"')
            self.tokens.append(m.group(1) or m.group(2) or m.group(3))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        self.i = 0
        self.text = text
        self.get = get
        self.set = set_

    def run(self) -> int:
        if not self.tokens:
            return 0
        value = self.assign()
        if self.i != len(self.tokens):
            raise ArithError(f'arithmetic expression: expecting EOF: "{self.text}"')
        return value

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_ARITH_DEPTH or too_deep(self.depth):
            raise ArithError(
                f'arithmetic expression: expression recursion level exceeded: "{self.text}"'
            )

    def assign(self) -> int:
        self.deeper()
        try:
            return self._assign()
        finally:
            self.depth -= 1

    def _assign(self) -> int:
        tok = self.peek()
        nxt = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else ""
        if re.fullmatch(r"[A-Za-z_]\w*", tok) and nxt in (
            "=",
            "+=",
            "-=",
            "*=",
            "/=",
            "%=",
            "<<=",
            ">>=",
            "&=",
            "|=",
            "^=",
        ):
            self.i += 2
            value = self.assign()
            if nxt != "=":
                value = self.binop(nxt[:-1], self.var(tok), value)
            self.set(tok, str(value))
            return value
        return self.ternary()

    def ternary(self) -> int:
        cond = self.binary(1)
        if self.peek() == "?":
            self.take()
            yes = self.assign()
            if self.take() != ":":
                raise ArithError(f'arithmetic expression: expecting ":": "{self.text}"')
            no = self.assign()
            return yes if cond else no
        return cond

    def binary(self, level: int) -> int:
        left = self.unary()
        while True:
            op = self.peek()
            prec = BINARY.get(op)
            if prec is None or prec < level:
                return left
            self.take()
            if op == "&&" and not left:
                self._skip(prec + 1)
                left = 0
                continue
            if op == "||" and left:
                self._skip(prec + 1)
                left = 1
                continue
            right = self.binary(prec + (0 if op == "**" else 1))
            left = self.binop(op, left, right)

    def _skip(self, level: int) -> None:
        saved = self.set
        self.set = lambda _n, _v: None
        try:
            self.binary(level)
        finally:
            self.set = saved

    def binop(self, op: str, a: int, b: int) -> int:
        if op in ("/", "%") and b == 0:
            raise ArithError("arithmetic expression: division by zero")
        if op == "/":
            q = abs(a) // abs(b)
            return _wrap(q if (a >= 0) == (b >= 0) else -q)
        if op == "%":
            r = abs(a) % abs(b)
            return r if a >= 0 else -r
        ops: dict[str, Callable[[int, int], int]] = {
            "+": lambda x, y: x + y,
            "-": lambda x, y: x - y,
            "*": lambda x, y: x * y,
            "**": lambda x, y: pow(x, y, 1 << 64) if y >= 0 else 0,
            "<<": lambda x, y: x << (y & 63),
            ">>": lambda x, y: x >> (y & 63),
            "<": lambda x, y: int(x < y),
            "<=": lambda x, y: int(x <= y),
            ">": lambda x, y: int(x > y),
            ">=": lambda x, y: int(x >= y),
            "==": lambda x, y: int(x == y),
            "!=": lambda x, y: int(x != y),
            "&": lambda x, y: x & y,
            "|": lambda x, y: x | y,
            "^": lambda x, y: x ^ y,
            "&&": lambda x, y: int(bool(x and y)),
            "||": lambda x, y: int(bool(x or y)),
        }
        return _wrap(ops[op](a, b))

    def unary(self) -> int:
        tok = self.peek()
        if tok in ("-", "+", "!", "~"):
            self.take()
            self.deeper()
            try:
                v = self.unary()
            finally:
                self.depth -= 1
            return _wrap({"-": -v, "+": v, "!": int(not v), "~": ~v}[tok])
        if tok in ("++", "--"):
            self.take()
            name = self.take()
            v = self.var(name) + (1 if tok == "++" else -1)
            self.set(name, str(v))
            return v
        return self.postfix()

    def postfix(self) -> int:
        tok = self.take()
        if tok == "(":
            v = self.assign()
            if self.take() != ")":
                raise ArithError(f'arithmetic expression: expecting ")": "{self.text}"')
            return v
        if not tok:
            raise ArithError(f'arithmetic expression: expecting primary: "{self.text}"')
        if tok[0].isdigit():
            try:
                return _literal(tok)
            except ValueError:
                raise ArithError(
                    f'arithmetic expression: expecting primary: "{self.text}"'
                ) from None
        if re.fullmatch(r"[A-Za-z_]\w*", tok):
            if self.peek() in ("++", "--"):
                op = self.take()
                v = self.var(tok)
                self.set(tok, str(v + (1 if op == "++" else -1)))
                return v
            return self.var(tok)
        raise ArithError(f'arithmetic expression: expecting primary: "{self.text}"')

    def var(self, name: str) -> int:
        raw = self.get(name).strip()
        if not raw:
            return 0
        digits = raw[1:] if raw[0] in "+-" else raw
        if digits[:1].isdigit() and all(c.isalnum() for c in digits):
            try:
                value = _literal(digits)
            except ValueError:
                raise ArithError(f"Illegal number: {raw}") from None
            return _wrap(-value) if raw.startswith("-") else value
        if re.fullmatch(r"[A-Za-z_]\w*", raw):  # a variable naming another (bash)
            self.deeper()
            try:
                return self.var(raw)
            finally:
                self.depth -= 1
        raise ArithError(f"Illegal number: {raw}")


def evaluate(text: str, get: Callable[[str], str], set_: Callable[[str, str], None]) -> int:
    return Arith(text, get, set_).run()
