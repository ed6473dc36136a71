"""Which programs read lines at a terminal: interactive shells and the programs' REPLs.

`docker run -it ubuntu bash`, `docker run -it python:3.12`, `redis-cli -h cache` typed at a
shell's prompt: each starts a `LineProgram` (model/userland/interactive.py) that a terminal
drives line by line (engine/terminals.py). A shell is one when it is given no script; a
program is one when its `Program.repl` says so for these arguments.
"""

from __future__ import annotations

import posixpath
import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.model.userland import Proc
    from dockersim.model.userland.interactive import LineProgram, Snapshot

#: how an entrypoint script hands over to the command it was given
EXEC_ARGS = 'exec "$@"'
#: characters that make a line more than a program and its arguments (expansions, redirects,
#: pipes, lists, assignments): the shell runs such a line itself
_SHELL_SYNTAX = set("|&;<>()$`\\*?[]{}~#=\n")


def line_program(
    argv: list[str], proc: Proc, tty: bool, state: Snapshot | None = None
) -> LineProgram | None:
    """The program argv starts, if it reads lines at a terminal: an interactive shell (with
    or without a terminal), or a REPL (only with one), opened afresh or from `state`; else
    None. Raises the runtime's exec errors (ExecNotFound, ...) for a program that cannot run."""
    from dockersim.engine.programs import program_of
    from dockersim.model.userland import Session
    from dockersim.model.userland.runner import interactive_shell, locate

    if state is not None and "shell" in state:
        return Session.restore(proc, state)
    found = locate(argv, proc)
    if found.script is not None and len(argv) > 1 and EXEC_ARGS in found.script:
        # an image's entrypoint script that ends by exec'ing its arguments (`redis
        # redis-cli`, `nginx bash`): what it execs reads the lines (what the script does
        # before, for a program that is not its server, is skipped: a simplification)
        return line_program(argv[1:], proc, tty, state)
    if state is None:
        shell = interactive_shell(found, argv)
        if shell is not None:
            return Session(proc, shell, argv[0], interactive=tty)
    if not tty:
        return None
    program = program_of(found.program or posixpath.basename(argv[0]))
    if program is None or program.repl is None:
        return None
    return program.repl(argv, proc, state)


def simple_words(line: str) -> list[str]:
    """The words of a line that is only a command and its arguments (what a shell would
    start as a program reading the terminal in its turn), else []."""
    if not line.strip() or any(c in _SHELL_SYNTAX for c in line.replace("'", "").replace('"', "")):
        return []
    try:
        return shlex.split(line)
    except ValueError:
        return []
