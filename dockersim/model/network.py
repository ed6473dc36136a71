"""Networks: address pools, subnets, lowest-free IP allocation, endpoints and published ports.

Facts from libnetwork (lifecycle-moby.md §8): the local pools in order (172.17-172.31 as /16,
then 192.168.0.0/16 as /20), the global pool 10.0.0.0/8 as /24 for overlays, first-fit subnets,
lowest-free addresses with the network, gateway and broadcast addresses reserved, and reuse of
whatever is released.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
from collections.abc import Iterable, Iterator

import attrs

from dockersim.model.tables import EndpointTable

#: The default bridge's subnet comes first, then what user-defined networks take.
LOCAL_POOLS: tuple[tuple[str, int], ...] = (
    ("172.17.0.0/16", 16),
    ("172.18.0.0/16", 16),
    ("172.19.0.0/16", 16),
    ("172.20.0.0/14", 16),
    ("172.24.0.0/14", 16),
    ("172.28.0.0/14", 16),
    ("192.168.0.0/16", 20),
)
GLOBAL_POOLS: tuple[tuple[str, int], ...] = (("10.0.0.0/8", 24),)
#: Linux's ephemeral port range (net.ipv4.ip_local_port_range) that `-P` draws from.
EPHEMERAL_PORTS = (32768, 60999)
PREDEFINED = ("bridge", "host", "none")


def candidate_subnets(pools: Iterable[tuple[str, int]]) -> Iterator[ipaddress.IPv4Network]:
    for base, size in pools:
        yield from ipaddress.IPv4Network(base).subnets(new_prefix=size)


def first_free_subnet(
    pools: Iterable[tuple[str, int]], used: Iterable[ipaddress.IPv4Network]
) -> ipaddress.IPv4Network | None:
    taken = list(used)
    for subnet in candidate_subnets(pools):
        if not any(subnet.overlaps(other) for other in taken):
            return subnet
    return None


@functools.lru_cache(maxsize=4096)  # an address is read at each join
def mac_for(ip: str) -> str:
    """Docker derives an endpoint's MAC from its IPv4 address: 02:42 + the four octets."""
    octets = [int(part) for part in ip.split(".")]
    return "02:42:" + ":".join(f"{o:02x}" for o in octets)


@attrs.define(eq=False)
class Endpoint:
    container_id: str
    ip: str
    mac: str
    aliases: list[str] = attrs.Factory(list)
    _endpoint_id: str = attrs.field(default="", alias="endpoint_id")
    #: an address asked for with `--ip` (kept across restarts)
    requested_ip: str = ""
    #: what the endpoint's ID is the SHA-256 of, until the ID is first read (most are never
    #: shown, and a hash per start is a cost every cycle would pay)
    _id_of: str = attrs.field(default="", alias="id_of")

    @property
    def endpoint_id(self) -> str:
        if self._id_of:
            self._endpoint_id = hashlib.sha256(self._id_of.encode()).hexdigest()
            self._id_of = ""
        return self._endpoint_id


@attrs.define(eq=False)
class Network:
    id: str
    name: str
    driver: str  # bridge | host | null | overlay
    scope: str = "local"
    subnet: str = ""
    gateway: str = ""
    ip_range: str = ""
    internal: bool = False
    attachable: bool = False
    ingress: bool = False
    labels: dict[str, str] = attrs.Factory(dict)
    options: dict[str, str] = attrs.Factory(dict)
    created: float = 0.0
    endpoints: dict[str, Endpoint] = attrs.Factory(EndpointTable)
    #: the node a local network lives on (overlays span every swarm node)
    node: str = ""

    @property
    def user_defined(self) -> bool:
        return self.name not in PREDEFINED

    @property
    def has_ipam(self) -> bool:
        return bool(self.subnet)

    def allocate(self, requested: str = "") -> str:
        if requested:
            return requested
        subnet = _ipv4_network(self.subnet)
        ip_range = _ipv4_network(self.ip_range) if self.ip_range else None
        endpoints = self.endpoints
        if not isinstance(endpoints, EndpointTable):  # a plain dict someone assigned
            endpoints = self.endpoints = EndpointTable(endpoints.items())
        return endpoints.lowest_free(subnet, self.gateway, ip_range) or ""


@attrs.frozen
class PortBinding:
    """One `-p` mapping: host IP ("" = every address), host port, container port/proto."""

    host_ip: str
    host_port: int
    container_port: int
    proto: str = "tcp"

    @property
    def key(self) -> str:
        return f"{self.container_port}/{self.proto}"


@functools.lru_cache(maxsize=256)
def _ipv4_network(text: str) -> ipaddress.IPv4Network:
    """A subnet, parsed once (every endpoint's allocation reads its network's)."""
    return ipaddress.IPv4Network(text)
