"""Two things a command no longer does (issue 14): save after only reading the world, and
check field by field a file that dockersim itself wrote and checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import store
from dockersim.errors import StateError


def dockersim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "docker", *args],
        env=dict(os.environ, DOCKERSIM_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_reading_commands_leave_the_file_as_it_was(tmp_path):
    assert dockersim(tmp_path, "run", "-d", "--name", "web", "nginx").returncode == 0
    state = tmp_path / "world.json"
    before = (state.read_bytes(), state.stat().st_mtime_ns)
    for args in (
        ["ps", "-a"], ["images"], ["inspect", "web"], ["logs", "web"], ["network", "ls"],
        ["version"], ["ps", "--bogus"], ["inspect", "nothing-here"], ["--help"],
    ):  # fmt: skip
        dockersim(tmp_path, *args)
    assert (state.read_bytes(), state.stat().st_mtime_ns) == before
    # and a command that changes the world still saves it
    assert dockersim(tmp_path, "rm", "-f", "web").returncode == 0
    assert state.read_bytes() != before[0]
    assert dockersim(tmp_path, "ps", "-aq").stdout == ""


def test_a_container_that_exits_while_only_reads_happen_is_seen_exited_by_each(tmp_path):
    # the exit is settled by each `ps` again from the same saved file (neither saves it)
    assert dockersim(tmp_path, "run", "-d", "--name", "brief", "busybox", "true").returncode == 0
    first = dockersim(tmp_path, "ps", "-a", "--format", "{{.Names}} {{.State}}").stdout
    again = dockersim(tmp_path, "ps", "-a", "--format", "{{.Names}} {{.State}}").stdout
    assert first == again == "brief exited\n"


def test_a_file_this_dockersim_wrote_is_read_without_the_field_checks(tmp_path, monkeypatch):
    assert dockersim(tmp_path, "run", "--name", "once", "alpine", "echo", "hi").returncode == 0
    state = tmp_path / "world.json"
    import dockersim.engine.worldcheck as worldcheck

    def refuse(_data: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(worldcheck, "check_world", refuse)  # (both readers import it on use)
    engine, _ = store.load(state)  # the stamp matches: no check
    assert [c.display_name for c in engine.world.containers.values()] == ["once"]
    state.write_text(state.read_text() + " ")  # any other text is checked in full
    with pytest.raises(AssertionError, match="checked again"):
        store.load(state)


def test_a_hand_edited_file_is_still_refused_with_its_field_named(tmp_path):
    assert dockersim(tmp_path, "run", "--name", "once", "alpine", "echo", "hi").returncode == 0
    state = tmp_path / "world.json"
    data = json.loads(state.read_text())
    data["containers"][0]["state"]["pid"] = "x"
    state.write_text(json.dumps(data))
    with pytest.raises(StateError, match=r"containers\[0\]\.state\.pid: expected an integer"):
        store.load(state)
    stamp = tmp_path / ".world.json.sha256"
    stamp.write_text("forged")  # a stamp that is not the file's digest changes nothing
    with pytest.raises(StateError, match=r"containers\[0\]\.state\.pid"):
        store.load(state)
