"""Networks: create/ls/inspect/rm/connect/disconnect/prune, endpoints, IPs and published ports.

Endpoints exist only while a container runs (libnetwork): an address is taken from its network
at start, lowest free first, and given back when the container stops. Published ports are bound
at start too; a host port another running container holds makes the start fail and leaves the
container `created` (lifecycle-moby.md §8).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.graph import NetGraph
from dockersim.errors import DockerError
from dockersim.model.container import Container
from dockersim.model.network import (
    EPHEMERAL_PORTS,
    GLOBAL_POOLS,
    LOCAL_POOLS,
    PREDEFINED,
    Endpoint,
    Network,
    first_free_subnet,
    mac_for,
)

if TYPE_CHECKING:
    from dockersim.engine.netview import NetView
    from dockersim.engine.programs.http import HttpResponse


_NETVIEW: list[type[NetView]] = []


def netview_class() -> type[NetView]:
    """engine/netview.py's NetView, imported on first use (not at engine import)."""
    if not _NETVIEW:
        from dockersim.engine.netview import NetView

        _NETVIEW.append(NetView)
    return _NETVIEW[0]


def _stable_id(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


class NetworkOps(EngineBase):
    # --- defaults -------------------------------------------------------------------------
    def ensure_default_networks(self) -> None:
        networks = self.world.networks
        if any(n.name == "bridge" for n in networks.values()):
            return
        seed = str(self.world.seed)
        defaults = [
            Network(
                _stable_id(seed, "bridge"),
                "bridge",
                "bridge",
                subnet="172.17.0.0/16",
                gateway="172.17.0.1",
                created=self.now,
                options={
                    "com.docker.network.bridge.default_bridge": "true",
                    "com.docker.network.bridge.enable_icc": "true",
                    "com.docker.network.bridge.enable_ip_masquerade": "true",
                    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                    "com.docker.network.bridge.name": "docker0",
                    "com.docker.network.driver.mtu": "1500",
                },
            ),
            Network(_stable_id(seed, "host"), "host", "host", created=self.now),
            Network(_stable_id(seed, "none"), "none", "null", created=self.now),
        ]
        for network in defaults:
            networks[network.id] = network

    # --- lookup ----------------------------------------------------------------------------
    def visible_networks(self) -> dict[str, Network]:
        """This host's networks plus the swarm's overlays when it is a member."""
        if not self.engine.swarm_state or not self.engine.swarm_active():  # (no swarm yet)
            return self.world.networks
        return {**self.world.networks, **self.engine.cluster_overlays()}

    def network_find(self, name: str) -> Network | None:
        """The network named exactly `name`, or None."""
        return next((n for n in self.world.networks.values() if n.name == name), None)

    def network_get(self, ref: str) -> Network:
        """Full ID, exact name, then a unique ID prefix (daemon/network.go FindNetwork)."""
        networks = self.visible_networks()
        if ref in networks:
            return networks[ref]
        named = [n for n in networks.values() if n.name == ref]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise errors.network_ambiguous(ref, len(named), "name")
        prefixed = [n for n in networks.values() if n.id.startswith(ref)]
        if len(prefixed) == 1:
            return prefixed[0]
        if len(prefixed) > 1:
            raise errors.network_ambiguous(ref, len(prefixed), "ID prefix")
        raise errors.network_not_found(ref)

    # --- create / rm ------------------------------------------------------------------------
    def network_create(
        self,
        name: str,
        driver: str = "bridge",
        subnet: str = "",
        gateway: str = "",
        ip_range: str = "",
        internal: bool = False,
        attachable: bool = False,
        labels: Mapping[str, str] | None = None,
        options: Mapping[str, str] | None = None,
    ) -> Network:
        if name in PREDEFINED:
            raise errors.network_predefined(name)
        if any(n.name == name for n in self.visible_networks().values()):
            raise errors.network_exists(name)
        if driver not in ("bridge", "overlay", "macvlan", "ipvlan"):
            raise errors.network_driver_not_found(driver)
        if driver == "overlay" and not self.engine.swarm_active():
            raise errors.not_swarm_manager()
        if driver == "overlay" and not self.engine.is_manager():
            raise errors.overlay_from_worker()
        pools = GLOBAL_POOLS if driver == "overlay" else LOCAL_POOLS
        used = [
            ipaddress.IPv4Network(n.subnet) for n in self.visible_networks().values() if n.subnet
        ]
        if subnet:
            try:
                net = ipaddress.IPv4Network(subnet, strict=False)
            except ValueError:
                raise errors.invalid_subnet(subnet) from None
            if any(net.overlaps(other) for other in used):
                raise errors.pool_overlaps()
        else:
            found = first_free_subnet(pools, used)
            if found is None:
                raise errors.pools_exhausted()
            net = found
        if gateway and ipaddress.IPv4Address(gateway) not in net:
            raise errors.gateway_outside(gateway, str(net))
        network = Network(
            id=self.engine.new_id(),
            name=name,
            driver=driver,
            scope="swarm" if driver == "overlay" else "local",
            subnet=str(net),
            gateway=gateway or str(next(net.hosts())),
            ip_range=ip_range,
            internal=internal,
            attachable=attachable,
            labels=dict(labels or {}),
            options=dict(options or {}),
            created=self.now,
        )
        if driver == "overlay":
            self.bump_network_revision()
            self.engine.cluster_overlays()[network.id] = network
        else:
            self.bump_network_revision()
            self.world.networks[network.id] = network
        self.emit("network", "create", network.id, name=name, type=driver)
        return network

    def network_remove(self, ref: str) -> None:
        network = self.network_get(ref)
        if not network.user_defined:
            raise errors.network_predefined_remove(network.name)
        if network.endpoints:
            container_id, _ = next(iter(network.endpoints.items()))
            container = self.world.containers.get(container_id)
            name = container.display_name if container else container_id[:12]
            endpoint = network.endpoints[container_id]
            raise errors.network_active_endpoints(network.name, name, endpoint.endpoint_id[:12])
        self._drop_network(network)

    def _drop_network(self, network: Network) -> None:
        """The network goes (daemon DeleteNetwork), with its `destroy` event."""
        self.bump_network_revision()
        self.world.networks.pop(network.id, None)
        self.engine.cluster_overlays().pop(network.id, None)
        self.emit("network", "destroy", network.id, name=network.name, type=network.driver)

    def network_prune(self, filters: Mapping[str, Sequence[str]] | None = None) -> list[str]:
        """`POST /networks/prune`: unused user-defined networks the filters select; names."""
        from dockersim.engine.prunefilter import PruneFilter

        wanted = PruneFilter.parse("network", filters, self.now)
        removed = []
        for network in sorted(self.world.networks.values(), key=lambda n: n.name):
            if wanted.keeps(network.created, network.labels):
                continue
            if network.user_defined and not network.endpoints and not self._wanted_by(network):
                removed.append(network.name)
                self._drop_network(network)
        self.emit("network", "prune", "", reclaimed="0")  # prune.go: networks free no space
        return removed

    def _wanted_by(self, network: Network) -> bool:
        return any(network.name in c.networks for c in self.world.containers.values())

    # --- connect / disconnect --------------------------------------------------------------
    def network_connect(
        self, net_ref: str, container_ref: str, aliases: list[str] | None = None, ip: str = ""
    ) -> None:
        network = self.network_get(net_ref)
        container = self.engine.container_get(container_ref)
        mode = container.host_config.network_mode
        if mode == "none" or network.name == "none":
            raise errors.network_private_none()
        if mode == "host" or mode.startswith("container:") or network.name == "host":
            raise errors.network_shared_namespace()
        if network.name in container.networks:
            raise errors.network_already_connected(container.display_name, network.name)
        container.networks[network.name] = {"aliases": list(aliases or []), "ip": ip}
        if container.state.running:
            self._join(container, network)
            self._endpoint_event("connect", network, container)

    def network_disconnect(self, net_ref: str, container_ref: str, force: bool = False) -> None:
        network = self.network_get(net_ref)
        container = self.engine.container_get(container_ref)
        if network.name not in container.networks and container.id not in network.endpoints:
            raise errors.network_not_connected(container.id, network.name)
        container.networks.pop(network.name, None)
        self.bump_network_revision()
        if network.endpoints.pop(container.id, None) is not None:
            self._endpoint_event("disconnect", network, container)

    # --- endpoints and ports (called by the runtime) ----------------------------------------
    def net_up(self, container: Container) -> None:
        """At start: ports first (they can fail), then an endpoint on each network. Every
        network is found before any is joined, so a start that fails here leaves no endpoint
        behind (moby's failed start releases them: daemon/start.go Cleanup)."""
        self._bind_ports(container)
        joining: list[Network] = []
        for name in list(container.networks):
            network = self._find_by_name(name)
            if network is None:
                self._release_ports(container)
                raise errors.start_network_not_found(name)
            if (
                network.driver == "overlay"
                and not network.attachable
                and "com.docker.swarm.task.id" not in container.config.labels
            ):
                self._release_ports(container)
                raise errors.overlay_not_attachable(network.name)
            joining.append(network)
        for network in joining:
            if network.driver not in ("host", "null"):  # those have no address to give
                self._join(container, network)
            self._endpoint_event("connect", network, container)
        self._fs.pop(container.id, None)  # /etc/hosts follows the new address

    def net_down(self, container: Container) -> None:
        """At exit (before `die`: moby's Cleanup releases the sandbox first): each endpoint
        left, with a `disconnect` event per network, and the ports released."""
        self.bump_network_revision()
        container_id = container.id
        for name in container.networks:
            network = self._find_by_name(name)
            if network is not None:
                self._endpoint_event("disconnect", network, container)
        for network in self.visible_networks().values():
            endpoints = network.endpoints
            if container_id in endpoints:
                endpoints.pop(container_id)
        self._release_ports(container)

    def _endpoint_event(self, action: str, network: Network, container: Container) -> None:
        """moby LogNetworkEventWithAttributes: the network is the actor; `container` names the
        container that joined or left (only a running container's endpoints come and go)."""
        self.emit("network", action, network.id, container=container.id, name=network.name,
                  type=network.driver)  # fmt: skip

    def _find_by_name(self, name: str) -> Network | None:
        for network in self.visible_networks().values():
            if network.name == name or network.id == name:
                return network
        return None

    def _join(self, container: Container, network: Network) -> None:
        wanted = container.networks.get(network.name, {})
        aliases = [str(a) for a in wanted.get("aliases", []) or []]  # type: ignore[attr-defined]
        requested = str(wanted.get("ip", "") or "")
        if network.scope == "swarm" and not requested and self.engine.swarm_vips(network.id):
            ip = self.engine.overlay_free_ip(network)  # the services' VIPs are held too
        else:
            ip = network.allocate(requested)
        id_of = f"{container.id}:{network.id}:{self.world.counter}"  # (_stable_id, when read)
        if network.user_defined:
            aliases = [*aliases, container.id[:12]]
        self.bump_network_revision()
        network.endpoints[container.id] = Endpoint(
            container.id,
            ip,
            mac_for(ip) if ip else "",
            aliases,
            requested_ip=requested,
            id_of=id_of,
        )

    def _bind_ports(self, container: Container) -> None:
        requests = list(container.host_config.publish)
        if container.host_config.publish_all:  # -P: the exposed ports -p did not map
            mapped = {(port, proto) for _, _, port, proto in requests}
            for exposed in container.config.exposed_ports:
                number, _, kind = exposed.partition("/")
                if (int(number), kind or "tcp") not in mapped:
                    requests.append(("", 0, int(number), kind or "tcp"))
        containers = self.world.containers
        if container.host_config.network_mode in ("host", "none") or not requests:
            containers.bind_ports(container, [])
            return

        def others(host_port: int) -> list[tuple[str, int, int, str]]:
            """What the other running containers bound on `host_port` (the table's index)."""
            users = containers.port_users(host_port)
            return [b for key, held in users.items() if key != container.id for b in held]

        bound: list[tuple[str, int, int, str]] = []
        for host_ip, host_port, port, proto in requests:
            if host_port == 0:
                host_port = next(
                    p
                    for p in range(EPHEMERAL_PORTS[0], EPHEMERAL_PORTS[1] + 1)
                    if not others(p) and all(b[1] != p for b in bound)
                )
            clash = any(
                pr == proto and (not ip or not host_ip or ip == host_ip)
                for ip, _, _, pr in others(host_port)
            )
            if clash:
                raise errors.port_allocated(
                    container.display_name,
                    _stable_id(container.id, "ep")[:64],
                    host_ip or "0.0.0.0",
                    host_port,
                )
            bound.append((host_ip, host_port, port, proto))
        containers.bind_ports(container, bound)

    def _release_ports(self, container: Container) -> None:
        self.world.containers.bind_ports(container, [])

    def container_ip(self, container: Container, network_name: str = "") -> str:
        for network in self.visible_networks().values():
            endpoint = network.endpoints.get(container.id)
            if endpoint and (not network_name or network.name == network_name):
                return endpoint.ip
        return ""

    # --- traffic -----------------------------------------------------------------------------
    def bump_network_revision(self) -> None:
        """Networks or endpoints changed: every host's cached graph is stale."""
        owner = getattr(self, "primary", self)
        owner.__dict__["_net_rev"] = owner.__dict__.get("_net_rev", 0) + 1

    def network_revision(self) -> int:
        """A number that changes whenever a network or an endpoint changes (a container
        joins or leaves, is renamed): what was derived from them under the same number
        still holds."""
        owner = getattr(self, "primary", self)
        revision: int = owner.__dict__.get("_net_rev", 0)
        return revision

    def graph(self) -> NetGraph:
        """The network graph, rebuilt only when networks or endpoints changed."""
        owner = getattr(self, "primary", self)
        revision = owner.__dict__.get("_net_rev", 0)
        cached = self.__dict__.get("_graph")
        if cached is None or cached[0] != revision:
            graph = NetGraph(self.world, self.visible_networks(), self.engine.all_containers())
            cached = (revision, graph)
            self.__dict__["_graph"] = cached
        built: NetGraph = cached[1]
        return built

    def net_view(self, container: Container | None) -> NetView:
        """`--network container:<x>` shares x's network namespace: it sees what x sees."""
        if container is not None and container.host_config.network_mode.startswith("container:"):
            owner = container.host_config.network_mode.split(":", 1)[1]
            try:
                container = self.engine.container_get(owner)
            except DockerError:
                container = None
        return netview_class()(self, container)  # type: ignore[arg-type]

    def listening_ports(self, container: Container) -> list[int]:
        """The ports PID 1 of `container` listens on (what its program says)."""
        from dockersim.engine.programs import listening_ports

        return listening_ports(self.engine, container)

    def http(self, url: str, source: str | None = None, method: str = "GET") -> HttpResponse:
        """An HTTP request from the host (or from container `source`), as curl would make it;
        raises `ConnectionFailed` when it cannot connect."""
        from dockersim.engine.programs.client import request

        self.engine.settle()
        view = self.net_view(self.engine.container_get(source) if source else None)
        outcome, response = request(view, method, url, "curl/8.5.0")
        if outcome.status != "ok" or response is None:
            raise errors.connection_failed(url, outcome.status)
        return response

    def dns(self, name: str, source: str) -> list[str]:
        """What `name` resolves to inside container `source`."""
        self.engine.settle()
        return self.net_view(self.engine.container_get(source)).resolve(name)
