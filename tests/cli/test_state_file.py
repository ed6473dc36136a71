"""A damaged or half-written world.json: refused with the field named and kept, never a
traceback; what a killed save left behind is cleaned up by the next run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import store
from dockersim.engine import Engine
from dockersim.errors import StateError

KEPT = ". It was left untouched; move it away or run `dockersim reset` to start a fresh world."


@pytest.fixture(scope="module")
def saved() -> str:
    engine = Engine()
    assert engine.docker("run --name once alpine echo hi").exit_code == 0
    return engine.dumps()


def _refusal(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StateError) as caught:
        store.load(path)
    assert path.read_text(encoding="utf-8") == text
    return str(caught.value)


def test_error_a_damaged_field_is_named_and_the_file_kept(tmp_path, saved):
    # given a saved world whose first container's pid is text
    data = json.loads(saved)
    data["containers"][0]["state"]["pid"] = "x"
    state = tmp_path / "world.json"
    # when it is loaded / then
    assert _refusal(state, json.dumps(data)) == (
        f"dockersim: cannot read the saved world {state}: containers[0].state.pid: "
        f'expected an integer, got "x"{KEPT}'
    )


def test_error_a_non_finite_clock_is_named(tmp_path, saved):
    text = saved.replace('"now":', '"now":NaN,"was":', 1)
    state = tmp_path / "world.json"
    assert _refusal(state, text) == (
        f"dockersim: cannot read the saved world {state}: now: expected a time in seconds "
        f"since 1970 from 0 to 32503680000, got NaN{KEPT}"
    )


def test_error_deeply_nested_json(tmp_path):
    state = tmp_path / "world.json"
    assert _refusal(state, "[" * 100_000 + "]" * 100_000) == (
        f"dockersim: cannot read the saved world {state}: not valid JSON (nested too deeply){KEPT}"
    )


def test_error_a_number_too_long_to_read(tmp_path):
    state = tmp_path / "world.json"
    assert _refusal(state, '{"version": 1, "now": ' + "9" * 5000 + "}") == (
        f"dockersim: cannot read the saved world {state}: not valid JSON (a number too long "
        f"to read){KEPT}"
    )


def test_error_a_version_that_is_not_a_number(tmp_path):
    state = tmp_path / "world.json"
    assert _refusal(state, '{"version": true}') == (
        f"dockersim: cannot read the saved world {state}: no version field{KEPT}"
    )


def test_a_killed_save_leaves_nothing_behind_after_the_next_run(tmp_path, saved):
    # given the world, and the temporary files of two saves killed before their rename
    (tmp_path / "world.json").write_text(saved, encoding="utf-8")
    (tmp_path / ".world.json.4242.tmp").write_text(saved[:100], encoding="utf-8")
    (tmp_path / ".world.json.77.tmp").write_text("", encoding="utf-8")
    (tmp_path / "notes.tmp").write_text("mine", encoding="utf-8")
    # when the next invocation takes the lock
    with store.locked(tmp_path) as path:
        engine, _ = store.load(path)
    # then the leftovers are gone, and the world and other files are as they were
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp", "world.json", "world.lock"]
    assert engine.dumps() == saved


@pytest.mark.subprocess
def test_error_the_dockersim_process_reports_a_damaged_world(tmp_path, saved):
    # given a state file with a tag that names no image
    data = json.loads(saved)
    data["references"]["docker.io/library/alpine:latest"] = "sha256:" + "0" * 64
    state = tmp_path / "world.json"
    state.write_text(json.dumps(data), encoding="utf-8")
    before = state.read_text(encoding="utf-8")
    # when `dockersim docker ps -a` runs
    result = subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "docker", "ps", "-a"],
        env=dict(os.environ, DOCKERSIM_HOME=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    # then it says which field, exits 1 and keeps the file
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"dockersim: cannot read the saved world {state}: "
        'references["docker.io/library/alpine:latest"]: no image sha256:000000000000… in '
        f"images{KEPT}\n",
    )
    assert state.read_text(encoding="utf-8") == before


def test_error_a_world_that_would_not_load_again_is_not_saved(tmp_path):
    # given a saved world with a stopped container of alpine
    state = tmp_path / "world.json"
    engine = Engine()
    assert engine.docker("run --name once alpine echo hi").exit_code == 0
    store.save(state, engine)
    before = state.read_text(encoding="utf-8")
    # when an engine bug leaves a tag naming no image (no later load could read the world)
    engine.world.references["docker.io/library/ghost:latest"] = "sha256:" + "0" * 64
    with pytest.raises(StateError) as caught:
        store.save(state, engine, before)
    # then the save is refused and the file keeps the world as it was
    assert str(caught.value) == (
        f"dockersim: cannot save the world to {state}: it would not load again "
        '(references["docker.io/library/ghost:latest"]: no image sha256:000000000000… in '
        "images); the world is kept as it was before this command. This is a dockersim bug: "
        "please report it."
    )
    assert state.read_text(encoding="utf-8") == before


def test_a_container_whose_image_was_deleted_is_saved_and_loaded(tmp_path):
    # given a saved world where `rmi -f` deleted the image of a stopped container
    state = tmp_path / "world.json"
    engine = Engine()
    assert engine.docker("run --name once alpine echo hi").exit_code == 0
    assert engine.docker("rmi -f alpine").exit_code == 0
    # when it is saved and loaded again
    store.save(state, engine)
    loaded, text = store.load(state)
    # then the container is there and still starts
    assert text == engine.dumps()
    loaded.advance(60)
    assert loaded.docker("start -a once").stdout == "hi\n"


def test_a_version_1_world_still_loads(tmp_path):
    """Version 2 added live terminals and the CLI's clock; a version 1 file has neither."""
    engine = Engine()
    assert engine.docker("run -d --name web alpine sleep 100").ok
    data = json.loads(engine.dumps())
    data["version"] = 1
    (tmp_path / "world.json").write_text(json.dumps(data))
    with store.locked(tmp_path) as path:
        loaded, _ = store.load(path)
    assert loaded.docker("ps --format {{.Names}}").stdout == "web\n"
    assert (loaded.world.clock, loaded.world.wall, loaded.world.terminals) == ("real", 0.0, {})
