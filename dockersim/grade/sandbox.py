"""Where command lines run: starting worlds built once and copied, and a bounded session.

`Worlds` builds each starting world once per process (a fresh engine with the quiz's seed,
host files and images, then a question's setup) and keeps the most recently used ones as
JSON (`CACHED_WORLDS`); every submission gets its own copy (`Engine.from_json` with the
shared catalog), so a class of 1 000 costs one setup per question, not 1 000.

`Session` runs a submission's lines on such a copy (whose docker client's machine is the
simulated host, so no line can reach the grading machine), counted against the `Limits`
(command lines, line length, output bytes),
and the engine's runtime events are counted too (`steps`), so a restart loop over a long
`sleep` cannot run for hours. Past a limit, `LimitExceeded` is raised.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.grade.limits import WORLD_CAP, LimitExceeded, Limits
from dockersim.grade.script import expand_home
from dockersim.grade.timer import TimeLimitExceeded
from dockersim.grade.timer import check as check_deadline
from dockersim.result import Result
from dockersim.scenario.commands import docker_argv, run_line

if TYPE_CHECKING:
    from dockersim.catalog import Catalog
    from dockersim.engine import Engine
    from dockersim.grade.model import Variant


#: How many starting worlds a process keeps (least recently used first out): a few MB.
CACHED_WORLDS = 256
#: What a quiz's own lines (setups, solutions, asks) may cost, whatever a class's limits are.
QUIZ_LIMITS = Limits(steps=100_000, line_chars=100_000, seconds=0)


class SetupError(Exception):
    """A quiz whose starting world cannot be built (an image that cannot be pulled)."""


@attrs.define
class Budget:
    """What one submission has spent so far, across its questions."""

    limits: Limits
    commands: int = 0
    output: int = 0

    def spend_output(self, result: Result) -> None:
        self.output += len(result.stdout.encode("utf-8", "replace"))
        self.output += len(result.stderr.encode("utf-8", "replace"))
        if self.output > self.limits.output:
            raise LimitExceeded(
                f"the commands printed more than {self.limits.output} bytes (the output limit)"
            )


class Session:
    """A submission's lines on one engine, within the budget; `transcript` records them."""

    def __init__(self, engine: Engine, budget: Budget) -> None:
        self.engine = engine
        self.budget = budget
        self.steps = 0
        self.transcript: list[tuple[str, Result]] = []
        _count_steps(engine, self._step)

    def _step(self) -> None:
        check_deadline()
        self.steps += 1
        if self.steps > self.budget.limits.steps:
            raise LimitExceeded(
                f"the simulation took more than {self.budget.limits.steps} steps "
                "(container exits and restarts): stopped"
            )

    def run(self, line: str) -> Result:
        check_deadline()
        limits = self.budget.limits
        if len(line) > limits.line_chars:
            raise LimitExceeded(f"a command line is longer than {limits.line_chars} characters")
        typed = line
        if docker_argv(line) is not None:
            line = expand_home(line)
        try:
            result, _ = run_line(self.engine, line)
        except (LimitExceeded, MemoryError):  # the grader says which limit
            raise
        except Exception as exc:  # an engine bug must not take the grader down
            result = Result(1, "", f"dockersim internal error: {type(exc).__name__}: {exc}\n")
        self.transcript.append((typed, result))
        self.budget.spend_output(result)
        hit = self.engine.cap_hit()
        if hit:
            raise LimitExceeded(WORLD_CAP.format(hit=hit))
        return result


def _count_steps(engine: Engine, tick: Callable[[], None]) -> None:
    """Call `tick()` for every runtime event the engine applies (an exit, a restart)."""
    engine.event_hook = tick


class Worlds:
    """Starting worlds, built once per process and copied for each submission."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        if catalog is None:
            from dockersim import catalog as _catalog

            catalog = _catalog.load()
        self.catalog = catalog
        self._saved: OrderedDict[Any, str] = OrderedDict()

    def _get(self, key: Any) -> str | None:
        saved = self._saved.get(key)
        if saved is not None:
            self._saved.move_to_end(key)
        return saved

    def _put(self, key: Any, saved: str) -> None:
        self._saved[key] = saved
        while len(self._saved) > CACHED_WORLDS:
            self._saved.popitem(last=False)

    def _engine(self, saved: str) -> Engine:
        from dockersim.engine import Engine

        return Engine.from_json(json.loads(saved), catalog=self.catalog)

    def base(self, variant: Variant) -> Engine:
        """A fresh copy of the quiz's base world: seed, host files, images pulled."""
        key = ("base", variant.seed, variant.images, variant.files)
        saved = self._get(key)
        if saved is None:
            from dockersim.engine import Engine

            engine = Engine(variant.seed, catalog=self.catalog)
            for path, text in variant.files:
                engine.host_write(path, text)
            for ref in variant.images:
                result = engine.docker(["pull", "-q", ref])
                if result.exit_code != 0:
                    raise SetupError(f"cannot pull {ref}: {result.stderr.strip()}")
            saved = json.dumps(engine.to_json())
            self._put(key, saved)
        return self._engine(saved)

    def start(self, variant: Variant, setup: tuple[str, ...]) -> Engine:
        """A fresh copy of the world after `setup` (played once, then cached)."""
        key = ("start", variant.seed, variant.images, variant.files, setup)
        saved = self._get(key)
        if saved is None:
            engine = self.base(variant)
            play(engine, setup, QUIZ_LIMITS)
            saved = json.dumps(engine.to_json())
            self._put(key, saved)
        return self._engine(saved)


def play(engine: Engine, lines: tuple[str, ...], limits: Limits) -> list[tuple[str, Result]]:
    """Play quiz-written lines (setup, solution) with the same limits."""
    budget = Budget(attrs.evolve(limits, commands=len(lines), output=2**62))
    session = Session(engine, budget)
    try:
        for line in lines:
            session.run(line)
    except TimeLimitExceeded:  # the submission's time ran out while its world was built
        raise
    except LimitExceeded as exc:
        raise SetupError(f"the setup went past a limit: {exc}") from None
    return session.transcript
