"""The streaming container calls: wait, logs (with follow) and attach (hijacked).

Output is what the engine logged, as the clock reaches it: each look at the world
(`system.POLL`) sends the log entries whose time has come. Without a TTY each piece goes in
the stdcopy frame (`[stream, 0, 0, 0, size (4 bytes, big-endian)]` then the bytes; 1 is
stdout, 2 stderr; moby api/pkg/stdcopy); with one, the bytes as they are, line ends as a
terminal shows them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.api.handlers.base import POLL
from dockersim.api.http import ClientGone
from dockersim.api.routes import ApiError, Call, Reply, encode, route, version_at_least

if TYPE_CHECKING:
    from dockersim.api.sessions import AttachInput
    from dockersim.engine import Engine
    from dockersim.model.container import Container

MULTIPLEXED = "application/vnd.docker.multiplexed-stream"
RAW = "application/vnd.docker.raw-stream"
LogEntry = tuple[float, str, str]
#: how long a wait on a frozen clock lets its client hang up before it runs the container
#: to its end (seconds)
WAIT_GRACE = 0.3


def frame(stream: str, text: str) -> bytes:
    data = text.encode("utf-8", "surrogateescape")
    kind = 2 if stream == "stderr" else 1
    return bytes((kind, 0, 0, 0)) + len(data).to_bytes(4, "big") + data


def rfc3339_nano(epoch: float) -> str:
    from dockersim.docker.commands.containers import rfc3339_nano as stamp

    return stamp(epoch)


def _media(call: Call, tty: bool) -> str:
    return MULTIPLEXED if not tty and version_at_least(call, "1.42") else RAW


class Follower:
    """Reads a container's new log entries, look after look, across reloads of the world
    (a container removed meanwhile, `--rm`, keeps the entries this server saw it write)."""

    def __init__(self, container: Container, cursor: int) -> None:
        self.container_id = container.id
        self.last = container
        self.cursor = cursor
        self.initial = (container.state.started_at, container.state.finished_at)
        self.was_running = container.state.running

    def look(self, engine: Engine) -> tuple[list[LogEntry], bool]:
        """The entries whose time has come, and whether the container is done (stopped
        after the start this follower waits for, or gone)."""
        current = engine.container_by_id(self.container_id)
        gone = current is None
        if current is not None:
            self.last = current
        container = self.last
        entries: list[LogEntry] = []
        logs = container.logs
        while self.cursor < len(logs) and logs[self.cursor][0] <= engine.now:
            entries.append(logs[self.cursor])
            self.cursor += 1
        state = container.state
        moved = (state.started_at, state.finished_at) != self.initial
        stopped = not state.running or state.restarting
        done = gone or (stopped and (moved or self.was_running))
        if done:  # what it wrote before it stopped is all there will be
            while self.cursor < len(logs):
                entries.append(logs[self.cursor])
                self.cursor += 1
        return entries, done


def run_to_exit_if_frozen(call: Call, container_id: str) -> None:
    """A world whose clock is frozen moves only when a command makes it: a client that
    waits for a container's end gets it at once, as `dockersim docker run` does."""
    if not call.world.clock_frozen():
        return
    with call.world.writing() as engine:
        if engine.container_exists(container_id):
            engine.container_wait(container_id)


