"""A module imported when first used, so that a command that never needs it never pays for it.

`dockersim docker images` must not import the image archive writer, tar support or the
builders (issue 14: start-up is a budget). A module that holds such an area names what it
needs as `LazyModule("dockersim.build.saveformat")` at run time and imports the module itself
under `TYPE_CHECKING`, so mypy still checks every call:

    if TYPE_CHECKING:
        from dockersim.build import saveformat as fmt
    else:
        fmt = LazyModule("dockersim.build.saveformat")
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for a module; the first attribute read imports it."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"LazyModule({self._name!r})"
