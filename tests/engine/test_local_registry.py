"""A registry container on this host: push to and pull from `localhost:5000`."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine


@pytest.fixture
def registry(engine: Engine) -> Engine:
    assert engine.docker("run -d -p 5000:5000 --name reg registry:2").exit_code == 0
    assert engine.docker("pull -q alpine").exit_code == 0
    assert engine.docker("tag alpine localhost:5000/alpine").exit_code == 0
    return engine


def test_push_then_pull_after_removing_the_local_copy(registry: Engine) -> None:
    pushed = registry.docker("push localhost:5000/alpine")
    lines = pushed.stdout.splitlines()
    assert pushed.exit_code == 0
    assert lines[:2] == [
        "Using default tag: latest",
        "The push refers to repository [localhost:5000/alpine]",
    ]
    assert lines[-2].endswith(": Pushed")
    assert lines[-1].startswith("latest: digest: sha256:")
    image_id = registry.docker("inspect -f '{{.Id}}' alpine").stdout
    assert registry.docker("rmi localhost:5000/alpine alpine").exit_code == 0
    pulled = registry.docker("pull localhost:5000/alpine")
    assert pulled.exit_code == 0
    assert "latest: Pulling from alpine\n" in pulled.stdout
    assert pulled.stdout.endswith(
        "Status: Downloaded newer image for localhost:5000/alpine:latest\n"
        "localhost:5000/alpine:latest\n"
    )
    assert registry.docker("inspect -f '{{.Id}}' localhost:5000/alpine").stdout == image_id
    assert registry.docker("run --rm localhost:5000/alpine cat /etc/alpine-release").exit_code == 0


def test_second_push_and_other_repositories_reuse_layers(registry: Engine) -> None:
    registry.docker("push localhost:5000/alpine")
    again = registry.docker("push localhost:5000/alpine").stdout
    assert again.splitlines()[-2].endswith(": Layer already exists")
    registry.docker("tag alpine localhost:5000/team/alp:v1")
    other = registry.docker("push localhost:5000/team/alp:v1").stdout
    assert other.splitlines()[-2].endswith(": Mounted from alpine")
    catalog = registry.host("curl -s http://localhost:5000/v2/_catalog").stdout
    assert json.loads(catalog) == {"repositories": ["alpine", "team/alp"]}
    tags = registry.host("curl -s http://localhost:5000/v2/team/alp/tags/list").stdout
    assert json.loads(tags) == {"name": "team/alp", "tags": ["v1"]}


def test_the_data_lives_in_the_registry_volume(registry: Engine) -> None:
    registry.docker("push localhost:5000/alpine")
    listing = registry.docker(
        "exec reg ls /var/lib/registry/docker/registry/v2/repositories"
    ).stdout
    assert listing == "alpine\n"
    registry.docker("rm -f -v reg")
    registry.docker("run -d -p 5000:5000 --name reg2 registry:2")
    missing = registry.docker("pull localhost:5000/alpine")
    assert missing.exit_code == 1
    assert missing.stderr.endswith(
        "manifest for localhost:5000/alpine:latest not found: manifest unknown: manifest unknown\n"
    )


def test_without_a_registry_the_push_is_refused(engine: Engine) -> None:
    engine.docker("pull -q alpine")
    engine.docker("tag alpine localhost:5000/alpine")
    result = engine.docker("push localhost:5000/alpine")
    assert result.exit_code == 1
    assert "connect: connection refused" in result.stderr
