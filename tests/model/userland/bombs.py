"""Running resource bombs the way a learner's submission runs them, and measuring the cost.

Each bomb runs through the public API (`Engine.docker` / `Engine.host`) in a fresh world, so
what a test sees is what `dockersim grade` and `dockersim play` see; `tracemalloc` measures the
Python heap's peak while it runs.
"""

from __future__ import annotations

import tracemalloc

import attrs

from dockersim import Engine, Result

MiB = 1024 * 1024
#: What one bomb may make the simulator allocate at its peak (the caps keep it far below).
PEAK_LIMIT = 200 * MiB
IMAGES = ("alpine", "ubuntu", "python:3.12-slim")


@attrs.frozen
class Ran:
    result: Result
    peak: int
    hits: tuple[str, ...]

    @property
    def status(self) -> int:
        return self.result.exit_code

    @property
    def stdout(self) -> str:
        return self.result.stdout

    @property
    def stderr(self) -> str:
        return self.result.stderr


def world() -> Engine:
    engine = Engine(seed=0)
    for image in IMAGES:
        assert engine.docker(["pull", "-q", image]).exit_code == 0
    return engine


def measured(engine: Engine, run: object) -> Ran:
    """Call `run()` (a zero-argument callable returning a Result) under tracemalloc."""
    assert callable(run)
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, Result)
    return Ran(result, peak, tuple(engine.quota.hits))


def in_container(engine: Engine, image: str, script: str, shell: str = "sh") -> Ran:
    """`docker run --rm IMAGE SHELL -c SCRIPT`."""
    return measured(engine, lambda: engine.docker(["run", "--rm", image, shell, "-c", script]))


def on_host(engine: Engine, script: str) -> Ran:
    """A command line typed at the simulated host's bash."""
    return measured(engine, lambda: engine.host(script))
