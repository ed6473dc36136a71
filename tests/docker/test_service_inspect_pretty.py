"""`docker service inspect --pretty`, compared as whole outputs.

Sources: docker/cli cli/command/service/formatter.go serviceInspectPrettyTemplate (tabs and
trailing spaces as text/template leaves them), inspect.go (`--format pretty`, the two format
errors, `no such service: X`), testdata/service-inspect-pretty.golden (the first test feeds
the document of inspect_test.go formatServiceInspect and expects that golden file).
"""

from __future__ import annotations

import json

import pytest

from dockersim.docker.commands.service_pretty import service_pretty
from dockersim.engine import Engine

#: docker/cli cli/command/service/testdata/service-inspect-pretty.golden
GOLDEN = (
    "\n"
    "ID:\t\tde179gar9d0o7ltdybungplod\n"
    "Name:\t\tmy_service\n"
    "Labels:\n"
    " com.label=foo\n"
    "Service Mode:\tReplicated\n"
    " Replicas:\t2\n"
    "Placement:\n"
    "ContainerSpec:\n"
    " Image:\t\tfoo/bar@sha256:this_is_a_test\n"
    "Configs:\n"
    " Target:\t/configtest.conf\n"
    "  Source:\tconfigtest.conf\n"
    "Secrets:\n"
    " Target:\t/secrettest.conf\n"
    "  Source:\tsecrettest.conf\n"
    "Log Driver:\n"
    " Name:\t\tdriver\n"
    " LogOpts:\n"
    "  max-file:       5\n"
    "\n"
    "Resources:\n"
    " Limits:\n"
    "  CPU:\t\t100\n"
    "  Memory:\t10MiB\n"
    "  PIDs:\t\t20\n"
    "Networks: mynetwork \n"
    "Endpoint Mode:\tvip\n"
    "Ports:\n"
    " PublishedPort = 30000\n"
    "  Protocol = tcp\n"
    "  TargetPort = 5000\n"
    "  PublishMode =  \n"
    " Healthcheck:\n"
    "  Interval = 4ns\n"
    "  Retries = 3\n"
    "  StartPeriod =\t2ns\n"
    "  Timeout =\t1ns\n"
    "  Tests:\n"
    "\t Test = CMD-SHELL\n"
    "\t Test = curl \n"
    "\n"
)


def test_the_cli_golden_document() -> None:
    """inspect_test.go's service as its JSON (omitempty fields left out)."""
    endpoint = {"Mode": "vip", "Ports": [{"Protocol": "tcp", "TargetPort": 5000}]}
    document = {
        "ID": "de179gar9d0o7ltdybungplod",
        "Version": {"Index": 315},
        "CreatedAt": "2025-06-15T12:00:00Z",
        "UpdatedAt": "2025-06-15T12:00:00Z",
        "Spec": {
            "Name": "my_service",
            "Labels": {"com.label": "foo"},
            "TaskTemplate": {
                "ContainerSpec": {
                    "Image": "foo/bar@sha256:this_is_a_test",
                    "Healthcheck": {
                        "Test": ["CMD-SHELL", "curl"],
                        "Interval": 4,
                        "Timeout": 1,
                        "StartPeriod": 2,
                        "Retries": 3,
                    },
                    "Secrets": [
                        {
                            "File": {"Name": "/secrettest.conf"},
                            "SecretID": "3hv39ehbbb4hdozo7spod9ftn",
                            "SecretName": "secrettest.conf",
                        }
                    ],
                    "Configs": [
                        {
                            "File": {"Name": "/configtest.conf"},
                            "ConfigID": "mtc3i44r1awdoziy2iceg73z8",
                            "ConfigName": "configtest.conf",
                        }
                    ],
                },
                "Resources": {
                    "Limits": {"NanoCPUs": 100000000000, "MemoryBytes": 10490000, "Pids": 20}
                },
                "Networks": [{"Target": "5vpyomhb6ievnk0i0o60gcnei", "Aliases": ["web"]}],
                "LogDriver": {"Name": "driver", "Options": {"max-file": "5"}},
            },
            "Mode": {"Replicated": {"Replicas": 2}},
            "EndpointSpec": endpoint,
        },
        "Endpoint": {
            "Spec": endpoint,
            "Ports": [{"Protocol": "tcp", "TargetPort": 5000, "PublishedPort": 30000}],
            "VirtualIPs": [{"NetworkID": "6o4107cj2jx9tihgb0jyts6pj", "Addr": "10.255.0.4/16"}],
        },
        # StartedAt/CompletedAt without a State: no UpdateStatus block
        "UpdateStatus": {
            "StartedAt": "2025-06-15T12:00:00Z",
            "CompletedAt": "2025-06-15T12:00:00Z",
        },
    }
    names = {"5vpyomhb6ievnk0i0o60gcnei": "mynetwork"}
    assert service_pretty(document, names, 1_750_000_000.0) == GOLDEN


@pytest.fixture
def swarm() -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    return engine


