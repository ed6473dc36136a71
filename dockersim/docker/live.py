"""What a docker command keeps doing at a real terminal after it has answered: a live session.

At a terminal, `docker run -it ubuntu bash`, `exec -it`, `start -ai` and `attach` stay with
the container's program, and `logs -f`, `events`, `stats` and `wait` keep following. A
command handler says so by leaving a `Follow` on the context (`Context.follow`); the
`dockersim` command line (cli/live.py) then releases the world, and drives the follow:
`poll` as the clock moves, and for a terminal (`reads_lines`) `line`, `interrupt` and `eof`
as the learner types. Each call takes the engine as it is now (another terminal may have
changed the world meanwhile) and returns an `Update`: what to print, and whether it is over.

This module only translates, like every docker command: it asks the engine and renders what
Docker prints. It never reads a terminal or the real clock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

import attrs

from dockersim.docker.context import daemon_text
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.terminals import TerminalStep

#: Docker's default detach keys: ctrl-p, ctrl-q
DETACH_KEYS = "\x10\x11"
#: the names `--detach-keys` takes besides single characters (moby/term: ctrl-@ is 0)
_CONTROL = ["ctrl-" + c for c in "@abcdefghijklmnopqrstuvwxyz[\\]^_"]


def detach_keys(text: str) -> str:
    """`--detach-keys ctrl-x,y` as the key sequence (moby/term ToBytes); "" gives the
    default. Raises ValueError (`Unknown character: 'shift-a'`) for a key it cannot name."""
    if not text:
        return DETACH_KEYS
    keys = ""
    for key in text.split(","):
        if len(key) == 1:
            keys += key
        elif key in _CONTROL:
            keys += chr(_CONTROL.index(key))
        elif key == "DEL":
            keys += "\x7f"
        else:
            raise ValueError(f"Unknown character: '{key}'")
    return keys


#: what `docker attach` and `docker exec -it` end with when the learner detaches (Ctrl-P
#: Ctrl-Q): the escape proxy's error, printed by the CLI (exit 1); `run` and `start` say nothing
ESCAPE_ERROR = "read escape sequence"


#: how far back (virtual seconds) a follower looks again for entries it has not shown: another
#: process stamps what it does when it runs but saves it a moment later, and the follower's
#: clock may have passed that stamp meanwhile
LAG = 30.0


#: a time-stamped entry: (time, ...) - a log line, an event's key, a piece of output
Entry = TypeVar("Entry", bound=tuple[Any, ...])


@attrs.define
class Fresh(Generic[Entry]):
    """Time-stamped entries (log lines, events, output pieces) a follower has not shown yet.

    An entry is new when its time is after what was shown, or when it is within `LAG` of
    it and was not there before (counted, so two equal entries are two)."""

    since: float
    recent: dict[Entry, int] = attrs.Factory(dict)

    def take(self, entries: Iterable[Entry], now: float) -> list[Entry]:
        window = self.since - LAG
        seen: dict[Entry, int] = {}
        new: list[Entry] = []
        for entry in entries:
            when = float(entry[0])
            if when <= window or when > now:
                continue
            seen[entry] = seen.get(entry, 0) + 1
            if when > self.since or seen[entry] > self.recent.get(entry, 0):
                new.append(entry)
        floor = now - LAG
        self.recent = {k: n for k, n in seen.items() if float(k[0]) > floor}
        self.since = max(self.since, now)
        return new

    def shown(self, entries: Iterable[Entry]) -> None:
        """The entries there already, from before `since`: shown before (or before this
        client came), never again; those at `since` itself are still to show."""
        since = self.since
        self.take([e for e in entries if float(e[0]) < since], since)
        self.since = since


@attrs.frozen
class Update:
    """What one step of a live session shows, and whether the session is over (`done`, with
    the command's exit status)."""

    out: str = ""
    err: str = ""
    done: bool = False
    exit_code: int = 0


class Follow(Protocol):
    #: the simulated host the command ran on (None: the first)
    host: str | None
    #: it reads lines from the terminal (`prompt`, `line`, `eof` apply)
    reads_lines: bool
    #: Ctrl-P Ctrl-Q detaches (a container's input with a terminal)
    detachable: bool
    #: what the CLI prints when the learner detaches (None: nothing, exit 0)
    detach_message: str | None
    #: the keys that detach
    keys: str

    def poll(self, engine: Engine) -> Update:
        """What appeared since the last poll, up to the engine's `now`."""
        ...

    def interrupt(self, engine: Engine) -> Update:
        """Ctrl-C."""
        ...


@runtime_checkable
class Detachable(Protocol):
    """A follow the detach keys can end: the daemon logs that its client left."""

    def detached(self, engine: Engine) -> None: ...


@attrs.define
class TerminalFollow:
    """A live terminal on a line-reading program (engine/terminals.py)."""

    terminal: str
    container: str
    host: str | None
    #: output up to this virtual time has been shown
    since: float
    #: the container's main process (its exit is the command's status) or an exec
    main: bool = True
    detachable: bool = True
    detach_message: str | None = None
    reads_lines: bool = True
    #: the keys that detach (`--detach-keys`)
    keys: str = DETACH_KEYS
    #: what this client's own lines printed, not yet due: (time, stream, text)
    pending: list[tuple[float, str, str]] = attrs.Factory(list)
    #: the program's exit status, once it ended by itself (`exit`, Ctrl-D)
    ended_with: int | None = None
    #: why the terminal's program cannot be opened (its saved state is damaged)
    broken: str = ""
    #: what others typed here printed, shown as it comes (another `attach`)
    others: Fresh[tuple[float, str, str]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.others = Fresh(self.since)

    def prompt(self, engine: Engine) -> str | None:
        """The program's prompt when it is waiting for a line (None: it is busy)."""
        from dockersim.engine.terminals import TerminalEnded

        if any(when > engine.now for when, _, _ in self.pending):
            return None
        if self.terminal not in engine.world.terminals:
            return None
        try:
            return engine.terminal_prompt(self.terminal)
        except TerminalEnded as exc:  # a saved state that cannot be read back
            self.broken = str(exc)
            return None

    def due(self, engine: Engine) -> float | None:
        """When what this client waits for is over: its line's output and the line itself
        (a frozen clock is moved there at once)."""
        times = [when for when, _, _ in self.pending]
        busy_until = engine.terminal_busy_until(self.terminal)
        if busy_until is not None:
            times.append(busy_until)
        return max(times, default=None)

    def poll(self, engine: Engine) -> Update:
        if self.broken:
            return Update(err=f"dockersim: {self.broken}\n", done=True, exit_code=1)
        now = engine.now
        due = [piece for piece in self.pending if piece[0] <= now]
        self.pending = [piece for piece in self.pending if piece[0] > now]
        # what others typed here printed (another `attach` to the same terminal)
        due += self.others.take(engine.terminal_output(self.terminal), now)
        due.sort(key=lambda piece: piece[0])
        out = "".join(text for _, stream, text in due if stream == "stdout")
        err = "".join(text for _, stream, text in due if stream == "stderr")
        if self.pending or self.terminal in engine.world.terminals:
            return Update(out, err)
        return attrs.evolve(self._ended(engine), out=out, err=err)

    def line(self, engine: Engine, text: str) -> Update:
        return self._step(engine, lambda: engine.terminal_input(self.terminal, text))

    def detached(self, engine: Engine) -> None:
        """The terminal's ID is its exec's (engine/terminals.py `terminal_exec`)."""
        engine.client_detached(self.container, "" if self.main else self.terminal)

    def interrupt(self, engine: Engine) -> Update:
        self.pending = [piece for piece in self.pending if piece[0] <= engine.now]
        return self._step(engine, lambda: engine.terminal_interrupt(self.terminal))

    def eof(self, engine: Engine) -> Update:
        return self._step(engine, lambda: engine.terminal_eof(self.terminal))

    def _step(self, engine: Engine, act: Callable[[], TerminalStep]) -> Update:
        from dockersim.engine.terminals import TerminalEnded

        try:
            step = act()
        except TerminalEnded:
            return self._ended(engine)
        pieces = [(step.start + o.at, o.stream, o.text) for o in step.outputs]
        self.pending.extend(pieces)
        # the terminal keeps them too: they are this client's, not another's
        self.others.take(
            engine.terminal_output(self.terminal), max([engine.now, *(p[0] for p in pieces)])
        )
        if step.ended:
            self.ended_with = step.exit_code
        return self.poll(engine)

    def _ended(self, engine: Engine) -> Update:
        """The terminal is gone: the command ends with its program's status."""
        container = engine.world.containers.get(self.container)
        if self.main:
            if container is not None and container.state.running:
                if container.exit_at is None:  # it runs on without a terminal (restarted)
                    return Update(done=True, exit_code=0)
                return Update()  # its exit is due later: keep following
            code = container.state.exit_code if container is not None else self.ended_with
            return Update(done=True, exit_code=code or 0)
        if self.ended_with is not None:
            return Update(done=True, exit_code=self.ended_with)
        return Update(done=True, exit_code=137)  # the container stopped under it


@attrs.define
class AttachFollow:
    """Attached to a container whose program does not read lines (`run -it nginx`,
    `attach` to a server): its output as it comes, its exit status at the end."""

    container: str
    host: str | None
    since: float
    tty: bool
    detachable: bool = False
    detach_message: str | None = None
    reads_lines: bool = False
    keys: str = DETACH_KEYS
    fresh: Fresh[tuple[float, str, str]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.fresh = Fresh(self.since)

    def poll(self, engine: Engine) -> Update:
        engine.settle()
        container = engine.world.containers.get(self.container)
        if container is None:
            return Update(done=True)
        out: list[str] = []
        err: list[str] = []
        for _, stream, text in self.fresh.take(container.logs, engine.now):
            (err if stream == "stderr" and not self.tty else out).append(str(text))
        state = container.state
        if state.running or state.restarting:
            return Update("".join(out), "".join(err))
        return Update("".join(out), "".join(err), True, state.exit_code or 0)

    def interrupt(self, engine: Engine) -> Update:
        """Ctrl-C reaches the container's process (through its terminal, or the CLI's
        signal proxy) as SIGINT."""
        with contextlib.suppress(DockerError):
            engine.container_kill(self.container, "SIGINT")
        return self.poll(engine)

    def detached(self, engine: Engine) -> None:
        engine.client_detached(self.container)


@attrs.define
class LogsFollow:
    """`docker logs -f`: new lines as the container writes them, until it stops."""

    container: str
    host: str | None
    since: float
    #: the log entries' text as `docker logs` prints it: (stdout, stderr)
    render: Callable[[list[tuple[float, str, str]]], tuple[str, str]]
    detachable: bool = False
    detach_message: str | None = None
    reads_lines: bool = False
    keys: str = DETACH_KEYS
    fresh: Fresh[tuple[float, str, str]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.fresh = Fresh(self.since)

    def poll(self, engine: Engine) -> Update:
        engine.settle()
        container = engine.world.containers.get(self.container)
        entries = self.fresh.take(container.logs if container else [], engine.now)
        out, err = self.render(entries)
        if container is None or not (container.state.running or container.state.restarting):
            return Update(out, err, True, 0)
        return Update(out, err)

    def interrupt(self, engine: Engine) -> Update:
        return Update(done=True, exit_code=130)


@attrs.define
class StreamFollow:
    """`docker events`, `docker stats`, `docker wait`: a renderer called as the clock moves;
    it says when it is over."""

    host: str | None
    since: float
    #: what appeared from `since` to `until` (the engine's now), and whether it is over
    render: Callable[[Engine, float, float], Update]
    detachable: bool = False
    detach_message: str | None = None
    reads_lines: bool = False
    keys: str = DETACH_KEYS

    def poll(self, engine: Engine) -> Update:
        engine.settle()
        now = engine.now
        update = self.render(engine, self.since, now)
        self.since = now
        return update

    def interrupt(self, engine: Engine) -> Update:
        return Update(done=True, exit_code=130)


def host_of(engine: Engine) -> str | None:
    """The simulated host a command ran on, as `Engine.node` takes it (None: the first)."""
    return None if engine is engine.primary else engine.world.node_name


def attach_to(
    engine: Engine,
    container_id: str,
    since: float,
    detach_message: str | None,
    stdin: bool = True,
    keys: str = DETACH_KEYS,
) -> TerminalFollow | AttachFollow:
    """Follow a running container from `since` on: its live terminal when its main process
    reads lines (and the client attaches its input), else its output. What it printed
    before `since` is not shown (an attach shows what comes, not what was)."""
    container = engine.container_get(container_id)
    host = host_of(engine)
    tty = container.config.tty
    detachable = tty and stdin and container.config.open_stdin
    if stdin and container_id in engine.world.terminals:
        follow = TerminalFollow(
            container_id,
            container_id,
            host,
            since,
            detachable=detachable,
            detach_message=detach_message,
            keys=keys,
        )
        follow.others.shown(engine.terminal_output(container_id))
        return follow
    attached = AttachFollow(
        container_id,
        host,
        since,
        tty,
        detachable=detachable,
        detach_message=detach_message,
        keys=keys,
    )
    attached.fresh.shown(container.logs)  # what it wrote before `since` is not shown again
    return attached


def keys_for(ctx_fail: Callable[[str], Exception], text: str) -> str:
    """`--detach-keys` for a live session; a key it cannot name is the daemon's error, as
    the attach that would use it answers (moby daemon/attach.go)."""
    try:
        return detach_keys(text)
    except ValueError:
        raise ctx_fail(daemon_text(f"Invalid detach keys ({text}) provided")) from None
