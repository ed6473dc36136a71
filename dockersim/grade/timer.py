"""A wall-clock limit on grading one submission (`Limits.seconds`).

It uses `SIGALRM` (`setitimer`), which only the main thread of a process may set, so the limit
applies where grading runs in a main thread: the `dockersim grade` process and each of its
worker processes. Elsewhere (a grader embedded in a threaded server) it is not enforced. When
the time is up, `TimeLimitExceeded` is raised wherever grading is; the grader fails the
questions not yet graded with its message.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from dockersim.grade.limits import LimitExceeded


class TimeLimitExceeded(LimitExceeded):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"grading took longer than {seconds:g} seconds (the time limit)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
