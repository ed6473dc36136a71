"""A Hypothesis state machine for the container lifecycle, shipped so anyone can run it.

`LifecycleMachine` drives an engine through docker command lines and checks every result
against a deliberately dumb reference: a dict of container states moved by the transition table
of lifecycle-moby.md §2.1, for a PID 1 that ignores SIGTERM (busybox `sleep`), so `stop` ends in
SIGKILL (137). Invariants: the engine's status agrees with the reference; `ps -q` lists exactly
the running and paused containers; names are unique; after a failed command nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hypothesis import note
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from hypothesis.strategies import integers, sampled_from

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: (command, state) -> (new state or None for "removed", exit status of the CLI)
TABLE: dict[tuple[str, str], tuple[str | None, int]] = {}
for _state in ("created", "running", "paused", "exited"):
    TABLE[("start", _state)] = {
        "created": ("running", 0),
        "running": ("running", 0),
        "paused": ("paused", 1),
        "exited": ("running", 0),
    }[_state]
    TABLE[("stop", _state)] = {
        "created": ("created", 0),
        "running": ("exited", 0),
        "paused": ("exited", 0),
        "exited": ("exited", 0),
    }[_state]
    TABLE[("kill", _state)] = {
        "created": ("created", 1),
        "running": ("exited", 0),
        "paused": ("exited", 0),
        "exited": ("exited", 1),
    }[_state]
    TABLE[("pause", _state)] = {
        "created": ("created", 1),
        "running": ("paused", 0),
        "paused": ("paused", 1),
        "exited": ("exited", 1),
    }[_state]
    TABLE[("unpause", _state)] = {
        "created": ("created", 1),
        "running": ("running", 1),
        "paused": ("running", 0),
        "exited": ("exited", 1),
    }[_state]
    TABLE[("restart", _state)] = ("running", 0)
    TABLE[("rm", _state)] = {
        "created": (None, 0),
        "running": ("running", 1),
        "paused": ("paused", 1),
        "exited": (None, 0),
    }[_state]
    TABLE[("rm -f", _state)] = (None, 0)


class LifecycleMachine(RuleBasedStateMachine):
    """Subclass with `engine_factory` set (a callable returning a fresh Engine with busybox)."""

    engine_factory: Callable[[], Engine]
    names = Bundle("names")

    def __init__(self) -> None:
        super().__init__()
        self.engine = type(self).engine_factory()
        self.model: dict[str, str] = {}
        self.counter = 0

    def docker(self, line: str) -> Any:
        result = self.engine.docker(line)
        note(f"$ docker {line} -> {result.exit_code} {result.stderr.strip()}")
        return result

    @rule(target=names)
    def create(self) -> str:
        self.counter += 1
        name = f"c{self.counter}"
        assert self.docker(f"create --name {name} busybox sleep 100000").exit_code == 0
        self.model[name] = "created"
        return name

    @rule(
        name=names, command=sampled_from(["start", "stop", "kill", "pause", "unpause", "restart"])
    )
    def lifecycle(self, name: str, command: str) -> None:
        self._apply(command, name)

    @rule(name=consumes(names), force=sampled_from([False, True]))
    def remove(self, name: str, force: bool) -> None:
        self._apply("rm -f" if force else "rm", name)

    @rule(seconds=integers(min_value=0, max_value=30))
    def advance(self, seconds: int) -> None:
        self.engine.advance(seconds)

    def _apply(self, command: str, name: str) -> None:
        if name not in self.model:
            result = self.docker(f"{command} {name}")
            assert result.exit_code == (0 if command == "rm -f" else 1)
            return
        before = self.engine.dumps()
        expected_state, expected_status = TABLE[(command, self.model[name])]
        result = self.docker(f"{command} {name}")
        assert result.exit_code == expected_status, result.stderr
        if expected_status != 0:
            assert self.engine.dumps() == before, "a failed command changed the world"
        if expected_state is None:
            del self.model[name]
        else:
            self.model[name] = expected_state
            if command in ("stop", "kill") and expected_status == 0:
                status = self.docker(f"inspect -f {{{{.State.ExitCode}}}} {name}").stdout.strip()
                assert status in ("137", "0"), status

    @invariant()
    def states_agree(self) -> None:
        for name, state in self.model.items():
            got = self.engine.container_get(name).state.status
            assert got == state, (name, got, state)

    @invariant()
    def ps_lists_running(self) -> None:
        listed = set(self.docker("ps --format {{.Names}}").stdout.split())
        assert listed == {n for n, s in self.model.items() if s in ("running", "paused")}

    @invariant()
    def names_unique(self) -> None:
        names = [c.name for c in self.engine.world.containers.values()]
        assert len(names) == len(set(names))
        assert {n.lstrip("/") for n in names} == set(self.model)
