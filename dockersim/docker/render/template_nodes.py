"""Parse-tree nodes of Go's ``text/template`` (facts from ``text/template/parse/node.go``).

Each node keeps its byte position in the template (for ``template: :1:8:`` in execution errors)
and prints itself as Go's ``Node.String()`` does (the ``<...>`` in those errors).
"""

from __future__ import annotations

from typing import ClassVar

(
    TEXT,
    ACTION,
    BOOL,
    CHAIN,
    COMMAND,
    DOT,
    ELSE,
    END,
    FIELD,
    IDENTIFIER,
    IF,
    LIST,
    NIL,
    NUMBER,
    PIPE,
    RANGE,
    STRING,
    TEMPLATE,
    VARIABLE,
    WITH,
    BREAK,
    CONTINUE,
) = range(22)


class Node:
    __slots__ = ("pos",)
    kind: ClassVar[int]

    def __init__(self, pos: int) -> None:
        self.pos = pos


class ListNode(Node):
    __slots__ = ("nodes",)
    kind = LIST

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.nodes: list[Node] = []

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)
    kind = TEXT

    def __init__(self, pos: int, text: str) -> None:
        super().__init__(pos)
        self.text = text

    def __str__(self) -> str:
        return self.text


class IdentifierNode(Node):
    __slots__ = ("ident",)
    kind = IDENTIFIER

    def __init__(self, pos: int, ident: str) -> None:
        super().__init__(pos)
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class VariableNode(Node):
    __slots__ = ("ident",)
    kind = VARIABLE

    def __init__(self, pos: int, text: str) -> None:
        super().__init__(pos)
        self.ident = text.split(".")

    def __str__(self) -> str:
        return ".".join(self.ident)


class FieldNode(Node):
    __slots__ = ("ident",)
    kind = FIELD

    def __init__(self, pos: int, text: str) -> None:
        super().__init__(pos)
        self.ident = text[1:].split(".")

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


class ChainNode(Node):
    __slots__ = ("field", "node")
    kind = CHAIN

    def __init__(self, pos: int, node: Node) -> None:
        super().__init__(pos)
        self.node = node
        self.field: list[str] = []

    def __str__(self) -> str:
        head = f"({self.node})" if self.node.kind == PIPE else str(self.node)
        return head + "".join("." + f for f in self.field)


class DotNode(Node):
    __slots__ = ()
    kind = DOT

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()
    kind = NIL

    def __str__(self) -> str:
        return "nil"


class BoolNode(Node):
    __slots__ = ("value",)
    kind = BOOL

    def __init__(self, pos: int, value: bool) -> None:
        super().__init__(pos)
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


class NumberNode(Node):
    __slots__ = (
        "complex_val",
        "float_val",
        "int_val",
        "is_complex",
        "is_float",
        "is_int",
        "is_uint",
        "text",
    )
    kind = NUMBER

    def __init__(self, pos: int, text: str) -> None:
        super().__init__(pos)
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int_val = 0
        self.float_val = 0.0
        self.complex_val = 0j

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")
    kind = STRING

    def __init__(self, pos: int, quoted: str, text: str) -> None:
        super().__init__(pos)
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class CommandNode(Node):
    __slots__ = ("args",)
    kind = COMMAND

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.args: list[Node] = []

    def __str__(self) -> str:
        return " ".join(f"({a})" if a.kind == PIPE else str(a) for a in self.args)


class PipeNode(Node):
    __slots__ = ("cmds", "decl", "is_assign", "line")
    kind = PIPE

    def __init__(self, pos: int, line: int) -> None:
        super().__init__(pos)
        self.line = line
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []

    def __str__(self) -> str:
        head = ", ".join(str(v) for v in self.decl) + " := " if self.decl else ""
        return head + " | ".join(str(c) for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("line", "pipe")
    kind = ACTION

    def __init__(self, pos: int, line: int, pipe: PipeNode) -> None:
        super().__init__(pos)
        self.line = line
        self.pipe = pipe

    def __str__(self) -> str:
        return f"{{{{{self.pipe}}}}}"


class BranchNode(Node):
    __slots__ = ("else_list", "line", "list", "pipe")
    name: ClassVar[str]

    def __init__(
        self, pos: int, line: int, pipe: PipeNode, body: ListNode, else_list: ListNode | None
    ) -> None:
        super().__init__(pos)
        self.line = line
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def __str__(self) -> str:
        tail = f"{{{{else}}}}{self.else_list}" if self.else_list is not None else ""
        return f"{{{{{self.name} {self.pipe}}}}}{self.list}{tail}{{{{end}}}}"


class IfNode(BranchNode):
    __slots__ = ()
    kind = IF
    name = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    kind = RANGE
    name = "range"


class WithNode(BranchNode):
    __slots__ = ()
    kind = WITH
    name = "with"


class EndNode(Node):
    __slots__ = ()
    kind = END

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    __slots__ = ()
    kind = ELSE

    def __str__(self) -> str:
        return "{{else}}"


class BreakNode(Node):
    __slots__ = ()
    kind = BREAK

    def __str__(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ()
    kind = CONTINUE

    def __str__(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("line", "name", "pipe")
    kind = TEMPLATE

    def __init__(self, pos: int, line: int, name: str, pipe: PipeNode | None) -> None:
        super().__init__(pos)
        self.line = line
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        from dockersim.docker.render.gofmt import go_quote

        tail = f" {self.pipe}" if self.pipe is not None else ""
        return f"{{{{template {go_quote(self.name)}{tail}}}}}"
