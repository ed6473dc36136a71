"""`dockersim serve`: the Engine API for the real docker CLI, docker-py and testcontainers.

Listens on a unix socket (default `$DOCKERSIM_HOME/docker.sock`) or a loopback TCP port and
serves the same saved world as `dockersim docker`. Anywhere but loopback it refuses, as
dockerd (27 and later) refuses an unencrypted TCP listener, unless told twice:
`--i-know-this-is-unsafe` and `--tls=false`.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from dockersim.api.world import ServedWorld

UNSAFE = (
    "dockersim serve: refusing to listen on {host}: the API would be reachable from other "
    "machines, without encryption or authentication, and whoever reaches it controls this "
    "simulated daemon. To do it anyway, add both --i-know-this-is-unsafe and --tls=false."
)


def serve(
    socket_path: Annotated[
        Path | None,
        typer.Option(
            "--socket", help="Unix socket to listen on (default: $DOCKERSIM_HOME/docker.sock)."
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option("--host", "-H", help="Listen on TCP instead, e.g. tcp://127.0.0.1:2375."),
    ] = "",
    unsafe: Annotated[
        bool,
        typer.Option(
            "--i-know-this-is-unsafe", help="Allow a non-loopback --host (with --tls=false)."
        ),
    ] = False,
    tls: Annotated[
        str, typer.Option("--tls", help="Must be `false` with a non-loopback --host.")
    ] = "",
    time_scale: Annotated[
        float,
        typer.Option(
            "--time-scale",
            help="World seconds per real second while serving (e.g. 60: a minute a second).",
        ),
    ] = 1.0,
) -> None:
    """Serve the Docker Engine API (1.52) over the saved world: DOCKER_HOST=... docker ps."""
    from dockersim.api.server import ListenError, Server, is_loopback, parse_host
    from dockersim.api.world import ServedWorld
    from dockersim.errors import Error

    if socket_path is not None and host:
        _fail("dockersim serve: give --socket or --host, not both")
    if not (0 < time_scale < float("inf")):
        _fail(f"dockersim serve: --time-scale must be a number above 0, not {time_scale:g}")
    try:
        world = ServedWorld(time_scale=time_scale)
        server = Server(world, publish_ports=True)
        if host:
            address, port = parse_host(host)
            if not is_loopback(address) and not (unsafe and tls.lower() == "false"):
                _fail(UNSAFE.format(host=host))
            where = server.listen_tcp(address, port)
        else:
            path = (socket_path or world.directory / "docker.sock").absolute()
            if len(str(path).encode()) > 107:
                _fail(f"dockersim serve: the socket path is too long for a unix socket: {path}")
            where = server.listen_unix(path)
    except (ListenError, Error) as exc:
        _fail(str(exc))

    def stop(signum: int, frame: object) -> None:
        server.stopping.set()  # the loop sees it within 0.2 s; its `finally` closes all

    signal.signal(signal.SIGTERM, stop)  # Ctrl-C and SIGTERM end the loop below, cleanly
    signal.signal(signal.SIGINT, stop)
    typer.echo(
        f"dockersim serve: a simulated Docker Engine (API 1.52) is listening on {where}\n"
        f"It serves the world in {world.directory}, the one `dockersim docker` uses.\n"
        f"{_scale_note(world)}"
        "To use it from a shell:\n"
        f"  export DOCKER_HOST={where}\n"
        "Press Ctrl-C to stop."
    )
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.stop()
    typer.echo("dockersim serve: stopped")


def _scale_note(world: ServedWorld) -> str:
    """A line saying how fast the world's clock runs, when not at the real pace."""
    from dockersim.cli import clock

    if world.time_scale == 1.0:
        return ""
    if clock.mode(world.engine) != "real":
        return "Its clock is frozen: --time-scale does not apply.\n"
    return f"Its clock runs {world.time_scale:g} times as fast as the real one.\n"


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)
