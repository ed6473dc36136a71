"""The real `dockersim` process against a temporary DOCKERSIM_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess


def dockersim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERSIM_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_pull_then_images_persist(tmp_path):
    pulled = dockersim(tmp_path, "docker", "pull", "-q", "alpine")
    assert (pulled.returncode, pulled.stdout, pulled.stderr) == (
        0,
        "docker.io/library/alpine:latest\n",
        "",
    )
    listed = dockersim(tmp_path, "docker", "images", "--format", "{{.Repository}}:{{.Tag}}")
    assert (listed.returncode, listed.stdout) == (0, "alpine:latest\n")


def test_twenty_concurrent_invocations_all_land(tmp_path):
    assert dockersim(tmp_path, "docker", "pull", "-q", "alpine").returncode == 0

    def tag(i: int) -> int:
        return dockersim(tmp_path, "docker", "tag", "alpine", f"mine/a{i}:v1").returncode

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(tag, range(20)))
    assert codes == [0] * 20
    listed = dockersim(tmp_path, "docker", "images", "--format", "{{.Repository}}")
    assert sorted(listed.stdout.split()) == sorted([f"mine/a{i}" for i in range(20)] + ["alpine"])


def test_error_corrupt_state_is_reported_and_kept(tmp_path):
    state = tmp_path / "world.json"
    state.write_text("{not json")
    result = dockersim(tmp_path, "docker", "images")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"dockersim: cannot read the saved world {state}: not valid JSON"
    )
    assert state.read_text() == "{not json"


def test_error_newer_state_version_is_refused(tmp_path):
    state = tmp_path / "world.json"
    state.write_text(json.dumps({"version": 999}))
    result = dockersim(tmp_path, "docker", "images")
    assert result.returncode == 1
    assert "written by a newer dockersim (state version 999" in result.stderr
    assert json.loads(state.read_text()) == {"version": 999}


def test_reset_starts_a_fresh_world(tmp_path):
    assert dockersim(tmp_path, "docker", "pull", "-q", "busybox").returncode == 0
    reset = dockersim(tmp_path, "reset")
    assert reset.returncode == 0
    listed = dockersim(tmp_path, "docker", "images", "-q")
    assert (listed.returncode, listed.stdout) == (0, "")


def test_docker_errors_keep_docker_exit_status(tmp_path):
    result = dockersim(tmp_path, "docker", "rmi", "nope")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "Error response from daemon: No such image: nope:latest\n",
    )


def test_an_image_built_in_one_process_serves_in_the_next(tmp_path):
    # the course's last exercise, typed command by command: each line is its own process
    project = tmp_path / "flask-app"
    project.mkdir()
    (project / "Dockerfile").write_text(
        "FROM python:3.9\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 5000\n"
        'CMD ["python", "app.py"]\n'
    )
    (project / "requirements.txt").write_text("flask\n")
    (project / "app.py").write_text(
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
        '@app.route("/")\ndef hello():\n    return "Hello, Docker!"\n\n\n'
        'if __name__ == "__main__":\n    app.run(host="0.0.0.0", port=5000)\n'
    )
    home = tmp_path / "home"
    assert dockersim(home, "docker", "build", "-q", "-t", "web", str(project)).returncode == 0
    assert dockersim(home, "docker", "run", "-d", "-p", "5000:5000", "--name", "site", "web")
    logs = dockersim(home, "docker", "logs", "site")
    assert logs.stdout == " * Serving Flask app 'app'\n * Debug mode: off\n"
    page = dockersim(home, "host", "curl -s http://localhost:5000")
    assert (page.returncode, page.stdout) == (0, "Hello, Docker!")


def in_dir(cwd: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env=dict(os.environ, DOCKERSIM_HOME=str(home), **env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_interactive_cli_is_the_client_on_the_real_machine(tmp_path):
    """docs/architecture.md "The host": client-side files are the real machine's, in the
    working directory; bind mounts stay on the simulated host."""
    # given: a project directory with an env file, and a variable in the real environment
    work = tmp_path / "work"
    work.mkdir()
    (work / "Dockerfile").write_text("FROM busybox\nCOPY note.txt /note.txt\n")
    (work / "note.txt").write_text("from the real disk\n")
    (work / "app.env").write_text("GREETING=hi\nFROM_SHELL\n")
    home = tmp_path / "home"
    # when
    built = in_dir(work, home, "docker", "build", "-q", "-t", "note", ".")
    ran = in_dir(
        work, home, "docker", "run", "--rm", "--env-file", "app.env", "-e", "FROM_SHELL",
        "note", "sh", "-c", "cat /note.txt; echo $GREETING $FROM_SHELL",
        FROM_SHELL="exported",
    )  # fmt: skip
    saved = in_dir(work, home, "docker", "save", "-o", "note.tar", "note")
    created = in_dir(work, home, "docker", "create", "--name", "cc", "--cidfile", "c.id", "note")
    copied = in_dir(work, home, "docker", "cp", "cc:/note.txt", "copy.txt")
    # then
    assert [p.returncode for p in (built, ran, saved, created, copied)] == [0, 0, 0, 0, 0]
    assert ran.stdout == "from the real disk\nhi exported\n"
    assert (work / "note.tar").stat().st_size > 10_000
    assert (work / "c.id").read_text() == created.stdout.strip()
    assert (work / "copy.txt").read_text() == "from the real disk\n"
    host = in_dir(work, home, "host", "ls /home/student /tmp")
    assert host.stdout == "/home/student:\n\n/tmp:\n"


def test_play_reads_real_files_only_when_asked(tmp_path):
    # given: a lesson that builds the directory it sits in
    lesson_dir = tmp_path / "lesson"
    lesson_dir.mkdir()
    (lesson_dir / "Dockerfile").write_text("FROM busybox\n")
    (lesson_dir / "lesson.yaml").write_text(
        "dockersim: 1\ntitle: Build here\nimages: [busybox]\nsteps:\n"
        "  - run: docker build -q -t here .\n    expect: {exit: 0}\n"
    )
    home = tmp_path / "home"
    # when
    plain = in_dir(lesson_dir, home, "play", "lesson.yaml")
    trusted = in_dir(lesson_dir, home, "play", "--real-files", "lesson.yaml")
    # then
    assert plain.returncode == 1
    assert 'ERROR: unable to prepare context: path "." not found' not in plain.stdout
    assert "failed to read dockerfile: open Dockerfile: no such file or directory" in plain.stdout
    assert trusted.returncode == 0, trusted.stdout


def test_a_container_outlives_its_image_across_invocations(tmp_path):
    # given a stopped container whose image `rmi -f` deleted, each step its own process
    ran = dockersim(tmp_path, "docker", "run", "--name", "once", "alpine", "echo", "hi")
    assert (ran.returncode, ran.stdout) == (0, "hi\n")
    deleted = dockersim(tmp_path, "docker", "rmi", "-f", "alpine")
    assert (deleted.returncode, deleted.stdout.splitlines()[-1], deleted.stderr) == (
        0,
        "Deleted: sha256:941b4bb3d46aa48a9fd91c4c32035517709c9f2fb3a77ebd843eb51ee34a0a29",
        "",
    )
    # when later invocations use the container
    listed = dockersim(tmp_path, "docker", "ps", "-a", "--format", "{{.Image}} {{.Names}}")
    started = dockersim(tmp_path, "docker", "start", "once")
    logs = dockersim(tmp_path, "docker", "logs", "once")
    removed = dockersim(tmp_path, "docker", "rm", "once")
    df = dockersim(tmp_path, "docker", "system", "df", "--format", "{{.Type}} {{.Size}}")
    # then each answers as Docker does, and removing it frees the layers
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, "941b4bb3d46a once\n", "")
    assert (started.returncode, started.stdout, started.stderr) == (0, "once\n", "")
    assert (logs.returncode, logs.stdout, logs.stderr) == (0, "hi\nhi\n", "")
    assert (removed.returncode, removed.stdout, removed.stderr) == (0, "once\n", "")
    assert df.stdout == "Images 0B\nContainers 0B\nLocal Volumes 0B\nBuild Cache 0B\n"
    saved = json.loads((tmp_path / "world.json").read_text())
    assert (saved["layers"], saved["rw_layers"]) == ([], {})
