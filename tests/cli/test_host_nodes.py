"""`dockersim host -H NODE`: a command on another simulated host of the saved world (the
swarm's routing mesh answering a published port on a node that runs no task)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess


def dockersim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERSIM_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_routing_mesh_answers_on_the_other_node(tmp_path: Path) -> None:
    assert dockersim(tmp_path, "docker", "swarm", "init").returncode == 0
    token = dockersim(tmp_path, "docker", "swarm", "join-token", "-q", "worker").stdout.strip()
    join = ("docker", "-H", "node2", "swarm", "join", "--token", token, "192.168.65.3:2377")
    joined = dockersim(tmp_path, *join)
    assert joined.returncode == 0
    created = dockersim(
        tmp_path, "docker", "service", "create", "-d", "--name", "web",
        "--constraint", "node.role==manager", "-p", "8080:80", "nginx",
    )  # fmt: skip
    assert created.returncode == 0
    on_node2 = dockersim(tmp_path, "host", "-H", "node2", "curl -s localhost:8080 | grep title")
    assert (on_node2.returncode, on_node2.stdout) == (0, "<title>Welcome to nginx!</title>\n")
    assert dockersim(tmp_path, "host", "-H", "tcp://node2:2375", "hostname").stdout == "node2\n"
    assert dockersim(tmp_path, "host", "--host=node2", "hostname").stdout == "node2\n"
    assert dockersim(tmp_path, "host", "hostname").stdout == "dockersim\n"
    # no task runs on node2: the mesh, not a local container, answered
    assert dockersim(tmp_path, "docker", "-H", "node2", "ps", "-q").stdout == ""


def test_an_unknown_node_and_a_missing_value(tmp_path: Path) -> None:
    unknown = dockersim(tmp_path, "host", "-H", "node9", "true")
    assert (unknown.returncode, unknown.stderr) == (
        1,
        "dockersim host: no simulated host named 'node9' (known: dockersim)\n",
    )
    missing = dockersim(tmp_path, "host", "-H")
    assert missing.returncode == 2
    assert missing.stderr.startswith("dockersim host: option -H needs a value\n")
