"""mongosh: the banner, `--eval`, and the `test>` session at a terminal.

`mongosh [URI | --host H --port P] [-u USER -p PASSWORD] [--authenticationDatabase DB]
[--quiet] [--eval CODE]` reaches a mongod over the process's view of the network. It reads a
small command set (`show dbs`, `show collections`, `use x`, `db`, `db.version()`,
`db.coll.insertOne/insertMany/find/findOne/countDocuments/deleteOne/deleteMany/drop()`,
`db.dropDatabase()`), with literal arguments only (mongo_values); any other JavaScript says on
stderr that it is not simulated. Scripts on stdin are not simulated either.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.engine.programs import Program
from dockersim.engine.programs.mongo import object_id_seed, stamp
from dockersim.engine.programs.mongo_session import Server, evaluate
from dockersim.model.cowfs import FsError
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.types import Output, Proc, Timeline

if TYPE_CHECKING:
    from dockersim.engine.netview import NetView
    from dockersim.model.userland.programs.base import Ctx

MONGOSH = "2.5.1"  # est.: the mongodb-mongosh package the June 2025 images installed
TELEMETRY = (
    "To help improve our products, anonymous usage data is collected and sent to MongoDB "
    "periodically (https://www.mongodb.com/legal/privacy-policy).\n"
    "You can opt-out by running the disableTelemetry() command.\n"
)
SEEN = "/data/db/.mongodb/mongosh/telemetry-seen"  # HOME is /data/db in the image
INTERRUPT = "(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n"


@attrs.frozen
class Options:
    host: str = "127.0.0.1"
    port: int = 27017
    db: str = "test"
    user: str = ""
    password: str = ""
    auth_db: str = ""
    uri: bool = False
    code: str | None = None
    quiet: bool = False
    version: bool = False


def parse(args: list[str]) -> Options | str:
    """mongosh's options, or the error text to print."""
    values: dict[str, Any] = {}
    valued = {
        "--host": "host",
        "--port": "port",
        "-u": "user",
        "--username": "user",
        "-p": "password",
        "--password": "password",
        "--authenticationDatabase": "auth_db",
        "--eval": "code",
    }
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in valued and i + 1 < len(args):
            values[valued[arg]] = args[i + 1]
            i += 2
            continue
        if arg == "--quiet":
            values["quiet"] = True
        elif arg == "--version":
            return Options(version=True)
        elif arg.startswith("mongodb://"):
            uri = re.fullmatch(
                r"mongodb://(?:([^:@/]+)(?::([^@/]*))?@)?([^:/?]+)(?::(\d+))?/?([^?]*)(?:\?(.*))?",
                arg,
            )
            if uri is None:
                return (
                    "MongoParseError: Invalid scheme, expected connection string to start "
                    'with "mongodb://" or "mongodb+srv://"\n'
                )
            user, password, host, port, db, query = uri.groups()
            values.update(host=host, uri=True)
            if port:
                values["port"] = port
            if db:
                values["db"] = db
            if user:
                values.update(user=user, password=password or "")
            for part in (query or "").split("&"):
                if part.startswith("authSource="):
                    values["auth_db"] = part.split("=", 1)[1]
        elif arg.startswith("-"):
            return f"MongoshUnimplementedError: dockersim: not simulated in mongosh: option {arg}\n"
        else:
            host, _, rest = arg.partition("/") if "/" in arg else ("", "", arg)
            if host:
                values["host"], _, port = host.partition(":")
                if port:
                    values["port"] = port
            values["db"] = rest or "test"
        i += 1
    port = str(values.get("port", "27017"))
    if not port.isdigit():
        return "MongoParseError: Invalid port (non-numeric string)\n"
    values["port"] = int(port)
    return Options(**values)


def shown_uri(o: Options) -> str:
    creds = "<credentials>@" if o.user else ""
    query = "directConnection=true"
    if not o.uri:
        query += "&serverSelectionTimeoutMS=2000"
    if o.user and not o.uri:
        query += f"&authSource={o.auth_db or 'admin'}"
    path = o.db if o.uri and o.db != "test" else ""
    return f"mongodb://{creds}{o.host}:{o.port}/{path}?{query}&appName=mongosh+{MONGOSH}"


def connect(view: NetView | None, o: Options) -> Server | str:
    """The server at the options' address, authenticated as asked, or the error line."""
    outcome = view.connect(o.host, o.port) if view is not None else None
    target = outcome.target.container if outcome is not None and outcome.target else None
    if view is None or outcome is None:
        return f"MongoNetworkError: connect ECONNREFUSED {o.host}:{o.port}\n"
    if outcome.status == "unresolved":
        return f"MongoNetworkError: getaddrinfo ENOTFOUND {o.host}\n"
    if outcome.status == "timeout":
        return "MongoServerSelectionError: Server selection timed out after 2000 ms\n"
    if target is None or target.blocked_in != "mongod":
        return f"MongoNetworkError: connect ECONNREFUSED {outcome.address}:{o.port}\n"
    engine = view.engine_for(target)
    server = Server(engine.container_fs(target), object_id_seed(target.id), engine.now)
    server.version = next(
        (e.split("=", 1)[1] for e in target.config.env if e.startswith("MONGO_VERSION=")), "8.0.10"
    )
    server.started = target.state.started_at or engine.now
    if o.user:
        users = server.data.get("users", {}).get(o.auth_db or "admin", {})
        if users.get(o.user) != o.password:
            return "MongoServerError: Authentication failed.\n"
        server.authenticated = True
    return server


