"""Rolling updates and rollbacks of swarm services, and their logs (swarmkit
manager/orchestrator/update/updater.go, controlapi/service.go UpdateService; moby
daemon/cluster/services.go).

An update that changes what the tasks run (image, command, env, ports, networks, `--force`)
replaces the tasks slot by slot: `update_parallelism` slots a batch, a batch every
`update_delay` seconds of the virtual clock, the old task shut down before its replacement
starts (`stop-first`) or after (`start-first`). The batches still to come wait in
`Service.pending` and are applied when the clock has reached them (any service command looks);
the update completes one monitor period (5s, or the delay plus 1s when that is longer) after
the last batch. Shut-down tasks stay, with their stopped containers, as the slot's history
(five tasks a slot: swarmkit's TaskHistoryRetentionLimit default).
"""

from __future__ import annotations

import json

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.model.service import PortConfig, Service, Task

#: UpdateConfig.Monitor's default (api/defaults/service.go)
MONITOR = 5.0
#: swarmkit's default TaskHistoryRetentionLimit (`swarm init --task-history-limit`)
HISTORY = 5


@attrs.frozen
class ServiceChange:
    """What `service update` asks for; None or empty: unchanged."""

    image: str | None = None
    replicas: int | None = None
    args: tuple[str, ...] | None = None
    env_add: tuple[str, ...] = ()
    env_rm: tuple[str, ...] = ()
    publish_add: tuple[PortConfig, ...] = ()
    publish_rm: tuple[int, ...] = ()
    constraint_add: tuple[str, ...] = ()
    constraint_rm: tuple[str, ...] = ()
    parallelism: int | None = None
    delay: float | None = None
    order: str | None = None
    force: bool = False


