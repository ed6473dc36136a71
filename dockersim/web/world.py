"""The learner's world behind the page: the CLI's saved world, one command at a time.

Every request takes the page's lock and the store's lock (so `dockersim docker` in a terminal
and the page never interleave), catches the clock up as the CLI does, acts, and saves. The
engine loaded last is kept in memory while the file on disk is the one it was loaded from or
saved to (same inode, size and time), so a command does not parse the world again; a save by
another process replaces the file and the next request reads it.

Commands run as `dockersim docker` and `dockersim host` run them at a terminal, with one
difference: the docker client's machine is the simulated host (as in `play` and `grade`), not
the real one, because the page takes its command lines from a browser.
"""

from __future__ import annotations

import shlex
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.web.pictures import Changed, Focus, changed, draw_all
from dockersim.web.terminal import is_assignment, screen

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.result import Result

#: what a command that stays attached at a real terminal gets on the page, after its output
LIVE_NOTE = (
    "\x1b[33mdockersim web: this command stays attached at a real terminal (a live session); "
    "the page shows what it printed and returns. Continue it in a terminal with "
    "`dockersim docker ...`.\x1b[0m\n"
)


@attrs.frozen
class Outcome:
    """What one command line showed: the terminal's text and the exit status."""

    text: str
    exit_code: int


class World:
    """The saved world under `home` (None: `store.home()`, DOCKERSIM_HOME)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = home
        self.lock = threading.Lock()
        self.focus = Focus()
        self._cached: tuple[tuple[int, int, int], Engine, str] | None = None

    @contextmanager
    def session(self, save: Callable[[], bool] = lambda: True) -> Iterator[Engine]:
        """The engine, caught up to now; saved afterwards when `save()` says so."""
        from dockersim import store
        from dockersim.cli import clock

        with self.lock, store.locked(self.home) as path:
            engine, previous = self._load(path)
            clock.catch_up(engine)
            clock.stamp(engine)  # in memory: the next catch-up starts from now
            try:
                yield engine
            except BaseException:
                self._cached = None  # half a command is never kept
                raise
            if save():
                previous = store.save(path, engine, previous)
            key = store.identity(path)
            self._cached = (key, engine, previous) if key is not None else None

    def _load(self, path: Path) -> tuple[Engine, str]:
        from dockersim import store

        key = store.identity(path)
        if self._cached is not None and key is not None and self._cached[0] == key:
            return self._cached[1], self._cached[2]
        return store.load(path)

    # --- the page's requests -----------------------------------------------------------------
    def run(self, line: str) -> tuple[Outcome, list[dict[str, Any]], list[str]]:
        """Run one command line typed at the page's terminal; returns what it showed, the
        pictures after it and the lines saying what changed."""
        from dockersim.scenario import explain

        results: list[Result] = []
        with self.session(lambda: bool(results) and not results[0].read_only) as engine:
            before = explain.take(engine)
            outcome, result = _run_line(engine, line)
            if result is not None:
                results.append(result)
            after = explain.take(engine)
            change = changed(before, after)
            self.focus.follow(change, engine)
            pictures = draw_all(engine, self.focus, change)
            lines = explain.changes(before, after)
        return outcome, pictures, lines

    def pictures(self) -> list[dict[str, Any]]:
        with self.session(lambda: False) as engine:
            return draw_all(engine, self.focus, Changed())


def _words(line: str) -> list[str] | None:
    try:
        return shlex.split(line)
    except ValueError:
        return None


def _run_line(engine: Engine, line: str) -> tuple[Outcome, Result | None]:
    """A docker line as `dockersim docker` runs it at a terminal, anything else as
    `dockersim host` (the simulated host's bash); `dockersim docker ...` and
    `dockersim host ...` typed in full work too."""
    from dockersim import docker
    from dockersim.scenario.commands import shell_operator

    words = _words(line)
    if words is None:  # unbalanced quotes: bash waits for more, the page says why
        return Outcome("bash: unexpected EOF while looking for matching quote\n", 2), None
    if words[:2] == ["dockersim", "host"]:
        line = shlex.join(words[2:]) if len(words) > 3 else (words[2] if len(words) == 3 else "")
        if not line:
            return Outcome("usage: dockersim host COMMAND [ARG...]\n", 2), None
        words = []
    elif words[:2] == ["dockersim", "docker"]:
        words = words[1:]
        line = shlex.join(words)
    first = next((w for w in words if not is_assignment(w)), "")
    if first != "docker":
        result = engine.host(line)
        return Outcome(screen(result), result.exit_code), result
    operator = shell_operator(line)
    if operator is not None:
        text = (
            f"dockersim: not simulated in the web page: a docker command with `{operator}` "
            "(pipes, redirections and substitutions); run the docker command alone\n"
        )
        return Outcome(text, 1), None
    result = docker.run(words, engine, tty=True, stdin=b"", live=True)
    text = screen(result)
    if result.follow is not None:
        text += LIVE_NOTE
    return Outcome(text, result.exit_code), result
