"""The scheduler (swarmkit manager/scheduler: pipeline.go's filters in order, filter.go's
explanations, scheduler.go nodeLess), split from engine/services.py.

The filters: ReadyFilter (Ready and Active nodes), ResourceFilter (reservations against the
node's CPUs and memory, less what running tasks reserve), ConstraintFilter, HostPortFilter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dockersim.engine._base import EngineBase
from dockersim.model.service import Service


class SchedulerOps(EngineBase):
    def service_pick_node(self, service: Service) -> str:
        return self._pick_node(service)

    def service_eligible_nodes(self, service: Service) -> list[str]:
        return self._eligible_nodes(service)

    def _eligible_nodes(self, service: Service | None = None) -> list[str]:
        """The nodes swarmkit's pipeline lets through: Ready and Active (ReadyFilter), then the
        service's placement constraints (ConstraintFilter)."""
        return self._filter_nodes(service)[0]

    def _filter_nodes(self, service: Service | None) -> tuple[list[str], str]:
        """(eligible hostnames, scheduler.Pipeline.Explain of the others)."""
        from dockersim.engine.service_net import host_port_busy
        from dockersim.model.constraints import matches

        state = self.engine.swarm_state
        nodes = state.get("nodes", {})
        by_node: dict[str, list[dict[str, Any]]] = {}
        if service is not None and any(p.mode == "host" for p in service.ports):
            # a global service's own task on a node is the one it keeps there
            own = service.id if service.mode == "global" else ""
            for data in state.get("tasks", {}).values():
                if data["desired"] == "running" and data["host"] and data["service_id"] != own:
                    by_node.setdefault(data["host"], []).append(data)
        eligible: list[str] = []
        not_ready = unmatched = busy = short = 0
        reserved = self._reserved(service) if service and any(service.reservations) else {}
        for name in sorted(nodes):
            node = nodes[name]
            if node.get("availability") != "Active" or node.get("status") != "Ready":
                not_ready += 1
            elif service is not None and not _fits(service.reservations, reserved.get(name)):
                short += 1
            elif service is not None and not matches(service.constraints, node):
                unmatched += 1
            elif service is not None and host_port_busy(
                service, by_node.get(name, []), state.get("services", {})
            ):
                busy += 1
            else:
                eligible.append(name)
        reasons = [
            (unmatched, f"scheduling constraints not satisfied on {_nodes(unmatched)}"),
            (not_ready, f"{_nodes(not_ready)} not available for new tasks"),
            (busy, f"host-mode port already in use on {_nodes(busy)}"),
            (short, f"insufficient resources on {_nodes(short)}"),
        ]
        reasons.sort(key=lambda r: -r[0])
        return eligible, "; ".join(text for count, text in reasons if count)

    def _reserved(self, service: Service) -> dict[str, tuple[int, int]]:
        """What the running tasks already reserve on each node (ResourceFilter's view)."""
        services = self.engine.swarm_state.get("services", {})
        out: dict[str, tuple[int, int]] = {}
        for data in self.engine.swarm_state.get("tasks", {}).values():
            other = services.get(data["service_id"])
            if data["desired"] != "running" or not data["host"] or not other:
                continue
            cpu, mem = other.get("reservations") or (0, 0)
            have = out.get(data["host"], (0, 0))
            out[data["host"]] = (have[0] + int(cpu), have[1] + int(mem))
        return out

    def _placement(self, service: Service) -> Placement:
        """`_pick_node` for a run of placements of one service (a scale to 100 places 99
        tasks): the filters and the task counts taken once, then kept up to date as tasks
        land. Host-mode ports and reservations change what suits a node with every task
        placed, so those services ask `_pick_node` each time."""
        if any(p.mode == "host" for p in service.ports) or any(service.reservations):
            return Placement(lambda: self._pick_node(service))
        eligible = self._eligible_nodes(service)
        mine, every = self._running_counts(service, eligible)
        return Placement(None, eligible, mine, every)

    def _running_counts(
        self, service: Service, eligible: list[str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Running tasks on each eligible node: this service's, and all services'."""
        mine: dict[str, int] = dict.fromkeys(eligible, 0)
        every: dict[str, int] = dict.fromkeys(eligible, 0)
        for t in self.engine.swarm_state["tasks"].values():
            if t["desired"] == "running" and t["host"] in every:
                every[t["host"]] += 1
                if t["service_id"] == service.id:
                    mine[t["host"]] += 1
        return mine, every

    def _pick_node(self, service: Service) -> str:
        """scheduler.go nodeLess: fewest tasks of this service, then fewest tasks in all; the
        order among equals is swarmkit's heap order, taken here as the hostnames' (# est.).
        "" when no node is suitable."""
        eligible = self._eligible_nodes(service)
        if not eligible:
            return ""
        mine, every = self._running_counts(service, eligible)
        return min(eligible, key=lambda n: (mine[n], every[n], n))


class Placement:
    """Picks nodes as nodeLess orders them; `placed` counts a task that landed."""

    def __init__(
        self,
        ask: Callable[[], str] | None,
        eligible: list[str] | None = None,
        mine: dict[str, int] | None = None,
        every: dict[str, int] | None = None,
    ) -> None:
        self._ask = ask
        self._eligible = eligible or []
        self._mine = mine or {}
        self._every = every or {}

    def pick(self) -> str:
        if self._ask is not None:
            return self._ask()
        if not self._eligible:
            return ""
        mine, every = self._mine, self._every
        return min(self._eligible, key=lambda n: (mine[n], every[n], n))

    def placed(self, node: str, running: bool) -> None:
        if self._ask is None and running and node in self._every:
            self._every[node] += 1
            self._mine[node] += 1


def _fits(wanted: tuple[int, int], used: tuple[int, int] | None) -> bool:
    """scheduler/filter.go ResourceFilter.Check against a node's CPUs and memory."""
    from dockersim.model.host import HOST_CPUS, HOST_MEMORY

    cpu, mem = used or (0, 0)
    return cpu + wanted[0] <= HOST_CPUS * 10**9 and mem + wanted[1] <= HOST_MEMORY


def _nodes(count: int) -> str:
    return "1 node" if count == 1 else f"{count} nodes"
