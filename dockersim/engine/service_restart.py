"""The agent's report of a task whose container stopped, and swarmkit's restart supervisor
(swarmkit manager/orchestrator/restart/restart.go; moby daemon/cluster/executor/container
controller.go).

A running task whose container has exited becomes `failed` (`task: non-zero exit (N)`) or
`complete` (exit 0), its desired state `shutdown`. A container whose health check turns
unhealthy is stopped by the agent and its task fails with `task: non-zero exit (N): dockerexec:
unhealthy container`. The service's RestartPolicy then decides: `any` restarts after every end,
`on-failure` after a failure only, `none` never; a replacement task for the slot (or the node,
in global mode) starts `delay` after the end, at most `max attempts` times when that is set.

The supervisor runs when the manager is asked something (every `service`/`node` command), so
the state is played out up to then. A replacement's container starts at that moment (# est.:
its task's timestamps are the due time, the container's the moment the manager looked).
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.engine._base import EngineBase
from dockersim.model.health import UNHEALTHY
from dockersim.model.service import Service, Task

UNHEALTHY_ERROR = "dockerexec: unhealthy container"


class ServiceRestartOps(EngineBase):
    def service_supervise(self) -> None:
        """Report stopped task containers, then start the restarts that are due."""
        state = self.engine.swarm_state
        tasks = state.get("tasks", {})
        if not tasks:
            return
        ended: list[Task] = []
        engine = self.engine
        for data in list(tasks.values()):
            if data["state"] != "running" or data["desired"] != "running" or not data["host"]:
                continue
            container = engine.node(data["host"]).container_by_id(data.get("container_id", ""))
            if container is None or (container.state.running and container.state.health is None):
                continue  # the usual case, seen without reading the task
            done = self._task_end(Task.from_json(data))
            if done is not None:
                tasks[done.id] = done.to_json()
                ended.append(done)
        services = state.get("services", {})
        for service_id in {t.service_id for t in ended} | _waiting(tasks):
            if service_id in services:
                self._restart_due(Service.from_json(services[service_id]))

    def _task_end(self, task: Task) -> Task | None:
        """The task as the agent reports it once its container is no longer running."""
        node = self.engine.node(task.node)
        container = node.container_by_id(task.container_id) if task.container_id else None
        if container is None:
            return None
        health = container.state.health
        unhealthy = container.state.running and health is not None and health.status == UNHEALTHY
        if unhealthy:
            node.container_stop(container.id)
        elif container.state.running:
            return None
        code = container.state.exit_code
        when = container.state.finished_at or self.now
        if unhealthy:
            error = f"task: non-zero exit ({code}): {UNHEALTHY_ERROR}"
        elif code:
            error = f"task: non-zero exit ({code})"
        else:
            error = ""
        return attrs.evolve(
            task,
            state="failed" if error else "complete",
            desired="shutdown",
            since=when,
            error=error,
        )

    def _restart_due(self, service: Service) -> None:
        """restart.go shouldRestart and the delayed start of a slot's replacement."""
        condition, delay, attempts = service.restart
        tasks = [
            Task.from_json(t)
            for t in self.engine.swarm_state["tasks"].values()
            if t["service_id"] == service.id
        ]
        slots: dict[Any, list[Task]] = {}
        for task in tasks:
            key = task.slot if service.mode == "replicated" else task.node
            slots.setdefault(key, []).append(task)
        for key, history in sorted(slots.items(), key=lambda kv: str(kv[0])):
            if any(t.desired == "running" for t in history):
                continue
            if service.mode == "replicated" and int(key) > service.replicas:
                continue
            last = max(history, key=lambda t: (t.since, t.created))
            if last.state not in ("failed", "complete") or condition == "none":
                continue
            if condition == "on-failure" and last.state == "complete":
                continue
            ended = sum(1 for t in history if t.state in ("failed", "complete"))
            if attempts and ended > attempts:
                continue
            due = last.since + delay
            if due > self.now:
                continue
            if service.mode == "replicated":
                node = self.engine.service_pick_node(service)
                self.engine.service_start_task(service, int(key), node, at=due)
            elif key in self.engine.service_eligible_nodes(service):
                self.engine.service_start_task(service, 0, str(key), at=due)


def _waiting(tasks: dict[str, Any]) -> set[str]:
    """Services with an ended task whose slot has no task to run (a restart may be due)."""
    running = {
        (t["service_id"], t["slot"], t["host"] if not t["slot"] else "")
        for t in tasks.values()
        if t["desired"] == "running"
    }
    return {
        t["service_id"]
        for t in tasks.values()
        if t["state"] in ("failed", "complete")
        and (t["service_id"], t["slot"], t["host"] if not t["slot"] else "") not in running
    }
