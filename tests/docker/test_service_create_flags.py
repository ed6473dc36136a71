# ruff: noqa: E501  (tables are compared whole, one row a line)
"""`service create` flags beyond the first slices, and the restart supervisor.

Sources: docker/cli v29.1.3 cli/command/service/create.go newCreateCommand and opts.go
addServiceFlags / buildServiceDefaultFlagMapping (the flag set and its help), opts/mount.go;
moby api/types/swarm container.go, task.go (the inspect document), daemon/cluster/convert/
service.go (`invalid RestartCondition`), daemon/cluster/executor/container/controller.go
(`task: non-zero exit (N)`, `dockerexec: unhealthy container`); swarmkit manager/scheduler/
filter.go ResourceFilter (`insufficient resources on N node(s)`), manager/orchestrator/restart/
restart.go (conditions, delay, max attempts).
"""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine
from dockersim.model.service import Service


@pytest.fixture
def swarm() -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    return engine


def _table(engine: Engine, service: str) -> list[list[str]]:
    """`service ps --no-trunc` rows as (name, desired, current state, error unquoted)."""
    out = engine.docker(
        f"service ps --no-trunc --format '{{{{.Name}}}}|{{{{.DesiredState}}}}|{{{{.CurrentState}}}}|{{{{.Error}}}}' {service}"
    ).stdout
    return [[*row[:3], row[3].strip('"')] for row in (line.split("|") for line in out.splitlines())]


def test_help_lists_the_real_flag_set() -> None:
    text = Engine().docker("service create --help").stdout
    for flag in ("--secret secret", "--config config", "--mount mount", "--restart-condition string",
                 "--health-cmd string", "--limit-cpu decimal", "--reserve-memory bytes",
                 "--with-registry-auth", "--placement-pref pref", "--rollback-max-failure-ratio float",
                 "--ulimit ulimit", "-w, --workdir string", "-u, --user string", "--entrypoint command"):  # fmt: skip
        assert flag in text, flag
    assert "(ns|us|ms|s|m|h) (default 5s)" in text


def test_unmodelled_flags_say_so(swarm: Engine) -> None:
    result = swarm.docker("service create --dns 1.1.1.1 nginx")
    assert (result.exit_code, result.stderr) == (
        1,
        "dockersim: not simulated in service create: option --dns\n",
    )
    assert swarm.docker("service ls -q").stdout == ""


def test_container_settings_reach_the_task_container(swarm: Engine) -> None:
    result = swarm.docker(
        "service create -d --name web --hostname h1 --user nobody --workdir /tmp "
        "--entrypoint sleep --container-label c=1 --label tier=front --with-registry-auth "
        "--mount type=volume,source=data,target=/data busybox 1000"
    )
    assert result.exit_code == 0
    (container,) = swarm.docker("ps -q").stdout.split()
    out = swarm.docker(f"exec {container} sh -c 'hostname; id -un; pwd; ls -d /data'").stdout
    assert out == "h1\nnobody\n/tmp\n/data\n"
    labels = swarm.docker(
        f"inspect --format '{{{{index .Config.Labels \"c\"}}}} {{{{json .Config.Entrypoint}}}}' {container}"
    )
    assert labels.stdout == '1 ["sleep"]\n'
    assert swarm.docker("volume ls -q").stdout == "data\n"
    spec = json.loads(swarm.docker("service inspect web").stdout)[0]["Spec"]
    assert spec["Labels"] == {"tier": "front"}
    container_spec = spec["TaskTemplate"]["ContainerSpec"]
    assert {
        k: container_spec[k]
        for k in ("Labels", "Command", "Args", "Hostname", "Dir", "User", "Mounts")
    } == {
        "Labels": {"c": "1"},
        "Command": ["sleep"],
        "Args": ["1000"],
        "Hostname": "h1",
        "Dir": "/tmp",
        "User": "nobody",
        "Mounts": [{"Type": "volume", "Source": "data", "Target": "/data"}],
    }


def test_resources_in_inspect_and_on_the_container(swarm: Engine) -> None:
    swarm.docker(
        "service create -d --name web --limit-cpu 0.5 --limit-memory 64m --reserve-memory 32m --update-failure-action rollback nginx"
    )
    spec = json.loads(swarm.docker("service inspect web").stdout)[0]["Spec"]
    assert spec["TaskTemplate"]["Resources"] == {
        "Limits": {"NanoCPUs": 500000000, "MemoryBytes": 67108864},
        "Reservations": {"MemoryBytes": 33554432},
    }
    assert spec["UpdateConfig"]["FailureAction"] == "rollback"
    (container,) = swarm.docker("ps -q").stdout.split()
    out = swarm.docker(
        f"inspect --format '{{{{.HostConfig.NanoCpus}}}} {{{{.HostConfig.Memory}}}}' {container}"
    )
    assert out.stdout == "500000000 67108864\n"


