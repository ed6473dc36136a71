"""The check vocabulary (dockersim.scenario.checks), as the grader will use it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dockersim.engine import Engine
from dockersim.scenario.checks import evaluate, parse_check
from dockersim.scenario.problems import ScenarioError
from dockersim.scenario.results import CheckResult


@pytest.fixture(scope="module")
def world() -> Engine:
    engine = Engine(11)
    for line in (
        "pull -q nginx",
        "pull -q alpine",
        "run -d --name web -p 8080:80 nginx",
        'run --name done alpine sh -c "echo hi > /greeting; exit 3"',
        "network create appnet",
        "run -d --name client --network appnet alpine sleep 1000",
        "run -d --name api --network appnet nginx",
        "volume create data",
    ):
        assert engine.docker(line).exit_code == (3 if "exit 3" in line else 0), line
    engine.host_write("/home/student/notes.txt", "remember the milk\n")
    return engine


def judge(engine: object, data: dict) -> tuple[str, str, str]:
    result = evaluate(parse_check(data), engine)  # type: ignore[arg-type]
    return result.status, result.title, result.message


def test_a_passing_check_is_a_whole_result(world):
    check = parse_check({"container": {"id": "web-up", "name": "web", "state": "running"}})
    assert evaluate(check, world, step=4) == CheckResult(
        kind="container",
        title="container web is running",
        status="passed",
        id="web-up",
        points=1.0,
        max_points=1.0,
        step=4,
    )


def test_a_failing_check_says_why(world):
    check = parse_check({"container": {"name": "done", "state": "running", "exitCode": 0}})
    assert evaluate(check, world) == CheckResult(
        kind="container",
        title="container done is running, exit code 0",
        status="failed",
        message="state is exited, expected running; exit code is 3, expected 0",
        expected="running",
        actual="exited",
        points=0.0,
        max_points=1.0,
    )


CASES = [
    (
        {"container": {"name": "web", "image": "nginx", "cmd": ["nginx", "-g", "daemon off;"]}},
        ("passed", 'container web from image nginx, has cmd ["nginx", "-g", "daemon off;"]', ""),
    ),
    (
        {"container": {"name": "ghost"}},
        ("failed", "container ghost exists", "there is no container ghost"),
    ),
    (
        {"container": {"name": "done", "exists": False}},
        ("failed", "container done does not exist", "container done exists (exited)"),
    ),
    (
        {"container": {"name": "web", "env": {"NGINX_VERSION": "1.27.5", "NOPE": "x"}}},
        (
            "failed",
            'container web has env {"NGINX_VERSION": "1.27.5", "NOPE": "x"}',
            "env has no NOPE",
        ),
    ),
    (
        {"image": {"name": "nginx", "exposedPorts": ["80/tcp"], "layers": 7, "workdir": ""}},
        ("passed", 'image nginx exposes ["80/tcp"], has workdir , has 7 layers', ""),
    ),
    (
        {"image": {"name": "alpine", "sharesLayersWith": "nginx"}},
        (
            "failed",
            "image alpine shares a layer with nginx",
            "no layer of alpine is a layer of nginx",
        ),
    ),
    (
        {"image": {"name": "redis", "exists": False}},
        ("passed", "image redis is not present", ""),
    ),
    (
        {"file": {"path": "/home/student/notes.txt", "contents": {"contains": "milk"}}},
        ("passed", 'file /home/student/notes.txt on the host contains "milk"', ""),
    ),
    (
        {"file": {"path": "/greeting", "container": "done", "contents": "hi", "mode": "0644"}},
        ("passed", 'file /greeting in container done has mode 0644, is "hi"', ""),
    ),
    (
        {"file": {"path": "/greeting", "image": "alpine"}},
        ("failed", "file /greeting in image alpine exists", "there is no /greeting"),
    ),
    (
        {"file": {"path": "/etc", "container": "web", "filetype": "file"}},
        ("failed", "file /etc in container web is a file", "its type is directory, expected file"),
    ),
    (
        {"command": {"exec": "docker ps -q", "exitCode": 0, "stdout": {"lines": 3}}},
        ("passed", "`docker ps -q` exits 0, stdout has 3 lines", ""),
    ),
    (
        {"command": {"exec": "cat notes.txt", "stdout": "remember the eggs"}},
        (
            "failed",
            '`cat notes.txt` stdout is "remember the eggs"',
            'stdout is "remember the milk"',
        ),
    ),
    (
        {"volume": {"name": "data", "driver": "local"}},
        ("passed", "volume data has driver local", ""),
    ),
    (
        {"network": {"name": "appnet", "driver": "bridge", "containers": ["client", "web"]}},
        (
            "failed",
            'network appnet has driver bridge, connects ["client", "web"]',
            "web is not attached",
        ),
    ),
    (
        {"port": {"port": 8080, "container": "web", "ip": "0.0.0.0"}},
        ("passed", "tcp port 8080 on the host is published on 0.0.0.0 by container web", ""),
    ),
    (
        {"port": {"port": 9090}},
        ("failed", "tcp port 9090 on the host is published", "no running container publishes it"),
    ),
    (
        {"http": {"url": "http://localhost:8080", "status": 200, "headers": {"Server": "nginx"}}},
        ("passed", "GET http://localhost:8080 answers 200, with Server: nginx", ""),
    ),
    (
        {"http": {"url": "http://localhost:9090", "status": 200}},
        (
            "failed",
            "GET http://localhost:9090 answers 200",
            "no response: http://localhost:9090: connection refused",
        ),
    ),
    (
        {"dns": {"name": "api", "from": "client"}},
        ("passed", "api resolves in client", ""),
    ),
    (
        {"dns": {"name": "web", "from": "client", "resolvable": False}},
        ("passed", "web does not resolve in client", ""),
    ),
]


@pytest.mark.parametrize(("data", "verdict"), CASES, ids=[next(iter(c[0])) for c in CASES])
def test_each_kind_judges_the_world(world, data, verdict):
    assert judge(world, data) == verdict


def test_a_command_check_changes_nothing(world):
    assert judge(world, {"command": {"exec": "docker rm -f web", "exitCode": 0}})[0] == "passed"
    assert world.container_get("web").state.status == "running"


def test_checks_without_engine_support_say_so():
    engine = SimpleNamespace(settle=lambda: None, world=SimpleNamespace(containers={}))
    assert [
        judge(engine, {kind: fields})[2]
        for kind, fields in (
            ("volume", {"name": "data"}),
            ("network", {"name": "appnet"}),
            ("http", {"url": "http://localhost"}),
            ("dns", {"name": "api", "from": "client"}),
        )
    ] == [
        "volume checks are not supported by this engine yet",
        "network checks are not supported by this engine yet",
        "http checks are not supported by this engine yet",
        "dns checks are not supported by this engine yet",
    ]


def test_an_engine_failure_is_a_failed_check_not_a_crash():
    def boom(name: str) -> None:
        raise RuntimeError("boom")

    engine = SimpleNamespace(settle=lambda: None, container_get=boom)
    assert judge(engine, {"container": {"name": "web"}}) == (
        "failed",
        "container web exists",
        "dockersim internal error: RuntimeError: boom",
    )


def test_title_replaces_the_description_and_points_are_kept(world):
    check = parse_check({"image": {"name": "nginx", "title": "nginx is here", "points": 3}})
    result = evaluate(check, world)
    assert (result.title, result.points, result.max_points) == ("nginx is here", 3.0, 3.0)


def test_error_parse_check_reports_every_problem():
    with pytest.raises(ScenarioError) as info:
        parse_check({"container": {"stat": "running"}, "image": {}})
    assert str(info.value) == (
        "<check>:1:1: a check has exactly one kind (container, image, volume, network, file, "
        "port, http, dns, compose, command); found 2 keys (start a new list item with '-')\n"
        "<check>:1:1: container check needs the field 'name'\n"
        "<check>:1:1: image check needs the field 'name'\n"
        "<check>:1:1: unknown field 'stat' in container check (did you mean 'state'?); known "
        "fields: name, exists, state, exitCode, oomKilled, image, entrypoint, cmd, env, "
        "hostname, restartPolicy, restartCount, labels, id, title, points"
    )
