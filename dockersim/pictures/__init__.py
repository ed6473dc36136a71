"""Pictures of the world for `dockersim show`: layers, a container's lifecycle, the networks.

Each module reads facts through the engine's public methods into small frozen values, then
draws them as text (box-drawing characters, ANSI colour only when asked), Mermaid or Graphviz
DOT. Everything here is a pure function of the world: no I/O, no clock reads, the same world
always gives the same picture (tests compare whole outputs).

`draw(engine, kind, name, fmt)` is the one entry point the front ends use (`dockersim show`,
`play --explain`, the lesson page).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from dockersim.errors import Error

if TYPE_CHECKING:
    from dockersim.engine import Engine

FORMATS = ("text", "mermaid", "dot")

KINDS = ("summary", "layers", "container", "network")


class NothingToShow(Error):
    """The object named does not exist (the CLI prints `dockersim: ` and this, exit 1)."""


def draw(engine: Engine, kind: str, name: str | None, fmt: str, *, color: bool = False) -> str:
    """The picture of `kind` ("summary", "layers", "container", "network") in format `fmt`.

    `name` is the image, container or network (None for the summary and for all networks);
    `color` puts ANSI colour in the text format. Raises NothingToShow for a missing object.
    """
    from dockersim.pictures.draw import Ink

    module = _module(kind)
    if kind == "summary":
        facts = module.summary_of(engine)
    elif kind == "layers":
        facts = module.stack_of(engine, name or "")
    elif kind == "container":
        facts = module.lifecycle_of(engine, name or "")
    else:
        facts = module.topology_of(engine, name)
    if fmt == "text":
        return str(module.text(facts, Ink(color)))
    return str(getattr(module, fmt)(facts))


def _module(kind: str) -> ModuleType:
    """The module that draws `kind`, imported on first use."""
    if kind == "summary":
        from dockersim.pictures import summary

        return summary
    if kind == "layers":
        from dockersim.pictures import layers

        return layers
    if kind == "container":
        from dockersim.pictures import lifecycle

        return lifecycle
    if kind == "network":
        from dockersim.pictures import network

        return network
    raise ValueError(f"unknown picture: {kind}")
