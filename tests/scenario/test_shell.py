"""The interactive prompt: commands, sessions, meta commands, completion, saving."""

from __future__ import annotations

import io

import pytest

from dockersim import store
from dockersim.engine import Engine
from dockersim.scenario.completion import complete
from dockersim.scenario.shell import Shell, store_saver

INTRO = "dockersim shell: docker command lines and host commands (.help, exit)\n"


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine(2)
    for line in ("pull -q alpine", "run -d --name web alpine sleep 100", "network create appnet"):
        engine.docker(line)
    return engine


def session(engine: Engine, typed: str, saver=None) -> str:
    out = io.StringIO()
    Shell(engine, stdin=io.StringIO(typed), stdout=out, saver=saver).run()
    return out.getvalue()


def test_docker_and_host_commands_and_an_interactive_session():
    engine = Engine(2)
    engine.docker("pull -q alpine")
    typed = "docker run -it --name box alpine sh\nhostname\nexit\ndocker ps -aq\necho $HOME\nexit\n"
    box = "(type the session's input; end with exit or an empty line)\n"
    out = session(engine, typed)
    short = engine.container_get("box").short_id
    assert out == (
        INTRO
        + f"$ {box}/ # hostname\n{short}\n/ # exit\n"
        + f"$ {short}\n"
        + "$ /home/student\n"
        + "$ "
    )


def test_meta_commands():
    engine = Engine(2)
    out = session(engine, ".help\n.explain\ndocker network create n1\n.save\nexit\n")
    assert out.split("$ ")[1].startswith("Type docker command lines as you would in a terminal")
    assert out.split("$ ")[2:] == [
        "explain is on\n",
        engine.world.networks[
            next(iter(n.id for n in engine.world.networks.values() if n.name == "n1"))
        ].id
        + "\n  + network n1\n",
        "this world is not saved (the shell was opened without state)\n",
        "",
    ]


def test_completion_of_commands_flags_and_names(engine):
    assert complete(engine, "doc", "doc") == ["docker"]
    assert complete(engine, "docker net", "net") == ["network"]
    assert complete(engine, "docker network ", "") == [
        "connect", "create", "disconnect", "inspect", "list", "ls", "prune", "remove", "rm",
    ]  # fmt: skip
    assert complete(engine, "docker stop w", "w") == ["web"]
    assert complete(engine, "docker run --network ", "") == ["appnet", "bridge", "host", "none"]
    assert complete(engine, "docker run al", "al") == ["alpine:latest"]
    assert complete(engine, "docker run alpine:latest ", "") == []
    assert complete(engine, "docker stop --t", "--t") == ["--timeout"]
    assert complete(engine, ".ex", ".ex") == [".exit", ".explain"]


def test_saving_refuses_to_overwrite_a_world_that_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKERSIM_HOME", str(tmp_path))
    saver = store_saver("")
    path = tmp_path / "world.json"
    assert saver(Engine(1), False) == f"saved to {path}"
    path.write_text(path.read_text().replace('"counter":', '"counter": 0, "x":', 1))
    assert saver(Engine(1), False) == (
        f"not saved: {path} changed since this shell loaded it (another dockersim command?); "
        ".save! overwrites it"
    )
    assert saver(Engine(1), True) == f"saved to {path}"
    with store.locked() as state:
        assert store.load(state)[0].dumps() == Engine(1).dumps()
