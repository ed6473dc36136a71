"""mongod as the mongo image runs it: the JSON start log, the entrypoint's first-start phase
with MONGO_INITDB_ROOT_USERNAME/PASSWORD (the root user, then `--auth`), its data in /data/db,
and its answer to HTTP on 27017.

The log is mongod's structured log (one JSON object a line, with its padded `"c"` and `"id"`
fields), abridged to the lines a learner looks for: `MongoDB starting`, `Build Info`,
`Options set by command line`, the startup warnings, `Listening on` and
`Waiting for connections`. The data (databases, collections, documents, users) is kept as JSON
in /data/db/dockersim-mongo.json beside stand-ins for WiredTiger's files, so it lives in the
image's /data/db volume as the real files do. Simplifications: one `mongod` per container,
listening on 27017; `{ ok: 1 }` after the user is created is an estimate of what the init
phase's `mongosh --quiet` prints.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse
from dockersim.model.cowfs import CowFS, FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

DATA = "/data/db/dockersim-mongo.json"
ENTRYPOINT = "/usr/local/bin/docker-entrypoint.sh"
#: by major version: (the release's git commit as `Build Info` shows it, max wire version);
#: 8.0.10's commit is in its Dockerfile; the 7.0.21 and 6.0.24 commits were not found (est.:
#: stand-in hashes)
BUILDS = {
    "8.0": ("9d03076bb2d5147d5b6fe381c7118b0b0478b682", 25),
    "7.0": ("b0e2ba7e5c3c7b9e3c1a0c4e6f0b1d7a2c8e9f10", 21),  # est.
    "6.0": ("1ee0b3a4e3b44c5e5f4a2ec7b6a2d1f0c9e8d7b6", 17),  # est.
}
MISSING_ROOT = """
error: missing 'MONGO_INITDB_ROOT_USERNAME' or 'MONGO_INITDB_ROOT_PASSWORD'
       both must be specified for a user to be created

"""
HTTP_BODY = b"It looks like you are trying to access MongoDB over HTTP on the native driver port.\n"
_OPTIONS = {"--bind_ip_all", "--auth", "--noauth", "--quiet"}
_VALUED = {"--bind_ip", "--port", "--dbpath", "--replSet", "--config", "-f"}


def stamp(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"


def line(now: float, c: str, id_: int, ctx: str, msg: str, attr: Any = None, s: str = "I") -> str:
    """One log line in mongod's layout (its fields padded as mongod pads them)."""
    head = f'{{"t":{{"$date":"{stamp(now)}"}},"s":"{s}",  "c":' + f'"{c}",'.ljust(12)
    text = head + f'"id":{(str(id_) + ",").ljust(9)}"ctx":"{ctx}","msg":{json.dumps(msg)}'
    if attr is not None:
        text += ',"attr":' + json.dumps(attr, separators=(",", ":"))
    if c == "STARTUP_WARNING":
        text += ',"tags":["startupWarnings"]'
    return text + "}\n"


def version_of(env: dict[str, str]) -> str:
    return env.get("MONGO_VERSION", "8.0.10")


def load(fs: CowFS) -> dict[str, Any]:
    """The server's data: {"users": {db: {user: password}}, "auth": bool, "dbs": {...}}."""
    try:
        loaded = json.loads(fs.read(DATA))
    except (FsError, ValueError):
        return {"users": {}, "auth": False, "dbs": {}, "count": 0}
    return loaded if isinstance(loaded, dict) else {"users": {}, "auth": False, "dbs": {}}


def save(fs: CowFS, data: dict[str, Any]) -> None:
    with contextlib.suppress(FsError):  # a read-only /data/db: the write fails (simplified)
        fs.write(DATA, json.dumps(data).encode())


