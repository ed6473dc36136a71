"""ping: replies from a name or address, or the timeout."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program
from dockersim.engine.programs.client import split_options

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def ping(ctx: Ctx) -> int:
    args, valued = split_options(ctx.argv[1:], "cWwstIiQ")
    count = int(valued["c"]) if valued.get("c", "").isdigit() else 0
    if not count and valued.get("w", "").isdigit():
        count = max(1, int(valued["w"]))
    hosts = [a for a in args if not a.startswith("-")]
    busybox = ctx.busybox
    if not hosts:
        ctx.err.write("ping: usage error: Destination address required\n")
        return 1 if busybox else 2
    host = hosts[0]
    view = view_of(ctx)
    addresses = view.resolve(host) if view is not None else []
    if not addresses:
        if busybox:
            ctx.err.write(f"ping: bad address '{host}'\n")
            return 1
        ctx.err.write(f"ping: {host}: Name or service not known\n")
        return 2
    address = addresses[0]
    reachable = view is not None and view.connect_address(address, 0).status != "timeout"
    if busybox:
        ctx.write(f"PING {host} ({address}): 56 data bytes\n")
    else:
        ctx.write(f"PING {host} ({address}) 56(84) bytes of data.\n")
    shown = count or 4
    times: list[int] = []  # each reply's round trip, in microseconds (as ping keeps them)
    for seq in range(shown):
        if seq:
            ctx.rec.advance(1.0)
        if reachable:
            times.append(50 + 11 * ((seq * 7) % 5))
            latency = times[-1] / 1000
            if busybox:
                ctx.write(f"64 bytes from {address}: seq={seq} ttl=64 time={latency:.3f} ms\n")
            else:
                label = host if host == address else f"{host} ({address})"
                ctx.write(
                    f"64 bytes from {label}: icmp_seq={seq + 1} ttl=64 time={latency:.3f} ms\n"
                )
    if not count:
        ctx.block(frozenset({"SIGINT", "SIGTERM"}))
    received = shown if reachable else 0
    loss = 0 if reachable else 100
    ctx.write(f"\n--- {host} ping statistics ---\n")
    if busybox:
        ctx.write(
            f"{shown} packets transmitted, {received} packets received, {loss}% packet loss\n"
        )
        if reachable:
            ctx.write(f"round-trip min/avg/max = {_round_trips(times, busybox)} ms\n")
    else:
        ctx.write(
            f"{shown} packets transmitted, {received} received, {loss}% packet loss, "
            f"time {(shown - 1) * 1000 + 1}ms\n"
        )
        if reachable:
            ctx.write(f"rtt min/avg/max/mdev = {_round_trips(times, busybox)} ms\n")
    return 0 if reachable else 1


PROGRAM = Program(ping)


def _round_trips(times: list[int], busybox: bool) -> str:
    """The summary line's figures from the replies' round trips (microseconds, integer
    arithmetic as each ping does it): busybox ping.c min/avg/max; iputils ping_common.c
    also mdev, the integer square root of the variance."""
    total = sum(times)
    figures = [min(times), total // len(times), max(times)]
    if not busybox:
        variance = (sum(t * t for t in times) - total * total // len(times)) // len(times)
        figures.append(math.isqrt(max(variance, 0)))
    return "/".join(f"{us // 1000}.{us % 1000:03d}" for us in figures)
