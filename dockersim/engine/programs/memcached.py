"""memcached: it starts silently (it logs nothing without -v) and listens on 11211.

`-V`/`--version` prints its version; the options that only size or place the cache (`-m`,
`-c`, `-t`, `-l`, `-U`, `-I`, `-p 11211`) are taken and change nothing a learner sees.
Not simulated (said on stderr, exit 1): `-v`/`-vv` logging, other ports, and the text
protocol over the network (the simulated `nc` sends no request lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

_VALUED = {
    "-m",
    "-c",
    "-t",
    "-l",
    "-U",
    "-I",
    "-p",
    "--memory-limit",
    "--conn-limit",
    "--threads",
    "--listen",
    "--udp-port",
    "--max-item-size",
    "--port",
}


def memcached(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        name, has_value, value = arg.partition("=")
        if arg in ("-V", "--version"):
            ctx.write(f"memcached {ctx.env.get('MEMCACHED_VERSION', '1.6.38')}\n")
            return 0
        if name in _VALUED:
            if not has_value:
                if i + 1 >= len(args):
                    raise ctx.not_simulated(f"option {arg} without a value")
                value = args[i + 1]
                i += 1
            if name in ("-p", "--port") and value != "11211":
                raise ctx.not_simulated("a port other than 11211")
        else:
            raise ctx.not_simulated(f"option {arg}")
        i += 1
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    return [11211]


PROGRAM = Program(memcached, ports=_ports, exits={"SIGTERM": 0, "SIGINT": 0}, memory_mib=1.9)
