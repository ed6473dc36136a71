"""mysqld and mariadbd as the official images' entrypoints start them, and their data on disk.

The entrypoint's checks and notes (docker-library/mysql `docker-entrypoint.sh`, MariaDB's
mariadb-docker), the first start that initialises /var/lib/mysql (root's password, the
MYSQL_DATABASE/MYSQL_USER/MYSQL_PASSWORD database and user; MariaDB also reads the MARIADB_*
names), the temporary server, and the final server's log lines; a start with data already in
the volume skips the initialisation. SIGTERM stops it with the server's shutdown lines.

Simplifications: what the server keeps (users, databases, tables, rows) is one JSON document
in /var/lib/mysql/ibdata1 beside stand-in directories for each database (not InnoDB's format),
written after each statement that changes it; the MySQL log is abridged to its `[System]` lines
and MariaDB's InnoDB notes to the ones a learner sees first; /docker-entrypoint-initdb.d
scripts are not run (the entrypoint says so and ignores them).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import Program
from dockersim.model.cowfs import CowFS, FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

DATADIR = "/var/lib/mysql"
STORE = DATADIR + "/ibdata1"
SYSTEM_DATABASES = ("information_schema", "mysql", "performance_schema", "sys")

MISSING_PASSWORD = (
    "Database is uninitialized and password option is not specified\n"
    "    You need to specify one of the following as an environment variable:\n"
    "    - MYSQL_ROOT_PASSWORD\n"
    "    - MYSQL_ALLOW_EMPTY_PASSWORD\n"
    "    - MYSQL_RANDOM_ROOT_PASSWORD"
)
MARIADB_MISSING_PASSWORD = (
    "Database is uninitialized and password option is not specified\n"
    "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, "
    "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"
)
MARIADB_REVISION = {  # source revisions the servers print (11.7.2: observed; others est.)
    "11.7.2": "80067a69feaeb5df30abb1bfaf7d4e713ccbf027",
    "11.8.2": "8d36cafe4fc700e6e577d5a36650c58707e76b92",
}


# --- versions --------------------------------------------------------------------------------
def is_mariadb(env: dict[str, str]) -> bool:
    return "MARIADB_VERSION" in env


def package_version(env: dict[str, str]) -> str:
    """The package the entrypoint names: `8.4.5-1.el9`, `1:11.7.2+maria~ubu2404`."""
    return env.get("MARIADB_VERSION") or env.get("MYSQL_VERSION", "8.4.5-1.el9")


def version(env: dict[str, str]) -> str:
    """The server's version as it reports it: `8.4.5`, `11.7.2-MariaDB-ubu2404`."""
    if is_mariadb(env):
        package = env["MARIADB_VERSION"].split(":", 1)[-1]
        number, _, distro = package.partition("+maria~")
        return f"{number}-MariaDB-{distro}" if distro else f"{number}-MariaDB"
    return package_version(env).split("-", 1)[0]


def comment(env: dict[str, str]) -> str:
    return "mariadb.org binary distribution" if is_mariadb(env) else "MySQL Community Server - GPL"


def socket_path(env: dict[str, str]) -> str:
    return "/run/mysqld/mysqld.sock" if is_mariadb(env) else "/var/run/mysqld/mysqld.sock"


def var(env: dict[str, str], name: str) -> str:
    """MYSQL_<name>, or MariaDB's MARIADB_<name> which it prefers."""
    if is_mariadb(env) and env.get("MARIADB_" + name):
        return env["MARIADB_" + name]
    return env.get("MYSQL_" + name, "")


# --- the data in the volume ------------------------------------------------------------------
def load(fs: CowFS) -> dict[str, Any] | None:
    """What the server keeps, or None when the data directory was never initialised."""
    if not fs.exists(DATADIR + "/mysql"):
        return None
    try:
        data = json.loads(fs.read(STORE))
    except (FsError, ValueError):
        data = None
    if not isinstance(data, dict):
        data = {"users": {"root": ""}, "grants": {}, "databases": {}}
    return data


def save(fs: CowFS, data: dict[str, Any]) -> None:
    try:
        for name in (*SYSTEM_DATABASES[1:], *data["databases"]):
            path = f"{DATADIR}/{name}"
            if not fs.exists(path):
                fs.mkdir(path, parents=True)
        fs.write(STORE, json.dumps(data, sort_keys=True).encode())
    except FsError:  # a read-only volume: the server keeps going (simplified)
        pass


def _initial(env: dict[str, str], root_password: str) -> dict[str, Any]:
    data: dict[str, Any] = {"users": {"root": root_password}, "grants": {}, "databases": {}}
    database, user, password = var(env, "DATABASE"), var(env, "USER"), var(env, "PASSWORD")
    if database:
        data["databases"][database] = {}
    if user and password:
        data["users"][user] = password
        if database:
            data["grants"][user] = [database]
    return data


