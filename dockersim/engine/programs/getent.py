"""getent hosts: what a name resolves to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def getent(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if len(args) < 2 or args[0] not in ("hosts", "ahosts"):
        return 1
    view = view_of(ctx)
    status = 2
    for name in args[1:]:
        for address in view.resolve(name) if view is not None else []:
            ctx.write(f"{address:<15} {name}\n")
            status = 0
    return status


PROGRAM = Program(getent)
