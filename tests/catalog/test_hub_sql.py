"""The mysql image and its oraclelinux:9-slim base in the catalog (sql-and-redis.yaml)."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine


@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64/v8"])
def test_mysql_pulls_on_both_platforms(engine: Engine, platform: str) -> None:
    result = engine.docker(f"pull --platform {platform} mysql:8.4")
    assert result.exit_code == 0
    assert result.stdout.endswith("docker.io/library/mysql:8.4\n")


def test_mysql_config_is_the_images(engine: Engine) -> None:
    engine.docker("pull mysql:lts")
    config = json.loads(engine.docker("image inspect mysql:lts --format '{{json .Config}}'").stdout)
    assert config["Env"] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "GOSU_VERSION=1.17",
        "MYSQL_MAJOR=8.4",
        "MYSQL_VERSION=8.4.5-1.el9",
        "MYSQL_SHELL_VERSION=8.4.5-1.el9",
    ]
    assert config["Entrypoint"] == ["docker-entrypoint.sh"]
    assert config["Cmd"] == ["mysqld"]
    assert config["ExposedPorts"] == {"3306/tcp": {}, "33060/tcp": {}}
    assert config["Volumes"] == {"/var/lib/mysql": {}}


def test_mysql_has_ten_layers_on_oraclelinux(engine: Engine) -> None:
    engine.docker("pull mysql:8.4.5")
    layers = engine.docker("image inspect mysql:8.4.5 --format '{{len .RootFS.Layers}}'")
    assert layers.stdout == "10\n"
    release = engine.docker("run --rm mysql:8.4.5 cat /etc/oracle-release")
    assert release.stdout == "Oracle Linux Server release 9.6\n"


def test_mysql_5_7_is_not_in_this_snapshot(engine: Engine) -> None:
    """mysql:5.7 was on Docker Hub; the offline copy says it lacks it."""
    result = engine.docker("pull mysql:5.7")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error response from daemon: dockersim: mysql:5.7 is on Docker Hub, but not in "
        "dockersim's offline copy of it (Docker Hub as on 2025-06-04); run 'dockersim catalog "
        "mysql' to list its tags\n"
    )
