"""Checks a saved world's JSON before `World.from_json` reads it.

A state file that is valid JSON but damaged (hand-edited, truncated by a tool, written by a
buggy build) is refused with the first problem found, named by its field path, instead of a
traceback at load or at the next command:

    containers[2].state.pid: expected an integer, got "x"
    references["docker.io/library/alpine:latest"]: no image sha256:941b4bb3d46a… in images

The walk has two passes. `worldschema` checks every field's type and range with the checks of
`worldfields` (times between 1970 and the year 3000, counts non-negative, IDs in their format,
strings valid UTF-8, file contents valid base64); `worldrefs` then checks what one field says
about another (a tag names a stored image, a layer's chainID follows from its parent and
diffID, reference counts match, a container's image and volumes exist).
"""

from __future__ import annotations

from typing import Any

from dockersim.engine import worldrefs, worldschema
from dockersim.engine.worldfields import InvalidWorld

__all__ = ["InvalidWorld", "check_world"]


def check_world(data: Any) -> None:
    """Raise `InvalidWorld` for the first problem in a saved world's JSON document."""
    worldschema.world(data, ())
    worldrefs.check(data)