# --- wait ------------------------------------------------------------------------------------
@route("POST", "/containers/{name}/wait")
def wait(call: Call) -> None:
    """postContainersWait: the headers at once (the CLI starts only after them), the
    `{"StatusCode": N}` once the condition holds: `not-running` (the default), `next-exit`,
    `removed`."""
    condition = call.arg("condition") or "not-running"
    if condition not in ("not-running", "next-exit", "removed"):
        raise ApiError(400, f'invalid condition: "{condition}"')
    with call.world.reading() as engine:
        container = engine.container_get(call.params["name"])
        follower = Follower(container, len(container.logs))
        if condition == "next-exit":
            follower.was_running = False
    conn = call.conn
    conn.start_stream(200, "application/json")
    jumped = False
    seen_running: float | None = None
    while True:
        with call.world.reading() as engine:
            _, done = follower.look(engine)
            gone = engine.container_by_id(follower.container_id) is None
            frozen = call.world.clock_frozen()
        state = follower.last.state
        finished = (
            gone
            if condition == "removed"
            else done or (condition == "not-running" and not state.running)
        )
        if finished:
            break
        if frozen and state.running and not jumped:
            # `docker run -d` waits too, and hangs up once its start is done (run.go
            # waitExitOrRemoved, then cancel): jump only for a client still waiting
            seen_running = seen_running or time.monotonic()
            if time.monotonic() - seen_running >= WAIT_GRACE and not conn.peer_closed():
                jumped = True
                run_to_exit_if_frozen(call, follower.container_id)
                continue
        if call.server.stopping.is_set() or conn.peer_closed():
            return
        time.sleep(POLL)
    conn.chunk(encode({"StatusCode": follower.last.state.exit_code or 0}))
    conn.end_stream()


# --- logs ------------------------------------------------------------------------------------
def _log_bytes(
    entries: list[LogEntry], tty: bool, stamps: bool, streams: set[str], tail: int | None = None
) -> list[tuple[str, str]]:
    lines: list[tuple[float, str, str]] = []
    for when, stream, text in entries:
        if stream not in streams and not tty:
            continue
        for line in text.splitlines(keepends=True):
            lines.append((when, stream, line))
    if tail is not None:
        lines = lines[max(0, len(lines) - tail) :] if tail else []
    out = []
    for when, stream, line in lines:
        if tty and line.endswith("\n") and not line.endswith("\r\n"):
            line = line[:-1] + "\r\n"
        out.append((stream, f"{rfc3339_nano(when)} {line}" if stamps else line))
    return out


@route("GET", "/containers/{name}/logs")
def logs(call: Call) -> None:
    """getContainersLogs: since/until (unix seconds), tail, timestamps, follow."""
    from dockersim.api.handlers.base import wall_offset

    streams = {s for s in ("stdout", "stderr") if call.flag(s)}
    if not streams:
        raise ApiError(400, "must specify at least one of 'stdout' or 'stderr'")
    tail_text = call.arg("tail", "all") or "all"
    tail = int(tail_text) if tail_text.isdigit() else None
    stamps = call.flag("timestamps")
    with call.world.reading() as engine:
        container = engine.container_inspect(call.params["name"])
        offset = wall_offset(engine)
        since = float(call.arg("since") or 0) - offset if call.arg("since") else None
        until = float(call.arg("until") or 0) - offset if call.arg("until") else None
        follower = Follower(container, 0)
        follower.was_running = True
        entries, done = follower.look(engine)
        tty = container.config.tty
    conn = call.conn

    def keep(batch: list[LogEntry]) -> list[LogEntry]:
        return [
            e for e in batch
            if (since is None or e[0] > since) and (until is None or e[0] <= until)
        ]  # fmt: skip

    def send(batch: list[LogEntry], last: int | None = None) -> None:
        pieces = _log_bytes(keep(batch), tty, stamps, streams, last)
        if tty:
            conn.chunk("".join(text for _, text in pieces).encode("utf-8", "surrogateescape"))
        else:
            conn.chunk(b"".join(frame(stream, text) for stream, text in pieces))

    conn.start_stream(200, _media(call, tty))
    send(entries, tail)
    follow = call.flag("follow") and until is None
    if follow and not done:
        run_to_exit_if_frozen(call, follower.container_id)
    while follow and not done:
        if call.server.stopping.is_set() or conn.peer_closed():
            return
        time.sleep(POLL)
        with call.world.reading() as engine:
            entries, done = follower.look(engine)
        send(entries)
    conn.end_stream()


