"""A command's text as the shells show it in `jobs` and `fg`, rebuilt from its syntax tree.

bash prints it as its print_cmd.c does (make_command_string: words as typed, `> file` with a
space, compound commands over several lines indented by four); dash and busybox ash as their
cmdtxt does (one line, `1>file` with the descriptor, no braces, no assignments, `& ` dropped).

Simplifications: words are shown as typed (dash and ash show quoted parts in double quotes,
with `$(...)` for substitutions), and here-documents by their first line only.
"""

from __future__ import annotations

from dockersim.model.userland.ast import (
    AndOr,
    Case,
    For,
    FuncDef,
    Group,
    If,
    Loop,
    Node,
    Pipeline,
    Redir,
    Redirected,
    Seq,
    Simple,
    Subshell,
)


def command_text(node: Node, dialect: str) -> str:
    if dialect == "bash":
        printer = _Bash()
        printer.command(node)
        return "".join(printer.out)
    return _ash(node)


# --- bash ---------------------------------------------------------------------------------------
class _Bash:
    """make_command_string_internal: each command starts indented unless `skip` says it
    follows on the same line."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.indent = 0
        self.skip = 0

    def put(self, text: str) -> None:
        self.out.append(text)

    def semicolon(self) -> None:
        last = self.out[-1][-1:] if self.out and self.out[-1] else ""
        if last not in ("&", "\n"):
            self.put(";")

    def newline(self, text: str) -> None:
        self.put("\n" + " " * self.indent + text)

    def follow(self, node: Node) -> None:
        """A command printed on the current line (bash's skip_this_indent)."""
        self.skip += 1
        self.command(node)

    def block(self, node: Node | None) -> None:
        self.indent += 4
        if node is not None:
            self.command(node)
        self.indent -= 4

    def command(self, node: Node) -> None:
        if self.skip:
            self.skip -= 1
        else:
            self.put(" " * self.indent)
        if isinstance(node, Simple):
            words = [f"{name}={word.raw}" for name, word in node.assigns]
            words += [word.raw for word in node.words]
            self.put(" ".join(words + [_bash_redir(r) for r in node.redirs]))
        elif isinstance(node, Redirected):
            self.follow(node.node)
            self.put(" " + " ".join(_bash_redir(r) for r in node.redirs))
        elif isinstance(node, Pipeline):
            if node.negate:
                self.put("! ")
            self._joined([(" | ", cmd) for cmd in node.cmds])
        elif isinstance(node, AndOr):
            self._joined([("", node.first), *((f" {op} ", cmd) for op, cmd in node.rest)])
        elif isinstance(node, Seq):
            self._seq(node)
        else:
            self._compound(node)

    def _joined(self, parts: list[tuple[str, Node]]) -> None:
        for i, (sep, node) in enumerate(parts):
            if i:
                self.put(sep)
            self.follow(node)

    def _seq(self, node: Seq) -> None:
        for i, (item, background) in enumerate(node.items):
            self.follow(item)
            if i < len(node.items) - 1:
                self.put(" & " if background else "; ")
            elif background:
                self.put(" &")

    def _compound(self, node: Node) -> None:
        if isinstance(node, Group):
            self.put("{ ")
            self.follow(node.body)
            self.semicolon()
            self.put(" }")
        elif isinstance(node, Subshell):
            self.put("( ")
            self.follow(node.body)
            self.put(" )")
        elif isinstance(node, If):
            self._if(node)
        elif isinstance(node, Loop):
            self.put("until " if node.until else "while ")
            self.follow(node.cond)
            self.semicolon()
            self.put(" do\n")
            self.block(node.body)
            self.semicolon()
            self.newline("done")
        elif isinstance(node, For):
            words = [w.raw for w in node.words] if node.words is not None else ['"$@"']
            self.put(f"for {node.var} in {' '.join(words)};")
            self.newline("do\n")
            self.block(node.body)
            self.semicolon()
            self.newline("done")
        elif isinstance(node, Case):
            self.put(f"case {node.word.raw} in ")
            self.indent += 4
            for patterns, body in node.arms:
                self.newline(" | ".join(p.raw for p in patterns) + ")\n")
                self.block(body)
                self.newline(";;")
            self.indent -= 4
            self.newline("esac")
        elif isinstance(node, FuncDef):
            self.put(f"{node.name} () ")
            self.follow(node.body)

    def _if(self, node: If) -> None:
        """An `elif` is an `if` inside the `else`, as bash's parser builds it."""
        (cond, body), rest = node.branches[0], node.branches[1:]
        self.put("if ")
        self.follow(cond)
        self.semicolon()
        self.put(" then\n")
        self.block(body)
        if rest or node.orelse is not None:
            self.semicolon()
            self.newline("else\n")
            self.block(If(rest, node.orelse) if rest else node.orelse)
        self.semicolon()
        self.newline("fi")


def _bash_redir(redir: Redir) -> str:
    """print_redirection: `> file`, `2> file`, `2>&1`, `>&-`, `<<EOF`, `&> file`."""
    fd, op, target = redir.fd, redir.op, redir.target.raw
    default = 0 if op in ("<", "<&", "<<", "<<-", "<<<") else 1
    shown = "" if fd == default else str(fd)
    if op in ("<<", "<<-"):
        quoted = any(c in target for c in "'\"\\")
        delimiter = target.replace("'", "").replace('"', "").replace("\\", "")
        return shown + op + (f"'{delimiter}'" if quoted else delimiter)
    if op in ("&>", "&>>"):
        return f"{op} {target}"
    if op in (">&", "<&"):
        if target == "-" or target.isdigit():
            return f"{fd}{op}{target}"
        return f"{shown}{op}{target}"
    if op == "<>":
        return ("" if fd == 1 else str(fd)) + f"<> {target}"
    return f"{shown}{op} {target}"


# --- dash and busybox ash -----------------------------------------------------------------------
def _ash(node: Node | None) -> str:
    """cmdtxt: one line."""
    if node is None:
        return ""
    if isinstance(node, Simple):
        words = [word.raw for word in node.words]
        return " ".join(words + [_ash_redir(r) for r in node.redirs])
    if isinstance(node, Pipeline):
        text = " | ".join(_ash(cmd) for cmd in node.cmds)
        return "!" + text if node.negate else text
    if isinstance(node, AndOr):
        return _ash(node.first) + "".join(f" {op} {_ash(cmd)}" for op, cmd in node.rest)
    if isinstance(node, Seq):
        return "; ".join(_ash(item) for item, _background in node.items)
    if isinstance(node, (Group, Redirected)):
        return _ash(node.body if isinstance(node, Group) else node.node)
    if isinstance(node, Subshell):
        return f"({_ash(node.body)})"
    if isinstance(node, If):
        (cond, body), rest = node.branches[0], node.branches[1:]
        orelse = If(rest, node.orelse) if rest else node.orelse
        tail = f"; else {_ash(orelse)}" if orelse is not None else ""
        return f"if {_ash(cond)}; then {_ash(body)}{tail}; fi"
    if isinstance(node, Loop):
        word = "until" if node.until else "while"
        return f"{word} {_ash(node.cond)}; do {_ash(node.body)}; done"
    if isinstance(node, For):
        items = " ".join(w.raw for w in node.words) if node.words is not None else '"$@"'
        return f"for {node.var} in {items}; do {_ash(node.body)}; done"
    if isinstance(node, Case):
        arms = "".join(f"{patterns[0].raw}) {_ash(body)};; " for patterns, body in node.arms)
        return f"case {node.word.raw} in {arms}esac"
    if isinstance(node, FuncDef):
        return f"{node.name}() {{ ... }}"
    return ""


def _ash_redir(redir: Redir) -> str:
    """`1>file` (the descriptor always shown), `2>&1`, `0<<...` shown as `<<...`."""
    if redir.op in ("<<", "<<-", "<<<"):
        return "<<..."
    op = ">&" if redir.op == "&>" else redir.op
    return f"{redir.fd}{op}{redir.target.raw}"
