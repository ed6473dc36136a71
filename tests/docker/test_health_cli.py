"""Health checks as the docker CLI shows them: ps, inspect, events, the flags and their errors."""

from __future__ import annotations

import pytest

from dockersim import Engine

CONFLICT = "--no-healthcheck conflicts with --health-* options"
WEB = "1e2feb89414c343c1027c4d1c386bbc4cd613e30d8f16adf91b7584a2265b1f5"


@pytest.fixture
def engine() -> Engine:
    e = Engine()
    assert e.docker("pull -q busybox").ok
    return e


def out(engine: Engine, command: str) -> tuple[str, str, int]:
    r = engine.docker(command)
    return r.stdout, r.stderr, r.exit_code


def test_ps_status_through_a_check_s_life(engine: Engine) -> None:
    engine.docker(
        "run -d --name web --health-cmd 'test -f /ok' --health-interval 30s "
        "--health-retries 1 busybox sleep 100000"
    )
    fmt = "ps --format '{{.Names}}: {{.Status}}'"
    assert out(engine, fmt) == ("web: Up Less than a second (health: starting)\n", "", 0)
    engine.advance(30)
    assert out(engine, fmt) == ("web: Up 30 seconds (unhealthy)\n", "", 0)
    engine.docker("exec web touch /ok")
    engine.advance(90)
    assert out(engine, fmt) == ("web: Up 2 minutes (healthy)\n", "", 0)
    engine.docker("pause web")
    assert out(engine, fmt) == ("web: Up 2 minutes (Paused)\n", "", 0)
    engine.docker("unpause web")
    assert out(engine, fmt) == ("web: Up 2 minutes (unhealthy)\n", "", 0)


def test_ps_table_and_health_filter(engine: Engine) -> None:
    engine.docker("run -d --name web --health-cmd true --health-interval 1s busybox sleep 100000")
    engine.docker("run -d --name plain busybox sleep 100000")
    engine.advance(1)
    assert out(engine, "ps --filter health=healthy") == (
        "CONTAINER ID   IMAGE     COMMAND          CREATED        STATUS                  "
        "PORTS     NAMES\n"
        '1e2feb89414c   busybox   "sleep 100000"   1 second ago   Up 1 second (healthy)   '
        "          web\n",
        "",
        0,
    )
    assert out(engine, "ps --format '{{.Names}}' --filter health=none") == ("plain\n", "", 0)
    assert out(engine, "ps -q --filter health=starting --filter health=unhealthy") == ("", "", 0)
    engine.docker("stop web")
    assert out(engine, "ps -a --format '{{.Names}}' --filter health=unhealthy") == (
        "web\n",
        "",
        0,
    )
    assert out(engine, "ps --filter health=sick") == (
        "",
        "Error response from daemon: Unrecognised filter value for health: sick\n",
        1,
    )


def test_inspect_health_and_config(engine: Engine) -> None:
    engine.docker(
        "run -d --name web --health-cmd 'echo hi' --health-interval 1m30s "
        "--health-timeout 5s busybox sleep 100000"
    )
    assert out(engine, "inspect --format '{{json .State.Health}}' web") == (
        '{"Status":"starting","FailingStreak":0,"Log":[]}\n',
        "",
        0,
    )
    engine.advance(90)
    assert out(engine, "inspect --format '{{json .State.Health}}' web")[0] == (
        '{"Status":"healthy","FailingStreak":0,"Log":[{"Start":"2025-06-15T12:01:30Z",'
        '"End":"2025-06-15T12:01:30Z","ExitCode":0,"Output":"hi\\n"}]}\n'
    )
    assert out(engine, "inspect --format '{{.State.Health.Status}}' web") == ("healthy\n", "", 0)
    assert out(engine, "inspect --format '{{json .Config.Healthcheck}}' web")[0] == (
        '{"Test":["CMD-SHELL","echo hi"],"Interval":90000000000,"Timeout":5000000000}\n'
    )
    assert out(engine, "inspect --format '{{.Config.Healthcheck}}' web")[0] == (
        "{[CMD-SHELL echo hi] 1m30s 5s 0s 0s 0}\n"
    )
    document = engine.docker("inspect web").stdout
    assert (
        '            "Health": {\n'
        '                "Status": "healthy",\n'
        '                "FailingStreak": 0,\n'
        '                "Log": [\n'
        "                    {\n"
        '                        "Start": "2025-06-15T12:01:30Z",\n'
        '                        "End": "2025-06-15T12:01:30Z",\n'
        '                        "ExitCode": 0,\n'
        '                        "Output": "hi\\n"\n'
        "                    }\n"
        "                ]\n"
        "            }\n"
        "        },\n"
        '        "Image": '
    ) in document
    # Healthcheck sits after Cmd in the container's Config
    assert '"Cmd": [' in document
    assert document.index('"Healthcheck"') < document.index('"Image": "busybox"')


def test_inspect_without_a_check(engine: Engine) -> None:
    engine.docker("run -d --name plain busybox sleep 100000")
    assert out(engine, "inspect --format '{{.State.Health}}' plain") == ("<nil>\n", "", 0)
    assert out(engine, "inspect --format '{{json .State.Health}}' plain") == ("null\n", "", 0)
    assert out(engine, "inspect --format '{{.State.Health.Status}}' plain") == (
        "\n",
        'template parsing error: template: :1:8: executing "" at <.State.Health.Status>: '
        'map has no entry for key "Health"\n',
        1,
    )
    assert '"Health"' not in engine.docker("inspect plain").stdout


