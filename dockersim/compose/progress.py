"""Compose's progress writers (docker/compose v2.37.1 pkg/progress): plain and terminal.

Every operation reports events: an ID (`Container app-web-1`), a Text and a StatusText, and
a status: working, done, warning or error (pkg/progress/event.go). In a pipe the plain
writer (plain.go) prints each event as it comes, `fmt.Fprintln("", ID, Text, StatusText)`.
On a terminal the tty writer (tty.go) redraws a block every 100 ms: `[+] TITLE DONE/TOTAL`,
then one line per ID with its latest status, a mark (`✔` done, `!` warning, `✘` error, a
spinner while working), the status padded to a column, and the elapsed time at the right
edge. dockersim prints only the block's final frame, the one left on the screen when the
command ends, without the cursor movements that redraw it (docs/compose.md).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

WORKING, DONE, WARNING, ERROR = "working", "done", "warning", "error"
#: the status texts Compose reports as still working (event.go CreatingEvent, ...;
#: pull.go toPullProgressEvent for the layer phases); any other is done unless given
_WORKING = frozenset({
    "Creating", "Starting", "Waiting", "Restarting", "Stopping", "Killing", "Removing",
    "Building", "Pulling", "Recreate", "Restart", "Pulling fs layer", "Downloading",
    "Extracting", "Verifying Checksum",
})  # fmt: skip
_WARNING = frozenset({"Resource is still in use"})
_ERROR = frozenset({"Error", "Error while Killing"})
#: (# est.) the terminal's size: goterm asks the terminal; dockersim assumes 80x24, the
#: size the build display (build/transcript.py) also assumes
WIDTH, HEIGHT = 80, 24
_MARKS = {DONE: "✔", WARNING: "!", ERROR: "✘"}
#: the first spinner frame (# est.: the frame a still-working line shows depends on time)
_SPIN = "⠋"
#: aec colours (pkg/progress/colors.go)
_SUCCESS, _WARN, _ERR, _BLUE, _YELLOW = "\x1b[32m", "\x1b[33m\x1b[1m", "\x1b[31m\x1b[1m", \
    "\x1b[34m", "\x1b[33m"  # fmt: skip
_RESET = "\x1b[0m"


@attrs.define
class _Record:
    ident: str
    text: str
    status_text: str
    kind: str
    parent: str
    start: float
    end: float | None = None


class Events:
    """The events of one command: the plain writer's lines as they come (`lines`) and each
    ID's latest state for the terminal's final frame (`frame`)."""

    def __init__(self, clock: Callable[[], float] = lambda: 0.0, title: str = "Running") -> None:
        self.lines: list[str] = []
        self.title = title
        self.clock = clock
        self.records: dict[str, _Record] = {}
        #: text that is not an event (Compose's logrus warnings), printed before the frame
        self.notes: list[str] = []
        #: how `_flush` shows them: "plain", "tty" or "quiet"
        self.display = "plain"
        self.color = False
        #: how a warning is written (common.py warning_text: logrus's text form)
        self.warning: Callable[[str], str] = lambda message: f"WARN {message}\n"

    def __call__(
        self, ident: str, status: str, text: str = "", kind: str = "", parent: str = ""
    ) -> None:
        self.lines.append(f" {ident} {text} {status}\n")
        kind = kind or _kind(status or text)
        now = self.clock()
        last = self.records.get(ident)
        if last is None:
            self.records[ident] = _Record(
                ident, text, status, kind, parent, now, None if kind == WORKING else now
            )
            return
        # tty.go event: a change to a finished state stops the timer; progress goes on
        if kind != WORKING and last.kind != kind:
            last.end = now
        last.kind, last.text, last.status_text = kind, text, status
        if not last.parent or not parent:
            last.parent = parent

    def note(self, text: str) -> None:
        """Text written beside the events (a warning), in order for a pipe."""
        self.lines.append(text)
        self.notes.append(text)

    def warn(self, message: str) -> None:
        """A warning Compose logs while it works (logrus.Warnf)."""
        self.note(self.warning(message))

    def clear(self) -> None:
        self.lines.clear()
        self.records.clear()
        self.notes.clear()

    def frame(self, color: bool, width: int = WIDTH, height: int = HEIGHT) -> str:
        """tty.go print: the block as its last redraw leaves it."""
        if not self.records:
            return ""
        paint = _painter(color)
        records = list(self.records.values())
        done = sum(1 for r in records if r.kind != WORKING)
        padding = 0
        for r in records:
            padding = max(padding, _width(f"{r.ident} {r.text}"))
            if r.parent:
                padding -= 2
        skip_children = len(records) > height - 2
        lines: list[str] = []
        for r in records:
            if r.parent:
                continue
            lines.append(self._line(r, "", width, padding, paint))
            if skip_children:
                continue
            for child in records:
                if child.parent == r.ident:
                    lines.append(self._line(child, "  ", width, padding, paint))
        head = f"[+] {self.title} {done}/{len(records)}"
        # (# est.) blue when everything is done: the real writer compares with the number
        # of lines its previous redraw printed, assumed the same
        if lines and done == len(lines):
            head = paint(_BLUE, head)
        return head + "\n" + "".join(lines)

    def _line(
        self, r: _Record, pad: str, width: int, padding: int, paint: Callable[[str, str], str]
    ) -> str:
        end = self.clock() if r.kind == WORKING else r.end if r.end is not None else r.start
        txt = f"{r.ident} {r.text}"
        status = r.status_text
        most = width - _width(txt) - padding - 15
        if most > 0 and _width(status) > most:
            status = status.encode()[:most].decode(errors="ignore") + "..."
        mark = (
            paint(_YELLOW, _SPIN) if r.kind == WORKING else paint(_colour(r.kind), _MARKS[r.kind])
        )
        if r.kind != WORKING:
            status = paint(_colour(r.kind), status)
        left = f"{pad} {mark} {txt}{' ' * max(0, padding - _width(txt))} {status}"
        timer = f"{end - r.start:.1f}s "
        gap = width - _visible(left) - len(timer)
        return left + " " * max(0, gap) + paint(_BLUE, timer) + "\n"


def _kind(status: str) -> str:
    if status in _WORKING:
        return WORKING
    if status in _ERROR:
        return ERROR
    if status in _WARNING or status.startswith("Skipped: "):
        return WARNING
    return DONE


def _colour(kind: str) -> str:
    return {DONE: _SUCCESS, WARNING: _WARN, ERROR: _ERR}[kind]


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    return paint


def _width(text: str) -> int:
    """Go's len: bytes."""
    return len(text.encode())


def _visible(text: str) -> int:
    """tty.go lenAnsi: characters outside escape sequences."""
    length, escape = 0, False
    for char in text:
        if char == "\x1b":
            escape = True
        elif escape and char == "m":
            escape = False
        elif not escape:
            length += 1
    return length
