"""nslookup: a name through the container's resolver."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def nslookup(ctx: Ctx) -> int:
    names = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    name = names[0]
    view = view_of(ctx)
    addresses = view.resolve(name) if view is not None else []
    ctx.write("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n")
    if not addresses:
        ctx.write(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    ctx.write("Non-authoritative answer:\n")
    for address in addresses:
        ctx.write(f"Name:\t{name}\nAddress: {address}\n")
    ctx.write("\n")
    return 0


PROGRAM = Program(nslookup)
