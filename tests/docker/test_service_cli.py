# ruff: noqa: E501  (tables are compared whole, one row a line)
"""`docker service ...` through the CLI, compared as whole outputs.

Sources (docs/swarm.md): docker/cli v29.1.3 cli/command/service (create.go, list.go, ps.go,
scale.go, remove.go, helpers.go WaitOnService, progress/progress.go, formatter.go),
cli/command/task (formatter.go, print.go), moby's vendored jsonmessage Display (off a
terminal a progress bar is left out, every other message is `id: status`).
"""

from __future__ import annotations

import json

import pytest

from dockersim.docker import run
from dockersim.engine import Engine

# the IDs a fresh world with seed 0 draws (swarm IDs are 25 base-36 characters)
WEB = "k5ie7y71pbp7wi5hsaynrq5s7"
NOT_MANAGER = (
    'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or '
    '"docker swarm join" to connect this node to swarm and try again.\n'
)


def _verify(service_id: str) -> str:
    """progress.go: polled every 200ms for the 5s monitor, `wait/time.Second+1` each time."""
    waits = "".join(
        f"verify: Waiting {n} seconds to verify that tasks are stable...\n"
        for n in (5, 4, 3, 2, 1)
        for _ in range(5)
    )
    return waits + f"verify: Service {service_id} converged\n"


@pytest.fixture
def swarm() -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    token = engine.swarm_state["worker_token"]
    node2 = engine.node("node2")
    assert node2.docker(f"swarm join --token {token} 192.168.65.3:2377").exit_code == 0
    return engine


def test_create_off_a_terminal_prints_the_id_then_the_progress_lines(swarm: Engine) -> None:
    result = swarm.docker("service create --name web --replicas 3 -p 8080:80 nginx")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{WEB}\n"
        "overall progress: 0 out of 3 tasks\n"
        "1/3:  \n"
        "2/3:  \n"
        "3/3:  \n"
        "overall progress: 3 out of 3 tasks\n" + _verify(WEB)
    )


def test_create_at_a_terminal_shows_the_final_screen(swarm: Engine) -> None:
    result = run("service create --name web --replicas 2 nginx", swarm, tty=True)
    bar = "running   [" + "=" * 50 + ">] "
    assert result.stdout == (
        f"{WEB}\n"
        "overall progress: 2 out of 2 tasks \n"
        f"1/2: {bar}\n"
        f"2/2: {bar}\n"
        f"verify: Service {WEB} converged \n"
    )


def test_ls_and_ps_after_the_wait(swarm: Engine) -> None:
    swarm.docker("service create --name web --replicas 3 -p 8080:80 nginx")
    assert swarm.docker("service ls").stdout == (
        "ID             NAME      MODE         REPLICAS   IMAGE          PORTS\n"
        "k5ie7y71pbp7   web       replicated   3/3        nginx:latest   *:8080->80/tcp\n"
    )
    assert swarm.docker("service ps web").stdout == (
        "ID             NAME      IMAGE          NODE        DESIRED STATE   CURRENT STATE           ERROR     PORTS\n"
        "5eerv4yhboth   web.1     nginx:latest   dockersim   Running         Running 5 seconds ago             \n"
        "jgx6ahop4lv3   web.2     nginx:latest   node2       Running         Running 5 seconds ago             \n"
        "vjsp512pf5dh   web.3     nginx:latest   dockersim   Running         Running 5 seconds ago             \n"
    )


def test_tasks_are_containers_on_their_nodes(swarm: Engine) -> None:
    swarm.docker("service create -d --name web --replicas 3 nginx")
    names = swarm.node("node2").docker("ps --format '{{.Image}} {{.Names}}'").stdout
    assert names == "nginx:latest web.2.jgx6ahop4lv3dfhzq4fjhz3bs\n"


def test_detach_prints_only_the_id(swarm: Engine) -> None:
    result = swarm.docker("service create -d --name web nginx")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{WEB}\n", "")


