"""`dockersim show network [NAME]`: the topology from the engine's networkx graph.

The host and its bridge-like networks (the graph joins them; overlay networks stand apart),
the containers on each with their address and aliases, the ports the host publishes, and the
names the embedded DNS server (127.0.0.11) answers on each user-defined network: the default
`bridge` network has no such names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.errors import NotFound
from dockersim.pictures import NothingToShow
from dockersim.pictures.draw import Ink, dot_text, mermaid_text

if TYPE_CHECKING:
    from dockersim.engine import Engine


@attrs.frozen
class Member:
    name: str
    ip: str
    aliases: tuple[str, ...]


@attrs.frozen
class Net:
    name: str
    driver: str
    subnet: str
    gateway: str
    on_host: bool
    dns: bool
    members: tuple[Member, ...]


@attrs.frozen
class Topology:
    host: str
    networks: tuple[Net, ...]
    #: (host addresses with the port, container, container port, protocol)
    ports: tuple[tuple[str, str, int, str], ...]


def topology_of(engine: Engine, name: str | None = None) -> Topology:
    graph = engine.graph().graph
    wanted = None
    if name is not None:
        try:
            wanted = engine.network_get(name).id
        except NotFound:
            raise NothingToShow(f"no such network: {name}") from None
    host = next(node for node, data in graph.nodes(data=True) if data["kind"] == "host")
    nets: list[Net] = []
    on_any: set[str] = set()
    for node, data in graph.nodes(data=True):
        if data["kind"] != "network" or (wanted is not None and node[1] != wanted):
            continue
        network = data["network"]
        members = []
        for neighbour in graph.neighbors(node):
            if neighbour[0] != "ctr":
                continue
            edge = graph.edges[node, neighbour]
            container = engine.container_by_id(neighbour[1])
            if container is None:
                continue
            on_any.add(container.id)
            members.append(Member(container.display_name, edge["ip"], tuple(edge["aliases"])))
        nets.append(
            Net(
                network.name,
                network.driver,
                network.subnet,
                network.gateway,
                graph.has_edge(host, node),
                network.user_defined,
                tuple(sorted(members, key=lambda m: m.name)),
            )
        )
    ports = [
        (_address(host_ip, host_port), c.display_name, port, proto)
        for c in engine.container_list()
        if c.id in on_any or wanted is None
        for host_ip, host_port, port, proto in c.ports
    ]
    return Topology(host[1], tuple(sorted(nets, key=lambda n: n.name)), tuple(sorted(ports)))


def _address(host_ip: str, port: int) -> str:
    """Where the host listens: no address given is every IPv4 and IPv6 one, as `docker ps`
    shows it."""
    return f"{host_ip}:{port}" if host_ip else f"0.0.0.0:{port}, [::]:{port}"


def _net_line(net: Net) -> str:
    where = f"  {net.subnet}, gateway {net.gateway}" if net.subnet else ""
    return f"{net.driver} network {net.name}{where}"


def text(topo: Topology, ink: Ink) -> str:
    out = [ink(f"host {topo.host}", "bold")]
    local = [net for net in topo.networks if net.on_host]
    for index, net in enumerate(local):
        last = index == len(local) - 1
        out.append(f"{'└─' if last else '├─'} {ink(_net_line(net), 'cyan')}")
        rail = "   " if last else "│  "
        for number, member in enumerate(net.members):
            branch = "└─" if number == len(net.members) - 1 else "├─"
            aliases = f"  aliases {', '.join(member.aliases)}" if member.aliases else ""
            out.append(f"{rail}{branch} {member.name}  {member.ip or '(no address)'}{aliases}")
    apart = [net for net in topo.networks if not net.on_host]
    for net in apart:
        out.append(ink(f"{_net_line(net)} (spans the swarm's hosts)", "cyan"))
        out += [f"   {m.name}  {m.ip}" for m in net.members]
    out.append("")
    out.append("published ports:" if topo.ports else "published ports: none")
    for address, name, port, proto in topo.ports:
        out.append(f"  {address} → {name}:{port}/{proto}")
    named = [net for net in topo.networks if net.dns and net.members]
    if named:
        out += ["", "names the embedded DNS (127.0.0.11) answers, network by network:"]
    for net in named:
        for member in net.members:
            names = ", ".join((member.name, *member.aliases))
            out.append(f"  on {net.name}: {names} → {member.ip}")
    return "\n".join(out) + "\n"


def mermaid(topo: Topology) -> str:
    out = ["flowchart LR", f'  host["host {mermaid_text(topo.host)}"]']
    ids = _container_ids(topo)
    for index, net in enumerate(topo.networks, 1):
        out.append(f'  N{index}{{{{"{mermaid_text(_net_line(net))}"}}}}')
        if net.on_host:
            out.append(f"  host --- N{index}")
    for name, node in ids.items():
        out.append(f'  {node}["{mermaid_text(name)}"]')
    for index, net in enumerate(topo.networks, 1):
        for member in net.members:
            label = mermaid_text(" ".join((member.ip, *member.aliases)).strip())
            out.append(f'  {ids[member.name]} ---|"{label}"| N{index}' if label else "")
    for address, name, port, proto in topo.ports:
        label = mermaid_text(f"{address} → {port}/{proto}")
        out.append(f'  host -->|"{label}"| {ids[name]}')
    return "\n".join(line for line in out if line) + "\n"


def dot(topo: Topology) -> str:
    out = [
        "graph network {",
        "  rankdir=LR;",
        f'  host [shape=box3d, label="host {dot_text(topo.host)}"];',
    ]
    ids = _container_ids(topo)
    for index, net in enumerate(topo.networks, 1):
        out.append(f'  N{index} [shape=hexagon, label="{dot_text(_net_line(net))}"];')
        if net.on_host:
            out.append(f"  host -- N{index};")
    for name, node in ids.items():
        out.append(f'  {node} [shape=box, label="{dot_text(name)}"];')
    for index, net in enumerate(topo.networks, 1):
        for member in net.members:
            label = dot_text(" ".join((member.ip, *member.aliases)).strip())
            out.append(f'  {ids[member.name]} -- N{index} [label="{label}"];')
    for address, name, port, proto in topo.ports:
        label = dot_text(f"{address} → {port}/{proto}")
        out.append(f'  host -- {ids[name]} [label="{label}", style=dashed];')
    return "\n".join([*out, "}"]) + "\n"


def _container_ids(topo: Topology) -> dict[str, str]:
    names = sorted(
        {m.name for net in topo.networks for m in net.members} | {p[1] for p in topo.ports}
    )
    return {name: f"C{index}" for index, name in enumerate(names, 1)}
