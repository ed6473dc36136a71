"""The JavaScript the node evaluator runs, parsed from jslex's tokens into a small syntax tree.

Grammar (ECMAScript's Script, sloppy mode; statements, functions, classes and patterns are in
jsgrammar):

    script     := statement*
    expression := assignment ("," assignment)*
    assignment := arrow | conditional (assignment-operator assignment)?  (the left side a name,
                  a member, or an array or object literal read as a pattern)
    arrow      := "async"? (name | params) "=>" (assignment | block)
    conditional:= binary ("?" assignment ":" assignment)?
    binary     := unary (op unary)*               (?? || && | ^ & == != === !== < > <= >= in
                                                   instanceof << >> >>> + - * / % **)
    unary      := ("!" | "-" | "+" | "~" | "typeof" | "void" | "delete" | "await") unary
                  | ("++" | "--") unary | postfix
    postfix    := call ("++" | "--")?             (no line break before the operator)
    call       := (primary | "new" callee arguments?) ("." name | "?." name | "?.(" | "?.["
                  | "[" expression "]" | arguments)*
    arguments  := "(" (("..."? assignment) ",")* ")"
    primary    := number | string | template | name | "this" | "super" ("(" | ".")
                  | "(" expression ")" | array | object | function | class

`end` is `;`, or a line break, or the end (automatic semicolon insertion). Errors are V8's
sentences and spans (JSSyntaxError); running out of input is `at_end`. Constructs outside the
subset (regular expressions, generators, getters in patterns, ...) raise Unsupported, naming
them, as soon as they are met.
"""

from __future__ import annotations

