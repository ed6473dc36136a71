"""What the REPLs on a safe evaluator share (python_repl, node_repl).

Each is a `LineProgram` (model/userland/interactive.py) whose state between two lines is
the inputs it ran: opened from a snapshot, it runs them again silently (`_replay`). A line
runs under a Recorder (`_record`): what it prints lands at its virtual time, a line that
prints more than the terminal takes keeps running (`busy`, until Ctrl-C), and running out of
memory ends the process as the kernel would (137).
"""

from __future__ import annotations

from collections.abc import Callable

from dockersim.model.userland.caps import MEMORY_HIT, Heap, enter, leave
from dockersim.model.userland.io import Recorder
from dockersim.model.userland.types import OutOfMemory, OutputLimit, Proc, Timeline


class Repl:
    """A REPL's process: its prompts, the inputs it keeps, its memory and its output."""

    name: str
    #: the prompt, and the one while an input is unfinished
    PRIMARY: str
    SECONDARY = "... "

    def __init__(self, proc: Proc) -> None:
        self.proc = proc
        self.exited = False
        self.exit_code: int | None = None
        #: the complete inputs run so far, and the lines of the one being typed
        self.inputs: list[str] = []
        self.pending: list[str] = []
        #: the last line printed more than the terminal takes: it runs until Ctrl-C
        self.busy = False
        self.heap = Heap(proc.memory_limit)
        self.rec: Recorder | None = None

    def prompt(self) -> str:
        if self.exited:
            return ""
        return self.SECONDARY if self.pending else self.PRIMARY

    def _emit(self, stream: str, text: str) -> None:
        """Output of the line running now (none while inputs are replayed)."""
        if self.rec is not None:
            self.rec.emit(stream, text)

    def _record(self, body: Callable[[], None]) -> Timeline:
        """Run one line: its output, and how it ended."""
        rec = Recorder(self.proc.now, self.proc.max_steps, self.proc.max_output)
        self.rec = rec
        code: int | None = 0
        oom = False
        token = enter()
        try:
            body()
        except OutputLimit:
            self.busy, code = True, None
        except OutOfMemory:
            self.exited, self.exit_code, oom = True, 137, True
        finally:
            leave(token)
            self.rec = None
        if self.exited:
            code = self.exit_code
        if self.heap.exhausted and self.proc.fs.quota is not None:
            self.proc.fs.quota.hit(MEMORY_HIT)
            self.heap.exhausted = False
        blocked = self.name if code is None else ""
        return Timeline(rec.sorted_outputs(), code, rec.now, blocked, oom_killed=oom)

    def _replay(self, body: Callable[[], None]) -> None:
        """Run the saved inputs again, silently (`body`); memory they exhaust ends the
        process, and counts as it did when it happened, not again."""
        token = enter()
        try:
            body()
        except OutOfMemory:
            self.exited, self.exit_code = True, 137
        finally:
            leave(token)
            self.heap.exhausted = False
