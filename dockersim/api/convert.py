"""`POST /containers/create` bodies into the engine's `CreateRequest`.

The body is moby's `container.CreateRequest`: `container.Config` fields at the top, plus
`HostConfig` and `NetworkingConfig` (engine-api.md §3.1; docker-py sends only the keys it
has, §5). Fields dockersim does not model are accepted and dropped, as the CLI's own
`docker run` front end drops the flags it does not model; a value of the wrong JSON type is a
400 as Go's decoder gives it (`json: cannot unmarshal ...`).
"""

from __future__ import annotations

from typing import Any

from dockersim.api.routes import ApiError
from dockersim.engine.containers import CreateRequest
from dockersim.model.container import RestartPolicy

_GO_TYPES = {str: "string", bool: "bool", int: "int64", list: "array", dict: "object"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """The field if it has the JSON type `kind` (None when absent or null)."""
    value = data.get(key)
    if value is None:
        return None
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise ApiError(
            400,
            f"json: cannot unmarshal {_json_type(value)} into Go struct field "
            f"{where}.{key} of type {_GO_TYPES.get(kind, kind.__name__)}",
        )
    return value


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    """A StrSlice: a list of strings, or one string (moby strslice)."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    items = _field(data, key, list, where)
    if not all(isinstance(item, str) for item in items):
        raise ApiError(
            400, f"json: cannot unmarshal array into Go struct field {where}.{key} of type string"
        )
    return tuple(items)


def _dict(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    return _field(data, key, dict, where) or {}


#: HostConfig fields dockersim does not model: set to anything but their zero value (the docker
#: CLI sends them all, at zero unless a flag was given; -1 is MemorySwappiness's), the create is
#: refused, as `docker run` refuses their flags (docker/commands/run.py `unmodelled`)
_UNMODELLED_HOST = (
    "Privileged", "Init", "CapAdd", "CapDrop", "SecurityOpt", "ExtraHosts", "Dns", "DnsOptions",
    "DnsSearch", "VolumesFrom", "PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode",
    "ShmSize", "Sysctls", "Ulimits", "Devices", "DeviceCgroupRules", "DeviceRequests",
    "CpuShares", "CpusetCpus", "CpusetMems", "CpuPeriod", "CpuQuota", "CpuRealtimePeriod",
    "CpuRealtimeRuntime", "CpuCount", "CpuPercent", "MemoryReservation", "MemorySwap",
    "MemorySwappiness", "OomKillDisable", "OomScoreAdj", "CgroupParent", "Runtime", "Isolation",
    "GroupAdd", "Annotations", "BlkioWeight", "BlkioWeightDevice", "BlkioDeviceReadBps",
    "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "IOMaximumBandwidth",
    "IOMaximumIOps", "VolumeDriver", "StorageOpt", "KernelMemory",
)  # fmt: skip
_ZERO: tuple[object, ...] = (None, False, 0, "", [], {})


def _refuse_unmodelled(body: dict[str, Any], host: dict[str, Any]) -> None:
    for key in _UNMODELLED_HOST:
        value = host.get(key)
        if value not in _ZERO and not (key == "MemorySwappiness" and value == -1):
            raise ApiError(501, f"dockersim: not simulated in serve: HostConfig.{key}")
    log = host.get("LogConfig")
    if isinstance(log, dict) and (
        log.get("Type") not in ("", "json-file", None) or log.get("Config")
    ):
        raise ApiError(501, "dockersim: not simulated in serve: HostConfig.LogConfig")
    if body.get("Domainname"):
        raise ApiError(501, "dockersim: not simulated in serve: Domainname")


def create_request(name: str, body: Any) -> CreateRequest:
    if not isinstance(body, dict):
        raise ApiError(
            400,
            f"json: cannot unmarshal {_json_type(body)} into Go value of type "
            "container.CreateRequest",
        )
    where = "CreateRequest"
    host = _dict(body, "HostConfig", where)
    _refuse_unmodelled(body, host)
    networking = _dict(body, "NetworkingConfig", where)
    restart = _dict(host, "RestartPolicy", "HostConfig")
    policy = RestartPolicy(
        str(_field(restart, "Name", str, "RestartPolicy") or ""),
        int(_field(restart, "MaximumRetryCount", int, "RestartPolicy") or 0),
    )
    labels = _dict(body, "Labels", where)
    network = str(_field(host, "NetworkMode", str, "HostConfig") or "")
    endpoints = _dict(networking, "EndpointsConfig", "NetworkingConfig")
    endpoint: dict[str, Any] = {}
    if endpoints:
        key = network if network in endpoints else next(iter(endpoints))
        endpoint = endpoints[key] if isinstance(endpoints[key], dict) else {}
        if not network or network == "default":
            network = key if key != "default" else network
    ipam = _dict(endpoint, "IPAMConfig", "EndpointSettings")
    stop_timeout = _field(body, "StopTimeout", int, where)
    pids = _field(host, "PidsLimit", int, "HostConfig")
    return CreateRequest(
        image=str(_field(body, "Image", str, where) or ""),
        name=name,
        cmd=_strings(body, "Cmd", where),
        entrypoint=_strings(body, "Entrypoint", where),
        env=_strings(body, "Env", where) or (),
        working_dir=str(_field(body, "WorkingDir", str, where) or ""),
        user=str(_field(body, "User", str, where) or ""),
        hostname=str(_field(body, "Hostname", str, where) or ""),
        labels=tuple((str(k), str(v)) for k, v in labels.items()),
        restart=policy,
        auto_remove=bool(_field(host, "AutoRemove", bool, "HostConfig")),
        stop_signal=str(_field(body, "StopSignal", str, where) or ""),
        stop_timeout=stop_timeout,
        tty=bool(_field(body, "Tty", bool, where)),
        open_stdin=bool(_field(body, "OpenStdin", bool, where)),
        memory=int(_field(host, "Memory", int, "HostConfig") or 0),
        nano_cpus=int(_field(host, "NanoCpus", int, "HostConfig") or 0),
        pids_limit=pids if pids and pids > 0 else None,
        read_only=bool(_field(host, "ReadonlyRootfs", bool, "HostConfig")),
        network="" if network == "default" else network,
        aliases=_strings(endpoint, "Aliases", "EndpointSettings") or (),
        ip=str(_field(ipam, "IPv4Address", str, "EndpointIPAMConfig") or ""),
        publish=_publish(_dict(host, "PortBindings", "HostConfig")),
        publish_all=bool(_field(host, "PublishAllPorts", bool, "HostConfig")),
        mounts=_mounts(host),
        links=_strings(host, "Links", "HostConfig") or (),
    )


def _publish(bindings: dict[str, Any]) -> tuple[tuple[str, int, int, str], ...]:
    """`{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}` (nat.PortMap)."""
    out = []
    for port, hosts in bindings.items():
        number, _, proto = str(port).partition("/")
        if not number.isdigit() or not 0 < int(number) < 65536:
            raise ApiError(400, f"invalid port specification: {port!r}")
        for binding in hosts or [{}]:
            if not isinstance(binding, dict):
                raise ApiError(400, f"invalid port binding for {port}")
            host_port = str(binding.get("HostPort") or "0")
            if not host_port.isdigit() or int(host_port) > 65535:
                raise ApiError(400, f"invalid port specification: {host_port!r}")
            out.append(
                (str(binding.get("HostIp") or ""), int(host_port), int(number), proto or "tcp")
            )
    return tuple(out)


def _mounts(host: dict[str, Any]) -> tuple[tuple[str, str, str, bool], ...]:
    """`Binds` (`src:dst[:ro]`), `Mounts` (`{Type, Source, Target, ReadOnly}`), `Tmpfs`."""
    from dockersim.docker.commands.run_opts import OptionError, parse_volume

    out = []
    for spec in _strings(host, "Binds", "HostConfig") or ():
        try:
            out.append(parse_volume(spec))
        except OptionError as exc:
            raise ApiError(400, exc.message) from None
    for mount in _field(host, "Mounts", list, "HostConfig") or []:
        if not isinstance(mount, dict):
            raise ApiError(400, "json: cannot unmarshal into Go struct field HostConfig.Mounts")
        kind = str(mount.get("Type") or "volume")
        target = str(mount.get("Target") or "")
        if not target:
            raise ApiError(
                400, f'invalid mount config for type "{kind}": field Target must not be empty'
            )
        out.append((kind, str(mount.get("Source") or ""), target, bool(mount.get("ReadOnly"))))
    for path in _dict(host, "Tmpfs", "HostConfig"):
        out.append(("tmpfs", "", str(path), False))
    return tuple(out)
