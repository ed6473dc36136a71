"""Swarm services: `service create/ls/ps/inspect/scale/rm` (moby daemon/cluster/services.go,
swarmkit manager/orchestrator and manager/scheduler).

A service lives in the swarm's state (the first host's `World.swarm`, as JSON under "services"
and "tasks"); each of its tasks is a container named `<service>.<slot>.<task id>` on the node
the scheduler picked, so `docker ps` on that node shows it. The orchestrator acts at once: a
create, a scale or a removal leaves the tasks as swarmkit converges them, with the task's
state timestamp at the moment the container started.

Not modelled yet (docs/swarm.md): the ingress routing mesh (a published port is recorded on
the service, not answered on the nodes), rolling updates, restarts of failed tasks, and the
retries swarmkit makes after a task is rejected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.cluster import _swarm_id
from dockersim.engine.containers import CreateRequest
from dockersim.engine.service_net import host_port_publish
from dockersim.errors import DockerError, NotFound
from dockersim.model.image import Healthcheck
from dockersim.model.names import random_name
from dockersim.model.reference import InvalidReference, parse_reference
from dockersim.model.service import PortConfig, Service, Task

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: swarmkit allocates published ports that were not given from this range
#: (manager/allocator/network/portallocator.go dynamicPortStart/End)
DYNAMIC_PORTS = range(30000, 32768)


class ServiceOps(EngineBase):
    # --- state ---------------------------------------------------------------------------
    def _require_manager(self) -> dict[str, Any]:
        """cluster.go checks: not in a swarm, or a worker, answers before anything else."""
        engine = self.engine
        if not engine.swarm_active():
            raise errors.not_swarm_manager()
        if not engine.is_manager():
            raise errors.swarm_worker()
        state = engine.swarm_state
        state.setdefault("services", {})
        state.setdefault("tasks", {})
        engine.service_tick()
        self.engine.service_supervise()
        return state

    def service_state(self) -> dict[str, Any]:
        """The swarm's state, after the manager checks (secrets and configs use it)."""
        return self._require_manager()

    def swarm_next_id(self, kind: str) -> str:
        return self._next_id(kind)

    # the restart supervisor's view (engine/service_restart.py)
    def service_start_task(self, service: Service, slot: int, node: str, at: float) -> Task:
        return self._start_task(service, slot, node, at=at)

    def _next_id(self, kind: str) -> str:
        state = self.engine.swarm_state
        state["serial"] = int(state.get("serial", 0)) + 1
        return _swarm_id(str(self.engine.primary.world.seed), kind, str(state["serial"]))

    def service_list(self) -> list[Service]:
        """`GET /services`: every service (the CLI sorts them by name)."""
        state = self._require_manager()
        self.engine.settle()
        return [Service.from_json(s) for s in state["services"].values()]

    def service_get(self, ref: str) -> Service:
        """Full ID, then name, then a unique ID prefix (daemon/cluster/helpers.go getService)."""
        state = self._require_manager()
        services = [Service.from_json(s) for s in state["services"].values()]
        for match in (
            [s for s in services if s.id == ref],
            [s for s in services if s.name == ref],
            [s for s in services if ref and s.id.startswith(ref)],
        ):
            if len(match) == 1:
                return match[0]
            if len(match) > 1:
                raise errors.service_ambiguous(ref, len(match))
        raise errors.service_not_found(ref)

    def service_tasks(self, service_id: str) -> list[Task]:
        """`GET /tasks?filters=service=ID`."""
        state = self._require_manager()
        self.engine.settle()
        return [Task.from_json(t) for t in state["tasks"].values() if t["service_id"] == service_id]

    def service_running(self, service: Service) -> tuple[int, int]:
        """ServiceStatus: (running tasks, desired tasks) as `service ls` shows them."""
        tasks = self.service_tasks(service.id)
        running = sum(1 for t in tasks if t.desired == "running" and t.state == "running")
        desired = sum(1 for t in tasks if t.desired == "running")
        if service.mode == "replicated":
            desired = service.replicas
        return running, desired

    def service_node_id(self, hostname: str) -> str:
        node = self.engine.swarm_state.get("nodes", {}).get(hostname)
        return str(node["id"]) if node else ""

    # --- create ---------------------------------------------------------------------------
    def service_create(
        self,
        image: str,
        *,
        name: str = "",
        mode: str = "replicated",
        replicas: int = 1,
        args: tuple[str, ...] = (),
        env: tuple[str, ...] = (),
        networks: tuple[str, ...] = (),
        ports: tuple[PortConfig, ...] = (),
        constraints: tuple[str, ...] = (),
        endpoint_mode: str = "vip",
        update: tuple[int, float, str] = (1, 0.0, "stop-first"),
        labels: tuple[tuple[str, str], ...] = (),
        extra: dict[str, Any] | None = None,
    ) -> tuple[Service, list[str]]:
        """`POST /services/create`: the service and the daemon's warnings. `extra` holds the
        further spec fields (`Service.spec_json` keys: secrets, mounts, restart, ...)."""
        from dockersim.model.constraints import InvalidConstraint, parse

        state = self._require_manager()
        for text in constraints:
            try:
                parse(text)
            except InvalidConstraint as exc:
                raise errors.service_bad_constraint(str(exc)) from None
        if endpoint_mode == "dnsrr" and any(p.mode == "ingress" for p in ports):
            raise errors.service_dnsrr_ingress()
        if name and any(s["name"] == name for s in state["services"].values()):
            raise errors.service_name_conflict(name)
        self._check_references(state, extra or {})
        network_names = tuple(self._service_network(n) for n in networks)
        ports = self._allocate_ports(state, ports)
        warnings: list[str] = []
        spec_image = self._resolve_image(image, warnings)
        if not name:
            taken = {s["name"] for s in state["services"].values()}
            retry = 0
            name = random_name(self.engine.draw(), retry)
            while name in taken:
                retry += 1
                name = random_name(self.engine.draw(), retry)
        service = Service(
            id=self._next_id("service"),
            name=name,
            image=spec_image,
            mode=mode,
            replicas=replicas if mode == "replicated" else 0,
            args=args,
            env=env,
            networks=network_names,
            ports=ports,
            created=self.now,
            updated=self.now,
            labels=tuple(sorted(labels)),
            constraints=constraints,
            endpoint_mode=endpoint_mode,
            update_parallelism=update[0],
            update_delay=update[1],
            update_order=update[2],
        )
        if extra:
            service = service.with_spec(extra)
        service = self.engine.service_allocate_vips(service)
        state["services"][service.id] = service.to_json()
        self._converge(service)
        return service, warnings

    def _check_references(self, state: dict[str, Any], extra: dict[str, Any]) -> None:
        """controlapi/service.go checkSecretExistence / checkConfigExistence."""
        for kind in ("secret", "config"):
            names = {str(o["name"]) for o in state.get(kind + "s", {}).values()}
            missing = [str(r[0]) for r in extra.get(kind + "s", ()) if r[0] not in names]
            if missing:
                which = kind if len(missing) == 1 else kind + "s"
                raise errors.service_reference_missing(which, missing)

    def _service_network(self, ref: str) -> str:
        """populateNetworkID: a swarm network by ID, name or prefix; a local one is refused."""
        overlays = self.engine.cluster_overlays()
        for match in (
            [n for n in overlays.values() if n.id == ref or n.name == ref],
            [n for n in overlays.values() if ref and n.id.startswith(ref)],
        ):
            if match:
                return match[0].name
        local = self.engine.network_find(ref)
        if local is not None:
            raise errors.service_local_network(local.name)
        raise errors.service_network_not_found(ref)

    def _allocate_ports(
        self, state: dict[str, Any], ports: tuple[PortConfig, ...]
    ) -> tuple[PortConfig, ...]:
        """controlapi/service.go checkPortConflicts: an ingress port conflicts with any
        published port of another service, a host-mode one only with an ingress port (two
        host-mode services share a port: the scheduler keeps them apart); then dynamic ports
        for `-p 80`."""
        ingress = {(p.published, p.protocol) for p in ports if p.mode == "ingress" and p.published}
        host = {(p.published, p.protocol) for p in ports if p.mode == "host" and p.published}
        used: set[tuple[int, str]] = set()
        for data in state["services"].values():
            other = Service.from_json(data)
            for port in other.ports:
                key = (port.published, port.protocol)
                used.add(key)
                if port.mode == "host" and key in ingress:
                    raise errors.service_port_in_use(port.published, other.name, other.id, True)
                if port.mode == "ingress" and (key in ingress or key in host):
                    raise errors.service_port_in_use(port.published, other.name, other.id)
        out: list[PortConfig] = []
        taken = used | {(p.published, p.protocol) for p in ports}
        for port in ports:
            if not port.published:
                free = next(n for n in DYNAMIC_PORTS if (n, port.protocol) not in taken)
                taken.add((free, port.protocol))
                port = PortConfig(free, port.target, port.protocol, port.mode)
            out.append(port)
        return tuple(out)

    def _resolve_image(self, image: str, warnings: list[str]) -> str:
        """The CLI asks the daemon to pin the image to its digest (QueryRegistry); an image no
        registry has keeps its name and the daemon warns (daemon/cluster/services.go)."""
        try:
            ref = parse_reference(image)
        except InvalidReference:
            warnings.append(errors.service_image_unpinned(image))
            return image
        if ref.digest is not None:
            return image
        ref = ref.with_default_tag()
        try:
            index, _ = self.engine.distribution_index(ref)
        except DockerError:
            familiar = ref.familiar
            warnings.append(errors.service_image_unpinned(familiar))
            return familiar
        return f"{ref.familiar}@{index.digest}"

    # --- scale and remove -----------------------------------------------------------------
    def service_scale(self, ref: str, replicas: int) -> Service:
        """`service scale`: a new spec version with `replicas`, converged at once."""
        state = self._require_manager()
        service = self.service_get(ref)
        if service.mode != "replicated":
            raise errors.service_scale_mode()
        service = Service.from_json(
            {
                **service.to_json(),
                "replicas": replicas,
                "version": service.version + 1,
                "updated": self.now,
            }
        )
        state["services"][service.id] = service.to_json()
        self._converge(service)
        self.engine.node_reconcile()  # nodes freed of a host-mode port take waiting tasks
        return service

    def service_remove(self, ref: str) -> None:
        """`DELETE /services/{id}`: the service goes, and its tasks' containers with it."""
        state = self._require_manager()
        service = self.service_get(ref)
        for task in [Task.from_json(t) for t in state["tasks"].values()]:
            if task.service_id == service.id:
                self._drop_task(task)
        del state["services"][service.id]
        self.engine.node_reconcile()

    # --- the orchestrator and the scheduler ------------------------------------------------
    def _converge(self, service: Service) -> None:
        state = self.engine.swarm_state
        allocated = self.engine.service_allocate_vips(service)
        if allocated is not service:
            service = allocated
            state["services"][service.id] = service.to_json()
        live = [
            Task.from_json(t)
            for t in state["tasks"].values()
            if t["service_id"] == service.id and t["desired"] == "running"
        ]
        if service.mode == "global":
            have = {t.node for t in live}
            for node in self.engine._eligible_nodes(service):
                if node not in have:
                    self._start_task(service, 0, node)
            return
        live.sort(key=lambda t: t.slot)
        for task in live[service.replicas :]:
            self._drop_task(task)
        slots = {t.slot for t in live[: service.replicas]}
        if len(slots) >= service.replicas:
            return
        placement = self.engine._placement(service)
        key = service.task_key()
        slot = 1
        while len(slots) < service.replicas:
            if slot not in slots:
                node = placement.pick()
                task = self._start_task(service, slot, node, key=key)
                placement.placed(node, task.desired == "running")
                slots.add(slot)
            slot += 1

    def _start_task(
        self,
        service: Service,
        slot: int,
        node_name: str,
        task_id: str = "",
        at: float = 0.0,
        key: str = "",
    ) -> Task:
        """A new task for `slot` on `node_name` (its container started there), or a pending one
        with the scheduler's `no suitable node` when `node_name` is ""."""
        state = self.engine.swarm_state
        task_id = task_id or self._next_id("task")
        base = Task(
            task_id,
            service.id,
            slot,
            node_name,
            since=at or self.now,
            created=at or self.now,
            image=service.image,
            key=key or service.task_key(),
        )
        if not node_name:
            why = self.engine._filter_nodes(service)[1]
            task = attrs.evolve(
                base,
                state="pending",
                error=f"no suitable node ({why})" if why else "no suitable node",
            )
            state["tasks"][task.id] = task.to_json()
            return task
        node_id = self.service_node_id(node_name)
        label = str(slot) if slot else node_id
        node = self.engine.node(node_name)
        try:
            image_id = self._node_image(node, service.image)
            for kind, source, _, _ in service.mounts:
                if kind == "bind" and not node.host_fs().exists(source):
                    raise errors.bind_source_missing(source)
            container = node.container_create(
                CreateRequest(
                    image=image_id,
                    name=f"{service.name}.{label}.{task_id}",
                    cmd=service.args or None,
                    entrypoint=service.entrypoint or None,
                    env=service.env,
                    working_dir=service.workdir,
                    user=service.user,
                    hostname=service.hostname,
                    memory=service.limits[1],
                    nano_cpus=service.limits[0],
                    mounts=service.mounts,
                    healthcheck=_healthcheck(service),
                    labels=(
                        *service.container_labels,
                        ("com.docker.swarm.node.id", node_id),
                        ("com.docker.swarm.service.id", service.id),
                        ("com.docker.swarm.service.name", service.name),
                        ("com.docker.swarm.task", ""),
                        ("com.docker.swarm.task.id", task_id),
                        ("com.docker.swarm.task.name", f"{service.name}.{label}.{task_id}"),
                    ),
                    network=service.networks[0] if service.networks else "",
                    publish=host_port_publish(service),
                )
            )
            self.engine.task_mountpoints(node, container, service)
            node.container_start(container.id)
        except DockerError as exc:
            task = attrs.evolve(base, state="rejected", desired="shutdown", error=str(exc))
        else:
            task = attrs.evolve(base, container_id=container.id)
        state["tasks"][task.id] = task.to_json()
        return task

    def _node_image(self, node: Engine, image: str) -> str:
        """The node's agent pulls the image when it does not have it (executor/container)."""
        ref = parse_reference(image.partition("@")[0])
        for wanted_ref in (image, ref.familiar):
            try:
                node.image_get(wanted_ref)
            except (NotFound, InvalidReference):
                continue
            return wanted_ref if wanted_ref == image else node.image_get(wanted_ref).id
        wanted = ref.with_default_tag()
        try:
            pulled = node.image_pull(wanted)
        except DockerError:
            pulled = None
        if pulled is None or pulled.error or not pulled.image_id:
            raise errors.no_such_image(wanted.familiar)
        try:
            node.image_get(image)
        except (NotFound, InvalidReference):
            return pulled.image_id
        return image

    def _drop_task(self, task: Task) -> None:
        """A task the orchestrator removes (scale down, service rm): its container goes."""
        state = self.engine.swarm_state
        if task.container_id:
            node = self.engine.node(task.node)
            if node.container_exists(task.container_id):
                node.container_remove(task.container_id, force=True)
        state["tasks"].pop(task.id, None)


def _healthcheck(service: Service) -> Healthcheck | None:
    if not service.health_cmd and not any(service.health):
        return None
    interval, timeout, start, retries = service.health
    second = 10**9
    return Healthcheck(
        service.health_cmd,
        int(interval * second),
        int(timeout * second),
        int(start * second),
        0,
        retries,
    )
