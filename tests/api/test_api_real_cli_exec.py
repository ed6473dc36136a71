"""The real docker CLI's `docker exec` and `docker cp` through `dockersim serve`, compared
with `dockersim docker` on the same world. Skipped when `docker` is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from apiclient import DOCKER, Cli

pytestmark = pytest.mark.skipif(DOCKER is None, reason="the docker CLI is not installed")


def test_exec_prints_what_dockersim_docker_exec_prints(docker: Cli) -> None:
    # given
    assert docker("run", "-d", "--name", "web", "nginx").returncode == 0
    # when
    listing = docker("exec", "web", "ls", "/")
    hostname = docker("exec", "web", "sh", "-c", "echo $HOSTNAME")
    # then
    assert listing.returncode == 0
    assert listing.stdout == docker.api.dockersim("exec", "web", "ls", "/").stdout
    assert "docker-entrypoint.sh\n" in listing.stdout
    container_id = docker("inspect", "-f", "{{.Id}}", "web").stdout
    assert (hostname.stdout, hostname.returncode) == (container_id[:12] + "\n", 0)


def test_exec_exit_codes_streams_and_input(docker: Cli) -> None:
    docker("run", "-d", "--name", "web", "alpine", "sleep", "1000")
    failing = docker("exec", "web", "sh", "-c", "echo out; echo err >&2; exit 3")
    missing = docker("exec", "web", "nosuch")
    typed = docker("exec", "-i", "web", "cat", stdin="typed\n")
    detached = docker("exec", "-d", "web", "sleep", "100")
    assert (failing.stdout, failing.stderr, failing.returncode) == ("out\n", "err\n", 3)
    # moby writes the start error into the stream's stdout (exec.go postContainerExecStart),
    # ended by \r\n (text mode reads it as \n)
    assert missing.stdout == (
        "OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "nosuch": executable file not found in $PATH: unknown\n'
    )
    assert missing.returncode == 127
    assert (typed.stdout, typed.returncode) == ("typed\n", 0)
    assert (detached.stdout, detached.stderr, detached.returncode) == ("", "", 0)


def test_error_exec_in_a_stopped_or_missing_container(docker: Cli) -> None:
    docker("run", "--name", "done", "alpine", "true")
    stopped = docker("exec", "done", "ls")
    missing = docker("exec", "nosuch", "ls")
    container_id = docker("inspect", "-f", "{{.Id}}", "done").stdout.strip()
    assert (stopped.stderr, stopped.returncode) == (
        f"Error response from daemon: container {container_id} is not running\n",
        1,
    )
    assert (missing.stderr, missing.returncode) == (
        "Error response from daemon: No such container: nosuch\n",
        1,
    )


def test_cp_both_ways(docker: Cli, tmp_path: Path) -> None:
    # given
    docker("run", "-d", "--name", "web", "nginx")
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>hi</h1>\n")
    # when
    to_file = docker("cp", str(tmp_path / "notes.txt"), "web:/tmp/")
    to_dir = docker("cp", str(tmp_path / "site"), "web:/usr/share/nginx/")
    back = docker("cp", "web:/etc/nginx/conf.d", str(tmp_path / "conf"))
    missing = docker("cp", "web:/nosuch", str(tmp_path))
    # then
    assert to_file.returncode == 0, to_file.stderr
    # the CLI reports `Successfully copied ...` only to a terminal (stderr is a pipe here)
    assert (to_file.stdout, to_file.stderr) == ("", "")
    assert docker("exec", "web", "cat", "/tmp/notes.txt").stdout == "hello\n"
    assert to_dir.returncode == 0, to_dir.stderr
    assert docker("exec", "web", "cat", "/usr/share/nginx/site/index.html").stdout == (
        "<h1>hi</h1>\n"
    )
    assert back.returncode == 0, back.stderr
    assert (tmp_path / "conf" / "default.conf").read_text().startswith("server {")
    assert (missing.stderr, missing.returncode) == (
        "Error response from daemon: Could not find the file /nosuch in container web\n",
        1,
    )
