"""A process's open file descriptors (`IO`), and the exceptions that unwind the interpreter
(`break`/`continue`, `return`, a failed redirection)."""

from __future__ import annotations

from dockersim.model.userland.io import Null, Reader, Sink, Stream


class LoopControl(Exception):
    def __init__(self, kind: str, n: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.n = n


class FuncReturn(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class RedirError(Exception):
    pass


class IO:
    """A process's open file descriptors."""

    def __init__(self, fds: dict[int, Stream]) -> None:
        self.fds = fds

    @property
    def stdin(self) -> Reader:
        s = self.fds.get(0)
        return s if isinstance(s, Reader) else Reader("")

    @property
    def out(self) -> Sink:
        s = self.fds.get(1)
        return s if isinstance(s, Sink) else Null()

    @property
    def err(self) -> Sink:
        s = self.fds.get(2)
        return s if isinstance(s, Sink) else Null()

    def with_fd(self, fd: int, stream: Stream) -> IO:
        fds = dict(self.fds)
        fds[fd] = stream
        return IO(fds)
