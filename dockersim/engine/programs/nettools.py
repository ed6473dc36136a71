"""ifconfig, netstat, route and arp: busybox 1.37's applets and net-tools 2.10's programs.

Layouts from busybox networking/interface.c, netstat.c, route.c, arp.c and net-tools
lib/interface.c, netstat.c, lib/inet_gr.c. The counters are small fixed figures (est.): a
container's eth0 has seen a few packets of the bridge's own traffic, its lo none.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from dockersim.engine.netview import NetView, view_of
from dockersim.engine.programs import Program

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

#: eth0's counters (est.): packets, bytes received
ETH_RX = (5, 446)
#: the service names netstat prints without -n (/etc/services)
SERVICES = {21: "ftp", 22: "ssh", 25: "smtp", 53: "domain", 80: "http", 443: "https"}


def _iface_rows(view: NetView | None) -> list[tuple[str, str, int, str]]:
    return view.interfaces() if view is not None else []


def _human(n: int) -> str:
    return f"{n} ({n:.1f} B)" if n < 1024 else f"{n} ({n / 1024:.1f} KiB)"


def _bb_block(name: str, address: str, prefix: int, mac: str) -> str:
    net = ipaddress.IPv4Network(f"{address}/{prefix}", strict=False)
    rx_packets, rx_bytes = ETH_RX
    return (
        f"{name:<10}Link encap:Ethernet  HWaddr {mac.upper()}  \n"
        f"          inet addr:{address}  Bcast:{net.broadcast_address}  Mask:{net.netmask}\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
        f"          RX packets:{rx_packets} errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:0 \n"
        f"          RX bytes:{rx_bytes} ({rx_bytes:.1f} B)  TX bytes:0 (0.0 B)\n\n"
    )


BB_LO = (
    "lo        Link encap:Local Loopback  \n"
    "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
    "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
    "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
    "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
    "          collisions:0 txqueuelen:1000 \n"
    "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n"
)


def _nt_block(name: str, address: str, prefix: int, mac: str) -> str:
    net = ipaddress.IPv4Network(f"{address}/{prefix}", strict=False)
    rx_packets, rx_bytes = ETH_RX
    return (
        f"{name}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        f"        inet {address}  netmask {net.netmask}  broadcast {net.broadcast_address}\n"
        f"        ether {mac.lower()}  txqueuelen 0  (Ethernet)\n"
        f"        RX packets {rx_packets}  bytes {_human(rx_bytes)}\n"
        "        RX errors 0  dropped 0  overruns 0  frame 0\n"
        "        TX packets 0  bytes 0 (0.0 B)\n"
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n"
    )


NT_LO = (
    "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n"
    "        inet 127.0.0.1  netmask 255.0.0.0\n"
    "        loop  txqueuelen 1000  (Local Loopback)\n"
    "        RX packets 0  bytes 0 (0.0 B)\n"
    "        RX errors 0  dropped 0  overruns 0  frame 0\n"
    "        TX packets 0  bytes 0 (0.0 B)\n"
    "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n"
)


def ifconfig(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    options = [a for a in args if a.startswith("-")]
    for opt in options:
        if opt not in ("-a", "-s"):
            raise (
                ctx.bad_option(opt.lstrip("-")[:1])
                if ctx.busybox
                else ctx.not_simulated(f"option {opt}")
            )
        if opt == "-s":
            raise ctx.not_simulated("option -s")
    names = [a for a in args if not a.startswith("-")]
    if len(names) > 1:
        raise ctx.not_simulated("changing an interface's settings")
    rows = _iface_rows(view_of(ctx))
    block = _bb_block if ctx.busybox else _nt_block
    blocks = {row[0]: block(*row) for row in rows}
    blocks["lo"] = BB_LO if ctx.busybox else NT_LO
    if names:
        text = blocks.get(names[0])
        if text is None:
            if ctx.busybox:
                ctx.err.write(
                    f"ifconfig: {names[0]}: error fetching interface information: "
                    "Device not found\n"
                )
            else:
                ctx.err.write(
                    f"{names[0]}: error fetching interface information: Device not found\n"
                )
            return 1
        ctx.write(text)
        return 0
    ctx.write("".join(blocks.values()))
    return 0


def _routes(view: NetView | None) -> list[tuple[str, str, str, str, str]]:
    """(destination, gateway, genmask, flags, iface) as the kernel's table lists them."""
    if view is None or view.source is None:
        return []
    out: list[tuple[str, str, str, str, str]] = []
    endpoints = view.engine.graph().endpoints_of(view.source.id)
    for index, (network, _endpoint) in enumerate(endpoints):
        if index == 0 and network.gateway:
            out.append(("0.0.0.0", network.gateway, "0.0.0.0", "UG", f"eth{index}"))
    for index, (network, _endpoint) in enumerate(endpoints):
        if network.subnet:
            net = ipaddress.IPv4Network(network.subnet, strict=False)
            out.append((str(net.network_address), "0.0.0.0", str(net.netmask), "U", f"eth{index}"))
    return out


