"""Jinja2 expressions for `render_template`: tokens, a parser to tuples, and their values.

Safe by construction: nothing is handed to Python's `eval`; a name is looked up in the
template's context, an attribute is an item of a dict or one of a few harmless methods of
str, dict and list, and a call goes only to the functions the renderer offers. Values are
what a learner's route passes: strings, numbers, lists and dicts. `Undefined` and `Markup`
behave as Jinja's default `Undefined` and markupsafe's `Markup` do for what templates use.
"""

from __future__ import annotations

import ast
import re
from typing import Any

Expr = tuple[Any, ...]
TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d+|\d+)|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>//|\*\*|==|!=|<=|>=|[-+*/%~<>()\[\]{}.,:|=]))",
    re.S,
)
SAFE_METHODS = {
    str: {"upper", "lower", "title", "strip", "capitalize", "startswith", "endswith", "split",
          "replace", "lstrip", "rstrip", "count", "isdigit"},
    dict: {"items", "keys", "values", "get"},
    list: {"index", "count"},
}  # fmt: skip
MAX_SIZE = 100_000


class TemplateError(Exception):
    """An error the real app raises: `kind` is the exception's qualified name as the
    traceback's last line shows it (`jinja2.exceptions.UndefinedError`)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def undefined_error(message: str) -> TemplateError:
    return TemplateError("jinja2.exceptions.UndefinedError", message)


def syntax_error(message: str) -> TemplateError:
    return TemplateError("jinja2.exceptions.TemplateSyntaxError", message)


class Markup(str):
    """Text already safe for HTML (markupsafe's `Markup`: printed as it is)."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """markupsafe's `escape`: `& < > " '` as entities; Markup passes through."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"),
                        ("'", "&#39;")):  # fmt: skip
        text = text.replace(raw, entity)
    return Markup(text)


def type_repr(obj: object) -> str:
    """Jinja's `object_type_repr`: `dict object`, `None`, ..."""
    if obj is None:
        return "None"
    return f"{type(obj).__name__} object"


class Undefined:
    """Jinja's default `Undefined`: prints as nothing, is empty and false; any attribute,
    item, call or arithmetic on it raises `UndefinedError` with Jinja's words."""

    __slots__ = ("has_obj", "name", "obj")

    def __init__(self, name: object, obj: object = None, has_obj: bool = False) -> None:
        self.name = name
        self.obj = obj
        self.has_obj = has_obj

    def message(self) -> str:
        if not self.has_obj:
            return f"{self.name!r} is undefined"
        if not isinstance(self.name, str):
            return f"{type_repr(self.obj)} has no element {self.name!r}"
        return f"{type_repr(self.obj)!r} has no attribute {self.name!r}"

    def fail(self) -> TemplateError:
        return undefined_error(self.message())

    def __str__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Any:
        return iter(())

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return 0


# -- parsing ---------------------------------------------------------------------------------


class Tokens:
    """The tokens of one expression, with the parser's cursor."""

    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            match = TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                char = text[pos:].lstrip()[:1]
                raise syntax_error(f"unexpected char {char!r} at {pos}")
            kind = match.lastgroup or "op"
            self.items.append((kind, match.group(kind)))
            pos = match.end()
        self.pos = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        at = self.pos + offset
        return self.items[at] if at < len(self.items) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def accept(self, value: str, kind: str = "") -> bool:
        token = self.peek()
        if token[1] == value and token[0] in ((kind,) if kind else ("op", "name")):
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            found = self.peek()[1] or "end of statement block"
            raise syntax_error(f"expected token '{value}', got '{found}'")

    def at_end(self) -> bool:
        return self.pos >= len(self.items)


def parse_expression(tokens: Tokens, condexpr: bool = True) -> Expr:
    left = _parse_or(tokens)
    if condexpr and tokens.peek() == ("name", "if"):
        tokens.take()
        test = _parse_or(tokens)
        other: Expr = ("const", Undefined("else"))
        if tokens.accept("else", "name"):
            other = parse_expression(tokens)
        return ("cond", test, left, other)
    return left


def _parse_or(tokens: Tokens) -> Expr:
    left = _parse_and(tokens)
    while tokens.accept("or", "name"):
        left = ("or", left, _parse_and(tokens))
    return left


def _parse_and(tokens: Tokens) -> Expr:
    left = _parse_not(tokens)
    while tokens.accept("and", "name"):
        left = ("and", left, _parse_not(tokens))
    return left


def _parse_not(tokens: Tokens) -> Expr:
    if tokens.peek() == ("name", "not"):
        tokens.take()
        return ("not", _parse_not(tokens))
    return _parse_compare(tokens)


COMPARE = ("==", "!=", "<", ">", "<=", ">=")


def _parse_compare(tokens: Tokens) -> Expr:
    left = _parse_binary(tokens, 0)
    while True:
        kind, value = tokens.peek()
        if kind == "op" and value in COMPARE:
            tokens.take()
            left = ("cmp", value, left, _parse_binary(tokens, 0))
        elif (kind, value) == ("name", "in"):
            tokens.take()
            left = ("cmp", "in", left, _parse_binary(tokens, 0))
        elif (kind, value) == ("name", "not") and tokens.peek(1) == ("name", "in"):
            tokens.pos += 2
            left = ("cmp", "not in", left, _parse_binary(tokens, 0))
        else:
            return left


