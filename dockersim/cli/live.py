"""A live session at a real terminal: `dockersim docker run -it ubuntu bash` and friends.

The docker command has answered and the world is saved; what it left to follow
(`Result.follow`, dockersim/docker/live.py) runs here, with no lock held between two steps,
so other terminals work meanwhile (`docker ps` shows the container Up, `docker exec` into it,
`docker stop` ends the session as Docker's would). Each step that changes the world (a line
typed, Ctrl-C, Ctrl-D) takes the lock, reads the world again if another process saved it
since, acts, saves, and lets go. Between steps the session only watches: it reads the world
again when the file changes, and lets the clock follow the real time (cli/clock.py), so a
line's output appears when the clock reaches it.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dockersim.cli import clock
from dockersim.cli.lineedit import Event, LineEditor, raw_mode
from dockersim.docker.confirm_prompt import ConfirmFollow
from dockersim.docker.live import Detachable, TerminalFollow, Update
from dockersim.docker.login_prompt import LoginFollow

if TYPE_CHECKING:
    from dockersim.docker.live import Follow
    from dockersim.engine import Engine

#: seconds between two looks at the world when nothing is typed (no terminal to wait on)
POLL = 0.05


class SavedWorld:
    """The world a live session works on: the engine in memory, read again whenever the
    file on disk is not the one this process last read or wrote."""

    def __init__(self, path: Path, engine: Engine, text: str) -> None:
        self.path = path
        self.engine = engine
        self.text = text
        self.identity = self._identity()

    def _identity(self) -> tuple[int, int, int] | None:
        from dockersim import store

        return store.identity(self.path)

    def _reload_if_changed(self) -> None:
        from dockersim import store
        from dockersim.cli.realmachine import RealMachine

        identity = self._identity()
        if identity == self.identity:
            return
        self.engine, self.text = store.load(self.path)
        self.engine.machine = RealMachine()
        self.identity = identity

    def fresh(self) -> Engine:
        """The world as it is now: another process's save read, the clock caught up."""
        self._reload_if_changed()  # a save replaces the file whole: no lock needed to read
        clock.catch_up(self.engine)
        clock.stamp(self.engine)
        return self.engine

    @contextlib.contextmanager
    def writing(self) -> Iterator[Engine]:
        """The world under the lock, saved after the block (the block shows the learner
        what happened first: the save, the slow part in a large world, follows)."""
        from dockersim import store

        with store.locked(self.path.parent) as path:
            self._reload_if_changed()
            clock.catch_up(self.engine)
            yield self.engine
            clock.stamp(self.engine)
            self.text = store.save(path, self.engine, self.text)
            self.identity = self._identity()


class MemoryWorld:
    """The world of `dockersim shell`: in memory only, saved (or not) when the shell ends."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fresh(self) -> Engine:
        clock.catch_up(self.engine)
        clock.stamp(self.engine)
        return self.engine

    @contextlib.contextmanager
    def writing(self) -> Iterator[Engine]:
        clock.catch_up(self.engine)
        yield self.engine
        clock.stamp(self.engine)


#: what a live session works on: the saved world, or the shell's in memory
LiveWorld = SavedWorld | MemoryWorld


def _writer(stream: TextIO) -> Callable[[str], None]:
    def write(text: str) -> None:
        stream.write(text)
        stream.flush()

    return write


def _node(engine: Engine, host: str | None) -> Engine:
    return engine.node(host) if host else engine


def run_live(follow: Follow, world: LiveWorld) -> int:
    """Drive `follow` until it is over, the learner detaches, or Ctrl-C ends a follower;
    returns the docker command's exit status."""
    from dockersim.errors import StateError

    out, err = sys.stdout, sys.stderr

    def show(update: Update) -> None:
        if update.out:
            out.write(update.out)
            out.flush()
        if update.err:
            err.write(update.err)
            err.flush()

    try:
        if (follow.reads_lines or follow.detachable) and sys.stdin.isatty():
            fd = sys.stdin.fileno()
            history = (
                _node(world.engine, follow.host).terminal_history(follow.terminal)
                if isinstance(follow, TerminalFollow)
                else []
            )
            keys = follow.keys if follow.detachable else ""
            editor = LineEditor(fd, _writer(out), history, detach_keys=keys)
            with raw_mode(fd):
                return _session(follow, world, editor, show)
        return _follow(follow, world, show)
    except StateError as exc:
        err.write(f"{exc}\n")
        return 1


