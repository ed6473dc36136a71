"""mysql and mariadb (the clients), mysqladmin ping, against the simulated servers.

`mysql [-h HOST] [-P PORT] [-u USER] [-pPASS|-p] [-D DB|DB] [-e SQL] [-N] [-t] [-B]`: without
-h (or with `localhost`) over the socket to the server in its own container; with -h over the
process's view of the network. Errors are the client's (`ERROR 2005 (HY000): Unknown MySQL
server host 'x' (-2)`) and the server's (`ERROR 1045 (28000): Access denied for user ...`).
Results print as tables with borders at a terminal (or -t), tab-separated otherwise. At a
terminal with no -e it is interactive (`MysqlSession`): the banner, `mysql> ` (`MariaDB
[db]> `) and `    -> ` while a statement waits for its `;`, `Enter password: ` for a bare -p.
The SQL is mysql_sql's; what it does not model is said on stderr as not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dockersim.engine.programs import mysql_server as server
from dockersim.engine.programs.mysql_run import run
from dockersim.engine.programs.mysql_sql import NotSimulated, Result, Session, SqlError, select
from dockersim.model.userland.types import Proc

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

SERVERS = ("mysqld", "mariadbd")
_VALUED = {
    "-h": "host",
    "-P": "port",
    "-u": "user",
    "-D": "database",
    "-e": "execute",
    "-S": "socket",
}
_LONG = {"--host": "host", "--port": "port", "--user": "user", "--database": "database"}
_LONG |= {"--execute": "execute", "--socket": "socket", "--protocol": "protocol"}
_FLAGS = {"-N", "--skip-column-names", "-t", "--table", "-B", "--batch", "-s", "--silent"}
_FLAGS |= {"-V", "--version", "-v", "--verbose", "-f", "--force", "-A", "--no-auto-rehash"}


@attrs.frozen
class Options:
    host: str = ""
    port: int = 3306
    user: str = "root"
    #: None: no -p; "": a bare -p (asked for)
    password: str | None = None
    database: str = ""
    execute: str | None = None
    flags: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()


def parse(args: list[str], login: str) -> Options | str:
    values: dict[str, str] = {}
    flags: set[str] = set()
    words: list[str] = []
    password: str | None = None
    i = 0
    while i < len(args):
        arg = args[i]
        key, eq, inline = arg.partition("=")
        if arg in ("-p", "--password"):
            password = ""
        elif arg.startswith("--password="):
            password = inline
        elif arg.startswith("-p") and not arg.startswith("--"):
            password = arg[2:]
        elif key in _LONG and eq:
            values[_LONG[key]] = inline
        elif arg in _VALUED or key in _LONG:
            if i + 1 >= len(args):
                return f"mysql: option '{arg}' requires an argument.\n"
            values[_VALUED.get(arg) or _LONG[key]] = args[i + 1]
            i += 1
        elif arg[:2] in _VALUED and not arg.startswith("--"):
            values[_VALUED[arg[:2]]] = arg[2:]
        elif arg in _FLAGS:
            flags.add({"--skip-column-names": "-N", "--table": "-t", "--batch": "-B"}.get(arg, arg))
        elif arg.startswith("-") and len(arg) > 1:
            return f"mysql: [ERROR] unknown option '{arg}'.\n"
        else:
            words.append(arg)
        i += 1
    port = values.get("port", "3306")
    if not port.isdigit():
        return (
            f"mysql: [ERROR] Unknown suffix '{port[-1]}' used for variable 'port' "
            f"(value '{port}').\n"
        )
    return Options(
        values.get("host", ""),
        int(port),
        values.get("user", login or "root"),
        password,
        values.get("database", words[0] if words else ""),
        values.get("execute"),
        frozenset(flags),
        tuple(words),
    )


@attrs.define
class Connection:
    """A session with a server: where its data lives and who asks."""

    fs: Any
    session: Session

    def run(self, statement: str) -> Result:
        result = run(statement, self.session)
        if self.session.dirty:
            server.save(self.fs, self.session.data)
            self.session.dirty = False
        return result


def _env_of(container: Any) -> dict[str, str]:
    return dict(e.partition("=")[::2] for e in container.config.env)


def connect(proc: Proc, options: Options, password: str | None, mariadb: bool) -> Connection | str:
    """Reach the server and log in, or the client's error line."""
    from dockersim.engine.netview import NetView

    view = proc.net if isinstance(proc.net, NetView) else None
    words = "" if mariadb else "MySQL "
    host = options.host
    if not host or host == "localhost":
        found = view.source if view is not None else None
        if found is None or found.blocked_in not in SERVERS or not found.state.running:
            where = "/run/mysqld/mysqld.sock" if mariadb else "/var/run/mysqld/mysqld.sock"
            return (
                f"ERROR 2002 (HY000): Can't connect to local {words}server through socket "
                f"'{where}' (2)\n"
            )
        client_host, engine = "localhost", view.engine if view is not None else None
    else:
        outcome = view.connect(host, options.port) if view is not None else None
        found = outcome.target.container if outcome is not None and outcome.target else None
        if outcome is None or outcome.status == "unresolved":
            return f"ERROR 2005 (HY000): Unknown {words}server host '{host}' (-2)\n"
        if found is None or outcome.status != "ok" or view is None:
            code = "110" if outcome.status == "timeout" else "111"
            if mariadb:
                errno = "110" if code == "110" else "115"
                return f"ERROR 2002 (HY000): Can't connect to server on '{host}' ({errno})\n"
            where = f"{host}:{options.port}"
            return f"ERROR 2003 (HY000): Can't connect to MySQL server on '{where}' ({code})\n"
        if found.blocked_in not in SERVERS:
            return f"dockersim: not simulated in mysql: a server that is not MySQL at {host}\n"
        client_host, engine = view.peer_address(), view.engine_for(found)
    assert engine is not None and found is not None
    fs = engine.container_fs(found)
    data = server.load(fs) or {"users": {"root": ""}, "grants": {}, "databases": {}}
    env = _env_of(found)
    given = password or ""
    users: dict[str, str] = data.get("users", {})
    if options.user not in users or users[options.user] != given:
        used = "YES" if given else "NO"
        return (
            f"ERROR 1045 (28000): Access denied for user '{options.user}'@'{client_host}' "
            f"(using password: {used})\n"
        )
    session = Session(
        data, options.user, client_host, "", server.version(env), proc.now, server.is_mariadb(env)
    )
    connection = Connection(fs, session)
    if options.database:
        try:
            select(session, options.database)
        except SqlError as error:
            return f"{error}\n"
    return connection


