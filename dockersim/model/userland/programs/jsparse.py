"""The JavaScript the node evaluator runs, parsed from jslex's tokens into a small syntax tree.

Grammar (a subset of ECMAScript's Script, sloppy mode):

    script     := statement*
    statement  := ("let" | "const" | "var") binding ("," binding)* end | ";" | expression end
                  | "{" statement* "}" | name ":" statement     (parsed, not run: not simulated)
    binding    := name ("=" assignment)?          (const needs its initialiser)
    expression := assignment ("," assignment)*
    assignment := conditional (("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "**=" | "&&=" | "||="
                  | "??=") assignment)?           (the left side a name or a member)
    conditional:= binary ("?" assignment ":" assignment)?
    binary     := unary (op unary)*               (?? || && == != === !== < > <= >= + - * / % **)
    unary      := ("!" | "-" | "+" | "typeof" | "void") unary | ("++" | "--") unary | postfix
    postfix    := call ("++" | "--")?             (no line break before the operator)
    call       := primary ("." name | "?." name | "[" expression "]" | "(" arguments ")")*
    primary    := number | string | template | name | "(" expression ")" | array | object

`end` is `;`, or a line break, or the end (automatic semicolon insertion). Errors are V8's
sentences and spans (JSSyntaxError); running out of input is `at_end`. Constructs outside the
subset (functions, classes, loops, `new`, regular expressions, ...) raise Unsupported, naming
them, as soon as they are met.
"""

from __future__ import annotations

from dockersim.model.userland.programs.jslex import MISSING_BRACE, Token, tokenize
from dockersim.model.userland.programs.jssyntax import (
    ASSIGNMENTS,
    BINARY,
    BITWISE_ASSIGNMENTS,
    EXPONENT_UNARY,
    EXPRESSIONS,
    RESERVED,
    STATEMENTS,
    UNSUPPORTED_OPERATORS,
    Node,
    declared_once,
    is_optional,
    unexpected,
    unparen,
)
from dockersim.model.userland.programs.jsvalues import (
    JSSyntaxError,
    JSThrow,
    Unsupported,
    number_text,
)

#: how deeply expressions may nest
MAX_DEPTH = 64


