"""An interactive terminal over a hijacked connection: `docker run -it`, `docker attach`
and `docker exec -it` (stdin to a TTY).

The docker CLI puts the local terminal in raw mode and copies every key, as typed, into the
hijacked socket; what comes back is the raw stream of the container's pseudo-terminal (no
stdcopy frames with a TTY), the echo of the keys included. In Docker the program in the
container edits the line (busybox's line editor, bash's readline) and the pty's line
discipline turns each `\\n` it writes into `\\r\\n` (ONLCR). Here the program is simulated,
so the server edits the line as the dockersim command line does at a real terminal
(cli/lineedit.py), and drives the same live session (docker/live.py: `TerminalFollow`,
`AttachFollow`).

With a TTY, the end of the client's input does not end the program's: moby closes the
attach (container/stream/attach.go closes stdin only without a TTY), so the container goes
on and the session ends. Ctrl-D is a key (0x04) like any other.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from dockersim.api.handlers.base import POLL
from dockersim.api.http import ClientGone
from dockersim.cli.lineedit import TICK, LineEditor

if TYPE_CHECKING:
    from dockersim.api.http import Connection
    from dockersim.api.routes import Call
    from dockersim.cli.lineedit import Event
    from dockersim.docker.live import TerminalFollow, Update
    from dockersim.engine import Engine
    from dockersim.model.container import Container


class Keys:
    """What the client types, from the socket into a pipe the line editor reads (bytes
    read ahead with the request stay in the connection's buffer: a thread drains it)."""

    def __init__(self, conn: Connection) -> None:
        self.read_fd, self._write_fd = os.pipe()
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self._copy, args=(conn,), daemon=True)
        self._thread.start()

    def _copy(self, conn: Connection) -> None:
        try:
            while data := conn.rfile.read1(65536):
                os.write(self._write_fd, data)
        except (OSError, ValueError):
            pass
        self.closed.set()
        with contextlib.suppress(OSError):
            os.close(self._write_fd)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.read_fd)


class SocketEditor(LineEditor):
    """The line editor on the client's keys; the end of its input stops it (`closed`)
    instead of counting as Ctrl-D."""

    def __init__(self, keys: Keys, write: Callable[[str], None], history: list[str], detach: str):
        super().__init__(keys.read_fd, write, history, detach_keys=detach)
        self.keys = keys
        self.closed = False

    def _key(self, idle: Callable[[], bool]) -> str | None:
        """The next key, as the base class reads it, but None at the end of the input."""
        while not self._pending:
            if self.closed:
                return None
            ready, _, _ = select.select([self.fd], [], [], TICK)
            if ready:
                data = os.read(self.fd, 1024)
                if not data:
                    self.closed = True
                    return None
                self._pending += self._decoder.decode(data)
            elif idle():
                return None
        if self._pending[0] == "\x1b" and len(self._pending) < 3:
            ready, _, _ = select.select([self.fd], [], [], TICK)
            if ready:
                self._pending += self._decoder.decode(os.read(self.fd, 1024))
        return self._take()


def pty_writer(conn: Connection) -> Callable[[str], None]:
    """Text to the client as the container's pty sends it (ONLCR: `\\n` is `\\r\\n`)."""

    def write(text: str) -> None:
        if text:
            conn.write(text.replace("\n", "\r\n").encode("utf-8", "surrogateescape"))

    return write


