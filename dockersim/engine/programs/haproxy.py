"""HAProxy (the haproxy images): `haproxy -v`, the refusal without a configuration file, and
its start in master-worker mode with a mounted haproxy.cfg, listening on the `bind` ports.
Proxying to the backends is not modelled and says so."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, env_of, http_date
from dockersim.model.cowfs import FsError
from dockersim.model.host import KERNEL

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: version -> (build suffix, release date, status line); suffixes are est.
RELEASES = {
    "3.2.0": (
        "-e134140",
        "2025/05/28",
        "long-term supported branch - will stop receiving fixes around Q2 2030.",
    ),
    "3.0.11": (
        "-0de7a6d",
        "2025/05/30",
        "long-term supported branch - will stop receiving fixes around Q2 2029.",
    ),
}


def haproxy(ctx: Ctx) -> int:
    given = ctx.argv[1:]
    # the entrypoint's -W -db (master-worker, foreground) come before the user's options
    args = [a for a in given if a not in ("-W", "-db")]
    version = ctx.env.get("HAPROXY_VERSION", "3.2.0")
    suffix, date, status = RELEASES.get(version, RELEASES["3.2.0"])
    if args[:1] in (["-v"], ["-vv"], ["--version"]):
        if args[0] == "-vv":
            raise ctx.not_simulated("option -vv")
        ctx.write(
            f"HAProxy version {version}{suffix} {date} - https://haproxy.org/\nStatus: {status}\n"
            f"Known bugs: http://www.haproxy.org/bugs/bugs-{version}.html\n"
            f"Running on: Linux {KERNEL} {ctx.proc.arch}\n"
        )
        return 0
    files = [args[i + 1] for i, a in enumerate(args) if a == "-f" and i + 1 < len(args)]
    unknown = [a for a in args if a.startswith("-") and a != "-f"]
    if unknown:
        raise ctx.not_simulated(f"option {unknown[0]}")
    head = (
        f"[NOTICE]   (1) : haproxy version is {version}{suffix}\n"
        "[NOTICE]   (1) : path to executable is /usr/local/sbin/haproxy\n"
    )
    if not files:
        ctx.err.write(head + "[ALERT]    (1) : No configuration file specified.\n")
        return 1
    for name in files:
        try:
            ctx.fs.read(name, ctx.cwd)
        except FsError:
            ctx.err.write(
                head
                + "[ALERT]    (1) : config : Cannot open configuration file/directory "
                + f"{name} : No such file or directory\n"
            )
            return 1
    ctx.err.write("[NOTICE]   (1) : New worker (8) forked\n[NOTICE]   (1) : Loading success.\n")
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGUSR1"}))
    return 0


def _config(engine: Engine, container: Container) -> str:
    argv = [container.path, *container.args]
    files = [argv[i + 1] for i, a in enumerate(argv) if a == "-f" and i + 1 < len(argv)]
    fs = engine.container_fs(container)
    text = ""
    for name in files:
        try:
            text += fs.read(name).decode(errors="replace") + "\n"
        except FsError:
            continue
    return text


def _ports(engine: Engine, container: Container) -> list[int]:
    text = _config(engine, container)
    return sorted({int(p) for p in re.findall(r"^\s*bind\s+\S*?:(\d+)", text, re.MULTILINE)})


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    version = env_of(container, "HAPROXY_VERSION", "3.2.0")
    body = f"dockersim: not simulated in haproxy {version}: forwarding to the backends\n".encode()
    return HttpResponse(
        501,
        "Not Implemented",
        (("Content-Type", "text/plain"), ("Date", http_date(engine.now))),
        body,
    )


PROGRAM = Program(
    haproxy,
    ports=_ports,
    serve=_serve,
    # SIGUSR1 (the image's stop signal) is a soft stop: the workers finish, then it exits 0
    exits={"SIGUSR1": 0, "SIGTERM": 143, "SIGINT": 130},
    memory_mib=40.0,
)
