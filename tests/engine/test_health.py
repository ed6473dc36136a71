"""Health check probes on the virtual clock (moby daemon/health.go; docs/health.md)."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim import Engine
from dockersim.engine.world import World
from dockersim.model import health as rules
from dockersim.model.health import Health, ProbeResult
from dockersim.model.image import Healthcheck

S = rules.NS


@pytest.fixture
def engine() -> Engine:
    e = Engine()
    assert e.docker("pull -q busybox").ok
    return e


def _health(engine: Engine, name: str) -> dict[str, object]:
    r = engine.docker(f"inspect --format '{{{{json .State.Health}}}}' {name}")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def _actions(engine: Engine, name: str) -> list[str]:
    container = engine.container_get(name)
    return [e.action for e in engine.world.events if e.actor == container.id]


# --- the rules, as pure functions --------------------------------------------------------------
def test_merge_fills_what_the_user_left_at_zero() -> None:
    image = Healthcheck(("CMD", "check"), interval=10 * S, retries=2)
    user = Healthcheck((), interval=2 * S, timeout=3 * S)
    assert rules.merge(image, user) == Healthcheck(
        ("CMD", "check"), interval=2 * S, timeout=3 * S, retries=2
    )
    assert rules.merge(image, None) == image
    assert rules.merge(None, user) == user
    assert rules.merge(image, Healthcheck(("NONE",))).test == ("NONE",)


def test_validate_says_what_the_daemon_says() -> None:
    assert rules.validate(Healthcheck(("CMD", "x"), interval=500_000)) == (
        "Interval in Healthcheck cannot be less than 1ms"
    )
    assert rules.validate(Healthcheck(("CMD", "x"), start_interval=1)) == (
        "StartInterval in Healthcheck cannot be less than 1ms"
    )
    assert rules.validate(Healthcheck(("CMD", "x"), retries=-1)) == (
        "Retries in Healthcheck cannot be negative"
    )
    assert rules.validate(Healthcheck(("CMD", "x"), interval=1_000_000)) is None


def test_probe_argv_by_test_type() -> None:
    assert rules.probe_argv(Healthcheck(("CMD", "pg_isready", "-q"))) == ["pg_isready", "-q"]
    assert rules.probe_argv(Healthcheck(("CMD-SHELL", "a && b"))) == ["/bin/sh", "-c", "a && b"]
    for test in [(), ("NONE",), ("HTTP", "x")]:
        assert rules.probe_argv(Healthcheck(test)) is None


def test_intervals_inside_and_after_the_start_period() -> None:
    check = Healthcheck(("CMD", "x"), interval=30 * S, start_period=60 * S, start_interval=2 * S)
    assert rules.next_interval(check, 0.0, 0.0, rules.STARTING) == 2.0
    assert rules.next_interval(check, 0.0, 0.0, rules.HEALTHY) == 30.0
    assert rules.next_interval(check, 0.0, 50.0, rules.HEALTHY) == 10.0  # the period ends first
    assert rules.next_interval(check, 0.0, 60.0, rules.STARTING) == 30.0
    assert rules.next_interval(Healthcheck(("CMD", "x")), 0.0, 0.0, rules.STARTING) == 30.0


def test_output_is_cut_at_4096_bytes() -> None:
    assert rules.truncate(b"x" * 4096) == "x" * 4096
    assert rules.truncate(b"x" * 5000) == "x" * 4096 + "..."


def _dumb_status(codes: list[tuple[float, int]], retries: int, start_period: float) -> str:
    """health.go's rule restated: starting until a success; failures in the start period while
    starting are free; `retries` counted failures in a row make it unhealthy."""
    status, streak = "starting", 0
    for at, code in codes:
        if code == 0:
            status, streak = "healthy", 0
        elif status != "starting" or at >= start_period:
            streak += 1
            if streak >= retries:
                status = "unhealthy"
    return status


@given(
    st.lists(st.tuples(st.floats(0, 100), st.sampled_from([0, 1, 2, -1])), max_size=30),
    st.integers(0, 5),
    st.integers(0, 50),
)
def test_apply_matches_the_rule_and_keeps_five_results(
    codes: list[tuple[float, int]], retries: int, start_period: int
) -> None:
    codes = sorted(codes)
    check = Healthcheck(("CMD", "x"), retries=retries, start_period=start_period * S)
    health = Health()
    for at, code in codes:
        rules.apply(check, health, ProbeResult(at, at, code, ""), 0.0)
    assert health.status == _dumb_status(codes, retries or 3, start_period)
    assert [r.start for r in health.log] == [at for at, _ in codes][-5:]


# --- probes in a running container ---------------------------------------------------------------
def test_first_probe_after_the_interval_then_healthy(engine: Engine) -> None:
    assert engine.docker(
        "run -d --name web --health-cmd 'echo ok' --health-interval 5s busybox top"
    ).ok
    engine.advance(4.9)
    assert _health(engine, "web") == {"Status": "starting", "FailingStreak": 0, "Log": []}
    engine.advance(0.1)
    assert _health(engine, "web") == {
        "Status": "healthy",
        "FailingStreak": 0,
        "Log": [
            {
                "Start": "2025-06-15T12:00:05Z",
                "End": "2025-06-15T12:00:05Z",
                "ExitCode": 0,
                "Output": "ok\n",
            },
        ],
    }
    assert _actions(engine, "web") == [
        "create",
        "start",
        "exec_create: /bin/sh -c echo ok",
        "exec_start: /bin/sh -c echo ok",
        "exec_die",
        "health_status: healthy",
    ]
    die = next(e for e in engine.world.events if e.action == "exec_die")
    assert die.attributes["exitCode"] == "0"
    assert len(die.attributes["execID"]) == 64


def test_probes_leave_the_container_logs_alone(engine: Engine) -> None:
    engine.docker(
        "run -d --name web --health-cmd 'echo probe' --health-interval 1s busybox sleep 1000"
    )
    engine.advance(10)
    assert engine.docker("logs web").stdout == ""


def test_retries_then_unhealthy(engine: Engine) -> None:
    engine.docker(
        "run -d --name bad --health-cmd 'echo no >&2; exit 2' --health-interval 1s "
        "--health-retries 3 busybox top"
    )
    engine.advance(2)
    assert _health(engine, "bad")["Status"] == "starting"
    engine.advance(1)
    health = _health(engine, "bad")
    assert (health["Status"], health["FailingStreak"]) == ("unhealthy", 3)
    assert health["Log"][-1] == {  # type: ignore[index]
        "Start": "2025-06-15T12:00:03Z",
        "End": "2025-06-15T12:00:03Z",
        "ExitCode": 2,
        "Output": "no\n",
    }
    assert _actions(engine, "bad").count("health_status: unhealthy") == 1


def test_timeout_fails_with_minus_one(engine: Engine) -> None:
    engine.docker(
        "run -d --name slow --health-cmd 'echo start; sleep 60' --health-timeout 2s "
        "--health-interval 3s --health-retries 1 busybox top"
    )
    engine.advance(4)
    assert _health(engine, "slow")["Status"] == "starting"  # the probe ends at 5s
    engine.advance(1)
    assert _health(engine, "slow") == {
        "Status": "unhealthy",
        "FailingStreak": 1,
        "Log": [
            {
                "Start": "2025-06-15T12:00:03Z",
                "End": "2025-06-15T12:00:05Z",
                "ExitCode": -1,
                "Output": "Health check exceeded timeout (2s): start\n",
            },
        ],
    }
    die = next(e for e in engine.world.events if e.action == "exec_die")
    assert die.attributes["exitCode"] == "137"


def test_a_missing_program_is_the_shell_s_127_and_cmd_is_the_runtime_error(
    engine: Engine,
) -> None:
    engine.docker("run -d --name sh --health-cmd nosuch --health-interval 1s busybox top")
    engine.host_write(
        "/home/student/app/Dockerfile",
        'FROM busybox\nHEALTHCHECK --interval=1s CMD ["nosuch"]\nCMD ["top"]\n',
    )
    assert engine.docker("build -q -t hc /home/student/app").ok
    engine.docker("run -d --name exe hc")
    engine.advance(1)
    assert _health(engine, "sh")["Log"][0]["Output"] == "/bin/sh: nosuch: not found\n"  # type: ignore[index]
    result = _health(engine, "exe")["Log"][0]  # type: ignore[index]
    assert (result["ExitCode"], result["Output"]) == (
        -1,
        "OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "nosuch": executable file not found in $PATH: unknown',
    )


def test_start_period_failures_do_not_count_and_a_success_ends_it(engine: Engine) -> None:
    engine.docker(
        "run -d --name sp --health-cmd 'test -f /ready' --health-interval 10s "
        "--health-start-period 30s --health-start-interval 2s --health-retries 1 "
        "busybox top"
    )
    engine.advance(9)  # probes at 2, 4, 6, 8: all failed, none counted
    health = _health(engine, "sp")
    assert (health["Status"], health["FailingStreak"], len(health["Log"])) == ("starting", 0, 4)  # type: ignore[arg-type]
    engine.docker("exec sp touch /ready")
    engine.advance(1)  # the probe at 10 succeeds
    assert _health(engine, "sp")["Status"] == "healthy"
    engine.docker("exec sp rm /ready")
    engine.advance(10)  # healthy now: the next probe comes an interval later and counts
    health = _health(engine, "sp")
    assert (health["Status"], health["FailingStreak"]) == ("unhealthy", 1)


def test_stop_pause_and_restart(engine: Engine) -> None:
    engine.docker("run -d --name web --health-cmd true --health-interval 1s busybox top")
    engine.advance(2)
    engine.docker("pause web")
    assert _health(engine, "web")["Status"] == "unhealthy"  # the monitor stopped
    engine.advance(5)
    assert len(_health(engine, "web")["Log"]) == 2  # type: ignore[arg-type]
    engine.docker("unpause web")
    engine.advance(1)
    assert _health(engine, "web")["Status"] == "healthy"
    engine.docker("stop web")
    health = _health(engine, "web")
    assert (health["Status"], len(health["Log"])) == ("unhealthy", 3)  # type: ignore[arg-type]
    engine.advance(100)
    assert len(_health(engine, "web")["Log"]) == 3  # type: ignore[arg-type]
    engine.docker("start web")
    health = _health(engine, "web")
    assert (health["Status"], health["FailingStreak"], len(health["Log"])) == ("starting", 0, 3)  # type: ignore[arg-type]
    # health_status events only when the status changes by a probe (not on stop or pause)
    assert [a for a in _actions(engine, "web") if a.startswith("health")] == [
        "health_status: healthy",
        "health_status: healthy",
    ]


def test_a_restart_policy_restarts_the_monitor(engine: Engine) -> None:
    engine.docker(
        "run -d --name flap --restart always --health-cmd 'exit 1' --health-interval 1s "
        "--health-retries 1 busybox sh -c 'sleep 5; exit 3'"
    )
    engine.advance(4.5)
    assert _health(engine, "flap")["FailingStreak"] == 4
    engine.advance(1)  # exited at 5, restarted 0.1 s later: starting again
    health = _health(engine, "flap")
    assert (health["Status"], health["FailingStreak"]) == ("starting", 0)


def test_no_healthcheck_and_none_have_no_health(engine: Engine) -> None:
    engine.host_write(
        "/home/student/app/Dockerfile",
        'FROM busybox\nHEALTHCHECK --interval=1s CMD true\nCMD ["top"]\n',
    )
    assert engine.docker("build -q -t hc /home/student/app").ok
    engine.docker("run -d --name off --no-healthcheck hc")
    engine.docker("run -d --name on hc")
    engine.advance(3)
    assert engine.container_get("off").state.health is None
    assert _health(engine, "on")["Status"] == "healthy"
    assert not any(
        e.action.startswith("exec")
        for e in engine.world.events
        if e.actor == engine.container_get("off").id
    )


def test_ten_years_of_one_second_probes_are_fast_and_counted(engine: Engine) -> None:
    engine.docker(
        "run -d --name bad --health-cmd 'echo no; exit 1' --health-interval 1s busybox top"
    )
    engine.docker("run -d --name good --health-cmd 'date +%s' --health-interval 1s busybox top")
    years = 10 * 365 * 86400
    began = time.perf_counter()
    engine.advance(years)
    assert time.perf_counter() - began < 2.0
    bad, good = _health(engine, "bad"), _health(engine, "good")
    assert (bad["Status"], bad["FailingStreak"]) == ("unhealthy", years)
    assert (good["Status"], good["FailingStreak"]) == ("healthy", 0)
    # the log holds the last five probes, each run for real at its own time
    now = int(engine.now)
    assert [r["Output"] for r in good["Log"]] == [f"{now - k}\n" for k in range(4, -1, -1)]  # type: ignore[union-attr]
    assert len(engine.world.events) == 256
    assert engine.world.events[-1].action == "exec_die"
    assert engine.container_get("bad").state.health.probes == years  # type: ignore[union-attr]


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 4),  # interval, seconds
    st.integers(1, 4),  # retries
    st.sampled_from(["true", "false", "test -f /go"]),
    st.lists(st.integers(1, 40), min_size=1, max_size=4),  # when the probe's file appears
)
def test_a_long_jump_equals_small_steps(
    interval: int, retries: int, cmd: str, steps: list[int]
) -> None:
    """Counting settled probes gives the state running each probe gives."""
    worlds = []
    for stride in (None, 0.5):
        e = Engine()
        e.docker("pull -q busybox")
        e.docker(
            f"run -d --name cc --health-cmd '{cmd}' --health-interval {interval}s "
            f"--health-retries {retries} busybox top"
        )
        for i, step in enumerate(steps):
            if stride is None:
                e.advance(step * 10)
            else:
                for _ in range(step * 20):
                    e.advance(stride)
            e.docker("exec cc touch /go" if i % 2 == 0 else "exec cc rm -f /go")
        e.advance(300)
        state = e.container_get("cc").state.health
        assert state is not None
        worlds.append((state.status, state.failing_streak, state.log, state.probes))
    assert worlds[0] == worlds[1]


def test_health_and_a_pending_probe_survive_save_and_load(engine: Engine) -> None:
    engine.docker("run -d --name slow --health-cmd 'sleep 3' --health-interval 2s busybox top")
    engine.advance(3)  # a probe started at 2 ends at 5
    world = World.from_json(json.loads(json.dumps(engine.world.to_json())))
    other = Engine(catalog=engine.catalog)
    other.world = world
    for e in (engine, other):
        e.advance(3)
    assert _health(other, "slow") == _health(engine, "slow")
    assert _health(other, "slow")["Log"][0]["End"] == "2025-06-15T12:00:05Z"  # type: ignore[index]
