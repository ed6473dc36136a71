"""The parsed Dockerfile: one `Node` per instruction, as buildkit's parser.Node holds it."""

from __future__ import annotations

import attrs

from dockersim.model.humanize import go_quote


@attrs.frozen
class Heredoc:
    """A `<<EOF` document attached to RUN, COPY or ADD (parser.Heredoc)."""

    name: str
    content: str = ""
    expand: bool = True
    chomp: bool = False
    fd: int = 0


@attrs.frozen
class Node:
    """An instruction (`value` is the keyword as written) or one of its arguments.

    `next` are the argument nodes; `children` holds the sub-instruction of ONBUILD; `json` is
    true for the exec (JSON array) form; lines are 1-based and inclusive.
    """

    value: str
    next: tuple[Node, ...] = ()
    children: tuple[Node, ...] = ()
    flags: tuple[str, ...] = ()
    json: bool = False
    original: str = ""
    start_line: int = 0
    end_line: int = 0
    heredocs: tuple[Heredoc, ...] = ()
    comments: tuple[str, ...] = ()

    @property
    def keyword(self) -> str:
        return self.value.lower()

    @property
    def args(self) -> list[str]:
        """instructions.nodeArgs: argument values; ONBUILD gives the sub-instruction's words."""
        out: list[str] = []
        for arg in self.next:
            if not arg.children:
                out.append(arg.value)
            elif len(arg.children) == 1:
                child = arg.children[0]
                out.append(child.value)
                out.extend(child.args)
        return out

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(range(self.start_line, max(self.end_line, self.start_line) + 1))

    def dump(self) -> str:
        """parser.Node.Dump: `(cmd ["--flag"] "arg" ...)` without the outer parentheses."""
        out = self.value.lower()
        if self.flags:
            out += " [" + " ".join(go_quote(f) for f in self.flags) + "]"
        for child in self.children:
            out += "(" + child.dump() + ")\n"
        for arg in self.next:
            out += " " + (arg.dump() if arg.children else go_quote(arg.value))
        return out.strip()


def dump(nodes: tuple[Node, ...] | list[Node]) -> str:
    """The whole AST as buildkit's tests print it: one `(...)` line per instruction."""
    return "".join(f"({node.dump()})\n" for node in nodes)