# --- attach ----------------------------------------------------------------------------------
@route("POST", "/containers/{name}/attach")
def attach(call: Call) -> Reply | None:
    """postContainersAttach: take the socket over, send what the container writes from
    now on (`logs=1`: what it wrote before, too) until it stops, then close. What the
    client types (`stdin=1`) goes to the container's next start (`sessions.py`)."""
    want_stdin = call.flag("stdin")
    streams = {s for s in ("stdout", "stderr") if call.flag(s)}
    with call.world.writing() as engine:
        container = engine.container_attach(call.params["name"])
        follower = Follower(container, 0 if call.flag("logs") else len(container.logs))
        tty = container.config.tty
    if tty and want_stdin:
        _attach_terminal(call, follower)
        return None
    conn = call.conn
    session = call.server.sessions.add(follower.container_id)
    if not want_stdin:
        session.done.set()  # attached without input: the start gives the process none
    try:
        conn.hijack(_media(call, tty), call.request.wants_upgrade)
        if want_stdin:
            reader = threading.Thread(
                target=_read_input, args=(conn.rfile.read1, session), daemon=True
            )
            reader.start()
        _pump(call, follower, tty, streams)
    finally:
        session.done.set()
        call.server.sessions.remove(session)
    return None


def _attach_terminal(call: Call, follower: Follower) -> None:
    """Attached with stdin to a TTY (`docker run -it`, `docker start -ai`, `docker attach`):
    the client types into the program as it runs (terminal.py)."""
    from dockersim.api.handlers import terminal
    from dockersim.docker.live import TerminalFollow, attach_to, detach_keys

    try:
        keys_wanted = detach_keys(call.arg("detachKeys"))
    except ValueError:  # daemon/attach.go
        raise ApiError(400, f"Invalid detach keys ({call.arg('detachKeys')}) provided") from None
    conn = call.conn
    container_id = follower.container_id
    session = call.server.sessions.add(container_id)
    session.live = True  # the start opens the program live, without waiting for input
    try:
        conn.hijack(RAW, call.request.wants_upgrade)
        keys = terminal.Keys(conn)
        try:
            since = terminal.wait_running(call, container_id, keys)
            if since is None:
                return
            follow: TerminalFollow | terminal.OutputFollow
            history: list[str] = []
            with call.world.reading() as engine:
                if container_id in engine.world.terminals:
                    opened = attach_to(engine, container_id, since, None, True, keys_wanted)
                    assert isinstance(opened, TerminalFollow)
                    follow = opened
                    history = engine.terminal_history(container_id)
                else:
                    follow = terminal.OutputFollow(follower, True, keys_wanted)
            if isinstance(follow, terminal.OutputFollow):  # a frozen clock: to its end now
                run_to_exit_if_frozen(call, container_id)
            terminal.run_session(call, follow, keys, history)
        finally:
            keys.close()
    finally:
        session.done.set()
        call.server.sessions.remove(session)


def _read_input(read: Callable[[int], bytes], session: AttachInput) -> None:
    """Collect what the client sends until it closes its side (a half-close: the output
    still goes to it)."""
    try:
        while True:
            data = read(65536)
            if not data:
                break
            session.data.extend(data)
    except (OSError, ValueError):
        pass
    session.done.set()


def _pump(call: Call, follower: Follower, tty: bool, streams: set[str]) -> None:
    conn = call.conn
    jumped = False
    while not call.server.stopping.is_set():
        with call.world.reading() as engine:
            entries, done = follower.look(engine)
        pieces = _log_bytes(entries, tty, False, streams or {"stdout", "stderr"})
        try:
            if tty:
                conn.write("".join(text for _, text in pieces).encode("utf-8", "surrogateescape"))
            else:
                conn.write(b"".join(frame(stream, text) for stream, text in pieces))
        except ClientGone:
            return
        if done:
            return
        if not jumped and follower.last.state.running:
            jumped = True
            run_to_exit_if_frozen(call, follower.container_id)
            continue
        time.sleep(POLL)
