"""The real docker CLI's save, load, export, push, search, login, stats and update through the
server, compared with `dockersim docker` on the same world. Skipped when `docker` is absent."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from apiclient import DOCKER, Cli

pytestmark = pytest.mark.skipif(DOCKER is None, reason="the docker CLI is not installed")


def test_stats_no_stream_and_update_memory_match_dockersim_docker(docker: Cli) -> None:
    # given
    assert docker("run", "-d", "--name", "web", "nginx").returncode == 0
    assert docker("run", "--name", "done", "busybox", "true").returncode == 0
    # when
    updated = docker("update", "--memory", "256m", "web")
    real = docker("stats", "--no-stream")
    one = docker("stats", "--no-stream", "web", "done")
    # then
    assert (updated.returncode, updated.stdout, updated.stderr) == (0, "web\n", "")
    assert real.stdout == docker.sim("stats", "--no-stream").stdout
    assert one.stdout == docker.sim("stats", "--no-stream", "web", "done").stdout
    assert "9.8MiB / 256MiB     3.83%     1.05kB / 0B   0B / 0B     3" in one.stdout
    assert "0.00%     0B / 0B             0.00%     0B / 0B       0B / 0B     0" in one.stdout


def test_error_update_below_the_minimum_memory_is_the_daemons_error(docker: Cli) -> None:
    assert docker("run", "-d", "--name", "web", "nginx").returncode == 0
    real = docker("update", "--memory", "1k", "web")
    sim = docker.sim("update", "--memory", "1k", "web")
    assert real.returncode == sim.returncode == 1
    assert real.stderr == sim.stderr
    assert real.stderr.startswith("Error response from daemon: Minimum memory limit")


def test_search_prints_what_dockersim_docker_prints(docker: Cli) -> None:
    for argv in (["nginx"], ["--limit", "3", "python"], ["--filter", "stars=10000", "redis"]):
        real = docker("search", *argv)
        assert real.returncode == 0, real.stderr
        assert real.stdout == docker.sim("search", *argv).stdout
    bad = docker("search", "--limit", "101", "nginx")
    assert bad.stderr == docker.sim("search", "--limit", "101", "nginx").stderr
    assert bad.stderr == "Error response from daemon: limit 101 is outside the range of [1, 100]\n"


def test_save_then_load_restores_the_image_with_the_same_archive(
    docker: Cli, tmp_path: Path
) -> None:
    # given
    assert docker("pull", "busybox").returncode == 0
    image_id = docker("inspect", "-f", "{{.Id}}", "busybox").stdout
    # when
    saved = docker("save", "-o", str(tmp_path / "real.tar"), "busybox")
    docker.sim("save", "-o", str(tmp_path / "sim.tar"), "busybox")
    removed = docker("rmi", "busybox")
    loaded = docker("load", "-i", str(tmp_path / "real.tar"))
    # then
    assert (saved.returncode, saved.stdout, saved.stderr) == (0, "", "")
    assert (tmp_path / "real.tar").read_bytes() == (tmp_path / "sim.tar").read_bytes()
    assert removed.returncode == 0
    assert (loaded.returncode, loaded.stdout) == (0, "Loaded image: busybox:latest\n")
    assert docker("inspect", "-f", "{{.Id}}", "busybox").stdout == image_id


def test_error_load_of_a_file_that_is_no_archive_prints_the_streams_error(
    docker: Cli, tmp_path: Path
) -> None:
    (tmp_path / "junk.tar").write_bytes(b"not a tar at all")
    real = docker("load", "-i", str(tmp_path / "junk.tar"))
    sim = docker.sim("load", "-i", str(tmp_path / "junk.tar"))
    assert (real.returncode, real.stderr) == (sim.returncode, sim.stderr)
    assert real.returncode == 1


def test_export_writes_the_containers_files(docker: Cli, tmp_path: Path) -> None:
    # given
    made = docker("run", "--name", "c1", "busybox", "sh", "-c", "echo hi > /hello")
    assert made.returncode == 0
    # when
    real = docker("export", "-o", str(tmp_path / "real.tar"), "c1")
    docker.sim("export", "-o", str(tmp_path / "sim.tar"), "c1")
    # then
    assert (real.returncode, real.stdout, real.stderr) == (0, "", "")
    with tarfile.open(tmp_path / "real.tar") as got, tarfile.open(tmp_path / "sim.tar") as want:
        assert got.getnames() == want.getnames()
        hello = got.extractfile("hello")
        assert hello is not None and hello.read() == b"hi\n"


def test_login_then_push_to_docker_hub_and_to_a_registry_container(docker: Cli) -> None:
    # given
    assert docker("pull", "busybox").returncode == 0
    assert docker("tag", "busybox", "alice/box:1").returncode == 0
    denied = docker("push", "alice/box:1")
    # when
    login = docker("login", "-u", "alice", "--password-stdin", stdin="secret\n")
    pushed = docker("push", "alice/box:1")
    assert docker("run", "-d", "-p", "5000:5000", "--name", "reg", "registry:2").returncode == 0
    assert docker("tag", "busybox", "localhost:5000/box").returncode == 0
    local = docker("push", "localhost:5000/box")
    # then
    assert denied.returncode == 1
    assert denied.stderr == "denied: requested access to the resource is denied\n"
    assert (login.returncode, login.stdout) == (0, "Login Succeeded\n")
    assert docker.sim("login").stdout == "Login Succeeded\n"  # the world knows the login
    assert pushed.returncode == 0, pushed.stderr
    lines = pushed.stdout.splitlines()
    assert lines[0] == "The push refers to repository [docker.io/alice/box]"
    assert lines[-1].startswith("1: digest: sha256:") and lines[-1].endswith(" size: 527")
    assert local.returncode == 0, local.stderr
    assert local.stdout.splitlines()[:2] == [
        "Using default tag: latest",
        "The push refers to repository [localhost:5000/box]",
    ]
    assert local.stdout.splitlines()[-2].endswith(": Pushed")
    again = docker.sim("push", "localhost:5000/box")
    assert again.stdout.splitlines()[-2].endswith(": Layer already exists")


def test_commit_through_the_server_makes_the_image_dockersim_docker_makes(docker: Cli) -> None:
    # given
    assert docker("run", "--name", "box", "alpine", "sh", "-c", "echo hi > /note").returncode == 0
    # when
    made = docker("commit", "-m", "a note", "-c", "CMD cat /note", "box", "noted:v1")
    missing = docker("commit", "nosuch", "x")
    # then
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("sha256:")
    assert docker("run", "--rm", "noted:v1").stdout == "hi\n"
    listed = docker.sim("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout
    assert f"noted:v1 {made.stdout[7:19]}" in listed
    history = docker("history", "--format", "{{.Comment}}", "noted:v1").stdout
    assert history.splitlines()[0] == "a note"
    assert (missing.returncode, missing.stderr) == (
        1,
        "Error response from daemon: No such container: nosuch\n",
    )
