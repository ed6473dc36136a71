"""Pictures of the world for `dockersim show`: layers, a container's lifecycle, the networks.

Each module reads facts through the engine's public methods into small frozen values, then
draws them as text (box-drawing characters, ANSI colour only when asked), Mermaid or Graphviz
DOT. Everything here is a pure function of the world: no I/O, no clock reads, the same world
always gives the same picture (tests compare whole outputs).
"""

from __future__ import annotations

from dockersim.errors import Error

FORMATS = ("text", "mermaid", "dot")


class NothingToShow(Error):
    """The object named does not exist (the CLI prints `dockersim: ` and this, exit 1)."""
