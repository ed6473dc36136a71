"""`docker context ls/show/use`, `docker plugin ls` and the buildx plugin's `version`, `ls`,
`build` (docker/cli cli/command/context, plugin/list.go; docker/buildx v0.30.1 commands/)."""

from __future__ import annotations

import hashlib

from dockersim.engine import Engine


def test_context_ls_shows_the_default_context(engine: Engine) -> None:
    result = engine.docker("context ls")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "NAME        DESCRIPTION                               DOCKER ENDPOINT               ERROR",
        "default *   Current DOCKER_HOST based configuration   unix:///var/run/docker.sock   ",
    ]


def test_context_ls_quiet_and_json(engine: Engine) -> None:
    assert engine.docker("context ls -q").stdout == "default\n"
    assert engine.docker("context ls --format json").stdout == (
        '{"Current":true,"Description":"Current DOCKER_HOST based configuration",'
        '"DockerEndpoint":"unix:///var/run/docker.sock","Error":"","Name":"default"}\n'
    )


def test_context_show_and_use_default(engine: Engine) -> None:
    shown = engine.docker("context show")
    used = engine.docker("context use default")
    assert (shown.exit_code, shown.stdout) == (0, "default\n")
    assert (used.exit_code, used.stdout, used.stderr) == (
        0,
        "default\n",
        'Current context is now "default"\n',
    )


def test_context_use_unknown_and_invalid_names(engine: Engine) -> None:
    digest = hashlib.sha256(b"remote").hexdigest()
    unknown = engine.docker("context use remote")
    invalid = engine.docker("context use -x")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        f'context "remote": context not found: open /root/.docker/contexts/meta/{digest}'
        "/meta.json: no such file or directory\n",
    )
    assert invalid.exit_code != 0


def test_context_use_needs_exactly_one_argument(engine: Engine) -> None:
    assert engine.docker("context use").exit_code == 1


def test_plugin_ls_has_no_plugins(engine: Engine) -> None:
    assert engine.docker("plugin ls").stdout == "ID        NAME      DESCRIPTION   ENABLED\n"
    assert engine.docker("plugin ls -q").stdout == ""
    bad = engine.docker("plugin ls --filter name=x")
    assert (bad.exit_code, bad.stderr) == (1, "Error response from daemon: invalid filter 'name'\n")


def test_buildx_version(engine: Engine) -> None:
    result = engine.docker("buildx version")
    assert (result.exit_code, result.stdout) == (0, "github.com/docker/buildx v0.30.1 9e66234\n")


def test_buildx_ls_shows_the_docker_driver_builder(engine: Engine) -> None:
    assert engine.docker("buildx ls").stdout == (
        "NAME/NODE     DRIVER/ENDPOINT   STATUS    BUILDKIT   PLATFORMS\n"
        "default*      docker                                 \n"
        " \\_ default    \\_ default       running   v0.26.2    linux/amd64 (+3), linux/386\n"
    )
    assert engine.docker("buildx ls --format '{{.Name}} {{.Status}}'").stdout == (
        "default \ndefault running\n"
    )


def test_buildx_build_uses_buildkit_even_with_docker_buildkit_0(engine: Engine) -> None:
    # given
    home = "/home/student/app"
    engine.host_write(f"{home}/Dockerfile", b"FROM busybox\nRUN echo hi > /hi\n")
    # when
    result = engine.docker(f"DOCKER_BUILDKIT=0 docker buildx build -q -t app {home}")
    # then
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("sha256:")
    assert engine.docker("run --rm app cat /hi").stdout == "hi\n"
    history = engine.docker("history --format '{{.CreatedBy}}' app").stdout
    assert history.splitlines()[0] == "RUN /bin/sh -c echo hi > /hi # buildkit"
