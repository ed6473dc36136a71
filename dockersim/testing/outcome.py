"""What one docker command line should do, as the reference model predicts it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """What one docker command line should do: its exit status, and whether it may change the
    world (False: the engine's state must be byte-identical afterwards)."""

    status: int
    changes: bool


#: the model cannot say what Docker does (the machine skips the command)
UNMODELLED = Outcome(-1, True)
