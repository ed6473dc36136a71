"""The node evaluator's syntax tree (`Node`) and what jsparse checks on it, JavaScript's
words and operators as jsparse reads them, and V8's sentence for a token it did not expect."""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.userland.programs.jslex import Token
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, words

RESERVED = words(
    """break case catch class const continue debugger default delete do else enum export extends
    false finally for function if import in instanceof new null return super switch this throw
    true try typeof var void while with"""
)
BINARY = {
    "??": 1, "||": 2, "&&": 3, "|": 4, "^": 5, "&": 6, "==": 7, "!=": 7, "===": 7, "!==": 7,
    "<": 8, ">": 8, "<=": 8, ">=": 8, "in": 8, "instanceof": 8, "<<": 9, ">>": 9, ">>>": 9,
    "+": 10, "-": 10, "*": 11, "/": 11, "%": 11, "**": 12,
}  # fmt: skip
ASSIGNMENTS = frozenset(["=", "+=", "-=", "*=", "/=", "%=", "**=", "&&=", "||=", "??="])
BITWISE_ASSIGNMENTS = frozenset(["&=", "|=", "^=", "<<=", ">>=", ">>>="])
EXPONENT_UNARY = (
    "Unary operator used immediately before exponentiation expression. Parenthesis must be "
    "used to disambiguate operator precedence"
)


@attrs.frozen
class Node:
    """A node of the tree and the span of source it was parsed from."""

    kind: str
    start: int
    end: int
    #: what each kind holds in a, b, c, d:
    #: literal: the value (None for null); template: strings, expressions; name: the name;
    #: array: items (None: a hole); object: ((key or key expression, value), ...);
    #: member: object, key (a name, or an expression when computed), computed, optional;
    #: chain (an optional chain): its member or call; call: callee, arguments;
    #: unary / binary / assign: operator, operand(s); update: operator, target, -,
    #: "prefix" or "postfix"; conditional: test, then, else; sequence: expressions;
    #: paren: expression; decl: kind, ((name, start, initialiser or None), ...);
    #: expr: expression; block: statements; label: name, statement
    a: Any = None
    b: Any = None
    c: Any = None
    d: Any = None
    #: where V8 reports an error this node raises (a member's key, an operator)
    at: int = 0


def unexpected(tok: Token) -> JSSyntaxError:
    """V8's sentence for a token it did not expect there."""
    if tok.kind == "eof":
        if tok.text == "}":  # a template's `${` ended early
            return JSSyntaxError("Unexpected token '}'", tok.start, tok.start + 1)
        return JSSyntaxError("Unexpected end of input", tok.start, tok.start, at_end=True)
    messages = {"num": "Unexpected number", "bigint": "Unexpected number",
                "str": "Unexpected string", "template": "Unexpected template string",
                "regex": "Unexpected regular expression"}  # fmt: skip
    if tok.kind in messages:
        message = messages[tok.kind]
    elif tok.kind == "name" and tok.text not in RESERVED:
        message = f"Unexpected identifier '{tok.text}'"
    else:
        message = f"Unexpected token '{tok.text}'"
    return JSSyntaxError(message, tok.start, tok.end)


def declared_once(body: list[Node]) -> None:
    """V8's early error for a name a script declares twice (`var` twice is allowed)."""
    kinds: dict[str, str] = {}
    for statement in body:
        for target, start, _ in statement.b if statement.kind == "decl" else ():
            for name in pattern_names(target):
                seen = kinds.get(name)
                if seen is not None and (seen != "var" or statement.a != "var"):
                    message = f"Identifier '{name}' has already been declared"
                    raise JSSyntaxError(message, start, start + len(name))
                kinds[name] = statement.a


def unparen(node: Node) -> Node:
    """The expression inside any parentheses."""
    while node.kind == "paren":
        node = node.a
    return node


def is_optional(node: Node) -> bool:
    """An optional chain (`a?.b`): not something to assign to."""
    return node.kind == "chain"


def pattern_names(node: Any) -> list[str]:
    """The names a binding pattern declares."""
    if isinstance(node, str):
        return [node]
    if node is None:
        return []
    kind = node.kind
    if kind == "name":
        return [node.a]
    if kind in ("default", "rest"):
        return pattern_names(node.a)
    if kind == "arraypat":
        return [n for item in node.a for n in pattern_names(item)]
    if kind == "objpat":
        return [n for _, item in node.a for n in pattern_names(item)] + pattern_names(node.b)
    return []
