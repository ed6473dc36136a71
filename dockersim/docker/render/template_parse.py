"""The parser of Go's ``text/template`` (facts from Go 1.25 ``text/template/parse/parse.go``).

Grammar (Go's own)::

    template  := (text | action)*
    action    := control | pipeline
    control   := if/range/with pipeline, itemList, [else itemList], end | break | continue
               | template "name" [pipeline] | define "name" itemList end | block ...
    pipeline  := [declarations] command ("|" command)*
    command   := operand (space operand)*
    operand   := term (.Field)*
    term      := literal | function | . | .Field | $var | "(" pipeline ")"

Errors are ``template: <name>:<line>: <message>`` where line is that of the last token read.
"""

from __future__ import annotations

from typing import NoReturn

from dockersim.docker.render import template_lex as lx
from dockersim.docker.render import template_nodes as nd
from dockersim.docker.render.gofmt import go_quote
from dockersim.docker.render.template_errors import TemplateError
from dockersim.docker.render.template_lex import Token, lex
from dockersim.docker.render.template_literals import new_number, unquote
from dockersim.docker.render.template_nodes import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
    Node,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    VariableNode,
    WithNode,
)

_OPERAND_START = frozenset(
    (lx.BOOL, lx.CHAR_CONSTANT, lx.COMPLEX, lx.DOT, lx.FIELD, lx.IDENTIFIER, lx.NUMBER, lx.NIL)
)
_OPERAND_START |= {lx.RAW_STRING, lx.STRING, lx.VARIABLE, lx.LEFT_PAREN}
_CONTROL = frozenset(
    (lx.BLOCK, lx.BREAK, lx.CONTINUE, lx.ELSE, lx.END, lx.IF, lx.RANGE, lx.TEMPLATE, lx.WITH)
)


def is_empty_tree(n: Node) -> bool:
    if n.kind == nd.LIST:
        return all(is_empty_tree(c) for c in n.nodes)  # type: ignore[attr-defined]
    if n.kind == nd.TEXT:
        return not n.text.strip()  # type: ignore[attr-defined]
    return False


