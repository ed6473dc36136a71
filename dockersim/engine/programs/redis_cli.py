"""redis-cli: one command or a session against a Redis server it reaches over the network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.redis_server import VERSION, execute, render

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def redis_cli(ctx: Ctx) -> int:
    """`redis-cli [-h HOST] [-p PORT] [COMMAND ARGS...]` (commands from stdin when none)."""
    from dockersim.engine.netview import view_of

    args = ctx.argv[1:]
    host, port = "127.0.0.1", 6379
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-v", "--version"):
            ctx.write(f"redis-cli {VERSION}\n")
            return 0
        if arg in ("-h", "-p", "-n", "-a", "--user", "--pass") and i + 1 < len(args):
            if arg == "-h":
                host = args[i + 1]
            elif arg == "-p":
                if not args[i + 1].isdigit():
                    ctx.err.write(f"Unrecognized option or bad number of args for: '{arg}'\n")
                    return 1
                port = int(args[i + 1])
            i += 2
            continue
        if arg in ("--raw", "--no-raw", "--no-auth-warning"):
            i += 1
            continue
        words = args[i:]
        break
    view = view_of(ctx)
    outcome = view.connect(host, port) if view is not None else None
    target = outcome.target.container if outcome is not None and outcome.target else None
    if outcome is None or target is None or target.blocked_in != "redis-server":
        status = outcome.status if outcome is not None else "refused"
        reason = {
            "unresolved": "Name or service not known",
            "timeout": "Connection timed out",
        }.get(status, "Connection refused")
        ctx.err.write(f"Could not connect to Redis at {host}:{port}: {reason}\n")
        if not words and ctx.out.is_tty:
            ctx.write("not connected> ")
        return 1
    engine = view.engine_for(target) if view is not None else None
    if engine is None:
        return 1
    store = engine.world.memory.setdefault(target.id, {})
    tty = ctx.out.is_tty
    lines = [words] if words else [line.split() for line in ctx.proc.stdin.splitlines()]
    for line in lines:
        if line:
            ctx.write(render(execute(store, line), tty))
    return 0


PROGRAM = Program(redis_cli)
