"""The statements, functions, classes and binding patterns of the node evaluator's grammar
(jsparse's parser takes them from this mixin).

    statement  := declaration | "if" "(" expression ")" statement ("else" statement)?
                  | "for" "(" (declaration | expression)? ";" expression? ";" expression? ")"
                  statement | "for" "(" ("let" | "const" | "var")? pattern ("of" | "in")
                  expression ")" statement | "while" "(" expression ")" statement
                  | "do" statement "while" "(" expression ")" | "switch" "(" expression ")"
                  "{" ("case" expression ":" | "default" ":" statement*)* "}"
                  | ("break" | "continue") name? | "return" expression? | "throw" expression
                  | "try" block ("catch" ("(" pattern ")")? block)? ("finally" block)?
                  | "async"? "function" name params block | "class" name heritage body
                  | block | name ":" statement | expression
    pattern    := name | "[" (pattern default? | "..." pattern)* "]"
                  | "{" (key (":" pattern)? default? | "..." name)* "}"
    params     := "(" (pattern default? ("," ...)* ("..." pattern)?)? ")"

Node kinds made here (what a, b, c, d hold): if (test, then, else); for (init, test, update,
body); forof / forin (declaration kind or None, pattern, object, body); while (test, body);
dowhile (body, test); switch (value, ((test or None, statements), ...)); break / continue
(label); return (value or None); throw (value); try (block, catch pattern, catch block,
finally block); function (name, params, body: statements or an expression, flags);
funcdecl (function); class (name, superclass, members: (kind, static, key, value)); classdecl
(class); block (statements); label (name, statement); patterns: name, default (pattern,
value), rest (pattern), arraypat (elements or None for a hole), objpat (((key, pattern), ...),
rest pattern or None).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jslex import Token
from dockersim.model.userland.programs.jssyntax import RESERVED, Node, unexpected
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, Unsupported, number_text

AWAIT_OUTSIDE = "await is only valid in async functions and the top level bodies of modules"


class Grammar:
    """Statements and functions; jsparse's `_Parser` supplies the expressions."""

    src: str
    toks: list[Token]
    i: int
    #: the function being parsed: (async, in a loop, in a switch, labels)
    fn: dict[str, Any]

    if TYPE_CHECKING:  # (supplied by the parser)

        @property
        def tok(self) -> Token: ...
        def next(self) -> Token: ...
        def peek(self, ahead: int = 1) -> Token: ...
        def at(self, text: str, kind: str = "punct") -> bool: ...
        def expect(self, text: str) -> Token: ...
        def expression(self) -> Node: ...
        def assignment(self) -> Node: ...
        def statement(self) -> Node: ...
        def end_of_statement(self) -> None: ...
        def declaration(self, in_for: bool = False) -> Node: ...
        def deeper(self) -> None: ...
        def call_expression(self) -> Node: ...
        def property_key(self) -> tuple[str | Node, Token]: ...

    def word(self, text: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == text

    def block(self) -> Node:
        start = self.expect("{")
        self.deeper()
        body: list[Node] = []
        while not self.at("}"):
            if self.tok.kind == "eof":
                raise unexpected(self.tok)
            body.append(self.statement())
        self.depth -= 1
        close = self.next()
        return Node("block", start.start, close.end, tuple(body))

    depth: int

    def keyword_statement(self) -> Node | None:
        """A statement that starts with a keyword, or None."""
        tok = self.tok
        word = tok.text
        handler = {
            "if": self.if_statement, "for": self.for_statement, "while": self.while_statement,
            "do": self.do_statement, "switch": self.switch_statement, "try": self.try_statement,
            "return": self.return_statement, "throw": self.throw_statement,
            "break": self.jump, "continue": self.jump, "class": self.class_declaration,
            "function": self.function_declaration,
        }.get(word)  # fmt: skip
        if word == "async" and self.peek().text == "function" and not self.peek().newline:
            return self.function_declaration()
        if word in ("import", "export"):
            raise Unsupported(f"modules ('{word}')")
        if word in ("with", "debugger"):
            raise Unsupported(f"'{word}' statements")
        return None if handler is None else handler()

    def paren_expression(self) -> Node:
        self.expect("(")
        expr = self.expression()
        self.expect(")")
        return expr

    def loop_body(self) -> Node:
        self.fn["loops"] += 1
        try:
            return self.statement()
        finally:
            self.fn["loops"] -= 1

    def if_statement(self) -> Node:
        start = self.next()
        test = self.paren_expression()
        then = self.statement()
        other = None
        if self.word("else"):
            self.next()
            other = self.statement()
        end = (other or then).end
        return Node("if", start.start, end, test, then, other)

    def while_statement(self) -> Node:
        start = self.next()
        test = self.paren_expression()
        body = self.loop_body()
        return Node("while", start.start, body.end, test, body)

    def do_statement(self) -> Node:
        start = self.next()
        body = self.loop_body()
        if not self.word("while"):
            raise unexpected(self.tok)
        self.next()
        test = self.paren_expression()
        if self.at(";"):
            self.next()
        return Node("dowhile", start.start, test.end, body, test)

    def for_statement(self) -> Node:
        start = self.next()
        if self.word("await"):
            raise Unsupported("'for await' loops")
        self.expect("(")
        init: Node | None = None
        kind = None
        if (
            self.word("var")
            or self.word("const")
            or (self.word("let") and (self.peek().kind == "name" or self.peek().text in "[{"))
        ):
            kind = self.tok.text
            save = self.i
            self.next()
            if self.peek().text in ("of", "in") and self.peek().kind == "name":
                target: Any = self.pattern()
            elif self.tok.text in ("[", "{"):
                target = self.pattern()
            else:
                target = None
            if target is not None and self.tok.kind == "name" and self.tok.text in ("of", "in"):
                return self.for_each(start, kind, target)
            self.i = save
            init = self.declaration(in_for=True)
        elif not self.at(";"):
            expr = self.expression_no_in()
            if self.tok.kind == "name" and self.tok.text in ("of", "in"):
                return self.for_each(start, None, expr)
            init = Node("expr", expr.start, expr.end, expr)
        if init is None or init.kind == "expr":
            self.expect(";")
        test = None if self.at(";") else self.expression()
        self.expect(";")
        update = None if self.at(")") else self.expression()
        self.expect(")")
        body = self.loop_body()
        return Node("for", start.start, body.end, init, test, update, body)

    def expression_no_in(self) -> Node:
        """An expression before `of`/`in` in a for loop's head (`in` ends it)."""
        self.no_in = True
        try:
            return self.expression()
        finally:
            self.no_in = False

    no_in: bool

    def for_each(self, start: Token, kind: str | None, target: Any) -> Node:
        which = self.next().text
        obj = self.assignment() if which == "of" else self.expression()
        self.expect(")")
        body = self.loop_body()
        return Node("for" + which, start.start, body.end, kind, target, obj, body)

    def switch_statement(self) -> Node:
        start = self.next()
        value = self.paren_expression()
        self.expect("{")
        cases: list[tuple[Node | None, tuple[Node, ...]]] = []
        self.fn["switches"] += 1
        while not self.at("}"):
            if self.word("case"):
                self.next()
                test: Node | None = self.expression()
            elif self.word("default"):
                self.next()
                test = None
            else:
                raise unexpected(self.tok)
            self.expect(":")
            body: list[Node] = []
            while not (self.at("}") or self.word("case") or self.word("default")):
                if self.tok.kind == "eof":
                    raise unexpected(self.tok)
                body.append(self.statement())
            cases.append((test, tuple(body)))
        self.fn["switches"] -= 1
        close = self.next()
        return Node("switch", start.start, close.end, value, tuple(cases))

    def jump(self) -> Node:
        tok = self.next()
        label = None
        if self.tok.kind == "name" and not self.tok.newline and self.tok.text not in RESERVED:
            label = self.next().text
        if tok.text == "continue" and not self.fn["loops"]:
            message = "Illegal continue statement: no surrounding iteration statement"
            if label is not None:
                message = (
                    f"Illegal continue statement: '{label}' does not denote an iteration statement"
                )
            raise JSSyntaxError(message, tok.start, self.toks[self.i - 1].end)
        if tok.text == "break" and label is None and not (self.fn["loops"] or self.fn["switches"]):
            raise JSSyntaxError("Illegal break statement", tok.start, tok.end)
        if label is not None and label not in self.fn["labels"]:
            raise JSSyntaxError(f"Undefined label '{label}'", self.toks[self.i - 1].start,
                                self.toks[self.i - 1].end)  # fmt: skip
        self.end_of_statement()
        return Node(tok.text, tok.start, tok.end, label)

    def return_statement(self) -> Node:
        tok = self.next()
        if not self.fn["function"]:
            raise JSSyntaxError("Illegal return statement", tok.start, tok.end)
        value = None
        if not (self.at(";") or self.at("}") or self.tok.kind == "eof" or self.tok.newline):
            value = self.expression()
        self.end_of_statement()
        return Node("return", tok.start, (value.end if value else tok.end), value)

    def throw_statement(self) -> Node:
        tok = self.next()
        if self.tok.newline:
            raise JSSyntaxError("Illegal newline after throw", tok.start, tok.end)
        value = self.expression()
        self.end_of_statement()
        return Node("throw", tok.start, value.end, value, at=tok.start)

    def try_statement(self) -> Node:
        start = self.next()
        body = self.block()
        param = handler = final = None
        if self.word("catch"):
            self.next()
            if self.at("("):
                self.next()
                param = self.pattern()
                self.expect(")")
            handler = self.block()
        if self.word("finally"):
            self.next()
            final = self.block()
        if handler is None and final is None:
            raise JSSyntaxError("Missing catch or finally after try", start.start, body.end)
        end = (final or handler or body).end
        return Node("try", start.start, end, body, param, handler, final)

    # --- functions -------------------------------------------------------------------------
    def function_declaration(self) -> Node:
        fn = self.function_expression()
        if fn.a is None:
            raise JSSyntaxError("Function statements require a function name", fn.start, fn.end)
        return Node("funcdecl", fn.start, fn.end, fn)

    def function_expression(self) -> Node:
        start = self.tok
        is_async = False
        if self.word("async"):
            self.next()
            is_async = True
        self.next()  # function
        if self.at("*"):
            raise Unsupported("generator functions")
        name = None
        if self.tok.kind == "name" and not self.at("("):
            name = self.next().text
        params = self.params(is_async)
        body = self.function_body(is_async)
        flags = frozenset(["async"] if is_async else [])
        return Node("function", start.start, body.end, name, params, body.a, flags)

    def params(self, is_async: bool) -> tuple[Node, ...]:
        self.expect("(")
        out: list[Node] = []
        while not self.at(")"):
            if self.at("..."):
                dots = self.next()
                inner = self.pattern()
                out.append(Node("rest", dots.start, inner.end, inner))
                if not self.at(")"):
                    raise JSSyntaxError("Rest parameter must be last formal parameter",
                                        dots.start, self.tok.end)  # fmt: skip
                break
            out.append(self.pattern_with_default())
            if not self.at(")"):
                self.expect(",")
        self.next()
        return tuple(out)

    def function_body(self, is_async: bool, arrow: bool = False) -> Node:
        outer = self.fn
        self.fn = {"function": True, "async": is_async, "loops": 0, "switches": 0,
                   "labels": set()}  # fmt: skip
        try:
            return self.block()
        finally:
            self.fn = outer

    def arrow(self, start: int, params: tuple[Node, ...], is_async: bool) -> Node:
        """After the parameters: `=> expression` or `=> { statements }`."""
        arrow = self.expect("=>")
        if arrow.newline:
            raise unexpected(arrow)
        flags = {"arrow"} | ({"async"} if is_async else set())
        if self.at("{"):
            body = self.function_body(is_async, arrow=True)
            return Node("function", start, body.end, None, params, body.a, frozenset(flags))
        outer = self.fn
        self.fn = {**outer, "async": is_async, "function": True}
        try:
            expr = self.assignment()
        finally:
            self.fn = outer
        flags.add("expr")
        return Node("function", start, expr.end, None, params, expr, frozenset(flags))

    def arrow_ahead(self) -> bool:
        """At `(`: whether its matching `)` is followed by `=>`."""
        depth, j = 0, self.i
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "eof":
                return False
            if tok.kind == "punct" and tok.text in ("(", "[", "{"):
                depth += 1
            elif tok.kind == "punct" and tok.text in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    after = self.toks[j + 1] if j + 1 < len(self.toks) else tok
                    return after.kind == "punct" and after.text == "=>" and not after.newline
            j += 1
        return False

    # --- classes ---------------------------------------------------------------------------
    def class_declaration(self) -> Node:
        cls = self.class_expression()
        if cls.a is None:
            raise unexpected(self.tok)
        return Node("classdecl", cls.start, cls.end, cls)

    def class_expression(self) -> Node:
        start = self.next()
        name = None
        if self.tok.kind == "name" and self.tok.text != "extends":
            name = self.next().text
        parent = None
        if self.word("extends"):
            self.next()
            parent = self.call_expression()
        self.expect("{")
        members: list[tuple[str, bool, Any, Node | None]] = []
        while not self.at("}"):
            if self.at(";"):
                self.next()
                continue
            static = False
            if self.word("static") and self.peek().text not in ("(", "="):
                self.next()
                static = True
            kind = "method"
            if self.tok.text in ("get", "set", "async") and self.peek().text not in (
                "(",
                "=",
                ";",
                "}",
            ):
                kind = self.next().text
            if self.at("*"):
                raise Unsupported("generator methods")
            if self.at("#") or self.tok.text.startswith("#"):
                raise Unsupported("private class members (#)")
            key, _ = self.property_key()
            if self.at("("):
                fn = self.method(key, kind == "async", start.start)
                members.append(("method" if kind == "async" else kind, static, key, fn))
            else:
                value = None
                if self.at("="):
                    self.next()
                    outer = self.fn
                    self.fn = {**outer, "function": True}
                    value = self.assignment()
                    self.fn = outer
                self.end_of_statement()
                members.append(("field", static, key, value))
        close = self.next()
        return Node("class", start.start, close.end, name, parent, tuple(members))

    def method(self, key: Any, is_async: bool, start: int) -> Node:
        params = self.params(is_async)
        body = self.function_body(is_async)
        name = key if isinstance(key, str) else ""
        flags = frozenset(["method"] + (["async"] if is_async else []))
        return Node("function", start, body.end, name, params, body.a, flags)

    # --- patterns --------------------------------------------------------------------------
    def pattern_with_default(self) -> Node:
        target = self.pattern()
        if self.at("="):
            self.next()
            value = self.assignment()
            return Node("default", target.start, value.end, target, value)
        return target

    def pattern(self) -> Node:
        tok = self.tok
        if tok.kind == "punct" and tok.text == "[":
            self.next()
            items: list[Node | None] = []
            while not self.at("]"):
                if self.at(","):
                    self.next()
                    items.append(None)
                    continue
                if self.at("..."):
                    dots = self.next()
                    inner = self.pattern()
                    items.append(Node("rest", dots.start, inner.end, inner))
                else:
                    items.append(self.pattern_with_default())
                if not self.at("]"):
                    self.expect(",")
            close = self.next()
            return Node("arraypat", tok.start, close.end, tuple(items))
        if tok.kind == "punct" and tok.text == "{":
            self.next()
            props: list[tuple[Any, Node]] = []
            rest = None
            while not self.at("}"):
                if self.at("..."):
                    self.next()
                    rest = self.pattern()
                    break
                key, key_tok = self.property_key()
                if self.at(":"):
                    self.next()
                    target = self.pattern_with_default()
                elif isinstance(key, str) and key_tok.kind == "name":
                    self.check_binding(key_tok)
                    target = Node("name", key_tok.start, key_tok.end, key)
                    if self.at("="):
                        self.next()
                        value = self.assignment()
                        target = Node("default", target.start, value.end, target, value)
                else:
                    raise unexpected(self.tok)
                props.append((key, target))
                if not self.at("}"):
                    self.expect(",")
            close = self.expect("}")
            return Node("objpat", tok.start, close.end, tuple(props), rest)
        if tok.kind != "name":
            raise unexpected(tok)
        self.check_binding(tok)
        self.next()
        return Node("name", tok.start, tok.end, tok.text)

    def check_binding(self, tok: Token) -> None:
        if tok.text in RESERVED or (tok.text == "await" and self.fn["async"]):
            raise unexpected(tok)


def to_pattern(node: Node) -> Node:
    """An array or object literal on the left of `=` as the pattern it stands for."""
    if node.kind == "array":
        items: list[Node | None] = []
        for item in node.a:
            if item is None:
                items.append(None)
            elif item.kind == "spread":
                items.append(Node("rest", item.start, item.end, to_pattern(item.a)))
            else:
                items.append(to_pattern(item))
        return Node("arraypat", node.start, node.end, tuple(items))
    if node.kind == "object":
        props = []
        rest = None
        for key, value, kind in node.a:
            if kind == "spread":
                rest = to_pattern(value)
            elif kind != "init":
                raise JSSyntaxError("Invalid destructuring assignment target", node.start,
                                    node.end)  # fmt: skip
            else:
                props.append((key, to_pattern(value)))
        return Node("objpat", node.start, node.end, tuple(props), rest)
    if node.kind == "assign" and node.a == "=":
        return Node("default", node.start, node.end, to_pattern(node.b), node.c)
    if node.kind in ("name", "member", "arraypat", "objpat"):
        return node
    raise JSSyntaxError("Invalid destructuring assignment target", node.start, node.end)


def key_text(key: Any) -> str:
    return key if isinstance(key, str) else number_text(key)
