"""Every command edge the lifecycle picture draws does what the engine does."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.pictures.lifecycle import REMOVED, edges_for

#: docker commands that bring a fresh container named `box` into each state
INTO = {
    "created": ["create --name box --restart always busybox sleep 1000"],
    "running": ["run -d --name box --restart always busybox sleep 1000"],
    "paused": ["run -d --name box --restart always busybox sleep 1000", "pause box"],
    "exited": ["run -d --name box --restart always busybox sleep 1000", "stop box"],
    "restarting": ["run -d --name box --restart always busybox sh -c 'exit 1'"],
}
COMMAND_EDGES = [
    (edge.source, command.strip(), edge.target)
    for edge in edges_for("always")
    if edge.source in INTO and not edge.label.startswith(("process", "back-off"))
    for command in edge.label.split(",")
]


def _status(engine: Engine) -> str:
    found = engine.docker("inspect --format {{.State.Status}} box")
    return found.stdout.strip() if found.exit_code == 0 else REMOVED


@pytest.mark.parametrize(("source", "command", "target"), COMMAND_EDGES)
def test_edge_matches_the_engine(source: str, command: str, target: str) -> None:
    # given
    engine = Engine()
    engine.docker("pull busybox")
    for line in INTO[source]:
        engine.docker(line)
    assert _status(engine) == source
    # when
    result = engine.docker(f"{command} box")
    # then
    assert result.exit_code == 0, result.stderr
    assert _status(engine) == target


def test_on_failure_exits_zero_to_exited_and_non_zero_to_restarting() -> None:
    edges = {(e.source, e.target, e.label) for e in edges_for("on-failure", 3)}
    assert ("running", "exited", "process exits 0") in edges
    assert ("running", "restarting", "process exits non-zero (at most 3 times)") in edges


def test_no_policy_has_no_restarting_state() -> None:
    assert all("restarting" not in (e.source, e.target) for e in edges_for("no"))
