"""The network graph: hosts, networks and containers as networkx nodes, attachments as edges.

Edges carry the endpoint's IP, MAC, aliases and DNS names. The graph is an index derived from
the world (which stays the source of truth and is what gets saved); it is rebuilt when the
networks change and answers "which networks do these two share", "who has this address" and
"what does this name resolve to on my networks" without scanning every container.

Those everyday questions are answered from plain dictionaries filled in the same pass; the
networkx graph itself (`NetGraph.graph`) is built on first use, so a command that only
resolves a name does not pay networkx's import (about 0.15 s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersim.model.network import Endpoint, Network

if TYPE_CHECKING:
    from dockersim.engine.world import World
    from dockersim.model.container import Container


def _ctr(container_id: str) -> tuple[str, str]:
    return ("ctr", container_id)


def _net(network_id: str) -> tuple[str, str]:
    return ("net", network_id)


class NetGraph:
    def __init__(
        self,
        world: World,
        networks: Mapping[str, Network] | None = None,
        containers: Mapping[str, Container] | None = None,
    ) -> None:
        self.world = world
        self.networks = dict(networks if networks is not None else world.networks)
        self.containers = containers if containers is not None else world.containers
        self.by_ip: dict[str, tuple[str, str]] = {}
        self.gateways: dict[str, str] = {}
        self.names: dict[str, dict[str, list[str]]] = {}
        #: container ID -> the networks it is attached to (the graph's container neighbours)
        self.attached: dict[str, list[str]] = {}
        self._graph: Any = None
        for network in self.networks.values():
            if network.gateway:
                self.gateways[network.gateway] = network.id
            table: dict[str, list[str]] = {}
            for container_id, endpoint in network.endpoints.items():
                container = self.containers.get(container_id)
                if container is None:
                    continue
                names = [container.display_name, *endpoint.aliases]
                self.attached.setdefault(container_id, []).append(network.id)
                if endpoint.ip:
                    self.by_ip[endpoint.ip] = (container_id, network.id)
                if network.user_defined:
                    for name in names:
                        table.setdefault(name, []).append(endpoint.ip)
            self.names[network.id] = table

    @property
    def graph(self) -> Any:
        """The networkx graph: a host node, network nodes and container nodes; edges from the
        host to its bridge networks, and from each container to its networks (with the
        endpoint's ip, mac, aliases and the DNS names it answers to there)."""
        if self._graph is None:
            import networkx as nx

            graph = nx.Graph()
            host = ("host", self.world.node_name)
            graph.add_node(host, kind="host")
            for network in self.networks.values():
                graph.add_node(_net(network.id), kind="network", network=network)
                if network.driver != "overlay":
                    graph.add_edge(host, _net(network.id), kind="bridge")
                for container_id, endpoint in network.endpoints.items():
                    container = self.containers.get(container_id)
                    if container is None:
                        continue
                    names = [container.display_name, *endpoint.aliases]
                    graph.add_node(_ctr(container_id), kind="container")
                    graph.add_edge(
                        _ctr(container_id),
                        _net(network.id),
                        ip=endpoint.ip,
                        mac=endpoint.mac,
                        aliases=list(endpoint.aliases),
                        dns=names if network.user_defined else [],
                    )
            self._graph = graph
        return self._graph

    def networks_of(self, container_id: str) -> list[str]:
        return list(self.attached.get(container_id, ()))

    def share_network(self, a: str, b: str) -> bool:
        return bool(set(self.networks_of(a)) & set(self.networks_of(b)))

    def container_at(self, address: str) -> Container | None:
        found = self.by_ip.get(address)
        return self.containers.get(found[0]) if found else None

    def gateway_owner(self, address: str) -> str | None:
        return self.gateways.get(address)

    def dns(self, container_id: str, name: str) -> list[str]:
        """Embedded DNS (127.0.0.11): only on user-defined networks the source is on."""
        answers: list[str] = []
        for network_id in self.networks_of(container_id):
            for ip in self.names.get(network_id, {}).get(name, []):
                if ip and ip not in answers:
                    answers.append(ip)
        return answers

    def endpoints_of(self, container_id: str) -> list[tuple[Network, Endpoint]]:
        out = []
        for network_id in sorted(self.networks_of(container_id), key=self._attach_order):
            network = self.networks[network_id]
            out.append((network, network.endpoints[container_id]))
        return out

    def _attach_order(self, network_id: str) -> str:
        network = self.networks[network_id]
        return f"{network.created:020.6f}{network.name}"
