"""Every picture, in every format, of the world each lesson leaves (issue 15: goldens for the
lesson worlds). One golden file per lesson and format holds the summary, the networks, the
layers of the lesson's first image and the lifecycle of its first container.

Regenerate with `DOCKERSIM_UPDATE_GOLDEN=1 python -m pytest tests/pictures`.
"""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dockersim.engine import Engine
from dockersim.pictures import FORMATS, draw
from dockersim.pictures.layers import image_name
from dockersim.scenario.session import play_file

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden" / "lessons"
UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"
EXTENSIONS = {"text": "txt", "mermaid": "mmd", "dot": "dot", "svg": "svg"}


def _world(lesson: Path) -> Engine:
    _, engine = play_file(lesson.relative_to(ROOT), io.StringIO(), io.StringIO())
    assert engine is not None
    return engine


def _pictures(engine: Engine, fmt: str) -> list[tuple[str, str]]:
    """(what, picture) for the summary, the networks, the first image, the first container."""
    out = [("summary", draw(engine, "summary", None, fmt))]
    out.append(("networks", draw(engine, "network", None, fmt)))
    images = sorted(engine.world.images.values(), key=lambda i: image_name(engine, i.id))
    if images:
        name = image_name(engine, images[0].id)
        out.append((f"layers {name}", draw(engine, "layers", images[0].id, fmt)))
    containers = sorted(engine.world.containers.values(), key=lambda c: c.name)
    if containers:
        name = containers[0].display_name
        out.append((f"container {name}", draw(engine, "container", containers[0].id, fmt)))
    return out


@pytest.fixture(scope="module")
def worlds() -> dict[str, Engine]:
    return {lesson.stem: _world(lesson) for lesson in LESSONS}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_the_pictures_of_each_lesson_world(worlds: dict[str, Engine], lesson: str, fmt: str):
    pictures = _pictures(worlds[lesson], fmt)
    if fmt == "svg":  # each a standalone SVG document that names what it draws
        for what, svg in pictures:
            root = ET.fromstring(svg)
            assert root.tag == "{http://www.w3.org/2000/svg}svg", what
            assert root.find("{http://www.w3.org/2000/svg}title") is not None, what
    text = "".join(f"=== {what}\n{picture}" for what, picture in pictures)
    golden = GOLDEN / f"{lesson}.{EXTENSIONS[fmt]}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