class _Parser:
    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.src = source
        self.toks = tokens
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, ahead: int = 1) -> Token:
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def next(self) -> Token:
        token = self.tok
        if token.kind != "eof":
            self.i += 1
        return token

    def at(self, text: str, kind: str = "punct") -> bool:
        return self.tok.kind == kind and self.tok.text == text

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise unexpected(self.tok)
        return self.next()

    # --- statements ------------------------------------------------------------------------------
    def script(self) -> list[Node]:
        body: list[Node] = []
        while self.tok.kind != "eof":
            body.append(self.statement())
        if self.tok.text == "}":  # the end of a template's `${`
            raise unexpected(self.tok)
        declared_once(body)
        return body

    def statement(self) -> Node:
        tok = self.tok
        if tok.kind == "punct" and tok.text == ";":
            self.next()
            return Node("empty", tok.start, tok.end)
        if tok.kind == "punct" and tok.text == "{":
            self.next()
            self.deeper()
            body = []
            while not self.at("}"):
                body.append(self.statement())
            self.depth -= 1
            close = self.next()
            return Node("block", tok.start, close.end, tuple(body))
        if tok.kind == "name":
            following = self.peek()
            if tok.text in ("var", "const") or (
                tok.text == "let"
                and (following.kind in ("name", "eof") or following.text in ("[", "{"))
            ):
                return self.declaration()
            async_function = following.text == "function" and not following.newline
            if tok.text in STATEMENTS and (tok.text != "async" or async_function):
                raise Unsupported(STATEMENTS[tok.text])  # (`async` alone is a name)
            if following.kind == "punct" and following.text == ":" and tok.text not in RESERVED:
                self.next()
                self.next()
                inner = self.statement()
                return Node("label", tok.start, inner.end, tok.text, inner)
        expr = self.expression()
        self.end_of_statement()
        return Node("expr", expr.start, expr.end, expr)

    def end_of_statement(self) -> None:
        tok = self.tok
        if tok.kind == "punct" and tok.text == ";":
            self.next()
        elif (
            tok.kind != "eof" and not tok.newline and not (tok.kind == "punct" and tok.text == "}")
        ):
            raise unexpected(tok)

    def declaration(self) -> Node:
        word = self.next()
        items: list[tuple[str, int, Node | None]] = []
        while True:
            name = self.tok
            if name.kind == "punct" and name.text in ("[", "{"):
                raise Unsupported("destructuring")
            if name.kind != "name" or (name.text in RESERVED):
                raise unexpected(name)
            if name.text == "let" and word.text != "var":
                raise JSSyntaxError(
                    "let is disallowed as a lexically bound name", name.start, name.end
                )
            self.next()
            init = None
            if self.at("="):
                self.next()
                init = self.assignment()
            elif word.text == "const":
                if self.tok.kind == "eof":
                    raise JSSyntaxError("Unexpected end of input", name.end, name.end, True)
                raise JSSyntaxError(
                    "Missing initializer in const declaration", name.start, name.end
                )
            items.append((name.text, name.start, init))
            if not self.at(","):
                break
            self.next()
        self.end_of_statement()
        return Node("decl", word.start, self.toks[self.i - 1].end, word.text, tuple(items))

    # --- expressions -----------------------------------------------------------------------------
    def expression(self) -> Node:
        first = self.assignment()
        if not self.at(","):
            return first
        items = [first]
        while self.at(","):
            self.next()
            items.append(self.assignment())
        return Node("sequence", first.start, items[-1].end, tuple(items))

    def deeper(self) -> None:
        """One more level of nesting (V8's parser overflows its stack far deeper)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise JSThrow("RangeError", "Maximum call stack size exceeded")

    def assignment(self) -> Node:
        self.deeper()
        try:
            target = self.conditional()
            tok = self.tok
            if tok.kind == "punct" and tok.text in BITWISE_ASSIGNMENTS:
                raise Unsupported("bitwise operators")
            if tok.kind != "punct" or tok.text not in ASSIGNMENTS:
                return target
            plain = unparen(target)
            if plain.kind in ("array", "object") and tok.text == "=" and plain is target:
                raise Unsupported("destructuring")
            if plain.kind not in ("name", "member") or is_optional(plain):
                raise JSSyntaxError(
                    "Invalid left-hand side in assignment", target.start, target.end
                )
            self.next()
            value = self.assignment()
            return Node("assign", target.start, value.end, tok.text, plain, value, at=tok.start)
        finally:
            self.depth -= 1

    def conditional(self) -> Node:
        test = self.binary(0)
        if not self.at("?"):
            return test
        self.next()
        then = self.assignment()
        self.expect(":")
        other = self.assignment()
        return Node("conditional", test.start, other.end, test, then, other)

    def binary(self, floor: int) -> Node:
        left = self.unary()
        levels = self.depth
        try:
            return self._operators(left, floor)
        finally:
            self.depth = levels

    def _operators(self, left: Node, floor: int) -> Node:
        """The operators after `left` that bind tighter than `floor` (each one a level deeper
        in the tree: a long chain `1+1+...` is deep nesting too)."""
        while True:
            tok = self.tok
            if tok.kind == "name" and tok.text not in ("in", "instanceof"):
                return left
            prec = BINARY.get(tok.text, 0) if tok.kind in ("punct", "name") else 0
            if prec <= floor:
                return left
            self.deeper()
            if tok.text in UNSUPPORTED_OPERATORS:
                raise Unsupported(UNSUPPORTED_OPERATORS[tok.text])
            if tok.text == "**" and left.kind == "unary":
                raise JSSyntaxError(EXPONENT_UNARY, left.start, tok.end)
            self.next()
            # `**` is right-associative: its right side takes another `**` first
            right = self.binary(prec - 1 if tok.text == "**" else prec)
            left = Node("binary", left.start, right.end, tok.text, left, right, at=tok.start)

    def unary(self) -> Node:
        tok = self.tok
        word = tok.kind == "name" and tok.text in ("typeof", "void", "delete", "await")
        if (tok.kind == "punct" and tok.text in ("!", "-", "+", "~")) or word:
            if tok.text in ("delete", "await"):
                raise Unsupported(EXPRESSIONS[tok.text])
            if tok.text == "~":
                raise Unsupported("bitwise operators")
            self.next()
            self.deeper()
            arg = self.unary()
            self.depth -= 1
            return Node("unary", tok.start, arg.end, tok.text, arg)
        if tok.kind == "punct" and tok.text in ("++", "--"):
            self.next()
            self.deeper()
            arg = self.unary()
            self.depth -= 1
            self._check_update(arg, "prefix")
            return Node("update", tok.start, arg.end, tok.text, unparen(arg), d="prefix",
                        at=tok.start)  # fmt: skip
        arg = self.call()
        tok = self.tok
        if tok.kind == "punct" and tok.text in ("++", "--") and not tok.newline:
            self._check_update(arg, "postfix")
            self.next()
            return Node("update", arg.start, tok.end, tok.text, unparen(arg), d="postfix",
                        at=tok.start)  # fmt: skip
        return arg

    def _check_update(self, arg: Node, where: str) -> None:
        if unparen(arg).kind not in ("name", "member") or is_optional(unparen(arg)):
            raise JSSyntaxError(
                f"Invalid left-hand side expression in {where} operation", arg.start, arg.end
            )

    def call(self) -> Node:
        levels = self.depth
        try:
            return self._links(self.primary())
        finally:
            self.depth = levels

    def _links(self, node: Node) -> Node:
        """The members and calls after `node` (each one a level deeper in the tree)."""
        chain = False
        while True:
            self.deeper()
            tok = self.tok
            if tok.kind == "punct" and tok.text in (".", "?."):
                self.next()
                if tok.text == "?." and self.tok.text in ("(", "["):
                    raise Unsupported("optional calls and ?.[ ]")
                name = self.tok
                if name.kind != "name":
                    raise unexpected(name)
                self.next()
                optional = tok.text == "?."
                chain = chain or optional
                node = Node("member", node.start, name.end, node, name.text, False, optional,
                            at=name.start)  # fmt: skip
            elif tok.kind == "punct" and tok.text == "[":
                self.next()
                key = self.expression()
                close = self.expect("]")
                node = Node("member", node.start, close.end, node, key, True, False, at=tok.start)
            elif tok.kind == "punct" and tok.text == "(":
                node = self.arguments(node)
            elif tok.kind == "template":
                raise Unsupported("tagged templates")
            else:
                break
        return Node("chain", node.start, node.end, node) if chain else node

    def arguments(self, callee: Node) -> Node:
        paren = self.next()
        args: list[Node] = []
        while not self.at(")"):
            if self.at("..."):
                raise Unsupported("spread syntax (...)")
            args.append(self.assignment())
            if self.at(","):
                self.next()
            elif not self.at(")"):
                if self.tok.kind == "eof" and self.tok.text != "}":
                    raise unexpected(self.tok)
                last = self.toks[self.i - 1]
                raise JSSyntaxError("missing ) after argument list", last.start, last.end)
        close = self.next()
        return Node("call", callee.start, close.end, callee, tuple(args), at=paren.start)

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.next()
            return Node("literal", tok.start, tok.end, tok.value)
        if tok.kind == "str":
            self.next()
            return Node("literal", tok.start, tok.end, tok.value)
        if tok.kind == "template":
            self.next()
            return self.template(tok)
        if tok.kind == "bigint":
            raise Unsupported("BigInt")
        if tok.kind == "regex":
            raise Unsupported("regular expressions")
        if tok.kind == "name":
            return self.name()
        if tok.kind == "punct" and tok.text == "(":
            self.next()
            if self.at(")") and self.peek().text == "=>":
                raise Unsupported("arrow functions (=>)")
            inner = self.expression()
            close = self.expect(")")
            if self.at("=>"):
                raise Unsupported("arrow functions (=>)")
            return Node("paren", tok.start, close.end, inner)
        if tok.kind == "punct" and tok.text == "[":
            return self.array()
        if tok.kind == "punct" and tok.text == "{":
            return self.object()
        if tok.kind == "punct" and tok.text == "...":
            raise Unsupported("spread syntax (...)")
        raise unexpected(tok)

    def name(self) -> Node:
        tok = self.next()
        literals = {"true": True, "false": False, "null": None}
        if tok.text in literals:  # (None stands for null)
            return Node("literal", tok.start, tok.end, literals[tok.text])
        if tok.text in EXPRESSIONS:
            raise Unsupported(EXPRESSIONS[tok.text])
        if tok.text in RESERVED:
            raise unexpected(tok)
        if self.at("=>") or (tok.text == "async" and self.tok.kind == "name"):
            raise Unsupported("arrow functions (=>)")
        return Node("name", tok.start, tok.end, tok.text)

    def template(self, tok: Token) -> Node:
        strings, token_lists = tok.value
        exprs = []
        for tokens in token_lists:
            sub = _Parser(self.src, list(tokens))
            sub.depth = self.depth
            expr = sub.expression()
            if sub.tok.kind != "eof":
                last = sub.toks[sub.i - 1]
                raise JSSyntaxError(MISSING_BRACE, last.start, sub.tok.start)
            exprs.append(expr)
        return Node("template", tok.start, tok.end, strings, tuple(exprs))

    def array(self) -> Node:
        start = self.next()
        items: list[Node | None] = []
        while not self.at("]"):
            if self.at(","):
                self.next()
                items.append(None)
                continue
            if self.at("..."):
                raise Unsupported("spread syntax (...)")
            items.append(self.assignment())
            if not self.at("]"):
                self.expect(",")
        close = self.next()
        return Node("array", start.start, close.end, tuple(items))

    def object(self) -> Node:
        start = self.next()
        props: list[tuple[str | Node, Node]] = []
        while not self.at("}"):
            key, tok = self.property_key()
            if self.at(":"):
                self.next()
                props.append((key, self.assignment()))
            elif isinstance(key, str) and tok.kind == "name" and (self.at(",") or self.at("}")):
                if tok.text in RESERVED:
                    raise unexpected(self.tok)
                props.append((key, Node("name", tok.start, tok.end, tok.text)))
            elif self.at("(") or (tok.text in ("get", "set", "async") and self.tok.kind != "eof"):
                raise Unsupported("methods, getters and setters in object literals")
            else:
                raise unexpected(self.tok)
            if not self.at("}"):
                self.expect(",")
        close = self.next()
        return Node("object", start.start, close.end, tuple(props))

    def property_key(self) -> tuple[str | Node, Token]:
        tok = self.tok
        if tok.kind == "punct" and tok.text == "[":
            self.next()
            key = self.assignment()
            self.expect("]")
            return key, tok
        if tok.kind == "punct" and tok.text == "...":
            raise Unsupported("spread syntax (...)")
        if tok.kind == "punct" and tok.text == "*":
            raise Unsupported("generator methods")
        self.next()
        if tok.kind in ("name", "str"):
            return (tok.text if tok.kind == "name" else tok.value), tok
        if tok.kind == "num":
            return number_text(tok.value), tok
        raise unexpected(tok)


def parse(source: str) -> list[Node]:
    """The statements of `source`; raises JSSyntaxError or Unsupported."""
    return _Parser(source, tokenize(source)).script()
