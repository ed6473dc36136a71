"""The `compose` check: a Compose service's containers, their state and health."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.docker import run
from dockersim.model.fs import FileEntry
from dockersim.scenario.checks import evaluate, parse_check
from dockersim.scenario.problems import ScenarioError

APP = b"""services:
  web:
    image: busybox
    command: top
  db:
    image: busybox
    command: top
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = Engine()
    e.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    e.machine.write("/home/student/app/compose.yaml", APP)
    up = run("docker compose -f app/compose.yaml up -d --scale web=2", e, env={})
    assert up.exit_code == 0, up.stderr
    e.advance(2)
    return e


def _judge(engine: Engine, fields: dict[str, object]) -> tuple[str, str, str]:
    result = evaluate(parse_check({"compose": {"project": "app", **fields}}), engine)
    return result.status, result.title, result.message


def test_passes_on_count_state_and_health(engine: Engine) -> None:
    assert _judge(engine, {"service": "web", "containers": 2, "state": "running"}) == (
        "passed",
        "compose service web of project app: 2 containers, all running",
        "",
    )
    assert _judge(engine, {"service": "db", "health": "healthy"})[0] == "passed"
    assert _judge(engine, {"service": "web", "health": "none"})[0] == "passed"


def test_fails_with_what_differs(engine: Engine) -> None:
    assert _judge(engine, {"service": "web", "containers": 3, "health": "healthy"}) == (
        "failed",
        "compose service web of project app: 3 containers, all healthy",
        "the number of containers is 2, expected 3; app-web-1's health is none, expected "
        "healthy; app-web-2's health is none, expected healthy",
    )
    assert _judge(engine, {"service": "cache", "state": "running"})[2] == (
        "service cache has no containers"
    )


def test_error_contradiction_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_check(
            {"compose": {"project": "a", "service": "b", "containers": 0, "state": "running"}}
        )
    assert "a service without containers has no state or health" in str(caught.value)