def _start_lines(now: float, env: dict[str, str], host: str, options: dict[str, Any]) -> str:
    version = version_of(env)
    major = ".".join(version.split(".")[:2])
    git, wire = BUILDS.get(major, BUILDS["8.0"])
    os_version = "24.04" if major == "8.0" else "22.04"
    wires = {"minWireVersion": 0, "maxWireVersion": wire}
    spec = {
        "incomingExternalClient": wires,
        "incomingInternalClient": wires,
        "outgoing": {"minWireVersion": 6, "maxWireVersion": wire},
        "isInternalClient": True,
    }
    build: dict[str, Any] = {
        "version": version,
        "gitVersion": git,
        "openSSLVersion": "OpenSSL 3.0.13 30 Jan 2024"
        if major == "8.0"
        else "OpenSSL 3.0.2 15 Mar 2022",
        "modules": [],
        "allocator": "tcmalloc-google" if major == "8.0" else "tcmalloc",
        "environment": {
            "distmod": "ubuntu2404" if major == "8.0" else "ubuntu2204",
            "distarch": "x86_64",
            "target_arch": "x86_64",
        },
    }
    tls = (
        "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify "
        "--sslDisabledProtocols 'none'"
    )
    parts = [
        line(now, "CONTROL", 23285, "main", tls),
        line(now, "CONTROL", 5945603, "main", "Multi threading initialized"),
        line(now, "NETWORK", 4915701, "main", "Initialized wire specification", {"spec": spec}),
        line(
            now,
            "CONTROL",
            4615611,
            "initandlisten",
            "MongoDB starting",
            {"pid": 1, "port": 27017, "dbPath": "/data/db", "architecture": "64-bit", "host": host},
        ),
        line(now, "CONTROL", 23403, "initandlisten", "Build Info", {"buildInfo": build}),
        line(
            now,
            "CONTROL",
            51765,
            "initandlisten",
            "Operating System",
            {"os": {"name": "Ubuntu", "version": os_version}},
        ),
        line(
            now,
            "CONTROL",
            21951,
            "initandlisten",
            "Options set by command line",
            {"options": options},
        ),
        line(
            now,
            "STORAGE",
            22297,
            "initandlisten",
            "Using the XFS filesystem is strongly recommended with the WiredTiger storage engine. "
            "See http://dochub.mongodb.org/core/prodnotes-filesystem",
        ).replace('"}\n', '","tags":["startupWarnings"]}\n'),
    ]
    if "security" not in options:
        parts.append(
            line(
                now,
                "CONTROL",
                22120,
                "initandlisten",
                "Access control is not enabled for the database. Read and write access to data "
                "and configuration is unrestricted",
                s="W",
            ).replace('"}\n', '","tags":["startupWarnings"]}\n')
        )
    ftdc = {"dataDirectory": "/data/db/diagnostic.data"}
    parts.append(
        line(
            now,
            "FTDC",
            20625,
            "initandlisten",
            "Initializing full-time diagnostic data capture",
            ftdc,
        )
    )
    net = options.get("net", {})
    bind = "0.0.0.0" if net.get("bindIp") == "*" else str(net.get("bindIp", "127.0.0.1"))
    parts += [
        line(
            now,
            "NETWORK",
            23015,
            "listener",
            "Listening on",
            {"address": "/tmp/mongodb-27017.sock"},
        ),
        line(now, "NETWORK", 23015, "listener", "Listening on", {"address": bind}),
        line(
            now,
            "NETWORK",
            23016,
            "listener",
            "Waiting for connections",
            {"port": 27017, "ssl": "off"},
        ),
    ]
    return "".join(parts)


def _stop_lines(now: float, signal: int | None) -> str:
    parts = []
    if signal is not None:
        parts.append(
            line(
                now,
                "CONTROL",
                23377,
                "SignalHandler",
                "Received signal",
                {"signal": signal, "error": "Terminated" if signal == 15 else "Interrupt"},
            )
        )
        parts.append(
            line(
                now,
                "CONTROL",
                23378,
                "SignalHandler",
                "Signal was sent by kill(2)",
                {"pid": 0, "uid": 0},
            )
        )
    parts += [
        line(
            now,
            "CONTROL",
            23381,
            "SignalHandler" if signal else "conn1",
            "will terminate after current cmd ends",
        ),
        line(now, "CONTROL", 20565, "SignalHandler" if signal else "conn1", "Now exiting"),
        line(
            now,
            "CONTROL",
            23138,
            "SignalHandler" if signal else "conn1",
            "Shutting down",
            {"exitCode": 0},
        ),
    ]
    return "".join(parts)


