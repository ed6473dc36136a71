"""`docker container inspect` (API v1.52 `ContainerJSON`), in the API's field order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.docker.render.inspect_json import graph_driver
from dockersim.model.container import Container
from dockersim.model.health import Health
from dockersim.model.image import Healthcheck

if TYPE_CHECKING:
    from dockersim.engine import Engine

ZERO_TIME = "0001-01-01T00:00:00Z"
MASKED = [
    "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
]  # fmt: skip
READONLY = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


def _time(engine: Engine, when: float | None) -> str:
    return ZERO_TIME if when is None else engine.rfc3339(when)


def healthcheck_json(check: Healthcheck) -> dict[str, Any]:
    """A `HealthConfig`: every field omitempty (api/types/container/config.go)."""
    out = check.to_json()
    if not check.test:
        del out["Test"]
    return out


def health_json(engine: Engine, health: Health) -> dict[str, Any]:
    """`State.Health` (api/types/container/health.go): the log oldest first, `[]` when empty
    (daemon/inspect.go copies it into a new slice)."""
    return {
        "Status": health.status,
        "FailingStreak": health.failing_streak,
        "Log": [
            {
                "Start": engine.rfc3339(r.start),
                "End": engine.rfc3339(r.end),
                "ExitCode": r.exit_code,
                "Output": r.output,
            }
            for r in health.log
        ],
    }


def container_inspect_json(engine: Engine, c: Container) -> dict[str, Any]:
    state = c.state
    root = f"/var/lib/docker/containers/{c.id}"
    host = c.host_config
    cfg = c.config
    graph = graph_driver(str(engine.seed), [*engine.container_layers(c), c.id])
    if graph["Data"] is not None:
        graph["Data"]["ID"] = c.id
    config: dict[str, Any] = {
        "Hostname": cfg.hostname,
        "Domainname": cfg.domainname,
        "User": cfg.user,
        "AttachStdin": cfg.open_stdin,
        "AttachStdout": cfg.attach_stdout,
        "AttachStderr": cfg.attach_stderr,
    }
    if cfg.exposed_ports:
        config["ExposedPorts"] = {p: {} for p in cfg.exposed_ports}
    config.update(
        {
            "Tty": cfg.tty,
            "OpenStdin": cfg.open_stdin,
            "StdinOnce": cfg.open_stdin,
            "Env": cfg.env,
            "Cmd": cfg.cmd,
        }
    )
    if cfg.healthcheck is not None:
        config["Healthcheck"] = healthcheck_json(cfg.healthcheck)
    config.update(
        {
            "Image": cfg.image,
            "Volumes": {v: {} for v in cfg.volumes} if cfg.volumes else None,
            "WorkingDir": cfg.working_dir,
            "Entrypoint": cfg.entrypoint,
            "OnBuild": None,
            "Labels": dict(cfg.labels),
        }
    )
    if cfg.stop_signal:
        config["StopSignal"] = cfg.stop_signal
    if cfg.stop_timeout is not None:
        config["StopTimeout"] = cfg.stop_timeout
    return {
        "Id": c.id,
        "Created": engine.rfc3339(c.created),
        "Path": c.path,
        "Args": c.args,
        "State": {
            "Status": state.status,
            "Running": state.running,
            "Paused": state.paused,
            "Restarting": state.restarting,
            "OOMKilled": state.oom_killed,
            "Dead": state.dead,
            "Pid": state.pid,
            "ExitCode": state.exit_code,
            "Error": state.error,
            "StartedAt": _time(engine, state.started_at),
            "FinishedAt": _time(engine, state.finished_at),
            **({"Health": health_json(engine, state.health)} if state.health else {}),
        },
        "Image": c.image_id,
        "ResolvConfPath": f"{root}/resolv.conf",
        "HostnamePath": f"{root}/hostname",
        "HostsPath": f"{root}/hosts",
        "LogPath": f"{root}/{c.id}-json.log",
        "Name": c.name,
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": None,
        "HostConfig": {
            "Binds": host.binds or None,
            "ContainerIDFile": "",
            "LogConfig": {"Type": "json-file", "Config": {}},
            "NetworkMode": host.network_mode,
            "PortBindings": {},
            "RestartPolicy": {
                "Name": host.restart_policy.name,
                "MaximumRetryCount": host.restart_policy.maximum_retry_count,
            },
            "AutoRemove": host.auto_remove,
            "VolumeDriver": "",
            "VolumesFrom": None,
            "ConsoleSize": [0, 0],
            "CapAdd": None,
            "CapDrop": None,
            "CgroupnsMode": "private",
            "Dns": [],
            "DnsOptions": [],
            "DnsSearch": [],
            "ExtraHosts": None,
            "GroupAdd": None,
            "IpcMode": "private",
            "Cgroup": "",
            "Links": None,
            "OomScoreAdj": 0,
            "PidMode": "",
            "Privileged": False,
            "PublishAllPorts": host.publish_all,
            "ReadonlyRootfs": host.read_only,
            "SecurityOpt": None,
            "UTSMode": "",
            "UsernsMode": "",
            "ShmSize": 67108864,
            "Runtime": "runc",
            "Isolation": "",
            "CpuShares": 0,
            "Memory": host.memory,
            "NanoCpus": host.nano_cpus,
            "CgroupParent": "",
            "BlkioWeight": 0,
            "BlkioWeightDevice": [],
            "BlkioDeviceReadBps": [],
            "BlkioDeviceWriteBps": [],
            "BlkioDeviceReadIOps": [],
            "BlkioDeviceWriteIOps": [],
            "CpuPeriod": 0,
            "CpuQuota": 0,
            "CpuRealtimePeriod": 0,
            "CpuRealtimeRuntime": 0,
            "CpusetCpus": "",
            "CpusetMems": "",
            "Devices": [],
            "DeviceCgroupRules": None,
            "DeviceRequests": None,
            "MemoryReservation": 0,
            "MemorySwap": host.memory * 2 if host.memory else 0,
            "MemorySwappiness": None,
            "OomKillDisable": None,
            "PidsLimit": host.pids_limit,
            "Ulimits": [],
            "CpuCount": 0,
            "CpuPercent": 0,
            "IOMaximumIOps": 0,
            "IOMaximumBandwidth": 0,
            "MaskedPaths": MASKED,
            "ReadonlyPaths": READONLY,
        },
        "GraphDriver": graph,
        "Mounts": [dict(m) for m in c.mounts],
        "Config": config,
        "NetworkSettings": network_settings(engine, c),
    }


def network_settings(engine: Engine, c: Container) -> dict[str, Any]:
    running = c.state.running
    ports: dict[str, Any] = {}
    if running:
        for port in c.config.exposed_ports:
            ports[port] = None
        for host_ip, host_port, port_number, proto in c.ports:
            key = f"{port_number}/{proto}"
            bound = ports.get(key) or []
            for address in [host_ip] if host_ip else ["0.0.0.0", "::"]:
                bound.append({"HostIp": address, "HostPort": str(host_port)})
            ports[key] = bound
    networks: dict[str, Any] = {}
    for name, wanted in c.networks.items():
        network = engine.network_find(name)
        endpoint = network.endpoints.get(c.id) if network is not None else None
        prefix = int(network.subnet.split("/")[1]) if network is not None and network.subnet else 0
        aliases = list(wanted.get("aliases", []) or [])  # type: ignore[call-overload]
        networks[name] = {
            "IPAMConfig": {"IPv4Address": wanted.get("ip")} if wanted.get("ip") else None,
            "Links": None,
            "Aliases": aliases or None,
            "MacAddress": endpoint.mac if endpoint else "",
            "DriverOpts": None,
            "GwPriority": 0,
            "NetworkID": network.id if network is not None else "",
            "EndpointID": endpoint.endpoint_id if endpoint else "",
            "Gateway": network.gateway if endpoint and network is not None else "",
            "IPAddress": endpoint.ip if endpoint else "",
            "IPPrefixLen": prefix if endpoint else 0,
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "DNSNames": (
                [c.display_name, c.id[:12], *aliases]
                if endpoint and network is not None and network.user_defined
                else None
            ),
        }
    sandbox = c.id[:12] if running else ""
    return {
        "SandboxID": (c.id[::-1] if running else ""),
        "SandboxKey": f"/var/run/docker/netns/{sandbox}" if running else "",
        "Ports": ports,
        "Networks": networks,
    }