def run_session(
    call: Call,
    follow: TerminalFollow | OutputFollow,
    keys: Keys,
    history: list[str],
) -> int | None:
    """Drive a live session over the connection until the program ends (its status), the
    client hangs up or detaches, or the server stops (None)."""
    from dockersim.docker.live import TerminalFollow

    world = call.world
    write = pty_writer(call.conn)
    editor = SocketEditor(keys, write, history, follow.keys if follow.detachable else "")
    ended: list[Update] = []

    def prompt() -> str | None:
        if not isinstance(follow, TerminalFollow):
            return None
        with world.reading() as engine:
            return follow.prompt(engine)

    def look() -> Update:
        with world.reading() as engine:
            update = follow.poll(engine)
        text = update.out + update.err
        if text:
            editor.interject(text) if editor.active else write(text)
        return update

    def idle_until(prompt_wanted: bool) -> Callable[[], bool]:
        def idle() -> bool:
            if call.server.stopping.is_set():
                return True
            update = look()
            if update.done:
                ended.append(update)
                return True
            return (prompt() is None) if prompt_wanted else (prompt() is not None)

        return idle

    drawn: str | None = None
    try:
        while True:
            update = look()
            if update.done:
                return update.exit_code
            shown = prompt()
            event: Event
            if shown is None:
                _finish_frozen(call, follow)
                event = editor.wait(idle_until(prompt_wanted=False))
            else:
                event = editor.read_line(shown, idle_until(True), drawn=shown == drawn)
            drawn = None
            if event.kind == "stopped":
                if ended:
                    return ended[0].exit_code
                if editor.closed or call.server.stopping.is_set():
                    return None
                continue
            if event.kind == "detach":
                with world.writing() as engine:
                    follow.detached(engine)
                return None
            with world.writing() as engine:
                result = _act(follow, engine, event)
                write(result.out + result.err)
                drawn = None if result.done else _prompt_of(follow, engine)
                if drawn is not None:
                    write(drawn)
            if result.done:
                return result.exit_code
    except ClientGone:
        return None


def _prompt_of(follow: TerminalFollow | OutputFollow, engine: Engine) -> str | None:
    from dockersim.docker.live import TerminalFollow

    if not isinstance(follow, TerminalFollow):
        return None
    return follow.prompt(engine)


def _act(follow: TerminalFollow | OutputFollow, engine: Engine, event: Event) -> Update:
    from dockersim.docker.live import TerminalFollow

    if event.kind == "interrupt":
        return follow.interrupt(engine)
    assert isinstance(follow, TerminalFollow)
    if event.kind == "eof":
        return follow.eof(engine)
    return follow.line(engine, event.text)


def _finish_frozen(call: Call, follow: TerminalFollow | OutputFollow) -> None:
    """On a frozen clock the line running in the foreground ends at once (as cli/live.py)."""
    from dockersim.docker.live import TerminalFollow

    if not isinstance(follow, TerminalFollow) or not call.world.clock_frozen():
        return
    with call.world.writing() as engine:
        target = follow.due(engine)
        if target is not None and target > engine.now:
            engine.advance(target - engine.now)


def wait_running(call: Call, container_id: str, keys: Keys) -> float | None:
    """Wait for the start an attach precedes (`docker run -it`: attach, then start on
    another connection); the world's time the attach began at, None if the client hangs
    up first (a container that ran and went meanwhile: its output is still shown)."""
    since: float | None = None
    while not call.server.stopping.is_set():
        with call.world.reading() as engine:
            container = engine.container_by_id(container_id)
            since = engine.now if since is None else since
            if container is None:
                return since
            state = container.state
            if state.running and not state.restarting:
                return since
            if state.finished_at and state.finished_at >= since:
                return since
        if keys.closed.is_set():
            return None
        time.sleep(POLL)
    return None


class Looking(Protocol):
    """What OutputFollow reads a container's output through (streams.Follower)."""

    container_id: str
    last: Container

    def look(self, engine: Engine) -> tuple[list[tuple[float, str, str]], bool]: ...


class OutputFollow:
    """Attached to a program that reads no lines (`docker run -it alpine echo hi`,
    `-it nginx`): what it writes as it comes, its status at the end; Ctrl-C is SIGINT.
    Unlike `AttachFollow`, it still shows what a container removed at its end (`--rm`)
    wrote last (streams.Follower keeps the container it saw)."""

    reads_lines = False

    def __init__(self, follower: Looking, detachable: bool, keys: str) -> None:
        self.follower = follower
        self.detachable = detachable
        self.keys = keys

    def poll(self, engine: Engine) -> Update:
        from dockersim.docker.live import Update

        entries, done = self.follower.look(engine)
        text = "".join(piece for _, _, piece in entries)
        if done:
            return Update(text, "", True, self.follower.last.state.exit_code or 0)
        return Update(text)

    def interrupt(self, engine: Engine) -> Update:
        from dockersim.errors import DockerError

        with contextlib.suppress(DockerError):
            engine.container_kill(self.follower.container_id, "SIGINT")
        return self.poll(engine)

    def detached(self, engine: Engine) -> None:
        engine.client_detached(self.follower.container_id)
