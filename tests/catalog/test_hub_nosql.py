"""The nosql-and-queues fragment: mongo, memcached, rabbitmq and elasticsearch on the offline Hub
(tags of official-images ef9c9781c665, configs from the images' Dockerfiles)."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine


def inspect(engine: Engine, ref: str, fmt: str) -> str:
    result = engine.docker(f"image inspect --format '{fmt}' {ref}")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    "ref",
    [
        "mongo",
        "mongo:7.0",
        "mongo:6",
        "memcached",
        "memcached:alpine",
        "rabbitmq",
        "rabbitmq:management-alpine",
        "rabbitmq:3.13-management",
        "elasticsearch:8.18.2",
        "elasticsearch:7.17.28",
        "elasticsearch:9.0.1",
    ],
)
def test_the_tags_pull_on_both_platforms(engine: Engine, ref: str) -> None:
    for platform in ("linux/amd64", "linux/arm64"):
        result = engine.docker(f"pull --platform {platform} {ref}")
        assert result.exit_code == 0, result.stderr


def test_mongo_is_no_longer_denied(engine: Engine) -> None:
    result = engine.docker("pull mongo")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "Status: Downloaded newer image for mongo:latest\ndocker.io/library/mongo:latest\n"
    )


def test_elasticsearch_has_no_latest_tag(engine: Engine) -> None:
    result = engine.docker("pull elasticsearch")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: manifest for elasticsearch:latest not found: "
        "manifest unknown: manifest unknown\n",
    )


def test_mongo_config(engine: Engine) -> None:
    engine.docker("pull mongo:8.0.10")
    config = json.loads(inspect(engine, "mongo:8.0.10", "{{json .Config}}"))
    assert config["Entrypoint"] == ["docker-entrypoint.sh"]
    assert config["Cmd"] == ["mongod"]
    assert config["ExposedPorts"] == {"27017/tcp": {}}
    assert config["Volumes"] == {"/data/configdb": {}, "/data/db": {}}
    assert "MONGO_VERSION=8.0.10" in config["Env"] and "HOME=/data/db" in config["Env"]
    assert "GLIBC_TUNABLES=glibc.pthread.rseq=0" in config["Env"]


def test_mongo_7_is_on_jammy(engine: Engine) -> None:
    engine.docker("pull mongo:7.0")
    result = engine.docker("run --rm mongo:7.0 cat /etc/os-release")
    assert "VERSION_CODENAME=jammy" in result.stdout


def test_memcached_runs_as_memcache(engine: Engine) -> None:
    engine.docker("pull memcached:alpine")
    assert inspect(
        engine, "memcached:alpine", "{{.Config.User}} {{json .Config.ExposedPorts}}"
    ) == ('memcache {"11211/tcp":{}}')
    result = engine.docker("run --rm memcached id")
    assert result.stdout == "uid=11211(memcache) gid=11211(memcache) groups=11211(memcache)\n"


def test_rabbitmq_management_adds_its_ports(engine: Engine) -> None:
    engine.docker("pull rabbitmq:management")
    ports = json.loads(inspect(engine, "rabbitmq:management", "{{json .Config.ExposedPorts}}"))
    assert sorted(int(p.split("/")[0]) for p in ports) == [
        4369,
        5671,
        5672,
        15671,
        15672,
        15691,
        15692,
        25672,
    ]


def test_elasticsearch_config(engine: Engine) -> None:
    engine.docker("pull elasticsearch:8.18.2")
    config = json.loads(inspect(engine, "elasticsearch:8.18.2", "{{json .Config}}"))
    assert config["Entrypoint"] == ["/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"]
    assert (config["Cmd"], config["User"], config["WorkingDir"]) == (
        ["eswrapper"],
        "1000:0",
        "/usr/share/elasticsearch",
    )
    assert "ELASTIC_CONTAINER=true" in config["Env"]
    assert config["ExposedPorts"] == {"9200/tcp": {}, "9300/tcp": {}}
