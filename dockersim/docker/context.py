"""The one object a command writes through: stdout, stderr, exit status, the engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dockersim.result import Result

if TYPE_CHECKING:
    from dockersim.docker.live import Follow
    from dockersim.engine import Engine


#: What the docker client puts before every error the daemon sends (moby client/request.go);
#: written here only, so every command shows a daemon error the same way.
DAEMON_PREFIX = "Error response from daemon: "


def daemon_text(error: object) -> str:
    """A daemon error (or its sentence) as the docker CLI prints it, without a newline."""
    return f"{DAEMON_PREFIX}{error}"


#: stdin as data, or a reader called when a command first reads it
Stdin = str | bytes | Callable[[], bytes]


class CommandFailed(Exception):
    """Raised by a command that has already written its error text; carries the exit status."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


class Context:
    def __init__(
        self,
        engine: Engine,
        tty: bool = False,
        stdin: Stdin = "",
        env: Mapping[str, str] | None = None,
        live: bool = False,
        stdin_tty: bool | None = None,
    ) -> None:
        self.engine = engine
        #: a learner at a real terminal: interactive commands hand over a live session
        #: (`follow`) instead of reading all of stdin (dockersim/docker/live.py)
        self.live = live
        #: whether stdin is a terminal; None when the caller does not say (the Python API
        #: and scenarios, which feed `-it` sessions their input)
        self.stdin_tty = stdin_tty
        self.follow: Follow | None = None
        #: the command only read the world (Result.read_only; set by `docker.main`)
        self.read_only = False
        #: the machine the docker CLI runs on: its files and environment (engine.machine)
        self.machine = engine.machine
        self.tty = tty
        self._stdin_source = stdin
        self._stdin: str | bytes | None = None if callable(stdin) else stdin
        #: the docker CLI's environment: its machine's, then what the command line sets
        #: (`DOCKER_BUILDKIT=0 docker build .`)
        self.env: dict[str, str] = {**self.machine.environ(), **(env or {})}
        self._bytes: bytearray | None = None
        self.exit_code = 0
        self._out: list[str] = []
        self._err: list[str] = []
        #: (stdout?, index into its list) in writing order, for Result.chunks
        self._order: list[tuple[bool, int]] = []

    @property
    def stdin(self) -> str | bytes:
        """What the command reads on stdin; a reader given instead of data is called the first
        time a command asks, so commands that never read stdin never wait on it."""
        if self._stdin is None:
            source = self._stdin_source
            self._stdin = source() if callable(source) else source
        return self._stdin

    @property
    def stdin_text(self) -> str:
        """What the command reads on stdin, as text."""
        data = self.stdin
        return data.decode(errors="replace") if isinstance(data, bytes) else data

    def out(self, text: str) -> None:
        self._order.append((True, len(self._out)))
        self._out.append(text)

    def err(self, text: str) -> None:
        self._order.append((False, len(self._err)))
        self._err.append(text)

    def out_bytes(self, data: bytes) -> None:
        """Binary stdout (an archive); the Result carries it in `stdout_bytes`."""
        if self._bytes is None:
            self._bytes = bytearray()
        self._bytes += data

    def line(self, text: str = "") -> None:
        self.out(text + "\n")

    def fail(self, text: str, exit_code: int = 1) -> CommandFailed:
        """Write `text` (one line) to stderr and return the exception to raise."""
        self.err(text if text.endswith("\n") else text + "\n")
        return CommandFailed(exit_code)

    def daemon_error(self, error: object) -> None:
        """Print a daemon error on stderr, as the CLI does."""
        self.err(daemon_text(error) + "\n")

    def daemon_fail(self, error: object, exit_code: int = 1) -> CommandFailed:
        """`fail` with a daemon error: print it, return the exception to raise."""
        return self.fail(daemon_text(error), exit_code)

    def result(self, exit_code: int) -> Result:
        data = bytes(self._bytes) if self._bytes is not None else None
        chunks: tuple[tuple[str, str], ...] = ()
        if self._out and self._err:
            chunks = tuple(
                ("stdout", self._out[i]) if is_out else ("stderr", self._err[i])
                for is_out, i in self._order
                if (self._out[i] if is_out else self._err[i])
            )
        return Result(
            exit_code,
            "".join(self._out),
            "".join(self._err),
            data,
            chunks,
            self.follow,
            self.read_only,
        )

    def check_tty(self, attach_stdin: bool, tty: bool) -> None:
        """The CLI's CheckTty: a terminal (-t) with input attached needs stdin to be one."""
        if attach_stdin and tty and self.stdin_tty is False:
            raise self.fail("the input device is not a TTY")
