"""Issue 13: `commit --change`, `logs --tail` past the log's length, the daemon's texts for
`network create host` and `run --network host -p` (moby daemon/network.go,
daemon/daemon_unix.go, daemon/builder/dockerfile/builder.go, daemon/commit.go)."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


@pytest.fixture
def box(engine: Engine) -> Engine:
    assert engine.docker("run -d --name box -e X=1 busybox sleep 1000").exit_code == 0
    return engine


def _config(engine: Engine, image: str) -> str:
    return engine.docker(f"inspect -f '{{{{json .Config}}}}' {image}").stdout


def test_commit_change_env_and_cmd(box: Engine) -> None:
    # when
    result = box.docker("""commit -c 'ENV A=1' -c 'CMD ["echo", "x"]' box img""")
    # then
    assert result.exit_code == 0
    env = box.docker("inspect -f '{{json .Config.Env}} {{json .Config.Cmd}}' img").stdout
    assert env == (
        '["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","X=1","A=1"] '
        '["echo","x"]\n'
    )
    assert box.docker("run --rm img").stdout == "x\n"


def test_commit_change_entrypoint_drops_the_cmd_and_workdir_is_relative(box: Engine) -> None:
    box.docker("""commit -c 'ENTRYPOINT ["top"]' -c 'WORKDIR sub' -c 'EXPOSE 80' box img""")
    got = box.docker(
        "inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.WorkingDir}} "
        "{{json .Config.ExposedPorts}}' img"
    ).stdout
    assert got == '["top"] null /sub {"80/tcp":{}}\n'


def test_commit_change_shell_form_cmd(box: Engine) -> None:
    box.docker("commit -c 'CMD echo $X' box img")
    assert box.docker("inspect -f '{{json .Config.Cmd}}' img").stdout == (
        '["/bin/sh","-c","echo $X"]\n'
    )


def test_error_commit_change_run_is_not_a_change_command(box: Engine) -> None:
    # when
    result = box.docker("commit -c 'ENV A=1' -c 'RUN echo' box img")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error response from daemon: RUN is not a valid change command\n",
    )
    assert box.docker("image inspect img").exit_code == 1


def test_error_commit_change_missing_argument(box: Engine) -> None:
    result = box.docker("commit -c 'ENV' box img")
    assert result.stderr == "Error response from daemon: ENV requires at least one argument\n"


def test_logs_tail_larger_than_the_log_shows_every_line(engine: Engine) -> None:
    engine.docker("run --name three busybox sh -c 'echo a; echo b; echo c'")
    assert engine.docker("logs --tail 5 three").stdout == "a\nb\nc\n"
    assert engine.docker("logs --tail 3 three").stdout == "a\nb\nc\n"
    assert engine.docker("logs --tail 2 three").stdout == "b\nc\n"
    assert engine.docker("logs --tail 0 three").stdout == ""


@pytest.mark.parametrize("name", ["host", "none", "bridge"])
def test_error_network_create_predefined_names_it(engine: Engine, name: str) -> None:
    result = engine.docker(f"network create {name}")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error response from daemon: operation is not permitted on predefined {name} network \n",
    )


def test_run_host_network_with_published_ports_warns(engine: Engine) -> None:
    engine.docker("pull busybox")
    # when
    result = engine.docker("run -d --network host -p 80:80 busybox sleep 100")
    plain = engine.docker("run -d --network host busybox sleep 100")
    # then
    assert result.exit_code == 0
    assert result.stderr == (
        "WARNING: Published ports are discarded when using host network mode\n"
    )
    assert plain.stderr == ""
