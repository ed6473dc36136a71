"""dockersim: an offline, in-memory simulator of Docker.

Public API: `Engine` (one simulated Docker host), `Result` (what a docker command line printed),
`parse_reference` / `InvalidReference` (distribution/reference), `DockerError` and `Error`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.errors import DockerError, Error
from dockersim.model.reference import InvalidReference, Reference, parse_reference
from dockersim.result import Result

if TYPE_CHECKING:
    from dockersim.engine import Engine

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


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from dockersim.engine import Engine

        return Engine
    raise AttributeError(name)
