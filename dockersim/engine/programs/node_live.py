"""A node server's process kept in memory between the requests of one Python process.

node_http answers a request by running the script again to where it listens and then through
the requests it answered before (`Container.served`). That replay is the truth a saved world
carries from one `dockersim` process to the next; within one process (a lesson played, the
warm server's command, the API server) the realm that answered the last request is kept here
instead, beside the container it belongs to, and brought on to the next request: it is what
the replay would rebuild, without running everything again.

It is used only while nothing the replay reads could have changed since:
- the same container object (a world loaded again from disk has new ones: they replay), the
  same process (`State.started_at`), the same nodemon restart, command and working directory;
- the same view of its filesystem (`Engine.container_fs`: a network change builds a new one);
- `Container.served` is the list the realm answered, no more, no fewer;
- no container, network or volume changed in the world since (its latest event is the same
  object): a client of another server (mysql2) would find it as the replay would;
- each module it loaded reads the same text now (the replay would run the changed code).
Anything else, a request that failed half-way included, forgets it, and the next request
replays from the start as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import attrs

from dockersim.model.fs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland.io import Recorder
    from dockersim.model.userland.programs.jseval import Interpreter
    from dockersim.model.userland.programs.jsmodules import ModuleSystem
    from dockersim.model.userland.types import Proc


@attrs.define(eq=False)
class Live:
    """One server process in memory, and what it was built from."""

    realm: Interpreter
    modules: ModuleSystem
    proc: Proc
    rec: Recorder
    fs: CowFS
    #: (started_at, when nodemon last restarted it, argv, working directory)
    key: tuple[Any, ...]
    #: the world's latest event when it was kept
    event: object
    #: how many requests it answered since it began, and the last of them
    count: int = 0
    last: object = None


#: each running container's server, by the container object (gone with it)
_LIVE: WeakKeyDictionary[Container, Live] = WeakKeyDictionary()


def latest_event(engine: Engine) -> object:
    events = engine.world.events
    return events[-1] if events else None


def take(
    engine: Engine, container: Container, key: tuple[Any, ...], fs: CowFS,
    served: list[dict[str, Any]],
) -> Live | None:  # fmt: skip
    """The server kept for `container` when the replay would rebuild the same one, or None
    (and it is forgotten)."""
    live = _LIVE.get(container)
    if live is None:
        return None
    if (live.key != key or live.fs is not fs or live.event is not latest_event(engine)
            or live.count != len(served) or (served and served[-1] is not live.last)
            or not _same_sources(live)):  # fmt: skip
        del _LIVE[container]
        return None
    return live


def _same_sources(live: Live) -> bool:
    read = live.modules.fs.read
    for path, text in live.modules.sources.items():
        try:
            if read(path).decode("utf-8", "replace") != text:
                return False
        except FsError:
            return False
    return True


def keep(container: Container, live: Live) -> None:
    _LIVE[container] = live


def answered(container: Container, entry: dict[str, Any]) -> None:
    """The kept server answered `entry`, just added to `Container.served`."""
    live = _LIVE.get(container)
    if live is not None:
        live.count += 1
        live.last = entry


def forget(container: Container) -> None:
    _LIVE.pop(container, None)


def is_kept(container: Container) -> bool:
    """Whether a server process of `container` is kept in memory (for tests)."""
    return container in _LIVE
