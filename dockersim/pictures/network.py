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
from dockersim.pictures.ink import Ink, dot_text, mermaid_text

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


def svg(topo: Topology, highlight: frozenset[str] = frozenset()) -> str:
    """Three columns: the host (joined to its networks), the networks with their members'
    addresses and aliases, the containers (joined to each member line); published ports as
    dashed arrows from the host over the top; the DNS names underneath."""
    from dockersim.pictures.svg import GAP, LINE, PAD, Canvas, Line, box_size, line

    canvas = Canvas(highlight)
    lane = 24
    top: float = PAD + (len(topo.ports) * lane + 12 if topo.ports else 0)
    host_lines = [line((f"host {topo.host}", "b"))]
    host = canvas.box(
        PAD, top, host_lines, cls="host", kind="host", name=topo.host, label=f"host {topo.host}"
    )
    nets: list[tuple[Net, list[Line]]] = []
    for net in topo.networks:
        lines = [line((_net_line(net), "b"))]
        if not net.on_host:
            lines.append(line(("(spans the swarm's hosts)", "dim")))
        for member in net.members:
            aliases = f"  aliases {', '.join(member.aliases)}" if member.aliases else ""
            lines.append(line(member.name, (f"  {member.ip or '(no address)'}{aliases}", "dim")))
        nets.append((net, lines))
    net_x = host.right + 48
    net_w = max((box_size(lines)[0] for _, lines in nets), default=0.0)
    names = list(_container_ids(topo))
    ctr_x = net_x + net_w + 72
    ctr_w = max((box_size([line(n)])[0] for n in names), default=0.0)
    boxes = {}
    y: float = top
    for name in names:
        label = f"container {name}"
        boxes[name] = canvas.box(
            ctr_x, y, [line(name)], cls="container", kind="container", name=name, label=label,
            width=ctr_w,
        )  # fmt: skip
        y = boxes[name].bottom + GAP
    bottom = y
    y = top
    for net, lines in nets:
        cls = "network" if net.on_host else "network overlay"
        rect = canvas.box(
            net_x, y, lines, cls=cls, kind="network", name=net.name, label=_net_line(net),
            width=net_w,
        )  # fmt: skip
        if net.on_host:
            canvas.link(
                [(host.right, host.mid_y), (host.right + 24, host.mid_y),
                 (host.right + 24, rect.mid_y), (rect.x, rect.mid_y)],
                kind="attachment", name=net.name, label=f"host {topo.host} has network {net.name}",
            )  # fmt: skip
        for number, member in enumerate(net.members):
            row_y = y + 6 + (number + 1 + (not net.on_host)) * LINE + LINE / 2
            target = boxes[member.name]
            canvas.link(
                [(rect.right, row_y), (target.x, target.mid_y)],
                kind="endpoint", name=f"{net.name}/{member.name}",
                label=f"{member.name} on {net.name}: {member.ip or '(no address)'}",
            )  # fmt: skip
        y = rect.bottom + GAP
    bottom = max(bottom, y, host.bottom + GAP)
    right = ctr_x + ctr_w
    for number, (address, name, port, proto) in enumerate(topo.ports):
        lane_y = PAD + 12 + number * lane
        start = host.x + 16 + number * 12
        far = right + 16 + (len(topo.ports) - 1 - number) * 12
        target = boxes[name]
        end_y = min(target.mid_y + number * 4, target.bottom - 4)
        what = f"{address} → {name}:{port}/{proto}"
        canvas.link(
            [(start, host.y), (start, lane_y), (far, lane_y), (far, end_y), (target.right, end_y)],
            kind="port", name=f"{name}:{port}/{proto}", label=f"published port {what}",
            cls="link port", arrow=True,
        )  # fmt: skip
        canvas.text(start + 6, lane_y - 5, line((what, "accent")))
    y = bottom + 4
    if not topo.ports:
        canvas.text(PAD, y + 13, line(("published ports: none", "dim")))
        y += LINE + GAP
    named = [net for net in topo.networks if net.dns and net.members]
    if named:
        canvas.text(PAD, y + 13, line("names the embedded DNS (127.0.0.11) answers:"))
        y += LINE + 4
    for net in named:
        for member in net.members:
            names_here = ", ".join((member.name, *member.aliases))
            row = line(f"on {net.name}: ", (names_here, "b"), f" → {member.ip}")
            label = f"on {net.name}, {names_here} resolve to {member.ip}"
            width = box_size([row])[0]
            canvas.row(
                PAD, y, width, row, cls="row dns", kind="dns", name=f"{net.name}/{member.name}",
                label=label,
            )  # fmt: skip
            y += LINE + 4
    desc = (
        f"{len(topo.networks)} network{'s' if len(topo.networks) != 1 else ''}, "
        f"{len(names)} container{'s' if len(names) != 1 else ''} and "
        f"{len(topo.ports)} published port{'s' if len(topo.ports) != 1 else ''} on host "
        f"{topo.host}."
    )
    return canvas.document(f"networks of host {topo.host}", desc)
