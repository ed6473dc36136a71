"""Swarm nodes: `node inspect/update/promote/demote/rm`, a node that fails or leaves, and the
orchestrator moving tasks off nodes that can no longer run them (moby daemon/cluster
nodes.go, helpers.go getNode; swarmkit controlapi/node.go, orchestrator/replicated and
orchestrator/global, scheduler/filter.go ReadyFilter).

A node is kept in the swarm state by hostname: `status` "Ready" or "Down", `availability`
"Active", "Pause" or "Drain", `labels`. Draining a node shuts its tasks down (their containers
stopped) and the orchestrator starts replacements elsewhere; a node that is down cannot report,
so its tasks keep their last state with desired state shutdown while replacements start;
pausing a node keeps its tasks and takes no new ones.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.model.service import Service, Task

AVAILABILITY = {"active": "Active", "pause": "Pause", "drain": "Drain"}


class NodeOps(EngineBase):
    def node_get(self, ref: str) -> dict[str, Any]:
        """helpers.go getNode: full ID, then hostname, then a unique ID prefix."""
        self.engine._require_manager()
        nodes = list(self.engine.swarm_state["nodes"].values())
        for match in (
            [n for n in nodes if n["id"] == ref],
            [n for n in nodes if n["hostname"] == ref],
            [n for n in nodes if ref and n["id"].startswith(ref)],
        ):
            if len(match) == 1:
                return dict(match[0])
            if len(match) > 1:
                raise errors.node_ambiguous(ref, len(match))
        raise errors.node_not_found(ref)

    def node_update(
        self,
        ref: str,
        *,
        availability: str | None = None,
        role: str | None = None,
        label_add: tuple[str, ...] = (),
        label_rm: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """`POST /nodes/{id}/update`: the new spec, then the orchestrator reacts."""
        found = self.node_get(ref)
        if availability is not None and availability not in AVAILABILITY:
            raise errors.node_bad_availability(availability)
        if role is not None and role not in ("worker", "manager"):
            raise errors.node_bad_role(role)
        nodes = self.engine.swarm_state["nodes"]
        if role == "worker" and found["role"] == "manager":
            managers = [n for n in nodes.values() if n["role"] == "manager"]
            if len(managers) == 1:
                raise errors.node_last_manager()
        node = nodes[found["hostname"]]
        node["updated"] = self.now
        node["updates"] = int(node.get("updates", 0)) + 1
        if availability is not None:
            node["availability"] = AVAILABILITY[availability]
        if role is not None and role != node["role"]:
            node["role"] = role
            if role == "worker" and node.get("leader"):
                node["leader"] = False
                others = sorted(n for n, v in nodes.items() if v["role"] == "manager")
                nodes[others[0]]["leader"] = True
        if label_add or label_rm:
            labels = dict(node.get("labels", {}))
            for key in label_rm:
                labels.pop(key, None)
            for item in label_add:
                key, _, value = item.partition("=")
                labels[key] = value
            node["labels"] = labels
        self.node_reconcile()
        return dict(node)

    def node_remove(self, ref: str, force: bool = False) -> None:
        """controlapi/node.go RemoveNode: a manager must be demoted first; a node that is not
        down needs `--force`. Its tasks are left to the orchestrator."""
        found = self.node_get(ref)
        if found["role"] == "manager":
            raise errors.node_remove_manager(found["id"])
        if found["status"] != "Down" and not force:
            raise errors.node_remove_not_down(found["id"])
        node = self.engine.node(found["hostname"])
        del self.engine.swarm_state["nodes"][found["hostname"]]
        if not found.get("left"):  # forced out: the node's daemon leaves the swarm too
            node.swarm_forget_tasks()
        self.node_reconcile()

    def node_fail(self, hostname: str) -> None:
        """The node stops answering (its machine went down): the managers mark it Down."""
        nodes = self.engine.swarm_state.get("nodes", {})
        if hostname not in nodes:
            raise errors.node_not_found(hostname)
        nodes[hostname]["status"] = "Down"
        self.node_reconcile()

    def node_reconcile(self) -> None:
        """The orchestrators after a node change: tasks on a node that is down or drained are
        shut down and replaced; pending tasks are placed once a node suits them."""
        engine = self.engine
        state = engine.swarm_state
        nodes = state.get("nodes", {})
        for data in list(state.get("tasks", {}).values()):
            if data["desired"] != "running" or not data["host"]:
                continue
            node = nodes.get(data["host"])
            task = Task.from_json(data)
            if node is None or node["status"] == "Down":
                # the node cannot report: the task keeps its last known state
                state["tasks"][task.id] = attrs.evolve(task, desired="shutdown").to_json()
            elif node["availability"] == "Drain":
                engine._shut_down(task, self.now)
        self._place_pending()
        for data in list(state.get("services", {}).values()):
            service = Service.from_json(data)
            if service.mode == "global":
                self._global_off_constraint(service)
            engine._converge(service)

    def _place_pending(self) -> None:
        engine = self.engine
        state = engine.swarm_state
        for data in list(state.get("tasks", {}).values()):
            if data["state"] != "pending" or data["desired"] != "running":
                continue
            service = Service.from_json(state["services"][data["service_id"]])
            node = engine._pick_node(service)
            if node:
                del state["tasks"][data["id"]]
                engine._start_task(service, int(data["slot"]), node, task_id=str(data["id"]))

    def _global_off_constraint(self, service: Service) -> None:
        engine = self.engine
        eligible = set(engine._eligible_nodes(service))
        for data in list(engine.swarm_state["tasks"].values()):
            if (
                data["service_id"] == service.id
                and data["desired"] == "running"
                and data["host"] not in eligible
            ):
                engine._shut_down(Task.from_json(data), self.now)

    def swarm_forget_tasks(self) -> None:
        """daemon/cluster/swarm.go Leave: this node's task containers are force-removed."""
        node_id = self.engine.service_node_id(self.world.node_name)
        for container in list(self.world.containers.values()):
            labels = container.config.labels
            if node_id and labels.get("com.docker.swarm.node.id") == node_id:
                self.engine.container_remove(container.id, force=True)
