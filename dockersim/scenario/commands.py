"""Running one command line as a learner types it: a docker command or a host command.

A line whose first word is `docker` goes to the docker CLI front end word for word (split as a
POSIX shell splits words, without running a shell: no pipes, redirections or `$(...)`), with a
terminal when it asks for one (`-t`); any other line runs in the simulated host's shell, where
`curl`, `cat` and pipes work. `screen()` merges stdout and stderr the way a terminal shows
them.
"""

from __future__ import annotations

import functools
import re
import shlex
from typing import TYPE_CHECKING

from dockersim.errors import Error
from dockersim.result import Result

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: Shell operators that mean the line needs a shell (not supported on docker lines).
SHELL_OPERATORS = ("|", "||", "&", "&&", ";", ";;", ">", ">>", "<", "<<", "(", ")")


VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: a word of a line without quotes or backslashes: what shlex.split (POSIX) keeps between its
#: whitespace (space, tab, CR, LF; not str.split's wider set)
_PLAIN_WORD = re.compile(r"[^ \t\r\n]+")
#: the characters every shell operator, and command substitution, is made of
_OPERATOR_CHARS = frozenset("|&;<>()`")


@functools.lru_cache(maxsize=1024)
def split_words(line: str) -> tuple[str, ...]:
    """The words of `line` as `shlex.split` (a POSIX shell) splits them; ValueError for an
    unbalanced quote or a trailing backslash. Remembered: validation, the runner and every
    replay of a lesson split the same lines."""
    if "'" in line or '"' in line or "\\" in line:
        return tuple(shlex.split(line))
    return tuple(_PLAIN_WORD.findall(line))


def expand(text: str, variables: dict[str, str]) -> str:
    """`${NAME}` -> its captured value; names never captured are left as written."""
    return VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), text)


def docker_argv(line: str) -> list[str] | None:
    """The docker arguments (after `docker`) when `line` is a docker command, else None."""
    try:
        words = split_words(line)
    except ValueError:
        return None if not line.lstrip().startswith("docker") else []
    if words and words[0] == "docker":
        return list(words[1:])
    return None


def shell_operator(line: str) -> str | None:
    """The first unquoted shell operator or command substitution in `line`, if any."""
    if _OPERATOR_CHARS.isdisjoint(line):  # quotes only hide operators, never make one
        return None
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        for token in lexer:
            if token in SHELL_OPERATORS or (token and set(token) <= set("|&;<>()")):
                return token
    except ValueError:
        return None
    if "$(" in line or "`" in line:
        return "$(...)"
    return None


def wants_tty(argv: list[str]) -> bool:
    """Whether docker would allocate a terminal (`-t` on run, create or exec)."""
    from dockersim.docker import flags

    try:
        command, rest = flags.lookup(argv)
        if not any(flag.key == "tty" for flag in command.flags):
            return False  # no terminal to ask for (`ps`, `pull`, ...): no need to parse
        parsed = flags.parse(command, rest)
    except Error:  # the docker front end reports the bad line itself
        return False
    return bool(parsed.values.get("tty"))


def run_line(engine: Engine, line: str, stdin: str = "", host: str = "") -> tuple[Result, bool]:
    """Run `line` (on host `host`, "" = the first); returns what it printed and whether it
    ran with a terminal."""
    argv = docker_argv(line)
    if argv is None:
        return on_host(engine, host).host(line, stdin=stdin), False
    try:
        split_words(line)
    except ValueError as exc:
        return Result(2, "", f"bash: syntax error: {exc}\n"), False
    tty = wants_tty(argv)
    if host:
        return engine.docker(argv, tty=tty, stdin=stdin, host=host), tty
    return engine.docker(argv, tty=tty, stdin=stdin), tty


def on_host(engine: Engine, host: str) -> Engine:
    """The engine of simulated host `host` ("" = the first one)."""
    if not host:
        return engine
    node: Engine = engine.node(host)
    return node


def screen(stdout: str, stderr: str) -> str:
    """What a terminal shows: a pull that `docker run` starts with comes first, terminal line
    ends are shown as plain newlines."""
    out, err = stdout.replace("\r\n", "\n"), stderr.replace("\r\n", "\n")
    if err.startswith("Unable to find image") and "\nStatus: " in err:
        end = err.index("\nStatus: ") + 1
        end = err.find("\n", end)
        end = len(err) if end < 0 else end + 1
        return err[:end] + out + err[end:]
    return out + err