def banner(o: Options, server: Server, fs_seen: bool, log_id: str) -> str:
    text = (
        f"Current Mongosh Log ID:\t{log_id}\n"
        f"Connecting to:\t\t{shown_uri(o)}\n"
        f"Using MongoDB:\t\t{server.version}\n"
        f"Using Mongosh:\t\t{MONGOSH}\n\n"
        "For mongosh info see: https://www.mongodb.com/docs/mongodb-shell/\n\n"
    )
    if not fs_seen:
        text += "\n" + TELEMETRY + "\n"
    if not server.auth or server.authenticated:
        when = stamp(server.started)
        warnings = [
            "Using the XFS filesystem is strongly recommended with the WiredTiger storage "
            "engine. See http://dochub.mongodb.org/core/prodnotes-filesystem"
        ]
        if not server.auth:
            warnings.append(
                "Access control is not enabled for the database. Read and write access to "
                "data and configuration is unrestricted"
            )
        text += "------\n   The server generated these startup warnings when booting\n"
        text += "".join(f"   {when}: {w}\n" for w in warnings) + "------\n\n"
    return text


def _log_id(now: float, seed: str) -> str:
    return f"{int(now) & 0xFFFFFFFF:08x}{seed[:10]}{int(now * 1000) % 0xFFFFFF:06x}"


def _seen(fs: Any) -> bool:
    seen = bool(fs.exists(SEEN))
    if not seen:
        # a read-only home: the notice shows every time
        with contextlib.suppress(FsError):
            fs.write(SEEN, b"")
    return seen


def mongosh(ctx: Ctx) -> int:
    from dockersim.engine.netview import view_of

    o = parse(ctx.argv[1:])
    if isinstance(o, str):
        ctx.err.write(o)
        return 1
    if o.version:
        ctx.write(f"{MONGOSH}\n")
        return 0
    server = connect(view_of(ctx), o)
    log_id = _log_id(ctx.now(), object_id_seed(ctx.proc.hostname))
    if isinstance(server, str):
        if not o.quiet:
            ctx.write(f"Current Mongosh Log ID:\t{log_id}\nConnecting to:\t\t{shown_uri(o)}\n")
        ctx.err.write(server)
        return 1
    if not o.quiet:
        ctx.write(banner(o, server, _seen(ctx.fs), log_id))
    if o.code is None:
        if ctx.proc.stdin.strip():
            raise ctx.not_simulated("a script on standard input")
        return 0
    db = o.db
    for statement in _statements(o.code):
        out, err, db, done = evaluate(server, db, statement)
        ctx.write(out)
        if err:
            ctx.err.write(err)
            return 1
        if done is not None:
            return done
    return 0


def _statements(code: str) -> list[str]:
    """`a; b` as statements (semicolons inside quotes or brackets stay)."""
    out, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(code):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in ";\n" and depth == 0:
            out.append(code[start:i])
            start = i + 1
    out.append(code[start:])
    return [s.strip() for s in out if s.strip()]


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> MongoshRepl | None:
    o = parse(argv[1:])
    if isinstance(o, str) or o.version or o.code is not None:
        return None
    session = MongoshRepl(proc, o)
    if snapshot is not None:
        session.db = str(snapshot.get("db", o.db))
        session.interrupted = snapshot.get("interrupted") is True
    return session


class MongoshRepl:
    """mongosh at a terminal (a `LineProgram`)."""

    name = "mongosh"

    def __init__(self, proc: Proc, options: Options) -> None:
        self.proc = proc
        self.options = options
        self.db = options.db
        self.exited = False
        self.exit_code: int | None = None
        self.interrupted = False

    def _server(self) -> Server | str:
        from dockersim.engine.netview import NetView

        view = self.proc.net if isinstance(self.proc.net, NetView) else None
        return connect(view, self.options)

    @staticmethod
    def _timeline(out: str = "", err: str = "", code: int | None = 0) -> Timeline:
        outputs = [Output(s, t, 0.0) for s, t in (("stdout", out), ("stderr", err)) if t]
        return Timeline(tuple(outputs), code, 0.0)

    def start(self) -> Timeline:
        server = self._server()
        log_id = _log_id(self.proc.now, object_id_seed(self.proc.hostname))
        if isinstance(server, str):
            self.exited, self.exit_code = True, 1
            head = (
                ""
                if self.options.quiet
                else f"Current Mongosh Log ID:\t{log_id}\n"
                f"Connecting to:\t\t{shown_uri(self.options)}\n"
            )
            return self._timeline(head, server, 1)
        return self._timeline(
            "" if self.options.quiet else banner(self.options, server, _seen(self.proc.fs), log_id)
        )

    def prompt(self) -> str:
        return "" if self.exited else f"{self.db}> "

    def run_line(self, line: str) -> Timeline:
        self.interrupted = False
        if not line.strip():
            return self._timeline()
        server = self._server()
        if isinstance(server, str):
            return self._timeline(err=server)
        out, err, self.db, done = evaluate(server, self.db, line.strip())
        if done is not None:
            self.exited, self.exit_code = True, done
            return self._timeline(out, err, done)
        return self._timeline(out, err)

    def interrupt(self) -> Timeline:
        if self.interrupted:
            self.exited, self.exit_code = True, 0
            return self._timeline("\n")
        self.interrupted = True
        return self._timeline("\n" + INTERRUPT)

    def end_of_input(self) -> Timeline:
        self.exited, self.exit_code = True, 0
        return self._timeline("\n")

    def snapshot(self) -> Snapshot:
        return {"db": self.db, "interrupted": self.interrupted}


PROGRAM = Program(mongosh, repl=repl)
