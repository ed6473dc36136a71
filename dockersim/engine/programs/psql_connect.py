"""How psql reaches the simulated PostgreSQL: its options, and libpq's connection sentences.

Without a host psql uses the local socket: the server running in its own container, which
trusts it. With `-h` it connects over the network (`localhost` tries ::1, then 127.0.0.1), and
the server asks for the password unless POSTGRES_HOST_AUTH_METHOD=trust; then it checks the
role and the database. Each failure is libpq's sentence, after where it tried
(`connection to server on socket "..." failed: `).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.engine.programs.postgres import Cluster, cluster_of
from dockersim.engine.programs.psql_sql import server_version
from dockersim.model.userland.types import Proc

if TYPE_CHECKING:
    from dockersim.engine.netview import NetView

SOCKET_DIR = "/var/run/postgresql"
NOTE = "dockersim: not simulated in psql: {what}\n"
_VALUED = {"-h": "host", "-p": "port", "-U": "user", "-d": "database", "-c": "command"}
_VALUED |= {"-f": "file", "--host": "host", "--port": "port", "--username": "user"}
_VALUED |= {"--dbname": "database", "--command": "command", "--file": "file"}
_FLAGS = {"-l", "--list", "-t", "--tuples-only", "-A", "--no-align", "-q", "--quiet", "-X"}
_FLAGS |= {"--no-psqlrc", "-w", "--no-password", "-W", "--password", "-V", "--version"}


@attrs.frozen
class Target:
    """Where psql connects and as whom (host "" is the local socket)."""

    host: str
    port: int
    user: str
    database: str


@attrs.frozen
class Options:
    target: Target
    commands: tuple[str, ...] = ()
    file: str = ""
    flags: frozenset[str] = frozenset()


def _unbundle(args: list[str]) -> list[str]:
    """Short options given together (`-tAc SQL`, `-Upostgres`) one by one, as getopt reads
    them: a letter that takes a value takes the rest of the word, or the next word."""
    out: list[str] = []
    wants_value = False
    for n, arg in enumerate(args):
        if arg == "--" and not wants_value:
            return out + args[n + 1 :]
        if wants_value or not arg.startswith("-") or arg.startswith("--") or len(arg) <= 2:
            out.append(arg)
            wants_value = not wants_value and arg in _VALUED
            continue
        wants_value = False
        for k, letter in enumerate(arg[1:], 1):
            option = "-" + letter
            out.append(option)
            if option in _VALUED:
                if arg[k + 1 :]:
                    out.append(arg[k + 1 :])
                else:
                    wants_value = True
                break
    return out


def parse(args: list[str], env: dict[str, str], login: str) -> Options | str:
    """psql's options and operands, or the error to print."""
    values: dict[str, str] = {}
    commands: list[str] = []
    flags: set[str] = set()
    operands: list[str] = []
    args = _unbundle(args)
    i = 0
    while i < len(args):
        arg = args[i]
        key, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if key in _VALUED:
            name = _VALUED[key]
            if eq:
                value = inline
            else:
                if i + 1 >= len(args):
                    return f"psql: option requires an argument -- '{arg.lstrip('-')}'\n"
                value, i = args[i + 1], i + 1
            if name == "command":
                commands.append(value)
            else:
                values[name] = value
        elif arg in _FLAGS:
            flags.add({"--list": "-l", "--tuples-only": "-t", "--no-align": "-A"}.get(arg, arg))
        elif arg.startswith("-") and len(arg) > 1:
            return (
                f"psql: error: unrecognized option: {arg}\n"
                'psql: hint: Try "psql --help" for more information.\n'
            )
        else:
            operands.append(arg)
        i += 1
    user = values.get("user") or (operands[1] if len(operands) > 1 else "")
    user = user or env.get("PGUSER", "") or login
    database = values.get("database") or (operands[0] if operands else "")
    database = database or env.get("PGDATABASE", "") or user
    port_text = values.get("port") or env.get("PGPORT", "") or "5432"
    if not port_text.isdigit():
        return f'psql: error: invalid integer value "{port_text}" for connection option "port"\n'
    host = values.get("host") or env.get("PGHOST", "")
    host = "" if host.startswith("/") else host
    target = Target(host, int(port_text), user, database)
    return Options(target, tuple(commands), values.get("file", ""), frozenset(flags))


