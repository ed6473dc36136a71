"""mariadb and mysql's other tags in the offline Docker Hub: tags, platforms, config, history."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine


def inspect(engine: Engine, ref: str, fmt: str) -> str:
    return engine.docker(f"image inspect {ref} --format '{{{{json {fmt}}}}}'").stdout


@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64"])
@pytest.mark.parametrize(
    ("tag", "version", "base"),
    [
        ("latest", "11.7.2", "noble"),
        ("11-noble", "11.7.2", "noble"),
        ("lts", "11.4.7", "noble"),
        ("10.11", "10.11.13", "jammy"),
        ("10.6", "10.6.22", "focal"),
        ("10.6-jammy", "10.6.22", "jammy"),
    ],
)
def test_mariadb_tags_pull_on_both_platforms(
    engine: Engine, platform: str, tag: str, version: str, base: str
) -> None:
    result = engine.docker(f"pull --platform {platform} mariadb:{tag}")
    assert result.exit_code == 0, result.stderr
    labels = json.loads(inspect(engine, f"mariadb:{tag}", ".Config.Labels"))
    assert labels["org.opencontainers.image.version"] == version
    assert labels["org.opencontainers.image.base.name"] == f"docker.io/library/ubuntu:{base}"
    arch = inspect(engine, f"mariadb:{tag}", ".Architecture")
    assert arch == ('"amd64"\n' if platform == "linux/amd64" else '"arm64"\n')


def test_mariadb_latest_config(engine: Engine) -> None:
    engine.docker("pull mariadb")
    config = json.loads(inspect(engine, "mariadb", ".Config"))
    assert config["Env"] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "GOSU_VERSION=1.17",
        "LANG=C.UTF-8",
        "MARIADB_VERSION=1:11.7.2+maria~ubu2404",
    ]
    assert config["Entrypoint"] == ["docker-entrypoint.sh"]
    assert config["Cmd"] == ["mariadbd"]
    assert config["ExposedPorts"] == {"3306/tcp": {}}
    assert config["Volumes"] == {"/var/lib/mysql": {}}
    assert config["User"] == "" and config["WorkingDir"] == ""


def test_mariadb_10_6_keeps_mariadb_major(engine: Engine) -> None:
    engine.docker("pull mariadb:10.6")
    env = json.loads(inspect(engine, "mariadb:10.6", ".Config.Env"))
    assert env[-2:] == ["MARIADB_MAJOR=10.6", "MARIADB_VERSION=1:10.6.22+maria~ubu2004"]


def test_mariadb_history_opens_with_the_dockerfile(engine: Engine) -> None:
    engine.docker("pull mariadb:11.4")
    out = engine.docker("history --format '{{.CreatedBy}}' --no-trunc mariadb:11.4").stdout
    lines = out.splitlines()
    assert lines[:6] == [
        'CMD ["mariadbd"]',
        "EXPOSE map[3306/tcp:{}]",
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
        "COPY healthcheck.sh /usr/local/bin/healthcheck.sh # buildkit",
        "VOLUME [/var/lib/mysql]",
    ]
    assert "ENV MARIADB_VERSION=1:11.4.7+maria~ubu2404" in lines
    assert lines[-1] == "/bin/sh -c #(nop)  ARG RELEASE"


def test_mariadb_image_files(engine: Engine) -> None:
    engine.docker("pull mariadb")
    out = engine.docker(
        "run --rm --entrypoint ls mariadb /usr/local/bin/healthcheck.sh "
        "/usr/local/bin/docker-entrypoint.sh /usr/bin/mariadb /usr/bin/mysql"
    ).stdout
    assert out == (
        "/usr/bin/mariadb\n/usr/bin/mysql\n/usr/local/bin/docker-entrypoint.sh\n"
        "/usr/local/bin/healthcheck.sh\n"
    )
    passwd = engine.docker("run --rm --entrypoint cat mariadb /etc/passwd").stdout
    assert passwd.endswith(
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        "mysql:x:999:999::/var/lib/mysql:/bin/sh\n"
    )
    assert "ubuntu:" not in passwd


@pytest.mark.parametrize(
    ("tag", "version", "major"),
    [
        ("latest", "9.3.0", "innovation"),
        ("9.3-oracle", "9.3.0", "innovation"),
        ("8.0", "8.0.42", "8.0"),
        ("8.0-oraclelinux9", "8.0.42", "8.0"),
    ],
)
def test_mysql_other_tags(engine: Engine, tag: str, version: str, major: str) -> None:
    for platform in ("linux/amd64", "linux/arm64"):
        result = engine.docker(f"pull --platform {platform} mysql:{tag}")
        assert result.exit_code == 0, result.stderr
    env = json.loads(inspect(engine, f"mysql:{tag}", ".Config.Env"))
    assert env[1:] == [
        "GOSU_VERSION=1.17",
        f"MYSQL_MAJOR={major}",
        f"MYSQL_VERSION={version}-1.el9",
        f"MYSQL_SHELL_VERSION={version}-1.el9",
    ]
    ports = json.loads(inspect(engine, f"mysql:{tag}", ".Config.ExposedPorts"))
    assert ports == {"3306/tcp": {}, "33060/tcp": {}}


def test_mysql_8_0_has_the_entrypoint_symlink(engine: Engine) -> None:
    engine.docker("pull mysql:8.0")
    out = engine.docker("run --rm --entrypoint readlink mysql:8.0 /entrypoint.sh").stdout
    assert out == "usr/local/bin/docker-entrypoint.sh\n"


@pytest.mark.parametrize("ref", ["mariadb:11.8", "mariadb:11-ubi9", "mysql:8.0-bookworm"])
def test_unmodelled_tags_say_so(engine: Engine, ref: str) -> None:
    result = engine.docker(f"pull {ref}")
    assert result.exit_code == 1
    assert "dockersim catalog" in result.stderr