class Parser:
    """Parses one template text into named trees (``""`` is the template itself)."""

    def __init__(self, text: str, funcs: frozenset[str], name: str = "") -> None:
        self.name = name
        self.funcs = funcs
        self.tokens = lex(text)
        self.i = 0
        self.hi = 0
        self.vars = ["$"]
        self.action_line = 0
        self.range_depth = 0
        self.trees: dict[str, ListNode] = {}

    # ---- tokens ----

    def next(self) -> Token:
        i = self.i
        if i >= len(self.tokens):
            i = len(self.tokens) - 1
        self.i = i + 1
        if i > self.hi:
            self.hi = i
        return self.tokens[i]

    def backup(self) -> None:
        self.i -= 1

    def peek(self) -> Token:
        tok = self.next()
        self.i -= 1
        return tok

    def next_non_space(self) -> Token:
        tok = self.next()
        while tok.typ == lx.SPACE:
            tok = self.next()
        return tok

    def peek_non_space(self) -> Token:
        tok = self.next_non_space()
        self.i -= 1
        return tok

    def errorf(self, msg: str) -> NoReturn:
        line = self.tokens[self.hi].line
        raise TemplateError(f"template: {self.name}:{line}: {msg}") from None

    def expect(self, typ: int, context: str) -> Token:
        tok = self.next_non_space()
        if tok.typ != typ:
            self.unexpected(tok, context)
        return tok

    def unexpected(self, tok: Token, context: str) -> NoReturn:
        if tok.typ == lx.ERROR:
            extra = ""
            if self.action_line and self.action_line != tok.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.errorf(f"{tok}{extra}")
        self.errorf(f"unexpected {tok} in {context}")

    # ---- structure ----

    def parse(self) -> dict[str, ListNode]:
        root = ListNode(self.peek().pos)
        while self.peek().typ != lx.EOF:
            if self.peek().typ == lx.LEFT_DELIM:
                mark = self.i
                self.next()
                if self.next_non_space().typ == lx.DEFINE:
                    self.parse_definition()
                    continue
                self.i = mark
            n = self.text_or_action()
            if n.kind in (nd.END, nd.ELSE):
                self.errorf(f"unexpected {n}")
            root.nodes.append(n)
        self.add_tree(self.name, root)
        return self.trees

    def add_tree(self, name: str, root: ListNode) -> None:
        old = self.trees.get(name)
        if old is None or is_empty_tree(old):
            self.trees[name] = root
        elif not is_empty_tree(root):
            self.errorf(f"template: multiple definition of template {go_quote(name)}")

    def _sub_tree(self, name: str, context: str) -> None:
        """The body of a ``define`` or ``block``: a fresh tree sharing the tokens."""
        saved = (self.vars, self.range_depth, self.action_line)
        self.vars, self.range_depth, self.action_line = ["$"], 0, 0
        body, end = self.item_list()
        if end.kind != nd.END:
            self.errorf(f"unexpected {end} in {context}")
        self.add_tree(name, body)
        self.vars, self.range_depth, self.action_line = saved

    def parse_definition(self) -> None:
        context = "define clause"
        tok = self.next_non_space()
        if tok.typ not in (lx.STRING, lx.RAW_STRING):
            self.unexpected(tok, context)
        name = self._unquote(tok.val)
        self.expect(lx.RIGHT_DELIM, context)
        self._sub_tree(name, context)

    def item_list(self) -> tuple[ListNode, Node]:
        body = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != lx.EOF:
            n = self.text_or_action()
            if n.kind in (nd.END, nd.ELSE):
                return body, n
            body.nodes.append(n)
        self.errorf("unexpected EOF")

    def text_or_action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ == lx.TEXT:
            return TextNode(tok.pos, tok.val)
        if tok.typ == lx.LEFT_DELIM:
            self.action_line = tok.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        self.unexpected(tok, "input")

    def action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ in _CONTROL:
            return self.control(tok)
        self.backup()
        tok = self.peek()
        return ActionNode(tok.pos, tok.line, self.pipeline("command", lx.RIGHT_DELIM))

    def control(self, tok: Token) -> Node:
        typ = tok.typ
        if typ in (lx.BREAK, lx.CONTINUE):
            word = "break" if typ == lx.BREAK else "continue"
            after = self.next_non_space()
            if after.typ != lx.RIGHT_DELIM:
                self.unexpected(after, f"{{{{{word}}}}}")
            if self.range_depth == 0:
                self.errorf(f"{{{{{word}}}}} outside {{{{range}}}}")
            return BreakNode(tok.pos) if typ == lx.BREAK else ContinueNode(tok.pos)
        if typ == lx.ELSE:
            peek = self.peek_non_space()
            if peek.typ in (lx.IF, lx.WITH):
                return ElseNode(peek.pos)
            return ElseNode(self.expect(lx.RIGHT_DELIM, "else").pos)
        if typ == lx.END:
            return EndNode(self.expect(lx.RIGHT_DELIM, "end").pos)
        if typ == lx.IF:
            return IfNode(*self.parse_control("if"))
        if typ == lx.RANGE:
            return RangeNode(*self.parse_control("range"))
        if typ == lx.WITH:
            return WithNode(*self.parse_control("with"))
        return self.template_control(typ == lx.BLOCK)

    def parse_control(self, context: str) -> tuple[int, int, PipeNode, ListNode, ListNode | None]:
        saved = len(self.vars)
        try:
            pipe = self.pipeline(context, lx.RIGHT_DELIM)
            if context == "range":
                self.range_depth += 1
            body, nxt = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list = None
            if nxt.kind == nd.ELSE:
                follow = self.peek().typ
                if context in ("if", "with") and follow == (lx.IF if context == "if" else lx.WITH):
                    self.next()
                    else_list = ListNode(nxt.pos)
                    node = IfNode if context == "if" else WithNode
                    else_list.nodes.append(node(*self.parse_control(context)))
                else:
                    else_list, nxt = self.item_list()
                    if nxt.kind != nd.END:
                        self.errorf(f"expected end; found {nxt}")
            return pipe.pos, pipe.line, pipe, body, else_list
        finally:
            del self.vars[saved:]

    def template_control(self, block: bool) -> Node:
        context = "block clause" if block else "template clause"
        tok = self.next_non_space()
        if tok.typ not in (lx.STRING, lx.RAW_STRING):
            self.unexpected(tok, context)
        name = self._unquote(tok.val)
        pipe = None
        if block:
            pipe = self.pipeline(context, lx.RIGHT_DELIM)
            self._sub_tree(name, context)
        elif self.next_non_space().typ != lx.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, lx.RIGHT_DELIM)
        return TemplateNode(tok.pos, tok.line, name, pipe)

    # ---- pipelines ----

    def pipeline(self, context: str, end: int) -> PipeNode:
        tok = self.peek_non_space()
        pipe = PipeNode(tok.pos, tok.line)
        while (v := self.peek_non_space()).typ == lx.VARIABLE:
            mark = self.i
            self.next()
            nxt = self.peek_non_space()
            if nxt.typ in (lx.ASSIGN, lx.DECLARE):
                pipe.is_assign = nxt.typ == lx.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, v.val))
                self.vars.append(v.val)
            elif nxt.typ == lx.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, v.val))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (lx.VARIABLE, lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            else:
                self.i = mark
            break
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if tok.typ not in _OPERAND_START:
                self.unexpected(tok, context)
            self.backup()
            pipe.cmds.append(self.command())

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if c.args[0].kind in (nd.BOOL, nd.DOT, nd.NIL, nd.NUMBER, nd.STRING):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == lx.SPACE:
                continue
            if tok.typ in (lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                self.backup()
            elif tok.typ != lx.PIPE:
                self.unexpected(tok, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None or self.peek().typ != lx.FIELD:
            return node
        chain = ChainNode(self.peek().pos, node)
        while self.peek().typ == lx.FIELD:
            chain.field.append(self.next().val[1:])
        if node.kind == nd.FIELD:
            return FieldNode(chain.pos, str(chain))
        if node.kind == nd.VARIABLE:
            return VariableNode(chain.pos, str(chain))
        if node.kind in (nd.BOOL, nd.STRING, nd.NUMBER, nd.NIL, nd.DOT):
            self.errorf(f"unexpected . after term {go_quote(str(node))}")
        return chain

    def term(self) -> Node | None:
        tok = self.next_non_space()
        typ = tok.typ
        if typ == lx.IDENTIFIER:
            if tok.val not in self.funcs:
                self.errorf(f"function {go_quote(tok.val)} not defined")
            return IdentifierNode(tok.pos, tok.val)
        if typ == lx.DOT:
            return DotNode(tok.pos)
        if typ == lx.NIL:
            return NilNode(tok.pos)
        if typ == lx.VARIABLE:
            v = VariableNode(tok.pos, tok.val)
            if v.ident[0] not in self.vars:
                self.errorf(f"undefined variable {go_quote(v.ident[0])}")
            return v
        if typ == lx.FIELD:
            return FieldNode(tok.pos, tok.val)
        if typ == lx.BOOL:
            return BoolNode(tok.pos, tok.val == "true")
        if typ in (lx.CHAR_CONSTANT, lx.COMPLEX, lx.NUMBER):
            try:
                return new_number(tok.pos, tok.val, typ == lx.CHAR_CONSTANT, typ == lx.COMPLEX)
            except ValueError as e:
                self.errorf(str(e))
        if typ == lx.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", lx.RIGHT_PAREN)
        if typ in (lx.STRING, lx.RAW_STRING):
            return StringNode(tok.pos, tok.val, self._unquote(tok.val))
        self.backup()
        return None

    def _unquote(self, quoted: str) -> str:
        try:
            return unquote(quoted)
        except ValueError as e:
            self.errorf(str(e))


def parse_trees(text: str, funcs: frozenset[str], name: str = "") -> dict[str, ListNode]:
    """Parse ``text``; raises TemplateError with Go's message."""
    return Parser(text, funcs, name).parse()
