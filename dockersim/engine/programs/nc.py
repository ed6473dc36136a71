"""nc: whether a port answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import Outcome, view_of
from dockersim.engine.programs import Program
from dockersim.engine.programs.client import SYN_TIMEOUT

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def nc(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    verbose = any("v" in a for a in args if a.startswith("-"))
    operands = [a for a in args if not a.startswith("-")]
    if len(operands) < 2:
        ctx.err.write("BusyBox v1.37.0 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT\n")
        return 1
    host, port = operands[0], int(operands[1]) if operands[1].isdigit() else 0
    view = view_of(ctx)
    outcome = view.connect(host, port) if view is not None else Outcome("unresolved")
    if outcome.status == "unresolved":
        ctx.err.write(f"nc: bad address '{host}'\n")
        return 1
    if outcome.status == "timeout":
        ctx.rec.advance(SYN_TIMEOUT)
        ctx.err.write(f"nc: {outcome.address} ({outcome.address}:{port}): Connection timed out\n")
        return 1
    if outcome.status == "refused":
        if verbose:
            ctx.err.write(f"nc: {host} ({outcome.address}:{port}): Connection refused\n")
        return 1
    if verbose:
        ctx.err.write(f"{host} ({outcome.address}:{port}) open\n")
    return 0


PROGRAM = Program(nc)