class ServiceUpdateOps(EngineBase):
    # --- update and rollback ------------------------------------------------------------------
    def service_update(self, ref: str, change: ServiceChange) -> tuple[Service, list[str]]:
        """`POST /services/{id}/update`: a new spec version, rolled out on the virtual clock."""
        engine = self.engine
        state = engine._require_manager()
        service = engine.service_get(ref)
        if change.replicas is not None and service.mode != "replicated":
            raise errors.service_replicas_mode()
        warnings: list[str] = []
        spec = service.spec_json()
        if change.image is not None:
            spec["image"] = engine._resolve_image(change.image, warnings)
        if change.replicas is not None:
            spec["replicas"] = change.replicas
        if change.args is not None:
            spec["args"] = list(change.args)
        spec["env"] = _env_update(spec["env"], change.env_add, change.env_rm)
        ports = [
            p for p in service.ports if p.target not in change.publish_rm
        ]  # opts.go: --publish-rm takes the target port
        if change.publish_add:
            keep = [
                p
                for p in ports
                if (p.published, p.protocol)
                not in {(q.published, q.protocol) for q in change.publish_add}
            ]
            others = {k: v for k, v in state["services"].items() if k != service.id}
            added = engine._allocate_ports({"services": others}, change.publish_add)
            ports = keep + list(added)
        spec["ports"] = [p.to_json() for p in ports]
        constraints = [c for c in service.constraints if c not in change.constraint_rm]
        spec["constraints"] = constraints + [
            c for c in change.constraint_add if c not in constraints
        ]
        if change.parallelism is not None:
            spec["update_parallelism"] = change.parallelism
        if change.delay is not None:
            spec["update_delay"] = change.delay
        if change.order is not None:
            spec["update_order"] = change.order
        if change.force:
            spec["force_update"] = service.force_update + 1
        updated = attrs.evolve(
            service.with_spec(spec),
            previous=json.dumps(service.spec_json(), sort_keys=True),
            version=service.version + 1,
            updated=self.now,
        )
        return self._roll_out(updated, rollback=False), warnings

    def service_rollback(self, ref: str) -> Service:
        """`service rollback` (UpdateService with Rollback "previous"): the previous spec back,
        rolled out with the rollback config (the update's defaults)."""
        engine = self.engine
        engine._require_manager()
        service = engine.service_get(ref)
        if not service.previous:
            raise errors.service_no_previous_spec(service.id)
        previous = json.loads(service.previous)
        rolled = attrs.evolve(
            service.with_spec(previous),
            previous=json.dumps(service.spec_json(), sort_keys=True),
            version=service.version + 1,
            updated=self.now,
        )
        return self._roll_out(rolled, rollback=True)

    def _roll_out(self, service: Service, rollback: bool) -> Service:
        engine = self.engine
        state = engine.swarm_state
        state["services"][service.id] = service.to_json()
        engine._converge(service)  # scaling is the orchestrator's, not the updater's
        key = service.task_key()
        dirty = sorted(
            {
                t["slot"]
                for t in state["tasks"].values()
                if t["service_id"] == service.id
                and t["desired"] == "running"
                and t.get("key", "") != key
            }
        )
        if service.mode == "global":
            dirty = [0] if dirty else []
        if not dirty:
            if rollback:
                service = attrs.evolve(
                    service,
                    update_state="rollback_completed",
                    update_started=self.now,
                    update_completed=self.now,
                    update_message="rollback completed",
                )
            state["services"][service.id] = service.to_json()
            return service
        step = service.update_parallelism or len(dirty)
        batches = tuple(
            (self.now + n * service.update_delay, tuple(dirty[i : i + step]))
            for n, i in enumerate(range(0, len(dirty), step))
        )
        service = attrs.evolve(
            service,
            update_state="rollback_started" if rollback else "updating",
            update_started=self.now,
            update_completed=0.0,
            update_message="manually requested rollback" if rollback else "update in progress",
            pending=batches,
        )
        state["services"][service.id] = service.to_json()
        self.service_tick()
        return Service.from_json(state["services"][service.id])

    def service_tick(self) -> None:
        """Apply the update batches and completions the clock has reached. While an update is
        in progress, `update_completed` holds when it will complete (0: batches remain)."""
        state = self.engine.swarm_state
        for service_id in list(state.get("services", {})):
            data = state["services"][service_id]
            if data.get("update_state") not in ("updating", "rollback_started"):
                continue
            service = Service.from_json(data)
            while service.pending and service.pending[0][0] <= self.now:
                when, slots = service.pending[0]
                self._replace(service, slots, when)
                service = attrs.evolve(service, pending=service.pending[1:])
                if not service.pending:
                    wait = max(MONITOR, service.update_delay + 1.0)
                    service = attrs.evolve(service, update_completed=when + wait)
            if not service.pending and self.now >= service.update_completed:
                rollback = service.update_state == "rollback_started"
                service = attrs.evolve(
                    service,
                    update_state="rollback_completed" if rollback else "completed",
                    update_message="rollback completed" if rollback else "update completed",
                )
            state["services"][service_id] = service.to_json()

    def service_update_done_at(self, service: Service) -> float:
        """When the last batch of the update in progress is due (now when none is left)."""
        return service.pending[-1][0] if service.pending else self.now

    def _replace(self, service: Service, slots: tuple[int, ...], when: float) -> None:
        """updater.go worker/updateTask for these slots: a new task per slot, the old one
        shut down before (stop-first) or after (start-first) it starts."""
        engine = self.engine
        state = engine.swarm_state
        key = service.task_key()
        old = [
            Task.from_json(t)
            for t in state["tasks"].values()
            if t["service_id"] == service.id
            and t["desired"] == "running"
            and t.get("key", "") != key
            and (service.mode == "global" or t["slot"] in slots)
        ]
        for task in sorted(old, key=lambda t: (t.slot, t.node)):
            if service.update_order == "stop-first":
                self._shut_down(task, when)
            node = task.node if service.mode == "global" else engine._pick_node(service)
            engine._start_task(service, task.slot, node, at=when)
            if service.update_order == "start-first":
                self._shut_down(task, when)
            self._reap(service.id, task.slot, task.node if service.mode == "global" else "")

    def _shut_down(self, task: Task, when: float) -> None:
        """The task's desired state becomes shutdown; its container is stopped and kept."""
        engine = self.engine
        state = engine.swarm_state
        current = task.state
        if task.container_id and task.state == "running":
            node = engine.node(task.node)
            if node.container_exists(task.container_id):
                container = node.container_get(task.container_id)
                if container.state.running:
                    node.container_stop(task.container_id)
            current = "shutdown"
        elif task.state in ("pending",):
            current = "shutdown"
        done = attrs.evolve(task, desired="shutdown", state=current, since=when)
        if current == task.state:
            done = attrs.evolve(done, since=task.since)
        state["tasks"][task.id] = done.to_json()

    def _reap(self, service_id: str, slot: int, node: str) -> None:
        """taskreaper: at most HISTORY tasks a slot; the oldest stopped ones go first."""
        state = self.engine.swarm_state
        tasks = sorted(
            (
                Task.from_json(t)
                for t in state["tasks"].values()
                if t["service_id"] == service_id
                and t["slot"] == slot
                and (not node or t["host"] == node)
            ),
            key=lambda t: t.created,
        )
        for task in tasks[: max(0, len(tasks) - HISTORY)]:
            if task.desired != "running":
                self.engine._drop_task(task)

    # --- logs ------------------------------------------------------------------------------
    def service_logs(self, ref: str) -> list[tuple[float, str, str, Task]]:
        """`GET /services/{id}/logs`: every line of every task's container that is still
        there, in time order: (time, stream, text, task)."""
        engine = self.engine
        engine._require_manager()
        service = engine.service_get(ref)
        out: list[tuple[float, str, str, Task]] = []
        for task in engine.service_tasks(service.id):
            if not task.container_id:
                continue
            node = engine.node(task.node)
            if not node.container_exists(task.container_id):
                continue
            container = node.container_get(task.container_id)
            for when, stream, text in container.logs:
                if when <= self.now:
                    for line in text.splitlines(keepends=True):
                        out.append((when, stream, line, task))
        out.sort(key=lambda entry: entry[0])
        return out


def _env_update(env: list[str], add: tuple[str, ...], remove: tuple[str, ...]) -> list[str]:
    """update.go updateEnvironment: `--env-rm` removes by name, then `--env-add` adds or
    replaces; the CLI rebuilds the list from a map (an order that varies from run to run), kept
    sorted here (# est.)."""
    names = {item.partition("=")[0] for item in add} | set(remove)
    kept = [item for item in env if item.partition("=")[0] not in names]
    return sorted(kept + list({item.partition("=")[0]: item for item in add}.values()))
