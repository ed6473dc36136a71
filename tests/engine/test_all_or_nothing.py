"""A command that fails leaves the world byte for byte as it was (STYLE.md 9, check then commit).

Each line below fails (a non-zero exit) at some point after the docker CLI has parsed it: in the
engine's checks, or part-way through what the command would do. The world's JSON before and after
must be identical: no container, volume, network, image, tag, event or ID draw is left behind.
"""

from __future__ import annotations

import pytest

from dockersim import Engine

FAILING = [
    "create -v a@b:/data busybox",
    "run -v a@b:/data busybox",
    "create -v x:/data -v a@b:/more busybox",
    "run -d --name web2 -v ok:/data --mount type=volume,source=a@b,target=/x busybox",
    "create -v a:/data busybox",
    "create --name web busybox",
    "run --name web busybox",
    "create --name 'bad name' busybox",
    "create --restart always --rm busybox",
    "create --restart nope busybox",
    "create --restart always:3 busybox",
    "create -m 1k busybox",
    "create --ip 10.0.0.5 busybox",
    "create --network-alias x busybox",
    "create nosuch:image",
    "run --pull never nosuch",
    "create scratch-image",
    "start nosuch",
    "stop nosuch",
    "rm web",
    "rm nosuch web",
    "pause done",
    "unpause web",
    "kill done",
    "kill -s NOPE web",
    "rename web done",
    "rename nosuch x",
    "exec done ls",
    "network create appnet",
    "network create --subnet 172.17.0.0/16 clash",
    "network rm bridge",
    "network rm appnet",
    "network connect nosuch web",
    "network connect appnet nosuch",
    "network disconnect appnet done",
    "volume rm data",
    "volume rm nosuch",
    "volume create a@b",
    "rmi busybox",
    "rmi nosuch",
    "tag nosuch x",
    "tag busybox UPPER",
    "image prune --filter nosuch=1 -f",
    "commit nosuch img",
    "cp nosuch:/x /tmp/x",
    "cp web:/nosuch /tmp/x",
    "cp /nosuch web:/tmp",
    "save nosuch",
    "save -o /nosuch/dir/x.tar busybox",
    "export -o /nosuch/dir/x.tar web",
    "load -i /nosuch.tar",
    "import /nosuch.tar img",
    "build /nosuch",
    "build -f /nosuch/Dockerfile /home/student",
    "create --cidfile /home/student/taken busybox",
    "create --env-file /nosuch.env busybox",
    "push busybox",
    "pull nosuch/really-not-there",
    "swarm join --token x 10.0.0.1:2377",
    "swarm leave",
    "update --memory 1k web",
    "update --memory 64m --cpu-shares 5 web",
    "update web",
    "wait nosuch",
    "logs nosuch",
    "inspect nosuch",
    "port done 80",
]


@pytest.fixture(scope="module")
def prepared() -> str:
    engine = Engine(5)
    for line in (
        "pull -q busybox",
        "run -d --name web -v data:/data busybox sleep 1000",
        "run --name done busybox true",
        "network create appnet",
        "network connect appnet web",
    ):
        assert engine.docker(line).exit_code == 0, line
    engine.host_write("/home/student/taken", "in use\n")
    return engine.dumps()


@pytest.mark.parametrize("line", FAILING)
def test_error_a_failed_command_changes_nothing(prepared: str, line: str) -> None:
    # given
    engine = Engine.loads(prepared)
    before = engine.dumps()
    # when
    result = engine.docker(line)
    # then
    assert result.exit_code != 0, result
    assert engine.dumps() == before


def test_what_docker_itself_leaves_behind_a_failure(prepared: str) -> None:
    """Not every failure is all-or-nothing in Docker, and the simulation keeps that: a
    container whose network is missing is created and then fails to start (it stays
    `Created`, moby daemon/start_linux.go), and an exec of a missing program has started a
    process (runc forks before the exec fails), which used a PID."""
    engine = Engine.loads(prepared)
    run = engine.docker("run --name lost --network nosuch busybox")
    assert run.exit_code == 125
    assert engine.docker("ps -a -f name=lost --format '{{.Status}}'").stdout == "Created\n"
    before = engine.docker("exec web sh -c 'echo $$'").stdout
    assert engine.docker("exec web nosuchprogram").exit_code == 127
    after = engine.docker("exec web sh -c 'echo $$'").stdout
    assert int(after) == int(before) + 2


def test_a_start_that_fails_on_a_missing_network_joins_none() -> None:
    """moby's failed start releases every endpoint it made (daemon/start.go Cleanup), so the
    networks the container was on before the missing one can be removed afterwards."""
    engine = Engine()
    steps = (
        "network create one",
        "network create two",
        "create --name ctr --network one busybox top",
        "network connect two ctr",
        "network rm two",
    )
    for line in steps:
        assert engine.docker(line).exit_code == 0, line
    before = engine.to_json()
    failed = engine.docker("start ctr")
    assert failed.exit_code == 1
    assert "network two not found" in failed.stderr
    assert engine.docker("network inspect one -f '{{len .Containers}}'").stdout == "0\n"
    assert engine.to_json()["networks"] == before["networks"]
    assert engine.docker("rm ctr").exit_code == 0
    assert engine.docker("network rm one").stdout == "one\n"