def test_events_of_a_probe(engine: Engine) -> None:
    engine.docker("run -d --name web --health-cmd true --health-interval 2s busybox sleep 100000")
    engine.advance(2)
    text = out(engine, "events --since 1749988801 --until 1749988803")[0]
    exec_id = engine.world.events[-1 - 1].attributes["execID"]
    assert text == (
        f"2025-06-15T12:00:02.000000000Z container exec_create: /bin/sh -c true {WEB} "
        f"(execID={exec_id}, image=busybox, name=web)\n"
        f"2025-06-15T12:00:02.000000000Z container exec_start: /bin/sh -c true {WEB} "
        f"(execID={exec_id}, image=busybox, name=web)\n"
        f"2025-06-15T12:00:02.000000000Z container exec_die {WEB} "
        f"(execID={exec_id}, exitCode=0, image=busybox, name=web)\n"
        f"2025-06-15T12:00:02.000000000Z container health_status: healthy {WEB} "
        "(image=busybox, name=web)\n"
    )
    assert out(engine, "events --since 0 --until 1749988803 --filter event=health_status") == (
        f"2025-06-15T12:00:02.000000000Z container health_status: healthy {WEB} "
        "(image=busybox, name=web)\n",
        "",
        0,
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            "--no-healthcheck --health-cmd true",
            "--no-healthcheck conflicts with --health-* options",
        ),
        (
            "--no-healthcheck --health-retries 2",
            "--no-healthcheck conflicts with --health-* options",
        ),
        ("--health-interval -1s", "--health-interval cannot be negative"),
        ("--health-retries -1", "--health-retries cannot be negative"),
        ("--health-start-interval -2s", "--health-start-interval cannot be negative"),
    ],
)
def test_flag_errors(engine: Engine, flags: str, message: str) -> None:
    assert out(engine, f"run {flags} busybox true") == (
        "",
        f"docker: {message}\n\nRun 'docker run --help' for more information\n",
        125,
    )


def test_daemon_refuses_durations_under_a_millisecond(engine: Engine) -> None:
    assert out(engine, "create --health-cmd true --health-interval 500us busybox") == (
        "",
        "Error response from daemon: Interval in Healthcheck cannot be less than 1ms\n",
        1,
    )


def test_image_healthcheck_merged_with_flags(engine: Engine) -> None:
    engine.host_write(
        "/home/student/app/Dockerfile",
        'FROM busybox\nHEALTHCHECK --interval=10s --retries=2 CMD ["test", "-f", "/ok"]\n'
        'CMD ["sleep", "100000"]\n',
    )
    assert engine.docker("build -q -t hc /home/student/app").ok
    engine.docker("run -d --name image hc")
    engine.docker("run -d --name faster --health-interval 2s hc")
    engine.docker("run -d --name off --no-healthcheck hc")
    fmt = "inspect --format '{{.Name}} {{json .Config.Healthcheck}}'"
    assert out(engine, f"{fmt} image faster off")[0] == (
        '/image {"Test":["CMD","test","-f","/ok"],"Interval":10000000000,"Retries":2}\n'
        '/faster {"Test":["CMD","test","-f","/ok"],"Interval":2000000000,"Retries":2}\n'
        '/off {"Test":["NONE"],"Interval":10000000000,"Retries":2}\n'
    )
    engine.advance(4)
    assert out(engine, "ps --format '{{.Names}} {{.Status}}'") == (
        "off Up 4 seconds\nfaster Up 4 seconds (unhealthy)\n"
        "image Up 4 seconds (health: starting)\n",
        "",
        0,
    )
    engine.docker("commit faster kept")
    assert out(engine, "image inspect --format '{{json .Config.Healthcheck}}' kept")[0] == (
        '{"Test":["CMD","test","-f","/ok"],"Interval":2000000000,"Retries":2}\n'
    )


def test_the_probes_people_write() -> None:
    e = Engine()
    for image in ("nginx", "postgres", "redis"):
        assert e.docker(f"pull -q {image}").ok
    e.docker(
        "run -d --name web --health-cmd 'curl -fs http://localhost/ > /dev/null' "
        "--health-interval 5s nginx"
    )
    e.docker(
        "run -d --name db -e POSTGRES_PASSWORD=pw --health-cmd 'pg_isready -U postgres' "
        "--health-interval 5s postgres"
    )
    e.docker("run -d --name cache --health-cmd 'redis-cli ping' --health-interval 5s redis")
    e.advance(5)
    first = "{{(index .State.Health.Log 0).Output}}"
    fmt = f"inspect --format '{{{{.Name}}}} {{{{.State.Health.Status}}}} {first}'"
    assert out(e, f"{fmt} web db cache")[0] == (
        "/web healthy \n"
        "/db healthy /var/run/postgresql:5432 - accepting connections\n\n"
        "/cache healthy PONG\n\n"
    )


def test_templates_see_go_types(engine: Engine) -> None:
    """`[]*HealthcheckResult` prints pointers, its times print as time.Time, durations as
    time.Duration; JSON keeps RFC 3339 and nanoseconds."""
    engine.docker("run -d --name web --health-cmd 'echo hi' --health-interval 1s busybox top")
    engine.advance(1)
    assert out(engine, "inspect --format '{{.State.Health}}' web")[0] == (
        "{healthy 0 [0xc000010000]}\n"
    )
    each = "{{range .State.Health.Log}}{{.Start}}|{{.ExitCode}}|{{.Output}}{{end}}"
    assert out(engine, f"inspect --format '{each}' web")[0] == (
        "2025-06-15 12:00:01 +0000 UTC|0|hi\n\n"
    )
    assert out(engine, "inspect --format '{{.Config.Healthcheck.Interval}}' web")[0] == "1s\n"
