"""What the handlers share: the clocks' distance, the streams' pace, the front end's view."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: seconds between two looks at the world while a stream waits for something to happen
POLL = 0.05


def wall_offset(engine: Engine) -> float:
    """Real time minus the world's time: what moves the times a client turns into
    "... ago" by its own clock (system.py's docstring)."""
    return time.time() - engine.now


class Front:
    """What the docker front end's helpers read from their context: the engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
