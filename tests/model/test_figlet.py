"""figlet with its standard font, and the packages tutorials install (figlet, nodejs, npm)."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.userland.programs.figlet import render

HELLO = (
    " _   _      _ _       \n"
    "| | | | ___| | | ___  \n"
    "| |_| |/ _ \\ | |/ _ \\ \n"
    "|  _  |  __/ | | (_) |\n"
    "|_| |_|\\___|_|_|\\___/ \n"
    "                      \n"
)
DOCKER = (
    " ____             _             \n"
    "|  _ \\  ___   ___| | _____ _ __ \n"
    "| | | |/ _ \\ / __| |/ / _ \\ '__|\n"
    "| |_| | (_) | (__|   <  __/ |   \n"
    "|____/ \\___/ \\___|_|\\_\\___|_|   \n"
    "                                \n"
)


def test_standard_font_smushes_as_figlet() -> None:
    assert render("Hello") == HELLO
    assert render("Docker") == DOCKER


def test_long_lines_break_at_a_space() -> None:
    lines = render("Hello World, this is a long line of text").splitlines()
    assert len(lines) == 18
    assert all(len(line) < 80 for line in lines)
    assert lines[6].startswith(" _               _ ")


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine(seed=0)
    for image in ("alpine:3.22", "ubuntu:24.04", "debian:bookworm"):
        assert engine.docker(["pull", "-q", image]).exit_code == 0
    return engine


def test_apk_add_figlet_nodejs_npm(engine: Engine) -> None:
    script = "apk add figlet nodejs npm >/dev/null && figlet Hello && which node npm"
    result = engine.docker(["run", "--rm", "alpine:3.22", "sh", "-c", script])
    assert (result.stdout, result.exit_code) == (HELLO + "/usr/bin/node\n/usr/bin/npm\n", 0)


@pytest.mark.parametrize("image", ["ubuntu:24.04", "debian:bookworm"])
def test_apt_get_install_figlet(engine: Engine, image: str) -> None:
    script = "apt-get update >/dev/null && apt-get install -y figlet >/dev/null && figlet Docker"
    result = engine.docker(["run", "--rm", image, "sh", "-c", script])
    assert (result.stdout, result.exit_code) == (DOCKER, 0)


def test_other_fonts_are_not_simulated(engine: Engine) -> None:
    script = "apk add figlet >/dev/null; figlet -f slant Hi; echo $?"
    result = engine.docker(["run", "--rm", "alpine:3.22", "sh", "-c", script])
    assert result.stdout == "1\n"
    assert result.stderr == "dockersim: not simulated in figlet: font slant\n"
