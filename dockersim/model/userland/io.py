"""Streams of a simulated process: the virtual clock, terminal output, pipes, files.

Streams carry text. Bytes that are not UTF-8 (what gzip and tar write, a binary file read)
travel as Python's surrogate escapes (U+DC80..U+DCFF, one for each such byte): `text_of`
reads bytes that way and `bytes_of` gives them back, so `gzip -c f > f.gz` writes the very
bytes gzip made, and the CLI prints them as the raw bytes a terminal would get."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.types import Output, OutputLimit, PipeClosed, StepLimit, WriteFailed

if TYPE_CHECKING:
    from dockersim.model.userland.caps import Heap

#: What a pipe holds before its writer is stopped (real pipes block at 64 KiB; the simulation
#: runs stages one after the other, so the buffer is larger and the writer then gets SIGPIPE).
PIPE_CAPACITY = 1 << 20


def text_of(data: bytes) -> str:
    """Bytes as stream text: UTF-8, each byte that is not as a surrogate escape."""
    return data.decode("utf-8", "surrogateescape")


def bytes_of(text: str) -> bytes:
    """Stream text as the bytes it stands for (`text_of` undone)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "replace")


class _StepHook(threading.local):
    tick: Callable[[], None] | None = None


_STEP_HOOK = _StepHook()


@contextmanager
def step_hook(tick: Callable[[], None]) -> Iterator[None]:
    """Call `tick()` at every step of every process this thread runs inside the block.

    The model never reads the wall clock; a caller that limits real time (the grader's
    deadline) passes a `tick` that does, and that raises to stop the simulation. The hook
    belongs to the thread, so graders in other threads are not affected."""
    previous = _STEP_HOOK.tick
    _STEP_HOOK.tick = tick
    try:
        yield
    finally:
        _STEP_HOOK.tick = previous


class Recorder:
    """The virtual clock, the step budget and every byte printed to the terminal.

    `step()` counts against the budget and calls this thread's `step_hook`, if any."""

    def __init__(self, start: float, max_steps: int, max_output: int) -> None:
        self.start = start
        self.now = 0.0
        self.outputs: list[Output] = []
        self.printed = 0
        self.max_output = max_output
        self.steps = 0
        self.max_steps = max_steps
        self.end = 0.0
        #: the last wait that moved the clock (a shell runs a trap once it is over)
        self.last_advance = 0.0
        #: what a trapped signal does while the shell waits for a job (`trap_window`)
        self.reactions: dict[str, dict[str, Any]] = {}
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
        if seconds > 0:
            self.last_advance = seconds
        self.now += seconds
        self.end = max(self.end, self.now)

    def trap_window(self, reactions: Mapping[str, Mapping[str, Any]], until: float) -> None:
        """A shell traps signals while it waits (`wait`) from now until `until` (epoch)."""
        for signal, how in reactions.items():
            self.reactions[signal] = {**how, "from": self.epoch(), "until": until}

    def step(self, n: int = 1) -> None:
        self.steps += n
        tick = _STEP_HOOK.tick
        if tick is not None:
            tick()
        if self.steps > self.max_steps:
            raise StepLimit()

    def epoch(self) -> float:
        """Virtual wall-clock time (epoch seconds) now."""
        return self.start + self.now

    def sorted_outputs(self) -> tuple[Output, ...]:
        if not self.outputs:
            return ()
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


class Capture(Buffer):
    """A command substitution's output, which the shell keeps in memory: past the process
    tree's memory cap the shell, not the writer, runs out (MemoryExhausted)."""

    def __init__(self, heap: Heap) -> None:
        super().__init__(capacity=heap.limit)
        self.heap = heap

    def write(self, text: str) -> None:
        self.heap.need(self.size + len(text))
        self.size += len(text)
        self.parts.append(text)


class Null(Sink):
    """/dev/null (and closed descriptors)."""

    def write(self, text: str) -> None:
        return None


class FileSink(Sink):
    """An open file: what is written is appended to it in the container's filesystem.

    Writes are gathered and appended in batches (see `flush_at`: a program writing a file
    piece by piece must not copy the whole file at every write), and at `close()`,
    which the shell calls when the command that opened the file ends. A failed append (the
    disk full, the file too large, /dev/full) raises WriteFailed in the writing program.
    `buffered=False` writes through (a descriptor kept open by `exec >file`).
    """

    FLUSH_BYTES = 64 * 1024
    FLUSH_MAX = 1024 * 1024

    def __init__(self, fs: CowFS, path: str, mtimes: dict[str, float], clock: Recorder) -> None:
        self.fs = fs
        self.path = path
        self.mtimes = mtimes
        self.clock = clock
        self.pending: list[str] = []
        self.pending_size = 0
        self.written = 0
        self.buffered = True
        self.failed: WriteFailed | None = None

    def write(self, text: str) -> None:
        if self.failed is not None:
            raise self.failed
        if not text:
            return
        self.pending.append(text)
        self.pending_size += len(text)
        self.mtimes[self.path] = self.clock.epoch()
        if not self.buffered or self.pending_size >= self.flush_at:
            self.flush()

    @property
    def flush_at(self) -> int:
        """Pending bytes that trigger an append: FLUSH_BYTES, growing with what was written
        (each append copies the file) up to FLUSH_MAX (what is pending is held in memory)."""
        return max(self.FLUSH_BYTES, min(self.written, self.FLUSH_MAX))

    def flush(self) -> None:
        """Append what is pending; raises WriteFailed (once: later writes fail again)."""
        if not self.pending:
            return
        data = bytes_of("".join(self.pending))
        self.pending.clear()
        self.pending_size = 0
        self.written += len(data)
        try:
            self.fs.write(self.path, data, append=True)
        except FsError as exc:
            if exc.errno in ("ENOSPC", "EFBIG"):
                self.failed = WriteFailed(exc.errno, str(exc))
                raise self.failed from None
            return  # the file went away (removed, a directory now): the data is lost

    def close(self) -> None:
        self.flush()


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


class HeldReader(Reader):
    """What a redirection reads (a file, a here-document): the shell holds it in memory
    until the command ends (`close_opened` gives it back)."""

    def __init__(self, heap: Heap, data: str) -> None:
        heap.need_input(len(data))
        heap.charge_input(len(data))
        super().__init__(data)
        self.heap = heap
        self.held = len(data)

    def close(self) -> None:
        self.heap.charge_input(-self.held)
        self.held = 0


Stream = Sink | Reader
