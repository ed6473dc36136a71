"""A forked copy of a shell: a subshell, a command substitution, a pipeline's stage.

The copy has the shell's variables, functions and options as its own (what it changes stays
with it), none of its jobs (unless asked: `$(jobs -p)`), the traps but EXIT, and its own
share of the process tree's memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.model.userland.jobs import JobTable

if TYPE_CHECKING:
    from dockersim.model.userland.interp import Shell


def fork(sh: Shell, jobs: bool = False) -> Shell:
    """A copy of `sh` (what a fork gives); call `release()` on it when it ends."""
    sub = type(sh).__new__(type(sh))
    sub.__dict__.update(sh.__dict__)
    sub.vars = dict(sh.vars)
    sub.exported = set(sh.exported)
    sub.funcs = dict(sh.funcs)
    sub.func_costs = dict(sh.func_costs)
    sub.func_sources = dict(sh.func_sources)
    sub.own = set()
    sub.charged = 0
    sub.positional_held = 0  # the parent's list, shared until the subshell sets its own
    sub.positional = list(sh.positional)
    sub.jobs = sh.jobs.copy() if jobs else JobTable(sh.dialect.name)
    sub.outer_jobs = (sh.jobs, *sh.outer_jobs)
    sub.forked = True
    sub.traps = {k: v for k, v in sh.traps.items() if k != "EXIT"}
    sub.locals = []
    return sub
