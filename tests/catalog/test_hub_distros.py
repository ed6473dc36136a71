"""redis alpine/7.4, postgres 15/alpine and bash tags of hub-2025-06.d/distros.yaml, pulled and run.

Facts: official-images ef9c9781c665 (tags), docker-library/postgres 172d9e7d (alpine
Dockerfiles), tianon/docker-bash 9fc164bd/7deed0d5 (Dockerfiles, entrypoint), repo-info redis
7-bookworm and alpine3.21 (history, compressed sizes). Uncompressed sizes are the fragment's
estimates (marked there).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fragments import DEFAULT_PATH, assert_pulls, assert_resolves, fragment, run

from dockersim.engine import Engine


def pulled(*references: str) -> Engine:
    e = Engine()
    for reference in references:
        assert run(e, f"pull -q {reference}")[0] == 0
    return e


TAGS = {
    "redis:alpine": "redis:8.0.2-alpine",
    "redis:7.4": "redis:7.4.4",
    "redis:7.4-alpine": "redis:7.4.4-alpine",
    "postgres:15": "postgres:15.13",
    "postgres:alpine": "postgres:17.5-alpine",
    "postgres:16-alpine": "postgres:16.9-alpine",
    "postgres:15-alpine": "postgres:15.13-alpine",
    "bash:latest": "bash:5.2.37",
    "bash:4.4": "bash:4.4.23",
}
ALIASES = {
    "redis:8-alpine": "redis:8.0.2-alpine",
    "redis:8.0-alpine": "redis:8.0.2-alpine",
    "redis:8.0.2-alpine3.21": "redis:8.0.2-alpine",
    "redis:7": "redis:7.4.4",
    "redis:7.4.4-bookworm": "redis:7.4.4",
    "redis:7-alpine3.21": "redis:7.4.4-alpine",
    "postgres:15.13-bookworm": "postgres:15.13",
    "postgres:17-alpine": "postgres:17.5-alpine",
    "postgres:17.5-alpine3.22": "postgres:17.5-alpine",
    "postgres:16.9-alpine": "postgres:16.9-alpine",
    "postgres:15.13-alpine3.22": "postgres:15.13-alpine",
    "bash:5": "bash:5.2.37",
    "bash:5.2": "bash:5.2.37",
    "bash:5.2.37-alpine3.22": "bash:5.2.37",
    "bash:4": "bash:4.4.23",
}


def test_every_fragment_image_is_tagged_here() -> None:
    assert set(TAGS.values()) == set(fragment("distros.yaml")["images"])


@pytest.mark.parametrize("reference", sorted({**TAGS, **ALIASES}))
def test_tags_resolve(reference: str) -> None:
    assert_resolves(reference, {**TAGS, **ALIASES}[reference])


@pytest.mark.parametrize("reference", sorted(TAGS))
@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64/v8"])
def test_every_new_tag_pulls_on_both_platforms(reference: str, platform: str) -> None:
    assert_pulls(reference, platform, TAGS[reference])


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("redis:7.2", "redis:7.2 is on Docker Hub, but not in dockersim's offline copy"),
        ("postgres:14-alpine", "postgres:14-alpine is on Docker Hub, but not in"),
        ("bash:5.1", "bash:5.1 is on Docker Hub, but not in dockersim's offline copy"),
        ("bash:devel", "bash:devel is on Docker Hub, but not in dockersim's offline copy"),
    ],
)
def test_older_tags_are_still_named_as_on_hub(reference: str, message: str) -> None:
    status, _, err = run(Engine(), f"pull {reference}")
    assert status == 1 and message in err


def config_of(e: Engine, reference: str) -> dict[str, Any]:
    status, out, err = run(e, f"image inspect {reference}")
    assert (status, err) == (0, "")
    config: dict[str, Any] = json.loads(out)[0]["Config"]
    return config


def test_redis_configs() -> None:
    e = pulled("redis:7.4", "redis:alpine")
    seven = config_of(e, "redis:7.4")
    assert seven["Env"] == [
        DEFAULT_PATH,
        "GOSU_VERSION=1.17",
        "REDIS_VERSION=7.4.4",
        "REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.4.tar.gz",
        "REDIS_DOWNLOAD_SHA=985c465146453f4d79912e70b2dc516577a1667cbf9b0420a0c87878fcc6f32f",
    ]
    alpine = config_of(e, "redis:alpine")
    assert alpine["Env"][1:] == [
        "REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.0.2.tar.gz",
        "REDIS_DOWNLOAD_SHA=caf3c0069f06fc84c5153bd2a348b204c578de80490c73857bee01d9b5d7401f",
    ]
    for config in (seven, alpine):
        assert config["Entrypoint"] == ["docker-entrypoint.sh"]
        assert config["Cmd"] == ["redis-server"]
        assert config["WorkingDir"] == "/data"
        assert config["ExposedPorts"] == {"6379/tcp": {}}
        assert config["Volumes"] == {"/data": {}}


def test_postgres_alpine_config() -> None:
    config = config_of(pulled("postgres:16-alpine"), "postgres:16-alpine")
    assert config["Env"] == [
        DEFAULT_PATH,
        "GOSU_VERSION=1.17",
        "LANG=en_US.utf8",
        "PG_MAJOR=16",
        "PG_VERSION=16.9",
        "PG_SHA256=07c00fb824df0a0c295f249f44691b86e3266753b380c96f633c3311e10bd005",
        "DOCKER_PG_LLVM_DEPS=llvm19-dev \t\tclang19",
        "PGDATA=/var/lib/postgresql/data",
    ]
    assert config["StopSignal"] == "SIGINT"
    assert config["Cmd"] == ["postgres"] and config["Entrypoint"] == ["docker-entrypoint.sh"]


def test_postgres_15_config() -> None:
    env = config_of(pulled("postgres:15"), "postgres:15")["Env"]
    assert env[0] == DEFAULT_PATH + ":/usr/lib/postgresql/15/bin"
    assert "PG_MAJOR=15" in env and "PG_VERSION=15.13-1.pgdg120+1" in env


def test_bash_config_and_history() -> None:
    e = pulled("bash")
    config = config_of(e, "bash")
    assert config["Env"] == [
        DEFAULT_PATH,
        "_BASH_VERSION=5.2.37",
        "_BASH_BASELINE=5.2.37",
        "_BASH_BASELINE_PATCH=37",
        "_BASH_LATEST_PATCH=37",
    ]
    assert (config["Entrypoint"], config["Cmd"]) == (["docker-entrypoint.sh"], ["bash"])
    status, out, _ = run(e, "history --format {{.CreatedBy}} --no-trunc bash")
    lines = out.splitlines()
    assert status == 0 and lines[:2] == ['CMD ["bash"]', 'ENTRYPOINT ["docker-entrypoint.sh"]']
    assert lines[2] == "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit"
    assert lines[-2:] == [
        'CMD ["/bin/sh"]',
        "ADD alpine-minirootfs-3.22.0-x86_64.tar.gz / # buildkit",
    ]


BASH_VERSION_TEXT = (
    "GNU bash, version 5.2.37(1)-release (x86_64-pc-linux-musl)\n"
    "Copyright (C) 2022 Free Software Foundation, Inc.\n"
    "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n"
    "\n"
    "This is free software; you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n"
)


def test_bash_versions() -> None:
    e = pulled("bash", "bash:4.4", "debian", "ubuntu", "alpine")
    assert run(e, "run --rm bash bash -c 'echo $BASH_VERSION'") == (0, "5.2.37(1)-release\n", "")
    # the entrypoint hands options to bash
    assert run(e, "run --rm bash -c 'echo $BASH_VERSION'") == (0, "5.2.37(1)-release\n", "")
    assert run(e, "run --rm bash --version") == (0, BASH_VERSION_TEXT, "")
    assert run(e, "run --rm bash:4.4 bash -c 'echo $BASH_VERSION'")[1] == "4.4.23(1)-release\n"
    assert run(e, "run --rm debian bash -c 'echo $BASH_VERSION'")[1] == "5.2.15(1)-release\n"
    assert run(e, "run --rm ubuntu bash -c 'echo $BASH_VERSION'")[1] == "5.2.21(1)-release\n"
    # sh is not bash: no BASH_VERSION
    assert run(e, "run --rm debian sh -c 'echo \"[$BASH_VERSION]\"'")[1] == "[]\n"
    assert run(e, "run --rm alpine sh -c 'echo \"[$BASH_VERSION]\"'")[1] == "[]\n"


def test_bash_image_default_command_is_an_interactive_bash() -> None:
    e = pulled("bash")
    status, out, _ = run(e, "run --rm bash")  # no terminal: bash reads an empty stdin and ends
    assert (status, out) == (0, "")


REDIS_7_LOG = (
    "1:C {ts} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n"
    "1:C {ts} * Redis version=7.4.4, bits=64, commit=00000000, modified=0, pid=1, just started\n"
    "1:C {ts} # Warning: no config file specified, using the default config. In order to"
    " specify a config file use redis-server /path/to/redis.conf\n"
    "1:M {ts} * monotonic clock: POSIX clock_gettime\n"
    "1:M {ts} * Running mode=standalone, port=6379.\n"
    "1:M {ts} * Server initialized\n"
    "1:M {ts} * Ready to accept connections tcp\n"
)


@pytest.mark.parametrize("reference", ["redis:7.4", "redis:7.4-alpine"])
def test_redis_7_start_log(reference: str) -> None:
    e = pulled(reference)
    assert run(e, f"run -d --name r7 {reference}")[0] == 0
    out = run(e, "logs r7")[1]
    ts = out.split(" * ", 1)[0].removeprefix("1:C ")
    assert out == REDIS_7_LOG.replace("{ts}", ts)
    assert run(e, f"run --rm {reference} redis-server --version")[1] == (
        "Redis server v=7.4.4 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=0\n"
    )
    assert run(e, f"run --rm {reference} redis-cli --version")[1] == "redis-cli 7.4.4\n"


def test_redis_8_starts_once_and_alpine_has_no_apk() -> None:
    e = pulled("redis:alpine", "redis")
    for name, reference in (("r8a", "redis:alpine"), ("r8", "redis")):
        assert run(e, f"run -d --name {name} {reference}")[0] == 0
        lines = run(e, f"logs {name}")[1].splitlines()
        assert lines[0] == "Starting Redis Server" and lines.count("Starting Redis Server") == 1
        assert "Redis version=8.0.2," in lines[2]
    assert run(e, "run --rm redis:alpine sh -c 'apk --version'") == (
        127,
        "",
        "sh: apk: not found\n",
    )
    assert run(e, "run --rm redis:alpine id redis")[1] == (
        "uid=999(redis) gid=1000(redis) groups=1000(redis)\n"
    )
    assert run(e, "exec r8a redis-cli ping")[1] == "PONG\n"


@pytest.mark.parametrize(
    ("reference", "version"),
    [("postgres:alpine", "17.5"), ("postgres:16-alpine", "16.9"), ("postgres:15-alpine", "15.13")],
)
def test_postgres_alpine_runs_its_version(reference: str, version: str) -> None:
    e = pulled(reference)
    assert run(e, f"run --rm {reference} postgres --version")[1] == (
        f"postgres (PostgreSQL) {version}\n"
    )
    assert run(e, f"run -d --name pg -e POSTGRES_PASSWORD=pw {reference}")[0] == 0
    build = "on x86_64-pc-linux-musl, compiled by gcc (Alpine 14.2.0) 14.2.0, 64-bit"
    assert f"LOG:  starting PostgreSQL {version} {build}\n" in run(e, "logs pg")[1]
    status, out, _ = run(e, "exec pg psql -U postgres -tAc 'select version()'")
    assert (status, out) == (0, f"PostgreSQL {version} {build}\n")


def test_postgres_15_runs_15() -> None:
    e = pulled("postgres:15")
    assert run(e, "run --rm postgres:15 postgres --version")[1] == "postgres (PostgreSQL) 15.13\n"
    assert run(e, "run -d --name pg -e POSTGRES_PASSWORD=pw postgres:15")[0] == 0
    assert (
        "starting PostgreSQL 15.13 (Debian 15.13-1.pgdg120+1) on x86_64-pc-linux-gnu"
        in run(e, "logs pg")[1]
    )


def test_os_release_of_the_alpine_variants() -> None:
    e = pulled("redis:alpine", "postgres:alpine", "bash")
    assert run(e, "run --rm redis:alpine cat /etc/alpine-release")[1] == "3.21.3\n"
    assert run(e, "run --rm postgres:alpine cat /etc/alpine-release")[1] == "3.22.0\n"
    assert run(e, "run --rm bash cat /etc/alpine-release")[1] == "3.22.0\n"


def test_sizes_follow_the_layers() -> None:
    e = pulled("redis:7.4", "bash")
    status, out, _ = run(e, "images --format '{{.Repository}}:{{.Tag}} {{.Size}}'")
    assert status == 0 and sorted(out.splitlines()) == ["bash:latest 12.7MB", "redis:7.4 117MB"]
