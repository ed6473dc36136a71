"""What the grader allows a submission (and a quiz) to cost, and what happens past a limit.

Submissions come from students, so every resource they can spend is bounded: command lines,
simulated runtime events (container exits and automatic restarts, which a restart policy can
multiply), bytes of output, the size of each file, the files in a directory and wall-clock
time. A submission over a limit is not an error of the grader: it becomes a scored result
whose message names the limit.

`LimitExceeded` derives from `BaseException`, like `KeyboardInterrupt`, on purpose: it is
raised from inside the engine (a step counter, a timer) and must pass through the engine's
and the check vocabulary's `except Exception` guards to reach the grader, which turns it into
a message.
"""

from __future__ import annotations

import attrs

MB = 1024 * 1024


@attrs.frozen
class Limits:
    """Per submission unless said otherwise; 0 disables `seconds`."""

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


#: Bounds on the quiz file itself (written by a teacher, still parsed defensively).
MAX_QUESTIONS = 200
MAX_SETUP_LINES = 200
MAX_PARAMS = 50
MAX_PARAM_VALUES = 1000


class LimitExceeded(BaseException):
    """A submission went past a limit; `str()` is the message the learner sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
