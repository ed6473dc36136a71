"""Several hosts and a swarm: `swarm init/join/leave`, `node ls`, overlay networks across hosts.

The engine a user first talks to is one host ("dockersim" unless a scenario names it); other
hosts are engines of their own, created on first use and saved inside the first one's world.
They share the virtual clock, the registries and the swarm. Overlay networks belong to the
swarm: every member host sees the same network object, so containers on different hosts that
join it get addresses from one pool and resolve each other by name.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import World
from dockersim.model.container import Container
from dockersim.model.network import Network

if TYPE_CHECKING:
    from dockersim.engine import Engine

ENGINE_VERSION = "29.1.3"


def _swarm_id(seed: str, *parts: str) -> str:
    digest = hashlib.sha256(":".join((seed, *parts)).encode()).hexdigest()
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    number = int(digest, 16)
    out = ""
    while len(out) < 25:
        number, rest = divmod(number, 36)
        out += alphabet[rest]
    return out


class ClusterOps(EngineBase):
    _nodes: dict[str, Engine]
    _primary: Engine | None

    # --- hosts ---------------------------------------------------------------------------
    @property
    def node_name(self) -> str:
        return self.world.node_name

    @property
    def primary(self) -> Engine:
        primary = self.__dict__.get("_primary")
        return primary if primary is not None else self  # type: ignore[return-value]

    def node(self, name: str | None) -> Engine:
        """The engine of host `name` (created on first use); None or this host: itself."""
        if not name or name == self.world.node_name:
            return self  # type: ignore[return-value]
        primary = self.primary
        if name == primary.world.node_name:
            return primary
        cache: dict[str, Engine] = primary.__dict__.setdefault("_nodes", {})
        engine = cache.get(name)
        if engine is None:
            from dockersim.engine import Engine

            world = primary.world.nodes.get(name)
            if world is None:
                world = World(seed=primary.world.seed + len(primary.world.nodes) + 1)
                world.node_name = name
                world.now = primary.world.now
                primary.world.nodes[name] = world
            engine = Engine(seed=world.seed, catalog=primary.__dict__.get("_catalog"))
            engine.world = world
            engine.__dict__["_primary"] = primary
            engine.ensure_default_networks()
            cache[name] = engine
        engine.world.now = max(engine.world.now, primary.world.now)
        return engine

    def cap_hit(self) -> str:
        """The first cap of the simulated machine a program ran into (the disk, a layer, a
        file, a process's memory, the logs: `Quota.hits`), on any host of the world, or ""."""
        primary = self.primary
        for name in ["", *sorted(primary.world.nodes)]:
            hits = primary.node(name).quota.hits
            if hits:
                return hits[0]
        return ""

    def _all_worlds(self) -> list[World]:
        primary = self.primary
        return [primary.world, *primary.world.nodes.values()]

    def engine_of(self, container_id: str) -> Engine:
        primary = self.primary
        if container_id in primary.world.containers:
            return primary
        for name, world in primary.world.nodes.items():
            if container_id in world.containers:
                return primary.node(name)
        return self  # type: ignore[return-value]

    def cluster_overlays(self) -> dict[str, Network]:
        return self.primary.world.overlays

    def all_containers(self) -> dict[str, Container]:
        if not self.primary.world.nodes:
            return self.world.containers
        merged: dict[str, Container] = {}
        for world in self._all_worlds():
            merged.update(world.containers)
        return merged

    # --- swarm ---------------------------------------------------------------------------------
    @property
    def swarm_state(self) -> dict[str, Any]:
        return self.primary.world.swarm

    def swarm_active(self) -> bool:
        node = self.swarm_state.get("nodes", {}).get(self.node_name)
        return node is not None and not node.get("left")

    def is_manager(self) -> bool:
        node = self.swarm_state.get("nodes", {}).get(self.node_name)
        return bool(node) and node.get("role") == "manager"

    def swarm_init(self, advertise: str = "") -> dict[str, str]:
        if self.swarm_active():
            raise errors.swarm_already_member()
        seed = str(self.primary.world.seed)
        state = self.swarm_state
        state.clear()
        cluster = _swarm_id(seed, "cluster")
        state.update(
            {
                "id": cluster,
                "addr": advertise or "192.168.65.3",
                "worker_token": f"SWMTKN-1-{_swarm_id(seed, 'root')}{_swarm_id(seed, 'root2')}"
                f"{_swarm_id(seed, 'rt')[:0]}-{_swarm_id(seed, 'worker')}",
                "manager_token": f"SWMTKN-1-{_swarm_id(seed, 'root')}{_swarm_id(seed, 'root2')}"
                f"-{_swarm_id(seed, 'manager')}",
                "nodes": {},
            }
        )
        self._add_node("manager", leader=True)
        self._ensure_swarm_networks(owner=True)
        return {"node_id": state["nodes"][self.node_name]["id"], **state}

    def swarm_join(self, token: str, address: str) -> str:
        state = self.swarm_state
        if self.swarm_active():
            raise errors.swarm_already_member()
        if not state or token not in (state.get("worker_token"), state.get("manager_token")):
            raise errors.swarm_invalid_token()
        role = "manager" if token == state.get("manager_token") else "worker"
        self._add_node(role)
        self._ensure_swarm_networks(owner=False)
        return role

    def swarm_leave(self, force: bool = False) -> None:
        state = self.swarm_state
        if not self.swarm_active():
            raise errors.swarm_not_member()
        if self.is_manager() and not force:
            raise errors.swarm_manager_leave()
        # daemon/cluster/swarm.go Leave: the node's task containers are force-removed; the
        # managers see the node Down (it stays in `node ls` until `node rm`) and reschedule
        self.engine.swarm_forget_tasks()
        node = state["nodes"][self.node_name]
        node.update(status="Down", left=True)
        if node["role"] == "manager":
            node.update(role="worker", leader=False)  # est.: a forced leave of a manager
            managers = sorted(n for n, v in state["nodes"].items() if v["role"] == "manager")
            if managers:
                state["nodes"][managers[0]]["leader"] = True
        if not any(not n.get("left") for n in state["nodes"].values()):
            state["nodes"].clear()
        else:
            self.engine.node_reconcile()
        for network in [n for n in self.world.networks.values() if n.name == "docker_gwbridge"]:
            del self.world.networks[network.id]
        if not state["nodes"]:
            state.clear()
            overlays = self.primary.world.overlays
            overlays.clear()

    def _add_node(self, role: str, leader: bool = False) -> None:
        seed = str(self.primary.world.seed)
        nodes = self.swarm_state["nodes"]
        base = str(self.swarm_state["addr"])
        head, _, last = base.rpartition(".")
        addr = base
        if not leader and last.isdigit():
            taken = {n.get("addr") for n in nodes.values() if n["hostname"] != self.node_name}
            number = int(last)
            while f"{head}.{number}" in taken:
                number += 1
            addr = f"{head}.{number}"
        nodes[self.node_name] = {
            "addr": addr,
            "id": _swarm_id(seed, "node", self.node_name),
            "role": role,
            "leader": leader,
            "hostname": self.node_name,
            "status": "Ready",
            "availability": "Active",
            "created": self.now,
        }

    def _ensure_swarm_networks(self, owner: bool) -> None:
        """Swarm mode adds `docker_gwbridge` on every node and the `ingress` overlay."""
        if not any(n.name == "docker_gwbridge" for n in self.world.networks.values()):
            self.engine.network_create("docker_gwbridge").options.update(
                {
                    "com.docker.network.bridge.enable_icc": "false",
                    "com.docker.network.bridge.enable_ip_masquerade": "true",
                    "com.docker.network.bridge.name": "docker_gwbridge",
                }
            )
        overlays = self.primary.world.overlays
        if not any(n.name == "ingress" for n in overlays.values()):
            ingress = Network(
                id=_swarm_id(str(self.primary.world.seed), "ingress"),
                name="ingress",
                driver="overlay",
                scope="swarm",
                subnet="10.0.0.0/24",
                gateway="10.0.0.1",
                ingress=True,
                created=self.now,
            )
            overlays[ingress.id] = ingress

    def node_list(self) -> list[dict[str, Any]]:
        if not self.swarm_active():
            raise errors.not_swarm_manager()
        if not self.is_manager():
            raise errors.swarm_worker()
        return sorted(self.swarm_state["nodes"].values(), key=lambda n: n["hostname"])
