"""The interactive CLI's clock: virtual time follows real time between commands, capped;
a frozen world or DOCKERSIM_CLOCK=frozen keeps it still; the engine alone never moves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import Engine, store
from dockersim.cli import clock

LOOP = "for i in 1 2 3; do echo $i; sleep 1; done; sleep 1000"


@pytest.fixture(autouse=True)
def _no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV, raising=False)


def looping() -> Engine:
    engine = Engine()
    assert engine.docker(["run", "-d", "--name", "loop", "busybox", "sh", "-c", LOOP]).ok
    return engine


def test_catch_up_moves_the_clock_by_the_real_time_since_the_stamp():
    engine = looping()
    clock.stamp(engine, wall=1000.0)
    start = engine.now
    assert clock.catch_up(engine, wall=1002.5) == 2.5
    assert engine.now == start + 2.5
    assert engine.docker("logs loop").stdout == "1\n2\n3\n"
    assert engine.docker("ps --format {{.Status}}").stdout == "Up 2 seconds\n"


def test_the_catch_up_is_capped():
    engine = looping()
    clock.stamp(engine, wall=1000.0)
    start = engine.now
    assert clock.catch_up(engine, wall=1000.0 + 40 * 86400) == clock.CATCH_UP_CAP
    assert engine.now == start + clock.CATCH_UP_CAP


def test_a_wall_clock_that_went_back_moves_nothing():
    engine = looping()
    clock.stamp(engine, wall=1000.0)
    start = engine.now
    assert clock.catch_up(engine, wall=900.0) == 0.0
    assert engine.now == start


def test_a_world_never_stamped_does_not_move():
    engine = looping()
    start = engine.now
    assert clock.catch_up(engine, wall=5000.0) == 0.0
    assert engine.now == start


def test_a_frozen_world_neither_moves_nor_stamps():
    engine = looping()
    engine.world.clock = "frozen"
    clock.stamp(engine, wall=1000.0)
    assert engine.world.wall == 0.0
    engine.world.wall = 1000.0
    assert clock.catch_up(engine, wall=1010.0) == 0.0


@pytest.mark.parametrize(
    ("world", "env", "expected"),
    [
        ("real", "frozen", "frozen"),
        ("frozen", "real", "real"),
        ("frozen", "", "frozen"),
        ("real", "sometimes", "real"),
    ],
)
def test_the_environment_overrides_the_world(monkeypatch, world, env, expected):
    engine = Engine()
    engine.world.clock = world
    monkeypatch.setenv(clock.ENV, env)
    assert clock.mode(engine) == expected


def test_clock_and_stamp_survive_a_save(tmp_path: Path):
    engine = Engine()
    engine.world.clock = "frozen"
    engine.world.wall = 1234.5
    with store.locked(tmp_path) as path:
        store.save(path, engine)
        loaded, _ = store.load(path)
    assert (loaded.world.clock, loaded.world.wall) == ("frozen", 1234.5)


def test_a_bad_clock_setting_is_named(tmp_path: Path):
    with store.locked(tmp_path) as path:
        store.save(path, Engine())
    data = json.loads((tmp_path / "world.json").read_text())
    data["clock"] = "sideways"
    (tmp_path / "world.json").write_text(json.dumps(data))
    with pytest.raises(store.StateError, match="clock"), store.locked(tmp_path) as path:
        store.load(path)


def test_a_scenario_engine_never_moves_by_itself():
    engine = looping()
    start = engine.now
    engine.docker("ps")
    assert engine.now == start


# --- the real process ---------------------------------------------------------------------


def dockersim(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    variables = {k: v for k, v in os.environ.items() if k != clock.ENV}
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env={**variables, "DOCKERSIM_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _pretend_saved_ago(home: Path, seconds: float) -> None:
    """As if the last command ran `seconds` ago (moving the stamp back, not the real clock)."""
    path = home / "world.json"
    data = json.loads(path.read_text())
    data["wall"] -= seconds
    path.write_text(json.dumps(data, separators=(",", ":")))  # as dockersim writes it


@pytest.mark.subprocess
def test_five_minutes_later_docker_ps_says_up_5_minutes(tmp_path: Path):
    assert (
        dockersim(
            tmp_path, "docker", "run", "-d", "--name", "loop", "busybox", "sh", "-c", LOOP
        ).returncode
        == 0
    )
    # (frozen for this look: a slow machine may take a second between two commands)
    first = dockersim(tmp_path, "docker", "logs", "loop", DOCKERSIM_CLOCK="frozen")
    assert first.stdout == "1\n"
    _pretend_saved_ago(tmp_path, 300)
    ps = dockersim(tmp_path, "docker", "ps", "--format", "{{.Status}}")
    assert ps.stdout == "Up 5 minutes\n"
    assert dockersim(tmp_path, "docker", "logs", "loop").stdout == "1\n2\n3\n"


@pytest.mark.subprocess
def test_a_frozen_clock_from_reset_or_the_environment(tmp_path: Path):
    reset = dockersim(tmp_path, "reset", "--clock", "frozen")
    assert reset.returncode == 0
    assert "frozen" in reset.stdout
    dockersim(tmp_path, "docker", "run", "-d", "--name", "loop", "busybox", "sh", "-c", LOOP)
    data = json.loads((tmp_path / "world.json").read_text())
    assert data["clock"] == "frozen"
    assert "wall" not in data
    data["wall"] = 1.0  # even a stamp from long ago moves nothing while frozen
    (tmp_path / "world.json").write_text(json.dumps(data))
    ps = dockersim(tmp_path, "docker", "ps", "--format", "{{.Status}}")
    assert ps.stdout == "Up Less than a second\n"
    # the environment unfreezes it for one command
    dockersim(tmp_path, "reset")
    dockersim(tmp_path, "docker", "run", "-d", "--name", "loop", "busybox", "sh", "-c", LOOP)
    _pretend_saved_ago(tmp_path, 120)
    frozen = dockersim(
        tmp_path, "docker", "ps", "--format", "{{.Status}}", DOCKERSIM_CLOCK="frozen"
    )
    assert frozen.stdout == "Up Less than a second\n"
    real = dockersim(tmp_path, "docker", "ps", "--format", "{{.Status}}")
    assert real.stdout == "Up 2 minutes\n"


@pytest.mark.subprocess
def test_a_command_that_only_lets_time_pass_does_not_rewrite_the_world(tmp_path: Path):
    dockersim(tmp_path, "docker", "run", "-d", "--name", "loop", "busybox", "sleep", "1000")
    _pretend_saved_ago(tmp_path, 120)
    state = tmp_path / "world.json"
    before = state.read_text()
    assert dockersim(tmp_path, "docker", "ps", "-q").returncode == 0
    assert state.read_text() == before  # nothing happened but time
    ps = dockersim(tmp_path, "docker", "ps", "--format", "{{.Status}}")
    assert ps.stdout == "Up 2 minutes\n"  # the time is still counted from the older save
    dockersim(tmp_path, "docker", "stop", "loop")
    assert state.read_text() != before  # a change is saved, with the clock