def route(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if any(not a.startswith("-") for a in args):
        raise ctx.not_simulated("changing the routing table")
    for opt in args:
        if opt not in ("-n", "-e", "-ee") and not (opt == "-A" or opt == "inet"):
            raise ctx.not_simulated(f"option {opt}")
    numeric = "-n" in args
    ctx.write(
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
    )
    for dest, gateway, mask, flags, iface in _routes(view_of(ctx)):
        if not numeric:
            dest = "default" if dest == "0.0.0.0" else dest
            gateway = "*" if gateway == "0.0.0.0" and ctx.busybox else gateway
            if gateway == "0.0.0.0":
                gateway = "0.0.0.0"
        ctx.write(f"{dest:<15} {gateway:<15} {mask:<15} {flags:<5} 0      0        0 {iface}\n")
    return 0


def arp(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    for opt in args:
        if opt not in ("-n", "-a", "-an", "-na", "-e"):
            raise ctx.not_simulated(f"option {opt}")
    # the neighbour table is empty until the container talks to someone: busybox prints
    # nothing, net-tools its header line (only for the -e layout without -a)
    if not ctx.busybox and "-a" not in args and "-an" not in args and "-na" not in args:
        ctx.write(
            "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        )
    return 0


def netstat(ctx: Ctx) -> int:
    flags = set()
    for arg in ctx.argv[1:]:
        if not arg.startswith("-") or arg == "-":
            raise ctx.not_simulated(f"argument {arg}")
        for char in arg[1:]:
            if char not in "tulnpaw":
                raise ctx.not_simulated(f"option -{char}")
            flags.add(char)
    tcp = "t" in flags or not flags & {"t", "u", "w"}
    numeric = "n" in flags
    header_kind = "servers and established" if "a" in flags else "w/o servers"
    if "l" in flags and "a" not in flags:
        header_kind = "only servers"
    pid = "p" in flags
    ctx.write(f"Active Internet connections ({header_kind})\n")
    if ctx.busybox:
        head = "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
        ctx.write(head + (" PID/Program name" if pid else "") + "\n")
    else:
        head = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "
        ctx.write(head + (" PID/Program name    " if pid else "") + "\n")
    view = view_of(ctx)
    listing = "l" in flags or "a" in flags
    if tcp and listing and view is not None and view.source is not None:
        container = view.source
        program = "httpd" if container.blocked_in == "busybox-httpd" else container.blocked_in
        for port in sorted(view.engine.listening_ports(container)):
            service = str(port) if numeric else SERVICES.get(port, str(port))
            local = f"0.0.0.0:{service}"
            remote = "0.0.0.0:*"
            state = f"{'LISTEN':<12}" if ctx.busybox else f"{'LISTEN':<11}"
            line = f"tcp        0      0 {local:<23} {remote:<23} {state}"
            if pid:
                line += f" 1/{program}"
            ctx.write(line + "\n")
    if not ctx.busybox and "u" not in flags and "t" not in flags:
        ctx.write(
            "Active UNIX domain sockets (only servers)\n"
            if "l" in flags
            else "Active UNIX domain sockets (w/o servers)\n"
        )
        ctx.write("Proto RefCnt Flags       Type       State         I-Node   Path\n")
    return 0


PROGRAM = Program(
    ifconfig, commands={"ifconfig": ifconfig, "route": route, "arp": arp, "netstat": netstat}
)
