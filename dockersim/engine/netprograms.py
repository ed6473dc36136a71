"""Network tools inside containers and on the host: curl, wget, ping, nc, getent, nslookup, ip.

They ask `NetView` (the process's `proc.net`) where a name resolves, whether a port answers
and what a server says, and print what the real tools print; an unreachable peer takes the
tool's own timeout in virtual time instead of hanging.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import NetView, Outcome, view_of
from dockersim.engine.webservers import HttpResponse, serve

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

#: Linux gives up on a SYN that is never answered after about this long (tcp_syn_retries 6).
SYN_TIMEOUT = 134.0


def _curl_version(ctx: Ctx) -> str:
    if ctx.fs.exists("/etc/alpine-release"):
        return "8.14.1"
    try:
        release = ctx.fs.read("/etc/os-release").decode(errors="replace")
    except Exception:  # a missing os-release: the host
        return "8.5.0"
    return "8.5.0" if "ubuntu" in release else "7.88.1"


def split_url(url: str) -> tuple[str, int, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport, slash, path = rest.partition("/")
    host, _, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    if not host:
        host, port = hostport, ""
    return host, int(port) if port.isdigit() else 80, "/" + path if slash else "/"


def request(
    view: NetView, method: str, url: str, agent: str
) -> tuple[Outcome, HttpResponse | None]:
    host, port, path = split_url(url)
    outcome = view.connect(host, port)
    if outcome.status != "ok" or outcome.target is None or outcome.target.container is None:
        return outcome, None
    response = serve(
        view.engine_for(outcome.target.container),
        outcome.target.container,
        outcome.target.port,
        method,
        path,
        view.peer_address(),
        agent,
    )
    return outcome, response


CURL_FEATURES = (
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 "
    "pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n"
    "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos "
    "Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n"
)


def curl(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["-V"]):
        version = _curl_version(ctx)
        ctx.write(
            f"curl {version} (x86_64-pc-linux-gnu) libcurl/{version} OpenSSL/3.0.16 zlib/1.2.13 "
            "brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 nghttp2/1.52.0\n" + CURL_FEATURES
        )
        return 0
    silent = show_error = include = head = fail = False
    output = ""
    method = "GET"
    connect_timeout = 0.0
    url = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in (
            "-o",
            "--output",
            "-X",
            "--request",
            "-H",
            "--header",
            "-w",
            "--write-out",
            "--connect-timeout",
            "-m",
            "--max-time",
            "-d",
            "--data",
            "-u",
            "-A",
        ):
            value = args[i + 1] if i + 1 < len(args) else ""
            if arg in ("-o", "--output"):
                output = value
            elif arg in ("-X", "--request"):
                method = value
            elif arg in ("--connect-timeout", "-m", "--max-time"):
                connect_timeout = float(value or 0)
            i += 2
            continue
        if arg.startswith("--"):
            silent |= arg == "--silent"
            show_error |= arg == "--show-error"
            include |= arg == "--include"
            head |= arg == "--head"
            fail |= arg == "--fail"
        elif arg.startswith("-") and len(arg) > 1:
            silent |= "s" in arg
            show_error |= "S" in arg
            include |= "i" in arg
            head |= "I" in arg
            fail |= "f" in arg
        else:
            url = arg
        i += 1
    version = _curl_version(ctx)
    if not url:
        ctx.err.write("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    view = view_of(ctx)
    quiet_errors = silent and not show_error
    if view is None:
        return 7
    outcome, response = request(view, "HEAD" if head else method, url, f"curl/{version}")
    host, port, _ = split_url(url)
    if outcome.status == "unresolved":
        if not quiet_errors:
            ctx.err.write(f"curl: (6) Could not resolve host: {host}\n")
        return 6
    if outcome.status == "refused":
        if not quiet_errors:
            ctx.err.write(
                f"curl: (7) Failed to connect to {host} port {port} after 0 ms: "
                "Couldn't connect to server\n"
            )
        return 7
    if outcome.status == "timeout":
        waited = connect_timeout or SYN_TIMEOUT
        ctx.rec.advance(waited)
        if not quiet_errors:
            if connect_timeout:
                ctx.err.write(
                    f"curl: (28) Connection timed out after {int(waited * 1000) + 1} milliseconds\n"
                )
            else:
                ctx.err.write(
                    f"curl: (28) Failed to connect to {host} port {port} after "
                    f"{int(waited * 1000)} ms: Couldn't connect to server\n"
                )
        return 28
    if response is None:
        if not quiet_errors:
            ctx.err.write("curl: (1) Received HTTP/0.9 when not allowed\n")
        return 1
    if fail and response.status >= 400:
        if not quiet_errors:
            ctx.err.write(f"curl: (22) The requested URL returned error: {response.status}\n")
        return 22
    text = ""
    if include or head:
        text += f"{response.http_version} {response.status} {response.reason}\r\n"
        text += "".join(f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"
    if not head:
        text += response.body.decode(errors="replace")
    if output:
        ctx.fs.write(output, text.encode(), ctx.cwd)
    else:
        ctx.write(text)
    if not silent and (output or not ctx.out.is_tty):
        size = len(response.body)
        ctx.err.write(
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n"
            f"100 {size:>5}  100 {size:>5}    0     0   {'600k':>5}      0 --:--:-- --:--:-- "
            f"--:--:--  {'600k':>5}\n"
        )
    return 0


def _split_options(args: list[str], valued: str) -> tuple[list[str], dict[str, str]]:
    """Short options that take a value (`-T 2`, `-T2`) out of `args`; the rest stay."""
    rest: list[str] = []
    values: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if len(arg) >= 2 and arg[0] == "-" and arg[1] in valued and not arg.startswith("--"):
            if len(arg) > 2:
                values[arg[1]] = arg[2:]
            elif i + 1 < len(args):
                values[arg[1]] = args[i + 1]
                i += 1
            else:
                values[arg[1]] = ""
        else:
            rest.append(arg)
        i += 1
    return rest, values


def _seconds(value: str | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default


def wget(ctx: Ctx) -> int:
    args, valued = _split_options(ctx.argv[1:], "TUPYoeO")
    quiet = any(a in ("-q", "--quiet") or (a.startswith("-q") and "O" in a) for a in args)
    to_stdout = valued.get("O") == "-" or "-qO-" in args
    urls = [a for a in args if not a.startswith("-") and a != "-"]
    if not urls:
        ctx.err.write("BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] URL\n")
        return 1
    url = urls[0]
    view = view_of(ctx)
    if view is None:
        return 1
    host, port, path = split_url(url)
    outcome, response = request(view, "GET", url, "Wget")
    if outcome.status == "unresolved":
        ctx.err.write(f"wget: bad address '{host}'\n")
        return 1
    if not quiet:
        ctx.err.write(f"Connecting to {host} ({outcome.address or host}:{port})\n")
    if outcome.status == "refused":
        ctx.err.write(
            f"wget: can't connect to remote host ({outcome.address}): Connection refused\n"
        )
        return 1
    if outcome.status == "timeout":
        ctx.rec.advance(_seconds(valued.get("T"), SYN_TIMEOUT))
        ctx.err.write("wget: download timed out\n")
        return 1
    if response is None or response.status >= 400:
        status = f"{response.status} {response.reason}" if response else "bad header line"
        ctx.err.write(f"wget: server returned error: HTTP/1.1 {status}\n")
        return 1
    body = response.body
    if to_stdout:
        if not quiet:
            ctx.err.write("writing to stdout\n")
        ctx.write(body.decode(errors="replace"))
        if not quiet:
            ctx.err.write(
                f"-                    100% |********************************|   {len(body)}  "
                "0:00:00 ETA\nwritten to stdout\n"
            )
        return 0
    name = valued.get("O") or path.rsplit("/", 1)[-1] or "index.html"
    ctx.fs.write(name, body, ctx.cwd)
    if not quiet:
        ctx.err.write(
            f"saving to '{name}'\n{name:<20} 100% |********************************|   "
            f"{len(body)}  0:00:00 ETA\n'{name}' saved\n"
        )
    return 0


def ping(ctx: Ctx) -> int:
    args, valued = _split_options(ctx.argv[1:], "cWwstIiQ")
    count = int(valued["c"]) if valued.get("c", "").isdigit() else 0
    if not count and valued.get("w", "").isdigit():
        count = max(1, int(valued["w"]))
    hosts = [a for a in args if not a.startswith("-")]
    busybox = ctx.busybox
    if not hosts:
        ctx.err.write("ping: usage error: Destination address required\n")
        return 1 if busybox else 2
    host = hosts[0]
    view = view_of(ctx)
    addresses = view.resolve(host) if view is not None else []
    if not addresses:
        if busybox:
            ctx.err.write(f"ping: bad address '{host}'\n")
            return 1
        ctx.err.write(f"ping: {host}: Name or service not known\n")
        return 2
    address = addresses[0]
    reachable = view is not None and view.connect_address(address, 0).status != "timeout"
    if busybox:
        ctx.write(f"PING {host} ({address}): 56 data bytes\n")
    else:
        ctx.write(f"PING {host} ({address}) 56(84) bytes of data.\n")
    shown = count or 4
    for seq in range(shown):
        if seq:
            ctx.rec.advance(1.0)
        if reachable:
            latency = 0.05 + 0.011 * ((seq * 7) % 5)
            if busybox:
                ctx.write(f"64 bytes from {address}: seq={seq} ttl=64 time={latency:.3f} ms\n")
            else:
                label = host if host == address else f"{host} ({address})"
                ctx.write(
                    f"64 bytes from {label}: icmp_seq={seq + 1} ttl=64 time={latency:.3f} ms\n"
                )
    if not count:
        ctx.block(frozenset({"SIGINT", "SIGTERM"}))
    received = shown if reachable else 0
    loss = 0 if reachable else 100
    ctx.write(f"\n--- {host} ping statistics ---\n")
    if busybox:
        ctx.write(
            f"{shown} packets transmitted, {received} packets received, {loss}% packet loss\n"
        )
        if reachable:
            ctx.write("round-trip min/avg/max = 0.050/0.066/0.094 ms\n")
    else:
        ctx.write(
            f"{shown} packets transmitted, {received} received, {loss}% packet loss, "
            f"time {(shown - 1) * 1000 + 1}ms\n"
        )
        if reachable:
            ctx.write("rtt min/avg/max/mdev = 0.050/0.066/0.094/0.016 ms\n")
    return 0 if reachable else 1


def nc(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    verbose = any("v" in a for a in args if a.startswith("-"))
    operands = [a for a in args if not a.startswith("-")]
    if len(operands) < 2:
        ctx.err.write("BusyBox v1.37.0 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT\n")
        return 1
    host, port = operands[0], int(operands[1]) if operands[1].isdigit() else 0
    view = view_of(ctx)
    outcome = view.connect(host, port) if view is not None else Outcome("unresolved")
    if outcome.status == "unresolved":
        ctx.err.write(f"nc: bad address '{host}'\n")
        return 1
    if outcome.status == "timeout":
        ctx.rec.advance(SYN_TIMEOUT)
        ctx.err.write(f"nc: {outcome.address} ({outcome.address}:{port}): Connection timed out\n")
        return 1
    if outcome.status == "refused":
        if verbose:
            ctx.err.write(f"nc: {host} ({outcome.address}:{port}): Connection refused\n")
        return 1
    if verbose:
        ctx.err.write(f"{host} ({outcome.address}:{port}) open\n")
    return 0


def getent(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if len(args) < 2 or args[0] not in ("hosts", "ahosts"):
        return 1
    view = view_of(ctx)
    status = 2
    for name in args[1:]:
        for address in view.resolve(name) if view is not None else []:
            ctx.write(f"{address:<15} {name}\n")
            status = 0
    return status


def nslookup(ctx: Ctx) -> int:
    names = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    name = names[0]
    view = view_of(ctx)
    addresses = view.resolve(name) if view is not None else []
    ctx.write("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n")
    if not addresses:
        ctx.write(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    ctx.write("Non-authoritative answer:\n")
    for address in addresses:
        ctx.write(f"Name:\t{name}\nAddress: {address}\n")
    ctx.write("\n")
    return 0


def ip(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args or args[0] not in ("a", "addr", "address"):
        ctx.err.write('Object "' + (args[0] if args else "") + '" is unknown, try "ip help".\n')
        return 1
    view = view_of(ctx)
    ctx.write(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
    )
    for index, (name, address, prefix, mac) in enumerate(view.interfaces() if view else [], 2):
        import ipaddress

        network = ipaddress.IPv4Network(f"{address}/{prefix}", strict=False)
        ctx.write(
            f"{index}: {name}@if{index + 100}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 "
            "qdisc noqueue state UP \n"
            f"    link/ether {mac} brd ff:ff:ff:ff:ff:ff\n"
            f"    inet {address}/{prefix} brd {network.broadcast_address} scope global {name}\n"
            "       valid_lft forever preferred_lft forever\n"
        )
    return 0


def install() -> None:
    from dockersim.model.userland import register

    register("curl")(curl)
    register("wget")(wget)
    register("ping")(ping)
    register("nc", "netcat")(nc)
    register("getent")(getent)
    register("nslookup")(nslookup)
    register("ip")(ip)
