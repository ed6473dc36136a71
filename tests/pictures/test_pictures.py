"""Whole pictures of the small world (tests/pictures/world.py) in each format."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dockersim.engine import Engine
from dockersim.pictures import NothingToShow, layers, lifecycle, network, summary
from dockersim.pictures.ink import Ink
from tests.pictures.world import golden, small_world

PICTURES: dict[str, tuple[Any, Any]] = {
    "layers-busybox": (layers, lambda e: layers.stack_of(e, "busybox")),
    "layers-job": (layers, lambda e: layers.stack_of(e, "job")),
    "container-web": (lifecycle, lambda e: lifecycle.lifecycle_of(e, "web")),
    "container-job": (lifecycle, lambda e: lifecycle.lifecycle_of(e, "job")),
    "network": (network, lambda e: network.topology_of(e)),
    "network-appnet": (network, lambda e: network.topology_of(e, "appnet")),
    "summary": (summary, summary.summary_of),
}


@pytest.fixture(scope="module")
def world() -> Engine:
    return small_world()


@pytest.mark.parametrize("name", sorted(PICTURES))
@pytest.mark.parametrize("fmt", ["txt", "mmd", "dot"])
def test_picture_is_the_golden_one(world: Engine, name: str, fmt: str) -> None:
    # given
    module, facts_of = PICTURES[name]
    facts = facts_of(world)
    # when
    drawn = {
        "txt": lambda: module.text(facts, Ink(False)),
        "mmd": lambda: module.mermaid(facts),
        "dot": lambda: module.dot(facts),
    }[fmt]()
    # then
    assert drawn == golden(f"{name}.{fmt}")


def test_writable_layer_lists_what_docker_diff_lists(world: Engine) -> None:
    # given
    diff = world.docker("diff web").stdout
    # when
    stack = layers.stack_of(world, "web")
    # then
    assert stack.changes is not None
    assert "".join(f"{kind} {path}\n" for kind, path in stack.changes) == diff
    assert diff == "C /root\nA /root/hello\n"


def test_shared_layer_names_the_other_image() -> None:
    # given
    engine = small_world()
    engine.docker("commit job snap")
    # when
    stack = layers.stack_of(engine, "snap")
    # then
    assert [(layer.created_by, layer.shared_with) for layer in stack.layers] == [
        ("sh -c echo hi > /tmp/x; exit 3", ()),
        ("BusyBox 1.37.0 (glibc), Debian 13", ("busybox:latest",)),
    ]


def test_layer_sizes_are_docker_history_sizes(world: Engine) -> None:
    # given
    history = world.docker("history --format {{.Size}} busybox").stdout
    # when
    text = layers.text(layers.stack_of(world, "busybox"), Ink(False))
    # then
    assert history == "4.42MB\n"
    assert "│   4.42MB  BusyBox 1.37.0 (glibc), Debian 13 │" in text


def test_config_only_steps_stand_between_layers() -> None:
    # given
    engine = Engine()
    engine.docker("pull python:3.13-slim")
    # when
    stack = layers.stack_of(engine, "python:3.13-slim")
    # then
    kinds = ["L" if isinstance(row, layers.Layer) else "S" for row in stack.rows]
    assert kinds == ["S", "L", "L", "S", "S", "S", "L", "S", "L"]
    assert stack.rows[0] == layers.Step('CMD ["python3"]')


def test_error_no_such_image_or_container(world: Engine) -> None:
    with pytest.raises(NothingToShow) as caught:
        layers.stack_of(world, "nope")
    assert str(caught.value) == "no such image or container: nope"


def test_error_no_such_container(world: Engine) -> None:
    with pytest.raises(NothingToShow) as caught:
        lifecycle.lifecycle_of(world, "busybox")
    assert str(caught.value) == "no such container: busybox"


def test_error_no_such_network(world: Engine) -> None:
    with pytest.raises(NothingToShow) as caught:
        network.topology_of(world, "nope")
    assert str(caught.value) == "no such network: nope"


def test_colour_marks_the_current_state_only_when_asked(world: Engine) -> None:
    # given
    facts = lifecycle.lifecycle_of(world, "job")
    # when
    coloured = lifecycle.text(facts, Ink(True))
    plain = lifecycle.text(facts, Ink(False))
    # then
    assert "\x1b[1;32m● exited \x1b[0m" in coloured
    assert "\x1b" not in plain
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain


def test_mermaid_labels_escape_each_character_once():
    from dockersim.pictures.ink import mermaid_text

    assert mermaid_text('COPY a /b # buildkit; "x"') == "COPY a /b #35; buildkit#59; #quot;x#quot;"
