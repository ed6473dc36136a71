"""Checks on a Compose project's service: how many containers it has, their state and their
health (the containers `docker compose ps -a` lists for the service: Compose's labels
`com.docker.compose.project`, `.service` and `.oneoff`, pkg/api/labels.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.model.container import STATES
from dockersim.scenario.checks.base import Fields, Mismatch, compare, register
from dockersim.scenario.compound import Field
from dockersim.scenario.shape import Integer, Text

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container

#: the labels Compose puts on what it creates (pkg/api/labels.go)
PROJECT, SERVICE, ONEOFF = (
    "com.docker.compose.project",
    "com.docker.compose.service",
    "com.docker.compose.oneoff",
)
#: `.State.Health.Status`, and `none` for a container without a health check
HEALTH = ("starting", "healthy", "unhealthy", "none")


def _describe(f: Fields) -> str:
    parts = []
    if "containers" in f:
        n = f["containers"]
        parts.append(f"{n} container{'' if n == 1 else 's'}")
    if "state" in f:
        parts.append(f"all {f['state']}")
    if "health" in f:
        parts.append(f"all {f['health']}" if f["health"] != "none" else "no health check")
    what = ", ".join(parts) or "some containers"
    return f"compose service {f['service']} of project {f['project']}: {what}"


def _contradiction(f: Fields) -> str | None:
    if f.get("containers") == 0 and ("state" in f or "health" in f):
        return "a service without containers has no state or health"
    if f.get("health") in ("starting", "healthy", "unhealthy") and f.get("state") in (
        "created",
        "exited",
        "dead",
    ):
        return f"a {f['state']} container is never {f['health']}"  # no monitor runs
    return None


def service_containers(engine: Engine, project: str, service: str) -> list[Container]:
    """The service's containers in any state, not one-off ones (`run`), by name."""
    found = [
        c
        for c in engine.container_list()
        if c.config.labels.get(PROJECT) == project
        and c.config.labels.get(SERVICE) == service
        and c.config.labels.get(ONEOFF) != "True"
    ]
    return sorted(found, key=lambda c: c.display_name)


@register(
    "compose",
    "a Compose service: its containers, their state and their health",
    (
        Field("project", Text(doc="the Compose project name", nonempty=True), required=True),
        Field(
            "service",
            Text(doc="the service's name in the Compose file", nonempty=True),
            required=True,
        ),
        Field("containers", Integer(minimum=0, doc="how many containers the service has")),
        Field("state", Text(enum=STATES, doc="every container's State.Status")),
        Field("health", Text(enum=HEALTH, doc="every container's health status (none: no check)")),
    ),
    _describe,
    _contradiction,
)
def compose(engine: Engine, f: Fields) -> list[Mismatch]:
    found = service_containers(engine, f["project"], f["service"])
    out: list[Mismatch] = []
    if "containers" in f:
        out += compare("the number of containers", f["containers"], len(found))
    if ("state" in f or "health" in f) and not found:
        return [*out, Mismatch(f"service {f['service']} has no containers", "containers", "none")]
    for c in found:
        name = c.display_name
        if "state" in f:
            out += compare(f"{name}'s state", f["state"], c.state.status)
        if "health" in f:
            health = c.state.health
            got = "none" if health is None else health.status
            out += compare(f"{name}'s health", f["health"], got)
    return out
