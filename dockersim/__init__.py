"""dockersim: an offline, in-memory simulator of Docker.

Public API: `Engine` (one simulated Docker host), `Result` (what a docker command line printed),
`parse_reference` / `InvalidReference` (distribution/reference), `DockerError` and `Error`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: `dockersim docker` starts without importing typing
if TYPE_CHECKING:
    from typing import Any

    from dockersim.engine import Engine
    from dockersim.errors import DockerError, Error
    from dockersim.model.reference import InvalidReference, Reference, parse_reference
    from dockersim.result import Result

__all__ = [
    "DockerError",
    "Engine",
    "Error",
    "InvalidReference",
    "Reference",
    "Result",
    "parse_reference",
]

__version__ = "0.1.0"


#: where each public name lives: imported on first use, so `import dockersim` costs nothing
_LAZY = {
    "DockerError": "dockersim.errors",
    "Engine": "dockersim.engine",
    "Error": "dockersim.errors",
    "InvalidReference": "dockersim.model.reference",
    "Reference": "dockersim.model.reference",
    "Result": "dockersim.result",
    "parse_reference": "dockersim.model.reference",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
