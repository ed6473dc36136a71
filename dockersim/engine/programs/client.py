"""What the network tools share: URLs, an HTTP request through the process's view of the
network, and option parsing."""

from __future__ import annotations

from dockersim.engine.netview import NetView, Outcome
from dockersim.engine.programs import Request, serve, speaks_tls
from dockersim.engine.programs.http import HttpResponse

#: Linux gives up on a SYN that is never answered after about this long (tcp_syn_retries 6).
SYN_TIMEOUT = 134.0


def split_url(url: str) -> tuple[str, int, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport, slash, path = rest.partition("/")
    host, _, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    if not host:
        host, port = hostport, ""
    default = 443 if url.lower().startswith("https://") else 80
    return host, int(port) if port.isdigit() else default, "/" + path if slash else "/"


def request(
    view: NetView,
    method: str,
    url: str,
    agent: str,
    auth: str = "",
    body: str = "",
    content_type: str = "",
    trusted: bool = True,
) -> tuple[Outcome, HttpResponse | None]:
    """Connect and ask; the outcome is `ok`, `refused`, `timeout`, `unresolved`, or `tls`
    (the server speaks TLS to a plain `http://` request) or `plain` (an `https://` request
    reached a server that does not speak TLS) or `untrusted` (its certificate is not
    `trusted`), with no response for those three."""
    host, port, path = split_url(url)
    outcome = view.connect(host, port)
    target = outcome.target
    container = target.container if target is not None else None
    if outcome.status != "ok" or target is None or container is None:
        return outcome, None
    engine = view.engine_for(container)
    tls = speaks_tls(engine, container, target.port)
    if tls != url.lower().startswith("https://"):
        return Outcome("tls" if tls else "plain", target, outcome.address), None
    if tls and not trusted:
        return Outcome("untrusted", target, outcome.address), None
    response = serve(
        engine,
        container,
        Request(
            target.port,
            method,
            path,
            view.peer_address(),
            agent,
            host if port in (80, 443) else f"{host}:{port}",
            auth,
            body,
            content_type,
        ),
    )
    return outcome, response


def split_options(args: list[str], valued: str) -> tuple[list[str], dict[str, str]]:
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


def seconds(value: str | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default
