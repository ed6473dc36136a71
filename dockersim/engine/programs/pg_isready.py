"""`pg_isready`: whether a PostgreSQL server accepts connections (health checks use it).

It connects without logging in, so neither the role nor the password matters. What it prints
and its status, as PostgreSQL's pg_isready: `/var/run/postgresql:5432 - accepting connections`
(0), `... - rejecting connections` (1), `... - no response` (2), `... - no attempt` (3, bad
options); `-q` prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs.psql_connect import SOCKET_DIR
from dockersim.model.userland.programs.base import Ctx

if TYPE_CHECKING:
    from dockersim.engine.netview import NetView

_VALUED = {"-h", "--host", "-p", "--port", "-U", "--username", "-d", "--dbname", "-t"}
_VALUED |= {"--timeout"}


def pg_isready(ctx: Ctx) -> int:
    values: dict[str, str] = {}
    quiet = False
    args = ctx.argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        key, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if key in _VALUED:
            if not eq and i + 1 >= len(args):
                ctx.err.write(f"pg_isready: option requires an argument -- '{arg.lstrip('-')}'\n")
                ctx.err.write('Try "pg_isready --help" for more information.\n')
                return 3
            values[key.lstrip("-")[:1]] = inline if eq else args[i + 1]
            i += 1 if eq else 2
            continue
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-V", "--version"):
            ctx.write(f"pg_isready (PostgreSQL) {_version(ctx)}\n")
            return 0
        else:
            raise ctx.not_simulated(f"pg_isready {arg}")
        i += 1
    host = values.get("h") or ctx.env.get("PGHOST", "")
    port = values.get("p") or ctx.env.get("PGPORT", "") or "5432"
    if not port.isdigit():
        if not quiet:
            ctx.err.write(
                f'pg_isready: error: invalid integer value "{port}" for connection option "port"\n'
            )
        return 3
    local = not host or host.startswith("/")
    shown = f"{host or SOCKET_DIR}:{port}"
    status = _probe(ctx, "" if local else host, int(port))
    if not quiet:
        words = {0: "accepting connections", 1: "rejecting connections", 2: "no response"}
        ctx.write(f"{shown} - {words[status]}\n")
    return status


def _probe(ctx: Ctx, host: str, port: int) -> int:
    from dockersim.engine.netview import NetView

    view: NetView | None = ctx.proc.net if isinstance(ctx.proc.net, NetView) else None
    if view is None:
        return 2
    if not host:
        source = view.source
        up = source is not None and source.state.running and not source.state.paused
        return (
            0
            if up and source is not None and source.blocked_in == "postgres" and port == 5432
            else 2
        )
    addresses = ["127.0.0.1"] if host == "localhost" else view.resolve(host)[:1]
    for address in addresses:
        outcome = view.connect_address(address, port)
        found = outcome.target.container if outcome is not None and outcome.target else None
        if outcome is not None and outcome.status == "ok" and found is not None:
            return 0 if found.blocked_in == "postgres" else 2
    return 2


def _version(ctx: Ctx) -> str:
    version = ctx.env.get("PG_VERSION", "17.5-1.pgdg120+1")
    return version.split("-", 1)[0] + f" (Debian {version})"
