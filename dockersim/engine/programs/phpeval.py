"""A very small PHP: `echo`/`print` of literals and simple expressions, variables, and the
`<?php ... ?>` / `<?= ... ?>` parts of a page. Anything else raises `PhpUnsupported`, which the
callers turn into dockersim's "not simulated" message: never a wrong answer.

Grammar (what is modelled):
    statement  := ("echo" expr ("," expr)* | "print" expr | "$name" "=" expr) ";"
    expr       := term (("." | "+" | "-") term)*
    term       := factor (("*" | "/" | "%") factor)*
    factor     := string | number | "$name" | CONSTANT | func "(" [expr ("," expr)*] ")"
                  | "(" expr ")" | "-" factor
"""

from __future__ import annotations

import re

TOKEN = re.compile(
    r"""\s*(?:(?P<num>\d+\.\d+|\d+)|(?P<sq>'(?:[^'\\]|\\.)*')|(?P<dq>"(?:[^"\\]|\\.)*")"""
    r"""|(?P<var>\$[A-Za-z_]\w*)|(?P<name>[A-Za-z_]\w*)|(?P<op>[.+\-*/%(),;=]))"""
)
Value = int | float | str


class PhpUnsupported(Exception):
    """PHP this evaluator does not model (the message names the first part it met)."""


def run_code(code: str, version: str) -> str:
    """What `php -r CODE` prints."""
    return _Interp(version).run(code)


def render_page(text: str, version: str) -> str:
    """A PHP file's output: its text outside the PHP tags, and what the code inside prints."""
    out: list[str] = []
    interp = _Interp(version)
    rest = text
    while True:
        at = rest.find("<?")
        if at < 0:
            out.append(rest)
            break
        out.append(rest[:at])
        rest = rest[at + 2 :]
        short = rest.startswith("=")
        if short:
            rest = rest[1:]
        elif rest.startswith("php"):
            rest = rest[3:]
        else:
            raise PhpUnsupported("short open tag")
        end = rest.find("?>")
        code, rest = (rest, "") if end < 0 else (rest[:end], rest[end + 2 :])
        if rest.startswith("\n"):
            rest = rest[1:]
        out.append(interp.run(f"echo {code};" if short else code))
        if end < 0:
            break
    return "".join(out)


def to_str(value: Value) -> str:
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.14G}"
    return str(value)


def to_num(value: Value) -> int | float:
    if isinstance(value, (int, float)):
        return value
    match = re.match(r"\s*[+-]?(\d+\.\d*|\d+)", value)
    if not match:
        return 0
    text = match.group(0)
    return float(text) if "." in text else int(text)


class _Interp:
    def __init__(self, version: str) -> None:
        self.vars: dict[str, Value] = {}
        self.consts: dict[str, Value] = {"PHP_VERSION": version, "PHP_EOL": "\n", "PHP_OS": "Linux"}
        self.tokens: list[tuple[str, str]] = []
        self.pos = 0

    def run(self, code: str) -> str:
        self.tokens = self._lex(code)
        self.pos = 0
        out: list[str] = []
        while self.pos < len(self.tokens):
            kind, text = self.tokens[self.pos]
            if (kind, text) == ("op", ";"):
                self.pos += 1
                continue
            if kind == "name" and text.lower() == "echo":
                self.pos += 1
                out.append(to_str(self._expr()))
                while self._peek() == ("op", ","):
                    self.pos += 1
                    out.append(to_str(self._expr()))
            elif kind == "name" and text.lower() == "print":
                self.pos += 1
                out.append(to_str(self._expr()))
            elif kind == "var" and self._peek(1) == ("op", "="):
                self.pos += 2
                self.vars[text] = self._expr()
            else:
                raise PhpUnsupported(f"statement at '{text}'")
            if self.pos < len(self.tokens) and self._peek() != ("op", ";"):
                raise PhpUnsupported(f"'{self.tokens[self.pos][1]}'")
        return "".join(out)

    def _lex(self, code: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        at = 0
        code = code.rstrip()
        while at < len(code):
            match = TOKEN.match(code, at)
            if match is None or match.end() == at:
                if code[at:].strip() == "":
                    break
                raise PhpUnsupported(f"'{code[at:].strip()[:20]}'")
            kind = match.lastgroup or ""
            tokens.append((kind, match.group(kind)))
            at = match.end()
        return tokens

    def _peek(self, ahead: int = 0) -> tuple[str, str] | None:
        at = self.pos + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def _expr(self) -> Value:
        value = self._term()
        while self._peek() in (("op", "."), ("op", "+"), ("op", "-")):
            op = self.tokens[self.pos][1]
            self.pos += 1
            right = self._term()
            if op == ".":
                value = to_str(value) + to_str(right)
            elif op == "+":
                value = to_num(value) + to_num(right)
            else:
                value = to_num(value) - to_num(right)
        return value

    def _term(self) -> Value:
        value = self._factor()
        while self._peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            op = self.tokens[self.pos][1]
            self.pos += 1
            left, right = to_num(value), to_num(self._factor())
            if op == "*":
                value = left * right
            elif right == 0:
                raise PhpUnsupported("division by zero")
            elif op == "/":
                value = (
                    left // right
                    if left % right == 0 and isinstance(left, int) and isinstance(right, int)
                    else left / right
                )
            else:
                value = int(left) % int(right)
        return value

    def _factor(self) -> Value:
        token = self._peek()
        if token is None:
            raise PhpUnsupported("unexpected end of code")
        kind, text = token
        self.pos += 1
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "sq":
            return re.sub(r"\\([\\'])", r"\1", text[1:-1])
        if kind == "dq":
            body = text[1:-1]
            if "$" in body.replace("\\$", ""):
                raise PhpUnsupported("variables inside double quotes")
            escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "$": "$", "r": "\r"}
            return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), body)
        if kind == "var":
            if text not in self.vars:
                raise PhpUnsupported(f"undefined variable {text}")
            return self.vars[text]
        if (kind, text) == ("op", "("):
            value = self._expr()
            self._expect(")")
            return value
        if (kind, text) == ("op", "-"):
            return -to_num(self._factor())
        if kind == "name" and self._peek() == ("op", "("):
            self.pos += 1
            args: list[Value] = []
            if self._peek() != ("op", ")"):
                args.append(self._expr())
                while self._peek() == ("op", ","):
                    self.pos += 1
                    args.append(self._expr())
            self._expect(")")
            return self._call(text.lower(), args)
        if kind == "name" and text in self.consts:
            return self.consts[text]
        raise PhpUnsupported(f"'{text}'")

    def _expect(self, op: str) -> None:
        if self._peek() != ("op", op):
            raise PhpUnsupported(f"expected '{op}'")
        self.pos += 1

    def _call(self, name: str, args: list[Value]) -> Value:
        one = args[0] if args else ""
        if name == "phpversion" and not args:
            return self.consts["PHP_VERSION"]
        if name == "strtoupper" and len(args) == 1:
            return to_str(one).upper()
        if name == "strtolower" and len(args) == 1:
            return to_str(one).lower()
        if name == "strlen" and len(args) == 1:
            return len(to_str(one).encode())
        if name == "str_repeat" and len(args) == 2:
            return to_str(one) * int(to_num(args[1]))
        raise PhpUnsupported(f"function {name}()")
