"""A shell that traps SIGTERM while it waits forever (model/userland/traps.py): `docker stop`
runs the trap once the running command returns (a loop's `sleep 1`) or at once (`wait`), and
the container ends as the trap says; with a foreground `sleep` the trap would run only when
sleep ends, so stop's timeout kills it (137)."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    engine.docker("pull alpine")
    return engine


def _state(engine: Engine, name: str) -> tuple[str, str, str]:
    code = engine.docker(["inspect", "-f", "{{.State.ExitCode}}", name]).stdout.strip()
    status = engine.docker(["ps", "-a", "-f", f"name={name}", "--format", "{{.Status}}"])
    return code, status.stdout.split(")")[0] + ")", engine.docker(["logs", name]).stdout


def test_a_loop_runs_the_trap_after_its_sleep(engine: Engine) -> None:
    script = 'trap "echo bye; exit 3" TERM; while true; do sleep 1; done'
    assert (
        engine.docker(["run", "-d", "--name", "trapper", "alpine", "sh", "-c", script]).exit_code
        == 0
    )
    engine.advance(5)
    before = engine.now
    assert engine.docker("stop trapper").stdout == "trapper\n"
    assert 0 < engine.now - before <= 1.5
    assert _state(engine, "trapper") == ("3", "Exited (3)", "bye\n")


def test_a_foreground_sleep_delays_the_trap_past_the_timeout(engine: Engine) -> None:
    engine.docker("run -d --name sleeper alpine sh -c 'trap \"echo bye; exit 3\" TERM; sleep 1000'")
    before = engine.now
    engine.docker("stop -t 2 sleeper")
    assert engine.now - before == 2
    assert _state(engine, "sleeper") == ("137", "Exited (137)", "")


def test_wait_is_interrupted_and_the_exit_trap_runs(engine: Engine) -> None:
    script = 'trap "echo bye" TERM; trap "echo end" EXIT; sleep 1000 & wait'
    engine.docker(f"run -d --name waiter alpine sh -c '{script}'")
    before = engine.now
    engine.docker("stop waiter")
    assert engine.now - before < 1
    assert _state(engine, "waiter") == ("143", "Exited (143)", "bye\nend\n")


def test_a_trap_that_does_not_exit_leaves_the_loop_running(engine: Engine) -> None:
    script = 'trap "echo got" TERM; while :; do sleep 1; done'
    engine.docker(["run", "-d", "--name", "looper", "alpine", "sh", "-c", script])
    assert engine.docker("kill -s TERM looper").exit_code == 0
    engine.advance(3)
    assert engine.docker(["inspect", "-f", "{{.State.Status}}", "looper"]).stdout == "running\n"
    assert engine.docker("logs looper").stdout == "got\n"
    engine.docker("stop -t 1 looper")
    assert _state(engine, "looper") == ("137", "Exited (137)", "got\ngot\n")


def test_the_world_keeps_the_traps_and_the_action_waits_for_the_signal(engine: Engine) -> None:
    script = (
        'touch /tmp/lock; trap "echo bye; rm /tmp/lock; exit 4" TERM; while :; do sleep 1; done'
    )
    engine.docker(["run", "-d", "--name", "saved", "alpine", "sh", "-c", script])
    assert engine.docker("exec saved ls /tmp").stdout == "lock\n"
    again = Engine.from_json(engine.to_json(), catalog=engine.catalog)
    again.docker("stop saved")
    assert _state(again, "saved") == ("4", "Exited (4)", "bye\n")
