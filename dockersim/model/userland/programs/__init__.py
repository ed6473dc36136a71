"""The base userland's programs, by name (the shells, coreutils, busybox applets, apt, apk).

Modules of the userland register theirs here at import. Programs an engine adds (servers,
network tools) are not registered: each process carries them (`Proc.programs`), and `lookup`
asks there first. A stand-in executable whose program is in neither says on stderr that it is
not simulated and exits 1 (`base.not_simulated_text`): never a silent success."""

from __future__ import annotations

from collections.abc import Callable, Mapping

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


def versionless(name: str) -> str:
    """A command name without its version (`python3.12` -> `python`), which runs the same
    program when the versioned name has none of its own."""
    return name.rstrip("0123456789.")


def lookup(name: str, extra: Mapping[str, ProgramFn] | None = None) -> ProgramFn | None:
    """The program for a name, from `extra` first, then the base userland's; versioned names
    fall back (`versionless`)."""
    base = versionless(name)
    for table in (extra, REGISTRY) if extra else (REGISTRY,):
        found = table.get(name)
        if found is None and base != name:
            found = table.get(base)
        if found is not None:
            return found
    return None


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
        accounts,
        adduser,
        apt,
        archive,
        devtools,
        diffs,
        dumps,
        expr,
        fileops,
        files,
        filetype,
        hashes,
        jq,
        listing,
        misc,
        moretools,
        mounts,
        ownership,
        pager,
        passwords,
        pip,
        pkgs,
        procs,
        search,
        sed,
        services,
        sessions,
        sudo,
        system,
        text,
        textutils,
    )


_load()
