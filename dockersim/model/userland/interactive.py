"""Programs a terminal drives line by line: an interactive shell, a REPL.

`docker run -it ubuntu bash`, `docker exec -it web python3`, `redis-cli` at a terminal: the
program prints a prompt, reads one line, runs it, and prints the next prompt. A live session
(`dockersim docker run -it ...` at a real terminal) keeps no process alive between two lines:
after every line the program's state is saved with the world (`snapshot`, JSON values only)
and opened again from it for the next line. Scenarios feed the same programs their `input:`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from dockersim.model.userland.types import Output, Timeline

#: what `snapshot` returns and `restore` takes: JSON values only (it is saved in world.json)
Snapshot = dict[str, Any]


class LineProgram(Protocol):
    """A program reading lines from a terminal (the tty echoes each line; not its output)."""

    #: the command name `ps` shows and signals are looked up by ("bash", "python3", ...)
    name: str
    exited: bool
    exit_code: int | None

    def start(self) -> Timeline:
        """What it prints when it opens, before its first prompt (a REPL's banner); called
        once, on a fresh program, never on one restored from a snapshot. It may end there
        (`exited`: psql that cannot connect)."""
        ...

    def prompt(self) -> str:
        """What it prints before reading the next line (a continuation prompt mid-block)."""
        ...

    def run_line(self, line: str) -> Timeline:
        """Run one line (without its newline); the timeline's times are from the line's start.
        A line that never ends (a server, `sleep infinity`) has exit_code None."""
        ...

    def interrupt(self) -> Timeline:
        """Ctrl-C at the prompt (the terminal shows `^C`; the program prints what it does)."""
        ...

    def end_of_input(self) -> Timeline:
        """Ctrl-D at an empty prompt: usually the program ends (`exited`, `exit_code`)."""
        ...

    def snapshot(self) -> Snapshot:
        """Its state between two lines, as JSON values."""
        ...


#: starts the program a line typed at `program` starts that reads lines itself (`python3` at
#: a shell's prompt), if it does, at a time (seconds after the input began)
Nested = Callable[["LineProgram", str, float], "LineProgram | None"]
#: a program started so ended with this status: its parent takes it (a shell's `$?`)
Returned = Callable[["LineProgram", int], None]


def feed(
    program: LineProgram,
    stdin: str,
    nested: Nested | None = None,
    returned: Returned | None = None,
) -> Timeline:
    """Type every line of `stdin` at a fresh program, then end its input (Ctrl-D), as a
    terminal shows it: its banner, then each prompt with the line the tty echoes after it
    (a scenario's `input:`, a pipe). A line that starts a program reading lines itself
    (`nested`) hands it the next lines until it ends; the end of the input ends each in
    turn. A line that never ends leaves the program running."""
    outputs: list[Output] = []
    at = 0.0

    def emit(timeline: Timeline) -> None:
        outputs.extend(Output(o.stream, o.text, at + o.at) for o in timeline.outputs)

    stack = [program]
    emit(program.start())
    lines = stdin.splitlines()
    while stack:
        top = stack[-1]
        if top.exited:  # it ended: back to the program that started it, or the end
            stack.pop()
            if not stack:
                break
            if returned is not None:
                returned(stack[-1], top.exit_code or 0)
            continue
        if not lines:  # the input ends: each program reads end of file in turn
            outputs.append(Output("stdout", top.prompt(), at))
            ending = top.end_of_input()
            emit(ending)
            at += ending.duration
            top.exited = True
            continue
        line = lines.pop(0)
        outputs.append(Output("stdout", f"{top.prompt()}{line}\n", at))
        child = nested(top, line, at) if nested is not None else None
        if child is not None:
            stack.append(child)
            emit(child.start())
            continue
        timeline = top.run_line(line)
        emit(timeline)
        at += timeline.duration
        if timeline.exit_code is None and not top.exited:  # a line that never ends
            blocked = timeline.blocked_in or top.name
            return Timeline(tuple(outputs), None, at, blocked, timeline.handles)
    return Timeline(tuple(outputs), program.exit_code or 0, at)
