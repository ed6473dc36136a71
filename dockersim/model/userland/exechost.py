"""What runs a program exec'd directly: a container's main process, `docker exec`.

runc execs the binary: no shell is there. `run_resolved` still asks its caller for the process
context, the clock, the memory the process holds, the jobs a `ps` would list (none) and, for a
command the program runs in its place (`env`, `xargs`: the spawner), a shell to fork. An
`ExecHost` answers the first ones without building a shell, and builds the shell only when a
spawned command first needs one. (Scripts, which a shell does run, still get a `Shell`.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.model.userland.caps import Heap, items_cost
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.jobs import JobTable

if TYPE_CHECKING:
    from dockersim.model.userland.fds import IO
    from dockersim.model.userland.interp import Shell
    from dockersim.model.userland.io import Recorder
    from dockersim.model.userland.types import Proc


#: read only: how `ps` names the host (none is there) and the jobs it has (none)
_DASH = Dialect("dash")
_NO_JOBS = JobTable("dash")


class ExecHost:
    """The caller `run_resolved` sees for a binary exec'd as a process of its own."""

    depth = 0
    outer_jobs: tuple[JobTable, ...] = ()
    dialect = _DASH
    jobs = _NO_JOBS

    def __init__(self, proc: Proc, rec: Recorder, io: IO, shell: Callable[..., Shell]) -> None:
        """`shell` is the class of shell a spawned command forks. Raises MemoryExhausted or
        OutOfMemory when the environment does not fit in the process's memory (the caller
        then lets a shell say so, as before)."""
        self._make_shell = shell
        self.proc = proc
        self.rec = rec
        self.io = io
        self.cwd = proc.cwd
        self.pid = proc.pid
        # the process holds its environment, as much as a shell's variables would hold
        values = list(proc.env.values())
        if "PWD" not in proc.env:
            values.append(self.cwd)
        cost = items_cost(values)
        heap = Heap(proc.memory_limit)
        heap.need(cost)
        heap.charge(cost)
        self.heap = heap
        self._shell: Shell | None = None

    def subshell(self, jobs: bool = False) -> Shell:
        """A fork of the shell a spawned command needs, made on first use, whose environment
        is the one this process already holds (so it is not counted twice)."""
        shell = self._shell
        if shell is None:
            own = Heap(self.proc.memory_limit)  # (what it charges there is already held here)
            shell = self._make_shell(self.proc, Dialect("dash"), self.rec, self.io, heap=own)
            shell.heap, shell.charged = self.heap, 0
            self._shell = shell
        return shell.subshell(jobs)
