"""Which command `sh -c TEXT` runs in its own process instead of forking one.

dash and busybox ash run the last command they parse from a `-c` string with EV_EXIT (eval.c
evalstring: when the parser is at the end of the text), so a simple command there is exec'd:
it takes the shell's PID and the shell is gone (`docker run alpine sh -c 'sleep 1; ps'` shows
`ps` as PID 1, the `sleep` before it a child of `sh`). bash 5.1+ does the same for the last
command of `bash -c`. A trap, a background `&`, a pipeline of several commands or a compound
command (`if`, `{ ...; }`, a loop) keeps the fork; so does a text that ends with a newline
after its last command (the parser is not at the end then).
"""

from __future__ import annotations

from dockersim.model.userland.ast import AndOr, Node, Pipeline, Seq, Simple


def tail_command(line: Node) -> Simple | None:
    """The simple command `line` runs last, if the shell may exec it."""
    node: Node = line
    while True:
        if isinstance(node, Simple):
            return node
        if isinstance(node, Seq):
            if not node.items or node.items[-1][1]:  # (`cmd &`: a job, forked)
                return None
            node = node.items[-1][0]
        elif isinstance(node, AndOr):
            node = node.rest[-1][1] if node.rest else node.first
        elif isinstance(node, Pipeline) and len(node.cmds) == 1 and not node.negate:
            node = node.cmds[0]
        else:
            return None


def ends_line(text: str) -> bool:
    """Whether `text` ends with a newline after its last command (trailing blanks aside)."""
    return text.rstrip(" \t").endswith("\n")
