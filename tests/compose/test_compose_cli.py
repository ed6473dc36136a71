"""`docker compose`: file errors, interpolation, naming, and up/ps/down for a two-service app."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.compose.file import normalize_name
from dockersim.compose.interpolate import InterpolationError, substitute
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  web:
    image: nginx
    ports:
      - "8080:80"
    depends_on:
      - redis
  redis:
    image: redis
"""


def _engine(text: bytes, directory: str = "/home/student/app") -> Engine:
    engine = Engine()
    engine.machine.put(FileEntry(directory, "dir", 0o755))
    engine.machine.write(f"{directory}/compose.yaml", text)
    return engine


def test_up_down_progress_lines() -> None:
    engine = _engine(APP)
    up = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert up.exit_code == 0
    assert up.stderr.endswith(
        " Network app_default  Creating\n"
        " Network app_default  Created\n"
        " Container app-redis-1  Creating\n"
        " Container app-redis-1  Created\n"
        " Container app-web-1  Creating\n"
        " Container app-web-1  Created\n"
        " Container app-redis-1  Starting\n"
        " Container app-redis-1  Started\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    labels = engine.container_get("app-web-1").config.labels
    assert labels["com.docker.compose.project"] == "app"
    assert labels["com.docker.compose.service"] == "web"
    assert labels["com.docker.compose.container-number"] == "1"
    down = run("docker compose -f app/compose.yaml down", engine, env={})
    assert down.stderr == (
        " Container app-web-1  Stopping\n Container app-web-1  Stopped\n"
        " Container app-web-1  Removing\n Container app-web-1  Removed\n"
        " Container app-redis-1  Stopping\n Container app-redis-1  Stopped\n"
        " Container app-redis-1  Removing\n Container app-redis-1  Removed\n"
        " Network app_default  Removing\n Network app_default  Removed\n"
    )


def test_ls_table() -> None:
    engine = _engine(APP)
    run("docker compose -f app/compose.yaml up -d", engine, env={})
    result = run("docker compose ls", engine, env={})
    assert result.stdout == (
        "NAME      STATUS       CONFIG FILES\n"
        "app       running(2)   /home/student/app/compose.yaml\n"
    )


def test_scale() -> None:
    engine = _engine(APP)
    run("docker compose -f app/compose.yaml up -d --scale redis=2", engine, env={})
    names = sorted(c.display_name for c in engine.container_list())
    assert names == ["app-redis-1", "app-redis-2", "app-web-1"]


def test_error_no_file() -> None:
    engine = Engine()
    result = run("docker compose up -d", engine, env={})
    assert (result.exit_code, result.stderr) == (1, "no configuration file provided: not found\n")


def test_error_unknown_key() -> None:
    engine = _engine(b"services:\n  web:\n    image: nginx\n    imagee: x\n")
    result = run("docker compose -f app/compose.yaml config", engine, env={})
    assert result.stderr == (
        "validating /home/student/app/compose.yaml: services.web Additional property imagee "
        "is not allowed\n"
    )


def test_error_wrong_type() -> None:
    engine = _engine(b"services:\n  web:\n    image: nginx\n    ports: 80\n")
    result = run("docker compose -f app/compose.yaml config", engine, env={})
    assert result.stderr == (
        "validating /home/student/app/compose.yaml: services.web.ports must be a list\n"
    )


def test_error_undefined_dependency() -> None:
    engine = _engine(b"services:\n  web:\n    image: nginx\n    depends_on: [db]\n")
    result = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert result.stderr == (
        'service "web" depends on undefined service "db": invalid compose project\n'
    )


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("${TAG:-latest}", {}, "latest"),
        ("${TAG:-latest}", {"TAG": ""}, "latest"),
        ("${TAG-latest}", {"TAG": ""}, ""),
        ("$$HOME", {}, "$HOME"),
        ("a${X}b$X", {"X": "1"}, "a1b1"),
        ("${X:+set}", {"X": "v"}, "set"),
    ],
)
def test_substitute(text: str, env: dict[str, str], expected: str) -> None:
    assert substitute(text, env) == expected


def test_error_required_variable() -> None:
    with pytest.raises(InterpolationError) as info:
        substitute("${DB:?set DB}", {})
    assert str(info.value) == "required variable DB is missing a value: set DB"


@pytest.mark.parametrize(
    ("name", "expected"), [("My App", "myapp"), ("_x.y-Z", "xy-z"), ("app", "app")]
)
def test_project_name_normalised(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


def test_error_invalid_project_name() -> None:
    engine = _engine(APP)
    result = run("docker compose -f app/compose.yaml -p My up -d", engine, env={})
    assert result.stderr == (
        'invalid project name "My": must consist only of lowercase alphanumeric characters, '
        "hyphens, and underscores as well as start with a letter or number\n"
    )


def test_logs_prefixes() -> None:
    engine = _engine(b"services:\n  hello:\n    image: busybox\n    command: echo hi\n")
    run("docker compose -f app/compose.yaml up -d", engine, env={})
    result = run("docker compose -f app/compose.yaml logs", engine, env={})
    assert result.stdout == "hello-1  | hi\n"


def test_down_volumes() -> None:
    engine = _engine(
        b"services:\n  db:\n    image: redis\n    volumes: [data:/data]\nvolumes:\n  data:\n"
    )
    up = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert ' Volume "app_data"  Created\n' in up.stderr
    down = run("docker compose -f app/compose.yaml down -v", engine, env={})
    assert down.stderr.endswith(" Volume app_data  Removing\n Volume app_data  Removed\n")
    assert [v.name for v in engine.volume_list()] == []


def test_a_flag_this_slice_does_not_act_on_is_refused_not_ignored() -> None:
    from dockersim.engine import Engine

    engine = Engine()
    result = engine.docker(["compose", "ps", "--no-trunc"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "dockersim: not simulated in compose ps: option --no-trunc\n"


TODO_APP = b"""services:
  app:
    image: node:20-alpine
    command: sh -c "echo app starting; sleep 100000"
    environment:
      MYSQL_HOST: mysql
    depends_on:
      mysql:
        condition: service_healthy
  mysql:
    image: mysql:8.0
    volumes:
      - todo-mysql-data:/var/lib/mysql
    environment:
      MYSQL_ROOT_PASSWORD: secret
      MYSQL_DATABASE: todos
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-psecret"]
      interval: 5s
volumes:
  todo-mysql-data:
"""


def test_the_getting_started_shape_waits_for_mysql_to_be_healthy() -> None:
    """Docker's workshop: the app starts only once mysql's health check has passed."""
    engine = _engine(TODO_APP)
    up = run("docker compose -f app/compose.yaml up -d", engine, env={})
    assert up.exit_code == 0, up.stderr
    lines = [line for line in up.stderr.splitlines() if "Pull" not in line]
    assert lines[-6:] == [
        " Container app-mysql-1  Starting",
        " Container app-mysql-1  Started",
        " Container app-mysql-1  Waiting",
        " Container app-mysql-1  Healthy",
        " Container app-app-1  Starting",
        " Container app-app-1  Started",
    ]
    mysql, app = engine.container_get("app-mysql-1"), engine.container_get("app-app-1")
    assert mysql.state.health is not None and mysql.state.health.status == "healthy"
    assert app.state.started_at is not None and mysql.state.started_at is not None
    assert app.state.started_at >= mysql.state.started_at + 5  # one interval: the first probe
    assert ' Volume "app_todo-mysql-data"  Created' in up.stderr
    logs = run("docker compose -f app/compose.yaml logs app", engine, env={})
    assert logs.stdout == "app-1  | app starting\n"
