"""`docker compose` third slice: `up` again over a project whose containers are running,
paused or were just unpaused (pkg/compose/convergence.go ensureService, startContainer,
waitDependencies, isServiceHealthy, docker/compose v2.37.1)."""

from __future__ import annotations

from dockersim import Engine
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  db:
    image: redis
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 10s
      start_period: 30s
      start_interval: 1s
  web:
    image: nginx
    depends_on:
      db:
        condition: service_healthy
"""
F = "docker compose -f app/compose.yaml"


def _engine() -> Engine:
    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", APP)
    assert run(f"{F} up -d", engine, env={}).exit_code == 0
    return engine


def test_up_again_waits_for_the_healthy_dependency() -> None:
    # given a project whose db is healthy
    engine = _engine()
    before = engine.now
    # when up runs again
    result = run(f"{F} up -d", engine, env={})
    # then both are Running (create phase), and web's start still waits for db: Waiting,
    # then Healthy at the ticker's first look, half a second later
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        " Container app-db-1  Running\n"
        " Container app-web-1  Running\n"
        " Container app-db-1  Waiting\n"
        " Container app-db-1  Healthy\n",
    )
    assert engine.now == before + 0.5


def test_up_right_after_unpause_fails_as_compose_does() -> None:
    # pause closes the health monitor (status unhealthy); after unpause the status stays so
    # until the next probe, one interval later, and isServiceHealthy fails on unhealthy
    engine = _engine()
    assert run(f"{F} pause", engine, env={}).exit_code == 0
    assert run(f"{F} unpause", engine, env={}).exit_code == 0
    result = run(f"{F} up -d", engine, env={})
    assert (result.exit_code, result.stderr) == (
        1,
        " Container app-db-1  Running\n"
        " Container app-web-1  Running\n"
        " Container app-db-1  Waiting\n"
        " Container app-db-1  Error\n"
        "dependency failed to start: container app-db-1 is unhealthy\n",
    )
    # one interval after the unpause the probe has run again: healthy
    engine.advance(10)
    again = run(f"{F} up -d", engine, env={})
    assert (again.exit_code, again.stderr.splitlines()[-1]) == (0, " Container app-db-1  Healthy")


def test_up_over_a_paused_project_is_refused_by_the_daemon() -> None:
    # ensureService starts a container that is neither running, created, restarting nor
    # exited (startContainer: `Restart`), and the daemon refuses to start a paused one
    engine = _engine()
    assert run(f"{F} pause", engine, env={}).exit_code == 0
    result = run(f"{F} up -d", engine, env={})
    assert (result.exit_code, result.stderr) == (
        1,
        " Container app-db-1  Restart\n"
        "Error response from daemon: cannot start a paused container, try unpause instead\n",
    )
    ps = run(f"{F} ps --format '{{{{.Name}}}} {{{{.State}}}}'", engine, env={})
    assert ps.stdout == "app-db-1 paused\napp-web-1 paused\n"


def test_up_starts_an_exited_service_in_the_start_phase() -> None:
    engine = _engine()
    assert run("docker stop app-web-1", engine, env={}).exit_code == 0
    result = run(f"{F} up -d", engine, env={})
    assert (result.exit_code, result.stderr) == (
        0,
        " Container app-db-1  Running\n"
        " Container app-db-1  Waiting\n"
        " Container app-db-1  Healthy\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n",
    )
