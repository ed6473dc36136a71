"""Health checks across `docker pause` / `docker unpause` (moby daemon/pause.go,
daemon/unpause.go, daemon/health.go `updateHealthMonitor`, daemon/container/health.go
`CloseMonitorChannel`).

Pause closes the monitor, and closing it sets the status to `unhealthy` "for compatibility
reasons" (no probe failed: FailingStreak stays 0 and the log keeps the successful probes;
moby/moby#46203 shows the same inspect output). Unpause opens a new monitor whose first
probe is one interval later, and until that probe ends the status stays `unhealthy`; its
success makes it `healthy` again with a `health_status: healthy` event. This is what the
report of issue 17 observed: it is Docker's behaviour, kept here as a regression test."""

from __future__ import annotations

import json

import pytest

from dockersim import Engine


@pytest.fixture
def engine() -> Engine:
    e = Engine()
    assert e.docker("pull -q busybox").ok
    return e


def _health(engine: Engine, name: str) -> tuple[str, int, list[int]]:
    r = engine.docker(f"inspect --format '{{{{json .State.Health}}}}' {name}")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    return data["Status"], data["FailingStreak"], [e["ExitCode"] for e in data["Log"]]


def _actions(engine: Engine, name: str) -> list[str]:
    cid = engine.container_get(name).id
    return [e.action for e in engine.world.events if e.actor == cid]


def test_unpause_keeps_unhealthy_until_the_next_probe(engine: Engine) -> None:
    # given a healthy container probed every 10 s
    engine.docker("run -d --name db --health-cmd true --health-interval 10s busybox top")
    engine.advance(10.5)
    assert _health(engine, "db") == ("healthy", 0, [0])
    # when it is paused for 3 s and unpaused
    engine.docker("pause db")
    assert _health(engine, "db") == ("unhealthy", 0, [0])
    engine.advance(3)
    engine.docker("unpause db")
    # then it stays unhealthy, with no failure, until the new monitor's first probe
    assert _health(engine, "db") == ("unhealthy", 0, [0])
    engine.advance(9.9)
    assert _health(engine, "db") == ("unhealthy", 0, [0])
    engine.advance(0.2)
    assert _health(engine, "db") == ("healthy", 0, [0, 0])
    assert engine.docker("ps --format '{{.Status}}'").stdout == "Up 23 seconds (healthy)\n"
    health_events = [a for a in _actions(engine, "db") if a.startswith("health_status")]
    assert health_events == ["health_status: healthy", "health_status: healthy"]


def test_no_probe_runs_while_paused(engine: Engine) -> None:
    engine.docker("run -d --name db --health-cmd true --health-interval 1s busybox top")
    engine.advance(2.5)
    engine.docker("pause db")
    before = len(_actions(engine, "db"))
    engine.advance(3600)
    assert _actions(engine, "db")[before:] == []
    assert _health(engine, "db") == ("unhealthy", 0, [0, 0])
    assert engine.docker("ps --format '{{.Status}}'").stdout == "Up About an hour (Paused)\n"


def test_unpause_inside_the_start_period_waits_the_interval(engine: Engine) -> None:
    # getInterval: inside the start period only a starting container waits the start
    # interval; after unpause the status is unhealthy, so the wait is the interval
    engine.docker(
        "run -d --name db --health-cmd true --health-interval 5s --health-start-period 60s "
        "--health-start-interval 1s busybox top"
    )
    engine.advance(1.5)
    assert _health(engine, "db") == ("healthy", 0, [0])
    engine.docker("pause db")
    engine.docker("unpause db")
    engine.advance(4.9)
    assert _health(engine, "db") == ("unhealthy", 0, [0])
    engine.advance(0.2)
    assert _health(engine, "db") == ("healthy", 0, [0, 0])


def test_a_failing_probe_after_unpause_counts_at_once(engine: Engine) -> None:
    # handleProbeResult: the streak grows unless the status is starting
    engine.docker(
        "run -d --name db --health-cmd 'test ! -e /tmp/down' --health-interval 1s "
        "--health-retries 2 busybox top"
    )
    engine.advance(1.5)
    engine.docker("pause db")
    engine.docker("unpause db")
    engine.docker("exec db touch /tmp/down")
    engine.advance(1)
    assert _health(engine, "db") == ("unhealthy", 1, [0, 1])
    engine.advance(1)
    assert _health(engine, "db") == ("unhealthy", 2, [0, 1, 1])
    health_events = [a for a in _actions(engine, "db") if a.startswith("health_status")]
    assert health_events == ["health_status: healthy"]
