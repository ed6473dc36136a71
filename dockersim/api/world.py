"""The world a server serves: the one `dockersim docker` reads and writes (`DOCKERSIM_HOME`).

Every request works on the engine in memory, under one mutex (requests on several
connections run one at a time inside the engine). Before it looks, the world is read again if
another process saved it since (`dockersim docker stop web` in another terminal), and the
clock catches up with the real time (cli/clock.py), so a container's output appears when
the clock reaches it. A request that changes the world holds the store's lock from that
read to its save, as every `dockersim docker` command does, so the two never lose each
other's changes.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dockersim import store
from dockersim.cli import clock

if TYPE_CHECKING:
    from dockersim.engine import Engine


class Discard(Exception):
    """Raised in a `writing()` block: forget what the block changed, then raise `error`."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class ServedWorld:
    def __init__(self, directory: Path | None = None, time_scale: float = 1.0) -> None:
        self.directory = directory or store.home()
        #: world seconds per real second (a real clock only; a frozen one stays still)
        self.time_scale = time_scale
        self.mutex = threading.RLock()
        with store.locked(self.directory) as path:
            self.path = path
            self.engine, self.text = store.load(path)
        self.identity = self._identity()

    def _identity(self) -> tuple[int, int, int] | None:
        from dockersim import store

        return store.identity(self.path)

    def _reload_if_changed(self) -> None:
        identity = self._identity()
        if identity == self.identity:
            return
        self.engine, self.text = store.load(self.path)
        self.identity = identity

    @contextlib.contextmanager
    def reading(self) -> Iterator[Engine]:
        """The world as it is now (nothing saved afterwards)."""
        with self.mutex:
            self._reload_if_changed()  # a save replaces the file whole: no lock to read
            self._catch_up()
            clock.stamp(self.engine)
            yield self.engine

    @contextlib.contextmanager
    def writing(self) -> Iterator[Engine]:
        """The world under the store's lock, saved after the block (also when it raised: an
        engine operation changes nothing before its checks pass, and time may have moved)."""
        with self.mutex, store.locked(self.directory) as path:
            self._reload_if_changed()
            self._catch_up()
            try:
                yield self.engine
            except Discard as exc:  # the world as it was saved, and the error
                self.engine, self.text = store.load(path)
                self.identity = self._identity()
                raise exc.error from None
            except BaseException:
                self._save(path)
                raise
            self._save(path)

    def _catch_up(self) -> None:
        """The clock follows the real time since the world's stamp, `time_scale` times
        faster (the stamp is then now: the next look measures from here)."""
        if self.time_scale == 1.0:
            clock.catch_up(self.engine)
            return
        world = self.engine.world
        if clock.mode(self.engine) != "real" or not world.wall:
            return
        now = time.time()
        elapsed = max(now - world.wall, 0.0) * self.time_scale
        if elapsed > 0:
            self.engine.advance(min(elapsed, clock.CATCH_UP_CAP))
        world.wall = now

    def _save(self, path: Path) -> None:
        clock.stamp(self.engine)
        self.text = store.save(path, self.engine, self.text)
        self.identity = self._identity()

    def clock_frozen(self) -> bool:
        return clock.mode(self.engine) != "real"