def test_a_reservation_no_node_can_meet_leaves_the_task_pending(swarm: Engine) -> None:
    swarm.docker("service create -d --name big --reserve-memory 100g nginx")
    assert _table(swarm, "big") == [
        [
            "big.1",
            "Running",
            "Pending less than a second ago",
            "no suitable node (insufficient resources on 1 node)",
        ]
    ]
    assert swarm.docker("service ls --format '{{.Replicas}}'").stdout == "0/1\n"


def test_two_reservations_fill_a_node(swarm: Engine) -> None:
    swarm.docker("service create -d --name a --reserve-cpu 1.5 nginx")
    swarm.docker("service create -d --name b --reserve-cpu 1 nginx")
    assert _table(swarm, "b")[0][2] == "Pending less than a second ago"


def test_a_bind_source_missing_on_the_node_rejects_the_task(swarm: Engine) -> None:
    swarm.docker("service create -d --name x --mount type=bind,source=/nope,target=/x nginx")
    assert _table(swarm, "x") == [
        ["x.1", "Shutdown", "Rejected less than a second ago",
         'invalid mount config for type "bind": bind source path does not exist: /nope'],
    ]  # fmt: skip


def test_bad_values_as_the_daemon_and_the_cli_report_them(swarm: Engine) -> None:
    result = swarm.docker("service create --restart-condition sometimes nginx")
    assert (result.exit_code, result.stderr) == (
        1,
        'Error response from daemon: invalid RestartCondition: "sometimes"\n',
    )
    result = swarm.docker("service create --mount type=volume,source=x nginx")
    assert result.exit_code == 125
    assert result.stderr.startswith(
        'invalid argument "type=volume,source=x" for "--mount" flag: target is required\n'
    )


def test_a_failing_task_is_restarted_after_the_delay_up_to_max_attempts(swarm: Engine) -> None:
    swarm.docker(
        "service create -d --name crash --restart-delay 10s --restart-max-attempts 2 alpine sh -c 'exit 3'"
    )
    assert _table(swarm, "crash") == [
        ["crash.1", "Shutdown", "Failed less than a second ago", "task: non-zero exit (3)"]
    ]
    swarm.advance(9)
    assert len(_table(swarm, "crash")) == 1  # not due yet
    for _ in range(3):
        swarm.advance(11)
        swarm.docker("service ls")
    rows = _table(swarm, "crash")
    assert [row[0] for row in rows] == ["crash.1"] * 3
    assert {row[3] for row in rows} == {"task: non-zero exit (3)"}
    assert swarm.docker("service ls --format '{{.Replicas}}'").stdout == "0/1\n"


def test_restart_conditions(swarm: Engine) -> None:
    swarm.docker("service create -d --name none --restart-condition none alpine false")
    swarm.docker("service create -d --name onfail --restart-condition on-failure alpine true")
    swarm.docker("service create -d --name any --restart-delay 1s alpine true")
    swarm.advance(30)
    assert [r[2].split()[0] for r in _table(swarm, "none")] == ["Failed"]
    assert [r[2].split()[0] for r in _table(swarm, "onfail")] == ["Complete"]
    assert len(_table(swarm, "any")) == 2


def test_an_unhealthy_task_is_shut_down_and_replaced(swarm: Engine) -> None:
    swarm.docker(
        "service create -d --name hc --health-cmd false --health-interval 2s --health-retries 2 nginx"
    )
    swarm.advance(8)
    (row,) = _table(swarm, "hc")
    assert row[:2] == ["hc.1", "Shutdown"]
    assert row[3] == "task: non-zero exit (0): dockerexec: unhealthy container"
    swarm.advance(6)
    rows = _table(swarm, "hc")
    assert [r[1] for r in rows] == ["Running", "Shutdown"]


def test_the_new_fields_leave_older_task_keys_alone() -> None:
    plain = Service("id", "web", "nginx")
    assert plain.task_key() == Service.from_json(plain.to_json()).task_key()
    assert plain.task_key() != Service.from_json({**plain.to_json(), "user": "nobody"}).task_key()
