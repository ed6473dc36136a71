"""ip addr: the container's interfaces."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def ip(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args or args[0] not in ("a", "addr", "address"):
        ctx.err.write('Object "' + (args[0] if args else "") + '" is unknown, try "ip help".\n')
        return 1
    view = view_of(ctx)
    ctx.write(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
    )
    for index, (name, address, prefix, mac) in enumerate(view.interfaces() if view else [], 2):
        import ipaddress

        network = ipaddress.IPv4Network(f"{address}/{prefix}", strict=False)
        ctx.write(
            f"{index}: {name}@if{index + 100}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 "
            "qdisc noqueue state UP \n"
            f"    link/ether {mac} brd ff:ff:ff:ff:ff:ff\n"
            f"    inet {address}/{prefix} brd {network.broadcast_address} scope global {name}\n"
            "       valid_lft forever preferred_lft forever\n"
        )
    return 0


PROGRAM = Program(ip)
