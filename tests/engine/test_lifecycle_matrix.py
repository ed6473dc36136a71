"""lifecycle-moby.md §2.1 and §2.2: every command in every state, through the docker CLI."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference

SETUP = {
    "created": ["create --name c1 busybox sleep 100000"],
    "running": ["run -d --name c1 busybox sleep 100000"],
    "paused": ["run -d --name c1 busybox sleep 100000", "pause c1"],
    "exited": ["run -d --name c1 busybox sleep 100000", "kill c1"],
    "restarting": ["run -d --name c1 --restart always busybox sh -c 'exit 3'"],
}


@pytest.fixture(scope="module")
def template() -> Engine:
    engine = Engine()
    engine.image_pull(parse_reference("busybox:latest"))
    return engine


def in_state(template: Engine, state: str) -> Engine:
    engine = Engine.from_json(template.to_json(), catalog=template.catalog)
    for line in SETUP[state]:
        assert engine.docker(line).exit_code == 0, line
    assert engine.container_get("c1").state.status == state
    return engine


def status(engine: Engine) -> str:
    return engine.container_get("c1").state.status if "c1" in names(engine) else "removed"


def names(engine: Engine) -> set[str]:
    return {c.display_name for c in engine.world.containers.values()}


# command, state -> (resulting state, CLI exit status, stderr with <ID> for the full ID)
MATRIX = {
    ("start", "created"): ("running", 0, ""),
    ("start", "running"): ("running", 0, ""),
    ("start", "paused"): (
        "paused",
        1,
        "Error response from daemon: cannot start a paused container, try unpause instead\n"
        "failed to start containers: c1\n",
    ),
    ("start", "restarting"): ("restarting", 0, ""),
    ("start", "exited"): ("running", 0, ""),
    ("stop", "created"): ("created", 0, ""),
    ("stop", "running"): ("exited", 0, ""),
    ("stop", "paused"): ("exited", 0, ""),
    ("stop", "restarting"): ("exited", 0, ""),
    ("stop", "exited"): ("exited", 0, ""),
    ("kill", "created"): (
        "created",
        1,
        "Error response from daemon: cannot kill container: c1: container <ID> is not running\n",
    ),
    ("kill", "running"): ("exited", 0, ""),
    ("kill", "paused"): ("exited", 0, ""),
    ("kill", "restarting"): ("exited", 0, ""),
    ("kill", "exited"): (
        "exited",
        1,
        "Error response from daemon: cannot kill container: c1: container <ID> is not running\n",
    ),
    ("pause", "created"): (
        "created",
        1,
        "Error response from daemon: container <ID> is not running\n",
    ),
    ("pause", "running"): ("paused", 0, ""),
    ("pause", "paused"): (
        "paused",
        1,
        "Error response from daemon: container <ID> is already paused\n",
    ),
    ("pause", "restarting"): (
        "restarting",
        1,
        "Error response from daemon: Container <ID> is restarting, wait until the container is "
        "running\n",
    ),
    ("pause", "exited"): (
        "exited",
        1,
        "Error response from daemon: container <ID> is not running\n",
    ),
    ("unpause", "created"): (
        "created",
        1,
        "Error response from daemon: Container <ID> is not paused\n",
    ),
    ("unpause", "running"): (
        "running",
        1,
        "Error response from daemon: Container <ID> is not paused\n",
    ),
    ("unpause", "paused"): ("running", 0, ""),
    ("unpause", "restarting"): (
        "restarting",
        1,
        "Error response from daemon: Container <ID> is not paused\n",
    ),
    ("unpause", "exited"): (
        "exited",
        1,
        "Error response from daemon: Container <ID> is not paused\n",
    ),
    ("restart", "created"): ("running", 0, ""),
    ("restart", "running"): ("running", 0, ""),
    ("restart", "paused"): ("running", 0, ""),
    ("restart", "exited"): ("running", 0, ""),
    ("rm", "created"): ("removed", 0, ""),
    ("rm", "running"): (
        "running",
        1,
        'Error response from daemon: cannot remove container "c1": container is running: stop the '
        "container before removing or force remove\n",
    ),
    ("rm", "paused"): (
        "paused",
        1,
        'Error response from daemon: cannot remove container "c1": container is paused and must '
        "be unpaused first\n",
    ),
    ("rm", "restarting"): (
        "restarting",
        1,
        'Error response from daemon: cannot remove container "c1": container is restarting: stop '
        "the container before removing or force remove\n",
    ),
    ("rm", "exited"): ("removed", 0, ""),
    ("rm -f", "created"): ("removed", 0, ""),
    ("rm -f", "running"): ("removed", 0, ""),
    ("rm -f", "paused"): ("removed", 0, ""),
    ("rm -f", "restarting"): ("removed", 0, ""),
    ("rm -f", "exited"): ("removed", 0, ""),
}


@pytest.mark.parametrize(("command", "state"), sorted(MATRIX))
def test_matrix_cell(template, command, state):
    # given
    engine = in_state(template, state)
    container_id = engine.container_get("c1").id
    expected_state, expected_exit, expected_err = MATRIX[(command, state)]
    # when
    result = engine.docker(f"{command} c1")
    # then
    assert result.exit_code == expected_exit
    assert result.stderr == expected_err.replace("<ID>", container_id)
    assert result.stdout == ("c1\n" if expected_exit == 0 else "")
    if expected_state == "restarting":
        assert status(engine) in ("restarting", "running")
    else:
        assert status(engine) == expected_state


@pytest.mark.parametrize("command", ["start", "stop", "pause", "unpause", "restart", "rm"])
def test_error_nonexistent(template, command):
    engine = in_state(template, "created")
    result = engine.docker(f"{command} nope")
    tail = "failed to start containers: nope\n" if command == "start" else ""
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error response from daemon: No such container: nope\n{tail}"


def test_error_kill_nonexistent(template):
    engine = in_state(template, "created")
    result = engine.docker("kill nope")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: cannot kill container: nope: No such container: nope\n",
    )


def test_rm_force_nonexistent_is_silent(template):
    engine = in_state(template, "created")
    assert engine.docker("rm -f nope") == engine.docker("rm -f nope2")
    result = engine.docker("rm -f nope")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_stop_sleep_takes_ten_virtual_seconds_and_exits_137(template):
    engine = in_state(template, "running")
    before = engine.now
    engine.docker("stop c1")
    state = engine.container_get("c1").state
    assert (state.exit_code, engine.now - before) == (137, 10)


def test_stop_with_timeout_flag(template):
    engine = in_state(template, "running")
    before = engine.now
    engine.docker("stop -t 2 c1")
    assert engine.now - before == 2
