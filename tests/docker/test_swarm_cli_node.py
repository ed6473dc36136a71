"""`docker node inspect` (JSON and `--pretty`) and `docker node ps`.

Sources: moby api/types/swarm node.go (the document's fields and order, Role and Availability
lower-case, Status.State `ready`); docker/cli v29 cli/command/node formatter.go
(nodeInspectPrettyTemplate, PrettyPrint capitalising the first letter and lower-casing the
rest, go-units BytesSize), inspect.go (`cannot supply extra formatting options to the pretty
template`), ps.go (this node by default, errors joined after the table); swarmkit
scheduler/filter.go HostPortFilter.
"""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine

NODE1 = "h8z67jxd29w4zfqvgqced9wp2"


@pytest.fixture
def swarm() -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    token = engine.swarm_state["worker_token"]
    assert engine.node("node2").docker(f"swarm join --token {token} 1.2.3.4:2377").exit_code == 0
    return engine


def test_inspect_json_of_the_leader(swarm: Engine) -> None:
    (document,) = json.loads(swarm.docker("node inspect self").stdout)
    assert list(document) == [
        "ID", "Version", "CreatedAt", "UpdatedAt", "Spec", "Description", "Status", "ManagerStatus",
    ]  # fmt: skip
    assert document["ID"] == NODE1
    assert document["Spec"] == {"Labels": {}, "Role": "manager", "Availability": "active"}
    assert document["Status"] == {"State": "ready", "Addr": "192.168.65.3"}
    assert document["ManagerStatus"] == {
        "Leader": True,
        "Reachability": "reachable",
        "Addr": "192.168.65.3:2377",
    }
    description = document["Description"]
    assert description["Platform"] == {"Architecture": "x86_64", "OS": "linux"}
    assert description["Engine"]["EngineVersion"] == "29.1.3"
    assert description["TLSInfo"]["CertIssuerSubject"] == "MBMxETAPBgNVBAMTCHN3YXJtLWNh"


def test_inspect_a_worker_has_no_manager_status_and_follows_updates(swarm: Engine) -> None:
    swarm.advance(60)
    assert swarm.docker("node update --availability drain --label-add zone=a node2").exit_code == 0
    (document,) = json.loads(swarm.docker("node inspect node2").stdout)
    assert "ManagerStatus" not in document
    assert document["Spec"] == {"Labels": {"zone": "a"}, "Role": "worker", "Availability": "drain"}
    assert document["UpdatedAt"] > document["CreatedAt"]
    shown = swarm.docker("node inspect --format '{{.Spec.Availability}} {{.Status.State}}' node2")
    assert shown.stdout == "drain ready\n"


def test_inspect_pretty(swarm: Engine) -> None:
    result = swarm.docker("node inspect --pretty self")
    head, _, tls = result.stdout.partition("TLS Info:\n")
    assert head == (
        f"ID:\t\t\t{NODE1}\n"
        "Hostname:              \tdockersim\n"
        "Joined at:             \t2025-06-15 12:00:00 +0000 utc\n"
        "Status:\n"
        " State:\t\t\tReady\n"
        " Availability:         \tActive\n"
        " Address:\t\t192.168.65.3\n"
        "Manager Status:\n"
        " Address:\t\t192.168.65.3:2377\n"
        " Raft Status:\t\tReachable\n"
        " Leader:\t\tYes\n"
        "Platform:\n"
        " Operating System:\tlinux\n"
        " Architecture:\t\tx86_64\n"
        "Resources:\n"
        " CPUs:\t\t\t2\n"
        " Memory:\t\t7.755GiB\n"
        "Plugins:\n"
        " Log:\t\tawslogs, fluentd, gcplogs, gelf, journald, json-file, local, splunk, syslog\n"
        " Network:\t\tbridge, host, ipvlan, macvlan, null, overlay\n"
        " Volume:\t\tlocal\n"
        "Engine Version:\t\t29.1.3\n"
    )
    assert tls.startswith(" TrustRoot:\n-----BEGIN CERTIFICATE-----\n")
    assert "-----END CERTIFICATE-----\n\n Issuer Subject:\tMBMxETAPBgNVBAMTCHN3YXJtLWNh\n" in tls


def test_inspect_errors(swarm: Engine) -> None:
    both = swarm.docker("node inspect --pretty --format x self")
    assert (both.exit_code, both.stderr) == (
        1,
        "cannot supply extra formatting options to the pretty template\n",
    )
    missing = swarm.docker("node inspect --format '{{.ID}}' node2 nope")
    node2 = swarm.node_get("node2")["id"]
    assert (missing.exit_code, missing.stdout, missing.stderr) == (
        1,
        f"{node2}\n",
        "Error response from daemon: node nope not found\n",
    )
    worker = swarm.node("node2").docker("node inspect self")
    assert worker.exit_code == 1
    assert worker.stderr.startswith(
        "Error response from daemon: This node is not a swarm manager. Worker nodes"
    )


def test_node_ps_lists_this_nodes_tasks_then_others(swarm: Engine) -> None:
    swarm.service_create("nginx", name="web", replicas=3)
    assert swarm.docker("node ps --format '{{.Name}} {{.Node}} {{.DesiredState}}'").stdout == (
        "web.1 dockersim Running\nweb.3 dockersim Running\n"
    )
    result = swarm.docker("node ps node2 nope")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: node nope not found\n",
    )
    assert result.stdout.splitlines()[1].split()[1:4] == ["web.2", "nginx:latest", "node2"]


def test_service_ps_shows_host_mode_ports_of_running_tasks(swarm: Engine) -> None:
    swarm.docker(
        "service create -d --name web --replicas 2 -p published=8080,target=80,mode=host nginx"
    )
    assert swarm.docker("service ps web --format '{{.Name}} {{.Ports}}'").stdout == (
        "web.1 *:8080->80/tcp\nweb.2 *:8080->80/tcp\n"
    )
    assert swarm.docker("service ls --format '{{.Ports}}'").stdout == "\n"
