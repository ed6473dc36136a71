"""Every `dockersim ...` command shown in a code block of README.md and docs/*.md runs (exit
status 0) in a fresh world, and the numbers the README states are true. Commands that serve
(`serve`, `web`) or show a template (`QUIZ`, `$STUDENT`) are skipped, each named below."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import catalog

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^ *```[^\n]*\n(.*?)^ *```", re.S | re.M)
COMMANDS = {
    "docker", "host", "reset", "play", "validate", "schema", "catalog", "shell", "grade",
    "serve", "web", "completion", "quiz", "explain", "show", "daemon",
}  # fmt: skip

#: shown but not run here, and why
SKIP = {
    "serve": "a server: runs until stopped (tests/api covers it)",
    "web": "a server: runs until stopped (tests/web covers it)",
    "template": "a template with placeholders, not a command line",
    "continued": "continued on the next line in a CI recipe",
    "terminal": "needs a terminal (tests/cli/test_live_terminal.py plays it on a pty)",
}


def documented() -> list[tuple[str, list[str]]]:
    """(file name, command lines) for every code block that shows `dockersim` commands; the
    commands of one block are a session, played in turn in one world."""
    found = []
    for doc in DOCS:
        for block in FENCE.findall(doc.read_text()):
            commands = []
            for raw in block.splitlines():
                line = raw.strip().removeprefix("$ ")
                match = re.search(r"(?:^|&& )(dockersim .*)$", line)
                if match is None:
                    continue
                command = match.group(1)
                words = command.split()
                if len(words) < 2 or not (words[1] in COMMANDS or words[1].startswith("-")):
                    continue  # output that starts with `dockersim ...:`
                commands.append(command)
            if commands:
                found.append((doc.name, commands))
    return found


def why_skipped(command: str) -> str | None:
    words = command.split()
    if words[1] == "serve" or (words[1] == "web" and "--export" not in words):
        return SKIP[words[1]]
    if "-it" in words or words[1:3] == ["docker", "attach"]:
        return SKIP["terminal"]
    if command.endswith("\\"):
        return SKIP["continued"]
    if re.search(r"[A-Z]{4,}\b(?!\.)|\$\{\{|\[--", command) and "LESSON" not in command:
        return SKIP["template"]
    return None


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with the files the docs' commands name, and a `dockersim` on PATH."""
    work = tmp_path_factory.mktemp("docs")
    (work / "scenarios").symlink_to(ROOT / "scenarios")
    home = work / "home"  # `~` in the docs' commands (completion scripts go there)
    for folder in (
        ".local/share/bash-completion/completions",
        ".config/fish/completions",
        ".zfunc",
    ):
        (home / folder).mkdir(parents=True)
    quizzes = ROOT / "scenarios" / "quizzes"
    shutil.copy(quizzes / "lifecycle.yaml", work / "lifecycle.yaml")
    shutil.copy(quizzes / "lifecycle" / "reference.yaml", work / "alice.yaml")
    shutil.copytree(quizzes / "lifecycle", work / "submissions")
    for name in ("lesson.yaml", "LESSON.yaml"):
        shutil.copy(ROOT / "scenarios" / "01-images.yaml", work / name)
    wrapper = work / "bin" / "dockersim"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dockersim.cli "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return work


CASES = documented()
ALL = [command for _, commands in CASES for command in commands]


def test_the_docs_show_commands():
    assert len(ALL) >= 20
    assert {name for name, _ in CASES} >= {"README.md", "grading.md", "scenarios.md"}


@pytest.mark.parametrize(("doc", "commands"), CASES, ids=[f"{d}:{c[0][:50]}" for d, c in CASES])
def test_documented_commands_run(doc: str, commands: list[str], workdir: Path, tmp_path: Path):
    env = {
        **os.environ,
        "PATH": f"{workdir / 'bin'}:{os.environ['PATH']}",
        "DOCKERSIM_HOME": str(tmp_path / "home"),
        "DOCKERSIM_CLOCK": "frozen",
        "HOME": str(workdir / "home"),
    }
    ran = 0
    for command in commands:
        if why_skipped(command) is not None:
            continue
        line = command.split("  #", 1)[0]
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=workdir,
            env=env,
            input="",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (
            f"{doc}: {command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
        ran += 1
    if not ran:
        pytest.skip("; ".join(sorted({str(why_skipped(c)) for c in commands})))


NUMBERS = {
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
}


def test_the_readme_counts_the_lessons_right():
    text = (ROOT / "README.md").read_text()
    found = re.search(r"The (\w+)\s+lessons of the course are in `scenarios/`", text)
    assert found is not None
    assert NUMBERS[found.group(1)] == len(list((ROOT / "scenarios").glob("*.yaml")))


def test_the_readme_names_only_repositories_the_offline_hub_has():
    text = " ".join((ROOT / "README.md").read_text().split())
    listed = re.search(r"tags people type, as on Docker Hub in June 2025: (.*?), each with", text)
    assert listed is not None
    names = [n.strip() for n in re.split(r",| and ", listed.group(1)) if n.strip()]
    hub = catalog.load().repositories
    assert [n for n in names if n not in hub] == []


def test_skipped_commands_are_named():
    skipped = {why_skipped(c) for c in ALL} - {None}
    assert skipped == set(SKIP.values())
    assert all(shlex.split(c.split("  #", 1)[0]) for c in ALL if why_skipped(c) is None)