def client_version(env: dict[str, str]) -> str:
    return env.get("PG_VERSION", "17.5-1.pgdg120+1")


@attrs.frozen
class Refused:
    """Why a connection failed (libpq's words); `password` when a password would do."""

    message: str
    password: bool = False


@attrs.frozen
class Connected:
    target: Target
    cluster: Cluster
    #: the address a network connection reached (\\conninfo)
    address: str = ""


def connect(proc: Proc, target: Target, password: str | None) -> Connected | Refused:
    """Connect as libpq does: reach the server, authenticate, open the database."""
    from dockersim.engine.netview import NetView

    view = proc.net if isinstance(proc.net, NetView) else None
    if not target.host:
        where = f'connection to server on socket "{SOCKET_DIR}/.s.PGSQL.{target.port}" failed: '
        source = view.source if view is not None else None
        running = source is not None and source.state.running and not source.state.paused
        if (
            source is None
            or not running
            or source.blocked_in != "postgres"
            or (target.port != 5432)
        ):
            return Refused(
                where + "No such file or directory\n"
                "\tIs the server running locally and accepting connections on that socket?\n"
            )
        return _login(Connected(target, cluster_of(source)), where, None)
    return _connect_tcp(view, target, password)


def _connect_tcp(view: NetView | None, target: Target, password: str | None) -> Connected | Refused:
    host, port = target.host, target.port
    if view is None:
        return Refused(f'could not translate host name "{host}" to address: Unknown host\n')
    addresses = ["::1", "127.0.0.1"] if host == "localhost" else view.resolve(host)[:1]
    if not addresses:
        return Refused(
            f'could not translate host name "{host}" to address: Name or service not known\n'
        )
    said = ""
    for address in addresses:
        shown = f'"{host}"' if host == address else f'"{host}" ({address})'
        where = f"connection to server at {shown}, port {port} failed: "
        outcome = view.connect_address(address, port) if address != "::1" else None
        found = outcome.target.container if outcome is not None and outcome.target else None
        if outcome is None or outcome.status != "ok" or found is None:
            reason = (
                "Connection timed out"
                if outcome and outcome.status == "timeout"
                else ("Connection refused")
            )
            said += (
                f"{where}{reason}\n"
                "\tIs the server running on that host and accepting TCP/IP connections?\n"
            )
            continue
        if found.blocked_in != "postgres":
            return Refused(said + NOTE.format(what=f"a server that is not PostgreSQL at {host}"))
        return _login(Connected(target, cluster_of(found), address), said + where, password)
    return Refused(said)


def _login(connected: Connected, where: str, password: str | None) -> Connected | Refused:
    """The server's checks: the password (network only), the role, the database."""
    cluster, target = connected.cluster, connected.target
    if connected.address and not cluster.trust:
        if password is None:
            return Refused(where + "fe_sendauth: no password supplied\n", password=True)
        if password != cluster.password or target.user != cluster.superuser:
            return Refused(
                where + f'FATAL:  password authentication failed for user "{target.user}"\n'
            )
    if target.user != cluster.superuser:
        return Refused(where + f'FATAL:  role "{target.user}" does not exist\n')
    if target.database not in cluster.databases:
        return Refused(where + f'FATAL:  database "{target.database}" does not exist\n')
    return connected


def banner(client: str, server: str) -> str:
    """What psql prints once connected at a terminal."""
    if client.split(".")[0] == server.split(".")[0]:
        return f'psql ({server_version(client)})\nType "help" for help.\n\n'
    return (
        f"psql ({server_version(client)}, server {server_version(server)})\n"
        f"WARNING: psql major version {client.split('.')[0]}, server major version "
        f"{server.split('.')[0]}.\n         Some psql features might not work.\n"
        'Type "help" for help.\n\n'
    )
