"""Networks and volumes: list, create, inspect, remove, connect, disconnect, prune (moby
daemon/server/router/network and volume). The documents are `docker network inspect`'s and
`docker volume inspect`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.api.handlers.base import Front
from dockersim.api.routes import ApiError, Call, Reply, route

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.network import Network


def _network_json(engine: Engine, network: Network, with_containers: bool) -> dict[str, Any]:
    from dockersim.docker.commands.inspect import network_json

    document = network_json(Front(engine), network)  # type: ignore[arg-type]
    if not with_containers:  # a list leaves the containers out (network.Summary)
        document.pop("Containers", None)
    return document


@route("GET", "/networks")
def list_networks(call: Call) -> Reply:
    from dockersim.docker.commands.network import _matches

    filters = call.filters()
    with call.world.reading() as engine:
        networks = sorted(engine.visible_networks().values(), key=lambda n: n.name)
        out = [_network_json(engine, n, False) for n in networks if _matches(n, filters)]
    return Reply(200, out)


@route("GET", "/networks/{name}")
def inspect(call: Call) -> Reply:
    with call.world.reading() as engine:
        network = engine.network_get(call.params["name"])
        document = _network_json(engine, network, True)
    return Reply(200, document)


@route("POST", "/networks/create")
def create(call: Call) -> Reply:
    """network.CreateRequest: Name, Driver, Internal, Attachable, IPAM.Config, Options,
    Labels; 201 `{"Id", "Warning"}`."""
    body = call.json_body(required=True)
    if not isinstance(body, dict):
        raise ApiError(400, "json: cannot unmarshal into Go value of type network.CreateRequest")
    name = body.get("Name")
    if not isinstance(name, str) or not name:
        raise ApiError(400, "network name must not be empty")  # est. wording
    ipam = body.get("IPAM") or {}
    pools = (ipam.get("Config") or []) if isinstance(ipam, dict) else []
    pool = pools[0] if pools and isinstance(pools[0], dict) else {}
    with call.world.writing() as engine:
        network = engine.network_create(
            name,
            driver=str(body.get("Driver") or "bridge"),
            subnet=str(pool.get("Subnet") or ""),
            gateway=str(pool.get("Gateway") or ""),
            ip_range=str(pool.get("IPRange") or ""),
            internal=bool(body.get("Internal")),
            attachable=bool(body.get("Attachable")),
            labels={str(k): str(v) for k, v in (body.get("Labels") or {}).items()},
            options={str(k): str(v) for k, v in (body.get("Options") or {}).items()},
        )
    return Reply(201, {"Id": network.id, "Warning": ""})


@route("DELETE", "/networks/{name}")
def remove(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.network_remove(call.params["name"])
    return Reply(204)


def _container_of(call: Call) -> tuple[str, dict[str, Any]]:
    body = call.json_body(required=True)
    if not isinstance(body, dict) or not isinstance(body.get("Container"), str):
        raise ApiError(400, "no container specified")  # est. wording
    return body["Container"], body


@route("POST", "/networks/{name}/connect")
def connect(call: Call) -> Reply:
    container, body = _container_of(call)
    endpoint = body.get("EndpointConfig") or {}
    aliases = [str(a) for a in (endpoint.get("Aliases") or [])]
    ip = str((endpoint.get("IPAMConfig") or {}).get("IPv4Address") or "")
    with call.world.writing() as engine:
        engine.network_connect(call.params["name"], container, aliases=aliases, ip=ip)
    return Reply(200, raw=b"", content_type="")


@route("POST", "/networks/{name}/disconnect")
def disconnect(call: Call) -> Reply:
    container, body = _container_of(call)
    with call.world.writing() as engine:
        engine.network_disconnect(call.params["name"], container, bool(body.get("Force")))
    return Reply(200, raw=b"", content_type="")


@route("POST", "/networks/prune")
def prune_networks(call: Call) -> Reply:
    with call.world.writing() as engine:
        removed = engine.network_prune(call.filters())
    return Reply(200, {"NetworksDeleted": removed or None})


# --- volumes ---------------------------------------------------------------------------------
@route("GET", "/volumes")
def list_volumes(call: Call) -> Reply:
    filters = call.filters()
    out = []
    with call.world.reading() as engine:
        for volume in engine.volume_list():
            users = engine.volume_users(volume.name)
            if "dangling" in filters:
                dangling = filters["dangling"][-1].lower() in ("true", "1")
                if dangling == bool(users):
                    continue
            if "name" in filters and not any(v in volume.name for v in filters["name"]):
                continue
            if "driver" in filters and volume.driver not in filters["driver"]:
                continue
            if "label" in filters:
                wanted = [item.partition("=") for item in filters["label"]]
                if not all(
                    k in volume.labels and (not s or volume.labels[k] == v) for k, s, v in wanted
                ):
                    continue
            out.append(engine.volume_inspect_json(volume.name))
    return Reply(200, {"Volumes": out, "Warnings": None})


@route("GET", "/volumes/{name}")
def inspect_volume(call: Call) -> Reply:
    with call.world.reading() as engine:
        document = engine.volume_inspect_json(call.params["name"])
    return Reply(200, document)


@route("POST", "/volumes/create")
def create_volume(call: Call) -> Reply:
    body = call.json_body(required=True)
    if not isinstance(body, dict):
        raise ApiError(400, "json: cannot unmarshal into Go value of type volume.CreateOptions")
    with call.world.writing() as engine:
        volume = engine.volume_create(
            str(body.get("Name") or ""),
            driver=str(body.get("Driver") or "local"),
            labels={str(k): str(v) for k, v in (body.get("Labels") or {}).items()},
            options={str(k): str(v) for k, v in (body.get("DriverOpts") or {}).items()},
        )
        document = engine.volume_inspect_json(volume.name)
    return Reply(201, document)


@route("DELETE", "/volumes/{name}")
def remove_volume(call: Call) -> Reply:
    with call.world.writing() as engine:
        engine.volume_remove(call.params["name"], force=call.flag("force"))
    return Reply(204)


@route("POST", "/volumes/prune")
def prune_volumes(call: Call) -> Reply:
    filters = call.filters()
    every = filters.pop("all", ["false"])[-1].lower() in ("true", "1")
    with call.world.writing() as engine:
        removed, reclaimed = engine.volume_prune(all_volumes=every, filters=filters)
    return Reply(200, {"VolumesDeleted": removed or None, "SpaceReclaimed": reclaimed})
