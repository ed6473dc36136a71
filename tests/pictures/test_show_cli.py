"""`dockersim show ...` as a process against a temporary DOCKERSIM_HOME (a pipe: no colour)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]


def dockersim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERSIM_HOME=str(home), PYTHONPATH=str(ROOT), DOCKERSIM_CLOCK="frozen")
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=home,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("show")
    for line in (
        ["pull", "-q", "busybox"],
        ["run", "-d", "--name", "web", "busybox", "sleep", "99"],
    ):
        assert dockersim(path, "docker", *line).returncode == 0
    return path


def test_show_layers_of_an_image(home: Path) -> None:
    shown = dockersim(home, "show", "layers", "busybox")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout == (
        "image busybox:latest (63691f2135cc): 1 layer, 4.42MB\n"
        "\n"
        "┌─ layer 1 (top) ─────────────────────────────┐\n"
        "│   4.42MB  BusyBox 1.37.0 (glibc), Debian 13 │\n"
        "│           bf35c5310512                      │\n"
        "└─────────────────────────────────────────────┘\n"
    )


def test_show_container_as_dot(home: Path) -> None:
    shown = dockersim(home, "show", "container", "web", "--format", "dot")
    assert shown.returncode == 0
    assert shown.stdout.startswith('digraph "web" {\n')
    assert '  running [label="running", style=bold, peripheries=2];\n' in shown.stdout


def test_show_network_as_mermaid(home: Path) -> None:
    shown = dockersim(home, "show", "network", "bridge", "--format", "mermaid")
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[-1] == '  C1 ---|"172.17.0.2"| N1'


def test_show_summary_names_the_container(home: Path) -> None:
    shown = dockersim(home, "show")
    assert shown.returncode == 0
    assert "│ web  busybox:latest  Up " in shown.stdout
    assert "\x1b" not in shown.stdout


def test_error_show_layers_of_nothing(home: Path) -> None:
    shown = dockersim(home, "show", "layers", "nope")
    assert (shown.returncode, shown.stdout, shown.stderr) == (
        1,
        "",
        "dockersim: no such image or container: nope\n",
    )


def test_error_show_container_of_nothing(home: Path) -> None:
    shown = dockersim(home, "show", "container", "nope")
    assert (shown.returncode, shown.stderr) == (1, "dockersim: no such container: nope\n")


def test_error_unknown_format(home: Path) -> None:
    shown = dockersim(home, "show", "network", "--format", "png")
    assert shown.returncode == 2
    assert "Invalid value for '--format'" in shown.stderr
