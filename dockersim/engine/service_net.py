"""Service discovery and load balancing in swarm mode (moby libnetwork service_common.go,
resolver.go; swarmkit manager/allocator network.go).

- A service in `vip` endpoint mode gets one virtual IP on each of its networks, and on the
  `ingress` network when it publishes a port through the routing mesh; the allocator takes it
  from the network's pool like a task's address, so containers joining the overlay later skip
  it (`Endpoint.VirtualIPs` in `service inspect`, saved in the service).
- Embedded DNS on those networks: the service's name answers its VIP (`dnsrr`: the tasks'
  addresses), `tasks.<name>` the addresses of its running tasks.
- A connection to a VIP, or to a port published through the ingress network on any node of the
  swarm, is balanced round-robin over the running tasks (IPVS): the turn is saved in the swarm
  state (`balance`) so successive commands reach successive tasks.
- `mode=host` ports are bound on the node of each task only (the task's container publishes
  them), and the scheduler keeps two such tasks off one node (HostPortFilter).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from dockersim.engine._base import EngineBase
from dockersim.model.service import Service
from dockersim.model.tables import lowest_free_ip

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.network import Network


class ServiceNetOps(EngineBase):
    # --- virtual IPs ------------------------------------------------------------------------
    def service_vip_networks(self, service: Service) -> list[Network]:
        """The networks a service needs a VIP on: `ingress` first when a port is published
        through the mesh, then its own networks in order (# est.: the allocator's order)."""
        if service.endpoint_mode != "vip":
            return []
        overlays = self.engine.cluster_overlays()
        by_name = {n.name: n for n in overlays.values()}
        out: list[Network] = []
        if any(p.mode == "ingress" for p in service.ports):
            ingress = next((n for n in overlays.values() if n.ingress), None)
            if ingress is not None:
                out.append(ingress)
        for name in service.networks:
            network = by_name.get(name)
            if network is not None and network not in out:
                out.append(network)
        return out

    def service_allocate_vips(self, service: Service) -> Service:
        """The service with a VIP on each network that needs one (kept when it has it)."""
        import attrs

        have = dict(service.vips)
        wanted: list[tuple[str, str]] = []
        for network in self.service_vip_networks(service):
            addr = have.get(network.id)
            if not addr:
                ip = self.overlay_free_ip(network, exclude_service=service.id)
                prefix = network.subnet.split("/")[1]
                addr = f"{ip}/{prefix}" if ip else ""
            if addr:
                wanted.append((network.id, addr))
        if tuple(wanted) == service.vips:
            return service
        return attrs.evolve(service, vips=tuple(wanted))

    def swarm_vips(self, network_id: str, exclude_service: str = "") -> list[str]:
        """The addresses the services' VIPs hold on an overlay network."""
        out: list[str] = []
        for data in self.engine.swarm_state.get("services", {}).values():
            if data["id"] == exclude_service:
                continue
            for net, addr in data.get("vips", ()):
                if net == network_id:
                    out.append(str(addr).partition("/")[0])
        return out

    def overlay_free_ip(self, network: Network, exclude_service: str = "") -> str:
        """The lowest address of an overlay no endpoint, gateway or VIP holds."""
        taken = [e.ip for e in network.endpoints.values() if e.ip]
        taken += [network.gateway, *self.swarm_vips(network.id, exclude_service)]
        subnet = ipaddress.IPv4Network(network.subnet)
        ip_range = ipaddress.IPv4Network(network.ip_range) if network.ip_range else None
        return lowest_free_ip(subnet, taken, ip_range) or ""

    # --- DNS --------------------------------------------------------------------------------
    def service_dns(self, container_id: str, name: str) -> list[str] | None:
        """The embedded DNS's answer for a service name on the source's overlays (None: the
        name is not a service's there, ask the containers' table)."""
        services = self.engine.swarm_state.get("services")
        if not services:
            return None
        wanted = name[len("tasks.") :] if name.startswith("tasks.") else name
        wanted = wanted.rstrip(".")
        attached = set(self.engine.graph().networks_of(container_id))
        overlays = self.engine.cluster_overlays()
        for data in services.values():
            if wanted not in (data["name"], _stack_alias(data)):
                continue
            service = Service.from_json(data)
            for net_name in service.networks:
                network = next((n for n in overlays.values() if n.name == net_name), None)
                if network is None or network.id not in attached:
                    continue
                if name.startswith("tasks.") or service.endpoint_mode == "dnsrr":
                    return [ip for _c, ip in self._task_endpoints(service, network)]
                vip = dict(service.vips).get(network.id, "")
                return [vip.partition("/")[0]] if vip else []
        return None

    def _task_endpoints(self, service: Service, network: Network) -> list[tuple[Container, str]]:
        """(container, address) of the service's running tasks on `network`, by address."""
        out: list[tuple[Container, str]] = []
        for data in self.engine.swarm_state.get("tasks", {}).values():
            if data["service_id"] != service.id or data["state"] != "running":
                continue
            if data["desired"] != "running" or not data.get("container_id"):
                continue
            container = self.engine.node(data["host"]).world.containers.get(data["container_id"])
            if container is None or not container.state.running:
                continue
            endpoint = network.endpoints.get(container.id)
            out.append((container, endpoint.ip if endpoint is not None else ""))
        out.sort(key=lambda item: ipaddress.IPv4Address(item[1] or "0.0.0.0"))
        return out

    # --- load balancing ---------------------------------------------------------------------
    def _next_turn(self, count: int) -> int:
        state = self.engine.swarm_state
        turn = int(state.get("balance", 0))
        state["balance"] = turn + 1
        return turn % count

    def service_vip_route(self, address: str, source_networks: set[str]) -> Container | None:
        """The task a connection to a service's VIP reaches (None: not a VIP there)."""
        for data in self.engine.swarm_state.get("services", {}).values():
            for net, addr in data.get("vips", ()):
                if str(addr).partition("/")[0] != address or net not in source_networks:
                    continue
                network = self.engine.cluster_overlays().get(net)
                service = Service.from_json(data)
                tasks = self._task_endpoints(service, network) if network is not None else []
                return tasks[self._next_turn(len(tasks))][0] if tasks else None
        return None

    def ingress_route(self, port: int, protocol: str = "tcp") -> tuple[Container, int] | None:
        """The routing mesh on this node: a task of the service that publishes `port` through
        `ingress`, and the target port (None: no such service, or not a swarm member)."""
        if not self.engine.swarm_active():
            return None
        for data in self.engine.swarm_state.get("services", {}).values():
            for item in data.get("ports", ()):
                if (
                    int(item["PublishedPort"]) != port
                    or item.get("PublishMode", "ingress") != "ingress"
                    or item.get("Protocol", "tcp") != protocol
                ):
                    continue
                service = Service.from_json(data)
                ingress = next(
                    (n for n in self.engine.cluster_overlays().values() if n.ingress), None
                )
                if ingress is None:
                    return None
                tasks = self._task_endpoints(service, ingress)
                if not tasks:
                    return None
                return tasks[self._next_turn(len(tasks))][0], int(item["TargetPort"])
        return None


def _stack_alias(data: dict[str, Any]) -> str:
    """A stack's service answers to its name in the Compose file too (docker/cli
    compose/convert/service.go convertServiceNetworks adds it to the attachment's aliases)."""
    namespace = str(data.get("labels", {}).get("com.docker.stack.namespace", ""))
    name = str(data["name"])
    return name[len(namespace) + 1 :] if namespace and name.startswith(namespace + "_") else ""


def host_port_publish(service: Service) -> tuple[tuple[str, int, int, str], ...]:
    """The `-p` bindings a task's container gets for the service's host-mode ports."""
    return tuple(("", p.published, p.target, p.protocol) for p in service.ports if p.mode == "host")


def host_port_busy(
    service: Service, node_tasks: list[dict[str, Any]], services: dict[str, Any]
) -> bool:
    """HostPortFilter: a task of another (or this) service on the node holds one of the
    service's host-mode published ports."""
    wanted = {(p.published, p.protocol) for p in service.ports if p.mode == "host"}
    if not wanted:
        return False
    for data in node_tasks:
        other = services.get(data["service_id"])
        if other is None:
            continue
        for item in other.get("ports", ()):
            if (
                item.get("PublishMode") == "host"
                and (
                    int(item["PublishedPort"]),
                    item.get("Protocol", "tcp"),
                )
                in wanted
            ):
                return True
    return False
