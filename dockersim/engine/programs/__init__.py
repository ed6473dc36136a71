"""The programs of the official images and the network tools, one module each.

The userland (`dockersim.model.userland`) is the base system every image has: the shells,
coreutils, busybox, apt and apk. The programs here are what the images add on top and what
needs the engine: servers (nginx, httpd, redis-server, postgres, registry, a learner's Python
web app), clients that talk over the simulated network (curl, wget, ping, nc, getent,
nslookup, ip, redis-cli, psql), `python`/`flask` as a built image runs them, and
`node -e`/`node -p` and the REPLs (python3, node) on their safe evaluators.

Each module holds one program: what it does when run (`run`), and the parts of it the engine
asks about, declared on its `PROGRAM` (`Program`): the ports it listens on and what it answers
there, its processes as `ps`/`top` show them, what it logs when a signal stops it, and what it
does when it starts as PID 1. The engine never names a program; it asks `program_of(name)`.

`TABLE` is the one place a program is registered: the command names it answers to and its
module. Modules load on first use (the CLI's start-up stays fast), and every process the
engine starts is handed `userland_programs()` (`Proc.programs`), so nothing is installed into
a global table at run time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.programs.http import HttpResponse
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland import Proc, ProcInfo, Timeline
    from dockersim.model.userland.interactive import LineProgram, Snapshot
    from dockersim.model.userland.programs.base import Ctx

ProgramFn = Callable[["Ctx"], int]

#: command name -> module of this package that holds its program
TABLE: dict[str, str] = {
    "nginx": "nginx",
    "nginx-debug": "nginx",
    "httpd": "httpd",
    "redis-server": "redis_server",
    "redis-cli": "redis_cli",
    "postgres": "postgres",
    "psql": "psql",
    "pg_wrapper": "psql",
    "mysqld": "mysql_server",
    "mariadbd": "mysql_server",
    "mysql": "mysql_repl",
    "mariadb": "mysql_repl",
    "mysqladmin": "mysql_repl",
    "mariadb-admin": "mysql_repl",
    "healthcheck.sh": "mariadb_health",
    "registry": "registry",
    "hello": "hello",
    "python": "python",
    "python3": "python",
    "flask": "python",
    "node": "node",
    "nodejs": "node",
    "curl": "curl",
    "wget": "wget",
    "ping": "ping",
    "nc": "nc",
    "netcat": "nc",
    "getent": "getent",
    "nslookup": "nslookup",
    "ip": "ip",
    "ifconfig": "nettools",
    "netstat": "nettools",
    "route": "nettools",
    "arp": "nettools",
    "busybox-httpd": "busybox_httpd",
    "go": "golang",
    "java": "java",
    "javac": "java",
    "jshell": "java",
    "ruby": "ruby",
    "gem": "ruby",
    "bundle": "ruby",
    "bundler": "ruby",
    "irb": "ruby",
    "rustc": "rust",
    "cargo": "rust",
    "gcc": "gcc",
    "g++": "gcc",
    "gcc-12": "gcc",
    "g++-12": "gcc",
    "built": "langbase",
    "catalina.sh": "tomcat",
    "mongod": "mongo",
    "mongosh": "mongosh",
    "memcached": "memcached",
    "php-fpm": "php_fpm",
    "php": "php",
    "apache2": "apache2",
    "docker-entrypoint.sh": "wordpress",
    "traefik": "traefik",
    "caddy": "caddy",
    "haproxy": "haproxy",
    "rabbitmq-server": "rabbitmq",
    "rabbitmqctl": "rabbitmq",
    "rabbitmq-diagnostics": "rabbitmq",
    "elasticsearch": "elasticsearch_http",
}


@attrs.frozen
class Request:
    """One HTTP request reaching a server: the port it came in on, and who sent it."""

    port: int
    method: str
    path: str
    peer: str
    agent: str
    #: the Host header the client sent (`localhost:8080`; empty: not known)
    host: str = ""
    #: the credentials sent as Basic authentication (`curl -u user:password`), "" for none
    auth: str = ""
    #: the request body (`curl -d`) and its Content-Type header ("" for none)
    body: str = ""
    content_type: str = ""


@attrs.frozen
class Program:
    """A program and the parts of it the engine asks about (None: it has no such part)."""

    run: ProgramFn
    #: the ports it listens on while it runs as a container's PID 1
    ports: Callable[[Engine, Container], list[int]] | None = None
    #: its answer to an HTTP request on one of them (None: it does not speak HTTP)
    serve: Callable[[Engine, Container, Request], HttpResponse | None] | None = None
    #: whether it speaks TLS (HTTPS) on a port (None: plain HTTP on every port)
    tls: Callable[[Engine, Container, int], bool] | None = None
    #: its processes as PID 1 (started at, user, tty), when it has more than one
    processes: Callable[[Container, float, str, str], list[ProcInfo]] | None = None
    #: when a signal makes it exit: what it does and logs, as (stream, text)
    shutdown: Callable[[Engine, Container, str], tuple[str, str] | None] | None = None
    #: how it exits on the signals it handles: signal -> exit code (-1: it lives on)
    exits: Mapping[str, int] = attrs.field(factory=dict)
    #: the memory it uses while it runs, as `docker stats` shows it (MiB)
    memory_mib: float = 0.4
    #: it is a Docker registry: pushes and pulls to its port use its storage
    registry: bool = False
    #: when it has started as PID 1 (its filesystem as it left it)
    started: Callable[[Engine, Container, CowFS], None] | None = None
    #: PID 1 waited in it to ask the world again at a moment (`Timeline.wake`): the timeline
    #: of its run again, and the moment that timeline starts at (None: it cannot)
    wake: Callable[[Engine, Container, float], tuple[Timeline, float] | None] | None = None
    #: the names it answers to that are another program's in the base userland: `python`
    #: falls back on the userland's for what it does not model itself
    commands: Mapping[str, ProgramFn] = attrs.field(factory=dict)
    #: run at a terminal with these arguments and no script (`python3`, `redis-cli -h db`),
    #: the line-by-line program a live session drives, opened afresh (snapshot None) or from
    #: its saved state; None when these arguments do not make it interactive
    repl: Callable[[list[str], Proc, Snapshot | None], LineProgram | None] | None = None


def program_of(name: str | None) -> Program | None:
    """The program a command name runs (`python3.12` is `python`), or None."""
    if not name:
        return None
    from dockersim.model.userland.programs import versionless

    base = name.rsplit("/", 1)[-1]  # a program exec'd by its path
    module = TABLE.get(base) or TABLE.get(versionless(base))
    if module is None:
        return None
    program: Program = importlib.import_module(f"{__name__}.{module}").PROGRAM
    return program


class _Commands(Mapping[str, ProgramFn]):
    """`TABLE` as the userland sees it: command name -> function, each loaded on first use."""

    def __getitem__(self, name: str) -> ProgramFn:
        program = program_of(name) if name in TABLE else None
        if program is None:
            raise KeyError(name)
        return program.commands.get(name, program.run)

    def get(self, name: str, default: Any = None) -> Any:
        """As `Mapping.get`, without raising and catching KeyError for the usual miss (every
        exec of a base program, `sleep` or `sh`, asks here first)."""
        if name not in TABLE:
            return default
        program = program_of(name)
        return default if program is None else program.commands.get(name, program.run)

    def __iter__(self) -> Iterator[str]:
        return iter(TABLE)

    def __len__(self) -> int:
        return len(TABLE)


_COMMANDS = _Commands()


def userland_programs() -> Mapping[str, ProgramFn]:
    """What a process the engine starts can run besides the base userland."""
    return _COMMANDS


def listening_ports(engine: Engine, container: Container) -> list[int]:
    """The ports PID 1 of a running container, and the daemons it started, listen on."""
    if not container.state.running or container.state.restarting:
        return []
    program = program_of(container.blocked_in)
    ports = [] if program is None or program.ports is None else program.ports(engine, container)
    return ports + [port for port, _argv in _daemons(container) if port not in ports]


def _daemons(container: Container) -> list[tuple[int, list[str]]]:
    """(port, argv) of the servers a container's processes left running in the background."""
    from dockersim.engine.programs.busybox_httpd import settings

    out = []
    for argv in container.daemons:
        found = settings(argv)
        if found is not None:
            out.append((found[1], argv))
    return out


def speaks_tls(engine: Engine, container: Container, port: int) -> bool:
    """Whether PID 1 of `container` answers TLS (HTTPS) on `port`."""
    program = program_of(container.blocked_in)
    return program is not None and program.tls is not None and program.tls(engine, container, port)


def serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    """What PID 1 of `container` (or a daemon it started) answers to `request`; None when
    nothing answers in HTTP."""
    if request.port not in listening_ports(engine, container):
        return None
    for port, argv in _daemons(container):
        if port == request.port:
            from dockersim.engine.programs.busybox_httpd import respond, settings

            found = settings(argv)
            assert found is not None
            return respond(engine, container, found[0], request)
    program = program_of(container.blocked_in)
    if program is None or program.serve is None:
        return None
    return program.serve(engine, container, request)
