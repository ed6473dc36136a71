"""The `docker service inspect` document (moby api/types/swarm service.go, in its field order).

Defaults the daemon fills in (swarmkit's defaults, daemon/cluster/convert/service.go):
restart condition `any` after 5s, update and rollback one task at a time, `pause` on failure,
5s monitor, `stop-first`; a 10s stop grace period; `vip` endpoints. Not modelled yet (# est.):
`Placement.Platforms` (filled from the image's index when the CLI pins the digest).
`Endpoint.VirtualIPs` are the service's VIPs (engine/service_net.py).
"""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.model.service import Service

_SECOND = 1_000_000_000


def _update_config(service: Service | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {"Parallelism": service.update_parallelism if service else 1}
    if service and service.update_delay:
        config["Delay"] = int(service.update_delay * _SECOND)
    config.update(
        {
            "FailureAction": "pause",
            "Monitor": 5 * _SECOND,
            "MaxFailureRatio": 0,
            "Order": service.update_order if service else "stop-first",
        }
    )
    return config


def service_json(ctx: Context, service: Service) -> dict[str, Any]:
    engine = ctx.engine
    container: dict[str, Any] = {"Image": service.image}
    if service.args:
        container["Args"] = list(service.args)
    if service.env:
        container["Env"] = list(service.env)
    container.update(
        {
            "Init": False,
            "StopGracePeriod": 10 * _SECOND,
            "DNSConfig": {},
            "Isolation": "default",
        }
    )
    template: dict[str, Any] = {
        "ContainerSpec": container,
        "Resources": {"Limits": {}, "Reservations": {}},
        "RestartPolicy": {"Condition": "any", "Delay": 5 * _SECOND, "MaxAttempts": 0},
        "Placement": {},
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
    return {
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