def test_scale_then_rm(swarm: Engine) -> None:
    swarm.docker("service create -d --name web nginx")
    result = swarm.docker("service scale -d web=3")
    assert (result.exit_code, result.stdout) == (0, "web scaled to 3\n")
    assert swarm.docker("service ls --format '{{.Name}} {{.Replicas}}'").stdout == "web 3/3\n"
    removed = swarm.docker("service rm web nosuch")
    assert (removed.exit_code, removed.stdout, removed.stderr) == (
        1,
        "web\n",
        "Error response from daemon: service nosuch not found\n",
    )
    assert swarm.docker("ps -a -q").stdout == ""


def test_scale_errors(swarm: Engine) -> None:
    swarm.docker("service create -d --name g --mode global alpine top")
    result = swarm.docker("service scale -d g=2 nosuch=1 web=x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "g: scale can only be used with replicated or replicated-job mode\n"
        "nosuch: Error response from daemon: service nosuch not found\n"
        'web: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax\n'
    )
    bad = swarm.docker("service scale web")
    assert bad.stderr == (
        "invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\n"
        "Usage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\n"
        "Scale one or multiple replicated services\n"
    )


def test_ps_and_inspect_of_unknown_services(swarm: Engine) -> None:
    swarm.docker("service create -d --name web nginx")
    missing = swarm.docker("service ps nosuch")
    assert (missing.exit_code, missing.stdout, missing.stderr) == (
        1,
        "",
        "no such service: nosuch\n",
    )
    inspected = swarm.docker("service inspect --format '{{.Spec.Name}}' web nosuch")
    assert (inspected.exit_code, inspected.stdout, inspected.stderr) == (
        1,
        "web\n",
        "no such service: nosuch\n",
    )


def test_inspect_document(swarm: Engine) -> None:
    swarm.docker("service create -d --name web --replicas 2 -e A=1 -p 8080:80 nginx")
    (doc,) = json.loads(swarm.docker("service inspect web").stdout)
    assert doc["ID"] == WEB
    spec = doc["Spec"]
    assert spec["Mode"] == {"Replicated": {"Replicas": 2}}
    assert spec["TaskTemplate"]["ContainerSpec"]["Env"] == ["A=1"]
    assert spec["TaskTemplate"]["ContainerSpec"]["Image"].startswith("nginx:latest@sha256:")
    port = {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"}
    assert spec["EndpointSpec"] == {"Mode": "vip", "Ports": [port]}
    assert doc["Endpoint"]["Ports"] == [port]
    assert spec["UpdateConfig"] == {
        "Parallelism": 1,
        "FailureAction": "pause",
        "Monitor": 5000000000,
        "MaxFailureRatio": 0,
        "Order": "stop-first",
    }


def test_unknown_image_warns_and_the_task_is_rejected(swarm: Engine) -> None:
    result = swarm.docker("service create -d --name bad nosuchimage")
    assert result.stderr == (
        "image nosuchimage:latest could not be accessed on a registry to record\n"
        "its digest. Each node will access nosuchimage:latest independently,\n"
        "possibly leading to different nodes running different\nversions of the image.\n\n"
    )
    assert swarm.docker(
        "service ps --format '{{.Name}}|{{.DesiredState}}|{{.Error}}' bad"
    ).stdout == ('bad.1|Shutdown|"No such image: nosuchimage:la…"\n')


def test_commands_outside_a_swarm() -> None:
    engine = Engine()
    for line in ("service ls", "service create nginx", "service ps web", "service rm web"):
        result = engine.docker(line)
        assert (result.exit_code, result.stderr) == (1, NOT_MANAGER), line


def test_global_with_replicas_is_refused(swarm: Engine) -> None:
    result = swarm.docker("service create --mode global --replicas 2 nginx")
    assert (result.exit_code, result.stderr) == (
        1,
        "replicas can only be used with replicated or replicated-job mode\n",
    )
