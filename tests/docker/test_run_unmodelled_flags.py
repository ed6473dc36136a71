"""`docker run` and `docker create` refuse a flag dockersim does not model, saying so, before
anything happens (compose does the same for its service keys): never a container that runs
as if the flag had not been given. A flag that only repeats its default is fine."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q alpine").exit_code == 0
    return engine


REFUSED = [
    ("--init", "init"),
    ("--privileged", "privileged"),
    ("--cap-add NET_ADMIN", "cap-add"),
    ("--add-host db:10.0.0.5", "add-host"),
    ("--dns 1.1.1.1", "dns"),
    ("--volumes-from other", "volumes-from"),
    ("--log-driver none", "log-driver"),
    ("--pid host", "pid"),
    ("--cpu-shares 512", "cpu-shares"),
    ("--ulimit nofile=10", "ulimit"),
    ("-a stdout", "attach"),
]


@pytest.mark.parametrize(
    ("command", "flags", "named"),
    [
        *(("run", flags, named) for flags, named in REFUSED),
        *(("create", flags, named) for flags, named in REFUSED),
        ("run", "--sig-proxy=false", "sig-proxy"),  # (a flag of run's alone)
    ],
)
def test_an_unmodelled_flag_is_refused(
    engine: Engine, command: str, flags: str, named: str
) -> None:
    before = engine.docker("ps -aq").stdout
    got = engine.docker(f"{command} --name refused {flags} alpine true")
    assert (got.exit_code, got.stdout) == (125, "")
    assert got.stderr == f"dockersim: not simulated in {command}: option --{named}\n"
    assert engine.docker("ps -aq").stdout == before  # nothing was created


@pytest.mark.parametrize(
    "flags", ["--init=false", "--privileged=false", "--sig-proxy=true", "--net bridge"]
)
def test_a_flag_at_its_default_is_fine(engine: Engine, flags: str) -> None:
    got = engine.docker(f"run --rm {flags} alpine echo ok")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "ok\n", "")


def test_expose_adds_ports_the_container_exposes(engine: Engine) -> None:
    line = "run -d --name exposing -p 8080:80 --expose 7000 --expose 9000-9001/UDP alpine sleep 9"
    assert engine.docker(line).exit_code == 0
    got = engine.docker(["inspect", "-f", "{{json .Config.ExposedPorts}}", "exposing"])
    assert got.stdout == '{"7000/tcp":{},"80/tcp":{},"9000/udp":{},"9001/udp":{}}\n'
    engine.docker("rm -f exposing")


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("abc", "invalid start port 'abc': invalid syntax"),
        ("70000", "invalid start port '70000': value out of range"),
        ("9-8", "invalid port range: 9-8"),
        ("80-", "invalid end port '': value is empty"),
    ],
)
def test_a_bad_expose_is_the_clis_error(engine: Engine, spec: str, problem: str) -> None:
    got = engine.docker(["run", "--rm", "--expose", spec, "alpine", "true"])
    assert got.exit_code == 125
    assert got.stderr == (
        f"docker: invalid range format for --expose: {problem}\n\n"
        "Run 'docker run --help' for more information\n"
    )
