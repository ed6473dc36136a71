"""`/_ping`, `/version`, `/info`, `/events`, `/system/df` (moby daemon/server/router/system).

Times a client turns into "... ago" by its own clock (event times, `Created` in lists) are
moved by the distance between the real clock and the world's (`wall_offset`): the world's
clock starts in June 2025 and the client lives now, and both `docker ps` must say the same
`CREATED`. Inspect documents keep the world's own times, as `dockersim docker inspect`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from dockersim.api.handlers.base import POLL, wall_offset
from dockersim.api.routes import ApiError, Call, Reply, encode, route, version_at_least
from dockersim.engine.eventfilter import EventKey, event_key, include
from dockersim.engine.system import (
    API_VERSION,
    CONTAINERD_COMMIT,
    CONTAINERD_VERSION,
    ENGINE_VERSION,
    GIT_COMMIT,
    GO_VERSION,
    MIN_API_VERSION,
    PLUGINS,
    RUNC_VERSION,
)
from dockersim.model.host import HOST_CPUS, KERNEL

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.world import Event

BUILD_TIME = "2025-12-12T14:49:37.000000000+00:00"
PLATFORM = "Docker Engine - Community"


def swarm_header(engine: Engine) -> str:
    if not engine.swarm_active():
        return "inactive"
    return "active/manager" if engine.is_manager() else "active/worker"


@route("GET", "/_ping")
@route("HEAD", "/_ping")
def ping(call: Call) -> Reply:
    """system_routes.go pingHandler: its headers on HEAD and GET, `OK` on GET only."""
    with call.world.reading() as engine:
        swarm = swarm_header(engine)
    headers = [
        ("Builder-Version", "1"),  # the legacy builder: BuildKit's gRPC is not served
        ("Cache-Control", "no-cache, no-store, must-revalidate"),
        ("Pragma", "no-cache"),
        ("Swarm", swarm),
    ]
    body = b"" if call.request.method == "HEAD" else b"OK"
    return Reply(200, raw=body, content_type="text/plain; charset=utf-8", headers=headers)


@route("GET", "/version")
def version(call: Call) -> Reply:
    details = {
        "ApiVersion": API_VERSION,
        "Arch": "amd64",
        "BuildTime": BUILD_TIME,
        "Experimental": "false",
        "GitCommit": GIT_COMMIT,
        "GoVersion": GO_VERSION,
        "KernelVersion": KERNEL,
        "MinAPIVersion": MIN_API_VERSION,
        "Os": "linux",
    }
    components = [
        {"Name": "Engine", "Version": ENGINE_VERSION, "Details": details},
        {"Name": "containerd", "Version": CONTAINERD_VERSION,
         "Details": {"GitCommit": CONTAINERD_COMMIT}},
        {"Name": "runc", "Version": RUNC_VERSION,
         "Details": {"GitCommit": f"v{RUNC_VERSION}-0-gd6d73eb8"}},
        {"Name": "docker-init", "Version": "0.19.0", "Details": {"GitCommit": "de40ad0"}},
    ]  # fmt: skip
    return Reply(
        200,
        {
            "Platform": {"Name": PLATFORM},
            "Components": components,
            "Version": ENGINE_VERSION,
            "ApiVersion": API_VERSION,
            "MinAPIVersion": MIN_API_VERSION,
            "GitCommit": GIT_COMMIT,
            "GoVersion": GO_VERSION,
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": KERNEL,
            "BuildTime": BUILD_TIME,
        },
    )


@route("GET", "/info")
def info(call: Call) -> Reply:
    """The facts `dockersim docker info` prints (docker/commands/system.py), as JSON."""
    with call.world.reading() as engine:
        containers = engine.container_list()
        images = engine.image_count()
        name = engine.node_name
        swarm_state = swarm_header(engine).partition("/")[0]
        manager = engine.swarm_active() and engine.is_manager()
    running = sum(1 for c in containers if c.state.running and not c.state.paused)
    paused = sum(1 for c in containers if c.state.paused)
    return Reply(
        200,
        {
            "ID": "6f0c1d3e-5b7a-4c2e-9d8f-0a1b2c3d4e5f",
            "Containers": len(containers),
            "ContainersRunning": running,
            "ContainersPaused": paused,
            "ContainersStopped": len(containers) - running - paused,
            "Images": images,
            "Driver": "overlay2",
            "DriverStatus": [
                ["Backing Filesystem", "extfs"],
                ["Supports d_type", "true"],
                ["Using metacopy", "false"],
                ["Native Overlay Diff", "true"],
                ["userxattr", "false"],
            ],
            "Plugins": {
                "Volume": list(PLUGINS["Volume"]),
                "Network": list(PLUGINS["Network"]),
                "Authorization": None,
                "Log": list(PLUGINS["Log"]),
            },
            "MemoryLimit": True,
            "SwapLimit": True,
            "CpuCfsPeriod": True,
            "CpuCfsQuota": True,
            "CPUShares": True,
            "CPUSet": True,
            "PidsLimit": True,
            "IPv4Forwarding": True,
            "Debug": False,
            "NFd": 24,  # est.
            "OomKillDisable": False,
            "NGoroutines": 42,  # est.
            "SystemTime": time.strftime("%Y-%m-%dT%H:%M:%S.000000000Z", time.gmtime()),
            "LoggingDriver": "json-file",
            "CgroupDriver": "systemd",
            "CgroupVersion": "2",
            "NEventsListener": 0,
            "KernelVersion": KERNEL,
            "OperatingSystem": "Ubuntu 24.04.2 LTS",
            "OSVersion": "24.04",
            "OSType": "linux",
            "Architecture": "x86_64",
            "IndexServerAddress": "https://index.docker.io/v1/",
            "RegistryConfig": {
                "InsecureRegistryCIDRs": ["127.0.0.0/8", "::1/128"],
                "IndexConfigs": {
                    "docker.io": {
                        "Name": "docker.io",
                        "Mirrors": [],
                        "Secure": True,
                        "Official": True,
                    },
                },
                "Mirrors": None,
            },
            "NCPU": HOST_CPUS,
            "MemTotal": 8326414336,
            "GenericResources": None,
            "DockerRootDir": "/var/lib/docker",
            "HttpProxy": "",
            "HttpsProxy": "",
            "NoProxy": "",
            "Name": name,
            "Labels": [],
            "ExperimentalBuild": False,
            "ServerVersion": ENGINE_VERSION,
            "Runtimes": {
                "io.containerd.runc.v2": {"path": "runc", "status": {}},
                "runc": {"path": "runc", "status": {}},
            },
            "DefaultRuntime": "runc",
            "Swarm": {
                "NodeID": "",
                "NodeAddr": "",
                "LocalNodeState": swarm_state,
                "ControlAvailable": manager,
                "Error": "",
                "RemoteManagers": None,
            },
            "LiveRestoreEnabled": False,
            "Isolation": "",
            "InitBinary": "docker-init",
            "ContainerdCommit": {"ID": CONTAINERD_COMMIT},
            "RuncCommit": {"ID": f"v{RUNC_VERSION}-0-gd6d73eb8"},
            "InitCommit": {"ID": "de40ad0"},
            "SecurityOptions": ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"],
            "CDISpecDirs": ["/etc/cdi", "/var/run/cdi"],
            "FirewallBackend": {"Driver": "iptables"},
            "Warnings": None,
        },
    )


@route("GET", "/system/df")
def system_df(call: Call) -> Reply:
    """daemon/disk_usage.go: images (with shared sizes), containers, volumes, build cache."""
    from dockersim.api.handlers.containers import container_summary

    with call.world.reading() as engine:
        usage = engine.system_df()
        offset = wall_offset(engine)
        images = [
            {
                "Containers": i.containers,
                "Created": int(i.created + offset),
                "Id": i.id,
                "Labels": {},
                "ParentId": "",
                "RepoDigests": [],
                "RepoTags": list(i.repo_tags),
                "SharedSize": i.shared_size,
                "Size": i.size,
            }
            for i in usage.images
        ]
        containers = []
        for c in engine.container_list():
            summary = container_summary(engine, c, offset)
            summary["SizeRw"] = engine.container_fs(c).size()
            summary["SizeRootFs"] = summary["SizeRw"] + engine.container_image_size(c)
            containers.append(summary)
        volumes = []
        for volume in engine.volume_list():
            document = engine.volume_inspect_json(volume.name)
            document["UsageData"] = {
                "RefCount": len(engine.volume_users(volume.name)),
                "Size": engine.volume_size(volume.name),
            }
            volumes.append(document)
    return Reply(
        200,
        {
            "LayersSize": usage.layers_size,
            "Images": images,
            "Containers": containers,
            "Volumes": volumes,
            "BuildCache": [],
        },
    )


# --- events ----------------------------------------------------------------------------------
def _event_json(event: Event, offset: float, legacy: bool) -> dict[str, Any]:
    when = event.time + offset
    out: dict[str, Any] = {}
    if legacy:  # system_routes.go backFillLegacy, for clients below API 1.52
        out["status"] = event.action
        out["id"] = event.actor
        if event.type == "container" and "image" in event.attributes:
            out["from"] = event.attributes["image"]
    out.update(
        {
            "Type": event.type,
            "Action": event.action,
            "Actor": {"ID": event.actor, "Attributes": dict(event.attributes)},
            "scope": "local",
            "time": int(when),
            "timeNano": round(when * 1e9),
        }
    )
    return out


def _time_arg(call: Call, key: str) -> float | None:
    text = call.arg(key)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ApiError(400, f"failed to parse value {text} as {key}") from None


@route("GET", "/events")
def events(call: Call) -> None:
    """A stream: past events from `since` (to `until`), then new ones as they happen, until
    `until` or until the client goes."""
    since = _time_arg(call, "since")
    until = _time_arg(call, "until")
    filters = call.filters()
    legacy = not version_at_least(call, "1.52")
    conn = call.conn
    kind = "application/json" if legacy else "application/jsonl"
    conn.start_stream(200, kind)
    sent: set[EventKey] = set()
    first = True
    while not call.server.stopping.is_set():
        with call.world.reading() as engine:
            offset = wall_offset(engine)
            now = engine.now + offset
            batch = []
            for event in engine.system_events():
                key = event_key(event)
                when = event.time + offset
                if key in sent or (until is not None and when > until):
                    continue
                sent.add(key)  # an event before `since` is never sent
                # without `since`, everything in the log when the client came is past, even
                # what happened at this very virtual instant (a frozen clock)
                if first and (since is None or when < since):
                    continue
                if include(event, filters):
                    batch.append(_event_json(event, offset, legacy))
        first = False
        conn.chunk(b"".join(encode(item) for item in batch))
        if until is not None and now >= until:
            break
        time.sleep(POLL * 4)
        if conn.peer_closed():
            return
    conn.end_stream()
