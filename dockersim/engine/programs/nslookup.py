"""nslookup: a name through the resolver /etc/resolv.conf names (127.0.0.1 without one).

Two programs answer to the name. busybox's applet (alpine, busybox) asks for A and AAAA and
prints each reply as it comes, every reply ending with a blank line, and exits 0 even when
the name is unknown (networking/nslookup.c); its server's address is `IP:53`. bind9's (the
host's) prints the A and AAAA answers under one heading, `IP#53`, and exits 1 for an unknown
name. Docker's embedded DNS (127.0.0.11) answers a container's name without claiming
authority, and a name it knows without an IPv6 address gets an empty AAAA reply
(libnetwork resolver.go).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def nslookup(ctx: Ctx) -> int:
    names = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    name = names[0]
    server = names[1] if len(names) > 1 else _nameserver(ctx)
    view = view_of(ctx)
    addresses = view.resolve(name) if view is not None else []
    answers = "".join(f"Name:\t{name}\nAddress: {address}\n" for address in addresses)
    if ctx.busybox:
        ctx.write(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")
        if not addresses:  # the A and the AAAA query, each answered NXDOMAIN
            ctx.write(f"** server can't find {name}: NXDOMAIN\n\n" * 2)
            return 0
        ctx.write(f"Non-authoritative answer:\n{answers}\nNon-authoritative answer:\n\n")
        return 0
    ctx.write(f"Server:\t\t{server}\nAddress:\t{server}#53\n\n")
    if not addresses:
        ctx.write(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    ctx.write(f"Non-authoritative answer:\n{answers}\n")
    return 0


def _nameserver(ctx: Ctx) -> str:
    """The first `nameserver` of /etc/resolv.conf; both tools fall back to 127.0.0.1."""
    try:
        text = ctx.fs.read("/etc/resolv.conf").decode(errors="replace")
    except FsError:
        return "127.0.0.1"
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "nameserver":
            return words[1]
    return "127.0.0.1"


PROGRAM = Program(nslookup)
