"""The real docker CLI (28.2.2 on these machines) against `dockersim serve`, its output
compared with `dockersim docker` on the same world. Skipped when `docker` is absent.

The world's clock is frozen here, so `CREATED` and `STATUS` cannot move between the two
commands compared (the server moves times the client turns into "... ago" by the
distance between the real clock and the world's: engine-api.md notes, docs/serve.md).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from apiclient import DOCKER, Cli

pytestmark = pytest.mark.skipif(DOCKER is None, reason="the docker CLI is not installed")


def test_run_detached_pulls_then_prints_the_id_as_dockersim_docker_does(
    docker: Cli, tmp_path: Path
) -> None:
    # when
    real = docker("run", "-d", "--name", "web", "-p", "8080:80", "nginx")
    # then: the same pull progress as `dockersim docker run` on a world of its own
    env = {**os.environ, "DOCKERSIM_HOME": str(tmp_path)}
    other = subprocess.run(
        [*_dockersim(), "run", "-d", "--name", "web", "-p", "8080:80", "nginx"],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=120,
    )
    assert real.returncode == 0, real.stderr
    assert real.stderr == other.stderr
    assert len(real.stdout.strip()) == 64
    assert docker("inspect", "-f", "{{.State.Status}}", "web").stdout == "running\n"


def _dockersim() -> list[str]:
    import sys

    return [sys.executable, "-m", "dockersim.cli", "docker"]


def test_ps_images_and_logs_match_dockersim_docker_on_the_same_world(docker: Cli) -> None:
    # given
    assert docker("run", "-d", "--name", "web", "-p", "8080:80", "nginx").returncode == 0
    assert docker("run", "--name", "done", "alpine", "echo", "hi").returncode == 0
    # then
    assert docker("ps").stdout == docker.api.dockersim("ps").stdout
    assert docker("ps", "-a").stdout == docker.api.dockersim("ps", "-a").stdout
    legacy = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    assert docker("images").stdout == docker.api.dockersim("images", "--format", legacy).stdout
    real_logs = docker("logs", "web")
    sim_logs = docker.api.dockersim("logs", "web")
    assert (real_logs.stdout, real_logs.stderr) == (sim_logs.stdout, sim_logs.stderr)
    for template in ("{{.State.Status}}", "{{json .Config}}", "{{.NetworkSettings.IPAddress}}"):
        real = docker("inspect", "-f", template, "web").stdout
        assert real == docker.api.dockersim("inspect", "-f", template, "web").stdout


def test_inspect_prints_the_same_document(docker: Cli) -> None:
    docker("create", "--name", "c1", "alpine")
    assert docker("inspect", "c1").stdout == docker.api.dockersim("inspect", "c1").stdout
    assert docker("inspect", "alpine").stdout == docker.api.dockersim("inspect", "alpine").stdout


def test_run_attached_prints_the_output_and_exits_with_the_status(docker: Cli) -> None:
    hi = docker("run", "--rm", "alpine", "echo", "hi")
    failing = docker("run", "alpine", "sh", "-c", "echo out; echo err >&2; exit 3")
    piped = docker("run", "-i", "--rm", "alpine", "cat", stdin="typed\n")
    assert (hi.stdout, hi.returncode) == ("hi\n", 0)
    assert (failing.stdout, failing.stderr.splitlines()[-1], failing.returncode) == (
        "out\n",
        "err",
        3,
    )
    assert (piped.stdout, piped.returncode) == ("typed\n", 0)
    assert docker("ps", "-aq", "--filter", "ancestor=alpine").stdout.count("\n") == 1


def test_pull_stop_rm_and_their_errors(docker: Cli) -> None:
    pulled = docker("pull", "alpine")
    docker("run", "-d", "--name", "web", "nginx")
    stopped = [docker("stop", "web"), docker("stop", "web")]
    removed = [docker("rm", "web"), docker("rm", "web")]
    missing = docker("inspect", "nosuch")
    assert pulled.stdout.splitlines()[0] == "Using default tag: latest"
    assert pulled.stdout.splitlines()[-1] == "docker.io/library/alpine:latest"
    assert [(r.stdout, r.returncode) for r in stopped] == [("web\n", 0), ("web\n", 0)]
    assert (removed[0].stdout, removed[0].returncode) == ("web\n", 0)
    assert (removed[1].stderr, removed[1].returncode) == (
        "Error response from daemon: No such container: web\n",
        1,
    )
    assert (missing.stdout, missing.stderr, missing.returncode) == (
        "[]\n",
        "Error: No such object: nosuch\n",
        1,
    )


def test_networks_and_volumes(docker: Cli) -> None:
    made = docker("network", "create", "mynet")
    listed = docker("network", "ls")
    assert made.returncode == 0 and len(made.stdout.strip()) == 64
    assert listed.stdout == docker.api.dockersim("network", "ls").stdout
    assert docker("network", "rm", "mynet").stdout == "mynet\n"
    assert docker("volume", "create", "myvol").stdout == "myvol\n"
    assert docker("volume", "ls").stdout == docker.api.dockersim("volume", "ls").stdout
    assert docker("volume", "rm", "myvol").stdout == "myvol\n"
    assert docker("volume", "ls").stdout == "DRIVER    VOLUME NAME\n"


def test_version_and_info_describe_the_simulated_engine(docker: Cli) -> None:
    version = docker("version").stdout
    sim = docker.api.dockersim("version").stdout
    assert version.partition("\nServer:")[2] == sim.partition("\nServer:")[2]
    info = docker("info").stdout
    assert " Server Version: 29.1.3\n" in info
    assert " Swarm: inactive\n" in info


def test_logs_follow_kill_system_df_and_events(docker: Cli) -> None:
    # given
    assert (
        docker("run", "--name", "tt", "busybox", "sh", "-c", "echo one; echo two").returncode == 0
    )
    assert docker("run", "-d", "--name", "kk", "nginx").returncode == 0
    # when
    followed = docker("logs", "-f", "tt")  # the container has ended: -f stops at its end
    killed = docker("kill", "kk")
    df = docker("system", "df")
    fmt = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"
    # the served world's events are placed on the real clock at the moment a client asks
    # (docs/serve.md), so a window that ends in two seconds' time holds them all
    soon = str(int(time.time()) + 2)
    events = docker("events", "--since", "0", "--until", soon, "--format", fmt)
    # then
    assert (followed.returncode, followed.stdout) == (0, "one\ntwo\n")
    assert (killed.returncode, killed.stdout, killed.stderr) == (0, "kk\n", "")
    ps = "{{.Names}} {{.Status}}"
    assert (
        docker("ps", "-a", "--format", ps).stdout
        == docker.api.dockersim("ps", "-a", "--format", ps).stdout
    )
    assert "kk Exited (137)" in docker("ps", "-a", "--format", ps).stdout
    assert df.stdout == docker.api.dockersim("system", "df").stdout
    assert df.stdout.startswith("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n")
    lines = events.stdout.splitlines()
    assert lines == docker.api.dockersim("events", "--since", "0", "--until", soon,
                               "--format", fmt).stdout.splitlines()  # fmt: skip
    assert "container start tt" in lines and "container kill kk" in lines
    assert lines.index("container die tt") < lines.index("container start kk")


def test_a_flag_dockersim_does_not_model_is_refused_not_ignored(docker: Cli) -> None:
    assert docker("pull", "-q", "alpine").returncode == 0
    for flags, field in (
        (["--init"], "Init"),
        (["--privileged"], "Privileged"),
        (["--add-host", "db:10.0.0.5"], "ExtraHosts"),
        (["--cap-add", "NET_ADMIN"], "CapAdd"),
        (["--log-driver", "none"], "LogConfig"),
    ):
        got = docker("run", "--rm", *flags, "alpine", "true")
        assert got.returncode == 125
        assert f"dockersim: not simulated in serve: HostConfig.{field}" in got.stderr
    assert docker("ps", "-aq").stdout == ""
    # every other field the CLI sends at its zero value: a plain run is not refused
    got = docker("run", "--rm", "--memory", "64m", "--cpus", "1", "alpine", "echo", "ok")
    assert (got.returncode, got.stdout) == (0, "ok\n")
