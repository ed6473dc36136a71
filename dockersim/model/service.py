"""Swarm services and their tasks as values (moby api/types/swarm service.go, task.go).

The engine keeps them in the swarm's saved state as JSON (`Service.to_json`); these classes are
what it reads back, and the display rules the docker CLI applies to them (docker/cli
cli/command/service/formatter.go and cli/command/task/formatter.go).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs


@attrs.frozen
class PortConfig:
    """One published port (swarm.PortConfig): `-p 8080:80` is published 8080, target 80."""

    published: int
    target: int
    protocol: str = "tcp"
    mode: str = "ingress"

    def to_json(self) -> dict[str, Any]:
        return {
            "Protocol": self.protocol,
            "TargetPort": self.target,
            "PublishedPort": self.published,
            "PublishMode": self.mode,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PortConfig:
        return cls(
            int(data["PublishedPort"]),
            int(data["TargetPort"]),
            str(data.get("Protocol", "tcp")),
            str(data.get("PublishMode", "ingress")),
        )


FileRef = tuple[str, str, str, str, int]

#: what makes a task dirty (swarmkit orchestrator.IsTaskDirty: the task spec and the endpoint
#: spec; replicas, the update config and placement alone are not)
_TASK_FIELDS = ("image", "args", "env", "networks", "ports", "force_update")
#: the task spec fields added later: part of the key only when set (so tasks made before keep
#: their key)
_MORE_TASK_FIELDS = (
    "secrets", "configs", "mounts", "restart", "health_cmd", "health", "limits", "reservations",
    "hostname", "user", "workdir", "entrypoint", "container_labels",
)  # fmt: skip


def _file_ref(data: Any) -> FileRef:
    name, target, uid, gid, mode = data
    return (str(name), str(target), str(uid), str(gid), int(mode))


def _restart(data: Any) -> tuple[str, float, int]:
    if not data:
        return ("any", 5.0, 0)
    return (str(data[0]), float(data[1]), int(data[2]))


def _health(data: Any) -> tuple[float, float, float, int]:
    if not data:
        return (0.0, 0.0, 0.0, 0)
    return (float(data[0]), float(data[1]), float(data[2]), int(data[3]))


def _pair(data: Any) -> tuple[int, int]:
    return (int(data[0]), int(data[1])) if data else (0, 0)


@attrs.frozen
class Service:
    """A service's spec and bookkeeping: `mode` is "replicated" or "global".

    The update fields follow swarm.UpdateConfig (`update_delay` in seconds) and
    swarm.UpdateStatus (`update_state` "updating", "completed", "rollback_started",
    "rollback_completed"); `pending` are the batches of slots a rolling update has still to
    replace, each with the virtual time it is due; `previous` is the PreviousSpec (JSON of
    `spec_json`) that `rollback` returns to; `vips` the virtual IP per overlay network.
    """

    id: str
    name: str
    image: str
    mode: str = "replicated"
    replicas: int = 1
    args: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    ports: tuple[PortConfig, ...] = ()
    created: float = 0.0
    updated: float = 0.0
    version: int = 1
    labels: tuple[tuple[str, str], ...] = ()
    constraints: tuple[str, ...] = ()
    endpoint_mode: str = "vip"
    update_parallelism: int = 1
    update_delay: float = 0.0
    update_order: str = "stop-first"
    force_update: int = 0
    previous: str = ""
    update_state: str = ""
    update_started: float = 0.0
    update_completed: float = 0.0
    update_message: str = ""
    pending: tuple[tuple[float, tuple[int, ...]], ...] = ()
    vips: tuple[tuple[str, str], ...] = ()
    #: secret and config references: (name, target, uid, gid, mode) (swarm.SecretReference)
    secrets: tuple[FileRef, ...] = ()
    configs: tuple[FileRef, ...] = ()
    #: `--mount`: (type, source, target, read-only)
    mounts: tuple[tuple[str, str, str, bool], ...] = ()
    #: RestartPolicy: condition, delay (s), max attempts (0: unlimited)
    restart: tuple[str, float, int] = ("any", 5.0, 0)
    #: the `--health-*` flags: the test (`CMD-SHELL ...`), then interval, timeout, start
    #: period (s) and retries (0: the defaults)
    health_cmd: tuple[str, ...] = ()
    health: tuple[float, float, float, int] = (0.0, 0.0, 0.0, 0)
    #: Resources: (NanoCPUs, MemoryBytes) limits and reservations
    limits: tuple[int, int] = (0, 0)
    reservations: tuple[int, int] = (0, 0)
    hostname: str = ""
    user: str = ""
    workdir: str = ""
    entrypoint: tuple[str, ...] = ()
    container_labels: tuple[tuple[str, str], ...] = ()
    update_failure_action: str = "pause"

    def spec_json(self) -> dict[str, Any]:
        """The spec alone (what `rollback` swaps with the previous one)."""
        return {
            "image": self.image,
            "mode": self.mode,
            "replicas": self.replicas,
            "args": list(self.args),
            "env": list(self.env),
            "networks": list(self.networks),
            "ports": [p.to_json() for p in self.ports],
            "labels": dict(self.labels),
            "constraints": list(self.constraints),
            "endpoint_mode": self.endpoint_mode,
            "update_parallelism": self.update_parallelism,
            "update_delay": self.update_delay,
            "update_order": self.update_order,
            "force_update": self.force_update,
            "secrets": [list(r) for r in self.secrets],
            "configs": [list(r) for r in self.configs],
            "mounts": [list(m) for m in self.mounts],
            "restart": list(self.restart),
            "health_cmd": list(self.health_cmd),
            "health": list(self.health),
            "limits": list(self.limits),
            "reservations": list(self.reservations),
            "hostname": self.hostname,
            "user": self.user,
            "workdir": self.workdir,
            "entrypoint": list(self.entrypoint),
            "container_labels": dict(self.container_labels),
            "update_failure_action": self.update_failure_action,
        }

    def task_key(self) -> str:
        """What makes a task dirty (swarmkit orchestrator.IsTaskDirty: the task spec and the
        endpoint spec; a change of replicas or of the update config alone is not)."""
        spec = self.spec_json()
        wanted = {k: spec[k] for k in _TASK_FIELDS}
        defaults = _defaults()
        wanted.update({k: spec[k] for k in _MORE_TASK_FIELDS if spec[k] != defaults[k]})
        wanted["endpoint_mode"] = self.endpoint_mode
        text = json.dumps(wanted, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            **self.spec_json(),
            "created": self.created,
            "updated": self.updated,
            "version": self.version,
            "previous": self.previous,
            "update_state": self.update_state,
            "update_started": self.update_started,
            "update_completed": self.update_completed,
            "update_message": self.update_message,
            "pending": [[when, list(slots)] for when, slots in self.pending],
            "vips": [list(v) for v in self.vips],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Service:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            image=str(data["image"]),
            mode=str(data.get("mode", "replicated")),
            replicas=int(data.get("replicas", 1)),
            args=tuple(data.get("args", ())),
            env=tuple(data.get("env", ())),
            networks=tuple(data.get("networks", ())),
            ports=tuple(PortConfig.from_json(p) for p in data.get("ports", ())),
            created=float(data.get("created", 0.0)),
            updated=float(data.get("updated", 0.0)),
            version=int(data.get("version", 1)),
            labels=tuple(sorted(dict(data.get("labels", {})).items())),
            constraints=tuple(data.get("constraints", ())),
            endpoint_mode=str(data.get("endpoint_mode", "vip")),
            update_parallelism=int(data.get("update_parallelism", 1)),
            update_delay=float(data.get("update_delay", 0.0)),
            update_order=str(data.get("update_order", "stop-first")),
            force_update=int(data.get("force_update", 0)),
            previous=str(data.get("previous", "")),
            update_state=str(data.get("update_state", "")),
            update_started=float(data.get("update_started", 0.0)),
            update_completed=float(data.get("update_completed", 0.0)),
            update_message=str(data.get("update_message", "")),
            pending=tuple(
                (float(when), tuple(int(s) for s in slots))
                for when, slots in data.get("pending", ())
            ),
            vips=tuple((str(n), str(a)) for n, a in data.get("vips", ())),
            secrets=tuple(_file_ref(r) for r in data.get("secrets", ())),
            configs=tuple(_file_ref(r) for r in data.get("configs", ())),
            mounts=tuple(
                (str(t), str(src), str(dst), bool(ro)) for t, src, dst, ro in data.get("mounts", ())
            ),
            restart=_restart(data.get("restart")),
            health_cmd=tuple(data.get("health_cmd", ())),
            health=_health(data.get("health")),
            limits=_pair(data.get("limits")),
            reservations=_pair(data.get("reservations")),
            hostname=str(data.get("hostname", "")),
            user=str(data.get("user", "")),
            workdir=str(data.get("workdir", "")),
            entrypoint=tuple(data.get("entrypoint", ())),
            container_labels=tuple(sorted(dict(data.get("container_labels", {})).items())),
            update_failure_action=str(data.get("update_failure_action", "pause")),
        )

    def with_spec(self, spec: dict[str, Any]) -> Service:
        """This service with the spec fields of `spec` (a `spec_json` document)."""
        return Service.from_json({**self.to_json(), **spec})


def _defaults(cache: dict[str, Any] = {}) -> dict[str, Any]:  # noqa: B006 (a memo)
    if not cache:
        cache.update(Service("", "", "").spec_json())
    return cache


@attrs.frozen
class Task:
    """One task (swarm.Task): a slot of a replicated service, or a global service on a node.

    `state` and `desired` are swarm.TaskState words ("running", "shutdown", "rejected", ...);
    `since` is the time the task reached `state` (Status.Timestamp).
    """

    id: str
    service_id: str
    slot: int
    node: str
    container_id: str = ""
    state: str = "running"
    desired: str = "running"
    since: float = 0.0
    created: float = 0.0
    error: str = ""
    #: the image and the spec key (`Service.task_key`) the task was made from
    image: str = ""
    key: str = ""

    def to_json(self) -> dict[str, Any]:
        """As saved: the node's hostname under "host"."""
        data = attrs.asdict(self)
        data["host"] = data.pop("node")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Task:
        return cls(
            id=str(data["id"]),
            service_id=str(data["service_id"]),
            slot=int(data["slot"]),
            node=str(data["host"]),
            container_id=str(data.get("container_id", "")),
            state=str(data.get("state", "running")),
            desired=str(data.get("desired", "running")),
            since=float(data.get("since", 0.0)),
            created=float(data.get("created", 0.0)),
            error=str(data.get("error", "")),
            image=str(data.get("image", "")),
            key=str(data.get("key", "")),
        )