LEVELS = (("+", "-"), ("~",), ("*", "/", "//", "%"), ("**",))


def _parse_binary(tokens: Tokens, level: int) -> Expr:
    if level == len(LEVELS):
        return _parse_unary(tokens)
    left = _parse_binary(tokens, level + 1)
    while tokens.peek()[0] == "op" and tokens.peek()[1] in LEVELS[level]:
        op = tokens.take()[1]
        left = ("bin", op, left, _parse_binary(tokens, level + 1))
    return left


def _parse_unary(tokens: Tokens) -> Expr:
    if tokens.peek() in (("op", "-"), ("op", "+")):
        op = tokens.take()[1]
        return ("neg" if op == "-" else "pos", _parse_unary(tokens))
    node = _parse_postfix(tokens, _parse_primary(tokens))
    while True:
        if tokens.accept("|", "op"):
            name = tokens.take()
            if name[0] != "name":
                raise syntax_error(f"expected token 'name', got '{name[1]}'")
            args, kwargs = _call_args(tokens) if tokens.peek() == ("op", "(") else ((), ())
            node = _parse_postfix(tokens, ("filter", name[1], node, args, kwargs))
        elif tokens.peek() == ("name", "is"):
            tokens.take()
            negate = tokens.accept("not", "name")
            name = tokens.take()
            args = ()
            if tokens.peek() == ("op", "("):
                args = _call_args(tokens)[0]
            elif tokens.peek()[0] in ("num", "str"):
                args = (_parse_primary(tokens),)
            test: Expr = ("test", name[1], node, args)
            node = ("not", test) if negate else test
        else:
            return node


def _parse_primary(tokens: Tokens) -> Expr:
    kind, value = tokens.take()
    if kind == "num":
        return ("const", float(value) if "." in value else int(value))
    if kind == "str":
        text = ast.literal_eval(value)
        while tokens.peek()[0] == "str":
            text += ast.literal_eval(tokens.take()[1])
        return ("const", text)
    if kind == "name":
        constants = {"true": True, "True": True, "false": False, "False": False,
                     "none": None, "None": None}  # fmt: skip
        return ("const", constants[value]) if value in constants else ("name", value)
    if value == "(":
        items, comma = _sequence(tokens, ")")
        return items[0] if len(items) == 1 and not comma else ("tuple", tuple(items))
    if value == "[":
        return ("list", tuple(_sequence(tokens, "]")[0]))
    if value == "{":
        pairs: list[tuple[Expr, Expr]] = []
        while not tokens.accept("}", "op"):
            if pairs:
                tokens.expect(",")
                if tokens.accept("}", "op"):
                    break
            key = parse_expression(tokens)
            tokens.expect(":")
            pairs.append((key, parse_expression(tokens)))
        return ("dict", tuple(pairs))
    found = value or "end of print statement"
    raise syntax_error(f"unexpected '{found}'")


def _sequence(tokens: Tokens, close: str) -> tuple[list[Expr], bool]:
    items: list[Expr] = []
    comma = False
    while not tokens.accept(close, "op"):
        if items:
            tokens.expect(",")
            comma = True
            if tokens.accept(close, "op"):
                break
        items.append(parse_expression(tokens))
    return items, comma


def _parse_postfix(tokens: Tokens, node: Expr) -> Expr:
    while True:
        if tokens.accept(".", "op"):
            kind, value = tokens.take()
            if kind not in ("name", "num"):
                raise syntax_error(f"expected name or number, got '{value}'")
            node = ("attr", node, int(value) if kind == "num" else value)
        elif tokens.accept("[", "op"):
            index = parse_expression(tokens)
            tokens.expect("]")
            node = ("item", node, index)
        elif tokens.peek() == ("op", "("):
            args, kwargs = _call_args(tokens)
            node = ("call", node, args, kwargs)
        else:
            return node


def _call_args(tokens: Tokens) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...]]:
    tokens.expect("(")
    args: list[Expr] = []
    kwargs: list[tuple[str, Expr]] = []
    while not tokens.accept(")", "op"):
        if args or kwargs:
            tokens.expect(",")
            if tokens.accept(")", "op"):
                break
        if tokens.peek()[0] == "name" and tokens.peek(1) == ("op", "="):
            name = tokens.take()[1]
            tokens.take()
            kwargs.append((name, parse_expression(tokens)))
        else:
            args.append(parse_expression(tokens))
    return tuple(args), tuple(kwargs)


def parse(text: str) -> Expr:
    """One whole expression (`{{ ... }}`)."""
    tokens = Tokens(text)
    if tokens.at_end():
        raise syntax_error("Expected an expression, got 'end of print statement'")
    node = parse_expression(tokens)
    if not tokens.at_end():
        raise syntax_error(f"expected token 'end of print statement', got '{tokens.peek()[1]}'")
    return node