# --- the logs ------------------------------------------------------------------------------------
def entry_ts(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")


def mysqld_ts(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def mariadbd_ts(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%Y-%m-%d ") + f"{moment.hour:2d}" + moment.strftime(":%M:%S")


class _Log:
    """Writes the entrypoint's notes (stdout) and the server's lines (stderr) as time goes."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.mariadb = is_mariadb(ctx.env)

    def note(self, text: str, kind: str = "Note") -> None:
        line = f"{entry_ts(self.ctx.now())} [{kind}] [Entrypoint]: {text}\n"
        (self.ctx.err if kind != "Note" else self.ctx.out).write(line)

    def server(self, *lines: str, pid: int = 0) -> None:
        for line in lines:
            if self.mariadb:
                self.ctx.err.write(f"{mariadbd_ts(self.ctx.now())} 0 [Note] {line}\n")
            else:
                thread = "1" if "[InnoDB]" in line else "0"
                self.ctx.err.write(f"{mysqld_ts(self.ctx.now())} {thread} [System] {line}\n")

    def wait(self, seconds: float) -> None:
        self.ctx.rec.advance(seconds)


def _mysql_start(log: _Log, env: dict[str, str], pid: int, port: int) -> None:
    v = version(env)
    log.server("[MY-015015] [Server] MySQL Server - start.")
    log.server(f"[MY-010116] [Server] /usr/sbin/mysqld (mysqld {v}) starting as process {pid}")
    log.server("[MY-013576] [InnoDB] InnoDB initialization has started.")
    log.wait(1.0)
    log.server("[MY-013577] [InnoDB] InnoDB initialization has ended.")
    log.server(
        "[MY-013602] [Server] Channel mysql_main configured to support TLS. "
        "Encrypted connections are now supported for this channel."
    )
    x = "Bind-address: '::' port: 33060, socket" if port else "Socket"
    log.server(
        f"[MY-011323] [Server] X Plugin ready for connections. {x}: /var/run/mysqld/mysqlx.sock"
    )
    log.server(
        f"[MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{v}'  "
        f"socket: '/var/run/mysqld/mysqld.sock'  port: {port}  MySQL Community Server - GPL."
    )


def _mariadb_start(log: _Log, env: dict[str, str], pid: int, port: int) -> None:
    v = version(env)
    revision = MARIADB_REVISION.get(v.split("-")[0], "0" * 40)
    log.server(f"Starting MariaDB {v} source revision {revision} as process {pid}")
    zlib = "1.3" if v.endswith("ubu2404") else "1.2.11"  # the distribution's zlib
    log.server(f"InnoDB: Compressed tables use zlib {zlib}")
    log.server("InnoDB: Initializing buffer pool, total size = 128.000MiB, chunk size = 2.000MiB")
    log.server("InnoDB: Completed initialization of buffer pool")
    log.wait(1.0)
    if port:
        log.server("Server socket created on IP: '0.0.0.0'.", "Server socket created on IP: '::'.")
    log.server("mariadbd: Event Scheduler: Loaded 0 events", "mariadbd: ready for connections.")
    log.ctx.err.write(
        f"Version: '{v}'  socket: '/run/mysqld/mysqld.sock'  port: {port}  {comment(env)}\n"
    )


def _start(log: _Log, env: dict[str, str], pid: int, port: int) -> None:
    (_mariadb_start if log.mariadb else _mysql_start)(log, env, pid, port)


def _stop_temporary(log: _Log, env: dict[str, str]) -> None:
    v = version(env)
    if log.mariadb:
        log.server(
            "mariadbd (initiated by: unknown): Normal shutdown",
            "InnoDB: Starting shutdown...",
            "mariadbd: Shutdown complete",
        )
        return
    log.ctx.err.write(
        f"{mysqld_ts(log.ctx.now())} 9 [System] [MY-013172] [Server] Received SHUTDOWN from "
        f"user root. Shutting down mysqld (Version: {v}).\n"
    )
    log.wait(1.0)
    log.server(
        f"[MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {v})  "
        "MySQL Community Server - GPL.",
        "[MY-015016] [Server] MySQL Server - end.",
    )


def _random_password(ctx: Ctx) -> str:
    seed = f"{ctx.now()}:{ctx.env.get('HOSTNAME', '')}".encode()
    return base64.b64encode(hashlib.sha256(seed).digest()[:18]).decode()


def _initialise(ctx: Ctx, log: _Log) -> int:
    env = ctx.env
    root = var(env, "ROOT_PASSWORD")
    empty = var(env, "ALLOW_EMPTY_PASSWORD") or env.get("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "")
    random = var(env, "RANDOM_ROOT_PASSWORD")
    if not (root or empty or random):
        log.note(MARIADB_MISSING_PASSWORD if log.mariadb else MISSING_PASSWORD, "ERROR")
        return 1
    log.note("Initializing database files")
    if not log.mariadb:
        v = version(env)
        log.server("[MY-015017] [Server] MySQL Server Initialization - start.")
        log.server(
            f"[MY-013169] [Server] /usr/sbin/mysqld (mysqld {v}) initializing of server in "
            "progress as process 80"
        )
        log.wait(4.0)
        ctx.err.write(
            f"{mysqld_ts(ctx.now())} 6 [Warning] [MY-010453] [Server] root@localhost is created "
            "with an empty password ! Please consider switching off the --initialize-insecure "
            "option.\n"
        )
        log.server("[MY-015018] [Server] MySQL Server Initialization - end.")
    else:
        log.wait(4.0)
    log.note("Database files initialized")
    log.note("Starting temporary server")
    if log.mariadb:
        log.note("Waiting for server startup")
    _start(log, env, 92 if log.mariadb else 124, 0)
    log.note("Temporary server started.")
    if not log.mariadb:
        ctx.out.write("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n")
    if random:
        root = _random_password(ctx)
        log.note(f"GENERATED ROOT PASSWORD: {root}")
    data = _initial(env, root)
    database, user = var(env, "DATABASE"), var(env, "USER")
    if database:
        log.note(f"Creating database {database}")
    if user and var(env, "PASSWORD"):
        log.note(f"Creating user {user}")
        if database:
            log.note(f"Giving user {user} access to schema {database}")
    if log.mariadb:
        log.note("Securing system users (equivalent to running mysql_secure_installation)")
    ctx.out.write("\n")
    _init_scripts(ctx, log)
    log.note("Stopping temporary server")
    _stop_temporary(log, env)
    log.note("Temporary server stopped")
    ctx.out.write("\n")
    log.note(("MariaDB" if log.mariadb else "MySQL") + " init process done. Ready for start up.")
    ctx.out.write("\n")
    save(ctx.fs, data)
    return 0


def _init_scripts(ctx: Ctx, log: _Log) -> None:
    try:
        names = sorted(ctx.fs.listdir("/docker-entrypoint-initdb.d"))
    except FsError:
        names = []
    for name in names:
        log.note(
            f"/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/{name}",
            "Warn",
        )
        ctx.err.write(f"dockersim: not simulated in {ctx.name or 'mysqld'}: init script {name}\n")
        ctx.out.write("\n")


# --- the program ---------------------------------------------------------------------------------
def mysqld(ctx: Ctx) -> int:
    env = ctx.env
    args = ctx.argv[1:]
    if "--version" in args or "-V" in args:
        name = "mariadbd" if is_mariadb(env) else "mysqld"
        arch = "x86_64" if ctx.proc.arch in ("", "x86_64") else ctx.proc.arch
        where = f"/usr/sbin/{name}  Ver {version(env)} for Linux on {arch} ({comment(env)})\n"
        ctx.write(where)
        return 0
    if args:
        raise ctx.not_simulated(f"options ({' '.join(args)[:40]})")
    log = _Log(ctx)
    entrypoint = ctx.proc.pid == 1 and ctx.fs.exists("/usr/local/bin/docker-entrypoint.sh")
    if entrypoint:
        kind = "MariaDB" if log.mariadb else "MySQL"
        started = f"Entrypoint script for {kind} Server {package_version(env)} started."
        log.note(started)
        log.note("Switching to dedicated user 'mysql'")
        log.note(started)
        if load(ctx.fs) is None:
            if _initialise(ctx, log):
                return 1
        elif log.mariadb:
            log.note("MariaDB upgrade not required")
        else:
            ctx.out.write("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n")
    elif load(ctx.fs) is None:
        save(ctx.fs, _initial(env, ""))
    _start(log, env, ctx.proc.pid, 3306)
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGQUIT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    mariadb = any(e.startswith("MARIADB_VERSION=") for e in container.config.env)
    return [3306] if mariadb else [3306, 33060]


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    env = dict(e.partition("=")[::2] for e in container.config.env)
    now, v = engine.now, version(env)
    if is_mariadb(env):
        ts = mariadbd_ts(now)
        lines = [
            f"{ts} 0 [Note] mariadbd (initiated by: unknown): Normal shutdown",
            f"{ts} 0 [Note] InnoDB: Starting shutdown...",
            f"{ts} 0 [Note] mariadbd: Shutdown complete",
        ]
        return "stderr", "\n".join(lines) + "\n\n"
    ts = mysqld_ts(now)
    lines = [
        f"{ts} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. "
        f"Shutting down mysqld (Version: {v}).",
        f"{ts} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {v})  "
        "MySQL Community Server - GPL.",
        f"{ts} 0 [System] [MY-015016] [Server] MySQL Server - end.",
    ]
    return "stderr", "\n".join(lines) + "\n"


PROGRAM = Program(
    mysqld,
    ports=_ports,
    shutdown=_shutdown,
    exits={"SIGTERM": 0, "SIGINT": 0, "SIGQUIT": 0},
    memory_mib=440.0,
)
