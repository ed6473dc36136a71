"""start, stop, kill, restart, pause, unpause, remove, resize (moby container_routes.go).

A start or stop that has nothing to do is `304 Not Modified` with no body (daemon/start.go
"container is already running", daemon/stop.go "container is already stopped"), which the
clients count as success.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.api.routes import ApiError, Call, Reply, route

if TYPE_CHECKING:
    from dockersim.engine import Engine


def _timeout(call: Call) -> int | None:
    text = call.arg("t")
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise ApiError(400, f'strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


@route("POST", "/containers/{name}/start")
def start(call: Call) -> Reply:
    """Starts with what attached clients type (`sessions.py`): "" when a client is
    attached without input, as `docker run` without `-i` gives the process nothing."""
    if len(call.request.body) > 7:  # postContainersStart: a body was the pre-1.24 HostConfig
        raise ApiError(
            400, "starting container with non-empty request body was deprecated since API v1.22 "
            "and removed in v1.24",
        )  # fmt: skip
    ref = call.params["name"]
    with call.world.reading() as engine:
        container = engine.container_get(ref)
        if container.state.running and not container.state.paused:
            return Reply(304)
        container_id = container.id
        open_stdin = container.config.open_stdin
    stdin: str | None = None
    if open_stdin:
        stdin = call.server.sessions.take_input(container_id, call.server.stopping)
    elif call.server.sessions.pending(container_id):
        stdin = ""
    with call.world.writing() as engine:
        engine.container_start(container_id, stdin=stdin)
        _claim_ports(call, engine, container_id)
    return Reply(204)


def _claim_ports(call: Call, engine: Engine, container_id: str) -> None:
    """Bind the published ports on the real machine (`--publish-ports`): a port taken there
    fails the start, and the world stays as it was before it."""
    from dockersim.api.world import Discard
    from dockersim.errors import DockerError

    ports = call.server.ports
    if ports is None or not engine.container_exists(container_id):
        return
    try:
        ports.claim(engine, container_id)
    except DockerError as exc:
        raise Discard(exc) from None


@route("POST", "/containers/{name}/stop")
def stop(call: Call) -> Reply:
    timeout = _timeout(call)
    with call.world.writing() as engine:
        container = engine.container_get(call.params["name"])
        if not container.state.running:
            return Reply(304)
        engine.container_stop(container.id, call.arg("signal"), timeout)
    return Reply(204)


@route("POST", "/containers/{name}/kill")
def kill(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.container_kill(call.params["name"], call.arg("signal") or "SIGKILL")
    return Reply(204)


@route("POST", "/containers/{name}/restart")
def restart(call: Call) -> Reply:
    timeout = _timeout(call)
    with call.world.writing() as engine:
        engine.container_restart(call.params["name"], timeout)
    return Reply(204)


@route("POST", "/containers/{name}/pause")
def pause(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.container_pause(call.params["name"])
    return Reply(204)


@route("POST", "/containers/{name}/unpause")
def unpause(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.container_unpause(call.params["name"])
    return Reply(204)


@route("DELETE", "/containers/{name}")
def remove(call: Call) -> Reply:
    if call.flag("link"):
        raise ApiError(501, "dockersim: not simulated in rm: removing links (link=1)")
    with call.world.writing() as engine:
        engine.container_remove(
            call.params["name"], force=call.flag("force"), volumes=call.flag("v")
        )
    return Reply(204)


@route("POST", "/containers/{name}/resize")
def resize(call: Call) -> Reply:
    """The terminal's size (a stopped container has no task to resize)."""
    size = []
    for key in ("h", "w"):
        text = call.arg(key, "0")
        if not text.isdigit():
            raise ApiError(400, f'strconv.Atoi: parsing "{text}": invalid syntax')
        size.append(int(text))
    with call.world.writing() as engine:
        engine.container_resize(call.params["name"], *size)
    return Reply(200, raw=b"", content_type="text/plain; charset=utf-8")


@route("POST", "/containers/prune")
def prune(call: Call) -> Reply:
    with call.world.writing() as engine:
        removed, reclaimed = engine.container_prune(call.filters())
    return Reply(200, {"ContainersDeleted": removed or None, "SpaceReclaimed": reclaimed})