def mongod(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    version = version_of(ctx.env)
    if "--version" in args:
        ctx.write(f"db version v{version}\nBuild Info: (abridged)\n")
        return 0
    options: dict[str, Any] = {}
    auth = False
    i = 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0]
        if name == "--bind_ip_all":
            options.setdefault("net", {})["bindIp"] = "*"
        elif name in ("--auth",):
            auth = True
        elif name in ("--bind_ip", "--port") and (i + 1 < len(args) or "=" in arg):
            value = arg.split("=", 1)[1] if "=" in arg else args[i + 1]
            i += 0 if "=" in arg else 1
            if name == "--port" and value != "27017":
                raise ctx.not_simulated("a port other than 27017")
            options.setdefault("net", {})["bindIp" if name == "--bind_ip" else "port"] = (
                value if name == "--bind_ip" else int(value)
            )
        else:
            raise ctx.not_simulated(f"option {arg}")
        i += 1
    entrypoint = ctx.proc.pid == 1 and ctx.fs.exists(ENTRYPOINT)
    user = ctx.env.get("MONGO_INITDB_ROOT_USERNAME", "")
    password = ctx.env.get("MONGO_INITDB_ROOT_PASSWORD", "")
    now = ctx.now()
    data = load(ctx.fs)
    if entrypoint:
        if bool(user) != bool(password):
            ctx.err.write(MISSING_ROOT)
            return 1
        if "net" not in options or "bindIp" not in options["net"]:
            options.setdefault("net", {})["bindIp"] = "*"
        if user:
            auth = True
            if not ctx.fs.exists("/data/db/WiredTiger"):
                ctx.write(_init_phase(ctx, now, user, password, data))
    if auth:
        options["security"] = {"authorization": "enabled"}
    data["auth"] = auth
    for name in ("WiredTiger", "storage.bson", "mongod.lock"):
        with contextlib.suppress(FsError):
            ctx.fs.write(f"/data/db/{name}", b"(stand-in)\n")
    save(ctx.fs, data)
    ctx.write(_start_lines(now, ctx.env, ctx.proc.hostname, options))
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _init_phase(ctx: Ctx, now: float, user: str, password: str, data: dict[str, Any]) -> str:
    """What the entrypoint prints while it creates the root user (its temporary mongod)."""
    temp = {
        "net": {"bindIp": "127.0.0.1", "port": 27017, "tls": {"mode": "disabled"}},
        "processManagement": {
            "fork": True,
            "pidFilePath": "/tmp/docker-entrypoint-temp-mongod.pid",
        },
        "systemLog": {"destination": "file", "logAppend": True, "path": "/proc/1/fd/1"},
    }
    data["users"] = {"admin": {user: password}}
    out = [
        "about to fork child process, waiting until server is ready for connections.\n",
        "forked process: 29\n",
        _start_lines(now, ctx.env, ctx.proc.hostname, temp).replace('"pid":1,', '"pid":29,'),
        "child process started successfully, parent exiting\n",
        "{ ok: 1 }\n",
        "\n",
    ]
    try:
        scripts = ctx.fs.listdir("/docker-entrypoint-initdb.d")
    except FsError:
        scripts = []
    if scripts:
        ctx.err.write(
            "dockersim: not simulated in mongod: the files in /docker-entrypoint-initdb.d\n"
        )
    else:
        out.append(f"{ENTRYPOINT}: ignoring /docker-entrypoint-initdb.d/*\n\n")
    out += [_stop_lines(now, None), "\nMongoDB init process complete; ready for start up.\n\n"]
    return "".join(out)


def object_id_seed(container_id: str) -> str:
    """The 5 bytes of an ObjectId that stand for the process (from the container's ID)."""
    return hashlib.sha256(container_id.encode()).hexdigest()[:10]


def _ports(engine: Engine, container: Container) -> list[int]:
    return [27017]


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    headers = (
        ("Connection", "close"),
        ("Content-Type", "text/plain"),
        ("Content-Length", str(len(HTTP_BODY))),
    )
    return HttpResponse(200, "OK", headers, HTTP_BODY, "HTTP/1.0")


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    if sig not in ("SIGTERM", "SIGINT"):
        return None
    return "stdout", _stop_lines(engine.now, 15 if sig == "SIGTERM" else 2)


PROGRAM = Program(
    mongod,
    ports=_ports,
    serve=_serve,
    shutdown=_shutdown,
    exits={"SIGTERM": 0, "SIGINT": 0},
    memory_mib=96.4,
)