def _session(follow: Follow, world: LiveWorld, editor: LineEditor, show: object) -> int:
    """A terminal: lines typed, Ctrl-C, Ctrl-D and the detach keys."""
    assert callable(show)
    ended: list[Update] = []

    def look() -> Update:
        update = follow.poll(_node(world.fresh(), follow.host))
        if update.out or update.err:
            if editor.active:
                editor.interject(update.out + update.err)
            else:
                show(Update(update.out, update.err))
        return update

    def waiting_for(prompt_wanted: bool) -> object:
        def idle() -> bool:
            update = look()
            if update.done:
                ended.append(update)
                return True
            return (
                _prompt(follow, world) is not None
                if not prompt_wanted
                else (_prompt(follow, world) is None)
            )

        return idle

    drawn: str | None = None  # a prompt already on the screen
    while True:
        update = look()
        if update.done:
            return update.exit_code
        prompt = _prompt(follow, world)
        if prompt is None:
            _finish_frozen(follow, world)
            idle = waiting_for(prompt_wanted=False)
            assert callable(idle)
            event = editor.wait(idle)
        else:
            idle = waiting_for(prompt_wanted=True)
            assert callable(idle)
            if getattr(follow, "secret", False):  # a password: no echo, no history
                event = editor.read_secret(prompt, idle, drawn=prompt == drawn)
            else:
                event = editor.read_line(prompt, idle, drawn=prompt == drawn)
        drawn = None
        if event.kind == "stopped":
            if ended:
                return ended[0].exit_code
            continue
        if event.kind == "detach":
            if isinstance(follow, Detachable):
                with world.writing() as primary:
                    follow.detached(_node(primary, follow.host))
            if follow.detach_message is not None:
                sys.stderr.write(follow.detach_message + "\n")
                return 1
            return 0
        with world.writing() as primary:
            result = _act(follow, _node(primary, follow.host), event)
            show(Update(result.out, result.err))
            # the next prompt too, before the save: the learner can type on at once
            drawn = None if result.done else _prompt(follow, world)
            if drawn is not None:
                editor.write(drawn)
        if result.done:
            return result.exit_code


def _prompt(follow: Follow, world: LiveWorld) -> str | None:
    if not isinstance(follow, TerminalFollow | LoginFollow | ConfirmFollow):
        return None
    return follow.prompt(_node(world.engine, follow.host))


def _finish_frozen(follow: Follow, world: LiveWorld) -> None:
    """A frozen clock never reaches the end of a line running in the foreground by itself:
    the session lets that time pass at once."""
    engine = _node(world.engine, follow.host)
    if clock.mode(world.engine) != "frozen" or not isinstance(follow, TerminalFollow):
        return
    target = follow.due(engine)
    if target is not None and target > engine.now:
        with world.writing() as primary:
            primary.advance(target - _node(primary, follow.host).now)


def _act(follow: Follow, engine: Engine, event: Event) -> Update:
    if event.kind == "interrupt":
        return follow.interrupt(engine)
    assert isinstance(follow, TerminalFollow | LoginFollow | ConfirmFollow)
    if event.kind == "eof":
        return follow.eof(engine)
    return follow.line(engine, event.text)


def _follow(follow: Follow, world: LiveWorld, show: object) -> int:
    """A follower without a terminal to type into (`logs -f`, `events`, `attach` to a
    program that reads no lines): output as the clock moves; Ctrl-C as the follower says."""
    assert callable(show)
    while True:
        try:
            update = follow.poll(_node(world.fresh(), follow.host))
            show(update)
            if update.done:
                return update.exit_code
            time.sleep(POLL)
        except KeyboardInterrupt:
            with world.writing() as primary:
                update = follow.interrupt(_node(primary, follow.host))
            show(update)
            if update.done:
                return update.exit_code
