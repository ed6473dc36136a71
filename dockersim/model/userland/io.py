"""Streams of a simulated process: the virtual clock, terminal output, pipes, files."""

from __future__ import annotations

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.types import Output, OutputLimit, PipeClosed, StepLimit

#: What a pipe holds before its writer is stopped (real pipes block at 64 KiB; the simulation
#: runs stages one after the other, so the buffer is larger and the writer then gets SIGPIPE).
PIPE_CAPACITY = 1 << 20


class Recorder:
    """The virtual clock, the step budget and every byte printed to the terminal."""

    def __init__(self, start: float, max_steps: int, max_output: int) -> None:
        self.start = start
        self.now = 0.0
        self.outputs: list[Output] = []
        self.printed = 0
        self.max_output = max_output
        self.steps = 0
        self.max_steps = max_steps
        self.end = 0.0
        #: the program running now (named in the timeline when output overflows)
        self.program = ""
        self.overflow_by = ""

    def emit(self, stream: str, text: str) -> None:
        if not text:
            return
        self.printed += len(text)
        if self.printed > self.max_output:
            room = len(text) - (self.printed - self.max_output)
            if room > 0:
                self._add(stream, text[:room])
            self.overflow_by = self.overflow_by or self.program
            raise OutputLimit()
        self._add(stream, text)

    def _add(self, stream: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.stream == stream and last.at == self.now:
            self.outputs[-1] = Output(stream, last.text + text, self.now)
        else:
            self.outputs.append(Output(stream, text, self.now))

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.end = max(self.end, self.now)

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.max_steps:
            raise StepLimit()

    def epoch(self) -> float:
        """Virtual wall-clock time (epoch seconds) now."""
        return self.start + self.now

    def sorted_outputs(self) -> tuple[Output, ...]:
        merged: list[Output] = []
        for out in sorted(self.outputs, key=lambda o: o.at):
            last = merged[-1] if merged else None
            if last is not None and last.stream == out.stream and last.at == out.at:
                merged[-1] = Output(out.stream, last.text + out.text, out.at)
            else:
                merged.append(out)
        return tuple(merged)


class Sink:
    """Where a process writes (one file descriptor)."""

    is_tty = False

    def write(self, text: str) -> None:
        raise NotImplementedError


class Terminal(Sink):
    """The container's stdout or stderr as the engine records it."""

    def __init__(self, recorder: Recorder, stream: str, tty: bool = False) -> None:
        self.recorder = recorder
        self.stream = stream
        self.is_tty = tty

    def write(self, text: str) -> None:
        self.recorder.emit(self.stream, text)


class Buffer(Sink):
    """A pipe or a command substitution: text collected for the next reader."""

    def __init__(self, capacity: int = PIPE_CAPACITY) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.capacity = capacity

    def write(self, text: str) -> None:
        self.size += len(text)
        if self.size > self.capacity:
            room = len(text) - (self.size - self.capacity)
            if room > 0:
                self.parts.append(text[:room])
            raise PipeClosed()
        self.parts.append(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Null(Sink):
    """/dev/null (and closed descriptors)."""

    def write(self, text: str) -> None:
        return None


class FileSink(Sink):
    """An open file: every write appends to it in the container's filesystem."""

    def __init__(self, fs: CowFS, path: str, mtimes: dict[str, float], clock: Recorder) -> None:
        self.fs = fs
        self.path = path
        self.mtimes = mtimes
        self.clock = clock

    def write(self, text: str) -> None:
        try:
            self.fs.write(self.path, text.encode(), append=True)
        except FsError:
            return
        self.mtimes[self.path] = self.clock.epoch()


class Reader:
    """A readable descriptor: the rest of a pipe, a file or the container's stdin."""

    def __init__(self, data: str = "") -> None:
        self.data = data
        self.pos = 0

    def read_all(self) -> str:
        text = self.data[self.pos :]
        self.pos = len(self.data)
        return text

    def read_line(self) -> str | None:
        """One line with its newline (the last may lack it), or None at end of input."""
        if self.pos >= len(self.data):
            return None
        end = self.data.find("\n", self.pos)
        end = len(self.data) if end < 0 else end + 1
        line = self.data[self.pos : end]
        self.pos = end
        return line


Stream = Sink | Reader
