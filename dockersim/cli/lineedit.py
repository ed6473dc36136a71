"""Line editing for a live terminal session: what the container's shell does with its tty.

In real Docker the client puts the terminal in raw mode and the program in the container
(bash's readline, busybox's line editor, Python's REPL) edits the line. Here the program is
simulated, so this module edits the line the way they do: arrows, Home/End, Backspace and
Delete, Ctrl-A/E/B/F/K/U/W/L, history with Up/Down and Ctrl-P/Ctrl-N; and, as the docker
client does, it watches for the detach keys (Ctrl-P Ctrl-Q unless `--detach-keys` names
others; a Ctrl-P not followed by Ctrl-Q is the shell's previous-history). Ctrl-C and Ctrl-D
are keys, not signals, in raw mode: the session decides what they do.

While it waits for a key it calls `idle` every `TICK` seconds, so the session can show
output that arrives meanwhile (`interject`) and notice that the container was stopped from
another terminal. The terminal keeps output post-processing on (`\\n` is a new line).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import termios
from collections.abc import Callable, Iterator

import attrs

#: seconds between two `idle` calls while waiting for a key
TICK = 0.05


@attrs.frozen
class Event:
    """What reading a line ended with: "line" (with `text`), "interrupt" (Ctrl-C), "eof"
    (Ctrl-D on an empty line), "detach" (the detach keys), or "stopped" (`idle` said so)."""

    kind: str
    text: str = ""


@contextlib.contextmanager
def raw_mode(fd: int) -> Iterator[None]:
    """Keys one at a time, no echo, no signals from Ctrl-C/Ctrl-Z, no flow control (so
    Ctrl-Q reaches us); output processing stays on. The terminal is restored on exit."""
    saved = termios.tcgetattr(fd)
    mode = termios.tcgetattr(fd)
    mode[0] &= ~(termios.IXON | termios.ICRNL | termios.INLCR | termios.IGNCR)
    mode[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)
    mode[6][termios.VMIN] = 1
    mode[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, mode)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class LineEditor:
    def __init__(
        self,
        fd: int,
        write: Callable[[str], None],
        history: list[str] | None = None,
        detach_keys: str = "",
    ) -> None:
        """`detach_keys`: the key sequence that detaches (docker/live.py DETACH_KEYS,
        or `--detach-keys`); "" when nothing detaches."""
        self.fd = fd
        self.write = write
        self.history = history if history is not None else []
        self.detach_keys = detach_keys
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # keys read but not yet handled (typed ahead)
        self.prompt = ""
        self.buffer = ""
        self.cursor = 0
        self.active = False

    # --- keys ---------------------------------------------------------------------------------
    def _key(self, idle: Callable[[], bool]) -> str | None:
        """The next key (an escape sequence whole), or None when `idle` says stop."""
        while not self._pending:
            ready, _, _ = select.select([self.fd], [], [], TICK)
            if ready:
                data = os.read(self.fd, 1024)
                if not data:  # the terminal went away: as Ctrl-D
                    return "\x04"
                self._pending += self._decoder.decode(data)
            elif idle():
                return None
        if self._pending[0] == "\x1b" and len(self._pending) < 3:
            ready, _, _ = select.select([self.fd], [], [], TICK)
            if ready:
                self._pending += self._decoder.decode(os.read(self.fd, 1024))
        return self._take()

    def _take(self) -> str:
        text = self._pending
        if text.startswith("\x1b[") or text.startswith("\x1bO"):
            end = 2
            while end < len(text) and not ("@" <= text[end] <= "~"):
                end += 1
            key, self._pending = text[: end + 1], text[end + 1 :]
            return key
        if text.startswith("\x1b") and len(text) > 1:
            key, self._pending = text[:2], text[2:]
            return key
        key, self._pending = text[0], text[1:]
        return key

    def wait(self, idle: Callable[[], bool]) -> Event:
        """While a line runs in the foreground: Ctrl-C, the detach keys, or `idle` saying
        stop end the wait; other keys are kept for the next line (typed ahead)."""
        kept = ""
        try:
            while True:
                key = self._key(idle)
                if key is None:
                    return Event("stopped")
                if key == "\x03":
                    return Event("interrupt")
                if self.detach_keys and key == self.detach_keys[0] and self._detach_follows(idle):
                    return Event("detach")
                kept += key
        finally:
            self._pending = kept + self._pending

    def _detach_follows(self, idle: Callable[[], bool]) -> bool:
        """After the first detach key: the rest of the sequence follows (else the keys
        read meanwhile are handled as typed)."""
        for expected in self.detach_keys[1:]:
            key = self._key(idle)
            if key != expected:
                if key is not None:
                    self._pending = key + self._pending
                return False
        return True

    # --- the line ------------------------------------------------------------------------------
    def read_line(self, prompt: str, idle: Callable[[], bool], drawn: bool = False) -> Event:
        """Read one line after `prompt` (already on the screen when `drawn`)."""
        self.prompt, self.buffer, self.cursor = prompt, "", 0
        self.active = True
        browsing = len(self.history)
        draft = ""
        if not drawn:
            self.write(prompt)
        try:
            while True:
                key = self._key(idle)
                if key is None:
                    return Event("stopped")
                if self.detach_keys and key == self.detach_keys[0] and self._detach_follows(idle):
                    return Event("detach")
                if key in ("\r", "\n"):
                    self.write("\n")
                    line = self.buffer
                    if line.strip() and (not self.history or self.history[-1] != line):
                        self.history.append(line)
                    return Event("line", line)
                if key == "\x03":
                    return Event("interrupt")
                if key == "\x04":
                    if not self.buffer:
                        return Event("eof")
                    self._edit(self.buffer[: self.cursor] + self.buffer[self.cursor + 1 :])
                elif key in ("\x10", "\x1b[A", "\x1bOA", "\x0e", "\x1b[B", "\x1bOB"):
                    older = key in ("\x10", "\x1b[A", "\x1bOA")
                    if browsing == len(self.history):
                        draft = self.buffer
                    browsing = (
                        max(0, browsing - 1) if older else min(len(self.history), browsing + 1)
                    )
                    text = draft if browsing == len(self.history) else self.history[browsing]
                    self.buffer, self.cursor = text, len(text)
                    self._redraw()
                else:
                    self._key_edit(key)
        finally:
            self.active = False

    def read_secret(self, prompt: str, idle: Callable[[], bool], drawn: bool = False) -> Event:
        """Read one line after `prompt` with echo off (a password): nothing of it is shown,
        not even the newline, and it stays out of the history."""
        if not drawn:
            self.write(prompt)
        typed = ""
        while True:
            key = self._key(idle)
            if key is None:
                return Event("stopped")
            if key in ("\r", "\n"):
                return Event("line", typed)
            if key == "\x03":
                return Event("interrupt")
            if key == "\x04" and not typed:
                return Event("eof")
            if key in ("\x7f", "\x08"):
                typed = typed[:-1]
            elif key == "\x15":
                typed = ""
            elif len(key) == 1 and ord(key) >= 32:
                typed += key

    def _key_edit(self, key: str) -> None:
        b, c = self.buffer, self.cursor
        if key in ("\x7f", "\x08"):
            if c:
                self.buffer, self.cursor = b[: c - 1] + b[c:], c - 1
        elif key == "\x1b[3~":
            self.buffer = b[:c] + b[c + 1 :]
        elif key in ("\x01", "\x1b[H", "\x1bOH", "\x1b[1~", "\x1b[7~"):
            self.cursor = 0
        elif key in ("\x05", "\x1b[F", "\x1bOF", "\x1b[4~", "\x1b[8~"):
            self.cursor = len(b)
        elif key in ("\x02", "\x1b[D", "\x1bOD"):
            self.cursor = max(0, c - 1)
        elif key in ("\x06", "\x1b[C", "\x1bOC"):
            self.cursor = min(len(b), c + 1)
        elif key == "\x0b":
            self.buffer = b[:c]
        elif key == "\x15":
            self.buffer, self.cursor = b[c:], 0
        elif key == "\x17":  # the word before the cursor, and the blanks after it
            start = c
            while start and b[start - 1] == " ":
                start -= 1
            while start and b[start - 1] != " ":
                start -= 1
            self.buffer, self.cursor = b[:start] + b[c:], start
        elif key == "\x0c":
            self.write("\x1b[H\x1b[2J")
        elif key == "\t" or key.startswith("\x1b") or (len(key) == 1 and ord(key) < 32):
            return  # no completion; other control keys and sequences do nothing
        else:
            self.buffer, self.cursor = b[:c] + key + b[c:], c + len(key)
            if c == len(b):  # typed at the end: the terminal shows just the key
                self.write(key)
                return
        self._redraw()

    def _edit(self, text: str) -> None:
        self.buffer = text
        self.cursor = min(self.cursor, len(text))
        self._redraw()

    def _redraw(self) -> None:
        back = len(self.buffer) - self.cursor
        move = f"\x1b[{back}D" if back else ""
        self.write(f"\r{self.prompt}{self.buffer}\x1b[K{move}")

    def interject(self, text: str) -> None:
        """Output that arrives while a line is being typed: above the line, as a terminal
        shows a program writing then redrawing its prompt."""
        if not text:
            return
        if not self.active:
            self.write(text)
            return
        self.write("\r\x1b[K" + text)
        if not text.endswith("\n"):
            self.write("\n")
        self._redraw()
