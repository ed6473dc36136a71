"""Pictures of the world for `dockersim show`: layers, a container's lifecycle, the networks.

Each module reads facts through the engine's public methods into small frozen values, then
draws them as text (box-drawing characters, ANSI colour only when asked), Mermaid, Graphviz
DOT or SVG (written by the package itself: `svg.py`). Everything here is a pure function of
the world: no I/O, no clock reads, the same world always gives the same picture (tests
compare whole outputs).

`draw(engine, kind, name, fmt)` is the one entry point the front ends use (`dockersim show`,
`play --explain`, the lesson page); `facts_of` and `render` are its two halves, for a front end
that reads the facts at one moment and draws them later.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from dockersim.errors import Error

if TYPE_CHECKING:
    from dockersim.engine import Engine

FORMATS = ("text", "mermaid", "dot", "svg")

KINDS = ("summary", "layers", "container", "network")


class NothingToShow(Error):
    """The object named does not exist (the CLI prints `dockersim: ` and this, exit 1)."""


def draw(
    engine: Engine,
    kind: str,
    name: str | None,
    fmt: str,
    *,
    color: bool = False,
    highlight: frozenset[str] = frozenset(),
) -> str:
    """The picture of `kind` ("summary", "layers", "container", "network") in format `fmt`.

    `name` is the image, container or network (None for the summary and for all networks);
    `color` puts ANSI colour in the text format; `highlight` names the objects the svg
    format outlines as changed (containers, images, layer chain IDs, networks, volumes,
    states). Raises NothingToShow for a missing object.
    """
    return render(kind, facts_of(engine, kind, name), fmt, color=color, highlight=highlight)


def facts_of(engine: Engine, kind: str, name: str | None) -> Any:
    """The frozen facts a picture of `kind` draws, read from the engine now (they stay as
    they are when the world moves on: `play --explain` keeps them with its step)."""
    module = _module(kind)
    if kind == "summary":
        return module.summary_of(engine)
    if kind == "layers":
        return module.stack_of(engine, name or "")
    if kind == "container":
        return module.lifecycle_of(engine, name or "")
    return module.topology_of(engine, name)


def render(
    kind: str,
    facts: Any,
    fmt: str,
    *,
    color: bool = False,
    highlight: frozenset[str] = frozenset(),
) -> str:
    """Draw facts from `facts_of(engine, kind, ...)` in format `fmt`."""
    from dockersim.pictures.ink import Ink

    module = _module(kind)
    if fmt == "text":
        return str(module.text(facts, Ink(color)))
    if fmt == "svg":
        return str(module.svg(facts, highlight))
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
