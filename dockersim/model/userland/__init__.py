"""The userland inside simulated containers: a POSIX shell (as dash, bash and busybox ash
behave) and the common programs, working on a container's copy-on-write filesystem.

Everything is pure: virtual time, no real processes, no real files.
"""

from dockersim.model.userland import builtins as _builtins  # noqa: F401  (registers builtins)
from dockersim.model.userland import builtins_params as _params  # noqa: F401  (registers)
from dockersim.model.userland.programs import register
from dockersim.model.userland.runner import execute, run_shell
from dockersim.model.userland.session import Session
from dockersim.model.userland.types import (
    ExecError,
    ExecFormatError,
    ExecIsDirectory,
    ExecNotFound,
    ExecPermission,
    Output,
    Proc,
    ProcInfo,
    Timeline,
)

__all__ = [
    "ExecError",
    "ExecFormatError",
    "ExecIsDirectory",
    "ExecNotFound",
    "ExecPermission",
    "Output",
    "Proc",
    "ProcInfo",
    "Session",
    "Timeline",
    "execute",
    "register",
    "run_shell",
]
