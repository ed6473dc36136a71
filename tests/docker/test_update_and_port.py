"""`docker update` and `docker port`: what they change and print, and their errors."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture
def web(engine: Engine) -> Engine:
    engine.docker("pull -q nginx")
    assert engine.docker("run -d --name web -p 8080:80 nginx").exit_code == 0
    return engine


def test_update_sets_the_resources_it_names(web: Engine) -> None:
    # when
    result = web.docker("update --memory 64m --cpus 1.5 --pids-limit 50 --restart always web")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (0, "web\n", "")
    shown = web.docker(
        "inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} "
        "{{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}' web"
    )
    assert shown.stdout == "67108864 1500000000 50 always\n"
    assert "container update" in web.docker("events --since 0 --until 2000000000").stdout


def test_error_update_without_flags(web: Engine) -> None:
    result = web.docker("update web")
    assert (result.exit_code, result.stderr) == (
        1,
        "you must provide one or more flags when using this command\n",
    )


def test_error_update_below_the_minimum_memory(web: Engine) -> None:
    result = web.docker("update -m 1k web")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: Minimum memory limit allowed is 6MB\n",
    )


def test_error_update_flags_not_simulated_say_so(web: Engine) -> None:
    result = web.docker("update --memory 64m --cpu-shares 512 --memory-swap 1g web")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "dockersim: docker update --cpu-shares, --memory-swap is not simulated\n",
    )


def test_port_lists_a_published_port(web: Engine) -> None:
    assert web.docker("port web 80").stdout == "0.0.0.0:8080\n[::]:8080\n"


@pytest.mark.parametrize("line", ["port web 81", "port web 81/udp"])
def test_error_port_not_published(web: Engine, line: str) -> None:
    result = web.docker(line)
    typed = line.split()[-1]
    assert (result.exit_code, result.stderr) == (
        1,
        f"no public port '{typed}' published for web\n",
    )


def test_error_port_of_a_stopped_container(web: Engine) -> None:
    web.docker("stop web")
    result = web.docker("port web 80")
    assert (result.exit_code, result.stderr) == (1, "no public port '80' published for web\n")
