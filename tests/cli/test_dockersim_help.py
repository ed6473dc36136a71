"""`dockersim --help` and every subcommand's help: one plain style (Usage, description,
Arguments/Options, Example), no typer placeholders; `--version`; `dockersim host --help`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from dockersim import __version__
from dockersim.cli.app import app
from dockersim.cli.helptext import EXAMPLES

pytestmark = pytest.mark.subprocess

#: what typer or argparse would print and this style does not
RAW = re.compile(r"<[a-z]+( range)?>|\{[a-z_]+\}|\[x>=|usage: |positional arguments|╭")


def dockersim(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKERSIM_HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def command_paths() -> list[str]:
    paths = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(" ".join(path))
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return [p for p in paths if p != "docker"]  # `dockersim docker --help` is docker's own


def test_every_command_has_an_example():
    assert sorted(set(command_paths()) - set(EXAMPLES)) == []


@pytest.mark.parametrize("path", command_paths())
def test_help_is_plain_with_usage_and_an_example(tmp_path: Path, path: str):
    done = dockersim(tmp_path, *path.split(), "--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"Usage: {' '.join(['dockersim', *path.split()])} ")
    assert out.endswith(f"\nExample:\n  {EXAMPLES[path]}\n")
    assert "  -h, --help" in out
    assert not RAW.search(out), RAW.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80 or path == "completion"


def test_grade_help_names_metavars_ranges_and_defaults(tmp_path: Path):
    out = dockersim(tmp_path, "grade", "--help").stdout
    assert "Usage: dockersim grade [OPTIONS] QUIZ SUBMISSION\n" in out
    assert "  -o, --output PATH    Write here (a directory for a class).\n" in out
    assert "  --max-commands N     Command lines allowed per submission (at least 0;\n" in out


def test_play_help_has_the_same_style(tmp_path: Path):
    out = dockersim(tmp_path, "play", "--help").stdout
    assert out.startswith("Usage: dockersim play [OPTIONS] FILE...\n\nPlay a scenario")
    assert "  --format text|json|junit|tap\n" in out
    assert "  --seed N                    Override the scenario's seed.\n" in out
    assert out.endswith("Example:\n  dockersim play scenarios/01-images.yaml\n")


def test_play_usage_error_names_the_help(tmp_path: Path):
    done = dockersim(tmp_path, "play")
    assert done.returncode == 2
    assert done.stderr == (
        "dockersim play: the following arguments are required: FILE\n"
        "Run 'dockersim play --help' for help.\n"
    )


def test_typer_usage_errors_are_plain(tmp_path: Path):
    done = dockersim(tmp_path, "grade")
    assert done.returncode == 2
    assert done.stderr == (
        "dockersim grade: Missing argument 'quiz'.\nRun 'dockersim grade --help' for help.\n"
    )


def test_top_level_help_lists_commands(tmp_path: Path):
    for args in ((), ("--help",), ("-h",)):
        out = dockersim(tmp_path, *args).stdout
        assert out.startswith("Usage: dockersim [OPTIONS] COMMAND [ARGS]...\n")
        assert "\n  --version   Print the version and exit.\n" in out
        assert "\n  completion  Print the shell completion script" in out


def test_version(tmp_path: Path):
    done = dockersim(tmp_path, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"dockersim {__version__}\n", "")
    assert __version__ == "0.1.0"


def test_host_help_is_hosts_own_and_options_come_first(tmp_path: Path):
    done = dockersim(tmp_path, "host", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: dockersim host [OPTIONS] COMMAND [ARG...]\n")
    assert "command not found" not in done.stdout + done.stderr
    after = dockersim(tmp_path, "host", "echo", "--help")  # the command's own argument
    assert after.stdout == "--help\n"
    unknown = dockersim(tmp_path, "host", "--frobnicate", "ls")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("dockersim host: unknown option --frobnicate\n")
