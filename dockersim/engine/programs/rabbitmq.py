"""rabbitmq-server as the rabbitmq image runs it, and its command-line tools.

The start log is RabbitMQ's (`2025-06-02 12:00:00.000000+00:00 [info] <0.254.0> ...`),
abridged to the lines a learner looks for: the `Starting RabbitMQ` block, the `##  ##` banner,
`Starting broker...` with the node's facts (node name `rabbit@<hostname>`, data dir), the default
user it seeds (guest, or RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS), its listeners and
`Server startup complete; N plugins started.` with the plugins of /etc/rabbitmq/enabled_plugins
and their dependencies (3 in the plain image, 4 with management). It listens on 5672 (AMQP:
curl gets no HTTP answer) and 25672, and on 15672 with the management plugin, whose web UI and
`/api/overview` answer curl. The image's entrypoint refuses its deprecated variables.

`rabbitmq-diagnostics ping`, `rabbitmqctl status` (abridged), `list_queues`, `list_users` and
`list_vhosts` talk to the server of the container they run in; the other commands say they are
not simulated. Simplifications: the boot steps, feature flags and Khepri/Mnesia lines are left
out; the shutdown lines are abridged (est.); no queues are ever declared (no AMQP client).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland.programs.base import Ctx

ENTRYPOINT = "/usr/local/bin/docker-entrypoint.sh"
PLUGINS_FILE = "/etc/rabbitmq/enabled_plugins"
#: by RabbitMQ version: (Erlang/OTP, OpenSSL, copyright line); the 4.1.0 image of 2025-05-30
#: used OTP 27.3.4; its OpenSSL and 3.13.7's OTP patch level are est.
RUNTIMES = {
    "4.1.0": ("27.3.4", "OpenSSL 3.3.3 11 Feb 2025", "2007-2025"),
    "3.13.7": ("26.2.5.12", "OpenSSL 3.1.8 11 Feb 2025", "2007-2024"),
}
#: what rabbitmq_prometheus and rabbitmq_management bring with them
_DEPENDENCIES = ["rabbitmq_management_agent", "rabbitmq_web_dispatch"]
DEPRECATED = [
    "RABBITMQ_DEFAULT_PASS_FILE",
    "RABBITMQ_DEFAULT_USER_FILE",
    "RABBITMQ_MANAGEMENT_SSL_CACERTFILE",
    "RABBITMQ_MANAGEMENT_SSL_CERTFILE",
    "RABBITMQ_MANAGEMENT_SSL_DEPTH",
    "RABBITMQ_MANAGEMENT_SSL_FAIL_IF_NO_PEER_CERT",
    "RABBITMQ_MANAGEMENT_SSL_KEYFILE",
    "RABBITMQ_MANAGEMENT_SSL_VERIFY",
    "RABBITMQ_SSL_CACERTFILE",
    "RABBITMQ_SSL_CERTFILE",
    "RABBITMQ_SSL_DEPTH",
    "RABBITMQ_SSL_FAIL_IF_NO_PEER_CERT",
    "RABBITMQ_SSL_KEYFILE",
    "RABBITMQ_SSL_VERIFY",
    "RABBITMQ_VM_MEMORY_HIGH_WATERMARK",
]
MAIN = "<0.254.0>"


def stamp(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") + "+00:00"


def log(now: float, text: str, level: str = "info", pid: str = MAIN) -> str:
    """One message, each of its lines with the stamp, level and Erlang process."""
    head = f"{stamp(now)} [{level}] {pid} "
    return "".join(head + part + "\n" for part in text.split("\n"))


def version_of(env: dict[str, str]) -> str:
    return env.get("RABBITMQ_VERSION", "4.1.0")


def plugins_of(fs: CowFS) -> list[str]:
    """The plugins the node starts: the enabled ones and what they depend on."""
    try:
        text = fs.read(PLUGINS_FILE).decode(errors="replace")
    except FsError:
        return []
    enabled = [p.strip() for p in text.strip().rstrip(".").strip("[]").split(",") if p.strip()]
    if "rabbitmq_management" in enabled:
        started = ["rabbitmq_prometheus", "rabbitmq_management", *_DEPENDENCIES]
    elif "rabbitmq_prometheus" in enabled:
        started = ["rabbitmq_prometheus", *reversed(_DEPENDENCIES)]
    else:
        started = []
    return [p for p in started if p in enabled or p in _DEPENDENCIES] + [
        p for p in enabled if p not in started
    ]


def _cookie_hash(container_id: str) -> str:
    digest = hashlib.md5(container_id.encode(), usedforsecurity=False).digest()
    return base64.b64encode(digest).decode()


def start_log(now: float, env: dict[str, str], host: str, plugins: list[str], cid: str) -> str:
    version = version_of(env)
    otp, openssl, years = RUNTIMES.get(version, RUNTIMES["4.1.0"])
    node = f"rabbit@{host}"
    user = env.get("RABBITMQ_DEFAULT_USER") or "guest"
    config = "/etc/rabbitmq/conf.d/10-defaults.conf"
    copyright_ = f"Copyright (c) {years} Broadcom Inc and/or its subsidiaries"
    website = "Licensed under the MPL 2.0. Website: https://rabbitmq.com"
    banner = (
        f"\n  ##  ##      RabbitMQ {version}\n  ##  ##\n  ##########  {copyright_}\n"
        f"  ######  ##\n  ##########  {website}\n\n"
        f"  Erlang:      {otp} [jit]\n  TLS Library: OpenSSL - {openssl}\n"
        "  Release series support status: see https://www.rabbitmq.com/release-information\n\n"
        "  Doc guides:  https://www.rabbitmq.com/docs\n"
        "  Support:     https://www.rabbitmq.com/docs/contact\n"
        "  Tutorials:   https://www.rabbitmq.com/tutorials\n"
        "  Monitoring:  https://www.rabbitmq.com/docs/monitoring\n"
        "  Upgrading:   https://www.rabbitmq.com/docs/upgrade\n\n"
        "  Logs: <stdout>\n\n"
        f"  Config file(s): {config}\n\n"
        "  Starting broker..."
    )
    facts = (
        f"\n node           : {node}\n home dir       : /var/lib/rabbitmq\n"
        f" config file(s) : {config}\n cookie hash    : {_cookie_hash(cid)}\n"
        f" log(s)         : <stdout>\n data dir       : /var/lib/rabbitmq/mnesia/{node}"
    )
    parts = [
        log(now, "Logging: configured log handlers are now ACTIVE", "notice"),
        log(
            now, f"\n Starting RabbitMQ {version} on Erlang {otp} [jit]\n {copyright_}\n {website}"
        ),
        banner,
        log(now, facts),
        log(now, "Running boot step pre_boot defined by app rabbit"),
        log(now, "Will seed default virtual host and user..."),
        log(now, "Adding vhost '/' (description: 'Default virtual host', tags: [])"),
        log(now, f"Created user '{user}'"),
        log(now, f"Successfully set user tags for user '{user}' to [administrator]"),
        log(
            now,
            f"Successfully set permissions for user '{user}' in virtual host '/' to "
            "'.*', '.*', '.*'",
        ),
    ]
    if "rabbitmq_management" in plugins:
        parts.append(log(now, "Management plugin: HTTP (non-TLS) listener started on port 15672"))
    if "rabbitmq_prometheus" in plugins:
        parts.append(log(now, "Prometheus metrics: HTTP (non-TLS) listener started on port 15692"))
    parts += [
        log(now, "Ready to start client connection listeners"),
        log(now, "started TCP listener on [::]:5672", pid="<0.812.0>"),
        f" completed with {len(plugins)} plugins.\n",
        log(
            now,
            f"Server startup complete; {len(plugins)} plugins started.\n"
            + "\n".join(f" * {p}" for p in plugins),
        ),
    ]
    return "".join(parts)


def stop_log(now: float) -> str:
    """What the node logs when SIGTERM stops it (abridged; est.)."""
    return "".join(
        [
            log(now, "SIGTERM received - shutting down", "notice", "<0.64.0>"),
            log(now, "RabbitMQ is asked to stop..."),
            log(
                now, "Stopping RabbitMQ applications and their dependencies in the following order:"
            ),
            log(now, "Successfully stopped RabbitMQ and its dependencies"),
            log(now, "Halting Erlang VM with the following applications:"),
        ]
    )


def rabbitmq_server(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args:
        raise ctx.not_simulated(f"option {args[0]}")
    if ctx.proc.pid == 1 and ctx.fs.exists(ENTRYPOINT):
        old = [name for name in DEPRECATED if ctx.env.get(name)]
        if old:
            ctx.err.write("".join(f"error: {name} is set but deprecated\n" for name in old))
            ctx.err.write(
                "error: deprecated environment variables detected\n\nPlease use a configuration "
                "file instead; visit https://www.rabbitmq.com/configure.html to learn more\n\n"
            )
            return 1
    cid = ctx.proc.hostname
    text = start_log(ctx.now(), ctx.env, ctx.proc.hostname, plugins_of(ctx.fs), cid)
    ctx.write(text)
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _server(ctx: Ctx) -> bool:
    """Whether the node of the container this command runs in is up."""
    from dockersim.engine.netview import NetView

    view = ctx.proc.net if isinstance(ctx.proc.net, NetView) else None
    source = view.source if view is not None else None
    return (
        source is not None
        and source.state.running
        and not source.state.paused
        and source.blocked_in == "rabbitmq-server"
    )


def _node_down(ctx: Ctx, node: str) -> int:
    ctx.err.write(
        f"Error: unable to perform an operation on node '{node}'. Please see diagnostics "
        "information and suggestions below.\n\nMost common reasons for this are:\n\n"
        " * Target node is unreachable (e.g. due to hostname resolution, TCP connection or "
        "firewall issues)\n"
        " * CLI tool fails to authenticate with the server (e.g. due to CLI tool's Erlang cookie "
        "not matching that of the server)\n"
        " * Target node is not running\n\n"
        "In addition to the diagnostics info below:\n\n"
        " * See the CLI, clustering and networking guides on https://rabbitmq.com/documentation.html"
        " to learn more\n"
        " * Consult server logs on node " + node + "\n"
        " * If target node is configured to use long node names, don't forget to use --longnames "
        "with CLI tools\n\n"
        "DIAGNOSTICS\n===========\n\n(abridged by dockersim)\n"
    )
    return 69


def rabbitmqctl(ctx: Ctx) -> int:
    args = [a for a in ctx.argv[1:] if a not in ("-q", "--quiet")]
    quiet = len(args) != len(ctx.argv) - 1
    tool = ctx.name
    node = f"rabbit@{ctx.proc.hostname}"
    if not args:
        raise ctx.not_simulated(f"{tool} without a command (its usage text)")
    command, rest = args[0], args[1:]
    if command == "version" and not rest:
        ctx.write(version_of(ctx.env) + "\n")
        return 0
    known = {"status", "list_queues", "list_users", "list_vhosts", "ping", "check_running"}
    if command not in known or rest:
        raise ctx.not_simulated(f"{tool} {' '.join(args)}")
    if tool == "rabbitmqctl" and command in ("ping", "check_running"):
        raise ctx.not_simulated(f"{tool} {command}")
    if tool == "rabbitmq-diagnostics" and command.startswith("list_"):
        raise ctx.not_simulated(f"{tool} {command}")
    if not _server(ctx):
        return _node_down(ctx, node)
    if command == "ping":
        if not quiet:
            ctx.write(
                f"Will ping {node}. This only checks if the OS process is running and "
                "registered with epmd. Timeout: 60000 ms.\n"
            )
        ctx.write("Ping succeeded\n")
        return 0
    if command == "check_running":
        if not quiet:
            ctx.write(f"Checking if RabbitMQ is running on node {node} ...\n")
        ctx.write(f"RabbitMQ on node {node} is fully booted and running\n")
        return 0
    if command == "status":
        return _status(ctx, node, quiet)
    intro = {
        "list_queues": "Timeout: 60.0 seconds ...\nListing queues for vhost / ...\n",
        "list_users": "Listing users ...\nuser\ttags\n",
        "list_vhosts": "Listing vhosts ...\nname\n/\n",
    }[command]
    if quiet:
        intro = "".join(line + "\n" for line in intro.splitlines()[1:] if "..." not in line)
    ctx.write(intro)
    if command == "list_users":
        user = ctx.env.get("RABBITMQ_DEFAULT_USER") or "guest"
        ctx.write(f"{user}\t[administrator]\n")
    return 0


def _status(ctx: Ctx, node: str, quiet: bool) -> int:
    version = version_of(ctx.env)
    otp, openssl, _ = RUNTIMES.get(version, RUNTIMES["4.1.0"])
    plugins = plugins_of(ctx.fs)
    lines = [] if quiet else [f"Status of node {node} ..."]
    lines += [
        "Runtime",
        "",
        "OS PID: 1",  # est.: the image execs the VM as PID 1
        "OS: Linux",
        "Is under maintenance?: false",
        f"RabbitMQ version: {version}",
        "RabbitMQ release series support status: see https://www.rabbitmq.com/release-information",
        f"Node name: {node}",
        f"Erlang configuration: Erlang/OTP {otp.split('.')[0]} [64-bit] [jit]",
        f"Crypto library: {openssl}",
        "",
        "Plugins",
        "",
        "Enabled plugin file: /etc/rabbitmq/enabled_plugins",
        "Enabled plugins:",
        "",
        *(f" * {p}" for p in plugins),
        "",
        "Listeners",
        "",
        "Interface: [::], port: 25672, protocol: clustering, purpose: inter-node and CLI tool "
        "communication",
        "Interface: [::], port: 5672, protocol: amqp, purpose: AMQP 0-9-1 and AMQP 1.0",
    ]
    if "rabbitmq_management" in plugins:
        lines.append("Interface: [::], port: 15672, protocol: http, purpose: HTTP API")
    ctx.write("\n".join(lines) + "\n")
    ctx.err.write("dockersim: not simulated in rabbitmqctl: the other sections of status\n")
    return 0


def _management(engine: Engine, container: Container) -> bool:
    return "rabbitmq_management" in plugins_of(engine.container_fs(container))


def _ports(engine: Engine, container: Container) -> list[int]:
    return [5672, 15672, 25672] if _management(engine, container) else [5672, 25672]


INDEX = """<!DOCTYPE html>
<html>
  <head>
    <title>RabbitMQ Management</title>
    <script src="js/ejs-1.0.min.js" type="text/javascript"></script>
    <script src="js/jquery-3.5.1.min.js" type="application/javascript"></script>
    <script src="js/jquery.flot-0.8.1.min.js" type="application/javascript"></script>
    <script src="js/jquery.flot-0.8.1.time.min.js" type="application/javascript"></script>
    <script src="js/sammy-0.7.6.min.js" type="application/javascript"></script>
    <script src="js/json2-2016.10.28.js" type="application/javascript"></script>
    <script src="js/base64.js" type="application/javascript"></script>
    <script src="js/global.js" type="application/javascript"></script>
    <script src="js/main.js" type="application/javascript"></script>
    <script src="js/prefs.js" type="application/javascript"></script>
    <script src="js/formatters.js" type="application/javascript"></script>
    <script src="js/charts.js" type="application/javascript"></script>
    <script src="js/oidc-oauth/helper.js" type="module"></script>
    <script src="js/oidc-oauth/bootstrap.js" type="module"></script>

    <link href="css/main.css" rel="stylesheet" type="text/css"/>
    <link href="favicon.ico" rel="shortcut icon" type="image/x-icon"/>

    <script type="application/javascript">
      var oauth = oauth_initialize_if_required();
    </script>
  </head>
  <body>
    <div id="outer"></div>
    <div id="debug"></div>
    <div id="scratch"></div>
  </body>
