"""The interactive CLI's clock: virtual time follows the real time between two commands.

The engine's clock never moves by itself (scenarios, grading and the Python API stay
deterministic). The `dockersim` command line is different: a learner who starts a container,
waits five minutes and types `docker ps` expects `Up 5 minutes`, and a `sleep 1` loop to have
finished. So before a command runs, the world catches up with the real time that passed since
it was last saved (at most `CATCH_UP_CAP`, so a world left for a month does not replay a
month of restart loops), and every save stamps the real time (`World.wall`).

`dockersim reset --clock frozen` keeps a world's clock still between commands (it moves only
when a command makes time pass, as in a scenario); `DOCKERSIM_CLOCK=frozen` or `=real`
chooses for one command or a whole terminal, whatever the world says.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: the most virtual time that passes between two commands (seconds)
CATCH_UP_CAP = 24 * 3600.0
#: the environment variable that overrides a world's clock setting
ENV = "DOCKERSIM_CLOCK"
MODES = ("real", "frozen")


def mode(engine: Engine) -> str:
    """ "real" or "frozen": `DOCKERSIM_CLOCK` when set to one of them, else the world's."""
    explicit = os.environ.get(ENV, "").strip().lower()
    return explicit if explicit in MODES else engine.world.clock


def catch_up(engine: Engine, wall: float | None = None) -> float:
    """Move the virtual clock by the real time since the last save; returns the seconds."""
    world = engine.world
    if mode(engine) != "real" or not world.wall:
        return 0.0
    now = time.time() if wall is None else wall
    elapsed = min(max(now - world.wall, 0.0), CATCH_UP_CAP)
    if elapsed > 0:
        engine.advance(elapsed)
    return elapsed


def stamp(engine: Engine, wall: float | None = None) -> None:
    """Record when the world's virtual `now` was current (before a save); a frozen clock
    keeps no stamp, so the world does not change on disk when nothing happened."""
    if mode(engine) == "real":
        engine.world.wall = time.time() if wall is None else wall