def _ids(engine: Engine, name: str) -> tuple[str, str]:
    (doc,) = json.loads(engine.docker(f"service inspect {name}").stdout)
    return doc["ID"], doc["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]


UPDATE_AND_ROLLBACK = (
    "UpdateConfig:\n"
    " Parallelism:\t1\n"
    " On failure:\tpause\n"
    " Monitoring Period: 5s\n"
    " Max failure ratio: 0\n"
    " Update order:      stop-first\n"
    "RollbackConfig:\n"
    " Parallelism:\t1\n"
    " On failure:\tpause\n"
    " Monitoring Period: 5s\n"
    " Max failure ratio: 0\n"
    " Rollback order:    stop-first\n"
)


def _web(swarm: Engine) -> str:
    assert swarm.docker("network create -d overlay backend").exit_code == 0
    assert swarm.docker("secret create db_pass -", stdin="hunter2").exit_code == 0
    created = swarm.docker(
        "service create -d --name web --replicas 3 -p 8080:80 -e A=1 -e B=two -l tier=front"
        " --constraint node.role==manager --mount type=volume,source=data,target=/data"
        " --secret source=db_pass,target=/run/secrets/pw --network backend"
        " --update-delay 10s nginx:1.27 nginx -g 'daemon off;'"
    )
    assert (created.exit_code, created.stderr) == (0, "")
    service_id, image = _ids(swarm, "web")
    return (
        "\n"
        f"ID:\t\t{service_id}\n"
        "Name:\t\tweb\n"
        "Labels:\n"
        " tier=front\n"
        "Service Mode:\tReplicated\n"
        " Replicas:\t3\n"
        "Placement:\n"
        " Constraints:\t[node.role==manager]\n"
        "UpdateConfig:\n"
        " Parallelism:\t1\n"
        " Delay:\t\t10s\n"
        " On failure:\tpause\n"
        " Monitoring Period: 5s\n"
        " Max failure ratio: 0\n"
        " Update order:      stop-first\n"
        + UPDATE_AND_ROLLBACK.partition("RollbackConfig:\n")[1]
        + UPDATE_AND_ROLLBACK.partition("RollbackConfig:\n")[2]
        + "ContainerSpec:\n"
        f" Image:\t\t{image}\n"
        " Args:\t\tnginx -g daemon off; \n"
        " Env:\t\tA=1 B=two \n"
        " Init:\t\tfalse\n"
        "Mounts:\n"
        " Target:\t/data\n"
        "  Source:\tdata\n"
        "  ReadOnly:\tfalse\n"
        "  Type:\t\tvolume\n"
        "Secrets:\n"
        " Target:\t/run/secrets/pw\n"
        "  Source:\tdb_pass\n"
        "Resources:\n"
        "Networks: backend \n"
        "Endpoint Mode:\tvip\n"
        "Ports:\n"
        " PublishedPort = 8080\n"
        "  Protocol = tcp\n"
        "  TargetPort = 80\n"
        "  PublishMode = ingress \n"
        "\n"
    )


def _mon(swarm: Engine, env: str = "") -> str:
    service_id, image = _ids(swarm, "mon")
    return (
        "\n"
        f"ID:\t\t{service_id}\n"
        "Name:\t\tmon\n"
        "Service Mode:\tGlobal\n"
        "Placement:\n" + UPDATE_AND_ROLLBACK + "ContainerSpec:\n"
        f" Image:\t\t{image}\n"
        " Args:\t\ttop \n" + env + " Init:\t\tfalse\n"
        "Resources:\n"
        "Endpoint Mode:\tvip\n"
        "\n"
    )


def test_a_replicated_service_with_ports_env_constraint_mount_and_secret(swarm: Engine) -> None:
    expected = _web(swarm)
    result = swarm.docker("service inspect --pretty web")
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_a_global_service_then_a_second_one(swarm: Engine) -> None:
    web = _web(swarm)
    assert swarm.docker("service create -d --mode global --name mon busybox top").exit_code == 0
    result = swarm.docker("service inspect --pretty mon web")
    assert (result.exit_code, result.stdout, result.stderr) == (0, _mon(swarm) + web, "")
    # `--format pretty` picks the same template
    assert swarm.docker("service inspect --format pretty mon").stdout == _mon(swarm)


def test_a_healthcheck_closes_the_text(swarm: Engine) -> None:
    swarm.docker("service create -d --name hc --health-cmd 'true' --health-interval 30s nginx")
    text = swarm.docker("service inspect --pretty hc").stdout
    assert text.endswith(
        "Endpoint Mode:\tvip\n"
        " Healthcheck:\n"
        "  Interval = 30s\n"
        "  Retries = 0\n"
        "  StartPeriod =\t0s\n"
        "  Timeout =\t0s\n"
        "  Tests:\n"
        "\t Test = CMD-SHELL\n"
        "\t Test = true \n"
        "\n"
    )


def test_the_update_status_after_an_update(swarm: Engine) -> None:
    swarm.docker("service create -d --mode global --name mon busybox top")
    assert swarm.docker("service update --env-add C=3 mon").exit_code == 0
    (doc,) = json.loads(swarm.docker("service inspect mon").stdout)
    assert list(doc["UpdateStatus"]) == ["State", "StartedAt", "CompletedAt", "Message"]
    swarm.advance(120)
    expected = _mon(swarm, env=" Env:\t\tC=3 \n").replace(
        "Placement:\n",
        "UpdateStatus:\n"
        " State:\t\tcompleted\n"
        " Started:\t2 minutes ago\n"
        " Completed:\t2 minutes ago\n"
        " Message:\tupdate completed\n"
        "Placement:\n",
    )
    assert swarm.docker("service inspect --pretty mon").stdout == expected


def test_errors_as_inspect_go_prints_them(swarm: Engine) -> None:
    swarm.docker("service create -d --name web nginx")
    cases = {
        "service inspect --pretty --format '{{.ID}}' web": (
            "--format is incompatible with human friendly format\n"
        ),
        "service inspect --format prettyjson web": (
            "cannot supply extra formatting options to the pretty template\n"
        ),
        # every service is looked up before anything is written
        "service inspect --pretty web nosuch": "no such service: nosuch\n",
    }
    for command, stderr in cases.items():
        result = swarm.docker(command)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", stderr), command
    outside = Engine().docker("service inspect --pretty web")
    assert outside.exit_code == 1
    assert outside.stderr.startswith("Error response from daemon: This node is not a swarm")
