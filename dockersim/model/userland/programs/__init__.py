"""The simulated programs, by name. `register` lets other parts of dockersim add their own
(a daemon, an interpreter); a stand-in executable whose program is not here exits 0 silently."""

from __future__ import annotations

from collections.abc import Callable

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs.base import Ctx, UsageError

ProgramFn = Callable[[Ctx], int]

REGISTRY: dict[str, ProgramFn] = {}


def register(*names: str) -> Callable[[ProgramFn], ProgramFn]:
    def decorate(fn: ProgramFn) -> ProgramFn:
        for name in names:
            REGISTRY[name] = fn
        return fn

    return decorate


def lookup(name: str) -> ProgramFn | None:
    """The program for a name; versioned names fall back (`python3.12` -> `python`)."""
    found = REGISTRY.get(name)
    if found is None:
        base = name.rstrip("0123456789.")
        if base != name:
            found = REGISTRY.get(base)
    return found


def run(fn: ProgramFn, ctx: Ctx) -> int:
    try:
        return fn(ctx)
    except UsageError as exc:
        return exc.status
    except FsError as exc:  # a write the program did not expect to fail (the disk is full)
        ctx.error(str(exc))
        return 1


def _load() -> None:
    from dockersim.model.userland.programs import (  # noqa: F401
        apt,
        files,
        listing,
        misc,
        pkgs,
        procs,
        search,
        system,
        text,
    )


_load()