# --- printing ----------------------------------------------------------------------------------
def _cell(value: object) -> str:
    return "NULL" if value is None else str(value)


def table(result: Result) -> str:
    nullable = result.nullable or tuple(False for _ in result.columns)
    # a column that may hold NULL is at least as wide as `NULL` (the client's rule)
    widths = [max(len(c), 4 if n else 0) for c, n in zip(result.columns, nullable, strict=True)]
    for row in result.rows:
        widths = [max(w, len(_cell(v))) for w, v in zip(widths, row, strict=True)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"
    head = (
        "|"
        + "|".join(f" {c.ljust(w)} " for c, w in zip(result.columns, widths, strict=True))
        + "|\n"
    )
    out = line + head + line
    numeric = result.numeric or tuple(False for _ in widths)
    for row in result.rows:
        cells = []
        for value, width, right in zip(row, widths, numeric, strict=True):
            text = _cell(value)
            cells.append(
                f" {text.rjust(width) if right and value is not None else text.ljust(width)} "
            )
        out += "|" + "|".join(cells) + "|\n"
    return out + line


def tabbed(result: Result, header: bool) -> str:
    def esc(value: object) -> str:
        return _cell(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    lines = ["\t".join(result.columns)] if header else []
    lines += ["\t".join(esc(v) for v in row) for row in result.rows]
    return "".join(line + "\n" for line in lines)


def interactive(result: Result) -> str:
    """What the interactive client prints after a statement."""
    if result.note == "Database changed":
        return "Database changed\n"
    if result.columns:
        count = len(result.rows)
        if not count:
            return "Empty set (0.00 sec)\n\n"
        return table(result) + f"{count} {'row' if count == 1 else 'rows'} in set (0.00 sec)\n\n"
    rows = "row" if result.affected == 1 else "rows"
    extra = result.note + "\n" if result.note else ""
    return f"Query OK, {result.affected} {rows} affected (0.01 sec)\n{extra}\n"


def statements(text: str) -> tuple[list[str], str]:
    """Complete statements (ended by `;` or `\\g` outside quotes) and what is left."""
    done: list[str] = []
    quote = ""
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == ";" or text.startswith("\\g", i):
            done.append(text[start:i].strip())
            i += 1 if char == ";" else 2
            start = i
            continue
        i += 1
    return [s for s in done if s], text[start:]


def one(connection: Connection, statement: str) -> Result | str:
    """A statement's result, or the error text (without the `at line` part)."""
    try:
        return connection.run(statement)
    except SqlError as error:
        return f"{error}\n"
    except NotSimulated as what:
        return f"dockersim: not simulated in mysql: {what}\n"


# --- the programs --------------------------------------------------------------------------------
def _warn(ctx: Ctx, options: Options, mariadb: bool) -> None:
    new_name = {"mysql": "mariadb", "mysqladmin": "mariadb-admin"}.get(ctx.name)
    if new_name and server.is_mariadb(ctx.env) and server.version(ctx.env) >= "11":
        ctx.err.write(  # MariaDB 11's clients under their mysql names (as logs in issues show)
            f"{ctx.name}: Deprecated program name. It will be removed in a future release, "
            f"use '/usr/bin/{new_name}' instead\n"
        )
    if options.password and not mariadb:
        name = "mysqladmin" if ctx.name == "mysqladmin" else "mysql"
        ctx.err.write(
            f"{name}: [Warning] Using a password on the command line interface can be insecure.\n"
        )


def mysql(ctx: Ctx) -> int:
    """The client run as a command: -e, or the statements on stdin."""
    mariadb = ctx.name.startswith("mariadb") or server.is_mariadb(ctx.env)
    options = parse(ctx.argv[1:], "root")
    if isinstance(options, str):
        ctx.err.write(options)
        return 1 if options.startswith("mysql: option") else 7
    if "-V" in options.flags or "--version" in options.flags:
        ctx.write(_client_version(ctx.env, mariadb))
        return 0
    if options.password == "":
        raise ctx.not_simulated("reading the password from a terminal (give it as -pPASSWORD)")
    _warn(ctx, options, mariadb)
    connection = connect(ctx.proc, options, options.password, mariadb)
    if isinstance(connection, str):
        ctx.err.write(connection)
        return 1
    text = options.execute if options.execute is not None else ctx.proc.stdin
    done, rest = statements(text)
    if rest.strip():
        done.append(rest.strip())
    tabular = "-t" in options.flags or (ctx.out.is_tty and "-B" not in options.flags)
    for number, statement in enumerate(done, 1):
        result = one(connection, statement)
        if isinstance(result, str):
            if result.startswith("ERROR"):
                code, _, message = result.partition(": ")
                result = f"{code} at line {number}: {message}"
            ctx.err.write(result)
            return 1
        if result.columns:
            header = "-N" not in options.flags
            ctx.write(table(result) if tabular else tabbed(result, header))
    return 0


def _client_version(env: dict[str, str], mariadb: bool) -> str:
    if mariadb:
        number = server.version(env).split("-")[0]
        return (
            f"mariadb from {number}-MariaDB, client 15.2 for debian-linux-gnu (x86_64) "
            "using  EditLine wrapper\n"
        )
    return f"mysql  Ver {server.version(env)} for Linux on x86_64 (MySQL Community Server - GPL)\n"


def mysqladmin(ctx: Ctx) -> int:
    """`mysqladmin [options] ping` (health checks); other commands are not simulated."""
    mariadb = ctx.name.startswith("mariadb") or server.is_mariadb(ctx.env)
    options = parse(ctx.argv[1:], "root")
    if isinstance(options, str):
        ctx.err.write(options.replace("mysql:", "mysqladmin:"))
        return 1
    options = attrs.evolve(options, database=options.database if "-D" in ctx.argv else "")
    if list(options.words) != ["ping"]:
        raise ctx.not_simulated(f"mysqladmin {' '.join(options.words) or '(no command)'}")
    _warn(ctx, options, mariadb)
    connection = connect(ctx.proc, options, options.password, mariadb)
    if isinstance(connection, str) and "ERROR 1045" not in connection:
        where = options.host or "localhost"
        reason = connection.partition(": ")[2].strip()
        ctx.err.write(f"mysqladmin: connect to server at '{where}' failed\nerror: '{reason}'\n")
        return 1
    if isinstance(connection, str):  # the server answered: it is alive, but says who may not
        reason = connection.partition(": ")[2].strip()
        ctx.err.write(
            f"mysqladmin: connect to server at '{options.host or 'localhost'}' failed\n"
            f"error: '{reason}'\n"
        )
        return 0
    ctx.write("mysqld is alive\n")
    return 0
