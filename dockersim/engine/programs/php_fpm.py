"""php-fpm, the FastCGI process manager of the `php:*-fpm` images, in the foreground (the
images' `zz-docker.conf` sets `daemonize = no`).

It logs two NOTICE lines and listens on 9000 for a web server speaking FastCGI (not HTTP);
`docker stop` sends its STOPSIGNAL, SIGQUIT, and it says goodbye. Its options and a FastCGI
conversation are not simulated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx


def fpm_stamp(now: float) -> str:
    """php-fpm's log time: `[06-Dec-2026 12:00:00]`."""
    return datetime.fromtimestamp(now, UTC).strftime("[%d-%b-%Y %H:%M:%S]")


def php_fpm(ctx: Ctx) -> int:
    args = [a for a in ctx.argv[1:] if a not in ("-F", "--nodaemonize")]
    if args[:1] in (["-v"], ["--version"]):
        from dockersim.engine.programs.php import version_text

        ctx.write(version_text(ctx.env.get("PHP_VERSION", "8.4.7")).replace("(cli)", "(fpm-fcgi)"))
        return 0
    if args:
        raise ctx.not_simulated(f"option {args[0]}")
    stamp = fpm_stamp(ctx.now())
    ctx.err.write(f"{stamp} NOTICE: fpm is running, pid {ctx.proc.pid}\n")
    ctx.err.write(f"{stamp} NOTICE: ready to handle connections\n")
    ctx.block(frozenset({"SIGQUIT", "SIGTERM", "SIGINT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    return [9000]


def _shutdown(engine: Engine, container: Container, signal: str) -> tuple[str, str] | None:
    stamp = fpm_stamp(engine.now)
    if signal == "SIGQUIT":
        return ("stderr", f"{stamp} NOTICE: Finishing ...\n{stamp} NOTICE: exiting, bye-bye!\n")
    return ("stderr", f"{stamp} NOTICE: Terminating ...\n{stamp} NOTICE: exiting, bye-bye!\n")


PROGRAM = Program(
    php_fpm,
    ports=_ports,
    shutdown=_shutdown,
    exits={"SIGQUIT": 0, "SIGTERM": 0, "SIGINT": 0},
    memory_mib=8.5,
)
