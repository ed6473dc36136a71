"""What the grader allows a submission (and a quiz) to cost, and what happens past a limit.

Submissions come from students, so every resource they can spend is bounded: command lines,
simulated runtime events (container exits and automatic restarts, which a restart policy can
multiply), bytes of output, the size of each file, the files in a directory, wall-clock time
(`timer`) and the memory of the grading process (`memory_cap`). A submission over a limit is
not an error of the grader: it becomes a scored result whose message names the limit.

`LimitExceeded` derives from `BaseException`, like `KeyboardInterrupt`, on purpose: it is
raised from inside the engine (a step counter, a timer) and must pass through the engine's
and the check vocabulary's `except Exception` guards to reach the grader, which turns it into
a message.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager

import attrs

MB = 1024 * 1024
GB = 1024 * MB


@attrs.frozen
class Limits:
    """Per submission unless said otherwise; 0 disables `seconds` and `memory`."""

    #: command lines (after joining `\\` continuations), all questions together
    commands: int = 500
    #: simulated runtime events (exits, restarts) per question
    steps: int = 10_000
    #: bytes of stdout and stderr the commands may print, all questions together
    output: int = MB
    #: bytes per file read (a submission file, a quiz)
    file_bytes: int = MB
    #: characters per command line
    line_chars: int = 10_000
    #: files in one student's directory
    files: int = 50
    #: entries in a class directory
    students: int = 10_000
    #: wall-clock seconds per submission (0: no limit)
    seconds: float = 60.0
    #: bytes of address space of each grading process (`memory_cap`; 0: no cap)
    memory: int = GB


#: Bounds on the quiz file itself (written by a teacher, still parsed defensively).
MAX_QUESTIONS = 200
MAX_SETUP_LINES = 200
MAX_PARAMS = 50
MAX_PARAM_VALUES = 1000

#: What a question says when its world hit one of the simulator's own caps (a process's
#: memory, a file's size, a writable layer, the host's disk, a container's logs: see
#: docs/grading.md). The caps live in the model; the engine records each hit, once, in
#: `engine.quota.hits` (per simulated host: check `engine.node(name).quota` too). After each
#: line, the grader raises `LimitExceeded(WORLD_CAP.format(hit=engine.quota.hits[0]))`.
WORLD_CAP = "the commands went past a cap of the simulated machine: {hit}"


class LimitExceeded(BaseException):
    """A submission went past a limit; `str()` is the message the learner sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def memory_message(limits: Limits) -> str:
    """What a question that ran out of memory (a `MemoryError`) says."""
    if limits.memory > 0:
        return (
            f"grading this question needed more than {limits.memory // MB} MB of memory "
            "(the memory limit)"
        )
    return "grading this question ran out of memory"


#: The cap never goes below what the process has already mapped plus this much (it only
#: matters in a process that was large before grading began: a grader embedded in a server).
MEMORY_HEADROOM = 256 * MB


def _mapped() -> int:
    """Bytes of address space this process has mapped now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def cap_memory(memory: int) -> tuple[int, int] | None:
    """Cap this process's address space (`RLIMIT_AS`, soft limit) at `memory` bytes.

    Past the cap an allocation fails with `MemoryError`, which the grader turns into the
    question's memory-limit message; the process lives on. Returns the limits to restore, or
    None when nothing was changed (`memory` is 0, a lower limit is already set, or the
    platform has no such limit)."""
    if memory <= 0 or not hasattr(resource, "RLIMIT_AS"):
        return None
    previous = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = previous
    cap = max(memory, _mapped() + MEMORY_HEADROOM)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        return None
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        return None
    return previous


@contextmanager
def memory_cap(memory: int) -> Iterator[None]:
    """`cap_memory` for the duration of the block, then the previous limit again."""
    previous = cap_memory(memory)
    try:
        yield
    finally:
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)
