"""Containers and networks in the saved world, lean: a field at its default is left out.

Most of a container's fields keep their defaults for its whole life (no health check, no
restart policy, no mounts, nothing served), and writing them all made a container's record
three times as long as what it says, in a file every `dockersim docker` command reads. So a
record holds only the fields that differ from the model class's default (schema version 3);
reading fills the rest in from the same defaults, and a record of an older version, with every
field spelt out, reads the same way. Values that are equal but of another JSON type (`0` and
`false`) are kept, so nothing changes type on the way back.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.container import Container, HostConfig, RestartPolicy, RunConfig, State
from dockersim.model.health import Health
from dockersim.model.image import Healthcheck
from dockersim.model.network import Endpoint, Network
from dockersim.model.tables import EndpointTable


def _plain(value: Any) -> Any:
    """A field's default as `attrs.asdict` writes it (tuples as lists, records as dicts)."""
    if attrs.has(type(value)):
        return attrs.asdict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _defaults(cls: type, renamed: dict[str, str] | None = None) -> tuple[tuple[str, Any], ...]:
    """(JSON key, default as JSON) of each of `cls`'s fields that has a default."""
    out = []
    for field in attrs.fields(cls):
        default = field.default
        if default is attrs.NOTHING or not field.init:
            continue
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        key = (renamed or {}).get(field.name, field.name)
        out.append((key, _plain(default)))
    return tuple(out)


_CONTAINER = _defaults(
    Container,
    {"_exit_at": "exit_at", "_restart_at": "restart_at", "_probe_at": "probe_at"},
)
#: fields a record always has, whatever their value (the schema requires them)
_KEPT = frozenset({"config", "host_config", "state"})
_RUN_CONFIG = _defaults(RunConfig)
_HOST_CONFIG = _defaults(HostConfig)
_STATE = _defaults(State)
_STATE_FIELDS = frozenset(field.name for field in attrs.fields(State))
_ENDPOINT = tuple((k, d) for k, d in _defaults(Endpoint) if not k.startswith("_"))


def _strip(data: dict[str, Any], defaults: tuple[tuple[str, Any], ...]) -> None:
    """Remove from `data` each key whose value is its default (of the same JSON type)."""
    for key, default in defaults:
        if key in data:
            value = data[key]
            if type(value) is type(default) and value == default:
                del data[key]


def _saved_field(attribute: attrs.Attribute[Any], _value: object) -> bool:
    return attribute.name not in ("timers", "probe_timers")


def container_to_json(container: Container) -> dict[str, Any]:
    data = attrs.asdict(container, recurse=True, filter=_saved_field)
    data["exit_at"] = data.pop("_exit_at")
    data["restart_at"] = data.pop("_restart_at")
    data["probe_at"] = data.pop("_probe_at")
    data["logs"] = [list(item) for item in container.logs]
    data["handles"] = list(container.handles)
    _strip(data["config"], _RUN_CONFIG)
    _strip(data["host_config"], _HOST_CONFIG)
    _strip(data["state"], _STATE)
    for key, default in _CONTAINER:
        if key not in _KEPT:
            value = data[key]
            if type(value) is type(default) and value == default:
                del data[key]
    return data


def container_from_json(data: dict[str, Any]) -> Container:
    """A container from its record (lean or, as older versions wrote it, whole)."""
    fields = dict(data)
    config = data["config"]
    check = config.get("healthcheck")
    if check is not None:
        config = {**config, "healthcheck": Healthcheck(**{**check, "test": tuple(check["test"])})}
    fields["config"] = RunConfig(**config)
    host = data["host_config"]
    if "restart_policy" in host or "publish" in host:
        host = dict(host)
        if "restart_policy" in host:
            host["restart_policy"] = RestartPolicy(**host["restart_policy"])
        if "publish" in host:
            host["publish"] = [tuple(p) for p in host["publish"]]
    fields["host_config"] = HostConfig(**host)
    fields["state"] = state_from_json(data.get("state", {}))
    if "logs" in data:
        fields["logs"] = [(t, s, x) for t, s, x in data["logs"]]
    if "handles" in data:
        fields["handles"] = tuple(data["handles"])
    if "ports" in data:
        fields["ports"] = [tuple(p) for p in data["ports"]]
    return Container(**fields)


def state_from_json(data: dict[str, Any]) -> State:
    """A container's `State` (fields it does not know are ignored)."""
    if not _STATE_FIELDS.issuperset(data):
        data = {k: v for k, v in data.items() if k in _STATE_FIELDS}
    state = State(**data)
    if isinstance(state.health, dict):
        state.health = Health.from_json(state.health)
    return state


def network_to_json(network: Network) -> dict[str, Any]:
    data = attrs.asdict(network, recurse=True)
    endpoints = data["endpoints"]
    for container_id, fields in endpoints.items():
        # the ID under its own name, in its place (hashed now if it was never read)
        endpoint = {k.removeprefix("_"): v for k, v in fields.items() if k != "_id_of"}
        endpoint["endpoint_id"] = network.endpoints[container_id].endpoint_id
        _strip(endpoint, _ENDPOINT)
        endpoints[container_id] = endpoint
    return data


def network_from_json(data: dict[str, Any]) -> Network:
    fields = dict(data)
    fields["endpoints"] = EndpointTable(
        (cid, Endpoint(**e)) for cid, e in data["endpoints"].items()
    )
    return Network(**fields)
