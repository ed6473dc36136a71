"""Apache httpd: its start-up lines, and htdocs served over HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs._texts import apache_ts, catalog_text
from dockersim.engine.programs.http import HttpResponse, static

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx


def httpd(ctx: Ctx) -> int:
    if ctx.busybox:  # the busybox applet, not Apache
        from dockersim.engine.programs.busybox_httpd import httpd as applet

        return applet(ctx)
    args = ctx.argv[1:]
    if "-v" in args:
        ctx.out.write(
            "Server version: Apache/2.4.63 (Unix)\nServer built:   May 23 2025 00:00:00\n"
        )
        return 0
    ctx.err.write(catalog_text("httpd_start").replace("{apache_ts}", apache_ts(ctx)))
    ctx.block(frozenset({"SIGWINCH", "SIGTERM", "SIGINT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    return [80]


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    return static(
        engine, container, "/usr/local/apache2/htdocs", request.path, "Apache/2.4.63 (Unix)"
    )


PROGRAM = Program(
    httpd,
    ports=_ports,
    serve=_serve,
    exits={"SIGWINCH": 0, "SIGTERM": 0, "SIGINT": 0},
    memory_mib=6.4,
)