</html>
"""


def _json(engine: Engine, status: int, reason: str, body: object) -> HttpResponse:
    data = json.dumps(body, separators=(",", ":")).encode()
    headers = [
        ("content-length", str(len(data))),
        (
            "content-security-policy",
            "script-src 'self' 'unsafe-eval' 'unsafe-inline'; object-src 'self'",
        ),
        ("content-type", "application/json"),
        ("date", http_date(engine.now)),
        ("server", "Cowboy"),
        ("vary", "accept, accept-encoding, origin"),
    ]
    if status == 401:
        headers.insert(5, ("www-authenticate", 'Basic realm="RabbitMQ Management"'))
    return HttpResponse(status, reason, tuple(headers), data)


def _overview(engine: Engine, container: Container) -> dict[str, object]:
    env = dict(e.split("=", 1) for e in container.config.env if "=" in e)
    version = version_of(env)
    otp, _, _ = RUNTIMES.get(version, RUNTIMES["4.1.0"])
    node = f"rabbit@{container.config.hostname}"
    listeners = [
        {"node": node, "protocol": "amqp", "ip_address": "::", "port": 5672},
        {"node": node, "protocol": "clustering", "ip_address": "::", "port": 25672},
        {"node": node, "protocol": "http", "ip_address": "::", "port": 15672},
        {"node": node, "protocol": "http/prometheus", "ip_address": "::", "port": 15692},
    ]
    return {
        "management_version": version,
        "rates_mode": "basic",
        "product_version": version,
        "product_name": "RabbitMQ",
        "rabbitmq_version": version,
        "cluster_name": node,
        "erlang_version": otp,
        "release_series_support_status": "supported",
        "disable_stats": False,
        "enable_queue_totals": False,
        "queue_totals": {},
        "object_totals": {
            "channels": 0,
            "connections": 0,
            "consumers": 0,
            "exchanges": 7,
            "queues": 0,
        },
        "node": node,
        "listeners": listeners,
    }


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    if request.port != 15672:
        return None  # AMQP and clustering: no HTTP answer
    path = request.path.split("?", 1)[0]
    if not path.startswith("/api/"):
        if path not in ("/", "/index.html"):
            return None if path.startswith("/js/") else _json(engine, 404, "Not Found", {})
        body = INDEX.encode()
        headers = (
            ("content-length", str(len(body))),
            ("content-type", "text/html"),
            ("date", http_date(engine.now)),
            ("server", "Cowboy"),
        )
        return HttpResponse(200, "OK", headers, body)
    env = dict(e.split("=", 1) for e in container.config.env if "=" in e)
    user = env.get("RABBITMQ_DEFAULT_USER") or "guest"
    password = env.get("RABBITMQ_DEFAULT_PASS") or "guest"
    if request.auth != f"{user}:{password}":
        return _json(
            engine, 401, "Unauthorized", {"error": "not_authorized", "reason": "Not_Authorized"}
        )
    if path.rstrip("/") == "/api/overview":
        return _json(engine, 200, "OK", _overview(engine, container))
    if path.rstrip("/") == "/api/queues":
        return _json(engine, 200, "OK", [])
    return _json(
        engine, 404, "Object Not Found", {"error": "Object Not Found", "reason": "Not Found"}
    )


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    if sig not in ("SIGTERM", "SIGINT"):
        return None
    return "stdout", stop_log(engine.now).replace("SIGTERM", sig)


PROGRAM = Program(
    rabbitmq_server,
    ports=_ports,
    serve=_serve,
    shutdown=_shutdown,
    exits={"SIGTERM": 0, "SIGINT": 0},
    memory_mib=138.6,
    commands={"rabbitmqctl": rabbitmqctl, "rabbitmq-diagnostics": rabbitmqctl},
)
