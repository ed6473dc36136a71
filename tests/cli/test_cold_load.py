"""Loading the saved world fast in a cold `dockersim docker` process (issue 14): the collector
is paused while the world is decoded and, in a process that runs one command, the world is
then kept out of collections. The world read is the world saved, whole, and a process that
goes on (a server, a test) gets its collector back as it was."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import store
from dockersim.cli.docker import run_docker
from dockersim.engine import Engine


def saved_world(home: Path, containers: int) -> str:
    engine = Engine()
    engine.docker("pull -q busybox")
    for number in range(containers):
        engine.docker(f"run -d --name c{number} -p {8000 + number}:80 busybox sleep 1000")
    engine.docker("run --name done busybox true")
    with store.locked(home) as path:
        return store.save(path, engine)


@pytest.mark.parametrize("collecting", [True, False])
def test_load_reads_the_world_whole_and_gives_the_collector_back(
    tmp_path: Path, collecting: bool
) -> None:
    text = saved_world(tmp_path, 30)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        store._READ_AHEAD.clear()
        engine, read = store.load(tmp_path / store.STATE_FILE)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert read == text
    assert engine.dumps() == text  # lossless: the same world, field for field
    assert json.loads(text)["containers"][0]["name"] == "/c0"


def test_the_collector_comes_back_when_the_file_is_bad(tmp_path: Path) -> None:
    (tmp_path / store.STATE_FILE).write_text("{not json")
    assert gc.isenabled()
    with pytest.raises(store.StateError):
        store.load(tmp_path / store.STATE_FILE)
    assert gc.isenabled()


def test_a_command_called_in_a_process_that_goes_on_freezes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saved_world(tmp_path, 3)
    monkeypatch.setenv("DOCKERSIM_HOME", str(tmp_path))
    frozen = gc.get_freeze_count()
    assert run_docker(["ps", "--format", "{{.Names}} {{.Ports}}"]) == 0
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
    assert capsys.readouterr().out == (
        "c2 0.0.0.0:8002->80/tcp, [::]:8002->80/tcp\n"
        "c1 0.0.0.0:8001->80/tcp, [::]:8001->80/tcp\n"
        "c0 0.0.0.0:8000->80/tcp, [::]:8000->80/tcp\n"
    )


def test_a_cold_process_answers_as_an_in_process_command(tmp_path: Path) -> None:
    """`dockersim docker` on its own (the frozen world) prints what the engine prints."""
    saved_world(tmp_path, 40)
    engine, _ = store.load(tmp_path / store.STATE_FILE)
    table = ["ps", "-a", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Command}} {{.Ports}}"]
    for args in (table, ["ps", "-q"], ["inspect", "c7"], ["port", "c39"]):
        want = engine.docker(args)
        done = subprocess.run(
            [sys.executable, "-m", "dockersim.cli", "docker", *args],
            env=dict(os.environ, DOCKERSIM_HOME=str(tmp_path), DOCKERSIM_WARM="0"),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (
            want.exit_code,
            want.stdout,
            want.stderr,
        ), args
