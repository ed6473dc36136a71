"""The `docker service inspect` document (moby api/types/swarm service.go, in its field order).

Defaults the daemon fills in (swarmkit's defaults, daemon/cluster/convert/service.go):
restart condition `any` after 5s, update and rollback one task at a time, `pause` on failure,
5s monitor, `stop-first`; a 10s stop grace period; `vip` endpoints. Not modelled yet (# est.):
`Placement.Platforms` (filled from the image's index when the CLI pins the digest), `PreviousSpec`.
`Endpoint.VirtualIPs` are the service's VIPs (engine/service_net.py).
"""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.errors import DockerError
from dockersim.model.service import Service

_SECOND = 1_000_000_000


def _update_config(service: Service | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {"Parallelism": service.update_parallelism if service else 1}
    if service and service.update_delay:
        config["Delay"] = int(service.update_delay * _SECOND)
    config.update(
        {
            "FailureAction": service.update_failure_action if service else "pause",
            "Monitor": 5 * _SECOND,
            "MaxFailureRatio": 0,
            "Order": service.update_order if service else "stop-first",
        }
    )
    return config


def _mount(mount: tuple[str, str, str, bool]) -> dict[str, Any]:
    """mount.Mount as the CLI's MountOpt fills it."""
    kind, source, target, read_only = mount
    out: dict[str, Any] = {"Type": kind}
    if source:
        out["Source"] = source
    out["Target"] = target
    if read_only:
        out["ReadOnly"] = True
    return out


def _health(service: Service) -> dict[str, Any]:
    """container.HealthConfig: the zero durations left out."""
    out: dict[str, Any] = {"Test": list(service.health_cmd)} if service.health_cmd else {}
    interval, timeout, start, retries = service.health
    for key, value in (("Interval", interval), ("Timeout", timeout), ("StartPeriod", start)):
        if value:
            out[key] = int(value * _SECOND)
    if retries:
        out["Retries"] = retries
    return out


def _file_ref(ctx: Context, kind: str, key: str, ref: tuple[str, str, str, str, int]) -> Any:
    """SecretReference / ConfigReference: the file target, then the ID and the name."""
    name, target, uid, gid, mode = ref
    try:
        object_id = ctx.engine.swarm_object_get(kind, name)["id"]
    except DockerError:
        object_id = ""
    return {
        "File": {"Name": target, "UID": uid, "GID": gid, "Mode": mode},
        f"{key}ID": object_id,
        f"{key}Name": name,
    }


def service_json(ctx: Context, service: Service) -> dict[str, Any]:
    engine = ctx.engine
    container: dict[str, Any] = {"Image": service.image}
    if service.container_labels:
        container["Labels"] = dict(service.container_labels)
    if service.entrypoint:
        container["Command"] = list(service.entrypoint)
    if service.args:
        container["Args"] = list(service.args)
    if service.hostname:
        container["Hostname"] = service.hostname
    if service.env:
        container["Env"] = list(service.env)
    if service.workdir:
        container["Dir"] = service.workdir
    if service.user:
        container["User"] = service.user
    container["Init"] = False
    if service.mounts:
        container["Mounts"] = [_mount(m) for m in service.mounts]
    container["StopGracePeriod"] = 10 * _SECOND
    if service.health_cmd or any(service.health):
        container["Healthcheck"] = _health(service)
    container["DNSConfig"] = {}
    for kind in ("secret", "config"):
        refs = service.secrets if kind == "secret" else service.configs
        if refs:
            key = kind.capitalize()
            container[key + "s"] = [_file_ref(ctx, kind, key, ref) for ref in refs]
    container["Isolation"] = "default"
    resources: dict[str, Any] = {"Limits": {}, "Reservations": {}}
    for key, (cpus, memory) in (("Limits", service.limits), ("Reservations", service.reservations)):
        if cpus:
            resources[key]["NanoCPUs"] = cpus
        if memory:
            resources[key]["MemoryBytes"] = memory
    condition, delay, attempts = service.restart
    template: dict[str, Any] = {
        "ContainerSpec": container,
        "Resources": resources,
        "RestartPolicy": {
            "Condition": condition,
            "Delay": int(delay * _SECOND),
            "MaxAttempts": attempts,
        },
        "Placement": {"Constraints": list(service.constraints)} if service.constraints else {},
    }
    overlays = {n.name: n for n in engine.cluster_overlays().values()}
    if service.networks:
        template["Networks"] = [
            {"Target": overlays[name].id if name in overlays else name} for name in service.networks
        ]
    template.update({"ForceUpdate": 0, "Runtime": "container"})
    mode: dict[str, Any] = (
        {"Replicated": {"Replicas": service.replicas}}
        if service.mode == "replicated"
        else {"Global": {}}
    )
    endpoint: dict[str, Any] = {"Mode": service.endpoint_mode}
    if service.ports:
        endpoint["Ports"] = [p.to_json() for p in service.ports]
    status: dict[str, Any] = {"Spec": endpoint}
    if service.ports:
        status["Ports"] = [p.to_json() for p in service.ports]
    if service.vips:
        status["VirtualIPs"] = [{"NetworkID": net, "Addr": addr} for net, addr in service.vips]
    document: dict[str, Any] = {
        "ID": service.id,
        "Version": {"Index": 10 + service.version * 2},  # est.: raft indexes
        "CreatedAt": engine.rfc3339(service.created),
        "UpdatedAt": engine.rfc3339(service.updated),
        "Spec": {
            "Name": service.name,
            "Labels": dict(service.labels),
            "TaskTemplate": template,
            "Mode": mode,
            "UpdateConfig": _update_config(service),
            "RollbackConfig": _update_config(),
            "EndpointSpec": endpoint,
        },
        "Endpoint": status,
    }
    if service.update_state:
        document["UpdateStatus"] = _update_status(ctx, service)
    return document


def _update_status(ctx: Context, service: Service) -> dict[str, Any]:
    """swarm.UpdateStatus; CompletedAt only once the update (or rollback) has completed (the
    model keeps the due time there while batches run)."""
    status: dict[str, Any] = {
        "State": service.update_state,
        "StartedAt": ctx.engine.rfc3339(service.update_started),
    }
    if service.update_state in ("completed", "rollback_completed") and service.update_completed:
        status["CompletedAt"] = ctx.engine.rfc3339(service.update_completed)
    status["Message"] = service.update_message
    return status
