"""A clock for deadline tests: it moves 1 ms each time it is read, never with real time."""

from __future__ import annotations


class Ticks:
    """Monotonic seconds that advance by `step` at every read, so a deadline of S seconds
    expires at read number S / step + 1 (the deadline reads the clock once when it starts),
    however fast or loaded the machine is."""

    def __init__(self, step: float = 0.001) -> None:
        self.step = step
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.reads * self.step
