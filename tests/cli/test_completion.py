"""Shell completion: `dockersim completion bash|zsh|fish` prints a script that asks
`dockersim __complete WORD...`; the candidates are dockersim's commands and options, docker's
commands and flags, and names from the saved world (read, never changed)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess


def dockersim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKERSIM_HOME": str(home), "DOCKERSIM_CLOCK": "frozen"}
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def complete(home: Path, *words: str) -> list[str]:
    done = dockersim(home, "__complete", *words)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("world")
    for line in (
        "pull -q alpine",
        "run -d --name webapp alpine sleep 1000",
        "network create backnet",
        "volume create datavol",
    ):
        assert dockersim(home, "docker", *line.split()).returncode == 0
    return home


def test_dockersim_commands_and_options(world: Path):
    assert complete(world, "")[:3] == ["catalog", "completion", "daemon"]
    assert complete(world, "sh") == ["shell", "show"]
    assert complete(world, "--v") == ["--version"]
    assert complete(world, "grade", "--max") == ["--max-commands", "--max-memory"]
    assert complete(world, "quiz", "") == ["generate", "key", "render", "schema", "validate"]
    assert complete(world, "completion", "") == ["bash", "fish", "zsh"]


def test_docker_commands_flags_and_names(world: Path):
    assert "run" in complete(world, "docker", "")
    assert complete(world, "docker", "netw") == ["network"]
    assert "--detach" in complete(world, "docker", "run", "--de")
    assert complete(world, "docker", "stop", "web") == ["webapp"]
    assert complete(world, "docker", "network", "rm", "back") == ["backnet"]
    assert complete(world, "docker", "volume", "inspect", "data") == ["datavol"]
    assert complete(world, "docker", "run", "alp") == ["alpine:latest"]
    assert complete(world, "show", "network", "back") == ["backnet"]


def test_completion_reads_the_world_without_changing_it(world: Path):
    before = (world / "world.json").read_bytes()
    complete(world, "docker", "stop", "")
    assert (world / "world.json").read_bytes() == before


def test_files_are_left_to_the_shell(world: Path):
    assert complete(world, "play", "") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_scripts(tmp_path: Path, shell: str):
    done = dockersim(tmp_path, "completion", shell)
    assert done.returncode == 0
    assert "dockersim __complete" in done.stdout
    marker = {"bash": "complete -o default -F _dockersim dockersim", "zsh": "#compdef dockersim",
              "fish": "complete -c dockersim -a '(__dockersim_complete)'"}[shell]  # fmt: skip
    assert marker in done.stdout


def test_unknown_shell(tmp_path: Path):
    done = dockersim(tmp_path, "completion", "tcsh")
    assert done.returncode == 2
    assert "unknown shell 'tcsh' (bash, zsh or fish)" in done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_bash_script_completes_in_bash(world: Path, tmp_path: Path):
    wrapper = tmp_path / "bin" / "dockersim"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dockersim.cli "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    script = dockersim(world, "completion", "bash").stdout
    program = (
        script + "COMP_WORDS=(dockersim docker stop we); COMP_CWORD=3; _dockersim; "
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {
        **os.environ,
        "PATH": f"{wrapper.parent}:{os.environ['PATH']}",
        "DOCKERSIM_HOME": str(world),
    }
    done = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.stdout == "webapp\n", done.stderr
