"""A terminal driving a program's REPL the way a live session does.

The program is opened with `Program.repl(argv, proc, None)` on a Proc the engine builds for
the container (`Engine.proc_for`), and after every line its snapshot goes through JSON and the
program is opened again from it, in a fresh Proc: no Python object survives between two lines.
`screen` is what the terminal shows: each prompt, the line typed (the tty echoes it), `^C` for
Ctrl-C, and what the program printed on stdout and stderr.
"""

from __future__ import annotations

import json

from dockersim.engine import Engine
from dockersim.engine.programs import program_of
from dockersim.model.userland.interactive import LineProgram, Snapshot
from dockersim.model.userland.types import Timeline


class Terminal:
    def __init__(self, engine: Engine, container: str, argv: list[str]) -> None:
        self.engine = engine
        self.container = engine.container_get(container)
        self.argv = argv
        self.screen = ""
        self.saved: Snapshot | None = None
        self.program = self._open(None)

    def _open(self, saved: Snapshot | None) -> LineProgram:
        program = program_of(self.argv[0])
        assert program is not None and program.repl is not None
        opened = program.repl(self.argv, self.engine.proc_for(self.container), saved)
        assert opened is not None, f"{self.argv} is not interactive"
        return opened

    def _after(self, timeline: Timeline) -> Timeline:
        self.screen += "".join(item.text for item in timeline.outputs)
        if not self.program.exited:
            self.saved = json.loads(json.dumps(self.program.snapshot()))
            self.program = self._open(self.saved)
        return timeline

    @property
    def prompt(self) -> str:
        return self.program.prompt()

    @property
    def exited(self) -> bool:
        return self.program.exited

    @property
    def exit_code(self) -> int | None:
        return self.program.exit_code

    def start(self) -> Timeline:
        start = getattr(self.program, "start")  # noqa: B009 - not part of LineProgram yet
        timeline: Timeline = start()
        return self._after(timeline)

    def type(self, *lines: str) -> Timeline:
        """Type each line; the timeline of the last."""
        timeline = Timeline((), 0, 0.0)
        for line in lines:
            self.screen += self.prompt + line + "\n"
            timeline = self._after(self.program.run_line(line))
        return timeline

    def ctrl_c(self) -> Timeline:
        self.screen += self.prompt + "^C"
        return self._after(self.program.interrupt())

    def ctrl_d(self) -> Timeline:
        self.screen += self.prompt
        return self._after(self.program.end_of_input())
