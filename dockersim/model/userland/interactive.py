"""Programs a terminal drives line by line: an interactive shell, a REPL.

`docker run -it ubuntu bash`, `docker exec -it web python3`, `redis-cli` at a terminal: the
program prints a prompt, reads one line, runs it, and prints the next prompt. A live session
(`dockersim docker run -it ...` at a real terminal) keeps no process alive between two lines:
after every line the program's state is saved with the world (`snapshot`, JSON values only)
and opened again from it for the next line. Scenarios feed the same programs their `input:`.
"""

from __future__ import annotations

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


def feed(program: LineProgram, stdin: str) -> Timeline:
    """Type every line of `stdin` at a fresh program, then end its input (Ctrl-D), as a
    terminal shows it: its banner, then each prompt with the line the tty echoes after it
    (a scenario's `input:`, a pipe). A line that never ends leaves the program running."""
    outputs: list[Output] = list(program.start().outputs)
    at = 0.0
    if program.exited:
        return Timeline(tuple(outputs), program.exit_code or 0, at)
    for line in stdin.splitlines():
        outputs.append(Output("stdout", f"{program.prompt()}{line}\n", at))
        timeline = program.run_line(line)
        outputs.extend(Output(o.stream, o.text, at + o.at) for o in timeline.outputs)
        at += timeline.duration
        if program.exited:
            return Timeline(tuple(outputs), program.exit_code or 0, at)
        if timeline.exit_code is None:  # a line that never ends keeps the program busy
            blocked = timeline.blocked_in or program.name
            return Timeline(tuple(outputs), None, at, blocked, timeline.handles)
    outputs.append(Output("stdout", program.prompt(), at))
    ending = program.end_of_input()
    outputs.extend(Output(o.stream, o.text, at + o.at) for o in ending.outputs)
    return Timeline(tuple(outputs), program.exit_code or 0, at + ending.duration)
