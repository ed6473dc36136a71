"""Containers: create, list, inspect, top, changes, rename (moby container_routes.go).

The documents are the docker front end's own (`container_inspect_json`, the `docker ps`
filters and columns), so `dockersim docker inspect web` and `curl .../containers/web/json`
say the same thing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dockersim.api.handlers.base import Front, wall_offset
from dockersim.api.routes import ApiError, Call, Reply, route
from dockersim.engine import errors
from dockersim.model.container import STATES

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container


@route("POST", "/containers/create")
def create(call: Call) -> Reply:
    from dockersim.api.convert import create_request

    body = call.json_body(required=True)
    if body == {}:  # container_routes.go postContainersCreate
        raise ApiError(400, "config cannot be empty in order to create a container")
    request = create_request(call.arg("name"), body)
    with call.world.writing() as engine:
        container = engine.container_create(request)
        warnings = engine.container_create_warnings(request)
    return Reply(201, {"Id": container.id, "Warnings": warnings})


def image_name(engine: Engine, c: Container, images: dict[str, str]) -> str:
    """The reference the container was made from while it still names the same image."""
    from dockersim.docker.commands.ps import _image_name

    return _image_name(Front(engine), c, True, images)  # type: ignore[arg-type]


def ports_json(c: Container) -> list[dict[str, Any]]:
    """`Ports` of a summary: each published binding (IPv4 and IPv6 twins when no address
    was given), then the exposed ports nobody published; only while running."""
    if not c.state.running:
        return []
    out: list[dict[str, Any]] = []
    published = set()
    for host_ip, host_port, port, proto in c.ports:
        published.add(f"{port}/{proto}")
        for address in [host_ip] if host_ip else ["0.0.0.0", "::"]:
            out.append({"IP": address, "PrivatePort": port, "PublicPort": host_port, "Type": proto})
    for text in c.config.exposed_ports:
        if text not in published and c.host_config.network_mode != "host":
            number, _, proto = text.partition("/")
            out.append({"PrivatePort": int(number) if number.isdigit() else 0, "Type": proto})
    return out


def container_summary(
    engine: Engine, c: Container, offset: float, images: dict[str, str] | None = None
) -> dict[str, Any]:
    """api/types/container.Summary, in its field order."""
    from dockersim.docker.render.container_json import network_settings

    networks = network_settings(engine, c)["Networks"]
    return {
        "Id": c.id,
        "Names": [c.name],
        "Image": image_name(engine, c, {} if images is None else images),
        "ImageID": c.image_id,
        "Command": c.ps_command,
        "Created": int(c.created + offset),
        "Ports": ports_json(c),
        "Labels": dict(c.config.labels),
        "State": c.state.status,
        "Status": c.state.status_text(engine.now),
        "HostConfig": {"NetworkMode": c.host_config.network_mode},
        "NetworkSettings": {"Networks": networks},
        "Mounts": [],
    }


ACCEPTED = (
    "ancestor", "before", "exited", "expose", "health", "id", "isolation", "is-task", "label",
    "name", "network", "publish", "since", "status", "volume",
)  # fmt: skip


@route("GET", "/containers/json")
def list_containers(call: Call) -> Reply:
    """daemon/list.go: running ones unless `all`; `limit` newest; the `docker ps` filters."""
    from dockersim.docker.commands.ps import _matches

    filters = call.filters()
    for key in filters:
        if key not in ACCEPTED:
            raise errors.invalid_filter(key)
    for status in filters.get("status", []):
        if status not in STATES:
            raise errors.invalid_state_filter(status, STATES)
    for pattern in filters.get("name", []):
        try:
            re.compile(pattern)
        except re.error:
            raise ApiError(400, f"error parsing regexp: {pattern}") from None
    limit_text = call.arg("limit", "-1") or "-1"
    if not limit_text.lstrip("-").isdigit():
        raise ApiError(400, f'strconv.Atoi: parsing "{limit_text}": invalid syntax')
    limit = int(limit_text)
    show_all = call.flag("all") or limit > 0 or "status" in filters
    with call.world.reading() as engine:
        containers = engine.container_list()
        if not show_all:
            containers = [c for c in containers if c.state.running]
        front = Front(engine)
        containers = [c for c in containers if _matches(front, c, filters)]  # type: ignore[arg-type]
        if limit > 0:
            containers = containers[:limit]
        offset = wall_offset(engine)
        images: dict[str, str] = {}
        out = []
        for c in containers:
            summary = container_summary(engine, c, offset, images)
            if call.flag("size"):
                size = engine.container_fs(c).size() if engine.container_exists(c.id) else 0
                summary["SizeRw"] = size
                summary["SizeRootFs"] = size + engine.container_image_size(c)
            out.append(summary)
    return Reply(200, out)


@route("GET", "/containers/{name}/json")
def inspect(call: Call) -> Reply:
    from dockersim.docker.render.container_json import container_inspect_json

    with call.world.reading() as engine:
        container = engine.container_inspect(call.params["name"])
        document = container_inspect_json(engine, container)
        if call.flag("size"):
            size = engine.container_fs(container).size()
            document["SizeRw"] = size
            document["SizeRootFs"] = size + engine.container_image_size(container)
    return Reply(200, document)


@route("GET", "/containers/{name}/top")
def top(call: Call) -> Reply:
    """daemon/top_unix.go: `ps -ef` columns by default (other `ps_args` are not simulated)."""
    ps_args = call.arg("ps_args")
    if ps_args not in ("", "-ef"):
        raise ApiError(501, f"dockersim: not simulated in top: ps_args {ps_args!r}")
    with call.world.writing() as engine:
        titles, processes = engine.container_top(call.params["name"])
    return Reply(200, {"Processes": processes, "Titles": titles})


@route("GET", "/containers/{name}/changes")
def changes(call: Call) -> Reply:
    """`docker diff`: kinds 0 modified, 1 added, 2 deleted (api/types/container/change.go)."""
    kinds = {"C": 0, "A": 1, "D": 2}
    with call.world.reading() as engine:
        container = engine.container_get(call.params["name"])
        diff = engine.container_fs(container).diff()
    return Reply(200, [{"Kind": kinds.get(kind, 0), "Path": path} for kind, path in diff])


@route("POST", "/containers/{name}/rename")
def rename(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.container_rename(call.params["name"], call.arg("name"))
    return Reply(204)
