"""The values the engine and the userland exchange: a process's view, and what it did."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from dockersim.model.cowfs import CowFS
from dockersim.model.host import HOST_CPUS

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@attrs.frozen
class ProcInfo:
    """One process of the container, as `ps` and `kill` see it."""

    pid: int
    ppid: int
    user: str
    command: str
    started: float = 0.0
    state: str = "S"
    tty: str = "?"
    cpu_time: float = 0.0
    rss_kb: int = 0
    vsz_kb: int = 0
    #: in its terminal's foreground process group (`ps` STAT `+`); a shell's `&` job is not
    foreground: bool = True
    #: its argument vector, when known exactly (/proc/PID/cmdline); `command` is for show
    argv: tuple[str, ...] = ()


@attrs.define
class Proc:
    """What a process sees; the engine fills it in.

    `mtimes` maps absolute paths to their modification time (epoch seconds); the userland
    records every write it makes there, so the engine should keep one dict per container.
    Paths without an entry show `image_time` (files of the image's layers).
    `killed` collects the PIDs `kill` signalled, as (pid, signal name) pairs, for the engine.
    """

    fs: CowFS
    env: dict[str, str]
    cwd: str = "/"
    uid: int = 0
    gid: int = 0
    user: str = "root"
    hostname: str = "localhost"
    now: float = 0.0
    arch: str = "x86_64"
    stdin: str = ""
    pid: int = 1
    processes: Callable[[], list[ProcInfo]] | None = None
    max_steps: int = 100_000
    max_output: int = 1_000_000
    tty: bool = False
    #: its terminal's name when it has one (`tty`): pts/0 is a container's main process's,
    #: an `exec -t` gets the next
    tty_name: str = "pts/0"
    image_time: float = 0.0  # (the engine gives `now - fs.IMAGE_FILE_AGE`)
    mtimes: dict[str, float] = attrs.field(factory=dict)
    killed: list[tuple[int, str]] = attrs.field(factory=list)
    ncpu: int = HOST_CPUS
    mem_total_kb: int = 8_039_584
    #: the container's cgroup memory limit in bytes (0: none); a program that needs more is
    #: OOM-killed
    memory_limit: int = 0
    #: the engine's view of the network for this process (names, routes, servers), if any
    net: object | None = None
    #: programs this process can run besides the base userland's (the engine's servers and
    #: network tools), by command name
    programs: Mapping[str, Callable[[Any], int]] = attrs.field(factory=dict)


@attrs.frozen
class Output:
    stream: str  # "stdout" | "stderr"
    text: str
    at: float  # seconds after start


@attrs.frozen
class Timeline:
    """What a process printed and when, and how it ended.

    `exit_code` is None when the process is still running: it blocked forever in
    `blocked_in` (e.g. "sleep", "tail", "top"), or it ran out of its step budget (an endless
    loop: `blocked_in` is then the shell's name), or it printed more than `max_output` bytes
    (`blocked_in` is the program that was printing).
    """

    outputs: tuple[Output, ...]
    exit_code: int | None
    duration: float
    blocked_in: str = ""
    handles: frozenset[str] = frozenset()
    #: the kernel's OOM killer ended it (exit code 137)
    oom_killed: bool = False
    #: a blocked shell's traps: what it does on each signal it traps (userland/traps.py)
    reactions: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    #: blocked only until `duration`, where it asks the world again: what the program runs
    #: again then (`Blocked.wake`; None: no such wait)
    wake: Mapping[str, Any] | None = None

    @property
    def stdout(self) -> str:
        return "".join(o.text for o in self.outputs if o.stream == "stdout")

    @property
    def stderr(self) -> str:
        return "".join(o.text for o in self.outputs if o.stream == "stderr")


class ExecError(Exception):
    """argv[0] could not be executed; `name` is what was asked for, `path` what was found."""

    def __init__(self, name: str, path: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.path = path


class ExecNotFound(ExecError):
    """No such program (not in $PATH, or no file at the given path)."""


class ExecIsDirectory(ExecError):
    """argv[0] names a directory."""


class ExecPermission(ExecError):
    """argv[0] is a file without execute permission."""


# --- control flow inside the simulation (never leave the package) -------------------------------


class OutOfMemory(Exception):
    """The program asked for more memory than the container's cgroup allows."""


class MemoryExhausted(Exception):
    """A process needed more memory than the userland's cap (caps.MAX_MEMORY): it dies the way
    its program does when malloc fails (bash `xrealloc: cannot allocate`, dash `Out of space`,
    Python `MemoryError`). `requested` is the allocation that failed, `held` what was held."""

    def __init__(self, requested: int, held: int = 0) -> None:
        super().__init__(requested)
        self.requested = requested
        self.held = held


class NestingLimit(Exception):
    """Function calls, subshells, command substitutions, eval or nested shells went deeper
    than caps.MAX_NESTING (or the frame budget); `name` is the function being called, if any."""

    def __init__(self, level: int, name: str = "") -> None:
        super().__init__(level)
        self.level = level
        self.name = name


class WriteFailed(Exception):
    """A write to an open file failed (the disk is full, the file too large, /dev/full);
    `errno` and str() as FsError's. The writing program reports it and exits 1."""

    def __init__(self, errno: str, message: str) -> None:
        super().__init__(message)
        self.errno = errno


class Blocked(Exception):
    """The running program waits forever (sleep infinity, tail -f, top, ...)."""

    def __init__(
        self,
        program: str,
        handles: frozenset[str] = frozenset(),
        reactions: Mapping[str, Mapping[str, Any]] | None = None,
        wake: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(program)
        self.program = program
        self.handles = handles
        #: a shell's traps, worked out when it blocked (userland/traps.py)
        self.reactions = reactions or {}
        #: it waits on something outside it that only a later moment can tell (a port another
        #: container may open): what to run again then (engine/runtime.py, `Timeline.wake`)
        self.wake = wake


class StepLimit(Exception):
    """The interpreter ran out of its step budget (an endless loop)."""


class OutputLimit(Exception):
    """More than max_output bytes were printed."""


class PipeClosed(Exception):
    """The reader of a pipe is gone (or the pipe is full): the writer gets SIGPIPE."""


class ShellExit(Exception):
    """`exit N` (or a fatal shell error) unwinding to the shell's top."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class ExecFormatError(ExecError):
    """argv[0] is a file that is neither a program nor a `#!` script."""
