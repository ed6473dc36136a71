"""What a shell that traps signals does when one arrives while it waits forever.

A shell runs a trap's action between two commands: blocked in an endless loop
(`while true; do sleep 1; done`) it runs it once the command running now returns, and in
`wait` at once (the signal interrupts the wait). The engine never keeps a process alive
between commands, so when such a shell blocks, its reaction to each trapped signal is worked
out then, in the shell's state at that moment: what the action prints, when, and whether it
ends the shell (`exit N`, with the EXIT trap run after it) or the shell goes on waiting. The
engine replays the reaction when `docker stop` or `docker kill` delivers the signal.

Simplification: a file the action writes or removes is not changed (the filesystem is put
back as it was after the action is worked out, so nothing happens before the signal).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from dockersim.model.signals import NUMBERS
from dockersim.model.userland.fds import IO
from dockersim.model.userland.io import Recorder, Terminal
from dockersim.model.userland.types import (
    Blocked,
    MemoryExhausted,
    NestingLimit,
    OutputLimit,
    PipeClosed,
    ShellExit,
    StepLimit,
    WriteFailed,
)

if TYPE_CHECKING:
    from dockersim.model.userland.interp import Shell as Interpreter

#: signal name -> {"delay": seconds from the signal to the action, "duration": what the action
#: takes, "code": exit status or None when the shell lives on, "outputs": [[seconds after the
#: action starts, stream, text], ...]}
Reactions = dict[str, dict[str, Any]]


def reactions(sh: Interpreter, delay: float, in_wait: bool = False) -> Reactions:
    """How `sh` answers each signal it traps, `delay` seconds after it arrives. `in_wait`:
    it waits in `wait`, which the signal ends with status 128+n once the action has run;
    what follows the `wait` is not modelled, so the shell is taken to end there (the common
    `cmd & wait` entrypoint), with that status and its EXIT trap."""
    out: Reactions = {}
    for name, action in sorted(sh.traps.items()):
        signal = f"SIG{name}"
        if name == "EXIT" or signal not in NUMBERS:
            continue
        out[signal] = _react(sh, action, delay, 128 + NUMBERS[signal] if in_wait else None)
    return out


def _react(sh: Interpreter, action: str, delay: float, fallthrough: int | None) -> dict[str, Any]:
    outer_rec, outer_io = sh.rec, sh.io
    rec = Recorder(outer_rec.epoch() + delay, outer_rec.max_steps, outer_rec.max_output)
    fds = dict(outer_io.fds)
    for fd, sink in outer_io.fds.items():
        if isinstance(sink, Terminal):
            fds[fd] = Terminal(rec, sink.stream, sink.is_tty)
    fs = sh.proc.fs
    saved_fs = fs.checkpoint()
    saved_mtimes = dict(sh.proc.mtimes)
    saved_status, saved_traps = sh.status, dict(sh.traps)
    sh.rec, sh.io = rec, IO(fds)
    code: int | None = None
    try:
        try:
            sh.run_text(action)
            if fallthrough is not None:
                raise ShellExit(fallthrough)
        except ShellExit as exc:
            code = exc.code
            sh.status = code
            with contextlib.suppress(ShellExit, Blocked, StepLimit, OutputLimit, PipeClosed):
                sh.run_exit_trap()
    except (Blocked, StepLimit, OutputLimit, PipeClosed, WriteFailed):
        pass  # it waits (or fails) inside the action: the shell is still there
    except (MemoryExhausted, NestingLimit):
        code = 2
    finally:
        sh.rec, sh.io = outer_rec, outer_io
        sh.status, sh.traps = saved_status, saved_traps
        fs.rollback(saved_fs)
        sh.proc.mtimes.clear()
        sh.proc.mtimes.update(saved_mtimes)
    return {
        "delay": delay,
        "duration": rec.end,
        "code": code,
        "outputs": [[o.at, o.stream, o.text] for o in rec.sorted_outputs()],
    }
