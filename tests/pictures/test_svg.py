"""The SVG pictures: whole goldens of the small world (tests/pictures/world.py), valid XML,
every object named, `changed` on highlighted names only, hostile names escaped.

Regenerate the goldens with `DOCKERSIM_UPDATE_GOLDEN=1 python -m pytest tests/pictures`.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from dockersim.engine import Engine
from dockersim.pictures import FORMATS, draw
from dockersim.pictures.svg import NS, cells, esc
from tests.pictures.world import GOLDEN, golden, small_world

UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"
SVG = f"{{{NS}}}"

PICTURES = {
    "layers-busybox": ("layers", "busybox"),
    "layers-job": ("layers", "job"),
    "container-web": ("container", "web"),
    "container-job": ("container", "job"),
    "network": ("network", None),
    "network-appnet": ("network", "appnet"),
    "summary": ("summary", None),
}


@pytest.fixture(scope="module")
def world() -> Engine:
    return small_world()


def objects(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if "data-kind" in g.attrib]


def names(svg: str, kind: str) -> set[str]:
    return {g.attrib["data-name"] for g in objects(svg) if g.attrib["data-kind"] == kind}


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_svg_is_the_golden_one(world: Engine, name: str) -> None:
    # given
    kind, subject = PICTURES[name]
    # when
    drawn = draw(world, kind, subject, "svg")
    # then
    if UPDATE:
        (GOLDEN / f"{name}.svg").write_text(drawn, encoding="utf-8")
    assert drawn == golden(f"{name}.svg")


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_svg_is_a_standalone_picture_with_a_title_per_object(world: Engine, name: str) -> None:
    # given
    kind, subject = PICTURES[name]
    # when
    root = ET.fromstring(draw(world, kind, subject, "svg"))
    # then
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    assert [child.tag for child in root[:3]] == [f"{SVG}title", f"{SVG}desc", f"{SVG}style"]
    assert len(root.findall(f"{SVG}style")) == 1
    for group in objects(ET.tostring(root, encoding="unicode")):
        assert group.attrib["class"]
        assert group.attrib["data-name"]
        assert group[0].tag == f"{SVG}title" and group[0].text


def test_svg_is_in_the_formats() -> None:
    assert FORMATS == ("text", "mermaid", "dot", "svg")


def test_each_picture_names_the_engines_objects(world: Engine) -> None:
    # given
    containers = {c.display_name for c in world.container_list()}
    networks = {n.name for n in world.graph().networks.values()}
    # when
    summary = draw(world, "summary", None, "svg")
    topology = draw(world, "network", None, "svg")
    stack = draw(world, "layers", "job", "svg")
    life = draw(world, "container", "web", "svg")
    # then
    assert names(summary, "container") == containers == {"job", "web"}
    assert names(summary, "image") == {"busybox:latest"}
    assert names(summary, "network") == networks == {"appnet", "bridge", "host", "none"}
    assert names(topology, "network") == networks
    assert names(topology, "container") == {"web"}
    assert names(topology, "port") == {"web:80/tcp"}
    assert names(stack, "container") == names(stack, "writable-layer") == {"job"}
    chain = world.image_get("busybox").config.chain_ids
    assert names(stack, "layer") == {str(c) for c in chain}
    assert names(life, "state") == {"created", "running", "paused", "restarting", "exited"}
    current = [g for g in objects(life) if "current" in g.attrib["class"].split()]
    assert [g.attrib["data-name"] for g in current] == ["running"]


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_changed_marks_the_highlighted_names_only(world: Engine, name: str) -> None:
    # given
    kind, subject = PICTURES[name]
    wanted = frozenset({"web", "appnet", "running"})
    # when
    drawn = draw(world, kind, subject, "svg", highlight=wanted)
    plain = draw(world, kind, subject, "svg")
    # then
    for group in objects(drawn):
        changed = "changed" in group.attrib["class"].split()
        assert changed == (group.attrib["data-name"] in wanted)
    assert 'changed"' not in plain.split("</style>")[1]


HOSTILE = 'it\'s "<b>&amp;</b>" ]]> café 名前 \t'


def test_hostile_text_is_escaped_and_comes_back_unchanged() -> None:
    # given: a volume name cannot hold these, but a label, a file or an instruction can
    from dockersim.pictures import summary

    facts = summary.Summary(
        images=((HOSTILE, 5, 1),),
        containers=((HOSTILE, "img<&>", "Up 1 second", "running"),),
        networks=((HOSTILE, (HOSTILE,)),),
        volumes=(HOSTILE, "x\x01y"),
    )
    # when
    drawn = summary.svg(facts, frozenset({HOSTILE}))
    # then
    found = {(g.attrib["data-kind"], g.attrib["data-name"]) for g in objects(drawn)}
    assert ("container", HOSTILE) in found
    assert ("volume", "x\ufffdy") in found
    titles = [g[0].text for g in objects(drawn)]
    assert f"container {HOSTILE}: Up 1 second" in titles
    texts = ["".join(t.itertext()) for t in ET.fromstring(drawn).iter(f"{SVG}text")]
    assert f"{HOSTILE}  img<&>  Up 1 second" in texts
    changed = {g.attrib["data-name"] for g in objects(drawn) if "changed" in g.attrib["class"]}
    assert changed == {HOSTILE}


def test_hostile_files_in_the_writable_layer() -> None:
    # given
    engine = Engine()
    engine.docker(["run", "--name", "odd", "busybox", "touch", "/tmp/a&b<c>]]>\"d'é"])
    # when
    drawn = draw(engine, "layers", "odd", "svg")
    # then
    texts = ["".join(t.itertext()) for t in ET.fromstring(drawn).iter(f"{SVG}text")]
    assert "A /tmp/a&b<c>]]>\"d'é" in texts


def test_escape_and_width_helpers() -> None:
    assert esc('a<b>&"c"\n') == "a&lt;b&gt;&amp;&quot;c&quot;&#10;"
    assert esc("]]>") == "]]&gt;"
    assert esc("\x00\ud800") == "\ufffd\ufffd"
    assert cells("abc") == 3
    assert cells("名前") == 4
    assert cells("e\u0301") == 1


def test_the_same_world_gives_the_same_bytes() -> None:
    assert draw(small_world(), "network", None, "svg") == draw(
        small_world(), "network", None, "svg"
    )


def test_draw_stays_the_function_after_every_picture_module_is_imported() -> None:
    import dockersim.pictures.ink
    import dockersim.pictures.svg  # noqa: F401
    from dockersim import pictures

    assert callable(pictures.draw)
