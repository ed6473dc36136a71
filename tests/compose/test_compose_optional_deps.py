"""`depends_on` with `required: false` (compose v2.37.1 pkg/compose/convergence.go
waitDependencies): a dependency that fails is skipped with a warning, the service starts."""

from __future__ import annotations

from dockersim import Engine
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  web:
    image: busybox
    command: sleep 1000
    depends_on:
      db:
        condition: service_healthy
        required: false
      init:
        condition: service_completed_successfully
        required: false
  db:
    image: busybox
    command: sleep 1000
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 2
  init:
    image: busybox
    command: sh -c "exit 3"
"""


def _engine(text: bytes) -> Engine:
    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", text)
    assert run("docker pull busybox", engine).exit_code == 0
    return engine


def test_failed_optional_dependencies_are_skipped() -> None:
    engine = _engine(APP)
    up = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert up.exit_code == 0
    assert up.stderr == (
        " Network app_default  Creating\n"
        " Network app_default  Created\n"
        " Container app-db-1  Creating\n"
        " Container app-db-1  Created\n"
        " Container app-init-1  Creating\n"
        " Container app-init-1  Created\n"
        " Container app-web-1  Creating\n"
        " Container app-web-1  Created\n"
        " Container app-db-1  Starting\n"
        " Container app-db-1  Started\n"
        " Container app-init-1  Starting\n"
        " Container app-init-1  Started\n"
        " Container app-db-1  Waiting\n"
        ' Container app-db-1  Skipped: optional dependency "db" failed to start\n'
        'time="2025-06-15T12:00:02Z" level=warning msg="optional dependency \\"db\\" failed '
        'to start: container app-db-1 is unhealthy"\n'
        " Container app-init-1  Waiting\n"
        ' Container app-init-1  Skipped: optional dependency "init" didn\'t complete '
        "successfully: exit 3\n"
        'time="2025-06-15T12:00:02Z" level=warning msg="optional dependency \\"init\\" '
        "didn't complete successfully: exit 3\"\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    assert engine.container_get("app-web-1").state.running


def test_required_dependency_failure_stops_up() -> None:
    engine = _engine(APP.replace(b"        required: false\n", b""))
    up = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert up.exit_code == 1
    assert up.stderr.endswith(
        " Container app-db-1  Waiting\n"
        " Container app-db-1  Error\n"
        "dependency failed to start: container app-db-1 is unhealthy\n"
    )
    assert engine.container_get("app-web-1").state.status == "created"


def test_missing_optional_dependency_warns() -> None:
    """A dependency with no container (here scaled to 0 by `--scale`, so Compose still
    waits for it): a warning, not the `is missing dependency` error."""
    text = b"""services:
  web:
    image: busybox
    command: sleep 1000
    depends_on:
      db:
        condition: service_healthy
        required: false
  db:
    image: busybox
    command: sleep 1000
"""
    engine = _engine(text)
    up = run("docker compose -f app/compose.yaml up -d --scale db=0", engine, env={})
    assert up.exit_code == 0
    assert (
        'time="2025-06-15T12:00:00Z" level=warning msg="web is missing dependency db"\n'
        in up.stderr
    )
    required = _engine(text.replace(b"        required: false\n", b""))
    up = run("docker compose -f app/compose.yaml up -d --scale db=0", required, env={})
    assert (up.exit_code, up.stderr.splitlines()[-1]) == (1, "web is missing dependency db")


def test_tty_frame_shows_warning_marks() -> None:
    engine = _engine(APP)
    up = run("docker compose -f app/compose.yaml up -d", engine, env={"NO_COLOR": "1"}, tty=True)
    # the warnings come first (dockersim prints the final frame only); statuses are cut
    # at 80 - len(ID) - padding - 15 columns, as tty.go does; init's wait ended a tick later
    assert up.stderr == (
        'time="2025-06-15T12:00:02Z" level=warning msg="optional dependency \\"db\\" failed '
        'to start: container app-db-1 is unhealthy"\n'
        'time="2025-06-15T12:00:02Z" level=warning msg="optional dependency \\"init\\" '
        "didn't complete successfully: exit 3\"\n"
        "[+] Running 4/4\n"
        " ✔ Network app_default   Created                                           0.0s \n"
        " ! Container app-db-1    Skipped: optional depende...                      2.0s \n"
        " ! Container app-init-1  Skipped: optional depen...                        2.5s \n"
        " ✔ Container app-web-1   Started                                           2.5s \n"
    )
