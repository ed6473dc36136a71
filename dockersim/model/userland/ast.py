"""The shell's syntax tree: words made of parts, and commands."""

from __future__ import annotations

import attrs


@attrs.define
class Lit:
    text: str
    quoted: bool = False


@attrs.define
class Param:
    """`$name`, `${name}`, `${name:-word}`; `op` is "" when plain, "len" for `${#x}`."""

    name: str
    op: str = ""
    arg: Word | None = None
    arg2: Word | None = None
    quoted: bool = False


@attrs.define
class CmdSub:
    body: Node
    quoted: bool = False


@attrs.define
class Arith:
    expr: Word
    quoted: bool = False


@attrs.define
class Tilde:
    user: str = ""


Part = Lit | Param | CmdSub | Arith | Tilde


@attrs.define
class Word:
    parts: list[Part]
    raw: str = ""

    @property
    def plain(self) -> str | None:
        """The word's text if it is one unquoted literal (keywords, names), else None."""
        parts = self.parts
        if len(parts) == 1:
            part = parts[0]
            if isinstance(part, Lit) and not part.quoted:
                return part.text
        return None


@attrs.define
class Redir:
    fd: int
    op: str  # > >> < >& <& <> >| << <<- <<< &> &>>
    target: Word
    heredoc: Word | None = None


@attrs.define
class Simple:
    assigns: list[tuple[str, Word]]
    words: list[Word]
    redirs: list[Redir]
    line: int = 1


@attrs.define
class Pipeline:
    cmds: list[Node]
    negate: bool = False


@attrs.define
class AndOr:
    first: Node
    rest: list[tuple[str, Node]]


@attrs.define
class Seq:
    items: list[tuple[Node, bool]]  # (command, run in background)


@attrs.define
class If:
    branches: list[tuple[Seq, Seq]]
    orelse: Seq | None = None


@attrs.define
class Loop:
    cond: Seq
    body: Seq
    until: bool = False


@attrs.define
class For:
    var: str
    words: list[Word] | None
    body: Seq
    line: int = 1


@attrs.define
class Case:
    word: Word
    arms: list[tuple[list[Word], Seq | None]]
    line: int = 1


@attrs.define
class Group:
    body: Seq


@attrs.define
class Subshell:
    body: Seq


@attrs.define
class FuncDef:
    name: str
    body: Node
    #: characters of source the definition spans (what its syntax tree costs, caps.py)
    size: int = 0
    #: the body's source text (a live terminal session saves a shell's functions as text)
    source: str = ""


@attrs.define
class Redirected:
    node: Node
    redirs: list[Redir]


Node = (
    Simple
    | Pipeline
    | AndOr
    | Seq
    | If
    | Loop
    | For
    | Case
    | Group
    | Subshell
    | FuncDef
    | Redirected
)
