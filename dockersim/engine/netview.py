"""What one process sees of the network: names, routes, who listens, and HTTP answers.

Answers come from the world's networks (a networkx graph of hosts, networks and containers, see
`graph.py`): a name resolves through Docker's embedded DNS only on user-defined networks (plus
`/etc/hosts`, `--link`); an address is reachable from a container that shares one of its
networks, from the host, or through a port published on the host; a reachable address that
nothing listens on refuses the connection; an unreachable one times out.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import attrs

from dockersim.model.container import Container

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.userland.programs.base import Ctx

LOCALHOST = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")


class Suspend(Exception):
    """A process asks about a moment past `NetView.present`, which has no answer yet (node's
    wait-port: the script waits there, to be run again then; engine/programs/node_wake.py)."""


@attrs.frozen
class Target:
    """Where a connection lands: a container (or the host) and the port it reaches there."""

    container: Container | None
    port: int
    address: str


@attrs.frozen
class Outcome:
    """`ok` (with a target), `refused`, `timeout` or `unresolved`."""

    status: str
    target: Target | None = None
    address: str = ""


@attrs.define
class NetView:
    engine: Engine
    source: Container | None  # None: the simulated host
    #: the moment the world is known at, for a process run ahead of the clock (a container's
    #: PID 1 runs to where it blocks when it starts): what it asks about a later moment has
    #: no answer yet (node_db's wait-port then waits to be run again; engine/runtime.py)
    present: float | None = None

    # --- names -------------------------------------------------------------------------------
    def resolve(self, name: str) -> list[str]:
        """IPv4 addresses for `name` as the source's resolver answers (empty: unknown)."""
        name = name.strip("[]")
        if name in ("localhost", "ip6-localhost"):
            return ["127.0.0.1"]
        try:
            ipaddress.ip_address(name)
            return [name]
        except ValueError:
            pass
        source = self.source
        if source is None:
            return ["127.0.1.1"] if name == "dockersim" else []
        if name in (source.config.hostname, source.display_name):
            own = self.engine.container_ip(source)
            return [own] if own else ["127.0.0.1"]
        for link in source.host_config.links:  # --link: an /etc/hosts entry
            target, _, alias = link.partition(":")
            if name in (target, alias or target):
                try:
                    other = self.engine.container_get(target)
                except Exception:  # a link to a removed container resolves to nothing
                    return []
                address = self.engine.container_ip(other)
                return [address] if address else []
        if self.engine.swarm_state.get("services"):
            answers = self.engine.service_dns(source.id, name)
            if answers is not None:
                return answers
        return self.engine.graph().dns(source.id, name)

    # --- connections -------------------------------------------------------------------------
    def connect(self, host: str, port: int) -> Outcome:
        addresses = self.resolve(host)
        if not addresses:
            return Outcome("unresolved")
        address = addresses[0]
        return self.connect_address(address, port)

    def connect_address(self, address: str, port: int) -> Outcome:
        engine = self.engine
        source = self.source
        host_side = source is None or source.host_config.network_mode == "host"
        if address in LOCALHOST or address.startswith("127."):
            if host_side:
                return self._host_port(port, address)
            return self._listening(source, port, address)
        graph = engine.graph()
        gateway_of = graph.gateway_owner(address)
        if gateway_of is not None:
            return self._host_port(port, address)
        container = graph.container_at(address)
        if container is None and source is not None and engine.swarm_state.get("services"):
            # a service's virtual IP: IPVS hands the connection to one of its tasks
            networks = set(graph.networks_of(source.id))
            container = engine.service_vip_route(address, networks)
            if container is not None:
                return self._listening(container, port, address)
        if container is None:
            return Outcome("timeout", address=address)
        if (
            not host_side
            and source is not None
            and not graph.share_network(source.id, container.id)
        ):
            return Outcome("timeout", address=address)
        return self._listening(container, port, address)

    def _host_port(self, port: int, address: str) -> Outcome:
        """The host's own port: a published container port, or a host-network container."""
        for container in self.engine.world.containers.values():
            if not container.state.running or container.state.paused:
                continue
            host_mode = container.host_config.network_mode == "host"
            if host_mode and port in self.engine.listening_ports(container):
                return Outcome("ok", Target(container, port, address), address)
            for host_ip, host_port, container_port, proto in container.ports:
                if host_port == port and proto == "tcp" and host_ip in ("", "0.0.0.0", address):
                    return self._listening(container, container_port, address)
        if self.engine.swarm_state.get("services"):
            # the routing mesh: a port published through `ingress` answers on every node
            routed = self.engine.ingress_route(port)
            if routed is not None:
                return self._listening(routed[0], routed[1], address)
        return Outcome("refused", address=address)

    def engine_for(self, container: Container) -> Engine:
        """The engine of the host the container runs on (overlay peers live elsewhere)."""
        owner: Engine = self.engine.engine_of(container.id)
        return owner

    def _listening(self, container: Container | None, port: int, address: str) -> Outcome:
        if container is None:
            return Outcome("refused", address=address)
        if container.state.paused:
            return Outcome("timeout", address=address)
        owner = self.engine_for(container)
        if container.state.running and port in owner.listening_ports(container):
            return Outcome("ok", Target(container, port, address), address)
        return Outcome("refused", address=address)

    def host_port_taken(self, port: int) -> bool:
        """Whether another process on the host already holds `port` (host networking only)."""
        source = self.source
        if source is None or source.host_config.network_mode != "host":
            return False
        for container in self.engine.world.containers.values():
            if container.id == source.id or not container.state.running:
                continue
            if container.host_config.network_mode == "host" and port in (
                self.engine.listening_ports(container)
            ):
                return True
            if any(p[1] == port for p in container.ports):
                return True
        return False

    def peer_address(self) -> str:
        """The address a server sees the source connect from (for access logs)."""
        if self.source is None:
            return "172.17.0.1"
        return self.engine.container_ip(self.source) or "127.0.0.1"

    def interfaces(self) -> list[tuple[str, str, int, str]]:
        """(name, address, prefix, mac) of eth0, eth1 ... (`ip addr`)."""
        source = self.source
        if source is None:
            return [("eth0", "10.0.2.15", 24, "52:54:00:12:34:56")]
        out = []
        for index, (network, endpoint) in enumerate(self.engine.graph().endpoints_of(source.id)):
            prefix = int(network.subnet.split("/")[1]) if network.subnet else 32
            out.append((f"eth{index}", endpoint.ip, prefix, endpoint.mac))
        return out


def view_of(ctx: Ctx) -> NetView | None:
    """The network view of the process a program runs in (None outside the engine)."""
    view = getattr(ctx.proc, "net", None)
    return view if isinstance(view, NetView) else None