def pretty(word: str) -> str:
    """formatter.PrettyPrint: the first letter upper-cased ("running" -> "Running")."""
    return word[:1].upper() + word[1:]


def ports_text(ports: tuple[PortConfig, ...]) -> str:
    """serviceContext.Ports: the ingress ports as `*:8080->80/tcp`, sorted by protocol then
    published port, consecutive ports grouped into ranges (`*:80-81->80-81/tcp`)."""
    protocol = ""
    ordered = sorted(
        (p for p in ports if p.mode == "ingress"), key=lambda p: (p.protocol, p.published)
    )
    out: list[str] = []
    current: list[PortConfig] = []

    def flush() -> None:
        if not current:
            return
        first, last = current[0], current[-1]
        pub = (
            f"{first.published}-{last.published}"
            if last.published > first.published
            else str(first.published)
        )
        tgt = f"{first.target}-{last.target}" if last.target > first.target else str(first.target)
        out.append(f"*:{pub}->{tgt}/{first.protocol}")

    for port in ordered:
        if current:
            last = current[-1]
            is_range = last.target != current[0].target
            if (
                port.protocol != protocol
                or not 0 <= port.published - last.published <= 1
                or not 0 <= port.target - last.target <= 1
                or (is_range and port.target <= last.target)
            ):
                flush()
                current = []
        current.append(port)
        protocol = port.protocol
    flush()
    return ", ".join(out)


def image_display(image: str) -> str:
    """The image as `service ls` and `service ps` show it: the digest dropped when a tag is
    there (`nginx:latest@sha256:...` -> `nginx:latest`)."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    if digest and ":" in last:
        return name
    return image
