"""A wall-clock limit on grading one submission (`Limits.seconds`), checked, never signalled.

`deadline(seconds)` opens a `Deadline` for the current thread. It is checked at every point
where a submission's work goes on: each command line (`sandbox.Session.run`), each runtime
event of the engine (a container exit or restart: `Session`'s event hook) and each step of the
simulated userland (`Recorder.step`, through the hook of `model.userland.io`, so that a shell's
`while true` loop is stopped inside the loop). The first check past the deadline raises
`TimeLimitExceeded`, and so does every later one (the expiry is sticky: a check whose exception
something swallowed is followed by another). The grader fails the questions not yet graded
with its message.

Nothing here depends on signals, so the limit holds in any thread (a grader embedded in a
threaded server) and cannot be lost where an asynchronous exception would be (a
garbage-collector callback, a `finally` block). The model layer never reads the clock: it calls
a hook, and the hook is this module's. One step that runs long without reaching a check is the
only way past the limit; `batch` stops a worker that overruns by far (`HARD_GRACE`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dockersim.grade.limits import LimitExceeded
from dockersim.model.userland.io import step_hook

Clock = Callable[[], float]


class TimeLimitExceeded(LimitExceeded):
    pass


class Deadline:
    """`seconds` from now on `clock` (monotonic seconds); 0 or less: no limit."""

    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.expires = clock() + seconds if seconds > 0 else math.inf
        self.expired = False

    @property
    def message(self) -> str:
        return f"grading took longer than {self.seconds:g} seconds (the time limit)"

    def check(self) -> None:
        """Raise `TimeLimitExceeded` once the time is up (and at every check after that)."""
        if self.expired or self.clock() > self.expires:
            self.expired = True
            raise TimeLimitExceeded(self.message)


class _Current(threading.local):
    deadline: Deadline | None = None


_CURRENT = _Current()


def check() -> None:
    """Check this thread's deadline, if grading in this thread has one."""
    limit = _CURRENT.deadline
    if limit is not None:
        limit.check()


@contextmanager
def deadline(seconds: float, clock: Clock = time.monotonic) -> Iterator[Deadline]:
    """Limit the grading done by this thread inside the block to `seconds` (0: no limit)."""
    limit = Deadline(seconds, clock)
    if seconds <= 0:
        yield limit
        return
    previous = _CURRENT.deadline
    _CURRENT.deadline = limit
    try:
        with step_hook(limit.check):
            yield limit
    finally:
        _CURRENT.deadline = previous