from dockersim.model.userland.programs.jsgrammar import (
    AWAIT_OUTSIDE,
    Grammar,
    to_pattern,
)
from dockersim.model.userland.programs.jslex import MISSING_BRACE, Token, tokenize
from dockersim.model.userland.programs.jssyntax import (
    ASSIGNMENTS,
    BINARY,
    BITWISE_ASSIGNMENTS,
    EXPONENT_UNARY,
    RESERVED,
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


class _Parser(Grammar):
    def __init__(self, source: str, tokens: list[Token], function: bool = False) -> None:
        self.src = source
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.no_in = False
        self.fn = {"function": function, "async": False, "loops": 0, "switches": 0,
                   "labels": set()}  # fmt: skip

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
            return self.block()
        if tok.kind == "name":
            following = self.peek()
            if tok.text in ("var", "const") or (
                tok.text == "let"
                and (following.kind in ("name", "eof") or following.text in ("[", "{"))
            ):
                return self.declaration()
            found = self.keyword_statement()
            if found is not None:
                return found
            if following.kind == "punct" and following.text == ":" and tok.text not in RESERVED:
                self.next()
                self.next()
                self.fn["labels"].add(tok.text)
                try:
                    inner = self.statement()
                finally:
                    self.fn["labels"].discard(tok.text)
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

    def declaration(self, in_for: bool = False) -> Node:
        word = self.next()
        items: list[tuple[str | Node, int, Node | None]] = []
        while True:
            name = self.tok
            target: str | Node
            if name.kind == "punct" and name.text in ("[", "{"):
                target = self.pattern()
            else:
                if name.kind != "name" or (name.text in RESERVED):
                    raise unexpected(name)
                if name.text == "let" and word.text != "var":
                    raise JSSyntaxError(
                        "let is disallowed as a lexically bound name", name.start, name.end
                    )
                self.next()
                target = name.text
            init = None
            if self.at("="):
                self.next()
                init = self.assignment()
            elif word.text == "const" or not isinstance(target, str):
                if self.tok.kind == "eof":
                    raise JSSyntaxError("Unexpected end of input", name.end, name.end, True)
                what = "const" if word.text == "const" else "destructuring"
                raise JSSyntaxError(
                    f"Missing initializer in {what} declaration", name.start,
                    self.toks[self.i - 1].end if not isinstance(target, str) else name.end,
                )  # fmt: skip
            items.append((target, name.start, init))
            if not self.at(","):
                break
            self.next()
        if in_for:
            self.expect(";")
        else:
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
            if tok.kind != "punct" or tok.text not in ASSIGNMENTS | BITWISE_ASSIGNMENTS:
                return target
            plain = unparen(target)
            if plain.kind in ("array", "object") and tok.text == "=" and plain is target:
                pattern = to_pattern(plain)
                self.next()
                value = self.assignment()
                return Node("assign", target.start, value.end, "=", pattern, value, at=tok.start)
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
            if tok.kind == "name" and (
                tok.text not in ("in", "instanceof") or (tok.text == "in" and self.no_in)
            ):
                return left
            prec = BINARY.get(tok.text, 0) if tok.kind in ("punct", "name") else 0
            if prec <= floor:
                return left
            self.deeper()
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
            if tok.text == "await":
                if not self.fn["async"]:
                    if self.fn["function"] or self.peek().kind in ("name", "num", "str"):
                        raise JSSyntaxError(AWAIT_OUTSIDE, tok.start, tok.end)
                    return self.call()
                self.next()
                self.deeper()
                arg = self.unary()
                self.depth -= 1
                return Node("await", tok.start, arg.end, arg, at=tok.start)
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
            if self.word("new"):
                return self._links(self.new_expression())
            return self._links(self.primary())
        finally:
            self.depth = levels

    def call_expression(self) -> Node:
        return self.call()

    def new_expression(self) -> Node:
        """`new Callee(args)` (the arguments optional); the callee's members bind first."""
        tok = self.next()
        self.deeper()
        if self.at("."):
            raise Unsupported("new.target")
        callee = self.new_expression() if self.word("new") else self.primary()
        while self.at(".") or self.at("["):
            if self.at("."):
                self.next()
                name = self.next()
                if name.kind != "name":
                    raise unexpected(name)
                callee = Node("member", callee.start, name.end, callee, name.text, False, False,
                              at=name.start)  # fmt: skip
            else:
                self.next()
                key = self.expression()
                close = self.expect("]")
                callee = Node("member", callee.start, close.end, callee, key, True, False,
                              at=close.start)  # fmt: skip
        args: tuple[Node, ...] = ()
        end = callee.end
        if self.at("("):
            called = self.arguments(callee)
            args, end = called.b, called.end
        return Node("new", tok.start, end, callee, args, at=tok.start)

    def _links(self, node: Node) -> Node:
        """The members and calls after `node` (each one a level deeper in the tree)."""
        chain = False
        while True:
            self.deeper()
            tok = self.tok
            if tok.kind == "punct" and tok.text in (".", "?."):
                self.next()
                if tok.text == "?." and self.tok.text in ("(", "["):
                    chain = True
                    if self.tok.text == "(":
                        call = self.arguments(node)
                        node = Node("call", call.start, call.end, call.a, call.b, True,
                                    at=call.at)  # fmt: skip
                    else:
                        self.next()
                        key = self.expression()
                        close = self.expect("]")
                        node = Node("member", node.start, close.end, node, key, True, True,
                                    at=tok.start)  # fmt: skip
                    continue
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
                dots = self.next()
                inner = self.assignment()
                args.append(Node("spread", dots.start, inner.end, inner))
            else:
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
            return self.regex_literal(tok)
        if tok.kind == "name":
            return self.name()
        if tok.kind == "punct" and tok.text == "(":
            if self.arrow_ahead():
                return self.arrow(tok.start, self.params(False), False)
            self.next()
            inner = self.expression()
            close = self.expect(")")
            return Node("paren", tok.start, close.end, inner)
        if tok.kind == "punct" and tok.text == "[":
            return self.array()
        if tok.kind == "punct" and tok.text == "{":
            return self.object()
        raise unexpected(tok)

    def name(self) -> Node:
        tok = self.tok
        following = self.peek()
        if tok.text == "function" or (
            tok.text == "async" and following.text == "function" and not following.newline
        ):
            return self.function_expression()
        if tok.text == "class":
            return self.class_expression()
        if tok.text == "async" and not following.newline:
            if following.kind == "name" and self.peek(2).text == "=>":
                self.next()
                param = self.pattern()
                return self.arrow(tok.start, (param,), True)
            if following.text == "(":
                self.next()
                if self.arrow_ahead():
                    return self.arrow(tok.start, self.params(True), True)
                self.i -= 1
        self.next()
        literals = {"true": True, "false": False, "null": None}
        if tok.text in literals:  # (None stands for null)
            return Node("literal", tok.start, tok.end, literals[tok.text])
        if tok.text == "this":
            return Node("this", tok.start, tok.end)
        if tok.text == "super":
            return self.super_expression(tok)
        if tok.text in ("import", "yield"):
            raise Unsupported("import()" if tok.text == "import" else "'yield'")
        if tok.text in RESERVED:
            raise unexpected(tok)
        if self.at("=>"):
            self.check_binding(tok)
            return self.arrow(tok.start, (Node("name", tok.start, tok.end, tok.text),), False)
        return Node("name", tok.start, tok.end, tok.text)

    def super_expression(self, tok: Token) -> Node:
        if self.at("("):
            called = self.arguments(Node("this", tok.start, tok.end))
            return Node("supercall", tok.start, called.end, called.b, at=tok.start)
        if self.at("."):
            self.next()
            name = self.next()
            return Node("supermember", tok.start, name.end, name.text, at=name.start)
        raise JSSyntaxError("'super' keyword unexpected here", tok.start, tok.end)

    def regex_literal(self, tok: Token) -> Node:
        """`/body/flags`: checked now (V8 reports a bad pattern before the script runs)."""
        from dockersim.model.userland.programs.jsregexp import check_literal

        self.next()
        cut = tok.text.rfind("/")
        body, flags = tok.text[1:cut], tok.text[cut + 1 :]
        check_literal(body, flags, tok.start, tok.end)
        return Node("regex", tok.start, tok.end, (body, flags))

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
                dots = self.next()
                inner = self.assignment()
                items.append(Node("spread", dots.start, inner.end, inner))
            else:
                items.append(self.assignment())
            if not self.at("]"):
                self.expect(",")
        close = self.next()
        return Node("array", start.start, close.end, tuple(items))

    def object(self) -> Node:
        start = self.next()
        props: list[tuple[str | Node | None, Node, str]] = []
        while not self.at("}"):
            if self.at("..."):
                dots = self.next()
                inner = self.assignment()
                props.append((None, Node("spread", dots.start, inner.end, inner), "spread"))
                if not self.at("}"):
                    self.expect(",")
                continue
            kind = "init"
            if self.tok.text in ("get", "set", "async") and self.peek().text not in (
                ",",
                ":",
                "(",
                "}",
                "=",
            ):
                kind = self.next().text
            key, tok = self.property_key()
            if self.at(":") and kind == "init":
                self.next()
                props.append((key, self.assignment(), "init"))
            elif self.at("("):
                fn = self.method(key, kind == "async", tok.start)
                props.append((key, fn, "init" if kind == "async" else kind))
            elif isinstance(key, str) and tok.kind == "name" and (self.at(",") or self.at("}")):
                if tok.text in RESERVED:
                    raise unexpected(self.tok)
                props.append((key, Node("name", tok.start, tok.end, tok.text), "init"))
            elif isinstance(key, str) and tok.kind == "name" and self.at("="):
                raise JSSyntaxError("Invalid shorthand property initializer", self.tok.start,
                                    self.tok.end)  # fmt: skip
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
        if tok.kind == "punct" and tok.text == "*":
            raise Unsupported("generator methods")
        self.next()
        if tok.kind in ("name", "str"):
            return (tok.text if tok.kind == "name" else tok.value), tok
        if tok.kind == "num":
            return number_text(tok.value), tok
        raise unexpected(tok)


def parse(source: str, function: bool = False) -> list[Node]:
    """The statements of `source` (`function`: a CommonJS module's body, where `return` is
    allowed); raises JSSyntaxError or Unsupported. (`jsparsed.parse` remembers the result.)"""
    return _Parser(source, tokenize(source), function).script()
